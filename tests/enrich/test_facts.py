"""The cached facts: round trips through JSON, and stored values of the wrong shape are misses."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.enrich._facts import (
    decode_binaries,
    decode_build_files,
    encode_binaries,
    encode_build_files,
)
from pynix.enrich.build_systems import SdistBuildFiles
from pynix.enrich.native import BinaryFormat, SharedObject, UnreadableMember, WheelBinaries
from pynix.index import JSON

BINARIES = WheelBinaries(
    objects=(
        SharedObject(
            member="native_crc/libnativecrc.so",
            format=BinaryFormat.ELF,
            needed=("libcrchelper-5e1f2a3b.so.1", "libz.so.1", "libc.so.6"),
            rpaths=("$ORIGIN/../native_crc.libs",),
        ),
        SharedObject(
            member="pkg/.dylibs/libomp.dylib", format=BinaryFormat.MACHO, name="@rpath/libomp.dylib"
        ),
    ),
    unreadable=(UnreadableMember(member="pkg/bad.so", reason="not an ELF or Mach-O file"),),
)

# Stored values that this version did not write: each is a miss, not an error.
BAD_BINARIES: list[JSON] = [
    None,
    [],
    {"objects": []},
    {"objects": "x", "unreadable": []},
    {"objects": [{"member": "a.so"}], "unreadable": []},
    {
        "objects": [{"member": "a.so", "format": "pe", "name": None, "needed": [], "rpaths": []}],
        "unreadable": [],
    },
    {
        "objects": [{"member": "a.so", "format": "elf", "name": 3, "needed": [], "rpaths": []}],
        "unreadable": [],
    },
    {"objects": [], "unreadable": [{"member": "a.so"}]},
]
BAD_BUILD_FILES: list[JSON] = [
    None,
    "text",
    {"files": {}},
    {"files": {"pyproject.toml": 1}, "undecodable": []},
    {"files": [], "undecodable": []},
    {"files": {}, "undecodable": [1]},
]


def test_binaries_round_trip() -> None:
    encoded = encode_binaries(BINARIES)
    assert decode_binaries(json.loads(json.dumps(encoded))) == BINARIES


def test_build_files_round_trip() -> None:
    files = SdistBuildFiles(
        files={"pyproject.toml": "[build-system]\n"}, undecodable=("setup.cfg",)
    )
    decoded = decode_build_files(json.loads(json.dumps(encode_build_files(files))))
    assert decoded is not None
    assert (dict(decoded.files), decoded.undecodable) == (dict(files.files), files.undecodable)


@pytest.mark.parametrize("value", BAD_BINARIES)
def test_wrong_binaries_are_a_miss(value: JSON) -> None:
    assert decode_binaries(value) is None


@pytest.mark.parametrize("value", BAD_BUILD_FILES)
def test_wrong_build_files_are_a_miss(value: JSON) -> None:
    assert decode_build_files(value) is None


_TEXT = st.text(max_size=20)


@given(
    st.lists(
        st.builds(
            SharedObject,
            member=_TEXT,
            format=st.sampled_from(BinaryFormat),
            name=st.none() | _TEXT,
            needed=st.lists(_TEXT, max_size=4).map(tuple),
            rpaths=st.lists(_TEXT, max_size=2).map(tuple),
        ),
        max_size=4,
    ),
    st.lists(st.builds(UnreadableMember, member=_TEXT, reason=_TEXT), max_size=2),
)
def test_any_binaries_round_trip(
    objects: list[SharedObject], unreadable: list[UnreadableMember]
) -> None:
    binaries = WheelBinaries(objects=tuple(objects), unreadable=tuple(unreadable))
    assert decode_binaries(json.loads(json.dumps(encode_binaries(binaries)))) == binaries
