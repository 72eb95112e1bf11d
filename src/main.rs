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
        /// Turn escape analysis off: every variable whose address is taken lives on the heap.
        #[arg(long = "noescape")]
        noescape: bool,
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
        /// Print escape analysis decisions in Go's `-gcflags='-m -l'` format (`-m=2`: with
        /// Go's flow explanations where Mini has them).
        #[arg(short = 'm', num_args = 0..=1, require_equals = true, default_missing_value = "1")]
        m: Option<u8>,
        /// Turn escape analysis off: every variable whose address is taken lives on the heap.
        #[arg(long = "noescape")]
        noescape: bool,
        file: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(go_style_flags(std::env::args()));
    match cli.command {
        Command::Vet { file } => mini::vet_file(&file),
        Command::Run {
            noescape,
            file,
            args,
        } => mini::run_file_with(&file, &args, !noescape),
        Command::Build {
            disassemble,
            m,
            noescape,
            file,
        } => mini::build_file_with(&file, disassemble, m.unwrap_or(0), !noescape),
    }
}

/// Go spells long flags with one dash (`-noescape`); the arguments before the file get the
/// second dash clap expects.
fn go_style_flags(args: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen_file = false;
    args.enumerate()
        .map(|(i, a)| {
            if i >= 2 && !seen_file && a == "-noescape" {
                return "--noescape".to_string();
            }
            if i >= 2 && !a.starts_with('-') {
                seen_file = true;
            }
            a
        })
        .collect()
}
