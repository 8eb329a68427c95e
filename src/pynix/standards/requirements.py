r"""PEP 508 dependency specifiers (``name[extras] (>=1.0) ; marker``).

A thin layer over :class:`packaging.requirements.Requirement` that turns its
syntax errors into :class:`~pynix.errors.InvalidRequirement` with a caret
under the bad span, ready to be located in a file by the caller.

Traps:

* ``packaging`` accepts the legacy parenthesised form ``name (>=1.0)``, as pip
  and uv do; so does pynix.
* Extras and names compare after PEP 503 normalization; the original
  spelling is kept only for messages.
* Marker strings are read as Python literals, so ``'a\\d'`` is ``a\d``;
  ``str(requirement)`` prints them back unescaped, which changes a value holding
  a backslash. Print a marker with :func:`pynix.standards.markers.to_string`.
* An unknown escape such as ``'\d'`` makes Python warn; the parse ignores the
  warning, so the result does not depend on the caller's warning filters.

>>> str(parse_requirement("Flask[async] >= 2.0 ; python_version >= '3.8'"))
'Flask[async]>=2.0; python_version >= "3.8"'
"""

from __future__ import annotations

from packaging._tokenizer import ParserSyntaxError
from packaging.requirements import InvalidRequirement as _PackagingInvalidRequirement
from packaging.requirements import Requirement

from pynix.errors import InvalidRequirement
from pynix.standards._markers_syntax import parse_quietly, syntax_error

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
        return parse_quietly(Requirement, text)
    except _PackagingInvalidRequirement as exc:
        cause = exc.__cause__
        if isinstance(cause, ParserSyntaxError):
            message, span = syntax_error(cause)
            raise InvalidRequirement(message, text=text, span=span) from None
        raise InvalidRequirement(str(exc).splitlines()[0], text=text) from None
