"""PEP 508 markers as the project-file dialects need them: parse with a caret, AND, NOT.

Tool tables attach markers outside PEP 508 strings (Poetry's ``markers``,
``python`` and ``platform`` keys, uv's per-marker sources), so the dialect
parsers combine markers themselves.

Traps:

* PEP 508 has no ``not``. :func:`negate` pushes the negation down to the
  comparisons (De Morgan) and flips each operator; ``~=`` and ``===`` have no
  single opposite, so a marker using them cannot be negated (``None``).
  Flipping ``<`` to ``>=`` is exact except for pre-releases of the bound.
* The marker tree is only reachable through ``packaging``'s private
  ``Marker._markers``. This module and the standards layer's marker module
  are the only places that reach it; move :func:`negate` there once that
  module offers a public tree.

>>> str(negate(parse_marker("sys_platform == 'darwin' or python_version < '3.9'")))
'sys_platform != "darwin" and python_version >= "3.9"'
"""

from __future__ import annotations

from packaging._tokenizer import ParserSyntaxError
from packaging.markers import InvalidMarker as _PackagingInvalidMarker
from packaging.markers import Marker

from pynix.errors import InvalidMarker

__all__ = ["conjoin", "negate", "parse_marker"]

_OPPOSITE = {
    "==": "!=",
    "!=": "==",
    "<": ">=",
    ">=": "<",
    ">": "<=",
    "<=": ">",
    "in": "not in",
    "not in": "in",
}


def parse_marker(text: str) -> Marker:
    """Parse a PEP 508 marker; raises :class:`~pynix.errors.InvalidMarker` with a caret."""
    try:
        return Marker(text)
    except _PackagingInvalidMarker as exc:
        cause = exc.__cause__
        if isinstance(cause, ParserSyntaxError):
            start, end = cause.span
            message = cause.message[:1].lower() + cause.message[1:]
            raise InvalidMarker(message, text=text, span=(start, end + 1)) from None
        raise InvalidMarker(str(exc).splitlines()[0], text=text) from None


def conjoin(*markers: Marker | None) -> Marker | None:
    """``a and b and ...`` of the markers given, skipping ``None`` (which means always).

    >>> either = Marker("sys_platform == 'linux' or sys_platform == 'darwin'")
    >>> str(conjoin(Marker("os_name == 'posix'"), None, either))
    'os_name == "posix" and (sys_platform == "linux" or sys_platform == "darwin")'
    """
    parts = list(dict.fromkeys(str(m) for m in markers if m is not None))
    if not parts:
        return None
    # `and` binds tighter than `or`: only a part with a top-level `or` needs parentheses.
    return Marker(" and ".join(f"({p})" if " or " in p else p for p in parts))


def negate(marker: Marker) -> Marker | None:
    """The marker true exactly where ``marker`` is false, or ``None`` when PEP 508 cannot say it."""
    text = _negated(marker._markers, top=True)  # the one private reach, see the module docstring
    return None if text is None else Marker(text)


def _negated(node: object, *, top: bool) -> str | None:
    if isinstance(node, list):
        # packaging keeps `a and b or c` flat; `and` binds tighter, so split at `or` first:
        # not ((a and b) or c) == (not a or not b) and not c.
        groups: list[list[object]] = [[]]
        for element in node:
            if element == "or":
                groups.append([])
            elif element != "and":
                groups[-1].append(element)
        negated_groups: list[str] = []
        for group in groups:
            atoms = [_negated(element, top=False) for element in group]
            if any(atom is None for atom in atoms):
                return None
            joined = " or ".join(a for a in atoms if a is not None)
            negated_groups.append(f"({joined})" if len(atoms) > 1 and len(groups) > 1 else joined)
        result = " and ".join(negated_groups)
        bare = top or (len(negated_groups) == 1 and len(groups[0]) == 1)
        return result if bare else f"({result})"
    if isinstance(node, tuple) and len(node) == 3:
        left, op, right = node
        opposite = _OPPOSITE.get(op.value)
        if opposite is None:
            return None
        return f"{left.serialize()} {opposite} {right.serialize()}"
    return None
