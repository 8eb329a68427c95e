"""``pip.*``: the requirement lines of a requirements.txt, with their options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pynix.errors import (
    InvalidArgument,
    InvalidRequirement,
    InvalidRequirementsFile,
    Unsupported,
)
from pynix.interop import JSON, call
from tests.interop._vectors import caret, compare, cond, dumps, error, req, run, vector, ver

REQUIREMENTS = Path(__file__).resolve().parents[1] / "fixtures" / "requirements"
SHA_A = "sha256:" + "a" * 64
SHA_B = "sha256:" + "b" * 64


def line(requirement: JSON, *flags: str) -> JSON:
    return {"flags": list(flags), "requirement": requirement}


VECTORS: list[Any] = [
    vector(
        "pip.parseRequirementsTxt",
        "Flask>=3\nrequests[Socks, HTTP2] ; python_version < '3.12'  # pinned by ops\n",
        expected=[
            line(req("flask", cond(">=", "3", [3]))),
            line(
                req(
                    "requests",
                    extras=["socks", "http2"],
                    markers=compare(
                        "python_version", "<", {"type": "version", "value": ver("3.12", [3, 12])}
                    ),
                )
            ),
        ],
        id="plain-and-comment",
    ),
    vector(
        "pip.parseRequirementsTxt",
        f"asgiref==3.8.1 \\\n    --hash={SHA_A} \\\n    --hash {SHA_B}\n    # via django\n",
        expected=[
            line(
                req("asgiref", cond("==", "3.8.1", [3, 8, 1])),
                f"--hash={SHA_A}",
                f"--hash {SHA_B}",
            )
        ],
        id="hashes-on-continuation-lines",
    ),
    vector(
        "pip.parseRequirementsTxt",
        "https://files.example.org/tides-2.1.tar.gz#egg=Tides\n"
        "git+https://git.example.org/charts.git@v1.4#egg=charts\n"
        "-e git+https://git.example.org/devtools.git#egg=dev_tools\n"
        "ferry @ https://files.example.org/ferry-3.0-py3-none-any.whl\n",
        expected=[
            line(req("tides", url="https://files.example.org/tides-2.1.tar.gz")),
            line(req("charts", url="git+https://git.example.org/charts.git@v1.4")),
            line(
                req("dev-tools", url="git+https://git.example.org/devtools.git"),
                "-e git+https://git.example.org/devtools.git#egg=dev_tools",
            ),
            line(req("ferry", url="https://files.example.org/ferry-3.0-py3-none-any.whl")),
        ],
        id="urls",
    ),
    vector(
        "pip.parseRequirementsTxt",
        "--index-url https://pypi.example.org/simple\n--pre\n\n# nothing else\nsix==1.16.0 --pre\n",
        expected=[line(req("six", cond("==", "1.16.0", [1, 16, 0])), "--pre")],
        id="global-options-left-out",
    ),
    vector("pip.parseRequirementsTxt", "", expected=[], id="empty"),
]

ERRORS: list[Any] = [
    error(
        "pip.parseRequirementsTxt",
        "flask\n-r dev.txt\n",
        kind=InvalidRequirementsFile,
        message="argument 1, line 2: cannot read '-r dev.txt': no reader for included files",
        id="include",
    ),
    error(
        "pip.parseRequirementsTxt",
        "-e .\n",
        kind=Unsupported,
        message="argument 1, line 1: cannot tell which distribution '.' is without building it\n"
        "  hint: name it: 'NAME @ URL', or '#egg=NAME' after a URL",
        id="unnamed",
    ),
    error(
        "pip.parseRequirementsTxt",
        "flask\n--foo\n",
        kind=InvalidRequirementsFile,
        message="argument 1, line 2: unknown option '--foo'",
        id="unknown-option",
    ),
    error(
        "pip.parseRequirementsTxt",
        "flask\nfoo >= 1 bar\n",
        kind=InvalidRequirement,
        message=caret(
            "argument 1, line 2: expected comma (within version specifier),"
            " semicolon (after version specifier) or end",
            "foo >= 1 bar",
            4,
            10,
        ),
        id="bad-requirement",
    ),
    error(
        "pip.parseRequirementsTxt",
        ["flask"],
        kind=InvalidArgument,
        message="argument 1: expected the file's text, got a list",
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


def test_a_pip_compile_file() -> None:
    text = (REQUIREMENTS / "pip-compile-hashed.txt").read_text(encoding="utf-8")
    lines = call("pip.parseRequirementsTxt", text)
    assert isinstance(lines, list)
    first = lines[0]
    assert isinstance(first, dict)
    assert dumps(first["requirement"]) == dumps(req("asgiref", cond("==", "3.8.1", [3, 8, 1])))
    assert first["flags"] == [
        "--hash=sha256:f434ae19d9a13420a87ed517ab00835230012460825ade69b40e5c8c5b840122",
        "--hash=sha256:8627d3378017ab09ba9742170180c7f30098660cce026b4f0ce810f80b3dde06",
    ]
    assert all(
        isinstance(entry, dict)
        and isinstance(entry["flags"], list)
        and all(str(flag).startswith("--hash=sha256:") for flag in entry["flags"])
        for entry in lines
    )
