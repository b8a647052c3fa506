"""Per-conversation memory of the papers an answer cited, bounded by size AND by age.

A conversation key is whatever the edge chooses ("discord:<channel>:<user>", "cli"). Only the cited
papers and the one the user last focused on are kept, so follow-ups ("who wrote the second one?")
can be resolved; nothing else about the user is stored. Thread-safe: the Discord layer calls in
from worker threads.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.models import Paper


@dataclass(frozen=True, slots=True)
class Turn:
    query: str
    papers: tuple[Paper, ...]  # in citation order: papers[0] is [1]
    focus: int = 1  # 1-based: the paper "it" refers to
    at: float = 0.0

    def paper(self, ref: int | None) -> tuple[int, Paper] | None:
        """(rank, paper) for a 1-based reference (-1 = last; None = the focus), if it exists."""
        rank = self.focus if ref is None else (len(self.papers) if ref == -1 else ref)
        if 1 <= rank <= len(self.papers):
            return rank, self.papers[rank - 1]
        return None


class ConversationMemory:
    def __init__(
        self, max_conversations: int, ttl_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_conversations = max_conversations
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._turns: OrderedDict[str, Turn] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, key: str, query: str, papers: tuple[Paper, ...]) -> None:
        if not papers or self.max_conversations == 0:
            return
        with self._lock:
            self._turns[key] = Turn(query, papers, 1, self._clock())
            self._turns.move_to_end(key)
            self._evict()

    def focus(self, key: str, rank: int) -> None:
        """Make paper ``rank`` the one "it" refers to next (after "tell me more about [2]")."""
        with self._lock:
            turn = self._live(key)
            if turn is not None:
                self._turns[key] = replace(turn, focus=rank, at=self._clock())
                self._turns.move_to_end(key)

    def recall(self, key: str) -> Turn | None:
        with self._lock:
            return self._live(key)

    def forget(self, key: str) -> None:
        with self._lock:
            self._turns.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            self._evict()
            return len(self._turns)

    def _live(self, key: str) -> Turn | None:
        turn = self._turns.get(key)
        if turn is None:
            return None
        if self._clock() - turn.at > self.ttl_seconds:
            del self._turns[key]
            return None
        return turn

    def _evict(self) -> None:
        while len(self._turns) > self.max_conversations:
            self._turns.popitem(last=False)
        now = self._clock()
        # Oldest first: stop at the first one still fresh.
        while self._turns:
            key, turn = next(iter(self._turns.items()))
            if now - turn.at <= self.ttl_seconds:
                break
            del self._turns[key]
