"""A plain, compiled install of the project for measuring start-up the way users get it.

The package is built into a wheel from a copy of the tree (so the worktree gets
no build/ or egg-info): by pip with build isolation, or offline with the running
interpreter's setuptools, or failing both its files are copied. The wheel is
installed without dependencies into a fresh venv (pip compiles the bytecode);
the venv sees the dependencies of the running interpreter through a .pth file
instead of downloading them again.
"""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class BuildError(Exception):
    """The compiled install could not be made; the message says which step failed."""


def _run(argv: list[str], what: str) -> None:
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    if done.returncode != 0:
        lines = done.stdout.decode(errors="replace").strip().splitlines() or ["no output"]
        errors = [ln.strip() for ln in lines if "error:" in ln.lower()]
        raise BuildError(f"{what} failed: {(errors or lines)[0 if errors else -1][:160]}")


def _site(python: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(subprocess.check_output([str(python), "-c", code], text=True).strip())


def _wheel(src: Path, dist: Path, python: Path) -> None:
    try:  # the ordinary way: pip fetches the build backend pyproject.toml asks for
        _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(src)],
             "building the wheel")
    except BuildError:  # offline: the setuptools of the running interpreter
        _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
              "-w", str(dist), str(src)], "building the wheel offline")
    wheels = list(dist.glob("*.whl"))
    if not wheels:
        raise BuildError("building the wheel made no .whl")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
          str(wheels[0])], "installing the wheel")


def build(folder: Path) -> tuple[Path, str]:
    """Make the install under `folder`; (its python, how the package got there)."""
    src, venv = folder / "src", folder / "venv"
    shutil.copytree(ROOT / "sydnarke_tui", src / "sydnarke_tui", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, src / name)
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], "creating the venv")
    python = venv / "bin" / "python"
    site = _site(python)
    try:
        _wheel(src, folder / "dist", python)
        how = "wheel installed with pip"
    except BuildError as exc:
        # An old setuptools without bdist_wheel: the same files, copied as pip would lay them out.
        shutil.copytree(src / "sydnarke_tui", site / "sydnarke_tui")
        how = f"package copied into site-packages ({exc})"
    (site / "_bench_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    if not list((site / "sydnarke_tui").glob("__pycache__/*.pyc")):
        compileall.compile_dir(str(site / "sydnarke_tui"), quiet=1)
        how += ", compiled with compileall"
    return python, how


def env_for_install() -> dict[str, str]:
    """The environment for the installed program: no PYTHONPATH pointing back at the tree."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return env
