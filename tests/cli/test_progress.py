"""The progress bar: events mapped to rows and a summary, and silence off a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.progress import Progress

from pynix.cli import main
from pynix.cli._progress import TransferBar, progress_bar
from pynix.index import ProgressEvent, ProgressKind

URL = "http://127.0.0.1:1/files/demo-1.0.tar.gz"
OTHER = "http://127.0.0.1:1/files/other-1.0-py3-none-any.whl"


class _Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _event(kind: ProgressKind, url: str = URL, **fields: object) -> ProgressEvent:
    name = url.rpartition("/")[2]
    return ProgressEvent(kind=kind, url=url, name=name, **fields)  # type: ignore[arg-type]


def _bar() -> TransferBar:
    console = Console(file=io.StringIO(), force_terminal=False)
    return TransferBar(Progress(console=console, auto_refresh=False))


def _rows(bar: TransferBar) -> list[tuple[str, float, float | None]]:
    return [(t.description, t.completed, t.total) for t in bar.progress.tasks]


def test_events_become_rows_and_a_summary() -> None:
    bar = _bar()
    summary = "index: 0 fetched (0 B), 0 from the cache"
    assert _rows(bar) == [(summary, 0, None)]
    bar(_event(ProgressKind.START, total=2000))
    bar(_event(ProgressKind.START, OTHER, total=None))
    bar(_event(ProgressKind.ADVANCE, done=1500, total=2000))
    assert _rows(bar) == [
        (summary, 0, None),
        ("demo-1.0.tar.gz", 1500, 2000),
        ("other-1.0-py3-none-any.whl", 0, None),
    ]
    bar(_event(ProgressKind.DONE, done=2000, total=2000))
    bar(_event(ProgressKind.CACHED, "http://127.0.0.1:1/files/c.whl", done=10))
    assert _rows(bar) == [
        ("index: 1 fetched (2.0 kB), 1 from the cache", 0, None),
        ("other-1.0-py3-none-any.whl", 0, None),
    ]
    assert (bar.fetched, bar.cached, bar.bytes) == (1, 1, 2000)


def test_a_restarted_transfer_reuses_its_row() -> None:
    bar = _bar()
    bar(_event(ProgressKind.START, total=100))
    bar(_event(ProgressKind.ADVANCE, done=40, total=100))
    bar(_event(ProgressKind.RETRY, reason="HTTP 500"))
    bar(_event(ProgressKind.START, total=100))
    assert _rows(bar)[1:] == [("demo-1.0.tar.gz", 0, 100)]
    output = bar.progress.console.file
    assert isinstance(output, io.StringIO)
    assert "pynix: retrying demo-1.0.tar.gz: HTTP 500" in output.getvalue()


def test_an_advance_without_a_start_opens_a_row() -> None:
    bar = _bar()
    bar(_event(ProgressKind.ADVANCE, done=5, total=10))
    assert _rows(bar)[1:] == [("demo-1.0.tar.gz", 5, 10)]


@pytest.mark.parametrize(
    ("stream", "quiet"),
    [(io.StringIO(), False), (_Terminal(), True)],
    ids=["not-a-terminal", "quiet"],
)
def test_no_bar_when_quiet_or_off_a_terminal(stream: io.StringIO, *, quiet: bool) -> None:
    with progress_bar(quiet=quiet, stream=stream) as callback:
        assert callback is None
    assert stream.getvalue() == ""


def test_a_bar_on_a_terminal() -> None:
    stream = _Terminal()
    with progress_bar(quiet=False, stream=stream) as callback:
        assert isinstance(callback, TransferBar)
        callback(_event(ProgressKind.START, total=10))
        callback(_event(ProgressKind.DONE, done=10, total=10))
    assert "index: 1 fetched (10 B), 0 from the cache" in stream.getvalue()


def test_commands_print_no_progress_off_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Under capture stderr is not a terminal: only what the command says, no bar.
    lock = tmp_path / "pylock.toml"
    lock.write_text(
        'lock-version = "1.0"\ncreated-by = "hand"\n\n[[packages]]\nname = "demo"\n'
        'version = "1.0"\nindex = "https://pypi.example/simple"\n'
        'wheels = [{url = "https://files.example/demo-1.0-py3-none-any.whl", '
        f'hashes = {{sha256 = "{"5" * 64}"}}}}]\n'
    )
    assert main(["explain", "demo", str(tmp_path), "--system", "x86_64-linux"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("pylock.toml, planned for x86_64-linux (Python 3.11, 3.12, 3.13, 3.14)\n")
