"""Which targets a plan covers: Nix systems times CPython versions, as data.

Systems are the settings' ``systems`` or
:data:`~pynix.standards.targets.DEFAULT_SYSTEMS` (``x86_64-linux``,
``aarch64-linux``, ``x86_64-darwin``, ``aarch64-darwin``). Interpreters are
the settings' ``python-versions`` or, by default, the CPython minor versions
of :data:`PYTHON_VERSIONS` (3.11 to 3.14) that every given
``requires-python`` (the lock's, the project's) admits. Linux targets get the
settings' glibc version (default 2.40) and Darwin targets its macOS SDK
version (default 11.3): those decide which ``manylinux``/``macosx`` wheels
run there.

A minor version counts as admitted when some release of it is: ``>=3.12.4``
admits 3.12 (as ``3.12.4``, the first such release, which is then the
target's version so that ``python_full_version`` markers see a version the
project can run on), ``==3.12.1`` admits 3.12, ``!=3.12.*`` does not.

Targets the user asks for by name are kept even when ``requires-python``
excludes them -- the plan reports that as an error rather than dropping them
-- while default targets are only those the lock covers.

>>> targets = default_targets(Settings(systems=("x86_64-linux",)), [SpecifierSet(">=3.12.4")])
>>> [(str(t), t.interpreter.version) for t in targets]
[('python312 on x86_64-linux', '3.12.4'), ('python313 on x86_64-linux', '3.13'),
 ('python314 on x86_64-linux', '3.14')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from pynix.formats.pynix_settings import Settings
from pynix.standards.targets import DEFAULT_SYSTEMS, Interpreter, Platform, Target

__all__ = ["PYTHON_VERSIONS", "admitted_version", "default_targets", "make_target"]

PYTHON_VERSIONS: Final = ("3.11", "3.12", "3.13", "3.14")
"""The CPython minor versions planned for by default (those nixpkgs ships)."""


def default_targets(
    settings: Settings, requires_python: Iterable[SpecifierSet | None] = ()
) -> tuple[Target, ...]:
    """Every (system, interpreter) target of ``settings``, systems first, then versions.

    Without ``python-versions`` in the settings, the versions of
    :data:`PYTHON_VERSIONS` that all of ``requires_python`` admit (see the
    module docstring); with them, exactly those versions, admitted or not.
    """
    systems = settings.systems or DEFAULT_SYSTEMS
    specifiers = [s for s in requires_python if s is not None and str(s)]
    if settings.python_versions is not None:
        versions: list[str] = list(settings.python_versions)
    else:
        versions = [
            admitted
            for minor in PYTHON_VERSIONS
            if (admitted := admitted_version(minor, specifiers)) is not None
        ]
    return tuple(
        make_target(
            system,
            version,
            glibc_version=settings.glibc_version,
            macos_sdk_version=settings.macos_sdk_version,
        )
        for system in systems
        for version in versions
    )


def make_target(
    system: str,
    python_version: str,
    *,
    glibc_version: str | None = None,
    macos_sdk_version: str | None = None,
) -> Target:
    """A CPython target on ``system`` with nixpkgs' libc defaults unless versions are given."""
    kernel = system.partition("-")[2]
    platform = Platform.from_system(
        system,
        libc_version=glibc_version if kernel == "linux" else None,
        darwin_sdk_version=macos_sdk_version if kernel == "darwin" else None,
    )
    return Target(interpreter=Interpreter(version=python_version), platform=platform)


def admitted_version(minor: str, specifiers: Sequence[SpecifierSet]) -> str | None:
    """The first release of ``minor`` (``"3.12"``) that every specifier admits, or ``None``.

    Candidates are the ``.0`` release (spelled ``minor`` itself), every
    version a specifier names within the minor version, and a late patch
    release (``.99``), each tried in order.

    >>> admitted_version("3.12", [SpecifierSet(">=3.12.4,<4")])
    '3.12.4'
    >>> admitted_version("3.11", [SpecifierSet(">=3.12")]) is None
    True
    """
    candidates = [minor]
    for specifier_set in specifiers:
        for specifier in specifier_set:
            named = specifier.version.removesuffix(".*")
            if named.startswith(minor + ".") and named.count(".") == 2:
                candidates.append(named)
    candidates.append(f"{minor}.99")
    ordered = sorted(set(candidates), key=_as_version)
    for candidate in ordered:
        if all(s.contains(candidate, prereleases=True) for s in specifiers):
            return candidate
    return None


def _as_version(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:  # pragma: no cover - candidates come from specifiers
        return Version("0")
