"""``kubectl apply``'s client-side three-way strategic merge.

kubectl computes a patch from three documents (kubernetes/kubectl ``pkg/cmd/apply/patcher.go``,
``k8s.io/apimachinery/pkg/util/strategicpatch.CreateThreeWayMergePatch``):

* additions and changes: fields of the new manifest (*modified*) whose value differs from the
  live object (*current*) — deletions in this diff are ignored, so fields the server or a
  controller set (clusterIP, nodePort, status …) survive;
* deletions: fields present in the last-applied configuration (*original*, the
  ``kubectl.kubernetes.io/last-applied-configuration`` annotation) but gone from *modified*.

Lists whose Go field carries ``patchStrategy:"merge"`` are merged element by element on their
``patchMergeKey``; every other list is replaced as a whole. ``apply`` prints ``unchanged`` when
the resulting patch is empty.
"""

from __future__ import annotations

import copy
from typing import Any

# (parent field name, list field name) → merge key. Taken from the patchMergeKey struct tags in
# k8s.io/api/core/v1/types.go and k8s.io/api/apps/v1/types.go.
MERGE_KEYS: dict[str, str] = {
    "containers": "name",
    "initContainers": "name",
    "ephemeralContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
    "imagePullSecrets": "name",
    "ownerReferences": "uid",
    "hostAliases": "ip",
    "tolerations": "",  # atomic (no patchMergeKey on PodSpec.Tolerations)
}
# ServicePort (patchMergeKey "port") and ContainerPort (patchMergeKey "containerPort") are both
# named "ports"; the parent decides which.
_PORTS_KEY_BY_PARENT = {"container": "containerPort", "service": "port"}

_DELETE = object()


def _merge_key(name: str, context: str) -> str | None:
    if name == "ports":
        return _PORTS_KEY_BY_PARENT.get(context)
    key = MERGE_KEYS.get(name)
    return key or None


def _child_context(name: str, context: str) -> str:
    if name in ("containers", "initContainers", "ephemeralContainers"):
        return "container"
    if name == "spec" and context == "Service":
        return "service"
    return name


def three_way_patch(original: Any, modified: Any, current: Any, context: str = "") -> Any:
    """The patch as a nested structure, ``_DELETE`` marking removed fields; None if empty."""
    if isinstance(modified, dict) and isinstance(current, dict):
        original = original if isinstance(original, dict) else {}
        patch: dict[str, Any] = {}
        for k, mv in modified.items():
            cv = current.get(k, _DELETE)
            ov = original.get(k)
            ctx = _child_context(k, context)
            if cv is _DELETE:
                patch[k] = copy.deepcopy(mv)
                continue
            if isinstance(mv, list) and isinstance(cv, list):
                key = _merge_key(k, context if k == "ports" else ctx)
                if key:
                    sub = _list_patch(ov if isinstance(ov, list) else [], mv, cv, key, ctx)
                    if sub is not None:
                        patch[k] = sub
                    continue
            sub = three_way_patch(ov, mv, cv, ctx)
            if sub is not None:
                patch[k] = sub
        for k in original:
            if k not in modified and k in current:
                patch[k] = _DELETE
        return patch or None
    if modified == current and type(modified) is type(current):
        return None
    return copy.deepcopy(modified)


class _ListPatch:
    def __init__(self, key: str, items: list[Any], order: list[Any]) -> None:
        self.key = key
        self.items = items  # per-element patches (dict with the key, or _DELETE marker tuples)
        self.order = order


def _list_patch(original: list, modified: list, current: list, key: str, ctx: str):
    cur_by = {e.get(key): e for e in current if isinstance(e, dict)}
    orig_by = {e.get(key): e for e in original if isinstance(e, dict)}
    mod_keys = [e.get(key) for e in modified if isinstance(e, dict)]
    items: list[tuple[Any, Any]] = []
    changed = False
    for e in modified:
        if not isinstance(e, dict):
            continue
        k = e.get(key)
        if k in cur_by:
            sub = three_way_patch(orig_by.get(k, {}), e, cur_by[k], ctx)
            items.append((k, sub))
            changed |= sub is not None
        else:
            items.append((k, copy.deepcopy(e)))
            changed = True
    deletions = [k for k in orig_by if k not in mod_keys and k in cur_by]
    if deletions:
        changed = True
    cur_order = [e.get(key) for e in current if isinstance(e, dict)]
    if not changed and [k for k in cur_order if k in mod_keys] == mod_keys:
        return None
    return _ListPatch(key, [*items, *((k, _DELETE) for k in deletions)], mod_keys)


def apply_patch(current: Any, patch: Any) -> Any:
    """Apply a patch from ``three_way_patch`` to a copy of ``current``."""
    if patch is None:
        return copy.deepcopy(current)
    if isinstance(patch, _ListPatch):
        cur = [e for e in (current or []) if isinstance(e, dict)]
        cur_by = {e.get(patch.key): e for e in cur}
        deleted = {k for k, p in patch.items if p is _DELETE}
        result_by: dict[Any, Any] = {}
        for k, p in patch.items:
            if p is _DELETE:
                continue
            if k in cur_by:
                result_by[k] = apply_patch(cur_by[k], p)
            else:
                result_by[k] = copy.deepcopy(p)
        # Elements of the manifest first, in its order; then elements only the server knows.
        out = [result_by[k] for k in patch.order if k in result_by]
        out += [
            copy.deepcopy(e)
            for e in cur
            if e.get(patch.key) not in result_by and e.get(patch.key) not in deleted
        ]
        return out
    if isinstance(patch, dict):
        base = copy.deepcopy(current) if isinstance(current, dict) else {}
        for k, p in patch.items():
            if p is _DELETE:
                base.pop(k, None)
            else:
                base[k] = apply_patch(base.get(k), p)
        return base
    return copy.deepcopy(patch)
