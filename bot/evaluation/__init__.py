"""Retrieval quality on standard test collections (BEIR layout): loading, ranking, metrics.

``metrics`` needs pytrec_eval (the ``eval`` extra); loading and ranking do not.
"""

from bot.evaluation.beir import Collection, DatasetError, Rankings, load_beir

__all__ = ["Collection", "DatasetError", "Rankings", "load_beir"]
