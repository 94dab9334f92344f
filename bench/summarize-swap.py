#!/usr/bin/env python3
"""Summarizes a swap-and-library.sh run directory: per JDK and SwapLatency mode, each run's p50 / p99 /
max and the median of the runs; and the KvToLiveLatency lines.

    bench/summarize-swap.py bench/results/<run>
"""
import glob
import os
import re
import statistics
import sys

run = sys.argv[1]
rows = {}
for path in sorted(glob.glob(os.path.join(run, "swap-jdk*-run*.log"))):
    m = re.search(r"swap-jdk(\d+)-(.+)-run(\d+)\.log$", path)
    jdk, mode = m.group(1), m.group(2)
    for line in open(path):
        s = re.search(r"^(\S+)\s+swap: n=(\d+) p50=([\d.]+) ms p90=([\d.]+) ms p99=([\d.]+) ms max=([\d.]+) ms", line)
        if s:
            rows.setdefault((jdk, s.group(1)), []).append(tuple(float(x) for x in s.group(3, 5, 6)))
print("| JDK | mode | runs | p50 per run (ms) | p99 per run (ms) | max per run (ms) | median p50 | median p99 |")
print("|---|---|---:|---|---|---|---:|---:|")
for (jdk, mode), rs in sorted(rows.items()):
    f = lambda i: " / ".join(f"{r[i]:.3f}" for r in rs)
    print(f"| {jdk} | {mode} | {len(rs)} | {f(0)} | {f(1)} | {f(2)} | "
          f"{statistics.median(r[0] for r in rs):.3f} | {statistics.median(r[1] for r in rs):.3f} |")
for path in sorted(glob.glob(os.path.join(run, "kv-jdk*.log"))):
    print()
    print(os.path.basename(path))
    for line in open(path):
        if line.startswith(("java ", "PUT ", "reloads")):
            print("   ", line.rstrip())
