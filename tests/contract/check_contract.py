#!/usr/bin/env python3
"""The API contract, held true: docs/openapi.yaml against the simulator that serves it.

usage: check_contract.py DOCUMENT CONNECTEL_SIM RECORDS_DIR INTEGRATION_TESTS

1. The document: OpenAPI 3.1.0, every $ref resolving, every operation with responses (and the
   OpenAPI 3.1 meta-schema's verdict when openapi-spec-validator is installed).
2. Its routes both ways: every route `connectel-sim --list-routes` prints is a path and method
   of the document, and every path and method of the document is routed.
3. Every answer the integration tests received (recorded by record_integration.py into
   RECORDS_DIR) matches its route, its status is one the document gives it, and its body
   validates against that response's schema. Records older than either binary, or of no
   whole run, are made again first, so this check also runs on its own.
"""
import collections
import multiprocessing
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import openapi_document  # noqa: E402
    from contract_validation import Contract  # noqa: E402
except ImportError as missing:
    sys.exit(f"the contract test needs python3-jsonschema and python3-yaml ({missing}): "
             "apt-get install python3-jsonschema python3-yaml (./dev test does)")
from http_records import read_file  # noqa: E402
from record_integration import record  # noqa: E402


def check_document(document: dict) -> list:
    problems = openapi_document.structure_problems(document)
    verdict = openapi_document.meta_schema_problems(document)
    if verdict is None:
        print("document: no OpenAPI meta-schema validator installed; structure checked")
    else:
        problems += [f"meta-schema: {p}" for p in verdict]
        print("document: validated against the OpenAPI 3.1 meta-schema")
    return problems


def check_routes(document: dict, simulator: str) -> list:
    served = set(subprocess.run([simulator, "--list-routes"], check=True, capture_output=True,
                                text=True).stdout.splitlines())
    documented = openapi_document.routes(document)
    problems = [f"route {r} is served but not in the document" for r in sorted(served - documented)]
    problems += [f"route {r} is in the document but not served" for r in sorted(documented - served)]
    print(f"routes: {len(served)} served, {len(documented)} documented")
    return problems


def records_current(directory: str, binaries: list) -> bool:
    marker = os.path.join(directory, "complete")
    return os.path.exists(marker) and all(os.path.getmtime(marker) > os.path.getmtime(b) for b in binaries)


class Tally:
    """What the answers of some record files came to."""

    def __init__(self):
        self.problems = collections.defaultdict(list)  # (operation, problem) -> sources
        self.kinds, self.per_operation, self.events = collections.Counter(), collections.Counter(), 0

    def add(self, other: "Tally") -> None:
        for key, sources in other.problems.items():
            self.problems[key] += sources
        self.kinds += other.kinds
        self.per_operation += other.per_operation
        self.events += other.events


def judge_file(path: str) -> Tally:
    tally = Tally()
    for exchange in read_file(path):
        if exchange.status == 0:
            tally.kinds["dropped"] += 1
            continue
        operation, kind, found, events = contract.check(exchange)
        for problem in found:
            tally.problems[(f"{operation} {exchange.status}", problem)].append(exchange.source)
        if not found:
            tally.kinds[kind] += 1
            tally.per_operation[f"{operation} {exchange.status}"] += 1
            tally.events += events
    return tally


def check_answers(document: dict, directory: str) -> list:
    global contract  # the workers' (forked) judge
    contract = Contract(document)
    files = sorted((os.path.join(directory, n) for n in os.listdir(directory) if n.endswith(".exchanges")),
                   key=os.path.getsize, reverse=True)
    total = Tally()
    # This test runs alone (is_parallel: false): it may take every core.
    with multiprocessing.get_context("fork").Pool() as pool:
        for tally in pool.imap_unordered(judge_file, files):
            total.add(tally)
    validated = sum(total.per_operation.values())
    for operation, count in sorted(total.per_operation.items()):
        print(f"  {count:6} {operation}")
    kinds = total.kinds
    print(f"answers: {validated} validated ({kinds['json']} JSON bodies, {kinds['events']} event streams "
          f"with {total.events} events, {kinds['content type']} by content type, {kinds['empty']} empty); "
          f"{kinds['dropped']} dropped connections (no answer)")
    if validated == 0:
        return ["no answers were recorded"]
    return [f"{operation}: {problem} ({len(sources)}x, e.g. {sorted(sources)[0]})"
            for (operation, problem), sources in sorted(total.problems.items())]


shown = 60  # problems printed at most


def main() -> int:
    document_path, simulator, directory, integration_tests = sys.argv[1:5]
    document = openapi_document.load(document_path)
    problems = check_document(document)
    if problems:  # the answers are judged by a sound document only
        for problem in problems:
            print("FAIL", problem)
        return 1
    problems += check_routes(document, simulator)
    if not records_current(directory, [simulator, integration_tests]):
        print("records: none current; running the integration tests to record them")
        # Their output stays in the directory: it is not this test's (tests/summarize.py would
        # count their cases twice).
        status = record(directory, [integration_tests], output="integration-output.txt")
        print(f"records: the integration tests exited with {status} "
              f"({os.path.join(directory, 'integration-output.txt')})")
    else:
        with open(os.path.join(directory, "complete"), encoding="utf-8") as marker:
            print(f"records: of the integration tests' last run, which exited with {marker.read().strip()}")
    problems += check_answers(document, directory)
    for problem in problems[:shown]:
        print("FAIL", problem)
    if len(problems) > shown:
        print(f"FAIL ... and {len(problems) - shown} more")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
