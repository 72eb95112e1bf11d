//! Compares `format::sprintf`/`sprint`/`sprintln` with Go's output recorded in
//! `format_cases.txt` (see `gen_format_cases.go` for the operand encoding).

use std::collections::HashMap;
use std::rc::Rc;

use mini_bytecode::strconv::unquote;
use mini_vm::format::{
    sprint, sprintf, sprintln, Field, FloatKind, FmtValue, IntKind, Method, MethodHost,
    MethodOutcome, MethodSet, UintKind,
};

/// Method results recorded by the generator, by receiver id.
#[derive(Default)]
struct Recorded {
    results: HashMap<(u64, &'static str), MethodOutcome>,
    next_id: u64,
}

impl MethodHost for Recorded {
    fn call(&mut self, id: u64, method: Method) -> MethodOutcome {
        self.results[&(id, method.name())].clone()
    }
}

/// A reader over the space-separated operand encoding.
struct Reader<'a> {
    s: &'a str,
}

impl<'a> Reader<'a> {
    fn token(&mut self) -> &'a str {
        self.s = self.s.trim_start_matches(' ');
        if self.s.starts_with('"') {
            // A quoted string ends at the first unescaped quote.
            let bytes = self.s.as_bytes();
            let mut i = 1;
            while bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            let (tok, rest) = self.s.split_at(i + 1);
            self.s = rest;
            return tok;
        }
        let end = self.s.find(' ').unwrap_or(self.s.len());
        let (tok, rest) = self.s.split_at(end);
        self.s = rest;
        tok
    }

    fn bytes(&mut self) -> Vec<u8> {
        let tok = self.token();
        unquote(tok.as_bytes()).unwrap_or_else(|_| panic!("bad quoted token {tok}"))
    }

    fn text(&mut self) -> String {
        String::from_utf8(self.bytes()).expect("names are UTF-8")
    }

    fn ty(&mut self) -> Rc<str> {
        self.text().into()
    }

    fn num<T: std::str::FromStr>(&mut self) -> T {
        let tok = self.token();
        tok.parse()
            .unwrap_or_else(|_| panic!("bad number token {tok}"))
    }

    fn count(&mut self) -> Option<usize> {
        match self.token() {
            "nil" => None,
            tok => Some(tok.parse().expect("count")),
        }
    }

    fn outcome(&mut self, host: &mut Recorded) -> Option<MethodOutcome> {
        match self.token() {
            "-" => None,
            "ok" => Some(Ok(self.bytes())),
            "panic" => Some(Err(self.value(host))),
            tok => panic!("bad method result {tok}"),
        }
    }

    fn value(&mut self, host: &mut Recorded) -> FmtValue {
        match self.token() {
            "nil" => FmtValue::NilInterface(self.ty()),
            "bool" => FmtValue::Bool(self.token() == "1"),
            "int" => {
                let kind = match self.token() {
                    "int" => IntKind::Int,
                    "int8" => IntKind::Int8,
                    "int16" => IntKind::Int16,
                    "int32" => IntKind::Int32,
                    _ => IntKind::Int64,
                };
                FmtValue::Int(self.num(), kind)
            }
            "uint" => {
                let kind = match self.token() {
                    "uint" => UintKind::Uint,
                    "uint8" => UintKind::Uint8,
                    "uint16" => UintKind::Uint16,
                    "uint32" => UintKind::Uint32,
                    "uintptr" => UintKind::Uintptr,
                    _ => UintKind::Uint64,
                };
                FmtValue::Uint(self.num(), kind)
            }
            "float" => {
                let kind = match self.token() {
                    "32" => FloatKind::Float32,
                    _ => FloatKind::Float64,
                };
                let bits = u64::from_str_radix(self.token(), 16).expect("float bits");
                FmtValue::Float(f64::from_bits(bits), kind)
            }
            "str" => FmtValue::String(self.bytes()),
            "named" => {
                let ty = self.ty();
                FmtValue::Named {
                    ty,
                    value: Box::new(self.value(host)),
                }
            }
            tok @ ("list" | "array") => {
                let ty = self.ty();
                let addr = self.num();
                let elems = self
                    .count()
                    .map(|n| (0..n).map(|_| self.value(host)).collect());
                FmtValue::List {
                    ty,
                    addr,
                    elems,
                    array: tok == "array",
                }
            }
            tok @ ("bytes" | "barray") => {
                let ty = self.ty();
                let addr = self.num();
                let bytes = match self.s.trim_start().starts_with("nil") {
                    true => {
                        self.token();
                        None
                    }
                    false => Some(self.bytes()),
                };
                FmtValue::Bytes {
                    ty,
                    addr,
                    bytes,
                    array: tok == "barray",
                }
            }
            "map" => {
                let ty = self.ty();
                let addr = self.num();
                let entries = self.count().map(|n| {
                    (0..n)
                        .map(|_| (self.value(host), self.value(host)))
                        .collect()
                });
                FmtValue::Map { ty, addr, entries }
            }
            "struct" => {
                let ty = self.ty();
                let n: usize = self.num();
                let fields = (0..n)
                    .map(|_| Field {
                        name: self.text(),
                        value: self.value(host),
                    })
                    .collect();
                FmtValue::Struct { ty, fields }
            }
            tok @ ("ptr" | "ptrto") => {
                let ty = self.ty();
                let addr = self.num();
                let target = (tok == "ptrto").then(|| Box::new(self.value(host)));
                FmtValue::Pointer { ty, addr, target }
            }
            "func" => FmtValue::Func {
                ty: self.ty(),
                addr: self.num(),
            },
            "chan" => FmtValue::Chan {
                ty: self.ty(),
                addr: self.num(),
            },
            "meth" => {
                let flags = self.text();
                let id = host.next_id;
                host.next_id += 1;
                for name in ["Error", "String", "GoString"] {
                    if let Some(outcome) = self.outcome(host) {
                        host.results.insert((id, name), outcome);
                    }
                }
                FmtValue::Methods {
                    id,
                    methods: MethodSet {
                        error: flags.contains('e'),
                        string: flags.contains('s'),
                        go_string: flags.contains('g'),
                    },
                    value: Box::new(self.value(host)),
                }
            }
            tok => panic!("bad value token {tok:?}"),
        }
    }
}

/// Runs one case, returning Mini's output when it differs from Go's.
fn check(line: &str) -> Option<String> {
    let fields: Vec<&str> = line.split('\t').collect();
    let mut host = Recorded::default();
    let mut reader = Reader { s: fields[2] };
    let n: usize = reader.num();
    let args: Vec<FmtValue> = (0..n).map(|_| reader.value(&mut host)).collect();
    let format = unquote(fields[1].as_bytes()).expect("format");
    let want = unquote(fields[3].as_bytes()).expect("expected output");
    let got = match fields[0] {
        "printf" => sprintf(&format, &args, &mut host),
        "print" => sprint(&args, &mut host),
        _ => sprintln(&args, &mut host),
    };
    (got != want).then(|| String::from_utf8_lossy(&got).into_owned())
}

#[test]
fn fmt_matches_go() {
    let data = include_str!("format_cases.txt");
    let mut failures = Vec::new();
    let mut total = 0;
    for line in data.lines() {
        total += 1;
        if let Some(got) = check(line) {
            failures.push(format!("{line}\n    mini: {got:?}"));
        }
    }
    for f in failures.iter().take(40) {
        eprintln!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {total} fmt cases differ from Go",
        failures.len()
    );
}
