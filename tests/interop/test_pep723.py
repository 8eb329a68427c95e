"""``pep723.*``: the metadata block of a single-file script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pynix.errors import InvalidArgument, InvalidRequirement, InvalidScript, InvalidSpecifier
from pynix.interop import JSON, call
from tests.interop._vectors import caret, compare, cond, dumps, error, req, run, vector, ver

SCRIPTS = Path(__file__).resolve().parents[1] / "fixtures" / "scripts"

WITH_TOOL = """\
#!/usr/bin/env -S uv run --script
# /// script
# requires-python = "<3.14, >=3.11"
# dependencies = ["Rich>=13", "httpx[HTTP2]; sys_platform != 'win32'"]
# [tool.uv]
# exclude-newer = 2024-06-01T00:00:00Z
# ///
import rich
"""

VECTORS: list[Any] = [
    vector(
        "pep723.parseScript",
        "print('no block')\n",
        expected={"dependencies": [], "requires-python": []},
        id="no-block",
    ),
    vector(
        "pep723.parseScript",
        "# /// script\n# dependencies = []\n# ///\n",
        expected={
            "dependencies": [],
            "metadata": {"dependencies": []},
            "requires-python": [],
        },
        id="empty-block",
    ),
    vector(
        "pep723.parseScript",
        WITH_TOOL,
        expected={
            "dependencies": [
                req("rich", cond(">=", "13", [13])),
                req(
                    "httpx",
                    extras=["http2"],
                    markers=compare("sys_platform", "!=", {"type": "string", "value": "win32"}),
                ),
            ],
            "metadata": {
                "dependencies": ["Rich>=13", "httpx[HTTP2]; sys_platform != 'win32'"],
                "requires-python": "<3.14, >=3.11",
                "tool": {"uv": {"exclude-newer": "2024-06-01T00:00:00+00:00"}},
            },
            "requires-python": [cond("<", "3.14", [3, 14]), cond(">=", "3.11", [3, 11])],
        },
        id="tool-table-and-date",
    ),
    vector(
        "pep723.parseScript",
        "# /// script\r\n# requires-python = '>=3.12'\r\n# ///\r\n",
        expected={
            "dependencies": [],
            "metadata": {"requires-python": ">=3.12"},
            "requires-python": [cond(">=", "3.12", [3, 12])],
        },
        id="crlf",
    ),
    vector(
        "pep723.parseScript",
        "# /// other\n# x = 1\n# ///\n#///script\n# dependencies = ['a']\n# ///\n",
        expected={"dependencies": [], "requires-python": []},
        id="other-block-and-loose-fence",
    ),
    vector(
        "pep723.parseScript",
        "# /// script\n# dependencies = ['a']\n# text = '''\n# ///\n# '''\n# ///\n",
        expected={
            "dependencies": [req("a")],
            "metadata": {"dependencies": ["a"], "text": "///\n"},
            "requires-python": [],
        },
        id="fence-inside-the-block",
    ),
]

ERRORS: list[Any] = [
    error(
        "pep723.parseScript",
        (SCRIPTS / "duplicate-block.py.txt").read_text(encoding="utf-8"),
        kind=InvalidScript,
        message="argument 1, line 7: a second '# /// script' block (the first starts at line 1)",
        id="two-blocks",
    ),
    error(
        "pep723.parseScript",
        (SCRIPTS / "malformed-toml.py.txt").read_text(encoding="utf-8"),
        kind=InvalidScript,
        message="argument 1, line 7: invalid TOML in the script block:"
        " illegal character '\\n' (column 13)",
        id="bad-toml",
    ),
    error(
        "pep723.parseScript",
        "# /// script\n# dependencies = ['a', 'b >']\n# ///\n",
        kind=InvalidRequirement,
        message=caret(
            "argument 1, dependencies[1]:"
            " expected semicolon (after name with no version specifier) or end",
            "b >",
            2,
            3,
        ),
        id="bad-dependency",
    ),
    error(
        "pep723.parseScript",
        "# /// script\n# requires-python = '3.11'\n# ///\n",
        kind=InvalidSpecifier,
        message=caret(
            "argument 1, requires-python: not a valid PEP 440 version specifier", "3.11", 0, 4
        ),
        id="bad-requires-python",
    ),
    error(
        "pep723.parseScript",
        "# /// script\n# x = inf\n# ///\n",
        kind=Exception,
        message="argument 1, metadata.x: the TOML value inf has no JSON form",
        id="infinity",
    ),
    error(
        "pep723.parseScript",
        ["import rich"],
        kind=InvalidArgument,
        message="argument 1: expected the script's text, got a list",
        id="not-text",
    ),
]


@pytest.mark.parametrize(("name", "args", "expected"), VECTORS)
def test_vectors(name: str, args: tuple[JSON, ...], expected: JSON) -> None:
    run(name, args, expected)


@pytest.mark.parametrize(("name", "args", "kind", "message"), ERRORS)
def test_errors(name: str, args: tuple[JSON, ...], kind: type[Exception], message: str) -> None:
    with pytest.raises(kind) as info:
        call(name, *args)
    assert str(info.value) == message


def test_a_fixture_script() -> None:
    shape = call("pep723.parseScript", (SCRIPTS / "with-dependencies.py.txt").read_text())
    assert isinstance(shape, dict)
    assert dumps(shape["requires-python"]) == dumps([cond(">=", "3.11", [3, 11])])
    assert dumps(shape["dependencies"]) == dumps(
        [
            req("requests", cond("<", "3", [3])),
            req("rich", cond(">=", "13.7", [13, 7])),
            req(
                "typer",
                cond(">=", "0.12", [0, 12]),
                extras=["all"],
                markers=compare(
                    "python_version", ">=", {"type": "version", "value": ver("3.11", [3, 11])}
                ),
            ),
        ]
    )
