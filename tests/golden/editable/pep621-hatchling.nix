{ ps, projectRoot, lib, python }:
ps.mkPythonEditablePackage {
  pname = "weather-report";
  version = "2.4.1";
  root = "${projectRoot}";
  build-system = [ ps.hatchling ps.hatch-vcs ];
  dependencies =
    [ ps.httpx ps.rich ps.platformdirs ]
    ++ lib.optionals (lib.versionOlder python.pythonVersion "3.11") [ ps.tomli ];
  scripts = {
    weather = "weather_report.cli:main";
  };
  gui-scripts = {
    weather-gui = "weather_report.gui:run";
  };
  entry-points = {
    "weather_report.renderers" = {
      table = "weather_report.render:Table";
      json = "weather_report.render:Json";
    };
  };
}
