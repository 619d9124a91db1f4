//! The emulated apigatewayv2 control plane: the REST-JSON operations `wsctl provision` uses, shaped
//! like the real service so that the AWS CLI and the SDKs work against `wsctl local serve` (paths,
//! camelCase JSON, status codes, `maxResults`/`nextToken` pagination, errors with an
//! `x-amzn-ErrorType` header and a `{"message"}` body).
//!
//! | Operation | Method and path | Status |
//! |---|---|---|
//! | CreateApi / GetApis | POST / GET `/v2/apis` | 201 / 200 |
//! | GetApi / UpdateApi / DeleteApi | GET / PATCH / DELETE `/v2/apis/{apiId}` | 200 / 200 / 204 |
//! | CreateRoute / GetRoutes | POST / GET `/v2/apis/{apiId}/routes` | 201 / 200 |
//! | GetRoute / UpdateRoute / DeleteRoute | GET / PATCH / DELETE `.../routes/{routeId}` | 200 / 200 / 204 |
//! | Create/Get/Update/DeleteIntegration(s) | `.../integrations[/{integrationId}]` | as above |
//! | CreateStage / GetStages / GetStage / UpdateStage / DeleteStage | `.../stages[/{stageName}]` | as above |
//! | CreateDeployment / GetDeployments / GetDeployment | `.../deployments[/{deploymentId}]` | 201 / 200 / 200 |
//! | Create/Get/Update/DeleteAuthorizer(s) | `.../authorizers[/{authorizerId}]` | as above |
//! | Create/Get/DeleteRouteResponse(s) | `.../routes/{routeId}/routeresponses[/{id}]` | 201 / 200 / 204 |
//! | TagResource / GetTags / UntagResource | POST / GET / DELETE `/v2/tags/{resourceArn}` | 201 / 200 / 204 |
//! | Lambda AddPermission / GetPolicy | POST / GET `/2015-03-31/functions/{name}/policy` | 201 / 200 |
//! | Lambda RemovePermission | DELETE `/2015-03-31/functions/{name}/policy/{statementId}` | 204 |
//!
//! Lambda functions cannot run here, so every function name exists as far as its resource policy
//! goes: `wsctl provision` can grant API Gateway the invoke permission, and tests can read it back.
//! Authorizers are stored and validated (only `$connect` may use one, as on AWS) but not invoked.
//!
//! What is created takes effect on the emulated gateway at once: each route of a WEBSOCKET API goes
//! to its integration (HTTP / HTTP_PROXY: POST to the URI; AWS_PROXY / AWS / MOCK: accepted and
//! dropped, as a Lambda cannot run here; no target: the built-in recorder), created stages accept
//! connections, and the route selection expression picks routes for messages. Like the real service,
//! CreateDeployment is throttled to one call per 5 seconds (TooManyRequestsException, 429);
//! `WSCTL_LOCAL_DEPLOY_INTERVAL_MS` changes the interval (0 turns it off).
//!
//! State lives in memory for the life of the process.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use rand::Rng;
use serde_json::{json, Map, Value};

use crate::local::routes::{RouteTarget, Routing};

const DEFAULT_PAGE: usize = 25;
/// Lambda's REST paths, served on the same port so one endpoint serves `wsctl provision`.
pub const LAMBDA_PREFIX: &str = "/2015-03-31/functions/";
const MAX_BODY: usize = 1 << 20;

/// Handle one `/v2/...` request.
pub async fn handle(state: Arc<Routing>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty())
        .unwrap_or("127.0.0.1")
        .to_string();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return error_response(ApiError::bad_request(
                "request body too large or unreadable",
            ))
        }
    };
    let body: Value = if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        Value::Object(Map::new())
    } else {
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                return error_response(ApiError::bad_request(
                    "the request body is not a JSON object",
                ))
            }
        }
    };
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let query: BTreeMap<String, String> = pairs.iter().cloned().collect();
    let segments: Vec<String> = parts
        .uri
        .path()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let result = {
        let mut cp = match control_plane().lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let req = Req {
            method: &parts.method,
            query: &query,
            pairs: &pairs,
            body: &body,
            host: &host,
        };
        cp.dispatch(&segments, &req, &state)
    };
    match result {
        Ok((status, value)) => {
            let mut resp = match value {
                Some(v) => Response::new(Body::from(v.to_string())),
                None => Response::new(Body::empty()),
            };
            *resp.status_mut() = status;
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            resp
        }
        Err(e) => error_response(e),
    }
}

fn control_plane() -> &'static Mutex<ControlPlane> {
    static STATE: OnceLock<Mutex<ControlPlane>> = OnceLock::new();
    STATE.get_or_init(|| Mutex::new(ControlPlane::default()))
}

fn deploy_interval() -> Duration {
    static INTERVAL: OnceLock<Duration> = OnceLock::new();
    *INTERVAL.get_or_init(|| {
        std::env::var("WSCTL_LOCAL_DEPLOY_INTERVAL_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_secs(5))
    })
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    kind: &'static str,
    message: String,
    resource_type: Option<&'static str>,
}

impl ApiError {
    fn bad_request(m: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            kind: "BadRequestException",
            message: m.into(),
            resource_type: None,
        }
    }
    fn not_found(resource_type: &'static str, m: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            kind: "NotFoundException",
            message: m.into(),
            resource_type: Some(resource_type),
        }
    }
    fn conflict(m: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::CONFLICT,
            kind: "ConflictException",
            message: m.into(),
            resource_type: None,
        }
    }
    fn lambda_not_found(m: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            kind: "ResourceNotFoundException",
            message: m.into(),
            resource_type: None,
        }
    }
    fn lambda_conflict(m: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::CONFLICT,
            kind: "ResourceConflictException",
            message: m.into(),
            resource_type: None,
        }
    }
    fn too_many(m: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            kind: "TooManyRequestsException",
            message: m.into(),
            resource_type: None,
        }
    }
}

fn error_response(e: ApiError) -> Response {
    let mut body = json!({ "message": e.message });
    if let Some(rt) = e.resource_type {
        body["resourceType"] = json!(rt);
    }
    if e.kind == "TooManyRequestsException" {
        body["limitType"] = json!("CreateDeployment");
    }
    let mut resp = Response::new(Body::from(body.to_string()));
    *resp.status_mut() = e.status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp.headers_mut()
        .insert("x-amzn-ErrorType", HeaderValue::from_static(e.kind));
    resp
}

type Reply = Result<(StatusCode, Option<Value>), ApiError>;

struct Req<'a> {
    method: &'a Method,
    query: &'a BTreeMap<String, String>,
    /// Every query parameter, repeated ones included (`tagKeys=a&tagKeys=b`).
    pairs: &'a [(String, String)],
    body: &'a Value,
    host: &'a str,
}

/// One API and its sub-resources, each kept as its wire JSON (camelCase), in creation order.
#[derive(Debug, Default)]
struct ApiState {
    api: Map<String, Value>,
    routes: Vec<Map<String, Value>>,
    integrations: Vec<Map<String, Value>>,
    stages: Vec<Map<String, Value>>,
    deployments: Vec<Map<String, Value>>,
    authorizers: Vec<Map<String, Value>>,
    /// (routeId, route response)
    route_responses: Vec<(String, Map<String, Value>)>,
}

impl ApiState {
    fn is_websocket(&self) -> bool {
        self.api.get("protocolType").and_then(Value::as_str) == Some("WEBSOCKET")
    }
    fn id(&self) -> &str {
        self.api.get("apiId").and_then(Value::as_str).unwrap_or("")
    }
}

#[derive(Debug, Default)]
struct ControlPlane {
    apis: Vec<ApiState>,
    last_deployment: Option<Instant>,
    /// Lambda resource policies: function name → statements.
    policies: BTreeMap<String, Vec<Value>>,
}

fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

fn new_id(len: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect()
}

fn str_field<'a>(body: &'a Value, name: &str) -> Result<Option<&'a str>, ApiError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::bad_request(format!("{name} must be a string"))),
    }
}

fn required<'a>(body: &'a Value, name: &str) -> Result<&'a str, ApiError> {
    match str_field(body, name)? {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(ApiError::bad_request(format!(
            "{name} is required and must not be empty"
        ))),
    }
}

/// Copy the fields a client may set into a resource (`null` removes one).
fn merge(target: &mut Map<String, Value>, body: &Value, allowed: &[&str]) {
    for name in allowed {
        match body.get(*name) {
            None => {}
            Some(Value::Null) => {
                target.remove(*name);
            }
            Some(v) => {
                target.insert((*name).to_string(), v.clone());
            }
        }
    }
}

fn check_bool(body: &Value, name: &str) -> Result<(), ApiError> {
    match body.get(name) {
        None | Some(Value::Null) | Some(Value::Bool(_)) => Ok(()),
        Some(_) => Err(ApiError::bad_request(format!("{name} must be a boolean"))),
    }
}

fn objects(items: &[Map<String, Value>]) -> Vec<Value> {
    items.iter().map(|m| Value::Object(m.clone())).collect()
}

fn key_of<'a>(m: &'a Map<String, Value>, field: &str) -> Option<&'a str> {
    m.get(field).and_then(Value::as_str)
}

/// One page of `items` per `maxResults` / `nextToken` (the token is an opaque offset).
fn page(items: Vec<Value>, query: &BTreeMap<String, String>) -> Reply {
    let size = match query.get("maxResults") {
        None => DEFAULT_PAGE,
        Some(s) => match s.parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "maxResults must be a positive number, not {s:?}"
                )))
            }
        },
    };
    let start = match query.get("nextToken").filter(|t| !t.is_empty()) {
        None => 0,
        Some(t) => match t.strip_prefix('p').and_then(|n| n.parse::<usize>().ok()) {
            Some(n) if n <= items.len() => n,
            _ => return Err(ApiError::bad_request("invalid nextToken")),
        },
    };
    let end = (start + size).min(items.len());
    let mut out = json!({ "items": items[start..end].to_vec() });
    if end < items.len() {
        out["nextToken"] = json!(format!("p{end}"));
    }
    Ok((StatusCode::OK, Some(out)))
}

fn no_such(m: &Method, what: &str) -> ApiError {
    ApiError::not_found("Resource", format!("no such operation: {m} {what}"))
}

const ROUTE_FIELDS: &[&str] = &[
    "routeKey",
    "target",
    "authorizationType",
    "authorizerId",
    "apiKeyRequired",
    "operationName",
    "routeResponseSelectionExpression",
    "modelSelectionExpression",
    "requestModels",
    "requestParameters",
    "authorizationScopes",
];
const INTEGRATION_FIELDS: &[&str] = &[
    "integrationType",
    "integrationUri",
    "integrationMethod",
    "connectionType",
    "connectionId",
    "credentialsArn",
    "description",
    "timeoutInMillis",
    "payloadFormatVersion",
    "requestTemplates",
    "requestParameters",
    "templateSelectionExpression",
    "passthroughBehavior",
    "contentHandlingStrategy",
    "integrationSubtype",
];
const STAGE_FIELDS: &[&str] = &[
    "autoDeploy",
    "deploymentId",
    "description",
    "routeSettings",
    "stageVariables",
    "accessLogSettings",
    "clientCertificateId",
    "tags",
];
const API_UPDATE_FIELDS: &[&str] = &[
    "name",
    "routeSelectionExpression",
    "apiKeySelectionExpression",
    "description",
    "disableExecuteApiEndpoint",
    "version",
];
const AUTHORIZER_FIELDS: &[&str] = &[
    "name",
    "authorizerType",
    "authorizerUri",
    "authorizerCredentialsArn",
    "identitySource",
    "identityValidationExpression",
    "authorizerResultTtlInSeconds",
];
const INTEGRATION_TYPES: &[&str] = &["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"];

impl ControlPlane {
    fn dispatch(&mut self, seg: &[String], req: &Req, routing: &Routing) -> Reply {
        let s: Vec<&str> = seg.iter().map(String::as_str).collect();
        let m = req.method;
        match (m, s.as_slice()) {
            (&Method::POST, ["v2", "apis"]) => self.create_api(req, routing),
            (&Method::GET, ["v2", "apis"]) => {
                let items = self
                    .apis
                    .iter()
                    .map(|a| Value::Object(a.api.clone()))
                    .collect();
                page(items, req.query)
            }
            (_, ["v2", "tags", arn @ ..]) if !arn.is_empty() => self.tags_op(&arn.join("/"), req),
            (_, ["2015-03-31", "functions", name, "policy", rest @ ..]) => {
                self.policy_op(name, rest, req)
            }
            (_, ["v2", "apis", id, rest @ ..]) => {
                let idx = self
                    .apis
                    .iter()
                    .position(|a| a.id() == *id)
                    .ok_or_else(|| {
                        ApiError::not_found("Api", format!("Invalid API identifier specified {id}"))
                    })?;
                self.api_op(idx, rest, req, routing)
            }
            _ => Err(no_such(m, &seg.join("/"))),
        }
    }

    fn create_api(&mut self, req: &Req, routing: &Routing) -> Reply {
        let b = req.body;
        let name = required(b, "name")?;
        let protocol = required(b, "protocolType")?;
        if !matches!(protocol, "WEBSOCKET" | "HTTP") {
            return Err(ApiError::bad_request(format!(
                "protocolType must be WEBSOCKET or HTTP, not {protocol}"
            )));
        }
        let rse = str_field(b, "routeSelectionExpression")?;
        if protocol == "WEBSOCKET" && rse.is_none_or(str::is_empty) {
            return Err(ApiError::bad_request(
                "routeSelectionExpression is required for a WEBSOCKET API",
            ));
        }
        check_bool(b, "disableExecuteApiEndpoint")?;
        let scheme = if protocol == "WEBSOCKET" {
            "ws"
        } else {
            "http"
        };
        let mut api = Map::new();
        api.insert("apiId".into(), json!(new_id(10)));
        api.insert(
            "apiEndpoint".into(),
            json!(format!("{scheme}://{}", req.host)),
        );
        api.insert("name".into(), json!(name));
        api.insert("protocolType".into(), json!(protocol));
        api.insert(
            "routeSelectionExpression".into(),
            json!(rse.unwrap_or("${request.method} ${request.path}")),
        );
        api.insert(
            "apiKeySelectionExpression".into(),
            json!(str_field(b, "apiKeySelectionExpression")?
                .unwrap_or("$request.header.x-api-key")),
        );
        api.insert("createdDate".into(), json!(now()));
        api.insert(
            "disableExecuteApiEndpoint".into(),
            b.get("disableExecuteApiEndpoint")
                .cloned()
                .unwrap_or(json!(false)),
        );
        api.insert("tags".into(), b.get("tags").cloned().unwrap_or(json!({})));
        merge(&mut api, b, &["description", "version"]);
        if protocol == "WEBSOCKET" {
            if let Some(r) = rse {
                routing.set_selection_expression(r);
            }
        }
        let out = Value::Object(api.clone());
        self.apis.push(ApiState {
            api,
            ..Default::default()
        });
        Ok((StatusCode::CREATED, Some(out)))
    }

    fn api_op(&mut self, idx: usize, rest: &[&str], req: &Req, routing: &Routing) -> Reply {
        let m = req.method;
        match (m, rest) {
            (&Method::GET, []) => Ok((
                StatusCode::OK,
                Some(Value::Object(self.apis[idx].api.clone())),
            )),
            (&Method::PATCH, []) => {
                let a = &mut self.apis[idx];
                if str_field(req.body, "name")?.is_some_and(str::is_empty) {
                    return Err(ApiError::bad_request("name must not be empty"));
                }
                merge(&mut a.api, req.body, API_UPDATE_FIELDS);
                if a.is_websocket() {
                    if let Some(r) = str_field(req.body, "routeSelectionExpression")? {
                        routing.set_selection_expression(r);
                    }
                }
                Ok((StatusCode::OK, Some(Value::Object(a.api.clone()))))
            }
            (&Method::DELETE, []) => {
                let a = self.apis.remove(idx);
                if a.is_websocket() {
                    for r in &a.routes {
                        if let Some(k) = key_of(r, "routeKey") {
                            routing.remove_route(k);
                        }
                    }
                }
                Ok((StatusCode::NO_CONTENT, None))
            }
            (_, ["routes", rid, "routeresponses", rest @ ..]) => {
                self.route_response_op(idx, rid, rest, req)
            }
            (_, ["routes", rest @ ..]) => self.route_op(idx, rest, req, routing),
            (_, ["integrations", rest @ ..]) => self.integration_op(idx, rest, req, routing),
            (_, ["stages", rest @ ..]) => self.stage_op(idx, rest, req, routing),
            (_, ["deployments", rest @ ..]) => self.deployment_op(idx, rest, req),
            (_, ["authorizers", rest @ ..]) => self.authorizer_op(idx, rest, req),
            _ => Err(no_such(m, &rest.join("/"))),
        }
    }

    fn check_target(a: &ApiState, body: &Value) -> Result<(), ApiError> {
        if let Some(t) = str_field(body, "target")? {
            let ok = t.strip_prefix("integrations/").is_some_and(|id| {
                a.integrations
                    .iter()
                    .any(|i| key_of(i, "integrationId") == Some(id))
            });
            if !ok {
                return Err(ApiError::bad_request(format!(
                    "Invalid integration identifier specified in target {t}"
                )));
            }
        }
        Ok(())
    }

    /// CreateRoute: a new key, a valid target and authorization; the body's fields over the
    /// defaults.
    fn create_route(&mut self, idx: usize, b: &Value, routing: &Routing) -> Reply {
        let a = &mut self.apis[idx];
        let key = required(b, "routeKey")?;
        if a.routes.iter().any(|r| key_of(r, "routeKey") == Some(key)) {
            return Err(ApiError::conflict(format!(
                "Route with key {key} already exists for this API"
            )));
        }
        Self::check_target(a, b)?;
        check_bool(b, "apiKeyRequired")?;
        Self::check_authorization(a, key, b)?;
        let mut r = Map::new();
        r.insert("routeId".into(), json!(new_id(7)));
        r.insert("apiGatewayManaged".into(), json!(false));
        r.insert("apiKeyRequired".into(), json!(false));
        r.insert("authorizationType".into(), json!("NONE"));
        merge(&mut r, b, ROUTE_FIELDS);
        a.routes.push(r.clone());
        self.after_change(idx, routing);
        Ok((StatusCode::CREATED, Some(Value::Object(r))))
    }

    /// UpdateRoute: a valid target and authorization, a new key not taken by another route; the
    /// body's fields merged in; a WebSocket route's old key unrouted when it changed.
    fn update_route(&mut self, idx: usize, pos: usize, b: &Value, routing: &Routing) -> Reply {
        let a = &mut self.apis[idx];
        Self::check_target(a, b)?;
        check_bool(b, "apiKeyRequired")?;
        let key = str_field(b, "routeKey")?
            .or_else(|| key_of(&a.routes[pos], "routeKey"))
            .unwrap_or("")
            .to_string();
        Self::check_authorization(a, &key, b)?;
        let old_key = key_of(&a.routes[pos], "routeKey").map(str::to_string);
        if let Some(k) = str_field(b, "routeKey")? {
            if k.is_empty() {
                return Err(ApiError::bad_request("routeKey must not be empty"));
            }
            let clash = a
                .routes
                .iter()
                .enumerate()
                .any(|(i, r)| i != pos && key_of(r, "routeKey") == Some(k));
            if clash {
                return Err(ApiError::conflict(format!(
                    "Route with key {k} already exists for this API"
                )));
            }
        }
        merge(&mut a.routes[pos], b, ROUTE_FIELDS);
        if str_field(b, "authorizationType")? == Some("NONE") {
            // A route without authorization names no authorizer.
            a.routes[pos].remove("authorizerId");
        }
        let out = Value::Object(a.routes[pos].clone());
        let new_key = key_of(&a.routes[pos], "routeKey").map(str::to_string);
        if a.is_websocket() && old_key != new_key {
            if let Some(k) = old_key {
                routing.remove_route(&k);
            }
        }
        self.after_change(idx, routing);
        Ok((StatusCode::OK, Some(out)))
    }

    fn route_op(&mut self, idx: usize, rest: &[&str], req: &Req, routing: &Routing) -> Reply {
        let b = req.body;
        match (req.method, rest) {
            (&Method::POST, []) => self.create_route(idx, b, routing),
            (&Method::GET, []) => page(objects(&self.apis[idx].routes), req.query),
            (m, [rid]) => {
                let a = &mut self.apis[idx];
                let pos = a
                    .routes
                    .iter()
                    .position(|r| key_of(r, "routeId") == Some(*rid))
                    .ok_or_else(|| {
                        ApiError::not_found(
                            "Route",
                            format!("Invalid Route identifier specified {rid}"),
                        )
                    })?;
                match *m {
                    Method::GET => Ok((StatusCode::OK, Some(Value::Object(a.routes[pos].clone())))),
                    Method::PATCH => self.update_route(idx, pos, b, routing),
                    Method::DELETE => {
                        let r = a.routes.remove(pos);
                        a.route_responses.retain(|(id, _)| id != rid);
                        if a.is_websocket() {
                            if let Some(k) = key_of(&r, "routeKey") {
                                routing.remove_route(k);
                            }
                        }
                        self.after_change(idx, routing);
                        Ok((StatusCode::NO_CONTENT, None))
                    }
                    _ => Err(no_such(m, "route")),
                }
            }
            (m, _) => Err(no_such(m, "routes")),
        }
    }

    fn check_integration(i: &Map<String, Value>) -> Result<(), ApiError> {
        let v = Value::Object(i.clone());
        let t = required(&v, "integrationType")?;
        if !INTEGRATION_TYPES.contains(&t) {
            return Err(ApiError::bad_request(format!(
                "integrationType must be one of {}, not {t}",
                INTEGRATION_TYPES.join(", ")
            )));
        }
        let uri = str_field(&v, "integrationUri")?;
        if t != "MOCK" && uri.is_none_or(str::is_empty) {
            return Err(ApiError::bad_request(format!(
                "integrationUri is required for a {t} integration"
            )));
        }
        if matches!(t, "HTTP" | "HTTP_PROXY") {
            let ok = uri
                .and_then(|u| url::Url::parse(u).ok())
                .is_some_and(|u| matches!(u.scheme(), "http" | "https"));
            if !ok {
                return Err(ApiError::bad_request(
                    "integrationUri of an HTTP integration must be an http(s) URL",
                ));
            }
        }
        Ok(())
    }

    fn integration_op(&mut self, idx: usize, rest: &[&str], req: &Req, routing: &Routing) -> Reply {
        let b = req.body;
        match (req.method, rest) {
            (&Method::POST, []) => {
                let mut i = Map::new();
                i.insert("integrationId".into(), json!(new_id(7)));
                i.insert("apiGatewayManaged".into(), json!(false));
                i.insert("connectionType".into(), json!("INTERNET"));
                i.insert("timeoutInMillis".into(), json!(29000));
                i.insert("payloadFormatVersion".into(), json!("1.0"));
                if self.apis[idx].is_websocket() {
                    i.insert("passthroughBehavior".into(), json!("WHEN_NO_MATCH"));
                }
                merge(&mut i, b, INTEGRATION_FIELDS);
                Self::check_integration(&i)?;
                self.apis[idx].integrations.push(i.clone());
                self.after_change(idx, routing);
                Ok((StatusCode::CREATED, Some(Value::Object(i))))
            }
            (&Method::GET, []) => page(objects(&self.apis[idx].integrations), req.query),
            (m, [iid]) => {
                let a = &mut self.apis[idx];
                let pos = a
                    .integrations
                    .iter()
                    .position(|r| key_of(r, "integrationId") == Some(*iid))
                    .ok_or_else(|| {
                        ApiError::not_found(
                            "Integration",
                            format!("Invalid Integration identifier specified {iid}"),
                        )
                    })?;
                match *m {
                    Method::GET => Ok((
                        StatusCode::OK,
                        Some(Value::Object(a.integrations[pos].clone())),
                    )),
                    Method::PATCH => {
                        let mut updated = a.integrations[pos].clone();
                        merge(&mut updated, b, INTEGRATION_FIELDS);
                        Self::check_integration(&updated)?;
                        a.integrations[pos] = updated.clone();
                        self.after_change(idx, routing);
                        Ok((StatusCode::OK, Some(Value::Object(updated))))
                    }
                    Method::DELETE => {
                        let target = format!("integrations/{iid}");
                        if a.routes
                            .iter()
                            .any(|r| key_of(r, "target") == Some(target.as_str()))
                        {
                            return Err(ApiError::conflict(format!(
                                "Integration {iid} is used by a route: change the route's target first"
                            )));
                        }
                        a.integrations.remove(pos);
                        Ok((StatusCode::NO_CONTENT, None))
                    }
                    _ => Err(no_such(m, "integration")),
                }
            }
            (m, _) => Err(no_such(m, "integrations")),
        }
    }

    fn check_stage_body(a: &ApiState, b: &Value) -> Result<(), ApiError> {
        check_bool(b, "autoDeploy")?;
        if let Some(d) = str_field(b, "deploymentId")? {
            if !a
                .deployments
                .iter()
                .any(|x| key_of(x, "deploymentId") == Some(d))
            {
                return Err(ApiError::bad_request(format!(
                    "Invalid deployment identifier specified {d}"
                )));
            }
        }
        match b.get("defaultRouteSettings") {
            None | Some(Value::Null) => {}
            Some(Value::Object(s)) => {
                if s.get("throttlingRateLimit").is_some_and(|v| !v.is_number()) {
                    return Err(ApiError::bad_request(
                        "throttlingRateLimit must be a number",
                    ));
                }
                if s.get("throttlingBurstLimit")
                    .is_some_and(|v| !(v.is_i64() || v.is_u64()))
                {
                    return Err(ApiError::bad_request(
                        "throttlingBurstLimit must be an integer",
                    ));
                }
            }
            Some(_) => {
                return Err(ApiError::bad_request(
                    "defaultRouteSettings must be an object",
                ))
            }
        }
        Ok(())
    }

    /// CreateStage: a valid, unreserved, new name; the body's fields over the defaults; an
    /// auto-deploy stage deployed at once; a WebSocket stage routed.
    fn create_stage(a: &mut ApiState, b: &Value, routing: &Routing) -> Reply {
        let name = required(b, "stageName")?;
        check_stage_name(name)?;
        if a.stages
            .iter()
            .any(|s| key_of(s, "stageName") == Some(name))
        {
            return Err(ApiError::conflict(format!("Stage already exists: {name}")));
        }
        Self::check_stage_body(a, b)?;
        let s = new_stage(name, b);
        let auto = s.get("autoDeploy").and_then(Value::as_bool) == Some(true);
        a.stages.push(s);
        let pos = a.stages.len() - 1;
        if auto {
            Self::auto_deploy(a, pos);
        }
        if a.is_websocket() {
            routing.add_stage(name);
        }
        Ok((
            StatusCode::CREATED,
            Some(Value::Object(a.stages[pos].clone())),
        ))
    }

    /// UpdateStage: the body's fields merged in (`defaultRouteSettings` key by key); deployed
    /// when `autoDeploy` is turned on.
    fn update_stage(a: &mut ApiState, pos: usize, b: &Value) -> Reply {
        Self::check_stage_body(a, b)?;
        let s = &mut a.stages[pos];
        merge(s, b, STAGE_FIELDS);
        if let Some(Value::Object(given)) = b.get("defaultRouteSettings") {
            let drs = s.entry("defaultRouteSettings").or_insert_with(|| json!({}));
            for (k, v) in given {
                drs[k] = v.clone();
            }
        }
        s.insert("lastUpdatedDate".into(), json!(now()));
        if b.get("autoDeploy").and_then(Value::as_bool) == Some(true) {
            Self::auto_deploy(a, pos);
        }
        Ok((StatusCode::OK, Some(Value::Object(a.stages[pos].clone()))))
    }

    fn stage_op(&mut self, idx: usize, rest: &[&str], req: &Req, routing: &Routing) -> Reply {
        let b = req.body;
        match (req.method, rest) {
            (&Method::POST, []) => Self::create_stage(&mut self.apis[idx], b, routing),
            (&Method::GET, []) => page(objects(&self.apis[idx].stages), req.query),
            (m, [name]) => {
                let a = &mut self.apis[idx];
                let pos = a
                    .stages
                    .iter()
                    .position(|r| key_of(r, "stageName") == Some(*name))
                    .ok_or_else(|| {
                        ApiError::not_found(
                            "Stage",
                            format!("Invalid stage identifier specified {name}"),
                        )
                    })?;
                match *m {
                    Method::GET => Ok((StatusCode::OK, Some(Value::Object(a.stages[pos].clone())))),
                    Method::PATCH => Self::update_stage(a, pos, b),
                    Method::DELETE => {
                        a.stages.remove(pos);
                        Ok((StatusCode::NO_CONTENT, None))
                    }
                    _ => Err(no_such(m, "stage")),
                }
            }
            (m, _) => Err(no_such(m, "stages")),
        }
    }

    /// A deployment made by an auto-deploy stage (not throttled: the service makes it).
    fn auto_deploy(a: &mut ApiState, stage_pos: usize) {
        let id = new_id(6);
        let t = now();
        let mut d = Map::new();
        d.insert("deploymentId".into(), json!(id));
        d.insert("deploymentStatus".into(), json!("DEPLOYED"));
        d.insert("createdDate".into(), json!(t));
        d.insert("autoDeployed".into(), json!(true));
        a.deployments.push(d);
        let s = &mut a.stages[stage_pos];
        s.insert("deploymentId".into(), json!(id));
        s.insert("lastUpdatedDate".into(), json!(t));
    }

    fn deployment_op(&mut self, idx: usize, rest: &[&str], req: &Req) -> Reply {
        let b = req.body;
        match (req.method, rest) {
            (&Method::POST, []) => {
                let interval = deploy_interval();
                if let Some(last) = self.last_deployment {
                    if !interval.is_zero() && last.elapsed() < interval {
                        return Err(ApiError::too_many("Too Many Requests"));
                    }
                }
                let a = &mut self.apis[idx];
                let stage_pos = match str_field(b, "stageName")? {
                    None => None,
                    Some(name) => Some(
                        a.stages
                            .iter()
                            .position(|s| key_of(s, "stageName") == Some(name))
                            .ok_or_else(|| {
                                ApiError::bad_request(format!(
                                    "Invalid stage identifier specified {name}"
                                ))
                            })?,
                    ),
                };
                if a.is_websocket() && a.routes.is_empty() {
                    return Err(ApiError::bad_request(
                        "At least one route is required before deploying the Api.",
                    ));
                }
                let id = new_id(6);
                let t = now();
                let mut d = Map::new();
                d.insert("deploymentId".into(), json!(id));
                d.insert("deploymentStatus".into(), json!("DEPLOYED"));
                d.insert("createdDate".into(), json!(t));
                d.insert("autoDeployed".into(), json!(false));
                merge(&mut d, b, &["description"]);
                a.deployments.push(d.clone());
                if let Some(p) = stage_pos {
                    a.stages[p].insert("deploymentId".into(), json!(id));
                    a.stages[p].insert("lastUpdatedDate".into(), json!(t));
                }
                self.last_deployment = Some(Instant::now());
                Ok((StatusCode::CREATED, Some(Value::Object(d))))
            }
            (&Method::GET, []) => page(objects(&self.apis[idx].deployments), req.query),
            (&Method::GET, [did]) => self.apis[idx]
                .deployments
                .iter()
                .find(|d| key_of(d, "deploymentId") == Some(*did))
                .map(|d| (StatusCode::OK, Some(Value::Object(d.clone()))))
                .ok_or_else(|| {
                    ApiError::not_found(
                        "Deployment",
                        format!("Invalid Deployment identifier specified {did}"),
                    )
                }),
            (m, _) => Err(no_such(m, "deployments")),
        }
    }

    /// Routes or integrations of API `idx` changed: route the gateway accordingly, and let
    /// auto-deploy stages deploy the change.
    fn after_change(&mut self, idx: usize, routing: &Routing) {
        let a = &mut self.apis[idx];
        if a.is_websocket() {
            for r in &a.routes {
                let Some(key) = key_of(r, "routeKey") else {
                    continue;
                };
                let integration = key_of(r, "target")
                    .and_then(|t| t.strip_prefix("integrations/"))
                    .and_then(|id| {
                        a.integrations
                            .iter()
                            .find(|i| key_of(i, "integrationId") == Some(id))
                    });
                routing.set_route(key, route_target(integration));
            }
        }
        let autos: Vec<usize> = a
            .stages
            .iter()
            .enumerate()
            .filter(|(_, s)| s.get("autoDeploy").and_then(Value::as_bool) == Some(true))
            .map(|(i, _)| i)
            .collect();
        for p in autos {
            Self::auto_deploy(a, p);
        }
    }
}

/// Authorizers, route responses, tags and Lambda resource policies.
impl ControlPlane {
    /// A custom authorizer must exist, and WebSocket APIs authorize only `$connect`.
    fn check_authorization(a: &ApiState, route_key: &str, body: &Value) -> Result<(), ApiError> {
        let kind = str_field(body, "authorizationType")?;
        if let Some(k) = kind {
            if !matches!(k, "NONE" | "AWS_IAM" | "CUSTOM" | "JWT") {
                return Err(ApiError::bad_request(format!(
                    "authorizationType must be NONE, AWS_IAM, CUSTOM or JWT, not {k}"
                )));
            }
            if a.is_websocket() && k != "NONE" && route_key != "$connect" {
                return Err(ApiError::bad_request(
                    "Currently, authorization is restricted to the $connect route only",
                ));
            }
        }
        if let Some(id) = str_field(body, "authorizerId")? {
            if !a
                .authorizers
                .iter()
                .any(|x| key_of(x, "authorizerId") == Some(id))
            {
                return Err(ApiError::bad_request(format!(
                    "Invalid authorizer identifier specified {id}"
                )));
            }
        }
        if kind == Some("CUSTOM") && str_field(body, "authorizerId")?.is_none() {
            return Err(ApiError::bad_request(
                "authorizerId is required when authorizationType is CUSTOM",
            ));
        }
        Ok(())
    }

    fn check_authorizer(x: &Map<String, Value>) -> Result<(), ApiError> {
        let v = Value::Object(x.clone());
        required(&v, "name")?;
        let t = required(&v, "authorizerType")?;
        if !matches!(t, "REQUEST" | "JWT") {
            return Err(ApiError::bad_request(format!(
                "authorizerType must be REQUEST or JWT, not {t}"
            )));
        }
        if t == "REQUEST" && str_field(&v, "authorizerUri")?.is_none_or(str::is_empty) {
            return Err(ApiError::bad_request(
                "authorizerUri is required for a REQUEST authorizer",
            ));
        }
        match v.get("identitySource") {
            Some(Value::Array(a)) if a.iter().all(Value::is_string) => Ok(()),
            None | Some(Value::Null) => Ok(()),
            Some(_) => Err(ApiError::bad_request(
                "identitySource must be a list of strings",
            )),
        }
    }

    fn authorizer_op(&mut self, idx: usize, rest: &[&str], req: &Req) -> Reply {
        let b = req.body;
        let a = &mut self.apis[idx];
        match (req.method, rest) {
            (&Method::POST, []) => {
                let mut x = Map::new();
                x.insert("authorizerId".into(), json!(new_id(6)));
                merge(&mut x, b, AUTHORIZER_FIELDS);
                Self::check_authorizer(&x)?;
                a.authorizers.push(x.clone());
                Ok((StatusCode::CREATED, Some(Value::Object(x))))
            }
            (&Method::GET, []) => page(objects(&a.authorizers), req.query),
            (m, [aid]) => {
                let pos = a
                    .authorizers
                    .iter()
                    .position(|x| key_of(x, "authorizerId") == Some(*aid))
                    .ok_or_else(|| {
                        ApiError::not_found(
                            "Authorizer",
                            format!("Invalid authorizer identifier specified {aid}"),
                        )
                    })?;
                match *m {
                    Method::GET => Ok((
                        StatusCode::OK,
                        Some(Value::Object(a.authorizers[pos].clone())),
                    )),
                    Method::PATCH => {
                        let mut updated = a.authorizers[pos].clone();
                        merge(&mut updated, b, AUTHORIZER_FIELDS);
                        Self::check_authorizer(&updated)?;
                        a.authorizers[pos] = updated.clone();
                        Ok((StatusCode::OK, Some(Value::Object(updated))))
                    }
                    Method::DELETE => {
                        if a.routes
                            .iter()
                            .any(|r| key_of(r, "authorizerId") == Some(*aid))
                        {
                            return Err(ApiError::conflict(format!(
                                "Authorizer {aid} is used by a route: change the route first"
                            )));
                        }
                        a.authorizers.remove(pos);
                        Ok((StatusCode::NO_CONTENT, None))
                    }
                    _ => Err(no_such(m, "authorizer")),
                }
            }
            (m, _) => Err(no_such(m, "authorizers")),
        }
    }

    fn route_response_op(&mut self, idx: usize, rid: &str, rest: &[&str], req: &Req) -> Reply {
        let a = &mut self.apis[idx];
        if !a.routes.iter().any(|r| key_of(r, "routeId") == Some(rid)) {
            return Err(ApiError::not_found(
                "Route",
                format!("Invalid Route identifier specified {rid}"),
            ));
        }
        match (req.method, rest) {
            (&Method::POST, []) => {
                let key = required(req.body, "routeResponseKey")?;
                if a.route_responses
                    .iter()
                    .any(|(r, x)| r == rid && key_of(x, "routeResponseKey") == Some(key))
                {
                    return Err(ApiError::conflict(format!(
                        "Route response with key {key} already exists for this route"
                    )));
                }
                let mut x = Map::new();
                x.insert("routeResponseId".into(), json!(new_id(6)));
                x.insert("routeResponseKey".into(), json!(key));
                merge(
                    &mut x,
                    req.body,
                    &["modelSelectionExpression", "responseModels"],
                );
                a.route_responses.push((rid.to_string(), x.clone()));
                Ok((StatusCode::CREATED, Some(Value::Object(x))))
            }
            (&Method::GET, []) => {
                let mine: Vec<Value> = a
                    .route_responses
                    .iter()
                    .filter(|(r, _)| r == rid)
                    .map(|(_, x)| Value::Object(x.clone()))
                    .collect();
                page(mine, req.query)
            }
            (m, [rrid]) => {
                let pos = a
                    .route_responses
                    .iter()
                    .position(|(r, x)| r == rid && key_of(x, "routeResponseId") == Some(*rrid))
                    .ok_or_else(|| {
                        ApiError::not_found(
                            "RouteResponse",
                            format!("Invalid RouteResponse identifier specified {rrid}"),
                        )
                    })?;
                match *m {
                    Method::GET => Ok((
                        StatusCode::OK,
                        Some(Value::Object(a.route_responses[pos].1.clone())),
                    )),
                    Method::DELETE => {
                        a.route_responses.remove(pos);
                        Ok((StatusCode::NO_CONTENT, None))
                    }
                    _ => Err(no_such(m, "route response")),
                }
            }
            (m, _) => Err(no_such(m, "route responses")),
        }
    }

    /// Tags of an API: `arn:PARTITION:apigateway:REGION::/apis/ID`.
    fn tags_op(&mut self, arn: &str, req: &Req) -> Reply {
        let id = arn
            .split_once("::/apis/")
            .map(|(_, id)| id)
            .filter(|id| !id.is_empty() && !id.contains('/'))
            .ok_or_else(|| ApiError::bad_request(format!("Invalid resource ARN {arn}")))?;
        let a = self.apis.iter_mut().find(|a| a.id() == id).ok_or_else(|| {
            ApiError::not_found("Api", format!("Invalid API identifier specified {id}"))
        })?;
        let tags = a.api.entry("tags").or_insert_with(|| json!({}));
        match *req.method {
            Method::GET => Ok((StatusCode::OK, Some(json!({ "tags": tags.clone() })))),
            Method::POST => {
                let Some(Value::Object(given)) = req.body.get("tags") else {
                    return Err(ApiError::bad_request("tags must be an object"));
                };
                if given.values().any(|v| !v.is_string()) {
                    return Err(ApiError::bad_request("tag values must be strings"));
                }
                for (k, v) in given {
                    tags[k] = v.clone();
                }
                Ok((StatusCode::CREATED, Some(json!({}))))
            }
            Method::DELETE => {
                if let Value::Object(m) = tags {
                    for (_, k) in req.pairs.iter().filter(|(n, _)| n == "tagKeys") {
                        m.remove(k);
                    }
                }
                Ok((StatusCode::NO_CONTENT, None))
            }
            ref m => Err(no_such(m, "tags")),
        }
    }

    /// A function's resource policy (Lambda's GetPolicy, AddPermission and RemovePermission).
    fn policy_op(&mut self, function: &str, rest: &[&str], req: &Req) -> Reply {
        let (name, arn) = match function.strip_prefix("arn:") {
            Some(_) => (
                function.split(':').nth(6).unwrap_or(function).to_string(),
                function.to_string(),
            ),
            None => (
                function.to_string(),
                format!("arn:aws:lambda:us-east-1:000000000000:function:{function}"),
            ),
        };
        let statements = self.policies.entry(name.clone()).or_default();
        match (req.method, rest) {
            (&Method::GET, []) => {
                if statements.is_empty() {
                    return Err(ApiError::lambda_not_found(
                        "The resource you requested does not exist.",
                    ));
                }
                let policy =
                    json!({"Version": "2012-10-17", "Id": "default", "Statement": statements});
                Ok((
                    StatusCode::OK,
                    Some(json!({"Policy": policy.to_string(), "RevisionId": new_id(8)})),
                ))
            }
            (&Method::POST, []) => {
                let b = req.body;
                let sid = required(b, "StatementId")?;
                let action = required(b, "Action")?;
                let principal = required(b, "Principal")?;
                if statements.iter().any(|s| s["Sid"] == sid) {
                    return Err(ApiError::lambda_conflict(format!(
                        "The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement."
                    )));
                }
                let who = if principal.ends_with(".amazonaws.com") {
                    json!({ "Service": principal })
                } else {
                    json!({ "AWS": principal })
                };
                let mut st = json!({
                    "Sid": sid, "Effect": "Allow", "Principal": who, "Action": action, "Resource": arn,
                });
                if let Some(src) = str_field(b, "SourceArn")? {
                    st["Condition"] = json!({"ArnLike": {"AWS:SourceArn": src}});
                }
                statements.push(st.clone());
                Ok((
                    StatusCode::CREATED,
                    Some(json!({"Statement": st.to_string()})),
                ))
            }
            (&Method::DELETE, [sid]) => {
                let before = statements.len();
                statements.retain(|s| s["Sid"] != *sid);
                if statements.len() == before {
                    return Err(ApiError::lambda_not_found(format!(
                        "Statement {sid} is not found in resource policy."
                    )));
                }
                Ok((StatusCode::NO_CONTENT, None))
            }
            (m, _) => Err(no_such(m, "function policy")),
        }
    }
}

/// What the emulated gateway does for a route with this integration.
fn route_target(integration: Option<&Map<String, Value>>) -> RouteTarget {
    let Some(i) = integration else {
        return RouteTarget::Recorder;
    };
    match (key_of(i, "integrationType"), key_of(i, "integrationUri")) {
        (Some("HTTP" | "HTTP_PROXY"), Some(uri)) => RouteTarget::Http(uri.to_string()),
        _ => RouteTarget::Mock,
    }
}

/// A stage name the service accepts, and that the emulator does not serve other things under.
fn check_stage_name(name: &str) -> Result<(), ApiError> {
    let valid = name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$'));
    if !valid {
        return Err(ApiError::bad_request(format!("invalid stageName {name}")));
    }
    if matches!(name, "v2" | "_local" | "2015-03-31") {
        // The emulator serves the control plane and its debug endpoints on these paths.
        return Err(ApiError::bad_request(format!(
            "stageName {name} is reserved by the local emulator"
        )));
    }
    Ok(())
}

/// A new stage: the service's defaults, then the body's fields (`defaultRouteSettings` key by key).
fn new_stage(name: &str, b: &Value) -> Map<String, Value> {
    let t = now();
    let mut s = Map::new();
    s.insert("stageName".into(), json!(name));
    s.insert("autoDeploy".into(), json!(false));
    s.insert("createdDate".into(), json!(t));
    s.insert("lastUpdatedDate".into(), json!(t));
    s.insert("routeSettings".into(), json!({}));
    s.insert("stageVariables".into(), json!({}));
    s.insert("tags".into(), json!({}));
    s.insert("apiGatewayManaged".into(), json!(false));
    let mut drs = json!({
        "dataTraceEnabled": false,
        "detailedMetricsEnabled": false,
        "loggingLevel": "OFF",
    });
    if let Some(Value::Object(given)) = b.get("defaultRouteSettings") {
        for (k, v) in given {
            drs[k] = v.clone();
        }
    }
    s.insert("defaultRouteSettings".into(), drs);
    merge(&mut s, b, STAGE_FIELDS);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(cp: &mut ControlPlane, routing: &Routing, m: Method, path: &str, body: Value) -> Reply {
        let (p, q) = path.split_once('?').unwrap_or((path, ""));
        let query: BTreeMap<String, String> = url::form_urlencoded::parse(q.as_bytes())
            .into_owned()
            .collect();
        let seg: Vec<String> = p
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let pairs: Vec<(String, String)> = query.clone().into_iter().collect();
        let req = Req {
            method: &m,
            query: &query,
            pairs: &pairs,
            body: &body,
            host: "127.0.0.1:4510",
        };
        cp.dispatch(&seg, &req, routing)
    }

    fn ok(r: Reply) -> Value {
        r.map_err(|e| e.message).unwrap().1.unwrap_or(Value::Null)
    }

    /// One scenario read top to bottom (routes: create, update, their effect on the gateway, paginated lists): each step depends on the state the
    /// previous ones left, so it stays one function.
    #[test]
    fn routes_take_effect_and_lists_paginate() {
        let mut cp = ControlPlane::default();
        let routing = Routing::new("local", RouteTarget::Recorder);
        let api = ok(call(
            &mut cp,
            &routing,
            Method::POST,
            "/v2/apis",
            json!({"name": "chat", "protocolType": "WEBSOCKET", "routeSelectionExpression": "$request.body.op"}),
        ));
        assert_eq!(api["apiEndpoint"], "ws://127.0.0.1:4510");
        let id = api["apiId"].as_str().unwrap().to_string();
        let routes = format!("/v2/apis/{id}/routes");
        let integ = ok(call(
            &mut cp,
            &routing,
            Method::POST,
            &format!("/v2/apis/{id}/integrations"),
            json!({"integrationType": "HTTP_PROXY", "integrationUri": "http://127.0.0.1:9/x", "integrationMethod": "POST"}),
        ));
        let target = format!("integrations/{}", integ["integrationId"].as_str().unwrap());
        let route = ok(call(
            &mut cp,
            &routing,
            Method::POST,
            &routes,
            json!({"routeKey": "say", "target": target}),
        ));
        assert_eq!(
            routing.target("say"),
            Some(RouteTarget::Http("http://127.0.0.1:9/x".into()))
        );
        assert_eq!(routing.select(r#"{"op":"say"}"#), "say");
        // A duplicate key conflicts; a bad target is refused.
        let e = call(
            &mut cp,
            &routing,
            Method::POST,
            &routes,
            json!({"routeKey": "say"}),
        )
        .unwrap_err();
        assert_eq!(e.status, StatusCode::CONFLICT);
        let e = call(
            &mut cp,
            &routing,
            Method::POST,
            &routes,
            json!({"routeKey": "x", "target": "integrations/nope"}),
        )
        .unwrap_err();
        assert_eq!(e.kind, "BadRequestException");
        // Pagination.
        for i in 0..4 {
            ok(call(
                &mut cp,
                &routing,
                Method::POST,
                &routes,
                json!({"routeKey": format!("k{i}")}),
            ));
        }
        let mut seen = 0;
        let mut token: Option<String> = None;
        let mut pages = 0;
        loop {
            let q = match &token {
                Some(t) => format!("{routes}?maxResults=2&nextToken={t}"),
                None => format!("{routes}?maxResults=2"),
            };
            let p = ok(call(&mut cp, &routing, Method::GET, &q, json!({})));
            seen += p["items"].as_array().unwrap().len();
            pages += 1;
            token = p["nextToken"].as_str().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        assert_eq!((seen, pages), (5, 3));
        assert!(call(
            &mut cp,
            &routing,
            Method::GET,
            &format!("{routes}?nextToken=zz"),
            json!({})
        )
        .is_err());
        // Deleting the route removes it from the gateway.
        let rid = route["routeId"].as_str().unwrap();
        let r = call(
            &mut cp,
            &routing,
            Method::DELETE,
            &format!("{routes}/{rid}"),
            json!({}),
        )
        .unwrap();
        assert_eq!(r.0, StatusCode::NO_CONTENT);
        assert_eq!(routing.target("say"), None);
        let e = call(&mut cp, &routing, Method::GET, "/v2/apis/nope", json!({})).unwrap_err();
        assert_eq!(e.status, StatusCode::NOT_FOUND);
    }

    /// One scenario read top to bottom (stages and deployments): each step depends on the state the
    /// previous ones left, so it stays one function.
    #[test]
    fn stages_and_deployments() {
        let mut cp = ControlPlane::default();
        let routing = Routing::new("local", RouteTarget::Recorder);
        let api = ok(call(
            &mut cp,
            &routing,
            Method::POST,
            "/v2/apis",
            json!({"name": "a", "protocolType": "WEBSOCKET", "routeSelectionExpression": "$request.body.action"}),
        ));
        let id = api["apiId"].as_str().unwrap().to_string();
        let deployments = format!("/v2/apis/{id}/deployments");
        let stages = format!("/v2/apis/{id}/stages");
        let e = call(&mut cp, &routing, Method::POST, &deployments, json!({})).unwrap_err();
        assert_eq!(e.kind, "BadRequestException");
        ok(call(
            &mut cp,
            &routing,
            Method::POST,
            &format!("/v2/apis/{id}/routes"),
            json!({"routeKey": "$default"}),
        ));
        let st = ok(call(
            &mut cp,
            &routing,
            Method::POST,
            &stages,
            json!({"stageName": "prod", "defaultRouteSettings": {"throttlingRateLimit": 5.0}}),
        ));
        assert_eq!(st["defaultRouteSettings"]["throttlingRateLimit"], 5.0);
        assert_eq!(st["defaultRouteSettings"]["loggingLevel"], "OFF");
        assert!(st.get("deploymentId").is_none());
        assert!(routing.has_stage("prod"));
        let d = ok(call(
            &mut cp,
            &routing,
            Method::POST,
            &deployments,
            json!({"stageName": "prod"}),
        ));
        let st = ok(call(
            &mut cp,
            &routing,
            Method::GET,
            &format!("{stages}/prod"),
            json!({}),
        ));
        assert_eq!(st["deploymentId"], d["deploymentId"]);
        // Throttled like the real service (the default interval is 5 s).
        let e = call(&mut cp, &routing, Method::POST, &deployments, json!({})).unwrap_err();
        assert_eq!(e.status, StatusCode::TOO_MANY_REQUESTS);
        let e = call(
            &mut cp,
            &routing,
            Method::POST,
            &stages,
            json!({"stageName": "prod"}),
        )
        .unwrap_err();
        assert_eq!(e.status, StatusCode::CONFLICT);
        let e = call(
            &mut cp,
            &routing,
            Method::POST,
            &stages,
            json!({"stageName": "v2"}),
        )
        .unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        let st = ok(call(
            &mut cp,
            &routing,
            Method::PATCH,
            &format!("{stages}/prod"),
            json!({"autoDeploy": true, "defaultRouteSettings": {"throttlingBurstLimit": 7}}),
        ));
        assert_eq!(st["autoDeploy"], true);
        assert_eq!(st["defaultRouteSettings"]["throttlingRateLimit"], 5.0);
        assert_eq!(st["defaultRouteSettings"]["throttlingBurstLimit"], 7);
        assert_ne!(st["deploymentId"], d["deploymentId"]);
    }

    /// One scenario read top to bottom (authorizers and Lambda invoke permissions): each step depends on the state the
    /// previous ones left, so it stays one function.
    #[test]
    fn authorizers_and_lambda_policies() {
        let mut cp = ControlPlane::default();
        let routing = Routing::new("local", RouteTarget::Recorder);
        let api = ok(call(
            &mut cp,
            &routing,
            Method::POST,
            "/v2/apis",
            json!({"name": "a", "protocolType": "WEBSOCKET", "routeSelectionExpression": "$request.body.action"}),
        ));
        let id = api["apiId"].as_str().unwrap().to_string();
        let auths = format!("/v2/apis/{id}/authorizers");
        let e = call(
            &mut cp,
            &routing,
            Method::POST,
            &auths,
            json!({"name": "x", "authorizerType": "REQUEST"}),
        )
        .unwrap_err();
        assert_eq!(e.kind, "BadRequestException");
        let a = ok(call(
            &mut cp,
            &routing,
            Method::POST,
            &auths,
            json!({"name": "x", "authorizerType": "REQUEST", "authorizerUri": "arn:u", "identitySource": ["route.request.querystring.token"]}),
        ));
        let aid = a["authorizerId"].as_str().unwrap();
        let routes = format!("/v2/apis/{id}/routes");
        // Only $connect may be authorized; an authorizer in use cannot be deleted.
        let e = call(
            &mut cp,
            &routing,
            Method::POST,
            &routes,
            json!({"routeKey": "say", "authorizationType": "CUSTOM", "authorizerId": aid}),
        )
        .unwrap_err();
        assert_eq!(e.kind, "BadRequestException");
        ok(call(
            &mut cp,
            &routing,
            Method::POST,
            &routes,
            json!({"routeKey": "$connect", "authorizationType": "CUSTOM", "authorizerId": aid}),
        ));
        let e = call(
            &mut cp,
            &routing,
            Method::DELETE,
            &format!("{auths}/{aid}"),
            json!({}),
        )
        .unwrap_err();
        assert_eq!(e.status, StatusCode::CONFLICT);

        let policy =
            "/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/policy";
        let e = call(&mut cp, &routing, Method::GET, policy, json!({})).unwrap_err();
        assert_eq!(e.kind, "ResourceNotFoundException");
        let add = json!({"StatementId": "s1", "Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com", "SourceArn": "arn:aws:execute-api:us-east-1:123456789012:abc/*"});
        ok(call(&mut cp, &routing, Method::POST, policy, add.clone()));
        let e = call(&mut cp, &routing, Method::POST, policy, add).unwrap_err();
        assert_eq!(e.kind, "ResourceConflictException");
        // By name or by ARN: the same function.
        let got = ok(call(
            &mut cp,
            &routing,
            Method::GET,
            "/2015-03-31/functions/f/policy",
            json!({}),
        ));
        let doc: Value = serde_json::from_str(got["Policy"].as_str().unwrap()).unwrap();
        assert_eq!(
            doc["Statement"][0]["Principal"]["Service"],
            "apigateway.amazonaws.com"
        );
        assert_eq!(
            doc["Statement"][0]["Condition"]["ArnLike"]["AWS:SourceArn"],
            "arn:aws:execute-api:us-east-1:123456789012:abc/*"
        );
        let r = call(
            &mut cp,
            &routing,
            Method::DELETE,
            "/2015-03-31/functions/f/policy/s1",
            json!({}),
        )
        .unwrap();
        assert_eq!(r.0, StatusCode::NO_CONTENT);
    }

    #[test]
    fn errors_carry_the_type_header() {
        let r = error_response(ApiError::not_found(
            "Api",
            "Invalid API identifier specified x",
        ));
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert_eq!(r.headers()["x-amzn-ErrorType"], "NotFoundException");
    }
}
