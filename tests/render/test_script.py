"""PEP 723 scripts: shebang lines that ``nix-shell`` splits back into the exact Nix expression."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.errors import InvalidArgument
from pynix.model import Dependency, Project, ProjectFormat
from pynix.nix import render, render_line, s
from pynix.render.script import (
    RenderedScript,
    nixpkgs_tarball,
    relative_path,
    render_script,
    render_script_runner,
    shebang_quote,
)
from tests.render._standin import STANDIN
from tests.support.nix import nix_instantiate

D = Dependency.parse
REV = "0123456789abcdef0123456789abcdef01234567"


def shellwords_2_8(line: str) -> list[str]:
    """Nix 2.8's ``shellwords`` (nix-build.cc): ``"`` quotes, ``\\`` escapes, spaces split."""
    words: list[str] = []
    current = ""
    quoted = False
    index = 0
    while index < len(line):
        char = line[index]
        if not quoted and char.isspace():
            words.append(current)
            current = ""
            while index < len(line) and line[index].isspace():
                index += 1
            continue
        if char == '"':
            quoted = not quoted
        elif char == "\\":
            index += 1
            current += line[index] if index < len(line) else ""
        else:
            current += char
        index += 1
    if current:
        words.append(current)
    return words


def shellwords_2_19(line: str) -> list[str]:
    """Nix 2.19's ``shellwords``: single quotes too, outside double quotes."""
    words: list[str] = []
    current: str | None = None
    state = "plain"
    index = 0
    while index < len(line):
        char = line[index]
        if state == "plain" and char.isspace():
            if current is not None:
                words.append(current)
            current = None
            index += 1
            continue
        current = current or ""
        if char == "'" and state != "double":
            state = "single" if state == "plain" else "plain"
        elif char == '"' and state != "single":
            state = "double" if state == "plain" else "plain"
        elif char == "\\" and state != "single":
            index += 1
            current += line[index] if index < len(line) else ""
        else:
            current += char
        index += 1
    assert state == "plain", "unterminated quote"
    if current is not None:
        words.append(current)
    return words


PROJECT = Project(
    format=ProjectFormat.SCRIPT,
    name="fetch",
    dependencies=(
        D("requests"),
        D("zope.interface"),
        D("uvloop; sys_platform == 'linux' and python_version < '3.13'"),
    ),
)
SCRIPT = "#!/usr/bin/env python3\n# /// script\n# dependencies = []\n# ///\nprint('hi')\n"


def test_shebang_lines() -> None:
    rendered = render_script(SCRIPT, PROJECT, nixpkgs_url=nixpkgs_tarball(REV))
    assert rendered == RenderedScript(
        text=(
            "#! /usr/bin/env nix-shell\n"
            '#! nix-shell -i python3 -p "python3.withPackages'
            " (ps: [ ps.requests ps.zope-interface ]"
            " ++ lib.optionals (stdenv.hostPlatform.isLinux && lib.versionOlder"
            ' python3.pythonVersion \\"3.13\\") [ ps.uvloop ])"\n'
            f"#! nix-shell -I nixpkgs=https://github.com/NixOS/nixpkgs/archive/{REV}.tar.gz\n"
            "# /// script\n# dependencies = []\n# ///\nprint('hi')\n"
        )
    )


# (id, original text, text after the shebang lines)
BODIES = [
    ("no-shebang", "print(1)\n", "print(1)\n"),
    ("python-shebang", "#!/usr/bin/python3\nprint(1)\n", "print(1)\n"),
    (
        "regenerated",
        "#! /usr/bin/env nix-shell\n#! nix-shell -p python3\n#!nix-shell -I x=y\nprint(1)\n",
        "print(1)\n",
    ),
    ("second-line-kept", "#!/bin/python\n#!not nix-shell\nx\n", "#!not nix-shell\nx\n"),
    ("no-final-newline", "print(1)", "print(1)"),
]


@pytest.mark.parametrize(("text", "body"), [b[1:] for b in BODIES], ids=[b[0] for b in BODIES])
def test_script_body_is_kept(text: str, body: str) -> None:
    empty = Project(format=ProjectFormat.SCRIPT, name="x")
    rendered = render_script(text, empty, python="python312")
    head = (
        '#! /usr/bin/env nix-shell\n#! nix-shell -i python3 -p "python312.withPackages (ps: [ ])"\n'
    )
    assert rendered.text == head + body


def test_windows_line_endings_are_kept() -> None:
    empty = Project(format=ProjectFormat.SCRIPT, name="x")
    text = render_script("#!/usr/bin/python\r\nprint(1)\r\n", empty).text
    assert text.split("\r\n")[:2] == [
        "#! /usr/bin/env nix-shell",
        '#! nix-shell -i python3 -p "python3.withPackages (ps: [ ])"',
    ]
    assert text.endswith("\r\nprint(1)\r\n")


@given(st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40))
def test_property_quoting_reads_back_in_both_parsers(text: str) -> None:
    expression = render_line(s(text))  # any Nix string, as the printer writes it
    line = "-p " + shebang_quote(expression)
    assert shellwords_2_8(line) == ["-p", expression]
    assert shellwords_2_19(line) == ["-p", expression]


def test_nixpkgs_tarball() -> None:
    assert nixpkgs_tarball("abc1234") == "https://github.com/NixOS/nixpkgs/archive/abc1234.tar.gz"
    with pytest.raises(InvalidArgument) as caught:
        nixpkgs_tarball("nixos-unstable")
    assert str(caught.value) == (
        "not a nixpkgs commit: 'nixos-unstable'\n"
        "  hint: give a git commit id such as 0123abc… (a branch name would not pin nixpkgs)"
    )


def test_relative_paths() -> None:
    assert render(relative_path("fetch.py")) == "./fetch.py\n"
    assert render(relative_path("./tools/fetch.py")) == "./tools/fetch.py\n"
    assert render(relative_path("../../x")) == "../../x\n"
    assert render(relative_path("my script.py")) == './. + "/my script.py"\n'


def test_runner_text() -> None:
    runner = render_script_runner(PROJECT, script="fetch.py")
    assert runner.text() == (
        "let\n"
        "  inherit (pkgs) lib stdenv;\n"
        "  env = python.withPackages (\n"
        "    ps:\n"
        "    [ ps.requests ps.zope-interface ]\n"
        "    ++ lib.optionals"
        ' (stdenv.hostPlatform.isLinux && lib.versionOlder python.pythonVersion "3.13") [\n'
        "      ps.uvloop\n"
        "    ]\n"
        "  );\n"
        "in\n"
        'pkgs.writeScriptBin "fetch" ("#!${lib.getExe\' env "python"}\\n"'
        " + builtins.readFile ./fetch.py)\n"
    )


@pytest.mark.nix
def test_real_nix_shell_reads_the_shebang(tmp_path: Path) -> None:
    # nix-shell parses the script's `#!` lines and evaluates `-p` against <nixpkgs>: the stand-in
    # with runCommand replaced by a `throw` of what it was given, so the test sees the
    # evaluated environment without building anything.
    nixpkgs = tmp_path / "nixpkgs"
    nixpkgs.mkdir()
    (nixpkgs / "default.nix").write_text(
        "args:\n"
        f'import {STANDIN} (builtins.removeAttrs args [ "inNixShell" ] // {{\n'
        "  overlays = [ (final: prev: {\n"
        "    runCommand = name: env: command: throw (\n"
        '      "STANDIN " + builtins.toJSON (map (p: p.requested) env.buildInputs));\n'
        "  }) ];\n"
        "})\n"
    )
    script = tmp_path / "fetch.py"
    project = Project(
        format=ProjectFormat.SCRIPT,
        name="fetch",
        dependencies=(D("requests"), D("uvloop; sys_platform == 'linux'")),
    )
    script.write_text(render_script("print('never runs')\n", project).text)
    script.chmod(0o755)
    nix_shell = Path(nix_instantiate()).with_name("nix-shell")
    result = subprocess.run(
        # The script must be the first argument for nix-shell to read its `#!` lines.
        [str(nix_shell), str(script)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NIX_PATH": f"nixpkgs={nixpkgs}"},
        cwd=tmp_path,
    )
    assert result.returncode != 0
    found = re.search(r"STANDIN (\[.*\])", result.stderr)
    assert found is not None, result.stderr
    system = subprocess.run(
        [nix_instantiate(), "--eval", "--expr", "builtins.currentSystem"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    expected = '[["requests","uvloop"]]' if "linux" in system else '[["requests"]]'
    assert found.group(1) == expected
