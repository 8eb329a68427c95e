"""Shared libraries a wheel needs, mapped to the nixpkgs packages that provide them.

A binary wheel is installed in Nix by unpacking it and letting
``autoPatchelfHook`` point each ELF file's run path at the libraries it
needs; the hook only finds libraries of the packages in ``buildInputs``.
Lock files say nothing about those libraries, so :mod:`pynix.enrich` reads
the ``DT_NEEDED`` entries of the wheel's shared objects (sonames such as
``libz.so.1``) and this module says which nixpkgs attribute ships each one
(``zlib``). It is data and a lookup, nothing more: the table below was
written from nixpkgs' own package definitions (which outputs hold which
``lib/*.so*``), checked by name against nixpkgs' source.

Three outcomes besides "this attribute":

* **the C library** (:data:`LIBC`): glibc's own libraries (``libc.so.6``,
  ``libm.so.6``, ``libpthread.so.0``, the dynamic loaders, ...) and musl's.
  The hook finds them through the compiler's libc; they are never inputs.
* **provided at run time** (:data:`RUNTIME_PROVIDED`): libraries that must
  come from the machine the program runs on, above all the NVIDIA driver's
  ``libcuda.so.1``. A build cannot have them; renderers list them in
  ``autoPatchelfIgnoreMissingDeps`` and the program finds them through
  ``/run/opengl-driver/lib`` (nixpkgs' ``addDriverRunpath``).
* **unknown**: everything else; enrichment reports each as a finding.

macOS wheels carry Mach-O install names instead of sonames; their libraries
are looked up by file name (``libomp.dylib``) and those under ``/usr/lib/``
and ``/System/`` belong to the operating system (:func:`is_macos_system_library`).

Traps:

* A soname carries the library's ABI version: ``libssl.so.1.1`` and
  ``libssl.so.3`` are different packages (``openssl_1_1``, ``openssl``), and
  ``libjpeg.so.8`` is libjpeg-turbo built with the jpeg8 ABI (``libjpeg8``),
  not the default ``libjpeg`` (``libjpeg.so.62``). Lookups are exact.
* GCC's runtime libraries live in the ``lib`` output of the unwrapped
  compiler (``stdenv.cc.cc.lib``), Fortran's in ``gfortran.cc.lib``; the
  plain attribute would give the compiler.
* nixpkgs moved the X.Org libraries to top-level names (``libx11``) and
  keeps ``xorg.libX11`` as an alias; the ``xorg.*`` spelling works in old and
  new nixpkgs alike, so it is what this table uses.
* glibc in nixpkgs is built without ``libcrypt``: ``libcrypt.so.1`` comes
  from libxcrypt (built with ``--enable-obsolete-api=glibc``), not the C library.

>>> attribute("libz.so.1")
'zlib'
>>> attrs, runtime, unknown = native_inputs(
...     ["libstdc++.so.6", "libcuda.so.1", "libz.so.1", "libfoo.so.3"]
... )
>>> attrs, runtime, unknown
(('stdenv.cc.cc.lib', 'zlib'), ('libcuda.so.1',), ('libfoo.so.3',))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final, NamedTuple

__all__ = [
    "LIBC",
    "MACOS_SYSTEM_PREFIXES",
    "NVIDIA_DRIVER",
    "RUNTIME_PROVIDED",
    "SONAMES",
    "NativeInputs",
    "attribute",
    "is_libc",
    "is_macos_system_library",
    "native_inputs",
]

# nixpkgs attribute path -> the sonames (ELF) and library file names (Mach-O) it provides.
_PROVIDERS: Final[dict[str, tuple[str, ...]]] = {
    # GCC's runtime: the `lib` output of the unwrapped compiler holds libstdc++, libgcc_s,
    # libgomp (OpenMP) and libatomic (none of them is disabled in nixpkgs' native gcc).
    "stdenv.cc.cc.lib": ("libstdc++.so.6", "libgcc_s.so.1", "libgomp.so.1", "libatomic.so.1"),
    # Fortran's runtime, and libquadmath which GCC builds along with Fortran.
    "gfortran.cc.lib": (
        "libgfortran.so.5",
        "libquadmath.so.0",
        "libgfortran.5.dylib",
        "libquadmath.0.dylib",
        "libgcc_s.1.1.dylib",
    ),
    # LLVM's OpenMP runtime; its soname carries no version.
    "llvmPackages.openmp": ("libomp.so", "libomp.dylib"),
    # -- compression ---------------------------------------------------------------------------
    "zlib": ("libz.so.1",),
    # bzip2 installs both spellings of its soname.
    "bzip2": ("libbz2.so.1", "libbz2.so.1.0"),
    "xz": ("liblzma.so.5", "liblzma.5.dylib"),
    "zstd": ("libzstd.so.1", "libzstd.1.dylib"),
    "lz4": ("liblz4.so.1",),
    "snappy": ("libsnappy.so.1",),
    "brotli": ("libbrotlicommon.so.1", "libbrotlidec.so.1", "libbrotlienc.so.1"),
    # -- cryptography and networking -----------------------------------------------------------
    "openssl": ("libssl.so.3", "libcrypto.so.3", "libssl.3.dylib", "libcrypto.3.dylib"),
    # OpenSSL 1.1 is end-of-life; nixpkgs keeps it as an insecure package that
    # must be allowed with `permittedInsecurePackages`.
    "openssl_1_1": ("libssl.so.1.1", "libcrypto.so.1.1"),
    "libsodium": ("libsodium.so.23", "libsodium.so.26", "libsodium.23.dylib", "libsodium.26.dylib"),
    "libgcrypt": ("libgcrypt.so.20",),
    "libgpg-error": ("libgpg-error.so.0",),
    "libssh2": ("libssh2.so.1",),
    "libssh": ("libssh.so.4",),
    "curl": ("libcurl.so.4",),
    # krb5 ships its own libcom_err.
    "krb5": (
        "libkrb5.so.3",
        "libgssapi_krb5.so.2",
        "libk5crypto.so.3",
        "libkrb5support.so.0",
        "libcom_err.so.2",
    ),
    "keyutils": ("libkeyutils.so.1",),
    "nss": ("libnss3.so", "libnssutil3.so", "libsmime3.so", "libssl3.so"),
    "nspr": ("libnspr4.so", "libplc4.so", "libplds4.so"),
    "zeromq": ("libzmq.so.5", "libzmq.5.dylib"),
    "libevent": ("libevent-2.1.so.7", "libevent_core-2.1.so.7", "libevent_pthreads-2.1.so.7"),
    "libuv": ("libuv.so.1",),
    # -- general-purpose libraries -------------------------------------------------------------
    "libffi": ("libffi.so.8", "libffi.8.dylib"),
    # libffi 3.3 (soname 7) is kept for old binaries.
    "libffi_3_3": ("libffi.so.7",),
    # libxml2 2.14 bumped the soname to 16; older nixpkgs ship libxml2.so.2.
    "libxml2": ("libxml2.so.2", "libxml2.so.16", "libxml2.2.dylib"),
    "libxslt": ("libxslt.so.1", "libexslt.so.0", "libxslt.1.dylib", "libexslt.0.dylib"),
    "expat": ("libexpat.so.1",),
    "libyaml": ("libyaml-0.so.2",),
    "pcre2": ("libpcre2-8.so.0", "libpcre2-16.so.0", "libpcre2-32.so.0"),
    "glib": (
        "libglib-2.0.so.0",
        "libgobject-2.0.so.0",
        "libgio-2.0.so.0",
        "libgmodule-2.0.so.0",
        "libgthread-2.0.so.0",
    ),
    "libidn2": ("libidn2.so.0",),
    "libunistring": ("libunistring.so.5",),
    "gmp": ("libgmp.so.10", "libgmpxx.so.4"),
    "mpfr": ("libmpfr.so.6",),
    "libmpc": ("libmpc.so.3",),
    "sqlite": ("libsqlite3.so.0",),
    "gdbm": ("libgdbm.so.6", "libgdbm_compat.so.4"),
    "libarchive": ("libarchive.so.13",),
    # libmagic is part of the `file` package.
    "file": ("libmagic.so.1",),
    "libtool": ("libltdl.so.7",),
    # -- terminals -----------------------------------------------------------------------------
    # nixpkgs' ncurses is the wide-character build and links the narrow names
    # (libncurses, libtinfo, ...) to it.
    "ncurses": (
        "libncursesw.so.6",
        "libncurses.so.6",
        "libtinfo.so.6",
        "libtinfow.so.6",
        "libformw.so.6",
        "libmenuw.so.6",
        "libpanelw.so.6",
        "libform.so.6",
        "libmenu.so.6",
        "libpanel.so.6",
    ),
    # ncurses built with the ABI 5 of old distributions.
    "ncurses5": ("libncurses.so.5", "libncursesw.so.5", "libtinfo.so.5"),
    "readline": ("libreadline.so.8", "libhistory.so.8"),
    "libedit": ("libedit.so.0",),
    # glibc in nixpkgs is built without libcrypt; libxcrypt's glibc-compatible build has it.
    "libxcrypt": ("libcrypt.so.1",),
    # -- system --------------------------------------------------------------------------------
    # `libuuid` is util-linux's library output on Linux.
    "libuuid": ("libuuid.so.1",),
    "util-linux": ("libblkid.so.1", "libmount.so.1"),
    # `udev` is systemd's libudev (nixpkgs' X.Org generator maps the pkg-config name so).
    "udev": ("libudev.so.1",),
    "systemd": ("libsystemd.so.0",),
    "dbus": ("libdbus-1.so.3",),
    "libcap": ("libcap.so.2",),
    "libselinux": ("libselinux.so.1",),
    "libseccomp": ("libseccomp.so.2",),
    "numactl": ("libnuma.so.1",),
    "libusb1": ("libusb-1.0.so.0", "libusb-1.0.0.dylib"),
    "cups": ("libcups.so.2",),
    "libsecret": ("libsecret-1.so.0",),
    "libnotify": ("libnotify.so.4",),
    # -- numerics ------------------------------------------------------------------------------
    "openblas": ("libopenblas.so.0", "libopenblas.0.dylib"),
    # The reference BLAS/LAPACK interfaces; nixpkgs' `blas` also provides CBLAS.
    "blas": ("libblas.so.3", "libcblas.so.3"),
    "lapack": ("liblapack.so.3", "liblapacke.so.3"),
    # -- images and fonts ----------------------------------------------------------------------
    # `libjpeg` is libjpeg-turbo with the default jpeg6b ABI (soname 62) ...
    "libjpeg": ("libjpeg.so.62", "libturbojpeg.so.0", "libjpeg.62.dylib"),
    # ... and `libjpeg8` the same library built with the jpeg8 ABI.
    "libjpeg8": ("libjpeg.so.8", "libjpeg.8.dylib"),
    "libpng": ("libpng16.so.16", "libpng16.16.dylib"),
    # libtiff 4.5 and later (soname 6).
    "libtiff": ("libtiff.so.6",),
    "libwebp": ("libwebp.so.7", "libwebpdemux.so.2", "libwebpmux.so.3", "libsharpyuv.so.0"),
    "lcms2": ("liblcms2.so.2",),
    "openjpeg": ("libopenjp2.so.7",),
    "giflib": ("libgif.so.7",),
    "freetype": ("libfreetype.so.6", "libfreetype.6.dylib"),
    "fontconfig": ("libfontconfig.so.1",),
    "harfbuzz": ("libharfbuzz.so.0",),
    "pixman": ("libpixman-1.so.0",),
    "cairo": ("libcairo.so.2", "libcairo-gobject.so.2"),
    "pango": ("libpango-1.0.so.0", "libpangocairo-1.0.so.0", "libpangoft2-1.0.so.0"),
    "gdk-pixbuf": ("libgdk_pixbuf-2.0.so.0",),
    "gtk3": ("libgtk-3.so.0", "libgdk-3.so.0"),
    # -- graphics ------------------------------------------------------------------------------
    # `libGL` is libglvnd: the vendor-neutral dispatch libraries for GL, EGL and GLES.
    "libGL": (
        "libGL.so.1",
        "libEGL.so.1",
        "libGLX.so.0",
        "libOpenGL.so.0",
        "libGLESv1_CM.so.1",
        "libGLESv2.so.2",
        "libGLdispatch.so.0",
    ),
    "libGLU": ("libGLU.so.1",),
    "libdrm": ("libdrm.so.2",),
    # libgbm left the mesa package for its own attribute in 2024.
    "libgbm": ("libgbm.so.1",),
    "vulkan-loader": ("libvulkan.so.1",),
    "libxkbcommon": ("libxkbcommon.so.0", "libxkbcommon-x11.so.0"),
    "wayland": (
        "libwayland-client.so.0",
        "libwayland-cursor.so.0",
        "libwayland-egl.so.1",
        "libwayland-server.so.0",
    ),
    "SDL2": ("libSDL2-2.0.so.0",),
    "glfw": ("libglfw.so.3",),
    # -- X11 (see the module traps about the `xorg.` spelling) ---------------------------------
    # libX11-xcb is built with libX11.
    "xorg.libX11": ("libX11.so.6", "libX11-xcb.so.1"),
    "xorg.libXext": ("libXext.so.6",),
    "xorg.libXrender": ("libXrender.so.1",),
    "xorg.libXi": ("libXi.so.6",),
    "xorg.libXrandr": ("libXrandr.so.2",),
    "xorg.libXfixes": ("libXfixes.so.3",),
    "xorg.libXcursor": ("libXcursor.so.1",),
    "xorg.libXinerama": ("libXinerama.so.1",),
    "xorg.libXcomposite": ("libXcomposite.so.1",),
    "xorg.libXdamage": ("libXdamage.so.1",),
    "xorg.libXtst": ("libXtst.so.6",),
    "xorg.libXt": ("libXt.so.6",),
    "xorg.libXmu": ("libXmu.so.6",),
    "xorg.libXpm": ("libXpm.so.4",),
    "xorg.libXft": ("libXft.so.2",),
    "xorg.libXau": ("libXau.so.6",),
    "xorg.libXdmcp": ("libXdmcp.so.6",),
    "xorg.libXv": ("libXv.so.1",),
    "xorg.libXxf86vm": ("libXxf86vm.so.1",),
    # The screen saver extension's library is called libXss.
    "xorg.libXScrnSaver": ("libXss.so.1",),
    "xorg.libSM": ("libSM.so.6",),
    "xorg.libICE": ("libICE.so.6",),
    "xorg.libxshmfence": ("libxshmfence.so.1",),
    "xorg.libxkbfile": ("libxkbfile.so.1",),
    # libxcb builds one library per X extension.
    "xorg.libxcb": (
        "libxcb.so.1",
        "libxcb-composite.so.0",
        "libxcb-damage.so.0",
        "libxcb-dpms.so.0",
        "libxcb-dri2.so.0",
        "libxcb-dri3.so.0",
        "libxcb-glx.so.0",
        "libxcb-present.so.0",
        "libxcb-randr.so.0",
        "libxcb-record.so.0",
        "libxcb-render.so.0",
        "libxcb-res.so.0",
        "libxcb-screensaver.so.0",
        "libxcb-shape.so.0",
        "libxcb-shm.so.0",
        "libxcb-sync.so.1",
        "libxcb-xfixes.so.0",
        "libxcb-xinerama.so.0",
        "libxcb-xinput.so.0",
        "libxcb-xkb.so.1",
        "libxcb-xtest.so.0",
        "libxcb-xv.so.0",
    ),
    # The xcb-util family: one attribute per source package.
    "xorg.xcbutil": ("libxcb-util.so.1",),
    "xorg.xcbutilwm": ("libxcb-icccm.so.4", "libxcb-ewmh.so.2"),
    "xorg.xcbutilimage": ("libxcb-image.so.0",),
    "xorg.xcbutilkeysyms": ("libxcb-keysyms.so.1",),
    "xorg.xcbutilrenderutil": ("libxcb-render-util.so.0",),
    "xorg.xcbutilcursor": ("libxcb-cursor.so.0",),
    # -- sound ---------------------------------------------------------------------------------
    "alsa-lib": ("libasound.so.2",),
    "libpulseaudio": ("libpulse.so.0", "libpulse-simple.so.0"),
    "libsndfile": ("libsndfile.so.1",),
    "portaudio": ("libportaudio.so.2",),
    "libogg": ("libogg.so.0",),
    "libvorbis": ("libvorbis.so.0", "libvorbisenc.so.2", "libvorbisfile.so.3"),
    "flac": ("libFLAC.so.12",),
    "libopus": ("libopus.so.0",),
    "lame": ("libmp3lame.so.0",),
    # -- languages -----------------------------------------------------------------------------
    "tcl": ("libtcl8.6.so",),
    "tk": ("libtk8.6.so",),
}


def _invert(providers: Mapping[str, tuple[str, ...]]) -> Mapping[str, str]:
    table: dict[str, str] = {}
    for attr, names in providers.items():
        for name in names:
            if name in table:  # a table error, caught by the test suite at import
                raise ValueError(f"{name} is provided by both {table[name]} and {attr}")
            table[name] = attr
    return MappingProxyType(dict(sorted(table.items())))


#: soname (or Mach-O library file name) → nixpkgs attribute path.
SONAMES: Final[Mapping[str, str]] = _invert(_PROVIDERS)

#: What :data:`RUNTIME_PROVIDED` says of the NVIDIA driver's libraries.
NVIDIA_DRIVER: Final = "the NVIDIA driver"

#: Libraries that only the machine running the program has: soname → who provides them.
RUNTIME_PROVIDED: Final[Mapping[str, str]] = MappingProxyType(
    {
        # The user-space driver libraries: they must match the running kernel module,
        # so nixpkgs finds them at /run/opengl-driver/lib (addDriverRunpath).
        "libcuda.so": NVIDIA_DRIVER,
        "libcuda.so.1": NVIDIA_DRIVER,
        "libnvidia-ml.so.1": NVIDIA_DRIVER,
        "libnvcuvid.so.1": NVIDIA_DRIVER,
        "libnvidia-encode.so.1": NVIDIA_DRIVER,
        "libnvidia-opticalflow.so.1": NVIDIA_DRIVER,
    }
)

#: The C library's own libraries (glibc and musl) and the dynamic loaders: never inputs.
LIBC: Final[frozenset[str]] = frozenset(
    {
        # glibc
        "libc.so.6",
        "libm.so.6",
        "libmvec.so.1",
        "libpthread.so.0",
        "libdl.so.2",
        "librt.so.1",
        "libutil.so.1",
        "libresolv.so.2",
        "libnsl.so.1",
        "libanl.so.1",
        "libBrokenLocale.so.1",
        "libthread_db.so.1",
        "libc_malloc_debug.so.0",
        "libnss_files.so.2",
        "libnss_dns.so.2",
        "libnss_compat.so.2",
        # glibc's dynamic loaders, by architecture, and the kernel's vDSO
        "ld-linux-x86-64.so.2",
        "ld-linux-aarch64.so.1",
        "ld-linux.so.2",
        "ld-linux-armhf.so.3",
        "ld64.so.1",
        "ld64.so.2",
        "ld-linux-riscv64-lp64d.so.1",
        "linux-vdso.so.1",
        "linux-gate.so.1",
        # musl: one library, whose soname is libc.so, and its loaders
        "libc.so",
        "ld-musl-x86_64.so.1",
        "ld-musl-aarch64.so.1",
        "libc.musl-x86_64.so.1",
        "libc.musl-aarch64.so.1",
    }
)

#: Install-name prefixes of the libraries every macOS has (libSystem, frameworks).
MACOS_SYSTEM_PREFIXES: Final = ("/usr/lib/", "/System/")


class NativeInputs(NamedTuple):
    """Sonames sorted into what a Nix package needs to do about them.

    ``attrs``: nixpkgs attribute paths for ``buildInputs`` (sorted, unique);
    ``runtime_provided``: sonames to leave unresolved at build time
    (``autoPatchelfIgnoreMissingDeps``); ``unknown``: sonames the table does
    not know (both in the order given, unique).
    """

    attrs: tuple[str, ...]
    runtime_provided: tuple[str, ...]
    unknown: tuple[str, ...]


def attribute(soname: str) -> str | None:
    """The nixpkgs attribute path that provides ``soname``, or None when unknown.

    >>> attribute("libX11.so.6"), attribute("libssl.so.1.1"), attribute("libc.so.6")
    ('xorg.libX11', 'openssl_1_1', None)
    """
    return SONAMES.get(soname)


def is_libc(soname: str) -> bool:
    """Whether ``soname`` belongs to the C library (glibc or musl) or is a dynamic loader.

    >>> is_libc("libpthread.so.0"), is_libc("libstdc++.so.6")
    (True, False)
    """
    return soname in LIBC


def is_macos_system_library(install_name: str) -> bool:
    """Whether a Mach-O install name points into the operating system.

    >>> is_macos_system_library("/usr/lib/libSystem.B.dylib")
    True
    >>> is_macos_system_library("/System/Library/Frameworks/Accelerate.framework/Accelerate")
    True
    >>> is_macos_system_library("@rpath/libomp.dylib")
    False
    """
    return install_name.startswith(MACOS_SYSTEM_PREFIXES)


def native_inputs(sonames: Iterable[str]) -> NativeInputs:
    """Sort ``sonames`` into nixpkgs attributes, run-time-provided and unknown libraries.

    C library sonames are dropped (they are never inputs).

    >>> native_inputs(["libGL.so.1", "libEGL.so.1", "libc.so.6"])
    NativeInputs(attrs=('libGL',), runtime_provided=(), unknown=())
    """
    attrs: set[str] = set()
    runtime: dict[str, None] = {}
    unknown: dict[str, None] = {}
    for soname in sonames:
        if is_libc(soname):
            continue
        if soname in RUNTIME_PROVIDED:
            runtime[soname] = None
        elif (attr := SONAMES.get(soname)) is not None:
            attrs.add(attr)
        else:
            unknown[soname] = None
    return NativeInputs(
        attrs=tuple(sorted(attrs)), runtime_provided=tuple(runtime), unknown=tuple(unknown)
    )
