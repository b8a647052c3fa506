"""discord.engine_process: the engine in a worker process, the event loop on its own core."""

from __future__ import annotations

from bot.discordbot.runner import ProcessRunner

from . import payloads


async def test_the_engine_in_a_worker_process_answers_completes_and_reloads(double, start_bot) -> None:
    async with start_bot(engine_process=True) as bot:
        assert isinstance(bot.runner, ProcessRunner)
        answer = await double.interact(
            payloads.interaction(2, payloads.slash("ask", question="What is LlamaRL?"))
        )
        typed = payloads.interaction(4, payloads.autocomplete("paper", "query", "Voxt"))
        await double.dispatch("INTERACTION_CREATE", typed)
        completion = await double.wait_until(lambda: next(iter(double.for_token(typed["token"])), None))
        admin = payloads.interaction(
            2, payloads.slash("reload"), user_id=payloads.ADMIN_ID, permissions=payloads.ALL_PERMISSIONS
        )
        await double.dispatch("INTERACTION_CREATE", admin)
        reloaded = await double.wait_until(
            lambda: next(
                (r for r in double.for_token(admin["token"]) if r.path.startswith("/webhooks/")), None
            )
        )
    assert "LlamaRL" in str(answer["embeds"])
    assert completion.body["data"]["choices"][0]["name"].startswith("Voxtral")
    assert reloaded.body["content"].startswith("reloaded")
