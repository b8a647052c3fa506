"""With discord.shard_count set, an AutoShardedBot runs only its shards (one process per slice)."""

from __future__ import annotations

from bot.discordbot.client import ShardedPaperBot

from . import payloads


async def test_a_sharded_bot_identifies_only_its_shard_and_answers(double, start_bot) -> None:
    double.sharded = True
    async with start_bot(shard_count=2, shard_ids=[1]) as bot:
        assert isinstance(bot, ShardedPaperBot)
        message = await double.interact(
            payloads.interaction(2, payloads.slash("ask", question="What is LlamaRL?"))
        )
    identifies = [frame["d"] for frame in double.frames if frame["op"] == 2]
    assert [identify["shard"] for identify in identifies] == [[1, 2]]
    assert "LlamaRL" in str(message["embeds"])
