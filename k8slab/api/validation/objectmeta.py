"""ObjectMeta, labels, annotations and label selectors.

Mirrors kubernetes/kubernetes ``staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go``
(``ValidateObjectMetaAccessor``, ``validateObjectMetaAccessorWithOptsCommon``,
``ValidateObjectMetaAccessorUpdate``, ``ValidateAnnotations``, ``ValidateImmutableField``,
``ValidateFinalizers``) and ``staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/
validation.go`` (``ValidateLabels``, ``ValidateLabelName``, ``ValidateLabelSelector``,
``ValidateLabelSelectorRequirement``).
"""

from __future__ import annotations

from typing import Any

from k8slab.api.field import FieldError, GoStruct, forbidden, invalid, required, too_long
from k8slab.api.validation import names
from k8slab.api.validation.names import NameFunc

FIELD_IMMUTABLE_ERROR_MSG = "field is immutable"
IS_NEGATIVE_ERROR_MSG = "must be greater than or equal to 0"
TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10)


def validate_nonnegative_field(value: int, path: str) -> list[FieldError]:
    """``ValidateNonnegativeField`` / ``validate.NonNegative``."""
    if value < 0:
        return [invalid(path, value, IS_NEGATIVE_ERROR_MSG)]
    return []


def validate_immutable_field(new: Any, old: Any, path: str) -> list[FieldError]:
    """``ValidateImmutableField``: ``Invalid value: <new>: field is immutable``."""
    if new != old:
        return [invalid(path, new, FIELD_IMMUTABLE_ERROR_MSG)]
    return []


def validate_label_name(name: str, path: str) -> list[FieldError]:
    """``ValidateLabelName``."""
    return [invalid(path, name, msg) for msg in names.is_qualified_name(name)]


def validate_labels(labels: dict[str, str] | None, path: str) -> list[FieldError]:
    """``ValidateLabels``: note the path is the map itself, not ``path[key]``.

    Go ranges over the map in random order; k8slab walks keys in sorted order.
    """
    errs: list[FieldError] = []
    for key in sorted(labels or {}):
        errs += validate_label_name(key, path)
        value = labels[key]
        errs += [invalid(path, value, msg) for msg in names.is_valid_label_value(_s(value))]
    return errs


def validate_annotations(annotations: dict[str, str] | None, path: str) -> list[FieldError]:
    """``ValidateAnnotations``: keys are qualified names (case-insensitive); 256 KiB total."""
    errs: list[FieldError] = []
    total = 0
    for key in sorted(annotations or {}):
        errs += [invalid(path, key, msg) for msg in names.is_qualified_name(key.lower())]
        total += len(key.encode()) + len(_s(annotations[key]).encode())
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_B:
        errs.append(too_long(path, "", TOTAL_ANNOTATION_SIZE_LIMIT_B))
    return errs


def validate_finalizers(finalizers: list[str] | None, path: str) -> list[FieldError]:
    """``ValidateFinalizers`` (names only)."""
    errs: list[FieldError] = []
    for fin in finalizers or []:
        errs += [invalid(path, fin, msg) for msg in names.is_qualified_name(fin)]
    fins = set(finalizers or [])
    if {"orphan", "foregroundDeletion"} <= fins:
        errs.append(
            invalid(path, finalizers, "finalizer orphan and foregroundDeletion cannot be both set")
        )
    return errs


def validate_object_meta(
    meta: dict[str, Any] | None, namespaced: bool, name_fn: NameFunc, path: str = "metadata"
) -> list[FieldError]:
    """``ValidateObjectMeta`` on create (name generation already done)."""
    meta = meta or {}
    errs: list[FieldError] = []
    generate_name = _s(meta.get("generateName"))
    if generate_name:
        errs += [
            invalid(f"{path}.generateName", generate_name, m) for m in name_fn(generate_name, True)
        ]
    name = _s(meta.get("name"))
    if not name:
        errs.append(required(f"{path}.name", "name or generateName is required"))
    else:
        errs += [invalid(f"{path}.name", name, m) for m in name_fn(name, False)]
    namespace = _s(meta.get("namespace"))
    if namespaced:
        if not namespace:
            errs.append(required(f"{path}.namespace"))
        else:
            errs += [
                invalid(f"{path}.namespace", namespace, m)
                for m in names.name_is_dns_label(namespace, False)
            ]
    elif namespace:
        errs.append(forbidden(f"{path}.namespace", "not allowed on this type"))
    errs += validate_nonnegative_field(int(meta.get("generation") or 0), f"{path}.generation")
    errs += validate_labels(meta.get("labels"), f"{path}.labels")
    errs += validate_annotations(meta.get("annotations"), f"{path}.annotations")
    errs += validate_finalizers(meta.get("finalizers"), f"{path}.finalizers")
    return errs


def validate_object_meta_update(
    new: dict[str, Any] | None, old: dict[str, Any] | None, path: str = "metadata"
) -> list[FieldError]:
    """``ValidateObjectMetaAccessorUpdate``: name, namespace, uid … may not change.

    ``resourceVersion`` is not checked here: k8slab's store carries it over on apply.
    """
    new, old = new or {}, old or {}
    errs: list[FieldError] = []
    for key in ("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp"):
        errs += validate_immutable_field(_s(new.get(key)), _s(old.get(key)), f"{path}.{key}")
    errs += validate_labels(new.get("labels"), f"{path}.labels")
    errs += validate_annotations(new.get("annotations"), f"{path}.annotations")
    errs += validate_finalizers(new.get("finalizers"), f"{path}.finalizers")
    return errs


def label_selector_struct(selector: dict[str, Any] | None) -> Any:
    """A ``metav1.LabelSelector`` as ``encoding/json`` writes it (for error values)."""
    if selector is None:
        return None
    out = GoStruct()
    if selector.get("matchLabels"):
        out["matchLabels"] = dict(selector["matchLabels"])
    if selector.get("matchExpressions"):
        exprs = []
        for e in selector["matchExpressions"]:
            item = GoStruct(key=e.get("key", ""), operator=e.get("operator", ""))
            if e.get("values"):
                item["values"] = list(e["values"])
            exprs.append(item)
        out["matchExpressions"] = exprs
    return out


def validate_label_selector(selector: dict[str, Any] | None, path: str) -> list[FieldError]:
    """``ValidateLabelSelector`` with ``AllowInvalidLabelValueInSelector: false``."""
    if selector is None:
        return []
    errs = validate_labels(selector.get("matchLabels"), f"{path}.matchLabels")
    for i, expr in enumerate(selector.get("matchExpressions") or []):
        epath = f"{path}.matchExpressions[{i}]"
        op = expr.get("operator", "")
        values = expr.get("values") or []
        if op in ("In", "NotIn"):
            if not values:
                errs.append(
                    required(
                        f"{epath}.values", "must be specified when `operator` is 'In' or 'NotIn'"
                    )
                )
        elif op in ("Exists", "DoesNotExist"):
            if values:
                errs.append(
                    forbidden(
                        f"{epath}.values",
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    )
                )
        else:
            errs.append(invalid(f"{epath}.operator", op, "not a valid selector operator"))
        errs += validate_label_name(expr.get("key", ""), f"{epath}.key")
        for j, value in enumerate(values):
            errs += [
                invalid(f"{epath}.values[{j}]", value, m) for m in names.is_valid_label_value(value)
            ]
    return errs


def selector_matches(selector: dict[str, Any] | None, labels: dict[str, str] | None) -> bool:
    """``metav1.LabelSelectorAsSelector(sel).Matches(labels)``; a nil selector matches nothing."""
    if selector is None:
        return False
    from k8slab.api.labels import matches_label_selector

    return matches_label_selector(selector, labels)


def _s(value: Any) -> str:
    return "" if value is None else str(value)
