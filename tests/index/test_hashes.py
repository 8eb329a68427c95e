"""sha256 spellings: hex, prefixed hex and SRI in; hex and SRI out; anything else refused."""

from __future__ import annotations

import base64
import hashlib

import pytest

from pynix.errors import InvalidArgument
from pynix.index._hashes import sha256_hex, to_sri

DIGEST = hashlib.sha256(b"pynix").hexdigest()
SRI = to_sri(DIGEST)

SPELLINGS = [
    pytest.param(DIGEST, id="hex"),
    pytest.param(DIGEST.upper(), id="upper-hex"),
    pytest.param(f"sha256:{DIGEST}", id="colon"),
    pytest.param(f"SHA256:{DIGEST}", id="upper-colon"),
    pytest.param(f"sha256={DIGEST}", id="fragment"),
    pytest.param(SRI, id="sri"),
]

BAD = [
    pytest.param("", id="empty"),
    pytest.param(DIGEST[:-1], id="63-digits"),
    pytest.param(f"md5:{DIGEST[:32]}", id="md5"),
    pytest.param("sha512-" + "A" * 88, id="sri-sha512"),
    pytest.param("sha256-AAAA", id="sri-too-short"),
    pytest.param("sha256-!!!!", id="sri-not-base64"),
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_spellings_give_the_hex_digest(text: str) -> None:
    assert sha256_hex(text) == DIGEST


@pytest.mark.parametrize("text", BAD)
def test_other_text_is_refused(text: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        sha256_hex(text)
    assert str(caught.value) == (
        f"not a sha256 hash: {text!r}\n"
        "  hint: give 64 hex digits, 'sha256:<hex>' or an SRI hash 'sha256-<base64>'"
    )


def test_sri_matches_nix_and_the_lock_model() -> None:
    # SRI is the standard base64 (with padding) of the raw digest.
    raw = hashlib.sha256(b"pynix").digest()
    assert base64.b64decode(SRI.removeprefix("sha256-")) == raw
    assert len(SRI) == len("sha256-") + 44
