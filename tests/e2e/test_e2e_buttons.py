"""Buttons and autocomplete, clicked and typed through the gateway like a user would."""

from __future__ import annotations

from . import payloads

EPHEMERAL = 64


async def ask(double, question: str) -> dict:
    return await double.interact(payloads.interaction(2, payloads.slash("ask", question=question)))


def click(message: dict, prefix: str) -> dict:
    """A component interaction for the first button of ``message`` whose custom_id starts with ``prefix``."""
    stored = {**message, "id": message.get("id") or payloads.snowflake()}
    buttons = [
        b for row in message["components"] for b in row["components"] if b["custom_id"].startswith(prefix)
    ]
    return payloads.interaction(3, payloads.button_click(buttons[0]["custom_id"]), message_payload=stored)


async def test_the_abstract_button_shows_the_full_abstract_only_to_the_clicker(double, bot) -> None:
    answer = await ask(double, "What is LlamaRL?")
    stored = double.messages[double.posted[_last_token(double)]]
    shown = await double.interact(click(stored, "pb:abstract:"))
    assert shown["flags"] & EPHEMERAL
    paper = bot.engine.paper("LlamaRL")
    (embed,) = shown["embeds"]
    assert paper.abstract[:80] in embed["description"].replace("\n", " ")
    assert answer["embeds"]


async def test_buttons_work_on_messages_sent_before_a_restart(double, start_bot) -> None:
    async with start_bot():
        await ask(double, "What is LlamaRL?")
        stored = double.messages[double.posted[_last_token(double)]]
    async with start_bot():  # a new process: no view state survives, only the custom_id
        shown = await double.interact(click(stored, "pb:abstract:"))
    assert shown["embeds"]


async def test_more_results_pages_through_the_search(double, bot) -> None:
    listing = await double.interact(
        payloads.interaction(2, payloads.slash("search", query="reinforcement learning"))
    )
    stored = double.messages[double.posted[_last_token(double)]]
    page_two = await double.interact(click(stored, "pb:more:"))
    assert page_two["flags"] & EPHEMERAL
    (first,), (second,) = listing["embeds"], page_two["embeds"]
    assert first["footer"]["text"].startswith("Page 1/") and second["footer"]["text"].startswith("Page 2/")
    assert first["description"] != second["description"]


async def test_autocomplete_returns_matching_titles(double, bot) -> None:
    interaction = payloads.interaction(4, payloads.autocomplete("paper", "query", "Voxt"))
    await double.dispatch("INTERACTION_CREATE", interaction)
    callback = await double.wait_until(lambda: next(iter(double.for_token(interaction["token"])), None))
    assert callback.body["type"] == 8
    choices = callback.body["data"]["choices"]
    assert choices and choices[0]["name"].startswith("Voxtral")
    assert bot.engine.get(choices[0]["value"]) is not None  # the value is a paper id


def _last_token(double) -> str:
    """The token of the last interaction that posted a message."""
    return list(double.posted)[-1]


async def test_more_results_on_an_ephemeral_page_turns_it_in_place(double, bot) -> None:
    await double.interact(payloads.interaction(2, payloads.slash("search", query="reinforcement learning")))
    page_two_click = click(double.messages[double.posted[_last_token(double)]], "pb:more:")
    await double.interact(page_two_click)
    page_two = double.messages[double.posted[page_two_click["token"]]]
    page_three_click = click(page_two, "pb:more:")
    await double.interact(page_three_click)
    # Turned in place: the message is updated (type 7), or its "loading" edited when it was deferred.
    (turned,) = [r for r in double.for_token(page_three_click["token"]) if r.message_body is not None]
    assert (turned.method, turned.body.get("type")) in (("POST", 7), ("PATCH", None))
    assert turned.path.endswith(("/callback", "/messages/@original"))
    assert turned.message_body["embeds"][0]["footer"]["text"].startswith("Page 3/")


async def test_the_similar_button_lists_related_papers(double, bot) -> None:
    await ask(double, "What is LlamaRL?")
    shown = await double.interact(click(double.messages[double.posted[_last_token(double)]], "pb:similar:"))
    assert shown["flags"] & EPHEMERAL
    assert shown["embeds"][0]["title"].startswith("Similar to: LlamaRL")


async def test_an_expired_more_button_says_so(double, bot) -> None:
    stale = payloads.message(
        components=[
            {
                "type": 1,
                "components": [
                    {
                        "type": 2,
                        "style": 1,
                        "label": "More results",
                        "custom_id": "pb:more:2:~0123456789abcdef",
                    }
                ],
            }
        ],
        author=payloads.bot_user(),
    )
    shown = await double.interact(click(stale, "pb:more:"))
    assert shown["flags"] & EPHEMERAL and "expired" in shown["content"]
