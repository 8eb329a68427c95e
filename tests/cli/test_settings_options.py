"""The options that override [tool.pynix]: parsed into Settings, bad values named by option."""

from __future__ import annotations

import pytest
from packaging.utils import NormalizedName

from pynix.cli._common import Parser
from pynix.cli._settings import add_settings_arguments, settings_from_arguments
from pynix.errors import InvalidArgument
from pynix.formats.pynix_settings import PackageSettings, Preference, Settings

# (id, arguments, the error message)
BAD = [
    (
        "system",
        ["--system", "x86_64-linux", "--system", "sparc-sunos"],
        (
            "--system: unknown system 'sparc-sunos'\n  hint: write it as Nix does: x86_64-linux, "
            "aarch64-linux, x86_64-darwin, aarch64-darwin"
        ),
    ),
    (
        "python",
        ["--python", "3"],
        "--python: interpreter version '3' is not of the form X.Y or X.Y.Z",
    ),
    ("glibc", ["--glibc", "new"], "--glibc: expected a version such as '2.28', got 'new'"),
    (
        "prefer",
        ["--prefer", "source"],
        "--prefer: expected 'wheel', 'sdist' or 'nixpkgs', got 'source'",
    ),
    (
        "prefer-name",
        ["--prefer", "numpy=src"],
        "unknown preference 'src' for numpy\n  hint: use wheel, sdist or nixpkgs",
    ),
    ("extra", ["--extra", "not ok"], "--extra: not a valid name: 'not ok'"),
]


def _parse(*argv: str) -> Settings:
    parser = Parser(prog="pynix test")
    add_settings_arguments(parser)
    return settings_from_arguments(parser.parse_args(list(argv)))


def test_nothing_given_sets_nothing() -> None:
    assert _parse() == Settings()


def test_every_option() -> None:
    settings = _parse(
        "--system", "aarch64-linux", "--system", "aarch64-darwin", "--python", "3.13",
        "--glibc", "2.28", "--macos-sdk", "14.0", "--prefer", "sdist", "--prefer", "NumPy=wheel",
        "--linux-wheels", "--allow-unhashed", "--extra", "fast", "--no-groups",
    )  # fmt: skip
    assert settings == Settings(
        systems=("aarch64-linux", "aarch64-darwin"),
        python_versions=("3.13",),
        glibc_version="2.28",
        macos_sdk_version="14.0",
        prefer=Preference.SDIST,
        linux_wheels=True,
        allow_unhashed=True,
        extras=(NormalizedName("fast"),),
        groups=(),
        packages={NormalizedName("numpy"): PackageSettings(prefer=Preference.WHEEL)},
    )


def test_options_win_over_the_file() -> None:
    file = Settings(systems=("x86_64-linux",), python_versions=("3.12",), extras=())
    merged = file.merged(_parse("--python", "3.13", "--extra", "cli"))
    assert (merged.systems, merged.python_versions, merged.extras) == (
        ("x86_64-linux",), ("3.13",), ("cli",),
    )  # fmt: skip


@pytest.mark.parametrize(("argv", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_values_name_the_option(argv: list[str], message: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        _parse(*argv)
    assert str(info.value) == message
