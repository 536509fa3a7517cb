"""``node_ruleset``: the entry the facade uses to get one node's kube-proxy rules.

It reads what a real kube-proxy reads at start-up: its node's addresses (Node
``status.addresses`` InternalIP) and its ``KubeProxyConfiguration`` from ConfigMap
``kube-system/kube-proxy`` (key ``config.conf``, as kubeadm writes it): ``clusterCIDR`` (the
LocalTrafficDetector's pod CIDR), ``masqueradeAll``, ``iptables.masqueradeBit`` and
``iptables.localhostNodePorts`` (null means the defaults 14 and true). Then it runs one full
``sync_proxy_rules``.

Results are cached per reader and node, keyed by the reader's ``resource_version`` when it has
one (the API server bumps it on every write, so any change means a fresh full sync, never a
patched chain). The cache is held weakly against the reader, so it lives and dies with the
cluster it describes.
"""

from __future__ import annotations

import weakref

import yaml

from ..api.reader import Reader
from .ruleset import Ruleset
from .sync import sync_proxy_rules

_CACHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def node_internal_ips(reader: Reader, node_name: str) -> tuple[str, ...]:
    """The node's ``InternalIP`` addresses, in ``status.addresses`` order."""
    node = reader.get("Node", "", node_name)
    if node is None:
        raise KeyError(f'nodes "{node_name}" not found')
    return tuple(
        a["address"]
        for a in (node.get("status") or {}).get("addresses") or []
        if a.get("type") == "InternalIP" and ":" not in a.get("address", "")
    )


def kube_proxy_configuration(reader: Reader) -> dict:
    """The parsed ``config.conf`` of ConfigMap ``kube-system/kube-proxy`` ({} if absent)."""
    cm = reader.get("ConfigMap", "kube-system", "kube-proxy")
    text = ((cm or {}).get("data") or {}).get("config.conf")
    if not text:
        return {}
    try:
        cfg = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return cfg if isinstance(cfg, dict) else {}


def node_ruleset(cluster_reader: Reader, node_name: str) -> Ruleset:
    """The ruleset kube-proxy (iptables mode) keeps on ``node_name``, from the cluster's objects.

    **Parameters:**

    - ``cluster_reader``: the API server (or any ``Reader``); if it has a ``resource_version``
      attribute the result is cached until that changes.
    - ``node_name``: a Node's name; ``KeyError`` if there is no such Node.
    """
    rv = getattr(cluster_reader, "resource_version", None)
    cache = None
    if rv is not None:
        try:
            cache = _CACHES.setdefault(cluster_reader, {})
        except TypeError:  # not weak-referenceable: no cache
            cache = None
        if cache is not None:
            hit = cache.get(node_name)
            if hit is not None and hit[0] == rv:
                return hit[1]
    cfg = kube_proxy_configuration(cluster_reader)
    ipt = cfg.get("iptables") or {}
    localhost_nodeports = ipt.get("localhostNodePorts")
    masquerade_bit = ipt.get("masqueradeBit")
    ruleset = sync_proxy_rules(
        cluster_reader,
        node_name,
        node_ips=node_internal_ips(cluster_reader, node_name),
        cluster_cidr=cfg.get("clusterCIDR") or None,
        masquerade_all=bool(cfg.get("masqueradeAll")),
        localhost_nodeports=True if localhost_nodeports is None else bool(localhost_nodeports),
        masquerade_bit=14 if masquerade_bit is None else int(masquerade_bit),
    )
    if cache is not None:
        cache[node_name] = (rv, ruleset)
    return ruleset
