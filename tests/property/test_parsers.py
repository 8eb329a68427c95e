"""Every standards parser, given arbitrary text, returns or raises a PynixError -- nothing else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.errors import PynixError
from pynix.standards.markers import parse_marker
from pynix.standards.requirements import parse_requirement
from pynix.standards.versions import parse_specifiers, parse_version

# Pieces of the PEP 508 / PEP 440 grammars, so that random text reaches deep into the parsers.
TOKENS = [
    "name", "Foo_Bar", "[", "]", ",", "(", ")", ";", "@", " ", "\t", "\\", "'", '"',
    "==", "===", "~=", "!=", "<=", ">=", "<", ">", "*", ".*", "+local", "1.0", "1!2.0",
    "rc1", "post2", "dev3", "v", "-", "_", ".", "in", "not", "and", "or", "extra",
    "os_name", "python_version", "extras", "'nt'", '"3.9"', "'\\d'", "'\\N{x}'", "'\\x00'",
    "https://example.org/a.whl", "file:///tmp/x", "git+https://x/y.git@v1#egg=y",
    "\x00", "\ud800", "é",
]  # fmt: skip

texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(TOKENS), max_size=16).map("".join),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=3)), max_size=12).map(" ".join),
)

PARSERS: list[tuple[str, Callable[[str], object]]] = [
    ("parse_marker", parse_marker),
    ("parse_requirement", parse_requirement),
    ("parse_version", parse_version),
    ("parse_specifiers", parse_specifiers),
]


@pytest.mark.parametrize("parse", [p for _, p in PARSERS], ids=[n for n, _ in PARSERS])
@given(text=texts)
def test_arbitrary_text_parses_or_raises_pynix_error(
    parse: Callable[[str], object], text: str
) -> None:
    try:
        parse(text)
    except PynixError as exc:
        error = exc
    else:
        return
    assert str(error).startswith(error.message)  # renders, whatever the text
