"""PEP 440 versions and specifiers: normalization, ordering, matching and errors."""

from __future__ import annotations

import random

import pytest

from pynix.errors import InvalidSpecifier, InvalidVersion
from pynix.standards.versions import parse_specifiers, parse_version

P = pytest.param

# text -> normalized form (PEP 440, "Normalization")
NORMALIZED = [
    P("1.1RC1", "1.1rc1", id="case"),
    P("1.1.a1", "1.1a1", id="pre-separator-dot"),
    P("1.1-a1", "1.1a1", id="pre-separator-dash"),
    P("1.1_a1", "1.1a1", id="pre-separator-underscore"),
    P("1.0alpha1", "1.0a1", id="alpha"),
    P("1.0beta2", "1.0b2", id="beta"),
    P("1.0c1", "1.0rc1", id="c-is-rc"),
    P("1.0pre1", "1.0rc1", id="pre-is-rc"),
    P("1.0preview1", "1.0rc1", id="preview-is-rc"),
    P("1.0a", "1.0a0", id="implicit-pre-number"),
    P("1.0.post", "1.0.post0", id="implicit-post-number"),
    P("1.0-1", "1.0.post1", id="implicit-post"),
    P("1.0rev1", "1.0.post1", id="rev-is-post"),
    P("1.0r1", "1.0.post1", id="r-is-post"),
    P("1.0.dev", "1.0.dev0", id="implicit-dev-number"),
    P("1.0-dev1", "1.0.dev1", id="dev-separator"),
    P("1.0+Ubuntu_1", "1.0+ubuntu.1", id="local-separators-and-case"),
    P("v1.0", "1.0", id="leading-v"),
    P("  1.0\n", "1.0", id="surrounding-whitespace"),
    P("01.002", "1.2", id="leading-zeros"),
    P("1!2.0", "1!2.0", id="epoch"),
    P("2024.10.1", "2024.10.1", id="calendar"),
]

INVALID_VERSIONS = [
    P("", id="empty"),
    P("one", id="word"),
    P("1..0", id="empty-segment"),
    P("1.0.0-", id="dangling-dash"),
    P("1.0+", id="empty-local"),
    P("1.0+local_", id="local-trailing-separator"),
    P("1.0.*", id="wildcard"),
    P("1.0 2.0", id="two-versions"),
]

# PEP 440's own example of the order of releases, pre-, post- and dev-releases.
ORDERED = [
    "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
    "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
    "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15",
    "1.1.dev1", "1!0.1",
]  # fmt: skip

# (specifier set, version, contained)
CONTAINS = [
    P("==1.0", "1.0.0", True, id="equal-zero-padding"),
    P("==1.0", "1.0.1", False, id="equal-not-prefix"),
    P("==1.0.*", "1.0.5", True, id="wildcard"),
    P("==1.0.*", "1.1", False, id="wildcard-other"),
    P("!=1.1", "1.1.0", False, id="not-equal-padding"),
    P("~=2.2", "2.9", True, id="compatible"),
    P("~=2.2", "3.0", False, id="compatible-next-major"),
    P("~=1.4.5", "1.4.9", True, id="compatible-patch"),
    P("~=1.4.5", "1.5.0", False, id="compatible-next-minor"),
    P("<2.0", "2.0rc1", False, id="less-excludes-own-prerelease"),
    P(">1.7", "1.7.post2", False, id="greater-excludes-own-post"),
    P(">1.7", "1.7.1", True, id="greater"),
    P("==1.0", "1.0+local", True, id="local-ignored"),
    P("==1.0+local", "1.0", False, id="local-required"),
    P("===1.0", "1.0", True, id="arbitrary"),
    P("===1.0", "1.0.0", False, id="arbitrary-no-padding"),
    P("", "1.0", True, id="empty-matches-any"),
    P(">= 1.0 , < 2", "1.5", True, id="whitespace"),
    P(">=1.0,<2", "2.0", False, id="upper-bound"),
    P("<=2.0,>1.0", "2.0", True, id="inclusive-upper"),
]

# text -> caret span under the first bad clause
INVALID_SPECIFIERS = [
    P(">=1.0.*", (0, 7), id="wildcard-on-ordering"),
    P("~=1", (0, 3), id="compatible-one-part"),
    P("=>1.0", (0, 5), id="swapped-operator"),
    P("1.0", (0, 3), id="no-operator"),
    P(">=", (0, 2), id="no-version"),
    P(">=1.0, =<2", (7, 10), id="second-clause"),
    P(">=1.0;<2", (0, 8), id="semicolon"),
]


@pytest.mark.parametrize(("text", "normalized"), NORMALIZED)
def test_normalization(text: str, normalized: str) -> None:
    assert str(parse_version(text)) == normalized
    assert parse_version(text) == parse_version(normalized)


def test_parts() -> None:
    version = parse_version("1!2.3.4a5.post6.dev7+local.8")
    assert (version.epoch, version.release, version.pre) == (1, (2, 3, 4), ("a", 5))
    assert (version.post, version.dev, version.local) == (6, 7, "local.8")
    assert (version.is_prerelease, version.is_postrelease) == (True, True)
    assert parse_version("1.0.post1").is_prerelease is False
    assert parse_version("1.0.dev1").is_prerelease is True


@pytest.mark.parametrize("text", INVALID_VERSIONS)
def test_invalid_versions(text: str) -> None:
    with pytest.raises(InvalidVersion) as caught:
        parse_version(text)
    assert (caught.value.message, caught.value.text) == ("not a valid PEP 440 version", text)
    assert isinstance(caught.value, ValueError)


def test_invalid_version_message() -> None:
    with pytest.raises(InvalidVersion) as caught:
        parse_version("1.0.0-")
    assert str(caught.value.at(key="project.version")) == (
        "project.version: not a valid PEP 440 version: 1.0.0-"
    )


def test_ordering_follows_pep_440() -> None:
    shuffled = ORDERED.copy()
    random.Random(440).shuffle(shuffled)
    assert sorted(shuffled, key=parse_version) == ORDERED
    assert parse_version("1.0") == parse_version("1.0.0")
    # As strings "1.10" < "1.9"; as versions it is the other way round.
    assert parse_version("1.10") > parse_version("1.9")


@pytest.mark.parametrize(("specifiers", "version", "contained"), CONTAINS)
def test_specifiers_contain(specifiers: str, version: str, *, contained: bool) -> None:
    assert parse_specifiers(specifiers).contains(version) is contained


def test_prerelease_trap() -> None:
    # packaging >= 26 lets a single pre-release match; pass prereleases=False to refuse it.
    specifiers = parse_specifiers(">=5,<8")
    assert specifiers.contains("7.37.0rc1") is True
    assert specifiers.contains("7.37.0rc1", prereleases=False) is False
    assert list(specifiers.filter(["7.36.0", "7.37.0rc1"])) == ["7.36.0"]


@pytest.mark.parametrize(("text", "span"), INVALID_SPECIFIERS)
def test_invalid_specifiers(text: str, span: tuple[int, int]) -> None:
    with pytest.raises(InvalidSpecifier) as caught:
        parse_specifiers(text)
    error = caught.value
    assert (error.message, error.text, error.span) == (
        "not a valid PEP 440 version specifier",
        text,
        span,
    )


def test_invalid_specifier_message() -> None:
    with pytest.raises(InvalidSpecifier) as caught:
        parse_specifiers(">=1.0, =<2")
    assert str(caught.value) == (
        "not a valid PEP 440 version specifier: >=1.0, =<2\n" + " " * 46 + "^^^"
    )
