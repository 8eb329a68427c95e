{ pkgs, python, projectRoot }:
pkgs.mkShell {
  packages = [
    (python.withPackages (ps: [
      (ps.mkPythonEditablePackage {
        pname = "greeter";
        version = "0.3.1";
        root = "${projectRoot}/src";
        build-system = [ ps.hatchling ];
        dependencies = [ ps.requests ps.rich ];
        scripts = {
          greeter = "greeter.cli:main";
        };
      })
      ps.pytest
      ps.ruff
    ]))
  ];
}
