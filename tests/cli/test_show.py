"""``pynix show``: the table and the stable JSON for every fixture project, and its errors.

The expected outputs are golden files under ``tests/golden/show/``; after a
deliberate change, regenerate them with ``PYNIX_UPDATE_GOLDEN=1 pytest tests/cli/test_show.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pynix.cli import main
from pynix.cli.show import project_json, render_table
from pynix.load import load_project

TESTS = Path(__file__).resolve().parent.parent
PROJECTS = TESTS / "fixtures" / "projects"
GOLDEN = TESTS / "golden" / "show"

SCENARIOS = [
    "pep621-hatchling",
    "setuptools-scm-dynamic",
    "poetry1-app",
    "poetry2-library",
    "pdm-service",
    "uv-workspace",
    "setup-cfg-classic",
    "setup-cfg-attr-version",
]

# (arguments, the first line of stderr)
ERRORS = [
    (["show", "bad-toml/broken.toml"], "pynix: error: bad-toml/broken.toml:8: invalid TOML: "),
    (["show", "wrong-types/wrong-types.toml"], "pynix: error: wrong-types/wrong-types.toml: "),
    (["show", "include-cycle"], "pynix: error: include-cycle/pyproject.toml: dependency-groups"),
    (["show", "unknown-dialect"], "pynix: error: unknown-dialect: no project file here"),
    (["show", "no-such-dir", "--json"], "pynix: error: no-such-dir: no such file or directory"),
    (["show", "uv-missing-member", "--workspace"], "pynix: error: uv-missing-member/pyproject"),
    (["show", "--bogus"], "pynix: error: unrecognized arguments: --bogus"),
]


@pytest.fixture(autouse=True)
def in_projects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECTS)


def check_golden(name: str, actual: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("PYNIX_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8"), f"{golden} differs"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_json(scenario: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", scenario, "--json"]) == 0
    out = capsys.readouterr().out
    check_golden(f"{scenario}.json", out)
    assert json.loads(out)["source_file"].startswith(scenario + "/")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_table(scenario: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", scenario]) == 0
    check_golden(f"{scenario}.txt", capsys.readouterr().out)


def test_json_is_stable_and_sorted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "uv-workspace", "--json"]) == 0
    first = capsys.readouterr().out
    assert main(["show", "uv-workspace/", "--json"]) == 0
    second = capsys.readouterr().out.replace("uv-workspace//", "uv-workspace/")
    assert first == second
    value = json.loads(first)
    assert list(value) == sorted(value)
    torch = [d for d in value["dependencies"] if d["name"] == "torch"]
    assert torch[0] == {
        "extras": [],
        "marker": 'sys_platform == "darwin"',
        "name": "torch",
        "requirement": 'torch>=2.3; sys_platform == "darwin"',
        "source": {
            "kind": "registry",
            "name": "pytorch-cpu",
            "url": "https://download.pytorch.org/whl/cpu",
        },
        "specifier": ">=2.3",
        "url": None,
    }


def test_workspace(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "uv-workspace", "--workspace", "--json"]) == 0
    names = [p["name"] for p in json.loads(capsys.readouterr().out)]
    assert names == ["tidewatch", "tidewatch-cli", "tidewatch-core"]
    assert main(["show", "uv-workspace", "--workspace"]) == 0
    tables = capsys.readouterr().out.split("\n\n")
    assert [t.splitlines()[0] for t in tables] == [
        "name             tidewatch",
        "name             tidewatch-cli",
        "name             tidewatch-core",
    ]


def test_library_functions_match_the_command() -> None:
    project = load_project("poetry1-app")
    assert render_table(project) + "\n" == (GOLDEN / "poetry1-app.txt").read_text(encoding="utf-8")
    expected = json.loads((GOLDEN / "poetry1-app.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(project_json(project))) == expected


@pytest.mark.parametrize(("argv", "first_line"), ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_errors_exit_2_in_at_most_two_lines(
    argv: list[str], first_line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.rstrip("\n").split("\n")
    assert lines[0].startswith(first_line), lines[0]
    assert len(lines) <= 2
    assert "Traceback" not in captured.err


def test_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["show", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: pynix show [-h] [--json] [--workspace] [PATH]")
    assert "examples:\n  pynix show " in out
    assert "pyproject.toml in the PEP 621, Poetry, PDM or uv" in out
