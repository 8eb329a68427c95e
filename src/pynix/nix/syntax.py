"""A small typed tree for the Nix language, and constructors that read like Nix.

Every node is a frozen, slotted, keyword-only dataclass. The tree says *what*
the expression is; :mod:`pynix.nix.printer` decides how it looks: layout,
parentheses (from operator precedence), quoting of attribute names and all
string escaping. Nothing here validates or escapes, so a renderer can build
any tree cheaply and the printer is the one place that can refuse it.

Reference: the Nix manual, "Nix Language" (syntax, operators, string
literals); the grammar of Nix 2.8's ``src/libexpr/parser.y``.

Traps this module helps with:

* ``a.b`` in Python code is *one* name in some places and a path in others.
  :func:`var` splits on dots (``var("python3.pkgs")`` is a selection), while
  attribute names given to :func:`attrs`, :func:`bind`, :func:`select` are
  single names (``"zope.interface"`` is printed quoted, never split).
* A Python ``str`` handed to :func:`attrs`, :func:`list_` or :func:`call` is a
  Nix *string* (``"requests"``), never a variable: variables are always
  :func:`var`.
* Operators fold by Nix's associativity: ``op("->", a, b, c)`` is
  ``a -> (b -> c)``, ``op("-", a, b, c)`` is ``(a - b) - c``.

>>> from pynix.nix.printer import render
>>> print(render(attrs({"pname": s("foo"), "doCheck": False}, rec=True)), end="")
rec {
  pname = "foo";
  doCheck = false;
}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, TypeAlias

__all__ = [
    "Assert",
    "AttrKey",
    "AttrSet",
    "BinOp",
    "BinaryOperator",
    "Binding",
    "Bool",
    "Call",
    "Commented",
    "Entry",
    "Expr",
    "Float",
    "Formal",
    "HasAttr",
    "If",
    "Inherit",
    "Int",
    "Interp",
    "Lambda",
    "Let",
    "List",
    "Null",
    "Path",
    "Pattern",
    "Select",
    "Str",
    "UnaryOp",
    "Value",
    "Var",
    "With",
    "assert_",
    "attrs",
    "bind",
    "call",
    "comment",
    "has_attr",
    "if_",
    "inherit",
    "lam",
    "let_",
    "list_",
    "lit",
    "not_",
    "op",
    "pattern",
    "s",
    "select",
    "var",
    "with_",
]

BinaryOperator: TypeAlias = Literal[
    "//", "++", "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "->"
]
_RIGHT_ASSOCIATIVE = frozenset({"//", "++", "->"})


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Expr:
    """The base of every Nix expression node."""


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Null(Expr):
    """``null``."""


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Bool(Expr):
    """``true`` or ``false``."""

    value: bool


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Int(Expr):
    """A 64-bit signed integer; a negative one prints as a negation (``-1``)."""

    value: int


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Float(Expr):
    """A finite float."""

    value: float


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Interp:
    """``${expr}``: an interpolation inside a string, or a dynamic attribute name."""

    expr: Expr


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Str(Expr):
    """A string: literal text and interpolations, in order.

    ``indented`` asks for a ``''…''`` string; the printer uses one only when
    the text spans several lines, otherwise ``"…"``. Either way Nix reads
    back exactly the characters in ``parts``.
    """

    parts: tuple[str | Interp, ...] = ()
    indented: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Path(Expr):
    """A path literal as written: ``./foo``, ``../x.nix``, ``/abs``, ``~/x``, ``<nixpkgs>``."""

    value: str


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Var(Expr):
    """A variable reference; ``name`` must be a Nix identifier."""

    name: str


AttrKey: TypeAlias = str | Interp
"""One component of an attribute path: a name (quoted by the printer when it
must be) or ``${expr}``. ``Interp(expr=Str(...))`` prints as a quoted string."""


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Select(Expr):
    """``expr.a.b`` or ``expr.a.b or default``."""

    expr: Expr
    path: tuple[AttrKey, ...]
    default: Expr | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class HasAttr(Expr):
    """``expr ? a.b``."""

    expr: Expr
    path: tuple[AttrKey, ...]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Binding:
    """``a.b.c = value;`` in an attribute set or a ``let``, with a leading comment."""

    path: tuple[AttrKey, ...]
    value: Expr
    comment: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Inherit:
    """``inherit a b;`` or, with ``source``, ``inherit (source) a b;``."""

    names: tuple[str, ...]
    source: Expr | None = None
    comment: str | None = None


Entry: TypeAlias = Binding | Inherit


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class AttrSet(Expr):
    """``{ … }`` or ``rec { … }``; entries keep their order."""

    entries: tuple[Entry, ...] = ()
    rec: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class List(Expr):
    """``[ a b ]``. An item may be a :class:`Commented` expression."""

    items: tuple[Expr, ...] = ()


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Formal:
    """One argument of a function pattern: ``name`` or ``name ? default``."""

    name: str
    default: Expr | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Pattern:
    """``{ a, b ? d, ... }``, optionally bound to a name: ``args@{ … }`` or ``{ … }@args``."""

    formals: tuple[Formal, ...] = ()
    ellipsis: bool = False
    bind: str | None = None
    bind_after: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Lambda(Expr):
    """``param: body`` where ``param`` is an identifier or a :class:`Pattern`."""

    param: str | Pattern
    body: Expr


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Call(Expr):
    """Function application ``func arg1 arg2``."""

    func: Expr
    args: tuple[Expr, ...]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Let(Expr):
    """``let bindings in body``; bindings cannot have ``${…}`` names."""

    entries: tuple[Entry, ...]
    body: Expr


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class With(Expr):
    """``with env; body``."""

    env: Expr
    body: Expr


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class If(Expr):
    """``if cond then then else else_``."""

    cond: Expr
    then: Expr
    else_: Expr


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Assert(Expr):
    """``assert cond; body``."""

    cond: Expr
    body: Expr


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class BinOp(Expr):
    """A binary operator; the printer adds parentheses from Nix's precedence table."""

    op: BinaryOperator
    left: Expr
    right: Expr


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class UnaryOp(Expr):
    """Boolean negation ``!e`` or arithmetic negation ``-e``."""

    op: Literal["!", "-"]
    operand: Expr


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Commented(Expr):
    """``expr`` preceded by ``# comment`` lines (one per line of ``comment``).

    Meant for list items and the top-level expression; bindings carry their
    own ``comment``. Anywhere else it forces the enclosing layout to break.
    """

    comment: str
    expr: Expr


Value: TypeAlias = (
    Expr | str | bool | int | float | Sequence["Value"] | Mapping[str, "Value"] | None
)
"""What the constructors accept where an expression goes: a node, or plain
Python data turned into Nix literals by :func:`lit`."""


def lit(value: Value) -> Expr:  # noqa: PLR0911 - one return per kind of Python value
    """Turn plain Python data into Nix literals; nodes pass through unchanged.

    ``str`` becomes a string, ``None`` ``null``, a list or tuple a list, a
    mapping an attribute set (keys are single names, in the mapping's order).

    >>> lit(["a", 1, None]) == List(items=(s("a"), Int(value=1), Null()))
    True
    """
    if isinstance(value, Expr):
        return value
    if value is None:
        return Null()
    if isinstance(value, bool):
        return Bool(value=value)
    if isinstance(value, int):
        return Int(value=value)
    if isinstance(value, float):
        return Float(value=value)
    if isinstance(value, str):
        return Str(parts=(value,))
    if isinstance(value, Mapping):
        return attrs(value)
    return List(items=tuple(lit(item) for item in value))


def s(*parts: str | Expr | Interp, indented: bool = False) -> Str:
    """A string from text and expressions; expressions become ``${…}``.

    >>> s("python", var("version"), "-env").parts[1]
    Interp(expr=Var(name='version'))
    """
    return Str(
        parts=tuple(p if isinstance(p, str | Interp) else Interp(expr=p) for p in parts),
        indented=indented,
    )


def var(dotted: str) -> Expr:
    """A variable, or a selection when ``dotted`` has dots: ``var("python3.pkgs")``.

    Only for names that are identifiers; select odd names with :func:`select`.

    >>> var("lib.licenses.mit")
    Select(expr=Var(name='lib'), path=('licenses', 'mit'), default=None)
    """
    head, *rest = dotted.split(".")
    if not rest:
        return Var(name=head)
    return Select(expr=Var(name=head), path=tuple(rest))


def _key(part: str | Expr | Interp) -> AttrKey:
    if isinstance(part, str | Interp):
        return part
    return Interp(expr=part)


def select(expr: Expr, *path: str | Expr | Interp, default: Value | None = None) -> Select:
    """``expr.a.b``; each name is taken whole (``select(ps, "zope.interface")``).

    An expression in ``path`` becomes a dynamic name ``${…}``.
    """
    return Select(
        expr=expr,
        path=tuple(_key(p) for p in path),
        default=None if default is None else lit(default),
    )


def has_attr(expr: Expr, *path: str | Expr | Interp) -> HasAttr:
    """``expr ? a.b``."""
    return HasAttr(expr=expr, path=tuple(_key(p) for p in path))


def bind(
    path: str | Interp | Sequence[str | Expr | Interp], value: Value, *, comment: str | None = None
) -> Binding:
    """``name = value;``; a sequence ``path`` makes ``a.b.c = value;``.

    >>> bind(("meta", "mainProgram"), "foo").path
    ('meta', 'mainProgram')
    """
    keys = (path,) if isinstance(path, str | Interp) else tuple(_key(p) for p in path)
    return Binding(path=keys, value=lit(value), comment=comment)


def inherit(*names: str, source: Expr | None = None, comment: str | None = None) -> Inherit:
    """``inherit a b;`` or ``inherit (source) a b;``."""
    return Inherit(names=names, source=source, comment=comment)


def _entries(entries: Mapping[str, Value] | Iterable[Entry]) -> tuple[Entry, ...]:
    if isinstance(entries, Mapping):
        return tuple(bind(name, value) for name, value in entries.items())
    return tuple(entries)


def attrs(entries: Mapping[str, Value] | Iterable[Entry] = (), *, rec: bool = False) -> AttrSet:
    """An attribute set from ``{name: value}`` or from :func:`bind`/:func:`inherit` entries."""
    return AttrSet(entries=_entries(entries), rec=rec)


def list_(items: Iterable[Value] = ()) -> List:
    """``[ … ]``; plain Python items become literals."""
    return List(items=tuple(lit(item) for item in items))


def pattern(
    names: Iterable[str | tuple[str, Value] | Formal] = (),
    *,
    ellipsis: bool = False,
    bind: str | None = None,
    bind_after: bool = False,
) -> Pattern:
    """A function pattern; ``("b", default)`` gives ``b ? default``.

    >>> from pynix.nix.printer import render_line
    >>> render_line(lam(pattern(["lib", ("doCheck", True)], ellipsis=True), var("lib")))
    '{ lib, doCheck ? true, ... }: lib'
    """
    formals: list[Formal] = []
    for item in names:
        if isinstance(item, Formal):
            formals.append(item)
        elif isinstance(item, str):
            formals.append(Formal(name=item))
        else:
            formals.append(Formal(name=item[0], default=lit(item[1])))
    return Pattern(formals=tuple(formals), ellipsis=ellipsis, bind=bind, bind_after=bind_after)


def lam(param: str | Pattern, body: Value) -> Lambda:
    """``param: body``, e.g. ``lam("ps", list_([...]))``."""
    return Lambda(param=param, body=lit(body))


def call(func: Expr, *args: Value) -> Call:
    """``func arg1 arg2``; plain Python arguments become literals.

    >>> from pynix.nix.printer import render_line
    >>> render_line(call(var("fetchurl"), {"url": "https://x/y.tar.gz"}))
    'fetchurl { url = "https://x/y.tar.gz"; }'
    """
    return Call(func=func, args=tuple(lit(a) for a in args))


def let_(entries: Mapping[str, Value] | Iterable[Entry], body: Value) -> Let:
    """``let … in body``."""
    return Let(entries=_entries(entries), body=lit(body))


def with_(env: Expr, body: Value) -> With:
    """``with env; body``."""
    return With(env=env, body=lit(body))


def if_(cond: Value, then: Value, else_: Value) -> If:
    """``if cond then … else …``."""
    return If(cond=lit(cond), then=lit(then), else_=lit(else_))


def assert_(cond: Value, body: Value) -> Assert:
    """``assert cond; body``."""
    return Assert(cond=lit(cond), body=lit(body))


def op(operator: BinaryOperator, first: Value, second: Value, *more: Value) -> Expr:
    """Chain ``operator`` over two or more operands, grouped as Nix groups them.

    >>> op("++", var("a"), var("b"), var("c")) == BinOp(
    ...     op="++", left=var("a"), right=BinOp(op="++", left=var("b"), right=var("c"))
    ... )
    True
    """
    operands = [lit(first), lit(second), *(lit(m) for m in more)]
    if operator in _RIGHT_ASSOCIATIVE:
        result = operands[-1]
        for left in reversed(operands[:-1]):
            result = BinOp(op=operator, left=left, right=result)
        return result
    result = operands[0]
    for right in operands[1:]:
        result = BinOp(op=operator, left=result, right=right)
    return result


def not_(operand: Value) -> UnaryOp:
    """``!operand``."""
    return UnaryOp(op="!", operand=lit(operand))


def comment(text: str, expr: Value) -> Commented:
    """``expr`` preceded by ``# text`` lines (for list items and whole files)."""
    return Commented(comment=text, expr=lit(expr))
