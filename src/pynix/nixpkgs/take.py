"""Taking a snapshot of a nixpkgs Python package set with the real ``nix``, and caching it.

:func:`take_snapshot` evaluates ``<python_attr>.pkgs`` of a nixpkgs source
tree (a directory, a flake reference, or ``<nixpkgs>`` from ``NIX_PATH``)
with ``nix-instantiate --eval --strict --json --readonly-mode`` and builds a
:class:`~pynix.nixpkgs.snapshot.Snapshot`.

What the evaluation does, and what it costs:

* nixpkgs is imported twice, with ``config.allowAliases`` true and false
  (and no overlays, so the user's ``~/.config/nixpkgs`` does not leak in).
  The attributes present only with aliases allowed are the aliases. Only the
  attribute *names* of the second import are read, which is cheap.
* Every other attribute is forced under ``builtins.tryEval``: one that throws
  or fails an ``assert`` (``disabled`` for this interpreter, a removed alias)
  or has ``meta.broken = true`` goes to ``broken``; a derivation with string
  ``pname`` and ``version`` goes to ``packages``; anything else (functions,
  hooks without a ``pname``, the interpreter itself) is left out. This costs
  what ``nix search`` costs for the set: each package's function is called,
  but no package's dependency closure is evaluated.
* An alias resolves to the package whose output path equals the alias's.
  Only packages with the same derivation ``name`` as the alias are compared,
  so only aliases and their few same-named candidates have their closure
  evaluated. An alias whose output path cannot be computed resolves to the
  one package of its ``name`` if there is exactly one; aliases of things
  outside the Python set (``pkgs.ruff-lsp``) or of non-packages
  (``fetchPypi``) are left out.
* The revision is ``lib.trivial.revisionWithDefault null`` of the tree, or
  the flake's ``rev``.

A flake reference is first resolved to its source's store path with
``nix eval`` (which fetches it); the evaluation above then runs on that path.

Snapshots are cached under ``$XDG_CACHE_HOME/pynix/snapshots`` (default
``~/.cache/pynix/snapshots``), keyed by the store path -- or, for a plain
directory, by its path and the size and modification time of every file in it
(plus ``.git/HEAD`` and ``.git/index``, so a new commit is a new key) -- the
interpreter attribute, the machine and the evaluation's own text.

Traps:

* ``builtins.tryEval`` catches ``throw`` and ``assert`` only. Any other
  evaluation error in any package (a missing attribute, ``abort``) fails the
  whole evaluation; it is reported as :class:`~pynix.errors.CommandFailed`.
* Which packages are broken depends on the system evaluated for; snapshots
  are taken for the machine that takes them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from pynix.errors import CommandFailed, InvalidArgument, InvalidSnapshot, PynixError, ToolMissing
from pynix.nixpkgs._attrs import preference
from pynix.nixpkgs.snapshot import SCHEMA, Snapshot, parse_snapshot, snapshot_to_json
from pynix.write import write_files

__all__ = ["default_cache_dir", "take_snapshot"]

_INSTALL = "install Nix with `apt-get install nix-bin` or from https://nixos.org/download"
_ATTR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_'-]*$")
_FLAKES = ["--extra-experimental-features", "nix-command flakes"]

# Called with --argstr nixpkgsPath and --argstr pythonAttr; returns plain data only.
_WALK = r"""
{ nixpkgsPath, pythonAttr }:
let
  inherit (builtins) attrNames deepSeq filter groupBy hasAttr isAttrs isString listToAttrs tryEval;
  nixpkgs = import (/. + nixpkgsPath);
  withAliases = nixpkgs { config = { allowAliases = true; }; overlays = [ ]; };
  withoutAliases = nixpkgs { config = { allowAliases = false; }; overlays = [ ]; };
  python =
    if hasAttr pythonAttr withAliases then withAliases.${pythonAttr}
    else throw "this nixpkgs has no attribute '${pythonAttr}'";
  set = python.pkgs;
  plain = withoutAliases.${pythonAttr}.pkgs;

  strict = v: tryEval (deepSeq v v);
  isDerivation = v: tryEval (isAttrs v && (v.type or null) == "derivation");
  isInterpreter = v: v ? pythonVersion && v ? sitePackages && v ? executable;

  inspect = attr:
    let
      value = tryEval set.${attr};
      v = value.value;
      derivation = isDerivation v;
      # `?` guards come first: tryEval does not catch a missing attribute.
      fields = strict (
        if v ? version && v ? name && isString v.pname && isString v.version && isString v.name
        then { inherit (v) pname version name; } else null);
      marked = tryEval ((v.meta.broken or false) == true);
    in
    if !value.success || !derivation.success then { status = "broken"; }
    else if !derivation.value || !(v ? pname) || isInterpreter v then { status = "skip"; }
    else if !fields.success || !marked.success || marked.value then { status = "broken"; }
    else if fields.value == null then { status = "skip"; }
    else fields.value // { status = "package"; };

  inspected = map (attr: { inherit attr; result = inspect attr; }) (attrNames plain);
  packages = filter (e: e.result.status == "package") inspected;
  byName = groupBy (e: e.result.name) packages;

  inspectAlias = attr:
    let
      value = tryEval set.${attr};
      v = value.value;
      derivation = isDerivation v;
      name = strict (v.name or null);
      out = strict v.outPath;
      candidates =
        if name.success && isString name.value
        then map (e: e.attr) (byName.${name.value} or [ ]) else [ ];
      sameOut = c: let o = strict set.${c}.outPath; in o.success && o.value == out.value;
    in
    if !value.success || !derivation.success then { status = "broken"; }
    else if !derivation.value then { status = "skip"; }
    else {
      status = "alias";
      inherit candidates;
      outPathKnown = out.success;
      matches = if out.success then filter sameOut candidates else [ ];
    };

  aliases = map (attr: { inherit attr; result = inspectAlias attr; })
    (filter (attr: !(hasAttr attr plain)) (attrNames set));
  trivial = withAliases.lib.trivial or { };
  revision = tryEval (
    if trivial ? revisionWithDefault then trivial.revisionWithDefault null else null);
in
{
  python = {
    attr = pythonAttr;
    version = python.version;
    implementation = python.implementation or null;
  };
  revision = if revision.success then revision.value else null;
  packages = listToAttrs (map (e: {
    name = e.attr;
    value = { inherit (e.result) pname version; };
  }) packages);
  aliases = listToAttrs (map (e: {
    name = e.attr;
    value = { inherit (e.result) candidates matches outPathKnown; };
  }) (filter (e: e.result.status == "alias") aliases));
  broken = map (e: e.attr) (filter (e: e.result.status == "broken") (inspected ++ aliases));
}
"""


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/pynix/snapshots``, or ``~/.cache/pynix/snapshots``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pynix" / "snapshots"


def take_snapshot(
    *,
    nixpkgs: Path | None = None,
    flake: str | None = None,
    python_attr: str = "python3",
    cache_dir: Path | None = None,
) -> Snapshot:
    """Snapshot ``<python_attr>.pkgs`` of a nixpkgs directory, a flake, or ``<nixpkgs>``.

    Give at most one of ``nixpkgs`` (a nixpkgs source directory) and
    ``flake`` (a flake reference such as ``github:NixOS/nixpkgs/nixos-24.11``);
    with neither, ``<nixpkgs>`` is looked up in ``NIX_PATH``. A snapshot of
    the same source is read from ``cache_dir`` (default
    :func:`default_cache_dir`) instead of evaluating again.

    Raises :class:`~pynix.errors.InvalidArgument` for a bad argument,
    :class:`~pynix.errors.ToolMissing` when ``nix-instantiate`` (or ``nix``,
    for a flake) is not installed, :class:`~pynix.errors.CommandFailed` when
    the evaluation fails.
    """
    if nixpkgs is not None and flake is not None:
        raise InvalidArgument("give either a nixpkgs directory or a flake reference, not both")
    if not _ATTR_NAME.match(python_attr):
        raise InvalidArgument("not a Nix attribute name", text=python_attr)
    revision: str | None = None
    if flake is not None:
        path, revision = _resolve_flake(flake)
    elif nixpkgs is not None:
        path = nixpkgs.resolve()
        if not path.is_dir():
            raise InvalidArgument("not a nixpkgs directory", text=str(nixpkgs))
    else:
        path = _find_nixpkgs()

    cache = _cache_file(cache_dir or default_cache_dir(), path, python_attr, revision)
    cached = _read_cache(cache)
    if cached is not None:
        return cached
    snapshot = _evaluate(path, python_attr, revision)
    # A cache that cannot be written only costs the next run an evaluation.
    with contextlib.suppress(PynixError):
        write_files({cache: snapshot_to_json(snapshot)}, force=True)
    return snapshot


# --- running nix -------------------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ToolMissing(f"`{name}` is not on PATH; {_INSTALL}")
    return found


def _run(name: str, args: list[str], *, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [_tool(name), *args],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
        env=env,
    )
    if result.returncode != 0:
        summary = _summarize(result.stderr) or f"exit status {result.returncode}"
        raise CommandFailed(f"{name} failed: {summary}")
    return result.stdout


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_LONGEST = 300


def _summarize(stderr: str) -> str:
    """One line from Nix's error output: the last ``error:`` message and where it happened.

    >>> _summarize("error: undefined variable 'x'\\n\\n       at /p/default.nix:1:1:\\n")
    "undefined variable 'x' (at /p/default.nix:1:1)"
    """
    lines = [_ANSI.sub("", line).strip() for line in stderr.splitlines()]
    starts = [i for i, line in enumerate(lines) if line.startswith("error:")]
    if not starts:
        rest = [line for line in lines if line]
        return rest[-1][:_LONGEST] if rest else ""
    first = starts[-1]
    following = [line for line in lines[first + 1 :] if line]
    message = lines[first].removeprefix("error:").strip()
    if not message and following:
        message = following.pop(0)
    where = next((ln for ln in following if ln.startswith("at ") and ln.endswith(":")), None)
    if where is not None:
        message = f"{message} ({where[:-1]})"
    return message[:_LONGEST]


def _resolve_flake(ref: str) -> tuple[Path, str | None]:
    expression = (
        'let flake = builtins.getFlake (builtins.getEnv "PYNIX_FLAKE_REF"); '
        "in { path = flake.outPath; revision = flake.rev or null; }"
    )
    output = _run(
        "nix",
        [*_FLAKES, "eval", "--json", "--impure", "--expr", expression],
        env={**os.environ, "PYNIX_FLAKE_REF": ref},
    )
    data = _decode(output, "nix")
    path, revision = data.get("path"), data.get("revision")
    if not isinstance(path, str) or not (revision is None or isinstance(revision, str)):
        raise CommandFailed(f"nix returned an unexpected answer for flake {ref!r}")
    return Path(path), revision


def _find_nixpkgs() -> Path:
    try:
        found = _run("nix-instantiate", ["--find-file", "nixpkgs"]).strip()
    except CommandFailed as error:
        error.hint = "give a nixpkgs directory or a flake reference"
        raise
    return Path(found).resolve()


def _evaluate(path: Path, python_attr: str, revision: str | None) -> Snapshot:
    args = ["--eval", "--strict", "--json", "--readonly-mode", "--expr", _WALK]
    args += ["--argstr", "nixpkgsPath", str(path), "--argstr", "pythonAttr", python_attr]
    raw = _decode(_run("nix-instantiate", args), "nix-instantiate")
    try:
        return parse_snapshot(_assemble(raw, path=str(path), revision=revision))
    except (InvalidSnapshot, KeyError, TypeError, AttributeError) as error:
        raise CommandFailed(
            f"nix-instantiate returned an unexpected package set: {error}"
        ) from None


def _decode(output: str, name: str) -> dict[str, Any]:
    try:
        data = json.loads(output)
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        raise CommandFailed(f"{name} did not print a JSON object")
    return data


def _assemble(raw: dict[str, Any], *, path: str, revision: str | None) -> dict[str, Any]:
    """The snapshot document for what the walk returned (see the module docstring)."""
    aliases: dict[str, str] = {}
    for alias, info in raw["aliases"].items():
        matches, candidates = info["matches"], info["candidates"]
        if matches:
            aliases[alias] = min(matches, key=preference)
        elif not info["outPathKnown"] and len(candidates) == 1:
            aliases[alias] = candidates[0]
    return {
        "schema": SCHEMA,
        "nixpkgs": {"revision": revision or raw["revision"], "path": path},
        "python": raw["python"],
        "packages": raw["packages"],
        "aliases": aliases,
        "broken": sorted(set(raw["broken"])),
    }


# --- the cache ---------------------------------------------------------------------------


def _store_dir() -> Path:
    return Path(os.environ.get("NIX_STORE_DIR", "/nix/store"))


def _identity(path: Path) -> str:
    """What changes when the nixpkgs at ``path`` may evaluate differently."""
    if path.is_relative_to(_store_dir()):
        return str(path)  # Store paths never change.
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        for name in sorted(files):
            _stat_into(digest, Path(root, name), path)
    for name in (".git/HEAD", ".git/index"):
        _stat_into(digest, path / name, path)
    return f"{path}#{digest.hexdigest()}"


def _stat_into(digest: Any, file: Path, root: Path) -> None:
    try:
        info = file.lstat()
    except OSError:
        return
    digest.update(f"{file.relative_to(root)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())


def _cache_file(cache_dir: Path, path: Path, python_attr: str, revision: str | None) -> Path:
    key = {
        "nixpkgs": _identity(path),
        "revision": revision,
        "python": python_attr,
        "system": [platform.machine(), sys.platform],
        "walk": hashlib.sha256(_WALK.encode()).hexdigest(),
    }
    name = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:32]
    return cache_dir / f"{name}.json"


def _read_cache(file: Path) -> Snapshot | None:
    try:
        return parse_snapshot(json.loads(file.read_text(encoding="utf-8")), file=str(file))
    except (OSError, ValueError):
        return None  # Absent, or damaged: take the snapshot again.
