"""The notebook's current cluster: one per kernel, created lazily, optionally autosaved.

``current()`` returns it (a ``Cluster()`` with the defaults on first use); the magics and any
Python code in the notebook share it. ``%k8slab reset`` replaces it; ``%k8slab save PATH`` /
``%k8slab load PATH`` write and read it.

Autosave (opt-in). ``%k8slab autosave on`` saves the cluster to ``.k8slab-state.json`` in
the notebook's folder (the kernel's working directory) now and after every cell. When the
extension is loaded again — after a kernel restart, ``%load_ext k8slab`` in the first cell —
and that file exists, the cluster is restored from it and autosave stays on, so the student
continues where they were. ``%k8slab autosave off`` stops saving and deletes the file, so the
next restart starts from a fresh cluster. Without ``autosave on`` nothing is ever written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATE_FILE = ".k8slab-state.json"


@dataclass
class Session:
    """The state one kernel keeps between cells."""

    cluster: Any = None
    last_response: Any = None  # the last %curl response, for %k8slab graph --trace
    autosave_path: Path | None = None

    def current(self) -> Any:
        if self.cluster is None:
            from k8slab import Cluster

            # The notebooks serve the Spanish course: traces explain themselves in Spanish.
            self.cluster = Cluster(lang="es")
        return self.cluster

    def reset(self, **kw: Any) -> Any:
        from k8slab import Cluster

        kw.setdefault("lang", "es")
        self.cluster = Cluster(**kw)
        self.last_response = None
        self.autosave()
        return self.cluster

    def load(self, path: str | os.PathLike) -> Any:
        from k8slab import Cluster

        self.cluster = Cluster.load(path)
        self.last_response = None
        self.autosave()
        return self.cluster

    def save(self, path: str | os.PathLike) -> None:
        self.current().save(path)

    # ---------------------------------------------------------------- autosave
    def enable_autosave(self, path: str | os.PathLike | None = None) -> Path:
        self.autosave_path = Path(path) if path else Path(os.getcwd()) / STATE_FILE
        self.autosave()
        return self.autosave_path

    def disable_autosave(self) -> Path | None:
        path, self.autosave_path = self.autosave_path, None
        if path is None:
            path = Path(os.getcwd()) / STATE_FILE
        if path.exists():
            path.unlink()
            return path
        return None

    def autosave(self) -> None:
        if self.autosave_path is not None and self.cluster is not None:
            self.cluster.save(self.autosave_path)

    def restore(self, directory: str | os.PathLike | None = None) -> Path | None:
        """Restore from the autosave file in ``directory`` (default cwd), if there is one."""
        path = Path(directory or os.getcwd()) / STATE_FILE
        if not path.exists():
            return None
        self.load(path)
        self.autosave_path = path
        return path


SESSION = Session()


def current() -> Any:
    """The notebook's cluster (created with ``Cluster()`` defaults on first use)."""
    return SESSION.current()


def set_current(cluster: Any) -> None:
    """Make ``cluster`` the one the magics use (e.g. ``set_current(Cluster(nodes=3))``)."""
    SESSION.cluster = cluster
    SESSION.last_response = None
