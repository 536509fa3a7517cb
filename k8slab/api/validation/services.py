"""Service validation (core/v1), on the defaulted object.

Mirrors kubernetes/kubernetes ``pkg/apis/core/validation/validation.go`` (``ValidateService``,
``validateServicePort``, ``ValidatePortNumOrName``, ``validateClientIPAffinityConfig``,
``ValidateServiceClusterIPsRelatedFields``, ``validateServiceExternalTrafficPolicy``,
``validateServiceInternalTrafficFieldsValue``, ``validateLoadBalancerClassField``,
``ValidateServiceUpdate``, ``validateUpgradeDowngradeClusterIPs``,
``validateUpgradeDowngradeIPFamilies``). ClusterIP and NodePort *allocation* errors
(``provided port is not in the valid range`` …) come from the allocator elsewhere, as the real
API server produces them in ``BeginCreate`` before field validation runs.
"""

from __future__ import annotations

import copy
from typing import Any

from k8slab.api.field import (
    FieldError,
    GoStruct,
    duplicate,
    forbidden,
    invalid,
    not_supported,
    required,
)
from k8slab.api.validation import names
from k8slab.api.validation.ip import (
    is_ipv6_string,
    is_valid_cidr,
    is_valid_ip,
    validate_non_special_ip,
)
from k8slab.api.validation.objectmeta import (
    validate_labels,
    validate_object_meta,
    validate_object_meta_update,
)

SUPPORTED_PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"]  # sets.List: sorted
SUPPORTED_SESSION_AFFINITY = ["ClientIP", "None"]
SUPPORTED_SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]
SUPPORTED_INTERNAL_TRAFFIC_POLICY = ["Cluster", "Local"]
SUPPORTED_EXTERNAL_TRAFFIC_POLICY = ["Cluster", "Local"]
SUPPORTED_IP_FAMILIES = ["IPv4", "IPv6"]
SUPPORTED_IP_FAMILY_POLICIES = ["PreferDualStack", "RequireDualStack", "SingleStack"]
MAX_CLIENT_IP_SERVICE_AFFINITY_SECONDS = 86400
ANNOTATION_LB_SOURCE_RANGES = "service.beta.kubernetes.io/load-balancer-source-ranges"


def normalize_cluster_ips(new: dict[str, Any], old: dict[str, Any] | None = None) -> dict[str, Any]:
    """A copy of ``new`` with ``spec.clusterIPs`` synced from ``spec.clusterIP``.

    The registry does this before validation (kubernetes/kubernetes
    ``pkg/registry/core/service/strategy.go``, ``normalizeClusterIPs``): an old client that sets
    only the singular field gets the plural one filled in.
    """
    svc = copy.deepcopy(new)
    spec = svc.setdefault("spec", {})
    cip = spec.get("clusterIP") or ""
    cips = list(spec.get("clusterIPs") or [])
    if old is None:
        if cip and not cips:
            spec["clusterIPs"] = [cip]
        return svc
    ospec = old.get("spec") or {}
    ocip = ospec.get("clusterIP") or ""
    ocips = list(ospec.get("clusterIPs") or [])
    if "clusterIPs" not in spec:
        # A merge patch that does not mention clusterIPs leaves the stored value in place.
        cips = list(ocips)
        spec["clusterIPs"] = cips
    if ocip != cip and ocips == cips:
        if not cip:
            spec["clusterIPs"] = []
        elif len(cips) <= 1:
            spec["clusterIPs"] = [cip]
        else:
            cips[0] = cip
            spec["clusterIPs"] = cips
    return svc


def is_headless(spec: dict[str, Any]) -> bool:
    """``isHeadlessService``: ``clusterIPs == ["None"]``."""
    cips = spec.get("clusterIPs") or []
    return len(cips) == 1 and cips[0] == "None"


def externally_accessible(spec: dict[str, Any]) -> bool:
    """``apiservice.ExternallyAccessible`` (pkg/api/service/util.go)."""
    t = spec.get("type")
    return t in ("LoadBalancer", "NodePort") or (t == "ClusterIP" and bool(spec.get("externalIPs")))


def needs_health_check(spec: dict[str, Any]) -> bool:
    """``apiservice.NeedsHealthCheck``."""
    return spec.get("type") == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local"


def validate_port_num_or_name(port: Any, path: str) -> list[FieldError]:
    """``ValidatePortNumOrName`` for an IntOrString."""
    if isinstance(port, bool):
        port = int(port)
    if isinstance(port, int):
        return [invalid(path, port, m) for m in names.is_valid_port_num(port)]
    port = "" if port is None else str(port)
    return [invalid(path, port, m) for m in names.is_valid_port_name(port)]


def _validate_service_port(
    sp: dict[str, Any], require_name: bool, all_names: set[str], path: str
) -> list[FieldError]:
    errs: list[FieldError] = []
    name = sp.get("name") or ""
    if require_name and not name:
        errs.append(required(f"{path}.name"))
    elif name:
        errs += [invalid(f"{path}.name", name, m) for m in names.is_dns1123_label(name)]
        if name in all_names:
            errs.append(duplicate(f"{path}.name", name))
        else:
            all_names.add(name)
    port = _int(sp.get("port"))
    errs += [invalid(f"{path}.port", port, m) for m in names.is_valid_port_num(port)]
    protocol = sp.get("protocol") or ""
    if not protocol:
        errs.append(required(f"{path}.protocol"))
    elif protocol not in SUPPORTED_PORT_PROTOCOLS:
        errs.append(not_supported(f"{path}.protocol", protocol, SUPPORTED_PORT_PROTOCOLS))
    errs += validate_port_num_or_name(sp.get("targetPort", 0), f"{path}.targetPort")
    if sp.get("appProtocol") is not None:
        app = sp["appProtocol"]
        errs += [invalid(f"{path}.appProtocol", app, m) for m in names.is_qualified_name(app)]
    return errs


def _internal_service_port_key(protocol: str, port: int = 0, node_port: int = 0) -> GoStruct:
    # The duplicate-port check reports an internal core.ServicePort built from only
    # (protocol, port); internal types have no json tags, so encoding/json writes the Go field
    # names in declaration order. Inferred from the code, not observed on a live server.
    return GoStruct(
        Name="",
        Protocol=protocol,
        AppProtocol=None,
        Port=port,
        TargetPort=0,
        NodePort=node_port,
    )


def _validate_client_ip_affinity_config(config: Any, path: str) -> list[FieldError]:
    detail = "when session affinity type is ClientIP"
    if config is None:
        return [required(path, detail)]
    client_ip = config.get("clientIP")
    if client_ip is None:
        return [required(f"{path}.clientIP", detail)]
    timeout = client_ip.get("timeoutSeconds")
    tpath = f"{path}.clientIP.timeoutSeconds"
    if timeout is None:
        return [required(tpath, detail)]
    if not 0 < timeout <= MAX_CLIENT_IP_SERVICE_AFFINITY_SECONDS:
        return [
            invalid(
                tpath,
                timeout,
                f"must be greater than 0 and less than {MAX_CLIENT_IP_SERVICE_AFFINITY_SECONDS}",
            )
        ]
    return []


def validate_service_cluster_ips_related_fields(spec: dict[str, Any]) -> list[FieldError]:
    """``ValidateServiceClusterIPsRelatedFields``."""
    if spec.get("type") == "ExternalName":
        return []
    errs: list[FieldError] = []
    has_invalid_ips = False
    cip = spec.get("clusterIP") or ""
    cips = list(spec.get("clusterIPs") or [])
    families = list(spec.get("ipFamilies") or [])
    if cip:
        if not cips:
            errs.append(required("spec.clusterIPs"))
        elif cips[0] != cip:
            errs.append(invalid("spec.clusterIPs", cips, "first value must match `clusterIP`"))
    elif cips:
        errs.append(
            invalid("spec.clusterIPs", cips, "must be empty when `clusterIP` is not specified")
        )
    seen: set[str] = set()
    for i, fam in enumerate(families):
        if fam not in SUPPORTED_IP_FAMILIES:
            errs.append(not_supported(f"spec.ipFamilies[{i}]", fam, SUPPORTED_IP_FAMILIES))
        if fam in seen:
            errs.append(duplicate(f"spec.ipFamilies[{i}]", fam))
        seen.add(fam)
    policy = spec.get("ipFamilyPolicy")
    if policy is not None and policy not in SUPPORTED_IP_FAMILY_POLICIES:
        errs.append(not_supported("spec.ipFamilyPolicy", policy, SUPPORTED_IP_FAMILY_POLICIES))
    for i, ip in enumerate(cips):
        if i == 0 and ip == "None":
            if len(cips) > 1:
                has_invalid_ips = True
                errs.append(
                    invalid("spec.clusterIPs", cips, "'None' must be the first and only value")
                )
            continue
        ip_errs = is_valid_ip(f"spec.clusterIPs[{i}]", ip)
        has_invalid_ips = has_invalid_ips or bool(ip_errs)
        errs += ip_errs
    if len(cips) > 2:
        errs.append(invalid("spec.clusterIPs", cips, "may only hold up to 2 values"))
    if has_invalid_ips:
        return errs
    if len(cips) > 1 and len({is_ipv6_string(ip) for ip in cips}) != 2:
        errs.append(
            invalid("spec.clusterIPs", cips, "may specify no more than one IP for each IP family")
        )
    if not is_headless(spec) and cips and families:
        for i, ip in enumerate(cips[: len(families)]):
            if families[i] == "IPv4" and is_ipv6_string(ip):
                errs.append(
                    invalid(
                        f"spec.clusterIPs[{i}]",
                        ip,
                        f"expected an IPv4 value as indicated by `ipFamilies[{i}]`",
                    )
                )
            if families[i] == "IPv6" and not is_ipv6_string(ip):
                errs.append(
                    invalid(
                        f"spec.clusterIPs[{i}]",
                        ip,
                        f"expected an IPv6 value as indicated by `ipFamilies[{i}]`",
                    )
                )
    return errs


def validate_service(svc: dict[str, Any]) -> list[FieldError]:
    """``ValidateService`` on a defaulted Service whose ``clusterIPs`` are normalized."""
    meta = svc.get("metadata") or {}
    spec = svc.get("spec") or {}
    errs = validate_object_meta(meta, True, names.name_is_dns1035_label)
    svc_type = spec.get("type") or ""
    ports = spec.get("ports") or []
    cips = spec.get("clusterIPs") or []
    headless = is_headless(spec)

    if not ports and not headless and svc_type != "ExternalName":
        errs.append(required("spec.ports"))
    if svc_type in ("LoadBalancer", "NodePort") and headless:
        errs.append(
            invalid(
                "spec.clusterIPs[0]", cips[0], f"may not be set to 'None' for {svc_type} services"
            )
        )
    elif svc_type == "ExternalName":
        if cips:
            errs.append(forbidden("spec.clusterIPs", "may not be set for ExternalName services"))
        if spec.get("ipFamilies"):
            errs.append(forbidden("spec.ipFamilies", "may not be set for ExternalName services"))
        if spec.get("ipFamilyPolicy") is not None:
            errs.append(
                forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services")
            )
        cname = (spec.get("externalName") or "").removesuffix(".")
        if cname:
            errs += [
                invalid("spec.externalName", cname, m) for m in names.is_dns1123_subdomain(cname)
            ]
        else:
            errs.append(required("spec.externalName"))

    all_names: set[str] = set()
    for i, sp in enumerate(ports):
        errs += _validate_service_port(sp, len(ports) > 1, all_names, f"spec.ports[{i}]")

    if spec.get("selector") is not None:
        errs += validate_labels(spec["selector"], "spec.selector")

    affinity = spec.get("sessionAffinity") or ""
    if not affinity:
        errs.append(required("spec.sessionAffinity"))
    elif affinity not in SUPPORTED_SESSION_AFFINITY:
        errs.append(not_supported("spec.sessionAffinity", affinity, SUPPORTED_SESSION_AFFINITY))
    if affinity == "ClientIP":
        errs += _validate_client_ip_affinity_config(
            spec.get("sessionAffinityConfig"), "spec.sessionAffinityConfig"
        )
    elif affinity == "None" and spec.get("sessionAffinityConfig") is not None:
        errs.append(
            forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None")
        )

    errs += validate_service_cluster_ips_related_fields(spec)

    for i, ip in enumerate(spec.get("externalIPs") or []):
        ip_errs = is_valid_ip(f"spec.externalIPs[{i}]", ip)
        errs += ip_errs or validate_non_special_ip(ip, f"spec.externalIPs[{i}]")

    if not svc_type:
        errs.append(required("spec.type"))
    elif svc_type not in SUPPORTED_SERVICE_TYPES:
        errs.append(not_supported("spec.type", svc_type, SUPPORTED_SERVICE_TYPES))

    if svc_type == "ClusterIP":
        for i, sp in enumerate(ports):
            if _int(sp.get("nodePort")) != 0:
                errs.append(
                    forbidden(
                        f"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'"
                    )
                )

    seen_node_ports: set[tuple[str, int]] = set()
    for i, sp in enumerate(ports):
        node_port = _int(sp.get("nodePort"))
        if node_port == 0:
            continue
        key = (sp.get("protocol") or "", node_port)
        if key in seen_node_ports:
            errs.append(duplicate(f"spec.ports[{i}].nodePort", node_port))
        seen_node_ports.add(key)

    seen_ports: set[tuple[str, int]] = set()
    for i, sp in enumerate(ports):
        key = (sp.get("protocol") or "", _int(sp.get("port")))
        if key in seen_ports:
            errs.append(duplicate(f"spec.ports[{i}]", _internal_service_port_key(*key)))
        seen_ports.add(key)

    errs += _validate_source_ranges(meta, spec, svc_type)

    if spec.get("allocateLoadBalancerNodePorts") is not None and svc_type != "LoadBalancer":
        errs.append(
            forbidden(
                "spec.allocateLoadBalancerNodePorts",
                "may only be used when `type` is 'LoadBalancer'",
            )
        )
    if svc_type == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts") is None:
        # Upstream quirk: the path lacks the "spec." prefix.
        errs.append(required("allocateLoadBalancerNodePorts"))

    lb_class = spec.get("loadBalancerClass")
    if svc_type == "LoadBalancer":
        if lb_class is not None:
            errs += [
                invalid("spec.loadBalancerClass", lb_class, m)
                for m in names.is_qualified_name(lb_class)
            ]
    elif lb_class is not None:
        errs.append(
            forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'")
        )

    errs += _validate_external_traffic_policy(spec)
    errs += _validate_internal_traffic_policy(spec, svc_type)

    td = spec.get("trafficDistribution")
    if td is not None and td != "PreferClose":
        errs.append(not_supported("spec.trafficDistribution", td, ["PreferClose"]))
    return errs


def _validate_source_ranges(
    meta: dict[str, Any], spec: dict[str, Any], svc_type: str
) -> list[FieldError]:
    errs: list[FieldError] = []
    ranges = spec.get("loadBalancerSourceRanges") or []
    annotations = meta.get("annotations") or {}
    if ranges:
        # Upstream quirk: capitalised path.
        path = "spec.LoadBalancerSourceRanges"
        if svc_type != "LoadBalancer":
            errs.append(forbidden(path, "may only be used when `type` is 'LoadBalancer'"))
        for i, value in enumerate(ranges):
            errs += is_valid_cidr(f"{path}[{i}]", value.strip())
    elif ANNOTATION_LB_SOURCE_RANGES in annotations:
        path = f"metadata.annotations[{ANNOTATION_LB_SOURCE_RANGES}]"
        if svc_type != "LoadBalancer":
            errs.append(forbidden(path, "may only be used when `type` is 'LoadBalancer'"))
        val = (annotations[ANNOTATION_LB_SOURCE_RANGES] or "").strip()
        if val:
            for value in val.split(","):
                errs += is_valid_cidr(path, value.strip())
    return errs


def _validate_external_traffic_policy(spec: dict[str, Any]) -> list[FieldError]:
    errs: list[FieldError] = []
    etp = spec.get("externalTrafficPolicy") or ""
    if not externally_accessible(spec):
        if etp:
            errs.append(
                invalid(
                    "spec.externalTrafficPolicy",
                    etp,
                    "may only be set for externally-accessible services",
                )
            )
    elif not etp:
        errs.append(required("spec.externalTrafficPolicy"))
    elif etp not in SUPPORTED_EXTERNAL_TRAFFIC_POLICY:
        errs.append(
            not_supported("spec.externalTrafficPolicy", etp, SUPPORTED_EXTERNAL_TRAFFIC_POLICY)
        )
    hcnp = _int(spec.get("healthCheckNodePort"))
    if not needs_health_check(spec):
        if hcnp != 0:
            errs.append(
                invalid(
                    "spec.healthCheckNodePort",
                    hcnp,
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
                )
            )
    elif hcnp != 0:
        # Upstream also requires it here; k8slab leaves "missing" to the allocator, which assigns
        # it before validation runs on a real server.
        errs += [
            invalid("spec.healthCheckNodePort", hcnp, m) for m in names.is_valid_port_num(hcnp)
        ]
    return errs


def _validate_internal_traffic_policy(spec: dict[str, Any], svc_type: str) -> list[FieldError]:
    itp = spec.get("internalTrafficPolicy")
    if itp is None:
        if svc_type in ("NodePort", "LoadBalancer", "ClusterIP"):
            return [required("spec.internalTrafficPolicy")]
        return []
    if itp not in SUPPORTED_INTERNAL_TRAFFIC_POLICY:
        return [not_supported("spec.internalTrafficPolicy", itp, SUPPORTED_INTERNAL_TRAFFIC_POLICY)]
    return []


def _validate_upgrade_downgrade_cluster_ips(
    old: dict[str, Any], new: dict[str, Any]
) -> list[FieldError]:
    errs: list[FieldError] = []
    if "ExternalName" in (new.get("type"), old.get("type")):
        return errs
    if is_headless(old) and is_headless(new):
        return errs
    ocips = list(old.get("clusterIPs") or [])
    ncips = list(new.get("clusterIPs") or [])
    if len(ocips) == len(ncips):
        for i, ip in enumerate(ocips):
            if ip != ncips[i]:
                errs.append(invalid(f"spec.clusterIPs[{i}]", ncips, "may not change once set"))
    elif len(ocips) > len(ncips):
        if not ncips:
            errs.append(invalid("spec.clusterIPs[0]", ncips, "primary clusterIP can not be unset"))
        if ocips and ncips and ncips[0] != ocips[0]:
            errs.append(invalid("spec.clusterIPs[0]", ncips, "may not change once set"))
        if len(ncips) == 1 and new.get("ipFamilyPolicy") != "SingleStack":
            errs.append(
                invalid(
                    "spec.ipFamilyPolicy",
                    new.get("ipFamilyPolicy"),
                    "must be set to 'SingleStack' when releasing the secondary clusterIP",
                )
            )
    elif ocips and ncips[0] != ocips[0]:
        errs.append(invalid("spec.clusterIPs[0]", ncips, "may not change once set"))
    return errs


def _validate_upgrade_downgrade_ip_families(
    old: dict[str, Any], new: dict[str, Any]
) -> list[FieldError]:
    errs: list[FieldError] = []
    if "ExternalName" in (new.get("type"), old.get("type")):
        return errs
    if is_headless(old) != is_headless(new) or is_headless(new):
        return errs
    ofam = list(old.get("ipFamilies") or [])
    nfam = list(new.get("ipFamilies") or [])
    ncips = list(new.get("clusterIPs") or [])
    if len(ofam) == len(nfam):
        for i, fam in enumerate(ofam):
            if fam != nfam[i]:
                errs.append(invalid("spec.ipFamilies[0]", nfam, "may not change once set"))
    elif len(ofam) > len(nfam):
        if not ncips:
            errs.append(invalid("spec.ipFamilies[0]", nfam, "primary ipFamily can not be unset"))
        if nfam and nfam[0] != ofam[0]:
            errs.append(invalid("spec.ipFamilies[0]", ncips, "may not change once set"))
        if len(nfam) == 1 and new.get("ipFamilyPolicy") != "SingleStack":
            errs.append(
                invalid(
                    "spec.ipFamilyPolicy",
                    new.get("ipFamilyPolicy"),
                    "must be set to 'SingleStack' when releasing the secondary ipFamily",
                )
            )
    elif ofam and nfam and nfam[0] != ofam[0]:
        errs.append(invalid("spec.ipFamilies[0]", ncips, "may not change once set"))
    return errs


def validate_service_update(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    """``ValidateServiceUpdate``: clusterIPs/ipFamilies may not change, then ``ValidateService``."""
    nspec, ospec = new.get("spec") or {}, old.get("spec") or {}
    errs = validate_object_meta_update(new.get("metadata"), old.get("metadata"))
    errs += _validate_upgrade_downgrade_cluster_ips(ospec, nspec)
    errs += _validate_upgrade_downgrade_ip_families(ospec, nspec)
    if ospec.get("type") == "LoadBalancer" and nspec.get("type") == "LoadBalancer":
        if ospec.get("loadBalancerClass") != nspec.get("loadBalancerClass"):
            errs.append(
                invalid(
                    "spec.loadBalancerClass",
                    nspec.get("loadBalancerClass"),
                    "may not change once set",
                )
            )
    if needs_health_check(ospec) and needs_health_check(nspec):
        if _int(ospec.get("healthCheckNodePort")) != _int(nspec.get("healthCheckNodePort")):
            errs.append(forbidden("spec.healthCheckNodePort", "field is immutable"))
    return errs + validate_service(new)


def _int(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
