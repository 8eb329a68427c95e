"""Dependency lists in Nix: names mapped to nixpkgs attributes, markers compiled, extras expanded.

:func:`resolve` turns a project's dependencies into :class:`PackageRef` values
(the nixpkgs attribute, the dependency's own extras, and the condition under
which it is needed) plus findings; :func:`dependency_list` writes them as one
Nix list expression, unconditional packages first::

    [ requests click ]
    ++ requests.optional-dependencies.socks
    ++ lib.optionals stdenv.hostPlatform.isLinux [ uvloop ]

Names go through a :class:`~pynix.nixpkgs.names.NameMap` when one is given
(a snapshot's, or one over attribute names); without one, the attribute is
the PEP 503 normalized name, nixpkgs' naming rule. A name the package set
lacks is an error finding (``missing-package``, with "did you mean") and is
still written, under its normalized name, so that the user sees it and Nix
fails loudly until it is packaged.

A dependency on the project itself (``myproject[cli,test]`` inside an extra,
a common way to write ``all``) stands for the project's own extras and is
replaced by their dependencies.

``requests[socks]`` is written as ``requests`` plus
``requests.optional-dependencies.socks``, nixpkgs' convention for extras; a
missing extra fails at evaluation rather than being dropped silently.

>>> from pynix.model import Dependency
>>> from pynix.nix import render_line, var
>>> deps = [Dependency.parse("Click>=8"), Dependency.parse("uvloop; sys_platform == 'linux'")]
>>> resolved = resolve(deps)
>>> render_line(dependency_list(resolved.refs, var))
'[ click ] ++ lib.optionals stdenv.hostPlatform.isLinux [ uvloop ]'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import Location
from pynix.model import Dependency, Finding, RegistrySource, Severity
from pynix.nix import Expr, call, list_, op, select
from pynix.nixpkgs.names import Mapped, NameMap
from pynix.render.conditions import (
    PACKAGE_SCOPE,
    PYTHON_SYSTEMS,
    Condition,
    Scope,
    compile_marker,
    conjoin,
    disjoin,
)

__all__ = ["PackageRef", "Resolved", "dependency_list", "resolve"]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class PackageRef:
    """One dependency as Nix sees it: an attribute of the Python package set, when needed."""

    name: NormalizedName
    attr: str
    extras: tuple[NormalizedName, ...] = ()
    condition: Condition = True


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Resolved:
    """The result of :func:`resolve`: references in first-seen order, findings, and the
    attributes written although the package set lacks them (``missing``)."""

    refs: tuple[PackageRef, ...] = ()
    findings: tuple[Finding, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def attrs(self) -> tuple[str, ...]:
        """Every attribute referred to, once, in order."""
        return tuple(dict.fromkeys(ref.attr for ref in self.refs))


def resolve(
    dependencies: Iterable[Dependency],
    *,
    names: NameMap | None = None,
    scope: Scope = PACKAGE_SCOPE,
    extras: Iterable[str] = (),
    groups: Iterable[str] = (),
    systems: Sequence[str] = PYTHON_SYSTEMS,
    requires_python: SpecifierSet | None = None,
    where: str | None = None,
    project: str | None = None,
    project_extras: Mapping[NormalizedName, Sequence[Dependency]] | None = None,
) -> Resolved:
    """Map and compile ``dependencies``.

    ``extras``/``groups`` are the chosen ones (markers such as
    ``extra == "test"`` are decided by them); ``requires_python`` limits
    the interpreters conditions must be right for; ``where`` is the key path
    findings point at (``project.dependencies``); ``project`` and
    ``project_extras`` let a dependency on the project itself expand into
    its extras. Never raises: problems are findings.
    """
    state = _State(names=names)
    chosen = tuple(extras)
    chosen_groups = tuple(groups)
    own = canonicalize_name(project) if project else None

    def compiled(marker: Marker | None, subject: str, location: Location | None) -> Condition:
        result = compile_marker(
            marker,
            scope=scope,
            extras=chosen,
            groups=chosen_groups,
            systems=systems,
            requires_python=requires_python,
            subject=subject,
        )
        state.findings.extend(dataclasses.replace(f, location=location) for f in result.findings)
        return result.condition

    entries: list[_Entry] = []
    expanding: set[NormalizedName] = set()

    def collect(deps: Iterable[Dependency], *, parent: Condition, key: str | None) -> None:
        for index, dep in enumerate(deps):
            location = Location(key=f"{key}[{index}]") if key else None
            if own is not None and dep.name == own and project_extras is not None:
                needed = conjoin(parent, compiled(dep.marker, dep.name, location))
                for extra in dep.extras:
                    if needed is False or extra in expanding or extra not in project_extras:
                        continue
                    expanding.add(extra)
                    collect(
                        project_extras[extra],
                        parent=needed,
                        key=f"project.optional-dependencies.{extra}",
                    )
                    expanding.discard(extra)
                continue
            entries.append(_Entry(dependency=dep, parent=parent, location=location))

    collect(dependencies, parent=True, key=where)

    # One condition per dependency: the markers of its repeated entries are joined with `or`
    # before compiling, so that `numpy; python_version < "3.10"` and `numpy; python_version >=
    # "3.10"` together are unconditional.
    by_name: dict[tuple[NormalizedName, tuple[NormalizedName, ...]], list[_Entry]] = {}
    for entry in entries:
        dep = entry.dependency
        by_name.setdefault((dep.name, dep.extras), []).append(entry)
    for (name, _), group in by_name.items():
        by_parent: dict[Condition, list[_Entry]] = {}
        for entry in group:
            by_parent.setdefault(entry.parent, []).append(entry)
        conditions = [
            conjoin(parent, compiled(_either(items), name, items[0].location))
            for parent, items in by_parent.items()
        ]
        condition = disjoin(*conditions)
        if condition is not False:
            state.add(group, condition)
    return Resolved(
        refs=state.refs(), findings=tuple(state.findings), missing=tuple(sorted(state.missing))
    )


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class _Entry:
    dependency: Dependency
    parent: Condition
    location: Location | None


def _either(entries: Sequence[_Entry]) -> Marker | None:
    """The marker under which any of ``entries`` applies (``None``: always)."""
    markers = [entry.dependency.marker for entry in entries]
    if any(marker is None for marker in markers):
        return None
    if len(markers) == 1:
        return markers[0]
    return Marker(" or ".join(f"({marker})" for marker in dict.fromkeys(markers)))


@dataclasses.dataclass(kw_only=True)
class _State:
    names: NameMap | None
    findings: list[Finding] = dataclasses.field(default_factory=list)
    # (attr, extras) -> (name, condition), in first-seen order
    found: dict[tuple[str, tuple[NormalizedName, ...]], tuple[NormalizedName, Condition]] = (
        dataclasses.field(default_factory=dict)
    )
    missing: set[str] = dataclasses.field(default_factory=set)

    def add(self, entries: Sequence[_Entry], condition: Condition) -> None:
        first = entries[0]
        dep = first.dependency
        attr = self.attr(dep, first.location)
        for entry in entries:
            direct = entry.dependency
            if direct.url or (
                direct.source is not None and not isinstance(direct.source, RegistrySource)
            ):
                # As `pynix check` says it: a warning when nixpkgs' package stands in for the
                # project's source, information when nixpkgs lacks it (missing-package says so).
                missing = dep.name in self.missing
                self.findings.append(
                    Finding(
                        severity=Severity.INFO if missing else Severity.WARNING,
                        code="not-from-nixpkgs",
                        message=(
                            f"`{direct.text or direct}` names its own source, which nixpkgs"
                            " does not package"
                            if missing
                            else f"`{direct.text or direct}` names its own source;"
                            f" nixpkgs' `{attr}` is used instead"
                        ),
                        subject=direct.name,
                        location=entry.location,
                        hint="package that source in an overlay to use it",
                    )
                )
        key = (attr, dep.extras)
        if key in self.found:
            name, before = self.found[key]
            self.found[key] = (name, disjoin(before, condition))
        else:
            self.found[key] = (dep.name, condition)

    def attr(self, dep: Dependency, location: Location | None) -> str:
        if self.names is None:
            return dep.name
        found = self.names.lookup(dep.name, dep.specifier or None)
        if isinstance(found, Mapped):
            return found.attr
        self.missing.add(dep.name)
        if found.broken:
            hint = f"nixpkgs has {_quoted(found.broken)}, but it fails to evaluate"
        elif found.suggestions:
            hint = f"did you mean {_quoted(found.suggestions)}?"
        else:
            hint = "package it, or add it to the package set with an overlay"
        self.findings.append(
            Finding(
                severity=Severity.ERROR,
                code="missing-package",
                message=f"nixpkgs has no package for `{dep.name}`; written as `{dep.name}`",
                subject=dep.name,
                location=location,
                hint=hint,
            )
        )
        return dep.name

    def refs(self) -> tuple[PackageRef, ...]:
        return tuple(
            PackageRef(name=name, attr=attr, extras=extras, condition=condition)
            for (attr, extras), (name, condition) in self.found.items()
        )


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def dependency_list(
    refs: Iterable[PackageRef], package: Callable[[str], Expr], *, lib: Expr | None = None
) -> Expr:
    """One Nix list of ``refs``; ``package(attr)`` writes a reference (``ps.attr``, ``attr``).

    Unconditional packages come first, then one ``lib.optionals cond [ … ]``
    per distinct condition, in first-seen order (``lib`` defaults to the
    variable ``lib``).
    """
    lib_expr = lib if lib is not None else PACKAGE_SCOPE.lib
    by_condition: dict[Condition, list[PackageRef]] = {}
    for ref in refs:
        by_condition.setdefault(ref.condition, []).append(ref)
    parts: list[Expr] = []
    unconditional = by_condition.pop(True, [])
    parts.extend(_items(unconditional, package) if unconditional else [list_()])
    for condition, group in by_condition.items():
        if isinstance(condition, bool):
            continue  # False never reaches here; True was taken above
        items = _items(group, package)
        body = items[0] if len(items) == 1 else op("++", *items)
        parts.append(call(select(lib_expr, "optionals"), condition, body))
    if len(parts) > 1 and parts[0] == list_():
        parts = parts[1:]
    return parts[0] if len(parts) == 1 else op("++", *parts)


def _items(refs: Sequence[PackageRef], package: Callable[[str], Expr]) -> list[Expr]:
    """``[ a b ]`` followed by the ``a.optional-dependencies.x`` lists of their extras."""
    items: list[Expr] = [list_(dict.fromkeys(package(ref.attr) for ref in refs))]
    seen: set[Expr] = set()
    for ref in refs:
        for extra in ref.extras:
            extra_list = select(package(ref.attr), "optional-dependencies", extra)
            if extra_list not in seen:
                seen.add(extra_list)
                items.append(extra_list)
    return items
