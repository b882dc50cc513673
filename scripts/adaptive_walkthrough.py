"""Make docs/adaptive.md's chart and table: the 12-week block of `progtempo.simulate` through a fresh log.

Run: .venv/bin/python scripts/adaptive_walkthrough.py  (writes docs/img/adaptive.png, prints the table;
tests/store/test_store_adapt.py checks the table in docs/adaptive.md is the one this prints)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from progtempo.charts.figure import figure_bytes
from progtempo.simulate import draw_block, markdown_table, simulate_block
from progtempo.store import open_store

START = dt.date(2026, 3, 4)

if __name__ == "__main__":
    out = Path(__file__).resolve().parents[1] / "docs" / "img" / "adaptive.png"
    with tempfile.TemporaryDirectory() as d:
        store = open_store(f"sqlite:///{d}/log.sqlite")
        block = simulate_block(store, Path(d) / "runs", start=START)
        out.write_bytes(figure_bytes(draw_block(block, store), "png"))
        store.close()
    print(markdown_table(block), end="")
