{ a, b, c, d, lib, python, stdenv, f }:
{
  sum = (a + b) * c;
  sub = a - (b - c);
  subLeft = a - b - c;
  concat = (a ++ b) ++ c;
  update = a // b // c;
  notAnd = !(a && b);
  notEq = !a == b;
  notPlus = (!a) + b;
  negApply = -f a;
  negHas = -(a ? x);
  argNegative = f (-1) a;
  argCall = f (f a) a.b;
  impl = (a -> b) -> c;
  implRight = a -> b -> c;
  cmp = a < b == c < d;
  hasThenOr = a ? x || (a // b) ? y;
  selectCall = (f a).out;
  selectPath = (./data).x or 0;
  lambdaArg = map (x: x + 1) [ 1 2 ];
  lambdaOperand = (x: x) // a;
  ifOperand = (if a then 1 else 2) + 3;
  listItems = [ (f a) (a + b) (-a) ];
  guard =
    if
      lib.versionAtLeast python.pythonVersion "3.10"
      && stdenv.hostPlatform.isLinux
      && !stdenv.hostPlatform.isAarch64
      && python.implementation == "cpython"
    then
      [ python.pkgs.uvloop python.pkgs.httptools ]
    else
      [ ];
  chain =
    if stdenv.hostPlatform.isLinux then
      "linux"
    else if stdenv.hostPlatform.isDarwin then
      "darwin"
    else
      "other";
  checked = assert a != b; with lib; optional c d;
  merged =
    a
    // lib.optionalAttrs stdenv.hostPlatform.isDarwin {
      NIX_CFLAGS_COMPILE = "-Wno-error=unused-command-line-argument";
    };
}
