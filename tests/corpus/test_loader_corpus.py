"""The bad-input corpus (``tests/corpus/bad/expected.json``) through k8slab's first two stages.

Each case holds kubectl's exact text for ``kubectl apply -f FILE`` on a fresh cluster. This file
checks the cases decided by the loader (``k8slab.api.yamlload``: YAML syntax, document splitting,
kubectl's client-side kind check) and by strict decoding (``k8slab.api.schema``: unknown fields
and type errors, the API server's 400 BadRequest). Cases decided later (kind lookup, admission,
field validation, request size) must pass both stages cleanly here; the facade test runs every
case end to end. Sources are cited per case in ``expected.json``; see ``README.md`` there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from k8slab.api.kinds import lookup
from k8slab.api.schema import bad_request_message, strict_decode
from k8slab.api.yamlload import load_documents, load_documents_until_error

CORPUS = Path(__file__).parent / "bad"
INDEX = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FILE_CASES = [c for c in INDEX["cases"] if c.get("file")]


def _by_layer(layer: str) -> list[dict]:
    return [pytest.param(c, id=c["file"]) for c in FILE_CASES if c["layer"] == layer]


def test_corpus_is_large_enough_and_complete():
    """Does every corpus file have an expectation, and every expectation a file?"""
    files = {p.name for p in CORPUS.iterdir() if p.name not in ("expected.json", "README.md")}
    assert files == {c["file"] for c in FILE_CASES}
    assert len(FILE_CASES) >= 50


@pytest.mark.parametrize("case", _by_layer("loader"))
def test_loader_rejects_like_kubectl(case):
    """Does the loader fail with kubectl's exact text, after the same documents?"""
    data = (CORPUS / case["file"]).read_bytes()
    documents, error = load_documents_until_error(data, case["file"])
    assert error is not None
    assert error.message == case["error"]
    assert len(documents) == case.get("documents_before_error", 0)
    assert len(documents) == len(case["stdout"])
    if "line" in case:
        assert error.line == case["line"]


@pytest.mark.parametrize("case", _by_layer("decode"))
def test_strict_decoding_rejects_like_the_api_server(case):
    """Does strict decoding give the API server's BadRequest, as kubectl prints it?"""
    (document,) = load_documents((CORPUS / case["file"]).read_bytes(), case["file"])
    kind = lookup(document.obj["apiVersion"], document.obj["kind"])
    assert kind is not None
    errors = strict_decode(document.obj, kind)
    assert bad_request_message(kind.kind, kind.version, errors, case["file"]) == case["error"]


@pytest.mark.parametrize("case", _by_layer("server"))
def test_later_stage_cases_pass_loading_and_decoding(case):
    """Do cases decided after decoding load and decode cleanly (so the later stage speaks)?"""
    documents = load_documents((CORPUS / case["file"]).read_bytes(), case["file"])
    for document in documents:
        kind = lookup(document.obj["apiVersion"], document.obj["kind"])
        if kind is not None:
            assert strict_decode(document.obj, kind) == []


def test_generated_five_mebibyte_document_loads_fast():
    """Does a 5 MiB ConfigMap (rejected later with 413 by the API server) load?

    kubernetes/kubernetes#105863: ``Request entity too large: limit is 3145728`` comes from the
    API server, not from kubectl's parser, so the loader must accept the document.
    """
    (case,) = [c for c in INDEX["cases"] if c.get("generated")]
    payload = "x" * (5 * 1024 * 1024)
    text = f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: {payload}\n"
    (document,) = load_documents(text, case["filename"])
    assert len(document.obj["data"]["blob"]) == 5 * 1024 * 1024
    assert strict_decode(document.obj, lookup("v1", "ConfigMap")) == []
