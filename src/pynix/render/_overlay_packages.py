"""One pin of the overlay as Nix: its derivation, its dependencies, its one-line comment (private).

Dependencies come from the plan's edges: every edge from the pin that is
not cut and does not belong to a dependency group, whatever the way in (an
edge of the pin's extra ``fast`` is followed exactly where the plan
activated ``fast``, so it is one of the pin's dependencies there). Each is
written once per binding name, under the condition over the pin's own
targets where some edge to it holds (:class:`~pynix.render._target_sets.TargetSets`).

Cycles: nixpkgs' propagation cannot express a cycle, so the plan's cut
edges are left out (and the pin gets ``dontCheckRuntimeDeps = true``:
nixpkgs' check of the installed metadata would miss the cut dependency, as
nixpkgs' own ``sphinxcontrib-*`` recipes say). So that a package depending
on any member of a cycle still brings in every member, each dependency on a
member also lists the other members (no new cycle: they cannot reach back
to the dependent).
"""

from __future__ import annotations

from collections.abc import Sequence

from packaging.utils import NormalizedName, canonicalize_name

from pynix.model import Artifact, Finding, GitSource, LockedPackage, PathSource, Severity, UrlSource
from pynix.nix import Call, Entry, Expr, attrs, bind, call, if_, let_, list_, s, select, var
from pynix.nixpkgs.names import Mapped, NameMap
from pynix.nixpkgs.sonames import native_inputs
from pynix.plan import Build, Choice, Cycle, Pin, Plan, PlannedPackage
from pynix.render._overlay_decide import Decision, Kind
from pynix.render._overlay_sources import (
    artifact_src,
    is_linux_binary,
    subdirectory_root,
    tree_src,
)
from pynix.render._scope import free_variables
from pynix.render._target_sets import TargetSets
from pynix.render.conditions import Scope, compile_marker
from pynix.render.dependencies import PackageRef, dependency_list

__all__ = ["PackageWriter"]

_BUILD_SCOPE = Scope()
_LIB = var("lib")
_FETCHURL = var("fetchurl")


def _final(attr: str) -> Expr:
    return select(var("final"), attr)


class PackageWriter:
    """Writes the bindings of one plan's pins; collects findings on the way."""

    def __init__(
        self,
        plan: Plan,
        sets: TargetSets,
        attr_of: dict[NormalizedName, str],
        *,
        names: NameMap | None,
        project_dir: str,
        systems: Sequence[str],
    ) -> None:
        self.plan = plan
        self.sets = sets
        self.attr_of = attr_of
        self.names = names
        self.project_dir = project_dir
        self.systems = tuple(systems)
        self.findings: list[Finding] = []
        #: Variables the written expressions read besides ``final``, ``prev``, ``pkgs`` and ``lib``
        #: (with those of ``sets.used``): which ``inherit`` lines the overlay's ``let`` needs.
        self.used: set[str] = set()
        self.assumed: list[str] = []  # pins whose build system is assumed
        self.not_enriched: list[str] = []  # pins with Linux binary wheels and no library list
        self.cycle_of: dict[Pin, Cycle] = {m: c for c in plan.cycles for m in c.members}
        self.mask_of: dict[Pin, int] = {p.pin: sets.mask(p.targets) for p in plan.packages}

    # -- dependencies --------------------------------------------------------------------------

    def dependency_masks(self, package: PlannedPackage) -> dict[str, tuple[NormalizedName, int]]:
        """The pin's run-time dependencies: binding -> (name, targets where it is needed)."""
        by_child: dict[Pin, int] = {}
        for edge in package.dependencies:
            if edge.cut or edge.group is not None:
                continue
            by_child[edge.child] = by_child.get(edge.child, 0) | self.sets.mask(edge.targets)
        mine = self.cycle_of.get(package.pin)
        for child, mask in list(by_child.items()):
            cycle = self.cycle_of.get(child)
            if cycle is None or cycle is mine:
                continue
            for member in cycle.members:
                if member != child:
                    more = mask & self.mask_of.get(member, 0)
                    by_child[member] = by_child.get(member, 0) | more
        by_attr: dict[str, tuple[NormalizedName, int]] = {}
        for child, mask in by_child.items():
            attr = self.attr_of[child.name]
            name, found = by_attr.get(attr, (child.name, 0))
            by_attr[attr] = (name, found | mask)
        return by_attr

    def dependencies(self, package: PlannedPackage) -> Expr:
        """``[ final.a … ] ++ lib.optionals … [ … ]``."""
        return self.sets.conditional_list(
            ((_final(attr), mask) for attr, (_, mask) in self.dependency_masks(package).items()),
            self.mask_of[package.pin],
            _LIB,
        )

    def optional_dependencies(self, package: PlannedPackage) -> list[Entry]:
        """``optional-dependencies = { <extra> = [ … ]; }`` for the extras the plan activated.

        Their packages are among ``dependencies`` already (where the extra is
        active); the table is for what asks for ``<pin>.optional-dependencies.<extra>``,
        as nixpkgs' packages and the project's ``package.nix`` do.
        """
        universe = self.mask_of[package.pin]
        extras: dict[str, dict[str, tuple[NormalizedName, int]]] = {}
        for edge in package.dependencies:
            if edge.extra is None or edge.cut or edge.group is not None:
                continue
            table = extras.setdefault(edge.extra, {})
            attr = self.attr_of[edge.child.name]
            name, mask = table.get(attr, (edge.child.name, 0))
            table[attr] = (name, mask | self.sets.mask(edge.targets))
        if not extras:
            return []
        lists = [
            bind(
                extra,
                self.sets.conditional_list(
                    ((_final(a), m) for a, (_, m) in table.items()), universe, _LIB
                ),
            )
            for extra, table in sorted(extras.items())
        ]
        return [bind("optional-dependencies", attrs(lists))]

    def cut_lines(self, package: PlannedPackage) -> list[str]:
        """One comment line per edge cut from this pin."""
        lines = []
        for edge in package.dependencies:
            if not edge.cut:
                continue
            cycle = self.cycle_of.get(edge.parent)
            names = [m.name for m in cycle.members] if cycle is not None else []
            members = (
                " ↔ ".join(names)
                if len(names) == 2
                else ", ".join(names[:-1]) + f" and {names[-1]}"
                if names
                else f"{edge.parent.name} ↔ {edge.child.name}"
            )
            lines.append(
                f"cycle {members}: {edge.parent.name} does not depend on {edge.child.name} here"
            )
        return list(dict.fromkeys(lines))

    # -- sources and build inputs --------------------------------------------------------------

    def chain(
        self, package: PlannedPackage, choices: Sequence[Choice], missing: int, universe: int
    ) -> Expr:
        """The choices' sources by target (an ``if``, or a lookup by system, Python version or
        target: :meth:`~pynix.render._target_sets.TargetSets.by_target`), a ``throw`` for the
        ``missing`` targets."""
        alternatives = [
            (self.sets.mask(c.targets), self._src(c.artifact, package.package))
            for c in choices
            if c.artifact is not None
        ]
        if not alternatives:
            return self.no_file(package)
        fallback = self.no_file(package) if missing else None
        return self.sets.by_target(alternatives, universe, fallback)

    def no_file(self, package: PlannedPackage) -> Expr:
        """``throw "pynix: <pin> has no file for ${system} and Python ${version}"``."""
        message = s(
            f"pynix: {package.pin} has no file that runs on ",
            var("stdenv.hostPlatform.system"),
            " with Python ",
            var("python.pythonVersion"),
        )
        self.used.update(("stdenv", "python"))
        return call(var("throw"), message)

    def _src(self, artifact: Artifact, package: LockedPackage) -> Expr:
        src = artifact_src(artifact, package, project_dir=self.project_dir, findings=self.findings)
        if isinstance(src, Call) and src.func == _FETCHURL:
            self.used.add("fetchurl")
        return src

    def natives(
        self, package: PlannedPackage, choices: Sequence[Choice], universe: int
    ) -> list[Entry]:
        """``nativeBuildInputs = [ autoPatchelfHook ]`` and ``buildInputs`` for Linux wheels."""
        elf = 0
        libraries: dict[str, int] = {}
        runtime: dict[str, None] = {}
        for choice in choices:
            artifact = choice.artifact
            if artifact is None:
                continue
            if not is_linux_binary(artifact.filename):
                continue
            mask = self.sets.mask(choice.targets)
            elf |= mask
            if artifact.needed_libraries is None:
                self.not_enriched.append(str(package.pin))
                continue
            found = native_inputs(artifact.needed_libraries)
            for attr in found.attrs:
                libraries[attr] = libraries.get(attr, 0) | mask
            runtime.update(dict.fromkeys(found.runtime_provided))
            self.findings.extend(
                Finding(
                    severity=Severity.WARNING,
                    code="unknown-native-library",
                    message=f"{package.pin}: {artifact.filename} needs {soname}, which no "
                    "nixpkgs package is known to provide; autoPatchelfHook will stop on it",
                    subject=package.pin.name,
                    hint="add the package that provides it to buildInputs in an overlay",
                )
                for soname in found.unknown
            )
        if not elf:
            return []
        self.used.add("autoPatchelfHook")

        hook = self.sets.conditional_list([(var("autoPatchelfHook"), elf)], universe, _LIB)
        entries: list[Entry] = [bind("nativeBuildInputs", hook)]
        if libraries:
            inputs = self.sets.conditional_list(
                (
                    (select(var("pkgs"), *attr.split(".")), mask)
                    for attr, mask in sorted(libraries.items())
                ),
                universe,
                _LIB,
            )
            entries.append(bind("buildInputs", inputs))
        if runtime:
            entries.append(bind("autoPatchelfIgnoreMissingDeps", sorted(runtime)))
        return entries

    def build_system(self, decision: Decision) -> tuple[Expr, str]:
        """``build-system`` of a pin built from source, and how it was found (for the comment)."""
        package = decision.package.package
        system = package.build_system
        if system is None:
            self.assumed.append(str(decision.package.pin))
            return list_([_final("setuptools")]), "build system not known: setuptools assumed"
        if not system.declared or not system.requires:
            return (
                list_([_final("setuptools")]),
                "no [build-system]: setuptools, the legacy default",
            )
        refs: list[PackageRef] = []
        for requirement in system.requires:
            compiled = compile_marker(
                requirement.marker,
                scope=_BUILD_SCOPE,
                systems=self.systems,
                subject=requirement.name,
            )
            if compiled.condition is False:
                continue
            if compiled.condition is not True:
                self.used.update(free_variables(compiled.condition))
            refs.append(
                PackageRef(
                    name=requirement.name,
                    attr=self._build_attr(requirement.name, decision),
                    condition=compiled.condition,
                )
            )
        shown = ", ".join(dict.fromkeys(r.name for r in refs)) or "none"

        def ref(attr: str) -> Expr:
            # A backend that builds itself (flit-core) comes from nixpkgs' bootstrap.
            return select(var("prev"), attr) if attr == decision.attr else _final(attr)

        return dependency_list(refs, ref, lib=var("lib")), f"build system: {shown}"

    def _build_attr(self, name: NormalizedName, decision: Decision) -> str:
        normalized = canonicalize_name(name)
        if normalized in self.attr_of:
            return self.attr_of[normalized]
        if self.names is not None:
            found = self.names.lookup(normalized)
            if isinstance(found, Mapped):
                return found.attr
            self.findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="build-system-missing",
                    message=f"{decision.package.pin}: its build system needs {normalized}, which "
                    "neither the lock nor nixpkgs has",
                    subject=decision.package.pin.name,
                )
            )
        return normalized

    # -- derivations ---------------------------------------------------------------------------

    def _head(self, package: PlannedPackage) -> list[Entry]:
        version = package.pin.version
        if version is None:
            self.findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="dynamic-version",
                    message=f"{package.pin.name}: the lock records no version (it is dynamic); "
                    'its derivation is named with version "0" (the wheel has the real one)',
                    subject=package.pin.name,
                )
            )
        return [bind("pname", package.pin.name), bind("version", version or "0")]

    def wheel(
        self, package: PlannedPackage, missing: int, universe: int, dependencies: Expr
    ) -> Expr:
        """``buildPythonPackage { format = "wheel"; … }`` over the pin's wheel choices."""
        choices = [c for c in package.choices if c.build is Build.WHEEL]
        entries = [
            *self._head(package),
            bind("format", "wheel"),
            bind("src", self.chain(package, choices, missing, universe)),
            *self.natives(package, choices, universe),
            *_dependencies(dependencies),
            *self.optional_dependencies(package),
        ]
        return self._build(entries)

    def sdist(
        self,
        decision: Decision,
        missing: int,
        universe: int,
        dependencies: Expr,
        build_system: Expr,
    ) -> Expr:
        """``buildPythonPackage { pyproject = true; … }`` over the pin's sdist choices."""
        package = decision.package
        choices = [c for c in package.choices if c.build is Build.SDIST]
        entries = [
            *self._head(package),
            bind("pyproject", value=True),
            bind("src", self.chain(package, choices, missing, universe)),
        ]
        source = package.package.source
        if isinstance(source, UrlSource) and source.subdirectory:
            entries.append(subdirectory_root(source.subdirectory))
        entries += self._built(package, dependencies, build_system)
        return self._build(entries)

    def _build(self, entries: list[Entry]) -> Expr:
        self.used.add("buildPythonPackage")
        return call(var("buildPythonPackage"), attrs(entries))

    def _built(
        self, package: PlannedPackage, dependencies: Expr, build_system: Expr
    ) -> list[Entry]:
        entries: list[Entry] = [
            bind("build-system", build_system),
            *_dependencies(dependencies),
            *self.optional_dependencies(package),
        ]
        if any(edge.cut for edge in package.dependencies):
            entries.append(bind("dontCheckRuntimeDeps", value=True))
        return entries

    def source(self, decision: Decision, dependencies: Expr, build_system: Expr) -> Expr:
        """``buildPythonPackage`` from a git checkout or a local directory."""
        package = decision.package
        src, extra = tree_src(package.package, project_dir=self.project_dir)
        entries = [*self._head(package), bind("pyproject", value=True), bind("src", src), *extra]
        entries += self._built(package, dependencies, build_system)
        return self._build(entries)

    def recipe(self, decision: Decision, dependencies: Expr) -> Expr:
        """(b): ``prev.<attr>.overridePythonAttrs { version; src; …; patches = [ ]; }``."""
        package = decision.package
        sdist = package.package.sdist
        assert sdist is not None  # decided only for pins with an sdist
        entries = [
            bind("version", package.pin.version or "0"),
            bind("src", self._src(sdist, package.package)),
            bind("dependencies", dependencies),
            bind("patches", list_()),
        ]
        if any(edge.cut for edge in package.dependencies):
            entries.append(bind("dontCheckRuntimeDeps", value=True))
        return call(select(var("prev"), decision.attr, "overridePythonAttrs"), attrs(entries))

    def expr(self, decision: Decision) -> tuple[Expr, str]:
        """The pin's expression and its one-line decision comment (not for kind ``nixpkgs``)."""
        package = decision.package
        kind = decision.kind
        pin = str(package.pin)
        dependencies = self.dependencies(package)
        universe = self.mask_of[package.pin]
        missing = self.sets.mask(
            t for c in package.choices if c.build is Build.MISSING for t in c.targets
        )
        if kind is Kind.NIXPKGS_RECIPE:
            return self.recipe(decision, dependencies), (
                f"{pin}: nixpkgs' recipe (nixpkgs has {decision.nixpkgs_version}) with the locked "
                "sdist; nixpkgs' patches dropped"
            )
        if kind is Kind.MISSING:
            return self.no_file(package), f"{pin}: no file of it runs on any target that needs it"
        wheels = [c.artifact for c in package.choices if c.build is Build.WHEEL and c.artifact]
        if kind is Kind.WHEEL:
            return self.wheel(package, missing, universe, dependencies), f"{pin}: {_wheels(wheels)}"
        build_system, how = self.build_system(decision)
        if kind is Kind.SOURCE:
            return self.source(decision, dependencies, build_system), (
                f"{pin}: built from {_tree(package.package)}; {how}"
            )
        sdists = [c.artifact for c in package.choices if c.build is Build.SDIST and c.artifact]
        sdist_name = sdists[0].filename if sdists else "its sdist"
        if kind is Kind.SDIST:
            return self.sdist(decision, missing, universe, dependencies, build_system), (
                f"{pin}: built from the sdist {sdist_name}; {how}"
            )
        # Kind.WHEEL_OR_SDIST: a wheel where one runs, the sdist elsewhere.
        on_wheels = self.sets.mask(
            t for c in package.choices if c.build is Build.WHEEL for t in c.targets
        )
        shared = var("dependencies")
        chosen = if_(
            self.sets.condition(on_wheels, universe),
            self.wheel(package, 0, on_wheels, shared),
            self.sdist(decision, missing, universe & ~on_wheels, shared, build_system),
        )
        return let_([bind("dependencies", dependencies)], chosen), (
            f"{pin}: {_wheels(wheels)} where one runs, else the sdist {sdist_name}; {how}"
        )


def _dependencies(dependencies: Expr) -> list[Entry]:
    """``dependencies = …;``, left out when there are none (a new package has none by default)."""
    return [] if dependencies == list_() else [bind("dependencies", dependencies)]


def _wheels(wheels: Sequence[Artifact]) -> str:
    unique = list(dict.fromkeys(w.filename for w in wheels))
    native = any(is_linux_binary(name) for name in unique)
    hook = " (Linux binaries: autoPatchelfHook)" if native else ""
    if len(unique) == 1:
        return f"the wheel {unique[0]}{hook}"
    return f"a wheel per target ({len(unique)} wheels){hook}"


def _tree(package: LockedPackage) -> str:
    source = package.source
    if isinstance(source, GitSource):
        at = f" at {source.commit[:12]}" if source.commit else ""
        sub = f" (subdirectory {source.subdirectory})" if source.subdirectory else ""
        return f"git {source.url}{at}{sub}"
    if isinstance(source, PathSource):
        return f"the directory {source.path}"
    return "its source"
