# TEST STAND-IN for the pyproject.nix flake's outputs that pynix's generated files read -- NOT
# pyproject.nix. `build.packages` is the scope function of packages.nix (see there).
{
  lib ? import ../nixpkgs/lib.nix,
}:
{
  build.packages = import ./packages.nix { inherit lib; };
}
