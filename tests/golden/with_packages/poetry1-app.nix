{ python3 }:
python3.withPackages (
  ps:
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
    ps.sentry-sdk
    ps.psycopg
  ]
  ++ ps.celery.optional-dependencies.redis
  ++ ps.psycopg.optional-dependencies.binary
)
