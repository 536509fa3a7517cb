"""``kubectl get -o jsonpath`` and ``-o custom-columns`` (client-go util/jsonpath; the
kubectl docs' "JSONPath Support" page examples)."""

from k8slab.kubectl.jsonpath import evaluate, render_jsonpath_or_columns, render_template

SVC = {
    "kind": "Service",
    "metadata": {"name": "ingress", "namespace": "x"},
    "spec": {
        "ports": [
            {"name": "http", "port": 80, "nodePort": 31773},
            {"name": "https", "port": 443, "nodePort": 31535},
        ]
    },
}


def test_field_and_index():
    assert evaluate(".spec.ports[0].nodePort", SVC) == [31773]
    assert evaluate(".spec.ports[*].name", SVC) == ["http", "https"]


def test_filter_by_string_and_number():
    """The docs' example form: {.items[?(@.metadata.name=="x")]}."""
    assert evaluate('.spec.ports[?(@.name=="https")].nodePort', SVC) == [31535]
    assert evaluate(".spec.ports[?(@.port==80)].nodePort", SVC) == [31773]
    assert evaluate(".spec.ports[?(@.port>100)].name", SVC) == ["https"]


def test_range_and_literals():
    data = {"items": [SVC, {**SVC, "metadata": {"name": "b"}}]}
    assert render_template('{range .items[*]}{.metadata.name}{"\\n"}{end}', data) == "ingress\nb\n"


def test_several_results_are_joined_by_spaces():
    assert render_jsonpath_or_columns("jsonpath={.spec.ports[*].port}", [SVC], single=True) == (
        "80 443"
    )


def test_custom_columns():
    out = render_jsonpath_or_columns(
        "custom-columns=NAME:.metadata.name,PORTS:.spec.ports[*].port", [SVC], single=False
    )
    assert out.splitlines() == ["NAME      PORTS", "ingress   80,443"]
