"""Helpers shared by the benchmark scripts in bench/ (imported as `benchlib`: each script runs with bench/
on sys.path)."""

import json
import os
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_wsctl():
    """The wsctl binary the scripts run unless told otherwise: $WSCTL_BIN, else
    $CARGO_TARGET_DIR/release/wsctl, else target/release/wsctl in this repository."""
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    return os.environ.get("WSCTL_BIN") or os.path.join(target, "release/wsctl")


def wait_file(path, proc, timeout=180):
    """The JSON a process writes to `path` once it is ready (a --ready-file); exits if it dies first."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path):
            try:
                with open(path) as f:
                    return json.load(f)
            except json.JSONDecodeError:
                pass  # still being written
        if proc.poll() is not None:
            raise SystemExit(f"{os.path.basename(str(proc.args[0]))} exited early: {proc.returncode}")
        time.sleep(0.05)
    raise SystemExit(f"{path}: not ready in time")


def tree_cpu(root):
    """CPU seconds so far of `root` and of each descendant, by command name ({"wsctl": s, "java": s}).
    Children are looked up under every thread: the emulator starts DynamoDB Local from a thread of its own."""
    tick = os.sysconf("SC_CLK_TCK")
    out, todo = {}, [root]
    while todo:
        pid = todo.pop()
        try:
            raw = open(f"/proc/{pid}/stat").read()
            f = raw.rsplit(")", 1)[1].split()
            comm = raw[raw.index("(") + 1:raw.rindex(")")]
            out[comm] = out.get(comm, 0) + (int(f[11]) + int(f[12])) / tick
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as c:
                    todo += [int(x) for x in c.read().split()]
        except (OSError, ValueError):
            pass
    return out


def machine_jiffies():
    """(busy, total) CPU jiffies of the whole machine so far, from /proc/stat (idle and iowait are not busy)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    total = sum(fields)
    return total - fields[3] - fields[4], total


class RigMeter:
    """What the rig spent during one measured run: the machine's busy cores on average, and the CPU seconds
    of the emulator and of DynamoDB Local (the emulator's `java` child). A share of the limit missed while
    every core was busy is this machine's bound, not wsctl's: on AWS neither the gateway nor DynamoDB runs
    on the caller's cores. It also counts the connections the kernel dropped because a listener's accept
    queue was full (`ListenOverflows`): each stalls its client for a one-second SYN retransmit, which API
    Gateway never causes, so a run with any is the rig's, not a figure.

        with RigMeter(emulator_pid) as rig:
            run()
        rig.figures()  # {"machine_busy_cores": 1.97, "emulator_cpu_s": 3.2, "dynamodb_local_cpu_s": 1.7,
                       #  "listen_overflows": 0}
    """

    def __init__(self, emulator_pid):
        self.pid = emulator_pid

    def _emulator_and_dynamodb(self):
        cpu = tree_cpu(self.pid)
        java = cpu.pop("java", 0.0)
        return sum(cpu.values()), java

    def __enter__(self):
        self.jiffies = machine_jiffies()
        self.cpu = self._emulator_and_dynamodb()
        self.overflows = listen_overflows()
        return self

    def __exit__(self, *exc):
        busy0, total0 = self.jiffies
        busy1, total1 = machine_jiffies()
        emulator, java = self._emulator_and_dynamodb()
        self.busy_cores = (busy1 - busy0) / max(1, total1 - total0) * (os.cpu_count() or 1)
        self.emulator_s, self.java_s = emulator - self.cpu[0], java - self.cpu[1]
        self.overflows = listen_overflows() - self.overflows
        return False

    def figures(self):
        return {"machine_busy_cores": round(self.busy_cores, 2), "emulator_cpu_s": round(self.emulator_s, 2),
                "dynamodb_local_cpu_s": round(self.java_s, 2), "listen_overflows": self.overflows}


def listen_overflows():
    """The machine's count of connections dropped on a full accept queue (TcpExt ListenOverflows)."""
    with open("/proc/net/netstat") as f:
        lines = [line.split() for line in f if line.startswith("TcpExt:")]
    return int(dict(zip(lines[0], lines[1])).get("ListenOverflows", 0))
