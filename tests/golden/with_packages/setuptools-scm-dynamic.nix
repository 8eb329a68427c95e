{ python3, lib }:
python3.withPackages (
  ps:
  [ ps.python-dateutil ps.sphinx ps.furo ]
  ++ lib.optionals (lib.versionOlder python3.pythonVersion "3.10") [ ps.importlib-metadata ]
)
