{ pkgs, python, projectRoot }:
pkgs.mkShell {
  packages = [
    (python.withPackages (ps: [
      (ps.mkPythonEditablePackage {
        pname = "buoy";
        version = "0";
        root = "${projectRoot}/src";
        build-system = [ ps.setuptools ];
        dependencies = [ ps.crcmod ps.pyserial ];
      })
    ]))
  ];
}
