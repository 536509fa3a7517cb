"""Namespace, Secret, ConfigMap, Endpoints, EndpointSlice and Pod validation messages.

Mirrors kubernetes/kubernetes pkg/apis/core/validation/validation.go (ValidateNamespace,
ValidateSecret, ValidateConfigMap, validateEndpointSubsets, validateProbe) and
pkg/apis/discovery/validation/validation.go (validateEndpoints), with validation_test.go
cases TestValidateNamespace, TestValidateSecret ("missing tls.key"), TestValidateConfigMap
("invalid key"), TestValidateEndpointsCreate ("empty port name" with 2 ports, "Address is
loopback"), TestValidateEndpointSlice ("bad ip address"), TestValidateProbe / liveness
successThreshold.
"""

from __future__ import annotations

from api_builders import errors

from k8slab.api.defaults import set_defaults


def _defaulted(obj):
    set_defaults(obj)
    return obj


def test_namespace_with_dots_says_so():
    ns = _defaulted({"kind": "Namespace", "metadata": {"name": "my.ns"}})
    assert errors(ns) == ['metadata.name: Invalid value: "my.ns": must not contain dots']


def test_tls_secret_requires_both_keys():
    secret = _defaulted(
        {
            "kind": "Secret",
            "metadata": {"name": "tls", "namespace": "default"},
            "type": "kubernetes.io/tls",
            "data": {"tls.crt": "YQ=="},
        }
    )
    assert errors(secret) == ["data[tls.key]: Required value"]


def test_config_map_key_format():
    cm = {
        "kind": "ConfigMap",
        "metadata": {"name": "c", "namespace": "default"},
        "data": {"a b": "x"},
    }
    assert errors(cm) == [
        'data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric '
        "characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex "
        "used for validation is '[-._a-zA-Z0-9]+')"
    ]


def test_endpoints_ports_need_names_when_several():
    ep = _defaulted(
        {
            "kind": "Endpoints",
            "metadata": {"name": "e", "namespace": "default"},
            "subsets": [
                {"addresses": [{"ip": "10.244.1.5"}], "ports": [{"port": 80}, {"port": 81}]}
            ],
        }
    )
    assert errors(ep) == [
        "subsets[0].ports[0].name: Required value",
        "subsets[0].ports[1].name: Required value",
    ]


def test_endpoint_slice_address_may_not_be_loopback():
    eps = _defaulted(
        {
            "kind": "EndpointSlice",
            "metadata": {"name": "e", "namespace": "default"},
            "addressType": "IPv4",
            "endpoints": [{"addresses": ["127.0.0.1"]}],
            "ports": [{"port": 80}],
        }
    )
    assert errors(eps) == [
        'endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback '
        "range (127.0.0.0/8, ::1/128)"
    ]


def test_liveness_probe_success_threshold_must_be_one():
    pod = _defaulted(
        {
            "kind": "Pod",
            "metadata": {"name": "p", "namespace": "default"},
            "spec": {
                "containers": [
                    {
                        "name": "c",
                        "image": "nginx",
                        "livenessProbe": {"tcpSocket": {"port": 80}, "successThreshold": 2},
                    }
                ]
            },
        }
    )
    assert errors(pod) == [
        "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"
    ]


def test_pod_needs_containers():
    pod = _defaulted({"kind": "Pod", "metadata": {"name": "p", "namespace": "default"}, "spec": {}})
    assert errors(pod) == ["spec.containers: Required value"]
