"""The progress bar of downloads and enrichment, drawn from the index client's events.

The index client reports :class:`~pynix.index.ProgressEvent` values (from
worker threads too) and draws nothing; :class:`TransferBar` turns them into
a :mod:`rich.progress` display: one row per transfer in flight (name, bar,
bytes, speed) under a summary row counting the files fetched, the bytes and
the files served from the cache. A retry is printed above the bar.

:func:`progress_bar` shows it only on a terminal: with ``--quiet``, or when
stderr is a file or a pipe (CI logs), there is no bar and no callback at all.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from pynix.index import ProgressCallback, ProgressEvent, ProgressKind

if TYPE_CHECKING:
    # rich is imported only when a bar is drawn: it costs every command ~60 ms to load.
    from rich.progress import Progress, TaskID

__all__ = ["TransferBar", "progress_bar"]


class TransferBar:
    """A :data:`~pynix.index.ProgressCallback` drawing on a :class:`rich.progress.Progress`.

    Rows are keyed by URL: a ``start`` event opens (or restarts) one,
    ``advance`` moves it, ``done`` closes it and adds its bytes to the
    summary; ``cached`` counts a file served from the cache; ``retry``
    prints why. Thread-safe.
    """

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.fetched = 0
        self.cached = 0
        self.bytes = 0
        self._rows: dict[str, TaskID] = {}
        self._lock = threading.Lock()
        self.summary = progress.add_task(self._summary(), total=None)

    def __call__(self, event: ProgressEvent) -> None:
        with self._lock:
            match event.kind:
                case ProgressKind.START:
                    self._start(event)
                case ProgressKind.ADVANCE:
                    row = self._rows.get(event.url)
                    if row is None:
                        self._start(event)
                        row = self._rows[event.url]
                    self.progress.update(row, completed=event.done, total=event.total)
                case ProgressKind.DONE:
                    row = self._rows.pop(event.url, None)
                    if row is not None:
                        self.progress.remove_task(row)
                    self.fetched += 1
                    self.bytes += event.done
                case ProgressKind.CACHED:
                    self.cached += 1
                case ProgressKind.RETRY:
                    self.progress.console.print(f"pynix: retrying {event.name}: {event.reason}")
            self.progress.update(self.summary, description=self._summary())

    def _start(self, event: ProgressEvent) -> None:
        old = self._rows.pop(event.url, None)
        if old is not None:
            self.progress.remove_task(old)
        self._rows[event.url] = self.progress.add_task(event.name, total=event.total)

    def _summary(self) -> str:
        return f"index: {self.fetched} fetched ({_size(self.bytes)}), {self.cached} from the cache"


@contextlib.contextmanager
def progress_bar(*, quiet: bool, stream: TextIO) -> Iterator[ProgressCallback | None]:
    """A callback drawing a bar on ``stream`` while the block runs; ``None`` when quiet.

    Quiet means ``quiet`` or a ``stream`` that is not a terminal.
    """
    if quiet or not stream.isatty():
        yield None
        return
    from rich.console import Console  # noqa: PLC0415 -- see the TYPE_CHECKING import
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TransferSpeedColumn,
    )

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=Console(file=stream),
        transient=True,
    )
    with progress:
        yield TransferBar(progress)


def _size(count: int) -> str:
    """``1.5 MB`` and the like (powers of 1000, as rich counts).

    >>> _size(0), _size(1234), _size(3_500_000)
    ('0 B', '1.2 kB', '3.5 MB')
    """
    value = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{count} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")  # pragma: no cover
