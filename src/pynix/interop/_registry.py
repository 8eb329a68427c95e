"""The table of pyproject.nix names and the pynix functions behind them.

Each namespace module (``pep440``, ``pypa``, ...) registers its functions with
:func:`function` under their pyproject.nix name and declares one
:class:`Param` per argument: a name (pyproject.nix's) and a converter that
turns the JSON argument into a pynix value or raises
:class:`~pynix.errors.InvalidArgument` saying which argument is wrong and what
was expected. :func:`call` checks the number of arguments, converts them, calls
the function and returns its JSON result.

Adding a namespace is one new module with ``@function(...)`` declarations,
imported by ``pynix.interop``.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeAlias, TypeVar

from pynix.errors import InvalidArgument, Location
from pynix.interop._shapes import JSON, Where

__all__ = ["Function", "Param", "call", "function", "lookup", "names"]

Converter: TypeAlias = Callable[[JSON, Where], Any]
Impl = TypeVar("Impl", bound=Callable[..., JSON])


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Param:
    """One argument: its pyproject.nix name and how to read it from JSON.

    ``target`` marks the positions where pyproject.nix takes a platform, a
    libc derivation or a Python derivation; pynix takes one target object
    there, and every such position of one call must receive the same object.
    """

    name: str
    convert: Converter
    target: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Function:
    """A registered pyproject.nix function (or attribute, when it has no parameters)."""

    name: str
    params: tuple[Param, ...]
    impl: Callable[..., JSON]

    @property
    def signature(self) -> str:
        """``name`` followed by its parameter names, as ``pynix lib --list`` shows it."""
        return " ".join([self.name, *(p.name.upper() for p in self.params)])


_FUNCTIONS: dict[str, Function] = {}


def function(name: str, *params: Param) -> Callable[[Impl], Impl]:
    """Register the decorated function under the pyproject.nix ``name``.

    The function receives the converted arguments, in order, and returns JSON.
    """

    def register(impl: Impl) -> Impl:
        if name in _FUNCTIONS:
            raise RuntimeError(f"{name} is registered twice")  # a programming error
        _FUNCTIONS[name] = Function(name=name, params=params, impl=impl)
        return impl

    return register


def names() -> tuple[str, ...]:
    """Every registered name, sorted."""
    return tuple(sorted(_FUNCTIONS))


def lookup(name: str) -> Function:
    """The function registered as ``name``; raises :class:`InvalidArgument` with a suggestion."""
    found = _FUNCTIONS.get(name)
    if found is not None:
        return found
    close = difflib.get_close_matches(name, list(_FUNCTIONS), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "see 'pynix lib --list'"
    raise InvalidArgument(f"unknown pyproject.nix function '{name}'", hint=hint)


def call(name: str, args: Sequence[JSON]) -> JSON:
    """Convert ``args``, call the function registered as ``name`` and return its result."""
    found = lookup(name)
    params = found.params
    if len(args) != len(params):
        wanted = " ".join(p.name.upper() for p in params)
        takes = f"{_count(len(params))} ({wanted})" if params else "no arguments"
        raise InvalidArgument(f"{name} takes {takes}, got {len(args)}")
    _check_same_target(params, args)
    converted = [
        p.convert(arg, Where(argument=i))
        for i, (p, arg) in enumerate(zip(params, args, strict=True), 1)
    ]
    return found.impl(*converted)


def _count(number: int) -> str:
    return "1 argument" if number == 1 else f"{number} arguments"


def _check_same_target(params: Sequence[Param], args: Sequence[JSON]) -> None:
    first: tuple[int, JSON] | None = None
    for index, (param, arg) in enumerate(zip(params, args, strict=True), 1):
        if not param.target:
            continue
        if first is None:
            first = (index, arg)
        elif not _same(arg, first[1]):
            raise InvalidArgument(
                f"must be the same target object as argument {first[0]}",
                location=Location(key=f"argument {index}"),
                hint="pyproject.nix's platform, libc and python all describe one target here",
            )


def _same(left: JSON, right: JSON) -> bool:
    # JSON equality, where true is not 1 (Python's == says it is).
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        return left.keys() == right.keys() and all(_same(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(_same, left, right))
    return type(left) is type(right) and left == right
