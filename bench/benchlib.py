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
