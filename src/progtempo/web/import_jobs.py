"""This server's side of the upload jobs (`ImportJobs`): staging folders, queueing, and the worker thread.

It lives apart from the upload routes (`imports.py`) so that `AppState` (`state.py`) can hold one
without importing the routes that read `AppState`.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from progtempo.store import Store
    from progtempo.store.jobs import Worker
    from progtempo.units import Unit
    from progtempo.web.settings import WebSettings
    from progtempo.web.uploads import Upload


class ImportJobs:
    """This server's side of the upload jobs: staging folders, queueing, and (unless `run_jobs` is
    off) a worker thread that runs the jobs of the whole log, whichever server process queued them."""

    def __init__(self, settings: WebSettings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._worker: Worker | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the worker thread (when this server runs jobs); again after `close`."""
        from progtempo.store.jobs import Worker

        if not self.settings.run_jobs:
            return
        with self._lock:
            if self._thread is not None:
                return
            self._stop = threading.Event()
            self._worker = Worker(
                self.store, import_jobs=self.settings.import_jobs, limits=self.settings.limits
            )
            self._thread = threading.Thread(
                target=self._worker.run, args=(self._stop,), name="progtempo-jobs", daemon=True
            )
            self._thread.start()

    def new_staging(self) -> Path:
        return self.settings.uploads_dir / uuid.uuid4().hex[:16]

    def submit(
        self,
        store: Store,
        athlete: str,
        unit: Unit,
        uploads: list[Upload],
        staging: Path,
        user_id: int | None,
    ) -> str:
        """Queue the staged uploads for `athlete`, through the request's `store` (opened as the user,
        it checks they may); the job's id."""
        from progtempo.store.jobs import enqueue

        try:
            files = [(u.name, u.path) for u in uploads]
            job_id = enqueue(store, files, athlete=athlete, unit=unit, user_id=user_id)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self.start()
        if self._worker is not None:
            self._worker.wake()
        return job_id

    def close(self) -> None:
        """Stop the worker thread after the job in hand (a job cut short is taken again later)."""
        with self._lock:
            thread, self._thread = self._thread, None
            self._stop.set()
            if self._worker is not None:
                self._worker.wake()
        if thread is not None:
            thread.join()


__all__ = ["ImportJobs"]
