{ python3 }:
python3.withPackages (ps: [ ps.click ps.iniconfig ps.packaging ps.pluggy ps.pygments ps.pytest ])
