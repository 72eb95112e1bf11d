//! The `mini` command: `mini run [-gclog=FILE] [-gcstats] FILE`, `mini vet FILE`,
//! `mini build [-S] [-m] FILE`, `mini gcplot LOG -o OUT`.

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
        /// Write one JSON object per collection, then a summary, to this file.
        #[arg(long = "gclog", value_name = "FILE")]
        gclog: Option<String>,
        /// Print a summary of the collector's work to stderr at exit.
        #[arg(long = "gcstats")]
        gcstats: bool,
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
        /// Go's flow explanations).
        #[arg(short = 'm', num_args = 0..=1, require_equals = true, default_missing_value = "1")]
        m: Option<u8>,
        /// Turn escape analysis off: every variable whose address is taken lives on the heap.
        #[arg(long = "noescape")]
        noescape: bool,
        file: String,
    },
    /// Draw a -gclog file: heap size and pauses over time, as SVG (or HTML for a .html output).
    Gcplot {
        log: String,
        /// The picture to write (.svg or .html).
        #[arg(short = 'o', value_name = "OUT")]
        out: String,
    },
}

/// Go-style single-dash long flags (`-gclog=FILE`, `-gcstats`, `-noescape`) before the
/// program file, rewritten to the double-dash form clap reads.
fn go_style_flags(args: impl Iterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut flags_done = false;
    for (i, a) in args.enumerate() {
        let long = ["-gclog", "-gcstats", "-noescape"]
            .iter()
            .any(|f| a == *f || a.starts_with(&format!("{f}=")));
        if !flags_done && long {
            out.push(format!("-{a}"));
            continue;
        }
        flags_done |= i > 1 && !a.starts_with('-');
        out.push(a);
    }
    out
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(go_style_flags(std::env::args()));
    match cli.command {
        Command::Vet { file } => mini::vet_file(&file),
        Command::Run {
            noescape,
            gclog,
            gcstats,
            file,
            args,
        } => {
            let options = mini::RunOptions {
                gclog,
                gcstats,
                noescape,
            };
            mini::run_file(&file, &args, &options)
        }
        Command::Gcplot { log, out } => mini::gcplot_file(&log, &out),
        Command::Build {
            disassemble,
            m,
            noescape,
            file,
        } => mini::build_file_with(&file, disassemble, m.unwrap_or(0), !noescape),
    }
}
