"""The kubelets of all nodes: pods start, get an IP, and report readiness.

Sources: kubernetes/kubernetes ``pkg/kubelet/status/generate.go`` (``GeneratePodReadyCondition``:
reason ``ContainersNotReady``, message ``containers with unready status: [nginx]``),
``pkg/kubelet/kubelet_pods.go`` (``generateAPIPodStatus``), the CNI host-local IPAM plugin
(containernetworking/plugins ``plugins/ipam/host-local``: addresses handed out in order from the
node's podCIDR, the gateway ``.1`` reserved, continuing after the last one given).

Readiness: a container is ready when it has no readinessProbe, or when its probe targets a
port the image really serves (``k8slab.images.serving_ports``); ``exec`` probes pass.
``Cluster.set_ready`` overrides the result for one pod, as a failing or recovering probe would.
"""

from __future__ import annotations

import copy
import hashlib
import ipaddress

from k8slab.images import serving_ports

# The order kubelet reports pod conditions in (kubectl get pod -o yaml).
CONDITION_ORDER = (
    "PodReadyToStartContainers",
    "Initialized",
    "Ready",
    "ContainersReady",
    "PodScheduled",
)


def normalize_image(ref: str) -> str:
    """The image as the container runtime reports it (``nginx`` → ``docker.io/library/nginx:latest``)."""
    name, digest = (ref.split("@", 1) + [""])[:2]
    first = name.split("/", 1)[0]
    if "/" not in name:
        name = "docker.io/library/" + name
    elif "." not in first and ":" not in first and first != "localhost":
        name = "docker.io/" + name
    last = name.rsplit("/", 1)[-1]
    if ":" not in last and not digest:
        name += ":latest"
    return name + (f"@{digest}" if digest else "")


def _digest(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


class Kubelet:
    """All nodes' kubelets; state: per-node IPAM cursors and readiness overrides."""

    def __init__(self) -> None:
        self.ipam_last: dict[str, int] = {}
        self.ready_overrides: dict[tuple[str, str], bool] = {}
        # (namespace, pod, container) → the lines the container wrote (kubectl logs)
        self.logs: dict[tuple[str, str, str], list[str]] = {}

    # ------------------------------------------------------------ state
    def to_dict(self) -> dict:
        return {
            "ipam_last": dict(self.ipam_last),
            "ready_overrides": [[ns, n, v] for (ns, n), v in sorted(self.ready_overrides.items())],
            "logs": [[ns, p, c, lines] for (ns, p, c), lines in sorted(self.logs.items())],
        }

    def load(self, data: dict) -> None:
        self.ipam_last = dict(data.get("ipam_last", {}))
        self.ready_overrides = {(ns, n): v for ns, n, v in data.get("ready_overrides", [])}
        self.logs = {(ns, p, c): list(lines) for ns, p, c, lines in data.get("logs", [])}

    # ------------------------------------------------------------- sync
    def sync(self, api) -> None:
        nodes = {n["metadata"]["name"]: n for n in api.list("Node")}
        used: dict[str, set[str]] = {}
        for p in api.list("Pod"):
            ip = (p.get("status") or {}).get("podIP")
            if ip and not p["spec"].get("hostNetwork"):
                used.setdefault(p["spec"].get("nodeName", ""), set()).add(ip)
        for p in api.list("Pod"):
            nn = p["spec"].get("nodeName")
            if not nn or nn not in nodes:
                continue
            self._sync_pod(api, p, nodes[nn], used.setdefault(nn, set()))

    def _allocate_ip(self, node: dict, used: set[str]) -> str:
        cidr = ipaddress.ip_network(node["spec"]["podCIDR"])
        name = node["metadata"]["name"]
        hosts = cidr.num_addresses - 2
        last = self.ipam_last.get(name, 1)
        for step in range(1, hosts + 1):
            i = (last - 2 + step) % (hosts - 1) + 2  # .2 … .254: .1 is the bridge gateway
            ip = str(cidr.network_address + i)
            if ip not in used:
                self.ipam_last[name] = i
                used.add(ip)
                return ip
        raise RuntimeError(f"no free pod IPs on node {name}")

    def _complete(self, api, pod: dict, st: dict, now: str) -> None:
        """A finished pod: phase Succeeded, containers terminated with reason Completed."""
        if (pod.get("status") or {}).get("phase") == "Succeeded":
            return
        started = st.get("startTime", now)
        statuses = []
        for c in pod["spec"].get("containers") or []:
            img = normalize_image(c.get("image", ""))
            statuses.append(
                {
                    "containerID": "containerd://"
                    + _digest(f"{pod['metadata']['uid']}/{c['name']}"),
                    "image": img,
                    "imageID": img.rsplit(":", 1)[0] + "@sha256:" + _digest(img),
                    "lastState": {},
                    "name": c["name"],
                    "ready": False,
                    "restartCount": 0,
                    "started": False,
                    "state": {
                        "terminated": {
                            "containerID": "containerd://"
                            + _digest(f"{pod['metadata']['uid']}/{c['name']}"),
                            "exitCode": 0,
                            "finishedAt": now,
                            "reason": "Completed",
                            "startedAt": started,
                        }
                    },
                }
            )
        st["containerStatuses"] = statuses
        st["phase"] = "Succeeded"

        def cond(type_, status_, reason=""):
            c = {"lastProbeTime": None, "lastTransitionTime": now}
            if reason:
                c["reason"] = reason
            c["status"] = status_
            c["type"] = type_
            return c

        st["conditions"] = [
            cond("PodReadyToStartContainers", "False"),
            cond("Initialized", "True", "PodCompleted"),
            cond("Ready", "False", "PodCompleted"),
            cond("ContainersReady", "False", "PodCompleted"),
            cond("PodScheduled", "True"),
        ]
        upd = copy.deepcopy(pod)
        upd["status"] = {k: st[k] for k in sorted(st)}
        api.put(upd)

    @staticmethod
    def _pull_events(api, pod: dict, c: dict, node: str) -> None:
        """kubelet's image events (pkg/kubelet/images/image_manager.go EnsureImageExists).

        ``imagePullPolicy: Always`` pulls every time ("Pulling" then "Successfully pulled …");
        otherwise the image is already on the node. Durations and sizes are derived from the
        image name so they are the same on every run.
        """
        image = c.get("image", "")
        if c.get("imagePullPolicy", "IfNotPresent") != "Always":
            api.record_event(
                pod,
                "Normal",
                "Pulled",
                f'Container image "{image}" already present on machine',
                "kubelet",
                node,
            )
            return
        h = int(_digest(image)[:8], 16)
        took = 0.5 + (h % 2000) / 1000
        size = 20_000_000 + h % 60_000_000
        api.record_event(pod, "Normal", "Pulling", f'Pulling image "{image}"', "kubelet", node)
        api.record_event(
            pod,
            "Normal",
            "Pulled",
            f'Successfully pulled image "{image}" in {took:.3f}s ({took:.3f}s including '
            f"waiting). Image size: {size} bytes.",
            "kubelet",
            node,
        )

    def container_ready(self, pod: dict, container: dict) -> bool:
        probe = container.get("readinessProbe")
        if not probe:
            return True
        if "exec" in probe or "grpc" in probe:
            return True
        action = probe.get("httpGet") or probe.get("tcpSocket") or {}
        port = action.get("port")
        if isinstance(port, str):
            named = {p.get("name"): p.get("containerPort") for p in container.get("ports") or []}
            port = named.get(port)
        if port is None:
            return False
        return (port, "TCP") in serving_ports(container)

    def _sync_pod(self, api, pod: dict, node: dict, used: set[str]) -> None:
        st = copy.deepcopy(pod.get("status") or {})
        now = api.clock.timestamp()
        node_ip = next(
            a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP"
        )
        key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
        first_start = st.get("phase") not in ("Running", "Succeeded", "Failed")
        if first_start:
            pod_ip = node_ip if pod["spec"].get("hostNetwork") else self._allocate_ip(node, used)
            st = {
                "hostIP": node_ip,
                "hostIPs": [{"ip": node_ip}],
                "phase": "Running",
                "podIP": pod_ip,
                "podIPs": [{"ip": pod_ip}],
                "qosClass": _qos_class(pod),
                "startTime": now,
            }
            for c in pod["spec"].get("containers") or []:
                self._pull_events(api, pod, c, node["metadata"]["name"])
                api.record_event(
                    pod,
                    "Normal",
                    "Created",
                    f"Created container: {c['name']}",
                    "kubelet",
                    node["metadata"]["name"],
                )
                api.record_event(
                    pod,
                    "Normal",
                    "Started",
                    f"Started container {c['name']}",
                    "kubelet",
                    node["metadata"]["name"],
                )
        if _runs_to_completion(pod):
            self._complete(api, pod, st, now)
            return
        statuses = []
        unready = []
        old_cs = {c["name"]: c for c in (pod.get("status") or {}).get("containerStatuses") or []}
        for c in pod["spec"].get("containers") or []:
            ready = self.container_ready(pod, c)
            if key in self.ready_overrides:
                ready = self.ready_overrides[key]
            if not ready:
                unready.append(c["name"])
            img = normalize_image(c.get("image", ""))
            prev = old_cs.get(c["name"], {})
            statuses.append(
                {
                    "containerID": prev.get("containerID")
                    or "containerd://" + _digest(f"{pod['metadata']['uid']}/{c['name']}"),
                    "image": img,
                    "imageID": prev.get("imageID")
                    or img.rsplit(":", 1)[0] + "@sha256:" + _digest(img),
                    "lastState": {},
                    "name": c["name"],
                    "ready": ready,
                    "restartCount": 0,
                    "started": True,
                    "state": {
                        "running": {
                            "startedAt": (prev.get("state") or {})
                            .get("running", {})
                            .get("startedAt", now)
                        }
                    },
                }
            )
        st["containerStatuses"] = statuses
        old_conds = {c["type"]: c for c in (pod.get("status") or {}).get("conditions") or []}

        def cond(type_: str, ok: bool, reason: str = "", message: str = "") -> dict:
            status_ = "True" if ok else "False"
            prev = old_conds.get(type_)
            c = {
                "lastProbeTime": None,
                "lastTransitionTime": prev["lastTransitionTime"]
                if prev and prev["status"] == status_
                else now,
            }
            if message:
                c["message"] = message
            if reason:
                c["reason"] = reason
            c["status"] = status_
            c["type"] = type_
            return c

        msg = f"containers with unready status: [{' '.join(unready)}]" if unready else ""
        reason = "ContainersNotReady" if unready else ""
        st["conditions"] = [
            cond("PodReadyToStartContainers", True),
            cond("Initialized", True),
            cond("Ready", not unready, reason, msg),
            cond("ContainersReady", not unready, reason, msg),
            cond("PodScheduled", True),
        ]
        st = {k: st[k] for k in sorted(st)}
        if st != pod.get("status"):
            upd = copy.deepcopy(pod)
            upd["status"] = st
            api.put(upd)


def _runs_to_completion(pod: dict) -> bool:
    """Containers of a Job's pods do their work and exit 0 (restartPolicy Never/OnFailure)."""
    refs = pod["metadata"].get("ownerReferences") or []
    return pod["spec"].get("restartPolicy") in ("Never", "OnFailure") and any(
        r.get("kind") == "Job" for r in refs
    )


def _qos_class(pod: dict) -> str:
    """``v1qos.GetPodQOS``: BestEffort without requests/limits, Guaranteed when they are equal."""
    containers = pod["spec"].get("containers") or []
    any_set = False
    guaranteed = True
    for c in containers:
        res = c.get("resources") or {}
        req, lim = res.get("requests") or {}, res.get("limits") or {}
        if req or lim:
            any_set = True
        for r in ("cpu", "memory"):
            if r not in lim or (r in req and req[r] != lim[r]):
                guaranteed = False
    if not any_set:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"
