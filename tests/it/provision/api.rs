//! `wsctl provision api` against two independent apigatewayv2 implementations: the project's own
//! control plane (served in-process here, exactly as `wsctl local serve` mounts it) and moto's
//! server. From nothing, a second run that changes nothing, `--check` before and after another
//! client (the AWS CLI) deletes a route, re-provisioning, and pagination of long route lists.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use wsctl::local::routes::RouteTarget;

use crate::fixture::aws::{local_control_plane, moto, venv_bin, Env};

mod http_probe {
    /// A blocking POST of a JSON body; returns the raw response.
    pub fn post(url: &str, body: &str) -> String {
        use std::io::{Read, Write};
        let u = url::Url::parse(url).unwrap();
        let mut s =
            std::net::TcpStream::connect((u.host_str().unwrap(), u.port().unwrap())).unwrap();
        let req = format!(
            "POST {} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            u.path(),
            u.host_str().unwrap(),
            u.port().unwrap(),
            body.len()
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }
}

fn actions(report: &Value) -> Vec<(String, String, String)> {
    report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["name"].as_str().unwrap().to_string(),
                r["action"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn action_of(report: &Value, kind: &str, name: &str) -> String {
    actions(report)
        .into_iter()
        .find(|(k, n, _)| k == kind && n == name)
        .map(|(_, _, a)| a)
        .unwrap_or_else(|| panic!("no {kind} {name} in {report}"))
}

fn all_unchanged(report: &Value) -> bool {
    actions(report).iter().all(|(_, _, a)| a == "unchanged")
}

fn route_id(env: &Env, api_id: &str, key: &str) -> Option<String> {
    let routes = env.aws(&["apigatewayv2", "get-routes", "--api-id", api_id]);
    routes["Items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["RouteKey"] == key)
        .map(|r| r["RouteId"].as_str().unwrap().to_string())
}

/// The whole drift cycle, shared by both implementations.
fn drift_cycle(env: &Env, extra: &[&str]) -> String {
    let hook = "http://127.0.0.1:9/hook";
    let mut args = vec![
        "provision",
        "api",
        "--name",
        "chat",
        "--stage",
        "prod",
        "--integration",
        hook,
        "--route",
        "sendMessage",
    ];
    args.extend_from_slice(extra);

    // Dry run on nothing: a plan of creations, and nothing created.
    let mut dry = args.clone();
    dry.push("--dry-run");
    let plan = env.json(&dry, 0);
    assert_eq!(plan["mode"], "dry-run");
    assert_eq!(action_of(&plan, "api", "chat"), "create");
    assert_eq!(action_of(&plan, "route", "sendMessage"), "create");
    assert!(plan["api"]["api_id"].is_null());
    let apis = env.aws(&["apigatewayv2", "get-apis"]);
    assert!(
        apis["Items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["Name"] != "chat"),
        "--dry-run created an API: {apis}"
    );

    // From nothing.
    let first = env.json(&args, 0);
    assert_eq!(first["applied"], true);
    for key in ["$connect", "$disconnect", "$default", "sendMessage"] {
        assert_eq!(action_of(&first, "route", key), "create");
    }
    assert_eq!(action_of(&first, "stage", "prod"), "create");
    let api_id = first["api"]["api_id"].as_str().unwrap().to_string();
    assert!(first["api"]["ws_url"].as_str().unwrap().ends_with("/prod"));
    assert!(first["api"]["management_endpoint"]
        .as_str()
        .unwrap()
        .ends_with("/prod"));

    // What exists is what was declared: four routes, each targeting the one HTTP_PROXY integration.
    let integrations = env.aws(&["apigatewayv2", "get-integrations", "--api-id", &api_id]);
    let items = integrations["Items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{integrations}");
    assert_eq!(items[0]["IntegrationType"], "HTTP_PROXY");
    assert_eq!(items[0]["IntegrationUri"], hook);
    let target = format!(
        "integrations/{}",
        items[0]["IntegrationId"].as_str().unwrap()
    );
    let routes = env.aws(&["apigatewayv2", "get-routes", "--api-id", &api_id]);
    let routes = routes["Items"].as_array().unwrap();
    assert_eq!(routes.len(), 4);
    assert!(routes.iter().all(|r| r["Target"] == target.as_str()));
    let api = env.aws(&["apigatewayv2", "get-api", "--api-id", &api_id]);
    assert_eq!(api["RouteSelectionExpression"], "$request.body.action");
    assert_eq!(api["ProtocolType"], "WEBSOCKET");

    // A second run changes nothing.
    let second = env.json(&args, 0);
    assert!(all_unchanged(&second), "{second}");
    assert_eq!(second["api"]["api_id"], api_id.as_str());
    assert_eq!(
        env.aws(&["apigatewayv2", "get-routes", "--api-id", &api_id])["Items"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // --check: in sync.
    let mut check = args.clone();
    check.push("--check");
    let c = env.json(&check, 0);
    assert_eq!(c["in_sync"], true);

    // Another client deletes a route: --check exits 6 and names it.
    let rid = route_id(env, &api_id, "sendMessage").unwrap();
    env.aws(&[
        "apigatewayv2",
        "delete-route",
        "--api-id",
        &api_id,
        "--route-id",
        &rid,
    ]);
    assert!(route_id(env, &api_id, "sendMessage").is_none());
    let c = env.json(&check, 6);
    assert_eq!(c["in_sync"], false);
    assert_eq!(action_of(&c, "route", "sendMessage"), "create");
    assert_eq!(action_of(&c, "route", "$default"), "unchanged");
    assert!(
        route_id(env, &api_id, "sendMessage").is_none(),
        "--check changed something"
    );

    // Provisioning again repairs it, then --check is clean again.
    let again = env.json(&args, 0);
    assert_eq!(action_of(&again, "route", "sendMessage"), "create");
    assert_eq!(
        action_of(
            &again,
            "integration",
            target.trim_start_matches("integrations/")
        ),
        "unchanged"
    );
    assert!(route_id(env, &api_id, "sendMessage").is_some());
    env.json(&check, 0);

    // Another client changes the route selection expression: drift, repaired by UpdateApi.
    env.aws(&[
        "apigatewayv2",
        "update-api",
        "--api-id",
        &api_id,
        "--route-selection-expression",
        "$request.body.type",
    ]);
    let c = env.json(&check, 6);
    assert_eq!(action_of(&c, "api", "chat"), "update");
    assert_eq!(action_of(&env.json(&args, 0), "api", "chat"), "update");
    let api = env.aws(&["apigatewayv2", "get-api", "--api-id", &api_id]);
    assert_eq!(api["RouteSelectionExpression"], "$request.body.action");

    // A new integration target: the integration the routes use is updated in place (UpdateIntegration),
    // field by field, so nothing is orphaned and the routes keep their target.
    let hook2 = "http://127.0.0.1:9/hook2";
    let moved: Vec<&str> = args
        .iter()
        .map(|a| if *a == hook { hook2 } else { *a })
        .collect();
    let r = env.json(&moved, 0);
    let old_id = target.trim_start_matches("integrations/");
    assert_eq!(action_of(&r, "integration", old_id), "update");
    assert!(r["resources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["detail"] == format!("uri {hook} -> {hook2}").as_str()));
    assert_eq!(
        actions(&r)
            .iter()
            .filter(|(k, _, a)| k == "route" && a != "unchanged")
            .count(),
        0
    );
    let integrations = env.aws(&["apigatewayv2", "get-integrations", "--api-id", &api_id]);
    let items = integrations["Items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{integrations}");
    assert_eq!(items[0]["IntegrationUri"], hook2);
    let new_id = items[0]["IntegrationId"].as_str().unwrap().to_string();
    let routes = env.aws(&["apigatewayv2", "get-routes", "--api-id", &api_id]);
    let routes = routes["Items"].as_array().unwrap();
    assert_eq!(routes.len(), 4);
    assert!(routes
        .iter()
        .all(|r| r["Target"] == format!("integrations/{new_id}").as_str()));
    let mut check2 = moved.clone();
    check2.push("--check");
    env.json(&check2, 0);

    // A route nobody declared is drift: reported, and deleted only with --prune.
    env.aws(&[
        "apigatewayv2",
        "create-route",
        "--api-id",
        &api_id,
        "--route-key",
        "rogue",
    ]);
    let c = env.json(&check2, 6);
    assert_eq!(action_of(&c, "route", "rogue"), "drift");
    let applied = env.json(&moved, 6);
    assert_eq!(action_of(&applied, "route", "rogue"), "drift");
    let rogue = route_id(env, &api_id, "rogue").expect("wsctl deleted a route");
    env.aws(&[
        "apigatewayv2",
        "delete-route",
        "--api-id",
        &api_id,
        "--route-id",
        &rogue,
    ]);
    env.json(&check2, 0);
    api_id
}

#[test]
fn local_control_plane_provision_converges_and_detects_drift() {
    let cp = local_control_plane();
    let env = Env::new(cp.url.clone());
    let api_id = drift_cycle(&env, &[]);

    // Explicit deployments: the stage points at one.
    let stage = env.aws(&[
        "apigatewayv2",
        "get-stage",
        "--api-id",
        &api_id,
        "--stage-name",
        "prod",
    ]);
    let deployment = stage["DeploymentId"].as_str().expect("stage deployed");
    let deployments = env.aws(&["apigatewayv2", "get-deployments", "--api-id", &api_id]);
    assert!(deployments["Items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["DeploymentId"] == deployment));

    // The local fleet's URLs, and the routes took effect on the gateway.
    let port = cp.url.rsplit(':').next().unwrap();
    let j = env.json(&["provision", "api", "--name", "chat", "--dry-run"], 0);
    assert_eq!(j["api"]["ws_url"], format!("ws://127.0.0.1:{port}/prod"));
    assert_eq!(
        j["api"]["management_endpoint"],
        format!("http://127.0.0.1:{port}/prod")
    );
    assert_eq!(
        cp.routing.target("sendMessage"),
        Some(RouteTarget::Http("http://127.0.0.1:9/hook2".into()))
    );
    assert_eq!(
        cp.routing.select(r#"{"action":"sendMessage"}"#),
        "sendMessage"
    );
    assert!(cp.routing.has_stage("prod"));

    // Errors are shaped like the real service's, so the CLI names them.
    let e = env.aws_err(&["apigatewayv2", "get-api", "--api-id", "nosuchapi"]);
    assert!(e.contains("NotFoundException"), "{e}");
    let e = env.aws_err(&[
        "apigatewayv2",
        "create-route",
        "--api-id",
        &api_id,
        "--route-key",
        "sendMessage",
    ]);
    assert!(e.contains("ConflictException"), "{e}");
    let e = env.aws_err(&[
        "apigatewayv2",
        "create-api",
        "--name",
        "x",
        "--protocol-type",
        "WEBSOCKET",
    ]);
    assert!(e.contains("BadRequestException"), "{e}");

    // Throttling, stage update and auto-deploy: the stage converges in place, not recreated.
    let t = env.json(
        &[
            "provision",
            "api",
            "--name",
            "chat",
            "--integration",
            "http://127.0.0.1:9/hook",
            "--route",
            "sendMessage",
            "--throttle-rate",
            "50",
            "--throttle-burst",
            "20",
            "--auto-deploy",
        ],
        0,
    );
    assert_eq!(action_of(&t, "stage", "prod"), "update");
    let stage = env.aws(&[
        "apigatewayv2",
        "get-stage",
        "--api-id",
        &api_id,
        "--stage-name",
        "prod",
    ]);
    assert_eq!(stage["AutoDeploy"], true);
    assert_eq!(stage["DefaultRouteSettings"]["ThrottlingRateLimit"], 50.0);
    assert_eq!(stage["DefaultRouteSettings"]["ThrottlingBurstLimit"], 20);
}

#[test]
fn local_control_plane_lists_are_paginated() {
    // 33 routes: more than one page of GetRoutes (the emulator pages by 25 like a real service
    // would): a second run must see them all and create nothing.
    let cp = local_control_plane();
    let env = Env::new(cp.url.clone());
    // And more APIs than one page of GetApis, so that the one to converge is on a later page.
    for i in 0..30 {
        let body = format!(
            r#"{{"name":"filler-{i}","protocolType":"WEBSOCKET","routeSelectionExpression":"$request.body.action"}}"#
        );
        assert!(http_probe::post(&format!("{}/v2/apis", cp.url), &body).starts_with("HTTP/1.1 201"));
    }
    let keys: Vec<String> = (0..30).map(|i| format!("action{i:02}")).collect();
    let mut args = vec!["provision", "api", "--name", "many", "--auto-deploy"];
    for k in &keys {
        args.push("--route");
        args.push(k);
    }
    let first = env.json(&args, 0);
    assert_eq!(
        actions(&first)
            .iter()
            .filter(|(k, _, a)| k == "route" && a == "create")
            .count(),
        33
    );
    let second = env.json(&args, 0);
    assert!(all_unchanged(&second), "{second}");
    let api_id = second["api"]["api_id"].as_str().unwrap();
    assert_eq!(first["api"]["api_id"], api_id);
    let routes = env.aws(&["apigatewayv2", "get-routes", "--api-id", api_id]);
    assert_eq!(routes["Items"].as_array().unwrap().len(), 33);
    // Without an integration, routes have no target, and the local gateway keeps its recorder.
    assert_eq!(cp.routing.target("action07"), Some(RouteTarget::Recorder));
}

#[test]
fn moto_provision_converges_and_detects_drift() {
    // moto implements apigatewayv2 independently; it has no deployments, so the stage auto-deploys.
    let m = moto();
    let env = Env::new(m.url.clone());
    let api_id = drift_cycle(&env, &["--auto-deploy"]);
    let stage = env.aws(&[
        "apigatewayv2",
        "get-stage",
        "--api-id",
        &api_id,
        "--stage-name",
        "prod",
    ]);
    assert_eq!(stage["AutoDeploy"], true);
    // A Lambda target: AWS_PROXY with the invoke URI, and API Gateway allowed to invoke the function
    // (moto's Lambda serves GetPolicy/AddPermission on the same port).
    let role = env.aws(&[
        "iam",
        "create-role",
        "--role-name",
        "fn",
        "--assume-role-policy-document",
        r#"{"Version":"2012-10-17","Statement":[]}"#,
    ]);
    let zip = env.home().join("fn.zip");
    let made = Command::new(venv_bin("python"))
        .args([
            "-c",
            "import zipfile,sys\nwith zipfile.ZipFile(sys.argv[1],'w') as z: z.writestr('h.py','')",
            zip.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(made.success());
    env.aws(&[
        "lambda",
        "create-function",
        "--function-name",
        "chat",
        "--runtime",
        "python3.12",
        "--handler",
        "h.handler",
        "--role",
        role["Role"]["Arn"].as_str().unwrap(),
        "--zip-file",
        &format!("fileb://{}", zip.display()),
    ]);
    let arn = "arn:aws:lambda:us-east-1:123456789012:function:chat";
    let first = env.json(
        &[
            "provision",
            "api",
            "--name",
            "lambda-chat",
            "--integration",
            arn,
            "--auto-deploy",
        ],
        0,
    );
    assert_eq!(action_of(&first, "permission", "chat"), "create");
    let j = env.json(
        &[
            "provision",
            "api",
            "--name",
            "lambda-chat",
            "--integration",
            arn,
            "--auto-deploy",
            "--check",
        ],
        0,
    );
    assert_eq!(action_of(&j, "permission", "chat"), "unchanged");
    let id = j["api"]["api_id"].as_str().unwrap();
    let integrations = env.aws(&["apigatewayv2", "get-integrations", "--api-id", id]);
    let i = &integrations["Items"][0];
    assert_eq!(i["IntegrationType"], "AWS_PROXY");
    assert_eq!(
        i["IntegrationUri"],
        format!("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations")
    );
}

#[test]
fn local_control_plane_deployment_throttling_is_retried() {
    // The emulator, like API Gateway, allows one CreateDeployment per 5 s: a second run that must
    // deploy right after the first one is throttled (429 TooManyRequestsException) and retried.
    let cp = local_control_plane();
    let env = Env::new(cp.url.clone());
    let first = env.json(&["provision", "api", "--name", "busy", "--route", "a"], 0);
    assert_eq!(action_of(&first, "deployment", "prod"), "create");
    let api_id = first["api"]["api_id"].as_str().unwrap().to_string();
    let started = Instant::now();
    let second = env.json(
        &[
            "provision",
            "api",
            "--name",
            "busy",
            "--route",
            "a",
            "--route",
            "b",
        ],
        0,
    );
    assert_eq!(action_of(&second, "route", "b"), "create");
    assert_eq!(action_of(&second, "deployment", "prod"), "create");
    let deployments = env.aws(&["apigatewayv2", "get-deployments", "--api-id", &api_id]);
    let items = deployments["Items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{deployments}");
    let stage = env.aws(&[
        "apigatewayv2",
        "get-stage",
        "--api-id",
        &api_id,
        "--stage-name",
        "prod",
    ]);
    assert!(items
        .iter()
        .any(|d| d["DeploymentId"] == stage["DeploymentId"]));
    assert!(started.elapsed() < Duration::from_secs(60));
}
