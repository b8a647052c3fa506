"""Where engine work runs, so the event loop never waits on it.

Engine calls are CPU-bound Python. On worker threads (the default) they still share the GIL with
the event loop, which then gets about half a core under load. With ``discord.engine_process`` the
engine lives in a worker process instead: the event loop keeps its own core, at the cost of
pickling arguments and results. Either way, work is described as a ``Call`` — a module-level
function or an Engine method taking the engine first, with picklable arguments — so both
runners take the same work.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import pickle
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from bot.config import Config
from bot.discordbot.token import TOKEN_VARIABLE

if TYPE_CHECKING:
    from bot.engine import Engine, ReloadReport

T = TypeVar("T")


@dataclass(frozen=True)
class Call(Generic[T]):
    fn: Callable[..., T]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __call__(self, engine: Engine) -> T:
        return self.fn(engine, *self.args, **self.kwargs)


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Call[T]:
    """``call(Engine.ask, question, conversation=key)``: work for a runner."""
    return Call(fn, args, kwargs)


class _Runner:
    """Counts work in flight so callers can tell when new work would queue."""

    def __init__(self, executor: Executor, capacity: int) -> None:
        self._executor = executor
        self.capacity = capacity
        self.pending = 0  # touched on the event-loop thread only

    @property
    def busy(self) -> bool:
        return self.pending >= self.capacity

    async def _submit(self, fn: Callable[..., T], *args: Any) -> T:
        self.pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
        finally:
            self.pending -= 1

    def close(self) -> None:
        """Drop queued work, let running work finish (a worker process exits before this returns)."""
        self._executor.shutdown(wait=True, cancel_futures=True)


class ThreadRunner(_Runner):
    """The engine in this process, called from ``threads`` worker threads (it is thread-safe).

    Work and results make the same pickle round trip as with the process runner, so work that the
    process runner (the shipped default) could not send fails here too, in the tests.
    """

    def __init__(self, engine: Engine | None, threads: int) -> None:
        super().__init__(ThreadPoolExecutor(threads, thread_name_prefix="paperbot-engine"), threads)
        self._engine = engine

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("this bot was built without an engine (schema-only use)")
        return self._engine

    async def start(self) -> None:
        self.engine  # noqa: B018 - fail at start-up, not at the first question

    async def run(self, work: Call[T]) -> T:
        return await self._submit(_as_if_in_worker, _round_trip(work), self.engine)

    async def reload(self) -> ReloadReport:
        # Its own thread, not the pool: questions go on being answered from the old index meanwhile.
        return await asyncio.to_thread(self.engine.reload)


class ProcessRunner(_Runner):
    """The engine in one worker process (one, so follow-up questions find their conversation)."""

    def __init__(self, config: Config) -> None:
        # spawn, not fork: forking a process that runs an event loop and threads is unsafe.
        context = multiprocessing.get_context("spawn")
        super().__init__(ProcessPoolExecutor(1, mp_context=context, initializer=_load, initargs=(config,)), 1)

    @property
    def engine(self) -> Engine:
        raise RuntimeError("the engine runs in a worker process (discord.engine_process)")

    async def start(self) -> None:
        """Load the engine in the worker now, so the first question does not pay for it."""
        await self._submit(_in_worker, call(_papers))

    async def run(self, work: Call[T]) -> T:
        return await self._submit(_in_worker, work)

    async def reload(self) -> ReloadReport:
        # One worker: questions wait (deferred, not failed) while it reloads, then see the new index.
        return await self.run(call(_reload))


class EngineUnavailable(RuntimeError):
    """The worker could not load the engine; the message says why, in one line."""


_worker_engine: Engine | None = None
_load_error = "the engine was not loaded"


def _load(config: Config) -> None:
    # An exception here would only break the pool ("BrokenProcessPool"); keep the reason instead.
    from bot.engine import Engine

    # The worker never talks to Discord: it should not hold the token the parent's environment had.
    os.environ.pop(TOKEN_VARIABLE, None)
    global _worker_engine, _load_error
    try:
        _worker_engine = Engine.load(config)
    except Exception as exc:
        _load_error = f"{type(exc).__name__}: {exc}"


def _in_worker(work: Call[T]) -> T:
    if _worker_engine is None:
        raise EngineUnavailable(_load_error)
    return work(_worker_engine)


def _round_trip(value: T) -> T:
    """``value`` as a worker process would receive it; TypeError naming what cannot be pickled."""
    try:
        return pickle.loads(pickle.dumps(value))
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise TypeError(
            f"engine work must be picklable for discord.engine_process: {value!r}: {exc}"
        ) from exc


def _as_if_in_worker(work: Call[T], engine: Engine) -> T:
    return _round_trip(work(engine))


def _papers(engine: Engine) -> int:
    return len(engine.papers)


def _reload(engine: Engine) -> ReloadReport:
    return engine.reload()
