"""Snapshots of a nixpkgs Python package set: the schema, parsing and serialization.

A snapshot records which Python packages one nixpkgs offers, at which
versions, for one interpreter. ``pynix nixpkgs snapshot`` takes one with the
real ``nix`` (see :mod:`pynix.nixpkgs.take`); ``pynix check --snapshot`` and
the renderers read it, so that nothing needs to evaluate nixpkgs twice.

The schema (``tests/fixtures/nixpkgs/snapshot-example.json`` is a complete
example)::

    {
      "schema": "pynix-nixpkgs-snapshot/1",
      "nixpkgs": {"revision": "<git revision>" | null, "path": "<store path or dir>" | null},
      "python": {"attr": "python312", "version": "3.12.8", "implementation": "cpython" | null},
      "packages": {"<attr>": {"pname": "<pname>", "version": "<version>"}, ...},
      "aliases": {"<alias attr>": "<attr in packages>", ...},
      "broken": ["<attr>", ...]
    }

* ``packages`` has the attributes of ``<python.attr>.pkgs`` that are
  derivations with a ``pname`` and a ``version``. Versions are kept exactly as
  nixpkgs spells them; some are not PEP 440 (``0-unstable-2024-05-01``).
* ``aliases`` maps an alias attribute (one nixpkgs only defines while
  ``config.allowAliases`` is true, such as ``pytorch``) to the attribute in
  ``packages`` it stands for.
* ``broken`` lists the attributes whose evaluation failed (a ``throw``, a
  failed ``assert``, ``meta.broken``, a removed alias), kept so that
  messages can say "nixpkgs has it, but it does not evaluate".

Traps:

* Keys are nixpkgs attribute names, not PyPI names: ``zope-interface``,
  ``django_4``. Map PyPI names with :mod:`pynix.nixpkgs.names`.
* An alias must point at a key of ``packages``, and no attribute may be in
  more than one of ``packages``, ``aliases`` and ``broken``; the parser
  rejects a snapshot that breaks this, since a hand-edited one easily does.

>>> snapshot = parse_snapshot(
...     {
...         "schema": "pynix-nixpkgs-snapshot/1",
...         "nixpkgs": {"revision": None, "path": None},
...         "python": {"attr": "python3", "version": "3.12.8", "implementation": "cpython"},
...         "packages": {"requests": {"pname": "requests", "version": "2.32.3"}},
...         "aliases": {},
...         "broken": [],
...     },
...     file="snapshot.json",
... )
>>> snapshot.packages["requests"].version
'2.32.3'
>>> parse_snapshot({"schema": "pynix-nixpkgs-snapshot/0"}, file="old.json")
Traceback (most recent call last):
    ...
pynix.errors.InvalidSnapshot: old.json: schema: unsupported snapshot schema '...snapshot/0' (...)
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pynix.errors import InvalidSnapshot, Location

__all__ = [
    "SCHEMA",
    "Snapshot",
    "SnapshotPackage",
    "SnapshotPython",
    "SnapshotSource",
    "parse_snapshot",
    "snapshot_to_json",
]

SCHEMA = "pynix-nixpkgs-snapshot/1"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class SnapshotSource:
    """Which nixpkgs the snapshot was taken from (either part may be unknown)."""

    revision: str | None = None
    path: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class SnapshotPython:
    """The interpreter whose package set was walked: ``python312``, ``3.12.8``, ``cpython``."""

    attr: str
    version: str
    implementation: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class SnapshotPackage:
    """One attribute's ``pname`` and ``version``, as nixpkgs spells them."""

    pname: str
    version: str


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Snapshot:
    """A nixpkgs Python package set: packages, aliases and broken attributes.

    Build one with :func:`parse_snapshot` (which checks the invariants in
    the module docstring) rather than by hand.
    """

    nixpkgs: SnapshotSource
    python: SnapshotPython
    packages: Mapping[str, SnapshotPackage]
    aliases: Mapping[str, str] = dataclasses.field(default_factory=lambda: MappingProxyType({}))
    broken: tuple[str, ...] = ()


def parse_snapshot(data: object, *, file: str | None = None) -> Snapshot:
    """Check an already-loaded JSON value against the schema and build the :class:`Snapshot`.

    Raises :class:`~pynix.errors.InvalidSnapshot` naming ``file`` and the key
    path of the first problem (``packages.requests.version: expected a string``).
    """
    try:
        return _parse(data)
    except InvalidSnapshot as error:
        raise error.at(file=file) from None


def snapshot_to_json(snapshot: Snapshot) -> str:
    """The snapshot as JSON text: sorted keys, two-space indent, a final newline.

    The same snapshot always gives the same bytes, so snapshot files diff well.
    """
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "nixpkgs": {"revision": snapshot.nixpkgs.revision, "path": snapshot.nixpkgs.path},
        "python": {
            "attr": snapshot.python.attr,
            "version": snapshot.python.version,
            "implementation": snapshot.python.implementation,
        },
        "packages": {
            attr: {"pname": package.pname, "version": package.version}
            for attr, package in snapshot.packages.items()
        },
        "aliases": dict(snapshot.aliases),
        "broken": sorted(set(snapshot.broken)),
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- parsing -----------------------------------------------------------------------------

_TOP_KEYS = ("schema", "nixpkgs", "python", "packages", "aliases", "broken")
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_'+-]+$")


def _fail(message: str, key: str | None) -> InvalidSnapshot:
    return InvalidSnapshot(message, location=Location(key=key))


def _join(parent: str | None, key: str) -> str:
    # Attribute names with dots or spaces are quoted so that the path stays readable.
    part = key if _PLAIN_KEY.match(key) else json.dumps(key, ensure_ascii=False)
    return part if parent is None else f"{parent}.{part}"


def _object(value: object, key: str | None, keys: tuple[str, ...] | None) -> dict[str, Any]:
    """``value`` as a JSON object; with ``keys``, exactly those keys must be present."""
    if not isinstance(value, dict):
        raise _fail("expected a JSON object", key)
    if keys is not None:
        for name in keys:
            if name not in value:
                raise _fail("missing key", _join(key, name))
        for name in sorted(value):
            if name not in keys:
                raise _fail(f"unknown key (expected one of: {', '.join(keys)})", _join(key, name))
    return value


def _string(value: object, key: str, *, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise _fail("expected a string or null" if nullable else "expected a string", key)
    return value


def _required_string(value: object, key: str) -> str:
    text = _string(value, key)
    assert text is not None  # _string without nullable never returns None
    return text


def _parse(data: object) -> Snapshot:
    if isinstance(data, dict) and "schema" in data and data["schema"] != SCHEMA:
        schema = data["schema"]
        shown = repr(schema) if isinstance(schema, str) else "of the wrong type"
        raise _fail(f"unsupported snapshot schema {shown} (this pynix reads '{SCHEMA}')", "schema")
    top = _object(data, None, _TOP_KEYS)

    source = _object(top["nixpkgs"], "nixpkgs", ("revision", "path"))
    python = _object(top["python"], "python", ("attr", "version", "implementation"))

    packages: dict[str, SnapshotPackage] = {}
    for attr, value in sorted(_object(top["packages"], "packages", None).items()):
        key = _join("packages", attr)
        fields = _object(value, key, ("pname", "version"))
        packages[attr] = SnapshotPackage(
            pname=_required_string(fields["pname"], _join(key, "pname")),
            version=_required_string(fields["version"], _join(key, "version")),
        )

    aliases: dict[str, str] = {}
    for alias, target in sorted(_object(top["aliases"], "aliases", None).items()):
        key = _join("aliases", alias)
        name = _required_string(target, key)
        if alias in packages:
            raise _fail("an alias must not also be a key of packages", key)
        if name not in packages:
            raise _fail(f"target {name!r} is not a key of packages", key)
        aliases[alias] = name

    broken_list = top["broken"]
    if not isinstance(broken_list, list):
        raise _fail("expected a list of attribute names", "broken")
    broken: set[str] = set()
    for index, value in enumerate(broken_list):
        key = f"broken[{index}]"
        attr = _required_string(value, key)
        if attr in packages or attr in aliases:
            raise _fail(f"{attr!r} is also in {'packages' if attr in packages else 'aliases'}", key)
        broken.add(attr)

    return Snapshot(
        nixpkgs=SnapshotSource(
            revision=_string(source["revision"], "nixpkgs.revision", nullable=True),
            path=_string(source["path"], "nixpkgs.path", nullable=True),
        ),
        python=SnapshotPython(
            attr=_required_string(python["attr"], "python.attr"),
            version=_required_string(python["version"], "python.version"),
            implementation=_string(
                python["implementation"], "python.implementation", nullable=True
            ),
        ),
        packages=MappingProxyType(packages),
        aliases=MappingProxyType(aliases),
        broken=tuple(sorted(broken)),
    )
