"""Questions through the real gateway: /ask, mentions, DMs and the "Ask PaperBot" menu."""

from __future__ import annotations

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
