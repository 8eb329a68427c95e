"""Explanations: the lines ``pynix explain NAME`` will print, for each kind of outcome."""

from __future__ import annotations

from pynix.enrich.explain import ArtifactExplanation, Origin
from pynix.enrich.native import DroppedLibrary, DropReason
from pynix.model.lock import ArtifactKind
from pynix.nixpkgs.sonames import native_inputs

WHEEL = "torch-2.5.1-cp312-cp312-manylinux_2_28_x86_64.whl"


def _wheel(
    origin: Origin,
    *,
    read: tuple[str, ...] = (),
    needed: tuple[str, ...] | None = None,
    dropped: tuple[DroppedLibrary, ...] = (),
) -> ArtifactExplanation:
    return ArtifactExplanation(
        package="torch",
        version="2.5.1",
        filename=WHEEL,
        kind=ArtifactKind.WHEEL,
        origin=origin,
        read=read,
        needed=needed,
        inputs=None if needed is None else native_inputs(needed),
        dropped=dropped,
    )


def test_a_wheel_with_every_kind_of_library() -> None:
    explanation = _wheel(
        Origin.CACHE,
        read=("torch/_C.so", "torch/lib/libtorch_cuda.so"),
        needed=("libcuda.so.1", "libgomp.so.1", "libmystery.so.2"),
        dropped=(
            DroppedLibrary(name="libm.so.6", reason=DropReason.LIBC),
            DroppedLibrary(
                name="libc10.so", reason=DropReason.VENDORED, detail="torch/lib/libc10.so"
            ),
            DroppedLibrary(
                name="libcublas.so.12", reason=DropReason.LOCK, detail="nvidia-cublas-cu12"
            ),
        ),
    )
    assert explanation.describe() == (
        f"{WHEEL}: read from the cache: torch/_C.so, torch/lib/libtorch_cuda.so",
        "  needs libcuda.so.1: provided at run time by the NVIDIA driver",
        "  needs libgomp.so.1: from nixpkgs' stdenv.cc.cc.lib",
        "  needs libmystery.so.2: no known nixpkgs package provides it",
        "  does not need libm.so.6: part of the C library",
        "  does not need libc10.so: shipped in this wheel as torch/lib/libc10.so",
        "  does not need libcublas.so.12: shipped by nvidia-cublas-cu12, locked too",
    )


def test_a_self_contained_wheel() -> None:
    assert _wheel(Origin.NETWORK, read=("a/_ext.so",), needed=()).describe() == (
        f"{WHEEL}: read from the index: a/_ext.so",
        "  needs no library from outside the wheel and the lock",
    )


def test_a_wheel_without_shared_objects() -> None:
    # A platform wheel may carry no shared object at all (an executable under bin/, say).
    assert _wheel(Origin.NETWORK, needed=()).describe() == (
        f"{WHEEL}: read from the index: nothing relevant in it",
        "  needs no library from outside the wheel and the lock",
    )


def test_a_skipped_wheel_says_why() -> None:
    explanation = ArtifactExplanation(
        package="torch",
        version="2.5.1",
        filename="torch-2.5.1-cp312-none-macosx_11_0_arm64.whl",
        kind=ArtifactKind.WHEEL,
        origin=Origin.SKIPPED,
        note="not chosen for any target",
    )
    assert explanation.describe() == (
        "torch-2.5.1-cp312-none-macosx_11_0_arm64.whl: not read (not chosen for any target)",
    )
