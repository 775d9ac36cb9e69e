"""`manage.py parse_release TITLE...`: how the parser reads release titles, as JSON.

Each title prints as one JSON object (the corpus field names plus "input"); with `--jsonl`
titles are read one per line from standard input and each prints on one line, so tools
can pipe thousands of names through it.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from movies.parser import parse_release


def as_json(title: str, *, indent: int | None) -> str:
    data = {"input": title, **parse_release(title).as_dict()}
    return json.dumps(data, ensure_ascii=False, indent=indent)


class Command(BaseCommand):
    """Print the parse of each release title as JSON."""

    stealth_options = ("stdin",)  # tests pass a stream in place of standard input
    help = "Parse release titles or file names and print what the parser reads, as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("titles", nargs="*", help="release titles or file names")
        parser.add_argument(
            "--jsonl",
            action="store_true",
            help="read titles one per line from standard input; print one JSON line each",
        )

    def handle(self, *args, titles: list[str], jsonl: bool, **options) -> None:
        if jsonl:
            stream = options.get("stdin") or sys.stdin
            for line in stream:
                title = line.rstrip("\r\n")
                if title.strip():
                    self.stdout.write(as_json(title, indent=None))
            return
        if not titles:
            raise CommandError("Give at least one title, or --jsonl to read them from stdin.")
        for title in titles:
            self.stdout.write(as_json(title, indent=2))
