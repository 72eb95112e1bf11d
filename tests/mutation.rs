//! Deterministic mutation test: a few thousand mutants of the supported test programs (fixed
//! seed) each get diagnostics or run, under an instruction budget and a heap limit, to an end
//! Go could have or to a limit. None may panic Rust or hang past its budget.

use std::fs;
use std::io;
use std::panic;
use std::path::{Path, PathBuf};

/// Mutants made of each program.
const MUTANTS_PER_PROGRAM: usize = 6;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("programs")
}

/// The sources of the programs the VM runs (`supported.txt`), in a fixed order.
fn sources() -> Vec<(String, String)> {
    let list = fs::read_to_string(dir().join("supported.txt")).expect("supported.txt");
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|name| {
            let src = fs::read_to_string(dir().join(format!("{name}.mini"))).ok()?;
            Some((name.to_string(), src))
        })
        .collect()
}

/// Word boundaries: (start, end) of every run of identifier characters.
fn words(src: &str) -> Vec<(usize, usize)> {
    let b = src.as_bytes();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !is_word(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_word(b[i]) {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

const EDGE_VALUES: [&str; 10] = [
    "0",
    "-1",
    "1",
    "255",
    "1 << 40",
    "1 << 62",
    "9223372036854775807",
    "-9223372036854775808",
    "100000000",
    "2147483648",
];

const OPERATORS: [&str; 14] = [
    "+", "-", "*", "/", "%", "<<", ">>", "&", "|", "<", "<=", "==", "!=", "&&",
];

/// One mutant of `src`: an integer literal replaced by an edge value, a word replaced by
/// another word of the file, an operator swapped, a line deleted or duplicated, or a byte
/// changed.
fn mutate(src: &str, rng: &mut Rng) -> String {
    let ws = words(src);
    match rng.below(6) {
        0 => {
            let numbers: Vec<_> = ws
                .iter()
                .filter(|(s, _)| src.as_bytes()[*s].is_ascii_digit())
                .collect();
            let Some(&&(s, e)) = numbers.get(rng.below(numbers.len())) else {
                return src.to_string();
            };
            let v = EDGE_VALUES[rng.below(EDGE_VALUES.len())];
            format!("{}({v}){}", &src[..s], &src[e..])
        }
        1 if ws.len() > 1 => {
            let (a0, a1) = ws[rng.below(ws.len())];
            let (b0, b1) = ws[rng.below(ws.len())];
            format!("{}{}{}", &src[..a0], &src[b0..b1], &src[a1..])
        }
        2 => {
            let from = OPERATORS[rng.below(OPERATORS.len())];
            let to = OPERATORS[rng.below(OPERATORS.len())];
            let hits: Vec<_> = src.match_indices(&format!(" {from} ")).collect();
            let Some(&(at, _)) = hits.get(rng.below(hits.len())) else {
                return src.to_string();
            };
            format!("{} {to} {}", &src[..at], &src[at + from.len() + 2..])
        }
        3 | 4 => {
            let mut lines: Vec<&str> = src.lines().collect();
            let i = rng.below(lines.len());
            if rng.below(2) == 0 {
                lines.remove(i);
            } else {
                lines.insert(i, lines[i]);
            }
            lines.join("\n")
        }
        _ => {
            let mut b = src.as_bytes().to_vec();
            let at = rng.below(b.len());
            b[at] = b"{}()[];:=.,+-*&|^<>!\"'`x0 \n"[rng.below(27)];
            String::from_utf8_lossy(&b).into_owned()
        }
    }
}

fn limits() -> mini::Limits {
    mini::Limits {
        fuel: Some(10_000),
        heap_bytes: Some(32 << 20),
        max_frames: 2_000,
    }
}

/// Compiles and runs one mutant; `Err` describes a Rust panic.
fn try_mutant(name: &str, src: &str) -> Result<(), String> {
    let outcome = panic::catch_unwind(|| {
        let Ok(program) = mini::compile_source(name, src) else {
            return;
        };
        let _ = mini::run_program(
            program,
            limits(),
            Some(mini_gc::Config::default()),
            Box::new(io::sink()),
            Box::new(io::sink()),
        );
    });
    outcome.map_err(|e| {
        let why = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("{name}: Mini panicked ({why}) on:\n{src}")
    })
}

#[test]
fn mutants_of_the_test_programs_never_panic() {
    panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, src) in sources() {
        for _ in 0..MUTANTS_PER_PROGRAM {
            let mutant = mutate(&src, &mut rng);
            count += 1;
            if let Err(why) = try_mutant(&name, &mutant) {
                failures.push(why);
            }
        }
        if failures.len() > 3 {
            break;
        }
    }
    let _ = panic::take_hook();
    assert!(count > 2000 || !failures.is_empty(), "only {count} mutants");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
