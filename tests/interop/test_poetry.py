"""``poetry.*``: Poetry's pyproject.toml as PEP 621 metadata and dependencies; its constraints."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from pynix.errors import InvalidArgument, InvalidProject, InvalidSpecifier, Unsupported
from pynix.interop import JSON, call
from tests.interop._vectors import caret, compare, cond, dig, dumps, error, req, run, vector, ver

PROJECTS = Path(__file__).resolve().parents[1] / "fixtures" / "projects"


def version(text: str, release: list[JSON]) -> JSON:
    return {"type": "version", "value": ver(text, release)}


def both(lhs: JSON, rhs: JSON) -> JSON:
    return {"lhs": lhs, "op": "and", "rhs": rhs, "type": "boolOp"}


HARBOUR: JSON = {
    "tool": {
        "poetry": {
            "name": "harbour",
            "version": "0.9.3",
            "description": "Berths",
            "authors": ["Ines Porto <ines@example.org>", "Harbour Tools"],
            "maintainers": ["<ops@example.org>"],
            "license": "MIT",
            "readme": ["README.md", "CHANGES.md"],
            "homepage": "https://example.org",
            "urls": {"Changelog": "https://example.org/changes"},
            "dependencies": {
                "python": "^3.9",
                "Django": "~4.2",
                "celery": {
                    "version": "^5.3",
                    "extras": ["Redis"],
                    "python": ">=3.10",
                    "markers": "os_name == 'posix'",
                },
                "tzdata": {"version": "*", "platform": "win32"},
                "numpy": [
                    {"version": "<1.25", "python": "<3.10"},
                    {"version": "^1.26", "python": ">=3.10"},
                ],
                "tides": {"git": "https://git.example.org/tides.git", "tag": "v2"},
                "charts": {"url": "https://files.example.org/charts-1.4.0.tar.gz"},
                "sentry-sdk": {"version": "^1.40", "optional": True},
            },
            "extras": {"Monitoring": ["sentry-sdk"]},
            "dev-dependencies": {"pytest": "^7.4"},
            "group": {"docs": {"dependencies": {"mkdocs": ">=1.5 <2"}}},
            "scripts": {
                "harbour": "harbour.cli:main",
                "admin": {"callable": "harbour.admin:main", "extras": ["x"]},
            },
            "plugins": {"harbour.hooks": {"audit": "harbour.audit:hook"}},
        }
    },
    "build-system": {
        "requires": ["poetry-core>=1.0.0"],
        "build-backend": "poetry.core.masonry.api",
    },
}
HARBOUR_PROJECT: JSON = {
    "authors": [{"email": "ines@example.org", "name": "Ines Porto"}, {"name": "Harbour Tools"}],
    "description": "Berths",
    "entry-points": {"harbour.hooks": {"audit": "harbour.audit:hook"}},
    "license": {"text": "MIT"},
    "maintainers": [{"email": "ops@example.org"}],
    "name": "harbour",
    "readme": ["README.md", "CHANGES.md"],
    "requires-python": ">=3.9,<4.0",
    "scripts": {"admin": "harbour.admin:main [x]", "harbour": "harbour.cli:main"},
    "urls": {"Changelog": "https://example.org/changes", "Homepage": "https://example.org"},
    "version": "0.9.3",
}
HARBOUR_DEPENDENCIES: JSON = {
    "build-systems": [req("poetry-core", cond(">=", "1.0.0", [1, 0, 0]))],
    "dependencies": [
        req("django", cond(">=", "4.2", [4, 2]), cond("<", "4.3", [4, 3])),
        req(
            "celery",
            cond(">=", "5.3", [5, 3]),
            cond("<", "6.0", [6, 0]),
            extras=["redis"],
            markers=both(
                compare("os_name", "==", {"type": "string", "value": "posix"}),
                compare("python_version", ">=", version("3.10", [3, 10])),
            ),
        ),
        req("tzdata", markers=compare("sys_platform", "==", {"type": "string", "value": "win32"})),
        req(
            "numpy",
            cond("<", "1.25", [1, 25]),
            markers=compare("python_version", "<", version("3.10", [3, 10])),
        ),
        req(
            "numpy",
            cond(">=", "1.26", [1, 26]),
            cond("<", "2.0", [2, 0]),
            markers=compare("python_version", ">=", version("3.10", [3, 10])),
        ),
        req("tides"),
        req("charts", url="https://files.example.org/charts-1.4.0.tar.gz"),
    ],
    "extras": {
        "monitoring": [req("sentry-sdk", cond(">=", "1.40", [1, 40]), cond("<", "2.0", [2, 0]))]
    },
    "groups": {
        "dev": [req("pytest", cond(">=", "7.4", [7, 4]), cond("<", "8.0", [8, 0]))],
        "docs": [req("mkdocs", cond(">=", "1.5", [1, 5]), cond("<", "2", [2]))],
    },
}
POETRY2: JSON = {
    "project": {
        "name": "tide-tables",
        "dynamic": ["version", "classifiers"],
        "dependencies": ["numpy>=1.26,<3"],
    },
    "tool": {"poetry": {"version": "2.0.1", "group": {"test": {"dependencies": {"pytest": "^8"}}}}},
    "build-system": {"requires": ["poetry-core>=2.0"], "build-backend": "poetry.core.masonry.api"},
}

VECTORS: list[Any] = [
    vector(
        "poetry.parseVersionCond",
        "^1.2.3",
        expected=[cond(">=", "1.2.3", [1, 2, 3]), cond("<", "2.0.0", [2, 0, 0])],
        id="caret",
    ),
    vector(
        "poetry.parseVersionCond",
        "^0.0.3",
        expected=[cond(">=", "0.0.3", [0, 0, 3]), cond("<", "0.0.4", [0, 0, 4])],
        id="caret-zero",
    ),
    vector(
        "poetry.parseVersionCond",
        "~1.2",
        expected=[cond(">=", "1.2", [1, 2]), cond("<", "1.3", [1, 3])],
        id="tilde",
    ),
    vector(
        "poetry.parseVersionCond",
        "~1",
        expected=[cond(">=", "1", [1]), cond("<", "2", [2])],
        id="tilde-major",
    ),
    vector("poetry.parseVersionCond", "1.2", expected=[cond("==", "1.2", [1, 2])], id="bare"),
    vector("poetry.parseVersionCond", "*", expected=[], id="any"),
    vector(
        "poetry.parseVersionCond",
        "1.2.x",
        expected=[cond("==", "1.2.*", [1, 2, "*"])],
        id="x-wildcard",
    ),
    vector("poetry.parseVersionCond", "~= 1.4", expected=[cond("~=", "1.4", [1, 4])], id="pep440"),
    vector(
        "poetry.parseVersionConds",
        ">=1.2,<2",
        expected=[cond(">=", "1.2", [1, 2]), cond("<", "2", [2])],
        id="commas",
    ),
    vector(
        "poetry.parseVersionConds",
        "<2 >= 1.2",
        expected=[cond(">=", "1.2", [1, 2]), cond("<", "2", [2])],
        id="spaces-ranked",
    ),
    vector(
        "poetry.parseVersionConds",
        "^1.0 || ^3.0",
        expected=[
            cond(">=", "1.0", [1, 0]),
            cond("!=", "2.*", [2, "*"]),
            cond("<", "4.0", [4, 0]),
        ],
        id="union",
    ),
    vector("poetry.parseVersionConds", "", expected=[], id="empty"),
    vector(
        "poetry.translatePoetryProject",
        HARBOUR,
        expected={**HARBOUR, "project": HARBOUR_PROJECT},  # type: ignore[dict-item]
        id="poetry1",
    ),
    vector(
        "poetry.translatePoetryProject",
        {"tool": {"poetry": {"name": "bare", "package-mode": False}}},
        expected={
            "project": {"name": "bare", "urls": {}},
            "tool": {"poetry": {"name": "bare", "package-mode": False}},
        },
        id="only-a-name",
    ),
    vector(
        "poetry.translatePoetryProject",
        POETRY2,
        expected={
            **POETRY2,  # type: ignore[dict-item]
            "project": {
                "name": "tide-tables",
                "dynamic": ["classifiers"],
                "dependencies": ["numpy>=1.26,<3"],
                "version": "2.0.1",
            },
        },
        id="poetry2-dynamic-version",
    ),
    vector("poetry.parseDependencies", HARBOUR, expected=HARBOUR_DEPENDENCIES, id="poetry1"),
    vector(
        "poetry.parseDependencies",
        POETRY2,
        expected={
            "build-systems": [req("poetry-core", cond(">=", "2.0", [2, 0]))],
            "dependencies": [req("numpy", cond(">=", "1.26", [1, 26]), cond("<", "3", [3]))],
            "extras": {},
            "groups": {"test": [req("pytest", cond(">=", "8", [8]), cond("<", "9", [9]))]},
        },
        id="poetry2",
    ),
]

ERRORS: list[Any] = [
    error(
        "poetry.parseVersionCond",
        ">=1,<2",
        kind=InvalidArgument,
        message="argument 1: expected one version constraint\n"
        "  hint: poetry.parseVersionConds reads several, joined by ',', spaces or '||'",
        id="two-with-comma",
    ),
    error(
        "poetry.parseVersionCond",
        "^1 ^2",
        kind=InvalidArgument,
        message="argument 1: expected one version constraint\n"
        "  hint: poetry.parseVersionConds reads several, joined by ',', spaces or '||'",
        id="two-with-space",
    ),
    error(
        "poetry.parseVersionConds",
        "^1.2 ||",
        kind=InvalidSpecifier,
        message=caret("argument 1: expected a version constraint after '||'", "^1.2 ||", 7, 8),
        id="dangling-union",
    ),
    error(
        "poetry.parseVersionConds",
        "<1.5 || >=2,<3",
        kind=Unsupported,
        message="argument 1: the union '<1.5 || <3,>=2' cannot be written as one PEP 440"
        " specifier set\n  hint: its gaps are not whole release series; use the range around it"
        " (hull)",
        id="inexpressible-union",
    ),
    error(
        "poetry.parseDependencies",
        {"tool": {"poetry": {"dependencies": {"click": {"version": "^8", "source": "private"}}}}},
        kind=InvalidProject,
        message="argument 1, tool.poetry.dependencies.click.source:"
        " no [[tool.poetry.source]] is named 'private' (known: none)",
        id="unknown-source",
    ),
    error(
        "poetry.parseDependencies",
        {"tool": {"poetry": {"dependencies": {"click": "^8.x"}}}},
        kind=InvalidSpecifier,
        message=caret(
            "argument 1, tool.poetry.dependencies.click: a wildcard version cannot follow '^'",
            "^8.x",
            0,
            4,
        ),
        id="bad-constraint",
    ),
    error(
        "poetry.translatePoetryProject",
        {"tool": {"poetry": {"name": "x", "authors": "Ines"}}},
        kind=InvalidProject,
        message="argument 1, tool.poetry.authors: expected an array, got a string",
        id="authors-not-a-list",
    ),
    error(
        "poetry.translatePoetryProject",
        "pyproject.toml",
        kind=InvalidArgument,
        message='argument 1: expected a pyproject.toml table, got "pyproject.toml"',
        id="not-a-table",
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


def test_the_fixture_app_keeps_optional_dependencies_out_of_the_main_list() -> None:
    data = tomllib.loads((PROJECTS / "poetry1-app" / "pyproject.toml").read_text())
    shape = call("poetry.parseDependencies", data)
    names = [d["name"] for d in dig(shape, "dependencies")]
    assert "sentry-sdk" not in names
    assert "python" not in names
    assert sorted(dig(shape, "extras")) == ["monitoring", "postgres"]
    assert sorted(dig(shape, "groups")) == ["dev", "docs"]
    assert dumps(dig(shape, "extras", "postgres")) == dumps(
        [req("psycopg", cond(">=", "3.1", [3, 1]), cond("<", "4.0", [4, 0]), extras=["binary"])]
    )
