use std::process::ExitCode;

// mimalloc: a fan-out allocates and frees small buffers for every message, and glibc's malloc and
// free were ~7% of its CPU (bench/REPORT-broadcast.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    wsctl::main_entry()
}
