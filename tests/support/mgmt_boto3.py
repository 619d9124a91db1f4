#!/usr/bin/env python3
"""boto3 as a client of the emulator's Management API. Prints one JSON object per step:
{"step": NAME, "ok": true, ...} or {"step": NAME, "error": <exception class name>, "code": <error code>}.

usage: mgmt_boto3.py --endpoint URL --id ID [--gone-id ID] [--mode basic|limit]
  basic: post "from boto3" to ID, get_connection(ID), post to --gone-id, post 131073 bytes to ID
  limit: post to ID twice at once (run against --rate 1 --burst 1): the second raises LimitExceeded
"""
import argparse
import json
import os

import boto3
from botocore.config import Config

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testlocal")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testlocal")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--gone-id")
    p.add_argument("--mode", default="basic")
    a = p.parse_args()
    # One attempt per call: botocore retries LimitExceededException (a throttling code) otherwise.
    client = boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=a.endpoint,
        region_name="us-east-1",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )

    def step(name, fn):
        try:
            extra = fn() or {}
            out = {"step": name, "ok": True, **extra}
        except client.exceptions.GoneException as e:
            out = {"step": name, "error": "GoneException", "typed": True, "code": e.response["Error"]["Code"]}
        except client.exceptions.PayloadTooLargeException as e:
            out = {"step": name, "error": "PayloadTooLargeException", "typed": True, "code": e.response["Error"]["Code"]}
        except client.exceptions.LimitExceededException as e:
            out = {"step": name, "error": "LimitExceededException", "typed": True, "code": e.response["Error"]["Code"]}
        except client.exceptions.ForbiddenException as e:
            out = {"step": name, "error": "ForbiddenException", "typed": True, "code": e.response["Error"]["Code"]}
        except Exception as e:  # an untyped failure: the test reports it
            out = {"step": name, "error": type(e).__name__, "typed": False, "detail": str(e)}
        print(json.dumps(out), flush=True)

    if a.mode == "basic":
        step("post", lambda: client.post_to_connection(ConnectionId=a.id, Data=b"from boto3") and None)

        def get():
            r = client.get_connection(ConnectionId=a.id)
            return {
                "connectedAt": r["ConnectedAt"].isoformat(),
                "lastActiveAt": r["LastActiveAt"].isoformat(),
                "sourceIp": r["Identity"]["SourceIp"],
            }

        step("get", get)
        step("gone", lambda: client.post_to_connection(ConnectionId=a.gone_id, Data=b"x") and None)
        step("too_large", lambda: client.post_to_connection(ConnectionId=a.id, Data=b"x" * 131073) and None)
    elif a.mode == "limit":
        step("first", lambda: client.post_to_connection(ConnectionId=a.id, Data=b"one") and None)
        step("second", lambda: client.post_to_connection(ConnectionId=a.id, Data=b"two") and None)
    else:
        raise SystemExit(f"unknown mode {a.mode}")


if __name__ == "__main__":
    main()
