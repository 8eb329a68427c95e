"""``pep440.*``: versions, version conditions, comparison and the comparators.

pyproject.nix's shapes, computed by ``packaging`` (through
:mod:`pynix.standards.versions`), so the answers are PEP 440's:

* ``==1.0`` does not match ``1.0.1`` (pyproject.nix's ``compareVersions``
  stops at the shorter release and says they are equal);
* ``<2.0`` does not admit ``2.0rc1``, ``>1.7`` does not admit ``1.7.post1``;
* ``==1.0`` matches ``1.0+local`` (a specifier without a local label ignores
  the candidate's);
* ``1.0.dev1 < 1.0a1 < 1.0rc1 < 1.0 < 1.0.post1.dev1 < 1.0.post1``;
* ``===`` compares the version text (pyproject.nix throws);
* ``~=1`` is an error, as a compatible-release clause needs two release numbers.

Every spelling PEP 440 allows is accepted (``v1.0``, ``1.0.post``, ``1.0a``);
local labels come out normalized (``+Ubuntu-1`` is ``ubuntu.1``); an empty
string is not a version (pyproject.nix returns an all-empty one).

>>> from pynix.interop import call
>>> call("pep440.parseVersionCond", ">=3.0.0rc1")["version"]["pre"]
{'type': 'rc', 'value': 1}
>>> call("pep440.compareVersions", {"str": "1.0"}, {"str": "1.0.1"})
-1
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from packaging.specifiers import Specifier
from packaging.version import Version

from pynix.errors import InvalidSpecifier, InvalidVersion, PynixError, Unsupported
from pynix.interop._registry import Param, function
from pynix.interop._shapes import (
    JSON,
    Where,
    read_str,
    spec_version_to_json,
    version_from_json,
    version_text_from_json,
    version_to_json,
)
from pynix.standards.versions import parse_specifiers, parse_version

__all__ = ["condition_to_json", "conditions_to_json", "specifiers_to_json"]

_COMPARATORS: Final = ("~=", "==", "!=", "<=", ">=", "<", ">", "===")


def _version_text(value: JSON, where: Where) -> tuple[Version, str]:
    text = read_str(value, where, "a version string")
    if not text.strip():
        # pyproject.nix returns an all-empty version here; nothing in PEP 440 is empty.
        raise where.fail("an empty string is not a PEP 440 version", kind=InvalidVersion)
    return _parse(text, where), text


def _parse(text: str, where: Where) -> Version:
    try:
        return parse_version(text)
    except PynixError as error:
        raise where.locate(error) from None


def _version(value: JSON, where: Where) -> Version:
    return version_from_json(value, where)


def _spec_version(value: JSON, where: Where) -> tuple[str, Where]:
    return version_text_from_json(value, where, wildcard=True), where


def condition_to_json(specifier: Specifier, where: Where) -> dict[str, JSON]:
    """pyproject.nix's ``{op, version}`` for one specifier (``>=1.0``)."""
    if specifier.operator == "===":
        try:
            Version(specifier.version)
        except ValueError:
            raise where.fail(
                f"'{specifier}' compares with '{specifier.version}', which is not a PEP 440"
                " version; pyproject.nix's shape has no place for it",
                kind=Unsupported,
            ) from None
    return {"op": specifier.operator, "version": spec_version_to_json(specifier.version, where)}


def conditions_to_json(text: str, where: Where) -> list[JSON]:
    """pyproject.nix's list of ``{op, version}`` for a comma-separated specifier set.

    The written order is kept; one pair of parentheses around the whole set
    (PEP 508's ``name (>=1.0)``) is allowed.
    """
    inner = text.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    try:
        specifiers = parse_specifiers(inner)
    except PynixError as error:
        raise where.locate(error) from None
    return specifiers_to_json(specifiers, where)


def specifiers_to_json(specifiers: Iterable[Specifier], where: Where) -> list[JSON]:
    """pyproject.nix's list of ``{op, version}``, one per specifier, in the given order."""
    return [condition_to_json(specifier, where) for specifier in specifiers]


@function("pep440.parseVersion", Param(name="version", convert=_version_text))
def parse_version_json(parsed: tuple[Version, str]) -> JSON:
    version, text = parsed
    return version_to_json(version, text)


def _condition(value: JSON, where: Where) -> JSON:
    text = read_str(value, where, "a version condition such as '>=1.0'")
    try:
        specifiers = list(parse_specifiers(text))
    except PynixError as error:
        raise where.locate(error) from None
    if len(specifiers) != 1:
        raise where.fail(
            f"expected one version condition, got {len(specifiers)}",
            hint="pep440.parseVersionConds reads a comma-separated list",
        )
    return condition_to_json(specifiers[0], where)


def _conditions(value: JSON, where: Where) -> JSON:
    text = read_str(value, where, "version conditions such as '>=1.0,<2'")
    return conditions_to_json(text, where)


@function("pep440.parseVersionCond", Param(name="cond", convert=_condition))
def parse_version_cond(condition: JSON) -> JSON:
    return condition


@function("pep440.parseVersionConds", Param(name="conds", convert=_conditions))
def parse_version_conds(conditions: JSON) -> JSON:
    return conditions


@function(
    "pep440.compareVersions",
    Param(name="a", convert=_version),
    Param(name="b", convert=_version),
)
def compare_versions(a: Version, b: Version) -> JSON:
    return (a > b) - (a < b)


def _candidate(value: JSON, where: Where) -> tuple[str, Where]:
    return version_text_from_json(value, where), where


def _comparator(op: str) -> None:
    @function(
        f"pep440.comparators.{op}",
        Param(name="a", convert=_candidate),
        Param(name="b", convert=_spec_version),
    )
    def compare(a: tuple[str, Where], b: tuple[str, Where]) -> JSON:
        (candidate, candidate_where), (version, version_where) = a, b
        if op != "===":
            # Arbitrary equality compares text; every other operator compares versions.
            _parse(candidate, candidate_where)
        try:
            specifier = Specifier(f"{op}{version}")
        except ValueError:
            raise version_where.fail(
                f"'{op}{version}' is not a valid PEP 440 version specifier", kind=InvalidSpecifier
            ) from None
        return specifier.contains(candidate, prereleases=True)


for _op in _COMPARATORS:
    _comparator(_op)


@function(
    "pep440.comparators.",
    Param(name="a", convert=_candidate),
    Param(name="b", convert=_spec_version),
)
def compare_any(_a: tuple[str, Where], _b: tuple[str, Where]) -> JSON:
    # pyproject.nix's comparator for a condition without an operator: always true.
    return True
