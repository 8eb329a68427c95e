"""Why the plan installs a pin from the file it chose: words for ``pynix explain`` (pure).

The planner (:mod:`pynix.plan.choice`) ranks wheels as pip does -- newer
version first, then the wheel whose best tag comes first in the target's
list of supported tags (:func:`pynix.standards.tags.supported_tags`), then
the higher build tag -- and falls back on the sdist. This module retraces
that decision for one :class:`~pynix.plan.Choice` and says it in one line,
naming the runners-up.
"""

from __future__ import annotations

from collections.abc import Sequence

from pynix.errors import InvalidFileName
from pynix.formats.pynix_settings import Preference, Settings
from pynix.model import Artifact, GitSource, LockedPackage, PathSource, WorkspaceSource
from pynix.model.source import Source
from pynix.plan import Build, Choice, PlannedPackage, systems_of
from pynix.standards.filenames import WheelFileName, parse_wheel_filename
from pynix.standards.tags import select_wheels, supported_tags
from pynix.standards.targets import Target

__all__ = ["describe_source", "describe_targets", "why"]


def why(planned: PlannedPackage, choice: Choice, settings: Settings) -> str:
    """One line saying why ``choice`` installs ``planned`` on its targets."""
    package = planned.package
    shown = f"{package.name} {package.version}" if package.version else package.name
    match choice.build:
        case Build.WHEEL:
            assert choice.artifact is not None  # a wheel choice always has its wheel
            reason = _why_wheel(package, choice.artifact, choice.targets[0], settings)
            if planned.preference is Preference.NIXPKGS:
                reason += "; nixpkgs' own package is used instead where it has this version"
            return reason
        case Build.SDIST:
            return _why_sdist(planned, choice.targets[0], settings, shown)
        case Build.SOURCE:
            return f"built from its source tree ({describe_source(package.source)})"
        case Build.VIRTUAL:
            return "nothing to build: a virtual project, only its dependencies are installed"
        case Build.MISSING:
            return f"no file of {shown} runs here: the plan reports it as an error"


def _why_wheel(package: LockedPackage, chosen: Artifact, target: Target, settings: Settings) -> str:
    allow_linux = settings.allows_linux_wheels(package.name)
    wheels = _parsed(package.wheels)
    ranked = select_wheels([w for w, _ in wheels], target, allow_linux=allow_linux)
    mine = next(w for w, a in wheels if a is chosen)
    tag = _best_tag(mine, target, allow_linux=allow_linux)
    if mine.platform_tags == ("any",) or all(p == "any" for p in mine.platform_tags):
        reason = f"a pure-Python wheel ({tag}): it runs on every target"
    elif len(ranked) == 1:
        reason = f"the only wheel of this release that runs here (its best tag: {tag})"
    else:
        others = [
            f"{w.filename} ({_best_tag(w, target, allow_linux=allow_linux)})"
            for w in ranked
            if w is not mine
        ]
        reason = (
            f"of the {len(ranked)} wheels that run here, its tag {tag} ranks first "
            f"on {_one(target)}; then {', '.join(others)}"
        )
    if package.sdist is not None:
        reason += "; a wheel is preferred to the sdist"
    return reason


def _why_sdist(planned: PlannedPackage, target: Target, settings: Settings, shown: str) -> str:
    package = planned.package
    if planned.preference is Preference.SDIST:
        return "preferred as an sdist (prefer = sdist in [tool.pynix], or --prefer)"
    if not package.wheels:
        return f"{shown} publishes no wheel, so it is built from its sdist"
    parsed = _parsed(package.wheels)
    tags = sorted(_tags(w) for w, _ in parsed)
    linux = any(p.startswith("linux_") for w, _ in parsed for p in w.platform_tags)
    allowed = settings.allows_linux_wheels(package.name)
    note = (
        " (linux_* wheels need linux-wheels = true in [tool.pynix])"
        if linux and not allowed
        else ""
    )
    return f"no wheel runs on {_one(target)}{note}; its wheels: {', '.join(tags)}"


def _tags(wheel: WheelFileName) -> str:
    """The tag part of a wheel's file name: ``cp312-cp312-manylinux_2_28_x86_64``."""
    return "-".join(wheel.filename.removesuffix(".whl").split("-")[-3:])


def _parsed(wheels: Sequence[Artifact]) -> list[tuple[WheelFileName, Artifact]]:
    parsed = []
    for artifact in wheels:
        try:
            parsed.append((parse_wheel_filename(artifact.filename), artifact))
        except InvalidFileName:
            continue  # the plan reports it; it was not chosen
    return parsed


def _best_tag(wheel: WheelFileName, target: Target, *, allow_linux: bool) -> str:
    """The wheel's tag triple that comes first in the target's list of supported tags."""
    order = {tag: rank for rank, tag in enumerate(supported_tags(target, allow_linux=allow_linux))}
    ranked = sorted((order[tag], str(tag)) for tag in wheel.tags if tag in order)
    return ranked[0][1] if ranked else str(next(iter(wheel.tags)))


def _one(target: Target) -> str:
    return f"{target.platform.system} with Python {target.interpreter.python_version}"


def describe_targets(targets: Sequence[Target], planned: Sequence[Target]) -> str:
    """``targets`` in a few words: ``every planned target``, or systems with their Pythons.

    >>> ts = [Target.parse(s, v) for s in ("x86_64-linux", "aarch64-darwin") for v in ("3.12",)]
    >>> describe_targets(ts[:1], ts), describe_targets(ts, ts)
    ('x86_64-linux (Python 3.12)', 'every planned target')
    """
    if len(planned) > 1 and set(targets) == set(planned):
        return "every planned target"
    return "; ".join(
        f"{system} (Python {', '.join(versions)})"
        for system, versions in systems_of(targets).items()
    )


def describe_source(source: Source) -> str:
    """Where a pin comes from, in a few words (credential-free, as the lock has it)."""
    match source:
        case GitSource():
            ref = source.commit or source.tag or source.branch or source.rev
            return f"git {source.url}" + (f" at {ref}" if ref else "")
        case PathSource():
            return f"the directory {source.path}"
        case WorkspaceSource():
            return "a workspace member"
        case _:
            return source.url
