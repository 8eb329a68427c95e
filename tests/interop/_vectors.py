"""Helpers for the interop vector tables: one row per call, the expected JSON written by hand."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pynix.interop import JSON, call

__all__ = ["caret", "dumps", "error", "run", "vector", "ver"]


def vector(name: str, *args: JSON, expected: JSON, id: str) -> Any:  # noqa: A002  (pytest's name)
    """One row: ``call(name, *args)`` must give ``expected`` exactly."""
    return pytest.param(name, args, expected, id=f"{name}:{id}")


def error(name: str, *args: JSON, kind: type[Exception], message: str, id: str) -> Any:  # noqa: A002
    """One row: ``call(name, *args)`` must raise ``kind`` whose ``str()`` is ``message``."""
    return pytest.param(name, args, kind, message, id=f"{name}:{id}")


def dumps(value: JSON) -> str:
    """JSON text that tells true from 1 and 1 from 1.0, which Python's == does not."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def run(name: str, args: tuple[JSON, ...], expected: JSON) -> None:
    """Assert one vector."""
    assert dumps(call(name, *args)) == dumps(expected)


def ver(
    text: str,
    release: list[JSON],
    *,
    epoch: int = 0,
    pre: tuple[str, int] | None = None,
    post: int | None = None,
    dev: int | None = None,
    local: str | None = None,
) -> dict[str, JSON]:
    """pyproject.nix's parsed-version object, spelled out from its parts."""
    return {
        "dev": None if dev is None else {"type": "dev", "value": dev},
        "epoch": epoch,
        "local": local,
        "post": None if post is None else {"type": "post", "value": post},
        "pre": None if pre is None else {"type": pre[0], "value": pre[1]},
        "release": release,
        "str": text,
    }


def caret(head: str, text: str, start: int, end: int) -> str:
    """The two-line message ``head: text`` with carets under ``text[start:end]``."""
    return f"{head}: {text}\n" + " " * (len(head) + 2 + start) + "^" * (end - start)
