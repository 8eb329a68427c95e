{
  lib,
  buildPythonPackage,
  pythonOlder,
  pytestCheckHook,
  pdm-backend,
  fastapi,
  sqlalchemy,
  ferry-common,
  stripe,
  ferry-testkit,
  ferry-fixtures,
}:
buildPythonPackage {
  pname = "ferry-booking";
  version = "3.0.0";
  pyproject = true;
  disabled = pythonOlder "3.11";
  src = lib.cleanSource ./.;
  build-system = [ pdm-backend ];
  dependencies = [ fastapi sqlalchemy ferry-common ] ++ sqlalchemy.optional-dependencies.asyncio;
  optional-dependencies = {
    payments = [ stripe ];
  };
  nativeCheckInputs = [ pytestCheckHook ferry-testkit ferry-fixtures ];
  pythonImportsCheck = [ "ferry_booking" ];
  meta = {
    description = "Ticketing backend for island ferries";
  };
}
