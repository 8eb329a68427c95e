"""PEP 503: normalization is idempotent and ignores case and separator spelling."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pynix.standards.names import canonicalize_name, is_valid_name

words = st.lists(st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True), min_size=1, max_size=4)
separators = st.lists(st.sampled_from(["-", "_", ".", "--", "._-"]), min_size=3, max_size=3)


@given(words, separators, separators)
def test_spellings_of_one_name_normalize_alike(
    parts: list[str], first: list[str], second: list[str]
) -> None:
    spelled_a = parts[0] + "".join(s + p for s, p in zip(first, parts[1:], strict=False))
    spelled_b = parts[0].swapcase() + "".join(
        s + p.upper() for s, p in zip(second, parts[1:], strict=False)
    )
    assert is_valid_name(spelled_a)
    assert is_valid_name(spelled_b)
    assert canonicalize_name(spelled_a) == canonicalize_name(spelled_b) == "-".join(parts).lower()


@given(st.text(max_size=20) | st.sampled_from(["\u212a", "\u017f", "a\n", "A.b"]))
def test_normalization_is_idempotent_and_keeps_validity(name: str) -> None:
    normalized = canonicalize_name(name)
    assert canonicalize_name(normalized) == normalized
    if is_valid_name(name):
        assert is_valid_name(normalized)
        assert set(normalized) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
