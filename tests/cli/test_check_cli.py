"""``pynix check`` in-process: the table, the JSON, exit statuses 0/1/2 and short errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pynix.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "check"
SNAPSHOT = "snapshots/python312.json"


@pytest.fixture(autouse=True)
def in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["check", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


SATISFIED_TABLE = """\
checked forecast-cli 1.2.0 (projects/all-satisfied/pyproject.toml)
against nixpkgs a1b2c3d4e5f6 (python312 3.12.8) for CPython 3.12.8 on x86_64-linux

no problems found; 1 dependency skipped by its marker (-v lists it)
"""

TWO_SYSTEMS_TABLE = """\
checked console-colours 2.0.0 (projects/windows-only/pyproject.toml)
against nixpkgs a1b2c3d4e5f6 (python312 3.12.8) for CPython 3.12.8 on x86_64-linux, x86_64-windows

severity  package  where                    target          what
error     pywin32  project.dependencies[1]  x86_64-windows  nixpkgs has 306, the project asks for >=307
error     uvloop   project.dependencies[2]  x86_64-linux    nixpkgs has no package of this name

2 errors; 3 dependencies skipped by their markers (-v lists them)
"""  # noqa: E501 -- the table is as wide as its longest message

VERBOSE_TABLE = """\
checked console-colours 2.0.0 (projects/windows-only/pyproject.toml)
against nixpkgs a1b2c3d4e5f6 (python312 3.12.8) for CPython 3.12.8 on x86_64-linux

severity  package   where                    what
info      colorama  project.dependencies[0]  not checked, its marker does not hold: sys_platform == "win32"
info      pywin32   project.dependencies[1]  not checked, its marker does not hold: sys_platform == "win32"
error     uvloop    project.dependencies[2]  nixpkgs has no package of this name

1 error, 2 notes
"""  # noqa: E501 -- the table is as wide as its longest message

HINTS_TABLE = """\
checked extras-groups 0.9.0 (projects/extras-groups/pyproject.toml)
against nixpkgs a1b2c3d4e5f6 (python312 3.12.8) for CPython 3.12.8 on x86_64-linux
with extras: cli, sock; groups: docs

severity  package  where                                 what
error     sock     -                                     the project has no extra named 'sock'
                                                         hint: the project's extras: socks, cli, all
error     typer    project.optional-dependencies.cli[0]  nixpkgs has 0.12.5, the project asks for >=0.13
error     sphinx   dependency-groups.docs[0]             nixpkgs has no package of this name

3 errors
"""  # noqa: E501 -- the table is as wide as its longest message

WARNINGS_ONLY_TABLE = """\
checked direct-sources 1.0.0 (projects/direct-sources/pyproject.toml)
against nixpkgs a1b2c3d4e5f6 (python312 3.12.8) for CPython 3.12.8 on x86_64-linux

severity  package   where                    what
warning   requests  project.dependencies[0]  the project takes it from git https://github.com/psf/requests@v2.32.3; nixpkgs has 2.31.0, which may not be what that source holds
info      charts    project.dependencies[1]  the project takes it from the URL https://files.example.org/charts-1.4.0.tar.gz; nixpkgs has no package of this name, so it is built from that source
info      mylib     project.dependencies[2]  the project takes it from the path ../mylib; nixpkgs has no package of this name, so it is built from that source

1 warning, 2 notes
"""  # noqa: E501 -- the table is as wide as its longest message

# (id, arguments, exit status, stdout)
TABLES: list[tuple[str, list[str], int, str]] = [
    ("satisfied", ["projects/all-satisfied"], 0, SATISFIED_TABLE),
    (
        "two-systems",
        ["projects/windows-only", "--system", "x86_64-linux", "--system", "x86_64-windows"],
        1,
        TWO_SYSTEMS_TABLE,
    ),
    ("verbose", ["projects/windows-only", "-v"], 1, VERBOSE_TABLE),
    (
        "extras-and-groups-with-hints",
        ["projects/extras-groups", "--extras", "cli,sock", "--groups", "docs"],
        1,
        HINTS_TABLE,
    ),
    ("warnings-exit-0", ["projects/direct-sources"], 0, WARNINGS_ONLY_TABLE),
]


@pytest.mark.parametrize(
    ("args", "status", "expected"), [row[1:] for row in TABLES], ids=[row[0] for row in TABLES]
)
def test_table(
    capsys: pytest.CaptureFixture[str], args: list[str], status: int, expected: str
) -> None:
    assert run(capsys, *args, "--snapshot", SNAPSHOT) == (status, expected, "")


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys,
        "projects/windows-only",
        "--snapshot",
        SNAPSHOT,
        "--system",
        "x86_64-linux",
        "--system",
        "x86_64-windows",
        "--extras",
        "Foo",
        "--json",
    )
    assert (status, err) == (1, "")
    assert json.loads(out) == {
        "findings": [
            {
                "code": "unknown-extra",
                "hint": "the project has no extras",
                "location": None,
                "message": "the project has no extra named 'foo'",
                "severity": "error",
                "subject": "foo",
                "target": None,
            },
            {
                "code": "marker-skipped",
                "hint": None,
                "location": "projects/windows-only/pyproject.toml: project.dependencies[0]",
                "message": (
                    'colorama: not checked, its marker does not hold: sys_platform == "win32"'
                ),
                "severity": "info",
                "subject": "colorama",
                "target": "x86_64-linux",
            },
            {
                "code": "marker-skipped",
                "hint": None,
                "location": "projects/windows-only/pyproject.toml: project.dependencies[1]",
                "message": (
                    'pywin32: not checked, its marker does not hold: sys_platform == "win32"'
                ),
                "severity": "info",
                "subject": "pywin32",
                "target": "x86_64-linux",
            },
            {
                "code": "version-mismatch",
                "hint": None,
                "location": "projects/windows-only/pyproject.toml: project.dependencies[1]",
                "message": "pywin32: nixpkgs has 306, the project asks for >=307",
                "severity": "error",
                "subject": "pywin32",
                "target": "x86_64-windows",
            },
            {
                "code": "marker-skipped",
                "hint": None,
                "location": "projects/windows-only/pyproject.toml: project.dependencies[2]",
                "message": 'uvloop: not checked, its marker does not hold: sys_platform != "win32"',
                "severity": "info",
                "subject": "uvloop",
                "target": "x86_64-windows",
            },
            {
                "code": "missing-package",
                "hint": None,
                "location": "projects/windows-only/pyproject.toml: project.dependencies[2]",
                "message": "uvloop: nixpkgs has no package of this name",
                "severity": "error",
                "subject": "uvloop",
                "target": "x86_64-linux",
            },
        ],
        "project": {
            "format": "pep621",
            "name": "console-colours",
            "source_file": "projects/windows-only/pyproject.toml",
            "version": "2.0.0",
        },
        "summary": {"errors": 3, "warnings": 0},
        "target": {
            "extras": ["foo"],
            "groups": [],
            "nixpkgs": {
                "python": "python312",
                "python_version": "3.12.8",
                "revision": "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
            },
            "python": "3.12.8",
            "systems": ["x86_64-linux", "x86_64-windows"],
        },
    }


def test_json_is_sorted_and_byte_stable(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["projects/typos", "--snapshot", SNAPSHOT, "--json"]
    first = run(capsys, *args)
    second = run(capsys, *args)
    assert first == second
    assert first[1] == json.dumps(json.loads(first[1]), indent=2, sort_keys=True) + "\n"


def test_json_of_a_satisfied_project(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "projects/all-satisfied", "--snapshot", SNAPSHOT, "--json")
    value = json.loads(out)
    assert status == 0
    assert value["summary"] == {"errors": 0, "warnings": 0}
    assert [f["code"] for f in value["findings"]] == ["marker-skipped"]


@pytest.mark.parametrize(
    ("args", "extras", "groups"),
    [
        (["--all-extras"], ["socks", "cli", "all"], []),
        (["--all-groups"], [], ["test", "docs", "dev"]),
        (["--extras", "cli", "--extras", "CLI,socks"], ["cli", "socks"], []),
        (["--groups", "dev,test"], [], ["dev", "test"]),
    ],
    ids=["all-extras", "all-groups", "repeated-and-commas", "groups-commas"],
)
def test_choosing_extras_and_groups(
    capsys: pytest.CaptureFixture[str], args: list[str], extras: list[str], groups: list[str]
) -> None:
    _, out, _ = run(capsys, "projects/extras-groups", "--snapshot", SNAPSHOT, "--json", *args)
    target = json.loads(out)["target"]
    assert (target["extras"], target["groups"]) == (extras, groups)


def test_python_option(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "projects/needs-python313", "--snapshot", SNAPSHOT, "--python", "3.13", "--json"
    )
    value = json.loads(out)
    assert status == 0
    assert value["target"]["python"] == "3.13"
    assert [f["code"] for f in value["findings"]] == ["snapshot-python"]
    assert value["summary"] == {"errors": 0, "warnings": 1}
    status, _, _ = run(capsys, "projects/needs-python313", "--snapshot", SNAPSHOT)
    assert status == 1


def test_a_script_path(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "projects/script/fetch.py", "--snapshot", SNAPSHOT)
    assert status == 1
    assert "typer    dependencies[2]  nixpkgs has 0.12.5, the project asks for >=0.13" in out


# (id, arguments, the whole of stderr)
ERRORS: list[tuple[str, list[str], str]] = [
    (
        "missing-project",
        ["projects/nothing", "--snapshot", SNAPSHOT],
        "pynix: error: projects/nothing: no such file or directory\n",
    ),
    (
        "unreadable-snapshot",
        ["projects/all-satisfied", "--snapshot", "snapshots/nope.json"],
        "pynix: error: snapshots/nope.json: cannot read the snapshot: No such file or directory\n",
    ),
    (
        "wrong-schema-snapshot",
        ["projects/all-satisfied", "--snapshot", "snapshots/wrong-schema.json"],
        "pynix: error: snapshots/wrong-schema.json: packages.requests.version: expected a string\n",
    ),
    (
        "snapshot-not-json",
        ["projects/all-satisfied", "--snapshot", "snapshots/truncated.json"],
        (
            "pynix: error: snapshots/truncated.json:2: not valid JSON: "
            "Expecting property name enclosed in double quotes (column 1)\n"
        ),
    ),
    (
        "pypy-snapshot",
        ["projects/all-satisfied", "--snapshot", "snapshots/pypy.json"],
        (
            "pynix: error: snapshots/pypy.json: python.implementation: checking against a PyPy "
            "package set is not supported: the snapshot does not record PyPy's own version, "
            "which markers compare\n"
        ),
    ),
    (
        "unknown-system",
        ["projects/all-satisfied", "--snapshot", SNAPSHOT, "--system", "x86_64-plan9"],
        (
            "pynix: error: --system: unknown system 'x86_64-plan9'\n"
            "                hint: write it as Nix does: x86_64-linux, aarch64-linux, "
            "x86_64-darwin, aarch64-darwin\n"
        ),
    ),
    (
        "bad-python",
        ["projects/all-satisfied", "--snapshot", SNAPSHOT, "--python", "three"],
        "pynix: error: --python: interpreter version 'three' is not of the form X.Y or X.Y.Z\n",
    ),
    (
        "no-snapshot",
        ["projects/all-satisfied"],
        (
            "pynix: error: the following arguments are required: --snapshot\n"
            "                hint: see 'pynix check --help'\n"
        ),
    ),
    (
        "extras-and-all-extras",
        ["projects/all-satisfied", "--snapshot", SNAPSHOT, "--extras", "a", "--all-extras"],
        (
            "pynix: error: argument --all-extras: not allowed with argument --extras\n"
            "                hint: see 'pynix check --help'\n"
        ),
    ),
]


@pytest.mark.parametrize(
    ("args", "stderr"), [row[1:] for row in ERRORS], ids=[row[0] for row in ERRORS]
)
def test_errors(capsys: pytest.CaptureFixture[str], args: list[str], stderr: str) -> None:
    status, out, err = run(capsys, *args)
    assert (status, out, err) == (2, "", stderr)
    assert len(err.splitlines()) <= 2
    assert "Traceback" not in err


def test_help_teaches_snapshots_and_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for taught in (
        "A snapshot is a JSON file",
        "pynix nixpkgs snapshot -o nixpkgs.json",
        "pynix check --snapshot nixpkgs.json",
        "exit status:",
        "  0  no errors",
        "  1  at least one finding is an error",
        "  2  the check could not run",
    ):
        assert taught in out


def test_listed_in_pynix_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "check a project's dependencies against nixpkgs' versions" in capsys.readouterr().out
