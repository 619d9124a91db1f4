use std::process::ExitCode;

/// A fan-out allocates and frees a few dozen small blocks per message on two threads (hyper's
/// buffers, the signer's strings, DynamoDB items); glibc's allocator spent a fifth of wsctl's CPU
/// on them (CONTRIBUTING.md, "The @connections transport").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    wsctl::main_entry()
}
