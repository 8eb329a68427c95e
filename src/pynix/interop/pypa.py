"""``pypa.*``: names, tags, wheel and sdist file names, wheel compatibility and selection.

Shapes (pyproject.nix's):

* ``parsePythonTag "cp37"`` is ``{"implementation": "cpython", "version": "37"}``
  (``version`` is ``null`` for a bare ``py``);
* ``parseABITag`` returns the tag itself;
* ``parseWheelFileName`` is ``{"abiTags", "buildTag", "distribution",
  "filename", "languageTags", "platformTags", "version"}`` with the name,
  version and tags as written and ``languageTags`` parsed;
* ``matchWheelFileName`` is the list of the matched parts: name, version, the
  build tag twice (``"-1"``, ``"1"``) when there is one, then the three dotted
  tag sets; ``null`` for a name that is not a wheel's.

A parsed wheel given back as an argument is read from its ``filename`` when
present, else rebuilt from its fields; other keys (a ``url``, a ``hash``) are
allowed, and ``selectWheels`` returns the objects it was given, best first.

Where pynix answers differently (see :mod:`pynix.standards.tags` and
:mod:`pynix.standards.filenames` for the reasons): file names are validated
(name and version), tags are lower-cased, compatibility is judged on tag
triples, ``linux_<arch>`` platform tags are not portable, and wheels are ranked
by ``packaging``'s tag order.

>>> from pynix.interop import call
>>> call("pypa.matchWheelFileName", "distribution-1.0-1-py27-none-any.whl")
['distribution', '1.0', '-1', '1', 'py27', 'none', 'any']
"""

from __future__ import annotations

from typing import Final

from pynix.errors import PynixError
from pynix.interop._registry import Param, function
from pynix.interop._shapes import (
    JSON,
    Where,
    read_list,
    read_object,
    read_optional_str,
    read_str,
)
from pynix.interop.targets import platform_param, target_param
from pynix.standards.filenames import (
    WheelFileName,
    is_sdist_filename,
    is_wheel_filename,
    parse_wheel_filename,
)
from pynix.standards.names import canonicalize_name
from pynix.standards.platform_tags import is_platform_tag_compatible
from pynix.standards.tags import (
    PythonTag,
    is_abi_tag_compatible,
    is_python_tag_compatible,
    is_wheel_compatible,
    parse_abi_tag,
    parse_python_tag,
    select_wheels,
)
from pynix.standards.targets import Platform, Target

__all__ = ["python_tag_from_json", "python_tag_to_json", "wheel_from_json", "wheel_to_json"]

WHEEL_KEYS: Final = (
    "abiTags",
    "buildTag",
    "distribution",
    "filename",
    "languageTags",
    "platformTags",
    "version",
)


def python_tag_to_json(tag: PythonTag) -> dict[str, JSON]:
    """``{"implementation": ..., "version": ...}`` of a parsed Python tag."""
    return {"implementation": tag.implementation, "version": tag.version}


def python_tag_from_json(value: JSON, where: Where) -> PythonTag:
    """Read a parsed Python tag back (and check that it spells a valid tag)."""
    fields = read_object(value, where, "a parsed Python tag", ("implementation", "version"))
    if "implementation" not in fields:
        raise where.fail("a parsed Python tag needs 'implementation'")
    tag = PythonTag(
        implementation=read_str(fields["implementation"], where / "implementation"),
        version=read_optional_str(fields.get("version"), where / "version"),
    )
    try:
        return parse_python_tag(str(tag))
    except PynixError as error:
        raise where.locate(error) from None


def wheel_to_json(wheel: WheelFileName) -> dict[str, JSON]:
    """pyproject.nix's ``parseWheelFileName`` shape of a parsed wheel file name."""
    return {
        "abiTags": list(wheel.abi_tags),
        "buildTag": wheel.build_tag,
        "distribution": wheel.distribution,
        "filename": wheel.filename,
        "languageTags": [python_tag_to_json(parse_python_tag(t)) for t in wheel.python_tags],
        "platformTags": list(wheel.platform_tags),
        "version": wheel.version_text,
    }


def wheel_from_json(value: JSON, where: Where) -> WheelFileName:
    """Read a parsed wheel back: from its ``filename``, or rebuilt from its fields."""
    # Other keys are allowed and kept: callers decorate parsed wheels (url, hash) and
    # selectWheels hands the same objects back.
    fields = read_object(value, where, "a parsed wheel file name")
    if "filename" in fields:
        return _parse_wheel(read_str(fields["filename"], where / "filename"), where / "filename")
    missing = [k for k in WHEEL_KEYS if k not in fields and k not in ("filename", "buildTag")]
    if missing:
        raise where.fail(
            "a parsed wheel file name needs 'filename' or the parts it is made of;"
            f" missing: {', '.join(missing)}"
        )
    parts = [
        read_str(fields["distribution"], where / "distribution"),
        read_str(fields["version"], where / "version"),
    ]
    build = read_optional_str(fields.get("buildTag"), where / "buildTag")
    if build is not None:
        parts.append(build)
    languages = read_list(fields["languageTags"], where / "languageTags")
    parts.append(
        ".".join(
            str(python_tag_from_json(tag, where / "languageTags" / i))
            for i, tag in enumerate(languages)
        )
    )
    for key in ("abiTags", "platformTags"):
        tags = read_list(fields[key], where / key, "a list of strings")
        parts.append(".".join(read_str(t, where / key / i) for i, t in enumerate(tags)))
    return _parse_wheel("-".join(parts) + ".whl", where)


def _parse_wheel(name: str, where: Where) -> WheelFileName:
    try:
        return parse_wheel_filename(name)
    except PynixError as error:
        raise where.locate(error) from None


def _wheel_name(value: JSON, where: Where) -> WheelFileName:
    return _parse_wheel(read_str(value, where, "a wheel file name"), where)


def _python_tag_text(value: JSON, where: Where) -> PythonTag:
    text = read_str(value, where, "a Python tag")
    try:
        return parse_python_tag(text)
    except PynixError as error:
        raise where.locate(error) from None


def _abi_tag(value: JSON, where: Where) -> str:
    text = read_str(value, where, "an ABI tag")
    try:
        return str(parse_abi_tag(text))
    except PynixError as error:
        raise where.locate(error) from None


def _platform_tag(value: JSON, where: Where) -> str:
    text = read_str(value, where, "a platform tag")
    if not text:
        raise where.error("a platform tag", text)
    return text


def _wheels(value: JSON, where: Where) -> list[tuple[WheelFileName, JSON]]:
    files = read_list(value, where, "a list of parsed wheel file names")
    return [(wheel_from_json(file, where / i), file) for i, file in enumerate(files)]


@function("pypa.normalizePackageName", Param(name="name", convert=read_str))
def normalize_package_name(name: str) -> JSON:
    return canonicalize_name(name)


@function("pypa.parsePythonTag", Param(name="tag", convert=_python_tag_text))
def parse_python_tag_json(tag: PythonTag) -> JSON:
    return python_tag_to_json(tag)


@function("pypa.parseABITag", Param(name="tag", convert=_abi_tag))
def parse_abi_tag_json(tag: str) -> JSON:
    return tag


@function("pypa.isSdistFileName", Param(name="name", convert=read_str))
def is_sdist_file_name(name: str) -> JSON:
    # pyproject.nix knows the two PEP 625 extensions only.
    return is_sdist_filename(name, legacy=False)


@function("pypa.isWheelFileName", Param(name="name", convert=read_str))
def is_wheel_file_name(name: str) -> JSON:
    return is_wheel_filename(name)


@function("pypa.matchWheelFileName", Param(name="name", convert=read_str))
def match_wheel_file_name(name: str) -> JSON:
    if not is_wheel_filename(name):
        return None
    wheel = parse_wheel_filename(name)
    parts: list[JSON] = [wheel.distribution, wheel.version_text]
    if wheel.build_tag is not None:
        parts.extend([f"-{wheel.build_tag}", wheel.build_tag])
    parts.extend(
        ".".join(tags) for tags in (wheel.python_tags, wheel.abi_tags, wheel.platform_tags)
    )
    return parts


@function("pypa.parseWheelFileName", Param(name="name", convert=_wheel_name))
def parse_wheel_file_name(wheel: WheelFileName) -> JSON:
    return wheel_to_json(wheel)


@function(
    "pypa.isABITagCompatible",
    target_param("python"),
    Param(name="abiTag", convert=_abi_tag),
)
def is_abi_tag_compatible_json(target: Target, tag: str) -> JSON:
    return is_abi_tag_compatible(tag, target.interpreter)


@function(
    "pypa.isPlatformTagCompatible",
    platform_param("platform"),
    platform_param("libc"),
    Param(name="platformTag", convert=_platform_tag),
)
def is_platform_tag_compatible_json(platform: Platform, _libc: Platform, tag: str) -> JSON:
    return is_platform_tag_compatible(tag, platform)


@function(
    "pypa.isPythonTagCompatible",
    target_param("python"),
    Param(name="pythonTag", convert=python_tag_from_json),
)
def is_python_tag_compatible_json(target: Target, tag: PythonTag) -> JSON:
    return is_python_tag_compatible(tag, target.interpreter)


@function(
    "pypa.isWheelFileCompatible",
    target_param("platform"),
    target_param("libc"),
    target_param("python"),
    Param(name="file", convert=wheel_from_json),
)
def is_wheel_file_compatible(
    _platform: Target, _libc: Target, target: Target, wheel: WheelFileName
) -> JSON:
    return is_wheel_compatible(wheel, target)


@function(
    "pypa.selectWheels",
    target_param("platform"),
    target_param("python"),
    Param(name="files", convert=_wheels),
)
def select_wheels_json(
    _platform: Target, target: Target, files: list[tuple[WheelFileName, JSON]]
) -> JSON:
    given = {id(wheel): file for wheel, file in files}
    return [given[id(wheel)] for wheel in select_wheels([w for w, _ in files], target)]
