//! A tiny JSON object writer: one flat object per line, numbers and strings only.

use std::fmt::Write;

/// Builds `{"key":value,…}` in insertion order.
pub(crate) struct JsonObject {
    text: String,
}

impl JsonObject {
    pub(crate) fn new() -> JsonObject {
        JsonObject {
            text: String::from("{"),
        }
    }

    fn key(&mut self, k: &str) {
        if self.text.len() > 1 {
            self.text.push(',');
        }
        let _ = write!(self.text, "\"{k}\":");
    }

    pub(crate) fn uint(mut self, k: &str, v: u64) -> JsonObject {
        self.key(k);
        let _ = write!(self.text, "{v}");
        self
    }

    /// A finite float (NaN and infinities become `null`).
    pub(crate) fn float(mut self, k: &str, v: f64) -> JsonObject {
        self.key(k);
        if v.is_finite() {
            let _ = write!(self.text, "{v}");
        } else {
            self.text.push_str("null");
        }
        self
    }

    /// A byte count, or `null` for "none" (`u64::MAX`, e.g. no heap goal with GOGC=off).
    pub(crate) fn bytes(mut self, k: &str, v: u64) -> JsonObject {
        if v == u64::MAX {
            self.key(k);
            self.text.push_str("null");
            return self;
        }
        self.uint(k, v)
    }

    /// A string with only JSON-safe characters (the callers' names and kinds).
    pub(crate) fn str(mut self, k: &str, v: &str) -> JsonObject {
        self.key(k);
        self.text.push('"');
        for c in v.chars() {
            match c {
                '"' | '\\' => {
                    self.text.push('\\');
                    self.text.push(c);
                }
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.text, "\\u{:04x}", c as u32);
                }
                c => self.text.push(c),
            }
        }
        self.text.push('"');
        self
    }

    pub(crate) fn bool(mut self, k: &str, v: bool) -> JsonObject {
        self.key(k);
        self.text.push_str(if v { "true" } else { "false" });
        self
    }

    /// The object and a newline.
    pub(crate) fn line(mut self) -> String {
        self.text.push_str("}\n");
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_flat_object() {
        let s = JsonObject::new()
            .uint("a", 1)
            .float("b", 0.5)
            .str("c", "x\"y")
            .bytes("d", u64::MAX)
            .bool("e", true)
            .line();
        assert_eq!(
            s,
            "{\"a\":1,\"b\":0.5,\"c\":\"x\\\"y\",\"d\":null,\"e\":true}\n"
        );
    }
}
