"""Planning: from a lock to what is installed on every target, from which file (pure).

:func:`plan` takes a :class:`~pynix.model.LockSet` (any lock format), the
:class:`~pynix.model.Project` it belongs to and the project's
:class:`~pynix.formats.pynix_settings.Settings`, and returns a frozen
:class:`Plan`: for each target (Nix system x CPython version), the pins
installed, the wheel or sdist (or source tree) each is installed from, the
edges followed with their extras, and, across targets, the cycles and the
edges cut to break them. The Nix renderers are written from a plan and make
no decision of their own; see :mod:`pynix.plan.model` for the data.

>>> from pynix.model import Artifact, ArtifactKind, LockedPackage, LockFormat, LockSet
>>> from pynix.model import RegistrySource
>>> wheel = Artifact(
...     kind=ArtifactKind.WHEEL,
...     filename="idna-3.10-py3-none-any.whl",
...     url="https://example.org/idna-3.10-py3-none-any.whl",
...     hash="sha256-" + "A" * 43 + "=",
... )
>>> pin = LockedPackage(
...     name="idna",
...     version="3.10",
...     source=RegistrySource(url="https://pypi.org/simple"),
...     wheels=(wheel,),
... )
>>> result = plan(LockSet(format=LockFormat.PYLOCK, packages=(pin,)))
>>> len(result.targets), result.errors
(16, ())
>>> idna = result.package("idna")
>>> [(c.build.value, c.artifact.filename, len(c.targets)) for c in idna.choices]
[('wheel', 'idna-3.10-py3-none-any.whl', 16)]
"""

from pynix.plan.model import (
    Build,
    Choice,
    Cycle,
    Edge,
    Environment,
    Installed,
    Pin,
    Plan,
    PlanMode,
    PlannedPackage,
    systems_of,
)
from pynix.plan.planner import plan
from pynix.plan.targets import PYTHON_VERSIONS, default_targets

__all__ = [
    "PYTHON_VERSIONS",
    "Build",
    "Choice",
    "Cycle",
    "Edge",
    "Environment",
    "Installed",
    "Pin",
    "Plan",
    "PlanMode",
    "PlannedPackage",
    "default_targets",
    "plan",
    "systems_of",
]
