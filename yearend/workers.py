"""Worker processes: a pool with a memory cap, and crash isolation, so that a file
that makes a reader abort or allocate without end costs only itself."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# A worker may use this much address space (Linux): a file that makes the reader
# allocate without end then ends only its worker, and is named.
MEMORY_LIMIT = 4 * 1024**3


class Died:
    """What a call yields when its worker process died (a crash, a kill, the memory cap)."""


DIED = Died()


@dataclass(frozen=True)
class Raised:
    """What a call yields when it raised: a fault of the program (or of a library under
    it), never something the data did on purpose. ``trace`` is the worker's own traceback,
    shown with ``--debug``; a clerk is told only that the program failed on this file."""

    kind: str  # the exception's type name
    trace: str

    @classmethod
    def of(cls, e: BaseException) -> Raised:
        import traceback

        # a worker's exception arrives with its remote traceback as its cause, which this includes
        return cls(type(e).__name__, "".join(traceback.format_exception(e)))


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _start_worker(parent: int) -> None:
    """A worker's set-up: it dies with its parent (``parent``, the run's pid); it is quiet
    (a dying reader's Rust runtime prints its own report and backtrace on stderr; the
    file is named by the run instead); and the memory cap."""
    import faulthandler

    # what a forked worker inherits (a county's models, the prepared templates) is never
    # garbage here: frozen, a full collection does not walk it, nor write to its pages
    # (copy-on-write). A spawned worker (Windows) freezes only its imports.
    gc.freeze()
    faulthandler.disable()  # it keeps its own copy of stderr
    _die_with_parent(parent)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass
    _limit_memory()


def _die_with_parent(parent: int) -> None:
    """A worker ends when the run's process ends, even by kill -9. Linux: the kernel sends
    it SIGKILL (PR_SET_PDEATHSIG). Everywhere (Windows, macOS): a watchdog thread waits on
    the parent's sentinel, which multiprocessing keeps for every child it starts, and ends
    the worker when it fires, in the middle of a task too."""
    import multiprocessing
    import threading

    watched = multiprocessing.parent_process()
    if watched is not None:
        def watch() -> None:
            watched.join()
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the worker process still isolates a crash
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > MEMORY_LIMIT:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard))


@contextlib.contextmanager
def no_gc():
    """Reading makes hundreds of thousands of small objects and no cycles worth
    collecting; the cyclic collector, left on, took a third of the time of a
    100,000-row sheet. Unpickling a large model is the same story."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


_frozen = 0  # frozen() blocks open


@contextlib.contextmanager
def frozen():
    """A run's objects that live to its end (a county's models, read once) left out of the
    cyclic collector's walks until the block ends (``keep``): each collection while the run
    went on walked all of them again, a fifth of the run's own process's time. Thawed at the
    end, for a caller that goes on (the tests run hundreds of builds in one process)."""
    global _frozen
    gc.freeze()
    _frozen += 1
    try:
        yield
    finally:
        _frozen -= 1
        if not _frozen:
            gc.unfreeze()


def keep() -> None:
    """What exists now, kept to the end of the frozen() block around (nothing outside one):
    the results just received, before the collector is on again (no_gc) to walk them."""
    if _frozen:
        gc.freeze()


def _pool(workers: int):
    """Worker processes with the memory cap. fork starts one in milliseconds;
    spawn (Windows, macOS) is what is there."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(_method()), initializer=_start_worker,
                               initargs=(os.getpid(),))


def _method() -> str:
    import multiprocessing

    return "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" else "spawn"


# The calls of a pool being started, by their isolated() call, for workers forked from this
# process: they find their calls in the memory they inherit, and are sent only where in it to
# look. Sending each call (a unit's model, pickled here and unpickled there) cost 9 ms a unit
# of a county's 400; spawned workers (Windows, macOS) are sent the calls themselves.
_INHERITED: dict[int, tuple[Callable, list[tuple]]] = {}


def _inherited(token: int, i: int):
    fn, calls = _INHERITED[token]
    return fn(*calls[i])


def isolated(fn: Callable[..., T], calls: list[tuple], jobs: int, in_process: bool = False,
             meanwhile: Callable[[], None] | None = None) -> Generator[T | Died | Raised, None, None]:
    """``fn(*args)`` for each of ``calls``, in order, run ``jobs`` at a time in worker
    processes; a call whose worker died yields ``DIED`` (and so may the calls that were
    running beside it: a dead worker breaks its pool), a call that raised yields a
    ``Raised`` with the worker's traceback. ``in_process``: with one job, run here
    instead (rendering, where a crash is not expected and forking costs). ``meanwhile``
    runs here once, while the workers work (before the first call's result, when there
    are no calls too)."""
    from concurrent.futures.process import BrokenProcessPool

    workers = max(1, min(jobs, len(calls)))
    if not calls or (in_process and workers == 1):
        if meanwhile is not None:
            meanwhile()
        for args in calls:
            try:
                value = fn(*args)
            except Exception as e:
                yield Raised.of(e)
                continue
            yield value
        return
    with _pool(workers) as pool, _inheriting(fn, calls) as token:
        try:
            # the workers are forked at the first submit, with the calls in place; a Ctrl-C while
            # they are submitted stops the pool too (outside this try, it left the run's process
            # waiting at its exit for workers waiting for work)
            futures = [pool.submit(_inherited, token, i) if token is not None else pool.submit(fn, *args)
                       for i, args in enumerate(calls)]
            if meanwhile is not None:
                meanwhile()
            for future in futures:
                try:
                    with no_gc():
                        yield future.result()
                except BrokenProcessPool:
                    yield DIED
                except Exception as e:  # raised in the worker (or its result could not be sent back)
                    yield Raised.of(e)
        except BaseException:
            # stopped early (Ctrl-C here, or the caller closed the generator): see _stop
            _stop(pool)
            raise


@contextlib.contextmanager
def _inheriting(fn: Callable, calls: list[tuple]) -> Generator[int | None, None, None]:
    """``fn`` and ``calls`` where forked workers find them (_INHERITED) while their pool runs,
    and the token they are found by; None where workers are spawned (they are sent the calls)."""
    if _method() != "fork":
        yield None
        return
    token = id(calls)
    _INHERITED[token] = (fn, calls)
    try:
        yield token
    finally:
        del _INHERITED[token]


def _stop(pool) -> None:
    """A pool left early: the calls not started dropped and the workers ended now. Waited
    for, they finished every unit left; and a second Ctrl-C during that wait left workers
    waiting for work while the run's process, exiting, waited for them: a run that never
    ended. A unit being written when its worker ends loses nothing written: each file is
    whole or not there, and the journal names those written (output.JOURNAL).
    ProcessPoolExecutor has no public way to end its workers (Python 3.14's
    terminate_workers leaves the reading thread as it is); its attributes are read here."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
    # a worker ended while sending its result leaves the pool's thread reading half a
    # message for ever: with every writing end closed (this process holds one too), the
    # read ends, and the thread takes the pool for broken and stops
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()


def isolated_retrying(fn: Callable[..., T], calls: list[tuple], jobs: int,
                      progress: Callable[[int, int], None] | None = None,
                      meanwhile: Callable[[], None] | None = None, kept: bool = False) -> list[T | Died | Raised]:
    """``isolated``, then each call whose worker died run again alone, so that only the
    call that kills its worker again yields ``DIED`` (a call that raised is not run again).
    ``kept``: the caller keeps the results to the run's end (a county's models), each frozen
    as it arrives (``keep``)."""
    out: list[T | Died | Raised] = []
    with contextlib.closing(isolated(fn, calls, jobs, meanwhile=meanwhile)) as values:
        for i, value in enumerate(values, 1):
            out.append(value)
            if kept:
                keep()
            if progress:
                progress(i, len(calls))
    for i, value in enumerate(out):
        if isinstance(value, Died):
            out[i] = next(isolated(fn, [calls[i]], 1))
    return out
