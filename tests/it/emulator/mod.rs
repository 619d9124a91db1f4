//! `wsctl local serve`: the gateway emulator.

mod clients;
mod latency;
mod load;
mod protocol;
mod virtual_connections;
