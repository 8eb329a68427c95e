{
  lib,
  buildPythonPackage,
  pythonOlder,
  pytestCheckHook,
  poetry-core,
  requests,
  numpy,
  lighthouse-data,
  matplotlib,
  hypothesis,
}:
buildPythonPackage {
  pname = "lighthouse";
  version = "1.2.0";
  pyproject = true;
  disabled = pythonOlder "3.10";
  src = lib.cleanSource ./.;
  build-system = [ poetry-core ];
  dependencies = [ requests numpy lighthouse-data ];
  optional-dependencies = {
    plot = [ matplotlib ];
  };
  nativeCheckInputs = [ pytestCheckHook hypothesis ];
  pythonImportsCheck = [ "lighthouse" ];
  meta = {
    description = "Beacon timing calculations";
    license = lib.licenses.mit;
    mainProgram = "lighthouse";
  };
}
