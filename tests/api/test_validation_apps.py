"""Deployment / ReplicaSet / DaemonSet validation messages.

Mirrors kubernetes/kubernetes pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec,
ValidatePodTemplateSpecForReplicaSet, ValidateRollingUpdateDeployment, ValidateDaemonSetSpec)
with validation_test.go TestValidateDeployment cases ("missing selector", "empty selector",
"selector does not match template", "negative replicas", "invalid rolling update") and the
apps/v1 selector immutability of pkg/registry/apps/deployment/strategy.go ValidateUpdate.
"""

from __future__ import annotations

from api_builders import errors, make_container, make_deployment, make_pod_template

from k8slab.api.defaults import set_defaults


def test_valid_deployment_has_no_errors():
    assert errors(make_deployment("ns1", "dep1")) == []


def test_missing_selector_gives_two_causes():
    """No defaulting of the selector in apps/v1: required, and nothing matches the template."""
    assert errors(make_deployment("ns1", "dep1", selector=None)) == [
        "spec.selector: Required value",
        'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not '
        "match template `labels`",
    ]


def test_empty_selector_is_invalid():
    assert errors(make_deployment("ns1", "dep1", selector={})) == [
        "spec.selector: Invalid value: {}: empty selector is invalid for deployment"
    ]


def test_selector_must_match_template_labels():
    dep = make_deployment("ns1", "dep1", selector={"matchLabels": {"app": "web"}})
    assert errors(dep) == [
        'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not '
        "match template `labels`"
    ]


def test_template_without_labels_renders_null():
    dep = make_deployment("ns1", "dep1", template={"spec": {"containers": [make_container()]}})
    assert errors(dep) == [
        "spec.template.metadata.labels: Invalid value: null: `selector` does not match template "
        "`labels`"
    ]


def test_negative_replicas():
    assert errors(make_deployment("ns1", "dep1", replicas=-1)) == [
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
    ]


def test_container_image_is_required_with_template_path():
    tpl = make_pod_template(containers=[make_container(image=None)])
    assert errors(make_deployment("ns1", "dep1", template=tpl)) == [
        "spec.template.spec.containers[0].image: Required value"
    ]


def test_container_port_names_are_unique():
    ports = [{"containerPort": 80, "name": "http"}, {"containerPort": 81, "name": "http"}]
    tpl = make_pod_template(containers=[make_container(ports=ports)])
    assert errors(make_deployment("ns1", "dep1", template=tpl)) == [
        'spec.template.spec.containers[0].ports[1].name: Duplicate value: "http"'
    ]


def test_container_port_out_of_range():
    tpl = make_pod_template(containers=[make_container(ports=[{"containerPort": 70000}])])
    assert errors(make_deployment("ns1", "dep1", template=tpl)) == [
        "spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be "
        "between 1 and 65535, inclusive"
    ]


def test_template_restart_policy_must_be_always():
    tpl = make_pod_template(restartPolicy="Never")
    assert errors(make_deployment("ns1", "dep1", template=tpl)) == [
        'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'
    ]


def test_rolling_update_may_not_have_both_zero():
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 0}}
    assert errors(make_deployment("ns1", "dep1", strategy=strategy)) == [
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when "
        "`maxSurge` is 0"
    ]


def test_selector_is_immutable_on_update():
    old = make_deployment("ns1", "dep1")
    new = make_deployment(
        "ns1",
        "dep1",
        selector={"matchLabels": {"app": "nginx", "tier": "web"}},
        template=make_pod_template(labels={"app": "nginx", "tier": "web"}),
    )
    assert errors(new, old) == [
        'spec.selector: Invalid value: {"matchLabels":{"app":"nginx","tier":"web"}}: field is '
        "immutable"
    ]


def test_daemon_set_empty_selector_message_names_daemonset():
    ds = {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": "ds1", "namespace": "kube-system"},
        "spec": {"selector": {}, "template": make_pod_template()},
    }
    set_defaults(ds)
    assert errors(ds) == [
        "spec.selector: Invalid value: {}: empty selector is invalid for daemonset"
    ]
