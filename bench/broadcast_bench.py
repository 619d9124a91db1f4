#!/usr/bin/env python3
"""Broadcast benchmark (issue 3): `wsctl broadcast` against the two broadcast loops of the seed articles,
on the same emulator and table, in the same run, to live WebSocket clients (`wsctl local swarm`) that count
every message they receive. Writes bench/out/broadcast-results.json and prints a summary; the written
report is bench/REPORT-broadcast.md.

Contenders (each broadcasts one message to group g0, which holds every swarm client):
  - wsctl broadcast --group g0 (release build, default options unless --wsctl-arg is given), on its lean
    Management API path (WSCTL_MANAGEMENT_CLIENT removed from its environment);
  - wsctl-sdk: the same with WSCTL_MANAGEMENT_CLIENT=sdk, the AWS SDK client path of earlier versions (a
    before/after in one run);
  - wsctl-multi: the same with WSCTL_RUNTIME=multi, the multi-threaded runtime of earlier versions (the
    client commands now run on one thread);
  - seed 000: bench/broadcast_seed000.mjs, the AWS SDK for JavaScript v3, chunks of 50 in Promise.all;
  - seed 002: boto3_seed002() below, a sequential post_to_connection loop;
  - the emulator's raw POST throughput: wrk (-t2 -c64, 10 s) POSTing to the live connection ids, as
    tests/emulator_load.rs management_post_throughput does (here over all the swarm's ids).
The seeds are run as written (one Query page: DynamoDB ends a page at 1 MB of rows; seed 000 makes a new client, hence a new keep-alive connection that stays open, per push) and, for a speed
comparison on the whole group, with pagination (and, for seed 000, one shared client): the rounds
seed000-shared-client-paginated and seed002-paginated. The JS ratio in the report uses the former.

Exact per-contender counts: every contender gets a fresh swarm (same emulator, same table), so the
swarm's report (messages, min and max per client of group g0) belongs to that contender alone. Between
rounds the script waits until the emulator holds no connection and its $disconnect deletes have settled,
then deletes (and counts) the rows whose $disconnect delete DynamoDB Local refused.

Throttled rounds: an emulator with --rate/--burst (the Management API's token bucket: 429
LimitExceededException) and a smaller swarm; wsctl (default options, then with --rate set to the limit) and
the seeds as written (one page holds the whole smaller group).

usage: flock /tmp/wsctl-bench.lock .local/venv/bin/python bench/broadcast_bench.py
         [--clients 10000] [--throttled-clients 2000] [--throttle 500:500 --throttle 100:100]
         [--wsctl PATH] [--wsctl-arg=--concurrency=128 ...] [--rounds raw,wsctl,wsctl-sdk,...]
         [--skip-throttled] [--skip-unthrottled] [--seed-timeout 150] [--warmup-rounds]
--wsctl defaults to $WSCTL_BIN, else $CARGO_TARGET_DIR/release/wsctl, else <repo>/target/release/wsctl.
Needs: a release build (cargo build --release --bin wsctl), wrk,
node, tests/js/node_modules with @aws-sdk/client-dynamodb and @aws-sdk/lib-dynamodb (npm install
--prefix tests/js), boto3 (scripts/setup makes .local/venv).
"""
import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3
from benchlib import default_wsctl, wait_file, wait_quiet, write_wrk_post_script
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchlocal")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchlocal")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_REGION", "us-east-1")
GROUP = "g0"
INDEX = "groupId-index"  # the emulator's recorder; seed 000 calls it GroupIdIndex, seed 002 roomId-index


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def group_count(ddb_client, table):
    n, kwargs = 0, {}
    while True:
        page = ddb_client.query(TableName=table, IndexName=INDEX, Select="COUNT",
                                KeyConditionExpression="groupId = :g",
                                ExpressionAttributeValues={":g": {"S": GROUP}}, **kwargs)
        n += page["Count"]
        if "LastEvaluatedKey" not in page:
            return n
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def wait_until(pred, what, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


# ------------------------------------------------------------------------------------------------
# Seed 002 (boto3), as its article's handlers/message.py writes it: one Query on the room GSI, then a
# sequential post_to_connection loop; GoneException -> collect and batch-delete; any other ClientError
# is re-raised (the Lambda aborts). Adapted only in names: the emulator's table keys rows by
# connectionId alone with the group in groupId (GSI groupId-index) where the article has
# connectionId + roomId ("room#NAME", GSI roomId-index). `paginate` follows LastEvaluatedKey, which the
# article does not.

def boto3_seed002(endpoint, ddb_endpoint, table_name, group, message, paginate=False):
    t0 = time.perf_counter()
    dynamodb = boto3.resource("dynamodb", endpoint_url=ddb_endpoint)
    table = dynamodb.Table(table_name)
    apigw = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint)
    stats = {"approach": "seed002-boto3-sequential", "paginate": paginate, "queried": 0, "delivered": 0,
             "gone": 0, "failed": 0, "error": None}
    try:
        kwargs = {}
        connections = []
        while True:
            response = table.query(IndexName=INDEX, KeyConditionExpression=Key("groupId").eq(group), **kwargs)
            connections += response["Items"]
            if not paginate or "LastEvaluatedKey" not in response:
                break
            kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
        stats["queried"] = len(connections)
        stale = []
        payload = json.dumps({"type": "message", "room": group, "userId": "bench", "message": message})
        for conn in connections:
            cid = conn["connectionId"]
            try:
                apigw.post_to_connection(ConnectionId=cid, Data=payload.encode("utf-8"))
                stats["delivered"] += 1
            except ClientError as e:
                if e.response["Error"]["Code"] == "GoneException":
                    stale.append(cid)
                    stats["gone"] += 1
                else:
                    raise
        if stale:
            with table.batch_writer() as batch:
                for cid in stale:
                    batch.delete_item(Key={"connectionId": cid})
    except Exception as e:  # the handler would abort here: record why and after how many posts
        stats["error"] = f"{type(e).__name__}: {e}"
    stats["seconds"] = time.perf_counter() - t0
    return stats


# ------------------------------------------------------------------------------------------------

class Bench:
    def __init__(self, a, tmp):
        self.a = a
        self.tmp = tmp
        self.serve = None
        self.info = None
        self.lost_disconnects = 0

    def start_emulator(self, name, table, extra):
        ready = os.path.join(self.tmp, f"{name}-serve.json")
        self.serve_log = open(os.path.join(self.tmp, f"{name}-serve.log"), "w")
        self.serve = subprocess.Popen([self.a.wsctl, "--table", table, "local", "serve", "--port", "0",
                                       "--ready-file", ready] + extra,
                                      stdout=self.serve_log, stderr=subprocess.STDOUT)
        self.info = wait_file(ready, self.serve)
        self.phase = name
        self.table = self.info["table"]
        self.ddb = boto3.client("dynamodb", endpoint_url=self.info["dynamodb_endpoint"])
        log(f"emulator {name}: {self.info['endpoint']} table {self.table} (DynamoDB {self.info['dynamodb_endpoint']})")

    def stop_emulator(self):
        if self.serve:
            self.serve.terminate()
            try:
                self.serve.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.serve.kill()
                self.serve.wait()
            self.serve = None

    def live(self):
        return get_json(f"http://127.0.0.1:{self.info['port']}/_local/health")["connections"]

    def clean(self):
        """Wait until the emulator holds no connection and its $disconnect deletes settle; delete the rows
        whose delete failed (the recorder does not retry one that DynamoDB Local refused) and count them."""
        wait_until(lambda: self.live() == 0, "the emulator to drop every connection")
        last, stable_since = None, time.time()
        while time.time() - stable_since < 2.0:
            n = group_count(self.ddb, self.table)
            if n != last:
                last, stable_since = n, time.time()
            if n == 0:
                return 0
            time.sleep(0.2)
        table = boto3.resource("dynamodb", endpoint_url=self.info["dynamodb_endpoint"]).Table(self.table)
        kwargs, left = {}, 0
        with table.batch_writer() as bw:
            while True:
                page = table.query(IndexName=INDEX, KeyConditionExpression=Key("groupId").eq(GROUP), **kwargs)
                for item in page["Items"]:
                    bw.delete_item(Key={"connectionId": item["connectionId"]})
                    left += 1
                if "LastEvaluatedKey" not in page:
                    break
                kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        log(f"{self.phase}: {left} rows left behind by failed $disconnect deletes, removed")
        self.lost_disconnects += left
        return left

    def round(self, name, clients, action):
        """A fresh swarm of `clients` in group g0, `action()`, then the swarm's own count."""
        removed_before = self.clean()
        name = f"{self.phase}-{name}"
        ready = os.path.join(self.tmp, f"{name}-swarm-ready.json")
        report = os.path.join(self.tmp, f"{name}-swarm-report.json")
        for f in (ready, report):
            if os.path.exists(f):
                os.remove(f)
        t0 = time.time()
        swarm = subprocess.Popen([self.a.wsctl, "-q", "local", "swarm", "--url", self.info["ws_url"], "-n", str(clients),
                                  "--groups", "1", "--connect-rate", str(self.a.connect_rate),
                                  "--ready-file", ready, "--report", report],
                                 stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.tmp, f"{name}-swarm.log"), "w"))
        try:
            r = wait_file(ready, swarm, timeout=600)
            if r["connected"] != clients:
                raise SystemExit(f"{name}: only {r['connected']} of {clients} swarm clients connected")
            wait_until(lambda: group_count(self.ddb, self.table) == clients, "every client's row")
            log(f"{name}: {clients} clients connected and recorded in {time.time() - t0:.1f}s")
            quiet = wait_quiet([self.serve.pid, swarm.pid])
            load_before = os.getloadavg()[0]
            result = action()
            result["loadavg_1m_before"] = load_before
            result["waited_for_quiet_s"] = round(quiet, 2)
            result["loadavg_1m_after"] = os.getloadavg()[0]
            time.sleep(self.a.settle)  # frames acknowledged by the emulator reach the clients
        finally:
            swarm.send_signal(signal.SIGTERM)
            swarm.wait(timeout=120)
        with open(report) as f:
            rep = json.load(f)
        g = rep["groups"][GROUP]
        result.update(clients=clients, received=g["messages"], stale_rows_removed_before=removed_before, min_per_client=g["min_per_client"],
                      max_per_client=g["max_per_client"], swarm_disconnected_by_server=rep["disconnected_by_server"])
        log(f"{name}: {json.dumps(result)}")
        return result

    # --- contenders --------------------------------------------------------------------------

    def wsctl_env(self):
        env = dict(os.environ, WSCTL_ENDPOINT=self.info["endpoint"],
                   WSCTL_DYNAMODB_ENDPOINT=self.info["dynamodb_endpoint"], WSCTL_TABLE=self.table)
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "WSCTL_MANAGEMENT_CLIENT", "WSCTL_RUNTIME"):
            env.pop(k, None)
        return env

    def run_wsctl(self, message, extra=(), sdk_client=False, runtime=None):
        env = self.wsctl_env()
        if sdk_client:  # the AWS SDK client path of earlier versions, for a before/after
            env["WSCTL_MANAGEMENT_CLIENT"] = "sdk"
        if runtime:  # WSCTL_RUNTIME=multi: the multi-threaded runtime of earlier versions, for a before/after
            env["WSCTL_RUNTIME"] = runtime
        cmd = [self.a.wsctl, "broadcast", "--group", GROUP, "--data", json.dumps({"type": "bench", "message": message}),
               "-o", "json", "--no-progress"] + self.a.wsctl_arg + list(extra)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        with open(os.path.join(self.tmp, f"wsctl-{message}.stderr"), "w") as f:
            f.write(p.stderr)
        if p.returncode not in (0, 5):
            raise SystemExit(f"wsctl broadcast failed ({p.returncode}): {p.stderr}")
        s = json.loads(p.stdout)
        approach = "wsctl-sdk" if sdk_client else f"wsctl-{runtime}" if runtime else "wsctl"
        return {"approach": approach, "exit": p.returncode, "seconds": s["seconds"], "wall_seconds": wall,
                "queried": s["targets"], "delivered": s["delivered"], "gone": s["gone"], "failed": s["failed"],
                "retries": s.get("retries"), "failure_samples": s.get("failure_samples"), "throttled": s.get("throttled"), "final_rate": s.get("final_rate"),
                "error": None, "command": " ".join(cmd[1:4]) + " ... " + " ".join(cmd[5:])}

    def run_seed000(self, message, paginate, shared_client=False):
        cmd = ["node", os.path.join(ROOT, "bench/broadcast_seed000.mjs"), "--endpoint", self.info["endpoint"],
               "--dynamodb-endpoint", self.info["dynamodb_endpoint"], "--table", self.table, "--index", INDEX,
               "--group", GROUP, "--message", message] + (["--paginate"] if paginate else []) + \
            (["--shared-client"] if shared_client else [])
        errlog = os.path.join(self.tmp, f"seed000-{message}.stderr")
        t0 = time.perf_counter()
        timed_out = False
        with open(errlog, "w") as err:
            p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
            try:
                out, _ = p.communicate(timeout=self.a.seed_timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                p.terminate()
                out, _ = p.communicate()
        wall = time.perf_counter() - t0
        try:
            s = json.loads(out.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            with open(errlog) as f:
                tail = f.read()[-1000:]
            why = f"no result after {self.a.seed_timeout:.0f}s (killed)" if timed_out else f"exit {p.returncode}"
            s = {"approach": "seed000-js-v3-chunked", "paginate": paginate, "shared_client": shared_client,
                 "queried": None, "delivered": None, "failed": None, "error": f"{why}: {tail}", "seconds": wall,
                 "timed_out": timed_out}
        s["wall_seconds"] = wall
        return s

    def run_seed002(self, message, paginate):
        t0 = time.perf_counter()
        s = boto3_seed002(self.info["endpoint"], self.info["dynamodb_endpoint"], self.table, GROUP, message, paginate)
        s["wall_seconds"] = time.perf_counter() - t0
        return s

    def run_wrk(self, seconds):
        conns = get_json(f"http://127.0.0.1:{self.info['port']}/_local/connections")["connections"]
        stage = self.info.get("stage", "local")
        lua = os.path.join(self.tmp, "post.lua")
        write_wrk_post_script(lua, stage, [c["connectionId"] for c in conns])
        cmd = ["wrk", "-t2", "-c64", f"-d{seconds}s", "-s", lua, f"http://127.0.0.1:{self.info['port']}"]
        p = subprocess.run(cmd, capture_output=True, text=True)
        vals = {}
        for line in p.stdout.splitlines():
            if line.startswith("WRK_"):
                k, v = line.split()
                vals[k] = int(v)
        total, non2xx = vals.get("WRK_TOTAL", 0), vals.get("WRK_NON2XX", 0)
        return {"approach": "raw-wrk", "seconds": float(seconds), "posts": total, "non2xx": non2xx,
                "socket_errors": vals.get("WRK_SOCKET_ERRORS"), "delivered": total - non2xx,
                "rate": (total - non2xx) / seconds, "ids": len(conns), "wrk_output": p.stdout}


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) // 1024} MiB"
    except OSError:
        pass
    git = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--short", "src"], capture_output=True, text=True).stdout.split("\n")
    return {"git": git, "dirty_src": [l.strip() for l in dirty if l.strip()], "cores": os.cpu_count(), "cpu": cpu, "memory": mem, "kernel": platform.release(),
            "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip(),
            "python": platform.python_version(), "boto3": boto3.__version__}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=10000)
    ap.add_argument("--throttled-clients", type=int, default=2000)
    ap.add_argument("--throttle", action="append", default=None, metavar="RATE:BURST",
                    help="throttled emulator settings (repeatable; default 500:500 and 100:100)")
    ap.add_argument("--connect-rate", type=float, default=1000)
    ap.add_argument("--wrk-seconds", type=int, default=10)
    ap.add_argument("--settle", type=float, default=2.0, help="seconds between a broadcast and the swarm's stop")
    ap.add_argument("--wsctl", default=default_wsctl(),
                    help="release wsctl [default: $WSCTL_BIN, else $CARGO_TARGET_DIR/release/wsctl, else target/release/wsctl]")
    ap.add_argument("--wsctl-arg", action="append", default=[], help="extra broadcast argument (repeatable)")
    ap.add_argument("--skip-throttled", action="store_true")
    ap.add_argument("--skip-unthrottled", action="store_true")
    ap.add_argument("--rounds", help="comma-separated subset of the unthrottled rounds (raw, wsctl, wsctl-sdk, wsctl-multi, "
                    "seed000-shared-client-paginated, seed002-paginated, seed000-as-written, seed002-as-written)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the chosen unthrottled rounds this many times, interleaved (raw, wsctl, ..., raw, "
                         "wsctl, ...), so that the machine's drift touches every contender alike; the summary "
                         "gives each round's median")
    ap.add_argument("--seed-timeout", type=float, default=150, help="seconds before a seed 000 run is killed")
    ap.add_argument("--warmup", type=int, default=1,
                    help="unmeasured wsctl broadcasts before the measured rounds, so that no measured round is "
                         "the first to post")
    ap.add_argument("--warmup-rounds", action="store_true",
                    help="before the measured repeats, run every chosen round once unmeasured (its rows are kept "
                         "under \"warmup_rounds\"), so that no contender's first measured round meets servers that "
                         "have not served its kind of traffic yet")
    ap.add_argument("--results", default=os.path.join(ROOT, "bench/out/broadcast-results.json"))
    a = ap.parse_args()
    a.throttle = a.throttle or ["500:500", "100:100"]
    for tool in ("wrk", "node"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing (apt-get install -y wrk / nodejs)")
    if not os.path.exists(os.path.join(ROOT, "tests/js/node_modules/@aws-sdk/lib-dynamodb/package.json")):
        raise SystemExit("tests/js/node_modules lacks @aws-sdk/lib-dynamodb: run npm install --prefix tests/js")
    if not os.access(a.wsctl, os.X_OK):
        raise SystemExit(f"{a.wsctl}: build it with cargo build --release --bin wsctl (or pass --wsctl)")
    tmp = tempfile.mkdtemp(prefix="wsctl-bcast-bench-")
    log(f"logs in {tmp}")
    results = {"date": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": machine(), "argv": sys.argv[1:],
               "wsctl": a.wsctl, "clients": a.clients, "warmup_broadcasts": a.warmup,
               "unthrottled": [], "throttled": [],
               "throttle": {"settings": a.throttle, "clients": a.throttled_clients}}
    b = Bench(a, tmp)

    def save():
        os.makedirs(os.path.dirname(os.path.abspath(a.results)), exist_ok=True)
        with open(a.results, "w") as f:
            json.dump(results, f, indent=2)

    try:
        if not a.skip_unthrottled:
            # One emulator for the whole unthrottled run; a big per-client buffer so wrk's stream of posts to
            # each id is never refused as a slow consumer (a broadcast sends one frame per client).
            b.start_emulator("main", "bench-broadcast", ["--client-buffer", "100000"])
            rounds = [("raw", lambda: b.run_wrk(a.wrk_seconds)),
                      ("wsctl", lambda: b.run_wsctl("wsctl")),
                      ("wsctl-sdk", lambda: b.run_wsctl("wsctl-sdk", sdk_client=True)),
                      ("wsctl-multi", lambda: b.run_wsctl("wsctl-multi", runtime="multi")),
                      ("seed000-shared-client-paginated", lambda: b.run_seed000("seed000-shared-paginated", True, True)),
                      ("seed002-paginated", lambda: b.run_seed002("seed002-paginated", True)),
                      ("seed000-as-written", lambda: b.run_seed000("seed000-as-written", False)),
                      ("seed002-as-written", lambda: b.run_seed002("seed002-as-written", False))]
            if a.rounds:
                rounds = [r for r in rounds if r[0] in a.rounds.split(",")]
            for i in range(a.warmup):
                b.round(f"warmup-{i + 1}", a.clients, lambda: b.run_wsctl("warmup"))
            if a.warmup_rounds:
                results["warmup_rounds"] = []
                for name, action in rounds:
                    r = b.round(f"{name}-warmup", a.clients, action)
                    r.update(round=name, repeat=0)
                    results["warmup_rounds"].append(r)
                    save()
            for rep in range(a.repeat):
                for name, action in rounds:
                    r = b.round(name if a.repeat == 1 else f"{name}-{rep + 1}", a.clients, action)
                    r.update(round=name, repeat=rep + 1)
                    results["unthrottled"].append(r)
                    save()
            b.stop_emulator()
        if not a.skip_throttled:
            for spec in a.throttle:
                rate, burst = spec.split(":")
                b.start_emulator(f"throttled{rate}", f"bench-broadcast-throttled-{rate}", ["--rate", rate, "--burst", burst])
                rounds = [("wsctl", lambda: b.run_wsctl(f"wsctl-throttled-{rate}")),
                          ("wsctl-with-rate-ceiling", lambda: b.run_wsctl(f"wsctl-ceiling-{rate}", ["--rate", rate])),
                          ("seed000-as-written", lambda: b.run_seed000(f"seed000-throttled-{rate}", False)),
                          ("seed002-as-written", lambda: b.run_seed002(f"seed002-throttled-{rate}", False))]
                for name, action in rounds:
                    time.sleep(float(burst) / float(rate) + 1)  # the token bucket refills between contenders
                    r = b.round(name, a.throttled_clients, action)
                    r.update(round=name, throttle_rate=float(rate), throttle_burst=int(burst))
                    results["throttled"].append(r)
                    save()
                b.stop_emulator()
    finally:
        b.stop_emulator()
        save()
    summarize(results)


def msgs_per_s(r):
    if r["round"] == "raw":
        return r["rate"]
    return r["received"] / r["seconds"] if r["seconds"] else 0.0


def medians(rows):
    """Per round: the run with the median msgs/s (the lower middle one for an even count)."""
    by_round = {}
    for r in rows:
        by_round.setdefault(r["round"], []).append(r)
    out = {}
    for name, runs in by_round.items():
        runs = sorted(runs, key=msgs_per_s)
        out[name] = runs[(len(runs) - 1) // 2]
    return out


def summarize(results):
    rows = results["unthrottled"]
    med = medians(rows)
    raw = med["raw"]["rate"] if "raw" in med else None
    js = med.get("seed000-shared-client-paginated")
    js_rate = js["received"] / js["seconds"] if js and js["seconds"] else None
    print(f"{'round':22} {'seconds':>8} {'wall':>7} {'received/expected':>18} {'msgs/s':>8} {'%raw':>6} {'x js':>6}  error")
    for r in rows:
        if r["round"] == "raw":
            print(f"{'raw (wrk)':22} {r['seconds']:8.2f} {'':>7} {r['received']:>8}/{r['delivered']:<9} {r['rate']:8.0f}")
            continue
        rate = r["received"] / r["seconds"] if r["seconds"] else 0
        pct = f"{100 * rate / raw:5.1f}%" if raw else "-"
        x = f"{rate / js_rate:5.1f}x" if js_rate else "-"
        print(f"{r['round']:22} {r['seconds']:8.2f} {r['wall_seconds']:7.2f} {r['received']:>8}/{r['clients']:<9} "
              f"{rate:8.0f} {pct:>6} {x:>6}  {r.get('error') or ''}")
    if any(r.get("repeat", 1) > 1 for r in rows):
        print("medians over the repeats:")
        for name, r in med.items():
            rate = msgs_per_s(r)
            pct = f"{100 * rate / raw:5.1f}%" if raw and name != "raw" else ""
            runs = sorted(round(msgs_per_s(x)) for x in rows if x["round"] == name)
            print(f"  {name:34} {rate:8.0f} msgs/s {pct:>6}   (runs: {runs})")
    for r in results["throttled"]:
        rate = r["received"] / r["seconds"] if r["seconds"] else 0
        print(f"throttled {r['throttle_rate']:.0f}/s {r['round']:24} {r['seconds']:8.2f} {r['wall_seconds']:7.2f} {r['received']:>8}/{r['clients']:<9} "
              f"{rate:8.0f}  failed={r.get('failed')} {(r.get('error') or '')[:100]}")


if __name__ == "__main__":
    main()
