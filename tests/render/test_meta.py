"""``meta``: URL precedence, mainProgram, licenses; every string reads back verbatim in Nix."""

from __future__ import annotations

import pytest

from pynix.model import Project, ProjectFormat
from pynix.nix import render
from pynix.render.meta import (
    CHANGELOG_LABELS,
    HOMEPAGE_LABELS,
    main_program,
    project_url,
    render_meta,
)
from tests.render._standin import evaluate

# (id, urls, homepage, changelog)
URLS = [
    ("homepage", {"Homepage": "h", "Source": "s"}, "h", None),
    ("spelled", {"Home-page": "h", "Repository": "r"}, "h", None),
    ("source-before-repository", {"Repository": "r", "Source Code": "s"}, "s", None),
    ("repository", {"Repository": "r", "Documentation": "d"}, "r", None),
    ("documentation-last", {"Docs": "x", "Documentation": "d"}, "d", None),
    ("changelog", {"Changelog": "c", "Release Notes": "n"}, None, "c"),
    ("release-notes", {"Release notes": "n", "History": "h"}, None, "n"),
    ("none", {"Issues": "i"}, None, None),
]


@pytest.mark.parametrize(
    ("urls", "homepage", "changelog"), [u[1:] for u in URLS], ids=[u[0] for u in URLS]
)
def test_url_precedence(urls: dict[str, str], homepage: str | None, changelog: str | None) -> None:
    assert project_url(urls, HOMEPAGE_LABELS) == homepage
    assert project_url(urls, CHANGELOG_LABELS) == changelog


# (id, project name, scripts, gui scripts, mainProgram)
PROGRAMS = [
    ("only", "demo", {"tool": "m:f"}, {}, "tool"),
    ("only-gui", "demo", {}, {"demo-gui": "m:f"}, "demo-gui"),
    ("named-like-project", "Demo_App", {"demo-app": "m:f", "demo-admin": "m:g"}, {}, "demo-app"),
    ("undecided", "demo", {"a": "m:f", "b": "m:g"}, {}, None),
    ("none", "demo", {}, {}, None),
]


@pytest.mark.parametrize(
    ("name", "scripts", "gui", "program"), [p[1:] for p in PROGRAMS], ids=[p[0] for p in PROGRAMS]
)
def test_main_program(
    name: str, scripts: dict[str, str], gui: dict[str, str], program: str | None
) -> None:
    project = Project(format=ProjectFormat.PEP621, name=name, scripts=scripts, gui_scripts=gui)
    assert main_program(project) == program


def test_empty_meta() -> None:
    rendered = render_meta(Project(format=ProjectFormat.PEP621, name="x"))
    assert render(rendered.expr) == "{ }\n"
    assert rendered.findings == ()


NASTY = "a \"quoted\" ${not.interpolated} ''indented'' back\\slash\nsecond line\ttab ☃ $${x}"


@pytest.mark.nix
def test_strings_read_back_verbatim(tmp_path: pytest.TempPathFactory) -> None:
    project = Project(
        format=ProjectFormat.PEP621,
        name="demo",
        description=NASTY,
        license="MIT OR Apache-2.0",
        urls={"Homepage": 'https://example.org/${x}/"q"', "Changelog": "https://x/''/\\"},
        scripts={"de'mo": "m:f"},
    )
    text = render(render_meta(project).expr)
    result = evaluate(f"let lib = (import standin {{ }}).lib; in {text}")
    assert result == {
        "description": NASTY,
        "homepage": 'https://example.org/${x}/"q"',
        "changelog": "https://x/''/\\",
        "license": [
            {
                "shortName": "mit",
                "fullName": "MIT License",
                "spdxId": "MIT",
                "url": "https://spdx.org/licenses/MIT.html",
                "free": True,
                "redistributable": True,
                "deprecated": False,
            },
            {
                "shortName": "asl20",
                "fullName": "Apache License 2.0",
                "spdxId": "Apache-2.0",
                "url": "https://spdx.org/licenses/Apache-2.0.html",
                "free": True,
                "redistributable": True,
                "deprecated": False,
            },
        ],
        "mainProgram": "de'mo",
    }
