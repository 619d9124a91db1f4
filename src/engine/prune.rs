//! Deleting rows in batches: BatchWriteItem by 25, UnprocessedItems retried with backoff; as many
//! batches in flight as DynamoDB's round trip and throttling allow (the adaptive
//! [`super::concurrency::Limiter`]: a far table must not take deletes one round trip at a time). Rows reach
//! the pruner only with proof that they are stale (a 410 from @connections, a disconnect wsctl made,
//! an age past the maximum connection duration, or an expired TTL when asked).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, WriteRequest};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::layout::Layout;
use crate::ownership::EndpointScope;
use crate::records::{rows_of, Item};

use super::concurrency::{Answer, Limiter, Permit};
use super::proof::{check_age, AgeCheck, RowAge};

const BATCH: usize = 25;
const MAX_BATCH_ATTEMPTS: u32 = 8;
/// Batch writes in flight: the adaptive limit starts here and grows up to the ceiling.
const PARALLEL_BATCHES_START: usize = 4;
const PARALLEL_BATCHES_MAX: usize = 64;

#[derive(Debug, Default)]
pub struct PruneStats {
    pub deleted: AtomicU64,
    pub failed: AtomicU64,
    /// Rows of a gone id that were kept: recorded for another endpoint (see `scope`).
    pub other_endpoint: AtomicU64,
    /// Rows of a gone id that were kept: connected within the grace, or of unknown age (see
    /// `proof`).
    pub too_young: AtomicU64,
    pub age_unknown: AtomicU64,
    /// Keys whose delete failed after every attempt: proven stale, still in the table. A sweep
    /// keeps them in its checkpoint so that a rerun deletes them.
    pub failed_rows: std::sync::Mutex<Vec<Item>>,
}

/// What to delete: a whole connection (all its rows, looked up when the table has a sort key), or
/// specific rows.
#[derive(Debug)]
pub enum PruneRequest {
    /// `scope`: the endpoint whose 410 proved it gone, when not the pruner's own.
    Connection {
        id: String,
        known_rows: Vec<Item>,
        scope: Option<Arc<EndpointScope>>,
    },
    Rows(Vec<Item>),
    /// Rows proven stale by an earlier run (a checkpoint's): each is read again and deleted only if
    /// it still qualifies (this endpoint's, older than the grace), on the condition that it is the
    /// row that was read.
    ReadFirst(Vec<Item>),
}

#[derive(Clone)]
pub struct Pruner {
    tx: mpsc::Sender<PruneRequest>,
    pub stats: Arc<PruneStats>,
}

pub struct PrunerTask(JoinHandle<()>);

impl PrunerTask {
    /// Wait until every queued delete was written (or failed and was counted).
    pub async fn finish(self) {
        let _ = self.0.await;
    }
}

impl Pruner {
    /// `scope`: rows the pruner looks up itself (by connection id) are deleted only when they
    /// belong to this endpoint; rows handed to it were checked by the caller.
    /// `grace`: rows the pruner reads itself are deleted only when connected longer ago than this.
    pub fn start(
        ddb: aws_sdk_dynamodb::Client,
        layout: Layout,
        scope: Option<Arc<EndpointScope>>,
        grace: Duration,
    ) -> (Pruner, PrunerTask) {
        let (tx, rx) = mpsc::channel(1024);
        let stats = Arc::new(PruneStats::default());
        let task = tokio::spawn(run(ddb, layout, scope, grace, rx, stats.clone()));
        (Pruner { tx, stats }, PrunerTask(task))
    }

    pub async fn send(&self, req: PruneRequest) {
        let _ = self.tx.send(req).await;
    }
}

/// The pruner's loop: requests in, batches of deletes out. One loop on purpose: the batch being
/// filled, the writers in flight and the flush timer are its state, shared by every kind of request.
async fn run(
    ddb: aws_sdk_dynamodb::Client,
    layout: Layout,
    scope: Option<Arc<EndpointScope>>,
    grace: Duration,
    mut rx: mpsc::Receiver<PruneRequest>,
    stats: Arc<PruneStats>,
) {
    let sem = Limiter::starting_at(PARALLEL_BATCHES_MAX, PARALLEL_BATCHES_START);
    let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
    let mut writers = Vec::new();
    loop {
        // Flush a partial batch when nothing more arrives for a moment.
        let next = if batch.is_empty() {
            rx.recv().await
        } else {
            match tokio::time::timeout(Duration::from_millis(50), rx.recv()).await {
                Ok(v) => v,
                Err(_) => {
                    writers
                        .push(flush(&ddb, &layout, &sem, &stats, std::mem::take(&mut batch)).await);
                    continue;
                }
            }
        };
        let Some(req) = next else { break };
        let rows = match req {
            PruneRequest::Rows(rows) => rows,
            PruneRequest::ReadFirst(keys) => {
                for key in keys {
                    writers.push(
                        spawn_delete_if_exists(
                            &ddb,
                            &layout,
                            &sem,
                            scope.clone(),
                            grace,
                            key,
                            &stats,
                        )
                        .await,
                    );
                }
                continue;
            }
            PruneRequest::Connection {
                id,
                known_rows,
                scope: proven_by,
            } => {
                let scope = proven_by.or_else(|| scope.clone());
                if layout.sk.is_none() && known_rows.is_empty() {
                    // An id given on the command line, never read from the table: a conditional
                    // delete, so that `pruned` counts rows that existed, not ids that were tried.
                    let key = Item::from([(layout.pk.clone(), AttributeValue::S(id))]);
                    writers.push(
                        spawn_delete_if_exists(&ddb, &layout, &sem, scope, grace, key, &stats)
                            .await,
                    );
                    continue;
                }
                if layout.sk.is_none() {
                    let mut key = Item::new();
                    key.insert(
                        layout.pk.clone(),
                        aws_sdk_dynamodb::types::AttributeValue::S(id),
                    );
                    vec![key]
                } else {
                    // A connection can have rows in several groups: delete them all.
                    rows_to_delete(
                        &ddb,
                        &layout,
                        scope.as_deref(),
                        grace,
                        &id,
                        known_rows,
                        &stats,
                    )
                    .await
                }
            }
        };
        for row in rows {
            batch.push(row);
            if batch.len() == BATCH {
                writers.push(flush(&ddb, &layout, &sem, &stats, std::mem::take(&mut batch)).await);
            }
        }
        writers.retain(|h: &JoinHandle<()>| !h.is_finished());
    }
    if !batch.is_empty() {
        writers.push(flush(&ddb, &layout, &sem, &stats, batch).await);
    }
    for w in writers {
        let _ = w.await;
    }
}

/// A conditional delete of one key, on its own task, holding a send slot while it runs.
async fn spawn_delete_if_exists(
    ddb: &aws_sdk_dynamodb::Client,
    layout: &Layout,
    sem: &Arc<Limiter>,
    scope: Option<Arc<EndpointScope>>,
    grace: Duration,
    key: Item,
    stats: &Arc<PruneStats>,
) -> JoinHandle<()> {
    let permit = sem.acquire().await;
    let (ddb, layout, stats) = (ddb.clone(), layout.clone(), stats.clone());
    tokio::spawn(async move {
        let sent_at = std::time::Instant::now();
        permit.sending();
        delete_if_exists(&ddb, &layout, scope.as_deref(), grace, key, &stats).await;
        permit.answered(sent_at, Answer::Accepted);
    })
}

/// The rows of a gone connection to delete: those the table holds for it that are this endpoint's
/// and old enough; the rows already known if the table cannot be read.
async fn rows_to_delete(
    ddb: &aws_sdk_dynamodb::Client,
    layout: &Layout,
    scope: Option<&EndpointScope>,
    grace: Duration,
    id: &str,
    known_rows: Vec<Item>,
    stats: &PruneStats,
) -> Vec<Item> {
    match rows_of(ddb, layout, id).await {
        Ok(rows) => rows
            .into_iter()
            .filter(|r| {
                let ours = scope.is_none_or(|s| s.owns_record(r));
                if !ours {
                    stats.other_endpoint.fetch_add(1, Ordering::Relaxed);
                }
                ours && old_enough(r.connected_at_ms, grace, stats)
            })
            .map(|r| r.key)
            .collect(),
        Err(e) => {
            tracing::warn!("cannot list the rows of {id}: {e}");
            known_rows
        }
    }
}

async fn flush(
    ddb: &aws_sdk_dynamodb::Client,
    layout: &Layout,
    sem: &Arc<Limiter>,
    stats: &Arc<PruneStats>,
    rows: Vec<Item>,
) -> JoinHandle<()> {
    let rows = distinct(rows);
    let permit = sem.acquire().await;
    let ddb = ddb.clone();
    let table = layout.table.clone();
    let stats = stats.clone();
    tokio::spawn(async move {
        write_batch(&ddb, &table, rows, &stats, Some(&permit)).await;
    })
}

/// The rows of a batch without repeats (BatchWriteItem refuses a key twice), in their order. Rows are
/// compared as maps: their `Debug` text is no key, since two equal HashMaps may list their attributes
/// in different orders. A batch holds at most 25 rows.
fn distinct(rows: Vec<Item>) -> Vec<Item> {
    let mut kept: Vec<Item> = Vec::with_capacity(rows.len());
    for row in rows {
        if !kept.contains(&row) {
            kept.push(row);
        }
    }
    kept
}

/// Whether a row read by the pruner is old enough for a 410 to delete it; counts it when not.
fn old_enough(connected_at_ms: Option<u64>, grace: Duration, stats: &PruneStats) -> bool {
    let age = RowAge::from_millis(connected_at_ms);
    match check_age(age, crate::time::now_millis(), grace) {
        AgeCheck::OldEnough | AgeCheck::NotRead => true,
        AgeCheck::TooYoung => {
            stats.too_young.fetch_add(1, Ordering::Relaxed);
            false
        }
        AgeCheck::Unknown => {
            stats.age_unknown.fetch_add(1, Ordering::Relaxed);
            false
        }
    }
}

/// Delete a row the caller has not read (an id given on the command line, a checkpoint's carried
/// delete): read it first (its endpoint and age decide, see `scope` and `proof`), then delete it on the condition
/// that it is still the row that was read, so that `pruned` counts rows that existed.
async fn delete_if_exists(
    ddb: &aws_sdk_dynamodb::Client,
    layout: &Layout,
    scope: Option<&EndpointScope>,
    grace: Duration,
    key: Item,
    stats: &PruneStats,
) {
    for attempt in 0..MAX_BATCH_ATTEMPTS {
        match try_delete_read_row(ddb, layout, scope, grace, &key, stats).await {
            Ok(()) => return,
            Err(err) => {
                tracing::warn!("{err} (attempt {})", attempt + 1);
                tokio::time::sleep(super::backoff(attempt + 1)).await;
            }
        }
    }
    stats.failed.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut rows) = stats.failed_rows.lock() {
        rows.push(key);
    }
}

/// One go of [`delete_if_exists`]: Ok when settled (deleted, absent, or kept and counted).
async fn try_delete_read_row(
    ddb: &aws_sdk_dynamodb::Client,
    layout: &Layout,
    scope: Option<&EndpointScope>,
    grace: Duration,
    key: &Item,
    stats: &PruneStats,
) -> Result<(), crate::error::Error> {
    let read = ddb
        .get_item()
        .table_name(&layout.table)
        .set_key(Some(key.clone()))
        .consistent_read(true)
        .send()
        .await
        .map_err(|e| {
            crate::error::Error::from_sdk(format!("failed to read a row of {}", layout.table), e)
        })?;
    let Some(item) = read.item else {
        return Ok(());
    };
    let Some(record) = crate::records::ConnRecord::from_item(layout, &item) else {
        return Ok(());
    };
    if !scope.is_none_or(|s| s.owns_record(&record)) {
        stats.other_endpoint.fetch_add(1, Ordering::Relaxed);
        return Ok(());
    }
    if !old_enough(record.connected_at_ms, grace, stats) {
        return Ok(());
    }
    // Still the row that was read: its connectedAt unchanged.
    let mut names = HashMap::from([("#pk".to_string(), layout.pk.clone())]);
    let mut values = HashMap::new();
    let mut condition = "attribute_exists(#pk)".to_string();
    if let Some(seen) = item.get(&layout.connected_at_attr) {
        names.insert("#ca".into(), layout.connected_at_attr.clone());
        values.insert(":ca".to_string(), seen.clone());
        condition.push_str(" AND #ca = :ca");
    }
    let res = ddb
        .delete_item()
        .table_name(&layout.table)
        .set_key(Some(key.clone()))
        .condition_expression(condition)
        .set_expression_attribute_names(Some(names))
        .set_expression_attribute_values((!values.is_empty()).then_some(values))
        .send()
        .await;
    match res {
        Ok(_) => {
            stats.deleted.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
        Err(e)
            if e.as_service_error()
                .is_some_and(|se| se.is_conditional_check_failed_exception()) =>
        {
            Ok(())
        }
        Err(e) => Err(crate::error::Error::from_sdk(
            format!("failed to delete a row from {}", layout.table),
            e,
        )),
    }
}

/// Delete up to 25 rows, resending UnprocessedItems with exponential backoff.
pub(crate) async fn write_batch(
    ddb: &aws_sdk_dynamodb::Client,
    table: &str,
    rows: Vec<Item>,
    stats: &PruneStats,
    permit: Option<&Permit>,
) {
    let mut pending = delete_requests(rows);
    let total = pending.len() as u64;
    for attempt in 0..MAX_BATCH_ATTEMPTS {
        if pending.is_empty() {
            break;
        }
        let n = pending.len() as u64;
        let sent_at = std::time::Instant::now();
        if let (0, Some(p)) = (attempt, permit) {
            p.sending();
        }
        let res = ddb
            .batch_write_item()
            .request_items(table, pending.clone())
            .send()
            .await;
        match res {
            Ok(out) => {
                let left: Vec<WriteRequest> = out
                    .unprocessed_items()
                    .and_then(|m| m.get(table))
                    .cloned()
                    .unwrap_or_default();
                stats
                    .deleted
                    .fetch_add(n - left.len() as u64, Ordering::Relaxed);
                // The first answer is the limiter's sample: unprocessed items are DynamoDB's
                // throttling, later rounds only its backoff.
                if let (0, Some(p)) = (attempt, permit) {
                    let answer = if left.is_empty() {
                        Answer::Accepted
                    } else {
                        Answer::Throttled
                    };
                    p.answered(sent_at, answer);
                }
                pending = left;
            }
            Err(e) => {
                let err =
                    crate::error::Error::from_sdk(format!("failed to delete rows from {table}"), e);
                tracing::warn!("{err} (attempt {})", attempt + 1);
                if let (0, Some(p)) = (attempt, permit) {
                    p.answered(sent_at, Answer::Other);
                }
            }
        }
        if !pending.is_empty() {
            tokio::time::sleep(super::backoff(attempt + 1)).await;
        }
    }
    if !pending.is_empty() {
        record_unprocessed(stats, pending, total);
    }
}

/// A DeleteRequest for each row key.
fn delete_requests(rows: Vec<Item>) -> Vec<WriteRequest> {
    rows.into_iter()
        .filter_map(|key| {
            DeleteRequest::builder()
                .set_key(Some(key))
                .build()
                .ok()
                .map(|d| WriteRequest::builder().delete_request(d).build())
        })
        .collect()
}

/// Deletes still unprocessed after the last attempt: counted as failed, their keys kept.
fn record_unprocessed(stats: &PruneStats, pending: Vec<WriteRequest>, total: u64) {
    tracing::warn!("{} of {total} deletes were not processed", pending.len());
    stats
        .failed
        .fetch_add(pending.len() as u64, Ordering::Relaxed);
    if let Ok(mut rows) = stats.failed_rows.lock() {
        rows.extend(
            pending
                .into_iter()
                .filter_map(|w| w.delete_request.map(|d| d.key)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::types::AttributeValue;

    fn key(id: &str, room: &str) -> Item {
        Item::from([
            ("connectionId".to_string(), AttributeValue::S(id.into())),
            ("roomId".to_string(), AttributeValue::S(room.into())),
        ])
    }

    #[test]
    fn a_batch_keeps_each_key_once_in_order() {
        let rows = vec![
            key("a", "r1"),
            key("b", "r1"),
            key("a", "r1"),
            key("a", "r2"),
        ];
        assert_eq!(
            distinct(rows),
            vec![key("a", "r1"), key("b", "r1"), key("a", "r2")]
        );
    }
}
