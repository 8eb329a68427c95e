"""File hashes: the spellings lock files use, and the SRI form Nix wants.

Lock files write a file's digest as ``sha256:<hex>`` (uv, Poetry, PDM,
``pip --hash``), ``sha256=<hex>`` (URL fragments) or a table
``{ sha256 = "<hex>" }`` (PEP 751). Nix's ``fetchurl`` takes a Subresource
Integrity string, ``sha256-<base64 of the digest>``, and that is what the
model stores (:attr:`pynix.model.Artifact.hash`).

Only sha256 is accepted: it is what every index publishes and what every lock
records, and the model carries one hash per file. A file whose lock gives
only another algorithm is refused with :class:`~pynix.errors.Unsupported`
rather than silently treated as unhashed.

Traps:

* Hex digests may be upper case; the digest, not the spelling, is what counts.
* ``sha256-`` SRI strings are base64 *with* padding (44 characters).

>>> to_sri("sha256:" + "ab" * 32)
'sha256-q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s='
>>> sri_to_hex("sha256-q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=") == "ab" * 32
True
"""

from __future__ import annotations

import base64
import binascii
import re

from pynix.errors import InvalidArgument, InvalidLock, PynixError, Unsupported

__all__ = ["hex_to_sri", "sha256_hex", "sri_to_hex", "to_sri"]

_SHA256_HEX = re.compile(r"^[0-9a-fA-F]{64}$")
_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}\Z")  # anchored where the match starts
_SEPARATED = re.compile(r"^(?P<algorithm>[A-Za-z0-9_]+)[:=](?P<digest>.*)$", re.DOTALL)
_SRI = re.compile(r"^(?P<algorithm>sha256|sha384|sha512)-(?P<digest>[A-Za-z0-9+/]+={0,2})$")


def hex_to_sri(digest: str) -> str:
    """Turn a hex sha256 digest into an SRI string; raises :class:`InvalidLock` if malformed.

    >>> hex_to_sri("00" * 32)
    'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='
    """
    if not _SHA256_HEX.match(digest):
        raise InvalidLock(f"not a sha256 digest (64 hex digits): {digest!r}")
    return "sha256-" + base64.b64encode(bytes.fromhex(digest)).decode("ascii")


def to_sri(text: str) -> str:
    """Turn ``sha256:<hex>``, ``sha256=<hex>`` or ``sha256-<base64>`` into an SRI string.

    Raises :class:`InvalidLock` for a malformed hash and :class:`Unsupported`
    for a well-formed hash of another algorithm.

    >>> to_sri("md5:d41d8cd98f00b204e9800998ecf8427e")
    Traceback (most recent call last):
    ...
    pynix.errors.Unsupported: md5 hashes cannot be used; pynix needs sha256
    """
    if text.startswith("sha256:") and _HEX_DIGEST.match(text, 7):
        # uv.lock's spelling, by far the most common: straight to the digest's bytes.
        return "sha256-" + base64.b64encode(bytes.fromhex(text[7:])).decode("ascii")
    sri = _SRI.match(text)
    if sri is not None:
        algorithm = sri["algorithm"]
        if algorithm != "sha256":
            raise Unsupported(f"{algorithm} hashes cannot be used; pynix needs sha256")
        try:
            raw = base64.b64decode(sri["digest"], validate=True)
        except binascii.Error:
            raw = b""
        if len(raw) != 32:
            raise InvalidLock(f"not a sha256 SRI hash: {text!r}")
        return "sha256-" + base64.b64encode(raw).decode("ascii")
    separated = _SEPARATED.match(text)
    if separated is None:
        raise InvalidLock(f"not a hash ('sha256:<hex>'): {text!r}")
    algorithm = separated["algorithm"].lower()
    if algorithm != "sha256":
        raise Unsupported(f"{algorithm} hashes cannot be used; pynix needs sha256")
    return hex_to_sri(separated["digest"])


def sri_to_hex(sri: str) -> str:
    """The lower-case hex digest of a ``sha256-<base64>`` SRI string.

    Raises :class:`InvalidLock` when ``sri`` is not a sha256 SRI string.
    """
    if not sri.startswith("sha256-"):
        raise InvalidLock(f"not a sha256 SRI hash: {sri!r}")
    return base64.b64decode(to_sri(sri).removeprefix("sha256-")).hex()


def sha256_hex(text: str) -> str:
    """The lower-case hex digest of a sha256 in any spelling, bare hex digits included.

    For callers that take a hash as an argument (the index client, the
    cache): anything else is :class:`~pynix.errors.InvalidArgument`.

    >>> sha256_hex("SHA256:" + "AB" * 32) == "ab" * 32
    True
    """
    if _SHA256_HEX.match(text):
        return text.lower()
    try:
        return sri_to_hex(to_sri(text))
    except PynixError:
        raise InvalidArgument(
            f"not a sha256 hash: {text!r}",
            hint="give 64 hex digits, 'sha256:<hex>' or an SRI hash 'sha256-<base64>'",
        ) from None
