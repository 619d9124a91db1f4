//! Connection records: parsing items of any supported layout, and streaming them page by page from
//! Scan (parallel segments) or Query (GSI, or the base table by connection id) into a bounded channel,
//! so that no command ever holds a whole table in memory.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use tokio::sync::mpsc;

use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::ownership::{EndpointScope, DOMAIN_ATTR, STAGE_ATTR};

pub type Item = HashMap<String, AttributeValue>;

/// One row of the connections table, normalised.
#[derive(Debug, Clone)]
pub struct ConnRecord {
    pub connection_id: String,
    /// The primary key of this row (partition key and, if any, sort key): what a delete needs.
    pub key: Item,
    pub user: Option<String>,
    /// Group as stored (with any prefix).
    pub group: Option<String>,
    pub connected_at_ms: Option<u64>,
    /// TTL, epoch seconds.
    pub ttl: Option<u64>,
    pub domain_name: Option<String>,
    pub stage: Option<String>,
}

impl ConnRecord {
    /// None when the item lacks a string connection id (such rows are skipped and counted).
    pub fn from_item(layout: &Layout, item: &Item) -> Option<ConnRecord> {
        let id = item.get(&layout.pk)?.as_s().ok()?.clone();
        let mut key = HashMap::new();
        key.insert(layout.pk.clone(), AttributeValue::S(id.clone()));
        if let Some(sk) = &layout.sk {
            key.insert(sk.clone(), item.get(sk)?.clone());
        }
        Some(ConnRecord {
            connection_id: id,
            key,
            user: attr_string(item.get(&layout.user_attr)),
            group: attr_string(item.get(&layout.group_attr)),
            connected_at_ms: item.get(&layout.connected_at_attr).and_then(parse_time_ms),
            ttl: item.get(&layout.ttl_attr).and_then(parse_ttl),
            domain_name: attr_string(item.get(DOMAIN_ATTR)),
            stage: attr_string(item.get(STAGE_ATTR)),
        })
    }

    /// TTL passed but DynamoDB has not deleted the row yet (it can lag by days).
    /// Whether the TTL has passed, as DynamoDB's TTL judges it: epoch seconds in the past, but not
    /// more than five years back (DynamoDB ignores those, and values in milliseconds lie far in the
    /// future).
    pub fn expired(&self, now_secs: u64) -> bool {
        matches!(self.ttl, Some(t) if t <= now_secs && now_secs - t <= TTL_HORIZON_SECS)
    }

    pub fn age(&self, now_ms: u64) -> Option<Duration> {
        self.connected_at_ms
            .map(|c| Duration::from_millis(now_ms.saturating_sub(c)))
    }
}

impl EndpointScope {
    /// Whether a row read from the table belongs to the endpoint ([`EndpointScope::owns`]).
    pub fn owns_record(&self, r: &ConnRecord) -> bool {
        self.owns(r.domain_name.as_deref(), r.stage.as_deref())
    }
}

fn attr_string(v: Option<&AttributeValue>) -> Option<String> {
    match v? {
        AttributeValue::S(s) => Some(s.clone()),
        AttributeValue::N(n) => Some(n.clone()),
        _ => None,
    }
}

/// DynamoDB's TTL ignores items whose TTL lies more than five years in the past.
const TTL_HORIZON_SECS: u64 = 5 * 365 * 24 * 3600;

/// `connectedAt` as epoch milliseconds, from epoch seconds, epoch milliseconds (numbers or numeric
/// strings) or ISO-8601 strings with a zone (`Z` or an offset). An ISO time without a zone is of
/// unknown age: None (such a row is probed, never deleted by age).
pub fn parse_time_ms(v: &AttributeValue) -> Option<u64> {
    let text = match v {
        AttributeValue::N(n) => n.as_str(),
        AttributeValue::S(s) => s.as_str(),
        _ => return None,
    };
    let t = text.trim();
    if let Ok(f) = t.parse::<f64>() {
        if !f.is_finite() || f < 0.0 {
            return None;
        }
        // Seconds until the year 5138; milliseconds beyond; microseconds beyond 1e15.
        return Some(if f < 1e11 {
            (f * 1000.0) as u64
        } else if f < 1e14 {
            f as u64
        } else {
            (f / 1000.0) as u64
        });
    }
    let (local, offset_secs) = split_zone(t)?;
    let st = humantime::parse_rfc3339_weak(local).ok()?;
    let utc_ms = st.duration_since(UNIX_EPOCH).ok()?.as_millis() as i64 - offset_secs * 1000;
    u64::try_from(utc_ms).ok()
}

/// TTL attribute: a Number of epoch seconds (DynamoDB ignores other types; so do we).
/// An ISO-8601 time's local part and its zone's offset east of UTC in seconds; None without a zone.
fn split_zone(t: &str) -> Option<(&str, i64)> {
    if let Some(local) = t.strip_suffix('Z').or_else(|| t.strip_suffix('z')) {
        return Some((local, 0));
    }
    // "+hh:mm", "-hh:mm" or "+hhmm" after the time (the date's own '-'s come earlier).
    let time_start = t.find('T').or_else(|| t.find(' '))?;
    let sign_at = time_start + t[time_start..].rfind(['+', '-'])?;
    let (local, zone) = t.split_at(sign_at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    Some((local, sign * (hours * 3600 + minutes * 60)))
}

pub fn parse_ttl(v: &AttributeValue) -> Option<u64> {
    let f = v.as_n().ok()?.trim().parse::<f64>().ok()?;
    (f.is_finite() && f >= 0.0).then_some(f as u64)
}

/// A page of rows, as read.
#[derive(Debug, Default)]
pub struct Page {
    pub records: Vec<ConnRecord>,
    /// Rows without a usable connection id (skipped, counted).
    pub malformed: u64,
    /// Scan segment this page came from, and where the segment continues (None: segment done).
    pub segment: Option<i32>,
    pub last_evaluated_key: Option<Item>,
    /// Rows DynamoDB left out because they belong to another endpoint ([`ReadOptions::scope`]).
    pub other_endpoint: u64,
}

/// Skips the further rows of a connection already seen in a Scan, in memory that does not grow with
/// the table. DynamoDB stores the rows of one partition key (an item collection) together, in
/// sort-key order, and a Scan segment returns them one after the other; a partition key belongs to one
/// segment. So the last id of each segment is all there is to remember. (A Query on a GSI has no such
/// order: its readers keep a set, bounded by the user's or group's rows.)
#[derive(Debug, Default)]
pub struct ScanDedup {
    last: HashMap<i32, String>,
}

impl ScanDedup {
    /// True when `id` is the connection of the row before it in the same segment.
    pub fn repeat(&mut self, segment: Option<i32>, id: &str) -> bool {
        let last = self.last.entry(segment.unwrap_or(0)).or_default();
        if last == id {
            return true;
        }
        last.clear();
        last.push_str(id);
        false
    }
}

/// Which rows to read.
#[derive(Debug, Clone)]
pub enum Source {
    /// Every row (parallel Scan).
    All,
    /// Rows of one user (GSI Query, else filtered Scan).
    User(String),
    /// Rows of one group (GSI Query, else filtered Scan); the layout's group prefix is added.
    Group(String),
}

#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub segments: i32,
    /// Scan segments to read (for sharding); None = all of them.
    pub only_segments: Option<Vec<i32>>,
    /// Where each segment resumes (checkpoint).
    pub resume: HashMap<i32, Item>,
    /// Segments already finished (checkpoint).
    pub done_segments: Vec<i32>,
    /// The largest page, in items (DynamoDB's `Limit`); None = DynamoDB's 1 MB pages.
    pub page_size: Option<i32>,
    /// When set, the first page of each Scan segment or Query holds this many items and each next
    /// page four times as many, up to `page_size`: a fan-out starts sending after one small page,
    /// and the rest of a large group comes in few requests, since every request has a fixed cost
    /// whatever its size.
    pub first_page_size: Option<i32>,
    /// Channel capacity in pages: the bound that keeps memory flat.
    pub buffer_pages: usize,
    /// Which attributes the caller reads (see [`Fields`]).
    pub fields: Fields,
    /// Leave out rows recorded for another endpoint, in DynamoDB (a FilterExpression), so that a
    /// fan-out neither reads nor parses their endpoint attributes; they are counted in
    /// [`Page::other_endpoint`]. A Scan filtered on a user or group reads the attributes instead
    /// (its filtered-out count would mix both filters) and leaves the check to the caller.
    pub scope: Option<Arc<EndpointScope>>,
}

/// Which attributes of each row to read. A fan-out or sweep reads only what it uses, to spare
/// DynamoDB's work and the bytes parsed per row; `list` needs them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fields {
    /// Whole items.
    #[default]
    All,
    /// The key and the TTL: what a fan-out decides on (skip expired rows, prune by key).
    Delivery,
    /// [`Fields::Delivery`] plus the endpoint attributes: a fan-out that routes each row.
    Routing,
    /// The key, the TTL and connectedAt: what a sweep decides on (connectedAt for its age shortcut).
    Targeting,
    /// [`Fields::Targeting`] plus the user and group attributes: what `count`/`stats` tally.
    Tally,
}

impl Fields {
    /// The attribute names to project, None for whole items. `endpoint`: also the attributes that
    /// say which endpoint a row was recorded for (see `scope`); the sweep and the tallies always
    /// read them, a fan-out only when it checks them itself.
    fn attributes(self, layout: &Layout, endpoint: bool) -> Option<Vec<String>> {
        let mut names = vec![layout.pk.clone()];
        names.extend(layout.sk.clone());
        names.push(layout.ttl_attr.clone());
        if endpoint || self != Fields::Delivery {
            names.push(DOMAIN_ATTR.to_string());
            names.push(STAGE_ATTR.to_string());
        }
        match self {
            Fields::All => return None,
            // connectedAt: a 410 deletes only rows older than the grace (see `engine::proof`).
            Fields::Delivery | Fields::Routing | Fields::Targeting => {
                names.push(layout.connected_at_attr.clone())
            }
            Fields::Tally => {
                names.push(layout.connected_at_attr.clone());
                names.push(layout.user_attr.clone());
                names.push(layout.group_attr.clone());
            }
        }
        let mut seen = std::collections::HashSet::new();
        names.retain(|n| seen.insert(n.clone()));
        Some(names)
    }
}

/// A ProjectionExpression over `names` with `#p{i}` placeholders (attribute names may be reserved
/// words: `ttl` is one).
fn projection(names: &[String]) -> (String, HashMap<String, String>) {
    let expr = (0..names.len())
        .map(|i| format!("#p{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let map = names
        .iter()
        .enumerate()
        .map(|(i, n)| (format!("#p{i}"), n.clone()))
        .collect();
    (expr, map)
}

/// The expressions of one read (a Scan segment or an index Query), built once and set on the
/// request of every page: the projection, the filters (ANDed) and their placeholders.
#[derive(Default)]
struct ReadExpressions {
    filters: Vec<String>,
    projection: Option<String>,
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
    /// The endpoint filter is the only filter, so ScannedCount - Count is what it left out.
    counts_other_endpoint: bool,
}

impl ReadExpressions {
    fn new(fields: Option<&[String]>, scope: Option<&EndpointScope>) -> Self {
        let mut x = ReadExpressions::default();
        if let Some(fields) = fields {
            let (expr, names) = projection(fields);
            x.projection = Some(expr);
            x.names.extend(names);
        }
        if let Some(scope) = scope {
            let (expr, names, values) = scope.condition();
            x.filters.push(expr);
            x.names.extend(names);
            x.values.extend(values);
            x.counts_other_endpoint = true;
        }
        x
    }

    /// `#f = :v` on `attr` (a user or group lookup without an index).
    fn filter_equal(&mut self, attr: &str, value: &str) {
        self.filters.push("#f = :v".into());
        self.names.insert("#f".into(), attr.into());
        self.values
            .insert(":v".into(), AttributeValue::S(value.to_string()));
        self.counts_other_endpoint = false;
    }

    fn filter(&self) -> Option<String> {
        (!self.filters.is_empty()).then(|| self.filters.join(" AND "))
    }

    fn names(&self) -> Option<HashMap<String, String>> {
        (!self.names.is_empty()).then(|| self.names.clone())
    }

    fn values(&self) -> Option<HashMap<String, AttributeValue>> {
        (!self.values.is_empty()).then(|| self.values.clone())
    }

    /// Rows of the page the endpoint filter left out.
    fn other_endpoint(&self, scanned: i32, returned: i32) -> u64 {
        if self.counts_other_endpoint {
            scanned.saturating_sub(returned).max(0) as u64
        } else {
            0
        }
    }
}

pub const DEFAULT_PAGE_SIZE: i32 = 1000;

/// The `Limit` of each successive page of one read (see [`ReadOptions::first_page_size`]).
#[derive(Debug, Clone, Copy)]
struct PageLimits {
    next: Option<i32>,
    max: Option<i32>,
}

impl PageLimits {
    fn new(first: Option<i32>, max: Option<i32>) -> Self {
        let next = match (first, max) {
            (Some(f), Some(m)) => Some(f.min(m)),
            (Some(f), None) => Some(f),
            (None, m) => m,
        };
        PageLimits { next, max }
    }

    /// The limit for the page about to be read; the one after it grows fourfold.
    fn take(&mut self) -> Option<i32> {
        let now = self.next;
        self.next = now.map(|n| {
            let grown = n.saturating_mul(4);
            self.max.map_or(grown, |m| grown.min(m))
        });
        now
    }
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            segments: 1,
            only_segments: None,
            resume: HashMap::new(),
            done_segments: Vec::new(),
            // Smaller than DynamoDB's 1 MB pages: the pages in flight bound the memory used.
            page_size: Some(DEFAULT_PAGE_SIZE),
            first_page_size: None,
            buffer_pages: 4,
            fields: Fields::All,
            scope: None,
        }
    }
}

/// Whether a source will be read with a Query on an index (true) or with a Scan.
pub fn uses_index(layout: &Layout, source: &Source) -> bool {
    match source {
        Source::All => false,
        Source::User(_) => layout.user_index.is_some(),
        Source::Group(_) => layout.group_index.is_some(),
    }
}

/// Stream the rows of `source` into a bounded channel, page by page.
pub fn stream(
    ddb: aws_sdk_dynamodb::Client,
    layout: Layout,
    source: Source,
    opts: ReadOptions,
) -> mpsc::Receiver<Result<Page>> {
    let (tx, rx) = mpsc::channel(opts.buffer_pages.max(1));
    let index = match &source {
        Source::User(u) => layout
            .user_index
            .clone()
            .map(|ix| (ix, layout.user_attr.clone(), u.clone())),
        Source::Group(g) => layout
            .group_index
            .clone()
            .map(|ix| (ix, layout.group_attr.clone(), layout.stored_group(g))),
        Source::All => None,
    };
    if let Some((ix, attr, value)) = index {
        // An index that does not project every attribute can only return what it holds: read it
        // whole rather than ask for attributes it lacks.
        let fields = if ix.projects_all {
            opts.fields.attributes(&layout, false)
        } else {
            None
        };
        tokio::spawn(query_index(
            ddb, layout, ix.name, attr, value, fields, opts, tx,
        ));
        return rx;
    }
    let filter = match &source {
        Source::All => None,
        Source::User(u) => Some((layout.user_attr.clone(), u.clone())),
        Source::Group(g) => Some((layout.group_attr.clone(), layout.stored_group(g))),
    };
    let (fields, scope) = match filter {
        None => (opts.fields.attributes(&layout, false), opts.scope.clone()),
        Some(_) => (opts.fields.attributes(&layout, opts.scope.is_some()), None),
    };
    let segments: Vec<i32> = opts
        .only_segments
        .clone()
        .unwrap_or_else(|| (0..opts.segments.max(1)).collect())
        .into_iter()
        .filter(|s| !opts.done_segments.contains(s))
        .collect();
    for seg in segments {
        let start = opts.resume.get(&seg).cloned();
        tokio::spawn(scan_segment(
            ddb.clone(),
            layout.clone(),
            seg,
            opts.segments.max(1),
            start,
            filter.clone(),
            scope.clone(),
            fields.clone(),
            PageLimits::new(opts.first_page_size, opts.page_size),
            tx.clone(),
        ));
    }
    rx
}

/// At -vv: how long each page took DynamoDB to answer (a fan-out that stalls waiting for rows shows
/// here, not in the engine's figures).
fn trace_page(read: &str, segment: Option<i32>, asked: Instant, rows: Option<i32>) {
    let ms = asked.elapsed().as_secs_f64() * 1000.0;
    tracing::debug!(read, segment, rows, ms, "table page read");
}

fn page_from(layout: &Layout, items: &[Item]) -> (Vec<ConnRecord>, u64) {
    let mut records = Vec::with_capacity(items.len());
    let mut malformed = 0;
    for it in items {
        match ConnRecord::from_item(layout, it) {
            Some(r) => records.push(r),
            None => malformed += 1,
        }
    }
    (records, malformed)
}

#[allow(clippy::too_many_arguments)]
async fn scan_segment(
    ddb: aws_sdk_dynamodb::Client,
    layout: Layout,
    segment: i32,
    total: i32,
    mut start: Option<Item>,
    filter: Option<(String, String)>,
    scope: Option<Arc<EndpointScope>>,
    fields: Option<Vec<String>>,
    mut limits: PageLimits,
    tx: mpsc::Sender<Result<Page>>,
) {
    let mut exprs = ReadExpressions::new(fields.as_deref(), scope.as_deref());
    if let Some((attr, value)) = &filter {
        exprs.filter_equal(attr, value);
    }
    loop {
        let mut req = ddb
            .scan()
            .table_name(&layout.table)
            .set_exclusive_start_key(start.take())
            .set_limit(limits.take())
            .set_filter_expression(exprs.filter())
            .set_projection_expression(exprs.projection.clone())
            .set_expression_attribute_names(exprs.names())
            .set_expression_attribute_values(exprs.values());
        if total > 1 {
            req = req.segment(segment).total_segments(total);
        }
        let asked = Instant::now();
        let out = req.send().await;
        trace_page(
            "scan",
            Some(segment),
            asked,
            out.as_ref().ok().map(|o| o.count()),
        );
        let out = match out {
            Ok(o) => o,
            Err(e) => {
                let _ = tx
                    .send(Err(Error::from_sdk(
                        format!("failed to scan table {}", layout.table),
                        e,
                    )))
                    .await;
                return;
            }
        };
        let (records, malformed) = page_from(&layout, out.items());
        let next = out.last_evaluated_key().cloned();
        let done = next.is_none();
        let page = Page {
            records,
            malformed,
            segment: Some(segment),
            last_evaluated_key: next.clone(),
            other_endpoint: exprs.other_endpoint(out.scanned_count(), out.count()),
        };
        if tx.send(Ok(page)).await.is_err() {
            return;
        }
        if done {
            return;
        }
        start = next;
    }
}

#[allow(clippy::too_many_arguments)]
async fn query_index(
    ddb: aws_sdk_dynamodb::Client,
    layout: Layout,
    index: String,
    attr: String,
    value: String,
    fields: Option<Vec<String>>,
    opts: ReadOptions,
    tx: mpsc::Sender<Result<Page>>,
) {
    let mut exprs = ReadExpressions::new(fields.as_deref(), opts.scope.as_deref());
    exprs.names.insert("#k".into(), attr);
    exprs.values.insert(":k".into(), AttributeValue::S(value));
    let mut start: Option<Item> = None;
    let mut limits = PageLimits::new(opts.first_page_size, opts.page_size);
    loop {
        // GSI reads are eventually consistent (ConsistentRead is refused on a GSI).
        let req = ddb
            .query()
            .table_name(&layout.table)
            .index_name(&index)
            .key_condition_expression("#k = :k")
            .set_exclusive_start_key(start.take())
            .set_limit(limits.take())
            .set_filter_expression(exprs.filter())
            .set_projection_expression(exprs.projection.clone())
            .set_expression_attribute_names(exprs.names())
            .set_expression_attribute_values(exprs.values());
        let asked = Instant::now();
        let out = req.send().await;
        trace_page("query", None, asked, out.as_ref().ok().map(|o| o.count()));
        let out = match out {
            Ok(o) => o,
            Err(e) => {
                let _ = tx
                    .send(Err(Error::from_sdk(
                        format!("failed to query index {index} of table {}", layout.table),
                        e,
                    )))
                    .await;
                return;
            }
        };
        let (records, malformed) = page_from(&layout, out.items());
        let next = out.last_evaluated_key().cloned();
        let done = next.is_none();
        if tx
            .send(Ok(Page {
                records,
                malformed,
                segment: None,
                last_evaluated_key: None,
                other_endpoint: exprs.other_endpoint(out.scanned_count(), out.count()),
            }))
            .await
            .is_err()
        {
            return;
        }
        if done {
            return;
        }
        start = next;
    }
}

/// Every row of one connection (a table with a sort key may hold several), consistently read.
pub async fn rows_of(
    ddb: &aws_sdk_dynamodb::Client,
    layout: &Layout,
    connection_id: &str,
) -> Result<Vec<ConnRecord>> {
    let mut rows = Vec::new();
    let mut start: Option<Item> = None;
    loop {
        let out = ddb
            .query()
            .table_name(&layout.table)
            .key_condition_expression("#k = :v")
            .expression_attribute_names("#k", &layout.pk)
            .expression_attribute_values(":v", AttributeValue::S(connection_id.to_string()))
            .consistent_read(true)
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(|e| {
                Error::from_sdk(
                    format!("failed to read the rows of connection {connection_id}"),
                    e,
                )
            })?;
        rows.extend(page_from(layout, out.items()).0);
        match out.last_evaluated_key() {
            Some(k) => start = Some(k.clone()),
            None => return Ok(rows),
        }
    }
}

/// The JSON shape of a record (documented in README: field names are a contract).
#[derive(Debug, Clone, Serialize)]
pub struct RecordJson {
    #[serde(rename = "connectionId")]
    pub connection_id: String,
    #[serde(rename = "userId")]
    pub user: Option<String>,
    #[serde(rename = "groupId")]
    pub group: Option<String>,
    /// epoch milliseconds
    #[serde(rename = "connectedAt")]
    pub connected_at_ms: Option<u64>,
    #[serde(rename = "ageSeconds")]
    pub age_secs: Option<u64>,
    /// epoch seconds
    pub ttl: Option<u64>,
    #[serde(rename = "expiresInSeconds")]
    pub expires_in_secs: Option<i64>,
    pub expired: bool,
    #[serde(rename = "domainName", skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
}

impl RecordJson {
    pub fn new(layout: &Layout, r: &ConnRecord, now_ms: u64) -> Self {
        let now_s = now_ms / 1000;
        RecordJson {
            connection_id: r.connection_id.clone(),
            user: r.user.clone(),
            group: r
                .group
                .as_deref()
                .map(|g| layout.display_group(g).to_string()),
            connected_at_ms: r.connected_at_ms,
            age_secs: r.age(now_ms).map(|d| d.as_secs()),
            ttl: r.ttl,
            expires_in_secs: r.ttl.map(|t| t as i64 - now_s as i64),
            expired: r.expired(now_s),
            domain_name: r.domain_name.clone(),
            stage: r.stage.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_dedup_remembers_the_last_id_of_each_segment() {
        let mut d = ScanDedup::default();
        assert!(!d.repeat(Some(0), "a"));
        assert!(d.repeat(Some(0), "a"));
        assert!(!d.repeat(Some(1), "a"), "segments are apart");
        assert!(!d.repeat(Some(0), "b"));
        assert!(d.repeat(Some(0), "b"));
        assert!(!d.repeat(Some(0), "a"), "only the row before counts");
        assert!(!d.repeat(None, "c"));
        assert!(d.repeat(Some(0), "c"), "no segment is segment 0");
    }

    #[test]
    fn pages_grow_fourfold_to_the_maximum() {
        let sizes = |first, max| {
            let mut l = PageLimits::new(first, max);
            (0..5).map(|_| l.take()).collect::<Vec<_>>()
        };
        assert_eq!(
            sizes(Some(250), Some(4000)),
            [Some(250), Some(1000), Some(4000), Some(4000), Some(4000)]
        );
        // Without a first size every page has the fixed size; a first size above the maximum is
        // cut to it.
        assert_eq!(sizes(None, Some(1000)), [Some(1000); 5]);
        assert_eq!(sizes(Some(9000), Some(1000)), [Some(1000); 5]);
        assert_eq!(sizes(None, None), [None; 5]);
        assert_eq!(sizes(Some(i32::MAX / 2), None)[2], Some(i32::MAX));
    }

    #[test]
    fn connected_at_formats() {
        let n = |s: &str| AttributeValue::N(s.into());
        let s = |s: &str| AttributeValue::S(s.into());
        assert_eq!(parse_time_ms(&n("1652722217")), Some(1652722217000));
        assert_eq!(parse_time_ms(&n("1652722217711")), Some(1652722217711));
        assert_eq!(
            parse_time_ms(&s("2020-04-30T20:10:33.236Z")),
            Some(1588277433236)
        );
        assert_eq!(
            parse_time_ms(&s("2020-04-30T20:10:33Z")),
            Some(1588277433000)
        );
        assert_eq!(parse_time_ms(&s("yesterday")), None);
        assert_eq!(parse_time_ms(&AttributeValue::Bool(true)), None);
        assert_eq!(parse_ttl(&n("1700000000")), Some(1700000000));
        assert_eq!(parse_ttl(&s("1700000000")), None);
        // An offset is applied; a time without a zone has no age.
        assert_eq!(
            parse_time_ms(&s("2020-04-30T22:10:33.236+02:00")),
            Some(1588277433236)
        );
        assert_eq!(
            parse_time_ms(&s("2020-04-30T15:10:33-0500")),
            Some(1588277433000)
        );
        assert_eq!(parse_time_ms(&s("2020-04-30T20:10:33.236")), None);
        assert_eq!(parse_time_ms(&s("2020-04-30 20:10:33")), None);
    }

    #[test]
    fn ttl_follows_dynamodbs_rules() {
        let now = 1_800_000_000;
        let rec = |ttl: u64| ConnRecord {
            connection_id: "a".into(),
            key: Item::new(),
            user: None,
            group: None,
            connected_at_ms: None,
            ttl: Some(ttl),
            domain_name: None,
            stage: None,
        };
        assert!(rec(now - 10).expired(now));
        assert!(!rec(now + 10).expired(now));
        // Milliseconds by mistake: far in the future, never expired.
        assert!(!rec(now * 1000).expired(now));
        // More than five years in the past: DynamoDB ignores it, and so does wsctl.
        assert!(!rec(now - 6 * 365 * 24 * 3600).expired(now));
    }

    #[test]
    fn projections_name_the_key_and_what_the_caller_reads() {
        let layout = Layout {
            table: "t".into(),
            pk: "connectionId".into(),
            sk: Some("roomId".into()),
            user_attr: "userId".into(),
            group_attr: "roomId".into(),
            user_index: None,
            group_index: None,
            group_prefix: String::new(),
            ttl_attr: "ttl".into(),
            ttl_enabled: true,
            connected_at_attr: "connectedAt".into(),
            approx_items: 0,
            approx_bytes: 0,
        };
        assert_eq!(Fields::All.attributes(&layout, true), None);
        assert_eq!(
            Fields::Delivery.attributes(&layout, false).unwrap(),
            ["connectionId", "roomId", "ttl", "connectedAt"]
        );
        assert_eq!(
            Fields::Delivery.attributes(&layout, true).unwrap(),
            [
                "connectionId",
                "roomId",
                "ttl",
                "domainName",
                "stage",
                "connectedAt"
            ]
        );
        assert_eq!(
            Fields::Targeting.attributes(&layout, false).unwrap(),
            [
                "connectionId",
                "roomId",
                "ttl",
                "domainName",
                "stage",
                "connectedAt"
            ]
        );
        // The group attribute is the sort key here: named once.
        assert_eq!(
            Fields::Tally.attributes(&layout, false).unwrap(),
            [
                "connectionId",
                "roomId",
                "ttl",
                "domainName",
                "stage",
                "connectedAt",
                "userId"
            ]
        );
        let (expr, names) = projection(&Fields::Targeting.attributes(&layout, false).unwrap());
        assert_eq!(expr, "#p0, #p1, #p2, #p3, #p4, #p5");
        assert_eq!(names["#p2"], "ttl");
    }
}
