"""``pynix lib``: JSON in, JSON out, every name listed, errors in one or two lines."""

from __future__ import annotations

import json

import pytest

from pynix.cli import main
from pynix.interop import names

BROKEN = "pynix: error: argument 1: not valid JSON (expecting value): "
LINUX = '{"system": "x86_64-linux", "version": "3.12", "libcVersion": "2.17"}'

# argv after "lib", exact stdout
CALLS = [
    pytest.param(
        ["pep440.parseVersion", '"3.0.0rc1"'],
        '{"dev":null,"epoch":0,"local":null,"post":null,"pre":{"type":"rc","value":1},'
        '"release":[3,0,0],"str":"3.0.0rc1"}\n',
        id="parse-version",
    ),
    pytest.param(
        ["pep440.comparators.<", '{"str": "2.0rc1"}', '{"str": "2.0"}'],
        "false\n",
        id="comparator",
    ),
    pytest.param(
        ["pep440.compareVersions", '{"str": "1.0"}', '{"str": "1.0.1"}'], "-1\n", id="int"
    ),
    pytest.param(
        ["pypa.normalizePackageName", '"Friendly_Bard"'], '"friendly-bard"\n', id="string"
    ),
    pytest.param(["pypa.matchWheelFileName", '"foo-1.0.tar.gz"'], "null\n", id="null"),
    pytest.param(
        ["pep600.manyLinuxTagCompatible", LINUX, LINUX, '"manylinux2014_x86_64"'],
        "true\n",
        id="target-object",
    ),
    pytest.param(
        ["pep508.parseString", "\"Zope.Interface[Test] ; os_name == 'nt'\""],
        '{"conditions":[],"extras":["test"],"markers":{"lhs":{"type":"variable","value":"os_name"},'
        '"op":"==","rhs":{"type":"string","value":"nt"},"type":"compare"},'
        '"name":"zope-interface","url":null}\n',
        id="nested-object",
    ),
    pytest.param(
        ["pypa.normalizePackageName", '"Ünïcode_Name"'], '"ünïcode-name"\n', id="not-ascii-escaped"
    ),
]

# argv after "lib", exact stderr
ERRORS = [
    pytest.param(
        ["pep440.parseVersion", "3.0.0rc1"],
        "pynix: error: argument 1: not valid JSON\n"
        "                hint: quote a string for the shell: '\"3.0.0rc1\"'\n",
        id="unquoted-string",
    ),
    pytest.param(
        ["pep440.parseVersion", '["3.0",'],
        f'{BROKEN}["3.0",\n' + " " * (len(BROKEN) + 7) + "^\n",
        id="broken-json",
    ),
    pytest.param(
        ["pep440.parseVersion", "NaN"],
        "pynix: error: argument 1: not valid JSON\n"
        "                hint: quote a string for the shell: '\"NaN\"'\n",
        id="nan",
    ),
    pytest.param(
        ["pep440.parseVersion", "1.0"],
        "pynix: error: argument 1: expected a version string, got 1.0\n",
        id="wrong-shape",
    ),
    pytest.param(
        ["pep440.parseVersio", '"1.0"'],
        "pynix: error: unknown pyproject.nix function 'pep440.parseVersio'\n"
        "                hint: did you mean 'pep440.parseVersion'?\n",
        id="unknown-name",
    ),
    pytest.param(
        ["pep440.parseVersio", "not json"],
        "pynix: error: unknown pyproject.nix function 'pep440.parseVersio'\n"
        "                hint: did you mean 'pep440.parseVersion'?\n",
        id="name-checked-before-arguments",
    ),
    pytest.param(
        ["pep440.compareVersions", '{"str": "1.0"}'],
        "pynix: error: pep440.compareVersions takes 2 arguments (A B), got 1\n",
        id="argument-count",
    ),
    pytest.param(
        [],
        "pynix: error: missing NAME\n                hint: see 'pynix lib --list' for the names\n",
        id="no-name",
    ),
    pytest.param(
        ["--list", "pep440.parseVersion"],
        "pynix: error: --list takes no NAME\n                hint: see 'pynix lib --help'\n",
        id="list-and-name",
    ),
    pytest.param(
        ["pep440.parseVersion", '"1.0 foo"'],
        "pynix: error: argument 1: not a valid PEP 440 version: 1.0 foo\n",
        id="bad-value",
    ),
]


@pytest.mark.parametrize(("argv", "stdout"), CALLS)
def test_prints_json(argv: list[str], stdout: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lib", *argv]) == 0
    out, err = capsys.readouterr()
    assert out == stdout
    assert err == ""


@pytest.mark.parametrize(("argv", "stderr"), ERRORS)
def test_errors(argv: list[str], stderr: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lib", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == stderr
    assert len(err.splitlines()) <= 2


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lib", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" ")[0] for line in lines] == list(names())
    assert "pypa.selectWheels PLATFORM PYTHON FILES" in lines
    assert "pep599.manyLinuxTargetMachines" in lines


def test_output_reads_back_as_the_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lib", "pep440.parseVersionConds", '">=1.0, <2"']) == 0
    conditions = json.loads(capsys.readouterr().out)
    assert [c["op"] for c in conditions] == [">=", "<"]
    assert (
        main(
            [
                "lib",
                "pep440.comparators.<",
                json.dumps(conditions[0]["version"]),
                json.dumps(conditions[1]["version"]),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "true\n"


def test_help_mentions_the_target_object(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["lib", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "target object" in out
    assert "pynix lib --list" in out
