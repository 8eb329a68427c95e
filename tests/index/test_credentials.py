"""Credentials: redaction, URL userinfo, uv's environment variables, netrc, realms."""

from __future__ import annotations

from pathlib import Path

import pytest

from pynix.errors import InvalidArgument
from pynix.index.credentials import (
    Credentials,
    CredentialStore,
    env_var_names,
    redact,
    split_credentials,
)

# url, redacted, credentials (None when there are none)
URLS = [
    pytest.param("https://pypi.org/simple", "https://pypi.org/simple", None, id="none"),
    pytest.param("https://u:p@host/simple/", "https://host/simple/", ("u", "p"), id="user-pass"),
    pytest.param("https://token@host/simple", "https://host/simple", ("token", ""),
                 id="token-only"),
    pytest.param("https://me%40corp.com:p%3Aw%2Fd@host:8443/s?x=1",
                 "https://host:8443/s?x=1", ("me@corp.com", "p:w/d"), id="percent-encoded"),
    pytest.param("https://a:b@c@host/x", "https://host/x", ("a", "b@c"), id="at-in-password"),
    pytest.param("https://host/path@not-userinfo", "https://host/path@not-userinfo", None,
                 id="at-in-path"),
    pytest.param("https://u:p@host?q", "https://host?q", ("u", "p"), id="query-no-path"),
    pytest.param("https://u:p@host", "https://host", ("u", "p"), id="no-path"),
    pytest.param("not a url", "not a url", None, id="not-a-url"),
    pytest.param("http://u:p@[::1]:8080/simple", "http://[::1]:8080/simple", ("u", "p"),
                 id="ipv6"),
]  # fmt: skip


def _pair(username: str, secret: str) -> Credentials:
    return Credentials(username=username, password=secret)


# index name, user name variable
ENV_NAMES = [
    pytest.param("internal", "UV_INDEX_INTERNAL_USERNAME", id="plain"),
    pytest.param("internal-proxy", "UV_INDEX_INTERNAL_PROXY_USERNAME", id="dash"),
    pytest.param("my.index_2", "UV_INDEX_MY_INDEX_2_USERNAME", id="dot-underscore-digit"),
]


@pytest.mark.parametrize(("url", "clean", "credentials"), URLS)
def test_split_and_redact(url: str, clean: str, credentials: tuple[str, str] | None) -> None:
    found_clean, found = split_credentials(url)
    assert (found_clean, redact(url)) == (clean, clean)
    assert found == (_pair(*credentials) if credentials else None)


@pytest.mark.parametrize(("name", "variable"), ENV_NAMES)
def test_uv_variable_names(name: str, variable: str) -> None:
    assert env_var_names(name) == (variable, variable.replace("_USERNAME", "_PASSWORD"))


def test_credentials_hide_from_repr_and_build_basic_auth() -> None:
    credentials = _pair("user", "s3cret")
    assert repr(credentials) == str(credentials) == "Credentials(<hidden>)"
    assert credentials.authorization() == "Basic dXNlcjpzM2NyZXQ="


def _store(
    tmp_path: Path, netrc: str | None = None, environ: dict[str, str] | None = None
) -> CredentialStore:
    path = tmp_path / "netrc"
    if netrc is not None:
        path.write_text(netrc)
    return CredentialStore(netrc_path=path, environ=environ or {})


def test_url_credentials_serve_their_realm_only(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert store.add_index("https://u:p@pypi.example.com/simple") == (
        "https://pypi.example.com/simple"
    )
    expected = _pair("u", "p")
    assert store.for_url("https://pypi.example.com/packages/x.whl") == expected
    assert store.for_url("https://PYPI.example.com:443/other") == expected  # same realm
    assert store.for_url("http://pypi.example.com/simple") is None  # other scheme
    assert store.for_url("https://pypi.example.com:8443/simple") is None  # other port
    assert store.for_url("https://files.example.com/x.whl") is None  # other host


def test_named_index_reads_uv_variables(tmp_path: Path) -> None:
    store = _store(
        tmp_path,
        environ={
            "UV_INDEX_INTERNAL_PROXY_USERNAME": "deploy",
            "UV_INDEX_INTERNAL_PROXY_PASSWORD": "from-env",
        },
    )
    store.add_index("https://repo.example.com/simple", "internal-proxy")
    assert store.for_url("https://repo.example.com/x") == _pair("deploy", "from-env")


def test_url_credentials_win_over_variables(tmp_path: Path) -> None:
    store = _store(
        tmp_path, environ={"UV_INDEX_MAIN_USERNAME": "env", "UV_INDEX_MAIN_PASSWORD": "env"}
    )
    store.add_index("https://url:cred@repo.example.com/simple", "main")
    assert store.for_url("https://repo.example.com/x") == _pair("url", "cred")


def test_unnamed_index_ignores_variables(tmp_path: Path) -> None:
    store = _store(tmp_path, environ={"UV_INDEX__USERNAME": "x", "UV_INDEX__PASSWORD": "y"})
    store.add_index("https://repo.example.com/simple")
    assert store.for_url("https://repo.example.com/x") is None


def test_netrc_by_host_name(tmp_path: Path) -> None:
    store = _store(
        tmp_path,
        "machine repo.example.com login alice password from-netrc\n"
        "machine other.example.com login bob password other\n",
    )
    store.add_index("https://repo.example.com/simple")
    assert store.for_url("https://repo.example.com:8443/x") == _pair("alice", "from-netrc")
    assert store.for_url("https://unknown.example.com/x") is None


def test_netrc_default_entry(tmp_path: Path) -> None:
    store = _store(tmp_path, "default login anyone password anywhere\n")
    assert store.for_url("https://h/x") == _pair("anyone", "anywhere")


def test_index_credentials_win_over_netrc(tmp_path: Path) -> None:
    store = _store(tmp_path, "machine repo.example.com login netrc password netrc\n")
    store.add_index("https://url:cred@repo.example.com/simple")
    assert store.for_url("https://repo.example.com/x") == _pair("url", "cred")


def test_netrc_path_from_environment(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").write_text("machine h login l password p\n")
    store = CredentialStore(environ={"NETRC": str(tmp_path / "elsewhere")})
    assert store.for_url("https://h/x") == _pair("l", "p")


def test_missing_netrc_is_no_credentials(tmp_path: Path) -> None:
    assert _store(tmp_path).for_url("https://h/x") is None


def test_malformed_netrc_names_the_file_not_the_token(tmp_path: Path) -> None:
    store = _store(tmp_path, "machine h login l password p\n\nmachine\n")
    with pytest.raises(InvalidArgument) as caught:
        store.for_url("https://h/x")
    assert str(caught.value) == (
        f"{tmp_path / 'netrc'}: malformed netrc file\n"
        "  hint: each entry reads: machine <host> login <user> password <password>"
    )


def test_malformed_netrc_error_hides_a_stray_password(tmp_path: Path) -> None:
    store = _store(tmp_path, "hunter2-stray-token\n")
    with pytest.raises(InvalidArgument) as caught:
        store.for_url("https://h/x")
    assert "hunter2" not in str(caught.value)
    assert str(caught.value).startswith(f"{tmp_path / 'netrc'}: malformed netrc file")
