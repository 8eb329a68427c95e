{ python3 }: python3.withPackages (ps: [ ps.requests ps.numpy ps.lighthouse-data ps.matplotlib ])
