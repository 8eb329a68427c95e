"""``pynix lock`` against plain ``uv lock``: warm-cache time ratio, cold-enrichment download share.

Run from the repository root (``gcc`` and zlib's headers are needed, as for
the test index)::

    .venv/bin/python bench/lock.py

Two projects, each locked against the test suite's index server on
127.0.0.1 with the real uv (sealed off as the tests seal it: own home and uv
cache, no configuration, no network beyond loopback):

* ``demo`` -- the command tests' project: ``beta[fast]``, ``plat-dep``,
  ``cyc-a``, ``native-crc`` (a manylinux wheel with a real ELF linked to
  zlib) and ``legacy-lib`` (an sdist-only release without pyproject.toml);
* ``data-heavy`` -- ``demo`` plus a manylinux wheel carrying 8 MiB of package
  data beside its shared objects (range requests read the libraries only).

Warm: uv's cache and pynix's fact cache are filled first; then the median of
seven runs of each command, as subprocesses (interpreter start-up included,
as a user sees it) and, for pynix, in-process (what pynix adds to uv):

* ``relock`` -- the lock is up to date: uv checks it and writes nothing;
* ``resolve`` -- ``uv.lock`` removed before each run: a full resolution
  from uv's warm cache.

Cold enrichment: pynix's cache emptied, the lock kept (uv fetches nothing);
the requests and bytes the server sent for ``pynix lock --no-generate``,
against the total size of every artifact the lock names and of those the
plan installs on x86_64-linux.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

import uv  # noqa: E402 -- after the path set-up

from pynix.cli import main as pynix_main  # noqa: E402
from pynix.formats.pynix_settings import Settings  # noqa: E402
from pynix.plan import Build, plan  # noqa: E402
from pynix.workflow import read_inputs  # noqa: E402
from tests.support.artifacts import Distribution, build_wheel  # noqa: E402
from tests.support.commands import DEMO, demo_project  # noqa: E402
from tests.support.index_server import IndexServer  # noqa: E402
from tests.support.native import VENDORED_SONAME, compile_native_libraries  # noqa: E402
from tests.support.universe import build_universe  # noqa: E402
from tests.support.uv import uv_env  # noqa: E402

RUNS = 7
MIB = 1024 * 1024
SYSTEM = ["--system", "x86_64-linux"]


def _noise(size: int) -> bytes:
    blocks = (hashlib.sha256(i.to_bytes(8, "big")).digest() for i in range(size // 32 + 1))
    return b"".join(blocks)[:size]


def _data_heavy(root: Path) -> None:
    libraries = compile_native_libraries()
    data = "bigdata/model.bin"
    build_wheel(
        Distribution(name="bigdata", version="1.0"),
        root,
        tags=("py3-none-manylinux_2_17_x86_64",),
        extra_files={
            "bigdata/libnativecrc.so": libraries.main,
            f"bigdata.libs/{VENDORED_SONAME}": libraries.vendored,
            data: _noise(8 * MIB),
        },
        stored=frozenset({data}),
    )


class Bench:
    """One project, its sealed environment and the commands to time."""

    def __init__(self, scratch: Path, server: IndexServer, dependencies: tuple[str, ...]) -> None:
        self.server = server
        self.project = demo_project(scratch / "project", dependencies)
        (scratch / "home").mkdir()
        self.env = {
            **uv_env(scratch),
            "UV_HTTP_RETRIES": "0",
            "XDG_CACHE_HOME": str(scratch / "xdg"),
            "NETRC": str(scratch / "no-netrc"),
            "PYTHONPATH": str(ROOT / "src"),
        }
        self.cache = scratch / "xdg" / "pynix"
        self.lock = self.project / "uv.lock"

    def uv_lock(self) -> None:
        args = ["lock", "--color", "never", "--no-progress", "--python", sys.executable]
        command = [uv.find_uv_bin(), *args, "--default-index", self.server.index_url]
        subprocess.run(command, cwd=self.project, env=self.env, check=True, capture_output=True)

    def pynix_args(self, *extra: str) -> list[str]:
        return ["lock", str(self.project), "--index-url", self.server.index_url, *SYSTEM, *extra]

    def pynix_process(self, *extra: str) -> None:
        command = [sys.executable, "-m", "pynix", *self.pynix_args(*extra)]
        subprocess.run(command, env=self.env, check=True, capture_output=True)

    def pynix_in_process(self, *extra: str) -> None:
        quiet = contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO())
        with _environment(self.env), quiet[0], quiet[1]:
            status = pynix_main(self.pynix_args(*extra, "--force"))
        if status != 0:
            raise RuntimeError(f"pynix lock exited with {status}")


@contextlib.contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _median(run: Callable[[], None], before: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(RUNS):
        before()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _warm(bench: Bench) -> list[tuple[str, float, float, float, float, float]]:
    bench.uv_lock()
    bench.pynix_process()  # fills the fact cache and writes the Nix files
    rows = []
    for scenario, before in (
        ("relock", lambda: None),
        ("resolve", lambda: bench.lock.unlink(missing_ok=True)),
    ):
        uv_time = _median(bench.uv_lock, before)
        no_generate = _median(lambda: bench.pynix_process("--no-generate"), before)
        with_generate = _median(bench.pynix_process, before)
        inner_no_generate = _median(lambda: bench.pynix_in_process("--no-generate"), before)
        inner = _median(bench.pynix_in_process, before)
        rows.append((scenario, uv_time, no_generate, with_generate, inner_no_generate, inner))
    return rows


def _cold(bench: Bench) -> tuple[int, int, int, int]:
    """Requests and bytes of a cold enrichment, the locked and the planned artifacts' sizes."""
    shutil.rmtree(bench.cache, ignore_errors=True)
    bench.server.clear_log()
    bench.pynix_process("--no-generate")
    requests = bench.server.requests
    sent = sum(r.bytes_sent for r in requests)
    document = tomllib.loads(bench.lock.read_text(encoding="utf-8"))
    files = [
        artifact
        for package in document["package"]
        for artifact in [package.get("sdist"), *package.get("wheels", [])]
        if artifact is not None
    ]
    locked = sum(int(a.get("size", 0)) for a in files)
    planned = _planned_size(bench)
    return len(requests), sent, locked, planned


def _planned_size(bench: Bench) -> int:
    """The size of the files the plan installs on x86_64-linux (each file once)."""
    with _environment(bench.env):
        inputs = read_inputs(bench.project, settings=Settings(systems=("x86_64-linux",)))
    planned = plan(inputs.lock, inputs.project, inputs.settings)
    chosen = {
        choice.artifact.filename: choice.artifact.size or 0
        for package in planned.packages
        for choice in package.choices
        if choice.artifact is not None and choice.build in (Build.WHEEL, Build.SDIST)
    }
    return sum(chosen.values())


def _startup() -> float:
    command = [sys.executable, "-c", "import pynix.cli"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def start() -> None:
        subprocess.run(command, env=env, check=True)

    return _median(start)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pynix-bench-lock-") as scratch:
        index = Path(scratch) / "index"
        index.mkdir()
        universe = build_universe(index)
        _data_heavy(index)
        print(f"python -c 'import pynix.cli': {1000 * _startup():.0f} ms (median of {RUNS})")
        with IndexServer(index, upload_times=universe.upload_times) as server:
            for name, dependencies in (("demo", DEMO), ("data-heavy", (*DEMO, "bigdata"))):
                directory = Path(scratch) / name
                directory.mkdir()
                bench = Bench(directory, server, dependencies)
                rows = _warm(bench)
                requests, sent, locked, planned = _cold(bench)
                _print(name, rows, (requests, sent, locked, planned))


def _print(
    name: str,
    rows: list[tuple[str, float, float, float, float, float]],
    cold: tuple[int, int, int, int],
) -> None:
    print(f"\n{name}: warm caches, median of {RUNS} runs (ms)")
    head = ("", "uv lock", "pynix --no-generate", "pynix", "in-process --no-gen", "in-process")
    print("  {:<8} {:>8} {:>20} {:>8} {:>20} {:>11}".format(*head))
    for scenario, uv_time, no_generate, full, inner_no_generate, inner in rows:
        print(
            f"  {scenario:<8} {1000 * uv_time:>8.0f} {1000 * no_generate:>20.0f} "
            f"{1000 * full:>8.0f} {1000 * inner_no_generate:>20.0f} {1000 * inner:>11.0f}"
        )
        print(
            f"  {'ratio':<8} {'':>8} {no_generate / uv_time:>20.2f} {full / uv_time:>8.2f} "
            f"{inner_no_generate / uv_time:>20.2f} {inner / uv_time:>11.2f}"
        )
    requests, sent, locked, planned = cold
    print(f"{name}: cold enrichment (pynix lock --no-generate, the lock up to date)")
    print(
        f"  {requests} requests, {sent:,} bytes downloaded: {100 * sent / locked:.1f}% of the "
        f"{locked:,} bytes of the locked artifacts, {100 * sent / planned:.1f}% of the "
        f"{planned:,} bytes the plan installs"
    )


if __name__ == "__main__":
    main()
