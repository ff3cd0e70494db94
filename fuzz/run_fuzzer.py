#!/usr/bin/env python3
"""Runs one libFuzzer target for a bounded time, as a test: on a copy of its seed corpus in a
temporary directory (the source tree is never written), with its dictionary. Passes when the
target ran out its time without a crash or a failed check; otherwise prints libFuzzer's report
and how to reproduce it from the kept input. On success prints the run's figures only: inputs
run, per second, coverage, and how the corpus grew.
"""
import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# libFuzzer's closing progress line: "#1234 DONE cov: 567 ft: 890 corp: 12/345b ...".
DONE = re.compile(r"^#(\d+)\s+DONE\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)", re.MULTILINE)
STATS = re.compile(r"^stat::(\w+):\s+(\d+)", re.MULTILINE)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("fuzzer")
    parser.add_argument("--corpus", required=True, type=Path, help="the seed corpus (read only)")
    parser.add_argument("--dict", required=True, type=Path)
    parser.add_argument("--seconds", required=True, type=int)
    parser.add_argument("--artifacts", required=True, type=Path, help="where a crashing input is kept")
    args = parser.parse_args()

    args.artifacts.mkdir(parents=True, exist_ok=True)
    seeds = sorted(p for p in args.corpus.iterdir() if p.is_file())
    with tempfile.TemporaryDirectory(prefix="fuzz-corpus-") as work:
        corpus = Path(work) / "corpus"
        shutil.copytree(args.corpus, corpus)
        command = [args.fuzzer, f"-max_total_time={args.seconds}", "-print_final_stats=1",
                   # An input that takes 20 s is a finding too; -max_total_time ends the run.
                   "-timeout=20", f"-dict={args.dict}", f"-artifact_prefix={args.artifacts}/", str(corpus)]
        run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        grown = sum(1 for p in corpus.iterdir() if p.is_file())
    output = run.stdout

    if run.returncode != 0:
        print(output[-60000:])
        print(f"{Path(args.fuzzer).name} failed (exit {run.returncode}): {' '.join(command)}")
        kept = re.findall(r"Test unit written to (\S+)", output)
        for path in kept:
            print(f"reproduce: {args.fuzzer} {path}")
        return 1

    done = DONE.findall(output)
    stats = dict(STATS.findall(output))
    name = Path(args.fuzzer).name
    if not done or "number_of_executed_units" not in stats:
        print(output[-20000:])
        print(f"{name}: no closing figures from libFuzzer")
        return 1
    _, cov, features, _, corpus_bytes = done[-1]
    print(f"{name}: {stats['number_of_executed_units']} inputs in {args.seconds} s "
          f"({stats['average_exec_per_sec']}/s), coverage {cov} edges, {features} features, "
          f"corpus {len(seeds)} seeds -> {grown} inputs ({corpus_bytes}), peak RSS {stats.get('peak_rss_mb', '?')} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
