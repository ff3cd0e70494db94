#!/usr/bin/env bash
# What keeping a state file costs: send throughput (POST /api/v2/send/, form body, keep-alive,
# under wrk) of connectel-sim with --state FILE against without, in the same run, and the file's
# size per message once it holds 100,000 of them (--max-messages 100000, the journal's entry of
# each send included).
#
#   bench/state_throughput.sh [CONNECTEL_SIM]
#
# RUNS rounds (default 5) alternate the two, each server fresh (and each state file new); the
# ratio is the median of the per-round ratios. DURATION (wrk's -d, default 10s) shortens a smoke
# run. Exit status: 0 when the target is met, 1 when not, 2 when a server or wrk could not run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sim=${1:-$here/../build-release/simulator/connectel-sim}
duration=${DURATION:-10s}
threads=2
connections=16
runs=${RUNS:-5}
min_ratio=0.90
for tool in wrk sqlite3; do
  command -v "$tool" >/dev/null || { echo "state_throughput: $tool is not installed (./dev bench installs it)" >&2; exit 2; }
done
[ -x "$sim" ] || { echo "state_throughput: no executable $sim (build it first)" >&2; exit 2; }
# shellcheck source=bench/wrk_measure.sh
source "$here/wrk_measure.sh"
tmp=$(mktemp -d)
trap 'stop_server; rm -rf "$tmp"' EXIT

echo "State file: POST /api/v2/send/ (form body), keep-alive, wrk -t$threads -c$connections -d$duration"
echo "on 127.0.0.1, connectel-sim --log-level warn without and with --state FILE (a new file each run)."
echo "Target: with --state >= ${min_ratio} x without's requests/s."
read -r load1 load5 _ </proc/loadavg
echo "Load average before the runs: $load1 (1 min), $load5 (5 min)."
echo

ratios= without= with= kept=
for ((round = 1; round <= runs; round++)); do
  measure "without --state" "$sim" --port 0 --log-level warn
  base=$rps without+=" $rps"
  rm -f "$tmp"/state.db*
  measure "with --state" "$sim" --port 0 --log-level warn --state "$tmp/state.db"
  with+=" $rps"
  ratios+=" $(awk -v s="$rps" -v b="$base" 'BEGIN {printf "%.3f", s / b}')"
  # Stopped with SIGTERM: the last batch is written; every message answered is in the file.
  kept+=" $(sqlite3 "$tmp/state.db" 'select count(*) from messages')"
done
# shellcheck disable=SC2086
ratio=$(median $ratios)
row='%-28s %12s\n'
# shellcheck disable=SC2059,SC2086
printf "$row" "without --state" "$(median $without | cut -d. -f1) req/s"
# shellcheck disable=SC2059,SC2086
printf "$row" "with --state" "$(median $with | cut -d. -f1) req/s"
echo "ratio (median of rounds): $(printf '%.2f' "$ratio") [${ratios# }]; messages in each file: [${kept# }]"

# The file at 100,000 messages: a long enough run under --max-messages 100000, stopped cleanly
# (SIGTERM checkpoints the write-ahead log into the file).
rm -f "$tmp"/state.db*
DURATION_SAVED=$duration
duration=${SIZE_DURATION:-20s}
measure "with --state, --max-messages 100000" "$sim" --port 0 --log-level warn --max-messages 100000 \
  --state "$tmp/state.db"
duration=$DURATION_SAVED
messages=$(sqlite3 "$tmp/state.db" 'select count(*) from messages')
requests=$(sqlite3 "$tmp/state.db" 'select count(*) from requests')
bytes=$(stat -c %s "$tmp/state.db")
echo
echo "At $messages messages (and $requests journal entries): the file is $bytes bytes," \
     "$(awk -v b="$bytes" -v m="$messages" 'BEGIN {printf "%.0f", b / m}') bytes a message."
sqlite3 "$tmp/state.db" "select '  ' || name || ': ' || sum(pgsize) || ' bytes' from dbstat group by name
                         order by sum(pgsize) desc" 2>/dev/null || true

if awk -v r="$ratio" -v m="$min_ratio" 'BEGIN {exit !(r >= m)}'; then echo "PASS"; else echo "FAIL (ratio < $min_ratio)"; exit 1; fi
