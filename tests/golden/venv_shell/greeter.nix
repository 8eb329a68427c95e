{ pkgs, python }:
pkgs.mkShell {
  name = "greeter-venv";
  venvDir = "./.venv";
  buildInputs = [ python python.pkgs.venvShellHook ];
  postVenvCreation = ''
    unset SOURCE_DATE_EPOCH
    pip install -e '.[socks]'
  '';
  postShellHook = ''
    # pip builds wheels, whose zip format rejects the timestamps Nix sets
    unset SOURCE_DATE_EPOCH
  '';
}
