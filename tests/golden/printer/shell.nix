{ pkgs ? import <nixpkgs> { } }:
pkgs.mkShell {
  packages = [
    (pkgs.python3.withPackages (ps: [
      ps.requests
      ps.urllib3
      ps.idna
      ps.certifi
      ps.charset-normalizer
      ps.packaging
      ps.pytest
      ps.zope-interface
    ]))
    pkgs.ruff
  ];
  shellHook = ''
    export PYTHONPATH=${builtins.toString ./src}:$PYTHONPATH
    echo ready
  '';
}
