"""PyPI names to nixpkgs attributes, over nixpkgs' real attribute names and small snapshots."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName

from pynix.errors import InvalidSpecifier
from pynix.nixpkgs._attrs import split_versioned
from pynix.nixpkgs.names import Mapped, Missing, NameMap, Via
from pynix.nixpkgs.snapshot import SCHEMA, Snapshot, parse_snapshot
from tests.support.shared_data import nixpkgs_python_attrs


def _real_listing() -> dict[str, Any]:
    """nixpkgs' Python attribute names (mid-2024), read from the shared data."""
    return nixpkgs_python_attrs()


@functools.cache
def real_map() -> NameMap:
    listing = _real_listing()
    aliases = {
        alias: entry["target"]
        for alias, entry in listing["aliases"].items()
        if entry["kind"] == "alias"
    }
    removed = [alias for alias, entry in listing["aliases"].items() if entry["kind"] == "removed"]
    return NameMap.from_attrs(listing["attrs"], aliases=aliases, broken=removed)


# PyPI name as projects write it -> (attribute, how it was found), checked against the listing.
REAL = [
    ("requests", "requests", Via.ATTRIBUTE),
    ("PyYAML", "pyyaml", Via.ATTRIBUTE),
    ("Django", "django", Via.ATTRIBUTE),
    ("zope.interface", "zope-interface", Via.ATTRIBUTE),
    ("python-dateutil", "python-dateutil", Via.ATTRIBUTE),
    ("typing_extensions", "typing-extensions", Via.ATTRIBUTE),
    ("scikit-learn", "scikit-learn", Via.ATTRIBUTE),
    ("Pillow", "pillow", Via.ATTRIBUTE),
    ("beautifulsoup4", "beautifulsoup4", Via.ATTRIBUTE),
    ("msgpack", "msgpack", Via.ATTRIBUTE),
    ("attrs", "attrs", Via.ATTRIBUTE),
    ("Jinja2", "jinja2", Via.ATTRIBUTE),
    ("MarkupSafe", "markupsafe", Via.ATTRIBUTE),
    ("ruamel.yaml", "ruamel-yaml", Via.ATTRIBUTE),
    ("Flask-SQLAlchemy", "flask-sqlalchemy", Via.ATTRIBUTE),
    ("backports.zoneinfo", "backports-zoneinfo", Via.ATTRIBUTE),
    ("prompt_toolkit", "prompt-toolkit", Via.ATTRIBUTE),
    ("GitPython", "gitpython", Via.ATTRIBUTE),
    ("PyJWT", "pyjwt", Via.ATTRIBUTE),
    ("psycopg2-binary", "psycopg2-binary", Via.ATTRIBUTE),
    ("HAP-python", "hap-python", Via.ATTRIBUTE),
    ("pytorch", "torch", Via.ALIAS),
    ("dateutil", "python-dateutil", Via.ALIAS),
    ("3to2", "py3to2", Via.CONVENTION),
    ("plasTeX", "plasTeX", Via.CONVENTION),
]


@pytest.mark.parametrize(("name", "attr", "via"), REAL, ids=[n for n, _, _ in REAL])
def test_real_pypi_names_map_to_real_attributes(name: str, attr: str, via: Via) -> None:
    found = real_map().lookup(name)
    assert isinstance(found, Mapped)
    assert (found.attr, found.via) == (attr, via)
    assert found.attr in real_map()
    assert found.version is None


# Misses: (name, suggestions, attributes that exist but do not evaluate).
MISSES = [
    ("reqests", ("requests", "grequests", "txrequests"), ()),
    ("djngo", ("django", "djangoql", "django-q"), ()),
    ("sckit-learn", ("scikit-learn", "scikit-learn-extra"), ()),
    ("beautifulsoup", ("beautifulsoup4", "types-beautifulsoup4"), ()),
    ("python-xlib", ("xlib", "python-hglib", "python-ulid", "python-xz"), ()),
    ("discord.py", ("discordpy",), ()),
    ("apache-airflow", (), ("apache-airflow",)),
    ("fetchPypi", (), ()),
]


@pytest.mark.parametrize(("name", "suggestions", "broken"), MISSES, ids=[n for n, _, _ in MISSES])
def test_misses_suggest_close_attributes(
    name: str, suggestions: tuple[str, ...], broken: tuple[str, ...]
) -> None:
    missed = real_map().lookup(name)
    assert isinstance(missed, Missing)
    assert (missed.suggestions, missed.broken) == (suggestions, broken)
    assert real_map().lookup(name) is missed  # remembered, not computed twice


def test_names_only_lists_versioned_attributes_as_variants() -> None:
    found = real_map().lookup("Django", ">=5")
    assert found == Mapped(
        name=NormalizedName("django"),
        attr="django",
        via=Via.ATTRIBUTE,
        variants=("django_3", "django_4", "django_5"),
    )


def test_every_real_attribute_maps_to_itself_or_is_a_variant() -> None:
    names = real_map()
    attrs = list(_real_listing()["attrs"])
    assert len(names) == len(attrs)
    for attr in attrs:
        plain = split_versioned(attr)
        found = names.lookup(plain[0] if plain else attr)
        assert isinstance(found, Mapped), attr
        # A versioned attribute (django_4) is reached through its project's name.
        assert attr in (found.attr, *found.variants), attr


# --- with a snapshot: pnames and versions ------------------------------------------------


def _snapshot(packages: dict[str, tuple[str, str]], **extra: Any) -> Snapshot:
    return parse_snapshot(
        {
            "schema": SCHEMA,
            "nixpkgs": {"revision": None, "path": None},
            "python": {"attr": "python3", "version": "3.12.8", "implementation": "cpython"},
            "packages": {a: {"pname": p, "version": v} for a, (p, v) in packages.items()},
            "aliases": extra.get("aliases", {}),
            "broken": extra.get("broken", []),
        }
    )


SNAPSHOT = _snapshot(
    {
        "django": ("django", "5.1.4"),
        "django_3": ("django", "3.2.25"),
        "django_4": ("django", "4.2.17"),
        "django_5": ("django", "5.1.4"),
        "xlib": ("python-xlib", "0.33"),
        "soundfile": ("soundfile", "0.12.1"),
        "torch": ("torch", "2.5.1"),
        "torchWithCuda": ("torch", "2.5.1"),
        "sentry-sdk_1": ("sentry-sdk", "1.45.0"),
        "sentry-sdk_2": ("sentry-sdk", "2.19.0"),
        "tornado": ("tornado", "6.5b1"),
        "tornado_5": ("tornado", "5.1.1"),
        "gnureadline": ("gnureadline", "8.1.2-unstable"),
        "gnureadline_7": ("gnureadline", "7.0"),
    },
    aliases={"pysoundfile": "soundfile"},
    broken=["tensorflow"],
)

# (name, specifier, attribute, via, version)
WITH_VERSIONS = [
    ("Django", None, "django", Via.ATTRIBUTE, "5.1.4"),
    ("Django", ">=5", "django", Via.ATTRIBUTE, "5.1.4"),
    ("Django", "<5", "django_4", Via.VERSIONED, "4.2.17"),
    ("Django", "~=3.2", "django_3", Via.VERSIONED, "3.2.25"),
    ("Django", ">=6", "django", Via.ATTRIBUTE, "5.1.4"),
    ("python-xlib", None, "xlib", Via.PNAME, "0.33"),
    ("PySoundFile", None, "soundfile", Via.ALIAS, "0.12.1"),
    ("torch", "==2.5.1", "torch", Via.ATTRIBUTE, "2.5.1"),
    ("sentry-sdk", None, "sentry-sdk_2", Via.VERSIONED, "2.19.0"),
    ("sentry-sdk", "<2", "sentry-sdk_1", Via.VERSIONED, "1.45.0"),
    ("tornado", ">=6", "tornado", Via.ATTRIBUTE, "6.5b1"),
    ("tornado", "<6", "tornado_5", Via.VERSIONED, "5.1.1"),
    ("gnureadline", ">=8", "gnureadline", Via.ATTRIBUTE, "8.1.2-unstable"),
    ("gnureadline", "<8", "gnureadline_7", Via.VERSIONED, "7.0"),
]


@pytest.mark.parametrize(
    ("name", "specifier", "attr", "via", "version"),
    WITH_VERSIONS,
    ids=[f"{n}{s or ''}" for n, s, *_ in WITH_VERSIONS],
)
def test_snapshot_lookups_use_pnames_and_versions(
    name: str, specifier: str | None, attr: str, via: Via, version: str
) -> None:
    found = NameMap.from_snapshot(SNAPSHOT).lookup(name, specifier)
    assert isinstance(found, Mapped)
    assert (found.attr, found.via, found.version) == (attr, via, version)


def test_variants_name_the_other_attributes_of_the_project() -> None:
    found = NameMap.from_snapshot(SNAPSHOT).lookup("django", SpecifierSet("<4"))
    assert isinstance(found, Mapped)
    assert found.attr == "django_3"
    assert found.variants == ("django", "django_4", "django_5")


def test_a_broken_attribute_is_a_miss_that_says_so() -> None:
    missed = NameMap.from_snapshot(SNAPSHOT).lookup("TensorFlow")
    assert missed == Missing(
        name=NormalizedName("tensorflow"), suggestions=(), broken=("tensorflow",)
    )


def test_a_bad_specifier_is_an_error() -> None:
    with pytest.raises(InvalidSpecifier) as info:
        NameMap.from_snapshot(SNAPSHOT).lookup("django", ">=>5")
    assert str(info.value) == "not a valid PEP 440 version specifier: >=>5\n" + " " * 39 + "^^^^"


def test_aliases_to_attributes_outside_the_set_are_ignored() -> None:
    names = NameMap.from_attrs(["ruff"], aliases={"ruff-lsp": "pkgs.ruff-lsp", "Ruff": "ruff"})
    assert isinstance(names.lookup("ruff-lsp"), Missing)
    assert "Ruff" not in names
    assert "ruff" in names


@given(st.text(max_size=30), st.sampled_from([None, "", ">=1", "<5"]))
def test_any_name_maps_or_misses(name: str, specifier: str | None) -> None:
    result = NameMap.from_snapshot(SNAPSHOT).lookup(name, specifier)
    if isinstance(result, Mapped):
        assert result.attr in SNAPSHOT.packages
        assert result.version == SNAPSHOT.packages[result.attr].version
    else:
        assert set(result.suggestions) <= set(SNAPSHOT.packages)
