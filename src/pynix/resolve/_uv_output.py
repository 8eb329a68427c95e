"""Reading what uv prints on stderr: its error in one line, its report, and no secrets.

uv 0.13 reports a failure as an ``error:`` line followed by ``  cause:``
lines, the first naming what failed and the last the root cause (a wrapped
cause continues on deeper-indented lines; a ``[stderr]`` block of a build
follows a blank line), and maybe a ``hint:``. Older uv drew a cross and
``╰─▶`` arrows, or wrote ``Caused by:``. On success it prints ``Resolved 17
packages in 618ms``, ``warning:`` lines, and (``uv lock``) one ``Added``,
``Updated`` or ``Removed`` line per package that moved.

uv leaves URL userinfo out of what it prints; :func:`scrub` takes it out
again, with every credential :func:`secrets_in` finds, before any of it
reaches a message or a result.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import quote

from pynix.index.credentials import split_credentials

__all__ = ["Report", "read_report", "scrub", "secrets_in", "summarize"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_ERROR = re.compile(r"^\s*(?:error:|\u00d7)\s*(?P<text>.*)$")  # x: a multiplication sign
_CAUSE = re.compile(r"^(?P<indent>\s*)(?:cause:|Caused by:|[╰├]─▶)\s*(?P<text>.*)$")
_HINT = re.compile(r"^\s*hint:\s*(?P<text>.*)$")
_UPDATE = re.compile(r"^(?:Added|Removed|Updated) \S+ v\S")
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/\s@]+@")
_LONGEST = 400


def summarize(stderr: str) -> tuple[str, str | None]:
    """uv's error in one line (error, first and last cause) and its first hint.

    >>> print(
    ...     summarize(
    ...         "error: Request failed after 3 retries\\n"
    ...         "  cause: Failed to fetch: http://127.0.0.1:9/simple/alpha/\\n"
    ...         "  cause: tcp connect error\\n"
    ...         "  cause: Connection refused (os error 111)\\n"
    ...     )[0]
    ... )
    Request failed after 3 retries: Failed to fetch: http://127.0.0.1:9/simple/alpha/:
    Connection refused (os error 111)
    >>> summarize("  \\u00d7 No solution found\\n  ╰─▶ Because foo was not found\\n\\nhint: x\\n")
    ('No solution found: Because foo was not found', 'x')
    """
    lines = [_ANSI.sub("", line).rstrip() for line in stderr.splitlines()]
    error: str | None = None
    causes: list[str] = []
    hint: str | None = None
    cause_indent: int | None = None
    for line in lines:
        if hint is None and (found := _HINT.match(line)):
            hint = found["text"]
            continue
        if error is None:
            if found := _ERROR.match(line):
                error = found["text"]
            continue
        if found := _CAUSE.match(line):
            causes.append(found["text"])
            cause_indent = len(found["indent"])
        elif causes and cause_indent is not None and _continues(line, cause_indent):
            causes[-1] = f"{causes[-1]} {line.strip()}"
        else:
            cause_indent = None
    if error is None:
        rest = [line.strip() for line in lines if line.strip()]
        return (_shorten(rest[-1]) if rest else ""), hint
    parts = [part.rstrip(":") for part in (error, *causes[:1], *causes[1:][-1:])]
    return _shorten(": ".join(part for part in parts if part)), hint


def _continues(line: str, cause_indent: int) -> bool:
    """Whether ``line`` continues a wrapped cause (deeper indent, not a ``[stderr]`` block)."""
    text = line.strip()
    indent = len(line) - len(line.lstrip())
    return bool(text) and indent > cause_indent and not text.startswith("[")


def _shorten(text: str) -> str:
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Report:
    """What a successful uv run said: see :class:`pynix.resolve.uv.LockResult`."""

    summary: str
    updates: tuple[str, ...]
    warnings: tuple[str, ...]


def read_report(stderr: str, hidden: Sequence[str]) -> Report:
    """uv's summary, updates and warnings, scrubbed of ``hidden``.

    >>> read_report("Resolved 2 packages in 3ms\\nUpdated a v1 -> v2\\nwarning: old\\n", ())
    Report(summary='Resolved 2 packages in 3ms', updates=('Updated a v1 -> v2',), warnings=('old',))
    """
    lines = [scrub(_ANSI.sub("", line).strip(), hidden) for line in stderr.splitlines()]
    return Report(
        summary=next((line for line in lines if line.startswith("Resolved ")), ""),
        updates=tuple(line for line in lines if _UPDATE.match(line)),
        warnings=tuple(
            line.removeprefix("warning:").strip() for line in lines if line.startswith("warning:")
        ),
    )


def secrets_in(urls: Iterable[str], env: Mapping[str, str]) -> tuple[str, ...]:
    """The credentials in ``urls`` (their userinfo) and ``env`` (``*PASSWORD``, ``*TOKEN``).

    Longest first, so that :func:`scrub` replaces a secret before any part of it.
    """
    found: set[str] = set()
    for url in urls:
        credentials = split_credentials(url)[1]
        if credentials is not None:
            # ``https://<token>@host``: a token given as the user name is a secret too.
            found.add(credentials.password or credentials.username)
    for key, value in env.items():
        if key.upper().endswith(("PASSWORD", "TOKEN")):
            found.add(value)
    found.discard("")
    return tuple(sorted(found, key=len, reverse=True))


def scrub(text: str, hidden: Sequence[str]) -> str:
    """``text`` without URL userinfo and without any of the ``hidden`` strings.

    >>> scrub("GET https://me:pw@host/simple failed for pw", ("pw",))
    'GET https://host/simple failed for ***'
    """
    text = _USERINFO.sub(r"\g<scheme>", text)
    for secret in hidden:
        text = text.replace(secret, "***").replace(quote(secret, safe=""), "***")
    return text
