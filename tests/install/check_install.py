#!/usr/bin/env python3
"""Installs a configured build into a temporary DESTDIR and builds three consumers against it.

usage: check_install.py BUILD_DIR SOURCE_DIR

  cmake      cmake_consumer/: find_package(connectel) through CMAKE_PREFIX_PATH, connectel::connectel
  pkg-config pkgconfig_consumer/: `pkg-config --cflags --libs connectel` on a plain c++ line
  meson      meson_consumer/: subprojects/connectel is a symlink to SOURCE_DIR

Each consumer must print what consumers.EXPECTED says, and the CMake and pkg-config ones must
have read connectel's headers from the installed tree (their dependency lists are checked), never
from SOURCE_DIR. Everything happens in one fresh temporary directory, removed at the end (kept when
CONNECTEL_KEEP_TMP is set), so runs from several build directories can overlap. Exits 1 naming
each consumer that failed and why.
"""
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from consumers import (EXPECTED, Failure, check_output, cmake_consumer, copy_consumer, pkgconfig_consumer, run,
                       tool, umbrella_from_ninja_deps, under)


def meson_consumer(work, tree, expected, version):
    project, build = work / "meson_consumer", work / "meson_consumer" / "build"
    copy_consumer("meson_consumer", project)
    (project / "subprojects").mkdir()
    (project / "subprojects" / "connectel").symlink_to(tree["source"], target_is_directory=True)
    meson = tool("meson")
    # Forced to the subproject, so a connectel installed on this machine cannot stand in for it.
    log = run([meson, "setup", build, project, "--force-fallback-for=connectel", "--wrap-mode=nodownload"])
    wanted = f"Dependency connectel found: YES {version} (overridden)"
    if wanted not in log:
        raise Failure(f"meson setup did not print '{wanted}':\n{log}")
    run([meson, "compile", "-C", build])
    umbrella = umbrella_from_ninja_deps(build)
    if not under(umbrella, Path(tree["source"]) / "include"):
        raise Failure(f"compiled against {umbrella}, not the subproject's {tree['source']}/include")
    check_output(run([build / "consumer"]), expected)


def installed_tree(build_dir, destdir, source_dir):
    """Where `meson install --destdir` put things, from the build directory's options."""
    options = json.loads((build_dir / "meson-info" / "intro-buildoptions.json").read_text())
    option = {o["name"]: o["value"] for o in options}
    prefix = destdir / option["prefix"].lstrip("/")

    def place(name):  # an option relative to the prefix, or absolute (then under DESTDIR alone)
        value = option[name]
        return destdir / value.lstrip("/") if os.path.isabs(value) else prefix / value

    datadir = place("datadir")  # a header-only library's package files are the same on every arch
    return {
        "destdir": destdir, "prefix": prefix, "include": place("includedir"), "bin": place("bindir"),
        "pkgconfig": datadir / "pkgconfig", "cmake": datadir / "cmake" / "connectel",
        "man1": place("mandir") / "man1", "completions": datadir / "bash-completion" / "completions",
        "source": source_dir.resolve(),
    }


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    build_dir, source_dir = Path(argv[1]).resolve(), Path(argv[2]).resolve()
    version = json.loads((build_dir / "meson-info" / "intro-projectinfo.json").read_text())["version"]
    work = Path(tempfile.mkdtemp(prefix="connectel-install-"))
    failures = []
    try:
        tree = installed_tree(build_dir, work / "destdir", source_dir)
        try:
            # --no-rebuild: `meson test` has built everything, and a ninja run here would race it.
            run([tool("meson"), "install", "-C", build_dir, "--destdir", tree["destdir"], "--no-rebuild",
                 "--quiet"])
            required = [tree["include"] / "connectel" / "connectel.hpp", tree["pkgconfig"] / "connectel.pc",
                        tree["cmake"] / "connectelConfig.cmake",
                        tree["cmake"] / "connectelConfigVersion.cmake",
                        tree["bin"] / "connectel", tree["bin"] / "connectel-sim",
                        tree["man1"] / "connectel.1", tree["man1"] / "connectel-sim.1",
                        tree["completions"] / "connectel", tree["completions"] / "connectel-sim"]
            missing = [str(p) for p in required if not p.is_file()]
            if missing:
                raise Failure("not installed: " + ", ".join(missing))
        except Failure as e:
            print(f"FAIL meson install: {e}")
            return 1
        print(f"ok   meson install --destdir {tree['destdir']}")
        expected = EXPECTED
        for name, consumer in [("cmake find_package", cmake_consumer), ("pkg-config", pkgconfig_consumer),
                               ("meson subproject", meson_consumer)]:
            try:
                consumer(work, tree, expected, version)
                print(f"ok   {name} consumer")
            except Failure as e:
                failures.append(name)
                print(f"FAIL {name} consumer: {e}")
    finally:
        if os.environ.get("CONNECTEL_KEEP_TMP"):
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} of 3 consumers failed: {', '.join(failures)}")
        return 1
    print("3 consumers built and ran: against the installed tree (cmake, pkg-config), "
          "and with this tree as a subproject (meson)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
