use std::process::ExitCode;

// A fan-out allocates and frees small buffers for every call; glibc's malloc was about a quarter of
// a sweep's CPU profile (bench/REPORT-sweep.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    wsctl::main_entry()
}
