"""``pep656.*``: musllinux tags checked against a target.

``pep656.muslLinuxTagCompatible PLATFORM LIBC TAG`` takes the same target
object twice (see :mod:`pynix.interop.targets`) and refuses a tag that is not
a musllinux tag, as pyproject.nix does.

Where pynix answers differently: a musllinux tag is compatible only with the
same musl major version (``packaging`` generates no tags across majors);
pyproject.nix compares the versions only. pyproject.nix fails on a tag whose
architecture is not a nixpkgs CPU name (``musllinux_1_1_ppc64le``); pynix
answers it.

>>> from pynix.interop import call
>>> target = {"system": "aarch64-linux", "libc": "musl", "libcVersion": "1.2.5"}
>>> call("pep656.muslLinuxTagCompatible", target, target, "musllinux_1_1_aarch64")
True
"""

from __future__ import annotations

from pynix.interop._registry import Param, function
from pynix.interop._shapes import JSON, Where
from pynix.interop.pep600 import linux_tag
from pynix.interop.targets import platform_param
from pynix.standards.platform_tags import is_musllinux_tag_compatible
from pynix.standards.targets import Platform

__all__: list[str] = []


def _musllinux_tag(value: JSON, where: Where) -> str:
    return linux_tag("musl", value, where)


@function(
    "pep656.muslLinuxTagCompatible",
    platform_param("platform"),
    platform_param("libc"),
    Param(name="tag", convert=_musllinux_tag),
)
def musl_linux_tag_compatible(platform: Platform, _libc: Platform, tag: str) -> JSON:
    return is_musllinux_tag_compatible(tag, platform)
