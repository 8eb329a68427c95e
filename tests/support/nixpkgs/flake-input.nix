# TEST STAND-IN for a `nixpkgs` flake input (not part of nixpkgs).
#
# What a generated flake's `outputs = { self, nixpkgs, ... }: ...` reads from
# its nixpkgs input: `lib` and `legacyPackages.<system>` for the four systems.
# Evaluate a generated flake with
#   (import ./flake.nix).outputs { self = { }; nixpkgs = import <this file>; }
let
  lib = import ./lib.nix;
in
{
  inherit lib;
  legacyPackages = lib.genAttrs lib.systems.flakeExposed (system: import ./. { inherit system; });
}
