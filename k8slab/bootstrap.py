"""The objects of a fresh kubeadm/kind-style cluster, before any student manifest.

What ``kubeadm init`` + ``kubeadm join`` leave behind (kubernetes/kubernetes
``cmd/kubeadm/app/phases/addons/{dns,proxy}``: the CoreDNS Deployment/Service/ConfigMap with
the kubeadm Corefile, the kube-proxy DaemonSet and ConfigMap), the four initial namespaces,
Service ``default/kubernetes`` at the first address of the service CIDR with its EndpointSlice
(written by the apiserver's endpoint reconciler), and one Node per worker.

The control plane itself is not a schedulable node here: the course only ever talks to
workers, so ``Cluster()`` lists exactly the workers it was asked for (``node-1`` …).
"""

from __future__ import annotations

import hashlib
import ipaddress

KUBERNETES_VERSION = "v1.34.1"
COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.12.1"
KUBE_PROXY_IMAGE = f"registry.k8s.io/kube-proxy:{KUBERNETES_VERSION}"
CONTROL_PLANE_IP = "172.18.0.2"
FIRST_NODE_IP = "172.18.0.3"
POD_CIDR = "10.244.0.0/16"
SERVICE_CIDR = "10.96.0.0/12"
DNS_SERVICE_IP = "10.96.0.10"
CLUSTER_DOMAIN = "cluster.local"

# kubeadm's Corefile (cmd/kubeadm/app/phases/addons/dns/manifests.go, CoreDNSConfigMap).
COREFILE = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
"""

# kube-proxy's KubeProxyConfiguration as kubeadm writes it (only the fields that matter here
# are non-default: mode iptables, clusterCIDR = the pod CIDR).
KUBE_PROXY_CONFIG = f"""apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: {POD_CIDR}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 1s
  syncPeriod: 0s
kind: KubeProxyConfiguration
metricsBindAddress: ""
mode: iptables
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForProbes: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""
"""


def node_names_and_ips(nodes) -> list[tuple[str, str]]:
    """Normalise ``Cluster(nodes=…)``: a count, a list of names, or a name → IP mapping."""
    if isinstance(nodes, bool):
        raise TypeError("nodes must be a count, a list of names or a mapping of names to IPs")
    if isinstance(nodes, int):
        if nodes < 1:
            raise ValueError("a cluster needs at least one node")
        names = [f"node-{i}" for i in range(1, nodes + 1)]
        return [(n, _nth_ip(i)) for i, n in enumerate(names)]
    if isinstance(nodes, dict):
        out = []
        for name, ip in nodes.items():
            ipaddress.IPv4Address(ip)
            out.append((str(name), str(ip)))
        return out
    names = [str(n) for n in nodes]
    return [(n, _nth_ip(i)) for i, n in enumerate(names)]


def _nth_ip(i: int) -> str:
    return str(ipaddress.IPv4Address(FIRST_NODE_IP) + i)


def node_object(name: str, ip: str, index: int) -> dict:
    pod_cidr = f"10.244.{index + 1}.0/24"
    h = hashlib.sha256(name.encode()).hexdigest()
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "annotations": {
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
            "labels": {
                "beta.kubernetes.io/arch": "amd64",
                "beta.kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/hostname": name,
                "kubernetes.io/os": "linux",
            },
            "name": name,
        },
        "spec": {"podCIDR": pod_cidr, "podCIDRs": [pod_cidr]},
        "status": {
            "addresses": [
                {"address": ip, "type": "InternalIP"},
                {"address": name, "type": "Hostname"},
            ],
            "allocatable": {
                "cpu": "2",
                "ephemeral-storage": "102625208Ki",
                "hugepages-1Gi": "0",
                "hugepages-2Mi": "0",
                "memory": "8029928Ki",
                "pods": "110",
            },
            "capacity": {
                "cpu": "2",
                "ephemeral-storage": "102625208Ki",
                "hugepages-1Gi": "0",
                "hugepages-2Mi": "0",
                "memory": "8029928Ki",
                "pods": "110",
            },
            "conditions": [
                _node_cond(
                    "MemoryPressure",
                    "False",
                    "KubeletHasSufficientMemory",
                    "kubelet has sufficient memory available",
                ),
                _node_cond(
                    "DiskPressure",
                    "False",
                    "KubeletHasNoDiskPressure",
                    "kubelet has no disk pressure",
                ),
                _node_cond(
                    "PIDPressure",
                    "False",
                    "KubeletHasSufficientPID",
                    "kubelet has sufficient PID available",
                ),
                _node_cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "architecture": "amd64",
                "bootID": f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}",
                "containerRuntimeVersion": "containerd://2.1.3",
                "kernelVersion": "6.8.0-1015-generic",
                "kubeProxyVersion": "",
                "kubeletVersion": KUBERNETES_VERSION,
                "machineID": h[32:64],
                "operatingSystem": "linux",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
                "systemUUID": f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}",
            },
        },
    }


def _node_cond(type_: str, status: str, reason: str, message: str) -> dict:
    from k8slab.clock import EPOCH, format_time

    t = format_time(EPOCH)
    return {
        "lastHeartbeatTime": t,
        "lastTransitionTime": t,
        "message": message,
        "reason": reason,
        "status": status,
        "type": type_,
    }


NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")


def control_plane_manifests() -> list[dict]:
    """The API objects kubeadm creates, in the order it creates them."""
    objs: list[dict] = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}} for n in NAMESPACES
    ]
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {
                "labels": {"component": "apiserver", "provider": "kubernetes"},
                "name": "kubernetes",
                "namespace": "default",
            },
            "spec": {
                "clusterIP": "10.96.0.1",
                "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
                "sessionAffinity": "None",
                "type": "ClusterIP",
            },
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Endpoints",
            "metadata": {
                "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"},
                "name": "kubernetes",
                "namespace": "default",
            },
            "subsets": [
                {
                    "addresses": [{"ip": CONTROL_PLANE_IP}],
                    "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}],
                }
            ],
        }
    )
    objs.append(
        {
            "addressType": "IPv4",
            "apiVersion": "discovery.k8s.io/v1",
            "endpoints": [
                {
                    "addresses": [CONTROL_PLANE_IP],
                    "conditions": {"ready": True, "serving": True, "terminating": False},
                }
            ],
            "kind": "EndpointSlice",
            "metadata": {
                "labels": {"kubernetes.io/service-name": "kubernetes"},
                "name": "kubernetes",
                "namespace": "default",
            },
            "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}],
        }
    )
    objs += [
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {"name": "coredns", "namespace": "kube-system"},
        },
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {"name": "kube-proxy", "namespace": "kube-system"},
        },
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "data": {"Corefile": COREFILE},
            "metadata": {"name": "coredns", "namespace": "kube-system"},
        },
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "data": {"config.conf": KUBE_PROXY_CONFIG, "kubeconfig.conf": _KUBE_PROXY_KUBECONFIG},
            "metadata": {
                "labels": {"app": "kube-proxy"},
                "name": "kube-proxy",
                "namespace": "kube-system",
            },
        },
        _coredns_deployment(),
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {
                "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"},
                "labels": {
                    "k8s-app": "kube-dns",
                    "kubernetes.io/cluster-service": "true",
                    "kubernetes.io/name": "CoreDNS",
                },
                "name": "kube-dns",
                "namespace": "kube-system",
            },
            "spec": {
                "clusterIP": DNS_SERVICE_IP,
                "ports": [
                    {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                    {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                    {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153},
                ],
                "selector": {"k8s-app": "kube-dns"},
            },
        },
        _kube_proxy_daemonset(),
    ]
    return objs


_KUBE_PROXY_KUBECONFIG = f"""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://{CONTROL_PLANE_IP}:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
"""


def _coredns_deployment() -> dict:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "labels": {"k8s-app": "kube-dns"},
            "name": "coredns",
            "namespace": "kube-system",
        },
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"k8s-app": "kube-dns"}},
            "strategy": {"rollingUpdate": {"maxUnavailable": 1}, "type": "RollingUpdate"},
            "template": {
                "metadata": {"labels": {"k8s-app": "kube-dns"}},
                "spec": {
                    "containers": [
                        {
                            "args": ["-conf", "/etc/coredns/Corefile"],
                            "image": COREDNS_IMAGE,
                            "livenessProbe": {
                                "failureThreshold": 5,
                                "httpGet": {"path": "/health", "port": 8080, "scheme": "HTTP"},
                                "initialDelaySeconds": 60,
                                "successThreshold": 1,
                                "timeoutSeconds": 5,
                            },
                            "name": "coredns",
                            "ports": [
                                {"containerPort": 53, "name": "dns", "protocol": "UDP"},
                                {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                                {"containerPort": 9153, "name": "metrics", "protocol": "TCP"},
                                {
                                    "containerPort": 8080,
                                    "name": "liveness-probe",
                                    "protocol": "TCP",
                                },
                                {
                                    "containerPort": 8181,
                                    "name": "readiness-probe",
                                    "protocol": "TCP",
                                },
                            ],
                            "readinessProbe": {
                                "httpGet": {"path": "/ready", "port": 8181, "scheme": "HTTP"}
                            },
                            "resources": {
                                "limits": {"memory": "170Mi"},
                                "requests": {"cpu": "100m", "memory": "70Mi"},
                            },
                            "securityContext": {
                                "allowPrivilegeEscalation": False,
                                "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]},
                                "readOnlyRootFilesystem": True,
                            },
                            "volumeMounts": [
                                {
                                    "mountPath": "/etc/coredns",
                                    "name": "config-volume",
                                    "readOnly": True,
                                }
                            ],
                        }
                    ],
                    "dnsPolicy": "Default",
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "priorityClassName": "system-cluster-critical",
                    "serviceAccountName": "coredns",
                    "tolerations": [
                        {"key": "CriticalAddonsOnly", "operator": "Exists"},
                        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"},
                    ],
                    "volumes": [
                        {
                            "configMap": {
                                "items": [{"key": "Corefile", "path": "Corefile"}],
                                "name": "coredns",
                            },
                            "name": "config-volume",
                        }
                    ],
                },
            },
        },
    }


def _kube_proxy_daemonset() -> dict:
    return {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {
            "labels": {"k8s-app": "kube-proxy"},
            "name": "kube-proxy",
            "namespace": "kube-system",
        },
        "spec": {
            "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
            "template": {
                "metadata": {"labels": {"k8s-app": "kube-proxy"}},
                "spec": {
                    "containers": [
                        {
                            "command": [
                                "/usr/local/bin/kube-proxy",
                                "--config=/var/lib/kube-proxy/config.conf",
                                "--hostname-override=$(NODE_NAME)",
                            ],
                            "env": [
                                {
                                    "name": "NODE_NAME",
                                    "valueFrom": {
                                        "fieldRef": {
                                            "apiVersion": "v1",
                                            "fieldPath": "spec.nodeName",
                                        }
                                    },
                                }
                            ],
                            "image": KUBE_PROXY_IMAGE,
                            "name": "kube-proxy",
                            "securityContext": {"privileged": True},
                            "volumeMounts": [
                                {"mountPath": "/var/lib/kube-proxy", "name": "kube-proxy"},
                                {"mountPath": "/run/xtables.lock", "name": "xtables-lock"},
                                {
                                    "mountPath": "/lib/modules",
                                    "name": "lib-modules",
                                    "readOnly": True,
                                },
                            ],
                        }
                    ],
                    "hostNetwork": True,
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "priorityClassName": "system-node-critical",
                    "serviceAccountName": "kube-proxy",
                    "tolerations": [{"operator": "Exists"}],
                    "volumes": [
                        {"configMap": {"name": "kube-proxy"}, "name": "kube-proxy"},
                        {
                            "hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"},
                            "name": "xtables-lock",
                        },
                        {"hostPath": {"path": "/lib/modules", "type": ""}, "name": "lib-modules"},
                    ],
                },
            },
            "updateStrategy": {
                "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1},
                "type": "RollingUpdate",
            },
        },
    }
