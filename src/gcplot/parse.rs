//! Reads a `-gclog` file: one flat JSON object per line (numbers, strings, booleans, null).

use std::collections::HashMap;

/// A JSON value as the log uses them.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Num(f64),
    Str(String),
    Bool(bool),
    Null,
}

/// One collection from the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Collection {
    pub index: u64,
    pub t_ms: f64,
    pub kind: String,
    pub pause_ms: f64,
    pub heap_before: f64,
    pub heap_after: f64,
    /// `None` when no goal applied (GOGC=off).
    pub goal: Option<f64>,
}

/// The log's collections, in order, and the summary's fields that the plot shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GcLog {
    pub collections: Vec<Collection>,
    pub elapsed_ms: Option<f64>,
}

/// Parses the text of a log; the error names the first bad line.
pub fn parse_log(text: &str) -> Result<GcLog, String> {
    let mut log = GcLog::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let obj = parse_object(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        if obj.get("summary") == Some(&Value::Bool(true)) {
            log.elapsed_ms = num(&obj, "elapsed_ms");
            continue;
        }
        let c = collection(&obj).ok_or_else(|| format!("line {}: not a collection", n + 1))?;
        log.collections.push(c);
    }
    Ok(log)
}

fn num(obj: &HashMap<String, Value>, k: &str) -> Option<f64> {
    match obj.get(k) {
        Some(Value::Num(v)) => Some(*v),
        _ => None,
    }
}

fn collection(obj: &HashMap<String, Value>) -> Option<Collection> {
    let Some(Value::Str(kind)) = obj.get("kind") else {
        return None;
    };
    Some(Collection {
        index: num(obj, "index")? as u64,
        t_ms: num(obj, "t_ms")?,
        kind: kind.clone(),
        pause_ms: num(obj, "pause_ms")?,
        heap_before: num(obj, "heap_before")?,
        heap_after: num(obj, "heap_after")?,
        goal: num(obj, "goal"),
    })
}

/// A cursor over one line.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn skip_ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.i).copied()
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.peek() != Some(c) {
            return Err(format!("expected '{}' at column {}", c as char, self.i + 1));
        }
        self.i += 1;
        Ok(())
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            let c = *self.s.get(self.i).ok_or("unterminated string")?;
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).map_err(|_| "bad UTF-8".to_string()),
                b'\\' => {
                    let e = *self.s.get(self.i).ok_or("unterminated string")?;
                    self.i += 1;
                    self.escape(e, &mut out)?;
                }
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self, e: u8, out: &mut Vec<u8>) -> Result<(), String> {
        let c = match e {
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'u' => {
                let hex = self.s.get(self.i..self.i + 4).ok_or("bad \\u escape")?;
                self.i += 4;
                let v = u32::from_str_radix(std::str::from_utf8(hex).unwrap_or(""), 16)
                    .map_err(|_| "bad \\u escape")?;
                char::from_u32(v).unwrap_or('\u{fffd}')
            }
            c => c as char,
        };
        let mut buf = [0; 4];
        out.extend(c.encode_utf8(&mut buf).as_bytes());
        Ok(())
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, String> {
        if !self.s[self.i..].starts_with(w.as_bytes()) {
            return Err(format!("unexpected text at column {}", self.i + 1));
        }
        self.i += w.len();
        Ok(v)
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|c| c.is_ascii_digit() || b"+-.eE".contains(c))
        {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()
            .and_then(|t| t.parse().ok())
            .map(Value::Num)
            .ok_or_else(|| format!("bad number at column {}", start + 1))
    }

    fn value(&mut self) -> Result<Value, String> {
        match self.peek() {
            Some(b'"') => self.string().map(Value::Str),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(_) => self.number(),
            None => Err("unexpected end of line".into()),
        }
    }
}

/// Parses `{"k":v,…}` with scalar values.
fn parse_object(line: &str) -> Result<HashMap<String, Value>, String> {
    let mut c = Cursor {
        s: line.as_bytes(),
        i: 0,
    };
    let mut out = HashMap::new();
    c.expect(b'{')?;
    while c.peek() != Some(b'}') {
        let k = c.string()?;
        c.expect(b':')?;
        out.insert(k, c.value()?);
        if c.peek() != Some(b',') {
            break;
        }
        c.i += 1;
    }
    c.expect(b'}')?;
    if c.peek().is_some() {
        return Err("text after the object".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_collections_and_summary() {
        let text = "{\"index\":1,\"t_ms\":1.5,\"kind\":\"minor\",\"cause\":\"nursery-full\",\"pause_ms\":0.1,\"heap_before\":100,\"heap_after\":50,\"live\":50,\"goal\":null}\n{\"summary\":true,\"elapsed_ms\":9}\n";
        let log = parse_log(text).unwrap();
        assert_eq!(log.collections.len(), 1);
        assert_eq!(log.collections[0].goal, None);
        assert_eq!(log.collections[0].kind, "minor");
        assert_eq!(log.elapsed_ms, Some(9.0));
    }

    #[test]
    fn reports_bad_lines() {
        assert!(parse_log("{\"index\":1,")
            .unwrap_err()
            .starts_with("line 1"));
        assert!(parse_log("{\"a\":\"x\\u00e9\"} x").is_err());
        assert!(parse_log("{\"a\":1}")
            .unwrap_err()
            .contains("not a collection"));
    }
}
