"""`paperbot` command line: one sub-command module per layer, all sharing --config/--corpus."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli import answer_commands, corpus_commands, discord_commands, library_commands, search_commands
from bot.config import Config, load_config, validate
from bot.settings import ConfigError

COMMAND_MODULES = (answer_commands, search_commands, corpus_commands, library_commands, discord_commands)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", help="YAML file overriding config/paperbot.yaml")
    common.add_argument(
        "--corpus",
        metavar="PATH",
        action="append",
        help="file or folder to use instead of the bundled corpus (repeatable)",
    )
    parser = argparse.ArgumentParser(
        prog="paperbot",
        description="Answer questions about research-paper abstracts, from a terminal or on Discord.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(commands, common)
    return parser


def resolve_config(args: argparse.Namespace) -> Config:
    """The config file over the defaults, then --corpus, then the cross-checks (paths exist...)."""
    config = load_config(args.config)
    if args.corpus:
        paths = [str(Path(p).expanduser().resolve()) for p in args.corpus]
        for given, path in zip(args.corpus, paths, strict=True):
            if not Path(path).exists():
                raise ConfigError(f"--corpus {given}: no such file or folder")
        config = dataclasses.replace(config, corpus=dataclasses.replace(config.corpus, paths=paths))
    return validate(config)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = resolve_config(args)
        return int(args.handler(args, config) or 0)
    except ConfigError as exc:
        print(f"paperbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error for the user.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
