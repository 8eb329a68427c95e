"""pyproject.nix's ``lib`` functions, answered by pynix in pyproject.nix's JSON shapes.

``call("pep440.parseVersion", "3.0.0rc1")`` returns what
``builtins.toJSON (lib.pep440.parseVersion "3.0.0rc1")`` gives in Nix, so a
Nix user can ``builtins.fromJSON`` pynix's output and keep working with
pyproject.nix. Arguments are JSON values in pyproject.nix's shapes; where
pyproject.nix takes a Python derivation, a platform or a libc derivation,
pynix takes a *target object* (see :mod:`pynix.interop.targets`).

The answers are pynix's, which follows the PEPs where pyproject.nix does
not; ``docs/interop.md`` lists every such place.

>>> call("pep440.parseVersion", "3.0.0rc1")["release"]
[3, 0, 0]
>>> call("pypa.normalizePackageName", "Friendly_Bard")
'friendly-bard'
>>> "pep440.comparators.~=" in names()
True
"""

from __future__ import annotations

# Importing a namespace module registers its functions.
from pynix.interop import (
    eggs,
    pep440,
    pep508,
    pep518,
    pep599,
    pep600,
    pep621,
    pep656,
    pep723,
    pip,
    poetry,
    project,
    pypa,
    validators,
)
from pynix.interop._registry import call as _call
from pynix.interop._registry import names
from pynix.interop._shapes import JSON

__all__ = ["JSON", "call", "names"]

_NAMESPACES = (
    eggs,
    pep440,
    pep508,
    pep518,
    pep599,
    pep600,
    pep621,
    pep656,
    pep723,
    pip,
    poetry,
    project,
    pypa,
    validators,
)


def call(name: str, *args: JSON) -> JSON:
    """Call the pynix equivalent of pyproject.nix's ``lib.<name>`` on JSON arguments.

    Raises :class:`~pynix.errors.InvalidArgument` for an unknown name (with a
    suggestion), a wrong number of arguments or an argument of the wrong
    shape, and the standards layer's errors (``InvalidVersion``,
    ``InvalidFileName``, ...) for bad values, located at the argument.

    >>> call("pep440.comparators.<", {"str": "2.0rc1"}, {"str": "2.0"})
    False
    >>> call("pep440.parseVersio", "1.0")
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidArgument: unknown pyproject.nix function 'pep440.parseVersio'...
    """
    return _call(name, args)
