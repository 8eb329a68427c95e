"""Why enrichment decided what it did, artifact by artifact: what ``pynix explain NAME`` prints.

Every artifact of the lock gets one :class:`ArtifactExplanation`: whether it
was read, from where (the fact cache, the index, or not at all and why),
which members were read, and what came out -- the build system of an sdist,
or a wheel's needed libraries with the nixpkgs attributes they map to and
the libraries that were dropped, each with its reason.

>>> from pynix.model.lock import ArtifactKind
>>> explanation = ArtifactExplanation(
...     package="demo",
...     version="1.0",
...     filename="demo-1.0-py3-none-any.whl",
...     kind=ArtifactKind.WHEEL,
...     origin=Origin.SKIPPED,
...     note="pure Python: no compiled code",
... )
>>> print("\\n".join(explanation.describe()))
demo-1.0-py3-none-any.whl: not read (pure Python: no compiled code)
"""

from __future__ import annotations

import dataclasses
import enum

from pynix.enrich.build_systems import describe_build_system
from pynix.enrich.native import DroppedLibrary
from pynix.model import BuildSystem
from pynix.model.lock import ArtifactKind
from pynix.nixpkgs.sonames import RUNTIME_PROVIDED, NativeInputs, attribute

__all__ = ["ArtifactExplanation", "Origin"]


class Origin(enum.StrEnum):
    """Where the facts about an artifact came from."""

    CACHE = "cache"  # the fact cache, keyed by the artifact's sha256
    NETWORK = "network"  # read from the index now
    LOCK = "lock"  # the lock already knew (a build system it records)
    SKIPPED = "skipped"  # not read; ``note`` says why
    UNKNOWN = "unknown"  # to be read, but not cached and no index asked (``apply_cached``)


_FROM = {
    Origin.CACHE: "read from the cache",
    Origin.NETWORK: "read from the index",
    Origin.LOCK: "known from the lock",
    Origin.SKIPPED: "not read",
    Origin.UNKNOWN: "not known",
}


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class ArtifactExplanation:
    """What enrichment did with one artifact, and why.

    ``read`` lists the archive members the facts come from (``pyproject.toml``;
    a wheel's shared objects); ``needed`` is what went into the wheel's
    ``needed_libraries`` (``None``: not inspected), ``inputs`` its mapping to
    nixpkgs, ``dropped`` the loaded libraries that need nothing from Nix;
    ``unreadable`` the members that could not be parsed, with the reason.
    """

    package: str
    version: str | None
    filename: str
    kind: ArtifactKind
    origin: Origin
    read: tuple[str, ...] = ()
    note: str | None = None
    build_system: BuildSystem | None = None
    needed: tuple[str, ...] | None = None
    inputs: NativeInputs | None = None
    dropped: tuple[DroppedLibrary, ...] = ()
    unreadable: tuple[tuple[str, str], ...] = ()

    def describe(self) -> tuple[str, ...]:
        """Lines for people: the headline, then one indented line per decision."""
        what = _FROM[self.origin]
        if self.read:
            what = f"{what}: {', '.join(self.read)}"
        elif self.origin in (Origin.CACHE, Origin.NETWORK):
            what = f"{what}: nothing relevant in it"
        head = f"{self.filename}: {what}"
        if self.note:
            head = f"{head} ({self.note})"
        lines = [head]
        if self.build_system is not None:
            lines.append(f"  build system: {describe_build_system(self.build_system)}")
        elif self.kind is ArtifactKind.SDIST and self.origin in (Origin.CACHE, Origin.NETWORK):
            lines.append("  build system: unknown (see the findings)")
        lines.extend(f"  needs {soname}: {_provider(soname)}" for soname in self.needed or ())
        if self.needed == ():
            lines.append("  needs no library from outside the wheel and the lock")
        lines.extend(f"  does not need {dropped}" for dropped in self.dropped)
        lines.extend(f"  could not read {member}: {reason}" for member, reason in self.unreadable)
        return tuple(lines)


def _provider(soname: str) -> str:
    if soname in RUNTIME_PROVIDED:
        return f"provided at run time by {RUNTIME_PROVIDED[soname]}"
    attr = attribute(soname)
    return f"from nixpkgs' {attr}" if attr else "no known nixpkgs package provides it"
