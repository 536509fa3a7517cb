"""The cloud provider's service controller, present only with ``Cluster(cloud=True)``.

Without a cloud, LoadBalancer Services keep an empty ``status.loadBalancer`` and kubectl shows
EXTERNAL-IP ``<pending>`` forever (the course's point). With one, each gets an address from a
pool — k8slab uses 172.18.255.200–172.18.255.250, the range the kind + MetalLB guide uses — and
``ipMode: VIP`` (LoadBalancerIPMode, on by default since 1.30). Source: kubernetes/cloud-provider
``controllers/service/controller.go`` (``syncLoadBalancerIfNeeded``, event
``EnsuringLoadBalancer``/``EnsuredLoadBalancer``).
"""

from __future__ import annotations

import copy
import ipaddress

POOL = [str(ipaddress.ip_address("172.18.255.200") + i) for i in range(51)]


def sync(api, cloud: bool) -> None:
    services = api.list("Service")
    taken = {
        ing.get("ip")
        for s in services
        for ing in ((s.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    }
    for svc in services:
        st = svc.get("status") or {}
        lb = st.get("loadBalancer") or {}
        is_lb = (svc.get("spec") or {}).get("type") == "LoadBalancer"
        if not is_lb or not cloud:
            if lb.get("ingress"):
                upd = copy.deepcopy(svc)
                upd["status"] = {"loadBalancer": {}}
                api.put(upd)
                if cloud:
                    api.record_event(
                        svc,
                        "Normal",
                        "DeletedLoadBalancer",
                        "Deleted load balancer",
                        "service-controller",
                    )
            continue
        if lb.get("ingress"):
            continue
        wanted = svc["spec"].get("loadBalancerIP")
        ip = wanted if wanted else next((a for a in POOL if a not in taken), None)
        if ip is None:
            continue
        taken.add(ip)
        upd = copy.deepcopy(svc)
        upd["status"] = {"loadBalancer": {"ingress": [{"ip": ip, "ipMode": "VIP"}]}}
        api.put(upd)
        api.record_event(
            upd, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer", "service-controller"
        )
        api.record_event(
            upd, "Normal", "EnsuredLoadBalancer", "Ensured load balancer", "service-controller"
        )
