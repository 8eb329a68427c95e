# TEST STAND-IN for pyproject-build-systems (github:pyproject-nix/build-system-pkgs) -- NOT it.
#
# pyproject.nix's `build.packages` is an empty scope: the build systems that
# lock files do not record come from a separate overlay, which the real project
# publishes as `overlays.wheel` (prebuilt wheels), `overlays.sdist` and
# `overlays.default`. This stand-in offers the same three names over a handful
# of common build backends, with their run-time dependencies in
# `passthru.dependencies` as pyproject.nix expects, so that
# `resolveBuildSystem { hatchling = [ ]; }` has a closure to follow.
# Versions are plausible; files are never fetched (fetchurl records).
{ lib }:
let
  # name -> [ version, dependencies ]
  catalogue = {
    setuptools = [ "75.8.0" { } ];
    wheel = [ "0.45.1" { } ];
    packaging = [ "24.2" { } ];
    pathspec = [ "0.12.1" { } ];
    pluggy = [ "1.5.0" { } ];
    trove-classifiers = [ "2025.1.15.22" { } ];
    hatchling = [
      "1.27.0"
      {
        packaging = [ ];
        pathspec = [ ];
        pluggy = [ ];
        trove-classifiers = [ ];
      }
    ];
    editables = [ "0.5" { } ];
    flit-core = [ "3.10.1" { } ];
    pdm-backend = [ "2.4.3" { } ];
    poetry-core = [ "2.0.1" { } ];
    setuptools-scm = [
      "8.1.0"
      {
        packaging = [ ];
        setuptools = [ ];
      }
    ];
  };

  overlay =
    kind: final: prev:
    builtins.mapAttrs (
      name: spec:
      final.callPackage (
        {
          stdenv,
          fetchurl,
          pyprojectHook,
          pyprojectWheelHook,
          resolveBuildSystem,
        }:
        let
          version = builtins.elemAt spec 0;
          file = builtins.replaceStrings [ "-" ] [ "_" ] name;
        in
        stdenv.mkDerivation {
          pname = name;
          inherit version;
          src = fetchurl {
            url =
              "https://files.example/build-systems/${file}-${version}"
              + (if kind == "wheel" then "-py3-none-any.whl" else ".tar.gz");
            hash = lib.fakeHash;
          };
          nativeBuildInputs =
            if kind == "wheel" then
              [ pyprojectWheelHook ]
            else
              [ pyprojectHook ]
              # flit-core builds itself; everything else with flit-core, as a bootstrap would.
              ++ (if name == "flit-core" then [ ] else resolveBuildSystem { flit-core = [ ]; });
          passthru.dependencies = builtins.elemAt spec 1;
        }
      ) { }
    ) catalogue;
in
{
  wheel = overlay "wheel";
  sdist = overlay "sdist";
  default = overlay "sdist";
}
