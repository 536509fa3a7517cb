"""Defaulting of v1 objects, as the API server applies it before validation.

``set_defaults(obj)`` fills in, in place, what ``kubectl get -o yaml`` shows that the user did
not write. Sources (kubernetes/kubernetes):

- ``pkg/apis/core/v1/defaults.go``: ``SetDefaults_Pod``, ``SetDefaults_PodSpec``,
  ``SetDefaults_Container``, ``SetDefaults_Probe``, ``SetDefaults_HTTPGetAction``,
  ``SetDefaults_Service``, ``SetDefaults_Secret``, ``SetDefaults_Endpoints``,
  ``SetDefaults_Namespace``, ``SetDefaults_NamespaceStatus``, ``SetDefaults_Volume``,
  ``SetDefaults_{Secret,ConfigMap}VolumeSource``, ``SetDefaults_HostPathVolumeSource``,
  ``SetDefaults_ObjectFieldSelector``; ``+default`` tags in ``staging/src/k8s.io/api/core/v1/
  types.go`` run by ``zz_generated.defaults.go`` (``ContainerPort.Protocol``,
  ``ServicePort.Protocol``, ``EndpointPort.Protocol``).
- ``pkg/apis/apps/v1/defaults.go``: ``SetDefaults_Deployment``, ``SetDefaults_DaemonSet``,
  ``SetDefaults_ReplicaSet`` (plus the pod-template defaults above).
- ``pkg/apis/networking/v1/defaults.go``: ``SetDefaults_IngressClass`` (Ingress has none; in v1
  ``pathType`` has no default).
- ``pkg/apis/discovery/v1/defaults.go``: ``SetDefaults_EndpointPort``.
- Not defaulters but applied on every create before the object is stored, so they are here too:
  Service ``ipFamilyPolicy``/``ipFamilies`` (``pkg/registry/core/service/storage/alloc.go``,
  ``initIPFamilyFields``, for k8slab's single-stack IPv4 cluster), Namespace
  ``spec.finalizers`` (``pkg/registry/core/namespace/strategy.go``, ``PrepareForCreate``), and for
  Pods the admission plugins ``ServiceAccount`` (``serviceAccountName``/``serviceAccount``),
  ``Priority`` (``priority: 0``, ``preemptionPolicy``) and ``DefaultTolerationSeconds``
  (``plugin/pkg/admission/...``).

ClusterIP and NodePort *allocation* is not done here (see the allocator).
"""

from __future__ import annotations

from typing import Any

DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30
DEFAULT_CLIENT_IP_SERVICE_AFFINITY_SECONDS = 10800
DEFAULT_SCHEDULER_NAME = "default-scheduler"
TERMINATION_MESSAGE_PATH_DEFAULT = "/dev/termination-log"
LABEL_METADATA_NAME = "kubernetes.io/metadata.name"
DEFAULT_TOLERATION_SECONDS = 300
CLUSTER_IP_FAMILY = "IPv4"


def image_tag(image: str) -> tuple[str, str]:
    """The ``(tag, digest)`` of an image reference, as ``parsers.ParseImageName`` reports them.

    ``nginx`` and ``nginx:latest`` give tag ``latest``; ``nginx@sha256:…`` gives no tag.
    """
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last.rpartition(":")[2] if ":" in last else ""
    if not tag and not digest:
        tag = "latest"
    return tag, digest


def _setdefault(d: dict[str, Any], key: str, value: Any) -> None:
    if d.get(key) in (None, ""):
        d[key] = value


def set_defaults_probe(probe: dict[str, Any]) -> None:
    """``SetDefaults_Probe`` + ``SetDefaults_HTTPGetAction``."""
    for key, value in (
        ("timeoutSeconds", 1),
        ("periodSeconds", 10),
        ("successThreshold", 1),
        ("failureThreshold", 3),
    ):
        if not probe.get(key):
            probe[key] = value
    http = probe.get("httpGet")
    if isinstance(http, dict):
        _setdefault(http, "path", "/")
        _setdefault(http, "scheme", "HTTP")


def set_defaults_container(ctr: dict[str, Any]) -> None:
    """``SetDefaults_Container`` and the generated defaults of its nested structs."""
    if not ctr.get("imagePullPolicy"):
        tag, _ = image_tag(str(ctr.get("image") or ""))
        ctr["imagePullPolicy"] = "Always" if tag == "latest" else "IfNotPresent"
    _setdefault(ctr, "terminationMessagePath", TERMINATION_MESSAGE_PATH_DEFAULT)
    _setdefault(ctr, "terminationMessagePolicy", "File")
    if ctr.get("resources") is None:
        ctr["resources"] = {}
    for port in ctr.get("ports") or []:
        _setdefault(port, "protocol", "TCP")
    for key in ("livenessProbe", "readinessProbe", "startupProbe"):
        if isinstance(ctr.get(key), dict):
            set_defaults_probe(ctr[key])
    for lifecycle_hook in ((ctr.get("lifecycle") or {}).get(k) for k in ("postStart", "preStop")):
        if isinstance(lifecycle_hook, dict) and isinstance(lifecycle_hook.get("httpGet"), dict):
            _setdefault(lifecycle_hook["httpGet"], "path", "/")
            _setdefault(lifecycle_hook["httpGet"], "scheme", "HTTP")
    for env in ctr.get("env") or []:
        field_ref = (env.get("valueFrom") or {}).get("fieldRef")
        if isinstance(field_ref, dict):
            _setdefault(field_ref, "apiVersion", "v1")


def set_defaults_volume(vol: dict[str, Any]) -> None:
    """``SetDefaults_Volume`` (emptyDir when no source) and the volume-source defaulters."""
    sources = [k for k in vol if k != "name"]
    if not sources:
        vol["emptyDir"] = {}
    for key in ("secret", "configMap", "downwardAPI", "projected"):
        if isinstance(vol.get(key), dict) and vol[key].get("defaultMode") is None:
            vol[key]["defaultMode"] = 420  # 0644
    if isinstance(vol.get("hostPath"), dict) and vol["hostPath"].get("type") is None:
        vol["hostPath"]["type"] = ""


def set_defaults_pod_spec(spec: dict[str, Any]) -> None:
    """``SetDefaults_PodSpec`` + container and volume defaults (pods and pod templates)."""
    _setdefault(spec, "dnsPolicy", "ClusterFirst")
    _setdefault(spec, "restartPolicy", "Always")
    if spec.get("securityContext") is None:
        spec["securityContext"] = {}
    if spec.get("terminationGracePeriodSeconds") is None:
        spec["terminationGracePeriodSeconds"] = DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS
    _setdefault(spec, "schedulerName", DEFAULT_SCHEDULER_NAME)
    for ctr in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        set_defaults_container(ctr)
    for vol in spec.get("volumes") or []:
        set_defaults_volume(vol)


def _set_defaults_pod_template(template: dict[str, Any] | None) -> None:
    if isinstance(template, dict):
        set_defaults_pod_spec(template.setdefault("spec", {}))


def set_defaults_pod(pod: dict[str, Any]) -> None:
    """``SetDefaults_Pod`` + PodSpec defaults + what admission adds to every new Pod."""
    spec = pod.setdefault("spec", {})
    set_defaults_pod_spec(spec)
    for ctr in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        res = ctr.get("resources") or {}
        if res.get("limits"):
            requests = res.setdefault("requests", {})
            for key, value in res["limits"].items():
                requests.setdefault(key, value)
    if spec.get("enableServiceLinks") is None:
        spec["enableServiceLinks"] = True
    if spec.get("hostNetwork"):
        for ctr in (spec.get("initContainers") or []) + (spec.get("containers") or []):
            for port in ctr.get("ports") or []:
                if not port.get("hostPort"):
                    port["hostPort"] = port.get("containerPort")
    # Admission: ServiceAccount (plugin/pkg/admission/serviceaccount/admission.go).
    _setdefault(spec, "serviceAccountName", "default")
    _setdefault(spec, "serviceAccount", spec["serviceAccountName"])
    # Admission: Priority (plugin/pkg/admission/priority/admission.go), no PriorityClass.
    if spec.get("priority") is None:
        spec["priority"] = 0
    _setdefault(spec, "preemptionPolicy", "PreemptLowerPriority")
    # Admission: DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds).
    tolerations = spec.setdefault("tolerations", [])
    for key in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"):
        if not any(
            t.get("key") == key and t.get("effect") in (None, "", "NoExecute") for t in tolerations
        ):
            tolerations.append(
                {
                    "effect": "NoExecute",
                    "key": key,
                    "operator": "Exists",
                    "tolerationSeconds": DEFAULT_TOLERATION_SECONDS,
                }
            )


def set_defaults_service(svc: dict[str, Any]) -> None:
    """``SetDefaults_Service`` + single-stack IP-family defaults (``initIPFamilyFields``)."""
    spec = svc.setdefault("spec", {})
    _setdefault(spec, "sessionAffinity", "None")
    if spec["sessionAffinity"] == "None":
        spec.pop("sessionAffinityConfig", None)
    elif spec["sessionAffinity"] == "ClientIP":
        cfg = spec.get("sessionAffinityConfig") or {}
        if (cfg.get("clientIP") or {}).get("timeoutSeconds") is None:
            spec["sessionAffinityConfig"] = {
                "clientIP": {"timeoutSeconds": DEFAULT_CLIENT_IP_SERVICE_AFFINITY_SECONDS}
            }
    _setdefault(spec, "type", "ClusterIP")
    for port in spec.get("ports") or []:
        _setdefault(port, "protocol", "TCP")
        if port.get("targetPort") in (None, 0, ""):
            port["targetPort"] = port.get("port")
    svc_type = spec["type"]
    externally = svc_type in ("NodePort", "LoadBalancer") or (
        svc_type == "ClusterIP" and bool(spec.get("externalIPs"))
    )
    if externally:
        _setdefault(spec, "externalTrafficPolicy", "Cluster")
    if spec.get("internalTrafficPolicy") is None and svc_type in (
        "ClusterIP",
        "NodePort",
        "LoadBalancer",
    ):
        spec["internalTrafficPolicy"] = "Cluster"
    if svc_type == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts") is None:
        spec["allocateLoadBalancerNodePorts"] = True
    if svc_type == "LoadBalancer":
        for ing in ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []:
            if ing.get("ip") and ing.get("ipMode") is None:
                ing["ipMode"] = "VIP"
    if svc_type != "ExternalName":
        cips = spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else [])
        headless_selectorless = cips[:1] == ["None"] and not spec.get("selector")
        if spec.get("ipFamilyPolicy") is None:
            spec["ipFamilyPolicy"] = "RequireDualStack" if headless_selectorless else "SingleStack"
        if not spec.get("ipFamilies"):
            spec["ipFamilies"] = [CLUSTER_IP_FAMILY]


def set_defaults_deployment(dep: dict[str, Any]) -> None:
    """``SetDefaults_Deployment`` + pod-template defaults."""
    spec = dep.setdefault("spec", {})
    if spec.get("replicas") is None:
        spec["replicas"] = 1
    strategy = spec.setdefault("strategy", {})
    _setdefault(strategy, "type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        ru = strategy.get("rollingUpdate")
        if ru is None:
            ru = strategy["rollingUpdate"] = {}
        if ru.get("maxUnavailable") is None:
            ru["maxUnavailable"] = "25%"
        if ru.get("maxSurge") is None:
            ru["maxSurge"] = "25%"
    if spec.get("revisionHistoryLimit") is None:
        spec["revisionHistoryLimit"] = 10
    if spec.get("progressDeadlineSeconds") is None:
        spec["progressDeadlineSeconds"] = 600
    _set_defaults_pod_template(spec.get("template"))


def set_defaults_replica_set(rs: dict[str, Any]) -> None:
    """``SetDefaults_ReplicaSet`` + pod-template defaults."""
    spec = rs.setdefault("spec", {})
    if spec.get("replicas") is None:
        spec["replicas"] = 1
    _set_defaults_pod_template(spec.get("template"))


def set_defaults_daemon_set(ds: dict[str, Any]) -> None:
    """``SetDefaults_DaemonSet`` + pod-template defaults."""
    spec = ds.setdefault("spec", {})
    strategy = spec.setdefault("updateStrategy", {})
    _setdefault(strategy, "type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        ru = strategy.get("rollingUpdate")
        if ru is None:
            ru = strategy["rollingUpdate"] = {}
        if ru.get("maxUnavailable") is None:
            ru["maxUnavailable"] = 1
        if ru.get("maxSurge") is None:
            ru["maxSurge"] = 0
    if spec.get("revisionHistoryLimit") is None:
        spec["revisionHistoryLimit"] = 10
    _set_defaults_pod_template(spec.get("template"))


def set_defaults_namespace(ns: dict[str, Any]) -> None:
    """``SetDefaults_Namespace`` (name label), ``SetDefaults_NamespaceStatus``, finalizers."""
    meta = ns.setdefault("metadata", {})
    if meta.get("name"):
        labels = meta.get("labels")
        if labels is None:
            labels = meta["labels"] = {}
        labels[LABEL_METADATA_NAME] = meta["name"]
    spec = ns.setdefault("spec", {})
    if not spec.get("finalizers"):
        spec["finalizers"] = ["kubernetes"]
    status = ns.setdefault("status", {})
    _setdefault(status, "phase", "Active")


def set_defaults_secret(secret: dict[str, Any]) -> None:
    """``SetDefaults_Secret``."""
    _setdefault(secret, "type", "Opaque")


def set_defaults_endpoints(ep: dict[str, Any]) -> None:
    """``SetDefaults_Endpoints``: ports default to TCP."""
    for subset in ep.get("subsets") or []:
        for port in subset.get("ports") or []:
            _setdefault(port, "protocol", "TCP")


def set_defaults_endpoint_slice(eps: dict[str, Any]) -> None:
    """discovery/v1 ``SetDefaults_EndpointPort``: ``name: ""`` and ``protocol: TCP``."""
    for port in eps.get("ports") or []:
        if port.get("name") is None:
            port["name"] = ""
        if port.get("protocol") is None:
            port["protocol"] = "TCP"


def set_defaults_ingress_class(ic: dict[str, Any]) -> None:
    """``SetDefaults_IngressClass``: parameters scope ``Cluster``."""
    params = (ic.get("spec") or {}).get("parameters")
    if isinstance(params, dict) and params.get("scope") is None:
        params["scope"] = "Cluster"


_DEFAULTERS = {
    "Pod": set_defaults_pod,
    "Service": set_defaults_service,
    "Deployment": set_defaults_deployment,
    "ReplicaSet": set_defaults_replica_set,
    "DaemonSet": set_defaults_daemon_set,
    "Namespace": set_defaults_namespace,
    "Secret": set_defaults_secret,
    "Endpoints": set_defaults_endpoints,
    "EndpointSlice": set_defaults_endpoint_slice,
    "IngressClass": set_defaults_ingress_class,
}


def set_defaults(obj: dict[str, Any]) -> None:
    """Default ``obj`` (a v1 object in its JSON form) in place; unknown kinds are left alone."""
    fn = _DEFAULTERS.get(obj.get("kind") or "")
    if fn is not None:
        fn(obj)
