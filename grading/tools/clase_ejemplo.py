"""Put the golden class (tests/grading/golden_*.py) into ``grading/submitted/`` to try the
whole grading workflow on known answers:

    cd grading
    python tools/clase_ejemplo.py 01-services     # generate_assignment + submitted/<alumno>/
    nbgrader autograde 01-services                 # or: k8slab grade 01-services --workers 2
    nbgrader generate_feedback 01-services
    nbgrader export --to notas.csv

Each simulated student (correcto, parcial, blanco, trampa-…) has a known expected score,
printed at the end so the instructor can compare with the gradebook.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.grading.course import submit  # noqa: E402
from tests.grading.golden import GOLDEN  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in GOLDEN:
        print(f"uso: python tools/clase_ejemplo.py LAB   (LAB: {', '.join(sorted(GOLDEN))})",
              file=sys.stderr)
        return 1
    lab = argv[0]
    course = ROOT / "grading"
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", lab, "--force"],
                   cwd=course, check=True, capture_output=True)
    students = GOLDEN[lab]()
    for student, (answers, _) in students.items():
        submit(course, lab, student, answers)
    print(f"{len(students)} entregas en submitted/*/{lab}/. Notas esperadas:")
    for student, (_, expected) in sorted(students.items()):
        print(f"  {student:<20} {expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
