"""``kubectl get -o yaml|json|name``.

Mirrors cli-runtime ``pkg/printers/json.go``/``yaml.go``/``name.go`` (``TestPrinters``), the
quoting and folding rules of go-yaml v2 (``encode_test.go``: ``"y": ""``, ``"80"``,
timestamps) and kubectl ``get.go printGeneric``'s ``List`` wrapper.
"""

from __future__ import annotations

from textwrap import dedent

from kubectl_builders import make_service

from k8slab.kubectl.output import render_output, to_json, to_yaml


def _service() -> dict:
    svc = make_service("nginx", cluster_ip="10.96.0.5", selector={"app": "nginx"})
    svc["metadata"]["annotations"] = {
        "kubectl.kubernetes.io/last-applied-configuration": (
            '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"nginx"}}\n'
        )
    }
    return svc


def test_yaml_sorts_keys_quotes_ambiguous_strings_and_uses_literal_blocks():
    """Keys sorted, lists not indented under their key, ``"1"`` and timestamps quoted,
    ``{}`` for empty maps, last-applied as a ``|`` block."""
    assert to_yaml(_service()) == dedent("""\
        apiVersion: v1
        kind: Service
        metadata:
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: |
              {"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"nginx"}}
          creationTimestamp: "2024-01-01T00:00:00Z"
          name: nginx
          namespace: default
          resourceVersion: "1"
          uid: uid-nginx
        spec:
          clusterIP: 10.96.0.5
          clusterIPs:
          - 10.96.0.5
          internalTrafficPolicy: Cluster
          ipFamilies:
          - IPv4
          ipFamilyPolicy: SingleStack
          ports:
          - port: 80
            protocol: TCP
            targetPort: 80
          selector:
            app: nginx
          sessionAffinity: None
          type: ClusterIP
        status:
          loadBalancer: {}
        """)


def test_yaml_quotes_like_go_yaml():
    """Booleans-as-keys, empty strings, indicators and long lines as go-yaml v2 writes them."""
    doc = {"y": "", "a": "*", "b": "true", "c": "<none>", "d": "word " * 20 + "end"}
    assert to_yaml(doc) == (
        "a: '*'\n"
        'b: "true"\n'
        "c: <none>\n"
        "d: word word word word word word word word word word word word word word word word\n"
        "  word word word word end\n"
        '"y": ""\n'
    )


def test_json_sorts_keys_indents_four_and_escapes_html():
    """Go's encoding/json: sorted keys, ``\\u003c`` for ``<``, whole floats as integers."""
    assert to_json({"b": "<none>", "a": [], "c": {"x": 1.0}}) == dedent("""\
        {
            "a": [],
            "b": "\\u003cnone\\u003e",
            "c": {
                "x": 1
            }
        }
        """)


def test_listing_is_wrapped_in_a_v1_list():
    """Is ``kubectl get svc -o json`` (not a single named object) a ``List``?"""
    text = render_output("json", [], single_item=False)
    assert text == dedent("""\
        {
            "apiVersion": "v1",
            "items": [],
            "kind": "List",
            "metadata": {
                "resourceVersion": ""
            }
        }
        """)
    assert render_output("yaml", [_service()], single_item=False).startswith(
        "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Service\n"
    )


def test_name_output_uses_kind_and_group():
    """``-o name``: ``service/nginx`` and ``deployment.apps/nginx``."""
    dep = {"kind": "Deployment", "metadata": {"name": "nginx"}}
    assert render_output("name", [_service(), dep], single_item=False) == (
        "service/nginx\ndeployment.apps/nginx\n"
    )
