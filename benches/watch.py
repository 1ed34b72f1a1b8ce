#!/usr/bin/env python3
"""Cold build beside warm `vitae watch` rebuild, in one run, on the same profile and edit.

    cargo build --release && python3 benches/watch.py [examples/saurabh-kumar.yaml] [runs]

Cold: `vitae build` of a copy of the profile, a new process each time (wall time, as a user
waits for it). Warm: a running `vitae watch` on another copy; each run edits the label (a
real change, so Typst has new content to lay out) and reads the time the watch prints for the
rebuild (`rebuilt in N ms`: reading the profile, fitting, export, writing), plus the wall time
from the save to that line (which adds the 120 ms quiet period and the file watcher). Cold and
warm runs alternate. Medians and quartiles are printed.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VITAE = os.path.join(ROOT, "target", "release", "vitae")
profile = sys.argv[1] if len(sys.argv) > 1 else "examples/saurabh-kumar.yaml"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15


def quartiles(xs):
    q = statistics.quantiles(xs, n=4)
    return f"median {statistics.median(xs):7.1f} ms  (IQR {q[0]:.1f}–{q[2]:.1f})"


with tempfile.TemporaryDirectory() as d:
    source = open(os.path.join(ROOT, profile), encoding="utf-8").read()
    label = re.search(r"^  label: (.*)$", source, re.M)
    if not label:
        sys.exit(f"{profile} has no basics.label to edit")

    def edited(i):
        return source.replace(label.group(0), f"  label: {label.group(1)} {i}", 1)

    cold_path = os.path.join(d, "cold.yaml")
    warm_path = os.path.join(d, "warm.yaml")
    for p in (cold_path, warm_path):
        open(p, "w", encoding="utf-8").write(source)
    for asset in ("photo.png", "photo.jpg"):
        if os.path.exists(os.path.join(ROOT, "examples", asset)):
            shutil.copy(os.path.join(ROOT, "examples", asset), d)
    watch = subprocess.Popen(
        [VITAE, "watch", "warm.yaml", "-o", "warm-out"],
        cwd=d, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )

    def next_build():
        while True:
            line = watch.stderr.readline()
            if not line:
                sys.exit("vitae watch stopped")
            m = re.search(r"built in (\d+) ms", line)
            if m:
                return float(m.group(1))

    next_build()
    cold, warm, wall = [], [], []
    for i in range(runs):
        open(cold_path, "w", encoding="utf-8").write(edited(i))
        start = time.perf_counter()
        subprocess.run([VITAE, "build", "cold.yaml", "-o", "cold-out", "-q"], cwd=d, check=True)
        cold.append((time.perf_counter() - start) * 1e3)
        start = time.perf_counter()
        open(warm_path, "w", encoding="utf-8").write(edited(i))
        warm.append(next_build())
        wall.append((time.perf_counter() - start) * 1e3)
    watch.kill()
    print(f"{profile}, {runs} edits")
    print(f"cold `vitae build`           {quartiles(cold)}")
    print(f"warm rebuild (as printed)    {quartiles(warm)}")
    print(f"warm, save to rebuilt (wall) {quartiles(wall)}")
    print(f"warm / cold                  {statistics.median(warm) / statistics.median(cold):.2f}")
