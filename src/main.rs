//! The `carepath` binary: parses arguments, calls the library, prints, maps results to exit
//! codes (0 ok, 1 invalid input, 2 usage or I/O error).

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    commands::run(cli)
}
