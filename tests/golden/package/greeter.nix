{ lib, buildPythonPackage, pythonOlder, pytestCheckHook, hatchling, requests, rich }:
buildPythonPackage {
  pname = "greeter";
  version = "0.3.1";
  pyproject = true;
  disabled = pythonOlder "3.11";
  src = lib.cleanSource ./.;
  build-system = [ hatchling ];
  dependencies = [ requests rich ];
  optional-dependencies = {
    socks = [ requests ] ++ requests.optional-dependencies.socks;
  };
  nativeCheckInputs = [ pytestCheckHook ];
  pythonImportsCheck = [ "greeter" ];
  meta = {
    description = "Greets people over HTTP, politely and in colour";
    homepage = "https://example.org/greeter";
    changelog = "https://example.org/greeter/changes";
    license = lib.licenses.mit;
    mainProgram = "greeter";
  };
}
