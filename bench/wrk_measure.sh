# Sourced by the wrk benchmarks (http_throughput.sh, state_throughput.sh): starting a server and
# waiting for its ready line, one wrk run of POST /api/v2/send/ against it, and medians. The
# sourcing script sets here, threads, connections and duration first.

server_pid=
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}
trap stop_server EXIT

# start_server NAME COMMAND...: starts the server with stderr discarded and waits for its ready
# line (not a sleep); sets server_pid and server_url.
start_server() {
  local name=$1 line
  shift
  coproc SERVER { exec "$@" 2>/dev/null; }
  # shellcheck disable=SC2153  # coproc sets SERVER_PID
  server_pid=$SERVER_PID
  if ! IFS= read -r -t 10 line <&"${SERVER[0]}" || [[ $line != *" listening on http://"* ]]; then
    echo "$(basename "$0" .sh): $name did not print its ready line" >&2
    exit 2
  fi
  server_url=${line##* listening on }
}

# to_ms VALUE: wrk's latency ("812.00us", "1.52ms", "2.01s") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v) }
    else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
    printf "%.3f", v }'
}

# measure NAME COMMAND...: one wrk run against a fresh server; sets rps, p99_ms, bad (the
# non-2xx responses and socket errors, which void a run) and cpu_us, the server's CPU time
# (user + system) per request: on a machine whose cores wrk shares, that is what caps requests/s.
measure() {
  local name=$1 out ticks requests
  shift
  start_server "$name" "$@"
  if ! out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/send_form.lua" \
               "$server_url/api/v2/send/" 2>&1); then
    echo "$(basename "$0" .sh): wrk failed against $name:" >&2
    echo "$out" >&2
    exit 2
  fi
  ticks=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
  stop_server
  requests=$(awk '/ requests in / {print $1}' <<<"$out")
  cpu_us=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
             'BEGIN {printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0)}')
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99_ms=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  # "Socket errors: connect 0, read 0, write 0, timeout 0"
  bad=$(awk '/Non-2xx or 3xx responses:/ {n += $NF}
             /Socket errors:/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10}
             END {print n + 0}' <<<"$out")
}

# median VALUES...: the middle value (the mean of the two middle ones for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {
    if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

