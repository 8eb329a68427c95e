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
lacks is an error finding (``nixpkgs-missing``, with "did you mean") and is
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

from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import Location
from pynix.model import Dependency, Finding, Severity
from pynix.nix import Expr, call, list_, op, select
from pynix.nixpkgs.names import Mapped, NameMap
from pynix.render.conditions import (
    PACKAGE_SCOPE,
    Condition,
    Scope,
    compile_marker,
    conjoin,
    disjoin,
)
from pynix.standards.targets import KNOWN_SYSTEMS

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
    """The result of :func:`resolve`: references in first-seen order, and findings."""

    refs: tuple[PackageRef, ...] = ()
    findings: tuple[Finding, ...] = ()

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
    systems: Sequence[str] = KNOWN_SYSTEMS,
    where: str | None = None,
    project: str | None = None,
    project_extras: Mapping[NormalizedName, Sequence[Dependency]] | None = None,
) -> Resolved:
    """Map and compile ``dependencies``.

    ``extras``/``groups`` are the chosen ones (markers such as
    ``extra == "test"`` are decided by them); ``where`` is the key path
    findings point at (``project.dependencies``); ``project`` and
    ``project_extras`` let a dependency on the project itself expand into
    its extras. Never raises: problems are findings.
    """
    state = _State(names=names, scope=scope, systems=tuple(systems), where=where)
    chosen = tuple(extras)
    chosen_groups = tuple(groups)
    own = canonicalize_name(project) if project else None
    expanding: set[NormalizedName] = set()

    def add(deps: Iterable[Dependency], *, condition: Condition) -> None:
        for index, dep in enumerate(deps):
            compiled = compile_marker(
                dep.marker,
                scope=scope,
                extras=chosen,
                groups=chosen_groups,
                systems=state.systems,
                subject=dep.name,
            )
            state.findings.extend(
                dataclasses.replace(f, location=state.location(index)) for f in compiled.findings
            )
            needed = conjoin(condition, compiled.condition)
            if needed is False:
                continue
            if own is not None and dep.name == own and project_extras is not None:
                for extra in dep.extras:
                    if extra in expanding or extra not in project_extras:
                        continue
                    expanding.add(extra)
                    add(project_extras[extra], condition=needed)
                    expanding.discard(extra)
                continue
            state.add(dep, needed, index)

    add(dependencies, condition=True)
    return Resolved(refs=state.refs(), findings=tuple(state.findings))


@dataclasses.dataclass(kw_only=True)
class _State:
    names: NameMap | None
    scope: Scope
    systems: tuple[str, ...]
    where: str | None
    findings: list[Finding] = dataclasses.field(default_factory=list)
    # (attr, extras) -> (name, condition), in first-seen order
    found: dict[tuple[str, tuple[NormalizedName, ...]], tuple[NormalizedName, Condition]] = (
        dataclasses.field(default_factory=dict)
    )
    reported: set[str] = dataclasses.field(default_factory=set)

    def location(self, index: int) -> Location | None:
        return Location(key=f"{self.where}[{index}]") if self.where else None

    def add(self, dep: Dependency, condition: Condition, index: int) -> None:
        attr = self.attr(dep, index)
        if dep.url or dep.source is not None:
            self.note(
                Severity.WARNING,
                "direct-reference",
                f"`{dep.text or dep}` names its own source; nixpkgs' `{attr}` is used instead",
                dep.name,
                index,
                hint="package that source in an overlay to use it",
            )
        key = (attr, dep.extras)
        if key in self.found:
            name, before = self.found[key]
            self.found[key] = (name, disjoin(before, condition))
        else:
            self.found[key] = (dep.name, condition)

    def attr(self, dep: Dependency, index: int) -> str:
        if self.names is None:
            return dep.name
        found = self.names.lookup(dep.name, dep.specifier or None)
        if isinstance(found, Mapped):
            return found.attr
        if dep.name not in self.reported:
            self.reported.add(dep.name)
            if found.broken:
                hint = f"nixpkgs has {_quoted(found.broken)}, but it fails to evaluate"
            elif found.suggestions:
                hint = f"did you mean {_quoted(found.suggestions)}?"
            else:
                hint = "package it, or add it to the package set with an overlay"
            self.note(
                Severity.ERROR,
                "nixpkgs-missing",
                f"nixpkgs has no package for `{dep.name}`; written as `{dep.name}`",
                dep.name,
                index,
                hint=hint,
            )
        return dep.name

    def note(
        self, severity: Severity, code: str, message: str, subject: str, index: int, *, hint: str
    ) -> None:
        self.findings.append(
            Finding(
                severity=severity,
                code=code,
                message=message,
                subject=subject,
                location=self.location(index),
                hint=hint,
            )
        )

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
