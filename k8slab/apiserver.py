"""The simulated kube-apiserver: the object store and the write pipeline.

Objects are kept in their versioned JSON form (plain dicts, as etcd holds them after
defaulting). Every user write goes through the same stages, in the order the real server runs
them — the order decides which error a student sees (see ``write``):

1. strict decoding (``fieldValidation=Strict``, kubectl >= 1.25) → 400 BadRequest;
2. for an existing object, kubectl's three-way merge (``k8slab.api.merge``);
3. defaulting (``k8slab.api.defaults``);
4. NamespaceLifecycle admission → 404 ``namespaces "x" not found``;
5. Service REST ``BeginCreate``/``BeginUpdate``: ClusterIP and NodePort allocation, whose
   errors come back alone (``k8slab.allocators``);
6. field validation (``k8slab.api.validation``) → 422 Invalid with every cause;
7. persist: uid, resourceVersion, generation, creationTimestamp.

Controllers write through ``put``/``remove`` (trusted, no validation), as they would through
their own clients. Deletion cascades through ownerReferences (background garbage collection).
"""

from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass

from k8slab import rand, status
from k8slab.allocators import IPAllocator, PortAllocator
from k8slab.api import field
from k8slab.api.kinds import BY_KIND, Kind
from k8slab.clock import VirtualClock

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

# Namespaces the NamespaceLifecycle admission plugin refuses to delete
# (kubernetes/kubernetes plugin/pkg/admission/namespace/lifecycle: immortalNamespaces).
IMMORTAL_NAMESPACES = ("default", "kube-system", "kube-public")

# Service types that need NodePorts (pkg/registry/core/service/storage: shouldAllocateNodePorts).
NODEPORT_TYPES = ("NodePort", "LoadBalancer")


@dataclass(frozen=True, order=True)
class ObjectKey:
    """A typed key for one object: kind, namespace ("" for cluster-scoped kinds), name."""

    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.namespace}/{self.name}" if self.namespace else self.name


def key_of(obj: dict) -> ObjectKey:
    md = obj.get("metadata") or {}
    return ObjectKey(obj["kind"], md.get("namespace", "") or "", md.get("name", ""))


class APIServer:
    """The store plus the create/apply/update/delete pipeline. Implements ``Reader``."""

    def __init__(
        self,
        *,
        seed: int,
        clock: VirtualClock,
        service_cidr: str = "10.96.0.0/12",
        node_port_range: tuple[int, int] = (30000, 32767),
    ) -> None:
        self.seed = seed
        self.clock = clock
        self.service_cidr = service_cidr
        self.node_port_range = node_port_range
        self._by_kind: dict[str, dict[tuple[str, str], dict]] = {}
        self._sorted: dict[str, list[dict]] = {}
        self._sorted_ns: dict[str, dict[str, list[dict]]] = {}
        self.kind_versions: dict[str, int] = {}  # bumped on every write of that kind
        # controller uid → keys of the objects it controls (the garbage collector's graph)
        self._by_owner: dict[str, set[ObjectKey]] = {}
        # (involved uid, reason, message) → Event key, for EventRecorder-style aggregation
        self._event_index: dict[tuple, ObjectKey] = {}
        self._rv = 0
        self._uids = 0
        self.ips = IPAllocator(service_cidr, seed)
        self.ports = PortAllocator(*node_port_range, seed)
        self._pending: tuple[list[str], list[int]] = ([], [])
        self.dirty = False  # set on every write; the controller manager loops until it stays clear

    # ---------------------------------------------------------------- Reader
    def get(self, kind: str, namespace: str, name: str) -> dict | None:
        return self._by_kind.get(kind, {}).get((namespace or "", name))

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        objs = self._sorted.get(kind)
        if objs is None:
            table = self._by_kind.get(kind, {})
            objs = [table[k] for k in sorted(table)]
            self._sorted[kind] = objs
        if namespace is None:
            return list(objs)
        per_ns = self._sorted_ns.get(kind)
        if per_ns is None:
            per_ns = {}
            for o in objs:
                per_ns.setdefault(o["metadata"].get("namespace", ""), []).append(o)
            self._sorted_ns[kind] = per_ns
        return list(per_ns.get(namespace, ()))

    def controlled_by(self, kind: str, owner_uid: str) -> list[dict]:
        """Objects of ``kind`` whose controller ownerReference points at ``owner_uid``."""
        keys = self._by_owner.get(owner_uid)
        if not keys:
            return []
        table = self._by_kind.get(kind, {})
        out = [
            table[(k.namespace, k.name)]
            for k in keys
            if k.kind == kind and (k.namespace, k.name) in table
        ]
        out.sort(key=lambda o: o["metadata"]["name"])
        return out

    def _index(self, key: ObjectKey, old: dict | None, new: dict | None) -> None:
        def uid_of(o):
            if o is None:
                return None
            for ref in o["metadata"].get("ownerReferences") or []:
                if ref.get("controller"):
                    return ref.get("uid")
            return None

        ou, nu = uid_of(old), uid_of(new)
        if ou != nu and ou is not None:
            self._by_owner.get(ou, set()).discard(key)
        if nu is not None:
            self._by_owner.setdefault(nu, set()).add(key)
        if key.kind == "Event":
            if old is not None:
                self._event_index.pop(_event_key(old), None)
            if new is not None:
                self._event_index[_event_key(new)] = key

    def all_objects(self) -> list[dict]:
        out = []
        for kind in sorted(self._by_kind):
            out.extend(self.list(kind))
        return out

    @property
    def resource_version(self) -> int:
        return self._rv

    # ------------------------------------------------------- trusted writes
    def _next_rv(self) -> str:
        self._rv += 1
        return str(self._rv)

    def _new_uid(self, key: ObjectKey) -> str:
        self._uids += 1
        rng = rand.stream(self.seed, "uid", f"{key.kind}/{key}/{self._uids}")
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    def put(self, obj: dict) -> dict:
        """Store ``obj`` (create or replace) with server-set metadata; no validation.

        Returns the stored object. A write that changes nothing keeps the resourceVersion.
        """
        key = key_of(obj)
        table = self._by_kind.setdefault(key.kind, {})
        old = table.get((key.namespace, key.name))
        md = obj.setdefault("metadata", {})
        if key.namespace:
            md["namespace"] = key.namespace
        if old is None:
            # Objects written by controllers pass through the same defaulting as user writes
            # (a real controller's create goes through the API server too).
            from k8slab.api.defaults import set_defaults

            set_defaults(obj)
            md.setdefault("uid", self._new_uid(key))
            md.setdefault("creationTimestamp", self.clock.timestamp())
            if "spec" in obj and key.kind not in ("Pod", "Service", "Node", "Endpoints"):
                md.setdefault("generation", 1)
        else:
            omd = old["metadata"]
            md["uid"] = omd["uid"]
            md["creationTimestamp"] = omd["creationTimestamp"]
            md["resourceVersion"] = omd.get("resourceVersion")
            if "generation" in omd:
                md["generation"] = omd["generation"]
                if obj.get("spec") != old.get("spec"):
                    md["generation"] = omd["generation"] + 1
            if obj == old:
                return old
        md["resourceVersion"] = self._next_rv()
        table[(key.namespace, key.name)] = obj
        self._invalidate(key.kind)
        self._index(key, old, obj)
        self.dirty = True
        return obj

    def _invalidate(self, kind: str) -> None:
        self.kind_versions[kind] = self.kind_versions.get(kind, 0) + 1
        self._sorted.pop(kind, None)
        self._sorted_ns.pop(kind, None)

    def remove(self, key: ObjectKey) -> dict | None:
        """Delete one object (no cascade) and release what it held."""
        obj = self._by_kind.get(key.kind, {}).pop((key.namespace, key.name), None)
        if obj is None:
            return None
        self._invalidate(key.kind)
        self._index(key, obj, None)
        self._rv += 1
        self.dirty = True
        if key.kind == "Service":
            self._release_service(obj)
        return obj

    # --------------------------------------------------------- user writes
    def create(self, obj: dict) -> dict:
        """POST: fail with AlreadyExists when the object exists."""
        kind = BY_KIND[obj["kind"]]
        key = key_of(obj)
        if self.get(key.kind, key.namespace, key.name) is not None:
            raise status.already_exists(kind.resource, key.name)
        return self._admit_and_store(kind, copy.deepcopy(obj), None)

    def apply(self, modified: dict) -> tuple[str, dict]:
        """kubectl's client-side apply: create, or three-way merge into the live object.

        Returns ``("created"|"configured"|"unchanged", stored object)``.
        """
        from k8slab.api.merge import apply_patch, three_way_patch

        kind = BY_KIND[modified["kind"]]
        key = key_of(modified)
        live = self.get(key.kind, key.namespace, key.name)
        desired = copy.deepcopy(modified)
        applied = _last_applied_text(modified)
        desired.setdefault("metadata", {}).setdefault("annotations", {})[LAST_APPLIED] = applied
        if live is None:
            return "created", self._admit_and_store(kind, desired, None)
        original = {}
        prev = (live["metadata"].get("annotations") or {}).get(LAST_APPLIED)
        if prev:
            try:
                original = json.loads(prev)
            except ValueError:
                original = {}
        original.setdefault("metadata", {}).setdefault("annotations", {})[LAST_APPLIED] = prev
        patch = three_way_patch(original, desired, live, context=key.kind)
        if patch is None:
            return "unchanged", live
        merged = apply_patch(live, patch)
        stored = self._admit_and_store(kind, merged, live)
        return "configured", stored

    def update(self, obj: dict) -> dict:
        """PUT of a full object read earlier (scale, label, set-image …)."""
        kind = BY_KIND[obj["kind"]]
        key = key_of(obj)
        live = self.get(key.kind, key.namespace, key.name)
        if live is None:
            raise status.not_found(kind.resource, key.name)
        return self._admit_and_store(kind, copy.deepcopy(obj), live)

    def _admit_and_store(self, kind: Kind, obj: dict, old: dict | None) -> dict:
        from k8slab.api.defaults import set_defaults
        from k8slab.api.validation import validate

        key = key_of(obj)
        set_defaults(obj)
        if kind.namespaced and self.get("Namespace", "", key.namespace) is None:
            raise status.not_found("namespaces", key.namespace)
        if old is not None:
            # Server-owned metadata never comes from the client (rest.BeforeUpdate).
            for k in ("uid", "creationTimestamp", "generation", "resourceVersion"):
                if k in old["metadata"]:
                    obj["metadata"][k] = old["metadata"][k]
            if "status" in old and kind.kind != "Namespace":
                obj["status"] = copy.deepcopy(old["status"])
        else:
            for k in ("uid", "resourceVersion", "generation", "creationTimestamp"):
                obj["metadata"].pop(k, None)
            obj.pop("status", None)
        release: list = []
        if kind.kind == "Service":
            release = self._allocate_service(obj, old)
        errs = validate(obj, old=old)
        if errs:
            if kind.kind == "Service":
                self._rollback_service(obj, old)
            raise status.invalid(kind.qualified_kind, kind.kind, key.name, errs)
        for item in release:
            item()
        if kind.kind == "Namespace" and old is None:
            obj["status"] = {"phase": "Active"}
        if kind.kind == "Service" and old is None:
            obj["status"] = {"loadBalancer": {}}
        stored = self.put(obj)
        return stored

    # -------------------------------------------------- Service allocation
    def _allocate_service(self, svc: dict, old: dict | None) -> list:
        """BeginCreate/BeginUpdate: allocate ClusterIPs and NodePorts, errors first and alone.

        Returns callbacks that release what the old object held and the new one no longer
        needs, to run once validation has passed (``metaTransaction.Commit``).
        """
        spec = svc.setdefault("spec", {})
        owner = str(key_of(svc))
        svc_type = spec.get("type", "ClusterIP")
        release: list = []
        allocated_ips: list[str] = []
        allocated_ports: list[int] = []
        self._pending = (allocated_ips, allocated_ports)

        # ClusterIP (alloc.go allocClusterIPs / updateClusterIPs).
        old_ips = (old or {}).get("spec", {}).get("clusterIPs") or []
        if svc_type == "ExternalName":
            for ip in old_ips:
                if ip != "None":
                    release.append(lambda ip=ip: self.ips.release(ip))
        else:
            requested = spec.get("clusterIP") or ((spec.get("clusterIPs") or [""])[0])
            if requested == "None":
                spec["clusterIP"] = "None"
                spec["clusterIPs"] = ["None"]
            elif old_ips and old_ips[0] != "None" and not requested:
                spec["clusterIP"], spec["clusterIPs"] = old_ips[0], list(old_ips)
            elif old_ips and requested == old_ips[0]:
                spec["clusterIPs"] = list(old_ips)
            elif requested and old_ips and requested != old_ips[0]:
                pass  # immutable: validation reports "field is immutable"
            elif requested:
                if not _is_ipv4(requested):
                    pass  # ValidateService reports the malformed IP
                else:
                    detail = self.ips.allocate_specific(requested, owner)
                    if detail:
                        raise status.invalid(
                            "Service",
                            "Service",
                            svc["metadata"]["name"],
                            [
                                field.invalid(
                                    "spec.clusterIPs", spec.get("clusterIPs") or [requested], detail
                                )
                            ],
                        )
                    allocated_ips.append(requested)
                    spec["clusterIP"], spec["clusterIPs"] = requested, [requested]
            else:
                ip = self.ips.allocate_next(owner)
                allocated_ips.append(ip)
                spec["clusterIP"], spec["clusterIPs"] = ip, [ip]

        # NodePorts (alloc.go initNodePorts / updateNodePorts).
        ports = spec.get("ports") or []
        old_ports = {
            (p.get("port"), p.get("protocol", "TCP")): p.get("nodePort")
            for p in (old or {}).get("spec", {}).get("ports") or []
            if p.get("nodePort")
        }
        needs = svc_type in NODEPORT_TYPES and not (
            svc_type == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts") is False
        )
        kept: set[int] = set()
        if svc_type in NODEPORT_TYPES:
            by_port: dict[int, int] = {}
            for i, p in enumerate(ports):
                if not isinstance(p, dict):
                    continue
                np_ = p.get("nodePort")
                prev = old_ports.get((p.get("port"), p.get("protocol", "TCP")))
                if not np_ and prev and needs:
                    p["nodePort"] = prev  # the merge kept no value: keep the old allocation
                    kept.add(prev)
                    continue
                if np_ and np_ == prev:
                    kept.add(np_)
                    continue
                if not np_ and not needs:
                    continue
                if not np_ and p.get("port") in by_port:
                    p["nodePort"] = by_port[p.get("port")]
                    continue
                if np_:
                    if not isinstance(np_, int) or isinstance(np_, bool):
                        continue
                    err = self.ports.allocate_specific(np_, owner, f"spec.ports[{i}].nodePort")
                    if err:
                        self._release_new(allocated_ips, allocated_ports)
                        raise status.invalid("Service", "Service", svc["metadata"]["name"], [err])
                    allocated_ports.append(np_)
                else:
                    np_ = self.ports.allocate_next(
                        owner, f"{p.get('port')}/{p.get('protocol', 'TCP')}"
                    )
                    allocated_ports.append(np_)
                    p["nodePort"] = np_
                if isinstance(p.get("port"), int):
                    by_port[p["port"]] = np_
        for np_ in old_ports.values():
            if np_ not in kept and np_ not in allocated_ports:
                release.append(lambda np_=np_: self.ports.release(np_))
        # apiservice.NeedsHealthCheck: LoadBalancer + externalTrafficPolicy Local.
        old_hc = (old or {}).get("spec", {}).get("healthCheckNodePort")
        if svc_type == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local":
            if not spec.get("healthCheckNodePort"):
                if old_hc:
                    spec["healthCheckNodePort"] = old_hc
                else:
                    hc = self.ports.allocate_next(owner, "healthCheckNodePort")
                    allocated_ports.append(hc)
                    spec["healthCheckNodePort"] = hc
            elif spec["healthCheckNodePort"] != old_hc and isinstance(
                spec["healthCheckNodePort"], int
            ):
                err = self.ports.allocate_specific(
                    spec["healthCheckNodePort"], owner, "spec.healthCheckNodePort"
                )
                if err:
                    self._release_new(allocated_ips, allocated_ports)
                    raise status.invalid("Service", "Service", svc["metadata"]["name"], [err])
                allocated_ports.append(spec["healthCheckNodePort"])
        elif old_hc:
            spec.pop("healthCheckNodePort", None)
            release.append(lambda: self.ports.release(old_hc))
        return release

    def _release_new(self, ips: list[str], ports: list[int]) -> None:
        for ip in ips:
            self.ips.release(ip)
        for p in ports:
            self.ports.release(p)

    def _rollback_service(self, svc: dict, old: dict | None) -> None:
        ips, ports = getattr(self, "_pending", ([], []))
        self._release_new(ips, ports)
        self._pending = ([], [])

    def _release_service(self, svc: dict) -> None:
        spec = svc.get("spec", {})
        for ip in spec.get("clusterIPs") or []:
            if ip and ip != "None":
                self.ips.release(ip)
        for p in spec.get("ports") or []:
            if p.get("nodePort"):
                self.ports.release(p["nodePort"])
        if spec.get("healthCheckNodePort"):
            self.ports.release(spec["healthCheckNodePort"])

    def reserve_service(self, svc: dict) -> None:
        """Re-register the allocations of a stored Service (bootstrap, state loading)."""
        owner = str(key_of(svc))
        spec = svc.get("spec", {})
        for ip in spec.get("clusterIPs") or []:
            if ip and ip != "None":
                self.ips.used[ip] = owner
        for p in spec.get("ports") or []:
            if p.get("nodePort"):
                self.ports.used[p["nodePort"]] = owner
        if spec.get("healthCheckNodePort"):
            self.ports.used[spec["healthCheckNodePort"]] = owner

    # ------------------------------------------------------------- delete
    def delete(self, kind: Kind, namespace: str, name: str) -> dict:
        """DELETE with background propagation: dependents go too (garbage collector)."""
        ns = namespace if kind.namespaced else ""
        obj = self.get(kind.kind, ns, name)
        if obj is None:
            raise status.not_found(kind.resource, name)
        if kind.kind == "Namespace" and name in IMMORTAL_NAMESPACES:
            raise status.forbidden("namespaces", name, "this namespace may not be deleted")
        if kind.kind == "Namespace":
            for k in list(self._by_kind):
                for o in self.list(k, name):
                    self.remove(key_of(o))
        self._cascade(obj)
        return obj

    def delete_object(self, obj: dict) -> None:
        """A controller's delete: the object and its dependents (background propagation)."""
        self._cascade(obj)

    def _cascade(self, obj: dict) -> None:
        uid = obj["metadata"].get("uid")
        self.remove(key_of(obj))
        for key in sorted(self._by_owner.pop(uid, set())):
            child = self.get(key.kind, key.namespace, key.name)
            if child is not None:
                self._cascade(child)

    # ------------------------------------------------------------- events
    def record_event(
        self,
        involved: dict,
        type_: str,
        reason: str,
        message: str,
        component: str,
        host: str = "",
    ) -> None:
        """Record a core/v1 Event (as client-go's EventRecorder, aggregating repeats)."""
        md = involved["metadata"]
        ns = md.get("namespace") or "default"
        now = self.clock.timestamp()
        existing = self._event_index.get((md.get("uid"), reason, message))
        if existing is not None:
            ev = copy.deepcopy(self.get(existing.kind, existing.namespace, existing.name))
            ev["count"] = ev.get("count", 1) + 1
            ev["lastTimestamp"] = now
            self.put(ev)
            return
        # client-go's EventRecorder names events "<object>.<UnixNano hex>", so one object's
        # events list in the order they happened; a sequence number keeps them unique.
        self._uids += 1
        nanos = int(self.clock.now().timestamp()) * 1_000_000_000 + self._uids
        name = f"{md['name']}.{nanos:x}"
        src = {"component": component}
        if host:
            src["host"] = host
        ev = {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": name, "namespace": ns},
            "involvedObject": {
                "apiVersion": involved.get("apiVersion"),
                "kind": involved["kind"],
                "name": md["name"],
                "namespace": ns,
                "uid": md.get("uid"),
                "resourceVersion": md.get("resourceVersion"),
            },
            "reason": reason,
            "message": message,
            "source": src,
            "firstTimestamp": now,
            "lastTimestamp": now,
            "count": 1,
            "type": type_,
            "reportingComponent": component,
            "reportingInstance": host,
        }
        self.put(ev)

    # --------------------------------------------------------- snapshots
    def snapshot(self) -> dict:
        return {
            "resourceVersion": self._rv,
            "uids": self._uids,
            "objects": [copy.deepcopy(o) for o in self.all_objects()],
        }

    def restore(self, data: dict) -> None:
        self._by_kind.clear()
        self._sorted.clear()
        self.ips = IPAllocator(self.service_cidr, self.seed)
        self.ports = PortAllocator(*self.node_port_range, self.seed)
        self._sorted_ns.clear()
        self._by_owner.clear()
        self._event_index.clear()
        for o in data["objects"]:
            k = key_of(o)
            self._by_kind.setdefault(k.kind, {})[(k.namespace, k.name)] = o
            self._index(k, None, o)
            if k.kind == "Service":
                self.reserve_service(o)
        self._rv = data["resourceVersion"]
        self._uids = data["uids"]


def _event_key(ev: dict) -> tuple:
    return (ev["involvedObject"].get("uid"), ev.get("reason"), ev.get("message"))


def _last_applied_text(obj: dict) -> str:
    """The annotation kubectl stores: the manifest as compact JSON, keys sorted, plus newline.

    kubectl marshals the unstructured object with encoding/json, which sorts map keys
    (kubernetes/kubectl pkg/util/apply.go GetModifiedConfiguration); the annotation itself is
    left out of the stored copy.
    """
    clean = copy.deepcopy(obj)
    anns = clean.get("metadata", {}).get("annotations")
    if anns is not None:
        anns.pop(LAST_APPLIED, None)
    return json.dumps(clean, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def _is_ipv4(s: str) -> bool:
    import ipaddress

    try:
        ipaddress.IPv4Address(s)
    except ValueError:
        return False
    return True
