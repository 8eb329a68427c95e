# TEST STAND-IN helper (not part of nixpkgs).
#
# `printable name f` is callable like `f`, but `nix-instantiate --eval --json`
# prints it as the string "<function name>" instead of failing with "cannot
# convert a function to JSON". The stand-in's package records carry their
# `override` and `overridePythonAttrs` this way so that tests can print whole
# packages as JSON.
name: f: {
  __functor = self: f;
  __toString = self: "<function ${name}>";
}
