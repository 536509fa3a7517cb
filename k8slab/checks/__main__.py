"""``python -I -m k8slab.checks``: run one check on JSON from stdin, print a JSON verdict."""

from __future__ import annotations

import json
import sys

from k8slab.checks.registry import run_check


def main() -> int:
    data = json.loads(sys.stdin.read())
    verdict = run_check(data["lab"], data["ejercicio"], data.get("respuestas") or [])
    sys.stdout.write(json.dumps(verdict, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
