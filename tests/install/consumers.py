"""The programs tests/install/check_install.py and tests/package/check_packages.py build against
an installed connectel, and how each is checked.

A tree says where connectel is installed: prefix, include, pkgconfig and cmake (its
directories), destdir (None when installed in the system itself, under /usr, where CMake and
pkg-config look by themselves) and source (this repository, whose headers must not be the ones
read). Each consumer must print EXPECTED and must have read connectel's headers from the tree's
include directory; it raises Failure otherwise.
"""
import os
import shlex
import shutil
import subprocess
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
    options = [f"-DCONNECTEL_WANTED_VERSION={version}", "-DCMAKE_BUILD_TYPE=Release"]
    if tree["destdir"]:  # under /usr, CMake's own search must find the package
        options.append(f"-DCMAKE_PREFIX_PATH={tree['prefix']}")
    log = run([tool("cmake"), "-S", project, "-B", build, "-G", "Ninja"] + options)
    wanted = f"connectel {version} from {tree['cmake']}"
    if wanted not in log:
        raise Failure(f"cmake did not print '{wanted}':\n{log}")
    run([tool("cmake"), "--build", build])
    check_installed_header(umbrella_from_ninja_deps(build), tree["include"], tree["source"])
    check_output(run([build / "consumer"]), expected)


def pkgconfig_consumer(work, tree, expected, version):
    project = work / "pkgconfig_consumer"
    copy_consumer("pkgconfig_consumer", project)
    env = dict(os.environ)  # under /usr, pkg-config's own search path must find connectel.pc
    if tree["destdir"]:
        # connectel.pc says prefix=PREFIX; the sysroot puts DESTDIR in front of its -I (and of the
        # system packages' paths, which then name directories that do not exist: harmless).
        env.update(PKG_CONFIG_PATH=str(tree["pkgconfig"]), PKG_CONFIG_SYSROOT_DIR=str(tree["destdir"]))
    pkg_config = tool("pkg-config")
    got_version = run([pkg_config, "--modversion", "connectel"], env=env).strip()
    if got_version != version:
        raise Failure(f"pkg-config --modversion connectel: {got_version}, expected {version}")
    flags = shlex.split(run([pkg_config, "--cflags", "--libs", "connectel"], env=env))
    # Under /usr there is no -I: pkg-config leaves out the compiler's own include directory.
    if tree["destdir"] and f"-I{tree['include']}" not in flags:
        raise Failure(f"pkg-config --cflags --libs connectel: {shlex.join(flags)}\n"
                      f"has no -I{tree['include']}")
    depfile = project / "main.d"
    run([tool("c++"), "-std=c++17", "-MD", "-MF", depfile, project / "main.cpp", "-o", project / "consumer"]
        + flags)
    check_installed_header(umbrella_from_depfile(depfile), tree["include"], tree["source"])
    check_output(run([project / "consumer"]), expected)
