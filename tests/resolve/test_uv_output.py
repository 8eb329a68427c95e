"""Reading uv's stderr: one-line errors from every format uv has used, reports, no secrets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.resolve._uv_output import Report, read_report, scrub, secrets_in, summarize

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


@pytest.mark.parametrize(
    ("stderr", "summary", "hint"), [row[1:] for row in STDERR], ids=[row[0] for row in STDERR]
)
def testsummarize(stderr: str, summary: str, hint: str | None) -> None:
    assert summarize(stderr) == (summary, hint)


def test_summarize_shortens_a_long_error() -> None:
    message, _hint = summarize("error: " + "x" * 1000)
    assert len(message) == 400
    assert message.endswith("x…")


@given(st.text())
def test_summarize_any_text_gives_one_line(stderr: str) -> None:
    message, hint = summarize(stderr)
    assert "\n" not in message
    assert "\r" not in message
    assert hint is None or "\n" not in hint


def test_secrets_come_from_urls_and_password_variables() -> None:
    found = secrets_in(
        [
            "https://user:pass-1@a.example/simple",
            "https://tok-2@b.example/simple",
            "https://c.example/simple",
            "https://x:pass-3@links.example/",
        ],
        {"UV_INDEX_A_PASSWORD": "pass-4", "GITLAB_TOKEN": "tok-5", "HOME": "/root"},
    )
    assert sorted(found) == ["pass-1", "pass-3", "pass-4", "tok-2", "tok-5"]


def test_scrub_removes_userinfo_and_known_secrets() -> None:
    text = "fetch https://u:p%40ss@h.example/simple/ failed; token p@ss, quoted p%40ss"
    assert scrub(text, ("p@ss",)) == "fetch https://h.example/simple/ failed; token ***, quoted ***"


def test_read_report_scrubs_and_sorts_lines() -> None:
    stderr = (
        "Using CPython 3.11.7 interpreter at: /usr/bin/python3\n"
        "warning: Index https://me:pw-7@a.example/simple is slow; retrying with pw-7\n"
        "Resolved 5 packages in 159ms\n"
        "Removed beta v1.0\n"
        "Added linux-only v1.0\n"
        "Updated alpha v1.0 -> v2.0\n"
        "Added nothing\n"
    )
    assert read_report(stderr, ("pw-7",)) == Report(
        summary="Resolved 5 packages in 159ms",
        updates=("Removed beta v1.0", "Added linux-only v1.0", "Updated alpha v1.0 -> v2.0"),
        warnings=("Index https://a.example/simple is slow; retrying with ***",),
    )
