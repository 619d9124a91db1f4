use std::process::ExitCode;

/// jemalloc rather than the system allocator: a fan-out allocates and frees a few dozen small blocks
/// per message across the runtime's threads, which glibc's allocator spent a sixth of wsctl's CPU
/// on (CONTRIBUTING.md, "The @connections transport").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    wsctl::main_entry()
}
