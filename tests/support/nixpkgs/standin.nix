# TEST STAND-IN helpers (not part of nixpkgs), available as `pkgs.standin`.
#
# `builtins` with the fetchers that would reach the network replaced by
# recorders, and `import`, which evaluates a file with those builtins in scope
# (through `scopedImport`: it reaches the file itself, not the files it imports).
{ lib }:
let
  record = fetcher: args: { inherit fetcher; } // (if builtins.isAttrs args then args else { url = args; });
  fetchers = {
    fetchGit = record "builtins.fetchGit";
    fetchTarball = record "builtins.fetchTarball";
    fetchurl = record "builtins.fetchurl";
  };
  standinBuiltins = builtins // fetchers;
in
{
  isStandIn = true;
  builtins = standinBuiltins;
  import = path: scopedImport ({ builtins = standinBuiltins; } // fetchers) path;
}
