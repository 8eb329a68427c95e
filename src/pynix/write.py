"""Writing output files: all or nothing, never over a file the user did not give up.

Every command that writes files goes through :func:`write_files`. It checks
every destination first (refusing existing files unless ``force``), writes
each file to a temporary file in the same directory and renames it into
place, so an interrupted run leaves either the old file or the new one,
never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from pynix.errors import OutputExists, PynixError

__all__ = ["write_files"]


def write_files(files: Mapping[Path, str | bytes], *, force: bool = False) -> list[Path]:
    """Write ``files`` (path -> content) atomically; returns the paths in write order.

    Raises :class:`~pynix.errors.OutputExists` naming the first existing file
    when ``force`` is false, before anything is written.
    """
    if not force:
        for path in files:
            if path.exists():
                raise OutputExists(
                    "refusing to overwrite an existing file",
                    text=str(path),
                    hint="pass --force to replace it",
                )
    # Write every temporary file first, then rename them all: a failure while
    # writing leaves every destination as it was.
    staged: list[tuple[Path, Path]] = []
    try:
        for path, content in sorted(files.items()):
            data = content.encode() if isinstance(content, str) else content
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            tmp.replace(path)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise PynixError(f"cannot write: {exc.strerror}", text=exc.filename) from None
    return [path for _, path in staged]


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``, with ``path``'s mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
        tmp.chmod(mode)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return tmp
