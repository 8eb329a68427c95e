"""Writing output files: all or nothing, never over a file the user did not give up.

Every command that writes files goes through :func:`write_files`. It checks
every destination first (refusing existing files unless ``force``, or unless
the caller's ``may_replace`` says a file is its own to replace), writes
each file to a temporary file in the same directory and renames it into
place, so an interrupted run leaves either the old file or the new one,
never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from pynix.errors import OutputExists, PynixError

__all__ = ["MayReplace", "refuse_existing", "write_files"]

#: Whether an existing file may be replaced without ``--force`` (e.g. one pynix wrote).
MayReplace = Callable[[Path], bool]

_REFUSAL = "refusing to overwrite an existing file"
_HINT = "pass --force to replace it"


def refuse_existing(
    paths: Iterable[Path],
    *,
    force: bool = False,
    may_replace: MayReplace | None = None,
    refusal: str = _REFUSAL,
    hint: str = _HINT,
) -> None:
    """Raise :class:`~pynix.errors.OutputExists` for the first existing path not to be replaced.

    Nothing is refused with ``force``; ``may_replace`` exempts files the
    command owns. A command that works long before writing calls this first,
    so the refusal comes before the work.
    """
    if force:
        return
    for path in sorted(paths):
        if path.exists() and not (may_replace is not None and may_replace(path)):
            raise OutputExists(refusal, text=str(path), hint=hint)


def write_files(
    files: Mapping[Path, str | bytes],
    *,
    force: bool = False,
    may_replace: MayReplace | None = None,
    refusal: str = _REFUSAL,
    hint: str = _HINT,
) -> list[Path]:
    """Write ``files`` (path -> content) atomically; returns the paths in write order.

    Raises :class:`~pynix.errors.OutputExists` naming the first existing file
    that may not be replaced (see :func:`refuse_existing`), before anything is
    written.
    """
    refuse_existing(files, force=force, may_replace=may_replace, refusal=refusal, hint=hint)
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
