"""PEP 735 ``[dependency-groups]``: named lists of requirements that are not published.

Spec: https://packaging.python.org/en/latest/specifications/dependency-groups/

A group is an array whose entries are PEP 508 strings or
``{include-group = "other"}`` tables; an include is replaced, in place, by
the (resolved) entries of the other group.

Traps:

* Group names compare after PEP 503 normalization, in the table and in
  ``include-group`` (``Test`` and ``test`` are the same group, and two keys
  that normalize alike are an error).
* Includes can loop; the cycle is an error that names every group on it.
  (pyproject.nix recurses forever instead.)
* Tool dialects add entries before resolution (uv's and PDM's legacy
  ``dev-dependencies``, Poetry's groups), so that an ``include-group = "dev"``
  sees them: :func:`read_groups`, :func:`add_entries`, :func:`resolve_groups`.

>>> groups = parse_dependency_groups(
...     {"test": ["pytest>=8", {"include-group": "typing"}], "typing": ["mypy"]}
... )
>>> {name: [str(d) for d in deps] for name, deps in groups.items()}
{'test': ['pytest>=8', 'mypy'], 'typing': ['mypy']}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import IncludeCycle, Location
from pynix.formats._dependencies import parse_dependency
from pynix.formats._toml_paths import (
    child,
    describe,
    expect_list,
    expect_str,
    expect_table,
    invalid,
    item,
)
from pynix.model import Dependency
from pynix.standards.names import is_valid_name

__all__ = [
    "Entry",
    "GroupEntries",
    "add_entries",
    "parse_dependency_groups",
    "read_groups",
    "resolve_groups",
]

Entry = tuple[str, object]
"""One group entry before resolution: its key path and its value (a PEP 508 string, an
``include-group`` table, or a :class:`~pynix.model.Dependency` a dialect already built)."""

GroupEntries = dict[NormalizedName, list[Entry]]


def parse_dependency_groups(
    table: object, *, path: str = "dependency-groups"
) -> dict[NormalizedName, tuple[Dependency, ...]]:
    """Read and resolve a ``[dependency-groups]`` table (``None`` when absent).

    Raises :class:`~pynix.errors.InvalidProject` (wrong types, unknown
    includes), :class:`~pynix.errors.IncludeCycle` and
    :class:`~pynix.errors.InvalidRequirement`, each located by key path.
    """
    return resolve_groups(read_groups(table, path=path))


def read_groups(table: object, *, path: str = "dependency-groups") -> GroupEntries:
    """The entries of each group, unresolved, keyed by normalized name in declaration order."""
    groups: GroupEntries = {}
    if table is None:
        return groups
    written: dict[NormalizedName, str] = {}
    for name, entries in expect_table(table, path).items():
        group_path = child(path, name)
        if not is_valid_name(name):
            raise invalid(group_path, f"{name!r} is not a valid dependency group name")
        normalized = canonicalize_name(name)
        if normalized in written:
            raise invalid(
                group_path,
                f"{written[normalized]!r} and {name!r} name the same group after normalization",
            )
        written[normalized] = name
        groups[normalized] = [
            (item(group_path, i), entry) for i, entry in enumerate(expect_list(entries, group_path))
        ]
    return groups


def add_entries(groups: GroupEntries, name: str, entries: Iterable[Entry]) -> None:
    """Append ``entries`` to group ``name`` (created when missing), as a tool's extra table does.

    Nothing is created for no entries.
    """
    added = list(entries)
    if added:
        groups.setdefault(canonicalize_name(name), []).extend(added)


def resolve_groups(groups: GroupEntries) -> dict[NormalizedName, tuple[Dependency, ...]]:
    """Replace every ``include-group`` by the entries of the group it names."""
    resolved: dict[NormalizedName, tuple[Dependency, ...]] = {}
    for name in groups:
        _resolve(name, groups, resolved, ())
    return {name: resolved[name] for name in groups}


def _resolve(
    name: NormalizedName,
    groups: GroupEntries,
    resolved: dict[NormalizedName, tuple[Dependency, ...]],
    stack: tuple[tuple[NormalizedName, str], ...],
) -> tuple[Dependency, ...]:
    if name in resolved:
        return resolved[name]
    dependencies: list[Dependency] = []
    for path, entry in groups[name]:
        if isinstance(entry, Dependency):
            dependencies.append(entry)
        elif isinstance(entry, str):
            dependencies.append(parse_dependency(entry, path))
        else:
            included = _include_target(entry, path)
            visiting = [*(n for n, _ in stack), name]
            if included in visiting:
                cycle = [*visiting[visiting.index(included) :], included]
                raise IncludeCycle(
                    "include-group cycle: " + " -> ".join(cycle), location=Location(key=path)
                )
            if included not in groups:
                raise _unknown_group(included, groups, path)
            dependencies.extend(_resolve(included, groups, resolved, (*stack, (name, path))))
    resolved[name] = tuple(dependencies)
    return resolved[name]


def _include_target(entry: object, path: str) -> NormalizedName:
    if not isinstance(entry, Mapping):
        raise invalid(
            path, f"expected a PEP 508 string or an include-group table, got {describe(entry)}"
        )
    table = expect_table(entry, path)
    if set(table) != {"include-group"}:
        extra = sorted(set(table) - {"include-group"})
        what = f"unexpected key {extra[0]!r}" if extra else "missing key 'include-group'"
        raise invalid(path, f"{what}; a table entry holds only include-group")
    return canonicalize_name(expect_str(table["include-group"], child(path, "include-group")))


def _unknown_group(name: str, groups: GroupEntries, path: str) -> Exception:
    known = list(groups)
    close = difflib.get_close_matches(name, known, n=1)
    error = invalid(child(path, "include-group"), f"{name!r} names no group in this file")
    if close:
        error.hint = f"did you mean {close[0]!r}?"
    elif known:
        error.hint = "known groups: " + ", ".join(known)
    return error
