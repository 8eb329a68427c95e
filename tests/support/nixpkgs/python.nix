# TEST STAND-IN for nixpkgs' Python interpreters and builders -- NOT nixpkgs.
#
# An interpreter has nixpkgs' attributes (`pythonVersion`, `implementation`,
# `isPy3k`, `pkgs`, `withPackages`, `buildEnv`, `override`, ...). Its package
# set is a fixed point built with `lib.fix` and `lib.extends`, so
# `python.override { packageOverrides = final: prev: { ... }; }` replaces a
# package for every package that depends on it, as in nixpkgs; the top-level
# `pythonPackagesExtensions` list applies to every interpreter.
{ lib }:
let
  printable = import ./printable.nix;

  # The Python dependencies of a package, as nixpkgs propagates them.
  pythonDependencies =
    package: builtins.filter (p: p != null) ((package.dependencies or [ ]) ++ (package.propagatedBuildInputs or [ ]));

  # What `withPackages` returns: the environment, recording the whole closure of
  # what was asked for (following `dependencies` and `propagatedBuildInputs`).
  environment =
    python: requested:
    let
      item = package: {
        key = package.name or (toString package);
        inherit package;
      };
      closure = builtins.genericClosure {
        startSet = map item (builtins.filter (p: p != null) requested);
        operator = entry: map item (pythonDependencies entry.package);
      };
      packages = map (entry: entry.package) closure;
      pnames = builtins.sort builtins.lessThan (map (p: p.pname or p.name) packages);
    in
    {
      name = "python3-${python.version}-env";
      builder = "withPackages";
      python = toString python;
      inherit (python) pythonVersion;
      requested = map (p: p.pname or p.name) (builtins.filter (p: p != null) requested);
      inherit packages pnames;
      versions = builtins.listToAttrs (
        map (p: {
          name = p.pname or p.name;
          value = p.version or null;
        }) packages
      );
      env = {
        name = "interactive-python3-${python.version}-environment";
        builder = "withPackages.env";
      };
    };

  # buildPythonPackage / buildPythonApplication: a record of every argument.
  #
  # As in nixpkgs (mk-python-derivation.nix): `pyproject` and `format` exclude each other,
  # and the formats that build or install a wheel ("pyproject", "setuptools", "wheel") get
  # a second output, `dist`, holding the wheel (pythonOutputDistHook); here `dist` is a
  # small record naming the package it belongs to.
  pythonPackage =
    { python, application }:
    args0:
    let
      args = if builtins.isFunction args0 then lib.fix args0 else args0;
      builder = if application then "buildPythonApplication" else "buildPythonPackage";
      pyproject = args.pyproject or null;
      format =
        if pyproject != null then
          (if pyproject then "pyproject" else "other")
        else
          args.format or "setuptools";
      withDist = builtins.elem format [
        "pyproject"
        "setuptools"
        "wheel"
      ];
      name = args.name or "${python.libPrefix}-${args.pname}-${args.version}";
    in
    if !(args ? pyproject || args ? format) then
      throw "nixpkgs stand-in: ${builder} for ${args.pname or "?"} needs `pyproject = true;` or `format`"
    else if pyproject != null && (args.format or null) != null then
      throw "nixpkgs stand-in: ${builder} for ${args.pname or "?"} sets both `pyproject` and `format`"
    else
      args
      // {
        inherit name builder;
        pythonModule = python.libPrefix;
        dependencies = args.dependencies or [ ];
        build-system = args.build-system or [ ];
        optional-dependencies = args.optional-dependencies or { };
        meta = args.meta or { };
        outputs = (args.outputs or [ "out" ]) ++ lib.optional withDist "dist";
        overridePythonAttrs = printable "overridePythonAttrs" (
          f: pythonPackage { inherit python application; } (args // (if builtins.isFunction f then f args else f))
        );
      }
      // lib.optionalAttrs withDist {
        dist = {
          name = "${name}-dist";
          builder = "pythonOutputDistHook";
        };
      }
      // (args.passthru or { });

  # nixpkgs' mkPythonEditablePackage: the project installed in place from `root`.
  editablePackage =
    python:
    {
      pname,
      version,
      root,
      ...
    }@args:
    args
    // {
      name = "${python.libPrefix}-${pname}-${version}";
      builder = "mkPythonEditablePackage";
      pythonModule = python.libPrefix;
      dependencies = args.dependencies or [ ];
      build-system = args.build-system or [ ];
      optional-dependencies = args.optional-dependencies or { };
      scripts = args.scripts or { };
    };

  interpreter =
    {
      pkgs,
      attr,
      version,
      packageOverrides ? (final: prev: { }),
      self ? null,
      implementation ? "cpython",
    }@args:
    let
      parts = builtins.splitVersion version;
      pythonVersion = "${builtins.elemAt parts 0}.${builtins.elemAt parts 1}";
      python = {
        pname = "python3";
        inherit version pythonVersion;
        name = "python3-${version}";
        pythonAttr = attr;
        inherit implementation;
        isPy3k = true;
        isPyPy = implementation == "pypy";
        libPrefix = "python${pythonVersion}";
        executable = "python${pythonVersion}";
        sitePackages = "lib/python${pythonVersion}/site-packages";
        pythonOlder = lib.versionOlder pythonVersion;
        pythonAtLeast = lib.versionAtLeast pythonVersion;
        pkgs = lib.fix (
          lib.extends (lib.composeManyExtensions (pkgs.pythonPackagesExtensions ++ [ packageOverrides ])) (
            import ./python-packages.nix {
              inherit lib pkgs python;
              buildPythonPackage = pythonPackage {
                inherit python;
                application = false;
              };
              buildPythonApplication = pythonPackage {
                inherit python;
                application = true;
              };
              mkPythonEditablePackage = editablePackage python;
            }
          )
        );
        withPackages = select: environment python (select python.pkgs);
        buildEnv = lib.makeOverridable ({ extraLibs ? [ ], ... }: environment python extraLibs) { };
        # `packageOverrides` is replaced, not merged, as in nixpkgs.
        override = changes: interpreter (args // changes);
        # Printed (and interpolated) as a store path, like a real derivation.
        __toString = self: "/nix/store/00000000000000000000000000000000-python3-${version}";
      };
    in
    python;
in
{
  inherit interpreter;
}
