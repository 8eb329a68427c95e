"""``eggs.*``: setuptools egg file names and choosing eggs for a target.

Shapes (pyproject.nix's): ``parseEggFileName`` is ``{"distribution",
"filename", "languageTag": {"implementation", "version"}, "version"}``, where
``languageTag.version`` keeps a platform suffix (``"3.8-linux-x86_64"``);
``matchEggFileName`` is ``[name, version, rest]`` or ``null``.

Eggs have no PEP; setuptools' egg format is the reference. pynix validates
the name and the ``pyX.Y`` part (pyproject.nix takes any ``A-B-C.egg``), and
``selectEggs`` decides as follows, where pyproject.nix takes every egg whose
Python version is not newer than the interpreter's, whatever its platform:

* the egg's language is ``python`` (``py``) or the interpreter's own;
* a pure egg (no platform) built for Python X.Y runs on X.Z for Z >= Y, but
  never across major versions (Python 2 code does not run on 3);
* an egg with a platform holds compiled code: it needs exactly the
  interpreter's X.Y and the target's platform (``linux-<machine>``;
  ``macosx-X.Y-<arch>`` at most the SDK version, ``universal2`` included;
  ``win32``, ``win-amd64``, ``win-arm64``);
* the newest Python version comes first, and at the same version an egg with
  a platform before a pure one; otherwise the input order is kept.

>>> from pynix.interop import call
>>> call("eggs.matchEggFileName", "psycopg2-2.8.6-py3.8-linux-x86_64.egg")
['psycopg2', '2.8.6', 'py3.8-linux-x86_64']
"""

from __future__ import annotations

import re
from typing import Final

from pynix.errors import PynixError
from pynix.interop._registry import Param, function
from pynix.interop._shapes import JSON, Where, read_list, read_object, read_str
from pynix.interop.targets import target_param
from pynix.standards.filenames import EggFileName, is_egg_filename, parse_egg_filename
from pynix.standards.tags import PythonTag
from pynix.standards.targets import Platform, Target

__all__ = ["egg_from_json", "egg_runs_on", "egg_to_json"]

_MACOS: Final = re.compile(r"macosx-(\d+)\.(\d+)-(\w+)")
_WINDOWS: Final = {"i686": "win32", "x86_64": "win-amd64", "aarch64": "win-arm64"}


def egg_to_json(egg: EggFileName) -> dict[str, JSON]:
    """pyproject.nix's ``parseEggFileName`` shape of a parsed egg file name."""
    version = egg.python_version if egg.platform is None else f"{egg.python_version}-{egg.platform}"
    return {
        "distribution": egg.distribution,
        "filename": egg.filename,
        "languageTag": {"implementation": egg.implementation, "version": version},
        "version": egg.version,
    }


def egg_from_json(value: JSON, where: Where) -> EggFileName:
    """Read a parsed egg back: from its ``filename``, or rebuilt from its fields."""
    # Other keys are allowed and kept, as for wheels (see pynix.interop.pypa).
    fields = read_object(value, where, "a parsed egg file name")
    if "filename" in fields:
        return _parse_egg(read_str(fields["filename"], where / "filename"), where / "filename")
    for key in ("distribution", "version", "languageTag"):
        if key not in fields:
            raise where.fail(f"a parsed egg file name needs 'filename' or '{key}'")
    language = read_object(
        fields["languageTag"],
        where / "languageTag",
        "an object with 'implementation' and 'version'",
        ("implementation", "version"),
    )
    if "implementation" not in language or "version" not in language:
        raise (where / "languageTag").error(
            "an object with 'implementation' and 'version'", language
        )
    # str() of a Python tag gives the short prefix back: "python" is "py".
    prefix = str(
        PythonTag(
            implementation=read_str(
                language["implementation"], where / "languageTag" / "implementation"
            ),
            version=None,
        )
    )
    python = read_str(language["version"], where / "languageTag" / "version")
    distribution = read_str(fields["distribution"], where / "distribution")
    version = read_str(fields["version"], where / "version")
    return _parse_egg(f"{distribution}-{version}-{prefix}{python}.egg", where)


def egg_runs_on(egg: EggFileName, target: Target) -> bool:
    """True when ``egg`` can be used by ``target`` (the rules in the module docstring).

    >>> from pynix.standards.targets import Target
    >>> egg = parse_egg_filename("pyasn1_modules-0.2.7-py3.6.egg")
    >>> (
    ...     egg_runs_on(egg, Target.parse("x86_64-linux", "3.8")),
    ...     egg_runs_on(egg, Target.parse("x86_64-linux", "2.7")),
    ... )
    (True, False)
    """
    interpreter = target.interpreter
    if egg.implementation not in ("python", interpreter.implementation):
        return False
    wanted = _major_minor(egg.python_version)
    have = (interpreter.major, interpreter.minor)
    if wanted is None or wanted[0] != have[0]:
        return False
    if egg.platform is None:
        return wanted[1] <= have[1]
    return wanted == have and _platform_matches(egg.platform, target.platform)


def _major_minor(text: str) -> tuple[int, int] | None:
    parts = text.split(".")
    if len(parts) != 2:
        return None
    return int(parts[0]), int(parts[1])


def _platform_matches(egg_platform: str, platform: Platform) -> bool:
    if platform.kernel == "linux":
        return egg_platform == f"linux-{platform.machine}"
    if platform.kernel == "windows":
        return egg_platform == _WINDOWS.get(platform.cpu)
    found = _MACOS.fullmatch(egg_platform)
    if found is None or platform.darwin_sdk_version is None:
        return False
    major, minor, arch = found.groups()
    sdk = tuple(int(part) for part in platform.darwin_sdk_version.split(".")[:2])
    return arch in (platform.machine, "universal2") and (int(major), int(minor)) <= sdk


def _parse_egg(name: str, where: Where) -> EggFileName:
    try:
        return parse_egg_filename(name)
    except PynixError as error:
        raise where.locate(error) from None


def _egg_name(value: JSON, where: Where) -> EggFileName:
    return _parse_egg(read_str(value, where, "an egg file name"), where)


def _eggs(value: JSON, where: Where) -> list[tuple[EggFileName, JSON]]:
    files = read_list(value, where, "a list of parsed egg file names")
    return [(egg_from_json(file, where / i), file) for i, file in enumerate(files)]


@function("eggs.matchEggFileName", Param(name="name", convert=read_str))
def match_egg_file_name(name: str) -> JSON:
    if not is_egg_filename(name):
        return None
    egg = parse_egg_filename(name)
    # The parser has checked the layout; the third part is "pyX.Y[-platform]" as written.
    rest = name[: -len(".egg")].split("-", 2)[2]
    return [egg.distribution, egg.version, rest]


@function("eggs.isEggFileName", Param(name="name", convert=read_str))
def is_egg_file_name(name: str) -> JSON:
    return is_egg_filename(name)


@function("eggs.parseEggFileName", Param(name="name", convert=_egg_name))
def parse_egg_file_name(egg: EggFileName) -> JSON:
    return egg_to_json(egg)


@function("eggs.selectEggs", target_param("python"), Param(name="files", convert=_eggs))
def select_eggs(target: Target, files: list[tuple[EggFileName, JSON]]) -> JSON:
    usable = [(egg, file) for egg, file in files if egg_runs_on(egg, target)]
    # Stable sorts, least important key first.
    usable.sort(key=lambda item: item[0].platform is None)
    usable.sort(key=lambda item: _major_minor(item[0].python_version) or (0, 0), reverse=True)
    return [file for _, file in usable]
