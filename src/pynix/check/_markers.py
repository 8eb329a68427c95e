"""INTERIM marker evaluation, until :mod:`pynix.standards.markers` lands on main.

It has the same two functions (``environment``, ``evaluate``) so that the
switch is one import line. ``packaging`` evaluates; this module only builds a
*complete* environment from a :class:`~pynix.standards.targets.Target` (a
partial one would fall back to the host's values) and turns ``packaging``'s
errors into :class:`~pynix.errors.InvalidMarker`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from packaging.markers import Marker, UndefinedComparison, UndefinedEnvironmentName

from pynix.errors import InvalidMarker
from pynix.standards.targets import Target

__all__ = ["environment", "evaluate"]

_KERNELS = {
    "linux": ("posix", "linux", "Linux"),
    "darwin": ("posix", "darwin", "Darwin"),
    "windows": ("nt", "win32", "Windows"),
}


def environment(target: Target) -> dict[str, str]:
    """All eleven PEP 508 variables of ``target``."""
    interpreter, platform = target.interpreter, target.platform
    os_name, sys_platform, system = _KERNELS[platform.kernel]
    pypy = interpreter.implementation == "pypy"
    full = interpreter.python_full_version
    return {
        "implementation_name": "pypy" if pypy else "cpython",
        "implementation_version": interpreter.implementation_version or full,
        "os_name": os_name,
        "platform_machine": platform.machine,
        "platform_python_implementation": "PyPy" if pypy else "CPython",
        "platform_release": "",
        "platform_system": system,
        "platform_version": "",
        "python_full_version": full,
        "python_version": interpreter.python_version,
        "sys_platform": sys_platform,
    }


def evaluate(marker: Marker, env: Mapping[str, str], extras: Iterable[str] = ()) -> bool:
    """Whether ``marker`` holds in ``env`` with any one of ``extras`` (or none) selected."""
    try:
        return any(marker.evaluate({**env, "extra": extra}) for extra in ("", *extras))
    except (UndefinedComparison, UndefinedEnvironmentName) as error:
        raise InvalidMarker(str(error), text=str(marker)) from None
