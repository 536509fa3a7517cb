"""The magics through IPython's InteractiveShell: output is the tool's own text, and every
user error prints the tool's error text on stderr — never a traceback.

``lab.curl``, ``lab.dns`` and ``lab.iptables_save`` arrive with the data plane; the magics are
tested against small fakes of them (the facade's documented shapes), and against the real
methods when the cluster has them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from k8slab import Cluster
from k8slab.notebook import magics
from k8slab.notebook import session as session_mod
from k8slab.notebook.render import Graph

from .conftest import COURSE_DEPLOYMENT, COURSE_SERVICE


def run(ip, capsys, line: str, cell: str | None = None):
    """Run one cell (a line magic, or a cell magic with ``cell``); return (out, err)."""
    source = line if cell is None else f"{line}\n{cell}"
    result = ip.run_cell(source)
    out, err = capsys.readouterr()
    assert result.error_in_exec is None and result.error_before_exec is None, result
    assert "Traceback" not in out + err
    return out, err


# ------------------------------------------------------------------------ %kubectl
def test_kubectl_prints_kubectls_output(ip, capsys, session):
    out, err = run(ip, capsys, "%kubectl get nodes")
    assert out == session.current().kubectl("get nodes").replace("AGE\n", "AGE\n") or out
    assert out.splitlines()[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    assert err == ""


def test_writefile_then_kubectl_apply_in_the_notebook_folder(ip, capsys, session):
    run(ip, capsys, "%%writefile deployment.yaml", COURSE_DEPLOYMENT)
    run(ip, capsys, "%%writefile service.yaml", COURSE_SERVICE)
    out, err = run(ip, capsys, "%kubectl apply -f deployment.yaml -f service.yaml")
    assert out == "deployment.apps/nginx created\nservice/nginx created\n"
    out, _ = run(ip, capsys, "%kubectl get services")
    assert [row.split()[:2] for row in out.splitlines()[1:]] == [
        ["kubernetes", "ClusterIP"],
        ["nginx", "ClusterIP"],
    ]


def test_kubectl_cell_magic_reads_the_cell_as_stdin(ip, capsys):
    out, err = run(ip, capsys, "%%kubectl apply -f -", COURSE_DEPLOYMENT)
    assert out == "deployment.apps/nginx created\n" and err == ""
    out, _ = run(ip, capsys, "%%kubectl", COURSE_DEPLOYMENT)
    assert out == "deployment.apps/nginx unchanged\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("%kubectl get foo", 'error: the server doesn\'t have a resource type "foo"\n'),
        ("%kubectl frobnicate", 'error: unknown command "frobnicate" for "kubectl"\n'),
        ("%kubectl apply -f nothere.yaml", 'error: the path "nothere.yaml" does not exist\n'),
        ("%kubectl", "error: no command given (try: kubectl get pods)\n"),
        (
            "%kubectl get pods -n",
            "error: flag needs an argument: -n\nSee 'kubectl get --help' for usage.\n",
        ),
    ],
)
def test_kubectl_errors_print_kubectls_text(ip, capsys, line, message):
    out, err = run(ip, capsys, line)
    assert out == "" and err == message


def test_kubectl_error_after_partial_apply_prints_stdout_then_error_and_hint(ip, capsys):
    run(ip, capsys, "%%writefile deployment.yaml", COURSE_DEPLOYMENT)
    run(ip, capsys, "%%writefile service.yaml", COURSE_SERVICE)
    out, err = run(ip, capsys, "%kubectl apply -f deployment.yaml service.yaml")
    assert err.startswith("error: Unexpected args: [service.yaml]\n")
    # The course is Spanish: the magics show k8slab's hint in Spanish.
    assert "Pista de k8slab: cada fichero necesita su propio -f" in err
    bad = (
        COURSE_SERVICE
        + "---\n"
        + COURSE_SERVICE.replace("name: nginx", "name: bad", 1)
        .replace("spec:\n", "spec:\n  type: NodePort\n")
        .replace("- port: 80", "- port: 80\n    nodePort: 80")
    )
    out, err = run(ip, capsys, "%%kubectl apply -f -", COURSE_DEPLOYMENT + "---\n" + bad)
    assert out.startswith("deployment.apps/nginx created\nservice/nginx created\n")
    assert "spec.ports[0].nodePort: Invalid value: 80" in err


def test_kubectl_manifest_error(ip, capsys):
    out, err = run(ip, capsys, "%%kubectl apply -f -", "a: [\n")
    assert err == (
        "error: error parsing STDIN: error converting YAML to JSON: yaml: line 1: "
        "did not find expected node content\n"
    )


# -------------------------------------------------------------- fakes for the data plane
@dataclass
class FakeResponse:
    status: int = 200
    body: str = "hello\n"
    headers: dict = field(default_factory=lambda: {"Content-Type": "text/plain"})
    pod: str | None = "default/web-1"
    error: str | None = None
    trace: tuple = ("client: outside the cluster (source IP 172.18.0.1)", "result: HTTP 200")

    def curl_output(self, *, include_headers: bool = False) -> str:
        if self.error:
            return f"curl: (7) {self.error}\n"
        head = (
            f"HTTP/1.1 {self.status} OK\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in self.headers.items())
            + "\r\n"
        )
        return (head if include_headers else "") + self.body


@pytest.fixture
def fake_lab(session, monkeypatch):
    """The current cluster with recording fakes of curl, dns and iptables_save."""
    lab = session.current()
    calls: list = []
    options: list = []

    def curl(url, *, headers=None, method="GET", from_=None, insecure=False, max_time=None):
        calls.append(("curl", url, headers, method, from_))
        options.append({"insecure": insecure, "max_time": max_time})
        if "refused" in url:
            return FakeResponse(status=0, body="", error="Failed to connect to x port 80")
        if from_ == "nowhere/x":
            raise ValueError('Error from server (NotFound): pods "x" not found')
        return FakeResponse()

    @dataclass
    class Answer:
        name: str
        qname: str
        qtype: str
        rcode: str = "NOERROR"
        answers: list = field(default_factory=list)
        records: list = field(default_factory=list)
        authoritative: bool = True
        error: str | None = None

        @property
        def ok(self):
            return bool(self.answers)

    def dns(name, type="A", *, from_=None, search=True):
        calls.append(("dns", name, type, from_, search))
        if name == "nope":
            return Answer(name, name + ".default.svc.cluster.local", type, "NXDOMAIN")
        fq = "nginx.default.svc.cluster.local"
        return Answer(name, fq, type, answers=["10.96.0.50"], records=[f"{fq}. 5 IN A 10.96.0.50"])

    def iptables_save(node, table="nat"):
        calls.append(("iptables_save", node, table))
        if node not in lab.nodes:
            raise ValueError(f'Error from server (NotFound): nodes "{node}" not found')
        return f"*{table}\n:KUBE-SERVICES - [0:0]\nCOMMIT\n"

    monkeypatch.setattr(lab, "curl", curl, raising=False)
    monkeypatch.setattr(lab, "dns", dns, raising=False)
    monkeypatch.setattr(lab, "iptables_save", iptables_save, raising=False)
    lab.calls = calls
    lab.options = options
    return lab


# ---------------------------------------------------------------------------- %curl
def test_curl_prints_the_body(ip, capsys, fake_lab):
    out, err = run(ip, capsys, "%curl http://172.18.0.3:31238")
    assert out == "hello\n" and err == ""
    assert fake_lab.calls[-1] == ("curl", "http://172.18.0.3:31238", None, "GET", None)


def test_curl_options(ip, capsys, fake_lab):
    out, _ = run(
        ip, capsys, "%curl -H 'Host: nginx.my.com' -i -k -X POST --from node/node-1 127.0.0.1:31238"
    )
    assert out.startswith("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello")
    assert fake_lab.calls[-1] == (
        "curl",
        "127.0.0.1:31238",
        {"Host": "nginx.my.com"},
        "POST",
        "node/node-1",
    )
    assert fake_lab.options[-1] == {"insecure": True, "max_time": None}
    run(ip, capsys, "%curl -m 3 http://x")
    assert fake_lab.options[-1] == {"insecure": False, "max_time": 3.0}
    run(ip, capsys, "%curl -sSi -HHost:a.com --from=default/web-1 http://nginx")
    assert fake_lab.calls[-1] == ("curl", "http://nginx", {"Host": "a.com"}, "GET", "default/web-1")
    run(ip, capsys, "%curl -I http://x")
    assert fake_lab.calls[-1][3] == "HEAD"


def test_curl_verbose_prints_the_trace(ip, capsys, fake_lab):
    out, err = run(ip, capsys, "%curl -v http://x")
    assert err == ("* client: outside the cluster (source IP 172.18.0.1)\n* result: HTTP 200\n")
    assert out == "hello\n"


def test_curl_failure_is_curls_error_on_stderr(ip, capsys, fake_lab):
    out, err = run(ip, capsys, "%curl http://refused")
    assert out == "" and err == "curl: (7) Failed to connect to x port 80\n"
    out, err = run(ip, capsys, "%curl -s http://refused")
    assert out == err == ""
    out, err = run(ip, capsys, "%curl -sS http://refused")
    assert err == "curl: (7) Failed to connect to x port 80\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("%curl", "curl: no URL specified\n"),
        ("%curl -L http://x", "curl: option -L: is unknown\n"),
        ("%curl --data x http://x", "curl: option --data: is unknown\n"),
        ("%curl http://x -H", "curl: option -H: requires parameter\n"),
        ("%curl -sL http://x", "curl: option -L: is unknown\n"),
    ],
)
def test_curl_usage_errors(ip, capsys, fake_lab, line, message):
    out, err = run(ip, capsys, line)
    assert err == message + "curl: try 'curl --help' or 'curl --manual' for more information\n"


def test_curl_bad_from_and_bad_quotes(ip, capsys, fake_lab):
    _, err = run(ip, capsys, "%curl --from nowhere/x http://x")
    assert err == 'Error from server (NotFound): pods "x" not found\n'
    _, err = run(ip, capsys, "%curl -H 'Host: x http://x")
    assert err == "curl: No closing quotation\n"


def test_graph_trace_uses_the_last_curl(ip, capsys, fake_lab):
    out, err = run(ip, capsys, "g = %k8slab graph --trace")
    assert "ejecuta antes %curl" in err
    run(ip, capsys, "%curl http://x")
    run(ip, capsys, "g = %k8slab graph --trace")
    g = ip.user_ns["g"]
    assert "Recorrido de la peticion:" in g.source


# ------------------------------------------------------------------ %nslookup / %dig
def test_nslookup_prints_nslookups_text(ip, capsys, fake_lab):
    out, err = run(ip, capsys, "%nslookup nginx --from default/web-1")
    assert out == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
        "Name:\tnginx.default.svc.cluster.local\nAddress: 10.96.0.50\n\n"
    )
    assert fake_lab.calls[-1] == ("dns", "nginx", "A", "default/web-1", True)
    out, _ = run(ip, capsys, "%nslookup nope")
    assert "** server can't find nope: NXDOMAIN" in out


def test_dig_prints_dig_short(ip, capsys, fake_lab):
    out, _ = run(ip, capsys, "%dig nginx.default.svc.cluster.local")
    assert out == "10.96.0.50\n"
    assert fake_lab.calls[-1] == ("dns", "nginx.default.svc.cluster.local", "A", None, False)
    run(ip, capsys, "%dig _http._tcp.nginx.default.svc.cluster.local srv +short")
    assert fake_lab.calls[-1][2] == "SRV"
    out, _ = run(ip, capsys, "%dig nope")
    assert out == ";; status: NXDOMAIN\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("%nslookup", "Usage: nslookup NAME [--from node/NAME|NS/POD]\n"),
        ("%nslookup a b", "Usage: nslookup NAME [--from node/NAME|NS/POD]\n"),
        ("%dig", "Usage: dig NAME [TYPE] [--from node/NAME|NS/POD]\n"),
        ("%dig -x 1.2.3.4", "Usage: dig NAME [TYPE] [--from node/NAME|NS/POD]\n"),
        (
            "%dig a --from",
            "dig: option --from requires an argument (node/NAME, NS/POD or pod/NAME)\n",
        ),
    ],
)
def test_dns_usage_errors(ip, capsys, fake_lab, line, message):
    assert run(ip, capsys, line)[1] == message


# ------------------------------------------------------------------- %iptables-save
def test_iptables_save_with_a_hyphen_and_underscore(ip, capsys, fake_lab):
    out, _ = run(ip, capsys, "%iptables-save node-1")
    assert out == "*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n"
    out, _ = run(ip, capsys, "%iptables_save node-2 -t filter")
    assert out.startswith("*filter\n")
    assert fake_lab.calls[-1] == ("iptables_save", "node-2", "filter")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("%iptables-save", "Usage: iptables-save NODE [-t nat|filter]  (NODE: node-1, node-2)\n"),
        ("%iptables-save node-1 -t", "iptables-save: option '-t' requires an argument\n"),
        ("%iptables-save node-1 -c", "iptables-save: unrecognized option '-c'\n"),
        ("%iptables-save node-9", 'Error from server (NotFound): nodes "node-9" not found\n'),
    ],
)
def test_iptables_save_errors(ip, capsys, fake_lab, line, message):
    assert run(ip, capsys, line)[1] == message


@pytest.mark.parametrize(
    "line", ["%curl http://x", "%nslookup x", "%dig x", "%iptables-save node-1"]
)
def test_missing_facade_method_is_a_message(ip, capsys, session, monkeypatch, line):
    lab = session.current()
    for name in ("curl", "dns", "iptables_save"):
        if hasattr(lab, name):
            monkeypatch.setattr(type(lab), name, None, raising=False)
    _, err = run(ip, capsys, line)
    assert err.startswith("k8slab: %") and "aún no tiene" in err


# --------------------------------------------------------------- the real data plane
@pytest.mark.skipif(not hasattr(Cluster, "curl"), reason="lab.curl not in this k8slab yet")
def test_curl_real_data_plane(ip, capsys):
    run(ip, capsys, "%%kubectl apply -f -", COURSE_DEPLOYMENT + "---\n" + COURSE_SERVICE)
    out, err = run(ip, capsys, "%curl --from node/node-1 http://nginx.default.svc.cluster.local")
    assert "Welcome to nginx" in out or err


@pytest.mark.skipif(not hasattr(Cluster, "dns"), reason="lab.dns not in this k8slab yet")
def test_nslookup_real_data_plane(ip, capsys):
    out, _ = run(ip, capsys, "%nslookup kubernetes.default")
    assert "10.96.0.1" in out


@pytest.mark.skipif(
    not hasattr(Cluster, "iptables_save"), reason="lab.iptables_save not in this k8slab yet"
)
def test_iptables_save_real_data_plane(ip, capsys):
    out, _ = run(ip, capsys, "%iptables-save node-1")
    assert "KUBE-SERVICES" in out


# ---------------------------------------------------------------------------- %k8slab
def test_current_is_created_lazily_and_shared(ip, capsys, session):
    assert session.cluster is None
    from k8slab import notebook

    lab = notebook.current()
    assert session_mod.SESSION is session and session.cluster is lab
    run(ip, capsys, "%kubectl create namespace shop")
    assert lab.api.get("Namespace", "", "shop") is not None
    other = Cluster(nodes=1)
    notebook.set_current(other)
    out, _ = run(ip, capsys, "%kubectl get nodes -o name")
    assert out == "node/node-1\n"


def test_reset(ip, capsys, session):
    run(ip, capsys, "%kubectl create namespace shop")
    out, err = run(ip, capsys, "%k8slab reset --nodes 3 --seed 7 --cloud")
    assert out == "k8slab: clúster nuevo: nodos node-1, node-2, node-3; seed 7; cloud\n"
    lab = session.current()
    assert (lab.seed, lab.cloud, lab.api.get("Namespace", "", "shop")) == (7, True, None)
    out, _ = run(ip, capsys, "%k8slab reset --nodes a,b")
    assert session.current().nodes == ["a", "b"]


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("%k8slab reset --seed x", 'k8slab: --seed debe ser un entero, no "x"'),
        ("%k8slab reset --nodes", "k8slab: la opción --nodes necesita un valor"),
        ("%k8slab reset --nodes 0", "k8slab: --nodes necesita al menos un nodo"),
        ("%k8slab reset --big", 'k8slab: opción desconocida "--big" para reset'),
        ("%k8slab save", "Usage: %k8slab save PATH"),
        ("%k8slab load a b", "Usage: %k8slab load PATH"),
        ("%k8slab load missing.json", "k8slab: cannot load cluster state from"),
        ("%k8slab save no/such/dir/x.json", "k8slab: no se puede guardar en no/such/dir/x.json"),
        ("%k8slab graph --bogus", 'k8slab: opción desconocida "--bogus" para graph'),
        ("%k8slab graph --service nope", 'Error from server (NotFound): services "nope" not found'),
        ("%k8slab autosave maybe", "Usage: %k8slab autosave on|off"),
        ("%k8slab frob", 'k8slab: orden desconocida "frob"'),
        ("%k8slab 'unclosed", "k8slab: No closing quotation"),
    ],
)
def test_k8slab_errors(ip, capsys, line, start):
    out, err = run(ip, capsys, line)
    assert err.startswith(start), err


def test_save_and_load(ip, capsys, session, tmp_path):
    run(ip, capsys, "%kubectl create namespace shop")
    out, _ = run(ip, capsys, "%k8slab save lab.json")
    assert out == "k8slab: clúster guardado en lab.json\n"
    assert json.loads((tmp_path / "lab.json").read_text())["format"] == "k8slab-state/v1"
    run(ip, capsys, "%k8slab reset")
    out, _ = run(ip, capsys, "%k8slab load lab.json")
    assert out == "k8slab: clúster cargado de lab.json\n"
    assert session.current().api.get("Namespace", "", "shop") is not None


def test_graph_magic_returns_a_graph(ip, capsys, session):
    run(ip, capsys, "%%kubectl apply -f -", COURSE_DEPLOYMENT + "---\n" + COURSE_SERVICE)
    run(ip, capsys, "g = %k8slab graph -n default --service nginx --system")
    g = ip.user_ns["g"]
    assert isinstance(g, Graph)
    assert '"svc/default/nginx" [label="svc/nginx' in g.source


def test_status(ip, capsys, session):
    out, _ = run(ip, capsys, "%k8slab")
    assert out == (
        "<Cluster nodes=['node-1', 'node-2'] seed=0 cloud=False>\nautoguardado: desactivado\n"
    )


def test_autosave_survives_a_kernel_restart(capsys, session, tmp_path, monkeypatch):
    """Autosave on → state file after each cell → a new kernel loading the extension resumes;
    autosave off deletes the file so the next kernel starts fresh."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        magics.load_ipython_extension(shell)
        assert capsys.readouterr().out == ""  # nothing to restore, nothing written
        assert not (tmp_path / session_mod.STATE_FILE).exists()
        out, _ = run(shell, capsys, "%k8slab autosave on")
        assert out.startswith("k8slab: autoguardado activado en .k8slab-state.json")
        run(shell, capsys, "%kubectl create namespace shop")
        state = json.loads((tmp_path / session_mod.STATE_FILE).read_text())
        assert "shop" in json.dumps(state["apiserver"])

        # The kernel restarts: a new session, the extension loaded again.
        restarted = session_mod.Session()
        monkeypatch.setattr(session_mod, "SESSION", restarted)
        magics.load_ipython_extension(shell)
        assert capsys.readouterr().out == (
            "k8slab: clúster recuperado de .k8slab-state.json (autoguardado activado)\n"
        )
        assert restarted.current().api.get("Namespace", "", "shop") is not None
        assert restarted.autosave_path == Path(tmp_path / session_mod.STATE_FILE)

        out, _ = run(shell, capsys, "%k8slab autosave off")
        assert out == "k8slab: autoguardado desactivado (fichero de estado borrado)\n"
        assert not (tmp_path / session_mod.STATE_FILE).exists()
    finally:
        magics.unload_ipython_extension(shell)


def test_corrupt_state_file_is_reported(capsys, session, tmp_path):
    from IPython.core.interactiveshell import InteractiveShell

    (tmp_path / session_mod.STATE_FILE).write_text("{not json")
    shell = InteractiveShell.instance()
    try:
        magics.load_ipython_extension(shell)
    finally:
        magics.unload_ipython_extension(shell)
    err = capsys.readouterr().err
    assert err.startswith("k8slab: no se pudo recuperar el clúster guardado: cannot load")
