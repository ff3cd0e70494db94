#!/usr/bin/env python3
"""The docs' code is the code the tests compile and run, and their relative links lead somewhere.

usage: check_docs.py ROOT snippets|links

snippets: in README.md and docs/*.md, each fenced block that follows a line
  `<!-- example: PATH -->` must equal the file PATH byte for byte, and each that follows
  `<!-- excerpt: PATH -->` must be consecutive lines of PATH (indentation aside). Every page with
  a C++ block must mark it so.
links: every relative link `[text](target)` in README.md, docs/*.md and scenarios/README.md
  names an existing file, and its `#anchor`, if any, a heading of that Markdown file."""
import re
import sys
from pathlib import Path

root = Path(sys.argv[1])
mode = sys.argv[2] if len(sys.argv) > 2 else "snippets"
problems = []


def pages(*extra):
    return [root / "README.md", *sorted((root / "docs").glob("*.md")), *(root / e for e in extra)]


def dedent(lines):
    indents = [len(l) - len(l.lstrip(" ")) for l in lines if l.strip()]
    cut = min(indents, default=0)
    return [l[cut:] if l.strip() else "" for l in lines]


def check_snippets():
    marked = re.compile(r"<!-- (example|excerpt): (\S+) -->\n```\w*\n(.*?)```", re.S)
    found = 0
    for page in pages():
        text = page.read_text()
        name = page.relative_to(root)
        quoted = set()
        for kind, path, block in marked.findall(text):
            found += 1
            source = (root / path).read_text()
            if kind == "example":
                ok = block == source
            else:
                want = dedent(block.splitlines())
                lines = source.splitlines()
                ok = bool(want) and any(dedent(lines[i:i + len(want)]) == want
                                        for i in range(len(lines) - len(want) + 1))
            if ok:
                print(f"{name} quotes {path} ({kind})")
            else:
                problems.append(f"{name}: the block marked {kind} {path} is not in the file as written")
            quoted.add(block)
        # A C++ block nobody checks would rot: every one must be marked.
        for match in re.finditer(r"```cpp\n(.*?)```", text, re.S):
            if match.group(1) not in quoted:
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{name}:{line}: a cpp block with no <!-- example/excerpt: PATH --> mark")
    if not found:
        problems.append("no `<!-- example: PATH -->` blocks found in README.md or docs/")


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page):
    seen = {}
    result = set()
    in_fence = False
    for line in page.read_text().splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        heading = re.match(r"#{1,6} (.*)", line)
        if heading and not in_fence:
            base = slug(heading.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            result.add(base if count == 0 else f"{base}-{count}")
    return result


def check_links():
    link = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
    checked = 0
    for page in pages("scenarios/README.md"):
        text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)  # code is not links
        text = re.sub(r"`[^`\n]*`", "", text)
        for target in link.findall(text):
            if re.match(r"[a-z]+:", target):
                continue  # http:, https:, mailto:
            checked += 1
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            name = page.relative_to(root)
            if not file.exists():
                problems.append(f"{name}: link to {target}: no such file")
            elif anchor and file.suffix == ".md" and anchor not in anchors(file):
                problems.append(f"{name}: link to {target}: no heading with that anchor")
    print(f"{checked} relative links checked")


{"snippets": check_snippets, "links": check_links}[mode]()
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
