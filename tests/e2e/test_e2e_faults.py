"""Gateway and REST faults, end to end: reconnect storms, invalid sessions, a zombie connection,
429s (per route and global) and 5xx on the routes the bot answers through.

Every interaction the double delivers must be answered (or, when Discord itself refuses the answer,
apologised for where Discord still allows it, and logged with context), and every retry after a
429 must come after the ``retry_after`` Discord asked for.
"""

from __future__ import annotations

import asyncio
import logging
import re

import pytest

from . import payloads
from .double import PATIENCE

CALLBACK = r"/interactions/\d+/[^/]+/callback"
FOLLOWUP = r"/webhooks/\d+/[^/]+"
CHANNEL_MESSAGES = r"/channels/\d+/messages"
TRACEBACK = re.compile(r"Traceback|File \"|Error\(|Exception")


def ask(question: str = "What is LlamaRL?", user_id: int = payloads.USER_ID) -> dict:
    return payloads.interaction(2, payloads.slash("ask", question=question), user_id=user_id)


async def eventually(predicate, timeout: float = PATIENCE) -> None:
    """For what the double is not notified of (log records): poll, bounded."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


def attempts(double, token: str, path: str) -> list:
    return [r for r in double.for_token(token) if re.fullmatch(path, r.path)]


# ---- gateway -------------------------------------------------------------------------------


async def test_a_reconnect_storm_loses_no_interaction(double, bot) -> None:
    sent = []
    for drop in range(1, 6):
        await double.drop_connection()
        sent.append(ask(f"What is LlamaRL? ({drop})", user_id=payloads.USER_ID + drop))
        await double.dispatch("INTERACTION_CREATE", sent[-1])  # while down: replayed on resume
        await double.wait_until(lambda: double.resumes == drop)  # noqa: B023
    for interaction in sent:
        assert "LlamaRL" in str((await double.reply_to(interaction))["embeds"])
    assert double.identifies == 1  # five resumes of one session, no new login


@pytest.mark.parametrize("resumable", [True, False])
async def test_an_invalid_session_is_resumed_or_replaced_and_commands_still_answered(
    double, bot, resumable: bool
) -> None:
    await double.invalidate_session(resumable=resumable)
    if resumable:
        await double.wait_until(lambda: double.resumes == 1)
    else:  # the session is gone: discord.py identifies again and gets a new READY
        await double.wait_until(lambda: double.identifies == 2 and bot.is_ready())
    message = await double.interact(ask())
    assert "LlamaRL" in str(message["embeds"])
    assert (double.identifies, double.resumes) == ((1, 1) if resumable else (2, 0))


async def test_a_zombie_connection_without_heartbeat_acks_is_detected_and_resumed(double, start_bot) -> None:
    double.heartbeat_ms = 200
    async with start_bot(client_options={"heartbeat_timeout": 1.0}):
        double.ack_delay = 30.0  # this connection stops acknowledging heartbeats
        await double.wait_until(lambda: double.resumes == 1)
        message = await double.interact(ask())
    assert "LlamaRL" in str(message["embeds"])
    assert double.identifies == 1


# ---- REST: rate limits ---------------------------------------------------------------------


async def test_a_rate_limited_interaction_callback_is_retried_after_retry_after(double, bot) -> None:
    double.fail("POST", CALLBACK, 429, retry_after=0.5)
    interaction = ask()
    message = await double.interact(interaction)
    limited, retried = attempts(double, interaction["token"], CALLBACK)
    assert (limited.status, retried.status) == (429, 200)
    assert retried.at - limited.at >= 0.5
    assert "LlamaRL" in str(message["embeds"])


@pytest.mark.parametrize("is_global", [False, True])
async def test_a_rate_limited_mention_reply_waits_retry_after_then_arrives(
    double, bot, is_global: bool
) -> None:
    double.fail("POST", CHANNEL_MESSAGES, 429, retry_after=0.5, is_global=is_global)
    mention = payloads.message(
        f"<@{payloads.BOT_ID}> what is LlamaRL?",
        mentions=[payloads.user(payloads.BOT_ID, "paperbot", bot=True)],
    )
    await double.dispatch("MESSAGE_CREATE", mention)
    await double.wait_until(lambda: _channel_posts(double, ok=True))
    limited, retried = _channel_posts(double)
    assert (limited.status, retried.status) == (429, 200)
    assert retried.at - limited.at >= 0.5
    assert str(retried.body["message_reference"]["message_id"]) == mention["id"]


def _channel_posts(double, *, ok: bool = False) -> list:
    posts = [r for r in double.requests if r.method == "POST" and re.fullmatch(CHANNEL_MESSAGES, r.path)]
    return [r for r in posts if r.status == 200] if ok else posts


# ---- REST: server errors -------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502])
async def test_a_server_error_on_the_interaction_callback_is_retried(double, bot, status: int) -> None:
    double.fail("POST", CALLBACK, status)
    interaction = ask()
    message = await double.interact(interaction)
    assert [r.status for r in attempts(double, interaction["token"], CALLBACK)] == [status, 200]
    assert "LlamaRL" in str(message["embeds"])


async def test_a_server_error_on_the_followup_after_a_deferral_is_retried(double, start_bot) -> None:
    async with start_bot(defer_after=0.0):  # always defer: the answer goes out as a followup
        double.fail("POST", FOLLOWUP, 503)
        interaction = ask()
        message = await double.interact(interaction)
    assert [r.status for r in attempts(double, interaction["token"], FOLLOWUP)] == [503, 200]
    assert "LlamaRL" in str(message["embeds"])


@pytest.mark.parametrize("status", [500, 503])  # discord.py retries 500 itself, 503 is ours to retry
async def test_a_server_error_on_a_mention_reply_is_retried(double, bot, status: int) -> None:
    double.fail("POST", CHANNEL_MESSAGES, status)
    mention = payloads.message(
        f"<@{payloads.BOT_ID}> what is LlamaRL?",
        mentions=[payloads.user(payloads.BOT_ID, "paperbot", bot=True)],
    )
    await double.dispatch("MESSAGE_CREATE", mention)
    reply = await double.wait_until(lambda: next(iter(_channel_posts(double, ok=True)), None))
    assert [r.status for r in _channel_posts(double)] == [status, 200]
    assert "LlamaRL" in str(reply.body["embeds"])


# ---- when the answer truly can't be delivered ----------------------------------------------


async def test_a_followup_that_keeps_failing_becomes_an_apology_in_the_deferred_message(
    double, start_bot, caplog
) -> None:
    async with start_bot(defer_after=0.0):
        double.fail("POST", FOLLOWUP, 429, times=1000, retry_after=0.05)
        interaction = ask()
        apology = await double.interact(interaction)
    edit = double.answered[interaction["token"]]
    assert edit.method == "PATCH" and edit.path.endswith("/messages/@original")
    assert "went wrong" in apology["content"] and not TRACEBACK.search(apology["content"])
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR and "/ask" in r.getMessage()]
    assert errors and f"interaction={interaction['id']}" in errors[0].getMessage()


async def test_a_callback_that_keeps_failing_past_the_deadline_is_logged_with_context(
    double, bot, caplog
) -> None:
    # Two 500s: discord.py's backoff (1 s, then 3 s) carries the third try past Discord's 3-second
    # window, and Discord answers "Unknown interaction": no route is left to answer on.
    double.fail("POST", CALLBACK, 500, times=2)
    interaction = ask()
    await double.dispatch("INTERACTION_CREATE", interaction)
    token = interaction["token"]
    await double.wait_until(lambda: any(r.status == 404 for r in double.for_token(token)))
    await eventually(lambda: "expired before its first response" in caplog.text)
    assert [r.status for r in double.for_token(token)] == [500, 500, 404]  # no doomed apology tried
    warning = next(r.getMessage() for r in caplog.records if "expired before" in r.getMessage())
    assert "/ask" in warning and f"interaction={interaction['id']}" in warning
