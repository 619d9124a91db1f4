//! Behaviour of the command line as a whole, before any command runs.

mod bad_input;
mod completions;
mod conventions;
