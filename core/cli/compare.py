"""``parley compare``: the same prompt to 2-4 models at once; answers, then a metrics table.

``--json`` prints ``{"chat_id", "columns": [{"model", "effort", "text", "thinking", "stop_reason",
"ttft_s", "tokens_per_s", "usage", "cost_usd", "error"}]}``. Exit 0 when at least one column
answered, 2 for a usage error, 3 when every column failed.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..catalog import Catalog
from ..chat import ChatRunner
from ..compare import ColumnResult, Comparison
from ..compare_metrics import metric_table
from ..context import Context
from ..errors import InvalidOptions, ParleyError
from ..options import ModelChoice
from .ask import EXIT_API, EXIT_OK, EXIT_USAGE, run_prompt_command


def run(args: argparse.Namespace, ctx: Context) -> int:
    return run_prompt_command(args, ctx, _compare)


async def _compare(args: argparse.Namespace, ctx: Context, prompt: str) -> int:
    catalog = ctx.catalog()
    with ctx.open_store() as store:
        try:
            choices = [ModelChoice.parse(c) for c in args.columns or []]
            async with ctx.client() as client:
                runner = ChatRunner(store, client, catalog, clock=ctx.clock)
                if args.chat:
                    chat = store.find_chat(args.chat)
                    if chat is None or chat.kind != "compare":
                        print(f"parley compare: no comparison with id {args.chat!r}", file=sys.stderr)
                        return EXIT_USAGE
                    comparison = Comparison(store, runner, chat.id, ctx.settings)
                    choices = choices or comparison.choices()
                else:
                    comparison = Comparison.create(store, runner, prompt, choices, ctx.settings)
                results = await comparison.ask(prompt, choices, max_tokens=args.max_tokens)
        except InvalidOptions as exc:
            print(f"parley compare: {exc.user_message}", file=sys.stderr)
            return EXIT_USAGE
        except ParleyError as exc:
            print(f"parley compare: {exc.user_message}", file=sys.stderr)
            return EXIT_API
    if args.json:
        print(
            json.dumps(
                {"chat_id": comparison.id, "columns": [r.to_json() for r in results]}, ensure_ascii=False, indent=1
            )
        )
    else:
        print(format_answers(results, catalog))
        print(format_table(results, catalog))
        print(
            f"\nSaved as comparison {comparison.id[:8]} (follow up with --chat {comparison.id[:8]}).", file=sys.stderr
        )
    return EXIT_OK if any(r.answered for r in results) else EXIT_API


def format_answers(results: list[ColumnResult], catalog: Catalog) -> str:
    out = []
    for r in results:
        out.append(f"━━ {r.index + 1}. {r.choice.label(catalog)} ━━")
        out.append(r.text.strip() or "(no text)")
        if r.error is not None:
            out.append(f"[error] {r.error.user_message}")
        for notice in r.outcome.notices if r.outcome is not None else []:
            out.append(f"[note] {notice}")
        out.append("")
    return "\n".join(out)


def format_table(results: list[ColumnResult], catalog: Catalog) -> str:
    """One row per figure, one column per model; * marks the best of each row."""
    header = ["", *[f"{r.index + 1}. {r.choice.label(catalog)}" for r in results]]
    table = [header]
    for row in metric_table([r.metrics() for r in results]):
        table.append([row.label, *[c + (" *" if b else "") for c, b in zip(row.cells, row.best, strict=True)]])
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in table)
