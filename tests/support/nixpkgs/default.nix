# TEST STAND-IN for nixpkgs -- this is NOT nixpkgs.
#
# pynix's tests evaluate generated Nix files against this small imitation of
# the parts of nixpkgs they use, with `nix-instantiate --eval --strict --json`:
# no nixpkgs checkout, no network, no builds. Names and argument conventions
# follow nixpkgs' documented interfaces (the nixpkgs manual's Python section,
# lib, stdenv, fetchers); what they return is different on purpose:
#
# * "derivations" are plain attribute sets recording every argument they were
#   given (never `type = "derivation"`, no `outPath`), so JSON shows them
#   whole and tests can assert on them;
# * functions carried inside such records (`override`, `overridePythonAttrs`)
#   print as "<function NAME>" in JSON (see printable.nix);
# * interpreters print as a fake store path, so that `"${python}/bin/python"`
#   works and printing never recurses into `python.pkgs`.
#
# Usage: `import ./tests/support/nixpkgs { system = "aarch64-darwin"; }`;
# `overlays` and `config` are accepted as nixpkgs accepts them.
{
  system ? "x86_64-linux",
  overlays ? [ ],
  config ? { },
}:
let
  lib = import ./lib.nix;
  printable = import ./printable.nix;
  hostPlatform = lib.systems.elaborate system;
  python = import ./python.nix { inherit lib; };

  # A non-Python package that is only referred to by name.
  stub = pname: version: {
    inherit pname version;
    name = "${pname}-${version}";
  };

  requireHash =
    fetcher: args: record:
    if args ? hash || args ? sha256 || args ? sha512 || args ? outputHash then
      record
    else
      throw "nixpkgs stand-in: ${fetcher} needs a hash (hash = lib.fakeHash; to find it)";

  base = final: {
    inherit lib system config;
    pkgs = final;
    callPackage = lib.callPackageWith final;
    standin = import ./standin.nix { inherit lib; };

    stdenv = rec {
      inherit hostPlatform system;
      buildPlatform = hostPlatform;
      targetPlatform = hostPlatform;
      # Deprecated aliases that nixpkgs still provides.
      inherit (hostPlatform) isLinux isDarwin;
      cc =
        stub (if hostPlatform.isDarwin then "clang-wrapper" else "gcc-wrapper") "13.3.0"
        // {
          isClang = hostPlatform.isDarwin;
          cc = stub (if hostPlatform.isDarwin then "clang" else "gcc") "13.3.0" // {
            lib = stub (if hostPlatform.isDarwin then "clang-lib" else "gcc-lib") "13.3.0";
          };
        };
      mkDerivation =
        args0:
        let
          args = if builtins.isFunction args0 then lib.fix args0 else args0;
        in
        args
        // {
          name = args.name or "${args.pname}-${args.version}";
          inherit system;
          builder = "stdenv.mkDerivation";
          overrideAttrs = printable "overrideAttrs" (
            f: mkDerivation (args // (if builtins.isFunction f then f args else f))
          );
        }
        // (args.passthru or { });
    };

    fetchurl =
      args:
      requireHash "fetchurl" args (
        {
          fetcher = "fetchurl";
          url = args.url or (builtins.head args.urls);
        }
        // args
      );
    fetchzip = args: requireHash "fetchzip" args ({ fetcher = "fetchzip"; } // args);
    fetchgit =
      { url, rev ? null, tag ? null, ... }@args:
      requireHash "fetchgit" args ({ fetcher = "fetchgit"; } // args);
    fetchFromGitHub =
      { owner, repo, rev ? null, tag ? null, ... }@args:
      requireHash "fetchFromGitHub" args (
        {
          fetcher = "fetchFromGitHub";
          url = "https://github.com/${owner}/${repo}/archive/${
            if rev != null then rev else "refs/tags/${tag}"
          }.tar.gz";
        }
        // args
      );
    # PyPI's stable URLs, as nixpkgs' fetchPypi computes them.
    fetchPypi =
      {
        pname,
        version,
        format ? "setuptools",
        ...
      }@args:
      let
        first = builtins.substring 0 1 pname;
        sdist = "https://files.pythonhosted.org/packages/source/${first}/${pname}/${pname}-${version}.${
          args.extension or "tar.gz"
        }";
        python = args.python or "py2.py3";
        wheel = "https://files.pythonhosted.org/packages/${args.dist or python}/${first}/${pname}/${pname}-${version}-${python}-${
          args.abi or "none"
        }-${args.platform or "any"}.whl";
      in
      final.fetchurl (
        {
          url = if format == "wheel" then wheel else sdist;
        }
        // builtins.removeAttrs args [
          "pname"
          "version"
          "format"
          "extension"
          "dist"
          "python"
          "abi"
          "platform"
        ]
      )
      // {
        fetcher = "fetchPypi";
      };

    mkShell =
      args:
      args
      // {
        name = args.name or "nix-shell";
        builder = "mkShell";
        # nixpkgs merges `packages` into `nativeBuildInputs`.
        nativeBuildInputs = (args.nativeBuildInputs or [ ]) ++ (args.packages or [ ]);
        shellHook = args.shellHook or "";
      };

    dockerTools = {
      buildLayeredImage =
        { name, tag ? null, ... }@args:
        args
        // {
          builder = "dockerTools.buildLayeredImage";
          imageName = name;
          imageTag = tag;
        };
      buildImage =
        { name, tag ? null, ... }@args:
        args
        // {
          builder = "dockerTools.buildImage";
          imageName = name;
          imageTag = tag;
        };
    };

    # Non-Python packages that generated files refer to by name.
    autoPatchelfHook = stub "auto-patchelf-hook" "0";
    makeWrapper = stub "make-wrapper" "0";
    pkg-config = stub "pkg-config-wrapper" "0.29.2";
    zlib = stub "zlib" "1.3.1";
    openssl = stub "openssl" "3.0.14";
    libffi = stub "libffi" "3.4.6";
    git = stub "git" "2.46.0";
    uv = stub "uv" "0.4.9";
    ruff = stub "ruff" "0.6.4";

    # Python: interpreters and their package sets (python.nix, python-packages.nix).
    pythonPackagesExtensions = [ ];
    python311 = python.interpreter {
      pkgs = final;
      attr = "python311";
      version = "3.11.9";
    };
    python312 = python.interpreter {
      pkgs = final;
      attr = "python312";
      version = "3.12.5";
    };
    python313 = python.interpreter {
      pkgs = final;
      attr = "python313";
      version = "3.13.0";
    };
    python314 = python.interpreter {
      pkgs = final;
      attr = "python314";
      version = "3.14.0";
    };
    python3 = final.python312;
    python3Packages = final.python3.pkgs;
    python311Packages = final.python311.pkgs;
    python312Packages = final.python312.pkgs;
    python313Packages = final.python313.pkgs;
    python314Packages = final.python314.pkgs;
  };
in
lib.fix (builtins.foldl' (f: overlay: lib.extends overlay f) base overlays)
