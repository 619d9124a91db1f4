//! `wsctl provision --spec` with everything the seeds' infrastructure code declares (and what it
//! forgets): one integration per route, the `$connect` REQUEST authorizer, two-way routes, stage
//! access logging, variables, metrics and throttling, tags, the Lambda invoke permissions,
//! declared-only routes/integrations/authorizers with `--prune`, and outputs for CI.
//!
//! Against the project's control plane (`wsctl local serve`, which serves Lambda's policy calls on
//! the same port) and against moto's server. For every resource: created from nothing, a second run
//! changes nothing, a change made with the AWS CLI is drift (`--check` exits 6 and names it), and a
//! rerun converges.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::fixture::aws::{moto, venv_bin, Env};
use crate::fixture::{Emulator, EmulatorOpts};

const ACCOUNT: &str = "123456789012";

fn lambda_arn(name: &str) -> String {
    format!("arn:aws:lambda:us-east-1:{ACCOUNT}:function:{name}")
}

/// The emulator's control plane in a `wsctl local serve` of the test's own, with deployments not
/// throttled (these tests deploy often; the throttle is per process and `provision::api` tests it
/// in this one). Its `apigw_endpoint` is the control plane's URL.
fn local_control_plane() -> Emulator {
    Emulator::start_with_env(
        EmulatorOpts::default(),
        &[("WSCTL_LOCAL_DEPLOY_INTERVAL_MS", "0")],
    )
}

fn action_of(report: &Value, kind: &str, name: &str) -> String {
    report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind && r["name"] == name)
        .map(|r| r["action"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {kind} {name} in {report}"))
}

fn detail_of(report: &Value, kind: &str, name: &str) -> String {
    report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind && r["name"] == name)
        .map(|r| r["detail"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {kind} {name} in {report}"))
}

fn differing(report: &Value) -> Vec<String> {
    report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] != "unchanged")
        .map(|r| format!("{} {} {}", r["kind"], r["name"], r["action"]))
        .collect()
}

/// Seed 002's layout (one function per route) with what it forgets: the authorizer, a two-way
/// route with its own throttling, access logging, stage variables, metrics and tags.
fn full_spec(auto_deploy: bool) -> String {
    format!(
        r#"[api]
name = "realtime"
stage = "prod"
auto_deploy = {auto_deploy}
throttle_rate = 100.0
throttle_burst = 50
detailed_metrics = true
stage_variables = {{ mode = "ci" }}
tags = {{ team = "rt", env = "ci" }}
access_log = {{ destination = "arn:aws:logs:us-east-1:{ACCOUNT}:log-group:ws-access", format = '{{"id":"$context.requestId","route":"$context.routeKey"}}' }}

[api.route."$connect"]
integration = "{connect}"

[api.route."$disconnect"]
integration = "{disconnect}"

[api.route.sendMessage]
integration = "{message}"
route_response = true
throttle_rate = 10.0
throttle_burst = 5

[api.authorizer]
name = "token"
function = "{auth}"
identity_sources = ["route.request.querystring.token"]
"#,
        connect = lambda_arn("connect"),
        disconnect = lambda_arn("disconnect"),
        message = lambda_arn("message"),
        auth = lambda_arn("auth"),
    )
}

fn policy_sources(env: &Env, function: &str) -> Vec<String> {
    let p = env.aws(&["lambda", "get-policy", "--function-name", function]);
    let doc: Value = serde_json::from_str(p["Policy"].as_str().unwrap()).unwrap();
    doc["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["Principal"]["Service"] == "apigateway.amazonaws.com")
        .filter_map(|s| s["Condition"]["ArnLike"]["AWS:SourceArn"].as_str())
        .map(str::to_string)
        .collect()
}

fn route_of(env: &Env, api_id: &str, key: &str) -> Value {
    let routes = env.aws(&["apigatewayv2", "get-routes", "--api-id", api_id]);
    routes["Items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["RouteKey"] == key)
        .cloned()
        .unwrap_or_else(|| panic!("no route {key}"))
}

/// Created from nothing, unchanged on a second run, the CI outputs. Returns the API id.
fn create_and_rerun(env: &Env, spec: &str) -> String {
    let plan = env.json(&["provision", "--spec", spec, "--dry-run"], 0);
    for (kind, name) in [
        ("api", "realtime"),
        ("authorizer", "token"),
        ("route", "sendMessage"),
        ("route-response", "sendMessage"),
        ("stage", "prod"),
        ("permission", "auth"),
        ("tags", "realtime"),
    ] {
        assert_eq!(action_of(&plan, kind, name), "create", "{kind} {name}");
    }
    let apis = env.aws(&["apigatewayv2", "get-apis"]);
    assert!(
        apis["Items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["Name"] != "realtime"),
        "--dry-run created an API: {apis}"
    );

    let env_file = env.home().join("github_env");
    let first = env.json(
        &[
            "provision",
            "--spec",
            spec,
            "--env-file",
            env_file.to_str().unwrap(),
        ],
        0,
    );
    let api_id = first["api"]["api_id"].as_str().unwrap().to_string();
    let lines = std::fs::read_to_string(&env_file).unwrap();
    assert!(
        lines.contains(&format!("WSCTL_API_ID={api_id}\n")),
        "{lines}"
    );
    assert!(lines.contains("WSCTL_STAGE=prod\n"), "{lines}");
    let ws = first["api"]["ws_url"].as_str().unwrap();
    assert!(
        lines.contains(&format!("WSCTL_WEBSOCKET_URL={ws}\n")),
        "{lines}"
    );
    let mgmt = first["api"]["management_endpoint"].as_str().unwrap();
    assert!(
        lines.contains(&format!("WSCTL_ENDPOINT={mgmt}\n")),
        "{lines}"
    );

    let second = env.json(&["provision", "--spec", spec], 0);
    assert!(differing(&second).is_empty(), "{:?}", differing(&second));
    env.json(&["provision", "--spec", spec, "--check"], 0);
    api_id
}

/// What was created is what was declared, read back with the AWS CLI.
fn assert_declared(env: &Env, api_id: &str) {
    let integrations = env.aws(&["apigatewayv2", "get-integrations", "--api-id", api_id]);
    let items = integrations["Items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        3,
        "one integration per function: {integrations}"
    );
    let target_of = |f: &str| {
        let uri = format!(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations",
            lambda_arn(f)
        );
        let i = items
            .iter()
            .find(|i| i["IntegrationUri"] == uri.as_str())
            .unwrap();
        assert_eq!(i["IntegrationType"], "AWS_PROXY");
        format!("integrations/{}", i["IntegrationId"].as_str().unwrap())
    };
    let connect = route_of(env, api_id, "$connect");
    assert_eq!(connect["Target"], target_of("connect").as_str());
    assert_eq!(connect["AuthorizationType"], "CUSTOM");
    let send = route_of(env, api_id, "sendMessage");
    assert_eq!(send["Target"], target_of("message").as_str());
    assert_eq!(send["RouteResponseSelectionExpression"], "$default");
    let auth = env.aws(&[
        "apigatewayv2",
        "get-authorizer",
        "--api-id",
        api_id,
        "--authorizer-id",
        connect["AuthorizerId"].as_str().unwrap(),
    ]);
    assert_eq!(auth["Name"], "token");
    assert_eq!(auth["AuthorizerType"], "REQUEST");
    assert_eq!(auth["IdentitySource"][0], "route.request.querystring.token");
    let stage = env.aws(&[
        "apigatewayv2",
        "get-stage",
        "--api-id",
        api_id,
        "--stage-name",
        "prod",
    ]);
    assert_eq!(stage["DefaultRouteSettings"]["ThrottlingRateLimit"], 100.0);
    assert_eq!(
        stage["DefaultRouteSettings"]["DetailedMetricsEnabled"],
        true
    );
    assert_eq!(
        stage["RouteSettings"]["sendMessage"]["ThrottlingBurstLimit"],
        5
    );
    assert_eq!(stage["StageVariables"]["mode"], "ci");
    assert_eq!(
        stage["AccessLogSettings"]["DestinationArn"],
        format!("arn:aws:logs:us-east-1:{ACCOUNT}:log-group:ws-access")
    );
    let api = env.aws(&["apigatewayv2", "get-api", "--api-id", api_id]);
    assert_eq!(api["Tags"]["team"], "rt");
    // Every function, authorizer included, may be invoked from this API only.
    let source = format!("arn:aws:execute-api:us-east-1:{ACCOUNT}:{api_id}/*");
    for f in ["connect", "disconnect", "message", "auth"] {
        assert_eq!(
            policy_sources(env, &lambda_arn(f)),
            vec![source.clone()],
            "{f}"
        );
    }
}

/// Changes made behind wsctl's back, one per resource kind: each is drift, and a rerun converges.
/// `stage_updates`: whether the server implements UpdateStage (moto does not).
fn drift_and_converge(env: &Env, spec: &str, api_id: &str, stage_updates: bool) {
    let connect = route_of(env, api_id, "$connect");
    let auth_id = connect["AuthorizerId"].as_str().unwrap().to_string();
    let send = route_of(env, api_id, "sendMessage");
    let message_integration = send["Target"]
        .as_str()
        .unwrap()
        .trim_start_matches("integrations/")
        .to_string();
    let connect_route = connect["RouteId"].as_str().unwrap().to_string();
    let api_arn = format!("arn:aws:apigateway:us-east-1::/apis/{api_id}");
    let cli: [&[&str]; 6] = [
        &["apigatewayv2", "update-integration", "--api-id", api_id, "--integration-id", &message_integration, "--integration-uri", "http://127.0.0.1:9/elsewhere", "--integration-type", "HTTP_PROXY"],
        &["apigatewayv2", "update-authorizer", "--api-id", api_id, "--authorizer-id", &auth_id, "--identity-source", "route.request.header.Auth"],
        &["apigatewayv2", "update-route", "--api-id", api_id, "--route-id", &connect_route, "--authorization-type", "NONE"],
        &["apigatewayv2", "update-stage", "--api-id", api_id, "--stage-name", "prod", "--stage-variables", "mode=hand", "--access-log-settings", "DestinationArn=arn:aws:logs:us-east-1:123456789012:log-group:other,Format=$context.requestId"],
        &["apigatewayv2", "untag-resource", "--resource-arn", &api_arn, "--tag-keys", "env"],
        &["lambda", "remove-permission", "--function-name", &lambda_arn("auth"), "--statement-id", &format!("wsctl-{api_id}")],
    ];
    for c in cli {
        if stage_updates || c[1] != "update-stage" {
            env.aws(c);
        }
    }
    let check = env.json(&["provision", "--spec", spec, "--check"], 6);
    assert_eq!(check["in_sync"], false);
    assert_eq!(
        action_of(&check, "integration", &message_integration),
        "update"
    );
    assert!(detail_of(&check, "integration", &message_integration)
        .contains("uri http://127.0.0.1:9/elsewhere -> arn:aws:apigateway:"));
    assert_eq!(action_of(&check, "authorizer", "token"), "update");
    assert_eq!(
        detail_of(&check, "authorizer", "token"),
        "identity route.request.header.Auth -> route.request.querystring.token"
    );
    assert_eq!(action_of(&check, "route", "$connect"), "update");
    assert!(detail_of(&check, "route", "$connect").contains("authorization NONE -> CUSTOM"));
    if stage_updates {
        assert_eq!(action_of(&check, "stage", "prod"), "update");
        let stage = detail_of(&check, "stage", "prod");
        assert!(stage.contains("variables mode=hand -> mode=ci"), "{stage}");
        assert!(
            stage.contains(
                "access log destination arn:aws:logs:us-east-1:123456789012:log-group:other -> "
            ),
            "{stage}"
        );
    }
    assert_eq!(action_of(&check, "tags", "realtime"), "update");
    assert_eq!(
        detail_of(&check, "tags", "realtime"),
        "team=rt -> env=ci,team=rt"
    );
    assert_eq!(action_of(&check, "permission", "auth"), "create");
    assert_eq!(action_of(&check, "permission", "connect"), "unchanged");

    let again = env.json(&["provision", "--spec", spec], 0);
    assert_eq!(action_of(&again, "permission", "auth"), "create");
    env.json(&["provision", "--spec", spec, "--check"], 0);
    assert_declared(env, api_id);
}

/// A route dropped from the spec (and one added by hand) is shown, kept without --prune, and
/// deleted with --prune --yes (off a terminal, --prune alone is refused: exit 7).
fn prune_cycle(env: &Env, spec_text: &str, api_id: &str) {
    env.aws(&[
        "apigatewayv2",
        "create-route",
        "--api-id",
        api_id,
        "--route-key",
        "rogue",
    ]);
    let fewer = spec_text.replace(
        "[api.route.\"$disconnect\"]\nintegration = \"arn:aws:lambda:us-east-1:123456789012:function:disconnect\"\n",
        "",
    );
    let authorizer_at = fewer.find("[api.authorizer]").unwrap();
    let fewer = fewer[..authorizer_at].to_string();
    assert_ne!(fewer, spec_text);
    let spec = env.write("fewer.toml", &fewer);
    let check = env.json(&["provision", "--spec", &spec, "--check"], 6);
    assert_eq!(action_of(&check, "route", "rogue"), "drift");
    assert_eq!(action_of(&check, "route", "$disconnect"), "drift");
    assert_eq!(action_of(&check, "authorizer", "token"), "drift");
    // $connect keeps its authorizer until --prune: authentication is never removed as a side effect.
    assert_eq!(action_of(&check, "route", "$connect"), "drift");
    let kept = env.json(&["provision", "--spec", &spec], 6);
    assert_eq!(action_of(&kept, "route", "rogue"), "drift");
    assert_eq!(
        route_of(env, api_id, "$connect")["AuthorizationType"],
        "CUSTOM"
    );
    let refused = env.wsctl(&["provision", "--spec", &spec, "--prune"]);
    assert_eq!(
        refused.status.code(),
        Some(7),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let plan = env.json(&["provision", "--spec", &spec, "--prune", "--dry-run"], 0);
    assert_eq!(action_of(&plan, "route", "rogue"), "delete");
    let integration_count = |env: &Env| {
        env.aws(&["apigatewayv2", "get-integrations", "--api-id", api_id])["Items"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(integration_count(env), 3, "nothing deleted yet");
    let pruned = env.json(&["provision", "--spec", &spec, "--prune", "--yes"], 0);
    assert_eq!(action_of(&pruned, "route", "$disconnect"), "delete");
    assert_eq!(action_of(&pruned, "authorizer", "token"), "delete");
    assert_eq!(
        detail_of(&pruned, "route", "$connect"),
        "authorization CUSTOM -> NONE"
    );
    assert_eq!(
        route_of(env, api_id, "$connect")["AuthorizationType"],
        "NONE"
    );
    let routes = env.aws(&["apigatewayv2", "get-routes", "--api-id", api_id]);
    let keys: Vec<&str> = routes["Items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["RouteKey"].as_str())
        .collect();
    assert!(
        !keys.contains(&"rogue") && !keys.contains(&"$disconnect"),
        "{keys:?}"
    );
    assert_eq!(
        integration_count(env),
        2,
        "the disconnect integration is pruned too"
    );
    env.json(&["provision", "--spec", &spec, "--check"], 0);
}

#[test]
fn local_control_plane_full_spec_converges_detects_drift_and_prunes() {
    let cp = local_control_plane();
    let env = Env::new(cp.apigw_endpoint.clone());
    let text = full_spec(false);
    let spec = env.write("spec.toml", &text);
    let api_id = create_and_rerun(&env, &spec);
    assert_declared(&env, &api_id);
    drift_and_converge(&env, &spec, &api_id, true);
    prune_cycle(&env, &text, &api_id);
}

/// A zip with one handler file: what moto's CreateFunction needs.
fn handler_zip(dir: &Path) -> String {
    let py = "import zipfile,sys\nwith zipfile.ZipFile(sys.argv[1],'w') as z: z.writestr('h.py','def handler(e,c): return {}')\n";
    let path = dir.join("fn.zip");
    let ok = Command::new(venv_bin("python"))
        .args(["-c", py, path.to_str().unwrap()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    format!("fileb://{}", path.display())
}

#[test]
fn moto_full_spec_converges_detects_drift_and_prunes() {
    let m = moto();
    let env = Env::new(m.url.clone());
    let role = env.aws(&[
        "iam",
        "create-role",
        "--role-name",
        "fn",
        "--assume-role-policy-document",
        r#"{"Version":"2012-10-17","Statement":[]}"#,
    ]);
    let role_arn = role["Role"]["Arn"].as_str().unwrap().to_string();
    let zip = handler_zip(env.home());
    for f in ["connect", "disconnect", "message", "auth"] {
        env.aws(&[
            "lambda",
            "create-function",
            "--function-name",
            f,
            "--runtime",
            "python3.12",
            "--role",
            &role_arn,
            "--handler",
            "h.handler",
            "--zip-file",
            &zip,
        ]);
    }
    // moto has no deployments (the stage auto-deploys) and no UpdateStage.
    let text = full_spec(true);
    let spec = env.write("spec.toml", &text);
    let api_id = create_and_rerun(&env, &spec);
    assert_declared(&env, &api_id);
    drift_and_converge(&env, &spec, &api_id, false);
    prune_cycle(&env, &text, &api_id);
}

#[test]
fn bad_specs_name_the_file_and_line_and_create_nothing() {
    // The control plane's state is per process: the other tests' APIs are there too.
    let cp = local_control_plane();
    let env = Env::new(cp.apigw_endpoint.clone());
    let good = full_spec(false).replace("name = \"realtime\"", "name = \"bad-input\"");
    let cases: Vec<(String, &str)> = vec![
        (
            good.replace("stage = \"prod\"", "stage = \"prod\"\nlogging = true"),
            "unknown field `logging`",
        ),
        (
            good.replace(
                &format!("integration = \"{}\"\n", lambda_arn("message")),
                "",
            ),
            "route \"sendMessage\" has no integration",
        ),
        (
            good.replace(
                &lambda_arn("auth"),
                "arn:aws:sqs:us-east-1:123456789012:auth",
            ),
            "ARN of the sqs service",
        ),
        (
            good.replace(
                &lambda_arn("connect"),
                "arn:aws:lambda:eu-west-1:123456789012:function:connect",
            ),
            "is in region eu-west-1, but the API is provisioned in us-east-1",
        ),
    ];
    for (i, (text, what)) in cases.iter().enumerate() {
        let spec = env.write(&format!("bad{i}.toml"), text);
        let out = env.wsctl(&["provision", "--spec", &spec]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.contains(&format!("{spec}:")),
            "{what}: no file:line in {stderr}"
        );
        assert!(first.contains(what), "{what}: {stderr}");
        // file:line is a real line of the file: the one that says it.
        let line: usize = first
            .split(&format!("{spec}:"))
            .nth(1)
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no line number in {first}"));
        assert!(line >= 1 && line <= text.lines().count(), "{first}");
    }
    let apis = env.aws(&["apigatewayv2", "get-apis"]);
    let named = |a: &&Value| a["Name"] == "bad-input";
    assert_eq!(
        apis["Items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(named)
            .count(),
        0,
        "a bad spec created something: {apis}"
    );
}

/// A spec's `[table] tags` on moto's DynamoDB (DynamoDB Local has no tagging): created with the
/// table, unchanged on a rerun, a tag removed with the AWS CLI is drift (old -> new), a rerun
/// converges.
#[test]
fn moto_table_tags_are_declared_and_converged() {
    let m = moto();
    let env = Env::new(m.url.clone());
    let spec = env.write(
        "table.toml",
        "[table]\nname = \"ws-connections\"\ntags = { team = \"rt\", env = \"ci\" }\n",
    );
    let ddb = ["--dynamodb-endpoint", m.url.as_str()];
    let run = |extra: &[&str], code: i32| {
        let mut a = vec!["provision", "--spec", spec.as_str()];
        a.extend_from_slice(&ddb);
        a.extend_from_slice(extra);
        env.json(&a, code)
    };
    let first = run(&[], 0);
    assert_eq!(action_of(&first, "tags", "ws-connections"), "create");
    let arn = env.aws(&[
        "dynamodb",
        "describe-table",
        "--table-name",
        "ws-connections",
    ])["Table"]["TableArn"]
        .as_str()
        .unwrap()
        .to_string();
    let tags = || {
        let v = env.aws(&["dynamodb", "list-tags-of-resource", "--resource-arn", &arn]);
        let mut t: Vec<String> = v["Tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                format!(
                    "{}={}",
                    t["Key"].as_str().unwrap(),
                    t["Value"].as_str().unwrap()
                )
            })
            .collect();
        t.sort();
        t
    };
    assert_eq!(tags(), ["env=ci", "team=rt"]);
    assert!(differing(&run(&[], 0)).is_empty());
    env.aws(&[
        "dynamodb",
        "untag-resource",
        "--resource-arn",
        &arn,
        "--tag-keys",
        "env",
    ]);
    let check = run(&["--check"], 6);
    assert_eq!(action_of(&check, "tags", "ws-connections"), "update");
    assert_eq!(
        detail_of(&check, "tags", "ws-connections"),
        "team=rt -> env=ci,team=rt"
    );
    assert_eq!(action_of(&run(&[], 0), "tags", "ws-connections"), "update");
    assert_eq!(tags(), ["env=ci", "team=rt"]);
    run(&["--check"], 0);
}

/// The same declarations as flags of `provision api`: authorizer, access log, metrics, variables,
/// tags; in sync on a rerun; a bad identity source is a usage error.
#[test]
fn local_control_plane_flags_declare_the_same() {
    let cp = local_control_plane();
    let env = Env::new(cp.apigw_endpoint.clone());
    let log = format!("arn:aws:logs:us-east-1:{ACCOUNT}:log-group:flags");
    let auth = lambda_arn("flags-auth");
    let args = [
        "provision",
        "api",
        "--name",
        "flags",
        "--integration",
        "http://127.0.0.1:9/flags",
        "--route",
        "sendMessage",
        "--authorizer-function",
        auth.as_str(),
        "--identity-source",
        "route.request.header.Auth",
        "--access-log-destination",
        log.as_str(),
        "--access-log-format",
        "$context.requestId $context.routeKey",
        "--detailed-metrics",
        "true",
        "--stage-variable",
        "mode=flags",
        "--tag",
        "team=rt",
    ];
    let first = env.json(&args, 0);
    assert_eq!(action_of(&first, "authorizer", "wsctl-connect"), "create");
    assert_eq!(action_of(&first, "permission", "flags-auth"), "create");
    let api_id = first["api"]["api_id"].as_str().unwrap().to_string();
    let connect = route_of(&env, &api_id, "$connect");
    assert_eq!(connect["AuthorizationType"], "CUSTOM");
    let stage = env.aws(&[
        "apigatewayv2",
        "get-stage",
        "--api-id",
        &api_id,
        "--stage-name",
        "prod",
    ]);
    assert_eq!(stage["AccessLogSettings"]["DestinationArn"], log.as_str());
    assert_eq!(stage["StageVariables"]["mode"], "flags");
    assert_eq!(
        stage["DefaultRouteSettings"]["DetailedMetricsEnabled"],
        true
    );
    let mut check = args.to_vec();
    check.push("--check");
    env.json(&check, 0);

    let bad: Vec<&str> = args
        .iter()
        .map(|a| {
            if *a == "route.request.header.Auth" {
                "token"
            } else {
                *a
            }
        })
        .collect();
    let out = env.wsctl(&bad);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--identity-source: invalid identity source \"token\""),
        "{stderr}"
    );
}
