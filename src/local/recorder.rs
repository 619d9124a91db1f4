//! The built-in integration: what seed 000's `$connect` / `$disconnect` Lambdas do. On connect it puts
//! `{connectionId, userId, groupId, connectedAt (epoch ms), ttl (epoch s), domainName, stage}` into the
//! table (userId and groupId from the query string when present); on disconnect it deletes the record.
//! It creates the table when missing (PK connectionId; GSIs userId-index and groupId-index, projection
//! ALL; on-demand; TTL on `ttl`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, GlobalSecondaryIndex, KeySchemaElement,
    KeyType, Projection, ProjectionType, ScalarAttributeType, TableStatus, TimeToLiveSpecification,
};

use tokio::sync::Semaphore;

use crate::aws::{is_loopback_url, Clients};
use crate::error::{Error, Result};

pub const USER_INDEX: &str = "userId-index";
pub const GROUP_INDEX: &str = "groupId-index";

/// Writes in flight at once. A swarm can connect faster than DynamoDB Local writes; unbounded, its
/// puts would queue inside DynamoDB Local until they pass the SDK's attempt timeout, and the retries
/// would pile on and fail `$connect`s. Bounded, each handshake waits its turn here instead, as API
/// Gateway waits for a slow `$connect` integration (up to 29 s).
const WRITES_IN_FLIGHT: usize = 32;

#[derive(Clone, Debug)]
pub struct Recorder {
    client: aws_sdk_dynamodb::Client,
    table: String,
    ttl_secs: u64,
    writes: Arc<Semaphore>,
}

/// What the recorder needs to know about a new connection.
pub struct ConnectRecord<'a> {
    pub connection_id: &'a str,
    pub user_id: Option<&'a str>,
    pub group_id: Option<&'a str>,
    pub connected_at_ms: u64,
    pub domain_name: &'a str,
    pub stage: &'a str,
}

impl Recorder {
    /// Refuses a non-loopback endpoint unless `allow_remote` (a fake must never write real tables).
    pub async fn new(
        endpoint: &str,
        table: &str,
        ttl: Duration,
        allow_remote: bool,
    ) -> Result<Self> {
        if !allow_remote && !is_loopback_url(endpoint) {
            return Err(Error::usage(format!(
                "refusing to record connections in a non-local DynamoDB ({endpoint})"
            ))
            .with_hint(
                "the emulator writes test records; pass --allow-remote if you really mean it",
            ));
        }
        let client = Clients::for_dynamodb_endpoint(endpoint).await?;
        Ok(Recorder {
            client,
            table: table.to_string(),
            ttl_secs: ttl.as_secs(),
            writes: Arc::new(Semaphore::new(WRITES_IN_FLIGHT)),
        })
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    /// Create the table when it does not exist, and wait until it is ACTIVE.
    pub async fn ensure_table(&self, timeout: Duration) -> Result<()> {
        if self.table_exists().await? {
            return self.wait_active(timeout).await;
        }
        self.create_table().await?;
        self.wait_active(timeout).await?;
        self.enable_ttl().await
    }

    /// Whether the table exists (DescribeTable answers, or says ResourceNotFound).
    async fn table_exists(&self) -> Result<bool> {
        let ctx = format!("failed to describe table {}", self.table);
        match self
            .client
            .describe_table()
            .table_name(&self.table)
            .send()
            .await
        {
            Ok(_) => Ok(true),
            Err(e) => {
                let not_found = e
                    .as_service_error()
                    .map(|s| s.is_resource_not_found_exception())
                    .unwrap_or(false);
                if !not_found {
                    return Err(Error::from_sdk(ctx, e));
                }
                Ok(false)
            }
        }
    }

    /// CreateTable: PK connectionId, a GSI on userId and one on groupId (projecting all), on
    /// demand. A table another process created meanwhile is fine.
    async fn create_table(&self) -> Result<()> {
        let s = |n: &str| {
            AttributeDefinition::builder()
                .attribute_name(n)
                .attribute_type(ScalarAttributeType::S)
                .build()
        };
        let hash = |n: &str| {
            KeySchemaElement::builder()
                .attribute_name(n)
                .key_type(KeyType::Hash)
                .build()
        };
        let gsi = |name: &str, attr: &str| -> Result<GlobalSecondaryIndex> {
            GlobalSecondaryIndex::builder()
                .index_name(name)
                .key_schema(hash(attr).map_err(internal)?)
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::All)
                        .build(),
                )
                .build()
                .map_err(internal)
        };
        let created = self
            .client
            .create_table()
            .table_name(&self.table)
            .attribute_definitions(s("connectionId").map_err(internal)?)
            .attribute_definitions(s("userId").map_err(internal)?)
            .attribute_definitions(s("groupId").map_err(internal)?)
            .key_schema(hash("connectionId").map_err(internal)?)
            .global_secondary_indexes(gsi(USER_INDEX, "userId")?)
            .global_secondary_indexes(gsi(GROUP_INDEX, "groupId")?)
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await;
        if let Err(e) = created {
            // Another process may have created it meanwhile.
            let in_use = e
                .as_service_error()
                .map(|s| s.is_resource_in_use_exception())
                .unwrap_or(false);
            if !in_use {
                return Err(Error::from_sdk(
                    format!("failed to create table {}", self.table),
                    e,
                ));
            }
        }
        Ok(())
    }

    /// TTL on the `ttl` attribute, best effort: TTL cannot be enabled twice within an hour on
    /// AWS, and nothing here depends on it.
    async fn enable_ttl(&self) -> Result<()> {
        let ttl = TimeToLiveSpecification::builder()
            .enabled(true)
            .attribute_name("ttl")
            .build()
            .map_err(internal)?;
        let _ = self
            .client
            .update_time_to_live()
            .table_name(&self.table)
            .time_to_live_specification(ttl)
            .send()
            .await;
        Ok(())
    }

    async fn wait_active(&self, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(d) = self
                .client
                .describe_table()
                .table_name(&self.table)
                .send()
                .await
            {
                if let Some(t) = d.table() {
                    let indexes_ready = t.global_secondary_indexes().iter().all(|g| {
                        g.index_status()
                            .map(|s| s.as_str() == "ACTIVE")
                            .unwrap_or(true)
                    });
                    if t.table_status() == Some(&TableStatus::Active) && indexes_ready {
                        return Ok(());
                    }
                }
            }
            if Instant::now() > deadline {
                return Err(Error::service(format!(
                    "table {} did not become ACTIVE within {timeout:?}",
                    self.table
                )));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub async fn connect(&self, r: &ConnectRecord<'_>) -> Result<()> {
        let n = |v: u64| AttributeValue::N(v.to_string());
        let s = |v: &str| AttributeValue::S(v.to_string());
        let mut put = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("connectionId", s(r.connection_id))
            .item("connectedAt", n(r.connected_at_ms))
            .item("ttl", n(r.connected_at_ms / 1000 + self.ttl_secs))
            .item("domainName", s(r.domain_name))
            .item("stage", s(r.stage));
        // An empty string cannot be an index key: leave the attribute out instead.
        if let Some(u) = r.user_id.filter(|u| !u.is_empty()) {
            put = put.item("userId", s(u));
        }
        if let Some(g) = r.group_id.filter(|g| !g.is_empty()) {
            put = put.item("groupId", s(g));
        }
        let _turn = self.writes.acquire().await.map_err(internal)?;
        put.send().await.map_err(|e| {
            Error::from_sdk(format!("failed to record connection in {}", self.table), e)
        })?;
        Ok(())
    }

    pub async fn disconnect(&self, connection_id: &str) -> Result<()> {
        let _turn = self.writes.acquire().await.map_err(internal)?;
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("connectionId", AttributeValue::S(connection_id.to_string()))
            .send()
            .await
            .map_err(|e| {
                Error::from_sdk(
                    format!("failed to delete connection record in {}", self.table),
                    e,
                )
            })?;
        Ok(())
    }
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("failed to build a DynamoDB request: {e}"))
}
