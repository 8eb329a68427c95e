let
  version = "1.0";
in
{
  quotes = "say \"hi\" \\ back";
  dollar = "literal \${x} and $\${y} and $ alone and $";
  dollarBeforeInterp = "cost: \$${version}";
  controls = "tab\there\nnewline\rreturn";
  unicode = "naïve café – ☃ 𝔘𝔫𝔦";
  interp = "python${version}-env";
  script = ''
    #!/bin/sh
    echo "''${HOME}" ''\'''${literal}' '''quoted'''
      indented by two
    	tab first
    end: ${version}
  '';
  allIndented = ''
    ''\  both lines
        start with spaces
  '';
  trailingSpaces = ''
    text
    ''\   '';
  endsWithQuote = ''
    line
    it's''\''';
  noNewline = "stays a plain string";
}
