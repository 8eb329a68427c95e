"""Renderer A: a lock as a ``packageOverrides`` overlay on nixpkgs' Python packages.

The setup.nix / mach-nix way: the locked packages are layered over
nixpkgs' Python set, reusing nixpkgs' packages and build recipes where they
fit. ``python-packages.nix`` is a function of ``{ pkgs, lib ? pkgs.lib }``
returning the overlay ``final: prev: { … }``, for::

    lockedPython = pkgs.python3.override {
      self = lockedPython;
      packageOverrides = import ./python-packages.nix { inherit pkgs; };
    };

Every pin gets a binding with a one-line comment saying what was decided
(:mod:`pynix.render._overlay_decide` has the rules)::

    # requests 2.32.3: nixpkgs' own (same version)
    inherit (prev) requests;
    # urllib3 2.2.3: nixpkgs' recipe (nixpkgs has 2.2.2) with the locked sdist; …
    urllib3 = prev.urllib3.overridePythonAttrs { version = …; src = …; patches = [ ]; … };
    # legacy-lib 1.0: built from the sdist legacy_lib-1.0.tar.gz; build system not known: …
    legacy-lib = buildPythonPackage { pname = …; pyproject = true; build-system = …; … };
    # native-crc 1.0: the wheel native_crc-…whl (Linux binaries: autoPatchelfHook)
    native-crc = buildPythonPackage { format = "wheel"; nativeBuildInputs = …; … };

Decisions of this renderer:

* **Names**: a pin's binding is its nixpkgs attribute (through the
  snapshot's :class:`~pynix.nixpkgs.names.NameMap`), so that nixpkgs'
  packages that depend on it get the locked version; without a snapshot,
  the PEP 503 name (nixpkgs' rule). A name pinned several times (uv's
  forks) is one binding choosing the pin by target.
* **Per target**: where the plan's choices differ, ``src`` is ``if
  <condition> then fetchurl { … } else …`` for two, and for more a lookup
  ``{ x86_64-linux = fetchurl { … }; … }.${stdenv.hostPlatform.system}``
  (by system, by Python version, or by ``target``, ``"<system>-<X.Y>"``,
  bound once in the file), with ``or throw …`` naming the system and Python
  version when some target has no file; conditions come from
  :func:`pynix.render.targets.targets_condition` (see
  :meth:`pynix.render._target_sets.TargetSets.by_target`).
* **Dependencies** are the lock's, with the same conditions; cycles are
  broken at the plan's cut edges (see :mod:`pynix.render._overlay_packages`).
* **The project** is built from its directory (``GenerateOptions.project_dir``)
  by :func:`pynix.render.package.render_package` through ``final.callPackage``
  (meta, licences, ``disabled``, check inputs), other workspace members from
  their directories.
* **The interpreter**: the overlay asserts that the interpreter and system
  were planned (:func:`pynix.render.targets.planned_guard`).
* **The environment** (``packages.env``, the dev shell) lists every
  installed pin explicitly, not only the roots: members of a cycle are all
  there, whatever edge was cut.

:func:`render_overlay` returns ``python-packages.nix`` and, around it, the
:mod:`pynix.render.scaffold` (``flake.nix``, ``default.nix``, ``shell.nix``).
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Mapping, Sequence

from packaging.utils import NormalizedName, canonicalize_name

from pynix._gc import paused_gc
from pynix.model import Finding, Project, ProjectFormat, Severity
from pynix.nix import (
    BinOp,
    Entry,
    Expr,
    Lambda,
    List,
    Path,
    Var,
    assert_,
    attrs,
    bind,
    call,
    comment,
    if_,
    inherit,
    lam,
    let_,
    list_,
    op,
    pattern,
    s,
    select,
    var,
)
from pynix.nixpkgs.names import NameMap
from pynix.plan import Build, Plan, PlanMode
from pynix.render._overlay_decide import Decision, Kind, attrs_by_name, decide
from pynix.render._overlay_packages import PackageWriter
from pynix.render._target_sets import TARGET, TargetSets, target_binding
from pynix.render.conditions import Scope
from pynix.render.editable import render_editable
from pynix.render.generate import GenerateOptions
from pynix.render.meta import main_program
from pynix.render.package import render_package
from pynix.render.result import RenderedFiles, merge_findings
from pynix.render.scaffold import (
    Editable,
    Scaffold,
    Targets,
    dev_shell,
    docker_image,
    scaffold_files,
)
from pynix.render.script import relative_path
from pynix.render.targets import planned_guard

__all__ = ["Decision", "Kind", "decide", "render_overlay"]

_FROM_PKGS = ("autoPatchelfHook", "fetchurl", "stdenv")
_FROM_FINAL = ("buildPythonPackage", "python")
_LOCKED = "lockedPython"


def render_overlay(
    plan: Plan,
    project: Project,
    *,
    names: NameMap | None = None,
    options: GenerateOptions | None = None,
) -> RenderedFiles:
    r"""``python-packages.nix``, ``flake.nix``, ``default.nix`` and ``shell.nix`` for ``plan``.

    ``project`` is the project the lock belongs to (a requirements file's
    project for hashed requirements); ``names`` a snapshot's name map (none:
    every pin is new). Never raises for a problem in the plan: a target
    without a file becomes a ``throw`` in the output, and problems are
    findings (the plan's own findings are not repeated).

    >>> from pynix.formats.pynix_settings import Settings
    >>> from pynix.model import Artifact, ArtifactKind, LockedPackage, LockFormat, LockSet
    >>> from pynix.model import RegistrySource
    >>> from pynix.plan import plan
    >>> name = "idna-3.10-py3-none-any.whl"
    >>> wheel = Artifact(
    ...     kind=ArtifactKind.WHEEL,
    ...     filename=name,
    ...     url=f"https://files.example/{name}",
    ...     hash="sha256-" + "A" * 43 + "=",
    ... )
    >>> idna = LockedPackage(
    ...     name="idna",
    ...     version="3.10",
    ...     source=RegistrySource(url="https://pypi.org/simple"),
    ...     wheels=(wheel,),
    ... )
    >>> lock = LockSet(format=LockFormat.PYLOCK, packages=(idna,))
    >>> result = plan(lock, settings=Settings(systems=("x86_64-linux",)))
    >>> files = render_overlay(result, Project(format=ProjectFormat.REQUIREMENTS_TXT))
    >>> sorted(files.files)
    ['default.nix', 'flake.nix', 'python-packages.nix', 'shell.nix']
    >>> text = files.texts()["python-packages.nix"]
    >>> idna = text[text.index("  # idna") :]
    >>> print(idna[: idna.index("\n  };") + 5])
      # idna 3.10: the wheel idna-3.10-py3-none-any.whl
      idna = buildPythonPackage {
        pname = "idna";
        version = "3.10";
        format = "wheel";
        src = fetchurl {
          url = "https://files.example/idna-3.10-py3-none-any.whl";
          hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        };
      };
    """
    with paused_gc():  # a large acyclic tree: see pynix._gc
        return _Overlay(plan, project, names, options or GenerateOptions()).files()


class _Overlay:
    def __init__(
        self, plan: Plan, project: Project, names: NameMap | None, options: GenerateOptions
    ) -> None:
        self.plan = plan
        self.project = project
        self.names = names
        self.options = options
        self.sets = TargetSets(plan.targets)
        self.systems = tuple(
            dict.fromkeys(
                t.platform.system for t in plan.targets if t.platform.kernel in ("linux", "darwin")
            )
        )
        self.decisions = decide(plan, names=names, project_name=project.name)
        self.attr_of = attrs_by_name(self.decisions)
        self.writer = PackageWriter(
            plan,
            self.sets,
            self.attr_of,
            names=names,
            project_dir=options.project_dir,
            systems=self.systems,
        )
        self.findings: list[Finding] = []
        self.roots = set(plan.lock.roots) if plan.mode is PlanMode.LOCK_ROOTS else set()
        self.main = next((d for d in self.decisions if d.kind is Kind.PROJECT), None)
        # In PROJECT mode the project is not a pin: it gets a binding of its own.
        self.project_attr = (
            self.main.attr
            if self.main is not None
            else canonicalize_name(project.name)
            if plan.mode is PlanMode.PROJECT and project.name and _buildable(project)
            else None
        )

    # -- the files -----------------------------------------------------------------------------

    def files(self) -> RenderedFiles:
        overlay = self.overlay()
        files: dict[str, Expr | str] = dict(scaffold_files(self.scaffold()))
        files["python-packages.nix"] = overlay
        return RenderedFiles(
            files=files, findings=merge_findings(self.writer.findings, self.findings, self._notes())
        )

    def _notes(self) -> list[Finding]:
        notes = []
        if self.writer.assumed:
            shown = ", ".join(self.writer.assumed[:5])
            more = len(self.writer.assumed) - 5
            notes.append(
                Finding(
                    severity=Severity.WARNING,
                    code="build-system-assumed",
                    message=f"the build system of {_count(self.writer.assumed, 'package')} built "
                    f"from source is not known: setuptools assumed ({shown}"
                    + (f" and {more} more)" if more > 0 else ")"),
                    hint="enrich the lock (pynix lock) to read it from the sdists",
                )
            )
        if self.writer.not_enriched:
            unique = list(dict.fromkeys(self.writer.not_enriched))
            shown = ", ".join(unique[:5])
            notes.append(
                Finding(
                    severity=Severity.WARNING,
                    code="native-libraries-unknown",
                    message=f"{_count(unique, 'package')} with Linux binary wheels whose shared "
                    f"libraries are not known ({shown}): autoPatchelfHook may miss some",
                    hint="enrich the lock (pynix lock) to read them from the wheels",
                )
            )
        return notes

    @property
    def source(self) -> str:
        return posixpath.basename((self.plan.lock.source_file or "the lock").replace("\\", "/"))

    def header(self, *lines: str) -> str:
        return "\n".join([f"Generated by `pynix generate` from {self.source}.", *lines])

    def overlay(self) -> Expr:
        entries = self.bindings()
        planned, holds = planned_guard(
            self.plan.targets,
            python_version=var("prev.python.pythonVersion"),
            system=var("stdenv.hostPlatform.system"),
        )
        body = assert_(holds, attrs(entries))
        # Tracked while writing: walking the whole tree for its free variables costs more than
        # writing it.
        used = {"stdenv"} | self.writer.used | self.sets.used
        if TARGET in used:
            used |= {"stdenv", "python"}
        lets: list[Entry] = []
        from_pkgs = [n for n in _FROM_PKGS if n in used]
        if from_pkgs:
            lets.append(inherit(*from_pkgs, source=var("pkgs")))
        from_final = [n for n in _FROM_FINAL if n in used]
        if from_final:
            lets.append(inherit(*from_final, source=var("final")))
        lets.append(planned)
        if TARGET in used:
            lets.append(target_binding(self.sets.scope))
        function = lam(
            pattern(["pkgs", ("lib", var("pkgs.lib"))]),
            lam("final", lam("prev", let_(lets, body))),
        )
        return comment(
            self.header(
                "The locked Python packages as an overlay on nixpkgs' Python set, for",
                "python3.override { self = …; packageOverrides = import ./python-packages.nix"
                " { inherit pkgs; }; }",
                "(default.nix does that). The comment above each package says where it comes from.",
            ),
            function,
        )

    def bindings(self) -> list[Entry]:
        groups: dict[str, list[Decision]] = {}
        for decision in self.decisions:
            if decision.kind is not Kind.VIRTUAL:
                groups.setdefault(decision.attr, []).append(decision)
        entries: list[Entry] = []
        for attr, group in groups.items():
            lines: list[str] = []
            parts: list[tuple[int, Expr]] = []
            for decision in group:
                expr, line = self.pin(decision)
                if decision.note:
                    line = f"{line} ({decision.note})"
                lines.append(_flagged(decision, line))
                lines.extend(self.writer.cut_lines(decision.package))
                parts.append((self.writer.mask_of[decision.package.pin], expr))
            text = "\n".join(lines)
            if len(group) == 1 and group[0].kind is Kind.NIXPKGS:
                entries.append(inherit(attr, source=var("prev"), comment=text))
                continue
            entries.append(bind(attr, self._by_target(parts), comment=text))
        if self.project_attr is not None and self.main is None:
            expr, line = self.project_binding()
            entries.append(bind(self.project_attr, expr, comment=line))
        return entries

    def _by_target(self, parts: Sequence[tuple[int, Expr]]) -> Expr:
        result = parts[-1][1]
        remaining = self.sets.all
        chosen: list[tuple[Expr | bool, Expr]] = []
        for mask, expr in parts[:-1]:
            chosen.append((self.sets.condition(mask, remaining), expr))
            remaining &= ~mask
        for condition, expr in reversed(chosen):
            result = expr if condition is True else if_(condition, expr, result)
        return result

    def pin(self, decision: Decision) -> tuple[Expr, str]:
        if decision.kind is Kind.NIXPKGS:
            line = f"{decision.package.pin}: nixpkgs' own (same version)"
            return select(var("prev"), decision.attr), line
        if decision.kind is Kind.PROJECT:
            return self.project_binding()
        return self.writer.expr(decision)

    # -- the project -----------------------------------------------------------------------------

    def project_binding(self) -> tuple[Expr, str]:
        """``final.callPackage (<package.nix function>) { <renamed arguments> }``."""
        rendered = render_package(
            self.project,
            version=self.options.version,
            application=self.options.application,
            import_names=self.options.import_names,
            systems=self.systems,
            src=call(var("lib.cleanSource"), relative_path(self.options.project_dir)),
        )
        self.findings.extend(rendered.findings)
        function = rendered.expr
        assert isinstance(function, Lambda)
        renamed: list[Entry] = []
        formals = function.param.formals if not isinstance(function.param, str) else ()
        for formal in formals:
            attr = self.attr_of.get(NormalizedName(formal.name))
            if attr is not None and attr != formal.name:
                renamed.append(bind(formal.name, select(var("final"), attr)))
        name = self.project.name or "the project"
        version = self.options.version or self.project.version or "(dynamic version)"
        where = self.options.project_dir
        line = f"{name} {version}: the project, built from its directory {where}"
        return call(var("final.callPackage"), function, attrs(renamed)), line

    # -- the targets -----------------------------------------------------------------------------

    def _in_env(self, decision: Decision) -> bool:
        return decision.kind is not Kind.VIRTUAL and decision.package.pin.name not in self.roots

    def env_masks(self) -> dict[str, int]:
        """Every installed pin but the project's own: binding -> targets where it is installed."""
        masks: dict[str, int] = {}
        for decision in self.decisions:
            if self._in_env(decision):
                mask = self.writer.mask_of[decision.package.pin]
                masks[decision.attr] = masks.get(decision.attr, 0) | mask
        return masks

    def with_packages(self, masks: Mapping[str, int], first: Sequence[Expr] = ()) -> Expr:
        """``lockedPython.withPackages (ps: [ … ])`` with ``first``, then ``masks``' packages."""
        listed = self.sets.conditional_list(
            ((select(var("ps"), attr), mask) for attr, mask in masks.items()),
            self.sets.all,
            var("lib"),
        )
        if first:
            listed = _prepend(first, listed)
        return call(var(f"{_LOCKED}.withPackages"), lam("ps", listed))

    def editables(self) -> list[Expr]:
        """``ps.mkPythonEditablePackage { … }`` for the project and the other workspace members."""
        out: list[Expr] = []
        scope = Scope(python=var("python"))
        if self.project_attr is not None:
            stripped = dataclasses.replace(self.project, dependencies=(), optional_dependencies={})
            rendered = render_editable(
                stripped,
                root=_root(self.options.source_root),
                scope=scope,
                names=self.names,
                version=self.options.version,
                systems=self.systems,
            )
            self.findings.extend(rendered.findings)
            out.append(rendered.expr)
        for decision in self.decisions:
            package = decision.package
            if decision.kind is not Kind.SOURCE or package.pin.name not in self.roots:
                continue
            source = package.package.source
            path = getattr(source, "path", ".")
            member = Project(
                format=ProjectFormat.PEP621,
                name=package.pin.name,
                version=package.pin.version,
                build_system=package.package.build_system,
            )
            rendered = render_editable(
                member, root=_root(path), scope=scope, names=self.names, systems=self.systems
            )
            out.append(rendered.expr)
        return out

    def scaffold(self) -> Scaffold:
        """The overlay's pieces of ``default.nix``, ``shell.nix`` and ``flake.nix``."""
        overlay = call(var("import"), Path(value="./python-packages.nix"), attrs([inherit("pkgs")]))
        locked = {"self": var(_LOCKED), "packageOverrides": overlay}
        in_env = self.env_masks()
        editables = self.editables()
        built = self.project_attr is not None
        bindings: list[Entry] = []
        missing: str | None = None
        if self.project_attr is not None:
            bindings.append(bind("package", select(var(f"{_LOCKED}.pkgs"), self.project_attr)))
            application = self.options.application and (
                self.project.scripts or self.project.gui_scripts
            )
            runtime = (
                var("package")
                if application
                else self.with_packages({self.project_attr: self.sets.all})
            )
        elif self.plan.mode is PlanMode.LOCK_ROOTS:
            merged: dict[str, int] = {}
            for decision in self.decisions:
                if decision.package.pin.name not in self.roots:
                    continue
                for attr, (_, mask) in self.writer.dependency_masks(decision.package).items():
                    merged[attr] = merged.get(attr, 0) | mask
            runtime = self.with_packages(merged)
            missing = "the project is virtual (uv builds no package for it)"
        else:
            runtime = var("env")
            missing = f"a {self.plan.lock.format} lock has no project to build"
        bindings.append(bind("env", self.with_packages(in_env)))
        if not isinstance(runtime, Var):
            bindings.append(bind("runtime", runtime))
            runtime = var("runtime")
        name = self.project.name
        main = main_program(self.project) if built else None
        python = self.options.python
        default_usage = [
            f"`nix-build -A default` builds the project with nixpkgs' {python} and the locked",
            "packages; -A env an interpreter with every locked package (for an IDE), -A wheel the",
            "project's wheel, -A docker an image of the application (Linux only).",
        ]
        if missing is not None:
            default_usage.append(f"No wheel: {missing}.")
        image = docker_image(
            name=self.options.docker_name or name or "environment",
            tag=(self.options.version or self.project.version) if built else None,
            contents=runtime,
            command=f"/bin/{main}" if main is not None else None,
        )
        project_file = posixpath.basename(self.project.source_file or "pyproject.toml")
        in_place = " and the project installed in place" if editables else ""
        return Scaffold(
            command="pynix generate",
            source=self.source,
            description=self.project.description
            or f"{name or 'The locked environment'}, with its locked Python packages",
            systems=self.systems,
            nixpkgs_url=self.options.nixpkgs_url,
            python=python,
            setup=(bind(_LOCKED, call(var("python.override"), locked)),),
            default=Targets(
                about="the project's package" if built else "the locked environment",
                default=var("package" if built else "env"),
                env=var("env"),
                wheel=select(var("package"), "dist") if built else None,
                image=image,
                bindings=tuple(bindings),
            ),
            default_usage=tuple(default_usage),
            shell=dev_shell(self.with_packages(in_env, editables)),
            shell_usage=(f"`nix-shell` enters a shell with the locked packages{in_place}.",),
            editable=Editable(project_dir=self.options.project_dir, project_file=project_file)
            if editables
            else None,
            apps=(("default", main),) if main is not None else (),
        )


def _count(items: Sequence[object], noun: str) -> str:
    return f"{len(items)} {noun}" + ("" if len(items) == 1 else "s")


def _buildable(project: Project) -> bool:
    return project.format not in (ProjectFormat.REQUIREMENTS_TXT, ProjectFormat.SCRIPT)


def _flagged(decision: Decision, line: str) -> str:
    unhashed = any(
        c.artifact is not None and c.artifact.url is not None and c.artifact.hash is None
        for c in decision.package.choices
        if c.build in (Build.WHEEL, Build.SDIST)
    )
    if decision.kind is Kind.NIXPKGS_RECIPE:
        sdist = decision.package.package.sdist
        unhashed = sdist is not None and sdist.url is not None and sdist.hash is None
    if unhashed and decision.kind is not Kind.NIXPKGS:
        return f"{line}; UNHASHED (--allow-unhashed): fetched impurely, not reproducible"
    return line


def _root(path: str) -> Expr:
    relative = posixpath.normpath(path.replace("\\", "/"))
    if relative in ("", "."):
        return s(var("projectRoot"))
    return s(var("projectRoot"), "/" + relative.strip("/"))


def _prepend(first: Sequence[Expr], listed: Expr) -> Expr:
    if isinstance(listed, List):
        return List(items=(*first, *listed.items))
    if isinstance(listed, BinOp) and listed.op == "++" and isinstance(listed.left, List):
        return dataclasses.replace(listed, left=List(items=(*first, *listed.left.items)))
    return op("++", list_(first), listed)
