{ ps, projectRoot }:
ps.mkPythonEditablePackage {
  pname = "ferry-booking";
  version = "3.0.0";
  root = "${projectRoot}";
  build-system = [ ps.pdm-backend ];
  dependencies =
    [ ps.fastapi ps.sqlalchemy ps.ferry-common ] ++ ps.sqlalchemy.optional-dependencies.asyncio;
}
