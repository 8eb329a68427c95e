"""Renderer B: a lock plan as a pyproject.nix build set (the uv2nix way, rendered ahead of time).

pyproject.nix's builders (its manual, "Build") keep run-time dependencies out
of the build: each package is a ``stdenv.mkDerivation`` with
``pyprojectHook`` (a wheel is built from the sdist or source tree, with its
build system resolved by ``resolveBuildSystem``) or ``pyprojectWheelHook``
(a wheel is installed as it is), and names what it needs at run time in
``passthru.dependencies`` -- ``{ name = [ extras ]; }`` --,
``passthru.optional-dependencies`` and ``passthru.dependency-groups``.
``mkVirtualEnv`` gathers a closure of those into one virtual environment,
with a resolver that accepts cycles. uv2nix computes such a set from
``uv.lock`` while Nix evaluates; pynix writes it out from a
:class:`~pynix.plan.Plan`, so Nix parses no TOML and no PEP 508 marker.

``build-set.nix`` (:func:`render_build_set`) is an overlay for the scope
``pkgs.callPackage pyproject-nix.build.packages { inherit python; }``::

    { lib }:
    final: prev:
    let
      inherit (prev) stdenv python;
      planned = { x86_64-linux = [ "3.12" "3.13" ]; … };
    in
    if !builtins.elem python.pythonVersion planned.${stdenv.hostPlatform.system} or [ ] then
      throw "pynix: build-set.nix was planned for …"
    else
      {
        # beta 1.0: wheel beta-1.0-py3-none-any.whl
        beta = final.callPackage (
          { stdenv, lib, python, fetchurl, pyprojectWheelHook }:
          stdenv.mkDerivation {
            pname = "beta";
            version = "1.0";
            src = fetchurl { url = "…"; hash = "sha256-…"; };
            nativeBuildInputs = [ pyprojectWheelHook ];
            passthru = {
              dependencies = lib.optionalAttrs (lib.versionOlder python.pythonVersion "3.13") {
                gamma = [ ];
              };
              optional-dependencies = { fast = { delta = [ ]; }; };
            };
          }
        ) { };
        …
      }

Decisions:

* **One attribute per name**, as pyproject.nix's resolvers look packages up
  by name. A name pinned several times (uv's forks) chooses its pin by
  target: ``torch = if stdenv.hostPlatform.isDarwin then final.callPackage
  (…) { } else final.callPackage (…) { };``.
* **The file per target** comes from the plan's choices, each condition
  written by :func:`~pynix.render.targets.targets_condition`; a target the
  lock has no file for reaches a ``throw`` naming the package, the system
  and the Python version (the plan reports it as an error too, and
  :func:`render_files` writes nothing for a plan with errors).
* **Wheels** for Linux with compiled code get ``autoPatchelfHook`` and, as
  ``buildInputs``, the nixpkgs packages of the libraries enrichment found
  (``pkgs.zlib``: reached through ``pkgs``, as a Python package may share a
  library's name); run-time-provided ones (``libcuda.so.1``) go to
  ``autoPatchelfIgnoreMissingDeps``.
* **Build systems** of sdists and source trees are the lock's (filled by
  enrichment) or, for the project itself, the project's; unknown ones are
  setuptools and wheel, flagged (``unknown-build-system``) and said in the
  package's comment. They are resolved over the set and the base set of
  build systems (pyproject-build-systems); a cycle ``resolveBuildSystem``
  cannot get through is an error finding (``build-system-cycle``), a name
  neither provides a warning (``build-requirement-not-provided``).
* **Sources**: see :mod:`pynix.render._build_set_sources` (git by commit
  through ``builtins.fetchGit``; local paths relative to the output
  directory through ``GenerateOptions.project_dir``).
* **Local projects** (workspace members, editable path sources, the project
  of a poetry/pdm lock) take ``editableRoot ? null``; the dev shell
  overrides it to install them in place. uv's virtual projects are not
  built: an empty output with their ``passthru``.
* **Cycles** need nothing: ``mkVirtualEnv``'s resolver accepts them, so no
  edge is cut (``Edge.cut`` is for renderers that need a DAG).
* **Interpreters and systems**: the overlay refuses one the plan did not
  cover, at once, since its conditions are only exact on planned targets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from packaging.utils import NormalizedName

from pynix._gc import paused_gc
from pynix.errors import Location
from pynix.model import (
    Artifact,
    BuildSystem,
    Dependency,
    Finding,
    PathSource,
    Project,
    Severity,
    WorkspaceSource,
)
from pynix.nix import (
    Call,
    Entry,
    Expr,
    attrs,
    bind,
    call,
    comment,
    if_,
    inherit,
    lam,
    let_,
    list_,
    lit,
    not_,
    op,
    pattern,
    s,
    select,
    var,
)
from pynix.nixpkgs.names import NameMap
from pynix.nixpkgs.sonames import native_inputs
from pynix.plan import Build, Choice, Installed, Pin, Plan, PlanMode, PlannedPackage, systems_of
from pynix.render._build_set_files import Wiring, build_set_scaffold
from pynix.render._build_set_needs import (
    Conditions,
    Need,
    needs_of_dependencies,
    needs_of_edges,
    needs_of_table,
    spec,
)
from pynix.render._build_set_package import EDITABLE, Unit, Variant, choose, unit_function
from pynix.render._build_set_sources import artifact_src, source_src, subdirectory_of
from pynix.render._build_set_systems import BASE_BUILD_SYSTEMS, build_cycles, build_needs
from pynix.render._build_set_text import (
    About,
    linux_binary,
    notes_text,
    source_text,
    targets_text,
)
from pynix.render._target_sets import TARGET, target_binding
from pynix.render.generate import GenerateOptions
from pynix.render.meta import main_program, render_meta
from pynix.render.result import Rendered, RenderedFiles, merge_findings
from pynix.render.scaffold import scaffold_files
from pynix.render.targets import TargetScope
from pynix.standards.targets import Target

__all__ = ["BUILD_SET_FILE", "RESERVED_NAMES", "render_build_set", "render_files"]

BUILD_SET_FILE = "build-set.nix"

#: Attributes of pyproject.nix's scope that a package of the same name would replace.
RESERVED_NAMES = frozenset(
    {
        "callPackage", "hooks", "mkVirtualEnv", "newScope", "overrideScope", "packages", "pkgs",
        "pyprojectHook", "pyprojectWheelHook", "pyprojectEditableHook", "pyprojectDistHook",
        "python", "pythonPkgsBuildHost", "pythonPkgsHostHost", "resolveBuildSystem",
        "resolveVirtualEnv", "stdenv",
    }
)  # fmt: skip


# Nodes every package has, made once (the printer also writes each of them once).
_CALL_PACKAGE = var("final.callPackage")
_NO_ARGUMENTS = attrs()
_WHEEL_HOOKS = list_([var("pyprojectWheelHook")])
_LINUX_WHEEL_HOOKS = list_([var("pyprojectWheelHook"), var("autoPatchelfHook")])


def render_build_set(
    plan: Plan, project: Project | None = None, *, options: GenerateOptions | None = None
) -> Rendered:
    """``build-set.nix`` for ``plan``: the overlay of the module docstring.

    Renders whatever the plan holds, errors included (a target without a
    file becomes a ``throw``); the findings are the plan's and the
    renderer's, so nothing is rendered silently. Never raises.
    """
    with paused_gc():  # a large acyclic tree: see pynix._gc
        return _BuildSet(plan, project, options or GenerateOptions()).render()


def render_files(
    plan: Plan,
    project: Project | None,
    *,
    names: NameMap | None = None,
    options: GenerateOptions | None = None,
) -> RenderedFiles:
    """The files of ``pynix generate --style pyproject-nix``: ``build-set.nix``, ``default.nix``,
    ``shell.nix`` and ``flake.nix``.

    A plan with errors gives no files, only findings (the plan's, and one
    ``plan-has-errors`` saying nothing was written). ``names`` is accepted
    for the shared signature and not used: the build set names packages by
    their PyPI names, and native libraries come from the soname table.

    >>> from pynix.model import Artifact, ArtifactKind, LockedPackage, LockFormat, LockSet
    >>> from pynix.model import RegistrySource
    >>> from pynix.plan import plan
    >>> wheel = Artifact(
    ...     kind=ArtifactKind.WHEEL,
    ...     filename="idna-3.10-py3-none-any.whl",
    ...     url="https://example.org/idna-3.10-py3-none-any.whl",
    ...     hash="sha256-" + "A" * 43 + "=",
    ... )
    >>> idna = LockedPackage(
    ...     name="idna",
    ...     version="3.10",
    ...     source=RegistrySource(url="https://pypi.org/simple"),
    ...     wheels=(wheel,),
    ... )
    >>> files = render_files(plan(LockSet(format=LockFormat.PYLOCK, packages=(idna,))), None)
    >>> sorted(files.files)
    ['build-set.nix', 'default.nix', 'flake.nix', 'shell.nix']
    >>> print(files.texts()["build-set.nix"].split("else\\n", 1)[1], end="")
      {
        # idna 3.10: wheel idna-3.10-py3-none-any.whl
        idna =
          final.callPackage
            (
              { stdenv, fetchurl, pyprojectWheelHook }:
              stdenv.mkDerivation {
                pname = "idna";
                version = "3.10";
                src = fetchurl {
                  url = "https://example.org/idna-3.10-py3-none-any.whl";
                  hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
                };
                nativeBuildInputs = [ pyprojectWheelHook ];
              }
            )
            { };
      }
    """
    chosen = options or GenerateOptions()
    if plan.errors:
        stop = Finding(
            severity=Severity.ERROR,
            code="plan-has-errors",
            message=f"the plan has {len(plan.errors)} error(s): no Nix file was rendered",
            hint="fix the errors above, or choose targets the lock covers",
        )
        return RenderedFiles(files={}, findings=merge_findings(plan.findings, [stop]))
    with paused_gc():  # a large acyclic tree: see pynix._gc
        builder = _BuildSet(plan, project, chosen)
        build_set = builder.render()
        files = scaffold_files(build_set_scaffold(builder.wiring(), chosen))
    return RenderedFiles(
        files={BUILD_SET_FILE: build_set.expr, **files}, findings=merge_findings(builder.findings)
    )


class _BuildSet:
    def __init__(self, plan: Plan, project: Project | None, options: GenerateOptions) -> None:
        self.plan = plan
        self.project = project
        self.options = options
        self.conditions = Conditions(plan.targets, TargetScope())
        self.findings: list[Finding] = list(plan.findings)
        # Per pin, where it is installed with extras or groups (most pins have none: hashing
        # every pin and target of every environment would cost more than the rest).
        self.installed: dict[Pin, dict[Target, Installed]] = {}
        for environment in plan.environments:
            for entry in environment.installed:
                if entry.extras or entry.groups:
                    self.installed.setdefault(entry.pin, {})[environment.target] = entry
        self.provided = {p.pin.name for p in plan.packages}
        self.builds: dict[NormalizedName, dict[Target, list[Need]]] = {}
        self._build_needs: dict[
            tuple[int, int],
            tuple[BuildSystem | None, tuple[list[Need], list[tuple[Dependency, str]]]],
        ] = {}
        self.editable: list[tuple[str, str]] = []
        self.built_roots: list[NormalizedName] = []
        own = project.canonical_name if project is not None else None
        self.project_unit = (
            own
            if own is not None and plan.mode is PlanMode.PROJECT and own not in self.provided
            else None
        )
        if self.project_unit is not None:
            self.provided.add(self.project_unit)

    # -- the overlay ---------------------------------------------------------------------------

    def render(self) -> Rendered:
        by_name: dict[NormalizedName, list[tuple[Unit, str]]] = {}
        for package in self.plan.packages:
            by_name.setdefault(package.pin.name, []).append(self.unit(package))
        if self.project_unit is not None:
            by_name.setdefault(self.project_unit, []).append(self.project_package())
        entries = [self.binding(name, units) for name, units in sorted(by_name.items())]
        self.report_build_cycles()
        planned = attrs(
            [
                bind(system, list_(versions))
                for system, versions in systems_of(self.plan.targets).items()
            ]
        )
        shown = targets_text(self.plan.targets, self.plan.targets, versions=True)
        refuse = call(
            var("throw"),
            s(
                f"pynix: {BUILD_SET_FILE} was planned for {shown or 'no target'}; not for ",
                var("stdenv.hostPlatform.system"),
                " with Python ",
                var("python.pythonVersion"),
                " (plan and generate again for it)",
            ),
        )
        planned_here = call(
            var("builtins.elem"),
            var("python.pythonVersion"),
            select(var("planned"), var("stdenv.hostPlatform.system"), default=list_()),
        )
        lets: list[Entry] = [
            inherit("stdenv", "python", source=var("prev")),
            bind("planned", planned),
        ]
        if TARGET in self.conditions.sets.used:
            lets.append(target_binding(self.conditions.scope))
        body = let_(lets, if_(not_(planned_here), refuse, attrs(entries)))
        overlay = lam(pattern(["lib"]), lam("final", lam("prev", body)))
        header = (
            f"Generated by `pynix generate --style pyproject-nix`{self.source()}.\n"
            "An overlay for pyproject.nix's build scope (see default.nix): one package per "
            "pinned name,\nrun-time dependencies in passthru, build systems through "
            "resolveBuildSystem."
        )
        return Rendered(expr=comment(header, overlay), findings=merge_findings(self.findings))

    def source(self) -> str:
        file = self.plan.lock.source_file
        return f" from {file.replace(chr(92), '/').rsplit('/', 1)[-1]}" if file else ""

    def binding(self, name: NormalizedName, units: list[tuple[Unit, str]]) -> Entry:
        if name in RESERVED_NAMES:
            self.finding(
                Severity.ERROR,
                "reserved-name",
                f"{name}: a package of this name replaces pyproject.nix's own {name!r}",
                subject=name,
            )
        units = self.disjoint(name, units)
        calls = [
            (
                unit.targets,
                Call(
                    func=_CALL_PACKAGE, args=(unit_function(unit, self.conditions), _NO_ARGUMENTS)
                ),
            )
            for unit, _ in units
        ]
        universe = 0
        for unit, _ in units:
            universe |= self.conditions.mask(unit.targets)
        value = choose(calls, universe, self.conditions) if len(calls) > 1 else calls[0][1]
        return bind(name, value, comment="\n".join(text for _, text in units))

    def disjoint(
        self, name: NormalizedName, units: list[tuple[Unit, str]]
    ) -> list[tuple[Unit, str]]:
        """``units`` with no target claimed twice: the later pin (higher version) keeps it.

        A plan installs one pin of a name per target; a plan that installs
        two (a lock whose forks carry no markers) is reported, not guessed at
        silently.
        """
        if len(units) == 1:
            return units
        owner: dict[Target, int] = {}
        for index, (unit, _) in enumerate(units):
            for target in unit.targets:
                owner[target] = index
        shared = [t for t in self.plan.targets if sum(t in u.targets for u, _ in units) > 1]
        if not shared:
            return units
        kept = units[max(owner[t] for t in shared)][0]
        self.finding(
            Severity.ERROR,
            "ambiguous-pins",
            f"{name} is pinned more than once for the same targets "
            f"({', '.join(u.shown for u, _ in units)}); {kept.shown} is used there",
            subject=name,
            hint="lock with markers that tell the pins apart, or plan with the project",
            target=targets_text(shared, self.plan.targets),
        )
        result = []
        for index, (unit, text) in enumerate(units):
            mine = tuple(t for t in unit.targets if owner[t] == index)
            if mine:
                result.append((dataclasses.replace(unit, targets=mine), text))
        return result

    # -- one pin -------------------------------------------------------------------------------

    def unit(self, package: PlannedPackage) -> tuple[Unit, str]:
        pin = package.pin
        shown = str(pin)
        installed = self.installed.get(pin, {})
        source = pin.source
        editable = isinstance(source, PathSource) and source.editable and not source.virtual
        if isinstance(source, WorkspaceSource):
            self.finding(
                Severity.ERROR,
                "unlocated-source",
                f"{shown}: the lock names a workspace member without its directory",
                subject=pin.name,
                hint="lock the workspace with uv, whose lock records each member's path",
                where=package.package.location,
            )
        is_project = self.project is not None and pin.name == self.project.canonical_name
        variants: list[Variant] = []
        missing: list[Target] = []
        notes: list[str] = []
        build_system: Expr | None = None
        for choice in package.choices:
            if choice.build is Build.MISSING:
                missing.extend(choice.targets)
                continue
            attributes, note, needs = self.variant(
                package, choice, editable=editable, own=is_project
            )
            if needs is not None and editable:
                build_system = needs
            variants.append(Variant(targets=choice.targets, attributes=attributes))
            notes.append(note)
        if missing:
            notes.append(f"no file for {targets_text(missing, self.plan.targets)}")
        passthru = self.passthru(package, installed, editable=editable and build_system is not None)
        version = pin.version
        if is_project and self.options.version is not None:
            version = self.options.version
        unit = Unit(
            name=pin.name,
            version=version or "0",
            shown=shown,
            targets=package.targets,
            variants=tuple(variants),
            missing=tuple(missing),
            passthru=tuple(passthru),
            build_system=build_system,
            editable=editable and build_system is not None,
            meta=self.meta() if is_project else None,
            version_comment=None if version else "The lock records no version (dynamic).",
        )
        if unit.editable and isinstance(source, PathSource):
            self.editable.append((pin.name, source.path))
        if package.root and any(c.build is Build.SOURCE for c in package.choices):
            self.built_roots.append(pin.name)
        text = notes_text(shown, notes)
        return unit, text

    def variant(
        self, package: PlannedPackage, choice: Choice, *, editable: bool, own: bool
    ) -> tuple[tuple[tuple[str, Expr], ...], str, Expr | None]:
        """The attributes of one choice, a note for the comment, and the build spec if built."""
        about = About.of(package)
        shown = about.shown
        source = package.pin.source
        project_dir = self.options.project_dir
        if choice.build is Build.VIRTUAL:
            install = 'runHook preInstall\nmkdir -p "$out"\nrunHook postInstall\n'
            virtual = (
                ("dontUnpack", lit(value=True)),
                ("dontConfigure", lit(value=True)),
                ("dontBuild", lit(value=True)),
                ("installPhase", s(install, indented=True)),
            )
            return (
                virtual,
                "virtual project: nothing to build, only its dependencies",
                None,
            )
        if choice.build is Build.WHEEL:
            assert choice.artifact is not None
            src, impure = artifact_src(choice.artifact, project_dir)
            if impure:
                self.unhashed(about, choice.artifact.filename)
            hooks = _WHEEL_HOOKS
            extra: list[tuple[str, Expr]] = []
            if linux_binary(choice.artifact.filename):
                hooks = _LINUX_WHEEL_HOOKS
                extra = self.native(about, choice.artifact)
            return (
                (("src", src), ("nativeBuildInputs", hooks), *extra),
                f"wheel {choice.artifact.filename}",
                None,
            )
        if choice.artifact is not None:  # an sdist
            src, impure = artifact_src(choice.artifact, project_dir)
            if impure:
                self.unhashed(about, choice.artifact.filename)
            what = f"sdist {choice.artifact.filename}"
        else:
            src = source_src(source, project_dir, shown)
            what = source_text(source, editable=editable)
        build = package.package.build_system
        if build is None and own and self.project is not None:
            build = self.project.build_system
        needs, found = self.build_spec(
            about, build, choice.targets, sdist=choice.artifact is not None
        )
        if build is None:
            what += "\nbuild system unknown: setuptools and wheel assumed"
        else:
            what += ", built with " + (", ".join(dict.fromkeys(n.name for n in found)) or "nothing")
        hook: Expr = (
            if_(EDITABLE, var("pyprojectEditableHook"), var("pyprojectHook"))
            if editable
            else var("pyprojectHook")
        )
        resolved = call(var("resolveBuildSystem"), var("buildSystem") if editable else needs)
        attributes: list[tuple[str, Expr]] = [("src", src)]
        unpack = subdirectory_of(source)
        if unpack is not None:
            attributes.append(("postUnpack", unpack))
        attributes.append(("nativeBuildInputs", op("++", list_([hook]), resolved)))
        return tuple(attributes), what, needs

    def needs_to_build(
        self, build: BuildSystem | None, targets: Sequence[Target]
    ) -> tuple[list[Need], list[tuple[Dependency, str]]]:
        """:func:`build_needs`, once per build system and set of targets (sdists of unknown
        build systems all share setuptools and wheel)."""
        key = (id(build), self.conditions.mask(targets))
        found = self._build_needs.get(key)
        if found is None:
            found = (build, build_needs(build, targets, self.conditions))
            self._build_needs[key] = found  # holds `build`, whose id() is in the key
        return found[1]

    def build_spec(
        self,
        about: About,
        build: BuildSystem | None,
        targets: Sequence[Target],
        *,
        sdist: bool,
    ) -> tuple[Expr, list[Need]]:
        """The ``resolveBuildSystem`` argument of ``build`` on ``targets``, and its needs."""
        name, shown, where = about.name, about.shown, about.where
        needs, undecided = self.needs_to_build(build, targets)
        bit = self.conditions.sets.bit
        for target in targets:
            self.builds.setdefault(name, {})[target] = [n for n in needs if n.mask & bit(target)]
        for dependency, why in undecided:
            self.finding(
                Severity.WARNING,
                "marker-undecided",
                f"{shown}: build requirement {dependency} has a marker that cannot be decided "
                f"({why}); taken as false",
                subject=name,
                where=where,
            )
        if build is None:
            self.finding(
                Severity.WARNING,
                "unknown-build-system",
                f"{shown}: its build system is unknown; setuptools and wheel are assumed",
                subject=name,
                hint="let pynix read the sdist's pyproject.toml: enrichment"
                if sdist
                else "the lock does not record the build systems of source trees",
                where=where,
            )
        for need in needs:
            if need.name not in self.provided and need.name not in BASE_BUILD_SYSTEMS:
                self.finding(
                    Severity.WARNING,
                    "build-requirement-not-provided",
                    f"{shown}: build requirement {need.name} is neither in the lock nor in "
                    "pyproject-build-systems",
                    subject=name,
                    hint=f"add {need.name} to the build set with an overlay",
                    where=where,
                )
        return spec(needs, list(targets), self.conditions), needs

    def native(self, about: About, artifact: Artifact) -> list[tuple[str, Expr]]:
        shown = about.shown
        if artifact.needed_libraries is None:
            self.finding(
                Severity.INFO,
                "native-libraries-unknown",
                f"{shown}: {artifact.filename} has compiled code whose libraries were not read; "
                "autoPatchelfHook names any it cannot find",
                subject=about.name,
                hint="let pynix read the wheel: enrichment",
                where=about.where,
            )
            return []
        found = native_inputs(artifact.needed_libraries)
        for soname in found.unknown:
            self.finding(
                Severity.WARNING,
                "unknown-native-library",
                f"{shown}: {artifact.filename} needs {soname}, which no known nixpkgs package "
                "provides; autoPatchelfHook will stop at it",
                subject=about.name,
                hint="add the package that provides it to buildInputs with an overlay",
                where=about.where,
            )
        result: list[tuple[str, Expr]] = []
        if found.attrs:
            result.append(
                ("buildInputs", list_([select(var("pkgs"), *a.split(".")) for a in found.attrs]))
            )
        if found.runtime_provided:
            result.append(("autoPatchelfIgnoreMissingDeps", list_(found.runtime_provided)))
        return result

    def passthru(
        self, package: PlannedPackage, installed: dict[Target, Installed], *, editable: bool
    ) -> list[Entry]:
        plain = [e for e in package.dependencies if e.extra is None and e.group is None]
        merge = call(var("lib.optionalAttrs"), EDITABLE, var("buildSystem")) if editable else None
        entries: list[Entry] = []
        needs = needs_of_edges(plain, self.conditions)
        if needs or merge is not None:
            entries.append(
                bind("dependencies", spec(needs, package.targets, self.conditions, merge=merge))
            )
        for key, field in (("optional-dependencies", "extras"), ("dependency-groups", "groups")):
            names = sorted({n for i in installed.values() for n in getattr(i, field)})
            tables: list[Entry] = []
            for table in names:
                universe = [
                    t
                    for t in package.targets
                    if t in installed and table in getattr(installed[t], field)
                ]
                edges = [
                    e
                    for e in package.dependencies
                    if (e.extra if field == "extras" else e.group) == table
                ]
                needs_here = needs_of_edges(edges, self.conditions)
                tables.append(bind(table, spec(needs_here, universe, self.conditions)))
            if tables:
                entries.append(bind(key, attrs(tables)))
        return entries

    # -- the project of a poetry.lock / pdm.lock ----------------------------------------------

    def project_package(self) -> tuple[Unit, str]:
        project = self.project
        assert project is not None
        assert self.project_unit is not None
        name = self.project_unit
        targets = self.plan.targets
        shown = f"{name} {project.version}" if project.version else name
        on: dict[Target, set[str]] = {
            e.target: {i.pin.name for i in e.installed} for e in self.plan.environments
        }
        about = About(name=name, shown=shown, where=None)
        needs, _ = self.build_spec(about, project.build_system, targets, sdist=False)
        src = source_src(PathSource(path="."), self.options.project_dir, shown)
        hook = if_(EDITABLE, var("pyprojectEditableHook"), var("pyprojectHook"))
        resolved = call(var("resolveBuildSystem"), var("buildSystem"))
        attributes = (("src", src), ("nativeBuildInputs", op("++", list_([hook]), resolved)))
        passthru: list[Entry] = []
        deps, undecided = needs_of_dependencies(
            project.dependencies, targets, self.conditions, installed=on
        )
        merge = call(var("lib.optionalAttrs"), EDITABLE, var("buildSystem"))
        passthru.append(bind("dependencies", spec(deps, targets, self.conditions, merge=merge)))
        for key, table, chosen, is_extra in (
            ("optional-dependencies", project.optional_dependencies, self.plan.extras, True),
            ("dependency-groups", project.dependency_groups, self.plan.groups, False),
        ):
            entries: list[Entry] = []
            for part in chosen:
                found, more = needs_of_dependencies(
                    table.get(part, ()),
                    targets,
                    self.conditions,
                    extras=[part] if is_extra else (),
                    installed=on,
                )
                undecided.extend(more)
                entries.append(bind(part, spec(found, targets, self.conditions)))
            if entries:
                passthru.append(bind(key, attrs(entries)))
        for dependency, why in undecided:
            self.finding(
                Severity.WARNING,
                "marker-undecided",
                f"{name}: the marker of {dependency} cannot be decided ({why}); taken as false",
                subject=name,
            )
        version = self.options.version or project.version
        unit = Unit(
            name=name,
            version=version or "0",
            shown=shown,
            targets=targets,
            variants=(Variant(targets=targets, attributes=attributes),),
            passthru=tuple(passthru),
            build_system=needs,
            editable=True,
            meta=self.meta(),
            version_comment=None if version else "The project's version is dynamic.",
        )
        self.editable.append((name, "."))
        self.built_roots.append(name)
        text = (
            f"{shown}: the project, built from its directory (installed in place in the dev shell)"
        )
        return unit, text

    def meta(self) -> Expr | None:
        if self.project is None:
            return None
        meta = render_meta(self.project)
        self.findings.extend(meta.findings)
        return meta.expr if meta.expr != attrs() else None

    # -- what the target files need -----------------------------------------------------------

    def wiring(self) -> Wiring:
        """What default.nix, shell.nix and flake.nix need (after :meth:`render`)."""
        plan, project = self.plan, self.project
        scope = TargetScope(
            host=var("pkgs.stdenv.hostPlatform"),
            python_version=var("python.pythonVersion"),
            lib=var("lib"),
        )
        application, development = self.root_needs()
        roots = sorted({n.name for n in development})
        own = project.canonical_name if project is not None else None
        if own is None:
            # Without the project file, the root in the lock's own directory is the project.
            here = [
                p.pin.name
                for p in plan.packages
                if p.root and isinstance(p.pin.source, PathSource) and p.pin.source.path == "."
            ]
            own = here[0] if len(here) == 1 else roots[0] if len(roots) == 1 else None
        name = own or "python"
        wheel: str | None = own if own in self.built_roots else None
        if wheel is None and self.built_roots:
            wheel = self.built_roots[0]
        version = project.version if project is not None else None
        if version is None and name in roots:
            version = next((p.pin.version for p in plan.packages if p.pin.name == name), None)
        if wheel is None:
            self.finding(
                Severity.INFO,
                "no-wheel",
                "no package of the project is built (a virtual project, or no project): "
                "packages.wheel is left out",
            )
        source_file = project.source_file if project is not None else None
        project_file = (
            source_file.replace(chr(92), "/").rsplit("/", 1)[-1]
            if source_file
            else "pyproject.toml"
        )
        description = (project.description if project is not None else None) or (
            f"{name}: a pyproject.nix build set{self.source()}"
        )
        lock_file = plan.lock.source_file
        return Wiring(
            source=lock_file.replace(chr(92), "/").rsplit("/", 1)[-1] if lock_file else None,
            description=description,
            systems=tuple(systems_of(plan.targets)),
            name=name,
            version=self.options.version or version,
            application=spec(application, plan.targets, Conditions(plan.targets, scope)),
            development=spec(development, plan.targets, Conditions(plan.targets, scope)),
            wheel=wheel,
            editable=tuple(self.editable),
            main_program=main_program(project) if project is not None else None,
            project_file=project_file,
        )

    def root_needs(self) -> tuple[list[Need], list[Need]]:
        """The ``mkVirtualEnv`` specs: without the dependency groups, and with them."""
        plan = self.plan
        if self.project_unit is not None:
            everywhere = self.conditions.sets.all
            both = tuple(sorted({*plan.extras, *plan.groups}))
            return (
                [Need(name=self.project_unit, extras=plan.extras, mask=everywhere)],
                [Need(name=self.project_unit, extras=both, mask=everywhere)],
            )
        packages = {p.pin: p.package for p in plan.packages}
        application: dict[NormalizedName, dict[Target, set[NormalizedName]]] = {}
        development: dict[NormalizedName, dict[Target, set[NormalizedName]]] = {}
        for environment in plan.environments:
            for entry in environment.installed:
                if not entry.root:
                    continue
                if plan.mode is PlanMode.LOCK_ROOTS:
                    package = packages[entry.pin]
                    extras = {e for e in plan.extras if e in package.optional_dependencies}
                    groups = {g for g in plan.groups if g in package.dependency_groups}
                else:
                    extras, groups = set(entry.extras), set(entry.groups)
                target = environment.target
                application.setdefault(entry.pin.name, {})[target] = extras
                development.setdefault(entry.pin.name, {})[target] = extras | groups
        return (
            needs_of_table(application, self.conditions),
            needs_of_table(development, self.conditions),
        )

    # -- findings ------------------------------------------------------------------------------

    def report_build_cycles(self) -> None:
        for cycle in build_cycles(self.plan, self.builds):
            where = targets_text(cycle.targets, self.plan.targets)
            self.findings.append(
                Finding(
                    severity=Severity.ERROR,
                    code="build-system-cycle",
                    message=cycle.describe(),
                    subject=cycle.package,
                    target=where or None,
                    hint="install one of them from a wheel ([tool.pynix.packages.<name>] "
                    'prefer = "wheel"), or break the cycle with an overlay',
                )
            )

    def unhashed(self, about: About, filename: str) -> None:
        self.finding(
            Severity.WARNING,
            "impure-fetch",
            f"{about.shown}: {filename} has no hash; builtins.fetchurl fetches it impurely",
            subject=about.name,
            where=about.where,
        )

    def finding(
        self,
        severity: Severity,
        code: str,
        message: str,
        *,
        subject: str | None = None,
        hint: str | None = None,
        target: str | None = None,
        where: Location | None = None,
    ) -> None:
        lock_file = self.plan.lock.source_file
        location = Location(file=lock_file) if lock_file else None
        if where is not None:
            location = Location(file=where.file or lock_file, line=where.line, key=where.key)
        self.findings.append(
            Finding(
                severity=severity,
                code=code,
                message=message,
                subject=subject,
                location=location,
                hint=hint,
                target=target or None,
            )
        )
