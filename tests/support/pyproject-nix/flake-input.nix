# TEST STAND-IN for a `pyproject-nix` flake input (not part of pyproject.nix).
#
# What a generated flake's `outputs = { self, nixpkgs, pyproject-nix, ... }: ...` reads from its
# pyproject-nix input: `build.packages`. Evaluate a generated flake with
#   (import ./flake.nix).outputs {
#     self = { }; nixpkgs = import <the nixpkgs stand-in's flake-input.nix>;
#     pyproject-nix = import <this file>; pyproject-build-systems = import ./build-systems-input.nix;
#   }
import ./. { }
