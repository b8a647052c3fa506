"""The bundled seed corpus (five real scraped dumps + the curated overrides) read end to end."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.corpus import CorpusLoad, load_corpus
from bot.corpus.text import comparison_key
from bot.models import Paper

from .conftest import seed_settings

Find = Callable[[str], Paper]


def test_the_seeds_hold_exactly_29_distinct_papers(seeds: CorpusLoad) -> None:
    """52 occurrences, 29 papers, counted by reading the five files line by line.

    000 (10 Abstract: lines): Llama 4 reference, Ministral 3, Voxtral, Magistral, KL pitfalls,
        LlamaRL, AGRO, Jensen CoT, inference-time objectives, SPO                       -> 10 new
    001 (10 blocks): Voxtral (titled, 106 authors) and KL/LlamaRL/AGRO/Jensen/inference/SPO
        again; new: Asymmetric REINFORCE, scalable oversight, BYOL-AC                     -> 3 new
    002 (10 Abstract: lines): Ministral 3, Voxtral, Magistral again; new: Voxtral Realtime,
        Pixtral, BOND, Gemma, Gemini (v1 wording), zeroth-order, online non-convex       -> 7 new
    003 (12 listing cards): BOND, Ministral 3, Magistral, Gemma, Voxtral, Voxtral Realtime,
        Gemini (reworded ending), zeroth-order, online non-convex again; new: Devstral,
        ITE estimation, hedging                                                           -> 3 new
    004 (10 Abstract: lines): Voxtral Realtime, Ministral 3, Voxtral, Magistral again; new:
        DeIllusionLLM, FlashCodec, Chain of Draft, T-REG, multilingual IFT, EPNN          -> 6 new
    10 + 3 + 7 + 3 + 6 = 29, and 52 - 29 = 23 occurrences merged into earlier ones.
    """
    assert len(seeds.papers) == 29
    assert seeds.merges == 23
    assert sum(len(p.sources) for p in seeds.papers) == 52


def test_no_two_records_share_an_abstract_or_an_id(seeds: CorpusLoad) -> None:
    keys = [comparison_key(p.abstract) for p in seeds.papers]
    assert len(set(keys)) == len(keys)
    assert len({p.id for p in seeds.papers}) == len(seeds.papers)


def test_loading_is_clean_and_deterministic(seeds: CorpusLoad, bundled_corpus: Path) -> None:
    again = load_corpus(seed_settings(bundled_corpus))
    assert seeds.warnings == ()
    assert [p.id for p in again.papers] == [p.id for p in seeds.papers]
    assert again.papers == seeds.papers
    assert again.checksum == seeds.checksum


def test_voxtral_merged_from_three_formats_keeps_every_field(find: Find) -> None:
    voxtral = find("We present Voxtral Mini and Voxtral Small")
    assert voxtral.id == voxtral.arxiv_id == "2507.13264"
    assert voxtral.title == "Voxtral"
    assert (
        len(voxtral.authors) == 106 and voxtral.authors_complete
    )  # the block's list beats the card's "et al."
    assert voxtral.authors[:3] == ("Alexander H. Liu", "Andy Ehrenberg", "Andy Lo")
    assert voxtral.authors[-1] == "Yunhao Tang"
    assert "Patrick von Platen" in voxtral.authors and "Diego de las Casas" in voxtral.authors
    assert voxtral.pages == "17 pages"
    assert (voxtral.published, voxtral.updated) == (date(2025, 7, 17), date(2025, 7, 18))
    assert voxtral.category == "cs.SD"  # only the listing card knows it
    assert voxtral.affiliation == "deepmind"
    assert {s.format for s in voxtral.sources} == {"abstract-line", "block", "card"}
    assert len(voxtral.sources) == 5


@pytest.mark.parametrize(
    ("phrase", "title", "first_authors", "complete", "published", "category", "has_code", "affiliation"),
    [
        ("Best-of-N Distillation (BOND)", "BOND: Aligning LLMs with Best-of-N Distillation",
         ("Pier Giuseppe Sessa", "Robert Dadashi", "Léonard Hussenot"), False, date(2024, 7, 19), "cs.LG", False, None),
        ("We introduce the Ministral 3 series", "Ministral 3",
         ("Alexander H. Liu", "Kartik Khandelwal", "Sandeep Subramanian"), False, date(2026, 1, 13), "cs.CL", False, None),
        ("We introduce Magistral", "Magistral",
         ("Mistral-AI", "Abhinav Rastogi", "Albert Q. Jiang"), False, date(2025, 6, 12), "cs.CL", True, None),
        ("This work introduces Gemma", "Gemma: Open Models Based on Gemini Research and Technology",
         ("Gemma Team", "Thomas Mesnard", "Cassidy Hardin"), False, date(2024, 3, 13), "cs.CL", False, "deepmind"),
        ("We introduce Devstral-Small", "Devstral: Fine-tuning Language Models for Coding Agent Applications",
         ("Abhinav Rastogi", "Adam Yang", "Albert Q. Jiang"), False, date(2025, 8, 8), "cs.SE", True, "deepmind"),
        ("We introduce Voxtral Realtime", "Voxtral Realtime",
         ("Alexander H. Liu", "Andy Ehrenberg", "Andy Lo"), False, date(2026, 2, 11), "cs.AI", False, None),
        ("new family of multimodal models, Gemini", "Gemini: A Family of Highly Capable Multimodal Models",
         ("Gemini Team", "Rohan Anil", "Sebastian Borgeaud"), False, date(2023, 12, 19), "cs.CL", False, None),
        ("hierarchical version of dual averaging", "Zeroth-order non-convex learning via hierarchical dual averaging",
         ("Amélie Héliou", "Matthieu Martin", "Panayotis Mertikopoulos"), False, date(2021, 9, 13), "cs.LG", False, None),
        ("online learning with non-convex losses", "Online non-convex optimization with imperfect feedback",
         ("Amélie Héliou", "Matthieu Martin", "Panayotis Mertikopoulos"), False, date(2020, 10, 16), "cs.LG", False, None),
        ("Individual Treatment Effect (ITE)",
         "Individual Treatment Prescription Effect Estimation in a Low Compliance Setting",
         ("Thibaud Rahier", "Amélie Héliou", "Matthieu Martin"), False, date(2020, 8, 7), "stat.ML", False, None),
        ("hedge\" variant", "Exponentially fast convergence to (strict) equilibrium via hedging",
         ("Johanne Cohen", "Amélie Héliou", "Panayotis Mertikopoulos"), True, date(2016, 7, 29), "cs.GT", False, None),
    ],
)  # fmt: skip
def test_each_listing_card_splits_title_from_authors(
    find: Find,
    phrase: str,
    title: str,
    first_authors: tuple[str, ...],
    complete: bool,
    published: date,
    category: str,
    has_code: bool,
    affiliation: str | None,
) -> None:
    paper = find(phrase)
    assert paper.title == title and not paper.title_provisional
    assert paper.authors == first_authors
    assert paper.authors_complete is complete  # "et al." means the list is cut
    assert paper.published == published
    assert paper.category == category and paper.categories[0] == category
    assert paper.has_code is has_code
    assert paper.affiliation == affiliation


def test_year_less_card_dates_belong_to_the_year_after_the_latest_printed_one(find: Find) -> None:
    """ "Jan 13" (Ministral 3, arXiv 2601.x) and "Feb 11" (Voxtral Realtime, 2602.x) are 2026 dates:
    the listing prints years up to 2025, so the page itself was made in 2026."""
    assert find("We introduce the Ministral 3 series").published == date(2026, 1, 13)
    assert find("We introduce Voxtral Realtime").year == 2026


def test_every_curated_override_is_applied(seeds: CorpusLoad, bundled_corpus: Path) -> None:
    entries = yaml.safe_load((bundled_corpus / "overrides.yaml").read_text(encoding="utf-8"))
    assert len(entries) == 16
    for entry in entries:
        hits = [p for p in seeds.papers if entry["match"].casefold() in p.abstract.casefold()]
        assert len(hits) == 1, entry["match"]
        assert hits[0].title == entry["title"] and not hits[0].title_provisional
        assert hits[0].arxiv_id == hits[0].id == entry["arxiv_id"]


def test_bundled_overrides_are_the_shared_curated_titles(bundled_corpus: Path, shared_dir: Path) -> None:
    shared = shared_dir / "corpus-metadata" / "titles.yaml"
    assert (bundled_corpus / "overrides.yaml").read_bytes() == shared.read_bytes()


def test_only_the_llama_4_reference_has_a_provisional_title(seeds: CorpusLoad, find: Find) -> None:
    llama = find("Llama 4 model family")
    assert llama.title_provisional
    assert llama.title == "Publicly reported technical details about Metas Llama 4 model family"
    assert [p for p in seeds.papers if p.title_provisional] == [llama]


def test_ids_are_arxiv_ids_where_known_else_a_hash_of_the_abstract(seeds: CorpusLoad) -> None:
    for paper in seeds.papers:
        if paper.arxiv_id:
            assert paper.id == paper.arxiv_id and re.fullmatch(r"\d{4}\.\d{5}", paper.id)
        else:
            assert re.fullmatch(r"abs-[0-9a-f]{12}", paper.id)
    # 10 from the blocks' arXiv: lines, 7 more only from the overrides (Pixtral, DeIllusionLLM, ...).
    assert sum(1 for p in seeds.papers if p.arxiv_id) == 17


def test_near_duplicate_gemini_abstracts_merge_keeping_the_fuller_one(find: Find) -> None:
    """The dump has Gemini's first abstract, the listing a version with a reworded ending."""
    gemini = find("Gemini Ultra model advances the state of the art")
    assert "Google AI Studio" in gemini.abstract  # the longer, later wording wins
    assert {s.format for s in gemini.sources} == {"abstract-line", "card"}


def test_latex_is_kept_readable(find: Find) -> None:
    assert "$\\mathcal{O}(\\exp(-a\\sum_{j=1}^{t}γ_{j}))$ where a>0 is a constant" in find("hedge").abstract
    assert "BYOL-Π" in find("BYOL-AC").abstract
    assert "pass@k and majority voting" in find("majority voting").abstract
    assert "serve up to 3.0× more requests" in find("FlashCodec").abstract
    assert "(Llama-3.2 11B & Qwen-2-VL 7B)" in find("Pixtral-12B").abstract
    assert "advantage is defined as A=r-V, with r a reward" in find("off-policy REINFORCE").abstract


def test_links_to_code_set_the_code_flag(find: Find) -> None:
    assert find("token-level reward regularization").has_code  # github.com link in the abstract
    assert not find("Chain of Draft").has_code


def test_checksum_changes_with_the_input_bytes_and_the_overrides(
    bundled_corpus: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "corpus"
    shutil.copytree(bundled_corpus, copy)
    base = load_corpus(seed_settings(copy)).checksum
    assert load_corpus(seed_settings(copy)).checksum == base
    dump = copy / "000_8db8efb83dfeb82b.txt"
    dump.write_bytes(dump.read_bytes() + b"\n")
    changed_dump = load_corpus(seed_settings(copy)).checksum
    overrides = copy / "overrides.yaml"
    overrides.write_text(overrides.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    changed_overrides = load_corpus(seed_settings(copy)).checksum
    assert len({base, changed_dump, changed_overrides}) == 3
