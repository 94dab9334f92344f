#!/usr/bin/env bash
# Gateway throughput: Graylane vs nginx vs HAProxy doing the same header routing, and wrk straight
# to the upstream ("direct"), measured in one run as interleaved rounds. Results: bench/gateway-results.md.
#
#   bench/gateway-bench.sh                  # full: 15 s + 12 x 5 s warm-up each, 3 x (35 s idle + 5 s each), then 3 rounds of 15 s per target
#   QUICK=1 bench/gateway-bench.sh          # smoke: 5 s warm-up, 5 s runs (JVMs are not warm: numbers are rough)
#   PROFILE=1 bench/gateway-bench.sh        # and, after the rounds, a JFR recording of PROFILE_TARGET under load
#   TARGETS="nginx gl-jdk25-serial" ROUNDS=5 DURATION=20s bench/gateway-bench.sh
#   RESUMMARIZE=bench/results/<run> bench/gateway-bench.sh   # rebuild a run's summary.md from its results.tsv
#   BASE_REF=main TARGETS="nginx base-jdk25-serial gl-jdk25-serial" bench/gateway-bench.sh
#                                           # a baseline jar (built from commit BASE_REF) against HEAD's, same run
#
# Set-up (all on 127.0.0.1):
#   upstream   one nginx, two servers: PORT_BASE answers "stable v1" (the stable instance), PORT_BASE+1
#              "canary v2" (the canary instance); `return 200`, keep-alive without a request limit.
#   proxies    each sends `X-User-Group: beta` to v2 and everything else to v1, over keep-alive upstream
#              connections, adding X-Forwarded-For:
#                nginx     map $http_x_user_group -> upstream block (keepalive 64); NGINX_WORKERS (1) workers
#                haproxy   acl on req.hdr(x-user-group) -> backend (http-reuse safe), nbthread 1
#                gl-<jdk>-<flags>[-<chain>]   graylane.jar gateway --config <generated yaml> --event-loops 1
#                          jdk:   jdk17 (JDK17_HOME) or jdk25 (JDK25_HOME)
#                          flags: serial  -XX:+UseSerialGC -Xmx128m                              (GC_SERIAL)
#                                 g1      -XX:+UseG1GC, default heap                             (GC_G1)
#                                 lean    serial + -Dio.netty.leakDetection.level=disabled       (GC_LEAN)
#                                 default bin/graylane's gateway defaults: serial + -Xmn32m -XX:SurvivorRatio=14
#                                         -XX:TrimNativeHeapInterval=5000                      (GC_DEFAULT)
#                                         + -Dsun.misc.unsafe.memory.access=allow (Netty may use Unsafe on JDK 25)
#                          chain: none given = [recover] (the default chain here); -nochain = [];
#                                 -metrics = [metrics, recover]
#                base-<jdk>-<flags>[-<chain>]   the same, with the jar built from commit BASE_REF (a
#                          baseline measured in the same run as the jar under test)
#              G1 is named explicitly: pinned to one core the JVM counts as a "client" machine and would
#              pick Serial by itself. Newer jars get --admin-port 0 (their admin API defaults to 9901).
#   load       wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency with a Lua script alternating plain
#              and `X-User-Group: beta` requests (half the requests go to the canary).
#   pinning    proxy under test on PROXY_CPU (0), wrk on LOAD_CPU (1), upstream nginx on UPSTREAM_CPU (1):
#              the proxy has a core of its own. Every proxy runs for the whole benchmark (idle while
#              another is measured) so that rounds can interleave; each is checked for routing (beta ->
#              v2, others -> v1; the run fails otherwise) and warmed up first. Round r starts at the r-th
#              target, so no target always runs first or last.
#
# The Graylane jar: GRAYLANE_JAR if given; else graylane-gateway/target/graylane.jar, built with
# `mvn -B -q -DskipTests -pl graylane-gateway -am package` when missing (GRAYLANE_BUILD=repo: always).
# When that jar is older than the sources (or GRAYLANE_BUILD=head), the committed HEAD is exported
# with `git archive` and built in bench/results/build/<sha>/, so neither a stale jar nor uncommitted
# edits in the working tree are measured. The jar is copied into the run directory before use.
#
# Per run: req/s, p50, p99 (wrk), proxy CPU time per request (utime+stime of the proxy's processes
# from /proc before/after, divided by wrk's request count) and its kernel share, RSS after the run
# (VmRSS summed over the proxy's processes), upstream CPU per request, busy % of both cores and what
# else ran on the proxy core (noise), wrk's CPU, non-2xx and socket errors.
# Output: bench/results/<UTC time>/ (machine.txt, settings.env, conf/, logs/, raw/ wrk output,
# results.tsv, summary.md, profile-*.txt) and the symlink bench/results/latest. Every process started
# here is stopped on exit, and bounded in time by `timeout` even if this script is killed.
#
# Knobs (environment): DURATION WARMUP REWARM_PASSES IDLE_PASSES IDLE_GAP ROUNDS THREADS CONNECTIONS QUICK TARGETS PROXY_CPU LOAD_CPU
# UPSTREAM_CPU PORT_BASE (28480) NGINX_WORKERS UPSTREAM_WORKERS JDK17_HOME JDK25_HOME GC_SERIAL GC_G1
# GC_LEAN GC_DEFAULT GRAYLANE_JAR GRAYLANE_BUILD (auto|repo|head) BASE_REF PROFILE PROFILE_TARGET QUIET_PCT
# RESULTS_DIR RESUMMARIZE. Packages (wrk, nginx-light, haproxy, curl) are installed from Debian when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"

QUICK="${QUICK:-0}"
if [[ "$QUICK" == 1 ]]; then
  DURATION="${DURATION:-5s}"
  WARMUP="${WARMUP:-5s}"
else
  DURATION="${DURATION:-15s}"
  WARMUP="${WARMUP:-15s}"
fi
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-50}"
PROXY_CPU="${PROXY_CPU:-0}"
LOAD_CPU="${LOAD_CPU:-1}"
UPSTREAM_CPU="${UPSTREAM_CPU:-1}"
PORT_BASE="${PORT_BASE:-28480}"
NGINX_WORKERS="${NGINX_WORKERS:-1}"
UPSTREAM_WORKERS="${UPSTREAM_WORKERS:-1}"
JDK17_HOME="${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JDK25_HOME="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
GC_SERIAL="${GC_SERIAL:--XX:+UseSerialGC -Xmx128m}"
# Explicit: pinned to one core the JVM counts as a "client" machine and would pick Serial by itself.
GC_G1="${GC_G1:--XX:+UseG1GC}"
# Serial plus Netty's leak detector off (it samples buffers and touches every message in the pipeline).
GC_LEAN="${GC_LEAN:--XX:+UseSerialGC -Xmx128m -Dio.netty.leakDetection.level=disabled}"
# What bin/graylane gives the gateway command by default (docs/cli.md).
GC_DEFAULT="${GC_DEFAULT:--XX:+UseSerialGC -Xmx128m -Xmn32m -XX:SurvivorRatio=14 -XX:TrimNativeHeapInterval=5000 -Dsun.misc.unsafe.memory.access=allow}"
GRAYLANE_BUILD="${GRAYLANE_BUILD:-auto}"
PROFILE="${PROFILE:-0}"
PROFILE_TARGET="${PROFILE_TARGET:-gl-jdk25-serial}"
QUIET_PCT="${QUIET_PCT:-10}"   # a run is "quiet" when at most this much else ran on the proxy core
TARGETS="${TARGETS:-direct nginx haproxy gl-jdk17-serial gl-jdk17-g1 gl-jdk17-lean gl-jdk25-serial gl-jdk25-g1 gl-jdk25-lean gl-jdk25-serial-nochain gl-jdk25-serial-metrics}"

secs() { # "15s" or "15" -> 15
  local v="${1%s}"
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "gateway-bench: $2: $1 (expected: whole seconds such as 15s)" >&2; exit 2; }
  echo "$v"
}
DUR_S="$(secs "$DURATION" DURATION)"
WARM_S="$(secs "$WARMUP" WARMUP)"
REWARM_S=$(( WARM_S / 3 > 3 ? WARM_S / 3 : 3 ))
# Reconnecting warm-up passes after the first, each after a 2 s pause (rounds start after an idle gap too).
# Twelve: a JVM's JIT all but stops recompiling at new connections after about ten such passes (run 10 in
# bench/gateway-results.md); with three, rounds still began with deoptimization bursts now and then.
REWARM_PASSES="${REWARM_PASSES:-12}"
[[ "$REWARM_PASSES" =~ ^[0-9]+$ ]] || { echo "gateway-bench: REWARM_PASSES: $REWARM_PASSES (expected a whole number)" >&2; exit 2; }
# Then passes over all targets, each after an idle gap of IDLE_GAP (rounds are as far apart for a
# target: it idles while the others run): long enough for pooled upstream connections to expire
# (Graylane's default upstream idle timeout is 30 s), so that the warm-up also closes and reopens
# those, as the start of every round does.
IDLE_PASSES="${IDLE_PASSES:-$( [[ "$QUICK" == 1 ]] && echo 0 || echo 3 )}"
[[ "$IDLE_PASSES" =~ ^[0-9]+$ ]] || { echo "gateway-bench: IDLE_PASSES: $IDLE_PASSES (expected a whole number)" >&2; exit 2; }
IDLE_GAP_S="$(secs "${IDLE_GAP:-35s}" IDLE_GAP)"
read -r -a TARGET_LIST <<<"$TARGETS"
N_TARGETS=${#TARGET_LIST[@]}
# Upper bound on the life of every server started here, should this script die without its trap.
TTL=$(( (ROUNDS * (DUR_S + 15) + WARM_S + (REWARM_PASSES + IDLE_PASSES) * (REWARM_S + 2) + 60) * N_TARGETS
  + IDLE_PASSES * IDLE_GAP_S + 600 ))

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN="${RESULTS_DIR:-$BENCH/results/$STAMP}"
if [[ -z "${RESUMMARIZE:-}" ]]; then
  mkdir -p "$RUN"/{conf,logs,raw,tmp}
  chmod 755 "$RUN" "$RUN/tmp"   # nginx workers run as nobody
fi
TSV="$RUN/results.tsv"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$RUN/bench.log" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ---- processes: started under `timeout`, stopped by the trap ------------------------------------

WRAPPERS=()   # pids of the `timeout` wrappers; each has one child, the server
declare -A SERVER_PID=() TARGET_PORT=()

cleanup() {
  local rc=$? w
  trap - EXIT INT TERM
  for w in "${WRAPPERS[@]}"; do kill -TERM "$w" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for w in "${WRAPPERS[@]}"; do kill -0 "$w" 2>/dev/null && alive=1; done
    (( alive )) || break
    sleep 0.1
  done
  for w in "${WRAPPERS[@]}"; do
    if kill -0 "$w" 2>/dev/null; then
      pkill -KILL -P "$w" 2>/dev/null || true
      kill -KILL "$w" 2>/dev/null || true
    fi
  done
  if [[ -n "${CREATED_POLICY_RC:-}" ]]; then rm -f /usr/sbin/policy-rc.d; fi
  (( rc == 0 )) || log "exit status $rc; logs in $RUN/logs"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME CPU COMMAND...: runs COMMAND pinned to CPU, output in logs/NAME.log; sets SERVER_PID[NAME].
start() {
  local name="$1" cpu="$2"; shift 2
  timeout -k 5 "$TTL" taskset -c "$cpu" "$@" >"$RUN/logs/$name.log" 2>&1 &
  local w=$!
  WRAPPERS+=("$w")
  local child=""
  for _ in $(seq 1 50); do
    child="$(pgrep -P "$w" | head -n1 || true)"
    [[ -n "$child" ]] && break
    sleep 0.05
  done
  [[ -n "$child" ]] || die "$name did not start (see $RUN/logs/$name.log)"
  SERVER_PID[$name]="$child"
}

tree_pids() { # a process and its descendants
  local p="$1" c
  echo "$p"
  for c in $(pgrep -P "$p" || true); do tree_pids "$c"; done
}

wait_listening() { # NAME PORT SECONDS
  local name="$1" port="$2" limit="$3" i
  for (( i = 0; i < limit * 10; i++ )); do
    if ss -Hltn "sport = :$port" | grep -q .; then return 0; fi
    kill -0 "${SERVER_PID[$name]}" 2>/dev/null || { cat "$RUN/logs/$name.log" >&2; die "$name exited before listening on $port"; }
    sleep 0.1
  done
  cat "$RUN/logs/$name.log" >&2
  die "$name is not listening on $port after ${limit}s"
}

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }

# ---- measurements from /proc ---------------------------------------------------------------------

cpu_ticks() { # utime+stime of the processes (all their threads)
  local t=0 p v
  for p in "$@"; do
    v="$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}')" || v=0
    t=$(( t + ${v:-0} ))
  done
  echo "$t"
}
sys_ticks() { # stime alone: the kernel's share (syscalls, and the loopback TCP stack they run)
  local t=0 p v
  for p in "$@"; do
    v="$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $13}')" || v=0
    t=$(( t + ${v:-0} ))
  done
  echo "$t"
}
rss_kb() {
  local t=0 p v
  for p in "$@"; do
    v="$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null)" || v=0
    t=$(( t + ${v:-0} ))
  done
  echo "$t"
}
core_stat() { # "busy total" jiffies of one core
  awk -v c="cpu$1" '$1 == c { busy = $2 + $3 + $4 + $7 + $8; total = busy + $5 + $6 + $9; print busy, total }' /proc/stat
}
CLK_TCK="$(getconf CLK_TCK)"

# ---- installing what is missing --------------------------------------------------------------------

ensure_packages() {
  local missing=() p
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v curl >/dev/null || missing+=(curl)
  (( ${#missing[@]} )) || return 0
  local sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || die "missing ${missing[*]} and not root (install them, or run as root)"
    sudo="sudo"
  fi
  log "installing ${missing[*]}"
  local update=0
  for p in "${missing[@]}"; do
    if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then update=1; fi
  done
  if (( update )); then $sudo apt-get update -q >"$RUN/logs/apt.log" 2>&1 || die "apt-get update failed (see $RUN/logs/apt.log)"; fi
  # Package scripts must not start system-wide nginx/haproxy services (nothing may be left running).
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod 755 /usr/sbin/policy-rc.d
    CREATED_POLICY_RC=1
  fi
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$RUN/logs/apt.log" 2>&1; then
    # nginx-light is gone from newer Debian releases: take nginx.
    local alt=("${missing[@]/nginx-light/nginx}")
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${alt[@]}" >>"$RUN/logs/apt.log" 2>&1 \
      || die "apt-get install ${missing[*]} failed (see $RUN/logs/apt.log)"
  fi
  if [[ -n "${CREATED_POLICY_RC:-}" ]]; then $sudo rm -f /usr/sbin/policy-rc.d; CREATED_POLICY_RC=""; fi
}

# ---- the Graylane jar --------------------------------------------------------------------------------

build_in() { # DIR: the Maven build the docs name
  (cd "$1" && mvn -B -q -DskipTests -pl graylane-gateway -am package) >"$RUN/logs/build.log" 2>&1 \
    || { tail -n 40 "$RUN/logs/build.log" >&2; die "mvn package in $1 failed (see $RUN/logs/build.log)"; }
}

jar_is_stale() { # sources or poms newer than the jar (the check bin/graylane makes)
  [[ -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o -path "$BENCH" -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -newer "$1" -print -quit 2>/dev/null)" ]]
}

resolve_jar() {
  local repo_jar="$ROOT/graylane-gateway/target/graylane.jar" jar
  if [[ -n "${GRAYLANE_JAR:-}" ]]; then
    jar="$GRAYLANE_JAR"; JAR_ORIGIN="given as GRAYLANE_JAR"
  elif [[ "$GRAYLANE_BUILD" == repo || ( "$GRAYLANE_BUILD" == auto && ! -f "$repo_jar" ) ]]; then
    if [[ ! -f "$repo_jar" || "$GRAYLANE_BUILD" == repo ]]; then
      log "building $repo_jar (mvn -B -q -DskipTests -pl graylane-gateway -am package)"
      build_in "$ROOT"
    fi
    jar="$repo_jar"; JAR_ORIGIN="working tree build ($repo_jar)"
  elif [[ "$GRAYLANE_BUILD" == head || ( "$GRAYLANE_BUILD" == auto && -f "$repo_jar" ) ]] \
      && { [[ "$GRAYLANE_BUILD" == head ]] || jar_is_stale "$repo_jar"; }; then
    # The working tree's jar is older than its sources (or HEAD was asked for): build the committed
    # HEAD in a private copy, so neither a stale jar nor someone's uncommitted edits are measured.
    local sha dir
    sha="$(git -C "$ROOT" rev-parse --short=12 HEAD)"
    dir="$BENCH/results/build/$sha"
    if [[ ! -f "$dir/src/graylane-gateway/target/graylane.jar" ]]; then
      log "$repo_jar is missing or older than the sources: building HEAD $sha in $dir"
      rm -rf "$dir"; mkdir -p "$dir/src"
      git -C "$ROOT" archive HEAD | tar -x -C "$dir/src"
      build_in "$dir/src"
    fi
    jar="$dir/src/graylane-gateway/target/graylane.jar"; JAR_ORIGIN="clean build of HEAD $sha"
  else
    jar="$repo_jar"; JAR_ORIGIN="working tree jar ($repo_jar, up to date with the sources)"
  fi
  [[ -f "$jar" ]] || die "no Graylane jar at $jar"
  if [[ " $TARGETS " == *" base-"* ]]; then
    # The baseline: commit BASE_REF, built the same way as HEAD (a private git archive copy).
    [[ -n "${BASE_REF:-}" ]] || die "base-* targets need BASE_REF (a commit to build the baseline jar from)"
    local bsha bdir
    bsha="$(git -C "$ROOT" rev-parse --short=12 "$BASE_REF^{commit}")" || die "BASE_REF=$BASE_REF is not a commit"
    bdir="$BENCH/results/build/$bsha"
    if [[ ! -f "$bdir/src/graylane-gateway/target/graylane.jar" ]]; then
      log "building the baseline $BASE_REF ($bsha) in $bdir"
      rm -rf "$bdir"; mkdir -p "$bdir/src"
      git -C "$ROOT" archive "$bsha" | tar -x -C "$bdir/src"
      build_in "$bdir/src"
    fi
    cp "$bdir/src/graylane-gateway/target/graylane.jar" "$RUN/graylane-base.jar"
    BASE_JAR="$RUN/graylane-base.jar"
    JAR_ORIGIN="$JAR_ORIGIN; base-* targets: clean build of $BASE_REF ($bsha), sha256 $(sha256sum "$BASE_JAR" | cut -c1-16)…"
  fi
  # A private copy: someone rebuilding the original during the run cannot change what is measured.
  cp "$jar" "$RUN/graylane.jar"
  JAR="$RUN/graylane.jar"
  JAR_SHA="$(sha256sum "$JAR" | cut -c1-16)"
  # Newer builds serve an admin API on 9901 by default: give each gateway a free port of its own.
  GL_EXTRA=()
  local help; help="$("$JDK17_HOME/bin/java" -jar "$JAR" gateway --help 2>&1 || true)"
  if [[ "$help" == *--admin-port* ]]; then GL_EXTRA=(--admin-port 0); fi
}

# ---- configs -----------------------------------------------------------------------------------------

P_V1=$PORT_BASE
P_V2=$(( PORT_BASE + 1 ))
P_NGINX=$(( PORT_BASE + 2 ))
P_HAPROXY=$(( PORT_BASE + 3 ))

write_configs() {
  local t="$RUN/tmp"
  cat >"$RUN/conf/upstream-nginx.conf" <<EOF
# The fixed upstream: two "instances" of one service on two loopback ports.
worker_processes $UPSTREAM_WORKERS;
daemon off;
pid $RUN/tmp/upstream.pid;
error_log $RUN/logs/upstream-error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path $t/up-body; proxy_temp_path $t/up-proxy; fastcgi_temp_path $t/up-fcgi;
  uwsgi_temp_path $t/up-uwsgi; scgi_temp_path $t/up-scgi;
  default_type text/plain;
  server { listen 127.0.0.1:$P_V1; location / { return 200 "stable v1\n"; } }
  server { listen 127.0.0.1:$P_V2; location / { return 200 "canary v2\n"; } }
}
EOF
  cat >"$RUN/conf/proxy-nginx.conf" <<EOF
# nginx as the gray router: X-User-Group: beta -> canary (v2), everything else -> stable (v1).
worker_processes $NGINX_WORKERS;
daemon off;
pid $RUN/tmp/proxy-nginx.pid;
error_log $RUN/logs/proxy-nginx-error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path $t/px-body; proxy_temp_path $t/px-proxy; fastcgi_temp_path $t/px-fcgi;
  uwsgi_temp_path $t/px-uwsgi; scgi_temp_path $t/px-scgi;
  map \$http_x_user_group \$lane_pool {
    default stable;
    beta    canary;
  }
  upstream stable { server 127.0.0.1:$P_V1; keepalive 64; keepalive_requests 1000000; keepalive_timeout 60s; }
  upstream canary { server 127.0.0.1:$P_V2; keepalive 64; keepalive_requests 1000000; keepalive_timeout 60s; }
  server {
    listen 127.0.0.1:$P_NGINX;
    location / {
      proxy_pass http://\$lane_pool;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
EOF
  cat >"$RUN/conf/proxy-haproxy.cfg" <<EOF
# HAProxy as the gray router: X-User-Group: beta -> canary (v2), everything else -> stable (v1).
global
  nbthread 1
  maxconn 8000
defaults
  mode http
  option http-keep-alive
  option forwardfor
  http-reuse safe
  timeout connect 2s
  timeout client 60s
  timeout server 30s
  timeout http-keep-alive 120s
frontend gray
  bind 127.0.0.1:$P_HAPROXY
  http-request set-header X-Forwarded-Proto http
  acl beta req.hdr(x-user-group) -m str beta
  use_backend canary if beta
  default_backend stable
backend stable
  server v1 127.0.0.1:$P_V1
backend canary
  server v2 127.0.0.1:$P_V2
EOF
  local chain
  for chain in recover nochain metrics; do
    {
      echo "# Graylane as the gray router: X-User-Group: beta -> canary (v2), everything else -> stable (v1)."
      echo "version: 1"
      echo "lanes:"
      echo "  stable: {selector: {version: v1}}"
      echo "  canary: {selector: {version: v2}, fallback: stable}"
      echo "coloring:"
      echo "  defaultLane: stable"
      echo "  rules:"
      echo "    - name: beta-users"
      echo "      lane: canary"
      echo "      when: {header: {name: X-User-Group, equals: beta}}"
      echo "routes:"
      echo "  - {name: web, service: web}"
      echo "discovery:"
      echo "  static:"
      echo "    web:"
      echo "      - {id: web-v1, address: 127.0.0.1, port: $P_V1, tags: [version=v1]}"
      echo "      - {id: web-v2, address: 127.0.0.1, port: $P_V2, tags: [version=v2]}"
      case "$chain" in
        recover) echo "chain:"; echo "  - {id: recover, type: recover}" ;;
        metrics) echo "chain:"; echo "  - {id: metrics, type: metrics}"; echo "  - {id: recover, type: recover}" ;;
        nochain) echo "chain: []" ;;
      esac
    } >"$RUN/conf/graylane-$chain.yaml"
  done
  cat >"$RUN/conf/alternate.lua" <<'EOF'
-- Every other request carries X-User-Group: beta, so half the load is routed to the canary.
local requests
local n = 0
init = function(args)
  requests = { wrk.format("GET", "/"), wrk.format("GET", "/", { ["X-User-Group"] = "beta" }) }
end
request = function()
  n = n + 1
  return requests[n % 2 + 1]
end
EOF
}

# ---- targets -----------------------------------------------------------------------------------------

declare -A GL_HOME=() GL_FLAGS=() GL_CHAIN=() GL_TRANSPORT=() GL_BASE=()

parse_targets() {
  local i=0 t kind jdk gc chain
  for t in "${TARGET_LIST[@]}"; do
    case "$t" in
      direct) TARGET_PORT[$t]=$P_V1 ;;   # wrk -> upstream; the Lua script's header does not matter here
      nginx) TARGET_PORT[$t]=$P_NGINX ;;
      haproxy) TARGET_PORT[$t]=$P_HAPROXY ;;
      gl-* | base-*)
        IFS=- read -r kind jdk gc chain <<<"$t"
        [[ "$kind" == base ]] && GL_BASE[$t]=1
        case "$jdk" in jdk17) GL_HOME[$t]="$JDK17_HOME" ;; jdk25) GL_HOME[$t]="$JDK25_HOME" ;;
          *) die "target $t: unknown JDK '$jdk' (expected: jdk17 or jdk25)" ;; esac
        case "$gc" in serial) GL_FLAGS[$t]="$GC_SERIAL" ;; g1) GL_FLAGS[$t]="$GC_G1" ;; lean) GL_FLAGS[$t]="$GC_LEAN" ;;
          default) GL_FLAGS[$t]="$GC_DEFAULT" ;;
          *) die "target $t: unknown JVM flag set '$gc' (expected: serial, g1, lean or default)" ;; esac
        case "${chain:-}" in "") GL_CHAIN[$t]=recover ;; nochain | metrics) GL_CHAIN[$t]="$chain" ;;
          *) die "target $t: unknown suffix '$chain' (expected: nothing, nochain or metrics)" ;; esac
        [[ -x "${GL_HOME[$t]}/bin/java" ]] || die "target $t: no JDK at ${GL_HOME[$t]}"
        TARGET_PORT[$t]=$(( PORT_BASE + 10 + i ))
        i=$(( i + 1 ))
        ;;
      *) die "unknown target '$t' (expected: direct, nginx, haproxy or gl|base-<jdk17|jdk25>-<serial|g1|lean>[-nochain|-metrics])" ;;
    esac
  done
}

start_targets() {
  local t p
  for p in "$P_V1" "$P_V2" "$P_NGINX" "$P_HAPROXY"; do port_free "$p" || die "port $p is in use (set PORT_BASE)"; done
  for t in "${TARGET_LIST[@]}"; do port_free "${TARGET_PORT[$t]}" || die "port ${TARGET_PORT[$t]} is in use (set PORT_BASE)"; done

  nginx -t -q -p "$RUN/tmp" -c "$RUN/conf/upstream-nginx.conf" >"$RUN/logs/nginx-t.log" 2>&1 \
    || { cat "$RUN/logs/nginx-t.log" >&2; die "upstream nginx config is invalid"; }
  start upstream "$UPSTREAM_CPU" nginx -p "$RUN/tmp" -c "$RUN/conf/upstream-nginx.conf"
  wait_listening upstream "$P_V1" 10
  wait_listening upstream "$P_V2" 10

  for t in "${TARGET_LIST[@]}"; do
    case "$t" in
      direct) SERVER_PID[$t]="${SERVER_PID[upstream]}" ;;
      nginx)
        nginx -t -q -p "$RUN/tmp" -c "$RUN/conf/proxy-nginx.conf" >"$RUN/logs/nginx-t.log" 2>&1 \
          || { cat "$RUN/logs/nginx-t.log" >&2; die "proxy nginx config is invalid"; }
        start nginx "$PROXY_CPU" nginx -p "$RUN/tmp" -c "$RUN/conf/proxy-nginx.conf"
        wait_listening nginx "$P_NGINX" 10 ;;
      haproxy)
        haproxy -c -q -f "$RUN/conf/proxy-haproxy.cfg" >"$RUN/logs/haproxy-c.log" 2>&1 \
          || { cat "$RUN/logs/haproxy-c.log" >&2; die "haproxy config is invalid"; }
        start haproxy "$PROXY_CPU" haproxy -db -f "$RUN/conf/proxy-haproxy.cfg"
        wait_listening haproxy "$P_HAPROXY" 10 ;;
      gl-* | base-*)
        local jar="$JAR"; [[ -n "${GL_BASE[$t]:-}" ]] && jar="$BASE_JAR"
        # shellcheck disable=SC2086 # the flags are words
        start "$t" "$PROXY_CPU" "${GL_HOME[$t]}/bin/java" ${GL_FLAGS[$t]} -jar "$jar" gateway \
          --config "$RUN/conf/graylane-${GL_CHAIN[$t]}.yaml" --port "${TARGET_PORT[$t]}" --event-loops 1 \
          --shutdown-timeout 1s "${GL_EXTRA[@]}"
        wait_listening "$t" "${TARGET_PORT[$t]}" 90
        GL_TRANSPORT[$t]="$(grep -o 'transport [a-z_]*, [0-9]* event loop' "$RUN/logs/$t.log" | head -n1 || true)" ;;
    esac
  done
}

# Routing must be right before anything is measured: beta -> v2, anything else -> v1.
verify_routing() {
  local t port body want hdr
  for t in "${TARGET_LIST[@]}"; do
    [[ "$t" == direct ]] && continue
    port="${TARGET_PORT[$t]}"
    for hdr in "X-User-Group: beta" "X-User-Group: alpha" ""; do
      want="stable v1"; [[ "$hdr" == "X-User-Group: beta" ]] && want="canary v2"
      body="$(curl -sS --max-time 5 ${hdr:+-H "$hdr"} "http://127.0.0.1:$port/check" 2>&1 || true)"
      [[ "$body" == "$want" ]] || die "routing check: $t with '${hdr:-no header}' answered '$body' (expected: '$want')"
    done
    log "routing ok: $t (beta -> canary v2, other -> stable v1)"
  done
}

upstream_time_wait() { # sockets to or from the upstream ports in TIME-WAIT: grows when connections churn
  ss -Htan state time-wait "( dport = :$P_V1 or dport = :$P_V2 or sport = :$P_V1 or sport = :$P_V2 )" | wc -l
}

# run_wrk TARGET SECONDS OUTFILE: pinned wrk; prints nothing
run_wrk() {
  local t="$1" s="$2" out="$3"
  # In the background, waited for: a signal to this script then interrupts the wait at once and the
  # trap stops wrk with everything else.
  timeout -k 5 $(( s + 60 )) taskset -c "$LOAD_CPU" /usr/bin/time -f 'wrk-cpu-seconds %U %S' -o "$out.time" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${s}s" --latency -s "$RUN/conf/alternate.lua" \
    "http://127.0.0.1:${TARGET_PORT[$t]}/" >"$out" 2>&1 &
  local w=$!
  WRAPPERS+=("$w")
  wait "$w" || die "wrk against $t failed (see $out)"
  unset 'WRAPPERS[-1]'
  WRAPPERS=("${WRAPPERS[@]}")
}

warm_up() {
  local t tw0 tw1
  for t in "${TARGET_LIST[@]}"; do
    tw0="$(upstream_time_wait)"
    run_wrk "$t" "$WARM_S" "$RUN/raw/warmup-$t.txt"
    # Shorter passes after a pause: their connections close and reopen as every measured round's do.
    # A JVM compiles the hot path without the idle, close and accept branches it has not taken yet and
    # deoptimizes and recompiles when they first are; it takes several such cycles to settle (one pass
    # left round 1 at p99 2.5-3.2 ms, a single JVM's first reconnect recompiles ~80 methods; after three
    # a round still began with a burst of deoptimizations now and then). The first pass is reported as
    # the cold start.
    local pass
    for (( pass = 1; pass <= REWARM_PASSES; pass++ )); do
      sleep 2
      run_wrk "$t" "$REWARM_S" "$RUN/raw/warmup$(( pass + 1 ))-$t.txt"
    done
    tw1="$(upstream_time_wait)"
    local rps; rps="$(awk '/^Requests\/sec/{print $2}' "$RUN/raw/warmup-$t.txt")"
    log "warmed up $t: ${rps:-?} req/s; upstream sockets in TIME-WAIT ${tw0} -> ${tw1}"
    if (( tw1 - tw0 > 1000 )); then
      log "WARNING: $t seems to open a new upstream connection per request (TIME-WAIT grew by $(( tw1 - tw0 )))"
    fi
  done
}

# Passes over all targets after idle gaps (see IDLE_PASSES), in round order.
warm_up_after_idle() {
  local pass k t
  for (( pass = 1; pass <= IDLE_PASSES; pass++ )); do
    log "idle ${IDLE_GAP_S}s, then a ${REWARM_S}s pass of each target ($pass of $IDLE_PASSES)"
    sleep "$IDLE_GAP_S"
    for (( k = 0; k < N_TARGETS; k++ )); do
      t="${TARGET_LIST[$(( (k + pass - 1) % N_TARGETS ))]}"
      run_wrk "$t" "$REWARM_S" "$RUN/raw/warmup-idle$pass-$t.txt"
    done
  done
}

to_ms() { # wrk latency "812.00us" / "1.23ms" / "1.02s" -> ms
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else printf "nan" }'
}

# measure ROUND TARGET: one run, one line in results.tsv
measure() {
  local r="$1" t="$2" out="$RUN/raw/r$1-$2.txt"
  local pids upids c0 c1 u0 u1 s0 s1 a0 a1 b0 b1
  # shellcheck disable=SC2207
  pids=($(tree_pids "${SERVER_PID[$t]}"))
  # shellcheck disable=SC2207
  upids=($(tree_pids "${SERVER_PID[upstream]}"))
  a0="$(core_stat "$PROXY_CPU")"; b0="$(core_stat "$LOAD_CPU")"
  c0="$(cpu_ticks "${pids[@]}")"; u0="$(cpu_ticks "${upids[@]}")"; s0="$(sys_ticks "${pids[@]}")"
  run_wrk "$t" "$DUR_S" "$out"
  c1="$(cpu_ticks "${pids[@]}")"; u1="$(cpu_ticks "${upids[@]}")"; s1="$(sys_ticks "${pids[@]}")"
  a1="$(core_stat "$PROXY_CPU")"; b1="$(core_stat "$LOAD_CPU")"
  local rss; rss="$(rss_kb "${pids[@]}")"
  local reqs rps p50 p99 non2xx errs wrkcpu
  reqs="$(awk '/requests in/{print $1}' "$out")"
  rps="$(awk '/^Requests\/sec/{print $2}' "$out")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
  non2xx="$(awk '/Non-2xx/{print $NF}' "$out")"; non2xx="${non2xx:-0}"
  errs="$(awk '/Socket errors/{gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")"; errs="${errs:-0}"
  wrkcpu="$(awk '/wrk-cpu-seconds/{print $2 + $3}' "$out.time" 2>/dev/null)"
  [[ -n "$reqs" && -n "$rps" ]] || die "could not read wrk's output $out"
  awk -v r="$r" -v t="$t" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v reqs="$reqs" \
      -v pc=$(( c1 - c0 )) -v ps=$(( s1 - s0 )) -v uc=$(( u1 - u0 )) -v hz="$CLK_TCK" -v rss="$rss" \
      -v a="$a0 $a1" -v b="$b0 $b1" -v n2="$non2xx" -v e="$errs" -v w="${wrkcpu:-0}" -v d="$DUR_S" -v direct=$([[ $t == direct ]] && echo 1 || echo 0) '
    BEGIN {
      split(a, A, " "); split(b, B, " ")
      c0 = 100 * (A[3] - A[1]) / ((A[4] - A[2]) > 0 ? (A[4] - A[2]) : 1)
      c1 = 100 * (B[3] - B[1]) / ((B[4] - B[2]) > 0 ? (B[4] - B[2]) : 1)
      cpu = direct ? "-" : sprintf("%.2f", pc * 1e6 / hz / reqs)
      rssmb = direct ? "-" : sprintf("%.1f", rss / 1024)
      share = direct ? "-" : sprintf("%.0f", 100 * pc / hz / d)
      # What else ran on the proxy core: other work on the machine, idle proxies, interrupts (noise).
      other = direct ? "-" : sprintf("%.0f", c0 - 100 * pc / hz / d < 0 ? 0 : c0 - 100 * pc / hz / d)
      sys = direct ? "-" : sprintf("%.0f", pc > 0 ? 100 * ps / pc : 0)
      printf "%d\t%s\t%.0f\t%.3f\t%.3f\t%d\t%s\t%.2f\t%s\t%s\t%.0f\t%s\t%.0f\t%.0f\t%s\t%s\t%s\n", r, t, rps, p50, p99, reqs, cpu, \
        uc * 1e6 / hz / reqs, rssmb, share, c0, other, c1, 100 * w / d, n2, e, sys
    }' >>"$TSV"
  log "$(tail -n1 "$TSV" | awk -F'\t' '{printf "round %s %-24s %7s req/s  p50 %6.2f ms  p99 %6.2f ms  cpu %6s us/req (%s%% kernel, %s%% of a core)  rss %6s MB  proxy core %s%% busy (others %s%%)  load core %s%%  wrk %s%%%s", $1, $2, $3, $4, $5, $7, $17, $10, $9, $11, $12, $13, $14, ($15 + $16 > 0 ? "  ERRORS non2xx=" $15 " socket=" $16 : "")}')"
}

# ---- profile (optional): JFR on one Graylane target under the same load -------------------------------

profile_target() {
  local t="$PROFILE_TARGET"
  [[ -n "${SERVER_PID[$t]:-}" ]] || { log "PROFILE: target $t is not running; skipped"; return 0; }
  local jh="${GL_HOME[$t]}" pid="${SERVER_PID[$t]}" f="$RUN/raw/profile-$t.jfr" extra=()
  # JDK 25: CPU-time sampling too (jdk.CPUTimeSample, Linux), which also sees time in native code.
  [[ "$t" == gl-jdk25-* ]] && extra=("jdk.CPUTimeSample#enabled=true" "jdk.CPUTimeSample#throttle=1ms")
  log "profiling $t with JFR (settings=profile, method-profiling=max) for ${DUR_S}s under the same load"
  "$jh/bin/jcmd" "$pid" JFR.start name=bench settings=profile method-profiling=max "${extra[@]}" filename="$f" \
    >"$RUN/logs/jfr.log" 2>&1 || { log "JFR.start failed (see $RUN/logs/jfr.log)"; return 0; }
  run_wrk "$t" "$DUR_S" "$RUN/raw/profile-$t.wrk.txt"
  "$jh/bin/jcmd" "$pid" JFR.stop name=bench >>"$RUN/logs/jfr.log" 2>&1 || true
  local jfr="$JDK25_HOME/bin/jfr" v ev
  [[ -x "$jfr" ]] || jfr="$jh/bin/jfr"
  ( set +e +o pipefail  # head(1) closing its pipe early is fine here
    echo "# JFR of $t under the benchmark load ($(awk '/^Requests\/sec/{print $2}' "$RUN/raw/profile-$t.wrk.txt") req/s while recording)"
    for v in hot-methods cpu-time-hot-methods allocation-by-class allocation-by-site gc-pauses; do
      echo; echo "## jfr view $v"; "$jfr" view --width 170 "$v" "$f" 2>&1 | head -n 40 || true
    done
    for ev in jdk.ExecutionSample jdk.CPUTimeSample; do
      # Inclusive: the share of samples whose stack holds a frame of each class (a class counted once per sample).
      echo; echo "## $ev: share of samples with the class anywhere on the stack (inclusive)"
      "$jfr" print --events "$ev" --stack-depth 128 "$f" 2>/dev/null | awk '
        /^jdk\.(ExecutionSample|CPUTimeSample)/ { flush(); n++; next }
        /line:/ { fr = $1; sub(/\(.*/, "", fr); k = split(fr, q, "."); cls = q[1]; for (i = 2; i < k; i++) cls = cls "." q[i]; seen[cls] = 1 }
        function flush(   c) { for (c in seen) inc[c]++; delete seen }
        END { flush(); for (c in inc) if (n) printf "%6.1f%%  %s\n", 100 * inc[c] / n, c; printf "%6d   samples\n", n }' \
        | sort -rn | head -n 45
      echo; echo "## $ev: top frame (self), by method"
      "$jfr" print --events "$ev" --stack-depth 1 "$f" 2>/dev/null | awk '
        /^jdk\.(ExecutionSample|CPUTimeSample)/ { n++; getfr = 1; next }
        getfr && /line:/ { fr = $1; sub(/\(.*/, "", fr); self[fr]++; getfr = 0 }
        END { for (m in self) if (n) printf "%6.1f%%  %s\n", 100 * self[m] / n, m }' | sort -rn | head -n 30
    done
  ) >"$RUN/profile-$t.txt" 2>&1
  log "profile summary: $RUN/profile-$t.txt"
}

# ---- summary -------------------------------------------------------------------------------------------

summarize() {
  local s="$RUN/summary.md"
  {
    echo "## Run $STAMP"
    echo
    echo "Command: \`$COMMAND_LINE\`"
    echo
    echo "wrk \`-t$THREADS -c$CONNECTIONS -d${DUR_S}s --latency\`, half the requests with \`X-User-Group: beta\`;"
    echo "$ROUNDS interleaved rounds (order rotated each round) after a ${WARM_S}s + ${REWARM_PASSES:-1} x ${REWARM_S:-0}s warm-up of each target (new connections, after a 2 s pause, for each of the later passes)."
    if (( ${IDLE_PASSES:-0} > 0 )); then
      echo "Then ${IDLE_PASSES} interleaved ${REWARM_S}s passes of every target, each after ${IDLE_GAP_S}s of idling (pooled upstream connections expire, as before every round)."
    fi
    echo "Proxy on core $PROXY_CPU, wrk on core $LOAD_CPU, upstream nginx ($UPSTREAM_WORKERS worker) on core $UPSTREAM_CPU."
    echo "nginx proxy: $NGINX_WORKERS worker; HAProxy: nbthread 1; Graylane: 1 event loop."
    echo
    awk -F'\t' -v order="${TARGET_LIST[*]}" -v q="$QUIET_PCT" -v chains="$(for t in "${TARGET_LIST[@]}"; do printf '%s=%s ' "$t" "${GL_CHAIN[$t]:-}"; done)" '
      function med(a, n,   i, j, v, b) { if (n == 0) return "nan"; for (i = 1; i <= n; i++) b[i] = a[i]
        for (i = 2; i <= n; i++) { v = b[i]; for (j = i - 1; j >= 1 && b[j] > v; j--) b[j + 1] = b[j]; b[j + 1] = v }
        return (n % 2) ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2 }
      function lo(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] < m) m = a[i]; return m }
      function hi(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] > m) m = a[i]; return m }
      function x(v) { return v == "nan" ? "—" : sprintf("%.2f×", v) }
      NR == 1 { next }
      { t = $2; k = ++n[t]; R[t, k] = $1; rps[t, k] = $3; p50[t, k] = $4; p99[t, k] = $5; cpu[t, k] = $7; rss[t, k] = $9
        oth[t, k] = $12; ker[t, k] = $17; byround[t, $1] = k }
      END {
        nt = split(order, T, " "); split(chains, C, " ")
        for (i in C) { split(C[i], kv, "="); chain[kv[1]] = kv[2] }
        print "| target | req/s: median (range) | p50 ms | p99 ms | proxy CPU µs/req (range) | kernel share | req/s per core = 10⁶ / CPU µs | RSS MB after | quiet runs (others on the proxy core ≤ " q " %): n, req/s, p99 ms | req/s vs nginx | per-core capacity vs nginx | p99 vs nginx |"
        print "|---|---|---|---|---|---|---|---|---|---|---|---|"
        for (i = 1; i <= nt; i++) {
          t = T[i]; m = n[t]
          delete A; delete B; delete Cc; delete D; delete E; delete F; delete G; delete H; delete I; delete J; delete K
          nq = 0; nr = 0
          for (k = 1; k <= m; k++) {
            A[k] = rps[t, k]; B[k] = p50[t, k]; Cc[k] = p99[t, k]
            if (cpu[t, k] != "-") { D[k] = cpu[t, k]; E[k] = rss[t, k]; F[k] = ker[t, k] }
            if (oth[t, k] != "-" && oth[t, k] <= q) { nq++; G[nq] = rps[t, k]; H[nq] = p99[t, k] }
            r = R[t, k]
            if (("nginx", r) in byround) { j = byround["nginx", r]; nr++
              I[nr] = rps[t, k] / rps["nginx", j]; K[nr] = p99[t, k] / p99["nginx", j]
              J[nr] = (cpu[t, k] != "-" && cpu["nginx", j] > 0) ? cpu["nginx", j] / cpu[t, k] : "nan" }
          }
          c = (1 in D) ? med(D, m) : "nan"
          rr[t] = med(I, nr); cr[t] = (nr && J[1] != "nan") ? med(J, nr) : "nan"; pr[t] = med(K, nr); rs[t] = (1 in E) ? med(E, m) : "nan"
          printf "| %s | %.0f (%.0f–%.0f) | %.2f | %.2f | %s | %s | %s | %s | %s | %s | %s | %s |\n", t, med(A, m), lo(A, m), hi(A, m), med(B, m), med(Cc, m), \
            c == "nan" ? "—" : sprintf("%.1f (%.1f–%.1f)", c, lo(D, m), hi(D, m)), \
            c == "nan" ? "—" : sprintf("%.0f %%", med(F, m)), c == "nan" ? "—" : sprintf("%.0fk", 1000 / c), \
            rs[t] == "nan" ? "—" : sprintf("%.0f", rs[t]), \
            c == "nan" ? "—" : (nq ? sprintf("%d, %.0f, %.2f", nq, med(G, nq), med(H, nq)) : "0"), \
            t == "nginx" ? "1" : x(rr[t]), t == "nginx" ? "1" : x(cr[t]), t == "nginx" ? "—" : x(pr[t])
        }
        print ""
        print "Ratios are medians of per-round ratios, each target against nginx in the same round. Per-core capacity"
        print "is nginx CPU/request ÷ the target'"'"'s: the req/s ratio the two would show if each had the core to itself,"
        print "which the shared machine rarely allows (see \"quiet runs\" and the per-run table)."
        if (!(("nginx", 1) in byround)) exit
        print ""
        print "Targets (issue): milestone ≥ 0.9× nginx req/s with the default chain; goal ≥ 1.0× req/s, p99 ≤ nginx'"'"'s,"
        print "CPU/request ≤ nginx'"'"'s, RSS ≤ 150 MB. Judged on both the measured req/s ratio and the per-core capacity"
        print "ratio: \"met\" when both reach the bar, \"not met\" when neither does, \"unclear\" when noise splits them."
        print ""
        for (i = 1; i <= nt; i++) {
          t = T[i]; if (t !~ /^(gl|base)-/) continue
          a1 = rr[t] >= 0.9; a2 = cr[t] >= 0.9
          ms = (a1 && a2) ? "met" : (!a1 && !a2) ? "not met" : "unclear"
          g1 = rr[t] >= 1.0; g2 = cr[t] >= 1.0; g3 = pr[t] <= 1.0; g4 = rs[t] <= 150
          gs = (g1 && g2 && g3 && g4) ? "met" : ((!g1 && !g2) || !g3 || !g4) ? "not met" : "unclear"
          printf "- %s%s: milestone %s (req/s %.2f×, capacity %.2f×); goal %s (req/s %.2f×, capacity %.2f×, p99 %.2f×, RSS %.0f MB)\n", \
            t, chain[t] == "nochain" ? " (no chain, for reference: not the default chain)" : chain[t] == "metrics" ? " (chain metrics, recover)" : "", ms, rr[t], cr[t], gs, rr[t], cr[t], pr[t], rs[t]
        }
      }' "$TSV"
    cold_start
    echo
    echo "Per run (results.tsv): round, target, req/s, p50 ms, p99 ms, requests, proxy CPU µs/req, upstream CPU µs/req,"
    echo "RSS MB, proxy CPU % of one core, core $PROXY_CPU busy % (everything on it), what else ran on core $PROXY_CPU (%),"
    echo "core $LOAD_CPU busy %, wrk CPU %, non-2xx responses, socket errors, share of the proxy's CPU time in the kernel (%)."
    echo
    echo '```'
    cat "$TSV"
    echo '```'
  } >"$s"
}

# The warm-up's first pass, right after each target started (and, for a JVM, before its JIT has
# compiled anything): what the first seconds after a restart look like. Not part of the rounds.
cold_start() {
  local t f first=1
  for t in "${TARGET_LIST[@]}"; do
    f="$RUN/raw/warmup-$t.txt"
    [[ -s "$f" ]] || continue
    if (( first )); then
      echo
      echo "Cold start (not in the table): the first ${WARM_S}s of load right after each target started, before any warm-up."
      echo
      first=0
    fi
    printf -- '- %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms\n' "$t" "$(awk '/^Requests\/sec/{print $2}' "$f")" \
      "$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")" "$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")"
  done
}

machine_info() {
  local t
  {
    echo "date -u:  $(date -u)"
    echo "command:  $COMMAND_LINE"
    echo "nproc:    $(nproc)"
    echo "cpu:      $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
    echo "memory:   $(awk '/MemTotal/{printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "kernel:   $(uname -r)"
    echo "git:      $(git -C "$ROOT" rev-parse --short=12 HEAD) ($(git -C "$ROOT" status --porcelain --untracked-files=no | wc -l) modified tracked files in the working tree)"
    echo "jar:      $JAR_ORIGIN, sha256 $JAR_SHA…"
    echo "wrk:      $(wrk -v 2>&1 | head -n1)"
    echo "nginx:    $(nginx -v 2>&1)"
    echo "haproxy:  $(haproxy -v 2>&1 | head -n1)"
    for t in "$JDK17_HOME" "$JDK25_HOME"; do
      [[ -x "$t/bin/java" ]] && echo "java:     $t: $("$t/bin/java" -version 2>&1 | sed -n 2p)"
    done
    for t in "${TARGET_LIST[@]}"; do
      [[ "$t" == gl-* || "$t" == base-* ]] && echo "$t: ${GL_HOME[$t]} ${GL_FLAGS[$t]} chain=${GL_CHAIN[$t]} (${GL_TRANSPORT[$t]:-transport ?}s)"
    done
    echo "loadavg:  $(cat /proc/loadavg) (at start)"
    echo "busiest processes over 2 s before anything was started here (other work on the machine):"
    cat "$RUN/tmp/top-at-start.txt"
  } >"$RUN/machine.txt"
}

# ---- main --------------------------------------------------------------------------------------------

if [[ -n "${RESUMMARIZE:-}" ]]; then
  # Rebuild summary.md of an earlier run from its results.tsv and settings.
  RUN="$(cd "$RESUMMARIZE" && pwd)"; TSV="$RUN/results.tsv"
  REWARM_PASSES=1; IDLE_PASSES=0 # what runs made before these settings were recorded did
  # shellcheck disable=SC1091
  source "$RUN/settings.env"
  read -r -a TARGET_LIST <<<"$TARGETS"
  declare -A GL_CHAIN=()
  for t in "${TARGET_LIST[@]}"; do
    case "$t" in gl-*-nochain | base-*-nochain) GL_CHAIN[$t]=nochain ;; gl-*-metrics | base-*-metrics) GL_CHAIN[$t]=metrics ;;
      gl-* | base-*) GL_CHAIN[$t]=recover ;; esac
  done
  summarize
  cat "$RUN/summary.md"
  trap - EXIT
  exit 0
fi
COMMAND_LINE="$({ env | grep -E '^(QUICK|DURATION|WARMUP|REWARM_PASSES|IDLE_PASSES|IDLE_GAP|ROUNDS|THREADS|CONNECTIONS|TARGETS|PROXY_CPU|LOAD_CPU|UPSTREAM_CPU|PORT_BASE|NGINX_WORKERS|UPSTREAM_WORKERS|GC_SERIAL|GC_G1|GC_LEAN|GC_DEFAULT|GRAYLANE_BUILD|GRAYLANE_JAR|BASE_REF|PROFILE|PROFILE_TARGET)=' || true; } | sort | sed -E "s/^([A-Z_0-9]+)=(.*)$/\1='\2'/" | tr '\n' ' ')bench/gateway-bench.sh"
ln -sfn "$(basename "$RUN")" "$BENCH/results/latest" 2>/dev/null || true
log "results in $RUN"
declare -p STAMP COMMAND_LINE TARGETS DUR_S WARM_S REWARM_S REWARM_PASSES IDLE_PASSES IDLE_GAP_S ROUNDS THREADS CONNECTIONS PROXY_CPU LOAD_CPU UPSTREAM_CPU \
  UPSTREAM_WORKERS NGINX_WORKERS QUIET_PCT | sed 's/^declare -- //' >"$RUN/settings.env"
(( $(nproc) > PROXY_CPU && $(nproc) > LOAD_CPU )) || die "PROXY_CPU=$PROXY_CPU / LOAD_CPU=$LOAD_CPU: this machine has $(nproc) cores"

top -b -d 2 -n 2 -w 200 2>/dev/null | awk '/^top -/ { f++ } f == 2' | sed -n '7,14p' | cut -c1-160 >"$RUN/tmp/top-at-start.txt" || true
ensure_packages
parse_targets
if [[ " $TARGETS " == *" gl-"* || " $TARGETS " == *" base-"* ]]; then resolve_jar; else JAR_ORIGIN="(no Graylane target)"; JAR_SHA="-"; fi
write_configs
start_targets
machine_info
verify_routing
log "warming up (${WARM_S}s each)"
warm_up
warm_up_after_idle
printf 'round\ttarget\trps\tp50_ms\tp99_ms\trequests\tproxy_cpu_us_per_req\tupstream_cpu_us_per_req\trss_mb\tproxy_cpu_pct\tcore%s_busy_pct\tothers_on_proxy_core_pct\tcore%s_busy_pct\twrk_cpu_pct\tnon2xx\tsocket_errors\tproxy_kernel_pct\n' \
  "$PROXY_CPU" "$LOAD_CPU" >"$TSV"
for (( r = 1; r <= ROUNDS; r++ )); do
  for (( k = 0; k < N_TARGETS; k++ )); do
    measure "$r" "${TARGET_LIST[$(( (k + r - 1) % N_TARGETS ))]}"
  done
done
if (( PROFILE )); then profile_target; fi
echo "loadavg:  $(cat /proc/loadavg) (at end)" >>"$RUN/machine.txt"
summarize
log "summary: $RUN/summary.md"
cat "$RUN/summary.md"
