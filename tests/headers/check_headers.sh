#!/usr/bin/env bash
# Compiles each public header alone (self-contained, warning-free) with one compiler and standard.
# usage: check_headers.sh COMPILER STD INCLUDE_DIR
set -euo pipefail
compiler=$1 std=$2 include=$3
command -v "$compiler" >/dev/null || { echo "check_headers: $compiler not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 count=0
while IFS= read -r header; do
  rel=${header#"$include"/}
  printf '#include "%s"\n#include "%s"\n' "$rel" "$rel" >"$tmp/check.cpp"  # twice: include guards work
  count=$((count + 1))
  if ! "$compiler" -std="$std" -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$include" "$tmp/check.cpp" \
       2>"$tmp/errors"; then
    echo "FAIL $rel ($compiler -std=$std)"
    cat "$tmp/errors"
    failed=$((failed + 1))
  fi
done < <(find "$include" -name '*.hpp' | sort)
echo "$compiler -std=$std: $count headers, $failed failed"
[ "$failed" -eq 0 ]
