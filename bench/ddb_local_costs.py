#!/usr/bin/env python3
"""What DynamoDB Local itself spends per operation: the floor under any client's sweep or broadcast.

Starts `wsctl local serve` (which starts DynamoDB Local from .local/dynamodb), creates a table laid out
like the emulator's (PK connectionId; GSIs on userId and groupId, projecting all), and measures the
JVM's CPU seconds (/proc) for: Scan of every row, Query of one group, BatchWriteItem deletes of 25,
and single DeleteItem calls. Every phase runs --rounds times on a fresh fill; the first round warms the
JIT and is reported but left out of the per-item figures.

    cargo build --release --bin wsctl
    .local/venv/bin/python bench/ddb_local_costs.py [--rows 4000] [--rounds 4] [--wsctl PATH]

The client is boto3 in this process; only the server's CPU is counted.
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time

import boto3

from benchlib import default_wsctl, tree_cpu, wait_file


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=4000)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--wsctl", default=default_wsctl(),
                    help="wsctl, whose `local serve` starts DynamoDB Local [default: $WSCTL_BIN, else $CARGO_TARGET_DIR/release/wsctl, else target/release/wsctl]")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="wsctl-ddb-costs-")
    ready = os.path.join(tmp, "serve.json")
    # The emulator starts DynamoDB Local exactly as the benchmarks and tests run it; only its JVM is measured.
    serve = subprocess.Popen([a.wsctl, "--table", "costs-recorder", "local", "serve", "--port", "0",
                              "--ready-file", ready], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=dict(os.environ, AWS_REGION=os.environ.get("AWS_REGION", "us-east-1")))
    try:
        info = wait_file(ready, serve)
        run(a, lambda: tree_cpu(serve.pid).get("java", 0.0), info["dynamodb_endpoint"])
    finally:
        serve.terminate()
        serve.wait(timeout=60)


def run(a, cpu, endpoint):
    kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="local", aws_secret_access_key="local")
    c = boto3.client("dynamodb", **kw)
    name = "costs"
    c.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("connectionId", "userId", "groupId")],
        KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[{"IndexName": f"{n}-index", "KeySchema": [{"AttributeName": n, "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}} for n in ("userId", "groupId")])
    table = boto3.resource("dynamodb", **kw).Table(name)
    phases = {"scan (per row)": [], "query one group (per row)": [], "batch delete of 25 (per row)": [],
              "DeleteItem (per row)": []}
    for rnd in range(a.rounds):
        now = int(time.time())
        with table.batch_writer() as b:
            for i in range(a.rows):
                b.put_item(Item={"connectionId": f"c{rnd}-{i:08d}=", "userId": f"u{i % 1000}", "groupId": "g0",
                                 "connectedAt": now * 1000, "ttl": now + 4 * 3600})
        time.sleep(1.0)  # let the fill's garbage collection pass
        c0, keys, start = cpu(), [], {}
        while True:
            r = c.scan(TableName=name, Limit=1000, **start)
            keys += [i["connectionId"]["S"] for i in r["Items"]]
            if "LastEvaluatedKey" not in r:
                break
            start = {"ExclusiveStartKey": r["LastEvaluatedKey"]}
        phases["scan (per row)"].append((cpu() - c0) / len(keys))
        c0, n, start = cpu(), 0, {}
        while True:
            r = c.query(TableName=name, IndexName="groupId-index", KeyConditionExpression="groupId = :g",
                        ExpressionAttributeValues={":g": {"S": "g0"}}, Limit=1000, **start)
            n += len(r["Items"])
            if "LastEvaluatedKey" not in r:
                break
            start = {"ExclusiveStartKey": r["LastEvaluatedKey"]}
        phases["query one group (per row)"].append((cpu() - c0) / n)
        half = len(keys) * 3 // 4
        batch, single = keys[:half], keys[half:]
        c0 = cpu()
        for i in range(0, len(batch), 25):
            c.batch_write_item(RequestItems={name: [{"DeleteRequest": {"Key": {"connectionId": {"S": k}}}}
                                                    for k in batch[i:i + 25]]})
        phases["batch delete of 25 (per row)"].append((cpu() - c0) / len(batch))
        c0 = cpu()
        for k in single:
            c.delete_item(TableName=name, Key={"connectionId": {"S": k}})
        phases["DeleteItem (per row)"].append((cpu() - c0) / len(single))
    print(f"DynamoDB Local CPU per row, {a.rows} rows, {a.rounds} rounds (first = JIT warm-up):")
    for phase, vals in phases.items():
        warm = vals[1:] or vals
        print(f"  {phase:32} median {statistics.median(warm) * 1e6:7.0f} us   rounds: "
              + ", ".join(f"{v * 1e6:.0f}" for v in vals))


if __name__ == "__main__":
    main()
