"""The soname table: lookups, the C library, run-time-provided libraries, and the table's shape."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.nixpkgs import sonames
from pynix.nixpkgs.sonames import (
    LIBC,
    NVIDIA_DRIVER,
    RUNTIME_PROVIDED,
    SONAMES,
    NativeInputs,
    attribute,
    is_libc,
    is_macos_system_library,
    native_inputs,
)
from tests.support.nix import nix_eval

# soname -> nixpkgs attribute path, for the libraries wheels need most often.
LOOKUPS = [
    ("libstdc++.so.6", "stdenv.cc.cc.lib"),
    ("libgcc_s.so.1", "stdenv.cc.cc.lib"),
    ("libgomp.so.1", "stdenv.cc.cc.lib"),
    ("libgfortran.so.5", "gfortran.cc.lib"),
    ("libquadmath.so.0", "gfortran.cc.lib"),
    ("libomp.so", "llvmPackages.openmp"),
    ("libz.so.1", "zlib"),
    ("libbz2.so.1.0", "bzip2"),
    ("liblzma.so.5", "xz"),
    ("libzstd.so.1", "zstd"),
    ("libssl.so.3", "openssl"),
    ("libcrypto.so.3", "openssl"),
    ("libssl.so.1.1", "openssl_1_1"),
    ("libcrypto.so.1.1", "openssl_1_1"),
    ("libffi.so.8", "libffi"),
    ("libffi.so.7", "libffi_3_3"),
    ("libxml2.so.2", "libxml2"),
    ("libxslt.so.1", "libxslt"),
    ("libexslt.so.0", "libxslt"),
    ("libjpeg.so.62", "libjpeg"),
    ("libjpeg.so.8", "libjpeg8"),
    ("libpng16.so.16", "libpng"),
    ("libGL.so.1", "libGL"),
    ("libEGL.so.1", "libGL"),
    ("libX11.so.6", "xorg.libX11"),
    ("libX11-xcb.so.1", "xorg.libX11"),
    ("libxcb.so.1", "xorg.libxcb"),
    ("libxcb-icccm.so.4", "xorg.xcbutilwm"),
    ("libXss.so.1", "xorg.libXScrnSaver"),
    ("libglib-2.0.so.0", "glib"),
    ("libfontconfig.so.1", "fontconfig"),
    ("libfreetype.so.6", "freetype"),
    ("libexpat.so.1", "expat"),
    ("libuuid.so.1", "libuuid"),
    ("libsqlite3.so.0", "sqlite"),
    ("libncursesw.so.6", "ncurses"),
    ("libtinfo.so.5", "ncurses5"),
    ("libreadline.so.8", "readline"),
    ("libcrypt.so.1", "libxcrypt"),
    ("libsodium.so.23", "libsodium"),
    ("libzmq.so.5", "zeromq"),
    ("libusb-1.0.so.0", "libusb1"),
    ("libudev.so.1", "udev"),
    ("libasound.so.2", "alsa-lib"),
    ("libomp.dylib", "llvmPackages.openmp"),
    ("libgfortran.5.dylib", "gfortran.cc.lib"),
]

GLIBC = [
    "libc.so.6",
    "libm.so.6",
    "libpthread.so.0",
    "libdl.so.2",
    "librt.so.1",
    "libutil.so.1",
    "libresolv.so.2",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
]

MACOS_SYSTEM = [
    "/usr/lib/libSystem.B.dylib",
    "/usr/lib/libc++.1.dylib",
    "/System/Library/Frameworks/Accelerate.framework/Versions/A/Accelerate",
]
NOT_MACOS_SYSTEM = [
    "@rpath/libomp.dylib",
    "@loader_path/.dylibs/libgfortran.5.dylib",
    "/usr/local/lib/libzstd.1.dylib",  # Homebrew's prefix, not the system's
    "/opt/homebrew/opt/libomp/lib/libomp.dylib",
]

NIX_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_'-]*$")
SONAME = re.compile(r"^(lib[\w+.-]+\.so(\.\d+)*|lib[\w+.-]+\.dylib)$")


@pytest.mark.parametrize(("soname", "attr"), LOOKUPS, ids=[s for s, _ in LOOKUPS])
def test_lookup(soname: str, attr: str) -> None:
    assert attribute(soname) == attr


@pytest.mark.parametrize("soname", GLIBC)
def test_glibc_libraries_are_the_c_library(soname: str) -> None:
    assert is_libc(soname)
    assert attribute(soname) is None
    assert native_inputs([soname]) == NativeInputs(attrs=(), runtime_provided=(), unknown=())


@pytest.mark.parametrize("install_name", MACOS_SYSTEM)
def test_macos_system_libraries(install_name: str) -> None:
    assert is_macos_system_library(install_name)


@pytest.mark.parametrize("install_name", NOT_MACOS_SYSTEM)
def test_other_macos_libraries(install_name: str) -> None:
    assert not is_macos_system_library(install_name)


def test_the_nvidia_driver_is_provided_at_run_time() -> None:
    assert RUNTIME_PROVIDED["libcuda.so.1"] == NVIDIA_DRIVER
    assert RUNTIME_PROVIDED["libnvidia-ml.so.1"] == NVIDIA_DRIVER
    assert attribute("libcuda.so.1") is None


def test_native_inputs_sorts_three_ways() -> None:
    inputs = native_inputs(
        [
            "libz.so.1",
            "libstdc++.so.6",
            "libcuda.so.1",
            "libgcc_s.so.1",
            "libmystery.so.4",
            "libc.so.6",
            "libz.so.1",
            "libmystery.so.4",
            "libnvidia-ml.so.1",
        ]
    )
    assert inputs == NativeInputs(
        attrs=("stdenv.cc.cc.lib", "zlib"),
        runtime_provided=("libcuda.so.1", "libnvidia-ml.so.1"),
        unknown=("libmystery.so.4",),
    )
    attrs, runtime, unknown = inputs  # it unpacks like the tuple it is
    assert (attrs, runtime, unknown) == tuple(inputs)


def test_nothing_in_nothing_out() -> None:
    assert native_inputs([]) == NativeInputs(attrs=(), runtime_provided=(), unknown=())


# --- the table itself ------------------------------------------------------------------------


def test_the_three_outcomes_do_not_overlap() -> None:
    assert not set(SONAMES) & LIBC
    assert not set(SONAMES) & set(RUNTIME_PROVIDED)
    assert not set(RUNTIME_PROVIDED) & LIBC


def test_every_key_is_a_library_file_name() -> None:
    bad = [name for name in SONAMES if not SONAME.match(name)]
    assert bad == []


def test_every_attribute_is_a_nix_attribute_path() -> None:
    bad = [a for a in set(SONAMES.values()) if not all(map(NIX_IDENTIFIER.match, a.split(".")))]
    assert bad == []


def test_the_table_is_sorted_and_sizeable() -> None:
    assert list(SONAMES) == sorted(SONAMES)
    assert len(SONAMES) >= 150


def test_a_soname_in_two_places_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^libz\.so\.1 is provided by both zlib and zlib-ng$"):
        sonames._invert({"zlib": ("libz.so.1",), "zlib-ng": ("libz.so.1",)})


def _nix_attrset(tree: dict[str, object]) -> str:
    """A Nix attribute set of nested dicts with string leaves (plain JSON strings are Nix ones)."""
    entries = []
    for key, value in sorted(tree.items()):
        rendered = _nix_attrset(value) if isinstance(value, dict) else json.dumps(value)
        entries.append(f"{json.dumps(key)} = {rendered};")
    return "{ " + " ".join(entries) + " }"


@pytest.mark.nix
def test_the_attribute_paths_select_in_nix() -> None:
    # Each path, written unquoted after `pkgs.` as a renderer writes it, parses and selects
    # the attribute it names (in a stand-in set built from the paths: no nixpkgs offline).
    paths = sorted(set(SONAMES.values()))
    tree: dict[str, object] = {}
    for path in paths:
        *parents, leaf = path.split(".")
        node = tree
        for part in parents:
            child = node.setdefault(part, {})
            assert isinstance(child, dict)
            node = child
        node[leaf] = path
    selections = " ".join(f"pkgs.{path}" for path in paths)
    assert nix_eval(f"let pkgs = {_nix_attrset(tree)}; in [ {selections} ]") == paths


@given(st.lists(st.sampled_from([*SONAMES, *LIBC, *RUNTIME_PROVIDED, "libx.so.9"]), max_size=20))
def test_every_soname_lands_in_exactly_one_place(names: list[str]) -> None:
    attrs, runtime, unknown = native_inputs(names)
    for name in names:
        places = [
            name in LIBC,
            name in runtime,
            name in unknown,
            SONAMES.get(name) in attrs,
        ]
        assert places.count(True) == 1
