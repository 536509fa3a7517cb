"""Copy one student's autograded submission from a private gradebook into the course's.

Each submission is autograded by the real ``nbgrader autograde`` in a temporary copy of the
course, so it writes to a private ``gradebook.db``. Only the parent process writes to the real
gradebook, one submission at a time, through nbgrader's own API (``nbgrader.api.Gradebook``):

* the student (created or updated, as autograde does with ``create_student``);
* the submission (``update_or_create_submission`` with its timestamp: manual grades that an
  instructor already entered are kept, exactly as a re-run of autograde keeps them);
* per notebook: ``flagged`` and ``late_submission_penalty``;
* per grade cell: ``auto_score``, ``needs_manual_grade`` (manual score and extra credit only if
  the private copy has them, i.e. never overwritten with None);
* per solution cell: ``auto_comment``.
"""

from __future__ import annotations

from pathlib import Path

STUDENT_FIELDS = ("first_name", "last_name", "email", "lms_user_id")


def db_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def merge_submission(src_db: Path, dst_db: Path, lab: str, student: str, course_id: str = ""):
    """Copy ``student``'s autograde of ``lab`` from ``src_db`` into ``dst_db``."""
    import warnings

    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    with (
        warnings.catch_warnings(),
        Gradebook(db_url(src_db), course_id) as src,
        Gradebook(db_url(dst_db), course_id) as dst,
    ):
        # nbgrader's update_or_create_submission autoflushes half-built rows (as in autograde)
        warnings.simplefilter("ignore", SAWarning)
        s_student = src.find_student(student)
        dst.update_or_create_student(
            student, **{k: getattr(s_student, k) for k in STUDENT_FIELDS if getattr(s_student, k)}
        )
        s_sub = src.find_submission(lab, student)
        kw = {}
        if s_sub.timestamp is not None:
            kw["timestamp"] = s_sub.timestamp
        dst.update_or_create_submission(lab, student, **kw)
        for s_nb in s_sub.notebooks:
            d_nb = dst.find_submission_notebook(s_nb.name, lab, student)
            d_nb.flagged = s_nb.flagged
            d_nb.late_submission_penalty = s_nb.late_submission_penalty
            for g in s_nb.grades:
                d = dst.find_grade(g.name, s_nb.name, lab, student)
                d.auto_score = g.auto_score
                d.needs_manual_grade = g.needs_manual_grade
                if g.manual_score is not None:
                    d.manual_score = g.manual_score
                if g.extra_credit is not None:
                    d.extra_credit = g.extra_credit
            for c in s_nb.comments:
                d = dst.find_comment(c.name, s_nb.name, lab, student)
                d.auto_comment = c.auto_comment
                if c.manual_comment is not None:
                    d.manual_comment = c.manual_comment
        dst.db.commit()


def scores(db: Path, lab: str, student: str, course_id: str = "") -> dict[str, tuple[float, float]]:
    """grade cell → (auto score, max score) of one submission (empty if there is none)."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[str, tuple[float, float]] = {}
    with Gradebook(db_url(db), course_id) as gb:
        try:
            sub = gb.find_submission(lab, student)
        except MissingEntry:
            return out
        for nb in sub.notebooks:
            for g in nb.grades:
                out[g.name] = (g.auto_score, g.max_score)
    return out


def has_assignment(db: Path, lab: str, course_id: str = "") -> bool:
    from nbgrader.api import Gradebook, MissingEntry

    if not Path(db).exists():
        return False
    with Gradebook(db_url(db), course_id) as gb:
        try:
            return bool(gb.find_assignment(lab).notebooks)
        except MissingEntry:
            return False
