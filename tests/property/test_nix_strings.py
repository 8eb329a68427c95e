"""Any text pynix prints as a Nix string reads back from the real Nix unchanged.

Strings reach generated files from package metadata (descriptions, URLs,
names, scripts) that pynix does not control. Each example here is a batch of
texts, printed as ``"…"`` strings, as ``''…''`` strings (with and without
leading and trailing newlines, so that the indented form is really used) and
as quoted attribute names; one ``nix-instantiate --eval --strict --json``
must give every text back exactly, so no text can end a string early,
interpolate, or inject Nix code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pynix.nix import Str, attrs, bind, list_, render, s, select
from tests.support.nix import nix_eval_file

# Pieces that matter to Nix's lexer, mixed with arbitrary text (no NUL, no lone surrogates).
_TRICKY = [
    *["${", "$${", "''", "'''", "''$", "''\\", "'", '"', "\\", "$", "{", "}", "#", "/*", "*/"],
    *["\n", "\r", "\r\n", "\t", " ", "  ", "\u00e9", "\u2603", "\U0001f600", "\u2028"],
]
_ANY = st.text(st.characters(exclude_characters="\0", exclude_categories=["Cs"]), max_size=12)
TEXTS = st.lists(st.sampled_from(_TRICKY) | _ANY, max_size=12).map("".join)

INJECTIONS = [
    '"; x = ',
    '${builtins.abort "x"}',
    "''${builtins.abort \"x\"}''",
    '" + builtins.abort "x" + "',
    "'' + builtins.abort \"x\" + ''",
    '\\${builtins.abort "x"}',
    "'${builtins.abort \"x\"}'",
    '$${builtins.abort "x"}',
    "''\\${builtins.abort \"x\"}",
    "\n''\n${builtins.abort \"x\"}\n",
    '# comment\n} // { x = builtins.abort "x"; } // {',
]


def _forms(text: str) -> list[Str]:
    return [
        s(text),
        s(text, indented=True),
        s("\n" + text, indented=True),
        s(text + "\n", indented=True),
        s("  " + text + "\n  ", indented=True),
    ]


def _evaluate(texts: list[str], directory: Path) -> None:
    strings = list_([form for text in texts for form in _forms(text)])
    names = list_([attrs([bind(text, index)]) for index, text in enumerate(texts)])
    selected = list_([select(attrs([bind(text, index)]), text) for index, text in enumerate(texts)])
    path = directory / "strings.nix"
    path.write_text(render(list_([strings, names, selected])), encoding="utf-8")
    got_strings, got_names, got_selected = nix_eval_file(path)
    expected = [
        variant
        for text in texts
        for variant in (text, text, "\n" + text, text + "\n", "  " + text + "\n  ")
    ]
    assert got_strings == expected
    assert got_names == [{text: index} for index, text in enumerate(texts)]
    assert got_selected == list(range(len(texts)))


@pytest.mark.nix
@settings(max_examples=15)
@given(texts=st.lists(TEXTS, min_size=60, max_size=60))
def test_strings_read_back_exactly(
    texts: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    _evaluate(texts, tmp_path_factory.mktemp("strings"))


@pytest.mark.nix
def test_nothing_can_inject_nix_code(tmp_path: Path) -> None:
    _evaluate(INJECTIONS, tmp_path)
