use std::process::ExitCode;

fn main() -> ExitCode {
    wsctl::main_entry()
}
