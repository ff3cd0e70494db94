#!/usr/bin/env python3
"""Sums the test cases of `meson test` runs into the closing line `N passed, N failed`.

A doctest binary counts its own test cases (from its "[doctest] test cases:" line), and a TAP
test (the package checks: a plan line `1..N`) its own checks (its `ok N` and `not ok N` lines,
less those marked `# SKIP`); any other test (the header checks) counts as one case. A doctest
binary or TAP test that reported no failure but still failed (a sanitizer report at exit, a
crash, a timeout) counts one more failed case.
Exits non-zero when anything failed or nothing ran.
"""
import json
import re
import sys
from pathlib import Path

DOCTEST = re.compile(r"\[doctest\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed")
TAP_PLAN = re.compile(r"^1\.\.\d+$", re.M)
TAP_RESULT = re.compile(r"^(not )?ok \d+\b(?!.*# SKIP)", re.M)


def own_counts(stdout):
    """(passed, failed) as a doctest binary or a TAP test reports them, or None from any other test."""
    counts = DOCTEST.findall(stdout)
    if counts:
        _, p, f = map(int, counts[-1])
        return p, f
    results = TAP_RESULT.findall(stdout)
    if TAP_PLAN.search(stdout) and results:
        return results.count(""), len(results) - results.count("")
    return None


def summarize(build_dir: Path):
    log = build_dir / "meson-logs" / "testlog.json"
    passed = failed = 0
    if not log.exists():
        print(f"{build_dir}: no test log", file=sys.stderr)
        return 0, 1
    for line in log.read_text().splitlines():
        entry = json.loads(line)
        ok = entry["result"] in ("OK", "EXPECTEDFAIL", "SKIP")
        counts = own_counts(entry.get("stdout", "") or "")
        if counts:
            p, f = counts
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
