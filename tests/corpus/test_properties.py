"""Property tests: the parser never raises, and input order never changes the records."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.corpus import load_corpus
from bot.corpus.loader import parse_bytes
from bot.corpus.overrides import parse_overrides
from bot.corpus.settings import CorpusSettings
from bot.models import Paper

SETTINGS = CorpusSettings(paths=[], overrides=None)
SEED_FILES = sorted((Path(__file__).resolve().parents[2] / "corpus").glob("*.txt"))
# Pieces of real dump text, so generated input mixes the three formats with noise.
FRAGMENTS = [
    "Abstract:",
    "arXiv:2507.13264",
    "arXiv:",
    "Created: 2025-07-17 Updated: 2025-07-18",
    "Created: 2025-13-45",
    "17 pages",
    "CLJan 13",
    "MLAug 7, 2020Code",
    "ZZFeb 30, 2021",
    "VoxtralAlexander H. Liu, Andy Lo et al. · deepmind",
    "$\\times$",
    "$\\mathcal{O}(",
    "\\'a",
    ".I 1",
    ".W",
    '{"id": "2501.00001", "abstract": "x"}',
    "{",
    "\n",
    "\n\n",
]


@pytest.mark.fuzz
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=80)), max_size=30))
def test_parser_never_raises_on_arbitrary_text(pieces: list[str]) -> None:
    parsed = parse_bytes("".join(pieces).encode("utf-8", errors="surrogatepass"), "fuzz.txt", SETTINGS)
    assert all(draft.abstract for draft in parsed.drafts if draft.source.format != "trec")


@pytest.mark.fuzz
@given(st.binary(max_size=2000))
def test_parser_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    parse_bytes(data, "fuzz.bin", SETTINGS)


@pytest.mark.fuzz
@given(st.text(alphabet=st.sampled_from("- :[]{}'\"#&*!|>\n abc1."), max_size=200))
def test_overrides_reader_never_raises(text: str) -> None:
    parse_overrides(text, "fuzz.yaml")


def test_deeply_nested_overrides_are_reported() -> None:
    overrides, warnings = parse_overrides("[" * 5000, "deep.yaml")
    assert overrides == [] and len(warnings) == 1


def units(text: str) -> list[str]:
    """The seed text cut into self-contained pieces: an Abstract: line, a card, a block."""
    if text.startswith(("CL", "LG")):  # the listing: three lines per card
        lines = text.strip().split("\n")
        return ["\n".join(lines[i : i + 3]) for i in range(0, len(lines), 3)]
    if "\narXiv:" in text:  # blocks end with their Created: line
        blocks, current = [], []
        for line in text.split("\n"):
            current.append(line)
            if line.startswith("Created:"):
                blocks.append("\n".join(current).strip())
                current = []
        return blocks
    return [line for line in text.split("\n") if line.strip()]


SEED_UNITS = {path.name: units(path.read_text(encoding="utf-8")) for path in SEED_FILES}
LISTING = "003_84425def74275655.txt"


def test_seed_units_cover_every_occurrence() -> None:
    assert {name: len(u) for name, u in SEED_UNITS.items()} == {
        "000_8db8efb83dfeb82b.txt": 10,
        "001_2822f150ebbaf7b9.txt": 10,
        "002_895504085dc47391.txt": 10,
        LISTING: 12,
        "004_0f14f258d15a4062.txt": 10,
    }


def load_files(folder: Path, files: list[list[str]]) -> frozenset[Paper]:
    for i, pieces in enumerate(files):
        (folder / f"part{i:02d}.txt").write_text("\n\n".join(pieces) + "\n", encoding="utf-8")
    overrides = SEED_FILES[0].parent / "overrides.yaml"
    result = load_corpus(CorpusSettings(paths=[str(folder)], overrides=str(overrides)))
    assert result.warnings == ()
    return frozenset(result.papers)  # Paper equality ignores sources (file and line differ)


ORIGINAL: dict[str, frozenset[Paper]] = {}


@pytest.mark.fuzz
@given(data=st.data())
def test_shuffling_blocks_and_files_yields_the_same_records(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    if "seeds" not in ORIGINAL:
        ORIGINAL["seeds"] = load_files(tmp_path_factory.mktemp("original"), list(SEED_UNITS.values()))
    # Cards stay in their listing (their year comes from it); every other piece may go anywhere.
    loose = [u for name, pieces in SEED_UNITS.items() if name != LISTING for u in pieces]
    loose = data.draw(st.permutations(loose))
    listing = data.draw(st.permutations(SEED_UNITS[LISTING]))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(loose)), max_size=4)))
    files = [loose[a:b] for a, b in zip([0, *cuts], [*cuts, len(loose)], strict=True)]
    files = [pieces for pieces in files if pieces]
    files.insert(data.draw(st.integers(0, len(files))), listing)
    assert load_files(tmp_path_factory.mktemp("shuffled"), files) == ORIGINAL["seeds"]
