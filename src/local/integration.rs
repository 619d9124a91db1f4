//! The HTTP integration (`--integration URL`, or an HTTP route target set through the control plane):
//! every `$connect`, `$disconnect` and message event is POSTed as API Gateway's Lambda-proxy WebSocket
//! event. `$connect` is synchronous: a non-2xx answer (or a Lambda-proxy body whose `statusCode` is not
//! 2xx) refuses the handshake.

use std::time::Duration;

use base64::Engine;
use rand::Rng;
use serde_json::{json, Map, Value};

/// What API Gateway knows about a connection, fixed at `$connect`.
#[derive(Debug, Clone)]
pub struct ConnInfo {
    pub id: String,
    pub stage: String,
    pub connected_at: u64,
    pub source_ip: String,
    pub user_agent: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
}

impl ConnInfo {
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub enum EventKind<'a> {
    Connect,
    Message { route_key: &'a str, body: &'a str },
    Disconnect { code: u16, reason: &'a str },
}

/// An id in API Gateway's observed form: 15 URL-safe base64 characters and a trailing `=`
/// (`L0SM9cOFvHcCIhw=`). Used for connection, request and message ids.
pub fn new_id() -> String {
    let bytes: [u8; 12] = rand::rng().random();
    let mut s = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    s.truncate(15);
    s.push('=');
    s
}

/// `16/May/2022:17:30:27 +0000`, the `requestTime` format of the event.
pub fn clf_time(epoch_ms: u64) -> String {
    // From `2022-05-16T17:30:27Z`.
    let iso =
        humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + Duration::from_millis(epoch_ms))
            .to_string();
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d, t) = (&iso[0..4], &iso[5..7], &iso[8..10], &iso[11..19]);
    let month = m
        .parse::<usize>()
        .ok()
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("Jan");
    format!("{d}/{month}/{y}:{t} +0000")
}

fn single_and_multi(pairs: &[(String, String)]) -> (Value, Value) {
    if pairs.is_empty() {
        return (Value::Null, Value::Null);
    }
    let mut single = Map::new();
    let mut multi: Map<String, Value> = Map::new();
    for (k, v) in pairs {
        single.insert(k.clone(), Value::String(v.clone()));
        match multi.get_mut(k) {
            Some(Value::Array(a)) => a.push(Value::String(v.clone())),
            _ => {
                multi.insert(k.clone(), json!([v]));
            }
        }
    }
    (Value::Object(single), Value::Object(multi))
}

/// The Lambda-proxy WebSocket event (payload format 1.0) for one event on one connection.
pub fn event(info: &ConnInfo, kind: &EventKind<'_>, domain_name: &str, api_id: &str) -> Value {
    let now = crate::time::now_millis();
    let request_id = new_id();
    let (route_key, event_type) = match kind {
        EventKind::Connect => ("$connect", "CONNECT"),
        EventKind::Message { route_key, .. } => (*route_key, "MESSAGE"),
        EventKind::Disconnect { .. } => ("$disconnect", "DISCONNECT"),
    };
    let mut ctx = json!({
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": request_id,
        "requestTime": clf_time(now),
        "messageDirection": "IN",
        "stage": info.stage,
        "connectedAt": info.connected_at,
        "requestTimeEpoch": now,
        "identity": {"sourceIp": info.source_ip, "userAgent": info.user_agent},
        "requestId": request_id,
        "domainName": domain_name,
        "connectionId": info.id,
        "apiId": api_id,
    });
    let mut ev = json!({ "isBase64Encoded": false });
    match kind {
        EventKind::Connect => {
            let (h, mh) = single_and_multi(&info.headers);
            let (q, mq) = single_and_multi(&info.query);
            ev["headers"] = h;
            ev["multiValueHeaders"] = mh;
            ev["queryStringParameters"] = q;
            ev["multiValueQueryStringParameters"] = mq;
        }
        EventKind::Message { body, .. } => {
            ctx["messageId"] = Value::String(new_id());
            ev["body"] = Value::String((*body).to_string());
        }
        EventKind::Disconnect { code, reason } => {
            ctx["disconnectStatusCode"] = json!(code);
            ctx["disconnectReason"] = Value::String((*reason).to_string());
            let ua: Vec<(String, String)> = info
                .headers
                .iter()
                .filter(|(k, _)| {
                    k.eq_ignore_ascii_case("host") || k.eq_ignore_ascii_case("user-agent")
                })
                .cloned()
                .collect();
            let (h, mh) = single_and_multi(&ua);
            ev["headers"] = h;
            ev["multiValueHeaders"] = mh;
        }
    }
    ev["requestContext"] = ctx;
    ev
}

/// POST one event. `Ok(true)` when the integration accepted it: a 2xx status and, when the body is a
/// Lambda-proxy response with a numeric `statusCode`, a 2xx one.
pub async fn post(http: &reqwest::Client, url: &str, event: &Value) -> Result<bool, String> {
    let resp = http
        .post(url)
        .json(event)
        .timeout(Duration::from_secs(29))
        .send()
        .await
        .map_err(|e| crate::error::source_chain(&e))?;
    let status = resp.status();
    let body = resp.bytes().await.unwrap_or_default();
    if !status.is_success() {
        return Ok(false);
    }
    let proxied = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("statusCode").and_then(Value::as_u64));
    Ok(proxied.map(|c| (200..300).contains(&c)).unwrap_or(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_api_gateway_ids() {
        let a = new_id();
        assert_eq!(a.len(), 16);
        assert!(a.ends_with('='));
        assert!(a[..15]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(a, new_id());
    }

    #[test]
    fn request_time_format() {
        assert_eq!(clf_time(1652722227357), "16/May/2022:17:30:27 +0000");
    }

    #[test]
    fn event_shapes() {
        let info = ConnInfo {
            id: "L0SM9cOFvHcCIhw=".into(),
            stage: "local".into(),
            connected_at: 1652722217711,
            source_ip: "127.0.0.1".into(),
            user_agent: "ua".into(),
            query: vec![
                ("userId".into(), "u1".into()),
                ("g".into(), "1".into()),
                ("g".into(), "2".into()),
            ],
            headers: vec![("host".into(), "127.0.0.1:1".into())],
        };
        let c = event(&info, &EventKind::Connect, "127.0.0.1:1", "api");
        assert_eq!(c["requestContext"]["eventType"], "CONNECT");
        assert_eq!(c["queryStringParameters"]["g"], "2");
        assert_eq!(c["multiValueQueryStringParameters"]["g"], json!(["1", "2"]));
        assert!(c["requestContext"].get("messageId").is_none());
        let m = event(
            &info,
            &EventKind::Message {
                route_key: "$default",
                body: "hi",
            },
            "d",
            "api",
        );
        assert_eq!(m["body"], "hi");
        assert_eq!(m["requestContext"]["messageId"].as_str().unwrap().len(), 16);
        let d = event(
            &info,
            &EventKind::Disconnect {
                code: 1000,
                reason: "x",
            },
            "d",
            "api",
        );
        assert_eq!(d["requestContext"]["disconnectStatusCode"], 1000);
        assert_eq!(d["requestContext"]["connectedAt"], 1652722217711u64);
    }
}
