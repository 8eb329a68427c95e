"""sha256 digests in the spellings the index client meets: hex, ``sha256:<hex>`` and SRI.

Indexes publish hex digests; locks (and Nix) use SRI strings,
``sha256-<base64 of the digest>``. The cache keys everything by lower-case hex.

(pynix.locks has its own helpers raising ``InvalidLock``; these raise
``InvalidArgument`` because here a bad hash is a caller's argument.)

>>> sha256_hex("sha256-q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=") == "ab" * 32
True
>>> to_sri("ab" * 32)
'sha256-q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s='
"""

from __future__ import annotations

import base64
import binascii
import re

from pynix.errors import InvalidArgument

__all__ = ["sha256_hex", "to_sri"]

_HEX = re.compile(r"^[0-9a-fA-F]{64}$")


def sha256_hex(text: str) -> str:
    """The lower-case hex digest of ``text``.

    Accepts 64 hex digits, ``sha256:<hex>``, ``sha256=<hex>`` and the SRI
    ``sha256-<base64>``; raises :class:`~pynix.errors.InvalidArgument` for
    anything else (other algorithms included).
    """
    if _HEX.match(text):
        return text.lower()
    for prefix in ("sha256:", "sha256="):
        if text.lower().startswith(prefix) and _HEX.match(text[len(prefix) :]):
            return text[len(prefix) :].lower()
    if text.startswith("sha256-"):
        try:
            raw = base64.b64decode(text.removeprefix("sha256-"), validate=True)
        except binascii.Error:
            raw = b""
        if len(raw) == 32:
            return raw.hex()
    raise InvalidArgument(
        f"not a sha256 hash: {text!r}",
        hint="give 64 hex digits, 'sha256:<hex>' or an SRI hash 'sha256-<base64>'",
    )


def to_sri(hex_digest: str) -> str:
    """The SRI form (``sha256-<base64>``) of a hex sha256 digest."""
    return "sha256-" + base64.b64encode(bytes.fromhex(hex_digest)).decode("ascii")
