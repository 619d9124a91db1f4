//! The emulator's virtual connections (`POST /_local/virtual`): live for the Management API without a
//! socket (GET 200, POST 200, DELETE 204 then 410), and `wsctl sweep` keeps their rows while it deletes
//! the rows of connections the emulator does not know.

use std::collections::BTreeSet;

use crate::fixture::{http, wsctl_for, Emulator, EmulatorOpts};
use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::Value;

/// A row as the recorder writes it, connected now (so sweep probes it instead of aging it out).
async fn put_row(client: &aws_sdk_dynamodb::Client, table: &str, id: &str, now_ms: u64) {
    let n = |v: u64| AttributeValue::N(v.to_string());
    let s = |v: &str| AttributeValue::S(v.to_string());
    client
        .put_item()
        .table_name(table)
        .item("connectionId", s(id))
        .item("connectedAt", n(now_ms))
        .item("ttl", n(now_ms / 1000 + 4 * 3600))
        .item("userId", s("u1"))
        .item("groupId", s("g1"))
        .send()
        .await
        .unwrap();
}

async fn table_ids(client: &aws_sdk_dynamodb::Client, table: &str) -> BTreeSet<String> {
    let out = client
        .scan()
        .table_name(table)
        .consistent_read(true)
        .send()
        .await
        .unwrap();
    out.items()
        .iter()
        .filter_map(|i| i.get("connectionId")?.as_s().ok().cloned())
        .collect()
}

#[test]
fn virtual_connections_answer_the_management_api_and_survive_a_sweep() {
    let em = Emulator::start(EmulatorOpts::default());
    let ids = em.virtual_ids(3);
    assert_eq!(ids.len(), 3);
    for id in &ids {
        // API Gateway's form: 16 characters, the last one '='.
        assert!(id.len() == 16 && id.ends_with('='), "{id}");
    }
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 3);
    // Not socket clients: not in the live list; counted apart in the health answer.
    assert!(em.live_ids().is_empty());
    let health = crate::fixture::get_json(&format!("http://127.0.0.1:{}/_local/health", em.port));
    assert_eq!(health["virtual"], 3, "{health}");
    assert_eq!(health["connections"], 0, "{health}");

    let url = |id: &str| format!("{}/@connections/{}", em.endpoint, id.replace('=', "%3D"));
    let r = http("GET", &url(&ids[0]), &[], b"").unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    let v: Value = r.json();
    assert!(
        v["connectedAt"].is_string() && v["lastActiveAt"].is_string(),
        "{v}"
    );
    assert!(v["identity"]["sourceIp"].is_string(), "{v}");
    let r = http("POST", &url(&ids[0]), &[], b"hello").unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    let r = http("DELETE", &url(&ids[0]), &[], b"").unwrap();
    assert_eq!(r.status, 204, "{}", r.text());
    let r = http("GET", &url(&ids[0]), &[], b"").unwrap();
    assert_eq!(r.status, 410, "{}", r.text());
    assert_eq!(r.header("x-amzn-ErrorType"), Some("GoneException"));
    let r = http("POST", &url(&ids[0]), &[], b"hello").unwrap();
    assert_eq!(r.status, 410, "{}", r.text());

    // Rows: the two live virtual connections, the deleted one, and two the emulator never knew.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let stale = [
        ids[0].clone(),
        "staleAAAAAAAAAA=".into(),
        "staleBBBBBBBBBB=".into(),
    ];
    rt.block_on(async {
        let client = wsctl::aws::Clients::for_dynamodb_endpoint(&em.dynamodb_endpoint)
            .await
            .unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        for id in ids.iter().chain(stale[1..].iter()) {
            put_row(&client, &em.table, id, now).await;
        }
        assert_eq!(table_ids(&client, &em.table).await.len(), 5);

        let out = wsctl_for(&em)
            .args(["sweep", "--yes", "-o", "json"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        let s: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(s["alive"], 2, "{s}");
        assert_eq!(s["deleted"], 3, "{s}");
        assert_eq!(s["errors"], 0, "{s}");
        let left = table_ids(&client, &em.table).await;
        let live: BTreeSet<String> = ids[1..].iter().cloned().collect();
        assert_eq!(
            left, live,
            "exactly the live virtual connections' rows remain"
        );
    });
}
