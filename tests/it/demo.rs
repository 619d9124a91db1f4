//! `wsctl local demo` (the README's first command) runs end to end on a small fleet.

#[test]
fn the_demo_runs_end_to_end() {
    let out = crate::fixture::wsctl()
        .args(["local", "demo", "--clients", "20", "--stale", "10"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // It starts with provisioning, checks drift, sweeps, and every client got what was sent.
    let created = err
        .find("4 resource(s) created")
        .expect("the table was provisioned");
    let connected = err.find("Connect 20 real WebSocket clients").unwrap();
    assert!(created < connected, "provisioning comes first");
    assert!(err.contains("exit code 0"), "{err}");
    assert!(err.contains("sweep"), "{err}");
    assert!(
        err.contains("Summary: 20 clients connected and received exactly"),
        "{err}"
    );
    assert!(!err.contains('\x1b'), "no escapes off a terminal");
    assert!(!err.contains("panicked"));
}
