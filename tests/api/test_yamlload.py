"""k8slab.api.yamlload — kubectl's manifest reading (cli-runtime visitor.go, apimachinery
pkg/util/yaml/decoder.go, sigs.k8s.io/yaml yaml.go on go-yaml v2, kubectl pkg/validation).

Each test names the upstream behaviour it pins; the corpus (tests/corpus) holds whole files.
"""

from __future__ import annotations

import textwrap

import pytest

from k8slab.api.yamlload import Document, load_documents, load_documents_until_error
from k8slab.errors import ManifestError


def y(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def load_one(text: str) -> dict:
    (document,) = load_documents(y("apiVersion: v1\nkind: ConfigMap\n") + y(text))
    return document.obj


def error_of(text: str | bytes, filename: str = "x.yaml") -> ManifestError:
    with pytest.raises(ManifestError) as info:
        load_documents(text if isinstance(text, bytes) else y(text), filename)
    return info.value


# ---------------------------------------------------------------- splitting (YAMLReader.Read)


def test_multi_document_stream_yields_objects_in_order_with_lines():
    """Are `---` documents split like YAMLReader, with 1-based first lines and indices?"""
    docs = load_documents(
        y("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: a}
        ---
        # comment only
        ---   # a comment may follow the separator
        apiVersion: v1
        kind: Namespace
        metadata: {name: b}
        """),
        "ns.yaml",
    )
    assert [d.obj["metadata"]["name"] for d in docs] == ["a", "b"]
    assert [(d.index, d.line, d.filename) for d in docs] == [(0, 1, "ns.yaml"), (1, 7, "ns.yaml")]
    assert isinstance(docs[0], Document)


def test_empty_and_null_documents_are_skipped():
    """StreamVisitor.Visit skips documents that are empty or `null`."""
    assert load_documents("") == []
    assert load_documents("---\n---\n# nothing\n") == []
    assert load_documents("null\n---\n~\n") == []


def test_separator_followed_by_text_is_rejected():
    """YAMLReader.Read: only blanks or a comment may follow `---`."""
    err = error_of("----\nkind: A\n", "a.yaml")
    assert err.message == "error: error parsing a.yaml: invalid Yaml document separator: -"


def test_crlf_line_endings_load():
    """bufio.Reader.ReadLine drops \\r\\n, so Windows files load."""
    docs = load_documents(
        "apiVersion: v1\r\nkind: Namespace\r\n---\r\napiVersion: v1\r\nkind: Pod\r\n"
    )
    assert [d.obj["kind"] for d in docs] == ["Namespace", "Pod"]


def test_kind_list_is_flattened_into_items():
    """cli-runtime FlattenListVisitor expands `kind: List`."""
    docs = load_documents(
        y("""
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: v1, kind: Namespace, metadata: {name: a}}
        - {apiVersion: v1, kind: Namespace, metadata: {name: b}}
        """)
    )
    assert [d.obj["metadata"]["name"] for d in docs] == ["a", "b"]


# ---------------------------------------------------------------- go-yaml v2 scalars


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True), ("on", True), ("y", True), ("No", False), ("off", False),
        ("true", True), ("~", None), ("null", None), ("", None),
        ("017", 15), ("0o17", 15), ("0x1F", 31), ("0b101", 5), ("1_000", 1000), ("08", 8),
        ("1.5", 1.5), ("1.0", 1), ("1e3", 1000), ("-7", -7), (".5", 0.5),
        ("2024-01-01", "2024-01-01"), ("2024-01-01T10:00:00Z", "2024-01-01T10:00:00Z"),
        ("'yes'", "yes"), ('"80"', "80"), ("!!str 80", "80"), ("!!float 1", 1),
        ("1.2.3", "1.2.3"), ("0x", "0x"), ("+", "+"),
    ],
)  # fmt: skip
def test_scalars_resolve_as_go_yaml_v2(text, value):
    """go-yaml v2 resolve.go (YAML 1.1) + kubectl's JSON round trip (integral floats → ints)."""
    got = load_one(f"v: {text}\n")["v"]
    assert got == value and type(got) is type(value)


def test_numbers_beyond_int64_become_floats():
    """A uint64/oversized int travels as a JSON number kubectl decodes to float64."""
    assert load_one("v: 18446744073709551615\n")["v"] == float(2**64 - 1)


def test_non_string_keys_become_strings():
    """sigs.k8s.io/yaml convertToJSONableObject: int, float (32-bit %g) and bool keys."""
    obj = load_one("data:\n  1: a\n  1.5: b\n  true: c\n  yes: d\n")
    assert obj["data"] == {"1": "a", "1.5": "b", "true": "d"}


def test_duplicate_keys_last_one_wins_silently():
    """YAMLToJSON is non-strict: no error, last value (kubernetes/kubernetes#89303, #99286)."""
    assert load_one("v: 2\nv: 3\n")["v"] == 3


def test_merge_keys_and_anchors():
    """go-yaml v2 supports `<<` merges; explicit keys after the merge override it."""
    obj = load_one("base: &b {a: 1, b: 2}\nv:\n  <<: *b\n  b: 3\n")
    assert obj["v"] == {"a": 1, "b": 3}


def test_invalid_utf8_is_replaced_not_rejected():
    """FileVisitor decodes with x/text's UTF-8 decoder: bad bytes become U+FFFD."""
    (doc,) = load_documents(b"apiVersion: v1\nkind: ConfigMap\ndata:\n  a: caf\xe9\n")
    assert doc.obj["data"]["a"] == "caf\ufffd"


def test_utf16_with_bom_is_decoded():
    """unicode.BOMOverride honours a UTF-16 BOM."""
    data = b"\xff\xfe" + "apiVersion: v1\nkind: Namespace\n".encode("utf-16-le")
    assert load_documents(data)[0].obj["kind"] == "Namespace"


def test_json_stream_is_read_as_json():
    """YAMLOrJSONDecoder: a leading `{` selects the JSON decoder for the whole stream."""
    docs = load_documents('{"apiVersion": "v1", "kind": "A"} {"apiVersion": "v1", "kind": "B"}')
    assert [d.obj["kind"] for d in docs] == ["A", "B"]


# ---------------------------------------------------------------- syntax errors


def test_scanner_error_names_the_real_line():
    """go-yaml v2 parser.fail: scanner errors print the 0-based mark line + 1."""
    err = error_of("apiVersion: v1\nkind: Service\nmetadata: name: x\n", "svc.yaml")
    assert err.message == (
        "error: error parsing svc.yaml: error converting YAML to JSON: yaml: line 3: "
        "mapping values are not allowed in this context"
    )
    assert (err.line, err.column) == (3, 15)


def test_parser_error_names_the_line_before():
    """go-yaml v2 parser.fail: parser errors print the 0-based line (one before the culprit)."""
    err = error_of("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n labels: {}\n")
    assert err.message.endswith("yaml: line 4: did not find expected key")
    assert err.line == 5


def test_tab_indentation():
    """A tab cannot start a token (libyaml/go-yaml scanner)."""
    err = error_of("apiVersion: v1\nkind: A\nspec:\n\treplicas: 1\n")
    assert err.message.endswith("yaml: line 4: found character that cannot start any token")


def test_line_numbers_restart_after_each_separator():
    """kubectl parses each `---` chunk on its own, so the printed line is chunk-relative."""
    text = "apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B\nx: y: z\n"
    docs, err = load_documents_until_error(text, "m.yaml")
    assert [d.obj["kind"] for d in docs] == ["A"]
    assert err is not None and "yaml: line 3: mapping values" in err.message
    assert err.line == 6


def test_control_characters_fail_without_a_line():
    """go-yaml reader errors have no mark, so no `line N:` is printed."""
    err = error_of(b"apiVersion: v1\nkind: A\nx: a\x00b\n")
    assert err.message.endswith("yaml: control characters are not allowed")


def test_alias_bomb_fails_fast():
    """go-yaml v2 allowedAliasRatio stops billion-laughs documents (CVE-2019-11253)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    err = error_of("\n".join(lines) + "\n")
    assert err.message.endswith("yaml: document contains excessive aliasing")


def test_moderate_aliasing_is_allowed():
    """Small documents may draw up to 99% of their decodes from aliases."""
    obj = load_one("a: &a {x: 1}\nb: [*a, *a, *a]\n")
    assert obj["b"] == [{"x": 1}] * 3


def test_unknown_and_recursive_aliases():
    """go-yaml v2 parser.alias / decoder.alias messages."""
    assert error_of("a: *nope\n").message.endswith("yaml: unknown anchor 'nope' referenced")
    assert error_of("a: &x [*x]\n").message.endswith("yaml: anchor 'x' value contains itself")


def test_nan_cannot_be_json():
    """encoding/json refuses NaN after sigs.k8s.io/yaml converts the document."""
    err = error_of("apiVersion: v1\nkind: A\nv: .nan\n")
    assert err.message.endswith("error converting YAML to JSON: json: unsupported value: NaN")


# ---------------------------------------------------------------- kubectl's kind check


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("hello\n", "invalid object to validate"),
        ("- a\n- b\n", "invalid object to validate"),
        ("apiVersion: v1\n", "kind not set"),
        ("kind: Pod\n", "apiVersion not set"),
        ("metadata: {name: x}\n", "[apiVersion not set, kind not set]"),
        ("apiVersion: v1\nkind: 5\n", "kind isn't string type"),
    ],
)
def test_objects_without_apiversion_or_kind_fail_client_side(text, detail):
    """kubectl pkg/validation getObjectKind via ParamVerifyingSchema (kubectl#217, #886)."""
    err = error_of(text, "f.yaml")
    assert err.message == (
        f'error: error validating "f.yaml": error validating data: {detail}; '
        "if you choose to ignore these errors, turn validation off with --validate=false"
    )
