"""``parley models``: the catalog with capabilities; ``--refresh`` asks the endpoint first."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date

from ..catalog import Catalog, ModelInfo, model_to_json
from ..context import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.refresh:
        asyncio.run(_refresh(ctx))
    catalog = ctx.catalog()
    if args.json:
        print(json.dumps([_entry(m) for m in catalog], indent=2, ensure_ascii=False))
    else:
        print(format_table(catalog))
    return 0


async def _refresh(ctx: Context) -> None:
    async with ctx.client() as client:
        listing = await client.list_models()
    ctx.save_listing(listing)
    print(f"{len(listing)} models reported by {ctx.endpoint.label}; cached for offline use.", file=sys.stderr)


def _entry(model: ModelInfo) -> dict[str, object]:
    data = model_to_json(model)
    data["source"] = model.source
    notice = model.retirement_notice(date.today())
    if notice:
        data["retirement_notice"] = notice
    return data


def format_table(catalog: Catalog) -> str:
    rows = [("MODEL", "CONTEXT", "MAX OUT", "THINKING", "EFFORT", "$ IN/OUT per MTok", "NOTE")]
    for m in catalog:
        prices = f"{m.prices.input:g} / {m.prices.output:g}" if m.prices else "unknown"
        efforts = ",".join(m.efforts) if m.efforts else ("budget" if m.thinking == "budget" else "-")
        note = m.retirement_notice(date.today()) or ("" if m.source == "shipped" else m.source)
        rows.append(
            (m.id, f"{m.context_window // 1000}k", f"{m.max_output // 1000}k", m.thinking, efforts, prices, note)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1] for r in rows)
