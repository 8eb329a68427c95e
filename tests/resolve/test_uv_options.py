"""The uv driver's options, checked before uv runs, and the defaults it derives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from packaging.specifiers import SpecifierSet

from pynix.errors import InvalidArgument, InvalidRequirement
from pynix.model import Index, Project, ProjectFormat
from pynix.resolve import LockOptions, default_pylock_path
from pynix.resolve.uv import _common_args, _python_floor

# (id, LockOptions fields, message of the InvalidArgument)
BAD_OPTIONS: list[tuple[str, dict[str, Any], str]] = [
    (
        "two-defaults",
        {
            "indexes": (
                Index(url="https://a.example/simple", default=True),
                Index(url="https://u:pw@b.example/simple", default=True),
            )
        },
        (
            "more than one default index: https://a.example/simple and https://b.example/simple\n"
            "  hint: the default index replaces PyPI; give the others as extra indexes"
        ),
    ),
    (
        "explicit-index",
        {"indexes": (Index(url="https://tok@x.example/simple", name="x", explicit=True),)},
        (
            "an explicit index only serves packages pinned to it, which uv's command line cannot "
            "say: https://x.example/simple\n"
            "  hint: declare it and the packages pinned to it in pyproject.toml ([[tool.uv.index]] "
            "and [tool.uv.sources])"
        ),
    ),
    (
        "python-version",
        {"python_version": "3.x"},
        "--python-version: not a Python version: 3.x\n  hint: give major.minor, such as 3.11",
    ),
    (
        "python-2",
        {"python_version": "2.7"},
        "--python-version: not a Python version: 2.7\n  hint: give major.minor, such as 3.11",
    ),
    (
        "upgrade-with-marker",
        {"upgrade_packages": ("alpha", "beta; sys_platform == 'linux'")},
        (
            "--upgrade-package[1]: an upgrade is a package name, optionally with a version range: "
            "beta; sys_platform == 'linux'"
        ),
    ),
    ("timeout", {"timeout": 0}, "the timeout must be positive, not 0"),
]

# (id, requires-python, floor)
FLOORS = [
    ("ge-minor", ">=3.9", "3.9"),
    ("ge-with-upper", ">=3.10,<3.13", "3.10"),
    ("ge-patch", ">=3.10.4", "3.10.4"),
    ("gt-minor", ">3.10", "3.10.1"),
    ("compatible", "~=3.11", "3.11"),
    ("wildcard", "==3.12.*", "3.12"),
    ("upper-only", "<3.13", "3.0"),
    ("none-admitted", "<3", None),
    ("empty", "", None),
]

DEFAULT_PATHS = [
    ("requirements.txt", "requirements.txt", "pylock.toml"),
    ("requirements.in", "requirements.txt", "pylock.toml"),
    ("requirements-dev.txt", "requirements.txt", "pylock.requirements-dev.toml"),
    ("setup.cfg", "setup.cfg", "pylock.toml"),
    ("fetch.py", "pep723", "pylock.fetch.toml"),
    ("fetch.data.py", "pep723", "pylock.fetch-data.toml"),
]


@pytest.mark.parametrize(
    ("fields", "message"),
    [row[1:] for row in BAD_OPTIONS],
    ids=[row[0] for row in BAD_OPTIONS],
)
def test_bad_options(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        LockOptions(**fields)
    assert str(caught.value) == message


def test_bad_upgrade_requirement() -> None:
    with pytest.raises(InvalidRequirement) as caught:
        LockOptions(upgrade_packages=("alpha >= ",))
    assert str(caught.value).startswith("--upgrade-package[0]: ")


def test_options_keep_their_environment_read_only() -> None:
    env = {"PATH": "/bin"}
    options = LockOptions(env=env)
    env["PATH"] = "/elsewhere"
    assert options.env == {"PATH": "/bin"}
    assert isinstance(options.env, type(LockOptions(env={}).env))
    with pytest.raises(TypeError):
        options.env["PATH"] = "/x"  # type: ignore[index]


def test_repr_hides_credentials() -> None:
    options = LockOptions(
        indexes=(Index(url="https://u:pw-1@a.example/simple", default=True),),
        find_links=("https://tok-2@links.example/",),
        env={"UV_INDEX_A_PASSWORD": "pw-3"},
    )
    assert repr(options) == (
        "LockOptions(indexes=(Index(url='https://a.example/simple', name=None, default=True, "
        "explicit=False),), find_links=('https://links.example/',), python_version=None, "
        "platforms=(), upgrade_packages=(), upgrade_all=False, python=None, "
        "env='<1 variables>', timeout=None)"
    )


def test_good_options() -> None:
    options = LockOptions(
        indexes=(
            Index(url="https://mirror.example/simple", default=True),
            Index(url="https://internal.example/simple", name="internal"),
        ),
        python_version="3.11.2",
        upgrade_packages=("urllib3>=2.2.2", "Requests"),
        timeout=30,
    )
    assert options.upgrade_packages == ("urllib3>=2.2.2", "Requests")


@pytest.mark.parametrize(
    ("requires_python", "floor"), [row[1:] for row in FLOORS], ids=[row[0] for row in FLOORS]
)
def test_python_floor(requires_python: str, floor: str | None) -> None:
    assert _python_floor(SpecifierSet(requires_python)) == floor


@pytest.mark.parametrize(
    ("source", "kind", "expected"), DEFAULT_PATHS, ids=[row[0] for row in DEFAULT_PATHS]
)
def test_default_pylock_path(source: str, kind: str, expected: str) -> None:
    project = Project(format=ProjectFormat(kind))
    assert default_pylock_path(project, Path("dir") / source) == Path("dir") / expected


def test_named_indexes_keep_their_name_for_uv() -> None:
    # uv looks up UV_INDEX_<NAME>_USERNAME/_PASSWORD by the name given with the URL.
    options = LockOptions(
        indexes=(
            Index(url="https://mirror.example/simple", name="mirror", default=True),
            Index(url="https://internal.example/simple"),
        ),
        python="/usr/bin/python3",
    )
    assert _common_args(options) == [
        "--color", "never", "--no-progress", "--python", "/usr/bin/python3",
        "--default-index", "mirror=https://mirror.example/simple",
        "--index", "https://internal.example/simple",
    ]  # fmt: skip
