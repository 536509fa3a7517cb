"""k8slab.api.schema — the API server's strict decoding (fieldValidation=Strict).

Pins sigs.k8s.io/json UnmarshalStrict (unknown-field paths, first type error wins, custom
unmarshalers), apimachinery serializer/json Serializer.unmarshal (a decoding error drops the
strict errors) and apiserver transformDecodeError (the message shape). Observed outputs:
kubernetes/website#52675, GoogleCloudPlatform/container-engine-accelerators#265 (unknown
fields), SigNoz/charts#635 and velero-io/velero#3788 (type errors).
"""

from __future__ import annotations

import pytest

from k8slab.api.kinds import BY_KIND
from k8slab.api.schema import (
    DecodeResult,
    bad_request_message,
    base64_error,
    decode,
    decode_error_message,
    parse_quantity_error,
    schema_source,
    strict_decode,
)

SERVICE = BY_KIND["Service"]
DEPLOYMENT = BY_KIND["Deployment"]


def make_service(**spec) -> dict:
    body = {"selector": {"app": "nginx"}, "ports": [{"port": 80, "targetPort": 80}]}
    body.update(spec)
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx"}, "spec": body}


def make_deployment(container: dict | None = None, **spec) -> dict:
    c = {"name": "nginx", "image": "nginx"}
    c.update(container or {})
    body = {
        "replicas": 2,
        "selector": {"matchLabels": {"app": "nginx"}},
        "template": {"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [c]}},
    }
    body.update(spec)
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx"},
            "spec": body}  # fmt: skip


def test_valid_objects_decode_cleanly():
    """Do well-formed objects produce no errors?"""
    assert strict_decode(make_service(), SERVICE) == []
    assert strict_decode(make_deployment(), DEPLOYMENT) == []
    assert decode(make_service(), SERVICE).ok


def test_schema_records_its_source():
    """Is the bundled schema's origin (package and Kubernetes version) recorded?"""
    source = schema_source()
    assert source["package"] == "kubernetes-validate"
    assert source["kubernetes_version"] == "1.34.0"


# ---------------------------------------------------------------- unknown fields


def test_unknown_field_has_its_full_path():
    obj = make_service()
    obj["spec"]["selctor"] = obj["spec"].pop("selector")
    assert strict_decode(obj, SERVICE) == ['unknown field "spec.selctor"']


def test_unknown_field_path_keeps_list_indices():
    obj = make_deployment({"imagePullPolice": "Always"})
    assert strict_decode(obj, DEPLOYMENT) == [
        'unknown field "spec.template.spec.containers[0].imagePullPolice"'
    ]


def test_unknown_fields_are_collected_in_sorted_key_order_without_duplicates():
    """kubectl sends JSON marshalled from a map (sorted keys); saveStrictError dedupes."""
    obj = make_deployment({"zeta": 1, "alpha": 2}, replica=3)
    obj["metadata"]["labelz"] = {}
    assert strict_decode(obj, DEPLOYMENT) == [
        'unknown field "metadata.labelz"',
        'unknown field "spec.replica"',
        'unknown field "spec.template.spec.containers[0].alpha"',
        'unknown field "spec.template.spec.containers[0].zeta"',
    ]


def test_field_names_are_case_sensitive():
    obj = make_service()
    obj["Spec"] = obj.pop("spec")
    assert strict_decode(obj, SERVICE) == ['unknown field "Spec"']


def test_strict_errors_are_capped_at_one_hundred():
    obj = make_service(**{f"x{i:03}": i for i in range(150)})
    assert len(strict_decode(obj, SERVICE)) == 100


# ---------------------------------------------------------------- type errors


@pytest.mark.parametrize(
    ("port", "message"),
    [
        ("80", "json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32"),
        (True, "json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.port of type int32"),
        (80.5, "json: cannot unmarshal number 80.5 into Go struct field ServicePort.spec.ports.port of type int32"),
        (2**31, "json: cannot unmarshal number 2147483648 into Go struct field ServicePort.spec.ports.port of type int32"),
        ({"a": 1}, "json: cannot unmarshal object into Go struct field ServicePort.spec.ports.port of type int32"),
    ],
)  # fmt: skip
def test_type_errors_read_like_encoding_json(port, message):
    assert strict_decode(make_service(ports=[{"port": port}]), SERVICE) == [message]


def test_named_string_types_show_their_go_name():
    obj = make_service(ports=[{"port": 80, "protocol": 6}])
    assert strict_decode(obj, SERVICE) == [
        "json: cannot unmarshal number into Go struct field ServicePort.spec.ports.protocol "
        "of type v1.Protocol"
    ]


def test_map_values_keep_the_struct_context():
    obj = make_service()
    obj["metadata"]["labels"] = {"version": 1}
    assert strict_decode(obj, SERVICE) == [
        "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"
    ]


def test_collections_of_the_wrong_shape():
    obj = make_deployment(template={"spec": {"containers": {"name": "x"}}})
    assert strict_decode(obj, DEPLOYMENT) == [
        "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers "
        "of type []v1.Container"
    ]


def test_first_type_error_wins_and_hides_unknown_fields():
    """Serializer.unmarshal returns the decoding error alone."""
    obj = make_service(ports=[{"port": "80", "nodePort": "x"}], selctor={})
    result = decode(obj, SERVICE)
    assert result == DecodeResult(
        error="json: cannot unmarshal string into Go struct field ServicePort.spec.ports.nodePort "
        "of type int32"
    )


def test_null_is_accepted_everywhere():
    obj = make_service(ports=[{"port": 80, "targetPort": None}], type=None)
    obj["metadata"]["creationTimestamp"] = None
    assert strict_decode(obj, SERVICE) == []


# ---------------------------------------------------------------- custom unmarshalers


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("http", None),
        (8080, None),
        (8080.0, None),
        (True, "json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32"),
        (1.5, "json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.targetPort of type int32"),
        ([80], "json: cannot unmarshal array into Go struct field ServicePort.spec.ports.targetPort of type int32"),
    ],
)  # fmt: skip
def test_int_or_string(target, message):
    """intstr.IntOrString.UnmarshalJSON: strings, or numbers that fit an int32."""
    errors = strict_decode(make_service(ports=[{"port": 80, "targetPort": target}]), SERVICE)
    assert errors == ([message] if message else [])


def test_int_or_string_error_stops_decoding_even_after_a_saved_error():
    """A custom unmarshaler's error is returned at once and beats an earlier saved one."""
    obj = make_service(ports=[{"port": 80, "targetPort": True}])
    obj["metadata"]["labels"] = {"a": 1}
    assert strict_decode(obj, SERVICE) == [
        "json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32"
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("500m", None), ("1Gi", None), ("0.5", None), ("1e3", None), ("+1", None), ("0", None),
        ("512MB", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
        ("", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
        ("1K", "unable to parse quantity's suffix"),
        ("1mi", "unable to parse quantity's suffix"),
    ],
)  # fmt: skip
def test_quantities(text, error):
    """apimachinery resource.ParseQuantity."""
    assert parse_quantity_error(text) == error


def test_quantity_errors_surface_from_resources():
    obj = make_deployment({"resources": {"limits": {"memory": "1 GB"}}})
    (message,) = strict_decode(obj, DEPLOYMENT)
    assert message.startswith("quantities must match the regular expression")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("aGVsbG8=", None),
        ("aGVsbG8", "illegal base64 data at input byte 4"),
        ("hunter2!", "illegal base64 data at input byte 7"),
        ("aGVs\nbG8=", None),
        ("a===", "illegal base64 data at input byte 1"),
    ],
)
def test_base64_offsets_follow_go(text, error):
    """encoding/base64 StdEncoding.Decode CorruptInputError offsets."""
    assert base64_error(text) == error


def test_time_fields():
    """metav1.Time.UnmarshalJSON → time.Parse(time.RFC3339, ...)."""
    obj = make_service()
    obj["metadata"]["creationTimestamp"] = "2024-01-01T10:00:00Z"
    assert strict_decode(obj, SERVICE) == []
    obj["metadata"]["creationTimestamp"] = "2024-01-01"
    assert strict_decode(obj, SERVICE) == [
        'parsing time "2024-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"'
    ]


# ---------------------------------------------------------------- messages


def test_decode_error_message_joins_strict_errors():
    """apiserver transformDecodeError + runtime.NewStrictDecodingError."""
    errors = ['unknown field "spec.a"', 'unknown field "spec.b"']
    assert decode_error_message("Ingress", "v1", errors) == (
        'Ingress in version "v1" cannot be handled as a Ingress: strict decoding error: '
        'unknown field "spec.a", unknown field "spec.b"'
    )


def test_bad_request_message_is_kubectls_line():
    errors = [
        "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"
    ]
    assert bad_request_message("Deployment", "v1", errors, "deploy.yaml") == (
        'Error from server (BadRequest): error when creating "deploy.yaml": Deployment in '
        'version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into '
        "Go struct field DeploymentSpec.spec.replicas of type int32"
    )
