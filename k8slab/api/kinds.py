"""The kinds the simulated API server serves, as discovery describes them.

Each entry is what ``kubectl api-resources`` lists for a fresh cluster (name, short names,
API version, namespaced, kind). kubectl resolves user-typed resource names (``svc``, ``services``,
``service``, ``deploy``, ``ing`` …) through this table, and the API server uses it to answer
``no matches for kind "Ingress" in version "networking.k8s.io/v1beta1"``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    kind: str
    group: str  # "" for the core group
    version: str
    plural: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    simulated: bool = True  # False: stored and printed but no controller acts on it

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def resource(self) -> str:
        """``plural[.group]``, as kubectl prints it in ``service/nginx``-style names."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def qualified_kind(self) -> str:
        """``Kind[.group]``, as API-server error messages name the kind."""
        return f"{self.kind}.{self.group}" if self.group else self.kind

    @property
    def name_prefix(self) -> str:
        """``kind[.group]``, as ``kubectl apply``/``-o name`` print it (``deployment.apps``)."""
        return f"{self.singular}.{self.group}" if self.group else self.singular


# Order matters for `kubectl get all`-style listings and for api-resources output.
KINDS: tuple[Kind, ...] = (
    Kind("Binding", "", "v1", "bindings", True, simulated=False),
    Kind("ConfigMap", "", "v1", "configmaps", True, ("cm",)),
    Kind("Endpoints", "", "v1", "endpoints", True, ("ep",)),
    Kind("Event", "", "v1", "events", True, ("ev",)),
    Kind("LimitRange", "", "v1", "limitranges", True, ("limits",), simulated=False),
    Kind("Namespace", "", "v1", "namespaces", False, ("ns",)),
    Kind("Node", "", "v1", "nodes", False, ("no",)),
    Kind("Pod", "", "v1", "pods", True, ("po",)),
    Kind("ResourceQuota", "", "v1", "resourcequotas", True, ("quota",), simulated=False),
    Kind("Secret", "", "v1", "secrets", True),
    Kind("ServiceAccount", "", "v1", "serviceaccounts", True, ("sa",)),
    Kind("Service", "", "v1", "services", True, ("svc",)),
    Kind("DaemonSet", "apps", "v1", "daemonsets", True, ("ds",)),
    Kind("Deployment", "apps", "v1", "deployments", True, ("deploy",)),
    Kind("ReplicaSet", "apps", "v1", "replicasets", True, ("rs",)),
    Kind("Job", "batch", "v1", "jobs", True),
    Kind("Lease", "coordination.k8s.io", "v1", "leases", True, simulated=False),
    Kind("EndpointSlice", "discovery.k8s.io", "v1", "endpointslices", True),
    Kind("IngressClass", "networking.k8s.io", "v1", "ingressclasses", False),
    Kind("Ingress", "networking.k8s.io", "v1", "ingresses", True, ("ing",)),
    Kind("ClusterRoleBinding", "rbac.authorization.k8s.io", "v1", "clusterrolebindings", False,
         simulated=False),
    Kind("ClusterRole", "rbac.authorization.k8s.io", "v1", "clusterroles", False, simulated=False),
    Kind("RoleBinding", "rbac.authorization.k8s.io", "v1", "rolebindings", True, simulated=False),
    Kind("Role", "rbac.authorization.k8s.io", "v1", "roles", True, simulated=False),
    Kind("PriorityClass", "scheduling.k8s.io", "v1", "priorityclasses", False, ("pc",),
         simulated=False),
    Kind("ValidatingWebhookConfiguration", "admissionregistration.k8s.io", "v1",
         "validatingwebhookconfigurations", False, simulated=False),
)

BY_KIND: dict[str, Kind] = {k.kind: k for k in KINDS}


def lookup(api_version: str, kind: str) -> Kind | None:
    """The served kind for ``apiVersion``/``kind`` exactly as written, or None (no match)."""
    k = BY_KIND.get(kind)
    if k is None or k.api_version != api_version:
        return None
    return k


def resolve_resource(name: str) -> Kind | None:
    """Resolve what a user types after ``kubectl get`` (``svc``, ``Service``, ``ingresses.networking.k8s.io``)."""
    n = name.lower()
    for k in KINDS:
        if n in (k.plural, k.singular, k.kind.lower(), *k.short_names):
            return k
        if n in (f"{k.plural}.{k.group}", f"{k.singular}.{k.group}") and k.group:
            return k
        if k.group and (n.startswith(k.plural + ".") or n.startswith(k.singular + ".")):
            rest = n.split(".", 1)[1]
            if rest in (f"{k.version}.{k.group}",):
                return k
    return None
