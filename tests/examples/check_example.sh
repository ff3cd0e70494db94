#!/usr/bin/env bash
# Runs an example program and compares its output with the expected file.
# usage: check_example.sh PROGRAM EXPECTED_FILE
set -euo pipefail
actual=$("$1")
if ! diff -u "$2" <(printf '%s\n' "$actual"); then
  echo "example $1: output differs from $2" >&2
  exit 1
fi
