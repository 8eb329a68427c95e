"""The facts enrichment caches per artifact, and their JSON form.

Each fact records what the artifact *says* (the text of an sdist's build
files; the dynamic-linking entries of a wheel's shared objects), not what
pynix concludes from it, so the conclusions can improve without a download.
A fact's ``version`` is bumped whenever what is extracted changes; the cache
then treats old facts as missing.

A stored value of an unexpected shape is a miss too, never an error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pynix.enrich.build_systems import SdistBuildFiles
from pynix.enrich.native import BinaryFormat, SharedObject, UnreadableMember, WheelBinaries
from pynix.index import JSON
from pynix.model.project import frozen_mapping

__all__ = [
    "SDIST_FACT",
    "SDIST_FACT_VERSION",
    "WHEEL_FACT",
    "WHEEL_FACT_VERSION",
    "decode_binaries",
    "decode_build_files",
    "encode_binaries",
    "encode_build_files",
]

#: ``{"files": {"pyproject.toml": "<text>", ...}, "undecodable": [...]}``
SDIST_FACT = "sdist-build-files"
SDIST_FACT_VERSION = 1
#: ``{"objects": [{"member", "format", "name", "needed", "rpaths"}], "unreadable": [...]}``
WHEEL_FACT = "wheel-shared-objects"
WHEEL_FACT_VERSION = 1

T = TypeVar("T")


class _Shape(Exception):
    """A stored value that is not what this version writes."""


def encode_build_files(files: SdistBuildFiles) -> JSON:
    return {"files": dict(sorted(files.files.items())), "undecodable": list(files.undecodable)}


def decode_build_files(value: JSON) -> SdistBuildFiles | None:
    try:
        record = _dict(value)
        texts = _dict(record["files"])
        return SdistBuildFiles(
            files=frozen_mapping({name: _str(text) for name, text in texts.items()}),
            undecodable=tuple(_list(record["undecodable"], _str)),
        )
    except (_Shape, KeyError):
        return None


def encode_binaries(binaries: WheelBinaries) -> JSON:
    return {
        "objects": [
            {
                "member": o.member,
                "format": o.format.value,
                "name": o.name,
                "needed": list(o.needed),
                "rpaths": list(o.rpaths),
            }
            for o in binaries.objects
        ],
        "unreadable": [{"member": u.member, "reason": u.reason} for u in binaries.unreadable],
    }


def decode_binaries(value: JSON) -> WheelBinaries | None:
    try:
        record = _dict(value)
        return WheelBinaries(
            objects=tuple(_list(record["objects"], _shared_object)),
            unreadable=tuple(_list(record["unreadable"], _unreadable)),
        )
    except (_Shape, KeyError, ValueError):  # ValueError: an unknown binary format
        return None


def _shared_object(value: JSON) -> SharedObject:
    record = _dict(value)
    name = record["name"]
    return SharedObject(
        member=_str(record["member"]),
        format=BinaryFormat(_str(record["format"])),
        name=None if name is None else _str(name),
        needed=tuple(_list(record["needed"], _str)),
        rpaths=tuple(_list(record["rpaths"], _str)),
    )


def _unreadable(value: JSON) -> UnreadableMember:
    record = _dict(value)
    return UnreadableMember(member=_str(record["member"]), reason=_str(record["reason"]))


def _dict(value: JSON) -> dict[str, JSON]:
    if not isinstance(value, dict):
        raise _Shape
    return value


def _str(value: JSON) -> str:
    if not isinstance(value, str):
        raise _Shape
    return value


def _list(value: JSON, item: Callable[[JSON], T]) -> list[T]:
    if not isinstance(value, list):
        raise _Shape
    return [item(v) for v in value]
