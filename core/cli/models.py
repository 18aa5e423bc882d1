"""``parley models``: the catalog with capabilities; ``--refresh`` asks the endpoint first."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from ..catalog import ModelInfo, model_to_json
from ..context import Context
from ..retirement import Lineup


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.refresh:
        asyncio.run(_refresh(ctx))
    lineup = ctx.lineup()
    if args.json:
        print(json.dumps([_entry(m, lineup) for m in lineup.catalog], indent=2, ensure_ascii=False))
    else:
        print(format_table(lineup))
    return 0


async def _refresh(ctx: Context) -> None:
    async with ctx.client() as client:
        listing = await client.list_models()
    ctx.save_listing(listing)
    print(f"{len(listing)} models reported by {ctx.endpoint.label}; cached for offline use.", file=sys.stderr)


def _entry(model: ModelInfo, lineup: Lineup) -> dict[str, object]:
    data = model_to_json(model)
    data["source"] = model.source
    standing = lineup.standing(model.id)
    data["offered"] = standing.offered  # whether a new chat may use it on this endpoint today
    if standing.notice:
        data["retirement_notice"] = standing.notice
    return data


def format_table(lineup: Lineup) -> str:
    rows = [("MODEL", "CONTEXT", "MAX OUT", "THINKING", "EFFORT", "$ IN/OUT per MTok", "NOTE")]
    for m in lineup.catalog:
        prices = f"{m.prices.input:g} / {m.prices.output:g}" if m.prices else "unknown"
        efforts = ",".join(m.efforts) if m.efforts else ("budget" if m.thinking == "budget" else "-")
        note = lineup.standing(m.id).notice or ("" if m.source == "shipped" else m.source)
        rows.append(
            (m.id, f"{m.context_window // 1000}k", f"{m.max_output // 1000}k", m.thinking, efforts, prices, note)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1] for r in rows)
