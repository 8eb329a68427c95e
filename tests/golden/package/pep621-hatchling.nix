{
  lib,
  stdenv,
  buildPythonPackage,
  pythonOlder,
  pytestCheckHook,
  hatchling,
  hatch-vcs,
  httpx,
  rich,
  platformdirs,
  tomli,
  matplotlib,
  numpy,
  shapely,
  pyproj,
  respx,
  mypy,
  types-requests,
}:
buildPythonPackage {
  pname = "weather-report";
  version = "2.4.1";
  pyproject = true;
  disabled = pythonOlder "3.10";
  src = lib.cleanSource ./.;
  build-system = [ hatchling hatch-vcs ];
  dependencies = [ httpx rich platformdirs ] ++ lib.optionals (pythonOlder "3.11") [ tomli ];
  optional-dependencies = {
    plotting = [ matplotlib numpy ];
    maps = [ shapely ] ++ lib.optionals (stdenv.hostPlatform.system != "armv7l-linux") [ pyproj ];
  };
  nativeCheckInputs = [ pytestCheckHook respx mypy types-requests ];
  pythonImportsCheck = [ "weather_report" ];
  meta = {
    description = "Fetch forecasts and render them as tables";
    homepage = "https://example.org/weather-report";
    changelog = "https://example.org/weather-report/changes";
    license = [ lib.licenses.asl20 lib.licenses.mit ];
  };
}
