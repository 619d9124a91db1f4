//! The Lambda invoke permission of every Lambda integration and of the authorizer: without it API
//! Gateway cannot call the function and every `$connect` fails although the API deploys. Each
//! function's resource policy is read first (GetPolicy); a statement that already lets
//! `apigateway.amazonaws.com` invoke it from this API (source ARN `arn:…:execute-api:REGION:
//! ACCOUNT:API_ID/*` or a pattern covering it) is enough, so a rerun adds nothing. Otherwise
//! AddPermission adds statement `wsctl-API_ID`, scoped to the API's ARN.

use aws_sdk_lambda::Client;
use serde_json::Value;

use super::api::{retry, ApiProvisioning};
use super::model::LambdaArn;
use super::Change;
use crate::error::{Error, Result};

pub const PRINCIPAL: &str = "apigateway.amazonaws.com";
pub const ACTION: &str = "lambda:InvokeFunction";

/// `arn:PARTITION:execute-api:REGION:ACCOUNT:API_ID/*`: every route, stage and authorizer of the API.
pub fn source_arn(f: &LambdaArn, region: &str, api_id: &str) -> String {
    format!(
        "arn:{}:execute-api:{region}:{}:{api_id}/*",
        f.partition, f.account
    )
}

pub fn statement_id(api_id: &str) -> String {
    format!("wsctl-{api_id}")
}

/// `*` matches any run of characters (IAM's ArnLike).
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            let Some(tail) = text.strip_prefix(head) else {
                return false;
            };
            (0..=tail.len())
                .filter(|i| tail.is_char_boundary(*i))
                .any(|i| glob(rest, &tail[i..]))
        }
    }
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether a statement of a function's resource policy lets API Gateway invoke it from `source`.
fn allows(statement: &Value, source: &str) -> bool {
    let allow = statement["Effect"] == "Allow";
    let principal = match &statement["Principal"] {
        Value::String(s) => s == "*" || s == PRINCIPAL,
        p => strings(p.get("Service")).contains(&PRINCIPAL),
    };
    let action = strings(statement.get("Action"))
        .iter()
        .any(|a| *a == ACTION || *a == "lambda:*");
    let condition = &statement["Condition"];
    let sources: Vec<&str> = ["ArnLike", "ArnEquals", "StringLike", "StringEquals"]
        .iter()
        .flat_map(|op| strings(condition.get(op).and_then(|c| c.get("AWS:SourceArn"))))
        .collect();
    // No source condition: any API may invoke it, this one included.
    let scoped = sources.is_empty() || sources.iter().any(|p| glob(p, source));
    allow && principal && action && scoped
}

/// What the function's policy says about this API.
enum Policy {
    /// A statement already allows it.
    Allowed,
    /// Nothing allows it; `stale` is wsctl's own statement id when present but not enough.
    Missing { stale: bool },
}

async fn read_policy(c: &Client, f: &LambdaArn, source: &str, sid: &str) -> Result<Policy> {
    let out = match retry(|| c.get_policy().function_name(&f.arn).send()).await {
        Ok(o) => o,
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_not_found_exception()) =>
        {
            return Ok(Policy::Missing { stale: false })
        }
        Err(e) => {
            return Err(Error::from_sdk(
                format!("failed to read the resource policy of {}", f.arn),
                e,
            ))
        }
    };
    let doc: Value = serde_json::from_str(out.policy().unwrap_or("{}")).unwrap_or(Value::Null);
    let statements: Vec<&Value> = match &doc["Statement"] {
        Value::Array(a) => a.iter().collect(),
        v @ Value::Object(_) => vec![v],
        _ => Vec::new(),
    };
    if statements.iter().any(|s| allows(s, source)) {
        return Ok(Policy::Allowed);
    }
    let stale = statements.iter().any(|s| s["Sid"] == sid);
    Ok(Policy::Missing { stale })
}

fn function_name(f: &LambdaArn) -> String {
    f.arn.split(':').nth(6).unwrap_or(&f.arn).to_string()
}

impl ApiProvisioning<'_> {
    /// Step 7: the invoke permission of every Lambda function the API calls.
    pub async fn lambda_permissions(&mut self) -> Result<()> {
        let functions: Vec<LambdaArn> = self.spec.functions().into_iter().cloned().collect();
        if functions.is_empty() {
            return Ok(());
        }
        let c = self.clients.lambda().clone();
        for f in &functions {
            self.permission(&c, f).await?;
        }
        Ok(())
    }

    async fn permission(&mut self, c: &Client, f: &LambdaArn) -> Result<()> {
        let name = function_name(f);
        let api_id = self
            .api_id
            .clone()
            .filter(|_| self.existed || self.mode.applies());
        let Some(api_id) = api_id else {
            let source = source_arn(f, &self.region, "API_ID");
            self.push(
                "permission",
                &name,
                Change::Create,
                format!("{PRINCIPAL} from {source}"),
            );
            return Ok(());
        };
        let source = source_arn(f, &self.region, &api_id);
        let sid = statement_id(&api_id);
        let detail = format!("{PRINCIPAL} from {source}");
        let stale = match read_policy(c, f, &source, &sid).await? {
            Policy::Allowed => {
                self.push("permission", &name, Change::Unchanged, detail);
                return Ok(());
            }
            Policy::Missing { stale } => stale,
        };
        let action = if stale {
            Change::Update
        } else {
            Change::Create
        };
        self.push(
            "permission",
            &name,
            action,
            format!("statement {sid}: {detail}"),
        );
        if !self.mode.applies() {
            return Ok(());
        }
        if stale {
            retry(|| {
                c.remove_permission()
                    .function_name(&f.arn)
                    .statement_id(&sid)
                    .send()
            })
            .await
            .map_err(|e| {
                Error::from_sdk(format!("failed to replace statement {sid} of {}", f.arn), e)
            })?;
        }
        retry(|| {
            c.add_permission()
                .function_name(&f.arn)
                .statement_id(&sid)
                .action(ACTION)
                .principal(PRINCIPAL)
                .source_arn(&source)
                .send()
        })
        .await
        .map_err(|e| Error::from_sdk(format!("failed to let API Gateway invoke {}", f.arn), e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statements_are_matched_by_principal_action_and_source() {
        let src = "arn:aws:execute-api:eu-west-1:123456789012:abc/*";
        let st = json!({
            "Sid": "x", "Effect": "Allow",
            "Principal": {"Service": "apigateway.amazonaws.com"},
            "Action": "lambda:InvokeFunction",
            "Condition": {"ArnLike": {"AWS:SourceArn": src}}
        });
        assert!(allows(&st, src));
        let mut broad = st.clone();
        broad["Condition"]["ArnLike"]["AWS:SourceArn"] =
            json!("arn:aws:execute-api:eu-west-1:123456789012:*");
        assert!(allows(&broad, src));
        let mut other = st.clone();
        other["Condition"]["ArnLike"]["AWS:SourceArn"] =
            json!("arn:aws:execute-api:eu-west-1:123456789012:zzz/*");
        assert!(!allows(&other, src));
        let mut s3 = st.clone();
        s3["Principal"] = json!({"Service": "s3.amazonaws.com"});
        assert!(!allows(&s3, src));
        let mut deny = st;
        deny["Effect"] = json!("Deny");
        assert!(!allows(&deny, src));
        assert!(glob("a*c*", "abcd") && !glob("a*x", "abc"));
    }
}
