#!/usr/bin/env bash
# Compiles each public header alone (self-contained, warning-free) with one compiler and standard.
# Each header is its own translation unit, included twice (its include guard must work), checked
# with -fsyntax-only; the headers are checked in parallel, CHECK_HEADERS_JOBS at a time (default:
# the number of cores), and the failures are printed in header order once all are done.
# usage: check_headers.sh COMPILER STD INCLUDE_DIR
set -euo pipefail
compiler=$1 std=$2 include=$3
command -v "$compiler" >/dev/null || { echo "check_headers: $compiler not found" >&2; exit 1; }
jobs=${CHECK_HEADERS_JOBS:-$(nproc)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check_one N HEADER: compiles header N; its errors go to $tmp/N.errors, a failure leaves $tmp/N.failed.
check_one() {
  local n=$1 rel=${2#"$include"/}
  printf '#include "%s"\n#include "%s"\n' "$rel" "$rel" >"$tmp/$n.cpp"
  "$compiler" -std="$std" -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$include" "$tmp/$n.cpp" \
    2>"$tmp/$n.errors" || : >"$tmp/$n.failed"
}

mapfile -t headers < <(find "$include" -name '*.hpp' | sort)
[ ${#headers[@]} -gt 0 ] || { echo "check_headers: no header under $include" >&2; exit 1; }
running=0
for n in "${!headers[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  check_one "$n" "${headers[$n]}" &
  running=$((running + 1))
done
wait

failed=0
for n in "${!headers[@]}"; do
  if [ -e "$tmp/$n.failed" ]; then
    echo "FAIL ${headers[$n]#"$include"/} ($compiler -std=$std)"
    cat "$tmp/$n.errors"
    failed=$((failed + 1))
  fi
done
echo "$compiler -std=$std: ${#headers[@]} headers, $failed failed"
[ "$failed" -eq 0 ]
