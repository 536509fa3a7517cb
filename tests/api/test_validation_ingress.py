"""Ingress (networking.k8s.io/v1) validation messages.

Mirrors kubernetes/kubernetes pkg/apis/networking/validation/validation.go
(ValidateIngressCreate, ValidateIngressUpdate, validateIngressRules, validateHTTPIngressPath,
validateIngressBackend) and validation_test.go TestValidateIngressRules /
TestValidateIngressCreate ("class field set", "class annotation and field mismatch" …) /
TestValidateIngressUpdate / TestValidateIngressTLS.
"""

from __future__ import annotations

import pytest
from api_builders import errors, http_path, make_ingress

PATH0 = "spec.rules[0].http.paths[0]"
SUBDOMAIN_RE = "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'"


def test_valid_ingress_has_no_errors():
    assert errors(make_ingress("ns1", "ing1")) == []


def test_rules_or_default_backend_is_required():
    """ValidateIngressSpec: the value is the nil rules slice, rendered as JSON null."""
    assert errors(make_ingress("ns1", "ing1", rules=None)) == [
        "spec: Invalid value: null: either `defaultBackend` or `rules` must be specified"
    ]


def test_path_type_is_required_in_v1():
    """validateHTTPIngressPath: no default pathType in v1; the backend is then not checked."""
    ing = make_ingress("ns1", "ing1")
    del http_path(ing)["pathType"]
    http_path(ing)["backend"] = {}
    assert errors(ing) == [f"{PATH0}.pathType: Required value: pathType must be specified"]


def test_path_type_is_case_sensitive():
    ing = make_ingress("ns1", "ing1")
    http_path(ing)["pathType"] = "prefix"
    assert errors(ing) == [
        f'{PATH0}.pathType: Unsupported value: "prefix": supported values: "Exact", '
        '"ImplementationSpecific", "Prefix"'
    ]


@pytest.mark.parametrize(
    ("path", "details"),
    [
        ("", ["must be an absolute path"]),
        ("foo", ["must be an absolute path"]),
        ("/foo//bar", ["must not contain '//'"]),
        ("/foo/./bar", ["must not contain '/./'"]),
        ("/foo%2Fbar", ["must not contain '%2F'"]),
        ("/foo/..", ["cannot end with '/..'"]),
        ("/foo/.", ["cannot end with '/.'"]),
    ],
)
def test_prefix_paths_must_be_clean_absolute_paths(path, details):
    """TestValidateIngressRules / validateHTTPIngressPath invalidPathSequences, suffixes."""
    ing = make_ingress("ns1", "ing1")
    http_path(ing)["path"] = path
    assert errors(ing) == [f'{PATH0}.path: Invalid value: "{path}": {d}' for d in details]


def test_implementation_specific_allows_empty_path():
    ing = make_ingress("ns1", "ing1")
    http_path(ing)["pathType"] = "ImplementationSpecific"
    http_path(ing)["path"] = ""
    assert errors(ing) == []


def test_host_may_not_be_an_ip():
    ing = make_ingress("ns1", "ing1")
    ing["spec"]["rules"][0]["host"] = "10.0.0.1"
    assert errors(ing) == [
        'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address'
    ]


def test_bare_wildcard_host_is_rejected():
    ing = make_ingress("ns1", "ing1")
    ing["spec"]["rules"][0]["host"] = "*"
    assert errors(ing) == [
        'spec.rules[0].host: Invalid value: "*": a wildcard DNS-1123 subdomain must start with '
        "'*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric "
        "characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', "
        "regex used for validation is '\\*\\." + SUBDOMAIN_RE[1:] + ")"
    ]


def test_upper_case_host_is_rejected():
    ing = make_ingress("ns1", "ing1")
    ing["spec"]["rules"][0]["host"] = "Nginx.my.com"
    assert errors(ing) == [
        'spec.rules[0].host: Invalid value: "Nginx.my.com": a lowercase RFC 1123 subdomain must '
        "consist of lower case alphanumeric characters, '-' or '.', and must start and end with "
        f"an alphanumeric character (e.g. 'example.com', regex used for validation is {SUBDOMAIN_RE})"
    ]


def test_backend_port_name_and_number_are_exclusive():
    ing = make_ingress("ns1", "ing1")
    http_path(ing)["backend"] = {
        "service": {"name": "nginx", "port": {"name": "http", "number": 80}}
    }
    assert errors(ing) == [
        f'{PATH0}.backend: Invalid value: "": cannot set both port name & port number'
    ]


def test_backend_port_is_required():
    ing = make_ingress("ns1", "ing1")
    http_path(ing)["backend"] = {"service": {"name": "nginx"}}
    assert errors(ing) == [f"{PATH0}.backend: Required value: port name or number is required"]


def test_backend_needs_service_or_resource():
    ing = make_ingress("ns1", "ing1")
    http_path(ing)["backend"] = {}
    assert errors(ing) == [
        f'{PATH0}.backend: Invalid value: "": resource or service backend is required'
    ]


def test_backend_service_name_follows_service_name_rules():
    ing = make_ingress("ns1", "ing1")
    http_path(ing)["backend"]["service"]["name"] = "1nginx"
    (msg,) = errors(ing)
    assert msg.startswith(
        f'{PATH0}.backend.service.name: Invalid value: "1nginx": a DNS-1035 label'
    )


def test_class_annotation_must_match_class_name_on_create_only():
    """TestValidateIngressCreate: path 'annotations.kubernetes.io/ingress.class' (no metadata.)."""
    ing = make_ingress("ns1", "ing1", ingressClassName="nginx")
    ing["metadata"]["annotations"] = {"kubernetes.io/ingress.class": "traefik"}
    assert errors(ing) == [
        'annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match '
        "`ingressClassName` when both are specified"
    ]
    assert errors(ing, make_ingress("ns1", "ing1")) == []


def test_tls_secret_name_must_be_a_subdomain():
    ing = make_ingress("ns1", "ing1", tls=[{"hosts": ["nginx.my.com"], "secretName": "My_Secret"}])
    assert errors(ing) == [
        'spec.tls[0].secretName: Invalid value: "My_Secret": a lowercase RFC 1123 subdomain must '
        "consist of lower case alphanumeric characters, '-' or '.', and must start and end with "
        f"an alphanumeric character (e.g. 'example.com', regex used for validation is {SUBDOMAIN_RE})"
    ]


def test_update_tolerates_an_already_stored_invalid_secret_name():
    """TestValidateIngressUpdate: allowInvalidSecretName for existing objects."""
    old = make_ingress("ns1", "ing1", tls=[{"secretName": "My_Secret"}])
    new = make_ingress("ns1", "ing1", tls=[{"secretName": "My_Secret"}])
    assert errors(new, old) == []
