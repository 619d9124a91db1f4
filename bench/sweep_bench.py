#!/usr/bin/env python3
"""Sweep benchmark: wsctl sweep against a sequential boto3 scan / get_connection / delete loop, on the
same emulator and DynamoDB Local, in the same run, on tables of 20,000 and 100,000 rows of which half are
stale. Writes bench/REPORT-sweep.md (and prints it).

The live half are the emulator's virtual connections (POST /_local/virtual: GetConnection answers 200
for them without a socket; 50,000 real sockets would not fit this machine's 20,000-file limit). The stale
half are rows for connection ids the emulator does not know: GetConnection answers 410, as for a client
whose $disconnect never fired. Rows look like seed 000's (connectedAt now, so the age shortcut does not
apply and every row is probed).

The boto3 loop is sequential and slow; it is time-boxed (--baseline-budget, 15 min by default) per
size: past the budget it stops after the row in hand, and its time for the whole table is extrapolated
from its measured per-row rate (said so in the report). wsctl's peak RSS is measured per run by /usr/bin/time -v
(Maximum resident set size). Correctness is checked by id, not by count: after each sweep the table holds every live
row, and (for a complete pass) no stale one.

Run it alone (other benchmarks would skew it), on a release build:

    CARGO_TARGET_DIR=/work/target-bench cargo build --release --bin wsctl
    flock /tmp/wsctl-bench.lock .local/venv/bin/python bench/sweep_bench.py --sizes 20000,100000 \
        --wsctl /work/target-bench/release/wsctl

Contenders: "wsctl" (the lean Management API path, WSCTL_MANAGEMENT_CLIENT unset) and "wsctl-sdk" (the same
binary with WSCTL_MANAGEMENT_CLIENT=sdk: the AWS SDK client path wsctl used before, for a before/after in one
run), then the boto3 loop. --approaches picks a subset.

usage: bench/sweep_bench.py [--sizes 20000,100000] [--wsctl PATH] [--approaches wsctl,wsctl-sdk,boto3]
                            [--skip-baseline] [--baseline-budget S]
"""
import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3
from benchlib import default_wsctl, tree_cpu, wait_file, wait_quiet

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchlocal")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchlocal")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


def fill(table, live_ids, stale):
    now = int(time.time())
    with table.batch_writer() as b:
        for i, cid in enumerate(live_ids):
            b.put_item(Item={"connectionId": cid, "userId": f"u{i % 1000}", "groupId": f"g{i % 50}",
                             "connectedAt": now * 1000, "ttl": now + 4 * 3600})
        for i in range(stale):
            b.put_item(Item={"connectionId": f"stale{i:010d}=", "userId": f"s{i % 1000}", "groupId": f"g{i % 50}",
                             "connectedAt": now * 1000, "ttl": now + 4 * 3600})


def boto3_sweep(endpoint, ddb_endpoint, table_name, budget):
    """The loop people write by hand: scan, get_connection each row, delete on GoneException.
    Stops once `budget` seconds have passed (complete=False then); returns the rows it settled."""
    mgmt = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint)
    table = boto3.resource("dynamodb", endpoint_url=ddb_endpoint).Table(table_name)
    kwargs = {}
    deleted = alive = 0
    t0 = time.time()
    while True:
        page = table.scan(**kwargs)
        for item in page["Items"]:
            if time.time() - t0 > budget:
                return alive, deleted, False
            try:
                mgmt.get_connection(ConnectionId=item["connectionId"])
                alive += 1
            except mgmt.exceptions.GoneException:
                table.delete_item(Key={"connectionId": item["connectionId"]})
                deleted += 1
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return alive, deleted, True


def table_ids(table):
    """Every connectionId left in the table (consistent read)."""
    ids, kwargs = set(), {"ProjectionExpression": "connectionId", "ConsistentRead": True}
    while True:
        page = table.scan(**kwargs)
        ids.update(i["connectionId"] for i in page["Items"])
        if "LastEvaluatedKey" not in page:
            return ids
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def run_measured(argv, env):
    """Run a child under /usr/bin/time -v; (seconds, returncode, stdout, stderr, peak RSS in KiB,
    CPU seconds). Not this process's wait4: Linux counts the pre-exec image of a forked child in its
    ru_maxrss, and that image is this Python process (boto3 and the id lists: 50 to 90 MB)."""
    with tempfile.TemporaryDirectory() as d:
        tfile = os.path.join(d, "time.txt")
        t0 = time.time()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tfile] + argv, env=env, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL)
        secs = time.time() - t0
        stats = {}
        with open(tfile) as f:
            for line in f:
                k, _, v = line.strip().rpartition(": ")
                stats[k] = v
        cpu = float(stats.get("User time (seconds)", 0)) + float(stats.get("System time (seconds)", 0))
        return secs, p.returncode, p.stdout, p.stderr, int(stats["Maximum resident set size (kbytes)"]), cpu


def machine_busy():
    """Busy CPU seconds of the whole machine so far (every process, not only ours)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (sum(v) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")


def commit():
    try:
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        return f"`{head}`" if head else "unknown"
    except OSError:
        return "unknown"


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Linux {platform.release()}, Python {platform.python_version()}"


def warm(a, endpoint, ddb_ep, port, client, ddb):
    """An unmeasured sweep: the JVM of DynamoDB Local compiles its hot paths during the first large scan
    and deletes; without this the first measured run (wsctl's) pays for it."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}/_local/virtual", data=json.dumps({"count": a.warmup // 2}).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    ids = json.load(urllib.request.urlopen(req))["ids"]
    name = "bench-warmup-sweep"
    client.create_table(TableName=name, KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "connectionId", "AttributeType": "S"}],
                        BillingMode="PAY_PER_REQUEST")
    fill(ddb.Table(name), ids, a.warmup - len(ids))
    env = dict(os.environ, WSCTL_ENDPOINT=endpoint, WSCTL_DYNAMODB_ENDPOINT=ddb_ep, WSCTL_TABLE=name)
    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "WSCTL_MANAGEMENT_CLIENT"):
        env.pop(k, None)
    subprocess.run([a.wsctl, "sweep", "--yes", "-o", "json"], env=env, capture_output=True, check=True)
    client.delete_table(TableName=name)
    print(f"warm-up: {a.warmup} rows swept (not measured)", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="20000,100000")
    ap.add_argument("--wsctl", default=default_wsctl(),
                    help="release wsctl [default: $WSCTL_BIN, else $CARGO_TARGET_DIR/release/wsctl, else target/release/wsctl]")
    ap.add_argument("--approaches", default="wsctl,wsctl-sdk,boto3",
                    help="contenders, in order: wsctl (lean client path), wsctl-sdk (WSCTL_MANAGEMENT_CLIENT=sdk), boto3")
    ap.add_argument("--skip-baseline", action="store_true", help="leave out boto3")
    ap.add_argument("--baseline-budget", type=float, default=900.0,
                    help="seconds the boto3 loop may run per size before it is stopped and extrapolated")
    ap.add_argument("--warmup", type=int, default=0,
                    help="rows of an unmeasured wsctl sweep first, so that DynamoDB Local's JIT is warm for both")
    ap.add_argument("--wsctl-arg", action="append", default=[], help="extra sweep argument for wsctl (repeatable)")
    ap.add_argument("--report", default=os.path.join(ROOT, "bench/REPORT-sweep.md"))
    a = ap.parse_args()
    a.wsctl = os.path.abspath(a.wsctl)
    command = "flock /tmp/wsctl-bench.lock .local/venv/bin/python bench/sweep_bench.py " + " ".join(
        shlex.quote(x) for x in sys.argv[1:])
    tmp = tempfile.mkdtemp(prefix="wsctl-bench-")
    ready = os.path.join(tmp, "ready.json")
    serve = subprocess.Popen([a.wsctl, "local", "serve", "--port", "0", "--table", "bench-warmup", "--ready-file", ready],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    try:
        info = wait_file(ready, serve)
        endpoint, ddb_ep, port = info["endpoint"], info["dynamodb_endpoint"], info["port"]
        ddb = boto3.resource("dynamodb", endpoint_url=ddb_ep)
        client = boto3.client("dynamodb", endpoint_url=ddb_ep)
        if a.warmup > 0:
            warm(a, endpoint, ddb_ep, port, client, ddb)
        for size in [int(s) for s in a.sizes.split(",")]:
            live = size // 2
            stale = size - live
            req = urllib.request.Request(f"http://127.0.0.1:{port}/_local/virtual", data=json.dumps({"count": live}).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
            live_ids = json.load(urllib.request.urlopen(req))["ids"]
            assert len(set(live_ids)) == live
            live_set = set(live_ids)
            approaches = [x for x in a.approaches.split(",") if x and not (a.skip_baseline and x == "boto3")]
            for who in approaches:
                name = f"bench-{who}-{size}"
                client.create_table(TableName=name, KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
                                    AttributeDefinitions=[{"AttributeName": "connectionId", "AttributeType": "S"}],
                                    BillingMode="PAY_PER_REQUEST")
                table = ddb.Table(name)
                t0 = time.time()
                fill(table, live_ids, stale)
                before = table_ids(table)
                assert len(before) == size, f"{name}: filled {len(before)} rows, expected {size}"
                print(f"{name}: filled {size} rows in {time.time() - t0:.1f}s", file=sys.stderr)
                # The servers' work left from the fill (DynamoDB Local's garbage collection) would otherwise
                # land in the contender's measured time; the CPU they spend while we wait is recorded.
                cpu0 = sum(tree_cpu(serve.pid).values())
                quiet = wait_quiet([serve.pid])
                r = {"size": size, "live": live, "stale": stale, "approach": who, "complete": True,
                     "waited_for_quiet_s": round(quiet, 2),
                     "servers_cpu_while_waiting": round(sum(tree_cpu(serve.pid).values()) - cpu0, 2)}
                if who in ("wsctl", "wsctl-sdk"):
                    env = dict(os.environ, WSCTL_ENDPOINT=endpoint, WSCTL_DYNAMODB_ENDPOINT=ddb_ep, WSCTL_TABLE=name)
                    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "WSCTL_MANAGEMENT_CLIENT"):
                        env.pop(k, None)
                    if who == "wsctl-sdk":
                        env["WSCTL_MANAGEMENT_CLIENT"] = "sdk"
                    r["loadavg_1m_before"] = os.getloadavg()[0]
                    srv0, busy0 = tree_cpu(serve.pid), machine_busy()
                    secs, code, out, err, rss_kb, cpu = run_measured([a.wsctl, "sweep", "--yes", "-o", "json"] + a.wsctl_arg, env)
                    srv1, busy1 = tree_cpu(serve.pid), machine_busy()
                    r["emulator_cpu"] = srv1.get("wsctl", 0) - srv0.get("wsctl", 0)
                    r["dynamodb_local_cpu"] = srv1.get("java", 0) - srv0.get("java", 0)
                    r["machine_busy"] = busy1 - busy0
                    if code != 0:
                        raise SystemExit(f"wsctl sweep failed ({code}): {err}")
                    summary = json.loads(out)
                    r.update(seconds=secs, rss_mb=rss_kb / 1024, cpu_seconds=cpu, deleted=summary["deleted"], alive=summary["alive"],
                             errors=summary["errors"], segments=summary["segments"], settled=size)
                elif who == "boto3":
                    t0 = time.time()
                    alive, deleted, complete = boto3_sweep(endpoint, ddb_ep, name, a.baseline_budget)
                    r.update(seconds=time.time() - t0, rss_mb=None, deleted=deleted, alive=alive, errors=0,
                             complete=complete, settled=alive + deleted)
                left = table_ids(table)
                r["live_wrongly_deleted"] = len(live_set - left)
                r["stale_left"] = len(left - live_set)
                # Every row that went was stale, and the summary's count matches the table's.
                r["deleted_correct"] = (r["live_wrongly_deleted"] == 0 and len(before - left) == r["deleted"]
                                        and (not r["complete"] or r["stale_left"] == 0)
                                        and (not r["complete"] or r["alive"] == live))
                r["rows_per_s"] = r["settled"] / r["seconds"] if r["seconds"] > 0 else 0.0
                # The whole table at the measured per-row rate (equal to seconds when complete).
                r["full_seconds"] = r["seconds"] if r["complete"] else size / r["rows_per_s"]
                client.delete_table(TableName=name)
                print(json.dumps(r), file=sys.stderr)
                rows.append(r)
                if not r["deleted_correct"]:
                    raise SystemExit(f"{name}: wrong result: {r}")
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    write_report(a, command, rows)


def write_report(a, command, rows):
    by = {(r["size"], r["approach"]): r for r in rows}
    lines = [
        "# Sweep benchmark (issue 4)",
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M %Z')}, on {machine()}, source at commit {commit()}.",
        "",
        "```",
        command,
        "```",
        "",
        f"wsctl: `{a.wsctl}` ({'release' if '/release/' in a.wsctl else '**not a release**'} build), "
        "`wsctl sweep --yes -o json` with its defaults (segments from the table size, 64 probes in flight). "
        "*wsctl* is the lean Management API path (its own SigV4 signer and HTTP/1.1 client, a connection per worker); *wsctl-sdk* is the same "
        "binary with `WSCTL_MANAGEMENT_CLIENT=sdk`, i.e. the AWS SDK client path of earlier versions (\"before\").",
        "Baseline: a sequential boto3 loop written for this benchmark (`boto3_sweep` in the script): Scan, "
        "`get_connection` per row, `delete_item` on GoneException.",
        f"An unmeasured wsctl sweep of {a.warmup:,} rows runs first (--warmup), so that DynamoDB Local's JIT is "
        "warm for every contender. "
        "All run against one `wsctl local serve` (emulated Management API, plus DynamoDB Local in memory, "
        "which it started), in the same run, one after the other, each on its own freshly filled table, once the "
        "servers are idle after the fill. "
        "Half of each table's rows belong to live connections (the emulator's virtual connections: "
        "GetConnection 200, no socket), half are stale (ids the emulator does not know: 410 Gone). Every "
        "row has connectedAt = now, so wsctl's age shortcut never applies and every row is probed.",
        "",
        "Correctness is checked by id after each sweep: *deleted correct* means every deleted row was "
        "stale, the tool's deleted count matches the table, and (after a complete pass) no stale row is "
        "left and every live row was reported alive. *Live wrongly deleted* must be 0.",
        "",
        "| rows | approach | seconds | rows/s | deleted | deleted correct? | live wrongly deleted | peak RSS (MB) |",
        "|---:|---|---:|---:|---:|---|---:|---:|",
    ]
    notes = []
    for r in rows:
        secs = f"{r['seconds']:.1f}"
        if not r["complete"]:
            secs = f"{r['full_seconds']:.0f} (extrapolated; stopped after {r['seconds']:.0f} s, {r['settled']:,} rows)"
            notes.append(f"- boto3 at {r['size']:,} rows: time-boxed at {a.baseline_budget:.0f} s; it settled "
                         f"{r['settled']:,} of {r['size']:,} rows ({r['alive']:,} alive, {r['deleted']:,} deleted) at "
                         f"{r['rows_per_s']:.0f} rows/s, and the full-table time is size / that rate.")
        rss = f"{r['rss_mb']:.1f}" if r["rss_mb"] is not None else "n/a (in-process)"
        lines.append(f"| {r['size']:,} | {r['approach']} | {secs} | {r['rows_per_s']:,.0f} | {r['deleted']:,} | "
                     f"{'yes' if r['deleted_correct'] else 'NO'} | {r['live_wrongly_deleted']} | {rss} |")
    lines += [""] + notes + ([""] if notes else [])
    lines += ["## Targets", "", "At least 20x faster than the loop, and peak RSS under 64 MB, at both sizes.", "",
              "| rows | wsctl path | speed-up (boto3 / wsctl) | ≥ 20x | wsctl peak RSS (MB) | < 64 MB |",
              "|---:|---|---:|---|---:|---|"]
    for size in sorted({r["size"] for r in rows}):
        for who, label in (("wsctl", "lean (after)"), ("wsctl-sdk", "SDK (before)")):
            w, b = by.get((size, who)), by.get((size, "boto3"))
            if not w:
                continue
            if b:
                sp = b["full_seconds"] / w["seconds"]
                speed = f"{sp:.1f}x" + ("" if b["complete"] else " (extrapolated baseline)")
                ok = "met" if sp >= 20 else "**missed**"
            else:
                speed, ok = "baseline skipped", "-"
            lines.append(f"| {size:,} | {label} | {speed} | {ok} | {w['rss_mb']:.1f} | "
                         f"{'met' if w['rss_mb'] < 64 else '**missed**'} |")
    lines += ["", "wsctl summaries: " + "; ".join(
        f"{r['size']:,} rows: {r['segments']} segments, {r['alive']:,} alive, {r['deleted']:,} deleted, "
        f"{r['errors']} errors, {r['cpu_seconds']:.1f} s CPU ({r['approach']})" for r in rows if r["approach"] != "boto3") + ".", ""]
    lines += ["## Where the time goes (wsctl runs)", "",
              "CPU seconds spent while each wsctl sweep ran: wsctl itself (/usr/bin/time), the emulator and its "
              "DynamoDB Local (/proc), and the whole machine (/proc/stat; it includes anything else running). The "
              f"servers' share alone, spread perfectly over the {os.cpu_count()} cores, is a floor under the sweep's "
              "wall time that no client can beat; 20x needs the wall time under the last column.", "",
              "| rows | approach | wall (s) | wsctl CPU (s) | DynamoDB Local CPU (s) | emulator CPU (s) | machine busy (s) | "
              "servers' floor (s) | 20x needs ≤ (s) |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if r["approach"] == "boto3":
            continue
        b = by.get((r["size"], "boto3"))
        floor = (r["dynamodb_local_cpu"] + r["emulator_cpu"]) / (os.cpu_count() or 1)
        need = f"{b['full_seconds'] / 20:.1f}" if b else "-"
        lines.append(f"| {r['size']:,} | {r['approach']} | {r['seconds']:.1f} | {r['cpu_seconds']:.1f} | {r['dynamodb_local_cpu']:.1f} | "
                     f"{r['emulator_cpu']:.1f} | {r['machine_busy']:.1f} | {floor:.1f} | {need} |")
    lines += ["", "1-minute load average just before each wsctl sweep (2 would mean both cores already busy): " + ", ".join(
        f"{r['size']:,} {r['approach']}: {r['loadavg_1m_before']:.2f}" for r in rows if "loadavg_1m_before" in r) + ".", ""]
    text = "\n".join(lines)
    # Hand-written analysis below the marker survives reruns.
    marker = "<!-- analysis: written by hand, kept across runs -->"
    if os.path.exists(a.report):
        with open(a.report) as f:
            old = f.read()
        if marker in old:
            text += "\n" + old[old.index(marker):]
    with open(a.report, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
