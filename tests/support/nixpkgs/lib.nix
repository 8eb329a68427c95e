# TEST STAND-IN for nixpkgs' `lib` -- this is NOT nixpkgs.
#
# A small, self-contained subset of `lib` with nixpkgs' names and semantics,
# written for pynix's test suite so that generated Nix files can be evaluated
# with `nix-instantiate --eval --strict` without a nixpkgs checkout and without
# network access. Only what generated files and the tests use is here.
let
  platforms = import ./platforms.nix;

  lib = {
    # Fixed points and overlays, as in nixpkgs' lib/fixed-points.nix.
    fix =
      f:
      let
        x = f x;
      in
      x;
    extends =
      overlay: f: final:
      let
        prev = f final;
      in
      prev // overlay final prev;
    composeExtensions =
      f: g: final: prev:
      let
        fApplied = f final prev;
        prev' = prev // fApplied;
      in
      fApplied // g final prev';
    composeManyExtensions = builtins.foldl' lib.composeExtensions (final: prev: { });

    # `f args`, plus `override` to call `f` again with some arguments replaced.
    makeOverridable =
      f: args:
      let
        result = f args;
        again = changes: lib.makeOverridable f (args // (if builtins.isFunction changes then changes args else changes));
      in
      if builtins.isAttrs result then result // { override = (import ./printable.nix) "override" again; } else result;
    # Call a function, filling its formal arguments from `autoArgs` (nixpkgs' callPackage).
    callPackageWith =
      autoArgs: fn: args:
      let
        f = if builtins.isFunction fn then fn else import fn;
      in
      lib.makeOverridable f (builtins.intersectAttrs (builtins.functionArgs f) autoArgs // args);

    # Assertions (lib/asserts.nix): `assert lib.assertMsg cond "message"; …` fails with the message.
    assertMsg = pred: msg: pred || builtins.throw msg;

    # Lists and attribute sets.
    optional = cond: elem: if cond then [ elem ] else [ ];
    optionals = cond: elems: if cond then elems else [ ];
    optionalAttrs = cond: attrs: if cond then attrs else { };
    optionalString = cond: string: if cond then string else "";
    genAttrs =
      names: f:
      builtins.listToAttrs (
        map (name: {
          inherit name;
          value = f name;
        }) names
      );
    attrVals = names: attrs: map (name: attrs.${name}) names;
    inherit (builtins)
      mapAttrs
      attrValues
      attrNames
      concatMap
      concatLists
      filter
      elem
      foldl'
      concatStringsSep
      listToAttrs
      ;
    unique = builtins.foldl' (acc: x: if builtins.elem x acc then acc else acc ++ [ x ]) [ ];
    # The path of a package's executable (lib/meta.nix). Stand-in packages have no store
    # path, so it is made up from the package's name.
    getExe' = x: y: "/nix/store/00000000000000000000000000000000-${x.name}/bin/${y}";
    getExe = x: lib.getExe' x (x.meta.mainProgram or x.pname or x.name);
    makeLibraryPath =
      packages: builtins.concatStringsSep ":" (map (p: "/nix/store/stand-in-${p.name}/lib") packages);

    # Versions.
    versionOlder = v1: v2: builtins.compareVersions v2 v1 == 1;
    versionAtLeast = v1: v2: !(lib.versionOlder v1 v2);
    versions = {
      major = v: builtins.elemAt (builtins.splitVersion v) 0;
      majorMinor = v: builtins.concatStringsSep "." (lib.take 2 (builtins.splitVersion v));
    };
    take = n: list: builtins.genList (builtins.elemAt list) (if n < builtins.length list then n else builtins.length list);

    # Files and sources: identity-ish, since the tests never build anything.
    cleanSource = src: src;
    cleanSourceWith = { src, ... }: src;
    sources = {
      inherit (lib) cleanSource cleanSourceWith;
    };
    fileset = {
      toSource = { root, fileset }: root;
      unions = filesets: filesets;
      gitTracked = root: root;
      maybeMissing = path: path;
    };
    importTOML = path: builtins.fromTOML (builtins.readFile path);
    importJSON = path: builtins.fromJSON (builtins.readFile path);

    # Hashes to put where the real one is not known yet.
    fakeHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    fakeSha256 = "0000000000000000000000000000000000000000000000000000";

    licenses = import ./licenses.nix;

    systems = {
      flakeExposed = builtins.attrNames platforms;
      doubles.all = builtins.attrNames platforms;
      elaborate =
        system: platforms.${system} or (throw "nixpkgs stand-in: no platform for system '${system}'");
    };
    platforms = {
      linux = [ "x86_64-linux" "aarch64-linux" ];
      darwin = [ "x86_64-darwin" "aarch64-darwin" ];
      unix = lib.platforms.linux ++ lib.platforms.darwin;
      all = lib.platforms.unix;
    };
  };
in
lib
