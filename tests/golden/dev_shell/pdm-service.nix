{ pkgs, python, projectRoot }:
pkgs.mkShell {
  packages = [
    (python.withPackages (ps: [
      (ps.mkPythonEditablePackage {
        pname = "ferry-booking";
        version = "3.0.0";
        root = "${projectRoot}/src";
        build-system = [ ps.pdm-backend ];
        dependencies =
          [ ps.fastapi ps.sqlalchemy ps.ferry-common ]
          ++ ps.sqlalchemy.optional-dependencies.asyncio;
      })
      ps.ruff
      ps.mypy
      ps.pytest
      ps.ferry-testkit
      ps.ferry-fixtures
      ps.ferry-devtools
    ]))
  ];
}
