"""Properties of tag parsing and platform checks: total, and list and predicate agree."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from pynix.errors import PynixError
from pynix.standards.filenames import parse_wheel_filename
from pynix.standards.platform_tags import is_platform_tag_compatible, platform_tags
from pynix.standards.tags import (
    best_wheel,
    is_abi_tag_compatible,
    is_python_tag_compatible,
    is_wheel_compatible,
    parse_abi_tag,
    parse_python_tag,
    select_wheels,
)
from pynix.standards.targets import Interpreter, Platform, Target

LINUX_CPUS = ["x86_64", "i686", "aarch64", "armv7l", "armv6l", "powerpc64le", "s390x", "riscv64"]
WHEEL_ARCHS = ["x86_64", "i686", "aarch64", "armv7l", "armv6l", "ppc64le", "s390x", "riscv64"]

tag_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="abcdefilmnpstuxy0123456789_.", max_size=30),
)


@given(tag_text)
def test_tag_parsers_return_or_raise_a_pynix_error(text: str) -> None:
    with contextlib.suppress(PynixError):
        assert str(parse_abi_tag(text)) == text.lower()
    with contextlib.suppress(PynixError):
        python = parse_python_tag(text)
        # str() gives the short spelling: "python3" and "py3" are the same tag.
        assert parse_python_tag(str(python)) == python


@given(text=tag_text, version=st.sampled_from(["3.8", "3.13", "2.7"]), free_threaded=st.booleans())
def test_per_tag_predicates_are_total(text: str, version: str, *, free_threaded: bool) -> None:
    interpreter = Interpreter(version=version, free_threaded=free_threaded)
    assert isinstance(is_python_tag_compatible(text, interpreter), bool)
    assert isinstance(is_abi_tag_compatible(text, interpreter), bool)


@given(
    text=tag_text,
    system=st.sampled_from(["x86_64-linux", "aarch64-darwin", "x86_64-windows", "armv7l-linux"]),
    allow_linux=st.booleans(),
)
def test_platform_predicate_is_total(text: str, system: str, *, allow_linux: bool) -> None:
    platform = Platform.from_system(system)
    assert isinstance(is_platform_tag_compatible(text, platform, allow_linux=allow_linux), bool)


@st.composite
def linux_platforms(draw: st.DrawFn) -> Platform:
    cpu = draw(st.sampled_from(LINUX_CPUS))
    if draw(st.booleans()):
        version = f"2.{draw(st.integers(0, 45))}"
        return Platform.from_system(f"{cpu}-linux", libc="glibc", libc_version=version)
    version = f"1.{draw(st.integers(0, 4))}"
    return Platform.from_system(f"{cpu}-linux", libc="musl", libc_version=version)


@st.composite
def linux_tags(draw: st.DrawFn) -> str:
    arch = draw(st.sampled_from(WHEEL_ARCHS))
    kind = draw(st.sampled_from(["manylinux", "musllinux", "legacy", "linux"]))
    if kind == "legacy":
        return f"{draw(st.sampled_from(['manylinux1', 'manylinux2010', 'manylinux2014']))}_{arch}"
    if kind == "linux":
        return f"linux_{arch}"
    major = draw(st.integers(0, 3))
    return f"{kind}_{major}_{draw(st.integers(0, 50))}_{arch}"


@given(tag=linux_tags(), platform=linux_platforms(), allow_linux=st.booleans())
def test_linux_predicate_agrees_with_the_list(
    tag: str, platform: Platform, *, allow_linux: bool
) -> None:
    listed = tag in platform_tags(platform, allow_linux=allow_linux)
    assert is_platform_tag_compatible(tag, platform, allow_linux=allow_linux) is listed


WHEEL_NAMES = [
    "foo-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "foo-1.0-cp312-abi3-manylinux_2_28_x86_64.whl",
    "foo-1.0-cp38-abi3-musllinux_1_1_x86_64.whl",
    "foo-1.0-cp313-cp313t-manylinux_2_17_aarch64.whl",
    "foo-1.0-cp312-cp312-macosx_11_0_arm64.whl",
    "foo-1.0-cp312-cp312-macosx_10_9_universal2.whl",
    "foo-1.0-cp312-cp312-win_amd64.whl",
    "foo-1.0-pp310-pypy310_pp73-manylinux_2_17_x86_64.whl",
    "foo-1.0-py3-none-any.whl",
    "foo-1.0-1-py3-none-any.whl",
    "foo-0.9-py2.py3-none-any.whl",
    "foo-1.0-cp312-cp312-linux_x86_64.whl",
]
TARGETS = [
    Target.parse("x86_64-linux", "3.12"),
    Target.parse("x86_64-linux", "3.13", free_threaded=True),
    Target.parse("aarch64-linux", "3.13", free_threaded=True),
    Target(
        interpreter=Interpreter(version="3.12"),
        platform=Platform.from_system("x86_64-linux", libc="musl"),
    ),
    Target.parse("aarch64-darwin", "3.12"),
    Target.parse("x86_64-windows", "3.12"),
    Target.parse("x86_64-linux", "3.10", implementation="pypy"),
]


@given(
    names=st.lists(st.sampled_from(WHEEL_NAMES), max_size=8),
    target=st.sampled_from(TARGETS),
    allow_linux=st.booleans(),
)
def test_selection_is_the_compatible_wheels_ranked(
    names: list[str], target: Target, *, allow_linux: bool
) -> None:
    wheels = [parse_wheel_filename(n) for n in names]
    selected = select_wheels(wheels, target, allow_linux=allow_linux)
    compatible = [w for w in wheels if is_wheel_compatible(w, target, allow_linux=allow_linux)]
    assert sorted(selected, key=str) == sorted(compatible, key=str)
    assert [w.version for w in selected] == sorted((w.version for w in selected), reverse=True)
    best = best_wheel(wheels, target, allow_linux=allow_linux)
    assert best == (selected[0] if selected else None)
