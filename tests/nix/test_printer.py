"""The printer: layout, parentheses, escaping and refusals, checked against the real Nix.

Golden files live in ``tests/golden/printer/<case>.nix`` (trees in
``tests/nix/_golden.py``); ``PYNIX_UPDATE_GOLDEN=1`` rewrites them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pynix.errors import Unsupported
from pynix.nix import (
    WIDTH,
    AttrSet,
    BinOp,
    Call,
    Commented,
    Expr,
    Float,
    HasAttr,
    If,
    Int,
    Interp,
    Lambda,
    Let,
    Select,
    Str,
    UnaryOp,
    Var,
    assert_,
    attrs,
    bind,
    call,
    comment,
    has_attr,
    if_,
    inherit,
    is_identifier,
    lam,
    let_,
    list_,
    lit,
    not_,
    op,
    pattern,
    render,
    render_line,
    s,
    select,
    var,
    with_,
)
from pynix.nix import Path as NixPath
from tests.nix._golden import CASES, UNICODE
from tests.support.nix import nix_eval, nix_eval_file, nix_parse

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "printer"
STANDIN = Path(__file__).resolve().parent.parent / "support" / "nixpkgs"
UPDATE_GOLDEN = os.environ.get("PYNIX_UPDATE_GOLDEN") == "1"

A, B, C, D, F = var("a"), var("b"), var("c"), var("d"), var("f")

# (id, tree, printed text without the final newline)
LAYOUT = [
    ("empty-set", attrs(), "{ }"),
    ("empty-rec-set", attrs(rec=True), "rec { }"),
    ("empty-list", list_(), "[ ]"),
    ("one-entry-set", attrs({"a": 1}), "{ a = 1; }"),
    ("two-entry-set", attrs({"a": 1, "b": 2}), "{\n  a = 1;\n  b = 2;\n}"),
    ("nested-set-expands", attrs({"a": {"b": 1}}), "{\n  a = {\n    b = 1;\n  };\n}"),
    ("empty-nested-set", attrs({"a": {}}), "{ a = { }; }"),
    ("list-fits", list_([A, B, "c", 1, None, True]), '[ a b "c" 1 null true ]'),
    ("nested-path", attrs([bind(("a", "b", "c"), 1)]), "{ a.b.c = 1; }"),
    ("quoted-names", attrs({"zope.interface": 1}), '{ "zope.interface" = 1; }'),
    ("keyword-name", attrs({"inherit": 1}), '{ "inherit" = 1; }'),
    ("empty-name", attrs({"": 1}), '{ "" = 1; }'),
    ("dynamic-name", attrs([bind(Interp(expr=A), 1)]), "{ ${a} = 1; }"),
    ("interpolated-name", attrs([bind(Interp(expr=s(A, "-x")), 1)]), '{ "${a}-x" = 1; }'),
    ("inherit", attrs([inherit("a", "b")]), "{ inherit a b; }"),
    ("inherit-from", attrs([inherit("a", "if", source=var("x.y"))]), '{ inherit (x.y) a "if"; }'),
    ("select", select(var("ps"), "zope.interface", "x-y"), 'ps."zope.interface".x-y'),
    ("select-dynamic", select(A, B, s("c")), 'a.${b}."c"'),
    ("select-default", select(A, "b", default=list_()), "a.b or [ ]"),
    ("select-chain", select(var("a.b"), "c"), "a.b.c"),
    ("has-attr", has_attr(A, "b", "c d"), 'a ? b."c d"'),
    ("call", call(F, A, "s", 1), 'f a "s" 1'),
    ("call-chain", Call(func=call(F, A), args=(B,)), "f a b"),
    ("lambda", lam("x", lam("y", A)), "x: y: a"),
    ("pattern", lam(pattern(["a", ("b", 1)], ellipsis=True), A), "{ a, b ? 1, ... }: a"),
    ("pattern-empty", lam(pattern(), A), "{ }: a"),
    ("pattern-ellipsis-only", lam(pattern(ellipsis=True), A), "{ ... }: a"),
    ("pattern-bind-before", lam(pattern(["a"], bind="args"), A), "args@{ a }: a"),
    ("pattern-bind-after", lam(pattern(["a"], bind="args", bind_after=True), A), "{ a }@args: a"),
    ("let", let_({"x": 1}, var("x")), "let\n  x = 1;\nin\nx"),
    ("let-empty", let_({}, A), "let\nin\na"),
    ("with", with_(var("lib"), list_([A])), "with lib; [ a ]"),
    ("if", if_(A, 1, 2), "if a then 1 else 2"),
    ("assert", assert_(A, B), "assert a; b"),
    (
        "paths",
        list_([NixPath(value=v) for v in ("./.", "../x.nix", "/abs", "~/h", "<nixpkgs>")]),
        "[ ./. ../x.nix /abs ~/h <nixpkgs> ]",
    ),
    ("floats", list_([1.5, 2.0, 1e16, 1e-7, 0.1]), "[ 1.5 2.0 1.0e+16 1.0e-07 0.1 ]"),
    ("negative-numbers", list_([-1, -2.5]), "[ (-1) (-2.5) ]"),
    ("comment-top", comment("hello\nworld", A), "# hello\n# world\na"),
    ("comment-binding", attrs([bind("a", 1, comment="c")]), "{\n  # c\n  a = 1;\n}"),
    ("comment-inherit", attrs([inherit("a", comment="c")]), "{\n  # c\n  inherit a;\n}"),
    ("comment-item", list_([comment("c", A), B]), "[\n  # c\n  a\n  b\n]"),
    ("comment-empty-line", comment("a\n\nb  ", A), "# a\n#\n# b\na"),
    ("comment-in-value", attrs([bind("a", comment("c", 1))]), "{\n  a =\n    # c\n    1;\n}"),
    ("comment-argument", call(F, comment("c", A)), "f\n  # c\n  a"),
    ("comment-operand", op("+", comment("c", A), B), "# c\na\n+ b"),
    (
        "absorb-call-set",
        attrs({"src": call(var("fetchurl"), {"url": "u", "hash": "h"})}),
        '{\n  src = fetchurl {\n    url = "u";\n    hash = "h";\n  };\n}',
    ),
    (
        "absorb-lambda-in-paren",
        call(var("python3.withPackages"), lam("ps", list_([var("ps.a")]))),
        "python3.withPackages (ps: [ ps.a ])",
    ),
    (
        "with-absorbed-in-binding",
        attrs({"meta": with_(var("lib"), attrs({"a": 1, "b": 2}))}),
        "{\n  meta = with lib; {\n    a = 1;\n    b = 2;\n  };\n}",
    ),
    (
        "lambda-absorbed-in-binding",
        attrs({"f": lam("x", lam("y", attrs({"a": var("x"), "b": var("y")})))}),
        "{\n  f = x: y: {\n    a = x;\n    b = y;\n  };\n}",
    ),
    (
        "pattern-lambda-in-binding",
        attrs({"f": lam(pattern(["x"]), attrs({"a": var("x"), "b": 2}))}),
        "{\n  f =\n    { x }:\n    {\n      a = x;\n      b = 2;\n    };\n}",
    ),
    (
        "update-compact-in-binding",
        attrs({"m": op("//", var("old.meta"), attrs({"a": 1, "b": 2}))}),
        "{\n  m = old.meta // {\n    a = 1;\n    b = 2;\n  };\n}",
    ),
    (
        "let-in-binding",
        attrs({"v": let_({"x": 1}, var("x"))}),
        "{\n  v =\n    let\n      x = 1;\n    in\n    x;\n}",
    ),
    (
        "if-else-if",
        if_(A, 1, if_(B, 2, 3)),
        "if a then\n  1\nelse if b then\n  2\nelse\n  3",
    ),
    (
        "set-in-list",
        list_([attrs({"a": 1}), attrs({"a": 1, "b": 2})]),
        "[\n  { a = 1; }\n  {\n    a = 1;\n    b = 2;\n  }\n]",
    ),
]

# (id, tree, width, printed text without the final newline): breaking at a small width.
NARROW = [
    (
        "list",
        list_([var("alpha"), var("beta"), var("gamma")]),
        16,
        "[\n  alpha\n  beta\n  gamma\n]",
    ),
    ("list-fits-exactly", list_([var("alpha"), var("beta")]), 16, "[ alpha beta ]"),
    (
        "call-absorbs-last",
        call(var("fetchurl"), {"url": "https://x"}),
        20,
        'fetchurl {\n  url = "https://x";\n}',
    ),
    (
        "call-expanded",
        call(F, var("alpha"), var("beta"), var("gamma"), var("delta")),
        20,
        "f alpha beta gamma\n  delta",
    ),
    (
        "call-expanded-block-middle",
        call(F, attrs({"a": 1, "b": 2}), var("z")),
        20,
        "f\n  {\n    a = 1;\n    b = 2;\n  }\n  z",
    ),
    (
        "pattern-breaks",
        lam(pattern(["alpha", ("beta", 1)], ellipsis=True, bind="args"), A),
        20,
        "args@{\n  alpha,\n  beta ? 1,\n  ...\n}:\na",
    ),
    (
        "pattern-bind-after-breaks",
        lam(pattern(["alpha", "beta"], bind="args", bind_after=True), A),
        20,
        "{\n  alpha,\n  beta,\n}@args:\na",
    ),
    (
        "operator-chain",
        op("++", var("alpha"), var("beta"), list_([var("gamma"), var("delta")])),
        20,
        "alpha\n++ beta\n++ [ gamma delta ]",
    ),
    (
        "operator-chain-block",
        op("//", var("alpha"), var("beta"), attrs({"gamma": 1, "delta": 2})),
        20,
        "alpha\n// beta\n// {\n  gamma = 1;\n  delta = 2;\n}",
    ),
    (
        "operator-operand-paren",
        op("&&", var("alpha"), op("||", var("beta"), var("gamma"))),
        12,
        "alpha\n&& (\n  beta\n  || gamma\n)",
    ),
    (
        "operator-operand-indented",
        op("||", var("alpha"), op("&&", var("beta"), var("gamma"))),
        12,
        "alpha\n||\n  beta\n  && gamma",
    ),
    (
        "binding-moves-down-2",
        attrs([bind("value", call(var("fn"), var("alpha"), var("beta"))), bind("x", 1)]),
        20,
        "{\n  value =\n    fn alpha beta;\n  x = 1;\n}",
    ),
    (
        "binding-long-string-stays",
        attrs({"a": "a long string that cannot break", "b": 1}),
        20,
        '{\n  a = "a long string that cannot break";\n  b = 1;\n}',
    ),
    (
        "inherit-breaks",
        attrs([inherit("alpha", "beta", source=var("pkgs")), bind("x", 1)]),
        24,
        "{\n  inherit (pkgs)\n    alpha\n    beta\n  ;\n  x = 1;\n}",
    ),
    (
        "if-condition-breaks",
        if_(op("&&", var("alpha"), var("beta")), 1, 2),
        14,
        "if\n  alpha\n  && beta\nthen\n  1\nelse\n  2",
    ),
    (
        "with-body-next-line",
        with_(var("lib"), call(var("optional"), var("alpha"), var("beta"))),
        20,
        "with lib;\noptional alpha beta",
    ),
    (
        "paren-breaks",
        call(F, op("+", var("alpha"), var("beta"))),
        12,
        "f (\n  alpha\n  + beta\n)",
    ),
]


@pytest.mark.parametrize(("tree", "text"), [c[1:] for c in LAYOUT], ids=[c[0] for c in LAYOUT])
def test_layout(tree: Expr, text: str) -> None:
    assert render(tree) == text + "\n"


@pytest.mark.parametrize(
    ("tree", "width", "text"), [c[1:] for c in NARROW], ids=[c[0] for c in NARROW]
)
def test_layout_breaks_past_the_width(tree: Expr, width: int, text: str) -> None:
    assert render(tree, width=width) == text + "\n"


@pytest.mark.nix
def test_layout_vectors_parse(tmp_path: Path) -> None:
    # Every layout above is valid Nix: one file holding all of them.
    items = [tree for _, tree, _ in LAYOUT] + [tree for _, tree, _, _ in NARROW]
    path = tmp_path / "layouts.nix"
    path.write_text("with { };\n" + render(list_(items)))
    assert nix_parse(path).startswith("(with { }; [ ")


def test_default_width_is_100() -> None:
    names = [f"p{i:02d}" for i in range(23)]  # "[ p00 … p22 ]" is 4 + 23 * 4 = 96 columns
    assert WIDTH == 100
    assert "\n" not in render(list_([var(n) for n in names])).rstrip("\n")
    assert render(attrs({"a": list_([var(n) for n in names])})).count("\n") == 27


# (id, tree, printed text, Nix that must parse to the same structure)
PRECEDENCE = [
    ("mul-of-sum", op("*", op("+", A, B), C), "(a + b) * c", "(a + b) * c"),
    ("sum-of-mul", op("+", A, op("*", B, C)), "a + b * c", "a + (b * c)"),
    ("sub-left", op("-", A, B, C), "a - b - c", "(a - b) - c"),
    ("sub-right", op("-", A, op("-", B, C)), "a - (b - c)", "a - (b - c)"),
    ("concat-left", op("++", op("++", A, B), C), "(a ++ b) ++ c", "(a ++ b) ++ c"),
    ("concat-right", op("++", A, B, C), "a ++ b ++ c", "a ++ (b ++ c)"),
    ("update-right", op("//", A, B, C), "a // b // c", "a // (b // c)"),
    ("impl-right", op("->", A, B, C), "a -> b -> c", "a -> (b -> c)"),
    ("impl-left", op("->", op("->", A, B), C), "(a -> b) -> c", "(a -> b) -> c"),
    ("eq-nonassoc", op("==", op("==", A, B), C), "(a == b) == c", "(a == b) == c"),
    ("lt-nonassoc", op("<", op("<", A, B), C), "(a < b) < c", "(a < b) < c"),
    ("lt-in-eq", op("==", op("<", A, B), C), "a < b == c", "(a < b) == c"),
    ("and-or", op("||", op("&&", A, B), C), "a && b || c", "(a && b) || c"),
    ("or-and", op("&&", op("||", A, B), C), "(a || b) && c", "(a || b) && c"),
    ("update-concat", op("//", op("++", A, B), C), "a ++ b // c", "(a ++ b) // c"),
    ("not-and", not_(op("&&", A, B)), "!(a && b)", "!(a && b)"),
    ("not-plus", not_(op("+", A, B)), "!a + b", "!(a + b)"),
    ("not-update", not_(op("//", A, B)), "!(a // b)", "!(a // b)"),
    ("not-left-of-plus", op("+", not_(A), B), "(!a) + b", "(!a) + b"),
    ("not-right-of-plus", op("+", A, not_(B)), "a + (!b)", "a + (!b)"),
    ("not-left-of-eq", op("==", not_(A), B), "!a == b", "(!a) == b"),
    ("not-not", not_(not_(A)), "!!a", "!(!a)"),
    ("neg-app", UnaryOp(op="-", operand=call(F, A)), "-f a", "-(f a)"),
    ("neg-has", UnaryOp(op="-", operand=has_attr(A, "b")), "-(a ? b)", "-(a ? b)"),
    ("neg-neg", UnaryOp(op="-", operand=UnaryOp(op="-", operand=A)), "-(-a)", "-(-a)"),
    ("neg-literal-arg", call(F, Int(value=-1)), "f (-1)", "f (-1)"),
    ("minus-negative", op("-", A, Int(value=-1)), "a - -1", "a - (-1)"),
    ("has-of-neg", has_attr(UnaryOp(op="-", operand=A), "b"), "-a ? b", "(-a) ? b"),
    ("has-of-has", has_attr(has_attr(A, "b"), "c"), "(a ? b) ? c", "(a ? b) ? c"),
    ("has-in-concat", op("++", has_attr(A, "b"), C), "a ? b ++ c", "(a ? b) ++ c"),
    ("app-of-app-arg", call(F, call(F, A)), "f (f a)", "f (f a)"),
    ("app-select-arg", call(F, var("a.b")), "f a.b", "f (a.b)"),
    ("select-of-app", select(call(F, A), "b"), "(f a).b", "(f a).b"),
    ("select-of-select-or", select(select(A, "b", default=C), "d"), "(a.b or c).d", "(a.b or c).d"),
    ("select-or-app", select(A, "b", default=call(F, C)), "a.b or (f c)", "a.b or (f c)"),
    ("select-of-path", select(NixPath(value="./x"), "b"), "(./x).b", "(./x).b"),
    ("select-of-int", select(Int(value=1), "b"), "(1).b", "(1).b"),
    ("select-of-float", select(Float(value=1.5), "b"), "(1.5).b", "(1.5).b"),
    ("app-of-lambda", call(lam("x", A), B), "(x: a) b", "(x: a) b"),
    ("lambda-arg", call(F, lam("x", A)), "f (x: a)", "f (x: a)"),
    ("lambda-operand", op("+", lam("x", A), B), "(x: a) + b", "(x: a) + b"),
    (
        "if-operand",
        op("+", A, if_(A, B, C)),
        "a + (if a then b else c)",
        "a + (if a then b else c)",
    ),
    (
        "let-arg",
        call(F, let_({"x": 1}, var("x"))),
        "f (\n  let\n    x = 1;\n  in\n  x\n)",
        "f (let x = 1; in x)",
    ),
    ("with-in-list", list_([with_(A, B)]), "[ (with a; b) ]", "[ (with a; b) ]"),
    ("assert-in-app", call(F, assert_(A, B)), "f (assert a; b)", "f (assert a; b)"),
    (
        "list-items",
        list_([call(F, A), var("a.b"), op("+", A, B)]),
        "[ (f a) a.b (a + b) ]",
        "[ (f a) (a.b) (a + b) ]",
    ),
    ("lambda-body-op", lam("x", op("+", A, B)), "x: a + b", "x: (a + b)"),
    (
        "or-default-list",
        op("++", select(A, "b", default=list_()), C),
        "a.b or [ ] ++ c",
        "(a.b or [ ]) ++ c",
    ),
]


@pytest.mark.parametrize(
    ("tree", "text"), [c[1:3] for c in PRECEDENCE], ids=[c[0] for c in PRECEDENCE]
)
def test_parentheses(tree: Expr, text: str) -> None:
    assert render(tree) == text + "\n"


@pytest.mark.nix
@pytest.mark.parametrize(
    ("tree", "reference"), [(c[1], c[3]) for c in PRECEDENCE], ids=[c[0] for c in PRECEDENCE]
)
def test_parentheses_parse_like_the_reference(tree: Expr, reference: str, tmp_path: Path) -> None:
    printed, expected = tmp_path / "printed.nix", tmp_path / "reference.nix"
    printed.write_text("with { }; " + render(tree))
    expected.write_text(f"with {{ }}; {reference}\n")
    assert nix_parse(printed) == nix_parse(expected)


def _reference(e: Expr) -> str:  # noqa: PLR0911 - one return per node type
    """A second printer that parenthesizes everything: the meaning the tree must keep."""
    if isinstance(e, Var):
        return e.name
    if isinstance(e, Int):
        return f"({e.value})"
    if isinstance(e, BinOp):
        return f"({_reference(e.left)} {e.op} {_reference(e.right)})"
    if isinstance(e, UnaryOp):
        return f"({e.op}{_reference(e.operand)})"
    if isinstance(e, Call):
        return "(" + " ".join(_reference(x) for x in (e.func, *e.args)) + ")"
    if isinstance(e, Select):
        base, path = e.expr, list(e.path)
        while isinstance(base, Select) and base.default is None:
            path = [*base.path, *path]
            base = base.expr
        text = f"({_reference(base)}).{'.'.join(str(p) for p in path)}"
        return f"({text})" if e.default is None else f"({text} or {_reference(e.default)})"
    if isinstance(e, HasAttr):
        return f"({_reference(e.expr)} ? {'.'.join(str(p) for p in e.path)})"
    if isinstance(e, Lambda):
        return f"({e.param}: {_reference(e.body)})"
    assert isinstance(e, If)
    return f"(if {_reference(e.cond)} then {_reference(e.then)} else {_reference(e.else_)})"


_OPERATORS = ["//", "++", "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "->"]
_ATOMS = st.sampled_from([A, B, C]) | st.integers(-2, 2).map(lambda v: Int(value=v))


def _compound(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        st.builds(
            lambda o, left, right: BinOp(op=o, left=left, right=right),
            st.sampled_from(_OPERATORS),
            children,
            children,
        ),
        st.builds(lambda o, x: UnaryOp(op=o, operand=x), st.sampled_from(["!", "-"]), children),
        st.builds(
            lambda f, args: Call(func=f, args=tuple(args)),
            children,
            st.lists(children, min_size=1, max_size=2),
        ),
        st.builds(
            lambda x, d: Select(expr=x, path=("p",), default=d), children, st.none() | children
        ),
        st.builds(lambda x: HasAttr(expr=x, path=("q",)), children),
        st.builds(lambda body: Lambda(param="x", body=body), children),
        st.builds(lambda c, t, e: If(cond=c, then=t, else_=e), children, children, children),
    )


@pytest.mark.nix
@settings(max_examples=8)
@given(trees=st.lists(st.recursive(_ATOMS, _compound, max_leaves=10), min_size=40, max_size=40))
def test_any_operator_tree_reads_back_the_same(
    trees: list[Expr], tmp_path_factory: pytest.TempPathFactory
) -> None:
    directory = tmp_path_factory.mktemp("precedence")
    printed, reference = directory / "printed.nix", directory / "reference.nix"
    printed.write_text("with { };\n" + render(list_(trees)))
    reference.write_text("with { }; [ " + " ".join(_reference(t) for t in trees) + " ]\n")
    assert nix_parse(printed) == nix_parse(reference)


# (id, text, as a "…" string, as a ''…'' string): the exact spelling of escapes.
ESCAPES = [
    ("plain", "a\nb", '"a\\nb"', "''\n  a\n  b''"),
    ("quote-backslash", 'x"\\\ny', '"x\\"\\\\\\ny"', "''\n  x\"\\\n  y''"),
    ("dollar-brace", "${x}\n", '"\\${x}\\n"', "''\n  ''${x}\n''"),
    ("double-dollar", "$${x}\n", '"$\\${x}\\n"', "''\n  $''${x}\n''"),
    ("lone-dollars", "$ $\n$", '"$ $\\n$"', "''\n  $ $\n  $''"),
    ("two-quotes", "''\n", "\"''\\n\"", "''\n  '''\n''"),
    ("three-quotes", "'''\n", "\"'''\\n\"", "''\n  ''''\n''"),
    ("quote-at-end", "a\nb'", '"a\\nb\'"', "''\n  a\n  b''\\'''"),
    ("quote-before-escape", "'${\n", '"\'\\${\\n"', "''\n  ''\\'''${\n''"),
    ("escape-like", "''\\n\n", "\"''\\\\n\\n\"", "''\n  '''\\n\n''"),
    ("tab-cr", "\t\r\n", '"\\t\\r\\n"', "''\n  \t''\\r\n''"),
    ("indented-all", " a\n  b\n", '" a\\n  b\\n"', "''\n  ''\\ a\n    b\n''"),
    ("indented-first-empty", "\n a\n", '"\\n a\\n"', "''\n\n  ''\\ a\n''"),
    ("spaces-line", "a\n  \nb", '"a\\n  \\nb"', "''\n  a\n    \n  b''"),
    ("trailing-spaces", "a\n  ", '"a\\n  "', "''\n  a\n  ''\\  ''"),
    ("only-spaces", "  \n  ", '"  \\n  "', "''\n  ''\\  \n  ''\\  ''"),
    ("only-newlines", "\n\n", '"\\n\\n"', "''\n\n\n''"),
    (
        "unicode",
        "\u00e9 \u2603\n\U0001d518",
        '"\u00e9 \u2603\\n\U0001d518"',
        "''\n  \u00e9 \u2603\n  \U0001d518''",
    ),
]


@pytest.mark.parametrize(
    ("text", "quoted", "indented"), [c[1:] for c in ESCAPES], ids=[c[0] for c in ESCAPES]
)
def test_string_escapes(text: str, quoted: str, indented: str) -> None:
    assert render_line(s(text)) == quoted
    assert render(s(text, indented=True)) == indented + "\n"


@pytest.mark.nix
def test_string_escapes_read_back() -> None:
    texts = [c[1] for c in ESCAPES]
    trees = [s(t, indented=indented) for t in texts for indented in (False, True)]
    assert nix_eval(render(list_(trees))) == [t for t in texts for _ in (False, True)]


@pytest.mark.nix
def test_interpolation_next_to_dollars_and_quotes() -> None:
    x = var("x")
    trees = [
        s("$", x),
        s("$", x, "$"),
        s("'", x, "'"),
        s("''", x),
        s("a\n$", x, "\n$"),
        s("a\n'", x, "'\n", indented=True),
        s("a\n$", x, "$\n", indented=True),
        s("  ", x, "\n    b", indented=True),
        s(x, "\n", indented=True),
    ]
    expression = 'let x = "X"; in ' + render(list_(trees))
    assert nix_eval(expression) == [
        "$X",
        "$X$",
        "'X'",
        "''X",
        "a\n$X\n$",
        "a\n'X'\n",
        "a\n$X$\n",
        "  X\n    b",
        "X\n",
    ]


def test_indented_string_nested_in_layout() -> None:
    tree = attrs({"a": list_([s("x\ny\n", indented=True)])})
    assert render(tree) == "{\n  a = [\n    ''\n      x\n      y\n    ''\n  ];\n}\n"


PATH_HINT = (
    "  hint: write ./relative, ../up, /absolute, ~/home or <lookup> without spaces or a "
    "trailing slash"
)
# (id, thunk, exact message)
ERRORS = [
    (
        "nul-string",
        lambda: render(s("a\0b")),
        "a Nix string cannot contain a NUL character: 'a\\x00b'",
    ),
    (
        "nul-indented",
        lambda: render(s("a\n\0", indented=True)),
        "a Nix string cannot contain a NUL character: 'a\\n\\x00'",
    ),
    (
        "nul-name",
        lambda: render(attrs({"\0": 1})),
        "a Nix string cannot contain a NUL character: '\\x00'",
    ),
    (
        "nul-comment",
        lambda: render(comment("x\0", 1)),
        "a Nix comment cannot contain a NUL character: 'x\\x00'",
    ),
    (
        "long-nul",
        lambda: render(s("x" * 70 + "\0")),
        "a Nix string cannot contain a NUL character: " + repr("x" * 57) + "...",
    ),
    (
        "trailing-slash",
        lambda: render(NixPath(value="./foo/")),
        f"not a valid Nix path literal: './foo/'\n{PATH_HINT}",
    ),
    (
        "space-in-path",
        lambda: render(NixPath(value="./a b")),
        f"not a valid Nix path literal: './a b'\n{PATH_HINT}",
    ),
    (
        "bare-word-path",
        lambda: render(NixPath(value="foo")),
        f"not a valid Nix path literal: 'foo'\n{PATH_HINT}",
    ),
    (
        "variable",
        lambda: render(Var(name="zope.interface")),
        "not a Nix identifier, cannot be a variable: 'zope.interface'",
    ),
    (
        "keyword-variable",
        lambda: render(Var(name="in")),
        "not a Nix identifier, cannot be a variable: 'in'",
    ),
    (
        "or-variable",
        lambda: render(Var(name="or")),
        "not a Nix identifier, cannot be a variable: 'or'",
    ),
    (
        "lambda-param",
        lambda: render(lam("a-b.c", A)),
        "not a Nix identifier, cannot be a function argument: 'a-b.c'",
    ),
    (
        "formal",
        lambda: render(lam(pattern(["x y"]), A)),
        "not a Nix identifier, cannot be a function argument: 'x y'",
    ),
    (
        "duplicate-formal",
        lambda: render(lam(pattern(["a", "a"]), A)),
        "function argument 'a' appears twice in a pattern",
    ),
    (
        "bind-is-formal",
        lambda: render(lam(pattern(["a"], bind="a"), A)),
        "function argument 'a' appears twice in a pattern",
    ),
    ("infinity", lambda: render(Float(value=float("inf"))), "Nix has no literal for the float inf"),
    ("nan", lambda: render(Float(value=float("nan"))), "Nix has no literal for the float nan"),
    ("big-int", lambda: render(Int(value=2**63)), f"integer out of Nix's 64-bit range: {2**63}"),
    (
        "min-int",
        lambda: render(Int(value=-(2**63))),
        f"integer out of Nix's 64-bit range: {-(2**63)}",
    ),
    (
        "dynamic-let",
        lambda: render(Let(entries=(bind(Interp(expr=A), 1),), body=A)),
        "a `let` binding cannot have a ${…} name",
    ),
    (
        "empty-path",
        lambda: render(AttrSet(entries=(bind((), 1),))),
        "a binding needs at least one attribute name",
    ),
    (
        "render-line-let",
        lambda: render_line(let_({"a": 1}, A)),
        "this Nix expression cannot be written on a single line",
    ),
    (
        "render-line-comment",
        lambda: render_line(Commented(comment="c", expr=A)),
        "this Nix expression cannot be written on a single line",
    ),
]


@pytest.mark.parametrize(("thunk", "message"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_unrepresentable_input_is_refused(thunk: object, message: str) -> None:
    assert callable(thunk)
    with pytest.raises(Unsupported) as excinfo:
        thunk()
    assert str(excinfo.value) == message


def test_unknown_node_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="not a Nix expression node"):
        render(Str(parts=(Interp(expr=Expr()),)))


IDENTIFIERS = [
    ("requests", True),
    ("charset-normalizer", True),
    ("_private", True),
    ("x'", True),
    ("true", True),
    ("__curPos", True),
    ("zope.interface", False),
    ("3d", False),
    ("-x", False),
    ("", False),
    ("na\u00efve", False),
    ("if", False),
    ("then", False),
    ("else", False),
    ("assert", False),
    ("with", False),
    ("let", False),
    ("in", False),
    ("rec", False),
    ("inherit", False),
    ("or", False),
]


@pytest.mark.parametrize(
    ("name", "expected"), IDENTIFIERS, ids=[n or "empty" for n, _ in IDENTIFIERS]
)
def test_is_identifier(name: str, *, expected: bool) -> None:
    assert is_identifier(name) is expected


@pytest.mark.nix
def test_identifier_rule_matches_nix(tmp_path: Path) -> None:
    # Every name is used unquoted or quoted as is_identifier says, and Nix agrees on all of them.
    names = [name for name, _ in IDENTIFIERS]
    tree = attrs({name: index for index, name in enumerate(names)})
    path = tmp_path / "names.nix"
    path.write_text(render(tree))
    assert nix_eval_file(path) == {name: index for index, name in enumerate(names)}


@pytest.mark.nix
def test_numbers_read_back() -> None:
    values: list[int | float] = [0, 7, -7, 2**63 - 1, -(2**63 - 1), 0.5, -0.25, 1e16, 1e-7, 123.0]
    result = nix_eval(render(list_([lit(v) for v in values])))
    assert result == values


# ----------------------------------------------------------------------------- golden files


@pytest.mark.nix
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str) -> None:
    path = GOLDEN / f"{case}.nix"
    text = render(CASES[case]())
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        f"rerun with PYNIX_UPDATE_GOLDEN=1 to update {path}"
    )
    nix_parse(path)


def test_every_golden_file_has_a_case() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.nix")) == sorted(CASES)


@pytest.mark.nix
def test_golden_strings_evaluate_to_their_text() -> None:
    assert nix_eval_file(GOLDEN / "strings.nix") == {
        "quotes": 'say "hi" \\ back',
        "dollar": "literal ${x} and $${y} and $ alone and $",
        "dollarBeforeInterp": "cost: $1.0",
        "controls": "tab\there\nnewline\rreturn",
        "unicode": UNICODE,
        "interp": "python1.0-env",
        "script": "#!/bin/sh\n"
        "echo \"${HOME}\" '${literal}' ''quoted''\n"
        "  indented by two\n"
        "\ttab first\n"
        "end: 1.0\n",
        "allIndented": "  both lines\n    start with spaces\n",
        "trailingSpaces": "text\n   ",
        "endsWithQuote": "line\nit's'",
        "noNewline": "stays a plain string",
    }


@pytest.mark.nix
def test_golden_nested_paths_evaluate() -> None:
    expression = (
        f"import {GOLDEN / 'nested_paths.nix'} "
        '{ python3.pkgs = { "zope.interface" = "zi"; "then" = 1; "ruamel.yaml" = 2; '
        '"\\${not interpolated}" = 3; }; }'
    )
    result = nix_eval(expression)
    assert result["a"] == {"b": {"c": 1, "d": 2}}
    assert result["zope.interface"] == "zi"
    assert result["x"] == {"demo": "dynamic"}
    assert result["demo-suffix"] == "interpolated string name"
    assert result["fallback"] == "default"
    assert (result["present"], result["deep"]) == (True, False)
    assert (result["then"], result["ruamel.yaml"], result["dollar"]) == (1, 2, 3)


@pytest.mark.nix
def test_long_operator_runs_do_not_exhaust_the_stack(tmp_path: Path) -> None:
    # One `++ lib.optionals …` per conditional dependency: thousands are plausible.
    many = 3000
    concat = op("++", *[list_([Int(value=i)]) for i in range(many)])
    conjunction = op("&&", *[Var(name="true") for _ in range(many)])
    path = tmp_path / "long.nix"
    path.write_text(render(list_([concat, conjunction])))
    assert nix_eval_file(path) == [list(range(many)), True]


@pytest.mark.nix
def test_golden_package_function_evaluates_against_the_standin() -> None:
    package = nix_eval(
        f"(import {STANDIN} {{ }}).python3.pkgs.callPackage {GOLDEN / 'package_function.nix'} {{ }}"
    )
    assert (package["name"], package["pyproject"]) == ("python3.12-example-client-1.4.2", True)
    assert [p["pname"] for p in package["build-system"]] == ["hatchling", "hatch-vcs"]
    assert [p["pname"] for p in package["dependencies"]] == ["requests"]  # not older than 3.12
    assert [p["pname"] for p in package["optional-dependencies"]["socks"]] == ["pysocks"]
    assert [lic["spdxId"] for lic in package["meta"]["license"]] == ["Apache-2.0", "MIT"]
    assert package["meta"]["changelog"] == "https://example.org/client/releases/tag/v1.4.2"
    assert package["src"]["url"].endswith("/example-client/example-client-1.4.2.tar.gz")
    older = nix_eval(
        f"(import {STANDIN} {{ }}).python311.pkgs.callPackage {GOLDEN / 'package_function.nix'} "
        "{ }"
    )
    assert [p["pname"] for p in older["dependencies"]] == ["requests", "typing-extensions"]


@pytest.mark.nix
def test_golden_overlay_shell_and_flake_evaluate_against_the_standin() -> None:
    overlay = nix_eval(
        f"let pkgs = import {STANDIN} {{ overlays = [ (import {GOLDEN / 'overlay.nix'}) ]; }};"
        " in map (p: p.name) pkgs.python3Packages.requests.dependencies"
        " ++ [ pkgs.python3Packages.requests.src.url ]"
    )
    assert overlay == [
        "python3.12-certifi-2024.8.30",
        "python3.12-charset-normalizer-3.3.2",
        "python3.12-idna-3.8",
        "python3.12-urllib3-2.2.2",
        "python3.12-idna-3.8",
        "https://files.pythonhosted.org/packages/source/r/requests/requests-2.32.3.tar.gz",
    ]
    shell = nix_eval(f"import {GOLDEN / 'shell.nix'} {{ pkgs = import {STANDIN} {{ }}; }}")
    assert shell["packages"][0]["pnames"][:3] == ["certifi", "charset-normalizer", "idna"]
    assert "zope-interface" in shell["packages"][0]["pnames"]
    assert shell["shellHook"].startswith("export PYTHONPATH=")
    flake = nix_eval(
        f"((import {GOLDEN / 'flake.nix'}).outputs {{ self = {{ }};"
        f" nixpkgs = import {STANDIN / 'flake-input.nix'}; }}).devShells.aarch64-darwin.default"
    )
    assert flake["packages"][0]["pnames"] == [
        "certifi",
        "charset-normalizer",
        "hatchling",
        "idna",
        "iniconfig",
        "packaging",
        "pathspec",
        "pluggy",
        "pytest",
        "requests",
        "setuptools",
        "trove-classifiers",
        "urllib3",
        "zope-interface",
    ]
