"""Median wall time of each command, run interleaved (A, B, A, B…) so that
all see the same load on a shared machine, after three warm-up rounds.

    python3 bench/alternate.py RUNS "CMD A" "CMD B" …   → "12.3 45.6 …" (ms)
"""
import shlex, statistics, subprocess, sys, time

runs, cmds = int(sys.argv[1]), [shlex.split(c) for c in sys.argv[2:]]


def once(cmd):
    s = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - s) * 1000


for _ in range(3):
    for c in cmds:
        once(c)
times = [[] for _ in cmds]
for _ in range(runs):
    for i, c in enumerate(cmds):
        times[i].append(once(c))
print(" ".join("%.1f" % statistics.median(t) for t in times))
