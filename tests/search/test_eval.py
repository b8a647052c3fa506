"""Evaluation: metrics checked by hand, BEIR loading errors, and the pipeline on a real collection."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.evaluation import DatasetError, load_beir
from bot.evaluation.pipelines import rank
from bot.search.settings import SearchSettings

metrics = pytest.importorskip(
    "bot.evaluation.metrics", reason="pytrec_eval (the eval extra) is not installed"
)

# Plain BM25 nDCG@10 in ../shared/datasets/README.md, and the margin the pipeline must clear.
CRANFIELD_PLAIN_NDCG = 0.347
MARGIN = 1.10


def test_metrics_by_hand() -> None:
    qrels = {"q1": {"d1": 1}, "q2": {"d3": 2, "d4": 1}, "q3": {"d9": 1}}
    rankings = {"q1": ["d2", "d1"], "q2": ["d3", "d5", "d4"], "q3": []}
    result = metrics.evaluate(qrels, rankings)
    # trec_eval's nDCG takes the grade itself as the gain.
    ideal_q2 = 2 + 1 / math.log2(3)
    got_q2 = 2 + 1 / math.log2(4)
    assert result.ndcg_10 == pytest.approx((1 / math.log2(3) + got_q2 / ideal_q2 + 0) / 3)
    assert result.mrr_10 == pytest.approx((1 / 2 + 1 + 0) / 3)
    assert result.map == pytest.approx((1 / 2 + (1 + 2 / 3) / 2 + 0) / 3)
    assert result.recall_100 == pytest.approx(2 / 3)
    assert result.queries == 3  # the query with no results counts as zero, it is not dropped


def test_mrr_is_cut_at_ten() -> None:
    ranking = [f"n{i}" for i in range(10)] + ["d1"]
    assert metrics.evaluate({"q": {"d1": 1}}, {"q": ranking}).mrr_10 == 0.0


def write_beir(root: Path, corpus: str, queries: str, qrels: str) -> Path:
    (root / "qrels").mkdir(parents=True)
    (root / "corpus.jsonl").write_text(corpus, encoding="utf-8")
    (root / "queries.jsonl").write_text(queries, encoding="utf-8")
    (root / "qrels" / "test.tsv").write_text(qrels, encoding="utf-8")
    return root


GOOD_CORPUS = (
    '{"_id": "d1", "title": "Wing flutter", "text": "flutter of a wing"}\n{"_id": "d2", "text": "heat"}\n'
)
GOOD_QUERIES = '{"_id": "1", "text": "wing flutter"}\n{"_id": "2", "text": "unjudged"}\n'


def test_load_beir(tmp_path: Path) -> None:
    root = write_beir(
        tmp_path / "tiny" / "normalized", GOOD_CORPUS, GOOD_QUERIES, "query-id\tcorpus-id\tscore\n1\td1\t2\n"
    )
    collection = load_beir(root)
    assert collection.name == "tiny"
    assert [p.id for p in collection.papers] == ["d1", "d2"]
    assert collection.queries == {"1": "wing flutter"}  # only judged queries are evaluated
    assert collection.qrels == {"1": {"d1": 2}}
    assert rank(collection, "ours", SearchSettings())["1"][0] == "d1"


@pytest.mark.parametrize(
    ("corpus", "qrels", "message"),
    [
        ('{"_id": "d1", "text": "x"}\n{broken\n', "1\td1\t1\n", r"corpus.jsonl:2: not valid JSON"),
        ('["a list"]\n', "1\td1\t1\n", r"corpus.jsonl:1: expected a JSON object"),
        ('{"_id": "d1", "text": 5.5}\n', "1\td1\t1\n", r"corpus.jsonl:1: 'text' must be text"),
        (GOOD_CORPUS, "query-id\tcorpus-id\tscore\n1\td1\n", r"test.tsv:2: expected"),
        (GOOD_CORPUS, "1\td1\thigh\n", r"test.tsv:1: expected"),
        (GOOD_CORPUS, "9\td1\t1\n", r"judged queries missing: 9"),
    ],
)
def test_bad_collection_names_file_and_line(tmp_path: Path, corpus: str, qrels: str, message: str) -> None:
    root = write_beir(tmp_path / "bad", corpus, GOOD_QUERIES, qrels)
    with pytest.raises(DatasetError, match=message):
        load_beir(root)


def test_cli_reports_a_missing_collection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tmp_path)]) == 2
    assert "test.tsv: not found" in capsys.readouterr().err


def test_pipeline_beats_plain_bm25_on_cranfield(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cranfield = shared_dir / "datasets" / "cranfield" / "normalized"
    if not cranfield.is_dir():
        pytest.skip("Cranfield is not in the shared folder")
    assert main(["eval", str(cranfield), "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert set(ours) == {"ndcg@10", "map", "mrr@10", "recall@100", "queries"}
    assert ours["queries"] == 225
    assert main(["eval", str(cranfield), "--json", "--pipeline", "rank-bm25"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert ours["ndcg@10"] >= MARGIN * max(CRANFIELD_PLAIN_NDCG, plain["ndcg@10"])
    assert ours["map"] > plain["map"] and ours["recall@100"] > plain["recall@100"]
