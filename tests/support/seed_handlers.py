#!/usr/bin/env python3
"""The $connect/$disconnect Lambda handlers of the seed articles, served over HTTP so the gateway
emulator's --integration can call them. Each writes records exactly as its article's handler does:

  000  PK connectionId; userId, groupId; connectedAt ISO-8601 string; ttl = now + 4 h
       (GSIs UserIdIndex on userId, GroupIdIndex on groupId)
  002  PK connectionId + SK roomId "room#NAME"; userId; connectedAt epoch seconds; ttl = now + 24 h
       (GSI roomId-index on roomId; TTL on ttl). Query params: room, userId.
  003  PK connectionId; domainName, stage; connectedAt epoch milliseconds (no GSI, no TTL)

usage: seed_handlers.py --layout 000|002|003 --table T --dynamodb-endpoint URL --ready-file F
It creates the table (with that seed's key schema and indexes) when missing, then serves on a free
loopback port and writes {"url": ...} to the ready file.
"""
import argparse
import datetime
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
from boto3.dynamodb.conditions import Key

os.environ.setdefault("AWS_ACCESS_KEY_ID", "seedlocal")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "seedlocal")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


def create_table(client, layout, name):
    existing = client.list_tables()["TableNames"]
    if name in existing:
        return
    if layout == "000":
        client.create_table(
            TableName=name,
            AttributeDefinitions=[
                {"AttributeName": "connectionId", "AttributeType": "S"},
                {"AttributeName": "userId", "AttributeType": "S"},
                {"AttributeName": "groupId", "AttributeType": "S"},
            ],
            KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[
                {"IndexName": "UserIdIndex", "KeySchema": [{"AttributeName": "userId", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "ALL"}},
                {"IndexName": "GroupIdIndex", "KeySchema": [{"AttributeName": "groupId", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "ALL"}},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
    elif layout == "002":
        client.create_table(
            TableName=name,
            AttributeDefinitions=[
                {"AttributeName": "connectionId", "AttributeType": "S"},
                {"AttributeName": "roomId", "AttributeType": "S"},
            ],
            KeySchema=[
                {"AttributeName": "connectionId", "KeyType": "HASH"},
                {"AttributeName": "roomId", "KeyType": "RANGE"},
            ],
            GlobalSecondaryIndexes=[
                {"IndexName": "roomId-index", "KeySchema": [{"AttributeName": "roomId", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "ALL"}},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
        client.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"})
    elif layout == "003":
        client.create_table(
            TableName=name,
            AttributeDefinitions=[{"AttributeName": "connectionId", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
    else:
        raise SystemExit(f"unknown layout {layout}")
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})


def make_handler(layout, table, connect_delay=0.0):
    def handle(event):
        result = handle_event(event)
        # A $connect handler that works on after its write (the `$connect` race: the row exists,
        # the connection is not live until the handler returns).
        if connect_delay and event["requestContext"]["eventType"] == "CONNECT":
            time.sleep(connect_delay)
        return result

    def handle_event(event):
        ctx = event["requestContext"]
        connection_id = ctx["connectionId"]
        event_type = ctx["eventType"]
        qs = event.get("queryStringParameters") or {}
        if layout == "000":
            if event_type == "CONNECT":
                table.put_item(Item={
                    "connectionId": connection_id,
                    "userId": qs.get("userId", "anonymous"),
                    "groupId": qs.get("groupId", "lobby"),
                    "connectedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                    "ttl": int(time.time()) + 60 * 60 * 4,
                })
            elif event_type == "DISCONNECT":
                table.delete_item(Key={"connectionId": connection_id})
        elif layout == "002":
            if event_type == "CONNECT":
                room_id = qs.get("room", "general")
                user_id = qs.get("userId", "anonymous")
                table.put_item(Item={
                    "connectionId": connection_id,
                    "roomId": f"room#{room_id}",
                    "userId": user_id,
                    "connectedAt": int(time.time()),
                    "ttl": int(time.time()) + 86400,
                })
            elif event_type == "DISCONNECT":
                response = table.query(KeyConditionExpression=Key("connectionId").eq(connection_id))
                with table.batch_writer() as batch:
                    for item in response["Items"]:
                        batch.delete_item(Key={"connectionId": item["connectionId"], "roomId": item["roomId"]})
        elif layout == "003":
            if event_type == "CONNECT":
                table.put_item(Item={
                    "connectionId": connection_id,
                    "domainName": ctx.get("domainName"),
                    "stage": ctx.get("stage"),
                    "connectedAt": int(time.time() * 1000),
                })
            elif event_type == "DISCONNECT":
                table.delete_item(Key={"connectionId": connection_id})
        return {"statusCode": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            try:
                result = handle(json.loads(body))
                status = result.get("statusCode", 200)
                payload = b"{}"
            except Exception as e:  # a failing handler answers 500, as a failing Lambda would
                status, payload = 500, json.dumps({"message": str(e)}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    return Handler


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--layout", required=True, choices=["000", "002", "003"])
    p.add_argument("--table", required=True)
    p.add_argument("--dynamodb-endpoint", required=True)
    p.add_argument("--ready-file", required=True)
    p.add_argument("--connect-delay", type=float, default=0.0,
                   help="seconds a $connect takes after writing its row")
    a = p.parse_args()
    client = boto3.client("dynamodb", endpoint_url=a.dynamodb_endpoint)
    create_table(client, a.layout, a.table)
    table = boto3.resource("dynamodb", endpoint_url=a.dynamodb_endpoint).Table(a.table)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(a.layout, table, a.connect_delay))
    server.daemon_threads = True
    tmp = a.ready_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"url": f"http://127.0.0.1:{server.server_address[1]}/"}, f)
    os.rename(tmp, a.ready_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
