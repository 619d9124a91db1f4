//! Per-key counts in bounded memory, for `connections count --by` and `connections stats`.
//!
//! A table with millions of users would otherwise need a map entry per user (~100 bytes each) just
//! to find the top ten. [`KeyCounts`] is exact until it holds `capacity` distinct keys; past that it
//! keeps the biggest half (batched Space-Saving: a key dropped with count ≤ `floor` and seen again
//! restarts at `floor + 1`), so every count it reports is an upper bound at most `floor` too high,
//! and every key whose true count is above `floor` is still held. Distinct keys are counted with a
//! HyperLogLog (16 KiB, about 0.8 % standard error) once the exact count is gone.

use std::collections::HashMap;
use std::hash::BuildHasher;

/// Distinct keys held before the first pruning, unless the command says otherwise.
pub const DEFAULT_CAPACITY: u64 = 100_000;

#[derive(Debug, Clone, Copy)]
struct Entry {
    count: u64,
    /// How much of `count` may be other keys' occurrences (the floor when it was last inserted).
    error: u64,
}

/// One key's count as reported: `count` is an upper bound, `count - error` a lower bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCount {
    pub key: String,
    pub count: u64,
    pub error: u64,
}

impl KeyCount {
    /// At least this many: certain, whatever was pruned.
    pub fn at_least(&self) -> u64 {
        self.count - self.error
    }
}

pub struct KeyCounts {
    entries: HashMap<String, Entry, foldhash::fast::RandomState>,
    capacity: usize,
    /// 0 while exact; after a pruning, the largest count dropped.
    floor: u64,
    total: u64,
    distinct: HyperLogLog,
}

impl KeyCounts {
    /// Exact up to `capacity` distinct keys (at least 2).
    pub fn new(capacity: usize) -> Self {
        KeyCounts {
            entries: HashMap::default(),
            capacity: capacity.max(2),
            floor: 0,
            total: 0,
            distinct: HyperLogLog::new(),
        }
    }

    pub fn add(&mut self, key: &str) {
        self.total += 1;
        self.distinct.insert(key);
        if let Some(e) = self.entries.get_mut(key) {
            e.count += 1;
            return;
        }
        if self.entries.len() >= self.capacity {
            self.prune();
        }
        self.entries.insert(
            key.to_string(),
            Entry {
                count: self.floor + 1,
                error: self.floor,
            },
        );
    }

    /// Keep the biggest half: drop every key whose count is at or below the median's.
    fn prune(&mut self) {
        let mut counts: Vec<u64> = self.entries.values().map(|e| e.count).collect();
        let keep = self.capacity / 2;
        let (_, cut, _) = counts.select_nth_unstable_by(keep, |a, b| b.cmp(a));
        let cut = *cut;
        self.entries.retain(|_, e| e.count > cut);
        self.floor = self.floor.max(cut);
    }

    /// True while every count is exact (nothing was ever pruned).
    pub fn exact(&self) -> bool {
        self.floor == 0
    }

    /// The most any reported count can exceed the true one (0 when exact).
    pub fn error_bound(&self) -> u64 {
        self.floor
    }

    /// Occurrences added, over all keys.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Keys held now.
    pub fn held(&self) -> usize {
        self.entries.len()
    }

    /// Distinct keys added: exact while [`exact`](Self::exact), else estimated.
    pub fn distinct(&self) -> u64 {
        if self.exact() {
            self.entries.len() as u64
        } else {
            self.distinct.estimate().max(self.entries.len() as u64)
        }
    }

    /// The `n` biggest held keys (0 = all held), biggest first, ties by key. Once pruned, keys are
    /// ranked by their certain part, and a key whose bound does not clear the floor is left out: it
    /// is no more likely to be big than any key no longer held.
    pub fn top(&self, n: usize) -> Vec<KeyCount> {
        let floor = self.floor;
        let mut v: Vec<KeyCount> = self
            .iter()
            .filter(|c| c.count > floor || floor == 0)
            .collect();
        v.sort_by(|a, b| {
            b.at_least()
                .cmp(&a.at_least())
                .then_with(|| b.count.cmp(&a.count))
                .then_with(|| a.key.cmp(&b.key))
        });
        if n > 0 {
            v.truncate(n);
        }
        v
    }

    pub fn iter(&self) -> impl Iterator<Item = KeyCount> + '_ {
        self.entries.iter().map(|(k, e)| KeyCount {
            key: k.clone(),
            count: e.count,
            error: e.error,
        })
    }

    /// Mean and standard deviation of the per-key counts. Exact while nothing was pruned; after,
    /// held keys count with their certain part, and the occurrences left over are spread evenly
    /// over the keys no longer held (each of them was at most `floor`).
    pub fn mean_and_deviation(&self) -> (f64, f64) {
        let keys = self.distinct();
        if keys == 0 {
            return (0.0, 0.0);
        }
        let (mut sum, mut squares) = (0f64, 0f64);
        for e in self.entries.values() {
            let c = (e.count - e.error) as f64;
            sum += c;
            squares += c * c;
        }
        let untracked = keys.saturating_sub(self.entries.len() as u64);
        let rest = (self.total as f64 - sum).max(0.0);
        if untracked > 0 {
            squares += rest * rest / untracked as f64;
        }
        let n = keys as f64;
        let mean = self.total as f64 / n;
        let var = (squares / n - mean * mean).max(0.0);
        (mean, var.sqrt())
    }
}

/// HyperLogLog with 2^14 one-byte registers.
struct HyperLogLog {
    registers: Box<[u8]>,
    hasher: foldhash::quality::FixedState,
}

const HLL_BITS: u32 = 14;
const HLL_REGISTERS: usize = 1 << HLL_BITS;

impl HyperLogLog {
    fn new() -> Self {
        HyperLogLog {
            registers: vec![0u8; HLL_REGISTERS].into_boxed_slice(),
            // A fixed seed: the same table gives the same estimate on every run.
            hasher: foldhash::quality::FixedState::with_seed(0x7773_6374_6c00_0001),
        }
    }

    fn insert(&mut self, key: &str) {
        let h = self.hasher.hash_one(key);
        let index = (h >> (64 - HLL_BITS)) as usize;
        // Rank of the first 1 bit in the remaining 50 bits (a sentinel bit caps it at 51).
        let rest = (h << HLL_BITS) | (1 << (HLL_BITS - 1));
        let rank = rest.leading_zeros() as u8 + 1;
        if rank > self.registers[index] {
            self.registers[index] = rank;
        }
    }

    fn estimate(&self) -> u64 {
        let m = HLL_REGISTERS as f64;
        let alpha = 0.7213 / (1.0 + 1.079 / m);
        let (mut sum, mut zeros) = (0f64, 0usize);
        for &r in self.registers.iter() {
            sum += 1.0 / (1u64 << r) as f64;
            if r == 0 {
                zeros += 1;
            }
        }
        let raw = alpha * m * m / sum;
        // Linear counting is the better estimate while many registers are still empty.
        let e = if raw <= 2.5 * m && zeros > 0 {
            m * (m / zeros as f64).ln()
        } else {
            raw
        };
        e.round() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_below_the_capacity() {
        let mut k = KeyCounts::new(10);
        for (key, n) in [("a", 5), ("b", 3), ("c", 1)] {
            for _ in 0..n {
                k.add(key);
            }
        }
        assert!(k.exact());
        assert_eq!(k.distinct(), 3);
        assert_eq!(k.total(), 9);
        let top = k.top(2);
        assert_eq!(
            top,
            vec![
                KeyCount {
                    key: "a".into(),
                    count: 5,
                    error: 0
                },
                KeyCount {
                    key: "b".into(),
                    count: 3,
                    error: 0
                }
            ]
        );
        let (mean, dev) = k.mean_and_deviation();
        assert!((mean - 3.0).abs() < 1e-9);
        assert!((dev - (8.0f64 / 3.0).sqrt()).abs() < 1e-9, "{dev}");
    }

    #[test]
    fn heavy_keys_survive_a_flood_of_singletons_with_bounded_error() {
        // 5 heavy keys among 200,000 keys seen once, interleaved, held in 4,000 entries: the
        // error bound is about total / (capacity / 2) = 101, below the smallest heavy count.
        let heavy = [
            ("h0", 900u64),
            ("h1", 700),
            ("h2", 500),
            ("h3", 300),
            ("h4", 150),
        ];
        let mut k = KeyCounts::new(4_000);
        let mut truth: HashMap<String, u64> = HashMap::new();
        let mut single = 0u64;
        for round in 0..1_000u64 {
            for (h, n) in heavy {
                if round < n {
                    k.add(h);
                    *truth.entry(h.to_string()).or_default() += 1;
                }
            }
            for _ in 0..200 {
                let key = format!("s{single}");
                single += 1;
                k.add(&key);
                truth.insert(key, 1);
            }
        }
        assert!(!k.exact());
        assert!(k.held() <= 4_000);
        let floor = k.error_bound();
        // Every key above the floor is held, and every held count brackets the truth.
        for (key, &n) in &truth {
            let held = k.iter().find(|c| &c.key == key);
            if n > floor {
                assert!(held.is_some(), "{key} ({n} > floor {floor}) was dropped");
            }
            if let Some(c) = held {
                assert!(c.at_least() <= n && n <= c.count, "{key}: {n} not in {c:?}");
                assert!(c.error <= floor);
            }
        }
        let top: Vec<String> = k.top(5).into_iter().map(|c| c.key).collect();
        assert_eq!(top, ["h0", "h1", "h2", "h3", "h4"]);
        let d = k.distinct() as f64;
        let real = truth.len() as f64;
        assert!(
            (d - real).abs() / real < 0.03,
            "distinct {d} against {real}"
        );
        let (mean, _) = k.mean_and_deviation();
        let real_mean = k.total() as f64 / real;
        assert!((mean - real_mean).abs() / real_mean < 0.03);
    }

    #[test]
    fn all_singletons_prune_to_nothing_and_still_count() {
        let mut k = KeyCounts::new(100);
        for i in 0..10_000 {
            k.add(&format!("k{i}"));
        }
        assert!(!k.exact());
        assert!(k.held() <= 100);
        let d = k.distinct() as f64;
        assert!((d - 10_000.0).abs() / 10_000.0 < 0.03, "{d}");
    }

    #[test]
    fn hyperloglog_estimates_within_a_few_percent() {
        for n in [1_000u64, 50_000, 1_000_000] {
            let mut h = HyperLogLog::new();
            for i in 0..n {
                h.insert(&format!("user-{i}"));
                h.insert(&format!("user-{i}")); // repeats change nothing
            }
            let e = h.estimate() as f64;
            assert!((e - n as f64).abs() / (n as f64) < 0.03, "{n}: {e}");
        }
        assert_eq!(HyperLogLog::new().estimate(), 0);
    }
}
