"""Helpers shared by the controllers: owner references and controlled-object lookups."""

from __future__ import annotations

import copy

from k8slab import rand


def owner_ref(owner: dict) -> dict:
    """A controller ownerReference (metav1.NewControllerRef)."""
    return {
        "apiVersion": owner["apiVersion"],
        "kind": owner["kind"],
        "name": owner["metadata"]["name"],
        "uid": owner["metadata"]["uid"],
        "controller": True,
        "blockOwnerDeletion": True,
    }


def controller_uid(obj: dict) -> str | None:
    for ref in obj["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return ref.get("uid")
    return None


def owned(api, kind: str, owner: dict) -> list[dict]:
    """Objects of ``kind`` controlled by ``owner`` (via the API server's owner index)."""
    return api.controlled_by(kind, owner["metadata"]["uid"])


def generate_name(api, kind: str, namespace: str, prefix: str, key: str) -> str:
    """``metadata.generateName``: prefix + 5 random characters, retried on collision."""
    rng = rand.stream(api.seed, "generateName", f"{kind}/{namespace}/{key}")
    while True:
        name = prefix + rand.random_string(rng, 5)
        if api.get(kind, namespace, name) is None:
            return name


def pod_from_template(
    template: dict, namespace: str, name: str, owner: dict, extra_labels: dict | None = None
) -> dict:
    tmd = template.get("metadata") or {}
    labels = dict(tmd.get("labels") or {})
    labels.update(extra_labels or {})
    md = {
        "name": name,
        "namespace": namespace,
        "labels": labels,
        "ownerReferences": [owner_ref(owner)],
    }
    if tmd.get("annotations"):
        md["annotations"] = dict(tmd["annotations"])
    md["generateName"] = name[:-5]
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": md,
        "spec": copy.deepcopy(template.get("spec") or {}),
    }


def is_pod_ready(pod: dict) -> bool:
    for c in (pod.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False


def is_terminating(obj: dict) -> bool:
    return bool(obj["metadata"].get("deletionTimestamp"))
