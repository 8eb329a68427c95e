"""``python.withPackages (ps: [ … ])``: an interpreter with a project's dependencies, from nixpkgs.

The counterpart of pyproject.nix's ``renderers.withPackages``: the project's
dependencies, plus those of the extras and dependency groups the caller
chose, mapped to nixpkgs attributes (``ps.requests``, ``ps."zope.interface"``
for the rare name that needs quotes), with markers compiled to conditions
(see :mod:`pynix.render.conditions`)::

    python3.withPackages (ps: [ ps.httpx ps.rich ] ++ lib.optionals (…) [ ps.tomli ])

The project itself is not in it: this is the environment its code runs in
(the dev shell adds the project, editable; a package's closure has it built).

>>> from pynix.model import Dependency, Project, ProjectFormat
>>> project = Project(
...     format=ProjectFormat.PEP621,
...     name="demo",
...     dependencies=(Dependency.parse("requests"), Dependency.parse("zope.interface")),
... )
>>> print(render_with_packages(project).text(), end="")
python3.withPackages (ps: [ ps.requests ps.zope-interface ])
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from packaging.utils import canonicalize_name

from pynix.errors import Location
from pynix.model import Dependency, Finding, Project, Severity
from pynix.nix import Expr, call, lam, select, var
from pynix.nixpkgs.names import NameMap
from pynix.render.conditions import PYTHON_SYSTEMS, Condition, Scope, disjoin
from pynix.render.dependencies import PackageRef, Resolved, dependency_list, resolve
from pynix.render.result import Rendered, merge_findings

__all__ = ["environment_dependencies", "merge_resolved", "render_with_packages"]


def environment_dependencies(
    project: Project,
    *,
    scope: Scope,
    names: NameMap | None = None,
    extras: Iterable[str] = (),
    groups: Iterable[str] = (),
    systems: Sequence[str] = PYTHON_SYSTEMS,
    include_project_dependencies: bool = True,
) -> Resolved:
    """The dependencies an environment of ``project`` needs: its own, its chosen extras', its
    chosen groups', merged (one reference per package, conditions joined).

    An extra or group the project does not have is an error finding
    (``unknown-extra``, ``unknown-group``) with the closest names.
    """
    chosen = [canonicalize_name(e) for e in extras]
    chosen_groups = [canonicalize_name(g) for g in groups]
    findings: list[Finding] = []

    def part(deps: Sequence[Dependency], where: str, selected: Sequence[str]) -> Resolved:
        return resolve(
            deps,
            names=names,
            scope=scope,
            extras=selected,
            groups=chosen_groups,
            systems=systems,
            requires_python=project.requires_python,
            where=where,
            project=project.name,
            project_extras=project.optional_dependencies,
        )

    parts: list[Resolved] = []
    if include_project_dependencies:
        parts.append(part(project.dependencies, "project.dependencies", chosen))
    for extra in chosen:
        if extra not in project.optional_dependencies:
            findings.append(_unknown("extra", extra, project.optional_dependencies))
            continue
        where = f"project.optional-dependencies.{extra}"
        parts.append(part(project.optional_dependencies[extra], where, [extra]))
    for group in chosen_groups:
        if group not in project.dependency_groups:
            findings.append(_unknown("group", group, project.dependency_groups))
            continue
        parts.append(part(project.dependency_groups[group], f"dependency-groups.{group}", chosen))
    return merge_resolved(*parts, findings=findings)


def merge_resolved(*parts: Resolved, findings: Iterable[Finding] = ()) -> Resolved:
    """One :class:`Resolved` of several: a package listed twice is needed when either needs it."""
    found: dict[tuple[str, tuple[str, ...]], PackageRef] = {}
    for part in parts:
        for ref in part.refs:
            key = (ref.attr, ref.extras)
            before = found.get(key)
            condition: Condition = (
                ref.condition if before is None else disjoin(before.condition, ref.condition)
            )
            found[key] = PackageRef(
                name=ref.name, attr=ref.attr, extras=ref.extras, condition=condition
            )
    return Resolved(
        refs=tuple(found.values()),
        findings=merge_findings(findings, *(p.findings for p in parts)),
        missing=tuple(sorted({m for p in parts for m in p.missing})),
    )


def _unknown(kind: str, name: str, known: Iterable[str]) -> Finding:
    close = difflib.get_close_matches(name, list(known), n=3)
    hint = (
        "did you mean " + ", ".join(f"`{c}`" for c in close) + "?"
        if close
        else "the project has: " + (", ".join(sorted(known)) or "none")
    )
    key = "project.optional-dependencies" if kind == "extra" else "dependency-groups"
    return Finding(
        severity=Severity.ERROR,
        code=f"unknown-{kind}",
        message=f"the project has no {kind} `{name}`",
        subject=name,
        location=Location(key=key),
        hint=hint,
    )


def render_with_packages(
    project: Project,
    *,
    python: Expr | None = None,
    scope: Scope | None = None,
    names: NameMap | None = None,
    extras: Iterable[str] = (),
    groups: Iterable[str] = (),
    systems: Sequence[str] = PYTHON_SYSTEMS,
) -> Rendered:
    """``python.withPackages (ps: [ … ])`` for ``project`` (``python`` defaults to ``python3``).

    Conditions read ``stdenv.hostPlatform``, ``lib`` and ``python`` unless
    ``scope`` says otherwise. Never raises: problems are findings.
    """
    interpreter = python if python is not None else var("python3")
    where = scope if scope is not None else Scope(python=interpreter)
    resolved = environment_dependencies(
        project, scope=where, names=names, extras=extras, groups=groups, systems=systems
    )
    ps = var("ps")
    packages = dependency_list(resolved.refs, lambda attr: select(ps, attr), lib=where.lib)
    expr = call(select(interpreter, "withPackages"), lam("ps", packages))
    return Rendered(expr=expr, findings=resolved.findings)
