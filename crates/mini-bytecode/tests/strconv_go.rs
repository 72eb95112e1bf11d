//! Compares the strconv module with Go's results recorded in `strconv_cases.txt`.

use mini_bytecode::strconv::{
    atoi, can_backquote, format_float, format_int, format_uint, is_graphic, is_print, parse_bool,
    parse_float, parse_int, parse_uint, quote, quote_rune, quote_rune_to_ascii,
    quote_rune_to_graphic, quote_to_ascii, quote_to_graphic, unquote, NumErrorKind,
};

fn unq(s: &str) -> Vec<u8> {
    unquote(s.as_bytes()).unwrap_or_else(|_| panic!("bad quoted field {s}"))
}

fn unq_str(s: &str) -> String {
    String::from_utf8(unq(s)).expect("expected text is UTF-8")
}

fn err_name<T>(r: &Result<T, (T, NumErrorKind)>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err((_, kind)) => kind_name(*kind),
    }
}

fn kind_name(kind: NumErrorKind) -> &'static str {
    match kind {
        NumErrorKind::Range => "range",
        NumErrorKind::Syntax => "syntax",
        NumErrorKind::Base => "base",
        NumErrorKind::BitSize => "bitsize",
    }
}

fn value<T: Copy>(r: &Result<T, (T, NumErrorKind)>) -> T {
    match r {
        Ok(v) | Err((v, _)) => *v,
    }
}

/// Runs one case line, returning what Mini produced when it differs from Go.
fn check(f: &[&str]) -> Option<String> {
    let num = |i: usize| f[i].parse::<i64>().expect("numeric field");
    let rune = |i: usize| num(i) as i32;
    let got = match f[0] {
        "ff" => {
            let x = f64::from_bits(u64::from_str_radix(f[1], 16).expect("float bits"));
            let out = format_float(x, f[2].as_bytes()[0], num(3) as i32, num(4) as u32);
            (out != unq_str(f[5])).then_some(out)?
        }
        "pf" => {
            let r = parse_float(&unq(f[1]), num(2) as u32);
            let got = format!("{:016x}\t{}", value(&r).to_bits(), err_name(&r));
            let want = format!("{}\t{}", f[3], f[4]);
            (got != want).then_some(got)?
        }
        "pi" | "pu" => {
            let (s, base, size) = (unq(f[1]), num(2) as u32, num(3) as u32);
            let got = if f[0] == "pi" {
                let r = parse_int(&s, base, size);
                format!("{}\t{}", value(&r), err_name(&r))
            } else {
                let r = parse_uint(&s, base, size);
                format!("{}\t{}", value(&r), err_name(&r))
            };
            (got != format!("{}\t{}", f[4], f[5])).then_some(got)?
        }
        "atoi" => {
            let r = atoi(&unq(f[1]));
            let got = format!("{}\t{}", value(&r), err_name(&r));
            (got != format!("{}\t{}", f[2], f[3])).then_some(got)?
        }
        "fi" => {
            let out = format_int(num(1), num(2) as u32);
            (out != unq_str(f[3])).then_some(out)?
        }
        "fu" => {
            let out = format_uint(f[1].parse().expect("u64"), num(2) as u32);
            (out != unq_str(f[3])).then_some(out)?
        }
        "pb" => {
            let r = parse_bool(&unq(f[1]));
            let got = match r {
                Ok(b) => format!("{b}\tok"),
                Err(k) => format!("false\t{}", kind_name(k)),
            };
            (got != format!("{}\t{}", f[2], f[3])).then_some(got)?
        }
        "q" | "qa" | "qg" => {
            let s = unq(f[1]);
            let out = match f[0] {
                "q" => quote(&s),
                "qa" => quote_to_ascii(&s),
                _ => quote_to_graphic(&s),
            };
            (out != unq_str(f[2])).then_some(out)?
        }
        "cb" => {
            let out = can_backquote(&unq(f[1])).to_string();
            (out != f[2]).then_some(out)?
        }
        "qr" | "qra" | "qrg" => {
            let out = match f[0] {
                "qr" => quote_rune(rune(1)),
                "qra" => quote_rune_to_ascii(rune(1)),
                _ => quote_rune_to_graphic(rune(1)),
            };
            (out != unq_str(f[2])).then_some(out)?
        }
        "isprint" => {
            let c = char::from_u32(rune(1) as u32);
            let got = format!("{}\t{}", c.is_some_and(is_print), c.is_some_and(is_graphic));
            (got != format!("{}\t{}", f[2], f[3])).then_some(got)?
        }
        "uq" => {
            let got = match unquote(&unq(f[1])) {
                Ok(v) => format!("{}\tok", quote(&v)),
                Err(k) => format!("\"\"\t{}", kind_name(k)),
            };
            (got != format!("{}\t{}", f[2], f[3])).then_some(got)?
        }
        op => panic!("unknown operation {op}"),
    };
    Some(got)
}

#[test]
fn strconv_matches_go() {
    let data = include_str!("strconv_cases.txt");
    let mut failures = Vec::new();
    let mut total = 0;
    for line in data.lines() {
        total += 1;
        let fields: Vec<&str> = line.split('\t').collect();
        if let Some(got) = check(&fields) {
            failures.push(format!("{line}\n    mini: {got}"));
        }
    }
    for f in failures.iter().take(40) {
        eprintln!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {total} strconv cases differ from Go",
        failures.len()
    );
}
