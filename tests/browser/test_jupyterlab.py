"""A student's view: JupyterLab in headless Chromium runs the welcome notebook.

The test starts a real JupyterLab server (127.0.0.1, a free port, a token, a temporary root with
a copy of ``labs/``) and drives Debian's Chromium (``/usr/bin/chromium``) with Playwright — never
a browser Playwright downloads. It opens ``labs/00-bienvenida.ipynb``, runs every cell from the
Run menu, waits for the kernel, and checks what a student sees: the topology graph as an SVG,
the Service explorer's bar chart changing when its button is clicked, and the interactive graph
showing a pod's YAML when the pod is clicked. Screenshots go to ``test-artifacts/browser/``.

Needs: ``apt-get install -y chromium``; ``pip install playwright jupyterlab ipywidgets anywidget
graphviz-anywidget`` (never ``playwright install``). Skipped, with the reason, when any is missing.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LABS = ROOT / "labs"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("K8SLAB_CHROMIUM", "/usr/bin/chromium")
# Flags for a sandboxed, offline machine: no GPU, no calls home (they would be refused).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 60  # s
RUN_ALL_TIMEOUT = 120_000  # ms: the whole notebook, kernel start included
STEP_TIMEOUT = 30_000  # ms


def _missing() -> str | None:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    for module, pip in (
        ("playwright", "playwright"),
        ("jupyterlab", "jupyterlab"),
        ("ipywidgets", "ipywidgets"),
        ("ipykernel", "ipykernel"),
    ):
        if importlib.util.find_spec(module) is None:
            return f"{pip} is not installed (pip install {pip})"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(settings: Path) -> None:
    """JupyterLab user settings for a quiet, fully rendered notebook."""
    files = {
        # every cell stays in the DOM (JupyterLab 4 may otherwise leave off-screen cells out)
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
        # open the notebook with its kernel, without the "Select Kernel" dialog
        "@jupyterlab/docmanager-extension/plugin": {"autoStartDefaultKernel": True},
        # no "receive Jupyter news?" toast and no update check: the network is closed
        "@jupyterlab/apputils-extension/notification": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for name, value in files.items():
        path = settings / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")


@contextlib.contextmanager
def jupyterlab(tmp: Path):
    """A JupyterLab server on 127.0.0.1 serving a copy of labs/; yields (base URL, token)."""
    root = tmp / "root"
    shutil.copytree(LABS, root / "labs", ignore=shutil.ignore_patterns(".k8slab-state.json"))
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    for var, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
        ("IPYTHONDIR", "ipython"),
    ):
        env[var] = str(tmp / sub)
        (tmp / sub).mkdir(parents=True, exist_ok=True)
    _write_settings(tmp / "settings")
    env.pop("NBGRADER_EXECUTION", None)
    # the kernel must put the notebook's own Python first (its k8slab, its ipywidgets)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "jupyterlab.log", "wb")  # noqa: SIM115 - closed in finally
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",  # CI runs as root
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    proc = subprocess.Popen(
        cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with {proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within {SERVER_START_TIMEOUT}s")
            time.sleep(0.3)
        yield base, token
    finally:
        # the server and its kernels share the new session: end the whole group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()


def _bar_total(page) -> int:
    return page.evaluate(
        """() => {
            const bars = document.querySelectorAll('.k8slab-chart svg.k8slab-bar-chart rect.k8slab-bar');
            let total = 0;
            bars.forEach(b => { total += parseInt(b.getAttribute('data-count'), 10); });
            return bars.length ? total : -1;
        }"""
    )


def test_welcome_notebook_in_jupyterlab(tmp_path):
    """Run all cells of 00-bienvenida.ipynb in JupyterLab: SVG graph, working explorer."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):  # screenshots of this run only
        old.unlink()
    with jupyterlab(tmp_path) as (base, token), sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(STEP_TIMEOUT)
        try:
            _drive(page, base, token)
        except Exception:
            with contextlib.suppress(Exception):
                page.screenshot(path=str(ARTIFACTS / "failure.png"), full_page=False)
            raise
        finally:
            context.close()


def _drive(page, base: str, token: str) -> None:
    page.goto(f"{base}/lab/tree/labs/00-bienvenida.ipynb?token={token}")
    page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(state="visible")
    # should the kernel dialog still come up, accept its choice (the notebook's python3)
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    with contextlib.suppress(Exception):
        dialog.first.wait_for(state="visible", timeout=3000)
        dialog.first.click()
    page.locator(".jp-NotebookPanel .jp-KernelStatus, .jp-Toolbar-kernelName").first.wait_for()
    page.wait_for_function(
        "() => !document.body.textContent.includes('No Kernel')", timeout=RUN_ALL_TIMEOUT
    )
    # the kernel has started when the toolbar's indicator says so
    page.locator(
        ".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']"
    ).first.wait_for(state="attached", timeout=RUN_ALL_TIMEOUT)

    # Run → Run All Cells, as a student would
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=RUN_ALL_TIMEOUT,
    )
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
        state="attached", timeout=RUN_ALL_TIMEOUT
    )
    text = page.locator(".jp-Notebook").first.inner_text()
    assert "Traceback (most recent call last)" not in text
    assert "Error displaying widget" not in text
    assert "deployment.apps/nginx created" in text

    # the topology graph: an image/svg+xml output (JupyterLab shows it as an <img> or inline)
    svg_outputs = page.locator(
        ".jp-OutputArea-output[data-mime-type='image/svg+xml'] img, "
        ".jp-OutputArea-output[data-mime-type='image/svg+xml'] svg"
    )
    assert svg_outputs.count() >= 2  # lab.graph() and lab.graph(trace=…)
    graph = svg_outputs.first
    graph.scroll_into_view_if_needed()
    box = graph.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50
    page.screenshot(path=str(ARTIFACTS / "01-graph.png"))

    # the Service explorer: 10 requests drawn, then the button sends 20 more
    send = page.locator(".k8slab-send").first
    send.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.k8slab-chart svg.k8slab-bar-chart')")
    assert _bar_total(page) == 10
    assert "Enviar 20 peticiones" in send.inner_text()
    send.click()
    page.wait_for_function(
        """() => {
            const bars = document.querySelectorAll('.k8slab-chart rect.k8slab-bar');
            let t = 0; bars.forEach(b => t += parseInt(b.getAttribute('data-count'), 10));
            return t === 20;
        }"""
    )
    explorer = page.locator(".widget-vbox", has=page.locator(".k8slab-send")).first
    explorer.screenshot(path=str(ARTIFACTS / "02-service-explorer.png"))

    # readiness toggle: a pod marked not ready gets nothing from the next batch
    toggle = explorer.locator(".widget-toggle-button").first
    pod = toggle.inner_text().strip()
    toggle.click()
    page.wait_for_function(
        "(pod) => document.querySelector('.k8slab-message') &&"
        " document.querySelector('.k8slab-message').textContent.includes(pod)",
        arg=pod,
    )
    send.click()
    page.wait_for_function(
        """(pod) => {
            const bar = document.querySelector(`.k8slab-chart rect.k8slab-bar[data-label="${pod}"]`);
            const msg = document.querySelector('.k8slab-chart svg');
            return bar && bar.getAttribute('data-count') === '0' && msg.textContent.includes('total: 20');
        }""",
        arg=pod,
    )
    explorer.screenshot(path=str(ARTIFACTS / "03-pod-not-ready.png"))

    # the iptables explorer: the ClusterIP's KUBE-SVC chain and its three endpoints
    ipt = page.locator(".widget-vbox", has=page.locator(".k8slab-iptables-explorer")).first
    ipt.scroll_into_view_if_needed()
    assert "KUBE-SVC-" in ipt.inner_text() and ipt.inner_text().count("33,3 %") >= 3
    ipt.screenshot(path=str(ARTIFACTS / "04-iptables-explorer.png"))

    # the interactive graph: laid out in the browser, a click on a pod shows its YAML
    gx = page.locator(".k8slab-graph-explorer").first
    gx.scroll_into_view_if_needed()
    gx.locator("svg g.node").first.wait_for(state="visible", timeout=RUN_ALL_TIMEOUT)
    # the WASM view keeps node ids in data-name; k8slab's SVG view in <title>
    node = gx.locator("svg g.node[data-name^='pod/default/nginx-']")
    if node.count() == 0:
        node = gx.locator("svg g.node", has=page.locator("title", has_text="pod/default/nginx-"))
    node = node.first
    node.click()
    page.wait_for_function(
        "() => { const p = document.querySelector('.k8slab-yaml-panel');"
        " return p && p.textContent.includes('kind: Pod'); }"
    )
    gx.screenshot(path=str(ARTIFACTS / "05-interactive-graph.png"))
    page.screenshot(path=str(ARTIFACTS / "06-page.png"), full_page=False)
