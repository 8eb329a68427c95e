{ ps, projectRoot, lib, python }:
ps.mkPythonEditablePackage {
  pname = "tidal-clock";
  version = "0";
  root = "${projectRoot}";
  build-system = [ ps.setuptools ps.setuptools-scm ];
  dependencies =
    [ ps.python-dateutil ]
    ++ lib.optionals (lib.versionOlder python.pythonVersion "3.10") [ ps.importlib-metadata ];
}
