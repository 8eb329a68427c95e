"""The CLI frame: exit statuses and one-to-two-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pynix.cli import main
from pynix.cli.main import COMMANDS


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("pynix ")


def test_unknown_command_is_a_two_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pynix: error: ")
    assert len(err.strip().splitlines()) <= 2
    assert "Traceback" not in err


def test_python_dash_m_runs_the_same_main() -> None:
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    result = subprocess.run(
        [sys.executable, "-m", "pynix", "--bogus-option"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("pynix: error: ")


def test_only_the_command_being_run_is_loaded() -> None:
    src = Path(__file__).resolve().parents[2] / "src"
    code = (
        "import sys; from pynix.cli import main; main(['lib', 'pep440.parseVersion', '\"1.0\"']);"
        "print(sorted(m for m in sys.modules if m.startswith('pynix.cli.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    loaded = result.stdout.splitlines()[-1]
    assert "'pynix.cli.lib'" in loaded
    assert "'pynix.cli.lock'" not in loaded
    assert "'pynix.cli.generate'" not in loaded


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert f"    {command} " in out
