//! The `mini` command: `mini run FILE`, `mini vet FILE`, `mini build [-S] [-m] FILE`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "mini",
    version,
    about = "Mini: a small Go on a register VM with a generational GC"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile and run a program; arguments after FILE become os.Args[1:].
    Run {
        file: String,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Type-check a program and print Go-format diagnostics.
    Vet { file: String },
    /// Compile a program without running it.
    Build {
        /// Print the bytecode disassembly.
        #[arg(short = 'S')]
        disassemble: bool,
        file: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Vet { file } => mini::vet_file(&file),
        Command::Run { file, args } => mini::run_file(&file, &args),
        Command::Build { disassemble, file } => mini::build_file(&file, disassemble),
    }
}
