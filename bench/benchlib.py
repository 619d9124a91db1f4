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
