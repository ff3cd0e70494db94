#!/usr/bin/env python3
"""Checks the man pages and bash completions the build writes for connectel-sim and connectel:
that each is what the binary writes now, that every option its --help lists (every subcommand's
too) is in its man page, that man renders the page without a warning, and that the completion
completes options, subcommands and file names.

usage: check_cli_docs.py SHARE_DIR NAME=BINARY..."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

share_dir = sys.argv[1]
binaries = dict(arg.split("=", 1) for arg in sys.argv[2:])
problems = []


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=30, **kw)


OPTION_LINE = re.compile(r"^\s+(?:-\w,\s*)?(--[a-z][a-z-]*)", re.M)


def options_in(help_text):
    """The long options a --help lists (not those its prose mentions)."""
    return sorted(set(OPTION_LINE.findall(help_text)))


def help_texts(binary):
    """The --help of the command and of each subcommand it lists."""
    top = run([binary, "--help"]).stdout
    texts = [top]
    commands = re.findall(r"^  (\w+)\s{2,}", top.split("Subcommands:", 1)[1], re.M) if "Subcommands:" in top else []
    for command in commands:
        texts.append(run([binary, command, "--help"]).stdout)
    return texts, commands


def complete(script, command, words, cwd=None):
    """What the completion offers for `words` (the last one being completed)."""
    function = "_" + command.replace("-", "_")
    array = " ".join("'" + w + "'" for w in [command] + words)
    shell = f"source '{os.path.abspath(script)}'; COMP_WORDS=({array}); COMP_CWORD={len(words)}; {function}; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    return sorted(line for line in run(["bash", "-c", shell], cwd=cwd).stdout.splitlines() if line)


for name, binary in binaries.items():
    page_path = os.path.join(share_dir, name + ".1")
    page = open(page_path, encoding="utf-8").read()
    if run([binary, "--man-page"]).stdout != page:
        problems.append(f"{page_path} is not what {name} --man-page writes now")
    script = os.path.join(share_dir, name)
    if run([binary, "--bash-completion"]).stdout != open(script, encoding="utf-8").read():
        problems.append(f"{script} is not what {name} --bash-completion writes now")
    texts, commands = help_texts(binary)
    for text in texts:
        for option in options_in(text):
            if "\\-\\-" + option[2:].replace("-", "\\-") not in page:
                problems.append(f"{name}(1) does not document {option}, which --help lists")
    for command in commands:
        if f".SS {command}\n" not in page:
            problems.append(f"{name}(1) has no section for its command {command}")
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS"):
        if f"\n.SH {section}\n" not in page:
            problems.append(f"{name}(1) has no {section} section")
    if shutil.which("man"):
        shown = run(["man", "--warnings", "-l", page_path], env=dict(os.environ, MANWIDTH="80"))
        text = re.sub(".\b", "", shown.stdout)  # the overstrikes of bold and underline
        if shown.returncode != 0 or shown.stderr.strip():
            problems.append(f"man -l {page_path}: exit {shown.returncode}: {shown.stderr.strip()}")
        elif "EXIT STATUS" not in text:
            problems.append(f"man -l {page_path} shows no EXIT STATUS")
    else:
        problems.append("man is missing: apt-get install man-db (./dev test does)")

    # Completion: options by prefix, subcommands, a subcommand's own options, file names.
    options = options_in(texts[0])
    if not set(options) <= set(complete(script, name, ["--"])):
        problems.append(f"{name} completes '--' to {complete(script, name, ['--'])}, not its options {options}")
    for command in commands:
        if command not in complete(script, name, [command[:2]]):
            problems.append(f"{name} does not complete {command[:2]!r} to {command}")
        sub_options = set(options_in(texts[1 + commands.index(command)]))
        if not sub_options <= set(complete(script, name, [command, "--"])):
            problems.append(f"{name} {command} does not complete its options {sorted(sub_options)}")
    with tempfile.TemporaryDirectory() as folder:
        open(os.path.join(folder, "scenario-a.json"), "w").close()
        offered = complete(script, name, ["--scenario", "scen"] if name == "connectel-sim" else ["segments", "scen"], cwd=folder)
        if offered != ["scenario-a.json"]:
            problems.append(f"{name} completes a file name to {offered}, not ['scenario-a.json']")

if name_checks := [n for n in ("connectel-sim", "connectel") if n not in binaries]:
    problems.append(f"not checked: {name_checks}")
for problem in problems:
    print(problem)
print(f"{len(binaries)} commands' man pages and completions checked: {len(problems)} problems")
sys.exit(1 if problems else 0)
