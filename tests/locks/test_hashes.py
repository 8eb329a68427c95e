"""File hashes: lock spellings in, SRI out; only sha256."""

from __future__ import annotations

import pytest

from pynix.errors import InvalidLock, PynixError, Unsupported
from pynix.locks._hashes import hex_to_sri, sri_to_hex, to_sri

ZERO_SRI = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
AB_HEX = "ab" * 32
AB_SRI = "sha256-q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s="
# sha256 of the empty string, as published everywhere.
EMPTY_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
EMPTY_SRI = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

GOOD = [
    ("colon", f"sha256:{AB_HEX}", AB_SRI),
    ("equals", f"sha256={AB_HEX}", AB_SRI),
    ("upper-hex", f"sha256:{AB_HEX.upper()}", AB_SRI),
    ("upper-algorithm", f"SHA256:{AB_HEX}", AB_SRI),
    ("sri-as-is", AB_SRI, AB_SRI),
    ("empty-file", f"sha256:{EMPTY_HEX}", EMPTY_SRI),
    ("zeros", "sha256:" + "0" * 64, ZERO_SRI),
]

BAD = [
    ("short", "sha256:abc", InvalidLock, "not a sha256 digest (64 hex digits): 'abc'"),
    (
        "not-hex",
        "sha256:" + "g" * 64,
        InvalidLock,
        f"not a sha256 digest (64 hex digits): '{'g' * 64}'",
    ),
    ("no-algorithm", AB_HEX, InvalidLock, f"not a hash ('sha256:<hex>'): '{AB_HEX}'"),
    ("empty", "", InvalidLock, "not a hash ('sha256:<hex>'): ''"),
    (
        "md5",
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        Unsupported,
        "md5 hashes cannot be used; pynix needs sha256",
    ),
    (
        "sha512-sri",
        "sha512-" + "A" * 86 + "==",
        Unsupported,
        "sha512 hashes cannot be used; pynix needs sha256",
    ),
    ("short-sri", "sha256-AAAA", InvalidLock, "not a sha256 SRI hash: 'sha256-AAAA'"),
]


@pytest.mark.parametrize(("text", "sri"), [g[1:] for g in GOOD], ids=[g[0] for g in GOOD])
def test_to_sri(text: str, sri: str) -> None:
    assert to_sri(text) == sri


@pytest.mark.parametrize(
    ("text", "error", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_to_sri_refuses(text: str, error: type[PynixError], message: str) -> None:
    with pytest.raises(error) as info:
        to_sri(text)
    assert type(info.value) is error
    assert str(info.value) == message


def test_hex_and_sri_convert_both_ways() -> None:
    assert hex_to_sri(EMPTY_HEX) == EMPTY_SRI
    assert sri_to_hex(EMPTY_SRI) == EMPTY_HEX
    assert sri_to_hex(hex_to_sri(AB_HEX.upper())) == AB_HEX


def test_sri_to_hex_refuses_other_strings() -> None:
    with pytest.raises(InvalidLock) as info:
        sri_to_hex(f"sha256:{AB_HEX}")
    assert str(info.value) == f"not a sha256 SRI hash: 'sha256:{AB_HEX}'"
