"""``[tool.pynix]`` in ``pyproject.toml``: which targets to build for and how to build each package.

PEP 518 reserves ``[tool.<name>]`` for tools; pynix reads its own settings
there. Every key is optional; the command line sets the same ones
(``--system``, ``--python``, ``--prefer numpy=sdist``, ...) and wins over the
file (:meth:`Settings.merged`)::

    [tool.pynix]
    systems = ["x86_64-linux", "aarch64-darwin"]   # default: the four DEFAULT_SYSTEMS
    python-versions = ["3.12", "3.13"]             # default: what the lock allows of 3.11-3.14
    glibc-version = "2.28"          # manylinux wheels built for this glibc or older (2.40)
    macos-sdk-version = "11.3"      # macOS wheels built for this SDK or older (11.3)
    prefer = "wheel"                # wheel (default), sdist or nixpkgs, for every package
    linux-wheels = false            # accept non-portable linux_<arch> wheels
    allow-unhashed = false          # accept files the lock records without a hash
    extras = ["fast"]               # the project's extras to install (default: all)
    groups = ["dev"]                # the dependency groups to install (default: all)

    [tool.pynix.packages.numpy]
    prefer = "sdist"                # build this one from source
    linux-wheels = true

``prefer`` says where a package comes from: ``wheel`` takes the best
compatible wheel and falls back to the sdist; ``sdist`` the other way
round; ``nixpkgs`` asks the renderer to reuse nixpkgs' package when it has
one (the plan still chooses an artifact to fall back on).

Errors are :class:`~pynix.errors.InvalidProject` at the dotted key
(``tool.pynix.packages.numpy.prefer``); an unknown key suggests the likely
one.

>>> settings = parse_pynix_settings({"systems": ["x86_64-linux"], "packages": {"NumPy": {}}})
>>> settings.systems, list(settings.packages)
(('x86_64-linux',), ['numpy'])
>>> parse_pynix_settings({"sytems": []})
Traceback (most recent call last):
...
pynix.errors.InvalidProject: tool.pynix: unknown key 'sytems'
  hint: did you mean 'systems'?
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import InvalidArgument, InvalidProject, Location
from pynix.formats._toml_paths import (
    child,
    expect_bool,
    expect_str,
    expect_str_list,
    expect_table,
    invalid,
    item,
    table_at,
)
from pynix.model.project import frozen_mapping
from pynix.standards.names import is_valid_name
from pynix.standards.targets import Interpreter, Platform

__all__ = [
    "PackageSettings",
    "Preference",
    "Settings",
    "parse_preference",
    "parse_pynix_settings",
    "settings_from_options",
    "settings_from_pyproject",
]

T = TypeVar("T")
_VERSION = re.compile(r"^\d+\.\d+$")


class Preference(enum.StrEnum):
    """Where a package should come from."""

    WHEEL = "wheel"
    SDIST = "sdist"
    NIXPKGS = "nixpkgs"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class PackageSettings:
    """``[tool.pynix.packages.<name>]``: ``None`` leaves the project-wide value."""

    prefer: Preference | None = None
    linux_wheels: bool | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Settings:
    """pynix's settings for one project; ``None`` means "not set, use the default".

    The defaults are applied by the planner (:mod:`pynix.plan`), so that a
    file value and a command-line value can be merged first.
    """

    systems: tuple[str, ...] | None = None
    python_versions: tuple[str, ...] | None = None
    glibc_version: str | None = None
    macos_sdk_version: str | None = None
    prefer: Preference | None = None
    linux_wheels: bool | None = None
    allow_unhashed: bool | None = None
    extras: tuple[NormalizedName, ...] | None = None
    groups: tuple[NormalizedName, ...] | None = None
    packages: Mapping[NormalizedName, PackageSettings] = dataclasses.field(
        default_factory=frozen_mapping
    )

    def merged(self, override: Settings) -> Settings:
        """These settings with every value ``override`` sets put over them.

        >>> base = Settings(systems=("x86_64-linux",), prefer=Preference.SDIST)
        >>> merged = base.merged(Settings(prefer=Preference.WHEEL))
        >>> merged.systems, merged.prefer
        (('x86_64-linux',), <Preference.WHEEL: 'wheel'>)
        """
        values: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            if field.name == "packages":
                continue
            mine, theirs = getattr(self, field.name), getattr(override, field.name)
            values[field.name] = theirs if theirs is not None else mine
        packages = dict(self.packages)
        for name, package in override.packages.items():
            old = packages.get(name, PackageSettings())
            packages[name] = PackageSettings(
                prefer=package.prefer if package.prefer is not None else old.prefer,
                linux_wheels=(
                    package.linux_wheels if package.linux_wheels is not None else old.linux_wheels
                ),
            )
        return Settings(**values, packages=frozen_mapping(dict(sorted(packages.items()))))

    def preference(self, name: NormalizedName) -> Preference:
        """The preference for package ``name``: its own, else the project's, else ``wheel``."""
        own = self.packages.get(name)
        if own is not None and own.prefer is not None:
            return own.prefer
        return self.prefer or Preference.WHEEL

    def allows_linux_wheels(self, name: NormalizedName) -> bool:
        """Whether non-portable ``linux_<arch>`` wheels may be installed for ``name``."""
        own = self.packages.get(name)
        if own is not None and own.linux_wheels is not None:
            return own.linux_wheels
        return bool(self.linux_wheels)


def settings_from_pyproject(data: Mapping[str, Any]) -> Settings:
    """The settings in a loaded ``pyproject.toml`` (empty ones when it has no ``[tool.pynix]``)."""
    table = table_at(data, "tool", "pynix")
    return parse_pynix_settings(table) if table is not None else Settings()


def parse_pynix_settings(table: Mapping[str, Any], path: str = "tool.pynix") -> Settings:
    """Read a ``[tool.pynix]`` table; raises :class:`~pynix.errors.InvalidProject` at the key."""
    _check_keys(table, _KEYS, path)
    packages: dict[NormalizedName, PackageSettings] = {}
    packages_path = child(path, "packages")
    for name, value in expect_table(table.get("packages", {}), packages_path).items():
        where = child(packages_path, name)
        if not is_valid_name(name):
            raise invalid(where, f"not a valid distribution name: {name!r}")
        normalized = canonicalize_name(name)
        if normalized in packages:
            raise invalid(where, f"{normalized} has settings under two spellings")
        packages[normalized] = _package(expect_table(value, where), where)
    return Settings(
        systems=_get(table, "systems", path, _systems),
        python_versions=_get(table, "python-versions", path, _python_versions),
        glibc_version=_get(table, "glibc-version", path, _version),
        macos_sdk_version=_get(table, "macos-sdk-version", path, _version),
        prefer=_get(table, "prefer", path, _preference),
        linux_wheels=_get(table, "linux-wheels", path, expect_bool),
        allow_unhashed=_get(table, "allow-unhashed", path, expect_bool),
        extras=_get(table, "extras", path, _names),
        groups=_get(table, "groups", path, _names),
        packages=frozen_mapping(dict(sorted(packages.items()))),
    )


def parse_preference(text: str) -> tuple[NormalizedName, Preference]:
    """A command-line ``NAME=wheel|sdist|nixpkgs`` (``--prefer numpy=sdist``).

    Raises :class:`~pynix.errors.InvalidArgument`.

    >>> parse_preference("NumPy=sdist")
    ('numpy', <Preference.SDIST: 'sdist'>)
    """
    name, equals, kind = text.partition("=")
    if not equals or not is_valid_name(name.strip()):
        raise InvalidArgument(
            f"expected NAME=wheel, NAME=sdist or NAME=nixpkgs, got {text!r}",
            hint="for example --prefer numpy=sdist",
        )
    try:
        return canonicalize_name(name.strip()), Preference(kind.strip())
    except ValueError:
        raise InvalidArgument(
            f"unknown preference {kind.strip()!r} for {name.strip()}",
            hint="use wheel, sdist or nixpkgs",
        ) from None


def settings_from_options(
    *,
    systems: Sequence[str] = (),
    python_versions: Sequence[str] = (),
    glibc_version: str | None = None,
    macos_sdk_version: str | None = None,
    prefer: Sequence[str] = (),
    linux_wheels: bool | None = None,
    allow_unhashed: bool | None = None,
    extras: Sequence[str] | None = None,
    groups: Sequence[str] | None = None,
) -> Settings:
    """Settings from command-line values, to put over the file's with :meth:`Settings.merged`.

    Empty sequences and ``None`` leave a setting unset, except ``extras`` and
    ``groups``, where ``()`` means "none" (``--no-extras``). ``prefer`` items
    are ``KIND`` (every package) or ``NAME=KIND``. Raises
    :class:`~pynix.errors.InvalidArgument` naming the option.

    >>> options = settings_from_options(systems=["aarch64-darwin"], prefer=["sdist", "numpy=wheel"])
    >>> options.systems, options.prefer, options.preference("numpy")
    (('aarch64-darwin',), <Preference.SDIST: 'sdist'>, <Preference.WHEEL: 'wheel'>)
    """
    given: dict[str, Any] = {
        "systems": list(systems) or None,
        "python-versions": list(python_versions) or None,
        "glibc-version": glibc_version,
        "macos-sdk-version": macos_sdk_version,
        "linux-wheels": linux_wheels,
        "allow-unhashed": allow_unhashed,
        "extras": None if extras is None else list(extras),
        "groups": None if groups is None else list(groups),
    }
    table = {key: value for key, value in given.items() if value is not None}
    packages: dict[str, dict[str, str]] = {}
    for item_text in prefer:
        if "=" in item_text:
            name, kind = parse_preference(item_text)
            packages[name] = {"prefer": kind.value}
        else:
            table["prefer"] = item_text.strip()
    if packages:
        table["packages"] = packages
    try:
        return parse_pynix_settings(table)
    except InvalidProject as error:
        raise InvalidArgument(
            f"{_option_of(error.location.key or '')}: {error.message}", hint=error.hint
        ) from None


_OPTIONS = {
    "systems": "--system",
    "python-versions": "--python",
    "glibc-version": "--glibc",
    "macos-sdk-version": "--macos-sdk",
    "prefer": "--prefer",
    "packages": "--prefer",
    "extras": "--extra",
    "groups": "--group",
}


def _option_of(key: str) -> str:
    """The command-line option of a ``tool.pynix.<key>[i]...`` path."""
    part = key.removeprefix("tool.pynix.").split(".")[0].split("[")[0]
    return _OPTIONS.get(part, f"--{part}")


# -- values ------------------------------------------------------------------------------------

_KEYS = (
    "systems",
    "python-versions",
    "glibc-version",
    "macos-sdk-version",
    "prefer",
    "linux-wheels",
    "allow-unhashed",
    "extras",
    "groups",
    "packages",
)
_PACKAGE_KEYS = ("prefer", "linux-wheels")


def _get(
    table: Mapping[str, Any], key: str, path: str, read: Callable[[object, str], T]
) -> T | None:
    return read(table[key], child(path, key)) if key in table else None


def _check_keys(table: Mapping[str, Any], known: tuple[str, ...], path: str) -> None:
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            raise InvalidProject(
                f"unknown key {key!r}",
                location=Location(key=path),
                hint=f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}",
            )


def _package(table: Mapping[str, Any], path: str) -> PackageSettings:
    _check_keys(table, _PACKAGE_KEYS, path)
    return PackageSettings(
        prefer=_get(table, "prefer", path, _preference),
        linux_wheels=_get(table, "linux-wheels", path, expect_bool),
    )


def _unique(values: tuple[T, ...], path: str, shown: Callable[[T], str]) -> tuple[T, ...]:
    seen: dict[T, int] = {}
    for index, value in enumerate(values):
        if value in seen:
            raise invalid(item(path, index), f"{shown(value)} is listed twice")
        seen[value] = index
    return values


def _systems(value: object, path: str) -> tuple[str, ...]:
    systems = expect_str_list(value, path)
    for index, system in enumerate(systems):
        try:
            Platform(system=system)
        except InvalidArgument as error:
            raise InvalidProject(
                error.message, location=Location(key=item(path, index)), hint=error.hint
            ) from None
    return _unique(systems, path, repr)


def _python_versions(value: object, path: str) -> tuple[str, ...]:
    versions = expect_str_list(value, path)
    for index, version in enumerate(versions):
        try:
            Interpreter(version=version)
        except InvalidArgument as error:
            raise InvalidProject(error.message, location=Location(key=item(path, index))) from None
    return _unique(versions, path, repr)


def _version(value: object, path: str) -> str:
    text = expect_str(value, path)
    if not _VERSION.match(text):
        raise invalid(path, f"expected a version such as '2.28', got {text!r}")
    return text


def _preference(value: object, path: str) -> Preference:
    text = expect_str(value, path)
    try:
        return Preference(text)
    except ValueError:
        raise invalid(path, f"expected 'wheel', 'sdist' or 'nixpkgs', got {text!r}") from None


def _names(value: object, path: str) -> tuple[NormalizedName, ...]:
    names = expect_str_list(value, path)
    for index, name in enumerate(names):
        if not is_valid_name(name):
            raise invalid(item(path, index), f"not a valid name: {name!r}")
    return _unique(tuple(canonicalize_name(n) for n in names), path, repr)
