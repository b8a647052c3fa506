"""CLI commands of the corpus layer."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add this layer's sub-commands (filled in with the layer)."""
