"""kube-controller-manager (+ scheduler and kubelets): run every loop until nothing changes.

Each controller reads the store and writes what it wants; a pass that writes nothing means
the cluster is at its steady state. The order mirrors how work flows (owners before the
objects they create, the scheduler before the kubelets, endpoints after pod readiness), so a
steady state is usually reached in two or three passes.
"""

from __future__ import annotations

from k8slab.controllers import (
    daemonset,
    deployment,
    endpoints,
    endpointslice,
    job,
    loadbalancer,
    namespace,
    replicaset,
    scheduler,
)

MAX_PASSES = 50


class NoSteadyState(RuntimeError):
    pass


def run_to_fixpoint(api, kubelet, *, cloud: bool) -> int:
    """Reconcile until a full pass changes nothing; returns the number of passes."""
    for n in range(1, MAX_PASSES + 1):
        api.dirty = False
        namespace.sync(api)
        deployment.sync(api)
        replicaset.sync(api)
        daemonset.sync(api)
        job.sync(api)
        scheduler.sync(api)
        kubelet.sync(api)
        endpointslice.sync(api)
        endpoints.sync(api)
        endpoints.garbage_collect(api)
        loadbalancer.sync(api, cloud)
        if not api.dirty:
            return n
    raise NoSteadyState(f"controllers did not settle after {MAX_PASSES} passes")
