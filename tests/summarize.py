#!/usr/bin/env python3
"""Sums the test cases of `meson test` runs into the closing line `N passed, N failed`.

A doctest binary counts its own test cases (from its "[doctest] test cases:" line); any
other test (the header checks) counts as one case. A doctest binary that reported no failure
but still failed (a sanitizer report at exit, a crash) counts one more failed case.
Exits non-zero when anything failed or nothing ran.
"""
import json
import re
import sys
from pathlib import Path

DOCTEST = re.compile(r"\[doctest\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed")


def summarize(build_dir: Path):
    log = build_dir / "meson-logs" / "testlog.json"
    passed = failed = 0
    if not log.exists():
        print(f"{build_dir}: no test log", file=sys.stderr)
        return 0, 1
    for line in log.read_text().splitlines():
        entry = json.loads(line)
        ok = entry["result"] in ("OK", "EXPECTEDFAIL", "SKIP")
        counts = DOCTEST.findall(entry.get("stdout", "") or "")
        if counts:
            _, p, f = map(int, counts[-1])
            passed += p
            failed += f
            if not ok and f == 0:
                failed += 1
        elif entry["result"] != "SKIP":
            passed += ok
            failed += not ok
    return passed, failed


def main(dirs):
    total_passed = total_failed = 0
    for d in dirs:
        p, f = summarize(Path(d))
        print(f"{d}: {p} passed, {f} failed")
        total_passed += p
        total_failed += f
    print(f"{total_passed} passed, {total_failed} failed")
    return 0 if total_failed == 0 and total_passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
