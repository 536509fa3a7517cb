"""Where kubectl's objects come from: files, directories, URLs, stdin, dicts.

Mirrors k8s.io/cli-runtime ``pkg/resource`` (``FileVisitorForSTDIN``, ``ExpandPathsToFileVisitors``
with ``FileExtensions = [".json", ".yaml", ".yml"]``, ``URLVisitor``). URLs are never fetched:
the well-known ingress-nginx deploy manifests resolve to bundled copies (``k8slab.addons``);
any other URL fails as an unreachable download would.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from k8slab.api.yamlload import Document, load_documents, load_documents_until_error
from k8slab.errors import ApiError, ManifestError

FILE_EXTENSIONS = (".json", ".yaml", ".yml")


def objects_from_source(source: Any, *, cwd: str | None = None, until_error: bool = False):
    """Documents from what ``Cluster.apply`` accepts: YAML text, a path, a dict, a list of dicts.

    With ``until_error``, returns ``(documents, ManifestError | None)``: the documents read
    before a parse error, which kubectl still applies, and the error itself.
    """
    if until_error:
        try:
            return _objects(source, cwd, True)
        except ManifestError as err:
            return [], err
    return _objects(source, cwd, False)


def _loader(until_error: bool):
    """``load_documents`` or, keeping what came before a parse error, its until-error twin."""
    return load_documents_until_error if until_error else load_documents


def _objects(source: Any, cwd: str | None, until_error: bool):
    load = _loader(until_error)

    def wrap(docs):
        return (docs, None) if until_error else docs

    if isinstance(source, dict):
        return wrap([Document(obj=source, index=0, line=1, filename="STDIN")])
    if isinstance(source, list | tuple):
        docs = []
        for i, item in enumerate(source):
            if not isinstance(item, dict):
                raise ManifestError(
                    f"error: item {i} of the list is a {type(item).__name__}, not a Kubernetes "
                    "object (a dict with apiVersion, kind and metadata)"
                )
            docs.append(Document(obj=item, index=i, line=1, filename="STDIN"))
        return wrap(docs)
    if isinstance(source, os.PathLike):
        return read_filename(os.fspath(source), cwd=cwd, until_error=until_error)
    if isinstance(source, bytes):
        return load(source, "STDIN")
    if isinstance(source, str):
        if "\n" not in source and source.strip() and _looks_like_path(source, cwd):
            return read_filename(source, cwd=cwd, until_error=until_error)
        return load(source, "STDIN")
    raise TypeError(
        f"apply() takes YAML text, a path, a dict or a list of dicts, not {type(source).__name__}"
    )


def _looks_like_path(s: str, cwd: str | None) -> bool:
    if s.startswith(("http://", "https://")):
        return True
    if ":" in s and not os.path.exists(_resolve(s, cwd)):
        return False  # "kind: Service" on one line is YAML, not a file name
    return os.path.exists(_resolve(s, cwd)) or s.endswith(FILE_EXTENSIONS)


def _resolve(name: str, cwd: str | None) -> str:
    if os.path.isabs(name) or cwd is None:
        return name
    return os.path.join(cwd, name)


def read_filename(
    name: str,
    *,
    cwd: str | None = None,
    stdin: str | None = None,
    recursive: bool = False,
    until_error: bool = False,
):
    """One ``-f`` argument: ``-`` (stdin), a URL, a file or a directory.

    With ``until_error`` returns ``(documents, ManifestError | None)`` as
    ``load_documents_until_error`` does (a directory stops at its first broken file).
    """
    load = _loader(until_error)
    if name == "-":
        if stdin is None:
            raise ApiError("error: no objects passed to apply")
        return load(stdin, "STDIN")
    if name.startswith(("http://", "https://")):
        from k8slab.addons import bundled_manifest

        text = bundled_manifest(name)
        if text is None:
            raise ApiError(
                f'error: unable to read URL "{name}", server reported 404 Not Found, status code=404'
            )
        return load(text, name)
    path = _resolve(name, cwd)
    if os.path.isdir(path):
        docs: list[Document] = []
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(FILE_EXTENSIONS):
                    shown = os.path.join(name, os.path.relpath(os.path.join(root, f), path))
                    got = load(Path(os.path.join(root, f)).read_bytes(), shown)
                    if until_error:
                        docs += got[0]
                        if got[1] is not None:
                            return docs, got[1]
                    else:
                        docs += got
            if not recursive:
                break
        return (docs, None) if until_error else docs
    if not os.path.exists(path):
        raise ApiError(f'error: the path "{name}" does not exist')
    return load(Path(path).read_bytes(), name)
