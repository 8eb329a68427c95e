"""The command-line options that set what ``[tool.pynix]`` sets (for commands that plan).

A command calls :func:`add_settings_arguments` on its parser and
:func:`settings_from_arguments` on the parsed arguments, then puts the
result over the project's settings::

    settings = settings_from_pyproject(project.raw or {}).merged(settings_from_arguments(args))
"""

from __future__ import annotations

import argparse

from pynix.formats.pynix_settings import Settings, settings_from_options

__all__ = ["add_settings_arguments", "settings_from_arguments"]


def add_settings_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--system``, ``--python``, ``--glibc``, ``--macos-sdk``, ``--prefer``,
    ``--linux-wheels``, ``--allow-unhashed``, ``--extra``/``--no-extras`` and
    ``--group``/``--no-groups`` to ``parser``, in an argument group of their own."""
    group = parser.add_argument_group(
        "targets and choices", "override [tool.pynix] of the project's pyproject.toml"
    )
    group.add_argument(
        "--system",
        action="append",
        default=[],
        metavar="SYSTEM",
        help="a Nix system to build for (repeatable; default: x86_64-linux, aarch64-linux, "
        "x86_64-darwin, aarch64-darwin)",
    )
    group.add_argument(
        "--python",
        action="append",
        default=[],
        metavar="X.Y",
        help="a CPython version to build for (repeatable; default: those of 3.11-3.14 the lock "
        "allows)",
    )
    group.add_argument("--glibc", metavar="X.Y", help="the glibc of manylinux wheels (2.40)")
    group.add_argument("--macos-sdk", metavar="X.Y", help="the macOS SDK of macOS wheels (11.3)")
    group.add_argument(
        "--prefer",
        action="append",
        default=[],
        metavar="[NAME=]KIND",
        help="wheel, sdist or nixpkgs, for every package or for NAME (repeatable)",
    )
    group.add_argument(
        "--linux-wheels",
        action="store_const",
        const=True,
        default=None,
        help="accept non-portable linux_<arch> wheels",
    )
    group.add_argument(
        "--allow-unhashed",
        action="store_const",
        const=True,
        default=None,
        help="accept files the lock records without a hash (flagged in the output)",
    )
    extras = group.add_mutually_exclusive_group()
    extras.add_argument(
        "--extra", action="append", metavar="NAME", help="install this extra (default: all)"
    )
    extras.add_argument(
        "--no-extras", dest="extra", action="store_const", const=[], help="install no extra"
    )
    groups = group.add_mutually_exclusive_group()
    groups.add_argument(
        "--group",
        action="append",
        metavar="NAME",
        help="install this dependency group (default: all)",
    )
    groups.add_argument(
        "--no-groups", dest="group", action="store_const", const=[], help="install no group"
    )


def settings_from_arguments(args: argparse.Namespace) -> Settings:
    """The settings the options of :func:`add_settings_arguments` gave; raises
    :class:`~pynix.errors.InvalidArgument` naming the option of a bad value."""
    return settings_from_options(
        systems=args.system,
        python_versions=args.python,
        glibc_version=args.glibc,
        macos_sdk_version=args.macos_sdk,
        prefer=args.prefer,
        linux_wheels=args.linux_wheels,
        allow_unhashed=args.allow_unhashed,
        extras=args.extra,
        groups=args.group,
    )
