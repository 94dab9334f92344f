#!/usr/bin/env bash
# Swap latency (SwapLatency, KvToLiveLatency) and library overhead (FilterBenchmark, OutboundBenchmark)
# on JDK 17 and JDK 25, one after the other, with `uptime` before and after every run.
# Results: bench/results/swap-library-<UTC time>/ (git-ignored); summarized in BENCHMARKS.md.
#
#   bench/swap-and-library.sh                    # everything (~25 min on 2 cores)
#   JDKS="17" PARTS="swap jmh" bench/swap-and-library.sh
#
# Knobs: JDKS (17 25), PARTS (swap kv jmh), SWAP_RUNS (3), SWAPS (1000), KV_CHANGES (210),
# KV_PAUSE_MS (1100), JMH_ARGS (-f 3 -wi 3 -w 1s -i 5 -r 1s -prof gc).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=graylane-bench/target/benchmarks.jar
[[ -f $JAR ]] || mvn -B -q -DskipTests -pl graylane-bench -am package
JDKS=${JDKS:-17 25}
PARTS=${PARTS:-swap kv jmh}
SWAP_RUNS=${SWAP_RUNS:-3}
SWAPS=${SWAPS:-1000}
KV_CHANGES=${KV_CHANGES:-210}
KV_PAUSE_MS=${KV_PAUSE_MS:-1100}
JMH_ARGS=${JMH_ARGS:--f 3 -wi 3 -w 1s -i 5 -r 1s -prof gc}
OUT=bench/results/swap-library-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
cp "$JAR" "$OUT/benchmarks.jar"
JAR=$OUT/benchmarks.jar
{ echo "git: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (dirty)')"; echo "nproc: $(nproc)";
  grep -m1 'model name' /proc/cpuinfo; uname -r; } > "$OUT/machine.txt"

# The 1-minute load average every 10 s, for the record (the machine is shared).
( while sleep 10; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; done >> "$OUT/loadavg.txt" ) &
SAMPLER=$!
trap 'kill "$SAMPLER" 2>/dev/null || true' EXIT

java_of() {
  case $1 in
    17) echo /usr/lib/jvm/java-17-openjdk-amd64/bin/java ;;
    25) echo /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ;;
    *) echo "unknown JDK $1" >&2; exit 2 ;;
  esac
}

# run NAME CMD...: stdout/stderr to $OUT/NAME.log (INFO lines dropped from the console copy), load before and after.
run() {
  local name=$1; shift
  echo "== $name: $(date -u +%H:%M:%S) before: $(uptime)" | tee -a "$OUT/load.txt"
  "$@" > "$OUT/$name.log" 2> "$OUT/$name.err" || { echo "$name failed, see $OUT/$name.err" >&2; exit 1; }
  echo "== $name: $(date -u +%H:%M:%S) after:  $(uptime)" | tee -a "$OUT/load.txt"
  grep -v ' INFO \| WARN ' "$OUT/$name.log" | tail -20
}

for jdk in $JDKS; do
  java=$(java_of "$jdk")
  "$java" -version 2>&1 | head -1 >> "$OUT/machine.txt"
  if [[ " $PARTS " == *" swap "* ]]; then
    # Each mode in a JVM of its own (in one JVM, the later modes would profit from the earlier ones' JIT work).
    for r in $(seq 1 "$SWAP_RUNS"); do
      for mode in core core-plugin gateway gateway-plugin; do
        run "swap-jdk$jdk-$mode-run$r" "$java" -cp "$JAR" io.graylane.bench.swap.SwapLatency "$mode" "$SWAPS" 300 2
      done
    done
  fi
  if [[ " $PARTS " == *" kv "* ]]; then
    run "kv-jdk$jdk" "$java" -cp "$JAR" io.graylane.bench.swap.KvToLiveLatency "$KV_CHANGES" "$KV_PAUSE_MS"
  fi
  if [[ " $PARTS " == *" jmh "* ]]; then
    # shellcheck disable=SC2086
    run "jmh-jdk$jdk" "$java" -jar "$JAR" 'FilterBenchmark|OutboundBenchmark' $JMH_ARGS -rf json -rff "$OUT/jmh-jdk$jdk.json"
  fi
done
echo "results in $OUT"
