"""[tool.pynix]: every key read, every bad value named by its dotted key, merging with options."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.utils import NormalizedName

from pynix.errors import InvalidArgument, InvalidProject, PynixError
from pynix.formats.pynix_settings import (
    PackageSettings,
    Preference,
    Settings,
    parse_preference,
    parse_pynix_settings,
    settings_from_pyproject,
)

FULL = {
    "systems": ["x86_64-linux", "aarch64-darwin"],
    "python-versions": ["3.12", "3.13.1"],
    "glibc-version": "2.28",
    "macos-sdk-version": "14.0",
    "prefer": "sdist",
    "linux-wheels": True,
    "allow-unhashed": False,
    "extras": ["Fast"],
    "groups": ["dev", "docs"],
    "packages": {"NumPy": {"prefer": "wheel", "linux-wheels": False}, "torch": {}},
}

# (id, table, message)
BAD = [
    (
        "unknown-key",
        {"sytems": []},
        "tool.pynix: unknown key 'sytems'\n  hint: did you mean 'systems'?",
    ),
    (
        "unknown-key-no-match",
        {"zzz": 1},
        (
            "tool.pynix: unknown key 'zzz'\n  hint: known keys: systems, python-versions, "
            "glibc-version, macos-sdk-version, prefer, linux-wheels, allow-unhashed, extras, "
            "groups, packages"
        ),
    ),
    (
        "systems-type",
        {"systems": "x86_64-linux"},
        "tool.pynix.systems: expected an array, got a string",
    ),
    (
        "system-unknown",
        {"systems": ["x86_64-linux", "x86-64-linux"]},
        (
            "tool.pynix.systems[1]: unknown system 'x86-64-linux'\n"
            "  hint: write it as Nix does: x86_64-linux, aarch64-linux, x86_64-darwin, "
            "aarch64-darwin"
        ),
    ),
    (
        "system-twice",
        {"systems": ["x86_64-linux", "x86_64-linux"]},
        "tool.pynix.systems[1]: 'x86_64-linux' is listed twice",
    ),
    (
        "python-version",
        {"python-versions": ["3.12", "three"]},
        (
            "tool.pynix.python-versions[1]: interpreter version 'three' is not of the form X.Y or "
            "X.Y.Z"
        ),
    ),
    (
        "glibc",
        {"glibc-version": "2"},
        "tool.pynix.glibc-version: expected a version such as '2.28', got '2'",
    ),
    (
        "sdk-type",
        {"macos-sdk-version": 11.3},
        "tool.pynix.macos-sdk-version: expected a string, got a float",
    ),
    (
        "prefer",
        {"prefer": "source"},
        "tool.pynix.prefer: expected 'wheel', 'sdist' or 'nixpkgs', got 'source'",
    ),
    (
        "allow-unhashed",
        {"allow-unhashed": "yes"},
        "tool.pynix.allow-unhashed: expected a boolean, got a string",
    ),
    (
        "extra-name",
        {"extras": ["ok", "not ok"]},
        "tool.pynix.extras[1]: not a valid name: 'not ok'",
    ),
    ("group-twice", {"groups": ["Dev", "dev"]}, "tool.pynix.groups[1]: 'dev' is listed twice"),
    ("packages-type", {"packages": []}, "tool.pynix.packages: expected a table, got an array"),
    (
        "package-name",
        {"packages": {"not ok": {}}},
        "tool.pynix.packages.\"not ok\": not a valid distribution name: 'not ok'",
    ),
    (
        "package-spellings",
        {"packages": {"NumPy": {}, "numpy": {}}},
        "tool.pynix.packages.numpy: numpy has settings under two spellings",
    ),
    (
        "package-key",
        {"packages": {"numpy": {"prefers": "sdist"}}},
        "tool.pynix.packages.numpy: unknown key 'prefers'\n  hint: did you mean 'prefer'?",
    ),
    (
        "package-prefer",
        {"packages": {"numpy": {"prefer": 1}}},
        "tool.pynix.packages.numpy.prefer: expected a string, got an integer",
    ),
]

# (id, option, message)
BAD_PREFERENCES = [
    (
        "no-equals",
        "numpy",
        (
            "expected NAME=wheel, NAME=sdist or NAME=nixpkgs, got 'numpy'\n"
            "  hint: for example --prefer numpy=sdist"
        ),
    ),
    (
        "bad-name",
        "=sdist",
        (
            "expected NAME=wheel, NAME=sdist or NAME=nixpkgs, got '=sdist'\n"
            "  hint: for example --prefer numpy=sdist"
        ),
    ),
    (
        "bad-kind",
        "numpy=src",
        "unknown preference 'src' for numpy\n  hint: use wheel, sdist or nixpkgs",
    ),
]


def test_every_key() -> None:
    settings = parse_pynix_settings(FULL)
    assert settings == Settings(
        systems=("x86_64-linux", "aarch64-darwin"),
        python_versions=("3.12", "3.13.1"),
        glibc_version="2.28",
        macos_sdk_version="14.0",
        prefer=Preference.SDIST,
        linux_wheels=True,
        allow_unhashed=False,
        extras=(NormalizedName("fast"),),
        groups=(NormalizedName("dev"), NormalizedName("docs")),
        packages={
            NormalizedName("numpy"): PackageSettings(prefer=Preference.WHEEL, linux_wheels=False),
            NormalizedName("torch"): PackageSettings(),
        },
    )
    assert settings.preference(NormalizedName("numpy")) is Preference.WHEEL
    assert settings.preference(NormalizedName("torch")) is Preference.SDIST
    assert not settings.allows_linux_wheels(NormalizedName("numpy"))
    assert settings.allows_linux_wheels(NormalizedName("torch"))


def test_nothing_set_means_defaults() -> None:
    settings = settings_from_pyproject({"project": {"name": "x"}})
    assert settings == Settings()
    assert settings.preference(NormalizedName("any")) is Preference.WHEEL
    assert not settings.allows_linux_wheels(NormalizedName("any"))


def test_from_pyproject() -> None:
    settings = settings_from_pyproject({"tool": {"pynix": {"systems": ["aarch64-linux"]}}})
    assert settings.systems == ("aarch64-linux",)


def test_tool_pynix_must_be_a_table() -> None:
    with pytest.raises(InvalidProject) as info:
        settings_from_pyproject({"tool": {"pynix": []}})
    assert str(info.value) == "tool.pynix: expected a table, got an array"


@pytest.mark.parametrize(("table", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_values(table: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidProject) as info:
        parse_pynix_settings(table)
    assert str(info.value) == message


def test_options_override_the_file() -> None:
    file = parse_pynix_settings(FULL)
    options = Settings(
        systems=("x86_64-darwin",),
        allow_unhashed=True,
        packages={
            NormalizedName("numpy"): PackageSettings(prefer=Preference.NIXPKGS),
            NormalizedName("scipy"): PackageSettings(linux_wheels=True),
        },
    )
    merged = file.merged(options)
    assert merged.systems == ("x86_64-darwin",)
    assert merged.python_versions == ("3.12", "3.13.1")
    assert merged.allow_unhashed is True
    assert dict(merged.packages) == {
        "numpy": PackageSettings(prefer=Preference.NIXPKGS, linux_wheels=False),
        "scipy": PackageSettings(linux_wheels=True),
        "torch": PackageSettings(),
    }
    assert Settings().merged(Settings()) == Settings()


def test_parse_preference() -> None:
    assert parse_preference(" Torch = nixpkgs ") == ("torch", Preference.NIXPKGS)


@pytest.mark.parametrize(
    ("option", "message"), [b[1:] for b in BAD_PREFERENCES], ids=[b[0] for b in BAD_PREFERENCES]
)
def test_bad_preferences(option: str, message: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        parse_preference(option)
    assert str(info.value) == message


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = st.sampled_from([*FULL, "prefers", "x"])


@given(st.dictionaries(KEYS, VALUES | st.sampled_from(list(FULL.values())), max_size=5))
def test_any_table_reads_or_fails_cleanly(table: dict[str, Any]) -> None:
    try:
        parse_pynix_settings(table)
    except PynixError as error:
        message = str(error)
    else:
        return
    assert message.startswith("tool.pynix")
