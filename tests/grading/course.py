"""Helpers to run the real nbgrader CLI on a temporary copy of the course."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
GRADING = ROOT / "grading"


def make_course(tmp: Path) -> Path:
    course = tmp / "course"
    shutil.copytree(
        GRADING,
        course,
        ignore=shutil.ignore_patterns(
            "release", "submitted", "autograded", "feedback", "gradebook.db", "__pycache__"
        ),
    )
    return course


def nbgrader(course: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def submit(course: Path, lab: str, student: str, answers: dict[str, str]) -> Path:
    """Build ``submitted/<student>/<lab>/<lab>.ipynb`` from the released notebook, replacing
    the source of the solution cells named in ``answers`` (grade_id → code)."""
    released = course / "release" / lab / f"{lab}.ipynb"
    nb = nbformat.read(released, as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    dest = course / "submitted" / student / lab
    dest.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest / f"{lab}.ipynb")
    (dest / "timestamp.txt").write_text("2026-11-26 12:00:00.000000 UTC")
    return dest


def scores(course: Path, lab: str) -> dict[str, float]:
    """Total score per student, read from the gradebook with nbgrader's API."""
    code = (
        "import json\nfrom nbgrader.api import Gradebook\n"
        "gb = Gradebook('sqlite:///gradebook.db')\n"
        f"a = gb.find_assignment({lab!r})\n"
        "print(json.dumps({s.student.id: s.score for s in a.submissions}))\n"
        "gb.close()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=course, capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout)
