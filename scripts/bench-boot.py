#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot benchmark: where a test's wall time goes, launcher vs bare QEMU.

For each test, the launcher runs it once with -v to show its QEMU command
line (kernel, kept initramfs, command line); then, alternating in one run so
both see the same machine load, the launcher runs the test and a bare
qemu-system-x86_64 boots that same command line. A watcher timestamps what
the host can see: the guest's channel stages (protocol.h), the result's end
marker and the process's exit; the guest's result adds the kernel clock at
/init and at its first report. Medians of each phase, and the ratio.

usage: scripts/bench-boot.py OUTPUT_DIR [--rounds N] [--test NAME]...
"""
import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

STAGE = b"KTSTR-STAGE "
RESULT_BEGIN = b"KTSTR-RESULT-BEGIN"
RESULT_END = b"KTSTR-RESULT-END"

# (name, how it is computed from a run's events) in the order they happen.
PHASES = [
    ("QEMU start to kernel start", "kernel"),
    ("kernel start to /init", "init"),
    ("/init to first report", "report"),
    ("first report to scheduler start", "setup"),
    ("scheduler start to attached", "attach"),
    ("attached to workload", "prepare"),
    ("workload", "workload"),
    ("checks to result", "checks"),
    ("result to QEMU exit", "teardown"),
    ("total", "total"),
]


def fail(msg):
    print(f"bench: {msg}", file=sys.stderr)
    sys.exit(1)


class Watch:
    """Runs one command and timestamps what appears on its channel file."""

    def __init__(self, argv, channel, shell=False):
        self.argv, self.channel, self.shell = argv, channel, shell
        self.events = {}

    def _mark(self, name, now):
        self.events.setdefault(name, now - self.t0)

    def run(self):
        self.t0 = time.monotonic()
        proc = subprocess.Popen(self.argv, shell=self.shell,
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        buf, off, done = b"", 0, False
        while not done:
            done = proc.poll() is not None
            now = time.monotonic()
            try:
                with open(self.channel, "rb") as f:
                    f.seek(off)
                    new = f.read()
            except FileNotFoundError:
                new = b""
            off += len(new)
            buf += new
            *lines, buf = buf.split(b"\n")
            for line in lines:
                line = line.strip(b"\r\x00")
                if line.startswith(STAGE):
                    self._mark(line[len(STAGE):].decode(), now)
                elif line == RESULT_END:
                    self._mark("result", now)
            if not done:
                time.sleep(0.002)
        self._mark("exit", time.monotonic())
        if proc.returncode not in (0, 1):
            fail(f"'{self.argv if self.shell else ' '.join(self.argv)}' "
                 f"exited {proc.returncode}")
        self.result = read_result(self.channel)
        return self


def read_result(channel):
    """The guest's last result record on the channel (protocol.h)."""
    with open(channel, "rb") as f:
        data = f.read().replace(b"\r", b"")
    m = re.findall(rb"KTSTR-RESULT-BEGIN v1\n(.*?)\nKTSTR-RESULT-END", data,
                   re.S)
    return json.loads(m[-1]) if m else {}


def phases(w):
    """Phase durations in ms from one run's events (None: not in this test)."""
    e, boot = w.events, w.result.get("boot", {})
    if "init" not in e or "result" not in e or "init_ms" not in boot:
        fail(f"a run of {w.argv} gave no init stage, result or boot times")
    ms = lambda s: s * 1000.0
    kstart = ms(e["init"]) - boot["report_ms"]
    p = {
        "kernel": kstart,
        "init": boot["init_ms"],
        "report": boot["report_ms"] - boot["init_ms"],
        "total": ms(e["exit"]),
        "teardown": ms(e["exit"] - e["result"]),
    }
    sched, att, work = e.get("sched-start"), e.get("sched-attached"), e.get("workload")
    chk = e.get("checks")
    first = sched or work or chk
    if first is not None:
        p["setup"] = ms(first - e["init"])
    if sched is not None and att is not None:
        p["attach"] = ms(att - sched)
    if work is not None:
        if att is not None:
            p["prepare"] = ms(work - att)
        if chk is not None:
            p["workload"] = ms(chk - work)
    if chk is not None:
        p["checks"] = ms(e["result"] - chk)
    return p


def median(runs, key):
    vals = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def bench_test(ktstr, test, rounds, work):
    ref = os.path.join(work, "ref")
    err = subprocess.run([ktstr, "run", "-t", test, "-v", "--keep-initramfs",
                          "--results", ref], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True).stderr
    cmd = next((l.split(": ", 2)[2] for l in err.splitlines()
                if l.startswith(f"ktstr: {test}: ") and "qemu-system" in l), None)
    if not cmd:
        fail(f"no QEMU command line in '{ktstr} run -t {test} -v' output:\n{err}")
    accel = re.search(r"accelerator (\w+)", err)
    argv = shlex.split(cmd)
    kept = argv[argv.index("-initrd") + 1]
    initrd = os.path.join(work, "initramfs.cpio")
    shutil.copy(kept, initrd)
    cmd = cmd.replace(kept, initrd)

    launcher, bare = [], []
    for i in range(rounds):
        res = os.path.join(work, f"l{i}")
        w = Watch([ktstr, "run", "-t", test, "--results", res],
                  os.path.join(res, f"{test}.channel.log")).run()
        launcher.append(phases(w))
        d = os.path.join(work, f"b{i}")
        os.makedirs(d)
        bcmd = cmd.replace(ref + "/", d + "/")
        w = Watch(bcmd, os.path.join(d, f"{test}.channel.log"), shell=True).run()
        bare.append(phases(w))
    return launcher, bare, accel.group(1) if accel else "?"


def report(test, launcher, bare, accel, rounds):
    print(f"\n{test}: medians of {rounds} alternating rounds, {accel} (ms)")
    print(f"  {'phase':34s} {'launcher':>9s} {'bare':>9s} {'ratio':>6s}")
    for name, key in PHASES:
        a, b = median(launcher, key), median(bare, key)
        if a is None and b is None:
            continue
        ratio = f"{a / b:6.3f}" if a and b else "     -"
        fmt = lambda v: f"{v:9.0f}" if v is not None else "        -"
        print(f"  {name:34s} {fmt(a)} {fmt(b)} {ratio}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("output", help="the build directory (make's OUTPUT)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--test", action="append",
                    help="default: topo_1n1l2c1t (boot only), scx_simple_attach")
    a = ap.parse_args()
    ktstr = os.path.join(a.output, "ktstr")
    if not os.access(ktstr, os.X_OK):
        fail(f"'{ktstr}': no launcher there; run make first")
    tests = a.test or ["topo_1n1l2c1t", "scx_simple_attach"]
    print(f"boot benchmark: {', '.join(tests)}; launcher {ktstr}")
    for test in tests:
        with tempfile.TemporaryDirectory(prefix="ktstr-bench.") as work:
            launcher, bare, accel = bench_test(ktstr, test, a.rounds, work)
        report(test, launcher, bare, accel, a.rounds)


if __name__ == "__main__":
    main()
