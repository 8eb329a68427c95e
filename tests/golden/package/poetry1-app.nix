{
  lib,
  buildPythonPackage,
  pythonOlder,
  pythonAtLeast,
  poetry-core,
  django,
  celery,
  pendulum,
  pyyaml,
  numpy,
  harbour-core,
  tides,
  charts,
  internal-auth,
  sentry-sdk,
  psycopg,
}:
buildPythonPackage {
  pname = "harbour-master";
  version = "0.9.3";
  pyproject = true;
  disabled = pythonOlder "3.9" || pythonAtLeast "4.0";
  src = lib.cleanSource ./.;
  build-system = [ poetry-core ];
  dependencies =
    [ django celery pendulum pyyaml numpy harbour-core tides charts internal-auth ]
    ++ celery.optional-dependencies.redis;
  optional-dependencies = {
    monitoring = [ sentry-sdk ];
    postgres = [ psycopg ] ++ psycopg.optional-dependencies.binary;
  };
  pythonImportsCheck = [ "harbour_master" ];
  meta = {
    description = "Schedules berths and pilots for a small port";
    homepage = "https://example.org/harbour";
    license = lib.licenses.gpl3Plus;
  };
}
