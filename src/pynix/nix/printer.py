"""Print a :mod:`pynix.nix.syntax` tree as Nix source, in one deterministic layout.

The layout follows the standard Nix format of RFC 166 (what ``nixfmt``
writes), simplified where generated code never needs the rest:

* 2-space indentation; a list, function application or pattern that fits in
  100 columns stays on one line (``[ a b ]``, ``f x y``,
  ``{ lib, fetchurl }:``); otherwise one element per line.
* An attribute set stays on one line only with at most one entry and when
  it is not the value of a binding (``{ }``, ``fetchurl { url = "…"; }``);
  ``let`` is always multi-line.
* A multi-line value that opens with a bracket, brace, ``''`` or ``(``
  starts on the line of what precedes it (``src = fetchurl {``,
  ``dependencies = [``, ``withPackages (``); other long values move to the
  next line, indented. Function patterns that break get one argument per
  line with trailing commas, as nixfmt writes them.
* Operator chains that break put each operator at the start of a line.

Parentheses come from Nix's operator precedence (``parser.y``): the printer
adds them exactly where the tree would otherwise read back differently, plus
around negative numbers used as arguments and around path literals before
``.``.

All escaping lives here and in :mod:`pynix.nix._escape`: string text,
attribute names that are not identifiers (``"zope.interface"``, ``"if"``),
path literals (validated), numbers and comment text. What Nix cannot
represent raises :class:`pynix.errors.Unsupported`: a NUL in a string or
comment, a path literal Nix would not read back, a variable that is not an
identifier, a float that is not finite, an integer beyond 64 bits, a
``${…}`` name in a ``let``, a repeated pattern argument.

>>> from pynix.nix.syntax import attrs, call, lam, list_, pattern, select, var
>>> tree = lam(
...     pattern(["python3"]),
...     call(var("python3.withPackages"), lam("ps", list_([select(var("ps"), "zope.interface")]))),
... )
>>> print(render(tree), end="")
{ python3 }: python3.withPackages (ps: [ ps."zope.interface" ])
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from pynix.errors import Unsupported
from pynix.nix._escape import (
    check_text,
    double_quoted,
    float_text,
    indented_lines,
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

__all__ = ["WIDTH", "is_identifier", "render", "render_line"]

WIDTH = 100
"""The line width the layout aims for (long strings may still pass it)."""

# Binding strength, tightest first (Nix manual, "Operators"; parser.y).
_ATOM = 100
_SELECT = 90
_APPLY = 80
_NEGATE = 70
_HAS_ATTR = 60
_NOT = 40
_LOWEST = 0
_BINARY: dict[str, tuple[int, str]] = {
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
    Select: _SELECT,
    HasAttr: _HAS_ATTR,
    Call: _APPLY,
    Lambda: _LOWEST,
    Let: _LOWEST,
    With: _LOWEST,
    If: _LOWEST,
    Assert: _LOWEST,
}
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def render(expr: Expr, *, width: int = WIDTH) -> str:
    """The Nix source of ``expr``, ending with a newline.

    Raises :class:`pynix.errors.Unsupported` for what Nix cannot represent
    (see the module docstring).

    >>> from pynix.nix.syntax import s
    >>> render(s("a ${b}"))
    '"a \\\\${b}"\\n'
    """
    return _Printer(width).fmt(expr, 0, 0, 0) + "\n"


def render_line(expr: Expr) -> str:
    """``expr`` on a single line without a trailing newline (for a shebang or a message).

    Raises :class:`pynix.errors.Unsupported` when it cannot be on one line
    (a comment, a ``let``, a multi-line ``''`` string, an attribute set with
    several entries).

    >>> from pynix.nix.syntax import call, lam, list_, var
    >>> render_line(call(var("python3.withPackages"), lam("ps", list_([var("ps.numpy")]))))
    'python3.withPackages (ps: [ ps.numpy ])'
    """
    text = _Printer(WIDTH).flat(expr)
    if text is None:
        raise Unsupported("this Nix expression cannot be written on a single line")
    return text


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class _Paren(Expr):
    """Parentheses the printer adds around a child; never part of a caller's tree."""

    expr: Expr


def _level(e: Expr) -> int:
    if isinstance(e, Int | Float):
        negative = e.value < 0 or str(e.value).startswith("-")  # -0.0 too
        return _NEGATE if negative else _ATOM
    if isinstance(e, UnaryOp):
        return _NEGATE if e.op == "-" else _NOT
    if isinstance(e, BinOp):
        return _BINARY[e.op][0]
    if isinstance(e, Commented):
        return _level(e.expr)
    return _LEVELS.get(type(e), _ATOM)


def _sub(e: Expr, level: int) -> Expr:
    """``e`` as a child that must bind at least as tightly as ``level``."""
    return e if _level(e) >= level else _Paren(expr=e)


def _select_base(e: Expr) -> Expr:
    # `./a.b` would be one path and `1.a` a float: only these read back unparenthesized.
    if isinstance(e, Var | Str | AttrSet | List):
        return e
    return _Paren(expr=e)


def _select_chain(e: Select) -> tuple[Expr, tuple[AttrKey, ...], Expr | None]:
    """``(a.b).c`` is ``a.b.c``: merge nested selections without a default."""
    base, path = e.expr, e.path
    while isinstance(base, Select) and base.default is None:
        path = base.path + path
        base = base.expr
    return _select_base(base), path, e.default


def _call_chain(e: Call) -> tuple[Expr, list[Expr]]:
    """``(f a) b`` is ``f a b``."""
    func, args = e.func, list(e.args)
    while isinstance(func, Call):
        args = [*func.args, *args]
        func = func.func
    return _sub(func, _APPLY), [_sub(a, _SELECT) for a in args]


def _pad(indent: int) -> str:
    return " " * indent


def _comment_lines(text: str) -> list[str]:
    check_text(text, "comment")
    return [f"# {line}".rstrip() for line in _LINE_BREAKS.split(text)]


def _norm_parts(parts: tuple[str | Interp, ...]) -> list[str | Interp]:
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


def _is_multiline_str(e: Expr) -> bool:
    return (
        isinstance(e, Str) and e.indented and any(isinstance(p, str) and "\n" in p for p in e.parts)
    )


def _opens_block(e: Expr) -> bool:
    """Whether a broken ``e`` starts with an opening token and may follow other text."""
    return isinstance(e, AttrSet | List | _Paren) or _is_multiline_str(e)


def _lambda_block(e: Expr) -> bool:
    """``x: {`` / ``x: [``: a lambda over identifiers whose body opens a block."""
    if not isinstance(e, Lambda):
        return False
    params, body = _simple_params(e)
    return bool(params) and (isinstance(body, AttrSet | List) or _is_multiline_str(body))


def _simple_params(e: Lambda) -> tuple[list[str], Expr]:
    params: list[str] = []
    body: Expr = e
    while isinstance(body, Lambda) and isinstance(body.param, str):
        params.append(body.param)
        body = body.body
    return params, body


class _Printer:
    def __init__(self, width: int) -> None:
        self.width = width
        self._flat: dict[int, str | None] = {}

    def fits(self, col: int, text: str, trail: int) -> bool:
        return col + len(text) + trail <= self.width

    # ------------------------------------------------------------------ one line

    def flat(self, e: Expr) -> str | None:
        """``e`` on one line, or None when it must break whatever the width."""
        if isinstance(e, _Paren):  # made on the fly: not memoized (its id may be reused)
            inner = self.flat(e.expr)
            return None if inner is None else f"({inner})"
        key = id(e)
        if key not in self._flat:
            self._flat[key] = self._flat_uncached(e)
        return self._flat[key]

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
        base, path, default = _select_chain(e)
        text = _join([self.flat(base), self.flat_path(path)], ".")
        if text is None or default is None:
            return text
        return _join([text, self.flat(_sub(default, _SELECT))], " or ")

    def _flat_has_attr(self, e: HasAttr) -> str | None:
        return _join([self.flat(_sub(e.expr, _NEGATE)), self.flat_path(e.path)], " ? ")

    def _flat_list(self, e: List) -> str | None:
        if not e.items:
            return "[ ]"
        if any(isinstance(item, Commented) for item in e.items):
            return None
        items = _join([self.flat(_sub(item, _SELECT)) for item in e.items], " ")
        return None if items is None else f"[ {items} ]"

    def _flat_lambda(self, e: Lambda) -> str | None:
        if isinstance(e.param, str):
            param: str | None = self.param_name(e.param)
        else:
            param = self.flat_pattern(e.param)
        return _join([param, self.flat(e.body)], ": ")

    def _flat_call(self, e: Call) -> str | None:
        func, args = _call_chain(e)
        return _join([self.flat(func), *(self.flat(a) for a in args)], " ")

    def _flat_never(self, e: Expr) -> str | None:
        return None

    def _flat_with(self, e: With) -> str | None:
        text = _join([self.flat(e.env), self.flat(e.body)], "; ")
        return None if text is None else f"with {text}"

    def _flat_if(self, e: If) -> str | None:
        if isinstance(e.else_, If):  # else-if chains always break (RFC 166)
            return None
        cond, then, else_ = self.flat(e.cond), self.flat(e.then), self.flat(e.else_)
        if cond is None or then is None or else_ is None:
            return None
        return f"if {cond} then {then} else {else_}"

    def _flat_assert(self, e: Assert) -> str | None:
        text = _join([self.flat(e.cond), self.flat(e.body)], "; ")
        return None if text is None else f"assert {text}"

    def _flat_binop(self, e: BinOp) -> str | None:
        left, right = self.binop_operands(e)
        return _join([self.flat(left), self.flat(right)], f" {e.op} ")

    def _flat_unary(self, e: UnaryOp) -> str | None:
        operand = self.flat(self.unary_operand(e))
        return None if operand is None else f"{e.op}{operand}"

    def flat_str(self, e: Str) -> str | None:
        if _is_multiline_str(e):
            return None
        parts = _norm_parts(e.parts)
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
        text = _join(items, ", ")
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
        return name if is_identifier(name) else '"' + double_quoted(name, before_interp=False) + '"'

    def key(self, k: AttrKey) -> str | None:
        if isinstance(k, str):
            return self.attr_name(k)
        if isinstance(k.expr, Str):
            # An interpolated name is written as a quoted string, never as ''…''.
            return self.flat_str(dataclasses.replace(k.expr, indented=False))
        inner = self.flat(k.expr)
        return None if inner is None else "${" + inner + "}"

    def flat_path(self, path: tuple[AttrKey, ...]) -> str | None:
        return _join([self.key(k) for k in path], ".")

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
        level, assoc = _BINARY[e.op]
        left = _sub(e.left, level if assoc == "left" else level + 1)
        right = _sub(e.right, level if assoc == "right" else level + 1)
        return left, right

    def unary_operand(self, e: UnaryOp) -> Expr:
        # `!` reads a whole `+`/`*`/`++`/`?` expression (`!a + b` is `!(a + b)`);
        # `-` binds tighter than everything but application and selection.
        return _sub(e.operand, _NOT if e.op == "!" else _APPLY)

    # ------------------------------------------------------------------ layout

    def fmt(self, e: Expr, indent: int, col: int, trail: int) -> str:
        """``e`` starting at column ``col`` of a line indented by ``indent``.

        ``trail`` is the width of what follows on the last line (``;``, ``)``).
        """
        text = self.flat(e)
        if text is not None and self.fits(col, text, trail):
            return text
        return self.broken(e, indent, col, trail)

    def broken(self, e: Expr, indent: int, col: int, trail: int) -> str:
        method = _BROKEN.get(type(e))
        if method is not None:
            return method(self, e, indent, col, trail)
        # Leaves are always flat; reaching here means a flat text that is just long.
        text = self.flat(e)
        assert text is not None, e
        return text

    def _broken_with(self, e: With, indent: int, col: int, trail: int) -> str:
        env = self.fmt(e.env, indent, col + 5, 1)
        return f"with {env};\n{_pad(indent)}" + self.fmt(e.body, indent, indent, trail)

    def _broken_assert(self, e: Assert, indent: int, col: int, trail: int) -> str:
        cond = self.fmt(e.cond, indent, col + 7, 1)
        return f"assert {cond};\n{_pad(indent)}" + self.fmt(e.body, indent, indent, trail)

    def _broken_unary(self, e: UnaryOp, indent: int, col: int, trail: int) -> str:
        return e.op + self.fmt(self.unary_operand(e), indent, col + 1, trail)

    def _broken_commented(self, e: Commented, indent: int, col: int, trail: int) -> str:
        sep = "\n" + _pad(indent)
        lines = _comment_lines(e.comment)
        return sep.join(lines) + sep + self.fmt(e.expr, indent, indent, trail)

    def _broken_select(self, e: Select, indent: int, col: int, trail: int) -> str:
        base, path, default = _select_chain(e)
        text = self.fmt(base, indent, col, 0) + "." + self.broken_path(path, indent)
        if default is None:
            return text
        column = _last_column(text, col) + 4
        return f"{text} or " + self.fmt(_sub(default, _SELECT), indent, column, trail)

    def _broken_has_attr(self, e: HasAttr, indent: int, col: int, trail: int) -> str:
        operand = self.fmt(_sub(e.expr, _NEGATE), indent, col, 0)
        return f"{operand} ? " + self.broken_path(e.path, indent)

    def broken_path(self, path: tuple[AttrKey, ...], indent: int) -> str:
        out: list[str] = []
        for k in path:
            text = self.key(k)
            if text is None:
                assert isinstance(k, Interp)
                text = "${" + self.fmt(k.expr, indent, indent, 1) + "}"
            out.append(text)
        return ".".join(out)

    def broken_attrs(self, e: AttrSet, indent: int, col: int = 0, trail: int = 0) -> str:
        if not e.entries:
            return "rec { }" if e.rec else "{ }"
        lines = ["rec {" if e.rec else "{"]
        lines.extend(self.entry(entry, indent + 2, in_let=False) for entry in e.entries)
        lines.append(_pad(indent) + "}")
        return "\n".join(lines)

    def broken_list(self, e: List, indent: int, col: int = 0, trail: int = 0) -> str:
        if not e.items:
            return "[ ]"
        pad = _pad(indent + 2)
        lines = ["["]
        for item in e.items:
            inner = item
            while isinstance(inner, Commented):
                lines.extend(pad + c for c in _comment_lines(inner.comment))
                inner = inner.expr
            lines.append(pad + self.fmt(_sub(inner, _SELECT), indent + 2, indent + 2, 0))
        lines.append(_pad(indent) + "]")
        return "\n".join(lines)

    def broken_str(self, e: Str, indent: int, col: int, trail: int = 0) -> str:
        parts = _norm_parts(e.parts)
        if _is_multiline_str(e):
            pad = _pad(indent + 2)
            lines = indented_lines(
                parts, pad, lambda i: "${" + self.fmt(i.expr, indent + 2, indent + 2, 1) + "}"
            )
            if lines[-1] == "":
                lines[-1] = _pad(indent)
            return "''\n" + "\n".join(lines) + "''"
        # A "…" string whose interpolation does not fit on one line.
        out = ['"']
        column = col + 1
        for index, part in enumerate(parts):
            if isinstance(part, Interp):
                text = "${" + self.fmt(part.expr, indent, column + 2, 1) + "}"
            else:
                text = double_quoted(part, before_interp=index + 1 < len(parts))
            out.append(text)
            column = _last_column(text, column)
        out.append('"')
        return "".join(out)

    def broken_paren(self, e: _Paren, indent: int, col: int, trail: int) -> str:
        inner = e.expr
        if _opens_block(inner) or self.call_absorbs(inner, col + 1) or _lambda_block(inner):
            return "(" + self.fmt(inner, indent, col + 1, trail + 1) + ")"
        body = self.fmt(inner, indent + 2, indent + 2, 0)
        return f"(\n{_pad(indent + 2)}{body}\n{_pad(indent)})"

    def broken_call(self, e: Call, indent: int, col: int, trail: int) -> str:
        func, args = _call_chain(e)
        head = self.flat(func)
        if head is None:
            out = self.fmt(func, indent, col, 0)
            rest = args
        else:
            last = args[-1] if args else None
            init = _join([head, *(self.flat(a) for a in args[:-1])], " ")
            if last is not None and _opens_block(last) and init is not None:
                prefix = init + " "
                if self.fits(col, prefix, 1):
                    return prefix + self.fmt(last, indent, col + len(prefix), trail)
            # As many arguments as fit stay on the first line; the rest get a line each.
            out, column, taken = head, col + len(head), 0
            for index, arg in enumerate(args):
                text = self.flat(arg)
                end = trail if index == len(args) - 1 else 0
                if text is None or not self.fits(column + 1, text, end):
                    break
                out += " " + text
                column += 1 + len(text)
                taken += 1
            rest = args[taken:]
        pad = _pad(indent + 2)
        for index, arg in enumerate(rest):
            end = trail if index == len(rest) - 1 else 0
            out += "\n" + pad + self.fmt(arg, indent + 2, indent + 2, end)
        return out

    def broken_lambda(self, e: Lambda, indent: int, col: int, trail: int) -> str:
        params, body = _simple_params(e)
        if params:
            head = ": ".join(self.param_name(p) for p in params) + ":"
            absorbed = self.absorb_body(body, indent, col + len(head) + 1, trail)
            if absorbed is not None:
                return f"{head} {absorbed}"
            return f"{head}\n{_pad(indent)}" + self.fmt(body, indent, indent, trail)
        assert isinstance(e.param, Pattern)
        head = self.pattern(e.param, indent, col) + ":"
        flat_body = self.flat(e.body)
        single = "\n" not in head and flat_body is not None
        if single and flat_body is not None and self.fits(col + len(head) + 1, flat_body, trail):
            return f"{head} {flat_body}"
        return f"{head}\n{_pad(indent)}" + self.fmt(e.body, indent, indent, trail)

    def absorb_body(self, body: Expr, indent: int, col: int, trail: int) -> str | None:
        """``body`` starting on the current line, if that is the layout for it."""
        text = self.flat(body)
        if text is not None and self.fits(col, text, trail):
            return text
        if isinstance(body, AttrSet | List) or _is_multiline_str(body):
            return self.fmt(body, indent, col, trail)
        if isinstance(body, With):
            env = self.flat(body.env)
            inner = body.body
            if env is not None and (isinstance(inner, AttrSet | List) or _is_multiline_str(inner)):
                prefix = f"with {env}; "
                if self.fits(col, prefix, 1):
                    return prefix + self.fmt(inner, indent, col + len(prefix), trail)
        return None

    def pattern(self, p: Pattern, indent: int, col: int) -> str:
        text = self.flat_pattern(p)
        if text is not None and self.fits(col, text, 1):
            return text
        pad = _pad(indent + 2)
        lines = ["{"]
        for formal in p.formals:
            name = self.param_name(formal.name)
            if formal.default is None:
                lines.append(f"{pad}{name},")
            else:
                start = indent + 2 + len(name) + 3
                default = self.fmt(formal.default, indent + 2, start, 1)
                lines.append(f"{pad}{name} ? {default},")
        if p.ellipsis:
            lines.append(f"{pad}...")
        lines.append(_pad(indent) + "}")
        return self.bind_pattern(p, "\n".join(lines))

    def broken_let(self, e: Let, indent: int, col: int, trail: int) -> str:
        lines = ["let"]
        lines.extend(self.entry(entry, indent + 2, in_let=True) for entry in e.entries)
        lines.append(_pad(indent) + "in")
        lines.append(_pad(indent) + self.fmt(e.body, indent, indent, trail))
        return "\n".join(lines)

    def broken_if(self, e: If, indent: int, col: int, trail: int) -> str:
        pad, inner = _pad(indent), _pad(indent + 2)
        out = ""
        keyword, column = "if", col
        node: Expr = e
        while isinstance(node, If):
            cond = self.flat(node.cond)
            if cond is not None and self.fits(column + len(keyword) + 1, cond, 5):
                out += f"{keyword} {cond} then"
            else:
                body = self.fmt(node.cond, indent + 2, indent + 2, 0)
                out += f"{keyword}\n{inner}{body}\n{pad}then"
            out += f"\n{inner}" + self.fmt(node.then, indent + 2, indent + 2, 0)
            out += f"\n{pad}"
            keyword, column = "else if", indent
            node = node.else_
        return out + f"else\n{inner}" + self.fmt(node, indent + 2, indent + 2, trail)

    def _chain(self, e: BinOp) -> list[tuple[str | None, Expr]]:
        """Operands of a run of operators printed without parentheses, left to right.

        Like nixfmt, a left operand with the same or tighter precedence joins
        the run (``a + b - c``, ``a && b || c``), and so does the right operand
        of a right-associative operator when it is the same operator
        (``a // b // c``).
        """
        level, _assoc = _BINARY[e.op]
        left, right = self.binop_operands(e)
        if isinstance(left, BinOp) and _BINARY[left.op][0] >= level:
            items = self._chain(left)
        else:
            items = [(None, left)]
        node: Expr = right
        while isinstance(node, BinOp) and node.op == e.op and _BINARY[e.op][1] == "right":
            inner_left, node = self.binop_operands(node)
            items.append((e.op, inner_left))
        items.append((e.op, node))
        return items

    def broken_binop(self, e: BinOp, indent: int, col: int, trail: int) -> str:
        items = self._chain(e)
        pad, inner = _pad(indent), _pad(indent + 2)
        out = self.fmt(items[0][1], indent, col, 0)
        for index, (operator, operand) in enumerate(items[1:], start=1):
            assert operator is not None
            end = trail if index == len(items) - 1 else 0
            text = self.flat(operand)
            column = indent + len(operator) + 1
            if text is not None and self.fits(column, text, end):
                out += f"\n{pad}{operator} {text}"
            elif _opens_block(operand) or self.call_absorbs(operand, column):
                out += f"\n{pad}{operator} " + self.fmt(operand, indent, column, end)
            else:
                body = self.fmt(operand, indent + 2, indent + 2, end)
                out += f"\n{pad}{operator}\n{inner}{body}"
        return out

    def call_absorbs(self, e: Expr, col: int) -> bool:
        """Whether ``e`` is a call that would keep its head on this line and open a block."""
        if not isinstance(e, Call):
            return False
        func, args = _call_chain(e)
        head = _join([self.flat(func), *(self.flat(a) for a in args[:-1])], " ")
        if head is None or not _opens_block(args[-1]):
            return False
        return self.fits(col, head + " ", 1)

    # ------------------------------------------------------------------ bindings

    def entry(self, entry: Entry, indent: int, *, in_let: bool) -> str:
        """One binding or ``inherit`` on its own line(s), starting with its indentation."""
        pad = _pad(indent)
        lines = [] if entry.comment is None else [pad + c for c in _comment_lines(entry.comment)]
        if isinstance(entry, Inherit):
            lines.append(self.inherit(entry, indent))
            return "\n".join(lines)
        path = self.binding_path(entry, in_let=in_let)
        if path is None:
            path = self.broken_path(entry.path, indent)
        col = _last_column(path, indent) + 3
        lines.append(f"{pad}{path} =" + self.rhs(entry.value, indent, col) + ";")
        return "\n".join(lines)

    def inherit(self, entry: Inherit, indent: int) -> str:
        pad = _pad(indent)
        text = self.flat_entry(dataclasses.replace(entry, comment=None), in_let=False)
        if text is not None and self.fits(indent, text, 0):
            return pad + text
        names = [self.attr_name(n) for n in entry.names]
        inner = _pad(indent + 2)
        if entry.source is None:
            head = f"{pad}inherit"
        else:
            source = self.flat(entry.source)
            if source is not None and self.fits(indent + 10, source, 1):
                head = f"{pad}inherit ({source})"
            else:
                head = f"{pad}inherit\n{inner}(" + self.fmt(entry.source, indent + 2, indent + 3, 1)
                head += ")"
        return head + "".join(f"\n{inner}{n}" for n in names) + f"\n{pad};"

    def rhs(self, value: Expr, indent: int, col: int) -> str:
        """The value of a binding, with its leading space or line break (``;`` follows)."""
        text = self.flat(value)
        expand = isinstance(value, AttrSet) and bool(value.entries)
        if text is not None and not expand and self.fits(col, text, 1):
            return " " + text
        absorbed = self.absorb_rhs(value, indent, col)
        if absorbed is not None:
            return " " + absorbed
        if text is not None and isinstance(value, Str | Path | Var | Int | Float | Bool | Null):
            return " " + text  # nothing to gain from moving an unbreakable value down
        return f"\n{_pad(indent + 2)}" + self.fmt(value, indent + 2, indent + 2, 1)

    def absorb_rhs(self, value: Expr, indent: int, col: int) -> str | None:
        if isinstance(value, AttrSet):
            return self.broken_attrs(value, indent)
        absorbed = self.absorb_body(value, indent, col, 1)
        if absorbed is not None:
            return absorbed
        if isinstance(value, Call) and self.call_absorbs(value, col):
            return self.broken_call(value, indent, col, 1)
        if isinstance(value, Lambda):
            params, body = _simple_params(value)
            if 0 < len(params) <= 2:
                head = ": ".join(self.param_name(p) for p in params) + ": "
                inner = self.absorb_body(body, indent, col + len(head), 1)
                if inner is not None and "\n" in inner:
                    return head + inner
        if isinstance(value, BinOp):
            # `foo = a // {` … `};`: every operand but the last fits on the first line.
            items = self._chain(value)
            texts = [self.flat(operand) for _, operand in items[:-1]]
            last = items[-1][1]
            if all(t is not None for t in texts) and _opens_block(last):
                prefix = texts[0] or ""
                for (operator, _), t in zip(items[1:-1], texts[1:], strict=True):
                    prefix += f" {operator} {t}"
                prefix += f" {items[-1][0]} "
                if self.fits(col, prefix, 1):
                    return prefix + self.fmt(last, indent, col + len(prefix), 1)
        return None


def _last_column(text: str, col: int) -> int:
    """The column after ``text`` when it is written starting at ``col``."""
    newline = text.rfind("\n")
    return col + len(text) if newline < 0 else len(text) - newline - 1


def _join(texts: list[str | None], sep: str) -> str | None:
    """``texts`` joined by ``sep``, or None when any of them cannot be flat."""
    if any(t is None for t in texts):
        return None
    return sep.join(t for t in texts if t is not None)


_FLAT: dict[type[Expr], Callable[[_Printer, Any], str | None]] = {
    Null: _Printer._flat_null,
    Bool: _Printer._flat_bool,
    Int: _Printer._flat_int,
    Float: _Printer._flat_float,
    Path: _Printer._flat_path,
    Var: _Printer._flat_var,
    Str: _Printer.flat_str,
    Select: _Printer._flat_select,
    HasAttr: _Printer._flat_has_attr,
    AttrSet: _Printer.flat_attrs,
    List: _Printer._flat_list,
    Lambda: _Printer._flat_lambda,
    Call: _Printer._flat_call,
    Let: _Printer._flat_never,
    Commented: _Printer._flat_never,
    With: _Printer._flat_with,
    If: _Printer._flat_if,
    Assert: _Printer._flat_assert,
    BinOp: _Printer._flat_binop,
    UnaryOp: _Printer._flat_unary,
}
_BROKEN: dict[type[Expr], Callable[[_Printer, Any, int, int, int], str]] = {
    AttrSet: _Printer.broken_attrs,
    List: _Printer.broken_list,
    Str: _Printer.broken_str,
    _Paren: _Printer.broken_paren,
    Call: _Printer.broken_call,
    Lambda: _Printer.broken_lambda,
    Let: _Printer.broken_let,
    With: _Printer._broken_with,
    Assert: _Printer._broken_assert,
    If: _Printer.broken_if,
    BinOp: _Printer.broken_binop,
    UnaryOp: _Printer._broken_unary,
    Commented: _Printer._broken_commented,
    Select: _Printer._broken_select,
    HasAttr: _Printer._broken_has_attr,
}
