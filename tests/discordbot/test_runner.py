"""The thread runner takes exactly the work the shipped process runner can send to its worker."""

from __future__ import annotations

import threading

import pytest

from bot.discordbot.runner import ThreadRunner, call
from bot.engine import Engine


def _unpicklable_result(engine: Engine) -> threading.Lock:
    return threading.Lock()


async def test_the_thread_runner_answers_picklable_work(engine: Engine) -> None:
    runner = ThreadRunner(engine, 1)
    try:
        paper = engine.papers[0]
        assert await runner.run(call(Engine.get, paper.id)) == paper
    finally:
        runner.close()


async def test_the_thread_runner_refuses_work_a_worker_process_could_not_receive(engine: Engine) -> None:
    runner = ThreadRunner(engine, 1)
    try:
        with pytest.raises(TypeError, match="picklable"):
            await runner.run(call(lambda engine: len(engine.papers)))
        with pytest.raises(TypeError, match="picklable"):
            await runner.run(call(Engine.search, "attention", filters=threading.Lock()))
    finally:
        runner.close()


async def test_the_thread_runner_refuses_results_a_worker_process_could_not_send_back(engine: Engine) -> None:
    runner = ThreadRunner(engine, 1)
    try:
        with pytest.raises(TypeError, match="picklable"):
            await runner.run(call(_unpicklable_result))
    finally:
        runner.close()
