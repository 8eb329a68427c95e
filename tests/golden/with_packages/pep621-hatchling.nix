{ python3, lib, stdenv }:
python3.withPackages (
  ps:
  [ ps.httpx ps.rich ps.platformdirs ps.matplotlib ps.numpy ps.shapely ]
  ++ lib.optionals (lib.versionOlder python3.pythonVersion "3.11") [ ps.tomli ]
  ++ lib.optionals (stdenv.hostPlatform.system != "armv7l-linux") [ ps.pyproj ]
)
