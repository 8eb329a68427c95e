"""The pure parts of the uv driver: options checked before uv runs, uv's stderr read after."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet

from pynix.errors import InvalidArgument, InvalidRequirement
from pynix.model import Index
from pynix.resolve import LockOptions
from pynix.resolve.uv import _python_floor, _scrub, _secrets, _summarize

# (id, uv's stderr, summary, hint)
STDERR = [
    (
        "resolver-0.13",
        (
            "Using CPython 3.11.7 interpreter at: /usr/bin/python3\n"
            "error: No solution found when resolving dependencies\n"
            "  cause: Because only alpha<=2.0 is available and you require alpha>=5, we can "
            "conclude that your requirements are unsatisfiable.\n"
        ),
        (
            "No solution found when resolving dependencies: Because only alpha<=2.0 is available "
            "and you require alpha>=5, we can conclude that your requirements are unsatisfiable."
        ),
        None,
    ),
    (
        "wrapped-cause-and-hint",
        (
            "error: No solution found when resolving dependencies\n"
            "  cause: Because native-crc==1.0 has no wheels with a matching platform tag\n"
            "         And because you require native-crc, we can conclude that your requirements "
            "are unsatisfiable.\n"
            "\n"
            "hint: Wheels are available for `native-crc` (v1.0) on `manylinux_2_17_x86_64`\n"
        ),
        (
            "No solution found when resolving dependencies: Because native-crc==1.0 has no wheels "
            "with a matching platform tag And because you require native-crc, we can conclude that "
            "your requirements are unsatisfiable."
        ),
        "Wheels are available for `native-crc` (v1.0) on `manylinux_2_17_x86_64`",
    ),
    (
        "network-chain",
        (
            "error: Request failed after 3 retries in 7.7s\n"
            "  cause: Failed to fetch: http://127.0.0.1:9/simple/alpha/\n"
            "  cause: error sending request for url (http://127.0.0.1:9/simple/alpha/)\n"
            "  cause: client error (Connect)\n"
            "  cause: tcp connect error\n"
            "  cause: Connection refused (os error 111)\n"
        ),
        (
            "Request failed after 3 retries in 7.7s: Failed to fetch: "
            "http://127.0.0.1:9/simple/alpha/: Connection refused (os error 111)"
        ),
        None,
    ),
    (
        "stderr-block-left-out",
        (
            "error: Failed to inspect Python interpreter at `/usr/bin/python3.12`\n"
            "  cause: Querying Python failed with exit status 127\n"
            "\n"
            "         [stderr]\n"
            "         pyenv: python3.12: command not found\n"
        ),
        (
            "Failed to inspect Python interpreter at `/usr/bin/python3.12`: Querying Python failed "
            "with exit status 127"
        ),
        None,
    ),
    (
        "miette-cross-and-arrows",
        (
            "  \u00d7 No solution found when resolving dependencies:\n"
            "  \u2570\u2500\u25b6 Because there is no version of alpha==9 and you require "
            "alpha==9,\n"
            "      we can conclude that your requirements are unsatisfiable.\n"
        ),
        (
            "No solution found when resolving dependencies: Because there is no version of "
            "alpha==9 and you require alpha==9, we can conclude that your requirements are "
            "unsatisfiable."
        ),
        None,
    ),
    (
        "caused-by",
        "error: Failed to download `alpha==1.0`\n  Caused by: HTTP status server error (500)\n",
        "Failed to download `alpha==1.0`: HTTP status server error (500)",
        None,
    ),
    (
        "colour-codes",
        "\x1b[1m\x1b[31merror\x1b[39m\x1b[0m\x1b[1m:\x1b[0m No `project` table found\n",
        "No `project` table found",
        None,
    ),
    (
        "usage-error",
        "error: unexpected argument '--frobnicate' found\n\nUsage: uv lock [OPTIONS]\n",
        "unexpected argument '--frobnicate' found",
        None,
    ),
    ("no-error-line", "something odd\nthe last words\n\n", "the last words", None),
    ("nothing", "", "", None),
]

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


@pytest.mark.parametrize(
    ("stderr", "summary", "hint"), [row[1:] for row in STDERR], ids=[row[0] for row in STDERR]
)
def test_summarize(stderr: str, summary: str, hint: str | None) -> None:
    assert _summarize(stderr) == (summary, hint)


def test_summarize_shortens_a_long_error() -> None:
    message, _hint = _summarize("error: " + "x" * 1000)
    assert len(message) == 400
    assert message.endswith("x…")


@given(st.text())
def test_summarize_any_text_gives_one_line(stderr: str) -> None:
    message, hint = _summarize(stderr)
    assert "\n" not in message
    assert "\r" not in message
    assert hint is None or "\n" not in hint


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


def test_secrets_come_from_urls_and_password_variables() -> None:
    found = _secrets(
        [
            Index(url="https://user:pass-1@a.example/simple"),
            Index(url="https://tok-2@b.example/simple"),
            Index(url="https://c.example/simple"),
        ],
        ["https://x:pass-3@links.example/"],
        env={"UV_INDEX_A_PASSWORD": "pass-4", "GITLAB_TOKEN": "tok-5", "HOME": "/root"},
    )
    assert sorted(found) == ["pass-1", "pass-3", "pass-4", "tok-2", "tok-5"]


def test_scrub_removes_userinfo_and_known_secrets() -> None:
    text = "fetch https://u:p%40ss@h.example/simple/ failed; token p@ss, quoted p%40ss"
    assert (
        _scrub(text, ("p@ss",)) == "fetch https://h.example/simple/ failed; token ***, quoted ***"
    )
