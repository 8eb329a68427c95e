"""Platform tags judged against target platforms: manylinux, musllinux, macOS, Windows."""

from __future__ import annotations

import pytest

from pynix.errors import InvalidArgument, InvalidFileName
from pynix.standards.platform_tags import (
    LEGACY_MANYLINUX_ALIASES,
    MANYLINUX_ARCHITECTURES,
    MANYLINUX_TARGET_MACHINES,
    LinuxTag,
    is_manylinux_tag_compatible,
    is_musllinux_tag_compatible,
    is_platform_tag_compatible,
    parse_linux_tag,
    platform_tags,
)
from pynix.standards.targets import Platform


def linux(system: str = "x86_64-linux", libc: str = "glibc", version: str = "2.40") -> Platform:
    return Platform.from_system(
        system, libc="musl" if libc == "musl" else "glibc", libc_version=version
    )


def darwin(system: str, sdk: str = "11.3") -> Platform:
    return Platform.from_system(system, darwin_sdk_version=sdk)


# tag, target platform, compatible
MANYLINUX = [
    pytest.param("manylinux_2_28_x86_64", linux(version="2.17"), False, id="2.17-refuses-2_28"),
    pytest.param("manylinux_2_17_x86_64", linux(version="2.17"), True, id="2.17-takes-2_17"),
    pytest.param("manylinux2014_x86_64", linux(version="2.40"), True, id="2.40-takes-2014"),
    pytest.param("manylinux2010_x86_64", linux(version="2.40"), True, id="2.40-takes-2010"),
    pytest.param("manylinux1_x86_64", linux(version="2.5"), True, id="2.5-takes-1"),
    pytest.param("manylinux1_x86_64", linux(version="2.4"), False, id="2.4-refuses-1"),
    pytest.param("manylinux_2_5_x86_64", linux(version="2.40"), True, id="pep600-2_5"),
    pytest.param("manylinux_2_40_x86_64", linux(version="2.40"), True, id="same-glibc"),
    pytest.param("manylinux_2_41_x86_64", linux(version="2.40"), False, id="newer-glibc"),
    pytest.param("manylinux_2_5_armv7l", linux(), False, id="wrong-arch"),
    pytest.param("manylinux2014_armv7l", linux(), False, id="legacy-wrong-arch"),
    pytest.param("manylinux2014_aarch64", linux("aarch64-linux"), True, id="aarch64-2014"),
    pytest.param("manylinux_2_28_aarch64", linux("aarch64-linux"), True, id="aarch64-2_28"),
    pytest.param(
        "manylinux_2_12_aarch64", linux("aarch64-linux"), False, id="aarch64-before-manylinux2014"
    ),
    pytest.param("manylinux1_i686", linux("i686-linux"), True, id="i686-manylinux1"),
    pytest.param(
        "manylinux2014_ppc64le", linux("powerpc64le-linux"), True, id="nixpkgs-powerpc64le"
    ),
    pytest.param("manylinux2014_s390x", linux("s390x-linux"), True, id="s390x"),
    pytest.param("manylinux_2_31_riscv64", linux("riscv64-linux"), True, id="riscv64"),
    pytest.param(
        "manylinux2014_riscv64", linux("riscv64-linux"), False, id="no-pep599-riscv64-alias"
    ),
    pytest.param("manylinux_2_17_armv6l", linux("armv6l-linux"), False, id="armv6l-no-policy"),
    pytest.param("manylinux1_x86_64", linux(libc="musl", version="1.2"), False, id="musl-target"),
    pytest.param("manylinux2014_x86_64", darwin("x86_64-darwin"), False, id="darwin-target"),
    pytest.param("manylinux_2_17", linux(), False, id="malformed"),
]

MUSLLINUX = [
    pytest.param(
        "musllinux_1_1_x86_64", linux(libc="musl", version="1.2.3"), True, id="1.1-on-1.2"
    ),
    pytest.param("musllinux_1_2_x86_64", linux(libc="musl", version="1.2"), True, id="same"),
    pytest.param("musllinux_1_3_x86_64", linux(libc="musl", version="1.2"), False, id="newer"),
    pytest.param("musllinux_1_1_armv7l", linux(libc="musl", version="1.2"), False, id="wrong-arch"),
    pytest.param(
        "musllinux_1_2_aarch64",
        linux("aarch64-linux", libc="musl", version="1.2"),
        True,
        id="aarch64",
    ),
    pytest.param("musllinux_1_1_x86_64", linux(version="2.40"), False, id="glibc-target"),
    pytest.param("musllinux_2_0_x86_64", linux(libc="musl", version="1.2"), False, id="major"),
]

MACOS = [
    pytest.param("macosx_10_9_x86_64", darwin("x86_64-darwin"), True, id="11.3-x86-takes-10_9"),
    pytest.param("macosx_11_0_arm64", darwin("aarch64-darwin"), True, id="11.3-arm-takes-11_0"),
    pytest.param("macosx_14_0_arm64", darwin("aarch64-darwin"), False, id="11.3-refuses-14_0"),
    pytest.param("macosx_11_3_arm64", darwin("aarch64-darwin"), False, id="11+-minor-is-0"),
    pytest.param("macosx_10_9_universal2", darwin("aarch64-darwin"), True, id="universal2-arm"),
    pytest.param("macosx_10_15_universal2", darwin("x86_64-darwin"), True, id="universal2-x86"),
    pytest.param("macosx_10_9_x86_64", darwin("aarch64-darwin"), False, id="arm-refuses-x86"),
    pytest.param("macosx_11_0_arm64", darwin("x86_64-darwin"), False, id="x86-refuses-arm"),
    pytest.param("macosx_10_9_intel", darwin("x86_64-darwin"), True, id="intel"),
    pytest.param("macosx_10_6_fat64", darwin("x86_64-darwin"), True, id="fat64"),
    pytest.param("macosx_10_6_fat3", darwin("x86_64-darwin"), True, id="fat3"),
    pytest.param("macosx_10_6_universal", darwin("x86_64-darwin"), True, id="universal"),
    pytest.param("macosx_10_6_fat", darwin("x86_64-darwin"), False, id="fat-is-i386-ppc"),
    pytest.param("macosx_10_9_intel", darwin("aarch64-darwin"), False, id="arm-refuses-intel"),
    pytest.param("macosx_10_15_x86_64", darwin("x86_64-darwin", "10.15"), True, id="10.15-same"),
    pytest.param("macosx_10_16_x86_64", darwin("x86_64-darwin", "10.15"), False, id="10.15-minor"),
    pytest.param("macosx_11_0_x86_64", darwin("x86_64-darwin", "10.15"), False, id="10.15-11"),
    pytest.param("macosx_13_0_arm64", darwin("aarch64-darwin", "14.5"), True, id="14.5-takes-13"),
    pytest.param("macosx_11_0_arm64", linux(), False, id="linux-target"),
]

WINDOWS = [
    pytest.param("win_amd64", Platform.from_system("x86_64-windows"), True, id="amd64"),
    pytest.param("win32", Platform.from_system("i686-windows"), True, id="win32"),
    pytest.param("win_arm64", Platform.from_system("aarch64-windows"), True, id="arm64"),
    pytest.param("win32", Platform.from_system("x86_64-windows"), False, id="64-refuses-32"),
    pytest.param("win_arm64", Platform.from_system("x86_64-windows"), False, id="amd64-arm"),
    pytest.param("win_amd64", linux(), False, id="linux-target"),
]

ANY = [
    pytest.param("any", linux(), True, id="linux"),
    pytest.param("any", darwin("aarch64-darwin"), True, id="darwin"),
    pytest.param("any", Platform.from_system("x86_64-windows"), True, id="windows"),
    pytest.param("ANY", linux(), True, id="case-insensitive"),
    pytest.param("linux_x86_64", linux(), False, id="linux-tag-not-by-default"),
    pytest.param("ios_13_0_arm64_iphoneos", darwin("aarch64-darwin"), False, id="ios"),
    pytest.param("", linux(), False, id="empty"),
]

# tag, platform, allowed?, compatible
LINUX_TAG = [
    pytest.param("linux_x86_64", linux(), True, True, id="allowed"),
    pytest.param("linux_x86_64", linux(), False, False, id="refused-by-default"),
    pytest.param("linux_x86_64", linux(libc="musl", version="1.2"), True, True, id="musl"),
    pytest.param("linux_aarch64", linux(), True, False, id="wrong-arch"),
    pytest.param("linux_ppc64le", linux("powerpc64le-linux"), True, True, id="ppc64le"),
    pytest.param("linux_x86_64", darwin("x86_64-darwin"), True, False, id="darwin"),
]


@pytest.mark.parametrize(
    ("tag", "platform", "expected"), MANYLINUX + MUSLLINUX + MACOS + WINDOWS + ANY
)
def test_is_platform_tag_compatible(tag: str, platform: Platform, *, expected: bool) -> None:
    assert is_platform_tag_compatible(tag, platform) is expected
    # The list of tags and the predicate agree.
    assert (tag.lower() in platform_tags(platform) or tag.lower() == "any") is expected


@pytest.mark.parametrize(("tag", "platform", "allowed", "expected"), LINUX_TAG)
def test_linux_tag_only_when_allowed(
    tag: str, platform: Platform, *, allowed: bool, expected: bool
) -> None:
    assert is_platform_tag_compatible(tag, platform, allow_linux=allowed) is expected
    assert (tag in platform_tags(platform, allow_linux=allowed)) is expected


@pytest.mark.parametrize(("tag", "platform", "expected"), MANYLINUX)
def test_is_manylinux_tag_compatible(tag: str, platform: Platform, *, expected: bool) -> None:
    assert is_manylinux_tag_compatible(tag, platform) is expected


@pytest.mark.parametrize(("tag", "platform", "expected"), MUSLLINUX)
def test_is_musllinux_tag_compatible(tag: str, platform: Platform, *, expected: bool) -> None:
    assert is_musllinux_tag_compatible(tag, platform) is expected


def test_manylinux_and_musllinux_predicates_refuse_each_other() -> None:
    musl = linux(libc="musl", version="1.2")
    assert not is_manylinux_tag_compatible("musllinux_1_1_x86_64", musl)
    assert not is_musllinux_tag_compatible("manylinux1_x86_64", linux())


LINUX_TAGS = [
    pytest.param(
        "manylinux_2_17_x86_64",
        LinuxTag(libc="glibc", major=2, minor=17, arch="x86_64"),
        id="pep600",
    ),
    pytest.param(
        "manylinux1_i686", LinuxTag(libc="glibc", major=2, minor=5, arch="i686"), id="manylinux1"
    ),
    pytest.param(
        "manylinux2010_x86_64",
        LinuxTag(libc="glibc", major=2, minor=12, arch="x86_64"),
        id="manylinux2010",
    ),
    pytest.param(
        "manylinux2014_ppc64le",
        LinuxTag(libc="glibc", major=2, minor=17, arch="ppc64le"),
        id="manylinux2014",
    ),
    pytest.param(
        "musllinux_1_2_aarch64",
        LinuxTag(libc="musl", major=1, minor=2, arch="aarch64"),
        id="musllinux",
    ),
]


@pytest.mark.parametrize(("tag", "expected"), LINUX_TAGS)
def test_parse_linux_tag(tag: str, expected: LinuxTag) -> None:
    assert parse_linux_tag(tag) == expected


@pytest.mark.parametrize(
    "tag", ["manylinux1_aarch64", "manylinux_2_x86_64", "macosx_11_0_arm64", "musllinux_1_2", ""]
)
def test_parse_linux_tag_refuses(tag: str) -> None:
    with pytest.raises(InvalidFileName) as caught:
        parse_linux_tag(tag)
    prefix = "not a manylinux or musllinux platform tag: "
    assert str(caught.value) == f"{prefix}{tag}\n{' ' * len(prefix)}{'^' * max(1, len(tag))}"


def test_str_of_linux_tag_is_the_pep600_spelling() -> None:
    assert [str(parse_linux_tag(t)) for t in ("manylinux2014_s390x", "musllinux_1_1_i686")] == [
        "manylinux_2_17_s390x",
        "musllinux_1_1_i686",
    ]


def test_legacy_aliases_are_pep599s_table() -> None:
    assert dict(LEGACY_MANYLINUX_ALIASES) == {
        "manylinux1_x86_64": "manylinux_2_5_x86_64",
        "manylinux1_i686": "manylinux_2_5_i686",
        "manylinux2010_x86_64": "manylinux_2_12_x86_64",
        "manylinux2010_i686": "manylinux_2_12_i686",
        "manylinux2014_x86_64": "manylinux_2_17_x86_64",
        "manylinux2014_i686": "manylinux_2_17_i686",
        "manylinux2014_aarch64": "manylinux_2_17_aarch64",
        "manylinux2014_armv7l": "manylinux_2_17_armv7l",
        "manylinux2014_ppc64": "manylinux_2_17_ppc64",
        "manylinux2014_ppc64le": "manylinux_2_17_ppc64le",
        "manylinux2014_s390x": "manylinux_2_17_s390x",
    }
    assert {t.split("_", 1)[1] for t in LEGACY_MANYLINUX_ALIASES} <= MANYLINUX_ARCHITECTURES


def test_target_machines_are_pyproject_nix_table_plus_loongarch64() -> None:
    assert dict(MANYLINUX_TARGET_MACHINES) == {
        "x86_64": "x86_64",
        "i686": "i686",
        "aarch64": "aarch64",
        "armv7l": "armv7l",
        "powerpc64": "ppc64",
        "powerpc64le": "ppc64le",
        "s390x": "s390x",
        "riscv64": "riscv64",
        "loongarch64": "loongarch64",
    }


def test_manylinux_list_newest_first_with_legacy_aliases_beside() -> None:
    tags = platform_tags(linux(version="2.17"))
    assert tags[:3] == ("manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux_2_16_x86_64")
    assert tags[-2:] == ("manylinux_2_5_x86_64", "manylinux1_x86_64")
    assert len(tags) == 13 + 3  # glibc 2.17 down to 2.5, plus three legacy names


def test_linux_tag_comes_first_when_allowed() -> None:
    assert platform_tags(linux(), allow_linux=True)[:2] == (
        "linux_x86_64",
        "manylinux_2_40_x86_64",
    )


def test_musl_list() -> None:
    assert platform_tags(linux("aarch64-linux", libc="musl", version="1.2.5")) == (
        "musllinux_1_2_aarch64",
        "musllinux_1_1_aarch64",
        "musllinux_1_0_aarch64",
    )


def test_a_future_glibc_major_keeps_every_glibc_2() -> None:
    tags = platform_tags(linux("aarch64-linux", version="3.1"))
    assert tags[:3] == ("manylinux_3_1_aarch64", "manylinux_3_0_aarch64", "manylinux_2_50_aarch64")
    assert tags[-2:] == ("manylinux_2_17_aarch64", "manylinux2014_aarch64")


def test_old_glibc_and_unknown_arch_have_no_manylinux() -> None:
    assert platform_tags(linux("aarch64-linux", version="2.16")) == ()
    assert platform_tags(linux("armv6l-linux")) == ()


def test_macos_list_is_packagings() -> None:
    tags = platform_tags(darwin("aarch64-darwin", "11.3"))
    assert tags[:3] == ("macosx_11_0_arm64", "macosx_11_0_universal2", "macosx_10_16_universal2")
    assert tags[-1] == "macosx_10_4_universal2"


def test_missing_versions_take_nixpkgs_defaults() -> None:
    # Built without from_system: libc and versions unknown, nixpkgs' defaults assumed.
    assert platform_tags(Platform(system="x86_64-linux"))[0] == "manylinux_2_40_x86_64"
    assert platform_tags(Platform(system="aarch64-darwin"))[0] == "macosx_11_0_arm64"
    assert is_platform_tag_compatible(
        "musllinux_1_2_x86_64", Platform(system="x86_64-linux", libc="musl")
    )


@pytest.mark.parametrize(
    ("platform", "message"),
    [
        pytest.param(
            Platform(system="x86_64-linux", libc="glibc", libc_version="two"),
            "glibc version 'two' is not of the form X.Y",
            id="glibc",
        ),
        pytest.param(
            Platform(system="aarch64-darwin", darwin_sdk_version="eleven"),
            "macOS SDK version 'eleven' is not of the form X.Y",
            id="sdk",
        ),
    ],
)
def test_malformed_platform_versions(platform: Platform, message: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        platform_tags(platform)
    assert str(caught.value) == message
