#!/usr/bin/env python3
"""Sweep benchmark: wsctl sweep against a sequential boto3 scan / get_connection / delete loop, on the
same emulator and DynamoDB Local, in the same run, on tables of 20,000 and 100,000 rows of which half are
stale. Writes bench/REPORT-sweep.md (and prints it).

The live half are the emulator's virtual connections (POST /_local/virtual: GetConnection answers 200
for them without a socket; 50,000 real sockets would not fit this machine's 20,000-file limit). The stale
half are rows for connection ids the emulator does not know: GetConnection answers 410, as for a client
whose $disconnect never fired. Rows look like seed 000's (connectedAt now, so the age shortcut does not
apply and every row is probed).

usage: bench/sweep_bench.py [--sizes 20000,100000] [--wsctl target/release/wsctl] [--skip-baseline]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchlocal")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchlocal")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


def wait_file(path, proc, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path):
            try:
                with open(path) as f:
                    return json.load(f)
            except json.JSONDecodeError:
                pass
        if proc.poll() is not None:
            raise SystemExit(f"process exited early: {proc.returncode}")
        time.sleep(0.05)
    raise SystemExit("not ready in time")


def fill(table, live_ids, stale):
    now = int(time.time())
    with table.batch_writer() as b:
        for i, cid in enumerate(live_ids):
            b.put_item(Item={"connectionId": cid, "userId": f"u{i % 1000}", "groupId": f"g{i % 50}",
                             "connectedAt": now * 1000, "ttl": now + 4 * 3600})
        for i in range(stale):
            b.put_item(Item={"connectionId": f"stale{i:010d}=", "userId": f"s{i % 1000}", "groupId": f"g{i % 50}",
                             "connectedAt": now * 1000, "ttl": now + 4 * 3600})


def boto3_sweep(endpoint, ddb_endpoint, table_name):
    """The loop people write by hand: scan, get_connection each row, delete on GoneException."""
    mgmt = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint)
    table = boto3.resource("dynamodb", endpoint_url=ddb_endpoint).Table(table_name)
    kwargs = {}
    deleted = alive = 0
    while True:
        page = table.scan(**kwargs)
        for item in page["Items"]:
            try:
                mgmt.get_connection(ConnectionId=item["connectionId"])
                alive += 1
            except mgmt.exceptions.GoneException:
                table.delete_item(Key={"connectionId": item["connectionId"]})
                deleted += 1
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return alive, deleted


def count(table):
    n, kwargs = 0, {"Select": "COUNT"}
    while True:
        page = table.scan(**kwargs)
        n += page["Count"]
        if "LastEvaluatedKey" not in page:
            return n
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="20000,100000")
    ap.add_argument("--wsctl", default=os.path.join(ROOT, "target/release/wsctl"))
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--report", default=os.path.join(ROOT, "bench/REPORT-sweep.md"))
    a = ap.parse_args()
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
        for size in [int(s) for s in a.sizes.split(",")]:
            live = size // 2
            stale = size - live
            req = urllib.request.Request(f"http://127.0.0.1:{port}/_local/virtual", data=json.dumps({"count": live}).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
            live_ids = json.load(urllib.request.urlopen(req))["ids"]
            result = {"size": size, "live": live, "stale": stale}
            for who in (["wsctl"] if a.skip_baseline else ["wsctl", "boto3"]):
                name = f"bench-{who}-{size}"
                client.create_table(TableName=name, KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
                                    AttributeDefinitions=[{"AttributeName": "connectionId", "AttributeType": "S"}],
                                    BillingMode="PAY_PER_REQUEST")
                table = ddb.Table(name)
                t0 = time.time()
                fill(table, live_ids, stale)
                print(f"{name}: filled {size} rows in {time.time() - t0:.1f}s", file=sys.stderr)
                if who == "wsctl":
                    env = dict(os.environ, WSCTL_ENDPOINT=endpoint, WSCTL_DYNAMODB_ENDPOINT=ddb_ep, WSCTL_TABLE=name)
                    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
                        env.pop(k, None)
                    t0 = time.time()
                    p = subprocess.run([a.wsctl, "sweep", "--yes", "-o", "json"],
                                       env=env, capture_output=True, text=True)
                    secs = time.time() - t0
                    if p.returncode != 0:
                        raise SystemExit(f"wsctl sweep failed: {p.stderr}")
                    summary = json.loads(p.stdout)
                    # Peak RSS of the largest child waited for so far: only wsctl sweep runs are waited for.
                    rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                    result.update(wsctl_seconds=secs, wsctl_rss_mb=rss_kb / 1024, wsctl_deleted=summary["deleted"],
                                  wsctl_alive=summary["alive"], wsctl_segments=summary["segments"])
                else:
                    t0 = time.time()
                    alive, deleted = boto3_sweep(endpoint, ddb_ep, name)
                    result.update(boto3_seconds=time.time() - t0, boto3_deleted=deleted, boto3_alive=alive)
                left = count(table)
                assert left == live, f"{who}: {left} rows left, expected {live}"
                result[f"{who}_left"] = left
                client.delete_table(TableName=name)
            print(json.dumps(result), file=sys.stderr)
            rows.append(result)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    lines = [
        "# Sweep benchmark",
        "",
        f"Run: `bench/sweep_bench.py --sizes {a.sizes}` on {time.strftime('%Y-%m-%d')}, this machine (2 cores), release build,",
        "one `wsctl local serve` (which started DynamoDB Local in memory) shared by both contenders in the same run.",
        "Half of each table's rows belong to live (virtual) connections, half are stale (GetConnection answers 410).",
        "Both sweeps must leave exactly the live rows; the script checks it.",
        "",
        "| rows | wsctl sweep (s) | wsctl peak RSS (MB) | boto3 loop (s) | speed-up | rows left (wsctl / boto3) |",
        "|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        b = r.get("boto3_seconds")
        lines.append(
            f"| {r['size']:,} | {r['wsctl_seconds']:.1f} | {r['wsctl_rss_mb']:.1f} | "
            f"{'%.1f' % b if b else 'skipped'} | {('%.1fx' % (b / r['wsctl_seconds'])) if b else '-'} | "
            f"{r.get('wsctl_left')} / {r.get('boto3_left', '-')} |"
        )
    lines += ["", "Targets (issue 4): at least 20x faster than the loop, peak RSS under 64 MB at both sizes.", ""]
    text = "\n".join(lines)
    with open(a.report, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
