"""read_lock: the reader is chosen by file name, and the file name is kept."""

from __future__ import annotations

import pytest

from pynix.errors import InvalidLock, UnknownFormat
from pynix.locks import read_lock
from pynix.model import LockFormat
from tests.locks._support import fixture

NAMES = [
    ("uv.lock", "uv-tree", LockFormat.UV),
    ("project/uv.lock", "uv-tree", LockFormat.UV),
    ("poetry.lock", "poetry-2.1", LockFormat.POETRY),
    ("C:\\src\\app\\pdm.lock", "pdm-current", LockFormat.PDM),
    ("pylock.toml", "pylock", LockFormat.PYLOCK),
    ("pylock.dev.toml", "pylock", LockFormat.PYLOCK),
    ("requirements.txt", "requirements", LockFormat.REQUIREMENTS),
    ("deploy/requirements-prod.txt", "requirements", LockFormat.REQUIREMENTS),
]

UNKNOWN = [
    "Pipfile.lock", "uv.lock.bak", "pylock.a.b.toml", "pylock..toml", "requirements.in",
    "constraints.txt",
]  # fmt: skip

FILES = {
    "uv-tree": "uv.lock",
    "poetry-2.1": "poetry.lock",
    "pdm-current": "pdm.lock",
    "pylock": "pylock.toml",
    "requirements": "requirements.txt",
}


@pytest.mark.parametrize(("filename", "scenario", "kind"), NAMES, ids=[n[0] for n in NAMES])
def test_dispatch_by_file_name(filename: str, scenario: str, kind: LockFormat) -> None:
    lock = read_lock(fixture(scenario, FILES[scenario]), filename=filename)
    assert (lock.format, lock.source_file) == (kind, filename)


@pytest.mark.parametrize("filename", UNKNOWN)
def test_unknown_names(filename: str) -> None:
    with pytest.raises(UnknownFormat) as info:
        read_lock("", filename=filename)
    assert str(info.value) == (
        f"not a lock file pynix reads: {filename!r}\n"
        "  hint: expected uv.lock, poetry.lock, pdm.lock, pylock.toml, pylock.<name>.toml "
        "or requirements*.txt"
    )


def test_the_caller_adds_the_file_to_errors() -> None:
    with pytest.raises(InvalidLock) as info:
        read_lock('[metadata]\nlock-version = "9"\n', filename="poetry.lock")
    assert str(info.value.at(file="app/poetry.lock")) == (
        "app/poetry.lock: metadata.lock-version: unsupported lock version '9' "
        "(pynix reads 1.1, 2.0 and 2.1)"
    )
