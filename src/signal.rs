//! Ctrl-C / SIGTERM handling. The first signal asks every running operation to stop cleanly (finish or
//! account for in-flight work, print the summary, exit 130); a second one exits at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use tokio::sync::Notify;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static NOTIFY: OnceLock<Notify> = OnceLock::new();

fn notify() -> &'static Notify {
    NOTIFY.get_or_init(Notify::new)
}

/// Start listening for SIGINT and SIGTERM (idempotent; needs a tokio runtime).
pub fn install() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    tokio::spawn(async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let (Ok(mut int), Ok(mut term)) = (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) else {
                return;
            };
            loop {
                tokio::select! {
                    _ = int.recv() => {},
                    _ = term.recv() => {},
                }
                if INTERRUPTED.swap(true, Ordering::SeqCst) {
                    eprintln!("interrupted again: exiting now");
                    std::process::exit(130);
                }
                notify().notify_waiters();
            }
        }
        #[cfg(not(unix))]
        {
            loop {
                if tokio::signal::ctrl_c().await.is_err() {
                    return;
                }
                if INTERRUPTED.swap(true, Ordering::SeqCst) {
                    std::process::exit(130);
                }
                notify().notify_waiters();
            }
        }
    });
}

pub fn is_interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Resolves when the first interrupt arrives (at once if it already has).
pub async fn interrupted() {
    loop {
        let waiter = notify().notified();
        if is_interrupted() {
            return;
        }
        waiter.await;
        if is_interrupted() {
            return;
        }
    }
}
