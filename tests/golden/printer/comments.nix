# pynix test file.
#
# Second paragraph of the header.
{
  # one line
  plain = 1;
  # first line
  # second line
  # third line
  # fourth
  multi = 2;
  # */ is harmless here, and so is # or ''
  tricky = 3;
  # inherit with a comment
  inherit builtins;
  items = [
    # the first item
    "one"
    "two"
    # a long explanation
    # over two lines
    [ 3 4 ]
  ];
}
