{ throw }:
{
  lib,
  buildPythonPackage,
  pythonOlder,
  setuptools,
  setuptools-scm,
  python-dateutil,
  importlib-metadata,
  sphinx,
  furo,
}:
buildPythonPackage rec {
  pname = "tidal-clock";
  # The project's version is dynamic (computed by the build backend): write it here.
  version = throw "pynix: set the version in package.nix";
  pyproject = true;
  disabled = pythonOlder "3.9";
  src = lib.cleanSource ./.;
  build-system = [ setuptools setuptools-scm ];
  env.SETUPTOOLS_SCM_PRETEND_VERSION = version;
  dependencies = [ python-dateutil ] ++ lib.optionals (pythonOlder "3.10") [ importlib-metadata ];
  optional-dependencies = {
    docs = [ sphinx furo ];
  };
  pythonImportsCheck = [ "tidal_clock" ];
  meta = {
    description = "Tide tables for harbour towns";
    license = lib.licenses.bsd3;
  };
}
