"""What users see for real engine results: embeds citing papers, and the buttons under them."""

from __future__ import annotations

import dataclasses

import pytest

from bot.answer.render import Renderer
from bot.answer.safety import has_mention
from bot.discordbot import present, queries
from bot.discordbot.queries import SearchKey
from bot.engine import Engine, ReloadReport


@pytest.fixture(scope="module")
def renderer(engine: Engine) -> Renderer:
    return engine.renderer


def button_ids(reply: present.Reply) -> list[str]:
    return [item.custom_id for item in reply.view.children] if reply.view else []


def sent(reply: present.Reply) -> dict:
    """The embed as it goes to Discord."""
    return reply.kwargs()["embed"].to_dict()


def test_an_answer_cites_its_papers_and_offers_their_abstracts(engine: Engine, renderer: Renderer) -> None:
    answer = engine.ask("What is LlamaRL?")
    reply = present.answer(renderer, answer)
    embed = sent(reply)
    cited = [citation.paper for citation in answer.citations]
    assert cited and "LlamaRL" in cited[0].title
    assert any("LlamaRL" in field["name"] for field in embed["fields"])
    ids = button_ids(reply)
    assert [i for i in ids if i.startswith("pb:abstract:")] == [f"pb:abstract:{p.id}" for p in cited[:5]]
    assert f"pb:similar:{cited[0].id}" in ids
    assert ("pb:more:1:|||What is LlamaRL?" in ids) == (answer.matched > len(cited))


def test_nothing_found_has_no_buttons(engine: Engine, renderer: Renderer) -> None:
    reply = present.answer(renderer, engine.ask("zymurgy of medieval monasteries"))
    assert reply.embed is not None and reply.view is None


def test_search_pages_link_to_the_next_page_until_the_last(engine: Engine, renderer: Renderer) -> None:
    key = SearchKey("reinforcement learning")
    everything = engine.search(key.query, k=100)
    last = -(-len(everything) // 5)
    assert last >= 2
    first = present.results(renderer, key, queries.search_page(engine, key, 1, 5), 1, 5)
    assert first.embed.footer.startswith("Page 1/")
    assert "pb:more:2:|||reinforcement learning" in button_ids(first)
    final = present.results(renderer, key, queries.search_page(engine, key, last, 5), last, 5)
    assert final.embed.footer.startswith(f"Page {last}/")
    assert not any(i.startswith("pb:more:") for i in button_ids(final))
    beyond = present.results(renderer, key, queries.search_page(engine, key, last + 1, 5), last + 1, 5)
    assert beyond.embed is None and "No more results" in beyond.content


def test_search_filters_travel_with_the_more_button(engine: Engine, renderer: Renderer) -> None:
    paper = engine.paper("LlamaRL")
    key = SearchKey("reinforcement learning", year=paper.year)
    hits = queries.search_page(engine, key, 1, 2)
    assert hits and all(hit.paper.year == paper.year for hit in hits)
    reply = present.results(renderer, key, hits, 1, 2)
    assert f"({paper.year})" in reply.embed.title
    if len(hits) > 2:
        assert f"pb:more:2:{paper.year}|||reinforcement learning" in button_ids(reply)


def test_a_paper_lookup_shows_the_card_or_close_titles(engine: Engine, renderer: Renderer) -> None:
    found = present.paper(renderer, queries.lookup(engine, "Voxtral"))
    assert "Voxtral" in found.embed.title and button_ids(found)[0].startswith("pb:similar:")
    unsure = present.paper(renderer, (None, engine.closest_titles("Voxtrall audio", limit=5)))
    assert unsure.embed is not None and "did you mean" in unsure.embed.title
    assert present.paper(renderer, (None, [])).content.startswith("I couldn't find")


def test_the_abstract_button_shows_the_whole_abstract(engine: Engine, renderer: Renderer) -> None:
    paper = engine.paper("LlamaRL")
    embed = sent(present.abstract(renderer, paper))
    shown = embed["description"] + " ".join(f["value"] for f in embed.get("fields", []))
    assert paper.abstract.split(". ")[-1].strip(". ")[:40] in shown.replace("\\", "")
    assert present.abstract(renderer, None).content == present.GONE


def test_similar_papers_exclude_the_paper_itself(engine: Engine, renderer: Renderer) -> None:
    paper = engine.paper("LlamaRL")
    source, hits = queries.similar_to(engine, paper.id, 5)
    assert source == paper and hits and paper.id not in {hit.paper.id for hit in hits}
    reply = present.similar(renderer, (source, hits))
    assert reply.embed.title.startswith("Similar to: LlamaRL")
    assert present.similar(renderer, (None, [])).content.startswith("I couldn't find")


def test_stats_show_the_corpus_size_years_and_categories(engine: Engine) -> None:
    stats = engine.stats()
    fields = {field.name: field.value for field in present.stats(stats).embed.fields}
    assert fields["Papers"] == f"{stats.papers:,}" and stats.papers == len(engine.papers)
    assert fields["Years"] == f"{stats.first_year}–{stats.last_year}"
    assert fields["Index age"].startswith("<t:")
    top = next(value for name, value in fields.items() if name.startswith("Top categories"))
    assert stats.categories[0][0] in top


def test_help_lists_the_slash_commands(renderer: Renderer) -> None:
    embed = present.help_reply(renderer, [("ask", "Ask a question")]).embed
    assert "PaperBot" in embed.description and "`/ask` Ask a question" in embed.fields[0].value


def sent_texts(reply: present.Reply) -> list[str]:
    """Every text of the message as it goes to Discord."""
    kwargs = reply.kwargs()
    texts = [kwargs["content"] or ""]
    if kwargs["embed"] is not None:
        embed = kwargs["embed"]
        texts += [embed.title or "", embed.description or "", embed.footer.text or ""]
        texts += [text for field in embed.fields for text in (field.name or "", field.value or "")]
    return texts


def within_limits(reply: present.Reply) -> bool:
    kwargs = reply.kwargs()
    embed = kwargs["embed"]
    content_fits = len(kwargs["content"] or "") <= 2000
    if embed is None:
        return content_fits
    fields_fit = all(0 < len(f.name) <= 256 and 0 < len(f.value) <= 1024 for f in embed.fields)
    return content_fits and fields_fit and len(embed) <= 6000 and len(embed.description or "") <= 4096


HOSTILE_TITLE = ("Routing @everyone <@&42> " * 80)[:2000]


def test_similar_with_no_similar_papers_stays_short_and_pings_nobody(
    engine: Engine, renderer: Renderer
) -> None:
    paper = dataclasses.replace(engine.papers[0], title=HOSTILE_TITLE)
    reply = present.similar(renderer, (paper, []))
    assert within_limits(reply) and not any(has_mention(text) for text in sent_texts(reply))
    assert "Routing" in reply.kwargs()["content"]


def test_no_results_quotes_the_query_safely(renderer: Renderer) -> None:
    key = SearchKey("@everyone **bold** " * 200, category="<@&42>" * 10, author="@here")
    reply = present.results(renderer, key, [], 1, 5)
    assert within_limits(reply) and not any(has_mention(text) for text in sent_texts(reply))
    assert reply.kwargs()["content"].startswith("No results for")


def test_stats_fit_with_huge_category_names_and_show_them_literally(engine: Engine) -> None:
    categories = tuple((f"cs.{'`@everyone*' * 130}{i}", 100 - i) for i in range(12))
    stats = dataclasses.replace(engine.stats(), categories=categories)
    reply = present.stats(stats)
    assert within_limits(reply) and not any(has_mention(text) for text in sent_texts(reply))
    top = next(field for field in reply.kwargs()["embed"].fields if field.name.startswith("Top categories"))
    assert "\\`" in top.value  # escaped: a backtick in a name cannot open a code span


def test_help_spreads_many_commands_over_fields(renderer: Renderer) -> None:
    commands = [
        (f"command{i}", "Does something useful with papers, explained at length. " * 2) for i in range(40)
    ]
    reply = present.help_reply(renderer, commands)
    assert within_limits(reply)
    shown = "\n".join(field.value for field in reply.kwargs()["embed"].fields)
    assert all(f"/command{i}`" in shown for i in range(40))


def test_a_long_reload_error_is_clipped(engine: Engine) -> None:
    report = ReloadReport(False, 29, 29, 0, 1.0, "OSError: " + "@everyone cannot read corpus " * 300)
    reply = present.reload(report)
    assert within_limits(reply) and reply.kwargs()["content"].startswith("reload failed")
    assert not has_mention(reply.kwargs()["content"])
