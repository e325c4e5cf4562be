//! Where a value sits in the text of a JSON document, by its path
//! (`criteria[0].children[1].weight` → line 14, column 22), so that every problem —
//! not only syntax errors — can say which line to look at.

use std::collections::HashMap;

/// Line and column (from 1) of the start of every value in `text`, keyed by path.
/// `text` must already be known to be valid JSON; on anything else the map is partial.
pub fn locate(text: &str) -> HashMap<String, (usize, usize)> {
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

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
    col: usize,
    out: HashMap<String, (usize, usize)>,
}

/// Deeper than this, serde_json refuses the file anyway.
const MAX_DEPTH: usize = 256;

impl Scanner<'_> {
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
        self.out.insert(path.clone(), (self.line, self.col));
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
                            self.value(format!("{path}[{ix}]"), depth + 1);
                            ix += 1;
                            self.ws();
                            if self.peek() == Some(b',') {
                                self.bump();
                            }
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            _ => {
                while matches!(self.peek(), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                {
                    self.bump();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
