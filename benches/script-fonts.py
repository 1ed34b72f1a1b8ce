#!/usr/bin/env python3
"""What the embedded script fonts cost: the same commit built with and without the
`script-fonts` feature, cold `vitae` runs side by side (paired, interleaved), medians.

    python3 benches/script-fonts.py [RUNS]      # from the repository root; ~2 minutes

Builds both binaries (into target/release, copied aside to target/script-fonts-bench/), then
prints their sizes and the median and minimum of each command. docs/languages.md has the
latest figures.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
out = os.path.join("target", "script-fonts-bench")
os.makedirs(out, exist_ok=True)
bins = {}
for name, flags in [("without", ["--no-default-features"]), ("with", [])]:
    subprocess.run(["cargo", "build", "--release", "--quiet", *flags], check=True)
    bins[name] = os.path.join(out, f"vitae-{name}")
    shutil.copy(os.path.join("target", "release", "vitae"), bins[name])
for name, path in bins.items():
    print(f"binary {name} script fonts: {os.path.getsize(path) / 1e6:.1f} MB")

scratch = tempfile.mkdtemp()
cases = [
    ("build examples/saurabh-kumar.yaml", ["build", "examples/saurabh-kumar.yaml", "-q", "-o", scratch]),
    ("build examples/minimal.yaml", ["build", "examples/minimal.yaml", "-q", "-o", scratch]),
    ("check examples/minimal.yaml", ["check", "examples/minimal.yaml"]),
]

def run(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t

for label, args in cases:
    for path in bins.values():
        run([path, *args])  # warm the page cache
    times = {name: [] for name in bins}
    for _ in range(RUNS):
        for name, path in bins.items():
            times[name].append(run([path, *args]))
    med = {n: statistics.median(t) for n, t in times.items()}
    print(
        f"{label}: without {med['without'] * 1e3:.1f} ms (min {min(times['without']) * 1e3:.1f})"
        f" | with {med['with'] * 1e3:.1f} ms (min {min(times['with']) * 1e3:.1f})"
        f" | {100 * (med['with'] / med['without'] - 1):+.1f} %"
    )
shutil.rmtree(scratch, ignore_errors=True)
