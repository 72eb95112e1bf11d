//! Diagnostics in Go's format: `path:line:col: message`, sorted, capped at ten errors.

use crate::ast::Pos;

/// One compile error. `msg` may contain continuation lines, already tab-indented
/// (`"too many arguments in call to f\n\thave (number)\n\twant ()"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub pos: Pos,
    pub msg: String,
}

impl Diagnostic {
    pub fn new(pos: Pos, msg: impl Into<String>) -> Diagnostic {
        Diagnostic {
            pos,
            msg: msg.into(),
        }
    }
}

/// Maps byte offsets to Go's 1-based `line:col` (columns count bytes).
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(src: &str) -> LineIndex {
        let mut line_starts = vec![0];
        for (i, b) in src.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        LineIndex { line_starts }
    }

    /// The 1-based line and byte column of `pos`.
    pub fn line_col(&self, pos: Pos) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= pos) - 1;
        (line as u32 + 1, pos - self.line_starts[line] + 1)
    }

    pub fn line(&self, pos: Pos) -> u32 {
        self.line_col(pos).0
    }
}

/// The position of a diagnostic that Go prints without one (the linker's
/// `function main is undeclared in the main package`).
pub const NO_POS: Pos = Pos::MAX;

/// The most errors Go prints before `too many errors`.
pub const MAX_ERRORS: usize = 10;

/// The path as Go prints it: a bare file name gets `./` in front.
pub fn display_path(path: &str) -> String {
    if path.contains('/') {
        path.to_string()
    } else {
        format!("./{path}")
    }
}

/// Renders diagnostics the way `go build` prints them (without its `# package` header). Go
/// stops at the tenth error *reported*: those ten are printed sorted by position, then
/// `too many errors` at the position of the tenth one reported. `diags` is in report order.
pub fn render(path: &str, src: &str, diags: &[Diagnostic]) -> String {
    let index = LineIndex::new(src);
    let given = path;
    let path = display_path(path);
    let mut reported: Vec<&Diagnostic> = Vec::new();
    for d in diags {
        if !reported.iter().any(|r| r.pos == d.pos && r.msg == d.msg) {
            reported.push(d);
        }
    }
    let mut shown: Vec<&Diagnostic> = reported.iter().take(MAX_ERRORS).copied().collect();
    shown.sort_by_key(|d| d.pos);
    let mut out = String::new();
    for d in &shown {
        if d.pos == NO_POS {
            out.push_str(&format!("{}\n", d.msg));
            continue;
        }
        let (line, col) = index.line_col(d.pos);
        // Go's loader reports a missing package clause with the path as given.
        let path = if d.msg.starts_with("expected 'package'") {
            given
        } else {
            &path
        };
        out.push_str(&format!("{path}:{line}:{col}: {}\n", d.msg));
    }
    if reported.len() >= MAX_ERRORS {
        let (line, col) = index.line_col(reported[MAX_ERRORS - 1].pos);
        out.push_str(&format!("{path}:{line}:{col}: too many errors\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_bytes() {
        let idx = LineIndex::new("ab\n\té x\n");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(3), (2, 1));
        assert_eq!(idx.line_col(7), (2, 5));
    }

    #[test]
    fn too_many_errors_at_ten() {
        let src = "x\n".repeat(12);
        let diags: Vec<_> = (0..10).map(|i| Diagnostic::new(i * 2, "bad")).collect();
        let out = render("p.mini", &src, &diags);
        let lines: Vec<_> = out.lines().collect();
        assert_eq!(lines.len(), 11);
        assert_eq!(lines[10], "./p.mini:10:1: too many errors");
    }
}
