"""The metadata keys of ``[tool.poetry]`` (name, version, authors, urls, scripts) as model fields.

Poetry 1 writes ``authors`` as ``"Name <email>"`` strings, which is already
the model's form; ``homepage``/``repository``/``documentation`` become URLs
with those labels; ``scripts`` values are ``"module:function"`` strings or
tables (``{callable = "...", extras = [...]}``, or ``{reference = "bin/x",
type = "file"}`` for a file copied as is, which is not an entry point and is
left out); ``plugins`` are entry-point groups.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pynix.errors import PynixError
from pynix.formats._toml_paths import (
    child,
    expect_list,
    expect_str,
    expect_str_list,
    expect_str_table,
    expect_table,
    invalid,
    item,
    optional,
)
from pynix.model.project import frozen_mapping
from pynix.standards.names import is_valid_name
from pynix.standards.versions import parse_version

__all__ = ["poetry_metadata"]

_PATH = "tool.poetry"
_URL_KEYS = (
    ("homepage", "Homepage"),
    ("repository", "Repository"),
    ("documentation", "Documentation"),
)


def poetry_metadata(poetry: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for :class:`~pynix.model.Project` from ``[tool.poetry]`` metadata."""
    name = optional(poetry, "name", _PATH, expect_str)
    if name is not None and not is_valid_name(name):
        raise invalid(child(_PATH, "name"), f"{name!r} is not a valid project name")
    version = optional(poetry, "version", _PATH, expect_str)
    if version is not None:
        try:
            parse_version(version)
        except PynixError as error:
            raise error.at(key=child(_PATH, "version")) from None
    urls = {label: optional(poetry, key, _PATH, expect_str) for key, label in _URL_KEYS}
    urls.update(optional(poetry, "urls", _PATH, expect_str_table) or {})
    readme = poetry.get("readme")
    if readme is not None and not isinstance(readme, str):
        expect_str_list(readme, child(_PATH, "readme"))
    optional(poetry, "maintainers", _PATH, expect_str_list)
    _check_packages(poetry)
    plugins_path = child(_PATH, "plugins")
    plugins = {
        group: frozen_mapping(expect_str_table(entries, child(plugins_path, group)))
        for group, entries in expect_table(poetry.get("plugins", {}), plugins_path).items()
    }
    return {
        "name": name,
        "version": version,
        "description": optional(poetry, "description", _PATH, expect_str),
        "license": optional(poetry, "license", _PATH, expect_str),
        "authors": optional(poetry, "authors", _PATH, expect_str_list) or (),
        "keywords": optional(poetry, "keywords", _PATH, expect_str_list) or (),
        "classifiers": optional(poetry, "classifiers", _PATH, expect_str_list) or (),
        "urls": frozen_mapping({k: v for k, v in urls.items() if v is not None}),
        "scripts": frozen_mapping(_scripts(poetry)),
        "entry_points": frozen_mapping(plugins),
    }


def _scripts(poetry: Mapping[str, Any]) -> dict[str, str]:
    path = child(_PATH, "scripts")
    scripts: dict[str, str] = {}
    for name, value in expect_table(poetry.get("scripts", {}), path).items():
        script_path = child(path, name)
        if isinstance(value, str):
            scripts[name] = value
            continue
        table = expect_table(value, script_path)
        if optional(table, "type", script_path, expect_str) == "file":
            continue
        if "callable" not in table:
            raise invalid(child(script_path, "callable"), "missing; a script table needs one")
        target = expect_str(table["callable"], child(script_path, "callable"))
        extras = optional(table, "extras", script_path, expect_str_list)
        scripts[name] = f"{target} [{', '.join(extras)}]" if extras else target
    return scripts


def _check_packages(poetry: Mapping[str, Any]) -> None:
    """``packages`` only says which files go into the wheel; checked, not kept."""
    path = child(_PATH, "packages")
    for index, entry in enumerate(expect_list(poetry.get("packages", []), path)):
        entry_path = item(path, index)
        table = expect_table(entry, entry_path)
        if "include" not in table:
            raise invalid(
                child(entry_path, "include"), "missing; a package entry names what to include"
            )
        expect_str(table["include"], child(entry_path, "include"))
