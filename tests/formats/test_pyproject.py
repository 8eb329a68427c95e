"""PEP 621 [project]: fields, validation by key path, and a realistic hatchling project."""

from __future__ import annotations

from typing import Any

import pytest
from packaging.specifiers import SpecifierSet

from pynix.errors import InvalidProject, InvalidRequirement, InvalidSpecifier, InvalidVersion
from pynix.formats.pyproject import DYNAMIC_FIELDS, parse_pep621
from pynix.model import ProjectFormat
from tests.support.projects import by_name, load_fixture


def project(**fields: Any) -> dict[str, Any]:
    return {"project": {"name": "demo", "version": "1.0", **fields}}


# (id, [project] fields, attribute, expected value)
FIELDS: list[tuple[str, dict[str, Any], str, object]] = [
    ("license-spdx", {"license": "MIT OR Apache-2.0"}, "license", "MIT OR Apache-2.0"),
    ("license-text", {"license": {"text": "BSD"}}, "license", "BSD"),
    (
        "license-file",
        {"license": {"file": "COPYING"}, "license-files": ["NOTICE"]},
        "license_files",
        ("NOTICE", "COPYING"),
    ),
    (
        "authors",
        {"authors": [{"name": "A", "email": "a@x.org"}, {"name": "B"}, {"email": "c@x.org"}]},
        "authors",
        ("A <a@x.org>", "B", "c@x.org"),
    ),
    (
        "requires-python",
        {"requires-python": ">=3.9,<4"},
        "requires_python",
        SpecifierSet(">=3.9,<4"),
    ),
    ("urls", {"urls": {"Source": "https://x.org"}}, "urls", {"Source": "https://x.org"}),
    ("keywords", {"keywords": ["a", "b"]}, "keywords", ("a", "b")),
    ("dynamic", {"dynamic": ["description", "readme"]}, "dynamic", ("description", "readme")),
    ("gui-scripts", {"gui-scripts": {"g": "m:f"}}, "gui_scripts", {"g": "m:f"}),
]

ERRORS: list[tuple[str, dict[str, Any], type[Exception], str]] = [
    (
        "no-name",
        {"project": {"version": "1"}},
        InvalidProject,
        "project.name: missing; PEP 621 requires a name (never dynamic)",
    ),
    (
        "dynamic-name",
        project(dynamic=["name"]),
        InvalidProject,
        "project.dynamic[0]: 'name' cannot be dynamic; PEP 621 requires it",
    ),
    (
        "set-and-dynamic",
        project(dynamic=["version"]),
        InvalidProject,
        (
            "project.version: set here and also listed in project.dynamic; "
            "PEP 621 allows one or the other"
        ),
    ),
    (
        "unknown-dynamic",
        project(dynamic=["readme", "colour"]),
        InvalidProject,
        "project.dynamic[1]: 'colour' is not a [project] field",
    ),
    (
        "bad-name",
        {"project": {"name": "my project"}},
        InvalidProject,
        "project.name: 'my project' is not a valid project name",
    ),
    (
        "name-type",
        {"project": {"name": 3}},
        InvalidProject,
        "project.name: expected a string, got an integer",
    ),
    ("project-type", {"project": []}, InvalidProject, "project: expected a table, got an array"),
    (
        "dependency-type",
        project(dependencies=["a", "b", "c", 1.5]),
        InvalidProject,
        "project.dependencies[3]: expected a string, got a float",
    ),
    (
        "dependencies-type",
        project(dependencies="requests"),
        InvalidProject,
        "project.dependencies: expected an array, got a string",
    ),
    (
        "extra-type",
        project(**{"optional-dependencies": {"x": [True]}}),
        InvalidProject,
        "project.optional-dependencies.x[0]: expected a string, got a boolean",
    ),
    (
        "extra-name",
        project(**{"optional-dependencies": {"a b": []}}),
        InvalidProject,
        "project.optional-dependencies.\"a b\": 'a b' is not a valid extra name",
    ),
    (
        "extra-duplicate",
        project(**{"optional-dependencies": {"Socks": [], "socks": []}}),
        InvalidProject,
        (
            "project.optional-dependencies.socks: 'Socks' and 'socks' name the same extra "
            "after normalization"
        ),
    ),
    (
        "license-both",
        project(license={"text": "MIT", "file": "LICENSE"}),
        InvalidProject,
        "project.license: expected a table with exactly one of 'text' and 'file'",
    ),
    (
        "license-type",
        project(license=["MIT"]),
        InvalidProject,
        "project.license: expected a table, got an array",
    ),
    (
        "author-type",
        project(authors=["Ada <a@x.org>"]),
        InvalidProject,
        "project.authors[0]: expected a table, got a string",
    ),
    (
        "maintainer-email",
        project(maintainers=[{"email": 1}]),
        InvalidProject,
        "project.maintainers[0].email: expected a string, got an integer",
    ),
    (
        "urls-type",
        project(urls={"Home": 1}),
        InvalidProject,
        "project.urls.Home: expected a string, got an integer",
    ),
    (
        "console-scripts",
        project(**{"entry-points": {"console_scripts": {"a": "b:c"}}}),
        InvalidProject,
        "project.entry-points.console_scripts: not allowed here; use [project.scripts]",
    ),
    (
        "gui-scripts",
        project(**{"entry-points": {"gui_scripts": {}}}),
        InvalidProject,
        "project.entry-points.gui_scripts: not allowed here; use [project.gui-scripts]",
    ),
    (
        "entry-point-type",
        project(**{"entry-points": {"g": {"a": 1}}}),
        InvalidProject,
        "project.entry-points.g.a: expected a string, got an integer",
    ),
    (
        "bad-version",
        project(version="one"),
        InvalidVersion,
        "project.version: not a valid PEP 440 version: one",
    ),
    (
        "bad-requires-python",
        project(**{"requires-python": "=>3.9"}),
        InvalidSpecifier,
        "project.requires-python: not a valid PEP 440 version specifier: =>3.9\n"
        + " " * 64
        + "^^^^^",
    ),
]


@pytest.mark.parametrize(
    ("fields", "attribute", "expected"), [f[1:] for f in FIELDS], ids=[f[0] for f in FIELDS]
)
def test_fields(fields: dict[str, Any], attribute: str, expected: object) -> None:
    value = getattr(parse_pep621(project(**fields)), attribute)
    assert (dict(value) if isinstance(expected, dict) else value) == expected


@pytest.mark.parametrize(
    ("data", "error", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors(data: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        parse_pep621(data)
    assert str(info.value) == message


def test_bad_requirement_has_key_path_and_caret() -> None:
    with pytest.raises(InvalidRequirement) as info:
        parse_pep621(project(dependencies=["requests", "flask >= 2.0 extra"]))
    head, caret = str(info.value).split("\n")
    assert head == (
        "project.dependencies[1]: expected comma (within version specifier), semicolon (after "
        "version specifier) or end: flask >= 2.0 extra"
    )
    text = "flask >= 2.0 extra"
    assert caret == " " * (len(head) - len(text) + 6) + "^" * 8  # under the version specifier


def test_without_project_table_keeps_build_system_and_groups() -> None:
    result = parse_pep621({"dependency-groups": {"dev": ["pytest"]}})
    assert (result.name, result.format) == (None, ProjectFormat.PEP621)
    assert [d.name for d in by_name(result.dependency_groups, "dev")] == ["pytest"]
    assert result.build_system is not None
    assert not result.build_system.declared


def test_version_may_be_missing_as_uv_allows() -> None:
    result = parse_pep621({"project": {"name": "virtual"}})
    assert (result.version, result.is_dynamic_version) == (None, False)


def test_dynamic_fields_are_every_field_but_name() -> None:
    assert "name" not in DYNAMIC_FIELDS
    assert {"version", "dependencies", "optional-dependencies", "readme"} <= DYNAMIC_FIELDS


def test_hatchling_fixture() -> None:
    data = load_fixture("pep621-hatchling")
    result = parse_pep621(data)
    assert (result.name, result.version, result.canonical_name) == (
        "Weather_Report",
        "2.4.1",
        "weather-report",
    )
    assert result.license == "Apache-2.0 OR MIT"
    assert result.authors == ("Ada Quill <ada@example.org>", "Weather Team")
    assert [str(d) for d in result.dependencies] == [
        "httpx<1,>=0.27",
        "rich>=13.7",
        'tomli>=2.0; python_version < "3.11"',
        "platformdirs",
    ]
    assert list(result.optional_dependencies) == ["plotting", "maps"]
    assert {k: [d.name for d in v] for k, v in result.dependency_groups.items()} == {
        "test": ["pytest", "respx", "mypy", "types-requests"],
        "typing": ["mypy", "types-requests"],
        "dev": ["pytest", "respx", "mypy", "types-requests", "ruff", "ipython"],
        "lint": ["ruff"],
    }
    assert dict(result.scripts) == {"weather": "weather_report.cli:main"}
    assert dict(result.entry_points["weather_report.renderers"]) == {
        "table": "weather_report.render:Table",
        "json": "weather_report.render:Json",
    }
    assert result.build_system is not None
    assert [d.name for d in result.build_system.requires] == ["hatchling", "hatch-vcs"]
    assert result.raw is data


def test_dynamic_version_fixture() -> None:
    result = parse_pep621(load_fixture("setuptools-scm-dynamic"))
    assert (result.version, result.dynamic, result.is_dynamic_version) == (
        None,
        ("version", "readme"),
        True,
    )
    assert result.license == "BSD-3-Clause"
