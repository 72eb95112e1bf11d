//! Bad input never panics the front end's parser: every test program truncated at token
//! boundaries and with random byte edits still gives `Ok` or `Err`.

use mini_compiler::lexer::tokenize;
use mini_compiler::parser::parse_file;
use std::path::{Path, PathBuf};

/// Most truncation points tried per program (evenly spread over its tokens).
const MAX_CUTS: usize = 150;
/// Random edits tried per program.
const EDITS: usize = 24;

/// A tiny deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn programs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [
        root.join("tests/parse"),
        root.join("../../tests/programs"),
        root.join("../../tests/errors"),
    ];
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "mini"))
        .collect();
    files.sort();
    files
}

/// Parses `src`, turning a panic into a test failure that names the input.
fn must_not_panic(what: &str, src: &str) {
    let result = std::panic::catch_unwind(|| {
        let _ = parse_file(src);
    });
    assert!(result.is_ok(), "parser panicked on {what}:\n{src}");
}

#[test]
fn truncated_programs() {
    let files = programs();
    assert!(!files.is_empty());
    for path in &files {
        let src = std::fs::read_to_string(path).expect("readable program");
        let (toks, _) = tokenize(&src);
        let step = toks.len().div_ceil(MAX_CUTS).max(1);
        for (lo, _, hi) in toks.iter().step_by(step) {
            for cut in [*lo as usize, *hi as usize] {
                let what = format!("{} cut at {cut}", path.display());
                must_not_panic(&what, &src[..cut]);
            }
        }
    }
}

/// Replaces, inserts or deletes a few bytes; the result is made valid UTF-8 lossily.
fn edit(src: &[u8], rng: &mut Rng) -> String {
    const BYTES: &[u8] = b"{}()[];:,.=+-*/<>!&|^~\"'`\n\\ 0x_aZ\xc3\xa9\xff";
    let mut bytes = src.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        let b = BYTES[rng.below(BYTES.len())];
        match rng.below(3) {
            0 if at < bytes.len() => bytes[at] = b,
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => bytes.insert(at, b),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn randomly_edited_programs() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for path in programs() {
        let src = std::fs::read(&path).expect("readable program");
        for i in 0..EDITS {
            let edited = edit(&src, &mut rng);
            must_not_panic(&format!("{} edit {i}", path.display()), &edited);
        }
    }
}

#[test]
fn random_bytes() {
    let mut rng = Rng(42);
    for i in 0..2000 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let src = String::from_utf8_lossy(&bytes);
        must_not_panic(&format!("random input {i}"), &src);
    }
}
