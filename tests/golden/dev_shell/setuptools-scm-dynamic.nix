{ pkgs, python, projectRoot, lib }:
pkgs.mkShell {
  packages = [
    (python.withPackages (ps: [
      (ps.mkPythonEditablePackage {
        pname = "tidal-clock";
        version = "0";
        root = "${projectRoot}/src";
        build-system = [ ps.setuptools ps.setuptools-scm ];
        dependencies =
          [ ps.python-dateutil ]
          ++ lib.optionals (lib.versionOlder python.pythonVersion "3.10") [ ps.importlib-metadata ];
      })
    ]))
  ];
}
