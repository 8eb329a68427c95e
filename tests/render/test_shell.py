"""Dev shells with the project editable, and the venv shell of the nixpkgs manual."""

from __future__ import annotations

from packaging.utils import canonicalize_name

from pynix.model import BuildSystem, Dependency, Project, ProjectFormat
from pynix.nix import s, var
from pynix.render.editable import render_editable
from pynix.render.shell import render_dev_shell, render_venv_shell

D = Dependency.parse
N = canonicalize_name

PROJECT = Project(
    format=ProjectFormat.PEP621,
    name="Demo",
    version="0.1",
    dependencies=(D("requests"),),
    dependency_groups={N("test"): (D("pytest"),)},
    build_system=BuildSystem(requires=(D("flit-core"),), backend="flit_core.buildapi"),
    gui_scripts={"demo-gui": "demo:gui"},
    entry_points={"demo.plugins": {"x": "demo.x:X"}},
)


def test_dev_shell_text() -> None:
    shell = render_dev_shell(PROJECT, root=s(var("projectRoot"), "/src"), groups=["test"])
    assert shell.findings == ()
    assert shell.text() == (
        "pkgs.mkShell {\n"
        "  packages = [\n"
        "    (python.withPackages (ps: [\n"
        "      (ps.mkPythonEditablePackage {\n"
        '        pname = "demo";\n'
        '        version = "0.1";\n'
        '        root = "${projectRoot}/src";\n'
        "        build-system = [ ps.flit-core ];\n"
        "        dependencies = [ ps.requests ];\n"
        "        gui-scripts = {\n"
        '          demo-gui = "demo:gui";\n'
        "        };\n"
        "        entry-points = {\n"
        '          "demo.plugins" = {\n'
        '            x = "demo.x:X";\n'
        "          };\n"
        "        };\n"
        "      })\n"
        "      ps.pytest\n"
        "    ]))\n"
        "  ];\n"
        "}\n"
    )


def test_dev_shell_hook_and_dynamic_version() -> None:
    project = Project(format=ProjectFormat.PEP621, name="x", dynamic=("version",))
    shell = render_dev_shell(project, root=s("/src"), shell_hook=var("shellHook")).text()
    assert '        version = "0";\n' in shell
    assert "  inherit shellHook;\n" in shell
    other = render_dev_shell(project, root=s("/src"), shell_hook=s("echo hi\n", indented=True))
    assert "  shellHook = ''\n    echo hi\n  '';\n" in other.text()


def test_editable_versions() -> None:
    project = Project(format=ProjectFormat.PEP621, name="x", version="1")
    assert 'version = "2";' in render_editable(project, root=s("/r"), version="2").text()


def test_venv_shell_quotes_pip_arguments() -> None:
    shell = render_venv_shell(
        install=["-r", "my requirements.txt"], name="x-venv", packages=[var("pkgs.zlib")]
    )
    text = shell.text()
    assert "  buildInputs = [ python python.pkgs.venvShellHook pkgs.zlib ];\n" in text
    assert "    pip install -r 'my requirements.txt'\n" in text
    assert '  name = "x-venv";\n' in text
