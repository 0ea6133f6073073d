"""A plain install: the wheel built from a copy of the repository, installed into a fresh virtual
environment, runs ``publish all`` from another folder, its template and sample coming from the package."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILT_FROM = ("pyproject.toml", "README.md", "src", "templates", "input")  # what the build may read
PACKAGE_DATA = ("publish/templates/reference.docx", "publish/templates/bulletin.toml",
                "publish/sample/bulletin.docx", "publish/sample/bulletin.txt",
                "publish/py.typed")

pytest.importorskip("setuptools", minversion="70.1")  # builds wheels itself (bdist_wheel) since 70.1


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in BUILT_FROM:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(source)], check=True, capture_output=True)
    (built,) = dist.glob("publish-*.whl")
    return built


def test_the_wheel_carries_the_templates_and_the_sample(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(PACKAGE_DATA) <= names
    # every module of the source tree (pyproject.toml lists the packages by hand)
    modules = {path.relative_to(ROOT / "src").as_posix() for path in (ROOT / "src" / "publish").rglob("*.py")}
    assert modules - names == set()


def test_a_plain_install_publishes_from_another_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    scripts = Path(sysconfig.get_path("scripts", vars={"base": str(venv), "platbase": str(venv)}))
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # The dependencies come from this environment, not the network: a path file names its site-packages.
    # (A path file's own folder's path files are not run, so this environment's editable publish stays out.)
    (purelib / "test-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(scripts / "python"), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    where = subprocess.run([str(scripts / "python"), "-c",
                            "import publish.resources as r; print(r.default_template()); print(r.sample())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert [Path(path).is_relative_to(purelib) for path in where] == [True, True]
    sample = Path(where[1])

    done = subprocess.run([str(scripts / "publish"), "all", str(sample), "-q"], cwd=elsewhere, env=env,
                          capture_output=True, text=True)

    assert (done.returncode, done.stderr) == (0, "")
    assert sorted(p.name for p in (elsewhere / "out").iterdir()) == ["bulletin.docx", "bulletin.pdf", "bulletin.xlsx"]
    with zipfile.ZipFile(elsewhere / "out" / "bulletin.docx") as package:
        assert "国家科技重大专项成就" in package.read("word/document.xml").decode("utf-8")
