#!/usr/bin/env python3
"""vitae's performance suite: whole-process figures, side by side in one run.

    cargo build --release && python3 benches/suite.py [--runs N] [--rendercv PATH] [--batch]
    cargo build --profile dist && python3 benches/suite.py --profile dist …   # the shipped build

`--profile` picks the Cargo profile of everything measured: vitae (`target/PROFILE/vitae`),
the raw-Typst floor and the in-process benches are built with the same one, so that no side
gains from link-time optimisation the other lacks.

Every comparison is interleaved (A, B, A, B, …) so that a noisy machine moves both sides
alike; each figure is a median with its interquartile range. Sections:

1. start-up: `vitae --version` and `vitae check examples/minimal.yaml`; the binary's size.
2. cold `vitae build` of each example with default options (fitting included), and beside it
   RenderCV rendering the same content (saurabh-kumar, ../shared/bench/) when RenderCV is
   installed (`--rendercv path/to/venv/bin/rendercv`). RenderCV 2.3 asks PyPI for a newer
   version on every run: the suite blocks that with an unreachable HTTPS proxy and says so.
   Without RenderCV the row says "not run" — never an estimate.
   2b. the floor: one document compiled once by a minimal raw-Typst program (the batch
   bench's child: same template files and data, precomputed font book, fonts read on use)
   beside `vitae build --no-tighten` (one compile) and the default build.
3. growth: profiles of about 1, 4, 10 and 30 pages (a seed profile's roles and projects
   repeated; the pages laid out are printed), each as a résumé, a one-page summary and `--max-pages 2`: time and peak
   memory (VmHWM, from `vitae build --report`).
5. stages (`cargo bench --bench stages`): one document warm and in-process, per template:
   load+validate, tailoring, view, compile (memo cleared), export, write.
4. batch throughput, -j 1 against -j N, and memory at 500 and 5,000 documents beside a
   raw-Typst baseline: `cargo bench --bench batch` (minutes; run with `--batch`).

docs/performance.md has the latest figures and the commands.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VITAE = os.path.join(ROOT, "target", "release", "vitae")
PROFILE = "release"


FLOOR = None


def bench(*args):
    """`cargo bench` in the suite's profile."""
    return ["cargo", "bench", "--profile", PROFILE, *args]


def build_benches():
    """Build the in-process benches first: Cargo links `target/PROFILE/vitae` again for them
    (with the dev-dependencies' features), and every figure must come from that one binary.
    Returns the batch bench's executable (its `--raw-child` is the raw-Typst floor)."""
    built = subprocess.run(bench("--bench", "batch", "--bench", "stages", "--no-run"), cwd=ROOT,
                           capture_output=True, text=True)
    exe = re.search(r"Executable benches/batch.rs \((.*?)\)", built.stderr)
    if built.returncode != 0 or not exe:
        return None
    return os.path.join(ROOT, exe.group(1))
BENCH = os.path.join(os.path.dirname(ROOT), "shared", "bench")


def spread(xs):
    if len(xs) < 2:
        return f"{xs[0]:8.1f} ms"
    q = statistics.quantiles(xs, n=4)
    return f"{statistics.median(xs):8.1f} ms (IQR {q[0]:.1f}–{q[2]:.1f})"


def timed(cmd, env=None, cwd=ROOT):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1e3


def interleaved(cases, runs):
    """Run each (name, cmd, env, cwd) once per round, `runs` rounds; times by name."""
    times = {name: [] for name, *_ in cases}
    for _ in range(runs):
        for name, cmd, env, cwd in cases:
            times[name].append(timed(cmd, env, cwd))
    return times


def startup(runs):
    print("## 1. start-up")
    cases = [
        ("vitae --version", [VITAE, "--version"], None, ROOT),
        ("vitae check examples/minimal.yaml", [VITAE, "check", "examples/minimal.yaml"], None, ROOT),
    ]
    for name, xs in interleaved(cases, runs).items():
        print(f"  {name:42} {spread(xs)}")
    print(f"  binary size: {os.path.getsize(VITAE) / 1e6:.1f} MB")


def cold(runs, rendercv, scratch):
    print("## 2. cold builds (default options), RenderCV beside")
    examples = sorted(f for f in os.listdir(os.path.join(ROOT, "examples")) if f.endswith(".yaml"))
    cases = [(f"vitae build {e}", [VITAE, "build", f"examples/{e}", "-q", "-o", scratch], None, ROOT)
             for e in examples]
    rcv_file = os.path.join(BENCH, "saurabh-kumar.rendercv.yaml")
    if rendercv and os.path.exists(rendercv) and os.path.exists(rcv_file):
        work = os.path.join(scratch, "rendercv")
        os.makedirs(work, exist_ok=True)
        subprocess.run(["cp", rcv_file, work], check=True)
        env = dict(os.environ, HTTPS_PROXY="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
        version = subprocess.run([rendercv, "--version"], capture_output=True, text=True, env=env)
        cases.append((f"RenderCV ({version.stdout.strip() or 'version unknown'}, update check blocked) saurabh-kumar",
                      [rendercv, "render", "saurabh-kumar.rendercv.yaml", "--dont-generate-png",
                       "--dont-generate-markdown", "--dont-generate-html"], env, work))
    times = interleaved(cases, runs)
    for name, xs in times.items():
        print(f"  {name:60} {spread(xs)}")
    rcv = [k for k in times if k.startswith("RenderCV")]
    if rcv:
        ratio = statistics.median(times[rcv[0]]) / statistics.median(times["vitae build saurabh-kumar.yaml"])
        print(f"  RenderCV / vitae on saurabh-kumar: {ratio:.1f}×")
    else:
        print("  RenderCV: not run (give --rendercv PATH; ../shared/bench/README.md says how to install 2.3)")


def floor(runs, scratch):
    """A cold single document at the engine's floor: the batch bench's raw-Typst child (a
    minimal Typst World over the same template files, precomputed font book, fonts read on
    use) compiling the same data once and writing the PDF, beside vitae."""
    print("## 2b. one document at the floor: raw Typst beside vitae (same template and data)")
    exe = FLOOR
    if exe is None:
        print("  not run: `cargo bench --bench batch --no-run` failed")
        return
    for example in ("minimal.yaml", "saurabh-kumar.yaml"):
        data = os.path.join(scratch, f"{example}.json")
        with open(data, "w") as f:
            subprocess.run([VITAE, "data", f"examples/{example}"], cwd=ROOT, stdout=f, check=True)
        jobs = os.path.join(scratch, f"{example}.jobs")
        open(jobs, "w").write(f"classic\t{data}\n")
        out = os.path.join(scratch, "raw")
        os.makedirs(out, exist_ok=True)
        cases = [
            (f"raw Typst, one compile ({example})", [exe, "--raw-child", ROOT, jobs, "1", out], None, ROOT),
            (f"vitae build --no-tighten ({example})",
             [VITAE, "build", f"examples/{example}", "--no-tighten", "-q", "-o", scratch], None, ROOT),
            (f"vitae build ({example})", [VITAE, "build", f"examples/{example}", "-q", "-o", scratch], None, ROOT),
        ]
        times = interleaved(cases, runs)
        for name, xs in times.items():
            print(f"  {name:52} {spread(xs)}")
        names = list(times)
        print(f"  vitae --no-tighten / raw: {statistics.median(times[names[1]]) / statistics.median(times[names[0]]):.2f}")


def grown(pages, scratch):
    """A profile of about `pages` pages: saurabh-kumar for one, else balaji-chaughule (four
    pages) with its roles and projects repeated. The page count laid out is printed beside."""
    path = os.path.join(scratch, f"grown-{pages}.yaml")
    if pages <= 1:
        text = open(os.path.join(ROOT, "examples", "saurabh-kumar.yaml"), encoding="utf-8").read()
        open(path, "w", encoding="utf-8").write(text)
        return path
    text = open(os.path.join(ROOT, "examples", "balaji-chaughule.yaml"), encoding="utf-8").read()
    head, sep, rest = text.partition("\nwork:\n")
    work, sep2, tail = rest.partition("\nprojects:\n")
    projects, sep3, after = tail.partition("\nskills:\n")
    # Each copy of the roles and projects adds about 1.4 pages to the profile's own four.
    copies = max(1, round((pages - 2.6) / 1.4))
    open(path, "w", encoding="utf-8").write(
        head + sep + "\n".join([work] * copies) + sep2 + "\n".join([projects] * copies) + sep3 + after)
    return path


def growth(runs, scratch):
    """Each grown profile as one plain compile (`--no-tighten`: the base the fitted documents
    are compared with), a default résumé, a one-page summary and `--max-pages 2`, interleaved."""
    print("## 3. growth: time and peak memory (fitted documents beside one plain compile)")
    per_page = {}
    for pages in (1, 4, 10, 30):
        path = grown(pages, scratch)
        variants = (("plain compile", ["--no-tighten"]), ("résumé", []), ("summary", ["--kind", "summary"]),
                    ("--max-pages 2", ["--max-pages", "2"]))
        xs = {label: [] for label, _ in variants}
        peaks = {label: [] for label, _ in variants}
        got = {}
        for _ in range(runs):
            for label, extra in variants:
                report = os.path.join(scratch, "r.json")
                start = time.perf_counter()
                subprocess.run([VITAE, "build", path, "-q", "-o", scratch, "--report", report, *extra],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                xs[label].append((time.perf_counter() - start) * 1e3)
                r = json.load(open(report))
                peaks[label].append((r["summary"].get("peak_rss_bytes") or 0) / 2**20)
                got[label] = (r["jobs"][0]["pages"], r["jobs"][0]["compiles"])
        plain = statistics.median(xs["plain compile"])
        for label, _ in variants:
            ratio = "" if label == "plain compile" else f"  {statistics.median(xs[label]) / plain:.2f}× plain"
            print(f"  ~{pages:>2} pages ({got[label][0]:>2} laid out, {got[label][1]:>2} compiles) {label:14} "
                  f"{spread(xs[label])}  peak {statistics.median(peaks[label]):6.1f} MiB{ratio}")
        per_page[got["plain compile"][0]] = plain
    # Growth is linear when each added page costs the same: the time between one profile and
    # the next, per page added (start-up and the fixed work of a document cancel out).
    sizes = sorted(n for n in per_page if n >= 3)
    steps = [(a, b, (per_page[b] - per_page[a]) / (b - a)) for a, b in zip(sizes, sizes[1:])]
    print("  plain compile, each page added costs: " +
          ", ".join(f"{a}→{b} pages {ms:.1f} ms" for a, b, ms in steps))
    if steps:
        costs = [ms for _, _, ms in steps]
        print(f"  from 3 pages up, the most per added page / the least: {max(costs) / min(costs):.2f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--rendercv", help="path to RenderCV's `rendercv` (e.g. rcv/bin/rendercv)")
    ap.add_argument("--batch", action="store_true", help="also run `cargo bench --bench batch`")
    ap.add_argument("--profile", default="release", help="the Cargo profile measured (release, dist)")
    args = ap.parse_args()
    global VITAE, PROFILE, FLOOR
    PROFILE = args.profile
    VITAE = os.path.join(ROOT, "target", PROFILE, "vitae")
    FLOOR = build_benches()
    if not os.path.exists(VITAE):
        sys.exit(f"build vitae first: cargo build --profile {PROFILE}")
    print(f"{subprocess.run([VITAE, '--version'], capture_output=True, text=True).stdout.strip()} "
          f"(profile {PROFILE}), "
          f"{os.cpu_count()} cores, {args.runs} runs each, {time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory() as scratch:
        startup(args.runs)
        cold(args.runs, args.rendercv, scratch)
        floor(args.runs, scratch)
        growth(max(3, args.runs // 3), scratch)
    print("## 5. stages: one document, warm, in-process, per template (cargo bench --bench stages)")
    subprocess.run(bench("--bench", "stages", "--", "--runs", str(args.runs)), cwd=ROOT,
                   check=True, stderr=subprocess.DEVNULL)
    if args.batch:
        print("## 4. batch (cargo bench --bench batch)")
        subprocess.run(bench("--bench", "batch"), cwd=ROOT, check=True)
    else:
        print("## 4. batch: run with --batch (cargo bench --bench batch, ~9 minutes)")


if __name__ == "__main__":
    main()
