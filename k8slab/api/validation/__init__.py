"""API-server field validation for the kinds k8slab serves.

``validate(obj)`` runs the create validator of ``obj``'s kind, ``validate(obj, old=old)`` the
update validator, on objects that have already been defaulted (``k8slab.api.defaults``), as the
real API server does. Errors come back as ``FieldError``s in upstream order, with identical
messages dropped (``ErrorList.ToAggregate``); the caller renders them into
``The <Kind> "<name>" is invalid: ...``.

One module per API group: ``core`` (``services``, ``pods`` and the other core kinds),
``apps``, ``networking``, ``discovery``; plus ``names``, ``ip`` and ``objectmeta`` helpers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from k8slab.api.field import FieldError, dedupe
from k8slab.api.validation import apps, core, discovery, networking
from k8slab.api.validation.objectmeta import validate_object_meta_update

Create = Callable[[dict[str, Any]], list[FieldError]]
Update = Callable[[dict[str, Any], dict[str, Any]], list[FieldError]]


def _service_create(obj: dict[str, Any]) -> list[FieldError]:
    return core.validate_service(core.normalize_cluster_ips(obj))


def _service_update(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    old_n = core.normalize_cluster_ips(old)
    return core.validate_service_update(core.normalize_cluster_ips(new, old_n), old_n)


def _generic_update(create: Create) -> Update:
    """Update = metadata-update rules + the create rules minus metadata-create rules."""

    def update(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
        errs = validate_object_meta_update(new.get("metadata"), old.get("metadata"))
        return errs + [e for e in create(new) if not e.field.startswith("metadata.")]

    return update


_CREATE: dict[str, Create] = {
    "Namespace": core.validate_namespace,
    "Pod": core.validate_pod,
    "Service": _service_create,
    "ConfigMap": core.validate_config_map,
    "Secret": core.validate_secret,
    "ServiceAccount": core.validate_service_account,
    "Endpoints": core.validate_endpoints,
    "Node": core.validate_node,
    "Deployment": apps.validate_deployment,
    "ReplicaSet": apps.validate_replica_set,
    "DaemonSet": apps.validate_daemon_set,
    "Ingress": networking.validate_ingress_create,
    "IngressClass": networking.validate_ingress_class,
    "EndpointSlice": discovery.validate_endpoint_slice,
}

_UPDATE: dict[str, Update] = {
    "Service": _service_update,
    "Secret": core.validate_secret_update,
    "Deployment": apps.validate_workload_update,
    "ReplicaSet": apps.validate_workload_update,
    "DaemonSet": apps.validate_workload_update,
    "Ingress": networking.validate_ingress_update,
    "IngressClass": networking.validate_ingress_class_update,
    "EndpointSlice": discovery.validate_endpoint_slice_update,
}


def validate(obj: dict[str, Any], *, old: dict[str, Any] | None = None) -> list[FieldError]:
    """Field errors for creating ``obj`` (``old is None``) or updating ``old`` to ``obj``.

    Kinds without a validator here (RBAC, webhooks, Jobs …) are accepted as they are.
    """
    kind = obj.get("kind") or ""
    if old is None:
        fn = _CREATE.get(kind)
        return dedupe(fn(obj)) if fn else []
    ufn = _UPDATE.get(kind)
    if ufn is None:
        create = _CREATE.get(kind)
        if create is None:
            return []
        ufn = _generic_update(create)
    return dedupe(ufn(obj, old))


__all__ = ["validate"]
