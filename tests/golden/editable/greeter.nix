{ ps, projectRoot }:
ps.mkPythonEditablePackage {
  pname = "greeter";
  version = "0.3.1";
  root = "${projectRoot}";
  build-system = [ ps.hatchling ];
  dependencies = [ ps.requests ps.rich ];
  scripts = {
    greeter = "greeter.cli:main";
  };
}
