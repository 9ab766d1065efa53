#!/bin/bash
# bench/tui.sh - the full-screen checklist's speed and footprint, side by
# side with top(1) (procps, also a curses full-screen program) in the same
# run:
#   first paint  exec to the last byte of the first full screen (80x24 pty;
#                the kiosk: to its history legend, above the details)
#   idle CPU     CPU used over BENCH_IDLE_S seconds (default 60) with nothing
#                running but the once-a-second clock (top refreshes each 1 s)
#   peak RSS     VmHWM at the end of the idle run
# Goals: first paint <= 50 ms, idle CPU < 0.5 %.
#
# Usage: bench/tui.sh [BUILD_DIR]   (default ./build; needs posdoctor-test)
#   BENCH_RUNS=20 BENCH_IDLE_S=60 bench/tui.sh build
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
prog=$build/tests/posdoctor-test
[ -x "$prog" ] || { echo "build $prog first (cmake --build $build)"; exit 1; }
export POSDOCTOR_DATADIR=${POSDOCTOR_DATADIR:-$here/assets}
export BENCH_RUNS=${BENCH_RUNS:-20} BENCH_IDLE_S=${BENCH_IDLE_S:-60}

python3 - "$prog" <<'PY'
import fcntl, os, pty, select, signal, statistics, struct, sys, termios, time

prog = sys.argv[1]
runs = int(os.environ["BENCH_RUNS"])
idle_s = float(os.environ["BENCH_IDLE_S"])
clk = os.sysconf("SC_CLK_TCK")
env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
env.pop("NO_COLOR", None)

# The two programs: argv, and the bytes that end their first full screen.
# posdoctor draws its footer last ("quit"); top its process table header.
tools = [
    ("posdoctor", [prog, "--only", "test.quick,test.warn,test.fail,test.slow"], b"quit"),
    # The kiosk (block-letter banner, no footer): its history legend is on
    # the rule under the checklist, the last thing above the details.
    ("posdoctor kiosk", [prog, "--kiosk", "--only", "test.quick,test.warn,test.fail,test.slow"],
     b"newest right"),
    ("top (procps)", ["top", "-d", "1"], b"COMMAND"),
]

def spawn(argv):
    """Start argv on a new 80x24 pty; returns (pid, master fd, t0)."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(argv[0], argv, env)
    return pid, fd, t0

def drain(fd, until=None, marker=None, timeout=5.0):
    """Read fd until marker shows up (returns the time) or until/timeout."""
    buf = b""
    end = time.perf_counter() + timeout if until is None else until
    while True:
        left = end - time.perf_counter()
        if left <= 0:
            return None
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            return None
        if not data:
            return None
        buf += data
        if marker and marker in buf:
            return time.perf_counter()

def stop(pid, fd):
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.perf_counter() + 3
    while time.perf_counter() < deadline:
        drain(fd, until=time.perf_counter() + 0.05)
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)

def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])

def hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0

results = {}
for name, argv, marker in tools:
    paints = []
    for _ in range(runs):
        pid, fd, t0 = spawn(argv)
        t1 = drain(fd, marker=marker)
        stop(pid, fd)
        if t1 is not None:
            paints.append((t1 - t0) * 1000)
    # Idle: let the checks finish, then measure CPU over idle_s seconds.
    pid, fd, _ = spawn(argv)
    drain(fd, until=time.perf_counter() + 3)
    c0, w0 = cpu_ticks(pid), time.perf_counter()
    drain(fd, until=w0 + idle_s)
    c1, w1 = cpu_ticks(pid), time.perf_counter()
    rss = hwm_kib(pid)
    stop(pid, fd)
    results[name] = (paints, (c1 - c0) / clk / (w1 - w0) * 100, rss)

names = [t[0] for t in tools]
print(f"{'':32}" + "".join(f"{n:>16}" for n in names))
def row(label, fmt):
    print(f"{label:32}" + "".join(f"{fmt(results[n]):>16}" for n in names))
row(f"first paint median ms ({runs} runs)",
    lambda r: f"{statistics.median(r[0]):.1f}" if r[0] else "n/a")
row("first paint min / max ms",
    lambda r: f"{min(r[0]):.1f} / {max(r[0]):.1f}" if r[0] else "n/a")
row(f"idle CPU % over {idle_s:g} s", lambda r: f"{r[1]:.3f}")
row("peak RSS KiB (VmHWM)", lambda r: f"{r[2]}")
print(f"goals: first paint <= 50 ms, idle CPU < 0.5 % (CPU tick = {1000 / clk:g} ms)")
PY
