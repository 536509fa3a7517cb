"""Regenerate the student labs in ``labs/`` from the nbgrader sources in ``grading/source/``.

    python grading/tools/release_labs.py            # write labs/
    python grading/tools/release_labs.py --check    # exit 1 if labs/ has drifted

Runs the real ``nbgrader generate_assignment`` for every lab in a temporary copy of the course
(so the instructor's gradebook is never touched) and copies each released notebook — and any
other files the lab ships — into ``labs/``. The steps, in order:

1. copy ``grading/`` (config, header, sources) to a temporary course root;
2. ``nbgrader generate_assignment <lab>`` for each lab (solutions and hidden tests removed,
   header added, checksums computed);
3. compare with, or copy into, ``labs/``.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GRADING = ROOT / "grading"
LABS = ROOT / "labs"


def lab_ids() -> list[str]:
    return sorted(p.name for p in (GRADING / "source").iterdir() if p.is_dir())


def release_all(dest: Path) -> dict[str, Path]:
    """Run generate_assignment for every lab into ``dest``; returns lab id → release folder."""
    course = dest / "course"
    shutil.copytree(
        GRADING,
        course,
        ignore=shutil.ignore_patterns(
            "release", "submitted", "autograded", "feedback", "gradebook.db", "__pycache__"
        ),
    )
    out = {}
    for lab in lab_ids():
        proc = subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", lab, "--force"],
            cwd=course,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise SystemExit(f"nbgrader generate_assignment {lab} failed:\n{proc.stderr}")
        out[lab] = course / "release" / lab
    return out


def files_of(released: dict[str, Path]) -> dict[str, Path]:
    files = {}
    for _lab, folder in released.items():
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                files[str(f.relative_to(folder))] = f
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report drift (exit 1)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = files_of(release_all(Path(tmp)))
        drift = [
            name
            for name, src in files.items()
            if not (LABS / name).exists() or not filecmp.cmp(src, LABS / name, shallow=False)
        ]
        if args.check:
            for name in drift:
                print(f"labs/{name} differs from its nbgrader release", file=sys.stderr)
            return 1 if drift else 0
        for name, src in files.items():
            (LABS / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, LABS / name)
            print(f"labs/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
