"""k8slab.dataplane: run a simulated Cluster's networking on the real Linux kernel (root only).

Each node and each pod becomes a network namespace, wired as a simple layer-3 CNI would be;
each node gets kube-proxy's rules (``lab.iptables_save``) through ``iptables-restore``; each pod
runs a small server that answers as its image does (``k8slab.images.behaviours``). Requests then
go through the kernel's routing and netfilter::

    from k8slab import Cluster
    from k8slab.dataplane import Dataplane

    lab = Cluster()
    lab.apply(manifests)
    with Dataplane(lab) as dp:
        r = dp.curl("http://127.0.0.1:31238", from_="node/node-1")   # like lab.curl
        print(r.status, r.pod)

The simulator (``lab.curl``) stays the default everywhere; this needs root, ``ip`` and
``iptables`` (``nfacct`` optional) and raises ``DataplaneUnavailable`` otherwise.
See README.md beside this file.
"""

from k8slab.dataplane.errors import (
    DataplaneError,
    DataplaneUnavailable,
    require,
    unavailable_reason,
)
from k8slab.dataplane.runtime import Dataplane, attach, teardown

__all__ = [
    "Dataplane",
    "DataplaneError",
    "DataplaneUnavailable",
    "attach",
    "require",
    "teardown",
    "unavailable_reason",
]
