"""Helpers for the interop vector tables: one row per call, the expected JSON written by hand."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pynix.interop import JSON, call

__all__ = ["caret", "compare", "cond", "dig", "dumps", "error", "req", "run", "vector", "ver"]


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


def cond(op: str, text: str, release: list[JSON], **parts: Any) -> dict[str, JSON]:
    """One condition ``{op, version}``; ``parts`` as for :func:`ver`."""
    return {"op": op, "version": ver(text, release, **parts)}


def req(
    name: str,
    *conditions: dict[str, JSON],
    extras: list[JSON] | None = None,
    markers: JSON = None,
    url: str | None = None,
) -> dict[str, JSON]:
    """pyproject.nix's ``parseString`` object of one dependency."""
    return {
        "conditions": list(conditions),
        "extras": extras or [],
        "markers": markers,
        "name": name,
        "url": url,
    }


def compare(variable: str, op: str, value: JSON) -> dict[str, JSON]:
    """A marker tree's comparison of ``variable`` with a typed value."""
    return {
        "lhs": {"type": "variable", "value": variable},
        "op": op,
        "rhs": value,
        "type": "compare",
    }


def dig(value: JSON, *path: str | int) -> Any:
    """The value at ``path`` inside a result, checking each step's type on the way."""
    for key in path:
        if isinstance(key, int):
            assert isinstance(value, list), value
        else:
            assert isinstance(value, dict), value
        value = value[key]  # type: ignore[index]
    return value
