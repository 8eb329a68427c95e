# TEST STAND-IN for pyproject.nix's `build.packages` -- this is NOT pyproject.nix.
#
# Written for pynix's test suite from pyproject.nix's documented build
# interface (its manual, "Build": packages, resolving, cyclic dependencies,
# overriding, cross compilation), so that generated build sets can be evaluated
# with `nix-instantiate --eval --strict` without pyproject.nix and without
# building anything. Call it as pyproject.nix is called:
#
#   pythonSet = pkgs.callPackage pyproject-nix.build.packages { inherit python; };
#
# The result is a scope (nixpkgs' `makeScope` semantics):
#
# * `callPackage` fills a function's arguments from the scope, then from `pkgs`;
#   `overrideScope overlay` applies `final: prev: { ... }` as a fixed-point
#   extension (`lib.extends`), so an override reaches every package that looks
#   its dependencies up in `final`;
# * `python`, `pkgs`, `stdenv`; `pythonPkgsHostHost` and `pythonPkgsBuildHost`
#   are aliases of the scope itself (native builds only: no cross compilation);
# * the hooks `pyprojectHook`, `pyprojectWheelHook`, `pyprojectEditableHook`,
#   `pyprojectDistHook` as named records (`{ name = "pyproject-hook"; ... }`);
# * `resolveBuildSystem spec`: the packages `spec` (`{ name = [ extras ]; }`)
#   needs, following `passthru.dependencies` (and the optional dependencies or
#   dependency groups of the extras asked for) in `pythonPkgsBuildHost`, as a
#   list. Like pyproject.nix's, it does NOT support cycles -- where
#   pyproject.nix would recurse forever, the stand-in throws naming the cycle.
#   An empty spec means setuptools and wheel, as in pyproject.nix;
# * `resolveVirtualEnv spec`: the names of the flat closure of `spec`, cycle
#   aware (a `builtins.genericClosure` over `name` and `name@extra` keys);
#   an extra or group a package lacks throws;
# * `mkVirtualEnv name spec`: a plain record of the environment -- `names`
#   (sorted), `packages`, `versions`, `spec` -- that prints as a store path
#   (so `"${env}/bin/python"` works; select its attributes to see them).
#
# Packages themselves are made with the nixpkgs stand-in's `stdenv.mkDerivation`,
# which records its arguments.
{ lib }:
{
  python,
  pkgs,
  stdenv,
  # Accepted as pyproject.nix accepts them; the stand-in makes no cross builds.
  newScope ? null,
  buildPackages ? null,
}:
let
  inherit (builtins)
    attrNames
    concatMap
    concatStringsSep
    filter
    genericClosure
    sort
    lessThan
    listToAttrs
    ;

  storePath = name: "/nix/store/00000000000000000000000000000000-${name}";

  hook = name: {
    inherit name;
    builder = "makeSetupHook";
    __toString = self: storePath name;
  };

  # nixpkgs' makeScope, over the stand-in's callPackageWith: scope attributes first, then pkgs.
  makeScope =
    f:
    let
      self = f self // {
        callPackage = lib.callPackageWith (pkgs // self);
        newScope = extra: lib.callPackageWith (pkgs // self // extra);
        overrideScope = g: makeScope (lib.extends g f);
        packages = f;
      };
    in
    self;

  lookup =
    set: what: name:
    set.${name} or (throw "pyproject.nix stand-in: ${what}: no package '${name}' in the Python set");

  # The extras/groups table of `pkg` for `extra`, as both resolvers read it.
  extraTable =
    pkg: extra:
    let
      optional = pkg.passthru.optional-dependencies.${extra} or null;
      group = pkg.passthru.dependency-groups.${extra} or null;
    in
    if optional == null && group == null then
      throw "pyproject.nix stand-in: extra/group '${extra}' is neither an optional dependency nor a dependency group of ${pkg.pname or pkg.name}"
    else
      (if optional == null then { } else optional) // (if group == null then { } else group);

  base =
    final:
    let
      buildSet = final.pythonPkgsBuildHost;

      # Non-cyclic: `path` is the chain of names being resolved, to name a cycle.
      visit =
        path: name: extras:
        if builtins.elem name path then
          throw "pyproject.nix stand-in: resolveBuildSystem met a cycle: ${concatStringsSep " -> " (path ++ [ name ])} (pyproject.nix's build-system resolver does not support cycles)"
        else
          let
            pkg = lookup buildSet "resolveBuildSystem" name;
            deps = pkg.passthru.dependencies or { };
            follow = table: concatMap (n: visit (path ++ [ name ]) n table.${n}) (attrNames table);
          in
          [ name ] ++ follow deps ++ concatMap (extra: follow (extraTable pkg extra)) extras;

      resolveNames =
        spec:
        let
          wanted = if spec == { } then { setuptools = [ ]; wheel = [ ]; } else spec;
        in
        lib.unique (concatMap (n: visit [ ] n wanted.${n}) (attrNames wanted));

      entry = name: extra: {
        key = if extra == null then name else "${name}@${extra}";
        inherit name extra;
      };
      expand = table: concatMap (n: [ (entry n null) ] ++ map (entry n) table.${n}) (attrNames table);

      resolveVirtualEnv =
        spec:
        let
          closure = genericClosure {
            startSet = expand spec;
            operator =
              item:
              let
                pkg = lookup final "mkVirtualEnv" item.name;
              in
              if item.extra == null then
                expand (pkg.passthru.dependencies or { })
              else
                expand (extraTable pkg item.extra);
          };
        in
        sort lessThan (lib.unique (map (item: item.name) (filter (item: item.extra == null) closure)));
    in
    {
      inherit python pkgs stdenv;
      pythonPkgsHostHost = final;
      pythonPkgsBuildHost = final;

      pyprojectHook = hook "pyproject-hook";
      pyprojectWheelHook = hook "pyproject-wheel-hook";
      pyprojectEditableHook = hook "pyproject-editable-hook";
      pyprojectDistHook = hook "pyproject-dist-hook";
      pyprojectMakeVenvHook = hook "pyproject-make-venv-hook";

      resolveBuildSystem = spec: map (lookup buildSet "resolveBuildSystem") (resolveNames spec);
      inherit resolveVirtualEnv;

      mkVirtualEnv =
        name: spec:
        let
          names = resolveVirtualEnv spec;
          packages = map (lookup final "mkVirtualEnv") names;
        in
        {
          inherit
            name
            spec
            names
            packages
            ;
          builder = "mkVirtualEnv";
          pythonVersion = python.pythonVersion;
          system = stdenv.hostPlatform.system;
          versions = listToAttrs (
            map (pkg: {
              name = pkg.pname;
              value = pkg.version;
            }) packages
          );
          __toString = self: storePath name;
        };
    };
in
makeScope base
