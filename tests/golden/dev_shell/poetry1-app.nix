{ pkgs, python, projectRoot, lib }:
pkgs.mkShell {
  packages = [
    (python.withPackages (
      ps:
      [
        (ps.mkPythonEditablePackage {
          pname = "harbour-master";
          version = "0.9.3";
          root = "${projectRoot}/src";
          build-system = [ ps.poetry-core ];
          dependencies =
            [
              ps.django
              ps.celery
              ps.pendulum
              ps.pyyaml
              ps.numpy
              ps.harbour-core
              ps.tides
              ps.charts
              ps.internal-auth
            ]
            ++ ps.celery.optional-dependencies.redis;
          scripts = {
            harbour = "harbour_master.cli:main";
            harbour-admin = "harbour_master.admin:main [postgres]";
          };
          entry-points = {
            "harbour.hooks" = {
              audit = "harbour_master.audit:hook";
            };
          };
        })
        ps.pytest
        ps.pytest-django
        ps.mkdocs
      ]
      ++ lib.optionals (python.implementation == "cpython") [ ps.mkdocs-material ]
    ))
  ];
}
