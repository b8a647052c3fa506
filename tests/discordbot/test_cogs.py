"""Cog logic on the real engine, called directly (the e2e tests cover the wire)."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import discord
import pytest
from discord import app_commands

from bot.discordbot import errors
from bot.discordbot.client import PaperBot
from bot.discordbot.completion import completion_source
from bot.discordbot.cooldowns import Limited, RateLimited


def interaction(
    user: int = 1, channel: int = 10, command: object = None, focused: str = ""
) -> SimpleNamespace:
    data = {"options": [{"name": focused, "type": 3, "value": "", "focused": True}]} if focused else None
    return SimpleNamespace(user=SimpleNamespace(id=user), channel_id=channel, command=command, data=data)


async def test_paper_autocomplete_offers_titles_and_submits_ids(bot: PaperBot) -> None:
    choices = await bot.get_cog("Papers").complete_paper(interaction(), "Voxt")
    assert choices[0].name.startswith("Voxtral")
    assert bot.engine.get(choices[0].value).title == choices[0].name
    assert len(choices) <= 25 and all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)


async def test_author_and_category_autocomplete_come_from_the_corpus(bot: PaperBot) -> None:
    papers = bot.get_cog("Papers")
    authors = await papers.complete_author(interaction(), "Héliou")
    assert any("Héliou" in choice.value for choice in authors)
    category = bot.engine.stats().categories[0][0]
    categories = await papers.complete_category(interaction(), category[:2])
    assert category in [choice.value for choice in categories]


async def test_answering_cogs_share_one_cooldown_and_meta_commands_are_free(bot: PaperBot) -> None:
    ask, papers = bot.get_cog("Ask"), bot.get_cog("Papers")
    for _ in range(bot.settings.cooldowns.user.rate):
        assert await papers.interaction_check(interaction())
    with pytest.raises(RateLimited):
        await ask.interaction_check(interaction())
    assert bot.get_cog("Meta").interaction_check(interaction())  # /help and /stats stay open


async def test_category_choices_fit_the_category_options_length(bot: PaperBot) -> None:
    """/search and /recent accept categories of at most 50 characters: Discord refuses longer choices."""
    papers = bot.get_cog("Papers")
    long_name = "cs." + "x" * 60
    source = completion_source(bot.engine)
    await bot.completions.refresh(dataclasses.replace(source, categories=(long_name, *source.categories)))
    for command in (bot.tree.get_command("search"), bot.tree.get_command("recent")):
        offered = await papers.complete_category(interaction(command=command, focused="category"), "cs")
        assert offered and all(len(choice.value) <= 50 for choice in offered)
        assert long_name not in [choice.value for choice in offered]


def test_configured_question_length_reaches_the_slash_schema(bot: PaperBot) -> None:
    (option,) = bot.tree.get_command("ask").to_dict(bot.tree)["options"]
    assert option["max_length"] == bot.settings.max_question_length


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (RateLimited(Limited("user", 4.2)), "try again in 5 s"),
        (app_commands.NoPrivateMessage(), "only works in a server"),
        (app_commands.MissingPermissions(["manage_guild"]), "Manage Server"),
        (app_commands.CommandNotFound("x", []), "don't know that command"),
        (app_commands.CheckFailure(), "can't use that command here"),
        (RuntimeError("secret internals"), "went wrong on my side"),
    ],
)
def test_errors_become_polite_messages_without_internals(error: Exception, says: str) -> None:
    message = errors.user_message(error)
    assert says in message and "secret" not in message and "Traceback" not in message


def test_user_mistakes_are_expected_and_bugs_are_not() -> None:
    assert errors.is_expected(RateLimited(Limited("channel", 1.0)))
    assert not errors.is_expected(RuntimeError("bug"))


def test_an_expired_interaction_is_recognised_through_the_invoke_wrapper() -> None:
    response = SimpleNamespace(status=404, reason="Not Found")
    gone = discord.NotFound(response, {"message": "Unknown interaction", "code": errors.UNKNOWN_INTERACTION})
    assert errors.expired(gone)
    assert errors.expired(app_commands.CommandInvokeError(SimpleNamespace(name="ask"), gone))
    assert not errors.expired(discord.NotFound(response, {"message": "Unknown Message", "code": 10008}))
