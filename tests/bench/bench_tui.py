#!/usr/bin/env python3
# bench_tui.py - end-to-end timing of the interactive explorer in a pseudo-
# terminal of 120x40: start to first frame, key press to finished frame
# (median and 99th percentile) and terminal bytes written per slider step, for
# csi2017, nai, csi2021 and lar2020 (sin2w) and sterile parameters (s22_mu, dm2).
#
# A frame is "finished" when its last byte has arrived. Two times per key:
#   first   key press to the end of the first frame that answers it (the
#           frame's bytes arrive together; a gap of FRAME_GAP ends it);
#   settled key press to the last byte before QUIET seconds of silence, i.e.
#           after every follow-up frame of a sliced computation (a new dchi2
#           curve is filled in over several frames, each showing "scan n%").
# Bytes per step count all frames of a step. Usage:
# bench_tui.py [path/to/cevnsx] [steps]
# SPDX-License-Identifier: GPL-3.0-or-later
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import termios
import time

QUIET = 0.05  # s of silence that ends a step; far above a frame's own gaps
FRAME_GAP = 0.003  # s of silence between two frames (the TUI works >= 10 ms
#                    between follow-up frames; a frame is written at once)
EXE = sys.argv[1] if len(sys.argv) > 1 else "./cevnsx"
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 200


def spawn(args):
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, TERM="xterm-256color", LC_ALL="C.UTF-8",
                   INPUTRC="/dev/null")
        os.execvpe(EXE, [EXE] + args, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    return pid, fd


def read_burst(fd, first_timeout=5.0):
    """Reads until QUIET s of silence; returns (bytes, time of last byte,
    time of the last byte of the first frame)."""
    data = b""
    last = None
    first_end = None
    timeout = first_timeout
    while True:
        r, _, _ = select.select([fd], [], [], timeout)
        now = time.monotonic()
        if last is not None and first_end is None and now - last >= FRAME_GAP:
            first_end = last
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
        last = time.monotonic()
        timeout = QUIET
    if first_end is None:
        first_end = last
    return data, last, first_end


def pct(xs, p):
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, int(round(p / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


def run(label, args, select_cmd, key_right=b"\x1bOC", key_left=b"\x1bOD", slider=True):
    t0 = time.monotonic()
    pid, fd = spawn(args)
    data, last, _ = read_burst(fd, 10.0)
    first_frame_ms = (last - t0) * 1e3 if last else float("nan")
    if select_cmd:
        os.write(fd, b":" + select_cmd + b"\r")
        read_burst(fd, 5.0)
    lat, first, sizes = [], [], []
    for i in range(STEPS):
        key = key_right if (i // 36) % 2 == 0 else key_left
        t = time.monotonic()
        os.write(fd, key)
        data, last, first_end = read_burst(fd, 1.0)
        if last is None:  # no frame at all: the key did nothing
            continue
        lat.append((last - t) * 1e3)
        first.append((first_end - t) * 1e3)
        sizes.append(len(data))
    os.write(fd, b"q")
    read_burst(fd, 2.0)
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    if not lat:
        print("@\texplorer\t%s: no frames after keys\tnan\t-\t-\tbroken" % label)
        return lat, sizes
    # rows of the `make bench` table (tests/bench/table.awk): @ group case value unit target note
    note = "%d steps, 120x40, exit %d" % (len(lat), os.WEXITSTATUS(status))
    rows = [
        ("start to first frame", first_frame_ms, "ms", "100"),
        ("key to first answering frame, median", statistics.median(first), "ms", "16"),
        ("key to first answering frame, p99", pct(first, 99), "ms", "16"),
        ("key to settled screen, p99", pct(lat, 99), "ms", "-"),
        ("terminal bytes per step, median", statistics.median(sizes), "B", "4096"),
        ("terminal bytes per step, max", max(sizes), "B", "4096" if slider else "-"),
    ]
    for what, value, unit, target in rows:
        print("@\texplorer\t%s: %s\t%.4g\t%s\t%s\t%s" % (label, what, value, unit, target, note))
    return lat, sizes


def main():
    os.environ.setdefault("CEVNSX_DATADIR", os.path.join(os.path.dirname(__file__), "../../data"))
    run("csi2017, sin2w", ["-d", "csi2017"], None)
    run("nai, sin2w", ["-d", "nai"], None)
    run("csi2021, sin2w", ["-d", "csi2021"], None)
    run("lar2020, sin2w", ["-d", "lar2020"], None)
    run("csi2017, s22_mu (sterile)", ["-d", "csi2017"], b"select s22_mu")
    run("csi2017, dm2 (sterile)", ["-d", "csi2017"], b"select dm2")
    run("nai, eps_ee_u (NSI)", ["-d", "nai"], b"select eps_ee_u")
    run("csi2017, sin2w, --stat poisson", ["-d", "csi2017"], b"stat poisson")
    run("lar2020, sin2w, --stat poisson", ["-d", "lar2020"], b"stat poisson")
    # Up/Down: every key selects another parameter and starts its dchi2 curve
    # (dm2, rn_*, form factors and thresholds rebuild kernels at every point)
    run("csi2017, Down/Up new curve", ["-d", "csi2017"], None, b"\x1bOB", b"\x1bOA", False)
    run("nai, Down/Up new curve", ["-d", "nai"], None, b"\x1bOB", b"\x1bOA", False)


if __name__ == "__main__":
    main()
