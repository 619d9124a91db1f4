//! `wsctl provision`: the connections table, the WebSocket API and the full spec.

mod api;
mod fleet;
mod spec;
mod table;
