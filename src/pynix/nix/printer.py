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
  ``dependencies = [``, ``withPackages (``, ``src = {`` … ``}.${target};``);
  other long values move to the next line, indented. Function patterns
  that break get one argument per line with trailing commas, as nixfmt
  writes them.
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
from collections.abc import Callable
from typing import Any

from pynix._gc import paused_gc
from pynix.errors import Unsupported
from pynix.nix._escape import double_quoted, indented_lines, is_identifier
from pynix.nix._oneline import (
    NEGATE,
    SELECT,
    OneLine,
    Paren,
    comment_lines,
    is_multiline_str,
    join,
    norm_parts,
    select_chain,
    sub,
)
from pynix.nix.syntax import (
    Assert,
    AttrKey,
    AttrSet,
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


def render(expr: Expr, *, width: int = WIDTH) -> str:
    """The Nix source of ``expr``, ending with a newline.

    Raises :class:`pynix.errors.Unsupported` for what Nix cannot represent
    (see the module docstring).

    >>> from pynix.nix.syntax import s
    >>> render(s("a ${b}"))
    '"a \\\\${b}"\\n'
    """
    with paused_gc():  # the printer's memos are large and acyclic: see pynix._gc
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
    text = OneLine().flat(expr)
    if text is None:
        raise Unsupported("this Nix expression cannot be written on a single line")
    return text


# Values printed as they are, on the binding's line, whether they fit or not (a multi-line
# ''…'' string has no flat text and is laid out like any block).
_UNBREAKABLE = frozenset({Str, Path, Var, Int, Float, Bool, Null})


def _pad(indent: int) -> str:
    return " " * indent


def _opens_block(e: Expr) -> bool:
    """Whether a broken ``e`` starts with an opening token and may follow other text."""
    return isinstance(e, AttrSet | List | Paren) or is_multiline_str(e)


def _lambda_block(e: Expr) -> bool:
    """``x: {`` / ``x: [``: a lambda over identifiers whose body opens a block."""
    if not isinstance(e, Lambda):
        return False
    params, body = _simple_params(e)
    return bool(params) and (isinstance(body, AttrSet | List) or is_multiline_str(body))


def _simple_params(e: Lambda) -> tuple[list[str], Expr]:
    params: list[str] = []
    body: Expr = e
    while isinstance(body, Lambda) and isinstance(body.param, str):
        params.append(body.param)
        body = body.body
    return params, body


class _Printer(OneLine):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def fits(self, col: int, text: str, trail: int) -> bool:
        return col + len(text) + trail <= self.width

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
        lines = comment_lines(e.comment)
        return sep.join(lines) + sep + self.fmt(e.expr, indent, indent, trail)

    def _broken_select(self, e: Select, indent: int, col: int, trail: int) -> str:
        base, path, default = select_chain(e)
        text = self.fmt(base, indent, col, 0) + "." + self.broken_path(path, indent)
        if default is None:
            return text
        column = _last_column(text, col) + 4
        return f"{text} or " + self.fmt(sub(default, SELECT), indent, column, trail)

    def _broken_has_attr(self, e: HasAttr, indent: int, col: int, trail: int) -> str:
        operand = self.fmt(sub(e.expr, NEGATE), indent, col, 0)
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
                lines.extend(pad + c for c in comment_lines(inner.comment))
                inner = inner.expr
            lines.append(pad + self.fmt(sub(inner, SELECT), indent + 2, indent + 2, 0))
        lines.append(_pad(indent) + "]")
        return "\n".join(lines)

    def broken_str(self, e: Str, indent: int, col: int, trail: int = 0) -> str:
        parts = norm_parts(e.parts)
        if is_multiline_str(e):
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

    def broken_paren(self, e: Paren, indent: int, col: int, trail: int) -> str:
        inner = e.expr
        if _opens_block(inner) or self.call_absorbs(inner, col + 1) or _lambda_block(inner):
            return "(" + self.fmt(inner, indent, col + 1, trail + 1) + ")"
        body = self.fmt(inner, indent + 2, indent + 2, 0)
        return f"(\n{_pad(indent + 2)}{body}\n{_pad(indent)})"

    def broken_call(self, e: Call, indent: int, col: int, trail: int) -> str:
        func, args = self.call_chain(e)
        head = self.flat(func)
        if head is None:
            out = self.fmt(func, indent, col, 0)
            rest = args
        else:
            last = args[-1] if args else None
            init = join([head, *(self.flat(a) for a in args[:-1])], " ")
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
        if isinstance(body, AttrSet | List) or is_multiline_str(body):
            return self.fmt(body, indent, col, trail)
        if isinstance(body, With):
            env = self.flat(body.env)
            inner = body.body
            if env is not None and (isinstance(inner, AttrSet | List) or is_multiline_str(inner)):
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
        func, args = self.call_chain(e)
        head = join([self.flat(func), *(self.flat(a) for a in args[:-1])], " ")
        if head is None or not _opens_block(args[-1]):
            return False
        return self.fits(col, head + " ", 1)

    # ------------------------------------------------------------------ bindings

    def entry(self, entry: Entry, indent: int, *, in_let: bool) -> str:
        """One binding or ``inherit`` on its own line(s), starting with its indentation."""
        pad = _pad(indent)
        lines = [] if entry.comment is None else [pad + c for c in comment_lines(entry.comment)]
        if isinstance(entry, Inherit):
            lines.append(self.inherit(entry, indent))
            return "\n".join(lines)
        path = self.binding_path(entry, in_let=in_let)
        if path is None:
            path = self.broken_path(entry.path, indent)
            col = _last_column(path, indent) + 3
        else:
            col = indent + len(path) + 3  # a flat path is one line
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
        if text is not None and type(value) in _UNBREAKABLE:
            return " " + text  # fits or not: nothing to gain from moving it down
        expand = isinstance(value, AttrSet) and bool(value.entries)
        if text is not None and not expand and self.fits(col, text, 1):
            return " " + text
        absorbed = self.absorb_rhs(value, indent, col)
        if absorbed is not None:
            return " " + absorbed
        return f"\n{_pad(indent + 2)}" + self.fmt(value, indent + 2, indent + 2, 1)

    def absorb_rhs(self, value: Expr, indent: int, col: int) -> str | None:
        """A binding's broken value starting on the binding's line, or ``None`` to move it down."""
        if isinstance(value, AttrSet):
            return self.broken_attrs(value, indent)
        absorbed = self.absorb_body(value, indent, col, 1)
        if absorbed is not None:
            return absorbed
        if isinstance(value, Call) and self.call_absorbs(value, col):
            absorbed = self.broken_call(value, indent, col, 1)
        elif isinstance(value, Select) and _opens_block(select_chain(value)[0]):
            # `src = {` … `}.${target};`: a lookup in a literal set or list opens its block here.
            absorbed = self._broken_select(value, indent, col, 1)
        elif isinstance(value, Lambda):
            absorbed = self._absorb_lambda(value, indent, col)
        elif isinstance(value, BinOp):
            absorbed = self._absorb_binop(value, indent, col)
        return absorbed

    def _absorb_lambda(self, value: Lambda, indent: int, col: int) -> str | None:
        params, body = _simple_params(value)
        if 0 < len(params) <= 2:
            head = ": ".join(self.param_name(p) for p in params) + ": "
            inner = self.absorb_body(body, indent, col + len(head), 1)
            if inner is not None and "\n" in inner:
                return head + inner
        return None

    def _absorb_binop(self, value: BinOp, indent: int, col: int) -> str | None:
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


_BROKEN: dict[type[Expr], Callable[[_Printer, Any, int, int, int], str]] = {
    AttrSet: _Printer.broken_attrs,
    List: _Printer.broken_list,
    Str: _Printer.broken_str,
    Paren: _Printer.broken_paren,
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
