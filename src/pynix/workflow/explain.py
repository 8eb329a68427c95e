"""The ``pynix explain NAME`` pipeline: why this file, this build system, these native libraries.

For one package of a project's lock, :func:`explain` plans the lock as
``pynix generate`` would, applies the enrichment facts of the cache (or,
``online``, reads the missing ones from the index and caches them), and
returns an :class:`Explanation`, whose :meth:`~Explanation.describe` gives
the lines ``pynix explain`` prints:

* **why this artifact**, per group of targets: which wheel and why it ranks
  first there (its best tag, the runners-up), or why the sdist (no wheel
  runs there, or the sdist is preferred), or the source tree;
* **build system**, when some target builds the package: read from the
  sdist (from the cache or the index), recorded in the lock, or setuptools'
  legacy default when the sdist declares none -- or not known yet, and how
  to learn it (``pynix lock``);
* **native libraries** of every wheel a target installs: each needed soname
  and the nixpkgs attribute that provides it, and each loaded library that
  needs nothing from Nix, with why (the C library, shipped in the wheel,
  shipped by another locked wheel, provided at run time);
* the findings about the package (a legacy build system, an unknown library).

A name the lock does not pin is :class:`~pynix.errors.InvalidArgument` with
the closest names as a hint.
"""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path
from typing import NamedTuple

from packaging.utils import NormalizedName, canonicalize_name

from pynix.enrich import ArtifactExplanation, Enriched, Origin
from pynix.enrich.build_systems import describe_build_system
from pynix.errors import InvalidArgument, Location
from pynix.formats.pynix_settings import Settings
from pynix.model import ArtifactKind, Finding, LockedPackage, Severity
from pynix.plan import Build, Pin, Plan, PlannedPackage
from pynix.render.result import merge_findings
from pynix.standards.targets import Target
from pynix.workflow._access import IndexAccess, client_indexes
from pynix.workflow._inputs import Inputs, apply_facts, read_facts, read_inputs, replan
from pynix.workflow._why import describe_source, describe_targets, why

__all__ = ["Explanation", "PinExplanation", "TargetChoice", "explain"]

_NOW = "`pynix explain --online` reads it now"


class TargetChoice(NamedTuple):
    """One way the plan installs a pin, in words: on which targets, what, and why."""

    targets: str
    what: str
    why: str


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class PinExplanation:
    """One pin of the package: what each target installs and why, and the facts behind it.

    ``choices`` say it per way the plan installs the pin; ``builds`` whether
    some target builds it from source; ``artifacts`` are the enrichment's
    explanations of its files, ``installed`` the wheels some target installs;
    ``findings`` the plan's and enrichment's findings about it.
    """

    pin: Pin
    package: LockedPackage
    choices: tuple[TargetChoice, ...]
    builds: bool
    artifacts: tuple[ArtifactExplanation, ...]
    installed: frozenset[str]
    findings: tuple[Finding, ...]

    def describe(self) -> tuple[str, ...]:
        """The lines ``pynix explain`` prints for this pin."""
        lines = [f"{self.pin} from {describe_source(self.package.source)}", "why this artifact:"]
        if not self.choices:
            lines.append("  not installed on any planned target (no root depends on it there)")
        for targets, what, reason in self.choices:
            lines += [f"  {targets}: {what}", f"    {reason}"]
        lines += ["build system:", *self._build_system()]
        lines += ["native libraries:", *self._native()]
        if self.findings:
            lines += ["findings:", *(f"  {finding}" for finding in self.findings)]
        return tuple(lines)

    def _build_system(self) -> list[str]:
        if not self.builds:
            return ["  not needed: every target installs a wheel"]
        sdists = [a for a in self.artifacts if a.kind is ArtifactKind.SDIST]
        if not sdists:  # a source tree: the lock (or its pyproject.toml) says
            build = self.package.build_system
            if build is None:
                return ["  not known: its directory has no pyproject.toml with [build-system]"]
            return [f"  {describe_build_system(build)} (from its pyproject.toml)"]
        lines = _indented(sdists[0].describe())
        if sdists[0].build_system is None and sdists[0].origin is Origin.UNKNOWN:
            lines.append(f"    until then the Nix files assume setuptools; {_NOW}")
        return lines

    def _native(self) -> list[str]:
        wheels = [
            a
            for a in self.artifacts
            if a.kind is ArtifactKind.WHEEL and a.filename in self.installed
        ]
        if not wheels:
            return ["  none: no target installs a wheel"]
        lines: list[str] = []
        for wheel in wheels:
            lines += _indented(wheel.describe())
            if wheel.origin is Origin.UNKNOWN:
                lines.append(f"    until then the Nix files list no library for it; {_NOW}")
        return lines


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Explanation:
    """The explanation of every pin of one package name (several when uv forked)."""

    name: NormalizedName
    lock_file: Path
    targets: tuple[Target, ...]
    pins: tuple[PinExplanation, ...]

    def describe(self) -> tuple[str, ...]:
        """The planned targets, then every pin's lines, a blank line before each pin."""
        planned = describe_targets(self.targets, ())
        lines = [f"{self.lock_file.name}, planned for {planned}"]
        for pin in self.pins:
            lines.append("")
            lines.extend(pin.describe())
        return tuple(lines)


def explain(
    path: Path | str,
    name: str,
    *,
    settings: Settings | None = None,
    access: IndexAccess | None = None,
    online: bool = False,
) -> Explanation:
    """Explain the package ``name`` of the lock of the project at ``path``.

    Offline unless ``online`` (or the lock names files only by hash, which
    needs their index): facts come from ``access``'s cache. Raises
    :class:`~pynix.errors.InvalidArgument` for a name the lock does not pin,
    and what reading the inputs raises.
    """
    access = access or IndexAccess()
    inputs = read_inputs(path, settings=settings, access=access)
    wanted = canonicalize_name(name)
    pinned = inputs.lock.by_name(wanted)
    if not pinned:
        raise _unknown(name, inputs)
    planned = replan(inputs, inputs.lock)
    if online:
        with access.client(client_indexes(inputs.project.indexes)) as client:
            enriched = read_facts(planned, client)
    else:
        enriched = apply_facts(planned, access.store())
    final = replan(inputs, enriched.lock)
    pins = tuple(
        _pin(final, enriched, package, inputs) for package in enriched.lock.by_name(wanted)
    )
    return Explanation(name=wanted, lock_file=inputs.lock_file, targets=final.targets, pins=pins)


def _pin(
    planned: Plan, enriched: Enriched, package: LockedPackage, inputs: Inputs
) -> PinExplanation:
    pin = Pin.of(package)
    found = [p for p in planned.packages if p.pin == pin]
    planned_package: PlannedPackage | None = found[0] if found else None
    choices: list[TargetChoice] = []
    installed: set[str] = set()
    builds = False
    if planned_package is not None:
        for choice in planned_package.choices:
            artifact = choice.artifact
            what = {
                Build.WHEEL: f"the wheel {artifact.filename if artifact else ''}",
                Build.SDIST: f"the sdist {artifact.filename if artifact else ''}",
                Build.SOURCE: "its source tree",
                Build.VIRTUAL: "nothing (virtual)",
                Build.MISSING: "no file",
            }[choice.build]
            if choice.build is Build.WHEEL and artifact is not None:
                installed.add(artifact.filename)
            builds = builds or choice.build in (Build.SDIST, Build.SOURCE)
            targets = describe_targets(choice.targets, planned.targets)
            reason = why(planned_package, choice, inputs.settings)
            choices.append(TargetChoice(targets=targets, what=what, why=reason))
    own = [e for e in enriched.explanations if _same(e, package)]
    findings = merge_findings(
        (f for f in planned.findings if f.subject == package.name),
        (f for f in enriched.findings if f.subject == package.name),
    )
    return PinExplanation(
        pin=pin,
        package=package,
        choices=tuple(choices),
        builds=builds,
        artifacts=tuple(own),
        installed=frozenset(installed),
        findings=tuple(sorted(findings, key=lambda f: f.severity is not Severity.ERROR)),
    )


def _same(explanation: ArtifactExplanation, package: LockedPackage) -> bool:
    files = {a.filename for a in package.artifacts}
    return explanation.package == package.name and explanation.filename in files


def _indented(lines: tuple[str, ...]) -> list[str]:
    return [f"  {line}" for line in lines]


def _unknown(name: str, inputs: Inputs) -> InvalidArgument:
    names = sorted({p.name for p in inputs.lock.packages})
    close = difflib.get_close_matches(canonicalize_name(name), names, n=1, cutoff=0.6)
    return InvalidArgument(
        f"the lock pins no package named {name!r}",
        location=Location(file=str(inputs.lock_file)),
        hint=f"did you mean `{close[0]}`?" if close else "see `pynix show` for the locked packages",
    )
