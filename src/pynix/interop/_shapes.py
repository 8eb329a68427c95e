"""JSON values, argument locations and the version shape that several namespaces share.

Arguments arrive as JSON (``json.loads`` output, or the same built by hand in
Python). The readers here check one value's type and raise
:class:`~pynix.errors.InvalidArgument` located at the argument and the key
path inside it (``argument 2, release[1]: expected an integer, got "x"``).

pyproject.nix's parsed version (``pep440.parseVersion``) is the shape most
other shapes contain::

    {
        "dev": null,
        "epoch": 0,
        "local": null,
        "post": null,
        "pre": {"type": "rc", "value": 1},
        "release": [3, 0, 0],
        "str": "3.0.0rc1",
    }

Reading one back, ``str`` (the text as written) is authoritative when present;
otherwise the text is rebuilt from the fields. A release may end in ``"*"``
only inside a version specifier (``==1.0.*``).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from typing import Final, TypeAlias

from packaging.version import Version

from pynix.errors import InvalidArgument, Location, PynixError
from pynix.standards.versions import parse_version

__all__ = [
    "JSON",
    "VERSION_KEYS",
    "Where",
    "describe",
    "read_bool",
    "read_int",
    "read_list",
    "read_object",
    "read_optional_str",
    "read_str",
    "spec_version_to_json",
    "version_from_json",
    "version_text_from_json",
    "version_to_json",
]

# What json.loads returns, and what every interop function takes and gives back.
JSON: TypeAlias = "bool | int | float | str | list[JSON] | dict[str, JSON] | None"

VERSION_KEYS: Final = ("dev", "epoch", "local", "post", "pre", "release", "str")
_PLAIN_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_SHOWN_CHARS: Final = 40


@dataclasses.dataclass(frozen=True, slots=True)
class Where:
    """Where a value sits: an argument position (from 1) and a key path inside it.

    >>> str(Where(argument=2) / "languageTags" / 0 / "version")
    'argument 2, languageTags[0].version'
    >>> str(Where() / "build-system" / "requires" / 3)
    'build-system.requires[3]'
    """

    argument: int | None = None
    path: tuple[str | int, ...] = ()

    def __truediv__(self, key: str | int) -> Where:
        return Where(self.argument, (*self.path, key))

    def __str__(self) -> str:
        path = "".join(_path_part(key, first=i == 0) for i, key in enumerate(self.path))
        if self.argument is None:
            return path
        return f"argument {self.argument}, {path}" if path else f"argument {self.argument}"

    def error(self, expected: str, value: object) -> InvalidArgument:
        """``expected <what>, got <value>``, located here."""
        return InvalidArgument(f"expected {expected}, got {describe(value)}", location=self.at)

    def fail(
        self, message: str, *, hint: str | None = None, kind: type[PynixError] = InvalidArgument
    ) -> PynixError:
        """Any other message about the value here (an :class:`InvalidArgument` unless ``kind``)."""
        return kind(message, location=self.at, hint=hint)

    def locate(self, error: PynixError) -> PynixError:
        """``error`` (from a parser of the standards layer) located here.

        A key path the error already has goes after this one:
        ``argument 1, project.name`` (``argument 1`` alone, then a comma).
        """
        inner = error.location.key
        if inner and not self.path and self.argument is not None:
            error.location = dataclasses.replace(error.location, key=f"{self}, {inner}")
            return error
        return error.at(key=str(self) or None)

    @property
    def at(self) -> Location:
        return Location(key=str(self) or None)


def _path_part(key: str | int, *, first: bool) -> str:
    if isinstance(key, int):
        return f"[{key}]"
    if _PLAIN_KEY.fullmatch(key) is None:
        return f"[{json.dumps(key, ensure_ascii=False)}]"
    return key if first else f".{key}"


def describe(value: object) -> str:
    """A short description of a JSON value for messages.

    >>> describe({"a": 1}), describe([]), describe(None), describe("x"), describe(True)
    ('an object', 'a list', 'null', '"x"', 'true')
    """
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None or isinstance(value, bool | int | float | str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 3] + "..."
    return f"a Python {type(value).__name__} (not JSON)"


def read_str(value: JSON, where: Where, what: str = "a string") -> str:
    if not isinstance(value, str):
        raise where.error(what, value)
    return value


def read_optional_str(value: JSON, where: Where, what: str = "a string or null") -> str | None:
    return None if value is None else read_str(value, where, what)


def read_bool(value: JSON, where: Where) -> bool:
    if not isinstance(value, bool):
        raise where.error("true or false", value)
    return value


def read_int(value: JSON, where: Where, what: str = "a non-negative integer") -> int:
    # bool is an int in Python, never in JSON.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise where.error(what, value)
    return value


def read_list(value: JSON, where: Where, what: str = "a list") -> list[JSON]:
    if not isinstance(value, list):
        raise where.error(what, value)
    return value


def read_object(
    value: JSON, where: Where, what: str, keys: Iterable[str] | None = None
) -> Mapping[str, JSON]:
    """``value`` as an object; with ``keys``, a key outside them is an error."""
    if not isinstance(value, dict):
        raise where.error(what, value)
    allowed = None if keys is None else tuple(keys)
    for key in value:
        if not isinstance(key, str):
            raise where.error(f"{what} with string keys", value)
        if allowed is not None and key not in allowed:
            raise (where / key).fail(
                f"unknown key in {what}", hint="known keys: " + ", ".join(allowed)
            )
    return value


def version_to_json(version: Version, text: str) -> dict[str, JSON]:
    """pyproject.nix's shape of a parsed version; ``text`` is kept as ``str``.

    >>> from packaging.version import Version
    >>> version_to_json(Version("1!2.0rc1.post3"), "1!2.0rc1.post3")["pre"]
    {'type': 'rc', 'value': 1}
    """
    return {
        "dev": None if version.dev is None else {"type": "dev", "value": version.dev},
        "epoch": version.epoch,
        "local": version.local,
        "post": None if version.post is None else {"type": "post", "value": version.post},
        "pre": None if version.pre is None else {"type": version.pre[0], "value": version.pre[1]},
        "release": list(version.release),
        "str": text,
    }


def spec_version_to_json(text: str, where: Where) -> dict[str, JSON]:
    """The shape of the version of a specifier, where ``1.0.*`` has the release ``[1, 0, "*"]``.

    >>> spec_version_to_json("1.0.*", Where())["release"]
    [1, 0, '*']
    """
    wildcard = text.endswith(".*")
    try:
        version = parse_version(text[:-2] if wildcard else text)
    except PynixError as error:
        raise where.locate(error) from None
    shape = version_to_json(version, text)
    if wildcard:
        shape["release"] = [*version.release, "*"]
    return shape


def version_from_json(value: JSON, where: Where) -> Version:
    """Read a parsed-version shape back into a ``packaging`` version."""
    text = version_text_from_json(value, where)
    try:
        return parse_version(text)
    except PynixError as error:
        raise where.locate(error) from None


def version_text_from_json(value: JSON, where: Where, *, wildcard: bool = False) -> str:
    """The version text of a parsed-version shape: its ``str``, or rebuilt from its fields.

    With ``wildcard``, the release may end in ``"*"`` (the version of ``==1.0.*``).

    >>> version_text_from_json({"release": [1, 0], "pre": {"type": "rc", "value": 1}}, Where())
    '1.0rc1'
    """
    fields = read_object(value, where, "a parsed version", VERSION_KEYS)
    if "str" in fields:
        return read_str(fields["str"], where / "str")
    if "release" not in fields:
        raise where.fail("a parsed version needs 'str' or 'release'")
    text = ""
    epoch = read_int(fields.get("epoch", 0), where / "epoch")
    if epoch:
        text += f"{epoch}!"
    release = read_list(fields["release"], where / "release", "a list of integers")
    if not release:
        raise (where / "release").fail("a version has at least one release number")
    parts: list[str] = []
    for index, number in enumerate(release):
        if wildcard and number == "*" and index == len(release) - 1:
            parts.append("*")
        else:
            parts.append(str(read_int(number, where / "release" / index)))
    text += ".".join(parts)
    pre = fields.get("pre")
    if pre is not None:
        kind, number = _modifier(pre, where / "pre", None)
        text += f"{kind}{number}"
    for name in ("post", "dev"):
        modifier = fields.get(name)
        if modifier is not None:
            _kind, number = _modifier(modifier, where / name, name)
            text += f".{name}{number}"
    local = read_optional_str(fields.get("local"), where / "local")
    if local is not None:
        text += f"+{local}"
    return text


def _modifier(value: JSON, where: Where, kind: str | None) -> tuple[str, int]:
    what = f'{{"type": "{kind}", "value": N}}' if kind else '{"type": "a"|"b"|"rc", "value": N}'
    fields = read_object(value, where, what, ("type", "value"))
    if "type" not in fields or "value" not in fields:
        raise where.error(what, value)
    found = read_str(fields["type"], where / "type")
    if kind is not None and found != kind:
        raise (where / "type").error(f'"{kind}"', found)
    return found, read_int(fields["value"], where / "value")
