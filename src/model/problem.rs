//! A problem found in a file: what is wrong, where, and what to do about it.

use std::fmt;

/// One problem with an evaluation file. Loading collects every problem it can find
/// rather than stopping at the first, so a buyer can fix a file in one pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file, as a path of fields and indexes: `criteria[0].children[1].weight`.
    /// Empty for the file as a whole.
    pub path: String,
    /// Where, in the buyers' words: `Criterion "Essential skills" (essential)`.
    pub place: String,
    /// Line and column (from 1) when the JSON parser knows them.
    pub line: Option<(usize, usize)>,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl Problem {
    pub fn new(
        path: impl Into<String>,
        place: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            path: path.into(),
            place: place.into(),
            line: None,
            message: message.into(),
        }
    }

    pub fn file(message: impl Into<String>) -> Self {
        Problem::new("", "", message)
    }

    /// Line and column from 1. serde_json says column 0 for the place just after a
    /// line break (a string cut by a line break, a file that ends too soon); people
    /// count from 1, so that is column 1 of the next line.
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = Some((line.max(1), column.max(1)));
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.place.is_empty() {
            write!(f, "{}: ", self.place)?;
        }
        f.write_str(&self.message)?;
        if let Some((l, c)) = self.line {
            write!(f, " (line {l}, column {c})")?;
        }
        Ok(())
    }
}

/// Every problem that stopped a file from loading. Never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl LoadError {
    pub fn one(p: Problem) -> Self {
        LoadError { problems: vec![p] }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "The evaluation file has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            writeln!(f, "  - {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}
