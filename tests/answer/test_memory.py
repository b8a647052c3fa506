from __future__ import annotations

from bot.answer.memory import ConversationMemory
from bot.models import Paper
from tests.clock import Clock

A, B, C = (Paper(id=x, title=x, abstract=x) for x in "abc")


def test_recalls_the_last_answer_and_its_focus() -> None:
    memory = ConversationMemory(10, 60)
    memory.remember("u1", "q", (A, B, C))
    turn = memory.recall("u1")
    assert turn is not None
    assert turn.paper(2) == (2, B) and turn.paper(-1) == (3, C) and turn.paper(None) == (1, A)
    assert turn.paper(4) is None
    memory.focus("u1", 3)
    assert memory.recall("u1").paper(None) == (3, C)
    assert memory.recall("someone else") is None


def test_forgets_after_the_time_limit() -> None:
    clock = Clock(0.0)
    memory = ConversationMemory(10, 60, clock=clock)
    memory.remember("u1", "q", (A,))
    clock.now = 59
    assert memory.recall("u1") is not None
    clock.now = 61
    assert memory.recall("u1") is None
    assert len(memory) == 0


def test_bounded_in_size_dropping_the_least_recent() -> None:
    memory = ConversationMemory(2, 60)
    for key in ("a", "b", "c"):
        memory.remember(key, "q", (A,))
    assert memory.recall("a") is None and memory.recall("c") is not None
    assert len(memory) == 2


def test_expired_conversations_are_evicted_without_being_asked_for() -> None:
    clock = Clock(0.0)
    memory = ConversationMemory(1000, 10, clock=clock)
    for i in range(100):
        memory.remember(str(i), "q", (A,))
    clock.now = 11
    memory.remember("fresh", "q", (A,))
    assert len(memory) == 1
