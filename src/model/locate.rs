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

/// The path of the innermost value (or object key) of `text` whose span, from its
/// first byte to just after its last, holds the byte `offset`: `criteria[2].weight`,
/// `""` for the whole document. An offset inside or just after a key names that key
/// (`bids[0].colour` for an unknown field).
///
/// serde_json reports a typed read's error where it stopped: just after the value it
/// refused, just after the `}` of an object that lacks a field, just after an unknown
/// key, or at the `{` or `[` of a value of the wrong kind. Mapped back through this,
/// that names the same field as tracking the path while deserializing would
/// (`serde_path_to_error`, compared in tests/validation.rs), without a second copy of
/// every `Deserialize` in the WebAssembly. `text` must be valid JSON.
pub fn path_at(text: &str, offset: usize) -> Spot {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
        out: HashMap::new(),
    };
    s.find(String::new(), "", 0, offset).unwrap_or_default()
}

/// What [`path_at`] found: the path, the path of the object or list that holds it, and
/// whether the offset fell on a key rather than on a value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spot {
    pub path: String,
    pub parent: String,
    pub key: bool,
}

/// The byte offset of line `line`, column `column` as serde_json counts them (lines
/// from 1, columns in bytes from the start of the line).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (start + column).min(text.len())
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
    /// [`path_at`]: the innermost value or key here whose span holds `target`.
    fn find(&mut self, path: String, parent: &str, depth: usize, target: usize) -> Option<Spot> {
        self.ws();
        let start = self.i;
        if start > target {
            return None;
        }
        match self.peek() {
            Some(b'{') if depth < MAX_DEPTH => {
                self.bump();
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b'"') => {
                            let key_start = self.i;
                            let key = self.string();
                            let child = if path.is_empty() {
                                key
                            } else {
                                format!("{path}.{key}")
                            };
                            if (key_start..=self.i).contains(&target) {
                                return Some(Spot {
                                    path: child,
                                    parent: path,
                                    key: true,
                                });
                            }
                            self.ws();
                            self.bump(); // colon
                            if let Some(found) = self.find(child, &path, depth + 1, target) {
                                return Some(found);
                            }
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
                            let at = self.i;
                            if let Some(found) =
                                self.find(format!("{path}[{ix}]"), &path, depth + 1, target)
                            {
                                return Some(found);
                            }
                            ix += 1;
                            self.ws();
                            if self.peek() == Some(b',') {
                                self.bump();
                            }
                            if self.i == at {
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
        (start..=self.i).contains(&target).then(|| Spot {
            path,
            parent: parent.to_string(),
            key: false,
        })
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

    #[test]
    fn names_the_value_or_key_at_an_offset() {
        let text = "{\"a\": [1, {\"b\": \"x\"}], \"c\": {\"d\": {}}}";
        let at =
            |needle: &str, delta: usize| path_at(text, text.find(needle).unwrap() + delta).path;
        assert_eq!(at("1", 1), "a[0]");
        assert_eq!(at("\"x\"", 3), "a[1].b");
        assert_eq!(at("\"b\"", 3), "a[1].b");
        assert_eq!(at("{\"b", 0), "a[1]");
        assert_eq!(at("{}", 2), "c.d");
        assert_eq!(at("{}}}", 3), "c");
        assert_eq!(path_at(text, text.len()).path, "");
        let key = path_at(text, text.find("\"b\"").unwrap() + 1);
        assert_eq!(
            (key.path.as_str(), key.parent.as_str(), key.key),
            ("a[1].b", "a[1]", true)
        );
        assert_eq!(offset_of("ab\ncd\nef", 3, 1), 7);
        assert_eq!(offset_of("ab\ncd", 1, 2), 2);
    }
}
