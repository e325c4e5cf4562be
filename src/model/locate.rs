//! Where a value sits in the text of a JSON document, by its path
//! (`criteria[0].children[1].weight` → line 14, column 22), so that every problem —
//! not only syntax errors — can say which line to look at.

use std::borrow::Cow;
use std::collections::HashMap;

/// Line and column (from 1) of the start of every value in `text`, keyed by path.
/// `text` must already be known to be valid JSON; on anything else the map is partial.
pub fn locate(text: &str) -> HashMap<String, (usize, usize)> {
    locate_offsets(text)
        .into_iter()
        .map(|(path, at)| (path, (at.line, at.column)))
        .collect()
}

/// Where a value starts: line and column (from 1) for people, byte offset for the
/// loader (to quote a number exactly as it is written).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// [`locate`], with the byte offset of every value as well.
pub fn locate_offsets(text: &str) -> HashMap<String, At> {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
        out: HashMap::new(),
    };
    s.value(String::new(), 0);
    s.out
}

/// A key given twice in one JSON object. serde_json keeps the last silently, and a
/// typed field would refuse it without saying where the first one is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Path of the key (`bids[1].price`), as in [`locate`].
    pub path: String,
    pub key: String,
    /// Line and column of the first and of the second time the key appears.
    pub first: (usize, usize),
    pub second: (usize, usize),
}

/// Every key that appears more than once in the same object, in file order (the second
/// and any later appearance each reported against the first). `text` must already be
/// known to be valid JSON, so nesting is bounded by serde_json's recursion limit.
pub fn duplicate_keys(text: &str) -> Vec<DuplicateKey> {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
        out: HashMap::new(),
    };
    let mut found = Vec::new();
    let mut parents = Vec::new();
    s.keys(&mut parents, 0, &mut found);
    found
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
    col: usize,
    out: HashMap<String, At>,
}

/// Joins path segments (`bids`, `[1]`, `price`) into `bids[1].price`.
fn join(parents: &[String], key: Option<&str>) -> String {
    let mut path = String::new();
    for seg in parents.iter().map(String::as_str).chain(key) {
        if !path.is_empty() && !seg.starts_with('[') {
            path.push('.');
        }
        path.push_str(seg);
    }
    path
}

/// Deeper than this, serde_json refuses the file anyway.
const MAX_DEPTH: usize = 256;

impl<'a> Scanner<'a> {
    fn bump(&mut self) {
        if let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            if c == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if c & 0xC0 != 0x80 {
                // Count characters, not the continuation bytes of UTF-8.
                self.col += 1;
            }
        }
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }
    /// Skips a string; returns its raw text between the quotes (escapes not decoded).
    fn raw_string(&mut self) -> &'a str {
        let b = self.b;
        let start = self.i + 1;
        self.bump(); // opening quote
        let mut end = self.i;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'"' => {
                    end = self.i;
                    self.bump();
                    break;
                }
                _ => self.bump(),
            }
            end = self.i;
        }
        std::str::from_utf8(&b[start.min(end)..end]).unwrap_or_default()
    }
    /// Walks every object in the value here, noting each key seen twice in one object.
    fn keys(&mut self, parents: &mut Vec<String>, depth: usize, found: &mut Vec<DuplicateKey>) {
        self.ws();
        match self.peek() {
            Some(b'{') if depth < MAX_DEPTH => {
                self.bump();
                let mut seen: HashMap<Cow<'a, str>, (usize, usize)> = HashMap::new();
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b'"') => {
                            let at = (self.line, self.col);
                            let raw = self.raw_string();
                            let key: Cow<'a, str> = if raw.contains('\\') {
                                Cow::Owned(
                                    serde_json::from_str::<String>(&format!("\"{raw}\""))
                                        .unwrap_or_else(|_| raw.to_string()),
                                )
                            } else {
                                Cow::Borrowed(raw)
                            };
                            self.ws();
                            self.bump(); // colon
                            match seen.get(&key) {
                                Some(&first) => found.push(DuplicateKey {
                                    path: join(parents, Some(&key)),
                                    key: key.to_string(),
                                    first,
                                    second: at,
                                }),
                                None => {
                                    seen.insert(key.clone(), at);
                                }
                            }
                            parents.push(key.into_owned());
                            self.keys(parents, depth + 1, found);
                            parents.pop();
                            self.ws();
                            if self.peek() == Some(b',') {
                                self.bump();
                            }
                        }
                        Some(b'}') => {
                            self.bump();
                            break;
                        }
                        _ => break,
                    }
                }
            }
            Some(b'[') if depth < MAX_DEPTH => {
                self.bump();
                let mut ix = 0;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b']') => {
                            self.bump();
                            break;
                        }
                        None => break,
                        _ => {
                            let start = self.i;
                            parents.push(format!("[{ix}]"));
                            self.keys(parents, depth + 1, found);
                            parents.pop();
                            ix += 1;
                            self.ws();
                            if self.peek() == Some(b',') {
                                self.bump();
                            }
                            if self.i == start {
                                // Not JSON here (`[}`): stop, rather than loop for ever.
                                break;
                            }
                        }
                    }
                }
            }
            Some(b'"') => {
                self.raw_string();
            }
            _ => self.scalar(),
        }
    }
    /// Skips a number, true, false or null.
    fn scalar(&mut self) {
        while matches!(self.peek(), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
        {
            self.bump();
        }
    }
    fn string(&mut self) -> String {
        let start = self.i;
        self.bump(); // opening quote
        while let Some(c) = self.peek() {
            match c {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'"' => {
                    self.bump();
                    break;
                }
                _ => self.bump(),
            }
        }
        serde_json::from_slice::<String>(&self.b[start..self.i]).unwrap_or_default()
    }
    fn value(&mut self, path: String, depth: usize) {
        self.ws();
        self.out.insert(
            path.clone(),
            At {
                line: self.line,
                column: self.col,
                offset: self.i,
            },
        );
        match self.peek() {
            Some(b'{') if depth < MAX_DEPTH => {
                self.bump();
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b'"') => {
                            let key = self.string();
                            self.ws();
                            self.bump(); // colon
                            let child = if path.is_empty() {
                                key
                            } else {
                                format!("{path}.{key}")
                            };
                            self.value(child, depth + 1);
                            self.ws();
                            if self.peek() == Some(b',') {
                                self.bump();
                            }
                        }
                        Some(b'}') => {
                            self.bump();
                            break;
                        }
                        _ => break,
                    }
                }
            }
            Some(b'[') if depth < MAX_DEPTH => {
                self.bump();
                let mut ix = 0;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b']') => {
                            self.bump();
                            break;
                        }
                        None => break,
                        _ => {
                            let start = self.i;
                            self.value(format!("{path}[{ix}]"), depth + 1);
                            ix += 1;
                            self.ws();
                            if self.peek() == Some(b',') {
                                self.bump();
                            }
                            if self.i == start {
                                // Not JSON here (`[}`): stop, rather than fill memory
                                // with entries for ever.
                                break;
                            }
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            _ => self.scalar(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_on_text_that_is_not_json() {
        // A number out of range is located in text serde_json refused: an array
        // element that consumes nothing must end the scan, not repeat it for ever.
        for text in ["[}", "{\"a\": [}]}", "[1, }", "{\"a\": [[}"] {
            assert!(locate(text).len() < 10, "{text}");
            assert!(duplicate_keys(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn finds_nested_values() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\\\"y\"}],\n  \"c\": {\"d\": \"é\", \"e\": 2}\n}";
        let at = locate(text);
        assert_eq!(at[""], (1, 1));
        assert_eq!(at["a"], (2, 8));
        assert_eq!(at["a[0]"], (2, 9));
        assert_eq!(at["a[1].b"], (2, 18));
        assert_eq!(at["c.d"], (3, 14));
        // Columns count characters: "é" is one.
        assert_eq!(at["c.e"], (3, 24));
    }

    #[test]
    fn finds_keys_given_twice_in_one_object() {
        let text =
            "{\n  \"a\": 1,\n  \"b\": [{\"x\": 1, \"y\": 2, \"x\": 3}],\n  \"\\u0061\": 2\n}";
        let found = duplicate_keys(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].path, "b[0].x");
        assert_eq!(found[0].first, (3, 10));
        assert_eq!(found[0].second, (3, 26));
        // An escaped key is the same key.
        assert_eq!(found[1].path, "a");
        assert_eq!(found[1].first, (2, 3));
        assert_eq!(found[1].second, (4, 3));
        // The same key in different objects is fine.
        assert!(duplicate_keys("[{\"a\": 1}, {\"a\": 2, \"b\": {\"a\": 3}}]").is_empty());
    }
}
