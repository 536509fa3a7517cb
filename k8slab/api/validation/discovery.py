"""discovery.k8s.io/v1 EndpointSlice.

Mirrors kubernetes/kubernetes ``pkg/apis/discovery/validation/validation.go``
(``ValidateEndpointSlice``, ``validateAddressType``, ``validateEndpoints``, ``validatePorts``,
``ValidateEndpointSliceUpdate``). Note the paths have no ``spec.`` prefix.
"""

from __future__ import annotations

from typing import Any

from k8slab.api.field import FieldError, duplicate, invalid, not_supported, required, too_many
from k8slab.api.validation import names
from k8slab.api.validation.ip import (
    is_valid_ipv4_address,
    is_valid_ipv6_address,
    validate_non_special_ip,
)
from k8slab.api.validation.objectmeta import (
    validate_immutable_field,
    validate_labels,
    validate_object_meta,
    validate_object_meta_update,
)
from k8slab.api.validation.services import SUPPORTED_PORT_PROTOCOLS

SUPPORTED_ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"]
MAX_ENDPOINTS = 1000
MAX_ADDRESSES = 100
MAX_PORTS = 20000
MAX_TOPOLOGY_LABELS = 16


def _is_fqdn(path: str, name: str) -> list[FieldError]:
    """``IsFullyQualifiedDomainName``."""
    if not name:
        return [required(path)]
    name = name.removesuffix(".")
    msgs = names.is_dns1123_subdomain(name)
    if msgs:
        return [invalid(path, name, ",".join(msgs))]
    if len(name.split(".")) < 2:
        return [
            invalid(path, name, "should be a domain with at least two segments separated by dots")
        ]
    for label in name.split("."):
        msgs = names.is_dns1123_label(label)
        if msgs:
            return [invalid(path, label, ",".join(msgs))]
    return []


def validate_endpoint_slice(eps: dict[str, Any]) -> list[FieldError]:
    """``ValidateEndpointSlice`` with the create-time address types."""
    errs = validate_object_meta(eps.get("metadata"), True, names.name_is_dns_subdomain)
    addr_type = eps.get("addressType") or ""
    if not addr_type:
        errs.append(required("addressType"))
    elif addr_type not in SUPPORTED_ADDRESS_TYPES:
        errs.append(not_supported("addressType", addr_type, SUPPORTED_ADDRESS_TYPES))
    endpoints = eps.get("endpoints") or []
    if len(endpoints) > MAX_ENDPOINTS:
        errs.append(too_many("endpoints", len(endpoints), MAX_ENDPOINTS))
    else:
        for i, ep in enumerate(endpoints):
            apath = f"endpoints[{i}].addresses"
            addrs = ep.get("addresses") or []
            if not addrs:
                errs.append(required(apath, "must contain at least 1 address"))
            elif len(addrs) > MAX_ADDRESSES:
                errs.append(too_many(apath, len(addrs), MAX_ADDRESSES))
            for j, addr in enumerate(addrs):
                ipath = f"{apath}[{j}]"
                if addr_type == "IPv4":
                    errs += is_valid_ipv4_address(ipath, addr)
                    errs += validate_non_special_ip(addr, ipath)
                elif addr_type == "IPv6":
                    errs += is_valid_ipv6_address(ipath, addr)
                    errs += validate_non_special_ip(addr, ipath)
                elif addr_type == "FQDN":
                    errs += _is_fqdn(ipath, addr)
            topo = ep.get("topology")
            if topo and len(topo) > MAX_TOPOLOGY_LABELS:
                errs.append(too_many(f"endpoints[{i}].topology", len(topo), MAX_TOPOLOGY_LABELS))
            errs += validate_labels(topo, f"endpoints[{i}].topology")
            if ep.get("hostname") is not None:
                errs += [
                    invalid(f"endpoints[{i}].hostname", ep["hostname"], m)
                    for m in names.is_dns1123_label(ep["hostname"])
                ]
    ports = eps.get("ports") or []
    if len(ports) > MAX_PORTS:
        return errs + [too_many("ports", len(ports), MAX_PORTS)]
    seen: set[str] = set()
    for i, port in enumerate(ports):
        ppath = f"ports[{i}]"
        name = port.get("name") or ""
        if name:
            errs += [invalid(f"{ppath}.name", name, m) for m in names.is_dns1123_label(name)]
        if name in seen:
            errs.append(duplicate(f"{ppath}.name", name))
        seen.add(name)
        proto = port.get("protocol")
        if proto is None:
            errs.append(required(f"{ppath}.protocol"))
        elif proto not in SUPPORTED_PORT_PROTOCOLS:
            errs.append(not_supported(f"{ppath}.protocol", proto, SUPPORTED_PORT_PROTOCOLS))
        if port.get("appProtocol") is not None:
            app = port["appProtocol"]
            errs += [invalid(f"{ppath}.appProtocol", app, m) for m in names.is_qualified_name(app)]
    return errs


def validate_endpoint_slice_update(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    """``ValidateEndpointSliceUpdate``: ``addressType`` is immutable."""
    errs = validate_object_meta_update(new.get("metadata"), old.get("metadata"))
    errs += validate_endpoint_slice(new)[
        len(validate_object_meta(new.get("metadata"), True, names.name_is_dns_subdomain)) :
    ]
    errs += validate_immutable_field(
        new.get("addressType") or "", old.get("addressType") or "", "addressType"
    )
    return errs
