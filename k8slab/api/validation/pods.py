"""Pod, PodSpec, PodTemplateSpec and container validation (the parts k8slab's labs meet).

Mirrors kubernetes/kubernetes ``pkg/apis/core/validation/validation.go``: ``ValidatePodSpec``
(subset), ``ValidateVolumes`` (names), ``validateContainers``, ``validateContainerCommon``,
``validateContainerPorts``, ``validatePullPolicy``, ``validateRestartPolicy``,
``validateDNSPolicy``, ``validateProbe``, ``validateHandler``, ``validateHTTPGetAction``,
``validateTCPSocketAction``, ``validateExecAction``, ``ValidatePodTemplateSpec``, ``ValidatePod``.
Volume sources, resources, security contexts and affinity are not validated in depth.
"""

from __future__ import annotations

from typing import Any

from k8slab.api.field import (
    FieldError,
    duplicate,
    forbidden,
    invalid,
    not_found,
    not_supported,
    required,
)
from k8slab.api.validation import names
from k8slab.api.validation.objectmeta import (
    validate_annotations,
    validate_labels,
    validate_nonnegative_field,
    validate_object_meta,
)
from k8slab.api.validation.services import SUPPORTED_PORT_PROTOCOLS, validate_port_num_or_name

PULL_POLICIES = ["Always", "IfNotPresent", "Never"]
RESTART_POLICIES = ["Always", "OnFailure", "Never"]
DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"]
URI_SCHEMES = ["HTTP", "HTTPS"]
HANDLER_TYPES = ("exec", "httpGet", "tcpSocket", "grpc")


def validate_container_ports(ports: list[dict[str, Any]] | None, path: str) -> list[FieldError]:
    """``validateContainerPorts``: IANA names unique per container, ports 1-65535, protocol."""
    errs: list[FieldError] = []
    all_names: set[str] = set()
    for i, port in enumerate(ports or []):
        ipath = f"{path}[{i}]"
        name = port.get("name") or ""
        if name:
            msgs = names.is_valid_port_name(name)
            if msgs:
                errs += [invalid(f"{ipath}.name", name, m) for m in msgs]
            elif name in all_names:
                errs.append(duplicate(f"{ipath}.name", name))
            else:
                all_names.add(name)
        cport = port.get("containerPort") or 0
        if cport == 0:
            errs.append(required(f"{ipath}.containerPort"))
        else:
            errs += [
                invalid(f"{ipath}.containerPort", cport, m) for m in names.is_valid_port_num(cport)
            ]
        hport = port.get("hostPort") or 0
        if hport != 0:
            errs += [invalid(f"{ipath}.hostPort", hport, m) for m in names.is_valid_port_num(hport)]
        protocol = port.get("protocol") or ""
        if not protocol:
            errs.append(required(f"{ipath}.protocol"))
        elif protocol not in SUPPORTED_PORT_PROTOCOLS:
            errs.append(not_supported(f"{ipath}.protocol", protocol, SUPPORTED_PORT_PROTOCOLS))
    return errs


def _validate_handler(handler: dict[str, Any], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    count = 0
    for kind in HANDLER_TYPES:
        if handler.get(kind) is None:
            continue
        if count > 0:
            errs.append(forbidden(f"{path}.{kind}", "may not specify more than 1 handler type"))
            continue
        count += 1
        action = handler[kind]
        apath = f"{path}.{kind}"
        if kind == "exec":
            if not action.get("command"):
                errs.append(required(f"{apath}.command"))
        elif kind == "httpGet":
            if not action.get("path"):
                errs.append(required(f"{apath}.path"))
            errs += validate_port_num_or_name(action.get("port", 0), f"{apath}.port")
            scheme = action.get("scheme") or ""
            if scheme not in URI_SCHEMES:
                errs.append(not_supported(f"{apath}.scheme", scheme, URI_SCHEMES))
        elif kind == "tcpSocket":
            errs += validate_port_num_or_name(action.get("port", 0), f"{apath}.port")
        elif kind == "grpc":
            port = action.get("port") or 0
            errs += [invalid(f"{apath}.port", port, m) for m in names.is_valid_port_num(port)]
    if count == 0:
        errs.append(required(path, "must specify a handler type"))
    return errs


def validate_probe(
    probe: dict[str, Any] | None, path: str, *, success_must_be_one: bool
) -> list[FieldError]:
    """``validateProbe`` (+ the liveness/startup ``successThreshold`` rule)."""
    if probe is None:
        return []
    errs = _validate_handler(probe, path)
    for key in (
        "initialDelaySeconds",
        "timeoutSeconds",
        "periodSeconds",
        "successThreshold",
        "failureThreshold",
    ):
        errs += validate_nonnegative_field(int(probe.get(key) or 0), f"{path}.{key}")
    tgps = probe.get("terminationGracePeriodSeconds")
    if tgps is not None and tgps <= 0:
        errs.append(
            invalid(f"{path}.terminationGracePeriodSeconds", tgps, "must be greater than 0")
        )
    if success_must_be_one and (probe.get("successThreshold") or 0) != 1:
        errs.append(
            invalid(f"{path}.successThreshold", probe.get("successThreshold") or 0, "must be 1")
        )
    return errs


def _validate_container_common(
    ctr: dict[str, Any], volumes: set[str], path: str
) -> list[FieldError]:
    errs: list[FieldError] = []
    name = ctr.get("name") or ""
    if not name:
        errs.append(required(f"{path}.name"))
    else:
        errs += [invalid(f"{path}.name", name, m) for m in names.is_dns1123_label(name)]
    if not ctr.get("image"):
        errs.append(required(f"{path}.image"))
    tmp = ctr.get("terminationMessagePolicy") or ""
    if not tmp:
        errs.append(required(f"{path}.terminationMessagePolicy"))
    elif tmp not in TERMINATION_MESSAGE_POLICIES:
        errs.append(
            not_supported(f"{path}.terminationMessagePolicy", tmp, TERMINATION_MESSAGE_POLICIES)
        )
    errs += validate_container_ports(ctr.get("ports"), f"{path}.ports")
    for i, mnt in enumerate(ctr.get("volumeMounts") or []):
        mpath = f"{path}.volumeMounts[{i}]"
        mname = mnt.get("name") or ""
        if not mname:
            errs.append(required(f"{mpath}.name"))
        elif mname not in volumes:
            errs.append(not_found(f"{mpath}.name", mname))
        if not mnt.get("mountPath"):
            errs.append(required(f"{mpath}.mountPath"))
    pull = ctr.get("imagePullPolicy") or ""
    if not pull:
        errs.append(required(f"{path}.imagePullPolicy"))
    elif pull not in PULL_POLICIES:
        errs.append(not_supported(f"{path}.imagePullPolicy", pull, PULL_POLICIES))
    return errs


def validate_containers(
    containers: list[dict[str, Any]] | None, volumes: set[str], path: str
) -> list[FieldError]:
    """``validateContainers``: at least one; names unique; probes."""
    if not containers:
        return [required(path)]
    errs: list[FieldError] = []
    seen: set[str] = set()
    for i, ctr in enumerate(containers):
        cpath = f"{path}[{i}]"
        errs += _validate_container_common(ctr, volumes, cpath)
        name = ctr.get("name") or ""
        if name in seen:
            errs.append(duplicate(f"{cpath}.name", name))
        else:
            seen.add(name)
        errs += validate_probe(
            ctr.get("livenessProbe"), f"{cpath}.livenessProbe", success_must_be_one=True
        )
        errs += validate_probe(
            ctr.get("readinessProbe"), f"{cpath}.readinessProbe", success_must_be_one=False
        )
        errs += validate_probe(
            ctr.get("startupProbe"), f"{cpath}.startupProbe", success_must_be_one=True
        )
        if ctr.get("restartPolicy") is not None:
            errs.append(
                forbidden(f"{cpath}.restartPolicy", "may not be set for non-init containers")
            )
    return errs


def validate_pod_spec(spec: dict[str, Any] | None, path: str) -> list[FieldError]:
    """``ValidatePodSpec`` (subset): volumes, containers, policies, nodeSelector, hostname."""
    spec = spec or {}
    errs: list[FieldError] = []
    volumes: set[str] = set()
    for i, vol in enumerate(spec.get("volumes") or []):
        vpath = f"{path}.volumes[{i}].name"
        vname = vol.get("name") or ""
        verrs: list[FieldError] = []
        if not vname:
            verrs.append(required(vpath))
        else:
            verrs += [invalid(vpath, vname, m) for m in names.is_dns1123_label(vname)]
        if vname in volumes:
            verrs.append(duplicate(vpath, vname))
        if verrs:
            errs += verrs
        else:
            volumes.add(vname)
    errs += validate_containers(spec.get("containers"), volumes, f"{path}.containers")
    init_seen = {c.get("name") for c in spec.get("containers") or []}
    for i, ctr in enumerate(spec.get("initContainers") or []):
        cpath = f"{path}.initContainers[{i}]"
        errs += _validate_container_common(ctr, volumes, cpath)
        if ctr.get("name") in init_seen:
            errs.append(duplicate(f"{cpath}.name", ctr.get("name")))
        init_seen.add(ctr.get("name"))
    restart = spec.get("restartPolicy") or ""
    if not restart:
        errs.append(required(f"{path}.restartPolicy"))
    elif restart not in RESTART_POLICIES:
        errs.append(not_supported(f"{path}.restartPolicy", restart, RESTART_POLICIES))
    dns = spec.get("dnsPolicy") or ""
    if not dns:
        errs.append(required(f"{path}.dnsPolicy"))
    elif dns not in DNS_POLICIES:
        errs.append(not_supported(f"{path}.dnsPolicy", dns, DNS_POLICIES))
    errs += validate_labels(spec.get("nodeSelector"), f"{path}.nodeSelector")
    for key in ("hostname", "subdomain"):
        if spec.get(key):
            errs += [
                invalid(f"{path}.{key}", spec[key], m) for m in names.is_dns1123_label(spec[key])
            ]
    tgps = spec.get("terminationGracePeriodSeconds")
    if tgps is not None:
        errs += validate_nonnegative_field(int(tgps), f"{path}.terminationGracePeriodSeconds")
    if spec.get("activeDeadlineSeconds") is not None and spec["activeDeadlineSeconds"] <= 0:
        errs.append(
            invalid(
                f"{path}.activeDeadlineSeconds",
                spec["activeDeadlineSeconds"],
                "must be between 1 and 2147483647, inclusive",
            )
        )
    return errs


def validate_pod_template_spec(template: dict[str, Any] | None, path: str) -> list[FieldError]:
    """``ValidatePodTemplateSpec``: template labels/annotations, then the pod spec."""
    template = template or {}
    meta = template.get("metadata") or {}
    errs = validate_labels(meta.get("labels"), f"{path}.labels")
    errs += validate_annotations(meta.get("annotations"), f"{path}.annotations")
    errs += validate_pod_spec(template.get("spec"), f"{path}.spec")
    if (template.get("spec") or {}).get("ephemeralContainers"):
        errs.append(
            forbidden(
                f"{path}.spec.ephemeralContainers",
                "ephemeral containers not allowed in pod template",
            )
        )
    return errs


def validate_pod(pod: dict[str, Any]) -> list[FieldError]:
    """``ValidatePodCreate`` → ``validatePodMetadataAndSpec`` (subset)."""
    errs = validate_object_meta(pod.get("metadata"), True, names.name_is_dns_subdomain)
    errs += validate_pod_spec(pod.get("spec"), "spec")
    return errs
