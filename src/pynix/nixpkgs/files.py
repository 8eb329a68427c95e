"""Reading a snapshot file (the counterpart of ``pynix nixpkgs snapshot -o FILE``).

:func:`load_snapshot` is what commands taking ``--snapshot FILE`` call. Every
failure is an :class:`~pynix.errors.InvalidSnapshot` that names the file: a
file that cannot be read, bytes that are not UTF-8, text that is not JSON
(with the line and column ``json`` reports), or JSON that does not follow the
schema of :mod:`pynix.nixpkgs.snapshot` (with the key path).
"""

from __future__ import annotations

import json
from pathlib import Path

from pynix.errors import InvalidSnapshot, Location
from pynix.nixpkgs.snapshot import Snapshot, parse_snapshot

__all__ = ["load_snapshot"]


def load_snapshot(path: Path) -> Snapshot:
    """Read and check the snapshot file at ``path``.

    Raises :class:`~pynix.errors.InvalidSnapshot` naming ``path``.
    """
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InvalidSnapshot(
            f"cannot read the snapshot: {reason}", location=Location(file=file)
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidSnapshot(
            f"not UTF-8 (byte {error.start})", location=Location(file=file)
        ) from None
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidSnapshot(
            f"not valid JSON: {error.msg} (column {error.colno})",
            location=Location(file=file, line=error.lineno),
        ) from None
    return parse_snapshot(loaded, file=file)
