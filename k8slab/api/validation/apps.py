"""apps/v1 workloads: Deployment, ReplicaSet, DaemonSet.

Mirrors kubernetes/kubernetes ``pkg/apis/apps/validation/validation.go`` (``ValidateDeployment``,
``ValidateDeploymentSpec``, ``ValidateDeploymentStrategy``, ``ValidateRollingUpdateDeployment``,
``ValidatePositiveIntOrPercent``, ``IsNotMoreThan100Percent``, ``ValidateReplicaSet``,
``ValidateReplicaSetSpec``, ``ValidatePodTemplateSpecForReplicaSet``, ``ValidateDaemonSet``,
``ValidateDaemonSetSpec``, ``ValidateDaemonSetUpdateStrategy``,
``ValidateRollingUpdateDaemonSet``). The selector is immutable in apps/v1: that check lives in
each registry strategy's ``ValidateUpdate`` (``pkg/registry/apps/{deployment,replicaset,
daemonset}/strategy.go``).
"""

from __future__ import annotations

from typing import Any

from k8slab.api.field import FieldError, GoStruct, forbidden, invalid, not_supported, required
from k8slab.api.validation import names
from k8slab.api.validation.objectmeta import (
    label_selector_struct,
    selector_matches,
    validate_immutable_field,
    validate_label_selector,
    validate_nonnegative_field,
    validate_object_meta,
    validate_object_meta_update,
)
from k8slab.api.validation.pods import validate_pod_template_spec


def _percent_value(value: Any) -> int | None:
    if isinstance(value, str) and not names.is_valid_percent(value):
        return int(value[:-1])
    return None


def _int_or_percent_value(value: Any) -> int:
    pct = _percent_value(value)
    if pct is not None:
        return pct
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def validate_positive_int_or_percent(value: Any, path: str) -> list[FieldError]:
    """``ValidatePositiveIntOrPercent``."""
    if isinstance(value, str):
        return [invalid(path, value, m) for m in names.is_valid_percent(value)]
    return validate_nonnegative_field(int(value or 0), path)


def is_not_more_than_100_percent(value: Any, path: str) -> list[FieldError]:
    """``IsNotMoreThan100Percent``."""
    pct = _percent_value(value)
    if pct is None or pct <= 100:
        return []
    return [invalid(path, value, "must not be greater than 100%")]


def _validate_template_for_replica_set(
    template: dict[str, Any] | None, selector: dict[str, Any] | None, path: str, kind: str
) -> list[FieldError]:
    """``ValidatePodTemplateSpecForReplicaSet`` (also DaemonSet's template checks)."""
    if template is None:
        return [required(path)]
    errs: list[FieldError] = []
    labels = (template.get("metadata") or {}).get("labels")
    selector_empty = selector is not None and not (
        selector.get("matchLabels") or selector.get("matchExpressions")
    )
    if not selector_empty and not selector_matches(selector, labels):
        errs.append(
            invalid(
                f"{path}.metadata.labels",
                dict(labels) if labels is not None else None,
                "`selector` does not match template `labels`",
            )
        )
    errs += validate_pod_template_spec(template, path)
    spec = template.get("spec") or {}
    restart = spec.get("restartPolicy") or ""
    if restart != "Always":
        errs.append(not_supported(f"{path}.spec.restartPolicy", restart, ["Always"]))
    if spec.get("activeDeadlineSeconds") is not None:
        errs.append(
            forbidden(
                f"{path}.spec.activeDeadlineSeconds",
                f"activeDeadlineSeconds in {kind} is not Supported",
            )
        )
    return errs


def _validate_selector(spec: dict[str, Any], kind_word: str) -> list[FieldError]:
    selector = spec.get("selector")
    if selector is None:
        return [required("spec.selector")]
    errs = validate_label_selector(selector, "spec.selector")
    if not (selector.get("matchLabels") or selector.get("matchExpressions")):
        errs.append(
            invalid(
                "spec.selector",
                label_selector_struct(selector) or GoStruct(),
                f"empty selector is invalid for {kind_word}",
            )
        )
    return errs


def validate_deployment_strategy(strategy: dict[str, Any] | None, path: str) -> list[FieldError]:
    """``ValidateDeploymentStrategy`` / ``ValidateRollingUpdateDeployment``."""
    strategy = strategy or {}
    stype = strategy.get("type") or ""
    ru = strategy.get("rollingUpdate")
    if stype == "Recreate":
        if ru is not None:
            return [
                forbidden(
                    f"{path}.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                )
            ]
        return []
    if stype == "RollingUpdate":
        if ru is None:
            return [required(f"{path}.rollingUpdate", "this should be defaulted and never be nil")]
        rpath = f"{path}.rollingUpdate"
        mu, ms = ru.get("maxUnavailable", 0), ru.get("maxSurge", 0)
        errs = validate_positive_int_or_percent(mu, f"{rpath}.maxUnavailable")
        errs += validate_positive_int_or_percent(ms, f"{rpath}.maxSurge")
        if _int_or_percent_value(mu) == 0 and _int_or_percent_value(ms) == 0:
            errs.append(invalid(f"{rpath}.maxUnavailable", mu, "may not be 0 when `maxSurge` is 0"))
        errs += is_not_more_than_100_percent(mu, f"{rpath}.maxUnavailable")
        return errs
    value = GoStruct(type=stype)
    if ru is not None:
        value["rollingUpdate"] = ru
    return [not_supported(path, value, ["Recreate", "RollingUpdate"])]


def validate_deployment(dep: dict[str, Any]) -> list[FieldError]:
    """``ValidateDeployment``."""
    errs = validate_object_meta(dep.get("metadata"), True, names.name_is_dns_subdomain)
    spec = dep.get("spec") or {}
    errs += validate_nonnegative_field(int(spec.get("replicas") or 0), "spec.replicas")
    errs += _validate_selector(spec, "deployment")
    errs += _validate_template_for_replica_set(
        spec.get("template"), spec.get("selector"), "spec.template", "ReplicaSet"
    )
    errs += validate_deployment_strategy(spec.get("strategy"), "spec.strategy")
    min_ready = int(spec.get("minReadySeconds") or 0)
    errs += validate_nonnegative_field(min_ready, "spec.minReadySeconds")
    if spec.get("revisionHistoryLimit") is not None:
        errs += validate_nonnegative_field(
            int(spec["revisionHistoryLimit"]), "spec.revisionHistoryLimit"
        )
    pds = spec.get("progressDeadlineSeconds")
    if pds is not None:
        errs += validate_nonnegative_field(int(pds), "spec.progressDeadlineSeconds")
        if pds <= min_ready:
            errs.append(
                invalid("spec.progressDeadlineSeconds", pds, "must be greater than minReadySeconds")
            )
    return errs


def validate_replica_set(rs: dict[str, Any]) -> list[FieldError]:
    """``ValidateReplicaSet`` (its empty-selector message says "deployment", as upstream)."""
    errs = validate_object_meta(rs.get("metadata"), True, names.name_is_dns_subdomain)
    spec = rs.get("spec") or {}
    errs += validate_nonnegative_field(int(spec.get("replicas") or 0), "spec.replicas")
    errs += validate_nonnegative_field(
        int(spec.get("minReadySeconds") or 0), "spec.minReadySeconds"
    )
    errs += _validate_selector(spec, "deployment")
    errs += _validate_template_for_replica_set(
        spec.get("template"), spec.get("selector"), "spec.template", "ReplicaSet"
    )
    return errs


def validate_daemon_set(ds: dict[str, Any]) -> list[FieldError]:
    """``ValidateDaemonSet`` → ``ValidateDaemonSetSpec``."""
    errs = validate_object_meta(ds.get("metadata"), True, names.name_is_dns_subdomain)
    spec = ds.get("spec") or {}
    selector = spec.get("selector")
    errs += validate_label_selector(selector, "spec.selector")
    template = spec.get("template") or {}
    labels = (template.get("metadata") or {}).get("labels")
    # LabelSelectorAsSelector(nil) is Nothing(): a missing selector never matches.
    if selector is None or (selector.get("matchLabels") or selector.get("matchExpressions")):
        if not selector_matches(selector, labels):
            errs.append(
                invalid(
                    "spec.template.metadata.labels",
                    dict(labels) if labels is not None else None,
                    "`selector` does not match template `labels`",
                )
            )
    if selector is not None and not (
        selector.get("matchLabels") or selector.get("matchExpressions")
    ):
        errs.append(
            invalid(
                "spec.selector",
                label_selector_struct(selector) or GoStruct(),
                "empty selector is invalid for daemonset",
            )
        )
    errs += validate_pod_template_spec(template, "spec.template")
    tspec = template.get("spec") or {}
    restart = tspec.get("restartPolicy") or ""
    if restart != "Always":
        errs.append(not_supported("spec.template.spec.restartPolicy", restart, ["Always"]))
    if tspec.get("activeDeadlineSeconds") is not None:
        errs.append(
            forbidden(
                "spec.template.spec.activeDeadlineSeconds",
                "activeDeadlineSeconds in DaemonSet is not Supported",
            )
        )
    errs += validate_nonnegative_field(
        int(spec.get("minReadySeconds") or 0), "spec.minReadySeconds"
    )
    errs += _validate_daemon_set_update_strategy(
        spec.get("updateStrategy") or {}, "spec.updateStrategy"
    )
    if spec.get("revisionHistoryLimit") is not None:
        errs += validate_nonnegative_field(
            int(spec["revisionHistoryLimit"]), "spec.revisionHistoryLimit"
        )
    return errs


def _validate_daemon_set_update_strategy(strategy: dict[str, Any], path: str) -> list[FieldError]:
    stype = strategy.get("type") or ""
    if stype == "OnDelete":
        return []
    if stype == "RollingUpdate":
        ru = strategy.get("rollingUpdate")
        if ru is None:
            return [required(f"{path}.rollingUpdate")]
        rpath = f"{path}.rollingUpdate"
        mu, ms = ru.get("maxUnavailable", 0), ru.get("maxSurge", 0)
        errs = validate_positive_int_or_percent(mu, f"{rpath}.maxUnavailable")
        errs += validate_positive_int_or_percent(ms, f"{rpath}.maxSurge")
        errs += is_not_more_than_100_percent(mu, f"{rpath}.maxUnavailable")
        errs += is_not_more_than_100_percent(ms, f"{rpath}.maxSurge")
        has_u, has_s = _int_or_percent_value(mu) != 0, _int_or_percent_value(ms) != 0
        if has_u and has_s:
            errs.append(
                invalid(f"{rpath}.maxSurge", ms, "may not be set when maxUnavailable is non-zero")
            )
        elif not has_u and not has_s:
            errs.append(required(f"{rpath}.maxUnavailable", "cannot be 0 when maxSurge is 0"))
        return errs
    value = GoStruct(type=stype)
    if strategy.get("rollingUpdate") is not None:
        value["rollingUpdate"] = strategy["rollingUpdate"]
    return [not_supported(path, value, ["RollingUpdate", "OnDelete"])]


def validate_selector_immutable(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    """apps/v1 strategies: ``spec.selector: Invalid value: {...}: field is immutable``."""
    nsel = (new.get("spec") or {}).get("selector")
    osel = (old.get("spec") or {}).get("selector")
    if label_selector_struct(nsel) != label_selector_struct(osel):
        return validate_immutable_field(
            label_selector_struct(nsel), label_selector_struct(osel), "spec.selector"
        )
    return []


def validate_workload_update(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    """``Validate{Deployment,ReplicaSet,DaemonSet}Update`` + the strategy's selector check."""
    kind = new.get("kind")
    errs = validate_object_meta_update(new.get("metadata"), old.get("metadata"))
    if kind == "Deployment":
        errs += validate_deployment(new)[_meta_len(new) :]
    elif kind == "ReplicaSet":
        errs += validate_replica_set(new)[_meta_len(new) :]
    else:
        errs += validate_daemon_set(new)[_meta_len(new) :]
    return errs + validate_selector_immutable(new, old)


def _meta_len(obj: dict[str, Any]) -> int:
    # The *Update validators run ValidateObjectMetaUpdate instead of ValidateObjectMeta.
    return len(validate_object_meta(obj.get("metadata"), True, names.name_is_dns_subdomain))
