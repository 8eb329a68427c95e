"""Which of a project's dependencies a check covers, and where each one is declared.

A project declares dependencies in four tables: the main ``dependencies``,
``optional-dependencies`` (extras, published with the package),
``dependency-groups`` (PEP 735, never published) and the build system's
``requires`` (PEP 518). A check covers the main dependencies, the extras and
groups the user chose, and the build system's requirements when the project
declares a ``[build-system]`` table; :func:`select_dependencies` lists them in
that order, each as a :class:`Declared` that knows where it was written.

Then, per target, :func:`marker_holds` says whether a dependency's PEP 508
marker holds there. Extras take part as pip evaluates them: an entry of the
extra ``socks`` is evaluated with ``extra == "socks"`` true; a main dependency
with the extras the user chose; a group entry or a build requirement with
none.

Traps:

* A project that names itself (``weather[plotting]`` in its own ``all``
  extra, or in a group) asks for its own extras, not for a package of that
  name; those extras are added to the chosen ones and the entry is dropped.
* A group that includes another (``{include-group = "test"}``) reaches the
  same declarations again; each is covered once, at its first place.
* Extra and group names compare after PEP 685/503 normalization: ``--extras
  Socks`` chooses ``socks``.
* A legacy project without ``[build-system]`` gets setuptools assumed by the
  loader (``BuildSystem.declared`` is false); that assumption is not checked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from packaging.utils import NormalizedName, canonicalize_name

from pynix.check._where import BUILD, DEPENDENCIES, GROUPS, OPTIONAL, declared_at, table_key
from pynix.check.codes import Code, make_finding
from pynix.errors import Location, PynixError
from pynix.model import Dependency, Finding, Project
from pynix.standards.markers import evaluate

__all__ = ["Declared", "Selection", "marker_holds", "select_dependencies"]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Declared:
    """One dependency of a project, with the table it belongs to and where it is written.

    ``table`` is ``dependencies``, ``optional-dependencies``,
    ``dependency-groups`` or ``build-system.requires``; ``name`` the extra or
    group (``None`` for the other two).

    >>> from pynix.model import Dependency
    >>> Declared(
    ...     dependency=Dependency.parse("pytest>=8"), table="dependency-groups", name="test"
    ... ).where
    'dependency-groups.test'
    """

    dependency: Dependency
    table: str
    name: NormalizedName | None = None
    location: Location | None = None

    @property
    def where(self) -> str:
        """The table in the model's terms: ``optional-dependencies.socks``, ``dependencies``."""
        return table_key(self.table, self.name)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Selection:
    """What :func:`select_dependencies` chose: the dependencies, the extras, and findings.

    ``extras`` are the chosen extras plus those the project's own
    self-references add; ``findings`` are ``unknown-extra`` / ``unknown-group``
    errors for names the project lacks.
    """

    dependencies: tuple[Declared, ...]
    extras: frozenset[NormalizedName]
    findings: tuple[Finding, ...] = ()


def select_dependencies(
    project: Project, *, extras: Iterable[str] = (), groups: Iterable[str] = ()
) -> Selection:
    """The dependencies a check of ``project`` with ``extras`` and ``groups`` covers.

    Never raises for a problem in the project: unknown names become findings.

    >>> from pynix.model import Dependency, Project, ProjectFormat
    >>> project = Project(
    ...     format=ProjectFormat.PEP621,
    ...     name="spam",
    ...     dependencies=(Dependency.parse("eggs>=2"),),
    ...     optional_dependencies={"fast": (Dependency.parse("ham"),)},
    ... )
    >>> chosen = select_dependencies(project, extras=["Fast", "slow"])
    >>> [d.dependency.name for d in chosen.dependencies], [f.code for f in chosen.findings]
    (['eggs', 'ham'], ['unknown-extra'])
    """
    findings: list[Finding] = []
    wanted_extras = _known(
        extras, project.optional_dependencies, Code.UNKNOWN_EXTRA, "extra", findings
    )
    wanted_groups = _known(groups, project.dependency_groups, Code.UNKNOWN_GROUP, "group", findings)

    tables: list[tuple[str, NormalizedName | None, tuple[Dependency, ...]]] = [
        (DEPENDENCIES, None, project.dependencies),
        *((OPTIONAL, extra, deps) for extra, deps in project.optional_dependencies.items()),
        *((GROUPS, group, deps) for group, deps in project.dependency_groups.items()),
    ]
    chosen_extras = _with_self_references(project, tables, wanted_extras, wanted_groups, findings)

    declared: list[Declared] = []
    for table, name, deps in tables:
        if table == OPTIONAL and name not in chosen_extras:
            continue
        if table == GROUPS and name not in wanted_groups:
            continue
        declared.extend(
            _declared(project, table, name, dep) for dep in deps if not _is_self(project, dep)
        )
    build = project.build_system
    if build is not None and build.declared:
        declared.extend(_declared(project, BUILD, None, dep) for dep in build.requires)
    # A group included by another (PEP 735 include-group) reaches the same declaration twice.
    unique = {(d.dependency, d.location): d for d in reversed(declared)}
    return Selection(
        dependencies=tuple(d for d in declared if unique[(d.dependency, d.location)] is d),
        extras=frozenset(chosen_extras),
        findings=tuple(findings),
    )


def marker_holds(
    declared: Declared, env: Mapping[str, str], extras: Iterable[str] = ()
) -> bool | Finding:
    """Whether the marker of ``declared`` holds in the marker environment ``env``.

    ``env`` is a complete PEP 508 environment
    (:func:`pynix.standards.markers.environment`); ``extras`` the extras the
    user chose, used for main dependencies. A marker that cannot be decided
    (``os_name ~= "nt"``, the lock-file variables) is reported as an
    ``unevaluable-marker`` finding instead of raising, and the caller checks
    the dependency anyway.
    """
    marker = declared.dependency.marker
    if marker is None:
        return True
    if declared.table == OPTIONAL:
        selected: Iterable[str] = () if declared.name is None else (declared.name,)
    elif declared.table == DEPENDENCIES:
        selected = extras
    else:
        selected = ()
    try:
        return evaluate(marker, env, selected)
    except PynixError as error:
        name = declared.dependency.name
        return make_finding(
            Code.UNEVALUABLE_MARKER,
            f"{name}: its marker cannot be evaluated ({error.message}): {marker}",
            subject=name,
            location=declared.location,
            hint="checked as if it applied",
        )


def _known(
    requested: Iterable[str],
    available: Mapping[NormalizedName, object],
    code: Code,
    kind: str,
    findings: list[Finding],
) -> list[NormalizedName]:
    known: list[NormalizedName] = []
    for raw in requested:
        name = canonicalize_name(raw)
        if name in available:
            if name not in known:
                known.append(name)
            continue
        findings.append(_unknown(code, kind, name, list(available), None))
    return known


def _unknown(
    code: Code, kind: str, name: str, available: list[NormalizedName], location: Location | None
) -> Finding:
    plural = "extras" if kind == "extra" else "dependency groups"
    hint = (
        f"the project's {plural}: {', '.join(available)}"
        if available
        else f"the project has no {plural}"
    )
    return make_finding(
        code,
        f"the project has no {kind} named {name!r}",
        subject=name,
        location=location,
        hint=hint,
    )


def _with_self_references(
    project: Project,
    tables: list[tuple[str, NormalizedName | None, tuple[Dependency, ...]]],
    extras: list[NormalizedName],
    groups: list[NormalizedName],
    findings: list[Finding],
) -> list[NormalizedName]:
    """``extras`` plus the extras the project's chosen tables ask of the project itself."""
    chosen = list(extras)
    reported: set[NormalizedName] = set()
    changed = True
    while changed:  # an extra may name the project with further extras: repeat until stable
        changed = False
        for table, name, deps in tables:
            if table == OPTIONAL and name not in chosen:
                continue
            if table == GROUPS and name not in groups:
                continue
            for dep in deps:
                if not _is_self(project, dep):
                    continue
                for extra in dep.extras:
                    if extra in project.optional_dependencies:
                        if extra not in chosen:
                            chosen.append(extra)
                            changed = True
                    elif extra not in reported:
                        reported.add(extra)
                        where = declared_at(project, table, name, dep)
                        available = list(project.optional_dependencies)
                        findings.append(
                            _unknown(Code.UNKNOWN_EXTRA, "extra", extra, available, where)
                        )
    return chosen


def _is_self(project: Project, dependency: Dependency) -> bool:
    return (
        project.canonical_name is not None
        and dependency.name == project.canonical_name
        and dependency.url is None
        and dependency.source is None
    )


def _declared(
    project: Project, table: str, name: NormalizedName | None, dependency: Dependency
) -> Declared:
    return Declared(
        dependency=dependency,
        table=table,
        name=name,
        location=declared_at(project, table, name, dependency),
    )
