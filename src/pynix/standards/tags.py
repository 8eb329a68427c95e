"""Compatibility tags (PEP 425) and wheel selection for a *target* interpreter and platform.

A wheel says what it needs in three tags: the Python tag (``cp312``: built
for CPython 3.12; ``py3``: any Python 3), the ABI tag (``cp312``: CPython
3.12's ABI; ``abi3``: the stable ABI; ``none``: no compiled code) and the
platform tag (see :mod:`pynix.standards.platform_tags`). An installer lists
the tag triples its interpreter supports, best first, and takes the wheel
whose best triple ranks highest. ``packaging.tags.sys_tags`` lists them for
the running interpreter; :func:`supported_tags` lists the same triples, in
the same order, for a :class:`~pynix.standards.targets.Target` described by
data, reusing ``packaging``'s generators with explicit arguments.

Rules and traps:

* abi3 wheels built for an *older* CPython run on newer ones
  (``cp37-abi3`` on 3.12), ranked below the exact ``cp312-cp312`` tag.
* A free-threaded CPython (3.13t, PEP 703) loads only ``cp313t`` extension
  modules: never ``cp313`` nor ``abi3``. Following ``packaging`` >= 26.1 it
  accepts ``abi3t`` (PEP 803) instead. A GIL CPython never takes ``cp313t``.
  Free threading before 3.13 does not exist and is ignored.
* CPython before 3.8 has the ``m`` ABI flag (``cp37m``); before 3.3 also ``u``
  (``cp27mu``). Debug builds (``d``) are not modelled.
* PyPy's ABI carries its own version: ``pypy310_pp73`` is PyPy 7.3 for Python
  3.10. When ``Interpreter.implementation_version`` is not given, PyPy 7.3 is
  assumed (every PyPy 3 release since 2020).
* Checking the three tags one by one (pyproject.nix's ``isPythonTagCompatible``
  and ``isABITagCompatible``) is weaker than checking triples: on CPython
  3.12 ``py3`` and ``cp312`` each pass, yet no supported triple pairs them
  (``py3-cp312``). The per-tag predicates here say "appears in some
  supported triple"; :func:`is_wheel_compatible` and :func:`select_wheels`
  check triples.

Differences from pyproject.nix's ``pypa`` functions:

* ``parseABITag`` returns the tag verbatim; :func:`parse_abi_tag` splits it
  (``str()`` of the result gives the tag back).
* ``isPythonTagCompatible`` accepts ``cp3``, ``cp31`` and ``cp30`` on
  CPython 3.8; pynix answers as pip does: older ``cpXY`` tags only down to
  ``cp32`` (they come with ``abi3``), and no ``cp3``.
* ``isABITagCompatible`` without ``passthru.pythonABITags`` takes ``abi3``
  and ``cpXY`` on a free-threaded interpreter (its docs call this wrong)
  and also accepts ``any``; pynix does neither.
* ``selectWheels`` prefers an arch-specific macOS wheel over ``universal2``
  and sorts by Python tag only; pynix ranks by ``packaging``'s full order, in
  which ``macosx_10_15_universal2`` beats ``macosx_10_9_x86_64``.

>>> target = Target.parse("x86_64-linux", "3.12")
>>> [str(t) for t in supported_tags(target)[:2]]
['cp312-cp312-manylinux_2_40_x86_64', 'cp312-cp312-manylinux_2_39_x86_64']
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping
from typing import Final

from packaging.tags import Tag, compatible_tags, cpython_tags, generic_tags, pure_python_tags

from pynix.errors import InvalidFileName
from pynix.standards.filenames import WheelFileName

# Re-exported: the three per-tag predicates and the tag lists are one family.
from pynix.standards.platform_tags import is_platform_tag_compatible, platform_tags
from pynix.standards.targets import Interpreter, Target

__all__ = [
    "AbiTag",
    "PythonTag",
    "Tag",
    "abi_tags",
    "best_wheel",
    "is_abi_tag_compatible",
    "is_platform_tag_compatible",
    "is_python_tag_compatible",
    "is_wheel_compatible",
    "parse_abi_tag",
    "parse_python_tag",
    "platform_tags",
    "python_tags",
    "select_wheels",
    "supported_tags",
]

# The PyPA's short implementation names, as pyproject.nix normalizes them.
_LONG_NAMES: Final = {
    "py": "python",
    "cp": "cpython",
    "pp": "pypy",
    "ip": "ironpython",
    "jy": "jython",
}
_SHORT_NAMES: Final = {long: short for short, long in _LONG_NAMES.items()}
_PYTHON_TAG: Final = re.compile(r"([a-z]+)(\d*)")
_ABI_TAG: Final = re.compile(r"([a-z]+)(\d*)([a-z0-9_]*)")
# Every PyPy 3 release since 7.3.0 (2019) shares the pp73 ABI.
_DEFAULT_PYPY_VERSION: Final = (7, 3)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class PythonTag:
    """A Python tag split as pyproject.nix's ``pypa.parsePythonTag`` does.

    ``implementation`` is the long name for the PyPA's short prefixes
    (``cp`` is ``"cpython"``, ``py`` is ``"python"``) and the prefix itself
    otherwise (``"graalpy"``); ``version`` is the digits after it, or
    ``None``. ``str()`` gives the short spelling back, so ``python3`` and
    ``py3`` parse to the same tag.

    >>> str(PythonTag(implementation="cpython", version="37"))
    'cp37'
    """

    implementation: str
    version: str | None

    def __str__(self) -> str:
        return _SHORT_NAMES.get(self.implementation, self.implementation) + (self.version or "")


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class AbiTag:
    """An ABI tag split into its prefix, version digits and the rest.

    ``cp37dmu`` is ``cp`` + ``37`` + ``dmu`` (debug, pymalloc, wide
    unicode); ``cp313t`` has the free-threading flag ``t``;
    ``pypy310_pp73`` is ``pypy`` + ``310`` + ``_pp73``; ``abi3`` is ``abi`` +
    ``3``; ``none`` is just ``none``. pyproject.nix keeps ABI tags as plain
    strings; ``str()`` gives the tag back.
    """

    implementation: str
    version: str | None
    rest: str

    def __str__(self) -> str:
        return f"{self.implementation}{self.version or ''}{self.rest}"


def parse_python_tag(text: str) -> PythonTag:
    """Split one Python tag (``cp37``, ``py3``, ``pp310``, ``graalpy311``).

    Tags are case-insensitive and lower-cased first. Compressed sets such as
    ``py2.py3`` belong to the file name: split them on ``.`` first. Raises
    :class:`~pynix.errors.InvalidFileName` unless the tag is letters followed
    by optional digits.

    >>> parse_python_tag("cp37")
    PythonTag(implementation='cpython', version='37')
    >>> parse_python_tag("py")
    PythonTag(implementation='python', version=None)
    """
    found = _PYTHON_TAG.fullmatch(text.lower())
    if found is None:
        raise InvalidFileName(
            "a Python tag is letters and an optional version, such as 'cp312'",
            text=text,
            span=(0, len(text)),
        )
    prefix, version = found.groups()
    return PythonTag(implementation=_LONG_NAMES.get(prefix, prefix), version=version or None)


def parse_abi_tag(text: str) -> AbiTag:
    """Split one ABI tag (``cp37dmu``, ``cp313t``, ``abi3``, ``none``, ``pypy310_pp73``).

    Lower-cased first; raises :class:`~pynix.errors.InvalidFileName` unless
    the tag starts with letters and goes on with letters, digits and ``_``.

    >>> parse_abi_tag("cp37dmu")
    AbiTag(implementation='cp', version='37', rest='dmu')
    >>> parse_abi_tag("pypy310_pp73")
    AbiTag(implementation='pypy', version='310', rest='_pp73')
    """
    found = _ABI_TAG.fullmatch(text.lower())
    if found is None:
        raise InvalidFileName(
            "an ABI tag starts with letters, such as 'cp312' or 'abi3'",
            text=text,
            span=(0, len(text)),
        )
    prefix, version, rest = found.groups()
    return AbiTag(implementation=prefix, version=version or None, rest=rest)


def abi_tags(interpreter: Interpreter) -> tuple[str, ...]:
    """The ABI tags ``interpreter`` loads, best first.

    >>> abi_tags(Interpreter(version="3.12.4"))
    ('cp312', 'abi3', 'none')
    >>> abi_tags(Interpreter(version="3.13", free_threaded=True))
    ('cp313t', 'abi3t', 'none')
    >>> abi_tags(Interpreter(implementation="pypy", version="3.10"))
    ('pypy310_pp73', 'none')
    """
    own = _own_abi(interpreter)
    if interpreter.implementation != "cpython":
        return (own, "none")
    stable = _stable_abi(interpreter)
    return (own, stable, "none") if stable else (own, "none")


def python_tags(interpreter: Interpreter) -> tuple[str, ...]:
    """The Python tags ``interpreter`` accepts in some supported triple, best first.

    This is the set on a platform with binary wheels; where there are none
    (an architecture without a manylinux policy), older ``cpXY`` tags, which
    only come with ``abi3``, are not part of any triple.

    >>> python_tags(Interpreter(version="3.4"))
    ('cp34', 'cp33', 'cp32', 'py34', 'py3', 'py33', 'py32', 'py31', 'py30')
    >>> python_tags(Interpreter(implementation="pypy", version="3.10"))[:3]
    ('pp310', 'py310', 'py3')
    """
    major, minor = interpreter.major, interpreter.minor
    if interpreter.implementation == "cpython":
        own = [f"cp{major}{minor}"]
        if _stable_abi(interpreter):
            own.extend(f"cp{major}{m}" for m in range(minor - 1, 1, -1))
        extra: list[str] = []
    else:
        own = [f"pp{major}{minor}"]
        extra = [f"pp{major}"]
    generic = [
        f"py{major}{minor}",
        f"py{major}",
        *(f"py{major}{m}" for m in range(minor - 1, -1, -1)),
    ]
    return tuple(dict.fromkeys([*own, *generic, *extra]))


def is_python_tag_compatible(tag: str | PythonTag, interpreter: Interpreter) -> bool:
    """True when some tag triple ``interpreter`` supports has this Python tag.

    >>> cpython = Interpreter(version="3.8")
    >>> [is_python_tag_compatible(t, cpython) for t in ("py3", "cp37", "cp39", "pp3")]
    [True, True, False, False]
    """
    return str(tag).lower() in python_tags(interpreter)


def is_abi_tag_compatible(tag: str | AbiTag, interpreter: Interpreter) -> bool:
    """True when ``interpreter`` loads extension modules built for this ABI tag.

    >>> gil, nogil = Interpreter(version="3.13"), Interpreter(version="3.13", free_threaded=True)
    >>> [is_abi_tag_compatible("cp313t", gil), is_abi_tag_compatible("cp313t", nogil)]
    [False, True]
    """
    return str(tag).lower() in abi_tags(interpreter)


def supported_tags(target: Target, *, allow_linux: bool = False) -> tuple[Tag, ...]:
    """The tag triples ``target`` supports, best first, as ``packaging.tags.sys_tags`` there.

    ``allow_linux`` admits non-portable ``linux_<arch>`` wheels (see
    :mod:`pynix.standards.platform_tags`). Raises
    :class:`~pynix.errors.InvalidArgument` for a malformed libc or SDK version.

    >>> target = Target.parse("aarch64-darwin", "3.11")
    >>> [str(t) for t in supported_tags(target)[:3]]
    ['cp311-cp311-macosx_11_0_arm64', 'cp311-cp311-macosx_11_0_universal2',
     'cp311-cp311-macosx_10_16_universal2']
    >>> str(supported_tags(target)[-1])
    'py30-none-any'
    """
    return tuple(_ranks(target, allow_linux=allow_linux))


def is_wheel_compatible(wheel: WheelFileName, target: Target, *, allow_linux: bool = False) -> bool:
    """True when one of the wheel's tag triples is supported by ``target``.

    >>> from pynix.standards.filenames import parse_wheel_filename
    >>> wheel = parse_wheel_filename("numpy-2.1.0-cp313-cp313t-musllinux_1_2_x86_64.whl")
    >>> is_wheel_compatible(wheel, Target.parse("x86_64-linux", "3.13", free_threaded=True))
    False
    """
    ranks = _ranks(target, allow_linux=allow_linux)
    return any(tag in ranks for tag in wheel.tags)


def select_wheels(
    wheels: Iterable[WheelFileName], target: Target, *, allow_linux: bool = False
) -> list[WheelFileName]:
    """The wheels that run on ``target``, best first.

    Ordered as pip orders them: a newer version first; within a version, the
    wheel whose best tag triple ranks highest in :func:`supported_tags`; then
    the higher build tag; ties keep their input order. Incompatible wheels are
    left out.

    >>> from pynix.standards.filenames import parse_wheel_filename
    >>> names = [
    ...     "cryptography-41.0.1-cp37-abi3-manylinux_2_28_x86_64.whl",
    ...     "cryptography-41.0.1-cp311-cp311-manylinux_2_17_x86_64.whl",
    ...     "cryptography-41.0.1-cp37-abi3-macosx_10_12_universal2.whl",
    ... ]
    >>> picked = select_wheels(
    ...     map(parse_wheel_filename, names), Target.parse("x86_64-linux", "3.11")
    ... )
    >>> [w.filename for w in picked]
    ['cryptography-41.0.1-cp311-cp311-manylinux_2_17_x86_64.whl',
     'cryptography-41.0.1-cp37-abi3-manylinux_2_28_x86_64.whl']
    """
    ranks = _ranks(target, allow_linux=allow_linux)
    ranked: list[tuple[int, WheelFileName]] = []
    for wheel in wheels:
        best = min((ranks[tag] for tag in wheel.tags if tag in ranks), default=None)
        if best is not None:
            ranked.append((best, wheel))
    # Stable sorts, least important key first.
    ranked.sort(key=lambda item: item[1].build, reverse=True)
    ranked.sort(key=lambda item: item[0])
    ranked.sort(key=lambda item: item[1].version, reverse=True)
    return [wheel for _, wheel in ranked]


def best_wheel(
    wheels: Iterable[WheelFileName], target: Target, *, allow_linux: bool = False
) -> WheelFileName | None:
    """The first of :func:`select_wheels`, or ``None`` when no wheel runs on ``target``.

    >>> from pynix.standards.filenames import parse_wheel_filename
    >>> wheel = parse_wheel_filename("torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl")
    >>> target = Target.parse("x86_64-linux", "3.12")
    >>> best_wheel([wheel], target) is None, best_wheel([wheel], target, allow_linux=True) is wheel
    (True, True)
    """
    selected = select_wheels(wheels, target, allow_linux=allow_linux)
    return selected[0] if selected else None


@functools.lru_cache(maxsize=64)
def _ranks(target: Target, *, allow_linux: bool) -> Mapping[Tag, int]:
    interpreter = target.interpreter
    platforms = list(platform_tags(target.platform, allow_linux=allow_linux))
    version = (interpreter.major, interpreter.minor)
    own = _own_abi(interpreter)
    tags: list[Tag] = []
    # packaging falls back to the *host's* platforms when given none: never pass it an empty list.
    if interpreter.implementation == "cpython":
        if platforms:
            tags.extend(cpython_tags(version, abis=[own], platforms=platforms))
        fallback = f"cp{interpreter.major}{interpreter.minor}"
    else:
        if platforms:
            tags.extend(generic_tags(f"pp{interpreter.major}{interpreter.minor}", [own], platforms))
        fallback = f"pp{interpreter.major}"
    if platforms:
        tags.extend(compatible_tags(version, fallback, platforms))
    else:
        tags.append(Tag(fallback, "none", "any"))
        tags.extend(pure_python_tags(version))
    ranks: dict[Tag, int] = {}
    for rank, tag in enumerate(tags):
        ranks.setdefault(tag, rank)
    return ranks


def _own_abi(interpreter: Interpreter) -> str:
    major, minor = interpreter.major, interpreter.minor
    if interpreter.implementation == "pypy":
        pypy = _pypy_version(interpreter)
        if major == 2:
            return f"pypy_{pypy}"
        return f"pypy{major}{minor}_pp{pypy}"
    if _free_threaded(interpreter):
        return f"cp{major}{minor}t"
    flags = ""
    if (major, minor) < (3, 8):
        flags += "m"
    if (major, minor) < (3, 3):
        flags += "u"
    return f"cp{major}{minor}{flags}"


def _stable_abi(interpreter: Interpreter) -> str | None:
    if interpreter.implementation != "cpython" or (interpreter.major, interpreter.minor) < (3, 2):
        return None
    return "abi3t" if _free_threaded(interpreter) else "abi3"


def _free_threaded(interpreter: Interpreter) -> bool:
    return interpreter.free_threaded and (interpreter.major, interpreter.minor) >= (3, 13)


def _pypy_version(interpreter: Interpreter) -> str:
    if interpreter.implementation_version is None:
        major, minor = _DEFAULT_PYPY_VERSION
        return f"{major}{minor}"
    parts = interpreter.implementation_version.split(".")
    return "".join(parts[:2])
