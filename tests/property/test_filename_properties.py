"""Properties of the file name parsers: total on any text, and faithful to ``packaging``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st
from packaging.utils import parse_sdist_filename as packaging_parse_sdist
from packaging.utils import parse_wheel_filename as packaging_parse_wheel

from pynix.errors import PynixError
from pynix.standards.filenames import (
    is_egg_filename,
    is_sdist_filename,
    is_wheel_filename,
    parse_egg_filename,
    parse_sdist_filename,
    parse_wheel_filename,
)

PARSERS: list[Callable[[str], object]] = [
    parse_wheel_filename,
    parse_sdist_filename,
    parse_egg_filename,
]

# Text made of the pieces file names are made of, so that generated text gets past the
# first checks far more often than arbitrary unicode does.
FILENAME_ALPHABET = "abcpy0123._-+!_ \n\u00e9"
SUFFIXES = ["", ".whl", ".tar.gz", ".zip", ".egg", ".tar.bz2", "-py3-none-any.whl"]
filename_like = st.builds(
    lambda body, suffix: body + suffix,
    st.text(alphabet=FILENAME_ALPHABET, max_size=30),
    st.sampled_from(SUFFIXES),
)
any_text = st.one_of(st.text(max_size=60), filename_like)

names = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9._]{0,10}[A-Za-z0-9])?", fullmatch=True).filter(
    lambda name: "__" not in name
)
sdist_names = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9._-]{0,10}[A-Za-z0-9])?", fullmatch=True)


@st.composite
def versions(draw: st.DrawFn) -> str:
    release = ".".join(str(n) for n in draw(st.lists(st.integers(0, 2025), min_size=1, max_size=4)))
    epoch = draw(st.sampled_from(["", "1!"]))
    pre = draw(st.sampled_from(["", "a1", "b2", "rc3", "alpha4", "c5"]))
    post = draw(st.sampled_from(["", ".post1", "post2", ".post0"]))
    dev = draw(st.sampled_from(["", ".dev0", "dev3"]))
    local = draw(st.sampled_from(["", "+cpu", "+cu121.linux", "+ubuntu_1"]))
    return f"{epoch}{release}{pre}{post}{dev}{local}"


def tag_set(members: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(members), min_size=1, max_size=3, unique=True).map(".".join)


PYTHON_TAGS = ["py2", "py3", "cp37", "cp312", "pp310", "graalpy311", "py310"]
ABI_TAGS = ["none", "abi3", "cp312", "cp313t", "cp37m", "pypy310_pp73"]
PLATFORM_TAGS = [
    "any",
    "manylinux_2_17_x86_64",
    "manylinux2014_aarch64",
    "musllinux_1_2_x86_64",
    "macosx_10_9_universal2",
    "macosx_11_0_arm64",
    "win_amd64",
    "win32",
    "linux_x86_64",
]


@given(any_text)
def test_parsers_return_or_raise_a_pynix_error(text: str) -> None:
    for parse in PARSERS:
        with contextlib.suppress(PynixError):
            parse(text)


@given(any_text)
def test_predicates_are_total(text: str) -> None:
    answers = (is_wheel_filename(text), is_sdist_filename(text), is_egg_filename(text))
    assert all(isinstance(answer, bool) for answer in answers)
    # No name is two kinds at once: each kind has its own extension.
    assert sum(answers) <= 1


@st.composite
def wheel_parts(draw: st.DrawFn) -> tuple[str, str, str | None, str, str, str]:
    """Name, version, build tag or None, and the three dotted tag sets of a valid wheel."""
    build = draw(st.one_of(st.none(), st.from_regex(r"[0-9]{1,3}[a-z_]{0,3}", fullmatch=True)))
    return (
        draw(names),
        draw(versions()),
        build,
        draw(tag_set(PYTHON_TAGS)),
        draw(tag_set(ABI_TAGS)),
        draw(tag_set(PLATFORM_TAGS)),
    )


@given(wheel_parts())
def test_wheel_round_trip_with_packaging(
    parts_drawn: tuple[str, str, str | None, str, str, str],
) -> None:
    name, version, build, python, abi, platform = parts_drawn
    parts = [name, version, *([build] if build is not None else []), python, abi, platform]
    filename = "-".join(parts) + ".whl"
    wheel = parse_wheel_filename(filename)
    assert (wheel.name, wheel.version, wheel.build, wheel.tags) == packaging_parse_wheel(filename)
    assert (wheel.distribution, wheel.version_text, wheel.build_tag) == (name, version, build)
    assert (wheel.python_tags, wheel.abi_tags, wheel.platform_tags) == (
        tuple(python.split(".")),
        tuple(abi.split(".")),
        tuple(platform.split(".")),
    )
    rebuilt = [
        wheel.distribution,
        wheel.version_text,
        *([wheel.build_tag] if wheel.build_tag is not None else []),
        ".".join(wheel.python_tags),
        ".".join(wheel.abi_tags),
        ".".join(wheel.platform_tags),
    ]
    assert "-".join(rebuilt) + ".whl" == filename


@given(sdist_names, versions(), st.sampled_from([".tar.gz", ".zip"]))
def test_sdist_round_trip_with_packaging(name: str, version: str, extension: str) -> None:
    filename = f"{name}-{version}{extension}"
    sdist = parse_sdist_filename(filename)
    assert (sdist.name, sdist.version) == packaging_parse_sdist(filename)
    assert f"{sdist.distribution}-{sdist.version_text}{sdist.extension}" == filename
    # Knowing the name gives the same answer.
    assert parse_sdist_filename(filename, name=name) == sdist


@given(
    names,
    st.from_regex(r"[0-9][0-9a-z._]{0,8}", fullmatch=True),
    st.from_regex(r"[23](\.[0-9]{1,2})?", fullmatch=True),
    st.sampled_from([None, "linux-x86_64", "macosx-10.9-x86_64", "win32", "win-amd64"]),
)
def test_egg_round_trip(name: str, version: str, python: str, platform: str | None) -> None:
    filename = f"{name}-{version}-py{python}{'' if platform is None else '-' + platform}.egg"
    egg = parse_egg_filename(filename)
    assert (egg.distribution, egg.version, egg.python_version, egg.platform) == (
        name,
        version,
        python,
        platform,
    )
    assert egg.implementation == "python"
