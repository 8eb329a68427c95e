"""PyPI project names to attributes of a nixpkgs Python package set.

nixpkgs' Python guide asks that attribute names be the PyPI name normalized
as in PEP 503 (lower case, runs of ``.``, ``_`` and ``-`` turned into one
``-``: ``zope.interface`` is ``zope-interface``). Most projects follow it; the
rest are found through what nixpkgs itself records. :meth:`NameMap.lookup`
tries, in order:

1. ``attribute`` -- an attribute equal to the normalized name;
2. ``pname`` -- an attribute whose ``pname`` normalizes to the name (needs a
   snapshot, which knows every ``pname``);
3. ``alias`` -- an alias (``pytorch`` → ``torch``), resolved to its target;
4. ``convention`` -- nixpkgs' older spellings: an attribute that differs from
   the name only in case or separators (``plasTeX``), and the ``py`` prefix
   nixpkgs puts before names that begin with a digit (``3to2`` → ``py3to2``:
   a Nix attribute name cannot begin with one unquoted);
5. ``versioned`` -- a versioned attribute such as ``django_4``. With a version
   constraint and a snapshot, the plain attribute is kept when its version
   satisfies the constraint, and otherwise the versioned attribute with the
   highest satisfying version is chosen (``Django<5`` → ``django_4`` when
   ``django`` is 5.1); a project nixpkgs only has versioned attributes for
   maps to one of those.

A name found nowhere gives :class:`Missing` with "did you mean" suggestions:
the name with "python" dropped or added when that is an attribute
(``python-xlib`` → ``xlib``; a guess too loose to map by, good enough to
suggest), then close matches among the normalized attribute names.

Traps:

* A pre-release version nixpkgs ships satisfies a constraint when the
  version is inside its range (``SpecifierSet.contains(..., prereleases=True)``):
  PEP 440's exclusion of pre-releases is a rule for choosing what to install,
  and nixpkgs has already chosen.
* Versions nixpkgs spells outside PEP 440 (``0-unstable-2024-05-01``) never
  satisfy a constraint; the plain attribute is kept for them.
* Without a snapshot (attribute names only) no version is known: the plain
  attribute is returned and ``Mapped.variants`` lists the versioned ones.

>>> names = NameMap.from_attrs(["django", "django_4", "pyyaml", "zope-interface"])
>>> found = names.lookup("zope.interface")
>>> found.attr, found.via
('zope-interface', <Via.ATTRIBUTE: 'attribute'>)
>>> names.lookup("Django").variants
('django_4',)
>>> names.lookup("PyYML").suggestions
('pyyaml',)
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
from collections.abc import Iterable, Mapping

from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

from pynix.nixpkgs._attrs import preference, split_versioned
from pynix.nixpkgs.snapshot import Snapshot
from pynix.standards.versions import parse_specifiers

__all__ = ["Mapped", "Missing", "NameMap", "Via"]

# How many "did you mean" names a miss offers, and how close they must be (difflib ratio).
_SUGGESTIONS = 3
_CUTOFF = 0.75


class Via(enum.StrEnum):
    """How :meth:`NameMap.lookup` found the attribute (the numbered steps of the module)."""

    ATTRIBUTE = "attribute"
    PNAME = "pname"
    ALIAS = "alias"
    CONVENTION = "convention"
    VERSIONED = "versioned"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Mapped:
    """A project found in the package set.

    ``attr`` is the attribute to write (``ps.<attr>``); ``version`` its
    version in the snapshot, ``None`` without one; ``variants`` the other
    attributes that package the same project (``django_3``, ``django_5``).
    """

    name: NormalizedName
    attr: str
    via: Via
    version: str | None = None
    variants: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Missing:
    """A project the package set lacks.

    ``suggestions`` are attributes with similar names, closest first;
    ``broken`` the attributes for this very name that exist but failed to
    evaluate (broken, disabled for the interpreter, or removed).
    """

    name: NormalizedName
    suggestions: tuple[str, ...] = ()
    broken: tuple[str, ...] = ()


class NameMap:
    """Indexes over one package set's attribute names, built once for many lookups.

    Build it with :meth:`from_snapshot` or :meth:`from_attrs`. Every lookup
    step is a dictionary access; only a miss compares the name against all
    attributes to suggest close ones.
    """

    __slots__ = (
        "_aliases",
        "_broken",
        "_by_pname",
        "_by_spelling",
        "_closest",
        "_misses",
        "_pool",
        "_variants",
        "_versioned_only",
        "_versions",
    )

    def __init__(
        self,
        versions: Mapping[str, str | None],
        *,
        pnames: Mapping[str, str] | None = None,
        aliases: Mapping[str, str] | None = None,
        broken: Iterable[str] = (),
    ) -> None:
        # Private: use from_snapshot() or from_attrs(). ``versions`` maps every
        # attribute to its version (None when unknown), ``pnames`` attributes to pnames.
        self._versions: dict[str, str | None] = dict(versions)
        ordered = sorted(self._versions, key=preference)

        # Plain attributes by pname; versioned ones go with the versioned attributes below.
        self._by_pname: dict[str, str] = {}
        for attr in ordered:
            pname = (pnames or {}).get(attr)
            if pname is not None and split_versioned(attr) is None:
                self._by_pname.setdefault(canonicalize_name(pname), attr)

        self._aliases: dict[str, str] = {}
        for alias, target in sorted((aliases or {}).items()):
            if target in self._versions:
                self._aliases.setdefault(canonicalize_name(alias), target)

        # Versioned attributes by their plain attribute; and, for projects nixpkgs only
        # has versioned attributes for, by the normalized plain name and by pname.
        self._variants: dict[str, list[str]] = {}
        self._versioned_only: dict[str, list[str]] = {}
        self._by_spelling: dict[str, str] = {}
        for attr in ordered:
            split = split_versioned(attr)
            if split is None:
                if canonicalize_name(attr) != attr:
                    self._by_spelling.setdefault(canonicalize_name(attr), attr)
                continue
            self._variants.setdefault(split[0], []).append(attr)
            keys = {canonicalize_name(split[0])}
            if pnames and attr in pnames:
                keys.add(canonicalize_name(pnames[attr]))
            for key in keys:
                self._versioned_only.setdefault(key, []).append(attr)

        self._broken: dict[str, list[str]] = {}
        for attr in sorted(set(broken) - self._versions.keys()):
            self._broken.setdefault(canonicalize_name(attr), []).append(attr)

        # Suggestions: normalized spellings of attributes and aliases -> the attribute to use.
        self._closest: dict[str, str] = {}
        for attr in ordered:
            self._closest.setdefault(canonicalize_name(attr), attr)
        for alias, target in self._aliases.items():
            self._closest.setdefault(alias, target)
        self._pool = sorted(self._closest)
        # A miss compares the name with every attribute (~20 ms over 9,000); remember it.
        self._misses: dict[str, Missing] = {}

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot) -> NameMap:
        """A map over a snapshot's packages, knowing their pnames and versions."""
        return cls(
            {attr: package.version for attr, package in snapshot.packages.items()},
            pnames={attr: package.pname for attr, package in snapshot.packages.items()},
            aliases=snapshot.aliases,
            broken=snapshot.broken,
        )

    @classmethod
    def from_attrs(
        cls,
        attrs: Iterable[str],
        *,
        aliases: Mapping[str, str] | None = None,
        broken: Iterable[str] = (),
    ) -> NameMap:
        """A map over attribute names alone (no pnames, no versions).

        ``aliases`` maps alias attributes to their targets; targets that are
        not in ``attrs`` (``pkgs.fetchPypi``) are ignored.
        """
        return cls(dict.fromkeys(attrs), aliases=aliases, broken=broken)

    def __contains__(self, attr: object) -> bool:
        """True when ``attr`` is an attribute of the package set (not an alias)."""
        return attr in self._versions

    def __len__(self) -> int:
        return len(self._versions)

    def lookup(self, name: str, specifier: SpecifierSet | str | None = None) -> Mapped | Missing:
        """Find the attribute for the PyPI project ``name``.

        ``specifier`` (``">=4,<5"``), when given, chooses among versioned
        attributes. Raises :class:`~pynix.errors.InvalidSpecifier` for a
        specifier string that is not PEP 440.
        """
        normalized = canonicalize_name(name)
        wanted = parse_specifiers(specifier) if isinstance(specifier, str) else specifier
        found = self._find(normalized)
        if found is None:
            versioned = self._versioned_only.get(normalized)
            if versioned is None:
                return self._missing(normalized)
            found = _pick_highest(versioned, self._versions), Via.VERSIONED
        attr, via = found
        split = split_versioned(attr)
        variants = self._variants.get(split[0] if split else attr, [])
        if split is not None and split[0] in self._versions:
            variants = [split[0], *variants]
        if wanted is not None and variants:
            chosen = self._choose(attr, variants, wanted)
            if chosen != attr:
                attr, via = chosen, Via.VERSIONED
        return Mapped(
            name=normalized,
            attr=attr,
            via=via,
            version=self._versions[attr],
            variants=tuple(sorted(a for a in {*variants, found[0]} if a != attr)),
        )

    def _find(self, name: NormalizedName) -> tuple[str, Via] | None:
        if name in self._versions:
            return name, Via.ATTRIBUTE
        if name in self._by_pname:
            return self._by_pname[name], Via.PNAME
        if name in self._aliases:
            return self._aliases[name], Via.ALIAS
        if name in self._by_spelling:
            return self._by_spelling[name], Via.CONVENTION
        if name[:1].isdigit() and f"py{name}" in self._versions:
            return f"py{name}", Via.CONVENTION
        return None

    def _choose(self, attr: str, variants: list[str], wanted: SpecifierSet) -> str:
        """``attr`` when its version satisfies ``wanted``, else the best variant that does."""
        if _satisfies(self._versions[attr], wanted):
            return attr
        fitting = [v for v in variants if v != attr and _satisfies(self._versions[v], wanted)]
        return _pick_highest(fitting, self._versions) if fitting else attr

    def _missing(self, name: NormalizedName) -> Missing:
        if name in self._misses:
            return self._misses[name]
        # nixpkgs often drops or adds a "python" the PyPI name has (python-xlib: xlib).
        renamed = [n for n in _renamings(name) if n in self._versions]
        close = difflib.get_close_matches(name, self._pool, n=_SUGGESTIONS, cutoff=_CUTOFF)
        suggestions = list(dict.fromkeys([*renamed, *(self._closest[c] for c in close)]))
        missing = Missing(
            name=name,
            suggestions=tuple(suggestions),
            broken=tuple(self._broken.get(name, ())),
        )
        self._misses[name] = missing
        return missing


def _renamings(name: str) -> list[str]:
    """Spellings of ``name`` with the word "python" dropped or added, for suggestions."""
    if name.startswith("python-"):
        return [name.removeprefix("python-")]
    if name.endswith("-python"):
        return [name.removesuffix("-python")]
    return [f"python-{name}", f"{name}-python"]


def _version(text: str | None) -> Version | None:
    if text is None:
        return None
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _satisfies(text: str | None, wanted: SpecifierSet) -> bool:
    version = _version(text)
    return version is not None and wanted.contains(version, prereleases=True)


def _pick_highest(attrs: list[str], versions: Mapping[str, str | None]) -> str:
    """The attribute with the highest known version; by attribute name when none is known."""

    def key(attr: str) -> tuple[bool, Version, tuple[int, ...]]:
        split = split_versioned(attr)
        from_name = tuple(int(p) for p in split[1].split(".")) if split else ()
        version = _version(versions.get(attr))
        return version is not None, version or Version("0"), from_name

    return max(attrs, key=key)
