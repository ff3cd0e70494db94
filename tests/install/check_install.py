#!/usr/bin/env python3
"""Installs a configured build into a temporary DESTDIR and builds three consumers against it.

usage: check_install.py BUILD_DIR SOURCE_DIR

  cmake      cmake_consumer/: find_package(connectel) through CMAKE_PREFIX_PATH, connectel::connectel
  pkg-config pkgconfig_consumer/: `pkg-config --cflags --libs connectel` on a plain c++ line
  meson      meson_consumer/: subprojects/connectel is a symlink to SOURCE_DIR

Each consumer must print what EXPECTED says, and the CMake and pkg-config ones must have read
connectel's headers from the installed tree (their dependency lists are checked), never from
SOURCE_DIR. Everything happens in one fresh temporary directory, removed at the end (kept when
CONNECTEL_KEEP_TMP is set), so runs from several build directories can overlap. Exits 1 naming
each consumer that failed and why.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECTED = ["GSM-7, 8 units, 1 part", "status 1: DELIVRD", "cpp-httplib defines: yes", "client for http://127.0.0.1:9"]


class Failure(Exception):
    pass


def run(cmd, cwd=None, env=None):
    """Runs cmd; returns its stdout, or raises Failure with the command and all it printed."""
    try:
        done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=300)
    except subprocess.TimeoutExpired as e:
        raise Failure(f"timed out after {e.timeout} s: {shlex.join(map(str, cmd))}\n{e.output or ''}")
    if done.returncode != 0:
        raise Failure(f"exit status {done.returncode}: {shlex.join(map(str, cmd))}\n{done.stdout}")
    return done.stdout


def tool(name):
    path = shutil.which(name)
    if not path:
        raise Failure(f"{name} not found on PATH (./dev install-deps installs it)")
    return path


def under(path, root):
    """Whether path (resolved) lies inside root (resolved)."""
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
        return True
    except ValueError:
        return False


def check_output(out, expected):
    lines = out.splitlines()
    if lines != expected:
        raise Failure("printed:\n  " + "\n  ".join(lines) + "\nexpected:\n  " + "\n  ".join(expected))


def umbrella_from_ninja_deps(build_dir):
    """The connectel/connectel.hpp that ninja recorded as read while compiling, as a path."""
    deps = run([tool("ninja"), "-C", build_dir, "-t", "deps"])
    found = {line.strip() for line in deps.splitlines() if line.strip().endswith("connectel/connectel.hpp")}
    if len(found) != 1:
        raise Failure(f"expected one connectel/connectel.hpp among the compile's dependencies, "
                      f"got {sorted(found)}")
    return Path(build_dir, found.pop())  # relative entries are relative to the build directory


def umbrella_from_depfile(depfile):
    words = Path(depfile).read_text().replace("\\\n", " ").split()
    found = {w for w in words if w.endswith("connectel/connectel.hpp")}
    if len(found) != 1:
        raise Failure(f"expected one connectel/connectel.hpp in {depfile}, got {sorted(found)}")
    return Path(found.pop())


def check_installed_header(umbrella, installed_include, source_dir):
    if not under(umbrella, installed_include) or under(umbrella, source_dir):
        raise Failure(f"compiled against {umbrella}, not the installed {installed_include}/connectel")


def copy_consumer(name, project):
    """The consumer's build files, and the one program all three build, as main.cpp."""
    if (HERE / name).is_dir():
        shutil.copytree(HERE / name, project)
    else:
        project.mkdir()
    shutil.copy(HERE / "consumer.cpp", project / "main.cpp")


def cmake_consumer(work, tree, expected, version):
    project, build = work / "cmake_consumer", work / "cmake_consumer" / "build"
    copy_consumer("cmake_consumer", project)
    log = run([tool("cmake"), "-S", project, "-B", build, "-G", "Ninja",
               f"-DCMAKE_PREFIX_PATH={tree['prefix']}", f"-DCONNECTEL_WANTED_VERSION={version}",
               "-DCMAKE_BUILD_TYPE=Release"])
    wanted = f"connectel {version} from {tree['cmake']}"
    if wanted not in log:
        raise Failure(f"cmake did not print '{wanted}':\n{log}")
    run([tool("cmake"), "--build", build])
    check_installed_header(umbrella_from_ninja_deps(build), tree["include"], tree["source"])
    check_output(run([build / "consumer"]), expected)


def pkgconfig_consumer(work, tree, expected, version):
    project = work / "pkgconfig_consumer"
    copy_consumer("pkgconfig_consumer", project)
    # connectel.pc says prefix=PREFIX; the sysroot puts DESTDIR in front of its -I (and of the
    # system packages' paths, which then name directories that do not exist: harmless).
    env = dict(os.environ, PKG_CONFIG_PATH=str(tree["pkgconfig"]),
               PKG_CONFIG_SYSROOT_DIR=str(tree["destdir"]))
    pkg_config = tool("pkg-config")
    got_version = run([pkg_config, "--modversion", "connectel"], env=env).strip()
    if got_version != version:
        raise Failure(f"pkg-config --modversion connectel: {got_version}, expected {version}")
    flags = shlex.split(run([pkg_config, "--cflags", "--libs", "connectel"], env=env))
    if f"-I{tree['include']}" not in flags:
        raise Failure(f"pkg-config --cflags --libs connectel: {shlex.join(flags)}\n"
                      f"has no -I{tree['include']}")
    depfile = project / "main.d"
    run([tool("c++"), "-std=c++17", "-MD", "-MF", depfile, project / "main.cpp", "-o", project / "consumer"]
        + flags)
    check_installed_header(umbrella_from_depfile(depfile), tree["include"], tree["source"])
    check_output(run([project / "consumer"]), expected)


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
