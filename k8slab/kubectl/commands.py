"""The kubectl command line: parse like cobra/pflag, dispatch, return what kubectl prints.

Each verb is a small function over the cluster (as kubectl's ``pkg/cmd/<verb>``); printing is
left to ``printers``, ``describe`` and ``output``. Failures raise ``ApiError`` carrying
kubectl's stderr text; successful output is returned as one string.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from k8slab import status
from k8slab.api.kinds import BY_KIND, KINDS, Kind, resolve_resource
from k8slab.api.labels import SelectorParseError, parse_selector
from k8slab.errors import ApiError, ManifestError

# flag → (canonical name, takes a value)
_FLAGS: dict[str, tuple[str, bool]] = {
    "-n": ("namespace", True),
    "--namespace": ("namespace", True),
    "-A": ("all-namespaces", False),
    "--all-namespaces": ("all-namespaces", False),
    "-o": ("output", True),
    "--output": ("output", True),
    "-l": ("selector", True),
    "--selector": ("selector", True),
    "-f": ("filename", True),
    "--filename": ("filename", True),
    "-R": ("recursive", False),
    "--recursive": ("recursive", False),
    "-L": ("label-columns", True),
    "--label-columns": ("label-columns", True),
    "--show-labels": ("show-labels", False),
    "--no-headers": ("no-headers", False),
    "--show-kind": ("show-kind", False),
    "--replicas": ("replicas", True),
    "--overwrite": ("overwrite", False),
    "--all": ("all", False),
    "--ignore-not-found": ("ignore-not-found", False),
    "--now": ("now", False),
    "--force": ("force", False),
    "--wait": ("wait", True),
    "--grace-period": ("grace-period", True),
    "--cascade": ("cascade", True),
    "-c": ("container", True),
    "--container": ("container", True),
    "--tail": ("tail", True),
    "--timestamps": ("timestamps", False),
    "-p": ("previous", False),
    "--previous": ("previous", False),
    "-i": ("stdin", False),
    "--stdin": ("stdin", False),
    "-t": ("tty", False),
    "--tty": ("tty", False),
    "-it": ("stdin-tty", False),
    "-ti": ("stdin-tty", False),
    "-q": ("quiet", False),
    "--quiet": ("quiet", False),
    "--dry-run": ("dry-run", True),
    "--validate": ("validate", True),
    "--image": ("image", True),
    "--port": ("port", True),
    "--restart": ("restart", True),
    "--labels": ("labels", True),
    "--rm": ("rm", False),
    "--env": ("env", True),
    "--target-port": ("target-port", True),
    "--type": ("type", True),
    "--name": ("name", True),
    "--protocol": ("protocol", True),
    "--selector-expose": ("selector", True),
    "--client": ("client", False),
    "--server-side": ("server-side", False),
    "--record": ("record", False),
    "--save-config": ("save-config", False),
    "--context": ("context", True),
    "--kubeconfig": ("kubeconfig", True),
    "-w": ("watch", False),
    "--watch": ("watch", False),
    "--sort-by": ("sort-by", True),
    "--field-selector": ("field-selector", True),
    "--show-events": ("show-events", True),
    "--tcp": ("tcp", True),
    "--clusterip": ("clusterip", True),
    "--node-port": ("node-port", True),
    "--from-literal": ("from-literal", True),
    "--namespace-create": ("namespace", True),
    "--cert": ("cert", True),
    "--key": ("key", True),
}
_BOOL_VALUE_FLAGS = {"validate", "wait", "dry-run", "show-events", "cascade"}
_MULTI = {"filename", "env", "label-columns", "from-literal", "tcp"}


@dataclass
class Args:
    verb: str
    positional: list[str] = field(default_factory=list)
    flags: dict[str, object] = field(default_factory=dict)
    after_dash: list[str] | None = None

    def get(self, name: str, default=None):
        return self.flags.get(name, default)


def _usage_error(verb: str, msg: str) -> ApiError:
    return ApiError(f"error: {msg}\nSee 'kubectl {verb} --help' for usage.")


def parse(command: str) -> Args:
    try:
        tokens = shlex.split(command)
    except ValueError as err:
        raise ApiError(f"error: could not parse command line: {err}") from None
    if tokens and tokens[0] in ("kubectl", "k"):
        tokens = tokens[1:]
    if not tokens:
        raise ApiError("error: no command given (try: kubectl get pods)")
    args = Args(verb="")
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "--":
            args.after_dash = tokens[i + 1 :]
            break
        if tok.startswith("-") and tok != "-":
            name, value = tok, None
            if tok.startswith("--") and "=" in tok:
                name, value = tok.split("=", 1)
            elif not tok.startswith("--") and len(tok) > 2 and tok not in _FLAGS:
                # -nkube-system / -owide: shorthand with the value attached
                name, value = tok[:2], tok[2:]
                if name in _FLAGS and not _FLAGS[name][1]:
                    raise ApiError(f"error: unknown shorthand flag: '{tok[2]}' in {tok}")
            if name not in _FLAGS:
                verb = args.verb or "kubectl"
                if name.startswith("--"):
                    raise _usage_error(verb, f"unknown flag: {name}")
                raise _usage_error(verb, f"unknown shorthand flag: '{name[1:2]}' in {tok}")
            canon, takes = _FLAGS[name]
            if takes and value is None:
                if canon in _BOOL_VALUE_FLAGS:
                    value = "true"
                else:
                    i += 1
                    if i >= len(tokens):
                        raise _usage_error(
                            args.verb or "kubectl", f"flag needs an argument: {name}"
                        )
                    value = tokens[i]
            if canon == "stdin-tty":
                args.flags["stdin"] = args.flags["tty"] = True
            elif canon in _MULTI:
                args.flags.setdefault(canon, []).extend(
                    [v for v in str(value).split(",") if v] if canon == "filename" else [value]
                )
            else:
                args.flags[canon] = True if not takes else value
        elif not args.verb:
            args.verb = tok
        else:
            args.positional.append(tok)
        i += 1
    return args


def run(cluster, command: str, *, stdin: str | None = None) -> str:
    args = parse(command)
    handler = _VERBS.get(args.verb)
    if handler is None:
        raise ApiError(
            f'error: unknown command "{args.verb}" for "kubectl"\n\n'
            "Did you mean this?\n\t" + _closest(args.verb)
            if _closest(args.verb)
            else f'error: unknown command "{args.verb}" for "kubectl"'
        )
    try:
        return handler(cluster, args, stdin)
    except status.StatusError as err:
        from k8slab.cluster import to_api_error

        raise to_api_error(err) from None


def _closest(verb: str) -> str:
    import difflib

    m = difflib.get_close_matches(verb, list(_VERBS), n=1, cutoff=0.6)
    return m[0] if m else ""


# ------------------------------------------------------------------ helpers
def _namespace(args: Args) -> str:
    return str(args.get("namespace") or "default")


def _kind(name: str) -> Kind:
    k = resolve_resource(name)
    if k is None:
        raise ApiError(f'error: the server doesn\'t have a resource type "{name}"')
    return k


def _now(cluster):
    return cluster.clock.now()


def _type_name_pairs(args: Args, verb: str) -> list[tuple[Kind, str | None]]:
    """``TYPE NAME…``, ``TYPE/NAME …`` or ``TYPE1,TYPE2`` as kubectl's resource builder reads them."""
    pos = args.positional
    if not pos:
        return []
    if "/" in pos[0]:
        out = []
        for p in pos:
            if "/" not in p:
                raise ApiError(
                    "error: there is no need to specify a resource type as a separate argument "
                    "when passing arguments in resource/name form (e.g. 'kubectl get "
                    "resource/<resource_name>' instead of 'kubectl get resource "
                    "resource/<resource_name>'"
                )
            t, n = p.split("/", 1)
            out.append((_kind(t), n))
        return out
    types = [t for t in pos[0].split(",") if t]
    names = pos[1:]
    if not names:
        return [(_kind(t), None) for t in types]
    # Several types with names: kubectl looks each name up in every type.
    return [(_kind(t), n) for t in types for n in names]


# --------------------------------------------------------------------- apply
def cmd_apply(cluster, args: Args, stdin: str | None, mode: str = "apply") -> str:
    from k8slab.kubectl.apply import apply_object
    from k8slab.kubectl.resource import read_filename

    files = args.get("filename") or []
    verb = "apply" if mode == "apply" else "create"
    if args.positional and mode == "apply":
        hint = hint_es = ""
        if files:
            fixed = " ".join(f"-f {f}" for f in [*files, *args.positional])
            joined = ",".join([*files, *args.positional])
            hint = (
                f"k8slab hint: each file needs its own -f: kubectl {verb} {fixed} (or -f {joined})"
            )
            hint_es = (
                f"Pista de k8slab: cada fichero necesita su propio -f: kubectl {verb} "
                f"{fixed} (o -f {joined})"
            )
        raise ApiError(
            f"error: Unexpected args: [{' '.join(args.positional)}]\n"
            f"See 'kubectl {verb} -h' for help and examples",
            hint=hint,
            hint_es=hint_es,
        )
    if mode == "create" and args.positional:
        return _create_subcommand(cluster, args)
    if not files:
        raise ApiError("error: must specify one of -f and -k\n\n")
    out: list[str] = []
    errors: list[ApiError | ManifestError] = []
    hints: list[str] = []
    hints_es: list[str] = []
    ns_flag = args.get("namespace")
    ns_flag = str(ns_flag) if ns_flag else None
    seen_any = False
    for f in files:
        try:
            docs, parse_error = read_filename(
                f,
                cwd=cluster.cwd,
                stdin=stdin,
                recursive=bool(args.get("recursive")),
                until_error=True,
            )
        except (ApiError, ManifestError) as err:
            errors.append(err)
            continue
        # cli-runtime visits documents in order: the ones before a broken document are
        # applied; server-side failures do not stop the others (apply.go collects them).
        for doc in docs:
            seen_any = True
            try:
                out.append(apply_object(cluster, doc, namespace=ns_flag, mode=mode))
            except ApiError as err:
                errors.append(err)
                if err.hint:
                    hints.append(err.hint)
                if err.hint_es:
                    hints_es.append(err.hint_es)
        if parse_error is not None:
            seen_any = True
            errors.append(parse_error)
    cluster.reconcile()
    text = "".join(line + "\n" for line in out)
    if not seen_any and not errors:
        errors.append(ApiError(f"error: no objects passed to {verb}"))
    if errors:
        e = ApiError(_join_errors(errors), hint="\n".join(hints), hint_es="\n".join(hints_es))
        e.stdout = text
        raise e
    return text


def _join_errors(errors: list) -> str:
    """``checkErr``: one error is printed as it is; an aggregate as one line per error, each
    through ``StandardErrorMessage`` (status errors as ``Error from server (Reason): …``,
    client errors without the ``error: `` prefix)."""
    if len(errors) == 1:
        return errors[0].message
    lines = []
    for e in errors:
        line = getattr(e, "aggregate_line", None)
        if line is None:
            line = e.message.removeprefix("error: ")
        lines.append(line)
    return "\n".join(lines)


def cmd_create(cluster, args: Args, stdin: str | None) -> str:
    return cmd_apply(cluster, args, stdin, mode="create")


def _create_subcommand(cluster, args: Args) -> str:
    from k8slab.api.yamlload import Document
    from k8slab.kubectl.apply import apply_object

    sub, rest = args.positional[0], args.positional[1:]
    ns = _namespace(args)
    if sub in ("namespace", "ns"):
        if len(rest) != 1:
            raise ApiError(
                f"error: exactly one NAME is required, got {len(rest)}\nSee 'kubectl create "
                "namespace -h' for help and examples"
            )
        obj = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": rest[0]}}
        line = apply_object(cluster, Document(obj, 0, 1, ""), namespace=None, mode="create")
    elif sub == "deployment" or sub == "deploy":
        if len(rest) != 1 or not args.get("image"):
            raise ApiError('error: required flag(s) "image" not set')
        name = rest[0]
        image = str(args.get("image"))
        replicas = int(str(args.get("replicas") or 1))
        cname = image.rsplit("/", 1)[-1].split(":")[0].split("@")[0]
        container = {"image": image, "name": cname}
        if args.get("port"):
            container["ports"] = [{"containerPort": int(str(args.get("port")))}]
        obj = {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"labels": {"app": name}, "name": name, "namespace": ns},
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": {"app": name}},
                "template": {
                    "metadata": {"labels": {"app": name}},
                    "spec": {"containers": [container]},
                },
            },
        }
        line = apply_object(cluster, Document(obj, 0, 1, ""), namespace=ns, mode="create")
    elif sub in ("secret",) and rest and rest[0] == "tls":
        if len(rest) != 2:
            raise ApiError("error: exactly one NAME is required")
        obj = {
            "apiVersion": "v1",
            "kind": "Secret",
            "type": "kubernetes.io/tls",
            "metadata": {"name": rest[1], "namespace": ns},
            "data": {
                "tls.crt": _b64file(cluster, args.get("cert")),
                "tls.key": _b64file(cluster, args.get("key")),
            },
        }
        line = apply_object(cluster, Document(obj, 0, 1, ""), namespace=ns, mode="create")
    elif sub in ("configmap", "cm"):
        if len(rest) != 1:
            raise ApiError("error: exactly one NAME is required")
        data = {}
        for lit in args.get("from-literal") or []:
            k, _, v = str(lit).partition("=")
            data[k] = v
        obj = {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": rest[0], "namespace": ns},
        }
        if data:
            obj["data"] = data
        line = apply_object(cluster, Document(obj, 0, 1, ""), namespace=ns, mode="create")
    else:
        raise ApiError(f'error: unknown command "{sub}" for "kubectl create"')
    cluster.reconcile()
    return line + "\n"


def _b64file(cluster, path) -> str:
    import base64
    import os

    if not path:
        raise ApiError("error: --cert and --key are required for a tls secret")
    p = str(path)
    if cluster.cwd and not os.path.isabs(p):
        p = os.path.join(cluster.cwd, p)
    try:
        with open(p, "rb") as fh:
            return base64.b64encode(fh.read()).decode()
    except OSError as err:
        raise ApiError(f"error: open {path}: {err.strerror.lower()}") from None


# ----------------------------------------------------------------------- get
def _list(cluster, kind: Kind, args: Args) -> list[dict]:
    if kind.namespaced and not args.get("all-namespaces"):
        objs = cluster.api.list(kind.kind, _namespace(args))
    else:
        objs = cluster.api.list(kind.kind)
    sel = args.get("selector")
    if sel:
        try:
            pred = parse_selector(str(sel))
        except SelectorParseError as err:
            raise ApiError(f"error: {err}") from None
        objs = [o for o in objs if pred(o["metadata"].get("labels"))]
    return objs


def _not_found_text(args: Args, kind: Kind | None = None) -> str:
    if args.get("all-namespaces") or (kind is not None and not kind.namespaced):
        return "No resources found\n"
    return f"No resources found in {_namespace(args)} namespace.\n"


ENDPOINTS_WARNING = (
    "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"
)
GET_ALL_KINDS = ("Pod", "Service", "DaemonSet", "Deployment", "ReplicaSet")


def cmd_get(cluster, args: Args, stdin: str | None) -> str:
    from k8slab.kubectl import output, printers

    if args.get("watch"):
        raise ApiError(
            "error: watching (-w) is not available in k8slab: run the command again "
            "to see the new state"
        )
    if args.get("filename"):
        from k8slab.kubectl.resource import read_filename

        pairs = []
        for f in args.get("filename"):
            for doc in read_filename(f, cwd=cluster.cwd, stdin=stdin):
                k = BY_KIND.get(doc.obj.get("kind", ""))
                if k:
                    pairs.append((k, doc.obj.get("metadata", {}).get("name")))
    else:
        if not args.positional:
            raise ApiError(
                'You must specify the type of resource to get. Use "kubectl api-resources" '
                "for a complete list of supported resources.\n\nerror: Required resource not "
                'specified.\nUse "kubectl explain <resource>" for a detailed description of '
                "that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and "
                "examples"
            )
        if args.positional[0] == "all" or args.positional[0].split(",")[0] == "all":
            return _get_all(cluster, args)
        pairs = _type_name_pairs(args, "get")
    out_fmt = str(args.get("output") or "")
    if (
        out_fmt
        and out_fmt not in ("wide", "yaml", "json", "name")
        and not out_fmt.startswith(("jsonpath", "custom-columns"))
    ):
        raise ApiError(
            f'error: unable to match a printer suitable for the output format "{out_fmt}", '
            "allowed formats are: custom-columns,custom-columns-file,go-template,"
            "go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,"
            "templatefile,wide,yaml"
        )
    warnings = ""
    found: list[tuple[Kind, list[dict]]] = []
    errors: list[str] = []
    single = all(n is not None for _, n in pairs) and len(pairs) == 1
    for kind, name in pairs:
        if kind.kind == "Endpoints" and ENDPOINTS_WARNING not in warnings:
            warnings += ENDPOINTS_WARNING
        if name is None:
            found.append((kind, _list(cluster, kind, args)))
            continue
        ns = _namespace(args) if kind.namespaced else ""
        obj = cluster.api.get(kind.kind, ns, name)
        if obj is None:
            errors.append(f'Error from server (NotFound): {kind.resource} "{name}" not found')
            continue
        if found and found[-1][0] is kind:
            found[-1][1].append(obj)
        else:
            found.append((kind, [obj]))
    objects = [o for _, objs in found for o in objs]
    text = ""
    if out_fmt in ("yaml", "json", "name") or out_fmt.startswith(("jsonpath", "custom-columns")):
        if out_fmt in ("yaml", "json", "name"):
            text = output.render_output(out_fmt, objects, single_item=single and bool(objects))
        else:
            from k8slab.kubectl.jsonpath import render_jsonpath_or_columns

            text = render_jsonpath_or_columns(out_fmt, objects, single=single)
    else:
        blocks = []
        multi_kind = len({k.kind for k, _ in found}) > 1
        for kind, objs in found:
            if not objs:
                continue
            blocks.append(
                printers.render_table(
                    kind.kind,
                    objs,
                    now=_now(cluster),
                    wide=out_fmt == "wide",
                    all_namespaces=bool(args.get("all-namespaces")),
                    show_kind=multi_kind or bool(args.get("show-kind")),
                    show_labels=bool(args.get("show-labels")),
                    label_columns=_label_columns(args),
                    no_headers=bool(args.get("no-headers")),
                )
            )
        text = "\n".join(blocks)
        if not objects and not errors:
            text = _not_found_text(args, pairs[0][0] if pairs else None)
    if errors:
        e = ApiError("\n".join(errors), reason="NotFound", code=404)
        e.stdout = warnings + text
        raise e
    return warnings + text


def _label_columns(args: Args) -> list[str] | None:
    cols = []
    for c in args.get("label-columns") or []:
        cols += [x for x in str(c).split(",") if x]
    return cols or None


def _get_all(cluster, args: Args) -> str:
    from k8slab.kubectl import printers

    blocks = []
    for kname in GET_ALL_KINDS:
        kind = BY_KIND[kname]
        objs = _list(cluster, kind, args)
        if objs:
            blocks.append(
                printers.render_table(
                    kind.kind,
                    objs,
                    now=_now(cluster),
                    wide=args.get("output") == "wide",
                    all_namespaces=bool(args.get("all-namespaces")),
                    show_kind=True,
                    show_labels=bool(args.get("show-labels")),
                    no_headers=bool(args.get("no-headers")),
                )
            )
    if not blocks:
        return _not_found_text(args)
    return "\n".join(blocks)


# ------------------------------------------------------------------ describe
def cmd_describe(cluster, args: Args, stdin: str | None) -> str:
    from k8slab.kubectl.describe import describe

    if not args.positional:
        raise ApiError(
            "error: You must specify the type of resource to describe. Use "
            '"kubectl api-resources" for a complete list of supported resources.'
        )
    pairs = _type_name_pairs(args, "describe")
    chunks: list[str] = []
    errors: list[str] = []
    for kind, name in pairs:
        ns = _namespace(args) if kind.namespaced else ""
        if name is None:
            objs = _list(cluster, kind, args)
        else:
            obj = cluster.api.get(kind.kind, ns, name)
            if obj is not None:
                objs = [obj]
            else:
                # kubectl describe falls back to every object whose name starts with NAME.
                objs = [
                    o for o in _list(cluster, kind, args) if o["metadata"]["name"].startswith(name)
                ]
                if not objs:
                    errors.append(
                        f'Error from server (NotFound): {kind.resource} "{name}" not found'
                    )
                    continue
        for o in objs:
            chunks.append((o, kind))
    show_events = str(args.get("show-events", "true")) != "false"
    texts = [
        describe(
            k.kind,
            o,
            cluster.api,
            now=_now(cluster),
            show_events=show_events
            and (len(chunks) == 1 or (len(pairs) == 1 and pairs[0][1] is None)),
        )
        for o, k in chunks
    ]
    text = "\n\n".join(texts)
    if not chunks and not errors:
        return _not_found_text(args, pairs[0][0] if pairs else None)
    if errors:
        e = ApiError("\n".join(errors), reason="NotFound", code=404)
        e.stdout = text
        raise e
    return text


# -------------------------------------------------------------------- delete
def cmd_delete(cluster, args: Args, stdin: str | None) -> str:
    lines: list[str] = []
    errors: list[str] = []
    targets: list[tuple[Kind, str, str]] = []
    if args.get("filename"):
        from k8slab.kubectl.resource import read_filename

        for f in args.get("filename"):
            for doc in read_filename(f, cwd=cluster.cwd, stdin=stdin):
                k = BY_KIND.get(doc.obj.get("kind", ""))
                if k is None:
                    continue
                md = doc.obj.get("metadata") or {}
                ns = (md.get("namespace") or _namespace(args)) if k.namespaced else ""
                targets.append((k, ns, md.get("name", "")))
    else:
        if not args.positional:
            raise ApiError(
                "error: You must provide one or more resources by argument or "
                "filename.\nExample resource specifications include:\n   '-f "
                "rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   "
                "'<resource>'"
            )
        pairs = _type_name_pairs(args, "delete")
        for kind, name in pairs:
            ns = _namespace(args) if kind.namespaced else ""
            if name is None:
                if not (args.get("all") or args.get("selector")):
                    raise ApiError("error: resource(s) were provided, but no name was specified")
                for o in _list(cluster, kind, args):
                    targets.append(
                        (kind, o["metadata"].get("namespace", ""), o["metadata"]["name"])
                    )
            else:
                targets.append((kind, ns, name))
    for kind, ns, name in targets:
        try:
            cluster.api.delete(kind, ns, name)
        except status.StatusError as err:
            if err.reason == "NotFound" and args.get("ignore-not-found"):
                continue
            errors.append(status.standard_message(err))
            continue
        where = f" from {ns} namespace" if kind.namespaced else ""
        lines.append(f'{kind.name_prefix} "{name}" deleted{where}')
    cluster.reconcile()
    text = "".join(line + "\n" for line in lines)
    if not targets and not errors:
        return "No resources found\n"
    if errors:
        e = ApiError("\n".join(errors), reason="NotFound", code=404)
        e.stdout = text
        raise e
    return text


# --------------------------------------------------------------------- scale
def cmd_scale(cluster, args: Args, stdin: str | None) -> str:
    import copy

    rep = args.get("replicas")
    if rep is None:
        raise ApiError('error: required flag(s) "replicas" not set')
    try:
        replicas = int(str(rep))
    except ValueError:
        raise ApiError(
            f'error: invalid argument "{rep}" for "--replicas" flag: strconv.ParseInt: '
            f"parsing \"{rep}\": invalid syntax\nSee 'kubectl scale --help' for usage."
        ) from None
    if replicas < 0:
        raise ApiError(
            "error: The --replicas=COUNT flag is required, and COUNT must be greater "
            "than or equal to 0"
        )
    pairs = _type_name_pairs(args, "scale")
    if not pairs:
        raise ApiError("error: You must provide one or more resources by argument or filename.")
    lines = []
    for kind, name in pairs:
        if kind.kind not in ("Deployment", "ReplicaSet", "StatefulSet"):
            raise ApiError(
                f'error: no scaler has been implemented for {{"{kind.group}" "{kind.kind}"}}'
            )
        names = [name] if name else [o["metadata"]["name"] for o in _list(cluster, kind, args)]
        for n in names:
            obj = cluster.api.get(kind.kind, _namespace(args), n)
            if obj is None:
                raise ApiError(
                    f'Error from server (NotFound): {kind.resource} "{n}" not found',
                    reason="NotFound",
                    code=404,
                )
            upd = copy.deepcopy(obj)
            upd["spec"]["replicas"] = replicas
            cluster.api.update(upd)
            lines.append(f"{kind.name_prefix}/{n} scaled")
    cluster.reconcile()
    return "".join(line + "\n" for line in lines)


# --------------------------------------------------------------------- label
def cmd_label(cluster, args: Args, stdin: str | None, field_name: str = "labels") -> str:
    import copy

    verb = "label" if field_name == "labels" else "annotate"
    pos = list(args.positional)
    changes = [p for p in pos if "=" in p or p.endswith("-")]
    res = [p for p in pos if p not in changes]
    if not changes:
        raise ApiError(f"error: at least one {field_name[:-1]} update is required")
    args2 = Args(args.verb, res, args.flags)
    pairs = _type_name_pairs(args2, verb)
    out = []
    for kind, name in pairs:
        ns = _namespace(args) if kind.namespaced else ""
        objs = [cluster.api.get(kind.kind, ns, name)] if name else _list(cluster, kind, args)
        for obj in objs:
            if obj is None:
                raise ApiError(
                    f'Error from server (NotFound): {kind.resource} "{name}" not found',
                    reason="NotFound",
                    code=404,
                )
            upd = copy.deepcopy(obj)
            cur = dict(upd["metadata"].get(field_name) or {})
            before = dict(cur)
            for ch in changes:
                if ch.endswith("-") and "=" not in ch:
                    cur.pop(ch[:-1], None)
                    continue
                k, v = ch.split("=", 1)
                if k in cur and cur[k] != v and not args.get("overwrite"):
                    raise ApiError(
                        f"error: '{k}' already has a value ({cur[k]}), and --overwrite is false"
                    )
                cur[k] = v
            n = obj["metadata"]["name"]
            if cur == before:
                out.append(
                    f"{kind.name_prefix}/{n} not {'labeled' if verb == 'label' else 'annotated'}"
                )
                continue
            upd["metadata"][field_name] = cur
            if not cur:
                upd["metadata"].pop(field_name)
            cluster.api.update(upd)
            out.append(
                f"{kind.name_prefix}/{n} {'labeled' if verb == 'label' else 'annotated'}"
                if any(not c.endswith("-") for c in changes)
                else f"{kind.name_prefix}/{n} unlabeled"
            )
    cluster.reconcile()
    return "".join(line + "\n" for line in out)


def cmd_annotate(cluster, args: Args, stdin: str | None) -> str:
    return cmd_label(cluster, args, stdin, field_name="annotations")


# ---------------------------------------------------------------- misc verbs
def cmd_version(cluster, args: Args, stdin: str | None) -> str:
    from k8slab.bootstrap import KUBERNETES_VERSION

    text = f"Client Version: {KUBERNETES_VERSION}\nKustomize Version: v5.7.1\n"
    if not args.get("client"):
        text += f"Server Version: {KUBERNETES_VERSION}\n"
    return text


def cmd_cluster_info(cluster, args: Args, stdin: str | None) -> str:
    from k8slab.bootstrap import CONTROL_PLANE_IP

    return (
        f"Kubernetes control plane is running at https://{CONTROL_PLANE_IP}:6443\n"
        f"CoreDNS is running at https://{CONTROL_PLANE_IP}:6443/api/v1/namespaces/"
        "kube-system/services/kube-dns:dns/proxy\n\n"
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    )


def cmd_api_resources(cluster, args: Args, stdin: str | None) -> str:
    from k8slab.kubectl.jsonpath import render_rows

    rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]]
    for k in sorted(KINDS, key=lambda k: (k.group != "", k.group, k.plural)):
        rows.append(
            [
                k.plural,
                ",".join(k.short_names),
                k.api_version,
                "true" if k.namespaced else "false",
                k.kind,
            ]
        )
    return render_rows(rows)


def cmd_rollout(cluster, args: Args, stdin: str | None) -> str:
    if not args.positional or args.positional[0] != "status":
        raise ApiError("error: k8slab supports `kubectl rollout status` only")
    args2 = Args(args.verb, args.positional[1:], args.flags)
    out = []
    for kind, name in _type_name_pairs(args2, "rollout"):
        obj = cluster.api.get(kind.kind, _namespace(args), name or "")
        if obj is None:
            raise ApiError(
                f'Error from server (NotFound): {kind.resource} "{name}" not found',
                reason="NotFound",
                code=404,
            )
        if kind.kind == "Deployment":
            out.append(f'deployment "{name}" successfully rolled out')
        elif kind.kind == "DaemonSet":
            out.append(f'daemon set "{name}" successfully rolled out')
        else:
            raise ApiError(f"error: no status viewer has been implemented for {kind.kind}")
    return "".join(line + "\n" for line in out)


def cmd_logs(cluster, args: Args, stdin: str | None) -> str:
    from k8slab.kubectl.podcmds import logs

    return logs(cluster, args)


def cmd_exec(cluster, args: Args, stdin: str | None) -> str:
    from k8slab.kubectl.podcmds import exec_

    return exec_(cluster, args, stdin)


def cmd_run(cluster, args: Args, stdin: str | None) -> str:
    from k8slab.api.yamlload import Document
    from k8slab.kubectl.apply import apply_object

    if not args.positional:
        raise ApiError(
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples"
        )
    name = args.positional[0]
    image = args.get("image")
    if not image:
        raise ApiError('error: required flag(s) "image" not set')
    labels = {"run": name}
    if args.get("labels"):
        labels = dict(x.split("=", 1) for x in str(args.get("labels")).split(","))
    container = {"image": str(image), "name": name}
    if args.after_dash:
        container["args"] = list(args.after_dash)
    if args.get("port"):
        container["ports"] = [{"containerPort": int(str(args.get("port")))}]
    obj = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"labels": labels, "name": name, "namespace": _namespace(args)},
        "spec": {"containers": [container], "restartPolicy": str(args.get("restart") or "Always")},
    }
    line = apply_object(cluster, Document(obj, 0, 1, ""), namespace=_namespace(args), mode="create")
    cluster.reconcile()
    return line + "\n"


def cmd_expose(cluster, args: Args, stdin: str | None) -> str:
    from k8slab.api.yamlload import Document
    from k8slab.kubectl.apply import apply_object

    pairs = _type_name_pairs(args, "expose")
    if len(pairs) != 1 or pairs[0][1] is None:
        raise ApiError("error: You must provide one or more resources by argument or filename.")
    kind, name = pairs[0]
    ns = _namespace(args)
    obj = cluster.api.get(kind.kind, ns, name)
    if obj is None:
        raise ApiError(
            f'Error from server (NotFound): {kind.resource} "{name}" not found',
            reason="NotFound",
            code=404,
        )
    if kind.kind in ("Deployment", "ReplicaSet", "DaemonSet"):
        selector = dict((obj["spec"].get("selector") or {}).get("matchLabels") or {})
        containers = obj["spec"]["template"]["spec"].get("containers") or []
        labels = obj["metadata"].get("labels") or {}
    elif kind.kind == "Pod":
        selector = dict(obj["metadata"].get("labels") or {})
        containers = obj["spec"].get("containers") or []
        labels = selector
    elif kind.kind == "Service":
        selector = dict(obj["spec"].get("selector") or {})
        containers = []
        labels = obj["metadata"].get("labels") or {}
    else:
        raise ApiError(f"error: cannot expose a {kind.kind}")
    port = args.get("port")
    if port is None:
        cports = [p for c in containers for p in c.get("ports") or []]
        if not cports:
            raise ApiError(
                "error: couldn't find port via --port flag or introspection\nSee "
                "'kubectl expose -h' for help and examples"
            )
        port = cports[0]["containerPort"]
    sp = {"port": int(str(port)), "protocol": str(args.get("protocol") or "TCP")}
    tp = args.get("target-port")
    sp["targetPort"] = int(str(tp)) if tp and str(tp).isdigit() else (str(tp) if tp else sp["port"])
    svc = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": str(args.get("name") or name), "namespace": ns},
        "spec": {"ports": [sp], "selector": selector},
    }
    if labels:
        svc["metadata"]["labels"] = dict(labels)
    if args.get("type"):
        svc["spec"]["type"] = str(args.get("type"))
    line = apply_object(cluster, Document(svc, 0, 1, ""), namespace=ns, mode="create")
    cluster.reconcile()
    return line.replace(" created", " exposed") + "\n"


_VERBS = {
    "apply": cmd_apply,
    "create": cmd_create,
    "get": cmd_get,
    "describe": cmd_describe,
    "delete": cmd_delete,
    "scale": cmd_scale,
    "label": cmd_label,
    "annotate": cmd_annotate,
    "logs": cmd_logs,
    "exec": cmd_exec,
    "version": cmd_version,
    "cluster-info": cmd_cluster_info,
    "api-resources": cmd_api_resources,
    "rollout": cmd_rollout,
    "run": cmd_run,
    "expose": cmd_expose,
}
