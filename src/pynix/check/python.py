"""The interpreter side of a check: ``requires-python``, and which interpreter to check for.

A snapshot records the interpreter whose package set it walked
(``python312``, ``3.12.8``); that is the default target interpreter.
``pynix check --python 3.11`` may ask for another one, to evaluate markers
and ``requires-python`` for it, but the versions checked are still the
snapshot's, and the check says so (``snapshot-python``).

Traps:

* ``requires-python`` is compared with the full version (``>=3.12.1``
  excludes 3.12.0) without its pre-release part, as pip compares
  ``sys.version_info[:3]``: ``>=3.13`` holds for a ``3.13.0rc2`` interpreter,
  although the version ``3.13.0rc2`` is below ``3.13`` in PEP 440.
* ``--python 3.12`` against a ``3.12.8`` snapshot means the snapshot's
  interpreter; its full version is used, not ``3.12.0``.
"""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

from pynix.check._where import declared_python
from pynix.check.codes import Code, make_finding
from pynix.errors import InvalidArgument, InvalidSnapshot, Location, Unsupported
from pynix.model import Finding, Project
from pynix.nixpkgs.snapshot import Snapshot
from pynix.standards.targets import Interpreter, Platform, Target

__all__ = ["check_requires_python", "check_snapshot_python", "snapshot_target"]


def snapshot_target(snapshot: Snapshot, system: str, python: str | None = None) -> Target:
    """The target a check against ``snapshot`` on ``system`` uses.

    ``python`` (``3.11`` or ``3.11.4``) overrides the snapshot's interpreter
    version; when it names the snapshot's ``major.minor``, the snapshot's full
    version is used. Raises :class:`~pynix.errors.InvalidArgument` for an
    unknown system or a malformed ``python``, and
    :class:`~pynix.errors.InvalidSnapshot` (key ``python.version`` or
    ``python.implementation``, no file: the caller adds it) for a snapshot
    interpreter that cannot be a target.

    >>> from pynix.nixpkgs.snapshot import SnapshotPython, SnapshotSource
    >>> snapshot = Snapshot(
    ...     nixpkgs=SnapshotSource(),
    ...     python=SnapshotPython(attr="python312", version="3.12.8", implementation="cpython"),
    ...     packages={},
    ... )
    >>> str(snapshot_target(snapshot, "aarch64-darwin", "3.12").interpreter)
    'CPython 3.12.8'
    """
    implementation = snapshot.python.implementation or "cpython"
    if implementation not in ("cpython", "pypy"):
        raise InvalidSnapshot(
            f"unknown Python implementation {implementation!r} (expected cpython or pypy)",
            location=Location(key="python.implementation"),
        )
    if implementation == "pypy":
        # Markers need PyPy's own version (implementation_version), which snapshots lack.
        raise Unsupported(
            "checking against a PyPy package set is not supported: the snapshot does not "
            "record PyPy's own version, which markers compare",
            location=Location(key="python.implementation"),
        )
    try:
        own = Interpreter(version=snapshot.python.version)
        Version(snapshot.python.version)
    except (InvalidArgument, InvalidVersion):
        raise InvalidSnapshot(
            f"interpreter version {snapshot.python.version!r} is not of the form X.Y.Z",
            location=Location(key="python.version"),
        ) from None
    interpreter = own
    if python is not None:
        given = Interpreter(version=python)
        if given.python_version != own.python_version or len(python.split(".")) > 2:
            interpreter = given
    return Target(interpreter=interpreter, platform=Platform.from_system(system))


def check_requires_python(project: Project, target: Target) -> Finding | None:
    """A ``python-version`` error when ``requires-python`` excludes the target interpreter.

    >>> from pynix.model import ProjectFormat
    >>> from pynix.standards.versions import parse_specifiers
    >>> project = Project(format=ProjectFormat.PEP621, requires_python=parse_specifiers(">=3.13"))
    >>> print(check_requires_python(project, Target.parse("x86_64-linux", "3.12.8")).message)
    the project requires Python >=3.13; the interpreter is CPython 3.12.8
    """
    wanted = project.requires_python
    if wanted is None:
        return None
    version = Version(Version(target.interpreter.python_full_version).base_version)
    if wanted.contains(version, prereleases=True):
        return None
    return make_finding(
        Code.PYTHON_VERSION,
        f"the project requires Python {wanted}; the interpreter is {target.interpreter}",
        subject="python",
        location=declared_python(project),
    )


def check_snapshot_python(snapshot: Snapshot, target: Target) -> Finding | None:
    """A ``snapshot-python`` warning when the target's ``major.minor`` is not the snapshot's.

    Another patch version of the same minor is the same package set: no warning.
    """
    own = snapshot.python
    interpreter = target.interpreter
    if ".".join(own.version.split(".")[:2]) == interpreter.python_version:
        return None
    return make_finding(
        Code.SNAPSHOT_PYTHON,
        (
            f"the snapshot is of {own.attr} ({own.version}); markers and requires-python are "
            f"checked for {interpreter.version}, package versions are {own.attr}'s"
        ),
        subject="python",
        hint=f"take a snapshot of {interpreter.nix_attr} for its own versions "
        f"(pynix nixpkgs snapshot --python {interpreter.nix_attr} -o FILE)",
    )
