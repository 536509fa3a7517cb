"""networking.k8s.io/v1: Ingress (create and update) and IngressClass.

Mirrors kubernetes/kubernetes ``pkg/apis/networking/validation/validation.go``
(``ValidateIngressCreate``, ``ValidateIngressUpdate``, ``ValidateIngressSpec``,
``validateIngressRules``, ``validateHTTPIngressPath``, ``validateIngressBackend``,
``validateIngressTLS``, ``ValidateIngressClass``, ``validateIngressClassSpec``,
``validateIngressClassParametersReference``).
"""

from __future__ import annotations

from typing import Any

from k8slab.api.field import FieldError, forbidden, invalid, not_supported, required, too_long
from k8slab.api.validation import names
from k8slab.api.validation.ip import parse_ip_sloppy
from k8slab.api.validation.objectmeta import (
    validate_immutable_field,
    validate_object_meta,
    validate_object_meta_update,
)

ANNOTATION_INGRESS_CLASS = "kubernetes.io/ingress.class"
SUPPORTED_PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"]
INVALID_PATH_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"]
INVALID_PATH_SUFFIXES = ["/..", "/."]
MAX_LEN_INGRESS_CLASS_CONTROLLER = 250


def _validate_host(host: str, path: str) -> tuple[list[FieldError], bool]:
    errs: list[FieldError] = []
    if parse_ip_sloppy(host) is not None:
        errs.append(invalid(path, host, "must be a DNS name, not an IP address"))
    if "*" in host:
        errs += [invalid(path, host, m) for m in names.is_wildcard_dns1123_subdomain(host)]
        return errs, True
    errs += [invalid(path, host, m) for m in names.is_dns1123_subdomain(host)]
    return errs, False


def validate_ingress_backend(backend: dict[str, Any] | None, path: str) -> list[FieldError]:
    """``validateIngressBackend``: exactly one of service/resource; port name xor number."""
    backend = backend or {}
    service, resource = backend.get("service"), backend.get("resource")
    if service is not None and resource is not None:
        return [invalid(path, "", "cannot set both resource and service backends")]
    errs: list[FieldError] = []
    if resource is not None:
        rpath = f"{path}.resource"
        if resource.get("apiGroup") is not None:
            errs += [
                invalid(f"{rpath}.apiGroup", resource["apiGroup"], m)
                for m in names.is_dns1123_subdomain(resource["apiGroup"])
            ]
        for key in ("kind", "name"):
            if not resource.get(key):
                errs.append(required(f"{rpath}.{key}"))
            else:
                errs += [
                    invalid(f"{rpath}.{key}", resource[key], m)
                    for m in _path_segment_name(resource[key])
                ]
        return errs
    if service is None:
        return [invalid(path, "", "resource or service backend is required")]
    name = service.get("name") or ""
    if not name:
        errs.append(required(f"{path}.service.name"))
    else:
        errs += [
            invalid(f"{path}.service.name", name, m) for m in names.name_is_dns1035_label(name)
        ]
    port = service.get("port") or {}
    pname, pnum = port.get("name") or "", port.get("number") or 0
    if pname and pnum:
        errs.append(invalid(path, "", "cannot set both port name & port number"))
    elif pname:
        errs += [
            invalid(f"{path}.service.port.name", pname, m) for m in names.is_valid_port_name(pname)
        ]
    elif pnum:
        errs += [
            invalid(f"{path}.service.port.number", pnum, m) for m in names.is_valid_port_num(pnum)
        ]
    else:
        errs.append(required(path, "port name or number is required"))
    return errs


def _path_segment_name(value: str) -> list[str]:
    # content.IsPathSegmentName (apimachinery/pkg/api/validate/content/path.go).
    if value in (".", ".."):
        return [f"may not be '{value}'"]
    return [f"may not contain '{c}'" for c in ("/", "%") if c in value]


def _validate_http_path(p: dict[str, Any], path: str) -> list[FieldError]:
    path_type = p.get("pathType")
    if path_type is None:
        return [required(f"{path}.pathType", "pathType must be specified")]
    errs: list[FieldError] = []
    value = p.get("path") or ""
    if path_type in ("Exact", "Prefix"):
        if not value.startswith("/"):
            errs.append(invalid(f"{path}.path", value, "must be an absolute path"))
        if value:
            for seq in INVALID_PATH_SEQUENCES:
                if seq in value:
                    errs.append(invalid(f"{path}.path", value, f"must not contain '{seq}'"))
            for suffix in INVALID_PATH_SUFFIXES:
                if value.endswith(suffix):
                    errs.append(invalid(f"{path}.path", value, f"cannot end with '{suffix}'"))
    elif path_type == "ImplementationSpecific":
        if value and not value.startswith("/"):
            errs.append(invalid(f"{path}.path", value, "must be an absolute path"))
    else:
        errs.append(not_supported(f"{path}.pathType", path_type, SUPPORTED_PATH_TYPES))
    return errs + validate_ingress_backend(p.get("backend"), f"{path}.backend")


def validate_ingress_spec(spec: dict[str, Any] | None, path: str = "spec") -> list[FieldError]:
    """``ValidateIngressSpec``."""
    spec = spec or {}
    errs: list[FieldError] = []
    rules = spec.get("rules")
    if not rules and spec.get("defaultBackend") is None:
        errs.append(invalid(path, rules, "either `defaultBackend` or `rules` must be specified"))
    if spec.get("defaultBackend") is not None:
        errs += validate_ingress_backend(spec["defaultBackend"], f"{path}.defaultBackend")
    for i, rule in enumerate(rules or []):
        rpath = f"{path}.rules[{i}]"
        if rule.get("host"):
            herrs, _ = _validate_host(rule["host"], f"{rpath}.host")
            errs += herrs
        http = rule.get("http")
        if http is not None:
            paths = http.get("paths") or []
            if not paths:
                errs.append(required(f"{rpath}.http.paths"))
            for j, p in enumerate(paths):
                errs += _validate_http_path(p, f"{rpath}.http.paths[{j}]")
    for i, tls in enumerate(spec.get("tls") or []):
        tpath = f"{path}.tls[{i}]"
        for j, host in enumerate(tls.get("hosts") or []):
            hpath = f"{tpath}.hosts[{j}]"
            check = (
                names.is_wildcard_dns1123_subdomain if "*" in host else names.is_dns1123_subdomain
            )
            errs += [invalid(hpath, host, m) for m in check(host)]
        secret = tls.get("secretName") or ""
        if secret:
            errs += [
                invalid(f"{tpath}.secretName", secret, m)
                for m in names.name_is_dns_subdomain(secret)
            ]
    if spec.get("ingressClassName") is not None:
        icn = spec["ingressClassName"]
        errs += [
            invalid(f"{path}.ingressClassName", icn, m) for m in names.name_is_dns_subdomain(icn)
        ]
    return errs


def validate_ingress_create(ing: dict[str, Any]) -> list[FieldError]:
    """``ValidateIngressCreate``: also the class annotation must agree with ``ingressClassName``."""
    meta = ing.get("metadata") or {}
    spec = ing.get("spec") or {}
    errs = validate_object_meta(meta, True, names.name_is_dns_subdomain)
    errs += validate_ingress_spec(spec)
    annotations = meta.get("annotations") or {}
    icn = spec.get("ingressClassName")
    if (
        ANNOTATION_INGRESS_CLASS in annotations
        and icn is not None
        and annotations[ANNOTATION_INGRESS_CLASS] != icn
    ):
        # Upstream quirk: the path has no "metadata." prefix.
        errs.append(
            invalid(
                f"annotations.{ANNOTATION_INGRESS_CLASS}",
                annotations[ANNOTATION_INGRESS_CLASS],
                "must match `ingressClassName` when both are specified",
            )
        )
    return errs


def validate_ingress_update(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    """``ValidateIngressUpdate``: no annotation/class check; invalid TLS secret names and
    wildcard-host rules already stored are tolerated (``allowInvalidSecretName``)."""
    errs = validate_object_meta_update(new.get("metadata"), old.get("metadata"))
    spec_errs = validate_ingress_spec(new.get("spec"))
    old_secret_bad = any(
        (t.get("secretName") and names.name_is_dns_subdomain(t["secretName"]))
        for t in (old.get("spec") or {}).get("tls") or []
    )
    if old_secret_bad:
        spec_errs = [e for e in spec_errs if not e.field.endswith(".secretName")]
    return errs + spec_errs


def validate_ingress_class(ic: dict[str, Any]) -> list[FieldError]:
    """``ValidateIngressClass``."""
    errs = validate_object_meta(ic.get("metadata"), False, names.name_is_dns_subdomain)
    spec = ic.get("spec") or {}
    controller = spec.get("controller") or ""
    if not controller:
        errs.append(required("spec.controller"))
    else:
        if len(controller) > MAX_LEN_INGRESS_CLASS_CONTROLLER:
            errs.append(too_long("spec.controller", "", MAX_LEN_INGRESS_CLASS_CONTROLLER))
        errs += _is_domain_prefixed_path("spec.controller", controller)
    params = spec.get("parameters")
    if params is not None:
        ppath = "spec.parameters"
        if params.get("apiGroup") is not None:
            errs += [
                invalid(f"{ppath}.apiGroup", params["apiGroup"], m)
                for m in names.is_dns1123_subdomain(params["apiGroup"])
            ]
        for key in ("kind", "name"):
            if not params.get(key):
                errs.append(required(f"{ppath}.{key}"))
            else:
                errs += [
                    invalid(f"{ppath}.{key}", params[key], m)
                    for m in _path_segment_name(params[key])
                ]
        scope = params.get("scope")
        if scope is None:
            errs.append(required(f"{ppath}.scope"))
        elif scope not in ("Cluster", "Namespace"):
            errs.append(not_supported(f"{ppath}.scope", scope, ["Cluster", "Namespace"]))
        elif scope == "Namespace":
            if params.get("namespace") is None:
                errs.append(
                    required(f"{ppath}.namespace", "`parameters.scope` is set to 'Namespace'")
                )
            else:
                errs += [
                    invalid(f"{ppath}.namespace", params["namespace"], m)
                    for m in names.name_is_dns_label(params["namespace"])
                ]
        elif params.get("namespace") is not None:
            errs.append(forbidden(f"{ppath}.namespace", "`parameters.scope` is set to 'Cluster'"))
    return errs


def validate_ingress_class_update(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    """``ValidateIngressClassUpdate``: ``spec.controller`` is immutable."""
    errs = validate_object_meta_update(new.get("metadata"), old.get("metadata"))
    errs += validate_immutable_field(
        (new.get("spec") or {}).get("controller") or "",
        (old.get("spec") or {}).get("controller") or "",
        "spec.controller",
    )
    return errs + validate_ingress_class(new)


_HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"


def _is_domain_prefixed_path(path: str, value: str) -> list[FieldError]:
    """``IsDomainPrefixedPath`` (e.g. ``k8s.io/ingress-nginx``)."""
    import re

    segments = value.split("/", 1)
    if len(segments) != 2 or not segments[0] or not segments[1]:
        return [invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')]
    errs = [invalid(path, segments[0], m) for m in names.is_dns1123_subdomain(segments[0])]
    if not re.fullmatch(_HTTP_PATH_FMT, segments[1]):
        errs.append(invalid(path, segments[1], names.regex_error("Invalid path", _HTTP_PATH_FMT)))
    return errs
