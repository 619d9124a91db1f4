//! Credentials that outlive a failed refresh and recover from an expired token.
//!
//! Every SDK client of wsctl signs with [`KeptCredentials`] (the SDK's own identity cache is off):
//!
//! - keys are refreshed ahead of their expiry ([`REFRESH_AHEAD`]), so a long fan-out or sweep never
//!   signs with keys that are about to lapse;
//! - when such a refresh fails (an STS or SSO hiccup) while the keys in hand are still valid, wsctl
//!   keeps signing with them and tries again later ([`RETRY_REFRESH_AFTER`]) instead of failing the
//!   run's remaining calls;
//! - when a service answers `ExpiredToken` (keys revoked early, a clock far off), [`KeptCredentials::renew`]
//!   drops the keys and fetches new ones once; if the service still refuses them, the caller stops the
//!   run with a clear error instead of failing every remaining target one by one.
//!
//! The keys themselves stay in the SDK's `Credentials`, which zeroizes its secret on drop.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use aws_credential_types::provider::{self, ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;

/// Refresh keys this long before they expire.
pub const REFRESH_AHEAD: Duration = Duration::from_secs(5 * 60);
/// After a failed refresh, keep the old keys at least this long before trying again.
const RETRY_REFRESH_AFTER: Duration = Duration::from_secs(10);
/// Keys that expire sooner than this are not used even when a refresh failed.
const MIN_LIFETIME: Duration = Duration::from_secs(10);
/// `ExpiredToken` answers within this long of a renewal were sent with the old keys: retry them.
const RENEWAL_SETTLES: Duration = Duration::from_secs(2);
/// An `ExpiredToken` this soon after a renewal means the new keys are refused too.
const RENEWAL_HOLDS: Duration = Duration::from_secs(5 * 60);

/// What [`KeptCredentials::renew`] did about an `ExpiredToken` answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renewal {
    /// Fresh keys were fetched (now, or a moment ago by another call): send again.
    Renewed,
    /// Keys were renewed earlier in the run and the service still refuses them: stop.
    StillRefused,
}

#[derive(Debug)]
pub struct KeptCredentials {
    source: SharedCredentialsProvider,
    /// Bumped by every renewal: keys fetched in an older generation are not used again.
    generation: AtomicU64,
    /// The keys in hand and their generation, read by every call without waiting on `state`.
    fresh: RwLock<Option<(u64, Credentials)>>,
    state: tokio::sync::Mutex<State>,
    last_renewal: Mutex<Option<Instant>>,
}

#[derive(Debug, Default)]
struct State {
    keys: Option<Credentials>,
    /// The generation `keys` were fetched in.
    generation: u64,
    /// When the last refresh failed (the old keys were kept).
    failed_at: Option<Instant>,
}

impl KeptCredentials {
    pub fn new(source: SharedCredentialsProvider) -> KeptCredentials {
        KeptCredentials {
            source,
            generation: AtomicU64::new(0),
            fresh: RwLock::new(None),
            state: tokio::sync::Mutex::new(State::default()),
            last_renewal: Mutex::new(None),
        }
    }

    /// The keys to sign with: the ones in hand while they are fresh, else new ones.
    pub async fn current(&self) -> provider::Result {
        match self.fresh_keys() {
            Some(keys) => Ok(keys),
            None => self.keys().await,
        }
    }

    /// The keys in hand, without waiting, while they are good for longer than [`REFRESH_AHEAD`].
    fn fresh_keys(&self) -> Option<Credentials> {
        let generation = self.generation.load(Ordering::Acquire);
        let fresh = self.fresh.read().unwrap_or_else(|e| e.into_inner());
        fresh
            .as_ref()
            .filter(|(g, keys)| {
                *g == generation && !expires_within(keys, SystemTime::now(), REFRESH_AHEAD)
            })
            .map(|(_, keys)| keys.clone())
    }

    async fn keys(&self) -> provider::Result {
        let mut state = self.state.lock().await;
        let generation = self.generation.load(Ordering::Acquire);
        if state.generation != generation {
            state.keys = None;
            state.failed_at = None;
        }
        let now = SystemTime::now();
        if let Some(keys) = &state.keys {
            let lapses_soon = expires_within(keys, now, REFRESH_AHEAD);
            let recently_failed = state
                .failed_at
                .is_some_and(|t| t.elapsed() < RETRY_REFRESH_AFTER);
            if !lapses_soon || (recently_failed && !expires_within(keys, now, MIN_LIFETIME)) {
                return Ok(keys.clone());
            }
        }
        match self.source.provide_credentials().await {
            Ok(keys) => {
                state.keys = Some(keys.clone());
                state.generation = generation;
                state.failed_at = None;
                *self.fresh.write().unwrap_or_else(|e| e.into_inner()) =
                    Some((generation, keys.clone()));
                Ok(keys)
            }
            Err(e) => match state.keys.clone() {
                Some(old) if !expires_within(&old, now, MIN_LIFETIME) => {
                    if state.failed_at.is_none() {
                        tracing::warn!(
                            "credentials refresh failed, signing with the current keys until they expire: {}",
                            crate::error::source_chain(&e)
                        );
                    }
                    state.failed_at = Some(Instant::now());
                    Ok(old)
                }
                _ => Err(e),
            },
        }
    }

    /// A service answered `ExpiredToken`: the keys in hand are not used again, and the next call
    /// fetches new ones (once within [`RENEWAL_HOLDS`]).
    pub fn renew(&self) -> Renewal {
        let mut last = self.last_renewal.lock().unwrap_or_else(|e| e.into_inner());
        match *last {
            Some(at) if at.elapsed() < RENEWAL_SETTLES => Renewal::Renewed,
            Some(at) if at.elapsed() < RENEWAL_HOLDS => Renewal::StillRefused,
            _ => {
                *last = Some(Instant::now());
                self.generation.fetch_add(1, Ordering::AcqRel);
                Renewal::Renewed
            }
        }
    }
}

fn expires_within(keys: &Credentials, now: SystemTime, window: Duration) -> bool {
    keys.expiry().is_some_and(|e| e <= now + window)
}

impl ProvideCredentials for KeptCredentials {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(self.keys())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    /// Hands out keys `k1`, `k2`, … each expiring `lifetime` from now; fails from call `fail_from` on.
    #[derive(Debug)]
    struct ScriptedSource {
        calls: Arc<AtomicU32>,
        lifetime: Duration,
        fail_from: u32,
    }

    impl ProvideCredentials for ScriptedSource {
        fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            let result = if n >= self.fail_from {
                Err(provider::error::CredentialsError::provider_error(
                    "sts is down",
                ))
            } else {
                Ok(Credentials::new(
                    format!("k{n}"),
                    "secret",
                    None,
                    Some(SystemTime::now() + self.lifetime),
                    "test",
                ))
            };
            provider::future::ProvideCredentials::ready(result)
        }
    }

    fn kept(lifetime: Duration, fail_from: u32) -> (KeptCredentials, Arc<AtomicU32>) {
        let calls = Arc::new(AtomicU32::new(0));
        let source = ScriptedSource {
            calls: calls.clone(),
            lifetime,
            fail_from,
        };
        (
            KeptCredentials::new(SharedCredentialsProvider::new(source)),
            calls,
        )
    }

    #[tokio::test]
    async fn fresh_keys_are_fetched_once() {
        let (k, calls) = kept(Duration::from_secs(3600), u32::MAX);
        for _ in 0..5 {
            assert_eq!(k.keys().await.unwrap().access_key_id(), "k1");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn keys_about_to_expire_are_refreshed_ahead() {
        let (k, calls) = kept(Duration::from_secs(120), u32::MAX);
        assert_eq!(k.keys().await.unwrap().access_key_id(), "k1");
        assert_eq!(k.keys().await.unwrap().access_key_id(), "k2");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_the_valid_keys() {
        let (k, calls) = kept(Duration::from_secs(120), 2);
        assert_eq!(k.keys().await.unwrap().access_key_id(), "k1");
        // The refresh ahead of expiry fails: the keys in hand are still good for two minutes.
        assert_eq!(k.keys().await.unwrap().access_key_id(), "k1");
        assert_eq!(k.keys().await.unwrap().access_key_id(), "k1");
        assert_eq!(calls.load(Ordering::SeqCst), 2, "no retry storm");
    }

    #[tokio::test]
    async fn calls_read_the_fresh_keys_until_a_renewal() {
        let (k, calls) = kept(Duration::from_secs(3600), u32::MAX);
        for _ in 0..3 {
            assert_eq!(k.current().await.unwrap().access_key_id(), "k1");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(k.renew(), Renewal::Renewed);
        for _ in 0..3 {
            assert_eq!(k.current().await.unwrap().access_key_id(), "k2");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn renewed_keys_are_not_replaced_by_the_refused_ones_when_a_fetch_fails() {
        let (k, _) = kept(Duration::from_secs(3600), 2);
        assert_eq!(k.current().await.unwrap().access_key_id(), "k1");
        assert_eq!(k.renew(), Renewal::Renewed);
        assert!(
            k.current().await.is_err(),
            "the refused k1 is not signed with again"
        );
    }

    #[tokio::test]
    async fn an_expired_token_renews_once_then_stops() {
        let (k, _) = kept(Duration::from_secs(3600), u32::MAX);
        assert_eq!(k.keys().await.unwrap().access_key_id(), "k1");
        assert_eq!(k.renew(), Renewal::Renewed);
        assert_eq!(k.renew(), Renewal::Renewed, "calls in flight retry too");
        assert_eq!(k.keys().await.unwrap().access_key_id(), "k2");
        *k.last_renewal.lock().unwrap() = Some(Instant::now() - Duration::from_secs(5));
        assert_eq!(k.renew(), Renewal::StillRefused);
    }
}
