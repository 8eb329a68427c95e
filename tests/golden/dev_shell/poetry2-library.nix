{ pkgs, python, projectRoot }:
pkgs.mkShell {
  packages = [
    (python.withPackages (ps: [
      (ps.mkPythonEditablePackage {
        pname = "lighthouse";
        version = "1.2.0";
        root = "${projectRoot}/src";
        build-system = [ ps.poetry-core ];
        dependencies = [ ps.requests ps.numpy ps.lighthouse-data ];
        scripts = {
          lighthouse = "lighthouse.cli:main";
        };
      })
      ps.pytest
      ps.hypothesis
    ]))
  ];
}
