"""The one worker thread that runs every check of the server.

One thread, one job at a time: the pipeline keeps process-wide state while it runs (the cyclic
collector switched off, the did-you-mean budget), and the message loop must stay free to answer
hover and completion from the last result while a large config is being checked.

A job has a key (the checked file). Submitting a job replaces a pending job of the same key (so
a burst of changes is checked once: the debounce), and interrupts a running one (its result
would be stale). The pipeline is plain Python with no cancellation points, so the interruption
is an asynchronous exception raised in the worker thread (CPython's PyThreadState_SetAsyncExc):
it lands at the next bytecode the worker runs. `Cancelled` derives from BaseException so that no
`except Exception` in the pipeline swallows it.
"""
from __future__ import annotations

import concurrent.futures
import gc
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class Cancelled(BaseException):
    """Raised inside the worker to stop a job whose result is no longer wanted."""


@dataclass(eq=False)
class Job:
    key: Any
    work: Callable[[], Any]
    due: float
    cancellable: bool = True
    future: concurrent.futures.Future = field(default_factory=concurrent.futures.Future)
    cancelled: bool = False
    started: bool = False
    finished: bool = False


def _importing(thread: threading.Thread) -> bool:
    """Whether the thread is running a module's first import. An exception there would leave the
    module half-executed (a rule family half-registered, which a second import would declare
    again), so such a run is not interrupted: its result is dropped instead."""
    frame = sys._current_frames().get(thread.ident)
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _raise_in(thread: threading.Thread) -> bool:
    try:
        import ctypes

        set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):       # not CPython: the stale result is dropped instead
        return False
    return set_async_exc(ctypes.c_ulong(thread.ident), ctypes.py_object(Cancelled)) == 1


class Runner:
    def __init__(self, name: str = "oclc-check") -> None:
        self._lock = threading.Condition()
        self._pending: dict[Any, Job] = {}
        self._running: Job | None = None
        self._stopped = False
        self.interruptions = 0
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, key: Any, work: Callable[[], Any], delay: float = 0.0,
               cancellable: bool = True) -> concurrent.futures.Future:
        """Run `work()` on the worker after `delay` seconds, unless another job of the same key
        comes first; returns the future of its result (cancelled if it was replaced)."""
        job = Job(key, work, time.monotonic() + delay, cancellable)
        with self._lock:
            replaced = self._pending.pop(key, None)
            if replaced is not None:
                replaced.cancelled = True
                replaced.future.cancel()
            running = self._running
            if running is not None and running.key == key and running.cancellable and not running.finished \
                    and not running.cancelled:
                running.cancelled = True
                # Holding the GIL from the look to the raise: the worker cannot move in between.
                if not _importing(self._thread) and _raise_in(self._thread):
                    self.interruptions += 1
            self._pending[key] = job
            self._lock.notify()
        return job.future

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            for job in self._pending.values():
                job.future.cancel()
            self._pending.clear()
            self._lock.notify()

    def _next(self) -> Job | None:
        with self._lock:
            while not self._stopped:
                now = time.monotonic()
                job = min(self._pending.values(), key=lambda j: j.due, default=None)
                if job is not None and job.due <= now:
                    del self._pending[job.key]
                    self._running = job
                    return job
                self._lock.wait(None if job is None else job.due - now)
            return None

    def _loop(self) -> None:
        collecting = gc.isenabled()
        while True:
            job = None
            try:
                job = self._next()
                if job is None:
                    return
                if not job.started:
                    if not job.future.set_running_or_notify_cancel():
                        continue
                    job.started = True
                value = job.work()
                job.finished = True
                with self._lock:
                    self._running = None
                job.future.set_result(value)
            except Cancelled:
                self._cancelled(job)
            except BaseException as exc:        # reported through the future: the loop goes on
                if job is not None and not job.future.done():
                    job.future.set_exception(exc)
            finally:
                # An interrupted check may not have switched the collector back on.
                if collecting and not gc.isenabled():
                    gc.enable()

    def _cancelled(self, job: Job | None) -> None:
        with self._lock:
            if self._running is job:
                self._running = None
            if job is None or job.future.done():
                return
            if job.cancelled or job.key in self._pending:
                job.future.set_exception(Cancelled())
            else:
                # An interruption meant for the job before it: run this one again.
                job.due = time.monotonic()
                self._pending[job.key] = job
                self._lock.notify()
