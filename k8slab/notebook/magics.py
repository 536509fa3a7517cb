"""IPython magics: the course's terminal commands, typed in notebook cells.

Load with ``%load_ext k8slab`` (or ``%load_ext k8slab.notebook``). Every magic works on the
notebook's current cluster (``k8slab.notebook.current()``) and prints what the real tool
prints; a user error prints the tool's error text — never a Python traceback.

``%kubectl ARGS``
    ``kubectl ARGS`` (``%kubectl get services``, ``%kubectl apply -f deployment.yaml``).
    Files are read from the notebook's folder, so a manifest written with
    ``%%writefile deployment.yaml`` applies as in a terminal.
``%%kubectl [apply -f -]``
    The cell body is kubectl's standard input (the line defaults to ``apply -f -``).
``%curl [-H 'Name: value']… [-i] [-I] [-X METHOD] [-k] [-s] [-S] [-v] [--from WHERE] URL…``
    ``lab.curl``: from outside the cluster by default; ``--from node/NAME`` from a shell on
    that node, ``--from NS/POD`` or ``--from pod/NAME`` from inside a pod. ``-v`` also prints
    the request's path (the trace hops) as ``*`` lines.
``%nslookup NAME [--from WHERE]`` and ``%dig NAME [TYPE] [--from WHERE]``
    ``lab.dns``: nslookup walks the pod's search list; dig asks the name as given and
    prints what ``dig +short`` prints.
``%iptables-save NODE [-t nat|filter]``
    The rules kube-proxy wrote on NODE. IPython magic names are normally identifiers, but
    ``%name args`` is rewritten to ``run_line_magic("name", "args")`` with the name taken up
    to the first space, so a hyphenated name registered explicitly works with its ``%``;
    ``%iptables_save`` is registered too, for automagic (no ``%``) and tab completion.
``%k8slab reset [--nodes N|a,b] [--seed S] [--cloud]``, ``save PATH``, ``load PATH``,
``graph [-n NS] [--service NAME] [--system] [--trace]``, ``autosave on|off``, ``status``
    Manage the notebook's cluster; ``graph --trace`` draws the last ``%curl``'s path.
    Autosave: see ``k8slab.notebook.session``.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable
from typing import Any

from IPython.core.magic import Magics, cell_magic, line_magic, magics_class

from k8slab.errors import ApiError, ManifestError
from k8slab.notebook import session as _session
from k8slab.notebook.session import Session

CURL_TRY = "curl: try 'curl --help' or 'curl --manual' for more information"


class UsageError(ValueError):
    """A magic's command line that the tool itself would reject (text as the tool prints)."""


def _out(text: str) -> None:
    if text:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _err(text: str) -> None:
    if text:
        sys.stderr.write(text if text.endswith("\n") else text + "\n")


def _split(line: str, tool: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError as err:  # unbalanced quotes
        raise UsageError(f"{tool}: {err}") from None


def _need(cluster: Any, method: str, magic: str) -> Callable[..., Any]:
    fn = getattr(cluster, method, None)
    if fn is None:
        raise UsageError(
            f"k8slab: {magic} necesita lab.{method}(), que esta versión de k8slab aún no tiene"
        )
    return fn


def report(fn: Callable[[], Any]) -> Any:
    """Run one magic's body; show user errors as the tool's own text on stderr."""
    try:
        return fn()
    except (ApiError, ManifestError) as err:
        _out(getattr(err, "stdout", "") or "")
        _err(err.message)
        # The magics serve the Spanish course: k8slab's own hints are shown in Spanish when
        # there is a Spanish version (K8SLAB_LANG=en keeps them in English).
        import os

        english = os.environ.get("K8SLAB_LANG", "es").lower().startswith("en")
        hint = (
            getattr(err, "hint", "")
            if english
            else (getattr(err, "hint_es", "") or getattr(err, "hint", ""))
        )
        _err(hint or "")
    except UsageError as err:
        _err(str(err))
    return None


# ------------------------------------------------------------------------ parsers
def parse_curl(argv: list[str]) -> dict[str, Any]:
    """curl's command line (the options the course uses) → keyword arguments."""
    opts: dict[str, Any] = {
        "headers": {},
        "method": None,
        "include": False,
        "silent": False,
        "show_error": False,
        "verbose": False,
        "from_": None,
        "insecure": False,
        "max_time": None,
        "urls": [],
    }
    takes_value = {
        "-H": "header",
        "--header": "header",
        "-X": "method",
        "--request": "method",
        "--from": "from_",
        "-m": "max_time",
        "--max-time": "max_time",
        "--connect-timeout": None,
    }
    flags = {
        "-i": "include",
        "--include": "include",
        "-s": "silent",
        "--silent": "silent",
        "-S": "show_error",
        "--show-error": "show_error",
        "-v": "verbose",
        "--verbose": "verbose",
        "-k": "insecure",
        "--insecure": "insecure",
        "-I": "head",
        "--head": "head",
    }
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if arg.startswith("-") and len(arg) > 2 and not arg.startswith("--"):
            # -sS, -ik … or -HValue / -XPOST
            if arg[:2] in ("-H", "-X", "-m"):
                name, inline, eq = arg[:2], arg[2:], "="
            elif all(f"-{c}" in flags for c in arg[1:]):
                argv = argv[:i] + [f"-{c}" for c in arg[1:]] + argv[i:]
                continue
            else:
                bad = next(c for c in arg[1:] if f"-{c}" not in flags)
                raise UsageError(f"curl: option -{bad}: is unknown\n{CURL_TRY}")
        if name in takes_value:
            if eq:
                value = inline
            elif i < len(argv):
                value, i = argv[i], i + 1
            else:
                raise UsageError(f"curl: option {name}: requires parameter\n{CURL_TRY}")
            what = takes_value[name]
            if what == "header":
                key, colon, val = value.partition(":")
                if colon and key.strip():
                    opts["headers"][key.strip()] = val.strip()
            elif what is not None:
                opts[what] = value
        elif name in flags:
            if flags[name] == "head":
                opts["method"], opts["include"] = "HEAD", True
            elif flags[name] is not None:
                opts[flags[name]] = True
        elif arg.startswith("-") and arg != "-":
            raise UsageError(f"curl: option {name}: is unknown\n{CURL_TRY}")
        else:
            opts["urls"].append(arg)
    if not opts["urls"]:
        raise UsageError(f"curl: no URL specified\n{CURL_TRY}")
    return opts


def _take_from(argv: list[str], tool: str) -> tuple[list[str], str | None]:
    rest: list[str] = []
    from_ = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--from":
            if i + 1 >= len(argv):
                raise UsageError(
                    f"{tool}: option --from requires an argument (node/NAME, NS/POD or pod/NAME)"
                )
            from_, i = argv[i + 1], i + 2
            continue
        if arg.startswith("--from="):
            from_ = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return rest, from_


# ------------------------------------------------------------------------- magics
@magics_class
class K8sLabMagics(Magics):
    """``%kubectl``, ``%%kubectl``, ``%curl``, ``%nslookup``, ``%dig``, ``%iptables-save``,
    ``%k8slab`` (see the module docstring)."""

    def __init__(self, shell: Any = None, session: Session | None = None) -> None:
        super().__init__(shell)
        self.session = session if session is not None else _session.SESSION
        # A hyphenated magic name (see the module docstring): registered explicitly.
        self.magics["line"]["iptables-save"] = self.iptables_save

    @property
    def lab(self) -> Any:
        lab = self.session.current()
        lab.cwd = os.getcwd()  # %%writefile wrote into the notebook's folder
        return lab

    @line_magic
    def kubectl(self, line: str) -> None:
        """Run kubectl: ``%kubectl get pods -o wide``."""
        report(lambda: _out(self.lab.kubectl(line.strip())))

    @cell_magic("kubectl")
    def kubectl_cell(self, line: str, cell: str) -> None:
        """Run kubectl with the cell as standard input (default ``apply -f -``)."""
        report(lambda: _out(self.lab.kubectl(line.strip() or "apply -f -", stdin=cell)))

    @line_magic
    def curl(self, line: str) -> None:
        """Send an HTTP request: ``%curl -H 'Host: nginx.my.com' --from node/node-1 URL``."""
        report(lambda: self._curl(line))

    def _curl(self, line: str) -> None:
        opts = parse_curl(_split(line, "curl"))
        curl = _need(self.lab, "curl", "%curl")
        for url in opts["urls"]:
            kw: dict[str, Any] = {"headers": opts["headers"] or None, "from_": opts["from_"]}
            if opts["method"]:
                kw["method"] = opts["method"]
            if opts["insecure"]:
                kw["insecure"] = True
            if opts["max_time"] is not None:
                try:
                    kw["max_time"] = float(opts["max_time"])
                except ValueError:
                    raise UsageError(
                        f"curl: option -m: expected a proper numerical parameter\n{CURL_TRY}"
                    ) from None
            try:
                resp = curl(url, **kw)
            except (ApiError, ManifestError):
                raise
            except ValueError as err:  # a bad --from: the facade's own message
                raise UsageError(str(err)) from None
            self.session.last_response = resp
            if opts["verbose"]:
                trace = getattr(resp, "trace", ())
                spanish = getattr(trace, "lang", "en") == "es"
                _err(
                    "".join(
                        f"* {hop.es() if spanish and hasattr(hop, 'es') else hop}\n"
                        for hop in trace
                    )
                )
            if getattr(resp, "error", None):
                if not opts["silent"] or opts["show_error"]:
                    _err(resp.curl_output())
                continue
            if opts["include"]:
                _out(resp.curl_output(include_headers=True))
            else:
                _out(resp.curl_output())

    @line_magic
    def nslookup(self, line: str) -> None:
        """Resolve a name as nslookup in a pod does: ``%nslookup nginx --from default/POD``."""
        report(lambda: self._dns(line, tool="nslookup"))

    @line_magic
    def dig(self, line: str) -> None:
        """Ask one DNS question as ``dig +short``: ``%dig nginx.default.svc.cluster.local A``."""
        report(lambda: self._dns(line, tool="dig"))

    def _dns(self, line: str, *, tool: str) -> None:
        argv, from_ = _take_from(_split(line, tool), tool)
        argv = (
            [a for a in argv if a not in ("+short", "+search", "+nosearch")]
            if tool == "dig"
            else argv
        )
        words = [a for a in argv if not a.startswith("-")]
        max_words = 2 if tool == "dig" else 1
        if any(a.startswith("-") for a in argv) or not words or len(words) > max_words:
            usage = (
                "Usage: nslookup NAME [--from node/NAME|NS/POD]"
                if tool == "nslookup"
                else "Usage: dig NAME [TYPE] [--from node/NAME|NS/POD]"
            )
            raise UsageError(usage)
        name = words[0]
        qtype = words[1].upper() if tool == "dig" and len(words) > 1 else "A"
        dns = _need(self.lab, "dns", f"%{tool}")
        kw: dict[str, Any] = {"search": tool == "nslookup"}
        if from_ is not None:
            kw["from_"] = from_
        try:
            answer = dns(name, qtype, **kw)
        except (ApiError, ManifestError):
            raise
        except ValueError as err:
            raise UsageError(str(err)) from None
        if tool == "nslookup":
            _out(_nslookup_text(answer))
        else:
            _out(_dig_text(answer))

    @line_magic("iptables_save")
    def iptables_save(self, line: str) -> None:
        """The iptables rules kube-proxy wrote on a node: ``%iptables-save node-1 -t nat``."""
        report(lambda: self._iptables_save(line))

    def _iptables_save(self, line: str) -> None:
        argv = _split(line, "iptables-save")
        table = "nat"
        words: list[str] = []
        i = 0
        while i < len(argv):
            a = argv[i]
            if a in ("-t", "--table"):
                if i + 1 >= len(argv):
                    raise UsageError(f"iptables-save: option '{a}' requires an argument")
                table, i = argv[i + 1], i + 2
                continue
            if a.startswith("--table="):
                table = a.split("=", 1)[1]
            elif a.startswith("-"):
                raise UsageError(f"iptables-save: unrecognized option '{a}'")
            else:
                words.append(a)
            i += 1
        if len(words) != 1:
            raise UsageError(
                "Usage: iptables-save NODE [-t nat|filter]  (NODE: "
                + ", ".join(self.lab.nodes)
                + ")"
            )
        fn = _need(self.lab, "iptables_save", "%iptables-save")
        try:
            _out(fn(words[0], table))
        except (ApiError, ManifestError):
            raise
        except ValueError as err:
            raise UsageError(str(err)) from None

    @line_magic
    def k8slab(self, line: str) -> Any:
        """Manage the notebook's cluster: reset, save, load, graph, autosave, status."""
        return report(lambda: self._k8slab(line))

    def _k8slab(self, line: str) -> Any:
        argv = _split(line, "k8slab")
        cmd, args = (argv[0], argv[1:]) if argv else ("status", [])
        if cmd == "reset":
            kw = _parse_reset(args)
            lab = self.session.reset(**kw)
            _out(
                f"k8slab: clúster nuevo: nodos {', '.join(lab.nodes)}; seed {lab.seed}"
                + ("; cloud" if lab.cloud else "")
            )
            return None
        if cmd in ("save", "load"):
            if len(args) != 1:
                raise UsageError(f"Usage: %k8slab {cmd} PATH")
            path = os.path.join(os.getcwd(), args[0])
            if cmd == "save":
                try:
                    self.session.save(path)
                except OSError as err:
                    raise UsageError(
                        f"k8slab: no se puede guardar en {args[0]}: {err.strerror}"
                    ) from None
                _out(f"k8slab: clúster guardado en {args[0]}")
            else:
                try:
                    self.session.load(path)
                except ValueError as err:
                    raise UsageError(f"k8slab: {err}") from None
                _out(f"k8slab: clúster cargado de {args[0]}")
            return None
        if cmd == "graph":
            from k8slab.notebook.render import graph

            kw = _parse_graph(args)
            if kw.pop("trace", False):
                if self.session.last_response is None:
                    raise UsageError(
                        "k8slab: no hay ninguna petición que dibujar: ejecuta antes %curl"
                    )
                kw["trace"] = self.session.last_response
            return graph(self.lab, **kw)
        if cmd == "autosave":
            if args == ["on"]:
                path = self.session.enable_autosave()
                _out(
                    f"k8slab: autoguardado activado en {path.name}: el clúster se guarda tras "
                    "cada celda y se recupera al cargar la extensión tras reiniciar el kernel"
                )
            elif args == ["off"]:
                self.session.disable_autosave()
                _out("k8slab: autoguardado desactivado (fichero de estado borrado)")
            else:
                raise UsageError("Usage: %k8slab autosave on|off")
            return None
        if cmd == "status":
            lab = self.session.current()
            state = (
                f"activado ({self.session.autosave_path.name})"
                if self.session.autosave_path
                else "desactivado"
            )
            _out(f"{lab!r}\nautoguardado: {state}")
            return None
        raise UsageError(
            f'k8slab: orden desconocida "{cmd}"\n'
            "Usage: %k8slab reset [--nodes N] [--seed S] [--cloud] | save PATH | load PATH | "
            "graph [-n NS] [--service NAME] [--system] [--trace] | autosave on|off | status"
        )


def _value(args: list[str], i: int, opt: str) -> str:
    if i + 1 >= len(args):
        raise UsageError(f"k8slab: la opción {opt} necesita un valor")
    return args[i + 1]


def _parse_reset(args: list[str]) -> dict[str, Any]:
    kw: dict[str, Any] = {}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--nodes":
            v = _value(args, i, a)
            kw["nodes"] = int(v) if v.isdigit() else [n for n in v.split(",") if n]
            if kw["nodes"] in (0, []):
                raise UsageError("k8slab: --nodes necesita al menos un nodo")
            i += 2
        elif a == "--seed":
            v = _value(args, i, a)
            if not v.lstrip("-").isdigit():
                raise UsageError(f'k8slab: --seed debe ser un entero, no "{v}"')
            kw["seed"] = int(v)
            i += 2
        elif a == "--cloud":
            kw["cloud"] = True
            i += 1
        else:
            raise UsageError(
                f'k8slab: opción desconocida "{a}" para reset\n'
                "Usage: %k8slab reset [--nodes N|a,b] [--seed S] [--cloud]"
            )
    return kw


def _parse_graph(args: list[str]) -> dict[str, Any]:
    kw: dict[str, Any] = {}
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-n", "--namespace"):
            kw["namespace"] = _value(args, i, a)
            i += 2
        elif a in ("--service", "-s", "--svc"):
            kw["service"] = _value(args, i, a)
            i += 2
        elif a in ("--system", "-A", "--all-namespaces"):
            kw["show_system"] = True
            i += 1
        elif a == "--trace":
            kw["trace"] = True
            i += 1
        else:
            raise UsageError(
                f'k8slab: opción desconocida "{a}" para graph\n'
                "Usage: %k8slab graph [-n NS] [--service NAME] [--system] [--trace]"
            )
    return kw


def _nslookup_text(answer: Any) -> str:
    try:
        from k8slab.dns import nslookup_output
    except ImportError:  # pragma: no cover - the DNS printers ship with the data plane
        return "\n".join(getattr(answer, "answers", [])) + "\n"
    return nslookup_output(answer)


def _dig_text(answer: Any) -> str:
    try:
        from k8slab.dns import dig_short
    except ImportError:  # pragma: no cover
        text = "".join(a + "\n" for a in getattr(answer, "answers", []))
    else:
        text = dig_short(answer)
    if not text:
        text = f";; status: {getattr(answer, 'rcode', '?')}\n"
    return text


# ----------------------------------------------------------------------- loading
def _autosave_after_cell(*_args: Any) -> None:
    _session.SESSION.autosave()


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext k8slab``: register the magics; restore an autosaved cluster if there is one."""
    state = _session.SESSION
    ipython.register_magics(K8sLabMagics(ipython, state))
    events = ipython.events
    if _autosave_after_cell not in events.callbacks.get("post_run_cell", []):
        events.register("post_run_cell", _autosave_after_cell)
    if state.cluster is None:
        try:
            restored = state.restore()
        except ValueError as err:
            _err(f"k8slab: no se pudo recuperar el clúster guardado: {err}")
        else:
            if restored is not None:
                _out(f"k8slab: clúster recuperado de {restored.name} (autoguardado activado)")


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext``: stop autosaving after each cell (the magics stay registered)."""
    if _autosave_after_cell in ipython.events.callbacks.get("post_run_cell", []):
        ipython.events.unregister("post_run_cell", _autosave_after_cell)
