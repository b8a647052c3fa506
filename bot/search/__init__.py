"""Search layer: BM25 engine (rank_bm25-compatible scores, sparse and fast) and paper retrieval."""

from bot.search.bm25 import BM25L, BM25Okapi, BM25Plus
from bot.search.matrix import BM25Matrix
from bot.search.store import IndexCorrupt, IndexStale, IndexUnusable

__all__ = ["BM25L", "BM25Matrix", "BM25Okapi", "BM25Plus", "IndexCorrupt", "IndexStale", "IndexUnusable"]
