//! The `gz-search` binary: parse arguments, run the command, report errors and exit status.

mod cli;
mod render;
mod run;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match run::run(cli) {
        Ok(run::Status::Success) => ExitCode::SUCCESS,
        Ok(run::Status::Partial) => ExitCode::from(1),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("gz-search: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Output piped into `head` closes early; that is not an error worth reporting.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
