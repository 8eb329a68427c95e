{ pkgs, python, projectRoot, lib }:
pkgs.mkShell {
  packages = [
    (python.withPackages (ps: [
      (ps.mkPythonEditablePackage {
        pname = "weather-report";
        version = "2.4.1";
        root = "${projectRoot}/src";
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
      })
      ps.pytest
      ps.respx
      ps.mypy
      ps.types-requests
      ps.ruff
      ps.ipython
    ]))
  ];
}
