# TEST STAND-IN for a `pyproject-build-systems` flake input (github:pyproject-nix/build-system-pkgs):
# its `overlays.wheel`, `overlays.sdist` and `overlays.default` (see build-systems.nix).
{
  overlays = import ./build-systems.nix { lib = import ../nixpkgs/lib.nix; };
}
