#!/usr/bin/env python3
"""Broadcast on a warm rig: one emulator and one swarm, kept up, many broadcasts and wrk runs in turn.

bench/broadcast_bench.py gives every contender a fresh swarm so that each one's delivery is counted
exactly; that makes every round start cold (new sockets, DynamoDB Local's JIT barely warm for the Query).
This script answers the other question — what a client costs per message once everything is warm — and
is the quick loop for trying a client change: it reports wsctl's own CPU per run (user + sys, from
/usr/bin/time), which moves far less than wall time on this shared 2-core machine.

    cargo build --release --bin wsctl
    .local/venv/bin/python bench/broadcast_warm.py [--clients 10000] [--rounds 3] [--broadcasts 5] \
        [--wsctl target/release/wsctl] [--compare other/wsctl]

Each round: wrk for --wrk-seconds (raw POST rate), then --broadcasts broadcasts per binary. Every
broadcast must report all clients delivered (the emulator answers a POST once the frame is written to the
socket); exact per-client counts are broadcast_bench.py's job, here the swarm's totals also hold wrk's
frames.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import urllib.request

from benchlib import default_wsctl, wait_file, warm_query_path, write_wrk_post_script


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--broadcasts", type=int, default=5, help="broadcasts per binary per round")
    ap.add_argument("--wrk-seconds", type=int, default=5)
    ap.add_argument("--wsctl", default=default_wsctl())
    ap.add_argument("--compare", help="a second wsctl binary, run in turn with the first")
    ap.add_argument("--warmup-queries", type=int, default=32,
                    help="dry-run broadcasts before anything is measured (DynamoDB Local's JIT compiles the Query)")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="wsctl-warm-")
    env = dict(os.environ, AWS_REGION=os.environ.get("AWS_REGION", "us-east-1"))
    serve = subprocess.Popen([a.wsctl, "--table", "warm-rig", "local", "serve", "--port", "0", "--ready-file",
                              f"{tmp}/serve.json", "--client-buffer", "100000", "--idle-timeout", "2h"],
                             stdout=open(f"{tmp}/serve.log", "w"), stderr=subprocess.STDOUT, env=env)
    swarm = None
    try:
        info = wait_file(f"{tmp}/serve.json", serve)
        swarm = subprocess.Popen([a.wsctl, "-q", "local", "swarm", "--url", info["ws_url"], "-n", str(a.clients),
                                  "--groups", "1", "--connect-rate", "1000", "--ready-file", f"{tmp}/swarm.json",
                                  "--report", f"{tmp}/report.json"],
                                 stdout=subprocess.DEVNULL, stderr=open(f"{tmp}/swarm.log", "w"), env=env)
        ready = wait_file(f"{tmp}/swarm.json", swarm)
        if ready["connected"] != a.clients:
            raise SystemExit(f"only {ready['connected']} of {a.clients} clients connected")
        run(a, info, env, tmp, serve.pid)
    finally:
        if swarm:
            swarm.send_signal(signal.SIGTERM)
            swarm.wait(timeout=120)
        serve.terminate()
        serve.wait(timeout=60)
    with open(f"{tmp}/report.json") as f:
        rep = json.load(f)
    g = rep["groups"]["g0"]
    print(f"swarm: {g['clients']} clients, {g['messages']} messages, min {g['min_per_client']} max "
          f"{g['max_per_client']} per client (broadcasts + wrk's frames)")


def run(a, info, env, tmp, serve_pid):
    env = dict(env, WSCTL_ENDPOINT=info["endpoint"], WSCTL_DYNAMODB_ENDPOINT=info["dynamodb_endpoint"],
               WSCTL_TABLE=info["table"])
    env.pop("WSCTL_MANAGEMENT_CLIENT", None)
    conns = json.load(urllib.request.urlopen(f"http://127.0.0.1:{info['port']}/_local/connections"))["connections"]
    lua = f"{tmp}/post.lua"
    write_wrk_post_script(lua, info["stage"], [c["connectionId"] for c in conns])
    binaries = [("wsctl", a.wsctl)] + ([("compare", a.compare)] if a.compare else [])
    raw, results = [], {name: [] for name, _ in binaries}
    if a.warmup_queries:
        costs = warm_query_path(a.wsctl, env, serve_pid, a.warmup_queries)
        print(f"DynamoDB Local CPU per warm-up Query (s): first {costs[:3]}, last {costs[-3:]}", flush=True)
    # One unmeasured broadcast per binary, so that no measured broadcast is a binary's first to post.
    for _, b in binaries:
        broadcast(b, env, tmp)
    for rnd in range(a.rounds):
        out = subprocess.run(["wrk", "-t2", "-c64", f"-d{a.wrk_seconds}s", "-s", lua,
                              f"http://127.0.0.1:{info['port']}"], capture_output=True, text=True).stdout
        rate = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")))
        raw.append(rate)
        for _ in range(a.broadcasts):
            for name, b in binaries:
                results[name].append(broadcast(b, env, tmp))
        print(f"round {rnd + 1}: raw {rate:.0f} POST/s; " + "; ".join(
            f"{n} median {statistics.median(r['rate'] for r in results[n][-a.broadcasts:]):.0f} msgs/s"
            for n, _ in binaries), flush=True)
    raw_med = statistics.median(raw)
    print(f"raw (wrk -t2 -c64): median {raw_med:.0f} POST/s, runs {[round(r) for r in raw]}")
    for name, b in binaries:
        rs = results[name]
        rate = statistics.median(r["rate"] for r in rs)
        cpu = statistics.median(r["cpu"] for r in rs)
        bad = [r for r in rs if r["delivered"] != a.clients]
        print(f"{name} ({b}): median {statistics.median(r['seconds'] for r in rs):.3f} s = {rate:.0f} msgs/s = "
              f"{100 * rate / raw_med:.1f} % of raw; wsctl CPU median {cpu:.3f} s = {1e6 * cpu / a.clients:.0f} µs per "
              f"message; {len(rs)} broadcasts, {len(bad)} with fewer than {a.clients} delivered")


def broadcast(binary, env, tmp):
    timing = f"{tmp}/time.txt"
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S", "-o", timing, binary, "broadcast", "--group", "g0",
                        "--data", '{"type":"warm"}', "-o", "json", "--no-progress"],
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit(f"broadcast failed ({p.returncode}): {p.stderr}")
    s = json.loads(p.stdout)
    with open(timing) as f:
        user, system = f.read().split()[-2:]
    return {"seconds": s["seconds"], "delivered": s["delivered"], "rate": s["delivered"] / s["seconds"],
            "cpu": float(user) + float(system)}


if __name__ == "__main__":
    sys.exit(main())
