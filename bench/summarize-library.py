#!/usr/bin/env python3
"""Summarizes JMH JSON of FilterBenchmark / OutboundBenchmark: per cell the median of all samples
(every fork's measurement iterations), min/max sample, B/op (median of gc.alloc.rate.norm), and for each
Graylane cell the delta and ratio against its bare baseline measured in the same run.

    bench/summarize-library.py bench/results/<run>/jmh-jdk17.json [...]
"""
import json
import statistics
import sys

PAIRS = {"graylane": "bare", "jdkDecorated": "jdkBare", "okIntercepted": "okBare"}

for path in sys.argv[1:]:
    cells = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 1)[1]
        cls = r["benchmark"].rsplit(".", 2)[1]
        params = ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        samples = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        b_op = statistics.median([x for fork in alloc["rawData"] for x in fork]) if alloc else float("nan")
        cells[(cls, name, params)] = (statistics.median(samples), min(samples), max(samples), len(samples), b_op)
    print(f"## {path}")
    print("| benchmark | params | median ns/op | min–max | n | B/op | vs baseline |")
    print("|---|---|---:|---|---:|---:|---|")
    for (cls, name, params), (med, lo, hi, n, b_op) in sorted(cells.items()):
        vs = ""
        if name in PAIRS and (cls, PAIRS[name], params) in cells:
            base = cells[(cls, PAIRS[name], params)][0]
            vs = f"+{med - base:,.0f} ns ({med / base:.1f}× {PAIRS[name]})"
        print(f"| {cls}.{name} | {params} | {med:,.1f} | {lo:,.0f}–{hi:,.0f} | {n} | {b_op:,.0f} | {vs} |")
    print()
