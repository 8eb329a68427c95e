"""``pep599.*``: the manylinux machine names.

``pep599.manyLinuxTargetMachines`` is an attribute set in pyproject.nix, not a
function; here it is a function of no arguments. It maps nixpkgs' CPU names to
the machine names of manylinux tags (``powerpc64le`` -> ``ppc64le``). pynix's
map also has ``loongarch64``, for which ``packaging`` (and so pip and uv)
generates manylinux tags and pyproject.nix's map has no entry.

>>> from pynix.interop import call
>>> call("pep599.manyLinuxTargetMachines")["powerpc64"]
'ppc64'
"""

from __future__ import annotations

from pynix.interop._registry import function
from pynix.interop._shapes import JSON
from pynix.standards.platform_tags import MANYLINUX_TARGET_MACHINES

__all__: list[str] = []


@function("pep599.manyLinuxTargetMachines")
def many_linux_target_machines() -> JSON:
    return dict(sorted(MANYLINUX_TARGET_MACHINES.items()))
