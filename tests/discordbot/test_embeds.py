from __future__ import annotations

from bot.answer.budget import EMBED_DESCRIPTION, EMBED_FIELD_VALUE, EMBED_FIELDS, EMBED_TITLE, EMBED_TOTAL
from bot.answer.types import EmbedField, EmbedSpec
from bot.discordbot.embeds import to_discord


def test_a_spec_becomes_the_same_embed() -> None:
    spec = EmbedSpec(
        title="Answer",
        description="Llama 4 uses routed experts [1].",
        url="https://arxiv.org/abs/2501.00001",
        fields=(EmbedField("[1] Llama 4 report", "Meta, 2025", inline=True),),
        footer="3 papers matched",
        color=0x123456,
        extra={"author": "PaperBot"},
    )
    embed = to_discord(spec).to_dict()
    assert embed["title"] == "Answer"
    assert embed["description"] == spec.description
    assert embed["url"] == spec.url
    assert embed["fields"] == [{"name": "[1] Llama 4 report", "value": "Meta, 2025", "inline": True}]
    assert embed["footer"] == {"text": "3 papers matched"}
    assert embed["color"] == 0x123456
    assert embed["author"]["name"] == "PaperBot"


def test_oversized_specs_are_clipped_to_discord_limits() -> None:
    spec = EmbedSpec(
        title="t" * 1000,
        description="d" * 10_000,
        fields=tuple(EmbedField(f"f{i}", "v" * 2000) for i in range(40)),
        footer="x" * 3000,
    )
    embed = to_discord(spec)
    assert len(embed.title or "") == EMBED_TITLE and embed.title.endswith("…")
    assert 0 < len(embed.description or "") <= EMBED_DESCRIPTION
    assert len(embed.fields) <= EMBED_FIELDS
    assert all(len(field.value or "") <= EMBED_FIELD_VALUE for field in embed.fields)
    assert len(embed) <= EMBED_TOTAL  # discord.Embed.__len__ counts what Discord counts


def test_empty_field_text_becomes_a_zero_width_space() -> None:
    embed = to_discord(EmbedSpec(title="t", description="d", fields=(EmbedField("", ""),)))
    assert embed.fields[0].name == "\u200b" and embed.fields[0].value == "\u200b"
