//! The bundled samples opened as the app opens them, once per thread.

use std::cell::RefCell;

use crate::model::Evaluation;
use crate::workflow::{Action, Session, Stamp};

thread_local! {
    static SAMPLES: RefCell<Vec<Session>> = const { RefCell::new(Vec::new()) };
}

pub(super) fn sample_session(i: usize) -> Session {
    SAMPLES.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_empty() {
            *s = crate::samples::SAMPLES
                .iter()
                .map(|sample| {
                    Session::default().apply(Action::OpenSample {
                        slug: sample.slug.to_string(),
                    })
                })
                .collect();
        }
        s[i].clone()
    })
}

pub(super) fn evaluation_of(s: &Session) -> Evaluation {
    (*s.open.as_ref().expect("an evaluation is open").evaluation).clone()
}

pub(super) fn stamp() -> Stamp {
    Stamp {
        at: "2026-11-25T00:00:00Z".into(),
        who: "Fuzz Tester".into(),
    }
}
