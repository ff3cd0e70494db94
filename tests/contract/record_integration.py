#!/usr/bin/env python3
"""Runs a test binary with every simulator it starts recording its exchanges into DIR.

usage: record_integration.py DIR PROGRAM [ARGS...]

DIR is emptied first; once PROGRAM has ended, DIR/complete holds its exit status, so the
contract check (check_contract.py) knows the records are of one whole run. Exits as PROGRAM does.
"""
import os
import shutil
import subprocess
import sys


def record(directory: str, command: list, output=None) -> int:
    """Records a run of `command`; its output goes to `output` (a file name in DIR), if given."""
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    env = {**os.environ, "CONNECTEL_SIM_RECORD_DIR": directory}
    if output is None:
        status = subprocess.call(command, env=env)
    else:
        with open(os.path.join(directory, output), "wb") as out:
            status = subprocess.call(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    with open(os.path.join(directory, "complete"), "w", encoding="utf-8") as out:
        out.write(f"{status}\n")
    return status


if __name__ == "__main__":
    status = record(sys.argv[1], sys.argv[2:])
    sys.exit(status if status >= 0 else 128 - status)
