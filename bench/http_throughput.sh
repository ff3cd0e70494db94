#!/usr/bin/env bash
# Throughput and p99 latency of POST /api/v2/send/ (form body, keep-alive) under wrk: connectel-sim
# against the bare cpp-httplib server with the same tuning (bench/bare_server), in the same run.
#
#   bench/http_throughput.sh [CONNECTEL_SIM [BARE_SERVER]]
#
# RUNS rounds (default 5) alternate the servers (bare, then each simulator variant), so that a
# change in the machine's load falls on all of them; each figure is the median over the rounds,
# and a variant's ratio is the median of its per-round ratios to that round's bare server.
# DURATION (wrk's -d, default 10s) shortens a smoke run. EXTRA_VARIANT="LABEL|FLAGS" adds a run of
# the simulator with those flags (e.g. "--clock virtual|--clock virtual"). Exit status: 0 when every target is met,
# 1 when one is missed, 2 when a server or wrk could not be run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sim=${1:-$here/../build-release/simulator/connectel-sim}
bare=${2:-$here/../build-release/bench/bare_server}
duration=${DURATION:-10s}
threads=2
connections=16
min_ratio=0.80
runs=${RUNS:-5}
max_p99_ms=5

if ! command -v wrk >/dev/null; then
  echo "http_throughput: wrk is not installed (./dev bench installs it)" >&2
  exit 2
fi
for binary in "$sim" "$bare"; do
  [ -x "$binary" ] || { echo "http_throughput: no executable $binary (build it first)" >&2; exit 2; }
done

# shellcheck source=bench/wrk_measure.sh
source "$here/wrk_measure.sh"

# verdict RPS P99_MS BAD: PASS, or FAIL with the targets missed, against bare_rps.
verdict() {
  awk -v s="$1" -v p="$2" -v bad="$3" -v b="$bare_rps" -v r="$min_ratio" -v m="$max_p99_ms" 'BEGIN {
    if (bad > 0) { print "FAIL (" bad " errors or non-2xx responses)"; exit }
    missed = (s >= r * b ? "" : "ratio < " r)
    if (p >= m) missed = missed (missed == "" ? "" : ", ") "p99 >= " m " ms"
    print (missed == "" ? "PASS" : "FAIL (" missed ")") }'
}

echo "HTTP throughput: POST /api/v2/send/ (form body), keep-alive, wrk -t$threads -c$connections"
echo "-d$duration --latency on 127.0.0.1; wrk and the server share the machine's $(nproc) cores. Servers"
echo "run one at a time, each fresh, with stderr discarded. CPU us/req: the server's user + system"
echo "CPU time over the requests it answered."
echo "Target: connectel-sim >= ${min_ratio} x bare's requests/s, p99 < ${max_p99_ms} ms."
# Other work on the machine skews every figure; say how busy it was.
read -r load1 load5 _ </proc/loadavg
echo "Load average before the runs: $load1 (1 min), $load5 (5 min)."
echo

variants=("defaults (log info)|" "--log-level warn|--log-level warn" ${EXTRA_VARIANT:+"$EXTRA_VARIANT"})
declare -A rps_of p99_of cpu_of ratio_of bad_of
for ((round = 1; round <= runs; round++)); do
  measure "bare_server" "$bare" --port 0
  bare_rps=$rps
  rps_of[bare]+=" $rps" p99_of[bare]+=" $p99_ms" cpu_of[bare]+=" $cpu_us" bad_of[bare]=$(( ${bad_of[bare]:-0} + bad ))
  for i in "${!variants[@]}"; do
    extra=${variants[$i]#*|}
    # shellcheck disable=SC2086  # extra is empty or one flag and its value
    measure "connectel-sim ${variants[$i]%%|*}" "$sim" --port 0 $extra
    rps_of[$i]+=" $rps" p99_of[$i]+=" $p99_ms" cpu_of[$i]+=" $cpu_us" bad_of[$i]=$(( ${bad_of[$i]:-0} + bad ))
    ratio_of[$i]+=" $(awk -v s="$rps" -v b="$bare_rps" 'BEGIN {printf "%.3f", s / b}')"
  done
done

row='%-36s %11s %8s %10s %6s  %s\n'
echo "Medians of $runs alternating rounds (per-round ratios in brackets)."
# shellcheck disable=SC2059  # the format is the table's row
printf "$row" server requests/s "p99 ms" "CPU us/req" ratio verdict
bare_rps=$(median ${rps_of[bare]})
# shellcheck disable=SC2059,SC2086
printf "$row" "bare cpp-httplib (baseline)" "${bare_rps%.*}" "$(median ${p99_of[bare]})" \
  "$(median ${cpu_of[bare]})" 1.00 \
  "$([ "${bad_of[bare]}" -eq 0 ] && echo baseline || echo "INVALID: ${bad_of[bare]} errors or non-2xx")"

status=0
for i in "${!variants[@]}"; do
  # shellcheck disable=SC2086
  ratio=$(median ${ratio_of[$i]})
  # shellcheck disable=SC2086
  p99_ms=$(median ${p99_of[$i]})
  # shellcheck disable=SC2086
  rps=$(awk -v r="$ratio" -v b="$bare_rps" 'BEGIN {printf "%.0f", r * b}')
  verdict=$(verdict "$rps" "$p99_ms" "${bad_of[$i]}")
  [[ $verdict == PASS ]] || status=1
  # shellcheck disable=SC2059,SC2086
  printf "$row" "connectel-sim, ${variants[$i]%%|*}" "$(median ${rps_of[$i]} | cut -d. -f1)" "$p99_ms" \
    "$(median ${cpu_of[$i]})" "$(printf '%.2f' "$ratio")" "$verdict [${ratio_of[$i]# }]"
done
[ "${bad_of[bare]}" -eq 0 ] || status=1
exit $status
