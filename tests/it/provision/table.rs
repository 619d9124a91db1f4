//! `wsctl provision table` on DynamoDB Local: from nothing, unchanged on a second run,
//! `--dry-run` and `--check`, a missing group GSI added to a table that holds items (none lost),
//! billing converged, and drift wsctl refuses to repair (another key schema, TTL on another attribute).

use std::process::{Command, Output};

use crate::fixture::{hermetic, repo_root, unique_table, wsctl, LazyDynamoDb};

/// This module's own DynamoDB Local: its tests add indexes to tables that hold items, and on the
/// binary's shared instance, busy with every other module's tables, such an index was once seen to
/// stay CREATING for over 7 minutes (DynamoDB Local backfills in the background). One instance per
/// module, as when each area was its own test binary.
fn dynamodb_endpoint() -> String {
    static DDB: LazyDynamoDb = LazyDynamoDb::new();
    DDB.endpoint()
}
use serde_json::{json, Value};

fn provision(table: &str, extra: &[&str]) -> Output {
    wsctl()
        .args([
            "provision",
            "table",
            "--dynamodb-endpoint",
            &dynamodb_endpoint(),
        ])
        .args(["--table", table])
        .args(extra)
        .output()
        .unwrap()
}

/// `provision table ... -o json`, expecting exit `code`.
/// Applying runs get `--yes`, as in CI: changes to what exists are confirmed first (the refusal is
/// tested in `billing_converges_in_place`).
fn provision_json(table: &str, extra: &[&str], code: i32) -> Value {
    let mut args = extra.to_vec();
    if !["--dry-run", "--check", "--yes"]
        .iter()
        .any(|f| args.contains(f))
    {
        args.push("--yes");
    }
    args.extend(["-o", "json"]);
    let out = provision(table, &args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "provision table {table} {args:?}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The AWS CLI (another client) against the same DynamoDB Local.
fn aws(args: &[&str]) -> (bool, Value) {
    let mut cmd = Command::new(repo_root().join(".local/venv/bin/aws"));
    hermetic(&mut cmd);
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(args)
        .args(["--endpoint-url", &dynamodb_endpoint(), "--output", "json"]);
    let out = cmd
        .output()
        .expect("the AWS CLI in .local/venv (run scripts/setup)");
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.success(), v)
}

fn describe(table: &str) -> Value {
    let (ok, v) = aws(&["dynamodb", "describe-table", "--table-name", table]);
    assert!(ok, "describe-table {table}");
    v["Table"].clone()
}

fn action(report: &Value, kind: &str, name: &str) -> String {
    report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind && r["name"] == name)
        .unwrap_or_else(|| panic!("no {kind} {name} in {report}"))["action"]
        .as_str()
        .unwrap()
        .to_string()
}

fn all_unchanged(report: &Value) -> bool {
    report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["action"] == "unchanged")
}

fn gsi<'a>(desc: &'a Value, name: &str) -> Option<&'a Value> {
    desc["GlobalSecondaryIndexes"]
        .as_array()?
        .iter()
        .find(|g| g["IndexName"] == name)
}

#[test]
fn table_from_nothing_then_unchanged() {
    let table = unique_table("prov");

    // Dry run: a plan of creations, and no table.
    let plan = provision_json(&table, &["--dry-run"], 0);
    assert_eq!(plan["mode"], "dry-run");
    assert_eq!(action(&plan, "table", &table), "create");
    assert_eq!(action(&plan, "index", "groupId-index"), "create");
    let (exists, _) = aws(&["dynamodb", "describe-table", "--table-name", &table]);
    assert!(!exists, "--dry-run created the table");
    // --check on nothing: everything differs.
    provision_json(&table, &["--check"], 6);

    let first = provision_json(&table, &[], 0);
    assert_eq!(first["applied"], true);
    for (kind, name) in [
        ("table", table.as_str()),
        ("index", "userId-index"),
        ("index", "groupId-index"),
        ("ttl", "ttl"),
    ] {
        assert_eq!(action(&first, kind, name), "create");
    }
    let d = describe(&table);
    assert_eq!(d["TableStatus"], "ACTIVE");
    assert_eq!(
        d["KeySchema"],
        json!([{"AttributeName": "connectionId", "KeyType": "HASH"}])
    );
    assert_eq!(d["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
    for (ix, attr) in [("userId-index", "userId"), ("groupId-index", "groupId")] {
        let g = gsi(&d, ix).unwrap_or_else(|| panic!("no {ix}"));
        assert_eq!(g["KeySchema"][0]["AttributeName"], attr);
        assert_eq!(g["Projection"]["ProjectionType"], "ALL");
        assert_eq!(g["IndexStatus"], "ACTIVE");
    }
    let (_, ttl) = aws(&["dynamodb", "describe-time-to-live", "--table-name", &table]);
    assert_eq!(ttl["TimeToLiveDescription"]["AttributeName"], "ttl");
    assert_eq!(ttl["TimeToLiveDescription"]["TimeToLiveStatus"], "ENABLED");

    // Again: nothing to do; --check agrees.
    let second = provision_json(&table, &[], 0);
    assert!(all_unchanged(&second), "{second}");
    assert_eq!(second["in_sync"], true);
    let check = provision_json(&table, &["--check"], 0);
    assert!(all_unchanged(&check));

    // People get a table and a summary line.
    let out = provision(&table, &["--check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("groupId-index") && text.contains("in sync"),
        "{text}"
    );
}

#[test]
fn missing_group_index_is_added_without_losing_items() {
    let table = unique_table("prov-gsi");
    let (ok, _) = aws(&[
        "dynamodb",
        "create-table",
        "--table-name",
        &table,
        "--key-schema",
        "AttributeName=connectionId,KeyType=HASH",
        "--attribute-definitions",
        "AttributeName=connectionId,AttributeType=S",
        "--billing-mode",
        "PAY_PER_REQUEST",
    ]);
    assert!(ok);
    let items: Vec<Value> = (0..30)
        .map(|i| {
            json!({"PutRequest": {"Item": {
                "connectionId": {"S": format!("c{i:02}")},
                "userId": {"S": format!("u{}", i % 7)},
                "groupId": {"S": format!("g{}", i % 3)},
            }}})
        })
        .collect();
    for chunk in items.chunks(25) {
        let req = json!({ table.as_str(): chunk });
        let (ok, out) = aws(&[
            "dynamodb",
            "batch-write-item",
            "--request-items",
            &req.to_string(),
        ]);
        assert!(
            ok && out["UnprocessedItems"]
                .as_object()
                .is_none_or(|m| m.is_empty())
        );
    }

    let check = provision_json(&table, &["--check"], 6);
    assert_eq!(action(&check, "table", &table), "unchanged");
    assert_eq!(action(&check, "index", "groupId-index"), "create");
    assert_eq!(action(&check, "index", "userId-index"), "create");
    assert_eq!(action(&check, "ttl", "ttl"), "update");
    assert!(
        gsi(&describe(&table), "groupId-index").is_none(),
        "--check changed the table"
    );

    let applied = provision_json(&table, &[], 0);
    assert_eq!(action(&applied, "index", "groupId-index"), "create");
    let d = describe(&table);
    assert_eq!(gsi(&d, "groupId-index").unwrap()["IndexStatus"], "ACTIVE");
    assert_eq!(gsi(&d, "userId-index").unwrap()["IndexStatus"], "ACTIVE");

    // Every item is still there, and the new index finds them.
    let (_, scan) = aws(&[
        "dynamodb",
        "scan",
        "--table-name",
        &table,
        "--select",
        "COUNT",
    ]);
    assert_eq!(scan["Count"], 30);
    let (_, q) = aws(&[
        "dynamodb",
        "query",
        "--table-name",
        &table,
        "--index-name",
        "groupId-index",
        "--key-condition-expression",
        "groupId = :g",
        "--expression-attribute-values",
        r#"{":g":{"S":"g1"}}"#,
    ]);
    assert_eq!(q["Count"], 10);

    provision_json(&table, &["--check"], 0);
}

#[test]
fn billing_converges_in_place() {
    let table = unique_table("prov-billing");
    let first = provision_json(&table, &["--rcu", "2", "--wcu", "3"], 0);
    assert_eq!(action(&first, "table", &table), "create");
    let d = describe(&table);
    assert_eq!(d["ProvisionedThroughput"]["ReadCapacityUnits"], 2);
    assert_eq!(d["ProvisionedThroughput"]["WriteCapacityUnits"], 3);
    provision_json(&table, &["--rcu", "2", "--wcu", "3", "--check"], 0);
    // Declared on-demand now: drift, then converged by UpdateTable (same table, same indexes).
    let c = provision_json(&table, &["--check"], 6);
    assert_eq!(action(&c, "billing", &table), "update");
    // A change to what exists is confirmed first, as `terraform apply` does: off a terminal
    // without --yes it is refused (exit 7) and nothing changes.
    let out = provision(&table, &[]);
    assert_eq!(
        out.status.code(),
        Some(7),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to provision: 1 change(s) to what exists (change billing"),
        "{err}"
    );
    let d = describe(&table);
    assert_eq!(
        d["ProvisionedThroughput"]["ReadCapacityUnits"], 2,
        "unchanged"
    );
    provision_json(&table, &["--yes"], 0);
    let d = describe(&table);
    assert_eq!(d["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
    assert!(gsi(&d, "userId-index").is_some());
    provision_json(&table, &["--check"], 0);
}

#[test]
fn drift_that_would_lose_data_is_reported_not_repaired() {
    // Seed 002's layout: PK + sort key. wsctl must not recreate it.
    let table = unique_table("prov-sk");
    let (ok, _) = aws(&[
        "dynamodb",
        "create-table",
        "--table-name",
        &table,
        "--key-schema",
        "AttributeName=connectionId,KeyType=HASH",
        "AttributeName=roomId,KeyType=RANGE",
        "--attribute-definitions",
        "AttributeName=connectionId,AttributeType=S",
        "AttributeName=roomId,AttributeType=S",
        "--billing-mode",
        "PAY_PER_REQUEST",
    ]);
    assert!(ok);
    let (ok, _) = aws(&[
        "dynamodb",
        "update-time-to-live",
        "--table-name",
        &table,
        "--time-to-live-specification",
        "Enabled=true,AttributeName=expiresAt",
    ]);
    assert!(ok);
    let (ok, _) = aws(&[
        "dynamodb",
        "put-item",
        "--table-name",
        &table,
        "--item",
        r#"{"connectionId":{"S":"c1"},"roomId":{"S":"room#a"}}"#,
    ]);
    assert!(ok);

    let out = provision(&table, &["-o", "json"]);
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(action(&r, "table", &table), "drift");
    assert_eq!(action(&r, "ttl", "ttl"), "drift");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("drift"), "{stderr}");
    // Not the declared table: nothing on it changes (no index added), the item stays.
    assert_eq!(action(&r, "index", "groupId-index"), "drift");
    let d = describe(&table);
    assert_eq!(d["KeySchema"].as_array().unwrap().len(), 2);
    assert!(gsi(&d, "groupId-index").is_none());
    let (_, ttl) = aws(&["dynamodb", "describe-time-to-live", "--table-name", &table]);
    assert_eq!(ttl["TimeToLiveDescription"]["AttributeName"], "expiresAt");
    let (_, scan) = aws(&[
        "dynamodb",
        "scan",
        "--table-name",
        &table,
        "--select",
        "COUNT",
    ]);
    assert_eq!(scan["Count"], 1);
    // And --check keeps failing on it.
    provision_json(&table, &["--check"], 6);
}

#[test]
fn bad_flags_are_usage_errors() {
    let table = unique_table("prov-bad");
    for args in [
        vec!["--rcu", "5"],
        vec!["--rcu", "0", "--wcu", "1"],
        vec!["--dry-run", "--check"],
        vec!["--user-index", "x"],
    ] {
        let out = provision(&table, &args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = wsctl().args(["provision"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--spec"));
}
