"""Disconnects, errors, limits and permissions, end to end."""

from __future__ import annotations

import re

from . import payloads

EPHEMERAL = 64
TRACEBACK = re.compile(r"Traceback|File \"|Error\(|Exception")


async def test_a_dropped_gateway_connection_is_resumed_and_the_next_command_answered(double, bot) -> None:
    await double.drop_connection()
    await double.wait_until(lambda: double.resumes == 1)
    message = await double.interact(
        payloads.interaction(2, payloads.slash("ask", question="What is LlamaRL?"))
    )
    assert "LlamaRL" in str(message["embeds"])
    assert double.identifies == 1  # resumed the session, not a new login


async def test_an_event_sent_while_disconnected_is_replayed_on_resume(double, bot) -> None:
    await double.drop_connection()
    missed = payloads.interaction(2, payloads.slash("help"))
    await double.dispatch("INTERACTION_CREATE", missed)  # queued: the socket is down
    message = await double.reply_to(missed)
    assert message["embeds"]


async def test_every_message_the_bot_sends_pings_nobody(double, bot) -> None:
    await double.interact(
        payloads.interaction(2, payloads.slash("ask", question="@everyone what is LlamaRL?"))
    )
    await double.interact(payloads.interaction(2, payloads.slash("search", query="reinforcement")))
    await double.interact(payloads.interaction(2, payloads.slash("nonexistent")))
    mention = payloads.message(
        f"<@{payloads.BOT_ID}> hi", mentions=[payloads.user(payloads.BOT_ID, "paperbot", bot=True)]
    )
    await double.dispatch("MESSAGE_CREATE", mention)
    await double.wait_until(lambda: any(r.path.endswith("/messages") for r in double.requests))
    bodies = [r.message_body for r in double.requests if r.message_body is not None]
    assert len(bodies) >= 4
    for body in bodies:
        mentions = body["allowed_mentions"]
        assert mentions["parse"] == [], body  # no @everyone, roles or users from the text
        assert not mentions.get("users") and not mentions.get("roles") and not mentions.get("replied_user"), (
            body
        )


async def test_an_unknown_command_gets_a_polite_ephemeral_reply(double, bot) -> None:
    message = await double.interact(payloads.interaction(2, payloads.slash("nonexistent")))
    assert message["flags"] & EPHEMERAL
    assert "command" in message["content"] and not TRACEBACK.search(message["content"])


async def test_a_failing_engine_call_is_logged_and_answered_politely(
    double, bot, monkeypatch, caplog
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("index file vanished")

    monkeypatch.setattr(bot.engine, "search", broken)
    message = await double.interact(payloads.interaction(2, payloads.slash("search", query="anything")))
    assert "went wrong" in message["content"] and not TRACEBACK.search(message["content"])
    assert "index file vanished" in caplog.text and "/search" in caplog.text


async def test_cooldowns_answer_with_a_friendly_ephemeral_message(double, start_bot) -> None:
    async with start_bot(cooldowns=_cooldowns(user_rate=1)):
        first = await double.interact(
            payloads.interaction(2, payloads.slash("ask", question="What is LlamaRL?"))
        )
        second = await double.interact(
            payloads.interaction(2, payloads.slash("ask", question="What is Voxtral?"))
        )
    assert first["embeds"]
    assert second["flags"] & EPHEMERAL and "try again in" in second["content"]


async def test_reload_is_refused_without_manage_server_and_runs_with_it(double, bot) -> None:
    refused = await double.interact(payloads.interaction(2, payloads.slash("reload")))
    assert refused["flags"] & EPHEMERAL and "Manage Server" in refused["content"]
    admin = payloads.interaction(
        2, payloads.slash("reload"), user_id=payloads.ADMIN_ID, permissions=payloads.ALL_PERMISSIONS
    )
    done = await _followup(double, admin)
    assert done["flags"] & EPHEMERAL and done["content"]


async def test_reload_is_not_available_in_dms(double, bot) -> None:
    refused = await double.interact(
        payloads.interaction(2, payloads.slash("reload", guild=False), in_dm=True)
    )
    assert "server" in refused["content"]


async def _followup(double, interaction: dict) -> dict:
    await double.dispatch("INTERACTION_CREATE", interaction)
    token = interaction["token"]
    request = await double.wait_until(
        lambda: next((r for r in double.for_token(token) if r.path.startswith("/webhooks/")), None)
    )
    return request.body


def _cooldowns(user_rate: int):
    from bot.discordbot.settings import CooldownSettings, RateSettings

    return CooldownSettings(user=RateSettings(rate=user_rate, per=60.0))


async def test_a_rate_limited_mention_gets_an_hourglass_not_a_reply(double, start_bot) -> None:
    mention = f"<@{payloads.BOT_ID}> what is LlamaRL?"
    bot_user = payloads.user(payloads.BOT_ID, "paperbot", bot=True)
    async with start_bot(cooldowns=_cooldowns(user_rate=1)):
        await double.dispatch("MESSAGE_CREATE", payloads.message(mention, mentions=[bot_user]))
        second = payloads.message(mention, mentions=[bot_user])
        await double.dispatch("MESSAGE_CREATE", second)
        reaction = await double.wait_until(
            lambda: next((r for r in double.requests if "/reactions/" in r.path), None)
        )
        await double.wait_until(lambda: any(r.path.endswith("/messages") for r in double.requests))
    assert reaction.method == "PUT" and f"/messages/{second['id']}/reactions/" in reaction.path
    assert len([r for r in double.requests if r.path.endswith("/messages")]) == 1


async def test_buttons_share_the_cooldown_of_commands(double, start_bot) -> None:
    async with start_bot(cooldowns=_cooldowns(user_rate=1)):
        await double.interact(payloads.interaction(2, payloads.slash("ask", question="What is LlamaRL?")))
        answer = next(iter(double.messages.values()))
        button = answer["components"][0]["components"][0]["custom_id"]
        click = payloads.interaction(3, payloads.button_click(button), message_payload=answer)
        refused = await double.interact(click)
    assert refused["flags"] & EPHEMERAL and "try again in" in refused["content"]
