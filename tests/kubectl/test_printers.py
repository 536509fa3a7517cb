"""``kubectl get`` tables.

Each test mirrors a case of kubernetes ``pkg/printers/internalversion/printers_test.go``
(``TestPrintService``, ``TestPrintPod``/``TestPrintPodwide``, ``TestPrintEndpoint``,
``TestPrintNodeStatus``/``TestPrintNodeRole``, ``TestPrintIngress``, ``TestPrintEndpointSlice``,
``TestPrintDaemonSet``) and the decoration in cli-runtime ``tableprinter_test.go``; the expected
text is what kubectl prints, as shown in the kubernetes.io Service tutorial
(``kubectl get services`` with ``80:31238/TCP``) and ``kubectl get all``.
"""

from __future__ import annotations

from textwrap import dedent

from kubectl_builders import NOW, make_pod, make_service, make_slice, meta

from k8slab.kubectl.printers import render_get_all, render_table


def test_services_show_cluster_ip_none_external_ip_and_node_port():
    """Does ``kubectl get services`` show ``<none>`` and ``80:31238/TCP`` (printService)?"""
    kubernetes = make_service(
        "kubernetes",
        cluster_ip="10.96.0.1",
        ports=[{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
    )
    nginx = make_service(
        "nginx",
        type_="NodePort",
        cluster_ip="10.105.65.40",
        ports=[{"port": 80, "protocol": "TCP", "targetPort": 80, "nodePort": 31238}],
        selector={"app": "nginx"},
    )
    nginx["metadata"]["creationTimestamp"] = "2024-01-01T00:04:00Z"
    assert render_table("Service", [kubernetes, nginx], now=NOW) == dedent("""\
        NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE
        kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP        5m10s
        nginx        NodePort    10.105.65.40   <none>        80:31238/TCP   70s
        """)


def test_service_external_ip_pending_headless_and_external_name():
    """LoadBalancer without status is ``<pending>``; the address is not clipped (the server
    prints wide); headless shows ``None``; ExternalName shows its name."""
    pending = make_service(
        "web",
        type_="LoadBalancer",
        cluster_ip="10.96.100.7",
        ports=[
            {"port": 80, "protocol": "TCP", "nodePort": 30080},
            {"port": 443, "protocol": "TCP", "nodePort": 30443},
        ],
    )
    hostname = make_service(
        "api",
        type_="LoadBalancer",
        cluster_ip="10.96.100.8",
        ports=[{"port": 80, "protocol": "TCP", "nodePort": 30081}],
    )
    hostname["status"] = {
        "loadBalancer": {
            "ingress": [{"hostname": "a1b2c3d4e5f6-123456789.eu-west-1.elb.amazonaws.com"}]
        }
    }
    external = make_service("db", type_="ExternalName", ports=[], externalName="db.example.com")
    del external["spec"]["clusterIPs"], external["spec"]["clusterIP"]
    headless = make_service("headless", cluster_ip="None")
    assert render_table("Service", [hostname, external, headless, pending], now=NOW) == dedent("""\
        NAME       TYPE           CLUSTER-IP    EXTERNAL-IP                                          PORT(S)                      AGE
        api        LoadBalancer   10.96.100.8   a1b2c3d4e5f6-123456789.eu-west-1.elb.amazonaws.com   80:30081/TCP                 5m10s
        db         ExternalName   <none>        db.example.com                                       <none>                       5m10s
        headless   ClusterIP      None          <none>                                               80/TCP                       5m10s
        web        LoadBalancer   10.96.100.7   <pending>                                            80:30080/TCP,443:30443/TCP   5m10s
        """)


def _pods() -> list[dict]:
    pending = make_pod("pending", node=None, ip=None, phase="Pending")
    pending["status"]["containerStatuses"][0].update(
        {"ready": False, "state": {"waiting": {"reason": "ContainerCreating"}}}
    )
    return [make_pod("nginx-7c5ddbdf54-2xkqn"), pending]


def test_pods_wide_show_none_for_unscheduled_ip_and_node():
    """Does ``-o wide`` add IP/NODE/NOMINATED NODE/READINESS GATES with ``<none>``, and STATUS
    show the waiting reason (TestPrintPodwide)?"""
    assert render_table("Pod", _pods(), now=NOW, wide=True) == dedent("""\
        NAME                     READY   STATUS              RESTARTS   AGE     IP           NODE     NOMINATED NODE   READINESS GATES
        nginx-7c5ddbdf54-2xkqn   1/1     Running             0          5m10s   10.244.1.2   node-1   <none>           <none>
        pending                  0/1     ContainerCreating   0          5m10s   <none>       <none>   <none>           <none>
        """)


def test_all_namespaces_prepends_namespace_and_show_labels_appends_labels():
    """Do ``-A`` and ``--show-labels`` decorate the table as decorateTable does?"""
    assert render_table("Pod", _pods(), now=NOW, all_namespaces=True, show_labels=True) == dedent(
        """\
        NAMESPACE   NAME                     READY   STATUS              RESTARTS   AGE     LABELS
        default     nginx-7c5ddbdf54-2xkqn   1/1     Running             0          5m10s   app=nginx
        default     pending                  0/1     ContainerCreating   0          5m10s   app=nginx
        """
    )


def test_restarts_show_when_the_last_restart_happened():
    """Is RESTARTS ``N (age ago)`` once a container has a last termination (printPod)?"""
    pod = make_pod("crashy")
    pod["status"]["containerStatuses"][0].update(
        {
            "restartCount": 4,
            "ready": False,
            "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2024-01-01T00:04:10Z"}},
        }
    )
    assert render_table("Pod", [pod], now=NOW) == dedent("""\
        NAME     READY   STATUS             RESTARTS      AGE
        crashy   0/1     CrashLoopBackOff   4 (60s ago)   5m10s
        """)


def test_endpoints_list_three_addresses_then_count_the_rest():
    """Does ENDPOINTS stop after 3 with `` + N more...`` and show ``<none>`` without subsets?"""
    ep = {
        "kind": "Endpoints",
        "metadata": meta("nginx"),
        "subsets": [
            {
                "addresses": [{"ip": f"10.244.{i}.2"} for i in range(1, 6)],
                "ports": [{"port": 80, "protocol": "TCP"}],
            }
        ],
    }
    empty = {"kind": "Endpoints", "metadata": meta("empty")}
    assert render_table("Endpoints", [empty, ep], now=NOW) == dedent("""\
        NAME    ENDPOINTS                                               AGE
        empty   <none>                                                  5m10s
        nginx   10.244.1.2:80,10.244.2.2:80,10.244.3.2:80 + 2 more...   5m10s
        """)


def _nodes() -> list[dict]:
    control = {
        "kind": "Node",
        "metadata": meta(
            "kind-control-plane",
            None,
            labels={"node-role.kubernetes.io/control-plane": "", "kubernetes.io/hostname": "x"},
        ),
        "spec": {},
        "status": {
            "conditions": [{"type": "Ready", "status": "True"}],
            "addresses": [
                {"type": "InternalIP", "address": "172.18.0.2"},
                {"type": "Hostname", "address": "kind-control-plane"},
            ],
            "nodeInfo": {
                "kubeletVersion": "v1.30.0",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
                "kernelVersion": "6.5.0-1025-azure",
                "containerRuntimeVersion": "containerd://1.7.15",
            },
        },
    }
    cordoned = {
        "kind": "Node",
        "metadata": meta("node-1", None),
        "spec": {"unschedulable": True},
        "status": {
            "conditions": [{"type": "Ready", "status": "False"}],
            "nodeInfo": {"kubeletVersion": "v1.30.0"},
        },
    }
    return [control, cordoned]


def test_nodes_show_ready_roles_and_version():
    """Is STATUS from the Ready condition (+SchedulingDisabled) and ROLES from node-role labels?"""
    assert render_table("Node", _nodes(), now=NOW) == dedent("""\
        NAME                 STATUS                        ROLES           AGE     VERSION
        kind-control-plane   Ready                         control-plane   5m10s   v1.30.0
        node-1               NotReady,SchedulingDisabled   <none>          5m10s   v1.30.0
        """)


def test_nodes_wide_show_internal_ip_and_unknown_system_info():
    """Does ``-o wide`` add INTERNAL-IP, EXTERNAL-IP ``<none>`` and ``<unknown>`` fields?"""
    assert render_table("Node", _nodes(), now=NOW, wide=True) == dedent("""\
        NAME                 STATUS                        ROLES           AGE     VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION     CONTAINER-RUNTIME
        kind-control-plane   Ready                         control-plane   5m10s   v1.30.0   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.5.0-1025-azure   containerd://1.7.15
        node-1               NotReady,SchedulingDisabled   <none>          5m10s   v1.30.0   <none>        <none>        <unknown>                        <unknown>          <unknown>
        """)


def test_ingress_shows_class_hosts_address_and_tls_ports():
    """CLASS or ``<none>``, up to 3 hosts, empty ADDRESS before status, ``80, 443`` with TLS."""
    ing = {
        "kind": "Ingress",
        "metadata": meta("example-ingress"),
        "spec": {"ingressClassName": "nginx", "rules": [{"host": "hello-world.info"}]},
        "status": {"loadBalancer": {"ingress": [{"ip": "172.17.0.15"}]}},
    }
    many = {
        "kind": "Ingress",
        "metadata": meta("many"),
        "spec": {
            "rules": [{"host": f"h{i}.example.com"} for i in range(5)],
            "tls": [{"hosts": ["h0.example.com"]}],
        },
        "status": {"loadBalancer": {}},
    }
    assert render_table("Ingress", [ing, many], now=NOW) == dedent("""\
        NAME              CLASS    HOSTS                                                      ADDRESS       PORTS     AGE
        example-ingress   nginx    hello-world.info                                           172.17.0.15   80        5m10s
        many              <none>   h0.example.com,h1.example.com,h2.example.com + 2 more...                 80, 443   5m10s
        """)


def test_endpoint_slices_show_address_type_ports_and_endpoints():
    """printEndpointSlice: ADDRESSTYPE, PORTS and up to 3 ENDPOINTS."""
    eps = make_slice("nginx", ["10.244.1.2", "10.244.2.3", "10.244.1.4", "10.244.2.5"])
    assert render_table("EndpointSlice", [eps], now=NOW) == dedent("""\
        NAME          ADDRESSTYPE   PORTS   ENDPOINTS                                      AGE
        nginx-abcde   IPv4          80      10.244.1.2,10.244.2.3,10.244.1.4 + 1 more...   5m10s
        """)


def test_daemon_set_wide_shows_node_selector_containers_and_selector():
    """printDaemonSet: the kube-proxy DaemonSet's ``kubernetes.io/os=linux`` node selector."""
    ds = {
        "kind": "DaemonSet",
        "metadata": meta("kube-proxy", "kube-system"),
        "spec": {
            "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
            "template": {
                "spec": {
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "containers": [
                        {"name": "kube-proxy", "image": "registry.k8s.io/kube-proxy:v1.30.0"}
                    ],
                }
            },
        },
        "status": {
            "desiredNumberScheduled": 3,
            "currentNumberScheduled": 3,
            "numberReady": 3,
            "updatedNumberScheduled": 3,
            "numberAvailable": 3,
        },
    }
    assert render_table("DaemonSet", [ds], now=NOW, wide=True) == dedent("""\
        NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE     CONTAINERS   IMAGES                               SELECTOR
        kube-proxy   3         3         3       3            3           kubernetes.io/os=linux   5m10s   kube-proxy   registry.k8s.io/kube-proxy:v1.30.0   k8s-app=kube-proxy
        """)


def _deployment() -> dict:
    template = {
        "metadata": {"labels": {"app": "nginx"}},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2"}]},
    }
    return {
        "kind": "Deployment",
        "metadata": meta("nginx", labels={"app": "nginx"}),
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": template,
        },
        "status": {"replicas": 3, "readyReplicas": 3, "updatedReplicas": 3, "availableReplicas": 3},
    }


def test_get_all_prints_one_block_per_kind_with_kind_prefixed_names():
    """``kubectl get all``: pods, services, deployments, replicasets, blank-line separated,
    names as ``pod/…``, ``service/kubernetes``, ``deployment.apps/nginx`` (get.go Run)."""
    dep = _deployment()
    rs = {
        "kind": "ReplicaSet",
        "metadata": meta("nginx-7c5ddbdf54"),
        "spec": {"replicas": 3, "template": dep["spec"]["template"]},
        "status": {"replicas": 3, "readyReplicas": 3},
    }
    kubernetes = make_service(
        "kubernetes",
        cluster_ip="10.96.0.1",
        ports=[{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
    )
    endpoints = {"kind": "Endpoints", "metadata": meta("kubernetes")}
    objects = [kubernetes, dep, rs, make_pod("nginx-7c5ddbdf54-2xkqn"), endpoints]
    assert render_get_all(objects, now=NOW) == dedent("""\
        NAME                         READY   STATUS    RESTARTS   AGE
        pod/nginx-7c5ddbdf54-2xkqn   1/1     Running   0          5m10s

        NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
        service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   5m10s

        NAME                    READY   UP-TO-DATE   AVAILABLE   AGE
        deployment.apps/nginx   3/3     3            3           5m10s

        NAME                               DESIRED   CURRENT   READY   AGE
        replicaset.apps/nginx-7c5ddbdf54   3         3         3       5m10s
        """)


def test_deployment_wide_and_label_column():
    """Do ``-o wide`` and ``-L app`` add CONTAINERS/IMAGES/SELECTOR and an APP column?"""
    assert render_table(
        "Deployment", [_deployment()], now=NOW, wide=True, label_columns=["app"]
    ) == (
        "NAME    READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES         SELECTOR    APP\n"
        "nginx   3/3     3            3           5m10s   nginx        nginx:1.14.2   app=nginx   nginx\n"
    )


def test_kinds_without_printer_get_name_and_created_at():
    """Does a ClusterRole print the API server's default NAME / CREATED AT table?"""
    role = {"kind": "ClusterRole", "metadata": meta("admin", None)}
    assert render_table("ClusterRole", [role], now=NOW) == dedent("""\
        NAME    CREATED AT
        admin   2024-01-01T00:00:00Z
        """)


def test_no_objects_render_nothing():
    """Is an empty listing an empty string (the caller prints ``No resources found``)?"""
    assert render_table("Pod", [], now=NOW) == ""
    assert render_get_all([], now=NOW) == ""


def test_no_headers_drops_the_header_row():
    """Does ``--no-headers`` print rows only, still aligned?"""
    assert render_table("Pod", _pods(), now=NOW, no_headers=True) == dedent("""\
        nginx-7c5ddbdf54-2xkqn   1/1   Running             0     5m10s
        pending                  0/1   ContainerCreating   0     5m10s
        """)
