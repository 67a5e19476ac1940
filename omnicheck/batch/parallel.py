"""Score a batch in chunks, in worker processes when there is more than one chunk.

Inputs are found and read in the calling process, in input order (a survey
export's rows are parsed there too), and handed out in chunks of
:data:`CHUNK` businesses. Each chunk is validated and scored in a worker
(:func:`score_chunk`, the same code as in-process), which sends back the
chunk's rows and its portfolio counts; the caller takes the chunks back in
the order they were handed out and merges the counts, so the rows and the
portfolio are those of ``--jobs 1``, byte for byte. At most two chunks per
worker are in flight, so memory stays flat however large the input.

An input that fits in one chunk is scored in-process: starting workers would
cost more than it saves.
"""

from __future__ import annotations

import gc
import os
import signal
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

from omnicheck.batch.portfolio import Portfolio
from omnicheck.batch.runner import BatchRow, Word, pending_inputs, score_pending, unworded
from omnicheck.source.files import HELD_SIGNALS, signals_held

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from omnicheck.batch.runner import Pending
    from omnicheck.rubric.compiled import CompiledRubric

#: Businesses per chunk: enough that handing one out costs little beside scoring it.
CHUNK = 250
#: Chunks in flight per worker: one being scored, one waiting.
IN_FLIGHT = 2

Chunk = tuple[list[BatchRow], Portfolio]


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS and Windows have no affinity call
        return max(1, os.cpu_count() or 1)


#: Allocations between the garbage collector's youngest collections while a chunk is
#: scored (Python's default is 700).
YOUNG_COLLECTION = 20_000


def score_chunk(
    rubric: CompiledRubric, chunk: Sequence[Pending], max_bytes: int, word: Word = unworded
) -> Chunk:
    """The rows of a chunk of inputs, in order, and the chunk's portfolio counts.

    Scoring one business makes thousands of small containers that reference
    counting frees when it is done, not the collector; collected every 700
    allocations, those still in use were walked, and promoted to be walked
    again, for nothing. Collected less often, a batch over YAML files ran
    about 2% less CPU time here; the threshold is put back after the chunk.
    """
    portfolio = Portfolio(rubric)
    rows = []
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_COLLECTION), *older)
    try:
        for pending in chunk:
            scored = score_pending(rubric, pending, max_bytes, word)
            if scored is None:  # a blank survey row
                continue
            row, result = scored
            portfolio.add(row, result)
            rows.append(row)
    finally:
        gc.set_threshold(young, *older)
    return rows, portfolio


def scored_chunks(
    rubric: CompiledRubric,
    inputs: Sequence[str],
    *,
    max_bytes: int,
    jobs: int,
    word: Word = unworded,
) -> Generator[Chunk, None, None]:
    """Every input's row, chunk by chunk in input order, with each chunk's portfolio counts.

    ``word`` words each failed input's problems, in whichever process scores it.
    """
    pending = pending_inputs(rubric, inputs)
    first = list(islice(pending, CHUNK))
    chunks = _chunks(first, pending)
    if jobs <= 1 or len(first) < CHUNK:
        for chunk in chunks:
            yield score_chunk(rubric, chunk, max_bytes, word)
        return
    yield from _in_workers(rubric, chunks, max_bytes, jobs, word)


def _chunks(first: list[Pending], rest: Iterator[Pending]) -> Iterator[list[Pending]]:
    chunk = first
    while chunk:
        yield chunk
        chunk = list(islice(rest, CHUNK))


def _in_workers(
    rubric: CompiledRubric,
    chunks: Iterator[list[Pending]],
    max_bytes: int,
    jobs: int,
    word: Word,
) -> Iterator[Chunk]:
    import multiprocessing  # only a run of more than one chunk pays for its import

    # Workers are forked where the platform can (the rubric is then inherited, not sent),
    # before the caller starts any thread such as the progress bar's.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Objects that exist before the fork are the workers' too: frozen, no worker's garbage
    # collection walks them (or copies their pages); the caller unfreezes its own at once.
    gc.freeze()
    try:
        # A worker forked with the caller's signal handlers would unwind with a
        # traceback if a signal (the caller's stopping it, say) came before its own
        # handlers are set: signals wait, in the caller and the workers, until then.
        with signals_held():
            pool: Pool = context.Pool(
                jobs, initializer=_start_worker, initargs=(rubric, max_bytes, word)
            )
    finally:
        gc.unfreeze()
    waiting: deque[AsyncResult[Chunk]] = deque()
    try:
        for chunk in chunks:
            waiting.append(pool.apply_async(_score_in_worker, (chunk,)))
            if len(waiting) >= jobs * IN_FLIGHT:
                yield waiting.popleft().get()
        while waiting:
            yield waiting.popleft().get()
        pool.close()
    finally:
        pool.terminate()  # interrupted, or done: no worker outlives the run
        pool.join()


#: The worker's rubric, size limit and wording, set once when it starts.
_WORKER: dict[str, Any] = {}


def _start_worker(rubric: CompiledRubric, max_bytes: int, word: Word) -> None:
    # Ctrl-C and a hang-up reach every process of the group: the caller stops the
    # workers itself, with SIGTERM, which simply ends a worker (a fork inherits the
    # caller's handler, which would unwind it with a traceback).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # held while the pool started: see _in_workers
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)
    _WORKER.update(rubric=rubric, max_bytes=max_bytes, word=word)


def _score_in_worker(chunk: list[Pending]) -> Chunk:
    return score_chunk(_WORKER["rubric"], chunk, _WORKER["max_bytes"], _WORKER["word"])
