//! Go tokens from logos, positions as byte offsets, and automatic semicolon insertion.
//!
//! Logos recognises the raw tokens (including newlines and comments); literals are scanned by
//! callbacks that follow Go's scanner (`cmd/compile/internal/syntax/scanner.go`) so that invalid
//! literals get Go's messages at Go's positions. [`tokenize`] then applies the spec's semicolon
//! rule and drops newlines and comments. Lexical errors never stop the scan: like Go, the lexer
//! reports them and carries on with a best-effort token.

use crate::ast::{LitValue, Pos};
use crate::diag::Diagnostic;
use logos::{Lexer, Logos};

/// A literal token: its decoded value and its source text. `bad` marks a literal with a
/// lexical error, which Go's checker treats as an invalid operand without more errors.
#[derive(Clone, Debug, PartialEq)]
pub struct Lit {
    pub value: LitValue,
    pub raw: String,
    pub bad: bool,
}

/// Why a semicolon token is there; Go names each kind differently in syntax errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SemiKind {
    /// A `;` written in the source.
    Explicit,
    /// Inserted at a newline (or a block comment spanning lines).
    Newline,
    /// Inserted at the end of the file.
    Eof,
}

/// A Go token. `Newline`, `LineComment` and `BlockComment` come out of logos but never reach
/// the parser: [`tokenize`] turns them into semicolons or drops them.
#[derive(Logos, Clone, Debug, PartialEq)]
#[logos(extras = Vec<Diagnostic>)]
#[logos(skip r"[ \t\r]+")]
pub enum Tok {
    #[token("\n")]
    Newline,
    #[regex(r"//[^\n]*", allow_greedy = true)]
    LineComment,
    /// `true` when the comment spans lines (it then acts as a newline).
    #[token("/*", block_comment)]
    BlockComment(bool),

    #[regex(r"[a-zA-Z_\u{80}-\u{10FFFF}][a-zA-Z0-9_\u{80}-\u{10FFFF}]*", ident)]
    Ident(String),
    /// Integer, floating-point, imaginary and rune literals.
    #[regex(r"[0-9]", number)]
    #[regex(r"\.[0-9]", number)]
    #[token("'", rune_lit)]
    Lit(Lit),
    #[token("\"", interpreted_string)]
    #[token("`", raw_string)]
    Str(Lit),
    /// Never produced by logos: inserted or mapped from `;` by [`tokenize`].
    Semi(SemiKind),
    #[token(";")]
    SemiColon,

    #[token("break")]
    Break,
    #[token("case")]
    Case,
    #[token("chan")]
    Chan,
    #[token("const")]
    Const,
    #[token("continue")]
    Continue,
    #[token("default")]
    Default,
    #[token("defer")]
    Defer,
    #[token("else")]
    Else,
    #[token("fallthrough")]
    Fallthrough,
    #[token("for")]
    For,
    #[token("func")]
    Func,
    #[token("go")]
    Go,
    #[token("goto")]
    Goto,
    #[token("if")]
    If,
    #[token("import")]
    Import,
    #[token("interface")]
    Interface,
    #[token("map")]
    Map,
    #[token("package")]
    Package,
    #[token("range")]
    Range,
    #[token("return")]
    Return,
    #[token("select")]
    Select,
    #[token("struct")]
    Struct,
    #[token("switch")]
    Switch,
    #[token("type")]
    Type,
    #[token("var")]
    Var,

    #[token("+")]
    Add,
    #[token("-")]
    Sub,
    #[token("*")]
    Mul,
    #[token("/")]
    Quo,
    #[token("%")]
    Rem,
    #[token("&")]
    And,
    #[token("|")]
    Or,
    #[token("^")]
    Xor,
    #[token("<<")]
    Shl,
    #[token(">>")]
    Shr,
    #[token("&^")]
    AndNot,
    #[token("+=")]
    AddAssign,
    #[token("-=")]
    SubAssign,
    #[token("*=")]
    MulAssign,
    #[token("/=")]
    QuoAssign,
    #[token("%=")]
    RemAssign,
    #[token("&=")]
    AndAssign,
    #[token("|=")]
    OrAssign,
    #[token("^=")]
    XorAssign,
    #[token("<<=")]
    ShlAssign,
    #[token(">>=")]
    ShrAssign,
    #[token("&^=")]
    AndNotAssign,
    #[token("&&")]
    LAnd,
    #[token("||")]
    LOr,
    #[token("<-")]
    Arrow,
    #[token("++")]
    Inc,
    #[token("--")]
    Dec,
    #[token("==")]
    Eql,
    #[token("<")]
    Lss,
    #[token(">")]
    Gtr,
    #[token("=")]
    Assign,
    #[token("!")]
    Not,
    #[token("~")]
    Tilde,
    #[token("!=")]
    Neq,
    #[token("<=")]
    Leq,
    #[token(">=")]
    Geq,
    #[token(":=")]
    Define,
    #[token("...")]
    Ellipsis,
    #[token("(")]
    LParen,
    #[token("[")]
    LBrack,
    #[token("{")]
    LBrace,
    #[token(",")]
    Comma,
    #[token(".")]
    Period,
    #[token(")")]
    RParen,
    #[token("]")]
    RBrack,
    #[token("}")]
    RBrace,
    #[token(":")]
    Colon,
}

/// A token with its byte range, as the parser consumes it.
pub type Spanned = (Pos, Tok, Pos);

impl Tok {
    /// Whether a newline after this token inserts a semicolon (the spec's rule).
    fn ends_statement(&self) -> bool {
        matches!(
            self,
            Tok::Ident(_)
                | Tok::Lit(_)
                | Tok::Str(_)
                | Tok::Break
                | Tok::Continue
                | Tok::Fallthrough
                | Tok::Return
                | Tok::Inc
                | Tok::Dec
                | Tok::RParen
                | Tok::RBrack
                | Tok::RBrace
        )
    }

    /// The token as Go's syntax errors name it: `name x`, `literal 1`, `newline`, `keyword if`,
    /// `comma`, `{`.
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(name) => format!("name {name}"),
            Tok::Lit(lit) | Tok::Str(lit) => format!("literal {}", lit.raw),
            Tok::Semi(SemiKind::Explicit) | Tok::SemiColon => "semicolon".to_string(),
            Tok::Semi(SemiKind::Newline) | Tok::Newline => "newline".to_string(),
            Tok::Semi(SemiKind::Eof) => "EOF".to_string(),
            Tok::Comma => "comma".to_string(),
            t => match t.keyword() {
                Some(k) => format!("keyword {k}"),
                None => t.text().to_string(),
            },
        }
    }

    /// The spelling of a keyword token.
    pub fn keyword(&self) -> Option<&'static str> {
        Some(match self {
            Tok::Break => "break",
            Tok::Case => "case",
            Tok::Chan => "chan",
            Tok::Const => "const",
            Tok::Continue => "continue",
            Tok::Default => "default",
            Tok::Defer => "defer",
            Tok::Else => "else",
            Tok::Fallthrough => "fallthrough",
            Tok::For => "for",
            Tok::Func => "func",
            Tok::Go => "go",
            Tok::Goto => "goto",
            Tok::If => "if",
            Tok::Import => "import",
            Tok::Interface => "interface",
            Tok::Map => "map",
            Tok::Package => "package",
            Tok::Range => "range",
            Tok::Return => "return",
            Tok::Select => "select",
            Tok::Struct => "struct",
            Tok::Switch => "switch",
            Tok::Type => "type",
            Tok::Var => "var",
            _ => return None,
        })
    }

    /// The fixed spelling of an operator or punctuation token (empty for the others).
    pub fn text(&self) -> &'static str {
        if let Some(k) = self.keyword() {
            return k;
        }
        match self {
            Tok::Add => "+",
            Tok::Sub => "-",
            Tok::Mul => "*",
            Tok::Quo => "/",
            Tok::Rem => "%",
            Tok::And => "&",
            Tok::Or => "|",
            Tok::Xor => "^",
            Tok::Shl => "<<",
            Tok::Shr => ">>",
            Tok::AndNot => "&^",
            Tok::AddAssign => "+=",
            Tok::SubAssign => "-=",
            Tok::MulAssign => "*=",
            Tok::QuoAssign => "/=",
            Tok::RemAssign => "%=",
            Tok::AndAssign => "&=",
            Tok::OrAssign => "|=",
            Tok::XorAssign => "^=",
            Tok::ShlAssign => "<<=",
            Tok::ShrAssign => ">>=",
            Tok::AndNotAssign => "&^=",
            Tok::LAnd => "&&",
            Tok::LOr => "||",
            Tok::Arrow => "<-",
            Tok::Inc => "++",
            Tok::Dec => "--",
            Tok::Eql => "==",
            Tok::Lss => "<",
            Tok::Gtr => ">",
            Tok::Assign => "=",
            Tok::Not => "!",
            Tok::Tilde => "~",
            Tok::Neq => "!=",
            Tok::Leq => "<=",
            Tok::Geq => ">=",
            Tok::Define => ":=",
            Tok::Ellipsis => "...",
            Tok::LParen => "(",
            Tok::LBrack => "[",
            Tok::LBrace => "{",
            Tok::Comma => ",",
            Tok::Period => ".",
            Tok::RParen => ")",
            Tok::RBrack => "]",
            Tok::RBrace => "}",
            Tok::Colon => ":",
            Tok::SemiColon | Tok::Semi(_) => ";",
            _ => "",
        }
    }
}

/// The tokens of `src` with semicolons inserted at newlines and the end of the input as Go
/// does, and every lexical error, in source order.
pub fn tokenize(src: &str) -> (Vec<Spanned>, Vec<Diagnostic>) {
    let mut tokens = Tokens::new(src);
    let toks = tokens.by_ref().collect();
    (toks, tokens.into_errors())
}

/// The token stream of [`tokenize`], produced as the parser asks for it; the lexical errors
/// found so far are kept for [`Tokens::into_errors`].
pub struct Tokens<'s> {
    lex: logos::Lexer<'s, Tok>,
    /// The last token ends a statement: a newline or the end of the input inserts `;`.
    nlsemi: bool,
}

impl<'s> Tokens<'s> {
    pub fn new(src: &'s str) -> Tokens<'s> {
        Tokens {
            lex: Tok::lexer(src),
            nlsemi: false,
        }
    }

    /// The lexical errors met so far (all of them once the stream has ended), by position.
    pub fn into_errors(self) -> Vec<Diagnostic> {
        let mut errors = self.lex.extras;
        errors.sort_by_key(|d| d.pos);
        errors
    }
}

impl Iterator for Tokens<'_> {
    type Item = Spanned;

    fn next(&mut self) -> Option<Spanned> {
        loop {
            let Some(next) = self.lex.next() else {
                let end = self.lex.source().len() as Pos;
                return std::mem::take(&mut self.nlsemi).then_some((
                    end,
                    Tok::Semi(SemiKind::Eof),
                    end,
                ));
            };
            let span = self.lex.span();
            let (lo, hi) = (span.start as Pos, span.end as Pos);
            let tok = match next {
                Ok(tok) => tok,
                Err(()) => {
                    let c = self.lex.source()[span.start..]
                        .chars()
                        .next()
                        .unwrap_or('\0');
                    self.lex.extras.push(invalid_char(lo, c, ""));
                    continue;
                }
            };
            let tok = match tok {
                Tok::LineComment | Tok::BlockComment(false) => continue,
                Tok::Newline | Tok::BlockComment(true) => {
                    if std::mem::take(&mut self.nlsemi) {
                        return Some((lo, Tok::Semi(SemiKind::Newline), lo));
                    }
                    continue;
                }
                Tok::SemiColon => Tok::Semi(SemiKind::Explicit),
                tok => tok,
            };
            self.nlsemi = tok.ends_statement();
            return Some((lo, tok, hi));
        }
    }
}

/// Go's `invalid character U+0040 '@'` (with a `suffix` such as ` in identifier`).
fn invalid_char(pos: Pos, c: char, suffix: &str) -> Diagnostic {
    Diagnostic::new(pos, format!("invalid character {}{suffix}", quote_u(c)))
}

/// Go's `%#U` rendering of a character: `U+0040 '@'`, or just `U+0007` if unprintable.
fn quote_u(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}

/// Validates an identifier the way Go does: any non-ASCII character is part of an identifier,
/// but only letters (and digits after the first) are valid.
fn ident(lex: &mut Lexer<Tok>) -> String {
    let start = lex.span().start;
    let text = lex.slice();
    let mut errors = Vec::new();
    for (i, c) in text.char_indices() {
        let pos = (start + i) as Pos;
        if c.is_alphabetic() || c == '_' || c.is_ascii_alphanumeric() && i > 0 {
            continue;
        }
        if c.is_numeric() {
            if i == 0 {
                let msg = format!("identifier cannot begin with digit {}", quote_u(c));
                errors.push(Diagnostic::new(pos, msg));
            }
        } else {
            errors.push(invalid_char(pos, c, " in identifier"));
        }
    }
    lex.extras.extend(errors);
    text.to_string()
}

/// Skips a block comment; reports whether it spans lines.
fn block_comment(lex: &mut Lexer<Tok>) -> bool {
    let rest = lex.remainder();
    match rest.find("*/") {
        Some(end) => {
            lex.bump(end + 2);
            rest[..end].contains('\n')
        }
        None => {
            let pos = lex.span().start as Pos;
            lex.extras
                .push(Diagnostic::new(pos, "comment not terminated"));
            lex.bump(rest.len());
            rest.contains('\n')
        }
    }
}

/// A byte cursor over the source used by the literal scanners; `ch()` is 0 at the end, which
/// no literal accepts.
struct Cursor<'s> {
    src: &'s [u8],
    pos: usize,
    errors: Vec<Diagnostic>,
}

impl<'s> Cursor<'s> {
    fn new(src: &'s str, pos: usize) -> Cursor<'s> {
        Cursor {
            src: src.as_bytes(),
            pos,
            errors: Vec::new(),
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    fn ch(&self) -> u8 {
        self.src.get(self.pos).copied().unwrap_or(0)
    }

    fn error_at(&mut self, pos: usize, msg: impl Into<String>) {
        self.errors.push(Diagnostic::new(pos as Pos, msg));
    }

    fn error(&mut self, msg: impl Into<String>) {
        self.error_at(self.pos, msg);
    }

    /// The character at the cursor (the source is valid UTF-8).
    fn char_here(&self) -> char {
        let rest = &self.src[self.pos..];
        let len = utf8_len(rest[0]).min(rest.len());
        std::str::from_utf8(&rest[..len])
            .ok()
            .and_then(|s| s.chars().next())
            .unwrap_or('\u{FFFD}')
    }

    /// Hands the scanned extent and errors back to logos.
    fn finish(self, lex: &mut Lexer<Tok>) {
        let consumed = lex.span().end;
        lex.bump(self.pos - consumed);
        lex.extras.extend(self.errors);
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

fn base_name(base: u32) -> &'static str {
    match base {
        2 => "binary",
        8 => "octal",
        10 => "decimal",
        _ => "hexadecimal",
    }
}

/// Scans digits and `_` of `base` (decimal digits are always consumed, so that `08` reports
/// the bad digit). Returns bit 0 if a digit was seen and bit 1 if a `_` was.
fn digits(c: &mut Cursor, base: u32, invalid: &mut Option<usize>) -> u8 {
    let mut digsep = 0;
    loop {
        let ch = c.ch();
        let is_digit = if base <= 10 {
            ch.is_ascii_digit()
        } else {
            ch.is_ascii_hexdigit()
        };
        if ch == b'_' {
            digsep |= 2;
        } else if is_digit {
            digsep |= 1;
            if base <= 10 && u32::from(ch - b'0') >= base && invalid.is_none() {
                *invalid = Some(c.pos);
            }
        } else {
            return digsep;
        }
        c.pos += 1;
    }
}

/// Scans a number literal following Go's scanner, including its error messages.
fn number(lex: &mut Lexer<Tok>) -> Lit {
    let start = lex.span().start;
    let mut c = Cursor::new(lex.source(), start);
    let kind = scan_number(&mut c);
    let raw = lex.source()[start..c.pos].to_string();
    let bad = !c.errors.is_empty();
    c.finish(lex);
    let clean = raw.replace('_', "");
    let value = match kind {
        NumKind::Int => LitValue::Int(clean),
        NumKind::Float => LitValue::Float(clean),
        NumKind::Imag => LitValue::Imag(clean),
    };
    Lit { value, raw, bad }
}

enum NumKind {
    Int,
    Float,
    Imag,
}

fn scan_number(c: &mut Cursor) -> NumKind {
    let start = c.pos;
    let mut ok = true;
    let mut kind = NumKind::Int;
    let mut base = 10;
    let mut prefix = 0u8;
    let mut digsep = 0;
    let mut invalid = None;
    let mut seen_point = c.ch() == b'.';
    if seen_point {
        c.pos += 1;
    } else {
        if c.ch() == b'0' {
            c.pos += 1;
            (base, prefix) = match c.ch().to_ascii_lowercase() {
                b'x' => (16, b'x'),
                b'o' => (8, b'o'),
                b'b' => (2, b'b'),
                _ => {
                    digsep = 1;
                    (8, b'0')
                }
            };
            if prefix != b'0' {
                c.pos += 1;
            }
        }
        digsep |= digits(c, base, &mut invalid);
        if c.ch() == b'.' {
            if prefix == b'o' || prefix == b'b' {
                c.error(format!(
                    "invalid radix point in {} literal",
                    base_name(base)
                ));
                ok = false;
            }
            c.pos += 1;
            seen_point = true;
        }
    }
    if seen_point {
        kind = NumKind::Float;
        digsep |= digits(c, base, &mut invalid);
    }
    if digsep & 1 == 0 && ok {
        c.error(format!("{} literal has no digits", base_name(base)));
        ok = false;
    }
    let e = c.ch().to_ascii_lowercase();
    if e == b'e' || e == b'p' {
        if ok && e == b'e' && prefix != 0 && prefix != b'0' {
            c.error(format!(
                "'{}' exponent requires decimal mantissa",
                c.ch() as char
            ));
            ok = false;
        } else if ok && e == b'p' && prefix != b'x' {
            c.error(format!(
                "'{}' exponent requires hexadecimal mantissa",
                c.ch() as char
            ));
            ok = false;
        }
        c.pos += 1;
        kind = NumKind::Float;
        if c.ch() == b'+' || c.ch() == b'-' {
            c.pos += 1;
        }
        digsep = digits(c, 10, &mut None) | digsep & 2;
        if digsep & 1 == 0 && ok {
            c.error("exponent has no digits");
            ok = false;
        }
    } else if prefix == b'x' && matches!(kind, NumKind::Float) && ok {
        c.error("hexadecimal mantissa requires a 'p' exponent");
        ok = false;
    }
    if c.ch() == b'i' {
        kind = NumKind::Imag;
        c.pos += 1;
    }
    if let (NumKind::Int, Some(at), true) = (&kind, invalid, ok) {
        let digit = c.src[at] as char;
        c.error_at(
            at,
            format!("invalid digit '{digit}' in {} literal", base_name(base)),
        );
        ok = false;
    }
    if digsep & 2 != 0 && ok {
        if let Some(i) = invalid_sep(&c.src[start..c.pos]) {
            c.error_at(start + i, "'_' must separate successive digits");
        }
    }
    kind
}

/// The index of the first `_` in a number literal that does not separate two digits (Go's
/// `invalidSep`).
fn invalid_sep(x: &[u8]) -> Option<usize> {
    let mut x1 = b' ';
    let mut d = b'.';
    let mut i = 0;
    if x.len() >= 2 && x[0] == b'0' {
        x1 = x[1].to_ascii_lowercase();
        if matches!(x1, b'x' | b'o' | b'b') {
            d = b'0';
            i = 2;
        }
    }
    while i < x.len() {
        let p = d;
        d = x[i];
        if d == b'_' {
            if p != b'0' {
                return Some(i);
            }
        } else if d.is_ascii_digit() || x1 == b'x' && d.is_ascii_hexdigit() {
            d = b'0';
        } else {
            if p == b'_' {
                return Some(i - 1);
            }
            d = b'.';
        }
        i += 1;
    }
    (d == b'_').then(|| x.len() - 1)
}

/// A decoded escape: a raw byte (`\x`, octal) or a code point (everything else).
enum Escaped {
    Byte(u8),
    Char(u32),
}

/// Scans the escape after a `\` (the cursor is on the character after it). `None` after an
/// error, or at the end of input (which the caller reports).
fn escape(c: &mut Cursor, quote: u8) -> Option<Escaped> {
    let ch = c.ch();
    let simple = match ch {
        b'a' => Some(7),
        b'b' => Some(8),
        b'f' => Some(12),
        b'n' => Some(10),
        b'r' => Some(13),
        b't' => Some(9),
        b'v' => Some(11),
        b'\\' => Some(b'\\'),
        _ if ch == quote => Some(quote),
        _ => None,
    };
    if let Some(b) = simple {
        c.pos += 1;
        return Some(Escaped::Char(u32::from(b)));
    }
    let (n, base, max) = match ch {
        b'0'..=b'7' => (3, 8, 255),
        b'x' => (2, 16, 255),
        b'u' => (4, 16, 0x10FFFF),
        b'U' => (8, 16, 0x10FFFF),
        _ => {
            if !c.at_end() {
                c.error("unknown escape");
            }
            return None;
        }
    };
    if base == 16 {
        c.pos += 1;
    }
    let mut x: u32 = 0;
    for _ in 0..n {
        if c.at_end() {
            return None;
        }
        let d = (c.ch() as char).to_digit(16).unwrap_or(base);
        if d >= base || c.ch() >= 0x80 {
            let bad = c.char_here();
            let msg = format!("invalid character {bad:?} in {} escape", base_name(base));
            c.error(msg);
            return None;
        }
        x = x * base + d;
        c.pos += 1;
    }
    if x > max && base == 8 {
        c.error(format!("octal escape value {x} > 255"));
        return None;
    }
    if x > max || (0xD800..0xE000).contains(&x) {
        c.error(format!("escape is invalid Unicode code point U+{x:04X}"));
        return None;
    }
    Some(if n == 2 || base == 8 {
        Escaped::Byte(x as u8)
    } else {
        Escaped::Char(x)
    })
}

fn push_char(out: &mut Vec<u8>, x: u32) {
    let ch = char::from_u32(x).unwrap_or('\u{FFFD}');
    out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
}

/// Scans an interpreted string literal, decoding escapes to bytes.
fn interpreted_string(lex: &mut Lexer<Tok>) -> Lit {
    let start = lex.span().start;
    let mut c = Cursor::new(lex.source(), start + 1);
    let mut bytes = Vec::new();
    loop {
        match c.ch() {
            b'"' => {
                c.pos += 1;
                break;
            }
            b'\\' => {
                c.pos += 1;
                match escape(&mut c, b'"') {
                    Some(Escaped::Byte(b)) => bytes.push(b),
                    Some(Escaped::Char(x)) => push_char(&mut bytes, x),
                    None => {}
                }
            }
            b'\n' => {
                c.error("newline in string");
                break;
            }
            _ if c.at_end() => {
                c.error_at(start, "string not terminated");
                break;
            }
            b => {
                bytes.push(b);
                c.pos += 1;
            }
        }
    }
    let raw = lex.source()[start..c.pos].to_string();
    let bad = !c.errors.is_empty();
    c.finish(lex);
    Lit {
        value: LitValue::Str(bytes),
        raw,
        bad,
    }
}

/// Scans a raw string literal; carriage returns are dropped from its value, as in Go.
fn raw_string(lex: &mut Lexer<Tok>) -> Lit {
    let start = lex.span().start;
    let rest = lex.remainder();
    let (body, len, bad) = match rest.find('`') {
        Some(end) => (&rest[..end], end + 1, false),
        None => {
            let pos = start as Pos;
            lex.extras
                .push(Diagnostic::new(pos, "string not terminated"));
            (rest, rest.len(), true)
        }
    };
    let bytes: Vec<u8> = body.bytes().filter(|&b| b != b'\r').collect();
    lex.bump(len);
    Lit {
        value: LitValue::Str(bytes),
        raw: lex.slice().to_string(),
        bad,
    }
}

/// Scans a rune literal with Go's checks (empty, several characters, unterminated).
fn rune_lit(lex: &mut Lexer<Tok>) -> Lit {
    let start = lex.span().start;
    let mut c = Cursor::new(lex.source(), start + 1);
    let mut ok = true;
    let mut n = 0;
    let mut value = 0;
    loop {
        match c.ch() {
            b'\'' => {
                if ok && n == 0 {
                    c.error("empty rune literal or unescaped '");
                } else if ok && n != 1 {
                    c.error_at(start, "more than one character in rune literal");
                }
                c.pos += 1;
                break;
            }
            b'\\' => {
                c.pos += 1;
                match escape(&mut c, b'\'') {
                    Some(Escaped::Byte(b)) => value = u32::from(b),
                    Some(Escaped::Char(x)) => value = x,
                    None => ok = false,
                }
            }
            b'\n' => {
                if ok {
                    c.error("newline in rune literal");
                }
                break;
            }
            _ if c.at_end() => {
                if ok {
                    c.error_at(start, "rune literal not terminated");
                }
                break;
            }
            _ => {
                let ch = c.char_here();
                value = ch as u32;
                c.pos += ch.len_utf8();
            }
        }
        n += 1;
    }
    let raw = lex.source()[start..c.pos].to_string();
    let bad = !ok || !c.errors.is_empty();
    c.finish(lex);
    Lit {
        value: LitValue::Rune(value),
        raw,
        bad,
    }
}

/// One line per token (`offset..end token`), for snapshot tests and debugging.
pub fn dump_tokens(src: &str) -> String {
    let (toks, errors) = tokenize(src);
    let mut out = String::new();
    for (lo, tok, hi) in toks {
        let text = match &tok {
            Tok::Ident(name) => format!("IDENT {name}"),
            Tok::Lit(lit) => format!("LIT {} = {:?}", lit.raw, lit.value),
            Tok::Str(lit) => format!("STR {} = {:?}", lit.raw, lit.value),
            Tok::Semi(kind) => format!("; ({kind:?})"),
            t => t.text().to_string(),
        };
        out.push_str(&format!("{lo}..{hi} {text}\n"));
    }
    for e in errors {
        out.push_str(&format!("error at {}: {}\n", e.pos, e.msg));
    }
    out
}
