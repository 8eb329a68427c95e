"""Credentials for private package indexes: found, used for requests, never written.

Where credentials come from, first match wins (the order uv uses):

1. the userinfo of the index URL: ``https://user:password@host/simple``
   (percent-encoded characters decoded; ``https://token@host/simple`` is a
   user name with an empty password);
2. for a *named* index, the environment variables
   ``UV_INDEX_<NAME>_USERNAME`` and ``UV_INDEX_<NAME>_PASSWORD``, where
   ``<NAME>`` is the index name upper-cased with every character other than
   ``A-Z`` and ``0-9`` replaced by ``_`` (index ``internal-proxy`` →
   ``UV_INDEX_INTERNAL_PROXY_USERNAME``) -- uv's convention, so one
   environment serves ``uv lock`` and pynix;
3. the netrc file (``$NETRC``, else ``~/.netrc``; injectable for tests),
   looked up by host name.

Where they go: an index's credentials (1 and 2) are sent, as HTTP basic
authentication, to every URL in the index's *realm* -- same scheme, host and
port -- so file URLs on the index host are authenticated too, and a redirect
to another host is not. netrc credentials go to the host they name.

Where they never go: :func:`redact` strips the userinfo from a URL, and the
index client redacts every URL it puts in an error, a progress event or a
value it returns; :class:`Credentials` hides itself from ``repr``. Errors from
a malformed netrc name the file, never the token that failed to parse (it
may be a password).
"""

from __future__ import annotations

import base64
import dataclasses
import netrc
import os
import re
import threading
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pynix.errors import InvalidArgument, Location

__all__ = ["CredentialStore", "Credentials", "env_var_names", "redact", "split_credentials"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class Credentials:
    """A user name and password for HTTP basic authentication; ``repr`` shows neither."""

    username: str
    password: str

    def __repr__(self) -> str:
        return "Credentials(<hidden>)"

    def authorization(self) -> str:
        """The value of the ``Authorization`` header."""
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


def redact(url: str) -> str:
    """``url`` without its ``user:password@`` part; anything else unchanged.

    >>> redact("https://deploy:hunter2@pypi.example.com/simple/")
    'https://pypi.example.com/simple/'
    >>> redact("https://pypi.org/simple/")
    'https://pypi.org/simple/'
    """
    return split_credentials(url)[0]


def split_credentials(url: str) -> tuple[str, Credentials | None]:
    """Split ``url`` into its credential-free form and the credentials in its userinfo.

    >>> split_credentials("https://me%40corp:p%3Ass@host:8443/simple")
    ('https://host:8443/simple', Credentials(<hidden>))
    >>> split_credentials("https://host/simple")[1] is None
    True
    """
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url, None
    authority, slash, tail = _split_authority(rest)
    userinfo, at, host = authority.rpartition("@")
    if not at:
        return url, None
    username, _colon, password = userinfo.partition(":")
    clean = f"{scheme}://{host}{slash}{tail}"
    return clean, Credentials(username=unquote(username), password=unquote(password))


def _split_authority(rest: str) -> tuple[str, str, str]:
    """``host/path?query`` → (authority, the separator found, what follows it)."""
    end = len(rest)
    for separator in "/?#":
        found = rest.find(separator)
        if found != -1:
            end = min(end, found)
    return rest[:end], rest[end : end + 1], rest[end + 1 :]


def env_var_names(index_name: str) -> tuple[str, str]:
    """The user name and password variables uv reads for the index named ``index_name``.

    >>> env_var_names("internal-proxy")
    ('UV_INDEX_INTERNAL_PROXY_USERNAME', 'UV_INDEX_INTERNAL_PROXY_PASSWORD')
    """
    name = re.sub(r"[^A-Z0-9]", "_", index_name.upper())
    return f"UV_INDEX_{name}_USERNAME", f"UV_INDEX_{name}_PASSWORD"


def _realm(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS.get(scheme)


class CredentialStore:
    """Credentials by realm, from index URLs, the environment and a netrc file.

    ``netrc_path`` defaults to ``$NETRC`` or ``~/.netrc`` (read lazily, once;
    a missing file is no credentials); ``environ`` defaults to ``os.environ``.
    Thread-safe.

    >>> store = CredentialStore(netrc_path=Path("/nonexistent"), environ={})
    >>> store.add_index("https://u:p@pypi.example.com/simple")
    'https://pypi.example.com/simple'
    >>> store.for_url("https://pypi.example.com/files/x.whl") == Credentials(
    ...     username="u", password="p"
    ... )
    True
    >>> store.for_url("https://files.example.com/x.whl") is None
    True
    """

    def __init__(
        self, *, netrc_path: Path | None = None, environ: Mapping[str, str] | None = None
    ) -> None:
        self._environ = os.environ if environ is None else environ
        if netrc_path is None:
            netrc_path = Path(self._environ.get("NETRC") or Path.home() / ".netrc")
        self._netrc_path = netrc_path
        self._netrc: netrc.netrc | None = None
        self._netrc_read = False
        self._realms: dict[tuple[str, str, int | None], Credentials] = {}
        self._lock = threading.Lock()

    def add_index(self, url: str, name: str | None = None) -> str:
        """Register an index: remember its credentials for its realm; return its redacted URL.

        URL userinfo wins over the ``UV_INDEX_<NAME>_*`` variables of a named index.
        """
        clean, inline = split_credentials(url)
        credentials = inline
        if credentials is None and name:
            user_var, password_var = env_var_names(name)
            username = self._environ.get(user_var)
            password = self._environ.get(password_var)
            if username is not None or password is not None:
                credentials = Credentials(username=username or "", password=password or "")
        realm = _realm(clean)
        if credentials is not None and realm is not None:
            with self._lock:
                self._realms.setdefault(realm, credentials)
        return clean

    def for_url(self, url: str) -> Credentials | None:
        """The credentials to send with a request to ``url`` (credential-free), if any."""
        realm = _realm(url)
        if realm is None:
            return None
        with self._lock:
            known = self._realms.get(realm)
        if known is not None:
            return known
        entry = self._read_netrc()
        found = entry.authenticators(realm[1]) if entry is not None else None
        if found is None:
            return None
        login, _account, password = found
        if not login and not password:
            return None
        return Credentials(username=login or "", password=password or "")

    def _read_netrc(self) -> netrc.netrc | None:
        with self._lock:
            if not self._netrc_read:
                self._netrc_read = True
                self._netrc = _load_netrc(self._netrc_path)
            return self._netrc


def _load_netrc(path: Path) -> netrc.netrc | None:
    if not path.is_file():
        return None
    try:
        return netrc.netrc(str(path))
    except netrc.NetrcParseError:
        # exc.msg quotes the token that failed to parse, which may be a password; and
        # exc.lineno is often the line after the bad token, so neither is shown.
        raise InvalidArgument(
            "malformed netrc file",
            location=Location(file=str(path)),
            hint="each entry reads: machine <host> login <user> password <password>",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidArgument(f"cannot read the netrc file: {exc}") from None
