{ pkgs, python }:
let
  inherit (pkgs) lib;
  env = python.withPackages (ps: [ ps.httpx ps.rich ]);
in
pkgs.writeScriptBin "weather" ("#!${lib.getExe' env "python"}\n" + builtins.readFile ./weather.py)
