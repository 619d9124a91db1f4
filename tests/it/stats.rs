//! `connections stats` and `count --by` in bounded memory: exact below `--track`, and past it the
//! same heavy users with counts that bracket the truth, an estimated distinct count and a note.

use crate::fixture::{run_json, wsctl_for, Emulator, EmulatorOpts};
use serde_json::Value;

const HEAVY: [(&str, u64); 3] = [("hu0", 60), ("hu1", 45), ("hu2", 30)];
const SINGLE_USERS: u64 = 400;

/// Rows as the recorder writes them: the heavy users' connections and 400 users with one each.
fn fill(em: &Emulator) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let mut users: Vec<String> = Vec::new();
    for (u, n) in HEAVY {
        users.extend((0..n).map(|_| u.to_string()));
    }
    users.extend((0..SINGLE_USERS).map(|i| format!("u{i}")));
    let rows: Vec<_> = users
        .iter()
        .enumerate()
        .map(|(i, u)| {
            vec![
                ("connectionId", format!("c{i:05}AAAAAAAAA=")),
                ("userId", u.clone()),
                ("groupId", format!("g{}", i % 3)),
                ("connectedAt", format!("N:{now}")),
                ("ttl", format!("N:{}", now / 1000 + 7200)),
            ]
        })
        .collect();
    em.put_rows(&rows);
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn stats_find_the_heavy_users_exactly_and_within_bounds_past_the_tracking_limit() {
    let em = Emulator::start(EmulatorOpts::default());
    fill(&em);
    let users = HEAVY.len() as u64 + SINGLE_USERS;
    let heavy_names: Vec<String> = HEAVY.iter().map(|(u, _)| u.to_string()).collect();

    // Below the limit: exact.
    let (code, st, err) = run_json(&em, &["connections", "stats"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(st["distinct_users"], users, "{st}");
    assert_eq!(st["users_exact"], true, "{st}");
    assert_eq!(st["distinct_groups"], 3, "{st}");
    let top: Vec<(String, u64)> = st["top_users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(e.get("error").is_none(), "exact counts carry no error: {e}");
            (
                e["name"].as_str().unwrap().into(),
                e["connections"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, u64)> = HEAVY.iter().map(|(u, n)| (u.to_string(), *n)).collect();
    assert_eq!(top[..3], want[..], "{st}");
    assert_eq!(names(&st["heavy_users"]), heavy_names, "{st}");

    // Past the limit (100 keys held for 403 users): the same heavy users, bounds around the truth.
    let (code, ap, err) = run_json(&em, &["connections", "stats", "--track", "100"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(ap["users_exact"], false, "{ap}");
    assert_eq!(ap["groups_exact"], true, "{ap}");
    assert_eq!(ap["distinct_groups"], 3, "{ap}");
    let d = ap["distinct_users"].as_u64().unwrap() as f64;
    assert!(
        (d - users as f64).abs() / (users as f64) < 0.05,
        "estimate {d} against {users}"
    );
    let bound = ap["user_count_error_bound"].as_u64().unwrap();
    assert!(bound > 0, "{ap}");
    let top = ap["top_users"].as_array().unwrap();
    for (e, (u, n)) in top.iter().zip(HEAVY) {
        assert_eq!(e["name"], u, "{ap}");
        let (count, error) = (
            e["connections"].as_u64().unwrap(),
            e["error"].as_u64().unwrap(),
        );
        assert!(count - error <= n && n <= count, "{u}: {n} not in {e}");
        assert!(error <= bound, "{e}");
    }
    assert_eq!(names(&ap["heavy_users"]), heavy_names, "{ap}");
    assert_eq!(
        ap["rows"], st["rows"],
        "the rows are counted exactly either way"
    );

    // People read the bounds and a note saying why.
    let out = wsctl_for(&em)
        .args(["connections", "stats", "--track", "100"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("about "), "{text}");
    assert!(
        text.contains("more distinct users than --track holds"),
        "{text}"
    );

    // count --by user: the same contract.
    let (code, c, err) = run_json(
        &em,
        &[
            "connections",
            "count",
            "--by",
            "user",
            "--track",
            "100",
            "--top",
            "3",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(c["exact"], false, "{c}");
    let counts = c["counts"].as_array().unwrap();
    assert_eq!(counts.len(), 3, "{c}");
    for (e, (u, n)) in counts.iter().zip(HEAVY) {
        assert_eq!(e["key"], u, "{c}");
        let (count, error) = (e["count"].as_u64().unwrap(), e["error"].as_u64().unwrap());
        assert!(count - error <= n && n <= count, "{u}: {n} not in {e}");
    }
    let (code, c, err) = run_json(&em, &["connections", "count", "--by", "user", "--top", "1"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(c["exact"], true, "{c}");
    assert_eq!(c["distinct"], users, "{c}");
    assert_eq!(c["counts"][0]["count"], 60, "{c}");
}

#[test]
fn a_tracking_limit_below_two_is_refused() {
    let out = crate::fixture::wsctl()
        .args(["connections", "stats", "--track", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--track"), "{err}");
}
