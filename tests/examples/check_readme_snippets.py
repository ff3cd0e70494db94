#!/usr/bin/env python3
"""The README's code must be the examples the tests compile and run: each fenced block that
follows a line `<!-- example: PATH -->` must equal the file PATH, byte for byte."""
import re
import sys
from pathlib import Path

root = Path(sys.argv[1])
readme = (root / "README.md").read_text()
pattern = re.compile(r"<!-- example: (\S+) -->\n```\w*\n(.*?)```", re.S)
found = pattern.findall(readme)
if not found:
    sys.exit("README.md: no `<!-- example: PATH -->` blocks found")
failed = False
for path, block in found:
    source = (root / path).read_text()
    if block != source:
        print(f"README.md: the block marked {path} differs from the file", file=sys.stderr)
        failed = True
    else:
        print(f"README.md quotes {path} verbatim")
sys.exit(1 if failed else 0)
