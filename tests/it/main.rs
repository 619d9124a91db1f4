//! wsctl's integration tests: one binary, one module per area, one shared fixture.
//!
//! Every test runs the real `wsctl` binary (and real third-party clients: boto3, the AWS CLI, moto,
//! the JS SDK v3) against the local fleet on loopback; nothing contacts AWS. Run one area with
//! `cargo test --test it <module>::` (e.g. `cargo test --test it sweep::`), one test by its name.
//!
//! Areas, by command or component:
//!
//! | Module | What it covers |
//! |---|---|
//! | `fixture` | the shared fixture: `wsctl()`, `Emulator`, DynamoDB Local, `Swarm`, `SeedHandler`, the hermetic AWS environment (`fixture::aws`) |
//! | `cli` | clap-level behaviour: completions and man pages in sync, bad input, AWS CLI conventions |
//! | `fleet`, `iam_policy`, `deploy` | `wsctl fleet`, `wsctl iam-policy`, the `deploy/` files |
//! | `delivery`, `layouts`, `endpoints`, `delete_proof`, `sweep` | push / broadcast / disconnect / list / inspect and sweep: seed layouts, other endpoints' rows, when a 410 deletes |
//! | `stats`, `watch`, `metrics` | `connections stats` / `count` / `watch`, `--metrics` |
//! | `faults`, `transport` | reliability under faults; the @connections transport (TLS, proxies, credentials) |
//! | `provision` | `wsctl provision`: table, API, spec, on the local fleet and on moto |
//! | `emulator`, `swarm`, `demo` | `wsctl local serve` (wire protocol, third-party clients, latency, load), `local swarm`, `local demo` |

mod fixture;

mod cli;
mod delete_proof;
mod delivery;
mod demo;
mod deploy;
mod emulator;
mod endpoints;
mod faults;
mod fleet;
mod iam_policy;
mod layouts;
mod metrics;
mod provision;
mod stats;
mod swarm;
mod sweep;
mod transport;
mod watch;
