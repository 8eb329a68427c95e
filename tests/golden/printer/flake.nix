{
  description = "example-client: a Python project packaged with pynix";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs =
    { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAllSystems = nixpkgs.lib.genAttrs systems;
    in
    {
      devShells = forAllSystems (
        system:
        let
          pkgs = nixpkgs.legacyPackages.${system};
        in
        {
          default = pkgs.mkShell {
            packages = [
              (pkgs.python3.withPackages (ps: [
                ps.requests
                ps.packaging
                ps.pytest
                ps.zope-interface
                ps.hatchling
              ]))
              pkgs.uv
            ];
          };
        }
      );
      packages."x86_64-linux".default =
        nixpkgs.legacyPackages.x86_64-linux.callPackage ./package.nix { };
    };
}
