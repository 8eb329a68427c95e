args@{ python3, name ? "demo", ... }:
rec {
  a.b.c = 1;
  a.b.d = 2;
  meta.mainProgram = "demo";
  "zope.interface" = python3.pkgs."zope.interface";
  "if" = "a keyword as a name";
  "or" = "another one";
  "with space" = true;
  x.${name} = "dynamic";
  "${name}-suffix" = "interpolated string name";
  fallback = args.maybe.missing or "default";
  present = args ? python3;
  deep = args ? a.b."c.d";
  dollar = python3.pkgs."\${not interpolated}";
  inherit python3;
  inherit (python3.pkgs) "then" "ruamel.yaml";
}
