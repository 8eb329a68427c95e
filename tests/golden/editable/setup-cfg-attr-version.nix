{ ps, projectRoot }:
ps.mkPythonEditablePackage {
  pname = "buoy";
  version = "0";
  root = "${projectRoot}";
  build-system = [ ps.setuptools ];
  dependencies = [ ps.crcmod ps.pyserial ];
}
