"""``kubectl describe`` layouts.

Expected texts follow kubectl ``pkg/describe/describe.go`` as exercised by ``describe_test.go``
(``TestDescribeService``, ``TestDescribePodTolerations``, ``TestDescribeIngress``,
``TestDescribeDeployment``, ``TestDescribeNamespace``) and the samples on kubernetes.io: the
ingress-minikube tutorial (``kubectl describe ingress example-ingress``) and the Deployment
concept page (``kubectl describe deployments``).
"""

from __future__ import annotations

from textwrap import dedent

from kubectl_builders import NOW, make_pod, make_service, make_slice, meta

from k8slab.api.reader import StaticReader
from k8slab.kubectl.describe import describe


def _event(kind: str, name: str, reason: str, message: str, component: str) -> dict:
    return {
        "kind": "Event",
        "metadata": meta(f"{name}.17a"),
        "involvedObject": {
            "kind": kind,
            "name": name,
            "namespace": "default",
            "uid": f"uid-{name}",
        },
        "type": "Normal",
        "reason": reason,
        "message": message,
        "source": {"component": component},
        "firstTimestamp": "2024-01-01T00:00:00Z",
        "lastTimestamp": "2024-01-01T00:00:00Z",
        "count": 1,
    }


def test_service_endpoints_come_from_its_endpoint_slices():
    """Is Endpoints built from the EndpointSlices labelled with the Service name, the key column
    at 26 (``External Traffic Policy:``), and last-applied hidden (describeService)?"""
    svc = make_service(
        "nginx",
        type_="NodePort",
        cluster_ip="10.105.65.40",
        ports=[{"port": 80, "protocol": "TCP", "targetPort": 80, "nodePort": 31238}],
        selector={"app": "nginx"},
        externalTrafficPolicy="Cluster",
    )
    svc["metadata"]["labels"] = {"app": "nginx", "tier": "web"}
    svc["metadata"]["annotations"] = {"kubectl.kubernetes.io/last-applied-configuration": "{}\n"}
    slices = make_slice("nginx", ["10.244.1.2", "10.244.2.3"])
    event = _event("Service", "nginx", "Type", "ClusterIP -> NodePort", "service-controller")
    assert describe("Service", svc, StaticReader([svc, slices, event]), now=NOW) == dedent("""\
        Name:                     nginx
        Namespace:                default
        Labels:                   app=nginx
                                  tier=web
        Annotations:              <none>
        Selector:                 app=nginx
        Type:                     NodePort
        IP Family Policy:         SingleStack
        IP Families:              IPv4
        IP:                       10.105.65.40
        IPs:                      10.105.65.40
        Port:                     <unset>  80/TCP
        TargetPort:               80/TCP
        NodePort:                 <unset>  31238/TCP
        Endpoints:                10.244.1.2:80,10.244.2.3:80
        Session Affinity:         None
        External Traffic Policy:  Cluster
        Internal Traffic Policy:  Cluster
        Events:
          Type    Reason  Age    From                Message
          ----    ------  ----   ----                -------
          Normal  Type    5m10s  service-controller  ClusterIP -> NodePort
        """)


def test_service_without_endpoint_slices_shows_none():
    """With no EndpointSlice, are Endpoints and Events ``<none>``, aligned with the keys?"""
    svc = make_service("lonely", selector={"app": "x"})
    assert describe("Service", svc, StaticReader([]), now=NOW) == dedent("""\
        Name:                     lonely
        Namespace:                default
        Labels:                   <none>
        Annotations:              <none>
        Selector:                 app=x
        Type:                     ClusterIP
        IP Family Policy:         SingleStack
        IP Families:              IPv4
        IP:                       10.96.0.10
        IPs:                      10.96.0.10
        Port:                     <unset>  80/TCP
        TargetPort:               80/TCP
        Endpoints:                <none>
        Session Affinity:         None
        Internal Traffic Policy:  Cluster
        Events:                   <none>
        """)


def test_service_slice_without_ready_endpoints_leaves_endpoints_empty():
    """kubectl >= 1.31 prints an empty Endpoints value (padded) when nothing is ready."""
    svc = make_service("web", selector={"app": "web"})
    slices = make_slice("web", ["10.244.1.9"], ready=False)
    text = describe("Service", svc, StaticReader([slices]), now=NOW, show_events=False)
    assert "Endpoints:                \n" in text
    assert "Events" not in text


def test_pod_layout_with_probe_conditions_and_tolerations():
    """describePod: Node ``node/hostIP``, IPs block, Controlled By, container state, readiness
    probe, Conditions table with trailing spaces, QoS, tolerations and Events."""
    pod = make_pod(
        "nginx-7c5ddbdf54-2xkqn", labels={"app": "nginx", "pod-template-hash": "7c5ddbdf54"}
    )
    pod["spec"]["priority"] = 0
    pod["status"]["startTime"] = "2024-01-01T00:00:01Z"
    pod["metadata"]["ownerReferences"] = [
        {
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "name": "nginx-7c5ddbdf54",
            "uid": "u",
            "controller": True,
        }
    ]
    pod["spec"]["containers"][0]["readinessProbe"] = {
        "httpGet": {"path": "/", "port": 80, "scheme": "HTTP"},
        "timeoutSeconds": 1,
        "periodSeconds": 10,
        "successThreshold": 1,
        "failureThreshold": 3,
    }
    pod["spec"]["tolerations"] = [
        {
            "effect": "NoExecute",
            "key": "node.kubernetes.io/not-ready",
            "operator": "Exists",
            "tolerationSeconds": 300,
        },
        {
            "effect": "NoExecute",
            "key": "node.kubernetes.io/unreachable",
            "operator": "Exists",
            "tolerationSeconds": 300,
        },
    ]
    pod["status"]["conditions"] = [
        {"type": t, "status": "True"}
        for t in (
            "PodReadyToStartContainers",
            "Initialized",
            "Ready",
            "ContainersReady",
            "PodScheduled",
        )
    ]
    event = _event(
        "Pod",
        "nginx-7c5ddbdf54-2xkqn",
        "Scheduled",
        "Successfully assigned default/nginx-7c5ddbdf54-2xkqn to node-1",
        "default-scheduler",
    )
    expected = dedent("""\
        Name:             nginx-7c5ddbdf54-2xkqn
        Namespace:        default
        Priority:         0
        Service Account:  default
        Node:             node-1/172.18.0.3
        Start Time:       Mon, 01 Jan 2024 00:00:01 +0000
        Labels:           app=nginx
                          pod-template-hash=7c5ddbdf54
        Annotations:      <none>
        Status:           Running
        IP:               10.244.1.2
        IPs:
          IP:           10.244.1.2
        Controlled By:  ReplicaSet/nginx-7c5ddbdf54
        Containers:
          nginx:
            Container ID:   containerd://4a1b
            Image:          nginx:1.14.2
            Image ID:       docker.io/library/nginx@sha256:f7988fb6c02e
            Port:           80/TCP
            Host Port:      0/TCP
            State:          Running
              Started:      Mon, 01 Jan 2024 00:00:05 +0000
            Ready:          True
            Restart Count:  0
            Readiness:      http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3
            Environment:    <none>
            Mounts:         <none>
        Conditions:
          Type                        Status
          PodReadyToStartContainers   True¶
          Initialized                 True¶
          Ready                       True¶
          ContainersReady             True¶
          PodScheduled                True¶
        Volumes:                      <none>
        QoS Class:                    BestEffort
        Node-Selectors:               <none>
        Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                                      node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
        Events:
          Type    Reason     Age    From               Message
          ----    ------     ----   ----               -------
          Normal  Scheduled  5m10s  default-scheduler  Successfully assigned default/nginx-7c5ddbdf54-2xkqn to node-1
        """).replace("¶", " ")
    assert describe("Pod", pod, StaticReader([pod, event]), now=NOW) == expected


def test_namespace_reports_no_quota_and_no_limit_range():
    """describeNamespace: Status, then the quota and LimitRange sections, no events."""
    ns = {
        "kind": "Namespace",
        "metadata": meta("default", None, labels={"kubernetes.io/metadata.name": "default"}),
        "status": {"phase": "Active"},
    }
    assert describe("Namespace", ns, StaticReader([]), now=NOW) == dedent("""\
        Name:         default
        Labels:       kubernetes.io/metadata.name=default
        Annotations:  <none>
        Status:       Active

        No resource quota.

        No LimitRange resource.
        """)


def test_deployment_shows_pod_template_conditions_and_new_replica_set():
    """describeDeployment as on the kubernetes.io Deployment page: pod template, conditions,
    OldReplicaSets/NewReplicaSet (template matched ignoring pod-template-hash)."""
    template = {
        "metadata": {"labels": {"app": "nginx"}},
        "spec": {
            "containers": [
                {
                    "name": "nginx",
                    "image": "nginx:1.14.2",
                    "ports": [{"containerPort": 80, "protocol": "TCP"}],
                }
            ]
        },
    }
    dep = {
        "kind": "Deployment",
        "metadata": meta(
            "nginx-deployment",
            labels={"app": "nginx"},
            annotations={"deployment.kubernetes.io/revision": "1"},
        ),
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app": "nginx"}},
            "strategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"},
            },
            "template": template,
        },
        "status": {
            "replicas": 3,
            "updatedReplicas": 3,
            "readyReplicas": 3,
            "availableReplicas": 3,
            "conditions": [
                {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"},
            ],
        },
    }
    rs = {
        "kind": "ReplicaSet",
        "metadata": meta(
            "nginx-deployment-66b6c48dd5",
            ownerReferences=[
                {
                    "kind": "Deployment",
                    "name": "nginx-deployment",
                    "uid": "uid-nginx-deployment",
                    "controller": True,
                }
            ],
        ),
        "spec": {
            "replicas": 3,
            "template": {
                "metadata": {"labels": {"app": "nginx", "pod-template-hash": "66b6c48dd5"}},
                "spec": template["spec"],
            },
        },
        "status": {"replicas": 3},
    }
    event = _event(
        "Deployment",
        "nginx-deployment",
        "ScalingReplicaSet",
        "Scaled up replica set nginx-deployment-66b6c48dd5 to 3",
        "deployment-controller",
    )
    assert describe("Deployment", dep, StaticReader([dep, rs, event]), now=NOW) == dedent("""\
        Name:                   nginx-deployment
        Namespace:              default
        CreationTimestamp:      Mon, 01 Jan 2024 00:00:00 +0000
        Labels:                 app=nginx
        Annotations:            deployment.kubernetes.io/revision: 1
        Selector:               app=nginx
        Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
        StrategyType:           RollingUpdate
        MinReadySeconds:        0
        RollingUpdateStrategy:  25% max unavailable, 25% max surge
        Pod Template:
          Labels:  app=nginx
          Containers:
           nginx:
            Image:         nginx:1.14.2
            Port:          80/TCP
            Host Port:     0/TCP
            Environment:   <none>
            Mounts:        <none>
          Volumes:         <none>
          Node-Selectors:  <none>
          Tolerations:     <none>
        Conditions:
          Type           Status  Reason
          ----           ------  ------
          Available      True    MinimumReplicasAvailable
          Progressing    True    NewReplicaSetAvailable
        OldReplicaSets:  <none>
        NewReplicaSet:   nginx-deployment-66b6c48dd5 (3/3 replicas created)
        Events:
          Type    Reason             Age    From                   Message
          ----    ------             ----   ----                   -------
          Normal  ScalingReplicaSet  5m10s  deployment-controller  Scaled up replica set nginx-deployment-66b6c48dd5 to 3
        """)


def _ingress(backend_service: str) -> dict:
    return {
        "kind": "Ingress",
        "metadata": meta(
            "example-ingress",
            annotations={"nginx.ingress.kubernetes.io/rewrite-target": "/$1"},
        ),
        "spec": {
            "ingressClassName": "nginx",
            "rules": [
                {
                    "host": "hello-world.info",
                    "http": {
                        "paths": [
                            {
                                "path": "/",
                                "pathType": "Prefix",
                                "backend": {
                                    "service": {"name": backend_service, "port": {"number": 8080}}
                                },
                            }
                        ]
                    },
                }
            ],
        },
        "status": {"loadBalancer": {"ingress": [{"ip": "172.17.0.15"}]}},
    }


def test_ingress_matches_the_minikube_tutorial():
    """The kubernetes.io ingress-minikube sample: rules, annotations and events share one
    alignment block; the host line keeps its padded empty cell (describeIngressV1)."""
    ing = _ingress("web")
    web = make_service("web", ports=[{"port": 8080, "protocol": "TCP", "targetPort": 8080}])
    slices = make_slice("web", ["172.17.0.4"], port=8080)
    event = _event(
        "Ingress", "example-ingress", "Sync", "Scheduled for sync", "nginx-ingress-controller"
    )
    event["firstTimestamp"] = event["lastTimestamp"] = "2024-01-01T00:04:51Z"
    text = describe("Ingress", ing, StaticReader([ing, web, slices, event]), now=NOW)
    assert text == (
        "Name:             example-ingress\n"
        "Labels:           <none>\n"
        "Namespace:        default\n"
        "Address:          172.17.0.15\n"
        "Ingress Class:    nginx\n"
        "Default backend:  <default>\n"
        "Rules:\n"
        "  Host              Path  Backends\n"
        "  ----              ----  --------\n"
        "  hello-world.info  \n"
        "                    /   web:8080 (172.17.0.4:8080)\n"
        "Annotations:        nginx.ingress.kubernetes.io/rewrite-target: /$1\n"
        "Events:\n"
        "  Type    Reason  Age   From                      Message\n"
        "  ----    ------  ----  ----                      -------\n"
        "  Normal  Sync    19s   nginx-ingress-controller  Scheduled for sync\n"
    )


def test_ingress_backend_to_missing_service_shows_the_api_error():
    """Is a backend whose Service does not exist shown as ``(<error: services "x" not found>)``?"""
    ing = _ingress("nope")
    text = describe("Ingress", ing, StaticReader([ing]), now=NOW, show_events=False)
    assert '/   nope:8080 (<error: services "nope" not found>)\n' in text


def test_generic_describe_lists_fields_with_smart_labels():
    """Kinds without a describer use genericDescriber: sorted fields, ``API Version``."""
    cfg = {
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingWebhookConfiguration",
        "metadata": meta("ingress-nginx-admission", None),
        "webhooks": [{"name": "validate.nginx.ingress.kubernetes.io", "sideEffects": "None"}],
    }
    text = describe("ValidatingWebhookConfiguration", cfg, StaticReader([]), now=NOW)
    assert text.startswith("Name:         ingress-nginx-admission\nNamespace:    \n")
    assert "API Version:  admissionregistration.k8s.io/v1\n" in text
    assert "Webhooks:\n  Name:          validate.nginx.ingress.kubernetes.io\n" in text
    assert text.endswith("  Side Effects:  None\nEvents:          <none>\n")
