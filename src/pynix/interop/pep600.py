"""``pep600.*``: legacy manylinux aliases and manylinux tags checked against a target.

``pep600.legacyAliases`` (an attribute set in pyproject.nix, a function of no
arguments here) maps ``manylinux1``/``2010``/``2014`` tags to their PEP 600
spelling. ``pep600.manyLinuxTagCompatible PLATFORM LIBC TAG`` takes the same
target object twice (see :mod:`pynix.interop.targets`) and, like
pyproject.nix, refuses a tag that is not a manylinux tag.

Where pynix answers differently: a manylinux tag older than the oldest policy
of its architecture (``manylinux_2_4_x86_64``; ``manylinux_2_16_aarch64``,
before manylinux2014) or for an architecture without a manylinux policy is
never compatible, as neither ``packaging`` nor pip generates it; pyproject.nix
compares only the glibc version and the architecture.

>>> from pynix.interop import call
>>> target = {"system": "x86_64-linux", "libcVersion": "2.17"}
>>> call("pep600.manyLinuxTagCompatible", target, target, "manylinux2014_x86_64")
True
"""

from __future__ import annotations

from pynix.errors import InvalidFileName, PynixError
from pynix.interop._registry import Param, function
from pynix.interop._shapes import JSON, Where, read_str
from pynix.interop.targets import platform_param
from pynix.standards.platform_tags import (
    LEGACY_MANYLINUX_ALIASES,
    is_manylinux_tag_compatible,
    parse_linux_tag,
)
from pynix.standards.targets import Platform

__all__ = ["linux_tag"]


def linux_tag(libc: str, value: JSON, where: Where) -> str:
    """The tag in ``value`` when it is a manylinux (``libc="glibc"``) or musllinux tag."""
    tag = read_str(value, where, "a platform tag")
    kind = "manylinux" if libc == "glibc" else "musllinux"
    try:
        parsed = parse_linux_tag(tag)
    except PynixError as error:
        raise where.locate(error) from None
    if parsed.libc != libc:
        raise where.locate(InvalidFileName(f"not a {kind} tag", text=tag, span=(0, len(tag))))
    return tag


def _manylinux_tag(value: JSON, where: Where) -> str:
    return linux_tag("glibc", value, where)


@function("pep600.legacyAliases")
def legacy_aliases() -> JSON:
    return dict(sorted(LEGACY_MANYLINUX_ALIASES.items()))


@function(
    "pep600.manyLinuxTagCompatible",
    platform_param("platform"),
    platform_param("libc"),
    Param(name="tag", convert=_manylinux_tag),
)
def many_linux_tag_compatible(platform: Platform, _libc: Platform, tag: str) -> JSON:
    return is_manylinux_tag_compatible(tag, platform)
