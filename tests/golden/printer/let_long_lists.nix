let
  short = [ true null "c" ];
  long = [
    "package-number-00"
    "package-number-01"
    "package-number-02"
    "package-number-03"
    "package-number-04"
    "package-number-05"
    "package-number-06"
    "package-number-07"
    "package-number-08"
    "package-number-09"
    "package-number-10"
    "package-number-11"
  ];
  nested = [
    [ 1 2 ]
    [
      "package-number-00"
      "package-number-01"
      "package-number-02"
      "package-number-03"
      "package-number-04"
      "package-number-05"
      "package-number-06"
      "package-number-07"
    ]
    { x = 1; }
  ];
  selected = builtins.filter (name: name != "package-number-03") long;
  # inherit from an expression
  inherit ({ empty = [ ]; }) empty;
in
short ++ selected ++ nested ++ empty
