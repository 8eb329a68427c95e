final: prev: {
  python3 = prev.python3.override {
    packageOverrides = pyfinal: pyprev: {
      requests = pyprev.requests.overridePythonAttrs (old: {
        version = "2.32.3";
        src = final.fetchurl {
          url = "https://files.pythonhosted.org/packages/source/r/requests/requests-2.32.3.tar.gz";
          hash = "sha256-VTZUF3NOsYJVWQqf+euX6eHaho1MzWQCOZ6vaK8gp2A=";
        };
        dependencies = old.dependencies or [ ] ++ [ pyfinal.idna ];
      });
    };
    self = final.python3;
  };
}
