"""The nbgrader course, driven through the real nbgrader CLI on a temporary copy.

* labs/ is exactly what ``nbgrader generate_assignment`` releases (no drift);
* every source notebook validates, every released notebook fails ``validate --invert``;
* golden submissions (correct, partly wrong, blank, cheating) autograde to their exact scores;
* ``generate_feedback`` writes Spanish feedback HTML that shows the lab's graphs.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .course import GRADING, ROOT, make_course, nbgrader, scores, submit
from .golden import GOLDEN

LABS = sorted(p.name for p in (GRADING / "source").iterdir() if p.is_dir())


def test_labs_folder_matches_the_nbgrader_release():
    proc = subprocess.run(
        [sys.executable, str(GRADING / "tools" / "release_labs.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    c = make_course(tmp_path_factory.mktemp("nbgrader"))
    for lab in LABS:
        r = nbgrader(c, "generate_assignment", lab, "--force")
        assert r.returncode == 0, r.stderr
    return c


@pytest.mark.parametrize("lab", LABS)
def test_source_validates_and_release_fails_inverted(course, lab):
    ok = nbgrader(course, "validate", f"source/{lab}/{lab}.ipynb")
    assert "Success! Your notebook passes all the tests." in ok.stdout, ok.stdout + ok.stderr
    inv = nbgrader(course, "validate", "--invert", f"release/{lab}/{lab}.ipynb")
    assert "Success! The notebook does not pass any tests." in inv.stdout, inv.stdout


@pytest.mark.parametrize("lab", sorted(GOLDEN))
def test_golden_submissions_get_their_exact_scores(course, lab):
    students = GOLDEN[lab]()
    for student, (answers, _) in students.items():
        submit(course, lab, student, answers)
    r = nbgrader(course, "autograde", lab, "--Execute.timeout=8")
    assert r.returncode == 0, r.stderr[-3000:]
    got = scores(course, lab)
    assert got == {s: float(expected) for s, (_, expected) in students.items()}
    fb = nbgrader(course, "generate_feedback", lab)
    assert fb.returncode == 0, fb.stderr[-2000:]
    html = (course / "feedback" / "correcto" / lab / f"{lab}.html").read_text()
    # The topology graph survives into the feedback (nbgrader embeds SVG outputs as data URIs).
    assert "data:image/svg+xml;base64," in html or "<svg" in html
    bad = (course / "feedback" / "parcial" / lab / f"{lab}.html").read_text()
    assert "AssertionError" in bad


def test_release_script_is_importable():
    assert (ROOT / "labs" / "01-services.ipynb").exists()
