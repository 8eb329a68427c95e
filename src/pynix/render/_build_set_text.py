"""Words for people about a build set: comments and findings (private to
:mod:`pynix.render.build_set`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from packaging.utils import NormalizedName

from pynix.errors import Location
from pynix.model import GitSource, PathSource, Source
from pynix.plan import PlannedPackage, systems_of
from pynix.standards.targets import Target

__all__ = ["About", "linux_binary", "notes_text", "source_text", "targets_text"]

_LINUX_TAGS = ("manylinux", "musllinux", "linux_")


@dataclasses.dataclass(frozen=True, slots=True)
class About:
    """Which pin a finding is about: its name, how messages show it, where it is in the lock."""

    name: NormalizedName
    shown: str
    where: Location | None

    @classmethod
    def of(cls, package: PlannedPackage) -> About:
        return cls(name=package.pin.name, shown=str(package.pin), where=package.package.location)


def linux_binary(filename: str) -> bool:
    """Whether the wheel ``filename`` holds Linux binaries (autoPatchelfHook's work).

    The platform tags are the file name's last ``-`` part (PEP 427), dotted
    when there are several.

    >>> linux_binary("crc-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
    True
    >>> (
    ...     linux_binary("crc-1.0-py3-none-any.whl"),
    ...     linux_binary("crc-1.0-cp312-none-macosx_11_0_arm64.whl"),
    ... )
    (False, False)
    """
    platforms = filename.removesuffix(".whl").rsplit("-", 1)[-1].split(".")
    return any(tag.startswith(_LINUX_TAGS) for tag in platforms)


def source_text(source: Source, *, editable: bool) -> str:
    """A source tree in a package's comment."""
    if isinstance(source, GitSource):
        return f"git checkout of {source.url} at {(source.commit or '?')[:12]}"
    if isinstance(source, PathSource):
        where = "the project's directory" if source.path in ("", ".") else source.path
        return f"local project at {where}" + (
            " (installed in place in the dev shell)" if editable else ""
        )
    return "source tree"


def targets_text(
    targets: Iterable[Target], universe: Sequence[Target], *, versions: bool = False
) -> str:
    """Targets for people: systems with the same Python versions together, the versions left
    out where they are all the planned ones (unless ``versions``)."""
    chosen = systems_of(t for t in universe if t in set(targets))
    planned = systems_of(universe)
    groups: dict[tuple[str, ...], list[str]] = {}
    for system, mine in chosen.items():
        groups.setdefault(mine, []).append(system)
    parts = []
    for mine, systems in groups.items():
        if not versions and all(planned[s] == mine for s in systems):
            parts.append(", ".join(systems))
        else:
            parts.append(f"{', '.join(systems)} with Python {', '.join(mine)}")
    return "; ".join(parts)


def notes_text(shown: str, notes: Sequence[str]) -> str:
    """The comment of a package: what it is built from, one line per file when the file
    depends on the target; remarks (``build system unknown``) on lines of their own.

    >>> print(notes_text("crc 1.0", ["wheel crc-1.0-cp312-…whl", "wheel crc-1.0-cp313-…whl"]))
    crc 1.0, by target:
      wheel crc-1.0-cp312-…whl
      wheel crc-1.0-cp313-…whl
    """
    firsts = list(dict.fromkeys(n.split("\n", 1)[0] for n in notes))
    more = dict.fromkeys(line for n in notes for line in n.split("\n")[1:])
    if len(firsts) == 1:
        return "\n".join([f"{shown}: {firsts[0]}", *more])
    return "\n".join([f"{shown}, by target:", *(f"  {line}" for line in firsts), *more])
