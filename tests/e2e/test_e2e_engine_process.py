"""discord.engine_process: the engine in a worker process, the event loop on its own core."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from bot.answer.templates import BUNDLED
from bot.discordbot.runner import ProcessRunner

from . import payloads
from .conftest import bot_config, running


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


def _templates(path: Path, footer: str) -> Path:
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    data["embed"]["footer"] = footer
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


async def test_an_operators_templates_style_embeds_in_process_mode_and_reload_restyles_them(
    double, tmp_path
) -> None:
    templates = _templates(tmp_path / "answers.yaml", "Custom footer: {{ matched }} matched")
    config = bot_config(tmp_path, engine_process=True)
    config = dataclasses.replace(config, answer=dataclasses.replace(config.answer, templates=str(templates)))
    ask = lambda: payloads.interaction(2, payloads.slash("ask", question="What is LlamaRL?"))  # noqa: E731
    async with running(config, None) as bot:
        assert isinstance(bot.runner, ProcessRunner)
        before = await double.interact(ask(), timeout=60)
        _templates(templates, "Restyled: {{ matched }}")
        admin = payloads.interaction(
            2, payloads.slash("reload"), user_id=payloads.ADMIN_ID, permissions=payloads.ALL_PERMISSIONS
        )
        await double.dispatch("INTERACTION_CREATE", admin)
        await double.wait_until(
            lambda: any(r.path.startswith("/webhooks/") for r in double.for_token(admin["token"])), timeout=60
        )
        after = await double.interact(ask(), timeout=60)
    assert before["embeds"][0]["footer"]["text"].startswith("Custom footer:")
    assert after["embeds"][0]["footer"]["text"].startswith("Restyled:")
