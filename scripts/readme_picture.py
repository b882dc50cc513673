"""Make the README's closing picture: a hilly progressive run from the synthetic generator, drawn by
`progtempo analyze --plot`. Run: .venv/bin/python scripts/readme_picture.py"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from progtempo.cli import main
from progtempo.synth import Leg, make_run, write_fit

MI = 1609.344
# 6 x 1 mi 10:00 -> 7:30 on rolling ground: mile 2 climbs 6 %, mile 4 descends 3 %, each run at the
# effort of its rung (raw pace = target x the Strava-like factor 1.228 and 0.939); paces are per km.
LEGS = [
    Leg(MI, 600 / 1.609344, 0.00, 128),
    Leg(MI, 570 * 1.228 / 1.609344, 0.06, 136),
    Leg(MI, 540 / 1.609344, 0.00, 142),
    Leg(MI, 510 * 0.939 / 1.609344, -0.03, 146),
    Leg(MI, 482 / 1.609344, 0.00, 156),
    Leg(MI, 449 / 1.609344, 0.00, 166),
]

if __name__ == "__main__":
    out = Path(__file__).resolve().parents[1] / "docs" / "img" / "run.png"
    with tempfile.TemporaryDirectory() as d:
        run = make_run(LEGS, elevation_noise_m=0.3, seed=3, name="hilly progressive tempo")
        path = Path(d) / "hilly-progressive.fit"
        write_fit(run, path)
        sys.exit(main(["--unit", "mi", "analyze", str(path), "--plan", "6x1mi 10:00-7:30", "--plot", str(out)]))
