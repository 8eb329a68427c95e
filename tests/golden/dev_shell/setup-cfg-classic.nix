{ pkgs, python, projectRoot, lib }:
pkgs.mkShell {
  packages = [
    (python.withPackages (ps: [
      (ps.mkPythonEditablePackage {
        pname = "anchor-chain";
        version = "1.8.2";
        root = "${projectRoot}/src";
        build-system = [ ps.setuptools ps.wheel ps.cython ps.setuptools-scm ];
        dependencies =
          [ ps.numpy ps.scipy ]
          ++ lib.optionals (lib.versionOlder python.pythonVersion "3.10") [ ps.typing-extensions ];
        scripts = {
          anchor-chain = "anchor_chain.cli:main";
        };
        gui-scripts = {
          anchor-chain-gui = "anchor_chain.gui:main";
        };
        entry-points = {
          "anchor_chain.materials" = {
            steel = "anchor_chain.materials:Steel";
          };
        };
      })
    ]))
  ];
}
