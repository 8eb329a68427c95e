{ ps, projectRoot }:
ps.mkPythonEditablePackage {
  pname = "lighthouse";
  version = "1.2.0";
  root = "${projectRoot}";
  build-system = [ ps.poetry-core ];
  dependencies = [ ps.requests ps.numpy ps.lighthouse-data ];
  scripts = {
    lighthouse = "lighthouse.cli:main";
  };
}
