{ python3 }:
python3.withPackages (ps: [ ps.requests ps.rich ] ++ ps.requests.optional-dependencies.socks)
