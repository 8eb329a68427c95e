"""Running packaging's PEP 508 parser and reporting its syntax errors the pynix way.

Shared by :mod:`pynix.standards.markers` and :mod:`pynix.standards.requirements`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Final, TypeVar

from packaging._tokenizer import ParserSyntaxError

__all__ = ["parse_quietly", "syntax_error"]

T = TypeVar("T")

# packaging's messages name some tokens by their grammar names.
_TOKEN_NAMES: Final = {
    "RIGHT_PARENTHESIS": "')'",
    "LEFT_PARENTHESIS": "'('",
    "RIGHT_BRACKET": "']'",
    "LEFT_BRACKET": "'['",
}


def parse_quietly(parse: Callable[[str], T], text: str) -> T:
    """``parse(text)``, the same whatever the caller's warning filters.

    Quoted strings in markers go through :func:`ast.literal_eval`, which warns
    about unknown escapes (``"\\d"``); under ``-W error`` that warning would
    turn a valid marker into a syntax error.
    """
    if "\\" not in text:
        return parse(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse(text)


def syntax_error(error: ParserSyntaxError) -> tuple[str, tuple[int, int]]:
    """The message (lower-cased, readable token names) and caret span of a packaging error."""
    message = error.message[:1].lower() + error.message[1:]
    for token, spelling in _TOKEN_NAMES.items():
        message = message.replace(token, spelling)
    start, end = error.span
    if error.message != "Invalid quoted string":
        end += 1  # packaging's span ends *at* the last bad character, not after it
    return message, (start, end)
