"""The ``k8slab`` console command runs kubectl against a saved cluster (real subprocesses)."""

import os
import subprocess
import sys
from pathlib import Path

LABS = Path(__file__).resolve().parents[2] / "labs"


def k8slab(*args, cwd, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "k8slab.cli", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(LABS.parent)},
    )


def test_init_apply_get(tmp_path):
    r = k8slab("--state", "c.json", "init", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for f in ("deployment.yaml", "service.yaml"):
        (tmp_path / f).write_text((LABS / f).read_text())
    r = k8slab(
        "--state",
        "c.json",
        "kubectl",
        "apply",
        "-f",
        "deployment.yaml",
        "-f",
        "service.yaml",
        cwd=tmp_path,
    )
    assert r.stdout == "deployment.apps/nginx created\nservice/nginx created\n"
    r = k8slab("--state", "c.json", "kubectl", "get", "svc", cwd=tmp_path)
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].split() == [
        "NAME",
        "TYPE",
        "CLUSTER-IP",
        "EXTERNAL-IP",
        "PORT(S)",
        "AGE",
    ]
    assert "nginx" in r.stdout


def test_errors_go_to_stderr_with_exit_code_1(tmp_path):
    k8slab("--state", "c.json", "init", cwd=tmp_path)
    r = k8slab("--state", "c.json", "kubectl", "get", "svc", "ngnix", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr == 'Error from server (NotFound): services "ngnix" not found\n'


def test_apply_from_stdin(tmp_path):
    k8slab("--state", "c.json", "init", cwd=tmp_path)
    r = k8slab(
        "--state",
        "c.json",
        "kubectl",
        "apply",
        "-f",
        "-",
        cwd=tmp_path,
        stdin=(LABS / "service.yaml").read_text(),
    )
    assert r.stdout == "service/nginx created\n"
