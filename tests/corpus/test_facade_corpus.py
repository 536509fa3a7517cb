"""Every bad-input corpus case through the facade, as a student would run it.

``lab.kubectl("apply -f FILE")`` must print kubectl's stdout lines, fail with kubectl's exact
stderr text (``expected.json``), never raise anything but ApiError/ManifestError, and leave the
cluster holding exactly ``objects_after`` beyond a fresh cluster's objects.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from k8slab import ApiError, Cluster, ManifestError

BAD = Path(__file__).parent / "bad"
CASES = json.loads((BAD / "expected.json").read_text())["cases"]
IGNORED_KINDS = {
    "Event",
    "Pod",
    "ReplicaSet",
    "EndpointSlice",
    "Endpoints",
    "ServiceAccount",
    "ConfigMap/kube-root-ca.crt",
}


def _key(obj: dict) -> str:
    md = obj["metadata"]
    if md.get("namespace"):
        return f"{obj['kind']}/{md['namespace']}/{md['name']}"
    return f"{obj['kind']}/{md['name']}"


def _objects(lab: Cluster) -> set[str]:
    return {_key(o) for o in lab.api.all_objects()}


def _derived(key: str) -> bool:
    kind = key.split("/", 1)[0]
    return kind in IGNORED_KINDS or key.endswith("/kube-root-ca.crt")


def _materialize(case: dict, tmp_path: Path) -> str:
    if case.get("file"):
        shutil.copy(BAD / case["file"], tmp_path / case["file"])
        return case["file"]
    # The generated case: a 5 MiB ConfigMap (see test_loader_corpus).
    name = case["filename"]
    payload = "x" * (5 * 1024 * 1024)
    (tmp_path / name).write_text(
        f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: {payload}\n"
    )
    return name


@pytest.mark.parametrize("case", CASES, ids=[c.get("file") or c.get("filename") for c in CASES])
def test_corpus_case_through_kubectl_apply(case, tmp_path):
    lab = Cluster()
    lab.cwd = str(tmp_path)
    name = _materialize(case, tmp_path)
    before = _objects(lab)
    stdout, error = "", None
    try:
        stdout = lab.kubectl(f"apply -f {name}")
    except (ApiError, ManifestError) as err:
        error = err.message
        stdout = getattr(err, "stdout", "")
    assert stdout.splitlines() == case["stdout"]
    assert error == case["error"]
    after = {k for k in _objects(lab) - before if not _derived(k)}
    assert after == {k for k in case["objects_after"] if not _derived(k)}
