//! The `rungs` binary: parses the command line, runs it, returns its exit status.
use clap::Parser;

fn main() -> std::process::ExitCode {
    rungs::cli::Cli::parse().run()
}
