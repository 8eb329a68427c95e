"""PEP 723 scripts made runnable by Nix: a ``nix-shell`` shebang, or a runner for a flake app.

A script whose ``# /// script`` block lists dependencies (PEP 723) becomes,
as in the nixpkgs manual's "Running Python scripts and using nix-shell as
shebang"::

    #! /usr/bin/env nix-shell
    #! nix-shell -i python3 -p "python3.withPackages (ps: [ ps.requests ])"
    #! nix-shell -I nixpkgs=https://github.com/NixOS/nixpkgs/archive/<rev>.tar.gz
    # /// script
    # dependencies = ["requests"]
    # ///
    …

The ``-I`` line pins nixpkgs to one revision (optional). ``nix-shell``
evaluates ``-p`` inside ``with import <nixpkgs> { }``, so the expression
may use ``lib``, ``stdenv`` and the interpreter by name, and markers compile
to conditions over them.

Shebang quoting (:func:`shebang_quote`): ``nix-shell`` splits its ``#!``
lines itself, with a small ``shellwords``: whitespace separates words
outside double quotes, ``"`` opens and closes them, ``\\`` takes the next
character literally, and -- since Nix 2.19 -- ``'`` quotes too outside
double quotes. The expression is therefore always written inside double
quotes with ``\\`` and ``"`` escaped by a backslash, which both the old and
the new parser read back to the same text; a single quote is only ever
inside double quotes.

:func:`render_script_runner` is the other way: a derivation
(``pkgs.writeScriptBin``) whose first line runs the script with an
interpreter that has its dependencies, for ``nix run`` (a flake app) or
``nix-build``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from pynix.errors import InvalidArgument
from pynix.model import Finding, Project
from pynix.nix import Entry, Expr, Path, bind, call, inherit, let_, op, render_line, s, select, var
from pynix.nixpkgs.names import NameMap
from pynix.render._scope import free_variables
from pynix.render.conditions import PYTHON_SYSTEMS, Scope
from pynix.render.result import Rendered
from pynix.render.with_packages import render_with_packages

__all__ = [
    "RenderedScript",
    "nixpkgs_tarball",
    "relative_path",
    "render_script",
    "render_script_runner",
    "shebang_quote",
]

_REVISION = re.compile(r"[0-9a-f]{7,40}\Z")
_PATH_LITERAL = re.compile(r"[a-zA-Z0-9._+-]+\Z")


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class RenderedScript:
    """A script's new text (shebang lines, then the script as it was) and the findings."""

    text: str
    findings: tuple[Finding, ...] = ()


def shebang_quote(word: str) -> str:
    """``word`` as one argument of a ``#! nix-shell`` line.

    >>> print(shebang_quote('python3.withPackages (ps: [ ps."zope.interface" ])'))
    "python3.withPackages (ps: [ ps.\\"zope.interface\\" ])"
    >>> shebang_quote("python3")
    'python3'
    """
    if word and not re.search(r"[\s\"'\\]", word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nixpkgs_tarball(revision: str) -> str:
    """The URL of nixpkgs' source at ``revision`` (a git commit), for ``-I nixpkgs=…``.

    Raises :class:`~pynix.errors.InvalidArgument` when ``revision`` is not a
    hexadecimal commit id: a branch name would not pin anything.
    """
    if not _REVISION.match(revision):
        raise InvalidArgument(
            f"not a nixpkgs commit: {revision!r}",
            hint="give a git commit id such as 0123abc… (a branch name would not pin nixpkgs)",
        )
    return f"https://github.com/NixOS/nixpkgs/archive/{revision}.tar.gz"


def render_script(
    text: str,
    project: Project,
    *,
    python: str = "python3",
    names: NameMap | None = None,
    nixpkgs_url: str | None = None,
    systems: Sequence[str] = PYTHON_SYSTEMS,
) -> RenderedScript:
    """``text`` with ``nix-shell`` shebang lines in place of its own first ``#!`` lines.

    ``project`` is the script's metadata (``script_to_project``); ``python``
    the interpreter attribute (``python312``); ``nixpkgs_url`` pins nixpkgs.
    The rest of the script is kept byte for byte. Never raises for a
    project; problems are findings.
    """
    interpreter = var(python)
    environment = render_with_packages(
        project, python=interpreter, scope=Scope(python=interpreter), names=names, systems=systems
    )
    lines = [
        "#! /usr/bin/env nix-shell",
        "#! nix-shell -i python3 -p " + shebang_quote(render_line(environment.expr)),
    ]
    if nixpkgs_url is not None:
        lines.append("#! nix-shell -I " + shebang_quote(f"nixpkgs={nixpkgs_url}"))
    body = _without_shebang(text)
    newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
    return RenderedScript(text=newline.join(lines) + newline + body, findings=environment.findings)


def _without_shebang(text: str) -> str:
    """``text`` without its leading ``#!`` line and the ``#! nix-shell`` lines after it."""
    rest = text
    first = True
    while rest.startswith("#!"):
        line, _, after = rest.partition("\n")
        if not first and not re.match(r"#!\s*nix-shell\b", line):
            break
        rest = after
        first = False
    return rest


def relative_path(path: str) -> Expr:
    """A Nix path for ``path``, relative to the generated file (POSIX, no ``~``).

    A path literal when Nix can read one back (``./fetch.py``, ``../src``),
    else ``./. + "/odd name.py"``.

    >>> from pynix.nix import render_line
    >>> [render_line(relative_path(p)) for p in (".", "fetch.py", "..", "../my tool.py")]
    ['./.', './fetch.py', '../.', './. + "/../my tool.py"']
    """
    parts = [p for p in PurePosixPath(path).parts if p != "."]
    if not parts:
        return Path(value="./.")
    if all(_PATH_LITERAL.match(p) for p in parts):
        text = "/".join(parts)
        if parts[0] == "..":
            return Path(value=text if len(parts) > 1 else "../.")
        return Path(value=f"./{text}")
    return op("+", Path(value="./."), s("/" + "/".join(parts)))


def render_script_runner(
    project: Project,
    *,
    script: str,
    pkgs: Expr | None = None,
    python: Expr | None = None,
    names: NameMap | None = None,
    systems: Sequence[str] = PYTHON_SYSTEMS,
) -> Rendered:
    """``pkgs.writeScriptBin NAME`` running the script ``script`` (a path relative to the Nix
    file) with an interpreter that has its dependencies; ``NAME`` is its file name without
    ``.py``.
    """
    pkgs_expr = pkgs if pkgs is not None else var("pkgs")
    interpreter = python if python is not None else var("python")
    environment = render_with_packages(
        project, python=interpreter, scope=Scope(python=interpreter), names=names, systems=systems
    )
    name = PurePosixPath(script).name.removesuffix(".py") or script
    header = s("#!", call(var("lib.getExe'"), var("env"), "python"), "\n")
    runner = call(
        select(pkgs_expr, "writeScriptBin"),
        name,
        op("+", header, call(var("builtins.readFile"), relative_path(script))),
    )
    used = set(free_variables(environment.expr))
    names_in_scope = ["lib"] + (["stdenv"] if "stdenv" in used else [])
    entries: list[Entry] = [
        inherit(*names_in_scope, source=pkgs_expr),
        bind("env", environment.expr),
    ]
    return Rendered(expr=let_(entries, runner), findings=environment.findings)
