"""Escaping of Nix string text, identifiers, paths and numbers (private to the printer).

The rules come from the Nix 2.8 lexer (``src/libexpr/lexer.l``) and the
``stripIndentation`` step of its parser:

* ``"…"``: ``\\`` escapes any character; ``\\n``, ``\\r``, ``\\t`` are the
  only named escapes; ``${`` starts an interpolation, so a literal one is
  ``\\${``; a ``$`` right before an interpolation must be ``\\$`` too, since
  ``$${`` is *literal* text. A raw carriage return would be read as a newline.
* ``''…''``: ``'''`` is ``''``, ``''$`` is ``$``, ``''\\x`` is the escape
  ``\\x``; a raw ``\\r`` is kept (so pynix writes ``''\\r``). A lone ``'``
  glued to the next ``'`` (an escape, or the closing ``''``) would change
  meaning, so it becomes ``''\\'``. Nix strips the common indentation of the
  lines and drops a last line of spaces; see :func:`indented_lines`.
* NUL cannot be written in any Nix string.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from pynix.errors import Unsupported
from pynix.nix.syntax import Interp

__all__ = [
    "KEYWORDS",
    "check_text",
    "double_quoted",
    "float_text",
    "indented_lines",
    "int_text",
    "is_identifier",
    "path_text",
]

# `or` is a keyword in Nix's grammar (usable unquoted as an attribute name, but
# not as a variable); quoting it everywhere is always right.
KEYWORDS = frozenset({"if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"})
_IDENTIFIER = re.compile(r"[a-zA-Z_][a-zA-Z0-9_'-]*\Z")
_PATH_CHAR = r"[a-zA-Z0-9._+-]"
_PATHS = (
    re.compile(rf"{_PATH_CHAR}*(?:/{_PATH_CHAR}+)+\Z"),  # ./a, ../a, /a, a/b
    re.compile(rf"~(?:/{_PATH_CHAR}+)+\Z"),  # ~/a
    re.compile(rf"<{_PATH_CHAR}+(?:/{_PATH_CHAR}+)*>\Z"),  # <nixpkgs>, <nixpkgs/lib>
)
_INT_MAX = 2**63 - 1


def is_identifier(name: str) -> bool:
    """Whether ``name`` can be written unquoted as a Nix variable or attribute name.

    >>> [is_identifier(n) for n in ("requests", "zope.interface", "if", "x'", "3d")]
    [True, False, False, True, False]
    """
    return _IDENTIFIER.match(name) is not None and name not in KEYWORDS


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:57]) + "..."


def check_text(text: str, what: str) -> None:
    """Raise :class:`Unsupported` when ``text`` holds a NUL, which Nix cannot represent."""
    if "\0" in text:
        raise Unsupported(f"a Nix {what} cannot contain a NUL character: {_shown(text)}")


def path_text(value: str) -> str:
    """``value`` checked to be a path literal Nix can read back as written."""
    if not any(p.match(value) for p in _PATHS):
        raise Unsupported(
            f"not a valid Nix path literal: {_shown(value)}",
            hint="write ./relative, ../up, /absolute, ~/home or <lookup> without spaces or a "
            "trailing slash",
        )
    return value


def int_text(value: int) -> str:
    """Decimal digits, with a leading ``-`` for a negative value (Nix reads it as negation)."""
    if not -_INT_MAX <= value <= _INT_MAX:
        raise Unsupported(f"integer out of Nix's 64-bit range: {value}")
    return str(int(value))  # int(): a bool must not print as `True`


def float_text(value: float) -> str:
    """A float literal Nix accepts (it needs a ``.`` before any exponent)."""
    if not math.isfinite(value):
        raise Unsupported(f"Nix has no literal for the float {value!r}")
    text = repr(abs(value))
    mantissa, sep, exponent = text.partition("e")
    if "." not in mantissa:
        text = f"{mantissa}.0{sep}{exponent}"
    return f"-{text}" if math.copysign(1.0, value) < 0 else text


def double_quoted(text: str, *, before_interp: bool) -> str:
    r"""The body of a ``"…"`` string for literal ``text`` (no quotes around it).

    >>> print(double_quoted('say "hi" ${x} \\ $', before_interp=True))
    say \"hi\" \${x} \\ \$
    """
    check_text(text, "string")
    out = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
        .replace("${", "\\${")
    )
    if before_interp and out.endswith("$"):
        out = out[:-1] + "\\$"
    return out


_SINGLE = object()  # a lone ' whose spelling depends on what follows it


def indented_lines(
    parts: Sequence[str | Interp], pad: str, interp: Callable[[Interp], str]
) -> list[str]:
    """The lines of a ``''…''`` string whose content lines start with ``pad``.

    The caller writes ``''``, a newline, these lines joined by newlines, and
    the closing ``''`` (when the text ends with a newline the last line is
    empty and the caller indents the closing ``''`` there).

    Exact round trip despite Nix's indentation stripping: Nix removes the
    smallest indentation among lines that hold something other than spaces,
    and drops a final line made only of spaces. pynix indents every
    non-empty line by ``pad``; when no such line starts right at ``pad``
    (every one begins with a space), the first space of one line is written
    as the escape ``''\\ `` so that the common indentation is exactly
    ``pad``; a final line of only spaces gets the same treatment so that it
    is not dropped.
    """
    lines: list[list[str | Interp]] = [[]]
    for part in parts:
        if isinstance(part, Interp):
            lines[-1].append(part)
            continue
        check_text(part, "string")
        first, *others = part.split("\n")
        if first:
            lines[-1].append(first)
        lines.extend([other] if other else [] for other in others)

    def starts_with_space(line: list[str | Interp]) -> bool:
        return bool(line) and isinstance(line[0], str) and line[0].startswith(" ")

    def has_content(line: list[str | Interp]) -> bool:
        return any(isinstance(seg, Interp) or seg.strip(" ") for seg in line)

    anchored = any(has_content(ln) and not starts_with_space(ln) for ln in lines)
    anchor = None if anchored else next((i for i, ln in enumerate(lines) if ln), None)
    last = len(lines) - 1
    out: list[str] = []
    for index, line in enumerate(lines):
        if not line:
            out.append("")
            continue
        escape_first = starts_with_space(line) and (
            index == anchor or (index == last and not has_content(line))
        )
        pieces = _indented_pieces(line, interp, escape_first=escape_first)
        out.append(pad + _resolve_singles(pieces, at_end=index == last))
    return out


def _indented_pieces(
    line: list[str | Interp], interp: Callable[[Interp], str], *, escape_first: bool
) -> list[str | object]:
    pieces: list[str | object] = []
    for position, seg in enumerate(line):
        if isinstance(seg, Interp):
            pieces.append(interp(seg))
            continue
        next_is_interp = position + 1 < len(line)
        i = 0
        if escape_first and position == 0:
            pieces.append("''\\ ")
            i = 1
        while i < len(seg):
            ch = seg[i]
            nxt = seg[i + 1] if i + 1 < len(seg) else None
            if ch == "'" and nxt == "'":
                pieces.append("'''")
                i += 2
                continue
            if ch == "'":
                pieces.append(_SINGLE)
            elif ch == "$" and (nxt == "{" or (nxt is None and next_is_interp)):
                pieces.append("''$")
            elif ch == "\r":
                pieces.append("''\\r")
            else:
                pieces.append(ch)
            i += 1
    return pieces


def _resolve_singles(pieces: list[str | object], *, at_end: bool) -> str:
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if piece is _SINGLE:
            following = pieces[index + 1] if index + 1 < len(pieces) else None
            if following is None:
                glued = at_end  # the closing '' follows directly
            else:
                glued = following is _SINGLE or (
                    isinstance(following, str) and following.startswith("'")
                )
            out.append("''\\'" if glued else "'")
        else:
            assert isinstance(piece, str)
            out.append(piece)
    return "".join(out)
