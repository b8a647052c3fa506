"""Commands reach the test guild with the expected schema, and only when it changed."""

from __future__ import annotations

import asyncio
import json

from bot.cli.main import main as paperbot

from . import payloads

GUILD_COMMANDS = f"/applications/{payloads.APP_ID}/guilds/{payloads.GUILD_ID}/commands"
EXPECTED = {
    "ask",
    "paper",
    "search",
    "author",
    "similar",
    "recent",
    "random",
    "stats",
    "help",
    "reload",
    "add",
    "remove",
    "who-can-add",
    "Ask PaperBot",
}
MANAGE_GUILD = 1 << 5


def uploads(double) -> list:
    return [r for r in double.requests if r.method == "PUT" and "/commands" in r.path]


async def test_start_up_syncs_the_expected_schema_to_the_test_guild_only(double, bot) -> None:
    puts = uploads(double)
    assert [r.path for r in puts] == [GUILD_COMMANDS]  # never global unless asked
    schema = {command["name"]: command for command in puts[0].body}
    assert set(schema) == EXPECTED
    assert all(command["description"] for command in schema.values() if command["type"] == 1)

    (question,) = schema["ask"]["options"]
    assert question["required"] and question["description"] and question["max_length"] == 300

    assert schema["paper"]["options"][0]["autocomplete"] is True
    assert {o["name"]: o["required"] for o in schema["search"]["options"]} == {
        "query": False,  # filters alone list what they select
        "year": False,
        "category": False,
        "author": False,
    }
    assert int(schema["reload"]["default_member_permissions"]) == MANAGE_GUILD
    assert schema["reload"]["contexts"] == [0]  # guild only: never offered in DMs
    assert schema["Ask PaperBot"]["type"] == 3  # message context menu
    for admin_only in ("remove", "who-can-add"):
        assert int(schema[admin_only]["default_member_permissions"]) == MANAGE_GUILD
    assert schema["add"]["contexts"] == [0]  # who may add is a per-server setting


async def test_a_restart_with_the_same_commands_does_not_sync_again(double, start_bot) -> None:
    async with start_bot():
        pass
    async with start_bot():
        pass
    assert len(uploads(double)) == 1


async def test_paperbot_commands_json_prints_exactly_what_is_synced(double, bot, capsys) -> None:
    assert await asyncio.to_thread(paperbot, ["commands", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    synced = uploads(double)[0].body
    assert sorted(printed, key=lambda c: c["name"]) == sorted(synced, key=lambda c: c["name"])
