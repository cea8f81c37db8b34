#!/usr/bin/env bash
# Memory and start-up footprint of the channel server and the controller, next to a bare ASP.NET Core app
# (bench/ChannelServerLoad/BareRedirect: Kestrel answering the same fixed 302), all in one run.
#   bash bench/Footprint/run.sh [seconds per load run, default 10] [rounds, default 3]
# Environment: NODES (controller rollouts, default "100 1000"; "" skips the controller),
#   SERVER_ENV / CONTROLLER_ENV / BARE_ENV ("NAME=VALUE ..." added to that program's environment, to compare
#   a runtime setting against the shipped ones), PUBLISH_ARGS (extra dotnet publish arguments for the channel
#   server and the controller, e.g. the settings before the footprint work:
#   PUBLISH_ARGS="-p:ServerGarbageCollection=true -p:InvariantGlobalization=false -p:EnableWriteXorExecute=true"),
#   WARMUP (seconds at full load first, default 5), BARE_PUBLISH_ARGS (the bare app's publish arguments,
#   default "-p:PublishAot=true": native, as the channel server ships; "" for the JIT bare app),
#   PIN (default 1 on two or more cores: the channel server and the bare app run on CPU 1 and wrk, with one
#   thread, on CPU 0; 0 lets the scheduler place all of them, as before).
# Every program runs as published (dotnet publish -c Release, as the Dockerfiles do), with the runtime
# settings it ships with: built into its native executable (Native AOT), or its runtimeconfig.json when
# published framework-dependent (PUBLISH_ARGS="-p:PublishAot=false").
# Memory is read from /proc/<pid>/status: VmRSS (resident now) and VmHWM (peak resident).
#
# Channel server: GitHub mode against a static "GitHub" on loopback (python3 http.server) serving the full
# 2025 K3s list (../shared/data/k3s-releases-2025.json) as one page. That server sends no ETag, so every
# refresh reads and parses the whole list. The server runs with the production refresh interval (15m), so the
# "under load" figures are its steady state; refreshes are then forced by editing the config file (the server
# watches it and refreshes within a second), three under load and three idle, and their peaks reported apart.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
ROUNDS=${2:-3}
WARMUP=${WARMUP:-5}
NODES=${NODES-100 1000}
THREADS=2
# Unpinned on this two-core machine, the server, wrk's two threads and the thread pool's spinning compete for
# both cores, and single rounds of the same build swung from 0.62 to 0.87 of the bare app; pinned, the same
# builds mostly stayed within 5% from round to round (bench/README.md).
PIN=${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}
SERVE=(); LOAD=(wrk)
if [ "$PIN" = 1 ]; then
  command -v taskset >/dev/null || { echo "taskset is missing (util-linux); PIN=0 runs unpinned"; exit 1; }
  SERVE=(taskset -c 1); LOAD=(taskset -c 0 wrk); THREADS=1
fi
CONNECTIONS=64
SERVER_PORT=${SERVER_PORT:-28490}; BARE_PORT=${BARE_PORT:-28491}; GITHUB_PORT=${GITHUB_PORT:-28492}
RELEASES=../shared/data/k3s-releases-2025.json
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v wrk >/dev/null || { echo "wrk is missing: apt-get update && apt-get install -y wrk"; exit 1; }
command -v python3 >/dev/null || { echo "python3 is missing"; exit 1; }
[ -f "$RELEASES" ] || { echo "missing $RELEASES (the K3s release list, next to the repository)"; exit 1; }
for port in $SERVER_PORT $BARE_PORT $GITHUB_PORT; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use: set SERVER_PORT/BARE_PORT/GITHUB_PORT"; exit 1; fi
done

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

echo "== publish (Release)"
# shellcheck disable=SC2086 # PUBLISH_ARGS is a word list on purpose
dotnet publish ChannelServer/ChannelServer.csproj -c Release -o "$work/server" -v q -nologo ${PUBLISH_ARGS:-} >/dev/null
# shellcheck disable=SC2086
dotnet publish bench/ChannelServerLoad/BareRedirect/BareRedirect.csproj -c Release -o "$work/bare" -v q -nologo ${BARE_PUBLISH_ARGS--p:PublishAot=true} >/dev/null
if [ -n "$NODES" ]; then
  # shellcheck disable=SC2086
  dotnet publish Controller/Controller.csproj -c Release -o "$work/controller" -v q -nologo ${PUBLISH_ARGS:-} >/dev/null
  dotnet build Sandbox/Sandbox.csproj -c Release -o "$work/sandbox" -v q -nologo >/dev/null
  dotnet build bench/Footprint/ControllerFootprint/ControllerFootprint.csproj -c Release -o "$work/footprint" -v q -nologo >/dev/null
fi

# The published program: its native executable when there is one (Native AOT), else dotnet and its dll.
program() { # dir name
  if [ -x "$1/$2" ]; then echo "$1/$2"; else echo "dotnet $1/$2.dll"; fi
}
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k/1024}'; }
status_kb() { awk -v f="$2:" '$1==f {print $2}' "/proc/$1/status"; } # pid field
size_mb() { du -sb "$1" | awk '{printf "%.1f", $1/1048576}'; }
now_ns() { date +%s%N; }
declare -A fig

# Starts "$@" in the background with the extra variables; sets started_pid and start_ns.
start() { # extra-env command...
  local extra=$1; shift
  start_ns=$(now_ns)
  # shellcheck disable=SC2086 # the variables are word lists on purpose
  env $extra "$@" &
  started_pid=$!; pids+=("$started_pid")
}

# Waits (up to 30 s) for the first answer with the expected status; prints the milliseconds since start_ns.
first_answer_ms() { # url status pid
  for _ in $(seq 1 3000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = "$2" ]; then
      echo $(( ($(now_ns) - start_ns) / 1000000 )); return 0
    fi
    kill -0 "$3" 2>/dev/null || { echo "the process under test exited" >&2; exit 1; }
    sleep 0.01
  done
  echo "no $2 from $1 within 30 s" >&2; exit 1
}

# One wrk run while VmRSS of pid is sampled every 0.25 s; prints "req/s max-rss-kb".
load() { # url pid
  local samples="$work/samples.$2" out max
  : >"$samples"
  ( while kill -0 "$2" 2>/dev/null; do status_kb "$2" VmRSS >>"$samples"; sleep 0.25; done ) &
  local sampler=$!
  out=$("${LOAD[@]}" -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$1")
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  max=$(sort -n "$samples" | tail -1)
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out") $max"
}
warm() { "${LOAD[@]}" -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$1" >/dev/null; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
max_of() { sort -n | tail -1; }

fig[server_size]=$(size_mb "$work/server"); fig[bare_size]=$(size_mb "$work/bare")
[ -n "$NODES" ] && fig[controller_size]=$(size_mb "$work/controller")

echo "== channel server and bare app: start-up"
mkdir -p "$work/gh/api/v3/repos/k3s-io/k3s" "$work/state"
cp "$RELEASES" "$work/gh/api/v3/repos/k3s-io/k3s/releases"
# Served as application/json (the file has no extension): a binary content type is refused as no release list.
python3 -c 'import functools, http.server, sys
handler = http.server.SimpleHTTPRequestHandler
handler.extensions_map[""] = "application/json"
http.server.test(HandlerClass=functools.partial(handler, directory=sys.argv[2]), port=int(sys.argv[1]), bind="127.0.0.1")' \
  "$GITHUB_PORT" "$work/gh" 2>"$work/github.log" >/dev/null &
pids+=($!)
sed -e "s|  repo: k3s|  repo: k3s\n  api: http://127.0.0.1:$GITHUB_PORT|" config/channels.yaml > "$work/channels.yaml"
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$GITHUB_PORT/" && break; sleep 0.1; done

# shellcheck disable=SC2046 # program prints a command and its argument
start "${BARE_ENV:-}" "${SERVE[@]}" $(program "$work/bare" BareRedirect) "http://127.0.0.1:$BARE_PORT" >/dev/null 2>&1
bare_pid=$started_pid
fig[bare_first_ms]=$(first_answer_ms "http://127.0.0.1:$BARE_PORT/" 302 "$bare_pid")
sleep 2; fig[bare_idle]=$(status_kb "$bare_pid" VmRSS)

# shellcheck disable=SC2046
start "${SERVER_ENV:-}" "${SERVE[@]}" $(program "$work/server" ChannelServer) --url "$work/channels.yaml" --listen-address "127.0.0.1:$SERVER_PORT" \
  --state-dir "$work/state" --refresh-interval 15m >"$work/server.log" 2>&1
server_pid=$started_pid
fig[server_first_ms]=$(first_answer_ms "http://127.0.0.1:$SERVER_PORT/v1-release/channels/stable" 302 "$server_pid")
# The figures count only if the server reads the list from the fake GitHub, not its bundled snapshot.
for _ in $(seq 1 100); do curl -s "http://127.0.0.1:$SERVER_PORT/readyz" | grep -q '"releaseSource":"mirror"' && break; sleep 0.1; done
curl -s "http://127.0.0.1:$SERVER_PORT/readyz" | grep -q '"releaseSource":"mirror"' || { echo "the channel server did not read the fake GitHub"; tail -5 "$work/server.log"; exit 1; }
sleep 2; fig[server_idle]=$(status_kb "$server_pid" VmRSS)

echo "== load: ${DURATION}s per run, $ROUNDS rounds after ${WARMUP}s warm-up, $CONNECTIONS connections, $THREADS wrk threads, $(nproc) cores, PIN=$PIN"
warm "http://127.0.0.1:$BARE_PORT/"
warm "http://127.0.0.1:$SERVER_PORT/v1-release/channels/stable"
warm "http://127.0.0.1:$SERVER_PORT/v1-release/channels"
ratios=(); bare_rss=(); server_rss=()
for round in $(seq 1 "$ROUNDS"); do
  read -r bare_rps rss < <(load "http://127.0.0.1:$BARE_PORT/" "$bare_pid"); bare_rss+=("$rss")
  read -r server_rps rss < <(load "http://127.0.0.1:$SERVER_PORT/v1-release/channels/stable" "$server_pid"); server_rss+=("$rss")
  ratio=$(awk -v a="$server_rps" -v b="$bare_rps" 'BEGIN {printf "%.3f", a/b}')
  ratios+=("$ratio")
  printf '   round %s: bare %s req/s, channel server /channels/stable %s req/s, ratio %s\n' "$round" "$bare_rps" "$server_rps" "$ratio"
done
read -r json_rps rss < <(load "http://127.0.0.1:$SERVER_PORT/v1-release/channels" "$server_pid"); server_rss+=("$rss")
printf '   channel server /channels (200 JSON): %s req/s\n' "$json_rps"
fig[ratio]=$(printf '%s\n' "${ratios[@]}" | median)
fig[bare_load]=$(printf '%s\n' "${bare_rss[@]}" | max_of)
fig[server_load]=$(printf '%s\n' "${server_rss[@]}" | max_of)
fig[bare_hwm]=$(status_kb "$bare_pid" VmHWM); fig[server_hwm]=$(status_kb "$server_pid" VmHWM)

refreshes() { curl -s "http://127.0.0.1:$SERVER_PORT/metrics" | awk '/^channelserver_refresh_total\{.*outcome="success"/ {print $2}'; }
# Three full refreshes, one after the other: each forced by an edit of the config file (a comment line), the
# next once the server has counted the last.
three_refreshes() {
  local before n
  before=$(refreshes)
  for n in 1 2 3; do
    echo "# forced refresh $n" >>"$work/channels.yaml"
    for _ in $(seq 1 300); do [ "$(refreshes)" -ge $((before + n)) ] && break; sleep 0.05; done
    [ "$(refreshes)" -ge $((before + n)) ] || { echo "the channel server did not refresh after a config edit within 15 s"; tail -5 "$work/server.log"; exit 1; }
  done
}

echo "== channel server: 3 full refreshes of the K3s list under load (/v1-release/channels/stable, $CONNECTIONS connections)"
echo 5 >"/proc/$server_pid/clear_refs" # resets VmHWM to the current VmRSS
"${LOAD[@]}" -t"$THREADS" -c"$CONNECTIONS" -d60s "http://127.0.0.1:$SERVER_PORT/v1-release/channels/stable" >/dev/null &
wrk_pid=$!; pids+=("$wrk_pid")
sleep 2
three_refreshes
sleep 1
fig[server_refresh_load]=$(status_kb "$server_pid" VmHWM)
kill "$wrk_pid" 2>/dev/null; wait "$wrk_pid" 2>/dev/null || true

echo "== channel server: 3 full refreshes of the K3s list, idle"
sleep 2
fig[server_before_idle_refresh]=$(status_kb "$server_pid" VmRSS)
echo 5 >"/proc/$server_pid/clear_refs"
three_refreshes
fig[server_refresh]=$(status_kb "$server_pid" VmHWM)
fig[server_after]=$(status_kb "$server_pid" VmRSS)
fig[github_requests]=$(grep -c 'GET /api/v3' "$work/github.log" || true)
kill "$server_pid" "$bare_pid"; wait "$server_pid" "$bare_pid" 2>/dev/null || true

for n in $NODES; do
  echo "== controller: $n-node rollout on the Sandbox (concurrency 10, 1 s per node)"
  # shellcheck disable=SC2086
  line=$(env ${CONTROLLER_ENV:-} dotnet "$work/footprint/ControllerFootprint.dll" "$work/sandbox/Sandbox.dll" "$(program "$work/controller" Controller | sed 's/^dotnet //')" "$n" 10 1)
  echo "   $line"
  for kv in $line; do fig["c${n}_${kv%%=*}"]=${kv#*=}; done
done

echo
echo "== figures (MB = MiB of VmRSS/VmHWM; PIN=$PIN PUBLISH_ARGS='${PUBLISH_ARGS:-}' BARE_PUBLISH_ARGS='${BARE_PUBLISH_ARGS--p:PublishAot=true}' SERVER_ENV='${SERVER_ENV:-}' CONTROLLER_ENV='${CONTROLLER_ENV:-}' BARE_ENV='${BARE_ENV:-}')"
printf '%-58s %14s %14s\n' "" "channel server" "bare app"
printf '%-58s %14s %14s\n' "published size, MB" "${fig[server_size]}" "${fig[bare_size]}"
printf '%-58s %14s %14s\n' "start to first answer, ms" "${fig[server_first_ms]}" "${fig[bare_first_ms]}"
printf '%-58s %14s %14s\n' "RSS after start (idle 2 s), MB" "$(mb "${fig[server_idle]}")" "$(mb "${fig[bare_idle]}")"
printf '%-58s %14s %14s\n' "RSS under load (highest sample), MB" "$(mb "${fig[server_load]}")" "$(mb "${fig[bare_load]}")"
printf '%-58s %14s %14s\n' "peak RSS since start (VmHWM after the load), MB" "$(mb "${fig[server_hwm]}")" "$(mb "${fig[bare_hwm]}")"
printf '%-58s %14s\n' "peak RSS during 3 full refreshes under load, MB" "$(mb "${fig[server_refresh_load]}")"
printf '%-58s %14s\n' "RSS idle after that load, MB" "$(mb "${fig[server_before_idle_refresh]}")"
printf '%-58s %14s\n' "peak RSS during 3 full refreshes, idle, MB" "$(mb "${fig[server_refresh]}")"
printf '%-58s %14s\n' "RSS after the refreshes, MB" "$(mb "${fig[server_after]}")"
printf '%-58s %14s   (rounds %s)\n' "302 throughput, channel server / bare (median)" "${fig[ratio]}" "${ratios[*]}"
if [ -n "$NODES" ]; then
  printf '%-58s %14s\n' "controller published size, MB" "${fig[controller_size]}"
  for n in $NODES; do
    printf '%-58s %14s\n' "controller, $n nodes: start to ready / first reconcile, ms" "${fig[c${n}_ready_ms]} / ${fig[c${n}_first_reconcile_ms]}"
    printf '%-58s %14s\n' "controller, $n nodes: RSS when ready, MB" "$(mb "${fig[c${n}_ready_rss_kb]}")"
    printf '%-58s %14s\n' "controller, $n nodes: peak RSS during the rollout, MB" "$(mb "${fig[c${n}_peak_rss_kb]}")"
    printf '%-58s %14s\n' "controller, $n nodes: rollout time / ideal" "${fig[c${n}_ratio]}   (${fig[c${n}_rollout_s]} s / ${fig[c${n}_ideal_s]} s, ${fig[c${n}_upgraded]} upgraded)"
  done
fi
