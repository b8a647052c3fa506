from __future__ import annotations

from types import SimpleNamespace

import discord
import pytest

from bot.answer.budget import shorten
from bot.discordbot.cogs.ask import is_addressed, question_from

BOT = 42


@pytest.mark.parametrize(
    ("content", "question"),
    [
        (f"<@{BOT}> what is LlamaRL?", "what is LlamaRL?"),
        (f"<@!{BOT}>   what   is\nVoxtral", "what is Voxtral"),
        (f"so <@{BOT}>, which papers use RL?", "so , which papers use RL?"),
        (f"<@{BOT}>", ""),
        (f"<@{BOT + 1}> hi", f"<@{BOT + 1}> hi"),  # someone else's mention stays: it's part of the text
    ],
)
def test_the_question_is_the_message_without_the_bots_mention(content: str, question: str) -> None:
    assert question_from(content, BOT) == question


class FakeChannel(SimpleNamespace):
    pass


def message(channel: object, mentions: list[object]) -> object:
    return SimpleNamespace(channel=channel, mentions=mentions)


def test_addressed_means_mentioned_in_a_dm_or_in_an_auto_answer_channel_or_its_threads() -> None:
    me = object()
    text = SimpleNamespace(id=1, parent_id=None)
    thread = SimpleNamespace(id=2, parent_id=1)
    other = SimpleNamespace(id=3, parent_id=None)
    dm = discord.DMChannel.__new__(discord.DMChannel)
    auto = frozenset({1})
    assert is_addressed(message(other, [me]), me, auto)
    assert is_addressed(message(dm, []), me, auto)
    assert is_addressed(message(text, []), me, auto)
    assert is_addressed(message(thread, []), me, auto)
    assert not is_addressed(message(other, []), me, auto)
    assert not is_addressed(message(other, [object()]), me, frozenset())


def test_questions_from_long_messages_are_cut_between_words() -> None:
    assert shorten("alpha beta gamma", 12) == "alpha beta…"
    assert shorten("  alpha\n beta ", 100) == "alpha beta"
