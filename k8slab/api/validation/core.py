"""Core (v1) kinds other than Service and Pod: Namespace, ConfigMap, Secret, ServiceAccount,
Endpoints, Node; Service and Pod validators are re-exported from ``services``/``pods``.

Mirrors kubernetes/kubernetes ``pkg/apis/core/validation/validation.go`` (``ValidateNamespace``,
``ValidateConfigMap``, ``ValidateSecret``, ``ValidateServiceAccount``, ``ValidateEndpoints``,
``validateEndpointSubsets``, ``validateEndpointAddress``, ``validateEndpointPort``,
``ValidateNode``).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from k8slab.api.field import FieldError, invalid, not_supported, required, too_long
from k8slab.api.validation import names
from k8slab.api.validation.ip import is_valid_ip, validate_non_special_ip
from k8slab.api.validation.objectmeta import (
    validate_immutable_field,
    validate_object_meta,
    validate_object_meta_update,
)
from k8slab.api.validation.pods import validate_pod, validate_pod_spec, validate_pod_template_spec
from k8slab.api.validation.services import (
    SUPPORTED_PORT_PROTOCOLS,
    normalize_cluster_ips,
    validate_service,
    validate_service_update,
)

__all__ = [
    "normalize_cluster_ips",
    "validate_config_map",
    "validate_endpoints",
    "validate_namespace",
    "validate_node",
    "validate_pod",
    "validate_pod_spec",
    "validate_pod_template_spec",
    "validate_secret",
    "validate_secret_update",
    "validate_service",
    "validate_service_account",
    "validate_service_update",
]

MAX_SECRET_SIZE = 1 * 1024 * 1024


def validate_namespace(ns: dict[str, Any]) -> list[FieldError]:
    """``ValidateNamespace``: the name is an RFC 1123 label; no namespace on it."""
    errs = validate_object_meta(ns.get("metadata"), False, names.name_is_dns_label)
    for i, fin in enumerate((ns.get("spec") or {}).get("finalizers") or []):
        path = f"spec.finalizers[{i}]"
        msgs = names.is_qualified_name(fin)
        if msgs:
            errs += [invalid(path, fin, m) for m in msgs]
        elif "/" not in fin and fin != "kubernetes":
            errs.append(
                invalid(
                    path, fin, "name is neither a standard finalizer name nor is it fully qualified"
                )
            )
    return errs


def _data_keys(obj: dict[str, Any], field: str, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    for key in sorted(obj.get(field) or {}):
        errs += [invalid(f"{path}[{key}]", key, m) for m in names.is_config_map_key(key)]
    return errs


def validate_config_map(cm: dict[str, Any]) -> list[FieldError]:
    """``ValidateConfigMap``: keys as ``IsConfigMapKey``; no key in both data and binaryData."""
    errs = validate_object_meta(cm.get("metadata"), True, names.name_is_dns_subdomain)
    errs += _data_keys(cm, "data", "data")
    binary = cm.get("binaryData") or {}
    for key in sorted(cm.get("data") or {}):
        if key in binary:
            errs.append(invalid(f"data[{key}]", key, "duplicate of key present in binaryData"))
    errs += _data_keys(cm, "binaryData", "binaryData")
    return errs


def _decoded_size(value: Any) -> int:
    try:
        return len(base64.b64decode(str(value or ""), validate=True))
    except (binascii.Error, ValueError):
        return len(str(value or ""))


def validate_secret(secret: dict[str, Any]) -> list[FieldError]:
    """``ValidateSecret``: keys, per-type required keys (``kubernetes.io/tls`` …), 1 MiB total.

    ``stringData`` counts as ``data`` (the v1 conversion merges it in before validation).
    """
    errs = validate_object_meta(secret.get("metadata"), True, names.name_is_dns_subdomain)
    data = dict(secret.get("data") or {})
    data.update({k: "" for k in secret.get("stringData") or {}})
    total = 0
    for key in sorted(data):
        errs += [invalid(f"data[{key}]", key, m) for m in names.is_config_map_key(key)]
        total += _decoded_size((secret.get("data") or {}).get(key))
    for value in (secret.get("stringData") or {}).values():
        total += len(str(value).encode())
    stype = secret.get("type") or ""
    annotations = (secret.get("metadata") or {}).get("annotations") or {}
    if stype == "kubernetes.io/service-account-token":
        if not annotations.get("kubernetes.io/service-account.name"):
            errs.append(required("metadata.annotations[kubernetes.io/service-account.name]"))
    elif stype == "kubernetes.io/dockercfg":
        if ".dockercfg" not in data:
            errs.append(required("data[.dockercfg]"))
    elif stype == "kubernetes.io/dockerconfigjson":
        if ".dockerconfigjson" not in data:
            errs.append(required("data[.dockerconfigjson]"))
    elif stype == "kubernetes.io/basic-auth":
        if "username" not in data and "password" not in data:
            errs.append(required("data[username]"))
            errs.append(required("data[password]"))
    elif stype == "kubernetes.io/ssh-auth":
        if "ssh-privatekey" not in data:
            errs.append(required("data[ssh-privatekey]"))
    elif stype == "kubernetes.io/tls":
        if "tls.crt" not in data:
            errs.append(required("data[tls.crt]"))
        if "tls.key" not in data:
            errs.append(required("data[tls.key]"))
    if total > MAX_SECRET_SIZE:
        errs.append(too_long("data", "", MAX_SECRET_SIZE))
    return errs


def validate_secret_update(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    """``ValidateSecretUpdate``: ``type`` is immutable (and ``data`` when ``immutable``)."""
    errs = validate_object_meta_update(new.get("metadata"), old.get("metadata"))
    errs += validate_immutable_field(new.get("type") or "", old.get("type") or "", "type")
    if old.get("immutable") and new.get("data") != old.get("data"):
        errs.append(
            FieldError(
                "FieldValueForbidden", "data", "", "field is immutable when `immutable` is set"
            )
        )
    return errs + validate_secret(new)


def validate_service_account(sa: dict[str, Any]) -> list[FieldError]:
    """``ValidateServiceAccount``."""
    return validate_object_meta(sa.get("metadata"), True, names.name_is_dns_subdomain)


def validate_endpoints(ep: dict[str, Any]) -> list[FieldError]:
    """``ValidateEndpointsCreate`` → ``validateEndpointSubsets``."""
    errs = validate_object_meta(ep.get("metadata"), True, names.name_is_dns_subdomain)
    for i, ss in enumerate(ep.get("subsets") or []):
        spath = f"subsets[{i}]"
        addrs = ss.get("addresses") or []
        not_ready = ss.get("notReadyAddresses") or []
        if not addrs and not not_ready:
            errs.append(required(spath, "must specify `addresses` or `notReadyAddresses`"))
        for field_name, lst in (("addresses", addrs), ("notReadyAddresses", not_ready)):
            for j, addr in enumerate(lst):
                apath = f"{spath}.{field_name}[{j}]"
                ip = addr.get("ip") or ""
                ip_errs = is_valid_ip(f"{apath}.ip", ip)
                errs += ip_errs or validate_non_special_ip(ip, f"{apath}.ip")
                if addr.get("hostname"):
                    errs += [
                        invalid(f"{apath}.hostname", addr["hostname"], m)
                        for m in names.is_dns1123_label(addr["hostname"])
                    ]
        ports = ss.get("ports") or []
        for j, port in enumerate(ports):
            ppath = f"{spath}.ports[{j}]"
            name = port.get("name") or ""
            if len(ports) > 1 and not name:
                errs.append(required(f"{ppath}.name"))
            elif name:
                errs += [invalid(f"{ppath}.name", name, m) for m in names.is_dns1123_label(name)]
            num = port.get("port") or 0
            errs += [invalid(f"{ppath}.port", num, m) for m in names.is_valid_port_num(num)]
            proto = port.get("protocol") or ""
            if not proto:
                errs.append(required(f"{ppath}.protocol"))
            elif proto not in SUPPORTED_PORT_PROTOCOLS:
                errs.append(not_supported(f"{ppath}.protocol", proto, SUPPORTED_PORT_PROTOCOLS))
    return errs


def validate_node(node: dict[str, Any]) -> list[FieldError]:
    """``ValidateNode`` (minimal): metadata only; nodes are cluster-scoped subdomain names."""
    return validate_object_meta(node.get("metadata"), False, names.name_is_dns_subdomain)
