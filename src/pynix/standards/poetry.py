"""Poetry's version constraints (``^1.2``, ``~1.2``, ``1.2.*``, ``>=1 <2 || ^3``) in PEP 440 terms.

Poetry's ``[tool.poetry.dependencies]`` tables take constraints that PEP 440
does not know. This module translates them, following Poetry's own
documentation (https://python-poetry.org/docs/dependency-specification/):

=============  ======================  =====================================
Poetry         PEP 440                 meaning
=============  ======================  =====================================
``^1.2.3``     ``>=1.2.3,<2.0.0``      keep the left-most non-zero part
``^0.2.3``     ``>=0.2.3,<0.3.0``
``^0.0.3``     ``>=0.0.3,<0.0.4``
``^0.0``       ``>=0.0,<0.1``
``^0``         ``>=0,<1``
``~1.2.3``     ``>=1.2.3,<1.3.0``      patch updates (minor ones for ``~1``)
``~1.2``       ``>=1.2,<1.3``
``~1``         ``>=1,<2``
``*``, ``""``  (any version)
``1.2.*``      ``==1.2.*``             also ``1.2.x``
``1.2.3``      ``==1.2.3``             a bare version is exact
``>= 1.2 <2``  ``>=1.2,<2``            commas or spaces join (AND)
``^1 || ^3``   two alternatives        ``||`` (or ``|``) is OR
=============  ======================  =====================================

A ``||`` union is a set of alternatives, which one PEP 440 specifier set
cannot always express: :func:`parse_constraint` returns the alternatives and
:func:`to_specifier_set` joins them when that is exact.

Traps:

* Poetry's ``~1.2`` is not PEP 440's ``~=1.2``: the first allows ``1.2.*``
  only, the second everything below ``2``.
* Upper bounds keep the precision written (``^1.2.3`` gives ``<2.0.0``,
  ``^0`` gives ``<1``); PEP 440 pads with zeros, so this is only cosmetic.
* An exclusive upper bound ``<2.0.0`` excludes ``2.0.0rc1`` in Poetry as in
  PEP 440. A joined union ``>=1.0,<4.0,!=2.*`` is exact for final releases;
  it admits ``3.0rc1``, which ``^3.0`` alone would not.
* pyproject.nix's ``lib/poetry.nix`` deviates from Poetry's documentation:
  ``~1.2`` becomes ``<2.0.0`` there, ``~1`` becomes ``<0.0.0``, ``^0.0``
  becomes ``<1.0.0`` and ``~1.2.3.4`` becomes ``<1.2.4.0``; it knows no
  ``||``, no space-separated constraints and no ``1.2.x``. pynix follows Poetry.

>>> str(to_specifier_set(parse_constraint("^1.2.3")))
'<2.0.0,>=1.2.3'
>>> str(to_specifier_set(parse_constraint("^1.0 || ^3.0")))
'!=2.*,<4.0,>=1.0'
>>> str(python_marker("^3.8"))
'python_version >= "3.8" and python_version < "4.0"'
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator, Sequence

from packaging.markers import InvalidMarker, Marker
from packaging.specifiers import InvalidSpecifier as _PackagingInvalidSpecifier
from packaging.specifiers import Specifier, SpecifierSet
from packaging.version import InvalidVersion as _PackagingInvalidVersion
from packaging.version import Version

from pynix.errors import InvalidSpecifier, Unsupported

__all__ = [
    "hull",
    "parse_constraint",
    "parse_specifier_set",
    "python_marker",
    "to_specifier_set",
]

_ALTERNATIVE_SEPARATOR = re.compile(r"\|\|?")
_CONSTRAINT = re.compile(r"(?P<op>\^|~=|~|===|==|!=|<=|>=|<|>|=)?[ \t]*(?P<version>[^\s,|]+)?")
_WILDCARD = re.compile(r"^[vV]?(?P<prefix>\d+(?:\.\d+)*)(?:\.[*xX])+$")
# Lower bounds first, then pins and exclusions, then upper bounds: how people write ranges.
_OPERATOR_ORDER = {">=": 0, ">": 0, "~=": 1, "==": 1, "===": 1, "!=": 2, "<=": 3, "<": 3}


def parse_constraint(text: str) -> tuple[SpecifierSet, ...]:
    """Translate one Poetry constraint into its PEP 440 alternatives (one per ``||`` branch).

    The empty string and ``*`` mean any version: ``(SpecifierSet(""),)``.
    Raises :class:`~pynix.errors.InvalidSpecifier` with a caret under the bad part.

    >>> [str(s) for s in parse_constraint(">= 1.2 < 2 || 3.1.*")]
    ['<2,>=1.2', '==3.1.*']
    >>> parse_constraint("^1.2 ||")
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidSpecifier: expected a version constraint after '||': ^1.2 ||...
    """
    if text.strip() in ("", "*"):
        return (SpecifierSet(),)
    return tuple(
        _parse_alternative(text, start, end, after) for start, end, after in _alternatives(text)
    )


def parse_specifier_set(text: str) -> SpecifierSet:
    """Translate a Poetry constraint into one PEP 440 specifier set.

    Raises :class:`~pynix.errors.InvalidSpecifier` for a malformed constraint
    and :class:`~pynix.errors.Unsupported` for a ``||`` union that PEP 440
    cannot express (see :func:`to_specifier_set`).

    >>> str(parse_specifier_set("~1.2"))
    '<1.3,>=1.2'
    """
    return to_specifier_set(parse_constraint(text))


def to_specifier_set(alternatives: Sequence[SpecifierSet]) -> SpecifierSet:
    """Join ``||`` alternatives into one specifier set, when that is exact.

    Exact cases: a single alternative; or ranges (``>=``/``<``, ``==X.*``,
    ``~=``) whose gaps are whole release series, which become ``!=X.*``.
    Anything else raises :class:`~pynix.errors.Unsupported`; :func:`hull`
    gives the smallest single range that contains the union instead.

    >>> str(to_specifier_set(parse_constraint("<1.5 || >=2.0,<3")))
    Traceback (most recent call last):
    ...
    pynix.errors.Unsupported: the union '<1.5 || <3,>=2.0' cannot be written as one PEP 440 ...
    """
    if not alternatives:
        raise Unsupported("an empty union of version constraints matches nothing")
    if len(alternatives) == 1:
        return alternatives[0]
    union = " || ".join(str(a) or "*" for a in alternatives)
    intervals = [_interval(a) for a in alternatives]
    if any(i is None for i in intervals):
        raise _inexpressible(union)
    merged = _merge([i for i in intervals if i is not None])
    specifiers: list[str] = []
    if merged[0].low is not None:
        specifiers.append(f">={merged[0].low}")
    for before, after in itertools.pairwise(merged):
        prefix = _series_between(before.high, after.low)
        if prefix is None:
            raise _inexpressible(union)
        specifiers.append(f"!={prefix}.*")
    if merged[-1].high is not None:
        specifiers.append(f"<{merged[-1].high}")
    return SpecifierSet(",".join(specifiers))


def hull(alternatives: Sequence[SpecifierSet]) -> SpecifierSet:
    """The smallest single range containing every alternative (wider than a union with gaps).

    ``!=`` and ``===`` clauses are dropped, which only widens the range.

    >>> str(hull(parse_constraint("~2.7 || ^3.5")))
    '<4.0,>=2.7'
    """
    lows: list[tuple[Version, bool] | None] = []
    highs: list[tuple[Version, bool] | None] = []
    for alternative in alternatives:
        low, high = _bounds(alternative)
        lows.append(low)
        highs.append(high)
    specifiers: list[str] = []
    if lows and all(b is not None for b in lows):
        # The widest lower bound: the smallest version, inclusive before exclusive.
        version, inclusive = min((b for b in lows if b is not None), key=lambda b: (b[0], not b[1]))
        specifiers.append(f"{'>=' if inclusive else '>'}{version}")
    if highs and all(b is not None for b in highs):
        version, inclusive = max(b for b in highs if b is not None)
        specifiers.append(f"{'<=' if inclusive else '<'}{version}")
    return SpecifierSet(",".join(specifiers))


def python_marker(text: str) -> Marker | None:
    """The PEP 508 marker for Poetry's ``python = "..."`` key (``None``: any Python).

    Two-part versions compare ``python_version``, longer ones
    ``python_full_version``, as Poetry does; ``||`` becomes ``or``.

    >>> str(python_marker("~2.7 || >=3.6.1"))
    'python_version >= "2.7" and python_version < "2.8" or python_full_version >= "3.6.1"'
    >>> python_marker("*") is None
    True
    """
    branches: list[str] = []
    for alternative in parse_constraint(text):
        leaves = [
            _python_leaf(spec)
            for spec in sorted(alternative, key=lambda s: _OPERATOR_ORDER[s.operator])
        ]
        if not leaves:
            return None
        branches.append(" and ".join(leaves))
    try:
        return Marker(" or ".join(branches))
    except InvalidMarker:
        # Only an arbitrary-equality (===) string with quotes in it gets here.
        raise InvalidSpecifier("not usable as a Python version constraint", text=text) from None


# -- parsing -------------------------------------------------------------------------------------


def _alternatives(text: str) -> Iterator[tuple[int, int, str | None]]:
    """Spans of the ``||`` branches of ``text``, each with the separator that precedes it."""
    start, after = 0, None
    for separator in _ALTERNATIVE_SEPARATOR.finditer(text):
        yield start, separator.start(), after
        start, after = separator.end(), separator.group()
    yield start, len(text), after


def _parse_alternative(text: str, start: int, end: int, after: str | None) -> SpecifierSet:
    specifiers: list[str] = []
    position = start
    while True:
        while position < end and (text[position].isspace() or text[position] == ","):
            position += 1
        if position >= end:
            break
        match = _CONSTRAINT.match(text, position, end)
        if match is None or match.end() == position:
            raise InvalidSpecifier(
                "expected a version constraint", text=text, span=(position, position + 1)
            )
        specifiers.extend(_translate(text, match))
        position = match.end()
    if not text[start:end].strip(" \t,"):
        where = f" after {after!r}" if after else ""
        raise InvalidSpecifier(
            f"expected a version constraint{where}", text=text, span=(end, end + 1)
        )
    try:
        return SpecifierSet(",".join(specifiers))
    except _PackagingInvalidSpecifier:
        raise InvalidSpecifier(
            "not a valid version constraint", text=text, span=(start, end)
        ) from None


def _translate(text: str, match: re.Match[str]) -> list[str]:
    """The PEP 440 specifiers for one Poetry clause such as ``^1.2`` or ``>= 3``."""
    op = match.group("op") or ""
    written = match.group("version")
    if written is None:
        raise InvalidSpecifier(
            f"expected a version after {op!r}", text=text, span=(match.end(), match.end() + 1)
        )
    span = match.span("version")
    if written == "*" and op in ("", "=", "=="):
        return []
    wildcard = _WILDCARD.match(written)
    if wildcard:
        if op not in ("", "=", "==", "!="):
            raise InvalidSpecifier(
                f"a wildcard version cannot follow {op!r}", text=text, span=match.span()
            )
        return [f"{'!=' if op == '!=' else '=='}{wildcard.group('prefix')}.*"]
    if op == "===":
        return [f"==={written}"]
    version = _version(text, written, span)
    if op == "^":
        return [f">={version}", f"<{_bump(version, _caret_index(version.release))}"]
    if op == "~":
        index = 0 if len(version.release) == 1 else 1
        return [f">={version}", f"<{_bump(version, index)}"]
    if op == "~=" and len(version.release) < 2:
        raise InvalidSpecifier(
            "'~=' needs at least two version parts (~=1.2)", text=text, span=match.span()
        )
    return [f"{'==' if op in ('', '=') else op}{version}"]


def _version(text: str, token: str, span: tuple[int, int]) -> Version:
    try:
        return Version(token)
    except _PackagingInvalidVersion:
        raise InvalidSpecifier("not a valid version", text=text, span=span) from None


def _caret_index(release: tuple[int, ...]) -> int:
    """Which part of the release ``^`` may not change: the left-most non-zero one."""
    if release[0] > 0 or len(release) == 1:
        return 0
    if release[1] > 0 or len(release) == 2:
        return 1
    return 2


def _bump(version: Version, index: int) -> str:
    """The release after ``version`` at ``index``, as long as the release was written."""
    release = list(version.release)
    release += [0] * (index + 1 - len(release))
    bumped = [*release[:index], release[index] + 1] + [0] * (len(release) - index - 1)
    epoch = f"{version.epoch}!" if version.epoch else ""
    return epoch + ".".join(str(part) for part in bumped)


# -- unions --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Interval:
    """``[low, high)``; ``None`` is unbounded on that side."""

    low: Version | None
    high: Version | None


def _interval(alternative: SpecifierSet) -> _Interval | None:
    """The half-open range an alternative stands for, or ``None`` when it is not one."""
    low: Version | None = None
    high: Version | None = None
    for spec in alternative:
        bounds = _spec_range(spec)
        if bounds is None:
            return None
        spec_low, spec_high = bounds
        if spec_low is not None:
            low = spec_low if low is None else max(low, spec_low)
        if spec_high is not None:
            high = spec_high if high is None else min(high, spec_high)
    return _Interval(low, high)


def _spec_range(spec: Specifier) -> tuple[Version | None, Version | None] | None:
    """``[low, high)`` of a clause that is a half-open range, else ``None``."""
    if spec.operator == ">=":
        return Version(spec.version), None
    if spec.operator == "<":
        return None, Version(spec.version)
    if spec.operator == "==" and spec.version.endswith(".*"):
        prefix = Version(spec.version[:-2])
        return prefix, Version(_bump(prefix, len(prefix.release) - 1))
    if spec.operator == "~=":
        version = Version(spec.version)
        return version, Version(_bump(version, len(version.release) - 2))
    return None


def _merge(intervals: list[_Interval]) -> list[_Interval]:
    ordered = sorted(intervals, key=lambda i: (0,) if i.low is None else (1, i.low))
    merged = [ordered[0]]
    for interval in ordered[1:]:
        last = merged[-1]
        if last.high is None or interval.low is None or interval.low <= last.high:
            if last.high is None or interval.high is None:
                high = None
            else:
                high = max(last.high, interval.high)
            merged[-1] = _Interval(last.low, high)
        else:
            merged.append(interval)
    return merged


def _series_between(high: Version | None, low: Version | None) -> str | None:
    """``X.Y`` when the gap ``[high, low)`` is exactly the release series ``X.Y.*``."""
    if high is None or low is None or high.epoch != low.epoch:
        return None
    if any(v.pre or v.post is not None or v.dev is not None or v.local for v in (high, low)):
        return None
    size = max(len(high.release), len(low.release))
    start = high.release + (0,) * (size - len(high.release))
    stop = low.release + (0,) * (size - len(low.release))
    for index in range(size):
        if (
            start[:index] == stop[:index]
            and stop[index] == start[index] + 1
            and not any(start[index + 1 :])
            and not any(stop[index + 1 :])
        ):
            epoch = f"{high.epoch}!" if high.epoch else ""
            return epoch + ".".join(str(part) for part in start[: index + 1])
    return None


def _bounds(
    alternative: SpecifierSet,
) -> tuple[tuple[Version, bool] | None, tuple[Version, bool] | None]:
    """Lower and upper bound (version, inclusive) of one alternative, for :func:`hull`."""
    low: tuple[Version, bool] | None = None
    high: tuple[Version, bool] | None = None
    for spec in alternative:
        spec_low, spec_high = _spec_bounds(spec)
        if spec_low is not None and (low is None or _tighter_low(spec_low, low)):
            low = spec_low
        if spec_high is not None and (high is None or _tighter_high(spec_high, high)):
            high = spec_high
    return low, high


def _spec_bounds(
    spec: Specifier,
) -> tuple[tuple[Version, bool] | None, tuple[Version, bool] | None]:
    halfopen = _spec_range(spec)
    if halfopen is not None:
        low, high = halfopen
        return (None if low is None else (low, True)), (None if high is None else (high, False))
    if spec.operator in (">", "<=") or (spec.operator == "==" and "+" not in spec.version):
        version = Version(spec.version)
        if spec.operator == ">":
            return (version, False), None
        if spec.operator == "<=":
            return None, (version, True)
        return (version, True), (version, True)
    return None, None


def _tighter_low(new: tuple[Version, bool], old: tuple[Version, bool]) -> bool:
    return new[0] > old[0] or (new[0] == old[0] and not new[1])


def _tighter_high(new: tuple[Version, bool], old: tuple[Version, bool]) -> bool:
    return new[0] < old[0] or (new[0] == old[0] and not new[1])


def _inexpressible(union: str) -> Unsupported:
    return Unsupported(
        f"the union {union!r} cannot be written as one PEP 440 specifier set",
        hint="its gaps are not whole release series; use the range around it (hull)",
    )


# -- markers -------------------------------------------------------------------------------------


def _python_leaf(spec: Specifier) -> str:
    version = spec.version
    plain = version[:-2] if version.endswith(".*") else version
    try:
        parsed = Version(plain)
    except _PackagingInvalidVersion:
        return f'python_full_version {spec.operator} "{version}"'
    short = len(parsed.release) <= 2 and not (
        parsed.pre or parsed.post is not None or parsed.dev is not None or parsed.local
    )
    variable = "python_version" if short and spec.operator != "===" else "python_full_version"
    return f'{variable} {spec.operator} "{version}"'
