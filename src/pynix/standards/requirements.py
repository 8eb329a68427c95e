"""PEP 508 dependency specifiers (``name[extras] (>=1.0) ; marker``).

A thin layer over :class:`packaging.requirements.Requirement` that turns its
syntax errors into :class:`~pynix.errors.InvalidRequirement` with a caret
under the bad span, ready to be located in a file by the caller.

Traps:

* ``packaging`` accepts the legacy parenthesised form ``name (>=1.0)``, as pip
  and uv do; so does pynix.
* Extras and names compare after PEP 503 normalization; the original
  spelling is kept only for messages.

>>> str(parse_requirement("Flask[async] >= 2.0 ; python_version >= '3.8'"))
'Flask[async]>=2.0; python_version >= "3.8"'
"""

from __future__ import annotations

from packaging._tokenizer import ParserSyntaxError
from packaging.requirements import InvalidRequirement as _PackagingInvalidRequirement
from packaging.requirements import Requirement

from pynix.errors import InvalidRequirement

__all__ = ["Requirement", "parse_requirement"]


def parse_requirement(text: str) -> Requirement:
    """Parse one PEP 508 requirement string.

    Raises :class:`~pynix.errors.InvalidRequirement` whose ``span`` points at
    the offending characters of ``text``.

    >>> parse_requirement("foo >= 1 bar")
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidRequirement: expected comma (within version specifier), ...
    """
    try:
        return Requirement(text)
    except _PackagingInvalidRequirement as exc:
        cause = exc.__cause__
        if isinstance(cause, ParserSyntaxError):
            start, end = cause.span
            message = cause.message[:1].lower() + cause.message[1:]
            raise InvalidRequirement(message, text=text, span=(start, end + 1)) from None
        raise InvalidRequirement(str(exc).splitlines()[0], text=text) from None
