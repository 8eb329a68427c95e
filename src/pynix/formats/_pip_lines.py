"""pip's preprocessing of a requirements file: continuations, comments, variables (private).

pip joins a line ending in ``\\`` with the next one (unless it is a comment
line), numbers the result by its first physical line, removes comments
(``#`` at the start or after whitespace), strips it, and only then expands
``${NAME}`` variables, so a value containing ``#`` is not cut.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping

__all__ = ["LogicalLine", "expand_variables", "logical_lines", "strip_comment"]

_COMMENT = re.compile(r"(^|\s+)#.*$")
_ENV_VAR = re.compile(r"\$\{([A-Z0-9_]+)\}")


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class LogicalLine:
    """A line after joining continuations: its first line's number, text and physical lines."""

    number: int
    text: str
    raw: tuple[str, ...]


def logical_lines(text: str) -> Iterator[LogicalLine]:
    """Join continuation lines the way pip does, numbering each by its first line."""
    pieces: list[str] = []
    raw: list[str] = []
    first = 0
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        is_comment = _COMMENT.match(line) is not None
        if line.endswith("\\") and not is_comment:
            if not pieces:
                first = number
            pieces.append(line.strip("\\"))
            raw.append(line)
            continue
        if pieces:
            # A comment line ends the continuation; the leading space makes it a comment.
            pieces.append(" " + line if is_comment else line)
            raw.append(line)
            yield LogicalLine(number=first, text="".join(pieces), raw=tuple(raw))
            pieces, raw = [], []
        else:
            yield LogicalLine(number=number, text=line, raw=(line,))
    if pieces:
        yield LogicalLine(number=first, text="".join(pieces), raw=tuple(raw))


def strip_comment(line: str) -> str:
    """The line without its comment and surrounding whitespace.

    >>> strip_comment("https://h/x.tar.gz#egg=x   # pinned")
    'https://h/x.tar.gz#egg=x'
    """
    return _COMMENT.sub("", line).strip()


def expand_variables(line: str, environ: Mapping[str, str]) -> str:
    """Replace ``${NAME}`` by its value; unset and empty variables stay as written.

    >>> expand_variables("${HOST}/${UNSET}/$HOST", {"HOST": "h"})
    'h/${UNSET}/$HOST'
    """
    return _ENV_VAR.sub(lambda m: environ.get(m.group(1)) or m.group(0), line)
