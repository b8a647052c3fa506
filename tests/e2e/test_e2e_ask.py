"""Questions through the real gateway: /ask, mentions, DMs and the "Ask PaperBot" menu."""

from __future__ import annotations

import time

from bot.engine import Engine

from . import payloads

LLAMARL = "LlamaRL"


def cited_titles(message: dict) -> str:
    (embed,) = message["embeds"]
    return " ".join(field["name"] for field in embed.get("fields", [])) + embed.get("description", "")


def custom_ids(message: dict) -> list[str]:
    return [button["custom_id"] for row in message.get("components", []) for button in row["components"]]


async def test_ask_gets_an_embed_citing_the_right_paper(double, bot) -> None:
    interaction = payloads.interaction(2, payloads.slash("ask", question="What is LlamaRL?"))
    message = await double.interact(interaction)
    assert LLAMARL in cited_titles(message)
    llamarl = bot.engine.paper(LLAMARL)
    assert llamarl is not None
    assert f"pb:abstract:{llamarl.id}" in custom_ids(message)


async def test_a_mention_gets_a_reply_to_that_message(double, bot) -> None:
    question = payloads.message(
        f"<@{payloads.BOT_ID}> what is LlamaRL?",
        mentions=[payloads.user(payloads.BOT_ID, "paperbot", bot=True)],
    )
    await double.dispatch("MESSAGE_CREATE", question)
    sent = await double.wait_until(
        lambda: next(
            (r for r in double.requests if r.path == f"/channels/{payloads.CHANNEL_ID}/messages"), None
        )
    )
    assert str(sent.body["message_reference"]["message_id"]) == question["id"]
    assert LLAMARL in cited_titles(sent.body)


async def test_messages_not_addressed_to_the_bot_are_ignored(double, bot) -> None:
    await double.dispatch("MESSAGE_CREATE", payloads.message("what is LlamaRL?"))
    probe = payloads.interaction(2, payloads.slash("help"))
    await double.interact(probe)  # events are handled in order: the message was seen before this
    assert not [r for r in double.requests if "/messages" in r.path and r.path.startswith("/channels")]


async def test_a_direct_message_is_answered_without_a_mention(double, bot) -> None:
    dm = payloads.message("what is LlamaRL?", channel_id=payloads.DM_CHANNEL_ID, guild_id=None)
    await double.dispatch("MESSAGE_CREATE", dm)
    sent = await double.wait_until(
        lambda: next(
            (r for r in double.requests if r.path == f"/channels/{payloads.DM_CHANNEL_ID}/messages"), None
        )
    )
    assert LLAMARL in cited_titles(sent.body)


async def test_the_message_context_menu_answers_the_selected_message(double, bot) -> None:
    target = payloads.message("How does LlamaRL train large language models?")
    interaction = payloads.interaction(2, payloads.message_command("Ask PaperBot", target))
    message = await double.interact(interaction)
    assert LLAMARL in cited_titles(message)


_FAST_ASK = Engine.ask


def slow_ask(engine: Engine, *args, **kwargs):
    """Module-level, so engine work calling it can be pickled like the worker process needs."""
    time.sleep(0.3)  # runs on the engine thread: the event loop stays free
    return _FAST_ASK(engine, *args, **kwargs)


async def test_slow_answers_are_deferred_then_sent_as_a_followup(double, start_bot, monkeypatch) -> None:
    monkeypatch.setattr(Engine, "ask", slow_ask)
    async with start_bot(defer_after=0.05):
        interaction = payloads.interaction(2, payloads.slash("ask", question="What is LlamaRL?"))
        message = await double.interact(interaction)
    kinds = [
        r.body.get("type") if r.path.endswith("/callback") else r.path.split("/")[1]
        for r in double.for_token(interaction["token"])
    ]
    assert kinds == [5, "webhooks"]  # DEFERRED_CHANNEL_MESSAGE, then the followup
    assert LLAMARL in cited_titles(message)


async def test_replies_can_go_to_a_new_thread(double, start_bot) -> None:
    async with start_bot(reply_in_thread=True):
        question = payloads.message(
            f"<@{payloads.BOT_ID}> what is LlamaRL?",
            mentions=[payloads.user(payloads.BOT_ID, "paperbot", bot=True)],
        )
        await double.dispatch("MESSAGE_CREATE", question)
        sent = await double.wait_until(
            lambda: next(
                (r for r in double.requests if r.path.endswith("/messages") and r.method == "POST"), None
            )
        )
    threads = [r for r in double.requests if r.path.endswith("/threads")]
    assert [r.path for r in threads] == [f"/channels/{payloads.CHANNEL_ID}/messages/{question['id']}/threads"]
    assert threads[0].body["name"] == "what is LlamaRL?"
    assert sent.path != f"/channels/{payloads.CHANNEL_ID}/messages" and LLAMARL in cited_titles(sent.body)


async def test_auto_answer_channels_answer_without_a_mention_and_ask_for_the_content_intent(
    double, start_bot
) -> None:
    async with start_bot(auto_answer_channels=[payloads.CHANNEL_ID], message_content_intent=True):
        await double.dispatch("MESSAGE_CREATE", payloads.message("what is LlamaRL?"))
        sent = await double.wait_until(
            lambda: next(
                (r for r in double.requests if r.path == f"/channels/{payloads.CHANNEL_ID}/messages"), None
            )
        )
    assert LLAMARL in cited_titles(sent.body)
    identify = next(frame["d"] for frame in double.frames if frame["op"] == 2)
    assert identify["intents"] & (1 << 15)  # MESSAGE_CONTENT, only because it was opted into


async def test_without_opting_in_the_privileged_intent_is_not_requested(double, bot) -> None:
    identify = next(frame["d"] for frame in double.frames if frame["op"] == 2)
    assert not identify["intents"] & (1 << 15)
    assert identify["intents"] & (1 << 9) and identify["intents"] & (1 << 12)  # guild and DM messages


async def test_slash_commands_work_in_dms_too(double, bot) -> None:
    interaction = payloads.interaction(
        2, payloads.slash("ask", guild=False, question="What is LlamaRL?"), in_dm=True
    )
    message = await double.interact(interaction)
    assert LLAMARL in cited_titles(message)
