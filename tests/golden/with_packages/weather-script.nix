{ python3 }: python3.withPackages (ps: [ ps.httpx ps.rich ])
