//! Bad input never panics the front end: every test program, truncated at many points and
//! with seeded random byte edits, gets either a clean check or at least one diagnostic.

use std::fs;
use std::panic;
use std::path::Path;

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
        (self.next() % n as u64) as usize
    }
}

fn sources() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut out = Vec::new();
    for dir in ["programs", "errors"] {
        let mut files: Vec<_> = fs::read_dir(root.join(dir))
            .expect("corpus folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "mini"))
            .collect();
        files.sort();
        for p in files {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            out.push((name, fs::read(&p).expect("readable")));
        }
    }
    out
}

/// Checks one variant; returns a description of the failure, if any.
fn check_variant(name: &str, bytes: &[u8]) -> Option<String> {
    let src = String::from_utf8_lossy(bytes).into_owned();
    let result = panic::catch_unwind(|| match mini::compiler::check(name, &src) {
        Ok(_) => true,
        Err(diags) => {
            !diags.is_empty() && !mini::compiler::diag::render(name, &src, &diags).is_empty()
        }
    });
    match result {
        Ok(true) => None,
        Ok(false) => Some(format!(
            "{name}: an error result without diagnostics for:\n{src}"
        )),
        Err(_) => Some(format!("{name}: the front end panicked on:\n{src}")),
    }
}

/// Cut points just after whitespace, spread over the file.
fn cut_points(bytes: &[u8], count: usize) -> Vec<usize> {
    let all: Vec<usize> = (1..bytes.len())
        .filter(|&i| bytes[i - 1].is_ascii_whitespace())
        .collect();
    let step = (all.len() / count).max(1);
    all.into_iter().step_by(step).collect()
}

/// Removes one line: usually still parses, so the type checker sees the damage.
fn delete_line(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let drop = rng.below(lines.len());
    let kept: Vec<&[u8]> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != drop)
        .map(|(_, l)| *l)
        .collect();
    kept.join(&b'\n')
}

/// Replaces one word with another word of the same file (a name, keyword or literal).
fn swap_word(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_word(bytes[i]) {
            let start = i;
            while i < bytes.len() && is_word(bytes[i]) {
                i += 1;
            }
            words.push((start, i));
        } else {
            i += 1;
        }
    }
    if words.len() < 2 {
        return bytes.to_vec();
    }
    let (a0, a1) = words[rng.below(words.len())];
    let (b0, b1) = words[rng.below(words.len())];
    [&bytes[..a0], &bytes[b0..b1], &bytes[a1..]].concat()
}

#[test]
fn truncated_and_mutated_programs_get_diagnostics() {
    panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut failures = Vec::new();
    for (name, bytes) in sources() {
        for cut in cut_points(&bytes, 10) {
            failures.extend(check_variant(&name, &bytes[..cut]));
        }
        for _ in 0..4 {
            let mut edited = bytes.clone();
            let at = rng.below(edited.len().max(1));
            if !edited.is_empty() {
                edited[at] = b"{}()[];:=.,+-*&|^<>!\"'`x0 \n"[rng.below(27)];
            }
            failures.extend(check_variant(&name, &edited));
        }
        for _ in 0..4 {
            failures.extend(check_variant(&name, &delete_line(&bytes, &mut rng)));
            failures.extend(check_variant(&name, &swap_word(&bytes, &mut rng)));
        }
        if failures.len() > 5 {
            break;
        }
    }
    let _ = panic::take_hook();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
