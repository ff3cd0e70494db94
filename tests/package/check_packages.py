#!/usr/bin/env python3
"""Installs the Debian packages that packaging/build_debs.sh built, checks them as a user would,
and purges them again.

usage: check_packages.py DEBS_DIR SOURCE_DIR VERSION

DEBS_DIR holds connectel-sim_VERSION_ARCH.deb, libconnectel-dev_VERSION_all.deb and the build's
.changes. The checks: lintian finds no error; apt-get installs both, with their dependencies; each
package holds its files; the installed simulator answers a send; `connectel --help` works; man
finds both pages; both bash completions load; a CMake find_package consumer and a pkg-config
consumer (tests/install/) build and run against the headers under /usr, never SOURCE_DIR's; apt-get
purges both again. Installing needs root, or sudo without a password. A package that is already
installed is left alone, and the checks that need the packages fail: purge it first.

Prints TAP, one line a check, what went wrong as `#` lines below it; exits 1 when any failed.
"""
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "install"))
from consumers import EXPECTED, Failure, cmake_consumer, pkgconfig_consumer, run, tool  # noqa: E402

PACKAGES = ["connectel-sim", "libconnectel-dev"]
COMPLETIONS = Path("/usr/share/bash-completion/completions")
OWNED = {  # with what each check's name says it holds
    "connectel-sim": ["/usr/bin/connectel-sim", "/usr/bin/connectel", "/usr/share/man/man1/connectel-sim.1.gz",
                      "/usr/share/man/man1/connectel.1.gz", str(COMPLETIONS / "connectel-sim"),
                      str(COMPLETIONS / "connectel")],
    "libconnectel-dev": ["/usr/include/connectel/connectel.hpp", "/usr/share/pkgconfig/connectel.pc",
                         "/usr/share/cmake/connectel/connectelConfig.cmake",
                         "/usr/share/cmake/connectel/connectelConfigVersion.cmake"],
}


class Skip(Exception):
    pass


def as_root():
    """The command prefix that runs apt-get as root, or Failure saying why there is none."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    raise Failure("installing the packages needs root, or sudo without a password: not root, and no such sudo")


def apt_get(args, cwd=None):
    return run(as_root() + ["env", "DEBIAN_FRONTEND=noninteractive", tool("apt-get"), "-y", "-q"] + args, cwd=cwd)


def installed_version(package):
    """The version of package that dpkg has installed, or None."""
    done = subprocess.run(["dpkg-query", "-W", "-f", "${db:Status-Abbrev}|${Version}", package],
                          capture_output=True, text=True)
    status, _, version = done.stdout.partition("|")
    return version if done.returncode == 0 and status.startswith("ii") else None


class Checks:
    """Runs named checks in order, printing one TAP line each and what went wrong below it."""

    def __init__(self, count):
        self.count, self.number, self.failed = count, 0, 0
        print(f"1..{count}", flush=True)

    def check(self, name, action, *args):
        """Runs action(*args): ok unless it raises Failure (or Skip). Its returned text is printed as notes."""
        self.number += 1
        try:
            notes = action(*args)
            print(f"ok {self.number} - {name}")
        except Skip as e:
            notes = None
            print(f"ok {self.number} - {name} # SKIP {e}")
        except Failure as e:
            notes = str(e)
            print(f"not ok {self.number} - {name}")
            self.failed += 1
        for line in (notes or "").splitlines():
            print(f"# {line}")
        sys.stdout.flush()


def built_debs(debs_dir, version):
    debs = {p: sorted(debs_dir.glob(f"{p}_{version}_*.deb")) for p in PACKAGES}
    missing = [f"{p}_{version}_*.deb" for p, found in debs.items() if len(found) != 1]
    if missing:
        raise Failure(f"not in {debs_dir}: {', '.join(missing)} (./dev package builds them)")
    return [found[0] for found in debs.values()]


def check_built(debs_dir, version):
    return "\n".join(deb.name for deb in built_debs(debs_dir, version))


def check_lintian(debs_dir):
    changes = sorted(debs_dir.glob("connectel-sim_*.changes"))
    if len(changes) != 1:
        raise Failure(f"expected one connectel-sim_*.changes in {debs_dir}, found {len(changes)}")
    done = subprocess.run([tool("lintian"), changes[0]], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    report = f"lintian {changes[0].name}:\n" + (done.stdout or "(nothing to report)\n")
    errors = [line for line in done.stdout.splitlines() if line.startswith("E: ")]
    if errors or done.returncode != 0:
        raise Failure(report + f"{len(errors)} errors, exit status {done.returncode}")
    return report


def check_install(debs_dir, version):
    already = [f"{p} {v}" for p in PACKAGES if (v := installed_version(p))]
    if already:
        raise Failure(f"already installed, so left alone: {', '.join(already)}\n"
                      f"(apt-get purge {' '.join(PACKAGES)}, then run these checks)")
    debs = built_debs(debs_dir, version)
    apt_get(["install"] + [f"./{deb.name}" for deb in debs], cwd=debs_dir)
    return "\n".join(f"{p} {installed_version(p)}" for p in PACKAGES)


def needs_installed():
    missing = [p for p in PACKAGES if not installed_version(p)]
    if missing:
        raise Failure(f"not installed: {', '.join(missing)}")


def check_owned(package):
    needs_installed()
    owned = set(run(["dpkg-query", "-L", package]).splitlines())
    missing = [path for path in OWNED[package] if path not in owned or not Path(path).is_file()]
    if missing:
        raise Failure(f"{package} does not install: {', '.join(missing)}")


def check_send():
    needs_installed()
    sim = subprocess.Popen(["/usr/bin/connectel-sim", "--port", "0", "--log-level", "warn"],
                           stdout=subprocess.PIPE, text=True)
    try:
        if not select.select([sim.stdout], [], [], 15)[0]:
            raise Failure("connectel-sim --port 0 printed nothing within 15 s")
        ready = sim.stdout.readline().strip()
        base = ready.removeprefix("connectel-sim listening on ")
        if not re.fullmatch(r"http://127\.0\.0\.1:\d+", base):
            raise Failure(f"connectel-sim --port 0 did not start: it printed {ready!r}")
        answer = run([tool("curl"), "-sS", "-w", r"\n%{http_code}", "-d", "authorization=t", "-d", "sender=IKEA",
                      "-d", "recipient=46700000000", "-d", "message=Hi", f"{base}/api/v2/send/"])
        body, _, status = answer.rpartition("\n")
        try:
            requestid = json.loads(body).get("requestid")
        except (ValueError, AttributeError):
            requestid = None
        if status != "200" or not requestid:
            raise Failure(f"POST {base}/api/v2/send/ answered {status}: {body}")
        return f"{ready}\nPOST /api/v2/send/: {status}, requestid {requestid}"
    finally:
        sim.terminate()
        sim.wait(timeout=10)


def check_help():
    needs_installed()
    out = run(["/usr/bin/connectel", "--help"])
    if "connectel" not in out.splitlines()[0]:
        raise Failure(f"connectel --help printed:\n{out}")
    return out.splitlines()[0]


def check_man(page):
    needs_installed()
    path = run([tool("man"), "-w", page]).strip()
    if path != f"/usr/share/man/man1/{page}.1.gz":
        raise Failure(f"man -w {page}: {path}")
    return f"man -w {page}: {path}"


def check_completion(command):
    needs_installed()
    # bash-completion would source the file when COMMAND is first completed: it must register one.
    out = run(["bash", "-c", f'source "$1" && complete -p {command}', "bash", COMPLETIONS / command])
    return out.strip()


def check_consumer(consumer, source_dir, version):
    needs_installed()
    work = Path(tempfile.mkdtemp(prefix="connectel-package-"))
    try:
        consumer(work, {"destdir": None, "prefix": Path("/usr"), "include": Path("/usr/include"),
                        "pkgconfig": Path("/usr/share/pkgconfig"), "cmake": Path("/usr/share/cmake/connectel"),
                        "source": source_dir}, EXPECTED, version)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_purge(installed_here):
    if not installed_here:
        raise Skip("the packages were installed before these checks: left as they were")
    installed = [p for p in PACKAGES if installed_version(p)]
    if installed:
        apt_get(["purge"] + installed)
    left = [p for p in PACKAGES if installed_version(p)] + [path for paths in OWNED.values() for path in paths
                                                            if Path(path).exists()]
    if left:
        raise Failure(f"still installed after apt-get purge: {', '.join(left)}")


def main(argv):
    if len(argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    debs_dir, source_dir, version = Path(argv[1]).resolve(), Path(argv[2]).resolve(), argv[3]
    checks = Checks(14)
    checks.check(f"both packages built, at version {version}", check_built, debs_dir, version)
    checks.check("lintian reports no error", check_lintian, debs_dir)
    installed_here = not any(installed_version(p) for p in PACKAGES)
    try:
        checks.check("apt-get install ./connectel-sim_*.deb ./libconnectel-dev_*.deb", check_install,
                     debs_dir, version)
        checks.check("connectel-sim holds both programs, their man pages and bash completions", check_owned,
                     "connectel-sim")
        checks.check("libconnectel-dev holds the headers, connectel.pc and the CMake package", check_owned,
                     "libconnectel-dev")
        checks.check("connectel-sim --port 0 answers POST /api/v2/send/ with a requestid", check_send)
        checks.check("connectel --help", check_help)
        for command in ["connectel-sim", "connectel"]:
            checks.check(f"man -w {command}", check_man, command)
        for command in ["connectel-sim", "connectel"]:
            checks.check(f"the bash completion of {command} loads", check_completion, command)
        checks.check("a CMake find_package(connectel) consumer builds and runs against /usr", check_consumer,
                     cmake_consumer, source_dir, version)
        checks.check("a pkg-config consumer builds and runs against /usr", check_consumer,
                     pkgconfig_consumer, source_dir, version)
    finally:
        checks.check("apt-get purge connectel-sim libconnectel-dev", check_purge, installed_here)
    if checks.number != checks.count:
        print(f"# ran {checks.number} checks, planned {checks.count}")
        return 1
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
