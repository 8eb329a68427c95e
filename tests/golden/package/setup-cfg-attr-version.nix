{ throw }:
{ lib, buildPythonPackage, setuptools, crcmod, pyserial }:
buildPythonPackage {
  pname = "buoy";
  # The project's version is dynamic (computed by the build backend): write it here.
  version = throw "pynix: set the version in package.nix";
  pyproject = true;
  src = lib.cleanSource ./.;
  build-system = [ setuptools ];
  dependencies = [ crcmod pyserial ];
  pythonImportsCheck = [ "buoy" ];
  meta = {
    description = "Buoy telemetry decoder";
  };
}
