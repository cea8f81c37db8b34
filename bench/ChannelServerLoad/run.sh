#!/usr/bin/env bash
# Load benchmark of the channel server (not part of the test run).
#   bash bench/ChannelServerLoad/run.sh [seconds per run, default 10] [rounds, default 3]
# wrk, 64 connections, loopback: GET /v1-release/channels/stable (302) and GET /v1-release/channels
# (200 JSON) against the channel server, next to a bare Kestrel app answering the same fixed 302.
# The channel server runs in GitHub mode against a local static "GitHub" (python3 http.server),
# whose request log counts the GitHub requests the client traffic caused (expected: 0).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
ROUNDS=${2:-3}
WARMUP=${WARMUP:-5}
THREADS=2
CONNECTIONS=64
SERVER_PORT=${SERVER_PORT:-28480}; BARE_PORT=${BARE_PORT:-28481}; GITHUB_PORT=${GITHUB_PORT:-28482}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v wrk >/dev/null || { echo "wrk is missing: apt-get update && apt-get install -y wrk"; exit 1; }
command -v python3 >/dev/null || { echo "python3 is missing"; exit 1; }
for port in $SERVER_PORT $BARE_PORT $GITHUB_PORT; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use: set SERVER_PORT/BARE_PORT/GITHUB_PORT"; exit 1; fi
done

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

echo "== build (Release)"
dotnet build ChannelServer/ChannelServer.csproj -c Release -o "$work/server" -v q -nologo >/dev/null
dotnet build bench/ChannelServerLoad/BareRedirect/BareRedirect.csproj -c Release -o "$work/bare" -v q -nologo >/dev/null

# A static GitHub Enterprise API: the K3s snapshot as the one page of /api/v3/repos/k3s-io/k3s/releases.
mkdir -p "$work/gh/api/v3/repos/k3s-io/k3s"
cp config/k3s-releases.json "$work/gh/api/v3/repos/k3s-io/k3s/releases"
# Served as application/json (the file has no extension): Octokit reads an octet-stream body as no releases.
python3 -c 'import functools, http.server, sys
handler = http.server.SimpleHTTPRequestHandler
handler.extensions_map[""] = "application/json"
http.server.test(HandlerClass=functools.partial(handler, directory=sys.argv[2]), port=int(sys.argv[1]), bind="127.0.0.1")' \
  "$GITHUB_PORT" "$work/gh" 2>"$work/github.log" >/dev/null &
pids+=($!)
sed -e "s|  repo: k3s|  repo: k3s\n  api: http://127.0.0.1:$GITHUB_PORT|" config/channels.yaml > "$work/channels.yaml"

wait_for() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1"; exit 1; }

run_wrk() { # name url
  local out; out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$2")
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-44s %12s req/s   p99 %s\n' "$1" "$rps" "$p99" >&2
  echo "$rps"
}

# The access log writes one line per request; run once with it on (to a file) and once at Warning.
start_server() { # log-level
  env "Logging__LogLevel__ChannelServer.AccessLog=$1" dotnet "$work/server/ChannelServer.dll" \
    --url "$work/channels.yaml" --listen-address "127.0.0.1:$SERVER_PORT" >"$work/server-$1.log" 2>&1 &
  server_pid=$!; pids+=($server_pid)
  wait_for "http://127.0.0.1:$SERVER_PORT/readyz"
  # The figure is for GitHub mode: releases from the static API, not a fallback.
  curl -s "http://127.0.0.1:$SERVER_PORT/readyz" | grep -q '"releaseSource":"mirror"' \
    || { echo "the channel server is not serving the static API's releases:"; curl -s "http://127.0.0.1:$SERVER_PORT/readyz"; exit 1; }
  kill -0 "$server_pid" || { echo "the channel server did not start:"; cat "$work/server-$1.log"; exit 1; }
}

dotnet "$work/bare/BareRedirect.dll" "http://127.0.0.1:$BARE_PORT" >/dev/null 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$BARE_PORT/"

echo "== ${DURATION}s per run, $ROUNDS rounds, ${WARMUP}s warm-up at full load, $CONNECTIONS connections, $THREADS wrk threads, $(nproc) cores"
# A shared machine drifts by more than the difference measured: each round measures the bare app right
# before the channel server, and the median of the rounds' ratios is the figure. Both are warmed up at
# full load first, so tiered compilation has finished with the hot paths before anything is counted.
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
warm() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$1" >/dev/null; }
warm "http://127.0.0.1:$BARE_PORT/"
for level in Warning Information; do
  start_server "$level"
  gh_before=$(grep -c 'GET /api/v3' "$work/github.log" || true)
  warm "http://127.0.0.1:$SERVER_PORT/v1-release/channels/stable"
  warm "http://127.0.0.1:$SERVER_PORT/v1-release/channels"
  ratios=()
  for round in $(seq 1 "$ROUNDS"); do
    bare=$(run_wrk "bare Kestrel fixed 302" "http://127.0.0.1:$BARE_PORT/")
    stable=$(run_wrk "channel server /channels/stable (access log $level)" "http://127.0.0.1:$SERVER_PORT/v1-release/channels/stable")
    ratios+=("$(awk -v a="$stable" -v b="$bare" 'BEGIN {printf "%.3f", a/b}')")
  done
  run_wrk "channel server /channels (access log $level)" "http://127.0.0.1:$SERVER_PORT/v1-release/channels" >/dev/null
  gh_after=$(grep -c 'GET /api/v3' "$work/github.log" || true)
  ratio=$(printf '%s\n' "${ratios[@]}" | median)
  echo "   302 throughput vs bare, access log $level: rounds ${ratios[*]}, median $ratio (target >= 0.80); GitHub requests during the load: $((gh_after - gh_before))" >&2
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
done
echo "   GitHub requests in total (start-up refreshes included): $(grep -c 'GET /api/v3' "$work/github.log" || true)" >&2
