"""One-line rendering of Nix trees: precedence, names, and each node on a single line.

Private to :mod:`pynix.nix.printer`, which adds the multi-line layout on top.
:class:`OneLine` renders any node that can sit on one line (``None`` for one
that cannot: a comment, a ``let``, a multi-line ``''`` string, an attribute
set with several entries) and owns the rules both layouts share: operator
precedence and the parentheses it calls for, quoting of names, validation of
identifiers and patterns.

Precedence, tightest first (Nix manual, "Operators"; Nix 2.8 ``parser.y``):
selection, application, arithmetic negation, ``?``, ``++`` (right), ``*`` ``/``,
``+`` ``-``, ``!``, ``//`` (right), comparisons (non-associative), ``==`` ``!=``
(non-associative), ``&&``, ``||``, ``->`` (right); functions, ``let``,
``with``, ``if`` and ``assert`` extend as far right as they can.

Traps: ``!`` takes a whole ``+``/``*``/``++``/``?`` expression as its operand
(``!a + b`` is ``!(a + b)``), so ``(!a) + b`` needs parentheses while
``!a == b`` does not; ``f -1`` is a subtraction; ``./a.b`` is one path and
``1.a`` starts a float, so paths and numbers are parenthesized before ``.``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any, cast

from pynix.errors import Unsupported
from pynix.nix._escape import (
    check_text,
    double_quoted,
    float_text,
    int_text,
    is_identifier,
    path_text,
)
from pynix.nix.syntax import (
    Assert,
    AttrKey,
    AttrSet,
    Binding,
    BinOp,
    Bool,
    Call,
    Commented,
    Entry,
    Expr,
    Float,
    HasAttr,
    If,
    Inherit,
    Int,
    Interp,
    Lambda,
    Let,
    List,
    Null,
    Path,
    Pattern,
    Select,
    Str,
    UnaryOp,
    Var,
    With,
)

__all__ = [
    "APPLY",
    "BINARY",
    "NEGATE",
    "SELECT",
    "OneLine",
    "Paren",
    "call_chain",
    "comment_lines",
    "is_multiline_str",
    "join",
    "norm_parts",
    "select_chain",
    "sub",
]

# Binding strength, tightest first (Nix manual, "Operators"; parser.y).
ATOM = 100
SELECT = 90
APPLY = 80
NEGATE = 70
HAS_ATTR = 60
NOT = 40
LOWEST = 0
BINARY: dict[str, tuple[int, str]] = {
    "++": (55, "right"),
    "*": (50, "left"),
    "/": (50, "left"),
    "+": (45, "left"),
    "-": (45, "left"),
    "//": (35, "right"),
    "<": (30, "none"),
    "<=": (30, "none"),
    ">": (30, "none"),
    ">=": (30, "none"),
    "==": (25, "none"),
    "!=": (25, "none"),
    "&&": (20, "left"),
    "||": (15, "left"),
    "->": (10, "right"),
}
_LEVELS: dict[type[Expr], int] = {
    Select: SELECT,
    HasAttr: HAS_ATTR,
    Call: APPLY,
    Lambda: LOWEST,
    Let: LOWEST,
    With: LOWEST,
    If: LOWEST,
    Assert: LOWEST,
}
# Node types whose level does not depend on their value (see binding_level).
_FIXED_LEVELS: dict[type[Expr], int] = {
    **_LEVELS,
    **dict.fromkeys((Var, Str, AttrSet, List, Null, Bool, Path), ATOM),
}
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
# Text a "…" string writes as it is: no escape, no interpolation, nothing refused.
_PLAIN_TEXT = re.compile(r'[^\\"\n\r\t\0$]*')
_MISSING = object()


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Paren(Expr):
    """Parentheses the printer adds around a child; never part of a caller's tree."""

    expr: Expr


def binding_level(e: Expr) -> int:
    """How tightly ``e`` binds: a higher level needs parentheses in fewer places."""
    level = _FIXED_LEVELS.get(type(e))
    if level is not None:  # the common case, one lookup (the printer asks for every child)
        return level
    if isinstance(e, Int | Float):
        negative = e.value < 0 or str(e.value).startswith("-")  # -0.0 too
        return NEGATE if negative else ATOM
    if isinstance(e, UnaryOp):
        return NEGATE if e.op == "-" else NOT
    if isinstance(e, BinOp):
        return BINARY[e.op][0]
    if isinstance(e, Commented):
        return binding_level(e.expr)
    return _LEVELS.get(type(e), ATOM)


def sub(e: Expr, level: int) -> Expr:
    """``e`` as a child that must bind at least as tightly as ``level``."""
    return e if binding_level(e) >= level else Paren(expr=e)


def _select_base(e: Expr) -> Expr:
    # `./a.b` would be one path and `1.a` a float: only these read back unparenthesized.
    if isinstance(e, Var | Str | AttrSet | List):
        return e
    return Paren(expr=e)


def select_chain(e: Select) -> tuple[Expr, tuple[AttrKey, ...], Expr | None]:
    """``(a.b).c`` is ``a.b.c``: merge nested selections without a default."""
    base, path = e.expr, e.path
    while isinstance(base, Select) and base.default is None:
        path = base.path + path
        base = base.expr
    return _select_base(base), path, e.default


def call_chain(e: Call) -> tuple[Expr, list[Expr]]:
    """``(f a) b`` is ``f a b``."""
    func, args = e.func, list(e.args)
    while isinstance(func, Call):
        args = [*func.args, *args]
        func = func.func
    return sub(func, APPLY), [sub(a, SELECT) for a in args]


def comment_lines(text: str) -> list[str]:
    """``# …`` lines for ``text``; CR and LF both end a Nix comment, so each starts a new one."""
    check_text(text, "comment")
    return [f"# {line}".rstrip() for line in _LINE_BREAKS.split(text)]


def norm_parts(parts: tuple[str | Interp, ...]) -> list[str | Interp]:
    """String parts with adjacent texts merged and empty texts dropped."""
    out: list[str | Interp] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += part
                continue
        out.append(part)
    return out


def is_multiline_str(e: Expr) -> bool:
    """Whether ``e`` prints as a ``''…''`` string: indented was asked for and it spans lines."""
    return (
        isinstance(e, Str) and e.indented and any(isinstance(p, str) and "\n" in p for p in e.parts)
    )


class OneLine:
    """Renders nodes on one line, memoized per node (the tree is alive during a render)."""

    def __init__(self) -> None:
        self._flat: dict[int, str | None] = {}
        self._names: dict[str, str] = {}
        self._calls: dict[int, tuple[Expr, list[Expr]]] = {}

    def flat(self, e: Expr) -> str | None:
        """``e`` on one line, or None when it must break whatever the width."""
        found = self._flat.get(id(e), _MISSING)
        if found is not _MISSING:
            return cast("str | None", found)
        if type(e) is Paren:  # made on the fly: not memoized (its id may be reused)
            inner = self.flat(e.expr)
            return None if inner is None else f"({inner})"
        text = self._flat_uncached(e)
        self._flat[id(e)] = text
        return text

    def _flat_uncached(self, e: Expr) -> str | None:
        method = _FLAT.get(type(e))
        if method is None:
            raise TypeError(f"not a Nix expression node: {e!r}")
        return method(self, e)

    def _flat_null(self, e: Null) -> str | None:
        return "null"

    def _flat_bool(self, e: Bool) -> str | None:
        return "true" if e.value else "false"

    def _flat_int(self, e: Int) -> str | None:
        return int_text(e.value)

    def _flat_float(self, e: Float) -> str | None:
        return float_text(e.value)

    def _flat_path(self, e: Path) -> str | None:
        return path_text(e.value)

    def _flat_var(self, e: Var) -> str | None:
        return self.var_name(e.name)

    def _flat_select(self, e: Select) -> str | None:
        base, path, default = select_chain(e)
        text = join([self.flat(base), self.flat_path(path)], ".")
        if text is None or default is None:
            return text
        return join([text, self.flat(sub(default, SELECT))], " or ")

    def _flat_has_attr(self, e: HasAttr) -> str | None:
        return join([self.flat(sub(e.expr, NEGATE)), self.flat_path(e.path)], " ? ")

    def _flat_list(self, e: List) -> str | None:
        if not e.items:
            return "[ ]"
        if any(isinstance(item, Commented) for item in e.items):
            return None
        items = join([self.flat(sub(item, SELECT)) for item in e.items], " ")
        return None if items is None else f"[ {items} ]"

    def _flat_lambda(self, e: Lambda) -> str | None:
        if isinstance(e.param, str):
            param: str | None = self.param_name(e.param)
        else:
            param = self.flat_pattern(e.param)
        return join([param, self.flat(e.body)], ": ")

    def _flat_call(self, e: Call) -> str | None:
        func, args = self.call_chain(e)
        return join([self.flat(func), *(self.flat(a) for a in args)], " ")

    def call_chain(self, e: Call) -> tuple[Expr, list[Expr]]:
        """:func:`call_chain`, once per call node (both layouts ask for it, several times)."""
        found = self._calls.get(id(e))
        if found is None:
            found = call_chain(e)
            self._calls[id(e)] = found
        return found

    def _flat_never(self, e: Expr) -> str | None:
        return None

    def _flat_with(self, e: With) -> str | None:
        text = join([self.flat(e.env), self.flat(e.body)], "; ")
        return None if text is None else f"with {text}"

    def _flat_if(self, e: If) -> str | None:
        if isinstance(e.else_, If):  # else-if chains always break (RFC 166)
            return None
        cond, then, else_ = self.flat(e.cond), self.flat(e.then), self.flat(e.else_)
        if cond is None or then is None or else_ is None:
            return None
        return f"if {cond} then {then} else {else_}"

    def _flat_assert(self, e: Assert) -> str | None:
        text = join([self.flat(e.cond), self.flat(e.body)], "; ")
        return None if text is None else f"assert {text}"

    def _flat_binop(self, e: BinOp) -> str | None:
        out: list[str] = []
        for operator, operand in self._chain(e):
            text = self.flat(operand)
            if text is None:
                return None
            out.append(text if operator is None else f"{operator} {text}")
        return " ".join(out)

    def _flat_unary(self, e: UnaryOp) -> str | None:
        operand = self.flat(self.unary_operand(e))
        return None if operand is None else f"{e.op}{operand}"

    def flat_str(self, e: Str) -> str | None:
        first = e.parts[0] if len(e.parts) == 1 else None
        if type(first) is str and _PLAIN_TEXT.fullmatch(first):
            return f'"{first}"'  # most strings: nothing to escape, no line to break
        if is_multiline_str(e):
            return None
        parts = norm_parts(e.parts)
        out = ['"']
        for index, part in enumerate(parts):
            if isinstance(part, Interp):
                inner = self.flat(part.expr)
                if inner is None:
                    return None
                out.append("${" + inner + "}")
            else:
                before = index + 1 < len(parts)
                out.append(double_quoted(part, before_interp=before))
        out.append('"')
        return "".join(out)

    def flat_attrs(self, e: AttrSet) -> str | None:
        if len(e.entries) > 1:
            return None
        head = "rec { " if e.rec else "{ "
        if not e.entries:
            return head + "}"
        entry = self.flat_entry(e.entries[0], in_let=False)
        return None if entry is None else f"{head}{entry} }}"

    def flat_entry(self, entry: Entry, *, in_let: bool) -> str | None:
        if entry.comment is not None:
            return None
        if isinstance(entry, Inherit):
            source = "" if entry.source is None else self.flat(entry.source)
            if source is None:
                return None
            names = "".join(" " + self.attr_name(n) for n in entry.names)
            return f"inherit ({source}){names};" if entry.source else f"inherit{names};"
        if isinstance(entry.value, AttrSet) and entry.value.entries:
            return None  # an attribute set as a binding's value is always expanded
        path = self.binding_path(entry, in_let=in_let)
        value = self.flat(entry.value)
        return None if path is None or value is None else f"{path} = {value};"

    def flat_pattern(self, p: Pattern) -> str | None:
        items = self.pattern_items(p)
        text = join(items, ", ")
        if text is None:
            return None
        return self.bind_pattern(p, f"{{ {text} }}" if items else "{ }")

    # ------------------------------------------------------------------ names

    def var_name(self, name: str) -> str:
        if not is_identifier(name):
            raise Unsupported(f"not a Nix identifier, cannot be a variable: {name!r}")
        return name

    def param_name(self, name: str) -> str:
        if not is_identifier(name):
            raise Unsupported(f"not a Nix identifier, cannot be a function argument: {name!r}")
        return name

    def attr_name(self, name: str) -> str:
        shown = self._names.get(name)
        if shown is None:
            shown = (
                name
                if is_identifier(name)
                else '"' + double_quoted(name, before_interp=False) + '"'
            )
            self._names[name] = shown
        return shown

    def key(self, k: AttrKey) -> str | None:
        if isinstance(k, str):
            return self.attr_name(k)
        if isinstance(k.expr, Str):
            # An interpolated name is written as a quoted string, never as ''…''.
            return self.flat_str(dataclasses.replace(k.expr, indented=False))
        inner = self.flat(k.expr)
        return None if inner is None else "${" + inner + "}"

    def flat_path(self, path: tuple[AttrKey, ...]) -> str | None:
        if len(path) == 1 and type(path[0]) is str:  # most bindings: one plain name
            return self.attr_name(path[0])
        return join([self.key(k) for k in path], ".")

    def binding_path(self, entry: Binding, *, in_let: bool) -> str | None:
        if in_let and any(isinstance(k, Interp) for k in entry.path):
            raise Unsupported("a `let` binding cannot have a ${…} name")
        if not entry.path:
            raise Unsupported("a binding needs at least one attribute name")
        return self.flat_path(entry.path)

    def pattern_items(self, p: Pattern) -> list[str | None]:
        seen: set[str] = set()
        items: list[str | None] = []
        for formal in p.formals:
            name = self.param_name(formal.name)
            if name in seen or name == p.bind:
                raise Unsupported(f"function argument {name!r} appears twice in a pattern")
            seen.add(name)
            if formal.default is None:
                items.append(name)
            else:
                default = self.flat(formal.default)
                items.append(None if default is None else f"{name} ? {default}")
        if p.ellipsis:
            items.append("...")
        return items

    def bind_pattern(self, p: Pattern, body: str) -> str:
        if p.bind is None:
            return body
        name = self.param_name(p.bind)
        return f"{body}@{name}" if p.bind_after else f"{name}@{body}"

    # ------------------------------------------------------------------ children

    def binop_operands(self, e: BinOp) -> tuple[Expr, Expr]:
        level, assoc = BINARY[e.op]
        left = sub(e.left, level if assoc == "left" else level + 1)
        right = sub(e.right, level if assoc == "right" else level + 1)
        return left, right

    def unary_operand(self, e: UnaryOp) -> Expr:
        # `!` reads a whole `+`/`*`/`++`/`?` expression (`!a + b` is `!(a + b)`);
        # `-` binds tighter than everything but application and selection.
        return sub(e.operand, NOT if e.op == "!" else APPLY)

    def _chain(self, e: BinOp) -> list[tuple[str | None, Expr]]:
        """Operands of a run of operators printed without parentheses, left to right.

        Like nixfmt, a left operand with the same or tighter precedence joins
        the run (``a + b - c``, ``a && b || c``), and so does the right operand
        of a right-associative operator when it is the same operator
        (``a // b // c``). Iterative, so that a run of thousands of ``++`` or
        ``&&`` (one per conditional dependency) cannot exhaust Python's stack.
        """
        spine = [e]
        while True:
            left, _right = self.binop_operands(spine[-1])
            if not (isinstance(left, BinOp) and BINARY[left.op][0] >= BINARY[spine[-1].op][0]):
                break
            spine.append(left)
        items: list[tuple[str | None, Expr]] = [(None, self.binop_operands(spine[-1])[0])]
        for node in reversed(spine):
            _left, right = self.binop_operands(node)
            while (
                isinstance(right, BinOp) and right.op == node.op and BINARY[node.op][1] == "right"
            ):
                inner_left, right = self.binop_operands(right)
                items.append((node.op, inner_left))
            items.append((node.op, right))
        return items


def join(texts: list[str | None], sep: str) -> str | None:
    """``texts`` joined by ``sep``, or None when any of them cannot be flat."""
    if None in texts:
        return None
    return sep.join(cast("list[str]", texts))


_FLAT: dict[type[Expr], Callable[[OneLine, Any], str | None]] = {
    Null: OneLine._flat_null,
    Bool: OneLine._flat_bool,
    Int: OneLine._flat_int,
    Float: OneLine._flat_float,
    Path: OneLine._flat_path,
    Var: OneLine._flat_var,
    Str: OneLine.flat_str,
    Select: OneLine._flat_select,
    HasAttr: OneLine._flat_has_attr,
    AttrSet: OneLine.flat_attrs,
    List: OneLine._flat_list,
    Lambda: OneLine._flat_lambda,
    Call: OneLine._flat_call,
    Let: OneLine._flat_never,
    Commented: OneLine._flat_never,
    With: OneLine._flat_with,
    If: OneLine._flat_if,
    Assert: OneLine._flat_assert,
    BinOp: OneLine._flat_binop,
    UnaryOp: OneLine._flat_unary,
}
