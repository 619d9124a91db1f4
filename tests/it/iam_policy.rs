//! `wsctl iam-policy`: the printed policy is valid policy JSON scoped by the flags, needs no AWS
//! credentials or calls, and follows the commands named.

use crate::fixture::wsctl;
use serde_json::Value;

fn policy(args: &[&str]) -> Value {
    let out = wsctl().arg("iam-policy").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "iam-policy {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn statement<'a>(doc: &'a Value, sid: &str) -> Option<&'a Value> {
    doc["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Sid"] == sid)
}

#[test]
fn scoped_policy_without_credentials() {
    // No AWS_* variables and an empty HOME: the command must not need AWS at all.
    let doc = policy(&[
        "push",
        "sweep",
        "--region",
        "eu-west-1",
        "--account",
        "123456789012",
        "--api-id",
        "abc123",
        "--stage",
        "prod",
        "--table",
        "chat-connections",
    ]);
    assert_eq!(doc["Version"], "2012-10-17");
    let table = statement(&doc, "WsctlConnectionsTable").unwrap();
    assert_eq!(
        table["Resource"],
        "arn:aws:dynamodb:eu-west-1:123456789012:table/chat-connections"
    );
    assert_eq!(
        statement(&doc, "WsctlConnectionsTableIndexes").unwrap()["Resource"],
        "arn:aws:dynamodb:eu-west-1:123456789012:table/chat-connections/index/*"
    );
    let mgmt = statement(&doc, "WsctlManageConnections").unwrap();
    assert_eq!(
        mgmt["Resource"],
        serde_json::json!([
            "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/@connections/*",
            "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/@connections/*"
        ])
    );
    assert!(statement(&doc, "WsctlProvisionApi").is_none());
    // -o json prints the same document.
    let out = wsctl()
        .args([
            "iam-policy",
            "push",
            "sweep",
            "-o",
            "json",
            "--region",
            "eu-west-1",
        ])
        .args([
            "--account",
            "123456789012",
            "--api-id",
            "abc123",
            "--stage",
            "prod",
        ])
        .args(["--table", "chat-connections"])
        .output()
        .unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), doc);
}

#[test]
fn every_command_by_default_with_placeholders() {
    let doc = policy(&[]);
    for sid in [
        "WsctlConnectionsTable",
        "WsctlConnectionsTableIndexes",
        "WsctlManageConnections",
        "WsctlProvisionApi",
    ] {
        assert!(statement(&doc, sid).is_some(), "{sid} missing: {doc}");
    }
    assert_eq!(
        statement(&doc, "WsctlConnectionsTable").unwrap()["Resource"],
        "arn:aws:dynamodb:*:*:table/ws-connections"
    );
    let out = wsctl().args(["iam-policy", "provision"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("lambda:AddPermission"));
}

#[test]
fn unknown_command_is_a_usage_error() {
    let out = wsctl().args(["iam-policy", "teleport"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
