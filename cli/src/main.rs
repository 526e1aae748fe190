//! `nimbus`: a thin shell over the `nimbus_cli` library.

fn main() -> std::process::ExitCode {
    nimbus_cli::main()
}
