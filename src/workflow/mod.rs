//! What the user does, as pure transitions: a [`Session`] changed only by [`Action`]s
//! through [`Session::apply`]. The app renders a session and dispatches actions; it
//! holds no rules of its own, so every rule here is tested natively.

use std::rc::Rc;

use crate::model::{load_bytes, Evaluation, Problem};
use crate::scoring::{score, Results};

/// An evaluation that is open, with its results computed once per change.
#[derive(Clone, Debug, PartialEq)]
pub struct Open {
    pub evaluation: Rc<Evaluation>,
    pub results: Rc<Results>,
    /// Where it came from, in words: a file name or a sample's title.
    pub source: String,
}

impl Open {
    pub fn new(evaluation: Evaluation, source: impl Into<String>) -> Self {
        let results = score(&evaluation);
        Open {
            evaluation: Rc::new(evaluation),
            results: Rc::new(results),
            source: source.into(),
        }
    }
}

/// A file that could not be opened, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub source: String,
    pub problems: Vec<Problem>,
}

/// Everything the app shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Session {
    pub open: Option<Open>,
    /// The last file that failed to open. Whatever was open before stays open.
    pub refused: Option<Refused>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Open a file's bytes (from the file picker or a drop).
    OpenFile { name: String, bytes: Vec<u8> },
    /// Open one of the bundled samples by its slug.
    OpenSample { slug: String },
    /// A file could not even be read (the browser refused it).
    FileUnreadable { name: String, reason: String },
    /// Put the error summary away.
    DismissProblems,
    /// Close the evaluation and go back to the start page.
    Close,
}

impl Session {
    /// The one way a session changes. Never panics; a bad file never replaces good state.
    pub fn apply(&self, action: Action) -> Session {
        let mut next = self.clone();
        match action {
            Action::OpenFile { name, bytes } => match load_bytes(&bytes) {
                Ok(e) => {
                    next.open = Some(Open::new(e, name));
                    next.refused = None;
                }
                Err(err) => {
                    next.refused = Some(Refused {
                        source: name,
                        problems: err.problems,
                    });
                }
            },
            Action::OpenSample { slug } => match crate::samples::find(&slug) {
                Some(sample) => match load_bytes(sample.json.as_bytes()) {
                    Ok(e) => {
                        next.open = Some(Open::new(e, sample.title));
                        next.refused = None;
                    }
                    Err(err) => {
                        next.refused = Some(Refused {
                            source: sample.title.to_string(),
                            problems: err.problems,
                        })
                    }
                },
                None => {
                    next.refused = Some(Refused {
                        source: slug.clone(),
                        problems: vec![Problem::file(format!(
                            "There is no sample called \"{slug}\"."
                        ))],
                    })
                }
            },
            Action::FileUnreadable { name, reason } => {
                next.refused = Some(Refused {
                    source: name,
                    problems: vec![Problem::file(format!(
                        "The browser could not read the file: {reason}. Try choosing it again."
                    ))],
                });
            }
            Action::DismissProblems => next.refused = None,
            Action::Close => {
                next.open = None;
                next.refused = None;
            }
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opened(slug: &str) -> Session {
        Session::default().apply(Action::OpenSample { slug: slug.into() })
    }

    #[test]
    fn every_sample_opens() {
        for s in crate::samples::SAMPLES {
            let session = opened(s.slug);
            assert!(
                session.refused.is_none(),
                "{}: {:?}",
                s.slug,
                session.refused
            );
            assert_eq!(session.open.unwrap().source, s.title);
        }
    }

    #[test]
    fn a_bad_file_keeps_what_was_open_and_says_why() {
        let before = opened("dos-outcomes");
        let after = before.apply(Action::OpenFile {
            name: "broken.json".into(),
            bytes: b"{\"format\": ".to_vec(),
        });
        assert_eq!(after.open, before.open);
        let refused = after.refused.clone().unwrap();
        assert_eq!(refused.source, "broken.json");
        assert_eq!(refused.problems[0].line, Some((1, 11)));
        let cleared = after.apply(Action::DismissProblems);
        assert!(cleared.refused.is_none());
        assert_eq!(cleared.open, before.open);
    }

    #[test]
    fn a_good_file_replaces_the_open_one_and_clears_old_problems() {
        let s = opened("dos-outcomes").apply(Action::OpenFile {
            name: "x.json".into(),
            bytes: vec![0xff],
        });
        assert!(s.refused.is_some());
        let json = crate::samples::find("gcloud-call-off")
            .unwrap()
            .json
            .as_bytes()
            .to_vec();
        let s = s.apply(Action::OpenFile {
            name: "call-off.json".into(),
            bytes: json,
        });
        assert!(s.refused.is_none());
        assert_eq!(s.open.as_ref().unwrap().source, "call-off.json");
        assert!(s.apply(Action::Close).open.is_none());
    }

    #[test]
    fn unknown_samples_and_unreadable_files_are_explained() {
        let s = Session::default().apply(Action::OpenSample {
            slug: "nope".into(),
        });
        assert!(s.refused.unwrap().problems[0]
            .message
            .contains("no sample called \"nope\""));
        let s = Session::default().apply(Action::FileUnreadable {
            name: "a.json".into(),
            reason: "NotReadableError".into(),
        });
        assert!(s.refused.unwrap().problems[0]
            .message
            .contains("could not read"));
    }
}
