#!/usr/bin/env python3
"""Latency benchmark (issue 21): wsctl with default flags at AWS-like round trips and account limits.

One emulator (`wsctl local serve`, release build, its own DynamoDB Local) holds virtual connections
(`POST /_local/virtual`: live for the Management API, no socket) and rows for them written here with boto3
(virtual connections have none): 100,000 rows, the first 50,000 in group n50000; a broadcast to 50,000
is `broadcast --group n50000`, to 100,000 `broadcast --all` (the table holds exactly those). For each
account limit (--limits, RATE:BURST) and round trip (--rtts, ms) the emulator's network model is set with
`POST /_local/network` (what `--latency`, `--rate` and `--burst` set at start), then:

  - `wsctl broadcast --group nN` with default flags, under /usr/bin/time -v (CPU, peak RSS); every
    message must be delivered once (the emulator counts virtual messages) and every 429 retried;
  - seed 000's broadcaster (bench/broadcast_seed000.mjs: JS SDK v3, chunks of 50 in Promise.all, one
    shared client, paginated), for N = --seed-sizes only (it is slow at a long round trip);
  - a sweep of --sweep-rows rows, half stale (ids the emulator never knew, connected an hour ago: older
    than the 60 s grace) and half live virtual connections, in a table of its own: the sequential boto3
    loop (scan, get_connection, delete_item on GoneException) stopped after --baseline-budget seconds
    and extrapolated (the stale rows it deleted are written back), then `wsctl sweep --yes` with default
    flags; the stale rows are written again before the next round trip.

Ideal time of a broadcast: max(N - burst, 0) / rate (the bucket starts full). Share of the limit:
ideal / measured seconds.

usage: flock /tmp/wsctl-bench.lock .local/venv/bin/python bench/latency_bench.py
         [--rtts 1,20,80] [--limits 10000:5000,50000:5000] [--sizes 50000,100000]
         [--seed-sizes 50000] [--sweep-rows 100000] [--baseline-budget 20] [--wsctl PATH]
         [--compare LABEL=PATH,...] [--repeat N]
`--compare` runs every broadcast with other wsctl builds too, back to back on the same emulator (the
transport comparison of issue 20: build an older commit with `git worktree add` and
`CARGO_TARGET_DIR=... cargo build --release`).
Writes raw results to bench/out/latency-results.json and prints the report's tables (Markdown);
`--tables FILE` prints them again from a results file.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import boto3
from benchlib import RigMeter, default_wsctl, wait_file

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchlocal")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchlocal")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_REGION", "us-east-1")
TABLE = "latency-bench"


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def post_json(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)


def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def put_rows(table_name, ddb_endpoint, rows, threads=8):
    """Batch-write `rows` (dicts) with `threads` boto3 writers."""
    def work(part):
        table = boto3.resource("dynamodb", endpoint_url=ddb_endpoint).Table(table_name)
        with table.batch_writer() as b:
            for r in part:
                b.put_item(Item=r)
    parts = [rows[i::threads] for i in range(threads)]
    ts = [threading.Thread(target=work, args=(p,)) for p in parts]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def row(cid, group, connected_ms):
    now = int(time.time())
    return {"connectionId": cid, "groupId": group, "userId": f"u-{cid}", "connectedAt": connected_ms,
            "ttl": now + 4 * 3600}


def run_measured(argv, env):
    """(seconds, returncode, stdout, stderr, peak RSS MiB, CPU seconds) of a child under /usr/bin/time -v."""
    with tempfile.TemporaryDirectory() as d:
        tfile = os.path.join(d, "time.txt")
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tfile] + argv, env=env, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL)
        secs = time.perf_counter() - t0
        stats = {}
        with open(tfile) as f:
            for line in f:
                k, _, v = line.strip().rpartition(": ")
                stats[k] = v
        cpu = float(stats.get("User time (seconds)", 0)) + float(stats.get("System time (seconds)", 0))
        rss = int(stats.get("Maximum resident set size (kbytes)", 0)) / 1024
        return secs, p.returncode, p.stdout, p.stderr, rss, cpu


class Bench:
    def __init__(self, a, info, emulator_pid):
        self.a, self.info, self.emulator_pid = a, info, emulator_pid
        self.base = f"http://127.0.0.1:{info['port']}"
        self.sweep_live = None
        self.hour_ago = int(time.time() * 1000) - 3600 * 1000

    def env(self, table=TABLE):
        env = dict(os.environ, WSCTL_ENDPOINT=self.info["endpoint"], WSCTL_TABLE=table,
                   WSCTL_DYNAMODB_ENDPOINT=self.info["dynamodb_endpoint"])
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "WSCTL_MANAGEMENT_CLIENT", "WSCTL_CONCURRENCY"):
            env.pop(k, None)
        return env

    def network(self, rtt_ms, rate, burst):
        post_json(f"{self.base}/_local/network", {"latency_ms": rtt_ms, "jitter_ms": 0, "rate": rate, "burst": burst})

    def virtual_messages(self):
        return get_json(f"{self.base}/_local/health")["virtual_messages"]

    def broadcast(self, n, rtt, rate, burst, everyone, build=None):
        """`build`: another wsctl binary to run instead of --wsctl (--compare); None for --wsctl."""
        self.network(rtt, rate, burst)
        before = self.virtual_messages()
        audience = ["--all"] if everyone else ["--group", f"n{n}"]
        with RigMeter(self.emulator_pid) as rig:
            secs, code, out, err, rss, cpu = run_measured(
                [build or self.a.wsctl, "broadcast", "--yes"] + audience + ["--data", "bench", "-o", "json", "--no-progress"],
                self.env())
        if code != 0:
            raise SystemExit(f"wsctl broadcast failed ({code}): {err[-2000:]}")
        s = json.loads(out)
        received = self.virtual_messages() - before
        ideal = max(n - burst, 0) / rate
        return {"approach": "wsctl", "build": build or self.a.wsctl, "audience": audience[-1], "n": n, "rtt_ms": rtt, "rate": rate, "burst": burst,
                "seconds": round(secs, 2), "engine_seconds": round(s["seconds"], 2), "ideal_s": round(ideal, 2),
                "share_of_limit": round(ideal / secs, 3) if ideal > 0 else None, "msgs_per_s": round(n / secs),
                "delivered": s["delivered"], "received_by_emulator": received, "failed": s["failed"],
                "throttled_429": s["throttled"], "retries": s["retries"],
                "concurrency_reached": s["concurrency_reached"], "final_concurrency": s["final_concurrency"],
                "cpu_us_per_msg": round(cpu * 1e6 / n, 1), "peak_rss_mb": round(rss, 1), **rig.figures()}

    def seed000(self, n, rtt, rate, burst):
        self.network(rtt, rate, burst)
        before = self.virtual_messages()
        cmd = ["node", os.path.join(ROOT, "bench/broadcast_seed000.mjs"), "--endpoint", self.info["endpoint"],
               "--dynamodb-endpoint", self.info["dynamodb_endpoint"], "--table", TABLE, "--group", f"n{n}",
               "--message", "bench", "--paginate", "--shared-client"]
        with RigMeter(self.emulator_pid) as rig:
            secs, code, out, err, rss, cpu = run_measured(cmd, dict(os.environ))
        line = (out.strip().splitlines() or ["{}"])[-1]
        try:
            s = json.loads(line)
        except json.JSONDecodeError:
            s = {"error": err[-500:]}
        received = self.virtual_messages() - before
        ideal = max(n - burst, 0) / rate
        return {"approach": "seed000-js-v3-chunks-of-50", "n": n, "rtt_ms": rtt, "rate": rate, "burst": burst,
                "seconds": round(secs, 2), "ideal_s": round(ideal, 2),
                "share_of_limit": round(ideal / secs, 3) if ideal > 0 else None,
                "msgs_per_s": round(received / secs), "received_by_emulator": received,
                "failed": s.get("failed"), "summary": s, "cpu_us_per_msg": round(cpu * 1e6 / n, 1),
                "peak_rss_mb": round(rss, 1), **rig.figures()}

    def sweep_rows(self, name, rows):
        """The sweep's table: created with its live half on the first call; its stale half written (again)
        on every call."""
        if self.sweep_live is None:
            client = boto3.client("dynamodb", endpoint_url=self.info["dynamodb_endpoint"])
            client.create_table(TableName=name, KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
                                AttributeDefinitions=[{"AttributeName": "connectionId", "AttributeType": "S"}],
                                BillingMode="PAY_PER_REQUEST")
            self.sweep_live = post_json(f"{self.base}/_local/virtual", {"count": rows // 2})["ids"]
            put_rows(name, self.info["dynamodb_endpoint"], [row(c, "live", self.hour_ago) for c in self.sweep_live])
        put_rows(name, self.info["dynamodb_endpoint"], [row(c, "stale", self.hour_ago) for c in self.stale_ids(rows)])

    def stale_ids(self, rows):
        return [f"stale{i:09d}AB=" for i in range(rows - rows // 2)]

    def sweep(self, rows, rtt, rate, burst):
        name = "latency-bench-sweep"
        t0 = time.time()
        self.sweep_rows(name, rows)
        log(f"sweep table ready in {time.time() - t0:.0f}s")
        self.network(rtt, rate, burst)
        baseline, gone = self.boto3_sweep(name, rows, rtt, rate, burst)
        put_rows(name, self.info["dynamodb_endpoint"], [row(c, "stale", self.hour_ago) for c in gone])
        self.network(rtt, rate, burst)
        with RigMeter(self.emulator_pid) as rig:
            secs, code, out, err, rss, cpu = run_measured([self.a.wsctl, "sweep", "--yes", "-o", "json"], self.env(name))
        if code != 0:
            raise SystemExit(f"wsctl sweep failed ({code}): {err[-2000:]}")
        s = json.loads(out)
        left = self.count_rows(name)
        ideal = max(rows - burst, 0) / rate
        wsctl = {"approach": "wsctl sweep", "rows": rows, "rtt_ms": rtt, "rate": rate, "burst": burst,
                 "seconds": round(secs, 2), "ideal_s": round(ideal, 2),
                 "share_of_limit": round(ideal / secs, 3) if ideal > 0 else None,
                 "rows_per_s": round(rows / secs), "alive": s["alive"], "deleted": s["deleted"],
                 "errors": s["errors"], "throttled_429": s["throttled"],
                 "concurrency_reached": s["concurrency_reached"], "rows_left": left,
                 "cpu_us_per_row": round(cpu * 1e6 / rows, 1), "peak_rss_mb": round(rss, 1), **rig.figures()}
        return [wsctl, baseline]

    def count_rows(self, name):
        client = boto3.client("dynamodb", endpoint_url=self.info["dynamodb_endpoint"])
        n, kwargs = 0, {}
        while True:
            page = client.scan(TableName=name, Select="COUNT", ConsistentRead=True, **kwargs)
            n += page["Count"]
            if "LastEvaluatedKey" not in page:
                return n
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def boto3_sweep(self, name, rows, rtt, rate, burst):
        mgmt = boto3.client("apigatewaymanagementapi", endpoint_url=self.info["endpoint"])
        table = boto3.resource("dynamodb", endpoint_url=self.info["dynamodb_endpoint"]).Table(name)
        kwargs, alive, deleted, throttled, gone = {}, 0, 0, 0, []
        t0 = time.perf_counter()
        complete = True
        while complete:
            page = table.scan(**kwargs)
            for item in page["Items"]:
                if time.perf_counter() - t0 > self.a.baseline_budget:
                    complete = False
                    break
                try:
                    mgmt.get_connection(ConnectionId=item["connectionId"])
                    alive += 1
                except mgmt.exceptions.GoneException:
                    table.delete_item(Key={"connectionId": item["connectionId"]})
                    deleted += 1
                    gone.append(item["connectionId"])
                except mgmt.exceptions.LimitExceededException:
                    throttled += 1
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        secs = time.perf_counter() - t0
        settled = alive + deleted
        est = secs * rows / settled if settled else None
        ideal = max(rows - burst, 0) / rate
        return {"approach": "boto3 sequential loop", "rows": rows, "rtt_ms": rtt, "rate": rate, "burst": burst,
                "seconds": round(secs, 2), "complete": complete, "settled": settled,
                "estimated_seconds_for_all": round(est, 1) if est else None, "ideal_s": round(ideal, 2),
                "share_of_limit": round(ideal / est, 3) if est and ideal > 0 else None,
                "rows_per_s": round(settled / secs) if secs else 0, "alive": alive, "deleted": deleted,
                "throttled_429": throttled}, gone


def cpu_model():
    """The machine's CPU, as /proc/cpuinfo names it: CPU µs per message differ between machines."""
    with open("/proc/cpuinfo") as f:
        return next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "unknown")


def tables(results):
    """The report's tables (Markdown) from the raw results."""
    def f(v, fmt="{:,}"):
        return "n/a" if v is None else fmt.format(v)

    def rig(r):
        if "machine_busy_cores" not in r:
            return "n/a"
        dropped, best = r.get("listen_overflows"), rig_best(r)
        return (f"{r['machine_busy_cores']:.2f} of {results.get('nproc', '?')}, "
                f"{r['emulator_cpu_s']:.1f} / {r['dynamodb_local_cpu_s']:.1f}"
                + (f", best {best:.0%}" if best is not None else "")
                + (f", **{dropped:,} connections dropped (full accept queue)**" if dropped else ""))

    def rig_best(r):
        """The best share of the limit this machine allows the run: the CPU seconds wsctl, the emulator
        and DynamoDB Local spent, spread perfectly over every core, against the ideal time."""
        if r.get("approach") != "wsctl" or not r.get("ideal_s"):
            return None
        spent = r["cpu_us_per_msg"] * r["n"] / 1e6 + r["emulator_cpu_s"] + r["dynamodb_local_cpu_s"]
        return min(1.0, r["ideal_s"] / (spent / (results.get("nproc") or 1)))
    out = ["| limit (rate/burst) | RTT | N | approach | seconds | ideal | share of limit | msgs/s | received | "
           "429s | concurrency reached / final | CPU µs/msg | peak RSS MB | rig: busy cores, emulator / DynamoDB Local CPU s, best share it allows |",
           "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results["broadcast"]:
        wsctl = r["approach"] == "wsctl"
        build = f" ({r['build_label']})" if r.get("build_label") else ""
        out.append(f"| {r['rate']:,}/{r['burst']:,} | {r['rtt_ms']} ms | {r['n']:,} | "
                   f"{'wsctl broadcast ' + r['audience'] + build if wsctl else 'seed 000 (JS v3, chunks of 50)'} | "
                   f"{r['seconds']:.2f} | {r['ideal_s']:.2f} | {f(r['share_of_limit'], '{:.0%}')} | "
                   f"{r['msgs_per_s']:,} | {r['received_by_emulator']:,} | {f(r.get('throttled_429'))} | "
                   f"{str(r['concurrency_reached']) + ' / ' + str(r['final_concurrency']) if wsctl else '50 (fixed)'} | "
                   f"{r['cpu_us_per_msg']} | {r['peak_rss_mb']} | {rig(r)} |")
    out += ["", "| limit | RTT | rows | approach | seconds | ideal | share of limit | rows/s | alive | deleted | 429s | "
            "concurrency reached | CPU µs/row | peak RSS MB | rig: busy cores, emulator / DynamoDB Local CPU s |",
            "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results["sweep"]:
        wsctl = r["approach"] == "wsctl sweep"
        secs = f"{r['seconds']:.2f}" if wsctl else f"{r['estimated_seconds_for_all']:,} (est.; {r['settled']:,} rows in {r['seconds']:.0f} s)"
        out.append(f"| {r['rate']:,}/{r['burst']:,} | {r['rtt_ms']} ms | {r['rows']:,} | {r['approach']} | {secs} | "
                   f"{r['ideal_s']:.2f} | {f(r['share_of_limit'], '{:.1%}')} | {r['rows_per_s']:,} | {r['alive']:,} | "
                   f"{r['deleted']:,} | {r['throttled_429']} | {r.get('concurrency_reached', 1)} | "
                   f"{r.get('cpu_us_per_row', 'n/a')} | {r.get('peak_rss_mb', 'n/a')} | {rig(r)} |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wsctl", default=default_wsctl())
    ap.add_argument("--rtts", default="1,20,80")
    ap.add_argument("--limits", default="10000:5000,50000:5000")
    ap.add_argument("--sizes", default="50000,100000")
    ap.add_argument("--seed-sizes", default="50000")
    ap.add_argument("--seed-limits", default="10000:5000")
    ap.add_argument("--seed-rtts", default="1,20,80")
    ap.add_argument("--sweep-rows", type=int, default=100000)
    ap.add_argument("--sweep-limits", default="10000:5000")
    ap.add_argument("--sweep-rtts", default="1,20,80")
    ap.add_argument("--baseline-budget", type=float, default=20.0)
    ap.add_argument("--compare", default="", metavar="LABEL=PATH,...",
                    help="other wsctl builds to run each broadcast with too, back to back with --wsctl "
                         "on the same emulator (e.g. an older commit's release build)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each broadcast (and of each build)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/out/latency-results.json"))
    ap.add_argument("--tables", metavar="RESULTS_JSON", help="print the tables of earlier results and exit")
    a = ap.parse_args()
    if a.tables:
        with open(a.tables) as f:
            print(tables(json.load(f)))
        return
    a.wsctl = os.path.abspath(a.wsctl)
    builds = [(None, None)] + [(label, os.path.abspath(path)) for label, _, path in
                               (x.partition("=") for x in a.compare.split(",") if x)]
    if len(builds) > 1:
        builds[0] = ("this build", None)
    rtts = [int(x) for x in a.rtts.split(",") if x]
    limits = [tuple(int(v) for v in x.split(":")) for x in a.limits.split(",") if x]
    sizes = [int(x) for x in a.sizes.split(",") if x]
    seed_sizes = [int(x) for x in a.seed_sizes.split(",") if x]
    seed_limits = [tuple(int(v) for v in x.split(":")) for x in a.seed_limits.split(",") if x]
    sweep_limits = [tuple(int(v) for v in x.split(":")) for x in a.sweep_limits.split(",") if x]
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="wsctl-latency-bench-")
    ready = os.path.join(tmp, "ready.json")
    serve = subprocess.Popen([a.wsctl, "--table", TABLE, "local", "serve", "--port", "0", "--ready-file", ready],
                             stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "serve.log"), "w"))
    results = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "argv": sys.argv[1:],
               "nproc": os.cpu_count(), "cpu_model": cpu_model(), "loadavg_start": os.getloadavg(),
               "broadcast": [], "sweep": []}

    def save():
        results["loadavg_end"] = os.getloadavg()
        with open(a.out, "w") as f:
            json.dump(results, f, indent=1)
    try:
        info = wait_file(ready, serve)
        b = Bench(a, info, serve.pid)
        log("emulator ready", info["endpoint"])
        ids = post_json(f"{b.base}/_local/virtual", {"count": max(sizes)})["ids"]
        now_ms = int(time.time() * 1000) - 3600 * 1000
        small = min(sizes)
        rows = [row(c, f"n{small}" if i < small else "rest", now_ms) for i, c in enumerate(ids)]
        t0 = time.time()
        put_rows(TABLE, info["dynamodb_endpoint"], rows)
        log(f"wrote {len(rows)} rows in {time.time() - t0:.0f}s")
        # One unmeasured broadcast: DynamoDB Local's first Query of a group is slow (JVM warm-up).
        b.broadcast(small, 1, 1_000_000, 1_000_000, False)
        for rate, burst in limits:
            for rtt in rtts:
                for n in sizes:
                    for _ in range(a.repeat):
                        for label, build in builds:
                            r = b.broadcast(n, rtt, rate, burst, n == max(sizes) and n != small, build)
                            r["build_label"] = label
                            r["loadavg_1m"] = os.getloadavg()[0]
                            log(json.dumps(r))
                            results["broadcast"].append(r)
                            save()
                if (rate, burst) in seed_limits and str(rtt) in a.seed_rtts.split(","):
                    for n in seed_sizes:
                        r = b.seed000(n, rtt, rate, burst)
                        log(json.dumps(r))
                        results["broadcast"].append(r)
                        save()
        for rate, burst in sweep_limits:
            for rtt in [int(x) for x in a.sweep_rtts.split(",") if x]:
                for r in b.sweep(a.sweep_rows, rtt, rate, burst):
                    log(json.dumps(r))
                    results["sweep"].append(r)
                    save()
    finally:
        save()
        serve.send_signal(2)
        try:
            serve.wait(timeout=20)
        except subprocess.TimeoutExpired:
            serve.kill()
    print(tables(results))


if __name__ == "__main__":
    main()
