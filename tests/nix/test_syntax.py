"""The syntax tree and its constructors build exactly the nodes they promise."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

import pytest

import pynix.nix
from pynix.nix import (
    Assert,
    AttrKey,
    AttrSet,
    BinaryOperator,
    Binding,
    BinOp,
    Bool,
    Call,
    Commented,
    Entry,
    Expr,
    Float,
    Formal,
    HasAttr,
    If,
    Inherit,
    Int,
    Interp,
    Lambda,
    Let,
    List,
    Null,
    Pattern,
    Select,
    Str,
    UnaryOp,
    Value,
    Var,
    With,
    assert_,
    attrs,
    bind,
    call,
    comment,
    has_attr,
    if_,
    inherit,
    lam,
    let_,
    list_,
    lit,
    not_,
    op,
    pattern,
    s,
    select,
    var,
    with_,
)
from pynix.nix._oneline import BINARY

A, B, C = Var(name="a"), Var(name="b"), Var(name="c")

# (id, Python value, node)
LITERALS: list[tuple[str, Value, Expr]] = [
    ("none", None, Null()),
    ("true", True, Bool(value=True)),
    ("false", False, Bool(value=False)),
    ("int", 3, Int(value=3)),
    ("float", 2.5, Float(value=2.5)),
    ("str", "x", Str(parts=("x",))),
    ("empty-str", "", Str(parts=("",))),
    ("list", [1, "a"], List(items=(Int(value=1), Str(parts=("a",))))),
    ("tuple", (None,), List(items=(Null(),))),
    (
        "mapping",
        {"b": 1, "a": [True]},
        AttrSet(
            entries=(
                Binding(path=("b",), value=Int(value=1)),
                Binding(path=("a",), value=List(items=(Bool(value=True),))),
            )
        ),
    ),
    ("node", A, A),
]


@pytest.mark.parametrize(("value", "node"), [c[1:] for c in LITERALS], ids=[c[0] for c in LITERALS])
def test_lit(value: Value, node: Expr) -> None:
    assert lit(value) == node


# (id, built, expected)
CONSTRUCTORS: list[tuple[str, object, object]] = [
    (
        "s-parts",
        s("a", A, Interp(expr=B), "c"),
        Str(parts=("a", Interp(expr=A), Interp(expr=B), "c")),
    ),
    ("s-indented", s("a\n", indented=True), Str(parts=("a\n",), indented=True)),
    ("var", var("a"), A),
    (
        "var-dotted",
        var("python3.pkgs.requests"),
        Select(expr=Var(name="python3"), path=("pkgs", "requests")),
    ),
    ("select-names-whole", select(A, "zope.interface"), Select(expr=A, path=("zope.interface",))),
    ("select-dynamic", select(A, B), Select(expr=A, path=(Interp(expr=B),))),
    ("select-default", select(A, "x", default=[]), Select(expr=A, path=("x",), default=List())),
    ("has-attr", has_attr(A, "x", B), HasAttr(expr=A, path=("x", Interp(expr=B)))),
    ("bind-name", bind("a.b", 1), Binding(path=("a.b",), value=Int(value=1))),
    ("bind-path", bind(("a", "b"), "v"), Binding(path=("a", "b"), value=Str(parts=("v",)))),
    ("bind-interp", bind(Interp(expr=A), 1), Binding(path=(Interp(expr=A),), value=Int(value=1))),
    ("bind-expr-key", bind([A, "x"], 1), Binding(path=(Interp(expr=A), "x"), value=Int(value=1))),
    (
        "bind-comment",
        bind("a", 1, comment="c"),
        Binding(path=("a",), value=Int(value=1), comment="c"),
    ),
    ("inherit", inherit("a", "b"), Inherit(names=("a", "b"))),
    (
        "inherit-from",
        inherit("a", source=B, comment="c"),
        Inherit(names=("a",), source=B, comment="c"),
    ),
    (
        "attrs-rec",
        attrs([inherit("a")], rec=True),
        AttrSet(entries=(Inherit(names=("a",)),), rec=True),
    ),
    ("attrs-empty", attrs(), AttrSet()),
    ("list", list_([A, "x"]), List(items=(A, Str(parts=("x",))))),
    ("list-empty", list_(), List()),
    (
        "pattern",
        pattern(["a", ("b", 1), Formal(name="c")], ellipsis=True, bind="args", bind_after=True),
        Pattern(
            formals=(Formal(name="a"), Formal(name="b", default=Int(value=1)), Formal(name="c")),
            ellipsis=True,
            bind="args",
            bind_after=True,
        ),
    ),
    ("lam", lam("x", [A]), Lambda(param="x", body=List(items=(A,)))),
    ("call", call(A, B, "s", 1), Call(func=A, args=(B, Str(parts=("s",)), Int(value=1)))),
    ("let", let_({"x": 1}, A), Let(entries=(Binding(path=("x",), value=Int(value=1)),), body=A)),
    ("with", with_(A, B), With(env=A, body=B)),
    ("if", if_(A, 1, None), If(cond=A, then=Int(value=1), else_=Null())),
    ("assert", assert_(A, B), Assert(cond=A, body=B)),
    ("not", not_(A), UnaryOp(op="!", operand=A)),
    ("comment", comment("c", 1), Commented(comment="c", expr=Int(value=1))),
    ("op-two", op("+", A, 1), BinOp(op="+", left=A, right=Int(value=1))),
    (
        "op-left-fold",
        op("-", A, B, C),
        BinOp(op="-", left=BinOp(op="-", left=A, right=B), right=C),
    ),
    (
        "op-right-fold",
        op("//", A, B, C),
        BinOp(op="//", left=A, right=BinOp(op="//", left=B, right=C)),
    ),
    (
        "op-implication",
        op("->", A, B, C),
        BinOp(op="->", left=A, right=BinOp(op="->", left=B, right=C)),
    ),
]


@pytest.mark.parametrize(
    ("built", "expected"), [c[1:] for c in CONSTRUCTORS], ids=[c[0] for c in CONSTRUCTORS]
)
def test_constructors(built: object, expected: object) -> None:
    assert built == expected


def test_nodes_are_frozen_values() -> None:
    node = attrs({"a": [1, 2]})
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.rec = True  # type: ignore[misc]
    assert hash(node) == hash(attrs({"a": [1, 2]}))
    with pytest.raises(TypeError):
        Var("a")  # type: ignore[call-arg]  # keyword-only


def test_type_aliases() -> None:
    # The printer knows the precedence of every operator the tree can hold.
    assert set(typing.get_args(BinaryOperator)) == set(BINARY)
    assert typing.get_args(AttrKey) == (str, Interp)
    assert typing.get_args(Entry) == (Binding, Inherit)


def test_every_public_name_is_exercised() -> None:
    # Each name pynix.nix exports appears in the tests of this package.
    here = Path(__file__).resolve().parent
    sources = [*here.glob("test_*.py"), here.parent / "property" / "test_nix_strings.py"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    missing = [n for n in pynix.nix.__all__ if not re.search(rf"\b{re.escape(n)}\b", text)]
    assert missing == []
