//! `wsctl iam-policy [COMMAND...]`: the least-privilege IAM policy the given wsctl commands need,
//! as policy JSON. It makes no AWS call: the table name, region, account, API id and stage come from
//! the flags and the usual settings, with `*` for what is not known.
//!
//! What each command calls (kept in step with the code that calls it):
//! - every table reader: DescribeTable and DescribeTimeToLive (layout discovery), Scan and Query on
//!   the table, Query (and Scan) on its indexes (`table/NAME/index/*`, a common AccessDenied cause);
//! - push, broadcast: PostToConnection (`POST @connections`), and pruning gone connections
//!   (BatchWriteItem);
//! - disconnect: DeleteConnection (`DELETE @connections`) and the record deletes;
//! - sweep: GetConnection (`GET @connections`) to prove staleness, and the record deletes;
//! - list (`--probe`), inspect: GetConnection; count, stats: reads only;
//! - provision: CreateTable, DescribeTable, UpdateTable, UpdateTimeToLive, DescribeTimeToLive and
//!   the table's tags (TagResource, UntagResource, ListTagsOfResource); `apigateway:GET/POST/PATCH`
//!   on `/apis` and `/apis/*`, `apigateway:DELETE` there for `--prune`, and `/tags/*` for the API's
//!   tags; Lambda GetPolicy, AddPermission and RemovePermission on the functions (the invoke
//!   permission of every Lambda integration and authorizer).

use std::collections::BTreeSet;

use clap::{Args, ValueEnum};
use serde_json::{json, Value};

use crate::context::Ctx;
use crate::error::Result;
use crate::output::{Outcome, Output, Report};
use crate::settings::OtherEndpoints;

#[derive(Args, Debug)]
pub struct IamPolicyArgs {
    /// Commands the policy must allow [default: all of them]
    #[arg(value_enum, value_name = "COMMAND")]
    pub commands: Vec<PolicyCommand>,
    /// AWS account id in the resource ARNs [default: *]
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// WebSocket API id in the execute-api and apigateway ARNs [default: *]
    #[arg(long, value_name = "ID")]
    pub api_id: Option<String>,
    /// Stage in the execute-api ARNs [default: *]
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PolicyCommand {
    Push,
    Broadcast,
    Disconnect,
    Sweep,
    List,
    Inspect,
    Count,
    Stats,
    Provision,
}

impl PolicyCommand {
    fn all() -> Vec<PolicyCommand> {
        PolicyCommand::value_variants().to_vec()
    }
}

/// Where the policy points.
#[derive(Debug, Clone)]
pub struct Scope {
    pub region: String,
    pub account: String,
    pub table: String,
    pub api_id: String,
    pub stage: String,
    /// `--other-endpoints route`: the Management API calls also reach the other APIs the rows name,
    /// in any region, so the execute-api ARNs cannot name one API.
    pub any_api: bool,
}

const READ: &[&str] = &[
    "dynamodb:DescribeTable",
    "dynamodb:DescribeTimeToLive",
    "dynamodb:Query",
    "dynamodb:Scan",
];
const PRUNE: &[&str] = &["dynamodb:BatchWriteItem"];
const PROVISION_TABLE: &[&str] = &[
    "dynamodb:CreateTable",
    "dynamodb:DescribeTable",
    "dynamodb:UpdateTable",
    "dynamodb:DescribeTimeToLive",
    "dynamodb:UpdateTimeToLive",
    "dynamodb:ListTagsOfResource",
    "dynamodb:TagResource",
    "dynamodb:UntagResource",
];
/// The invoke permission of the functions an API calls: read the policy, add (or replace) a statement.
const PROVISION_LAMBDA: &[&str] = &[
    "lambda:AddPermission",
    "lambda:GetPolicy",
    "lambda:RemovePermission",
];

/// Build the policy document for `commands` (empty: every command).
pub fn policy(commands: &[PolicyCommand], s: &Scope) -> Value {
    let cmds: BTreeSet<PolicyCommand> = if commands.is_empty() {
        PolicyCommand::all().into_iter().collect()
    } else {
        commands.iter().copied().collect()
    };
    let needs = Needs::of(&cmds);
    let table_arn = format!(
        "arn:aws:dynamodb:{}:{}:table/{}",
        s.region, s.account, s.table
    );
    let mut statements = Vec::new();
    if !needs.table_actions.is_empty() {
        statements.push(json!({
            "Sid": "WsctlConnectionsTable",
            "Effect": "Allow",
            "Action": needs.table_actions.iter().collect::<Vec<_>>(),
            "Resource": table_arn,
        }));
    }
    if !needs.index_actions.is_empty() {
        statements.push(json!({
            "Sid": "WsctlConnectionsTableIndexes",
            "Effect": "Allow",
            "Action": needs.index_actions.iter().collect::<Vec<_>>(),
            "Resource": format!("{table_arn}/index/*"),
        }));
    }
    if !needs.methods.is_empty() {
        statements.push(manage_connections(&needs.methods, s));
    }
    if cmds.contains(&PolicyCommand::Provision) {
        statements.extend(provision_statements(s));
    }
    json!({ "Version": "2012-10-17", "Statement": statements })
}

/// What a set of commands needs: table and index actions, @connections methods.
struct Needs {
    table_actions: BTreeSet<&'static str>,
    index_actions: BTreeSet<&'static str>,
    methods: BTreeSet<&'static str>,
}

impl Needs {
    fn of(cmds: &BTreeSet<PolicyCommand>) -> Self {
        use PolicyCommand::*;
        let mut needs = Needs {
            table_actions: BTreeSet::new(),
            index_actions: BTreeSet::new(),
            methods: BTreeSet::new(),
        };
        for c in cmds {
            if *c != Provision {
                needs.table_actions.extend(READ);
                needs
                    .index_actions
                    .extend(["dynamodb:Query", "dynamodb:Scan"]);
            }
            match c {
                Push | Broadcast => {
                    needs.table_actions.extend(PRUNE);
                    needs.methods.insert("POST");
                }
                Disconnect => {
                    needs.table_actions.extend(PRUNE);
                    needs.methods.insert("DELETE");
                }
                Sweep => {
                    needs.table_actions.extend(PRUNE);
                    needs.methods.insert("GET");
                }
                List | Inspect => {
                    needs.methods.insert("GET");
                }
                Count | Stats => {}
                Provision => needs.table_actions.extend(PROVISION_TABLE),
            }
        }
        needs
    }
}

/// execute-api:ManageConnections on the stage's @connections, for these methods.
fn manage_connections(methods: &BTreeSet<&str>, s: &Scope) -> Value {
    // Canonical order: POST, GET, DELETE.
    let resources: Vec<String> = ["POST", "GET", "DELETE"]
        .iter()
        .filter(|m| methods.contains(*m))
        .map(|m| {
            if s.any_api {
                format!("arn:aws:execute-api:*:{}:*/*/{m}/@connections/*", s.account)
            } else {
                format!(
                    "arn:aws:execute-api:{}:{}:{}/{}/{m}/@connections/*",
                    s.region, s.account, s.api_id, s.stage
                )
            }
        })
        .collect();
    json!({
        "Sid": "WsctlManageConnections",
        "Effect": "Allow",
        "Action": ["execute-api:ManageConnections"],
        "Resource": resources,
    })
}

/// `provision api`: the API's resources (and tags), and the Lambda permissions of its integrations.
fn provision_statements(s: &Scope) -> [Value; 2] {
    let base = format!("arn:aws:apigateway:{}::/apis", s.region);
    let mut resources = if s.api_id == "*" {
        vec![base.clone(), format!("{base}/*")]
    } else {
        vec![
            base.clone(),
            format!("{base}/{}", s.api_id),
            format!("{base}/{}/*", s.api_id),
        ]
    };
    // TagResource / UntagResource address the API by its ARN under /tags.
    resources.push(format!("arn:aws:apigateway:{}::/tags/*", s.region));
    [
        json!({
            "Sid": "WsctlProvisionApi",
            "Effect": "Allow",
            "Action": ["apigateway:DELETE", "apigateway:GET", "apigateway:PATCH", "apigateway:POST"],
            "Resource": resources,
        }),
        json!({
            "Sid": "WsctlProvisionLambdaPermissions",
            "Effect": "Allow",
            "Action": PROVISION_LAMBDA,
            "Resource": format!("arn:aws:lambda:{}:{}:function:*", s.region, s.account),
        }),
    ]
}

struct PolicyReport(Value);

impl Report for PolicyReport {
    fn to_json(&self) -> Value {
        self.0.clone()
    }
    /// A policy is JSON for people too: paste it into the console or a template.
    fn to_human(&self, _out: &Output) -> String {
        serde_json::to_string_pretty(&self.0).unwrap_or_default()
    }
}

pub async fn run(ctx: &Ctx, args: IamPolicyArgs) -> Result<Outcome> {
    let star = |o: Option<String>| o.filter(|v| !v.is_empty()).unwrap_or_else(|| "*".into());
    let scope = Scope {
        region: star(ctx.settings.region.clone()),
        account: star(args.account),
        table: ctx.table(),
        api_id: star(args.api_id),
        stage: star(args.stage),
        any_api: ctx.other_endpoints() == OtherEndpoints::Route,
    };
    if scope.any_api {
        ctx.out.info(
            "note: with --other-endpoints route the @connections calls reach every API the rows name, so the \
execute-api resources are not limited to one API, region or stage",
        );
    }
    let doc = policy(&args.commands, &scope);
    if args.commands.is_empty() || args.commands.contains(&PolicyCommand::Provision) {
        ctx.out.info(
            "note: WsctlProvisionLambdaPermissions (lambda:GetPolicy, lambda:AddPermission, lambda:RemovePermission) lets \
provision grant API Gateway the invoke permission on your functions; narrow its Resource to them if you can",
        );
    }
    Ok(Outcome::report(PolicyReport(doc)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use PolicyCommand::*;

    fn scope() -> Scope {
        Scope {
            region: "eu-west-1".into(),
            account: "123456789012".into(),
            table: "ws-connections".into(),
            api_id: "abc123".into(),
            stage: "prod".into(),
            any_api: false,
        }
    }

    #[test]
    fn routing_to_other_apis_widens_only_the_execute_api_resources() {
        let s = Scope {
            any_api: true,
            ..scope()
        };
        let doc = policy(&[Broadcast], &s);
        assert_eq!(
            statement(&doc, "WsctlManageConnections").unwrap()["Resource"],
            json!(["arn:aws:execute-api:*:123456789012:*/*/POST/@connections/*"])
        );
        assert_eq!(
            statement(&doc, "WsctlConnectionsTable").unwrap()["Resource"],
            "arn:aws:dynamodb:eu-west-1:123456789012:table/ws-connections"
        );
    }

    fn statement<'a>(doc: &'a Value, sid: &str) -> Option<&'a Value> {
        doc["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Sid"] == sid)
    }

    fn actions(doc: &Value, sid: &str) -> Vec<String> {
        statement(doc, sid)
            .map(|s| {
                s["Action"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn push_needs_post_and_index_queries() {
        let doc = policy(&[Push], &scope());
        assert_eq!(doc["Version"], "2012-10-17");
        let t = actions(&doc, "WsctlConnectionsTable");
        assert!(t.contains(&"dynamodb:Query".to_string()));
        assert!(t.contains(&"dynamodb:BatchWriteItem".to_string()));
        assert!(!t.contains(&"dynamodb:CreateTable".to_string()));
        assert_eq!(
            statement(&doc, "WsctlConnectionsTable").unwrap()["Resource"],
            "arn:aws:dynamodb:eu-west-1:123456789012:table/ws-connections"
        );
        assert_eq!(
            statement(&doc, "WsctlConnectionsTableIndexes").unwrap()["Resource"],
            "arn:aws:dynamodb:eu-west-1:123456789012:table/ws-connections/index/*"
        );
        let m = statement(&doc, "WsctlManageConnections").unwrap();
        assert_eq!(
            m["Resource"],
            json!(["arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/@connections/*"])
        );
        assert!(statement(&doc, "WsctlProvisionApi").is_none());
    }

    #[test]
    fn read_only_commands_get_no_writes_and_no_management_api() {
        let doc = policy(&[Count, Stats], &scope());
        let t = actions(&doc, "WsctlConnectionsTable");
        assert!(t.iter().all(|a| READ.contains(&a.as_str())), "{t:?}");
        assert!(statement(&doc, "WsctlManageConnections").is_none());
    }

    #[test]
    fn methods_follow_the_commands() {
        let doc = policy(&[Disconnect, Sweep], &scope());
        let r = statement(&doc, "WsctlManageConnections").unwrap()["Resource"].clone();
        assert_eq!(
            r,
            json!([
                "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/@connections/*",
                "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/DELETE/@connections/*"
            ])
        );
    }

    #[test]
    fn provision_needs_control_plane_and_table_management_only() {
        let doc = policy(&[Provision], &scope());
        let t = actions(&doc, "WsctlConnectionsTable");
        assert!(t.contains(&"dynamodb:CreateTable".to_string()));
        assert!(t.contains(&"dynamodb:UpdateTimeToLive".to_string()));
        assert!(!t.contains(&"dynamodb:Scan".to_string()));
        assert!(statement(&doc, "WsctlConnectionsTableIndexes").is_none());
        let p = statement(&doc, "WsctlProvisionApi").unwrap();
        assert_eq!(
            p["Action"],
            json!([
                "apigateway:DELETE",
                "apigateway:GET",
                "apigateway:PATCH",
                "apigateway:POST"
            ])
        );
        assert_eq!(
            p["Resource"],
            json!([
                "arn:aws:apigateway:eu-west-1::/apis",
                "arn:aws:apigateway:eu-west-1::/apis/abc123",
                "arn:aws:apigateway:eu-west-1::/apis/abc123/*",
                "arn:aws:apigateway:eu-west-1::/tags/*"
            ])
        );
        let l = statement(&doc, "WsctlProvisionLambdaPermissions").unwrap();
        assert_eq!(
            l["Action"],
            json!([
                "lambda:AddPermission",
                "lambda:GetPolicy",
                "lambda:RemovePermission"
            ])
        );
        assert_eq!(
            l["Resource"],
            "arn:aws:lambda:eu-west-1:123456789012:function:*"
        );
    }

    #[test]
    fn no_command_means_all_and_placeholders_are_stars() {
        let s = Scope {
            region: "*".into(),
            account: "*".into(),
            table: "t".into(),
            api_id: "*".into(),
            stage: "*".into(),
            any_api: false,
        };
        let doc = policy(&[], &s);
        assert!(statement(&doc, "WsctlProvisionApi").is_some());
        let m = statement(&doc, "WsctlManageConnections").unwrap()["Resource"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(m, 3);
        assert_eq!(
            statement(&doc, "WsctlConnectionsTable").unwrap()["Resource"],
            "arn:aws:dynamodb:*:*:table/t"
        );
        assert_eq!(
            statement(&doc, "WsctlProvisionApi").unwrap()["Resource"],
            json!([
                "arn:aws:apigateway:*::/apis",
                "arn:aws:apigateway:*::/apis/*",
                "arn:aws:apigateway:*::/tags/*"
            ])
        );
    }
}
