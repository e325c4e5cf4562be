//! The panel: evaluators added, changed, declared and removed.

use bidmark::workflow::Edit;

use crate::common::*;

#[test]
fn add_update_and_declare_for_evaluators() {
    let s = small();
    let n = ok(
        &s,
        Edit::AddEvaluator {
            name: " Cara Diaz ".into(),
            role: " Chair ".into(),
        },
    );
    let v = ev(&n).evaluator("cara-diaz").expect("added with a slug id");
    assert_eq!(v.name, "Cara Diaz");
    assert_eq!(v.role.as_deref(), Some("Chair"));
    assert_eq!(last(&n).what, "Added Cara Diaz to the panel");
    let n = ok(
        &n,
        Edit::AddEvaluator {
            name: "Cara Diaz".into(),
            role: "".into(),
        },
    );
    assert_eq!(ev(&n).evaluator("cara-diaz-2").unwrap().role, None);

    let n = ok(
        &n,
        Edit::UpdateEvaluator {
            id: "cara-diaz".into(),
            name: "Cara Díaz".into(),
            role: "".into(),
        },
    );
    assert_eq!(ev(&n).evaluator("cara-diaz").unwrap().name, "Cara Díaz");
    assert_eq!(ev(&n).evaluator("cara-diaz").unwrap().role, None);
    assert_eq!(last(&n).what, "Changed the details of Cara Díaz");
    assert_eq!(last(&n).before.as_deref(), Some("Cara Diaz, Chair"));
    assert_eq!(last(&n).after.as_deref(), Some("Cara Díaz, "));

    let n = ok(
        &n,
        Edit::Declare {
            id: "ann".into(),
            conflict: false,
            detail: "".into(),
        },
    );
    let d = ev(&n)
        .evaluator("ann")
        .unwrap()
        .declaration
        .clone()
        .unwrap();
    assert!(!d.conflict);
    assert_eq!(last(&n).what, "Ann Lee declared no conflict of interest");
    let n = ok(
        &n,
        Edit::Declare {
            id: "bob".into(),
            conflict: true,
            detail: " Former employee of Beta plc; will not score Beta ".into(),
        },
    );
    let d = ev(&n)
        .evaluator("bob")
        .unwrap()
        .declaration
        .clone()
        .unwrap();
    assert!(d.conflict);
    assert_eq!(d.detail, "Former employee of Beta plc; will not score Beta");
    assert_eq!(
        last(&n).what,
        "Bob Cho declared a conflict of interest: Former employee of Beta plc; will not score Beta"
    );
}

#[test]
fn evaluator_refusals() {
    let s = small();
    refused(
        &s,
        Edit::AddEvaluator {
            name: " ".into(),
            role: "Chair".into(),
        },
        Some(Field::NewEvaluatorName),
        "Enter the evaluator's name",
    );
    refused(
        &s,
        Edit::UpdateEvaluator {
            id: "ann".into(),
            name: "".into(),
            role: "".into(),
        },
        Some(Field::EvaluatorName("ann".into())),
        "Enter the evaluator's name",
    );
    refused(
        &s,
        Edit::UpdateEvaluator {
            id: "nope".into(),
            name: "N".into(),
            role: "".into(),
        },
        None,
        "no evaluator \"nope\"",
    );
    refused(
        &s,
        Edit::Declare {
            id: "ann".into(),
            conflict: true,
            detail: "  ".into(),
        },
        Some(Field::EvaluatorDetail("ann".into())),
        "Describe the conflict",
    );
    refused(
        &s,
        Edit::Declare {
            id: "nope".into(),
            conflict: false,
            detail: "".into(),
        },
        None,
        "no evaluator \"nope\"",
    );
    refused(
        &s,
        Edit::RemoveEvaluator { id: "nope".into() },
        None,
        "no evaluator \"nope\"",
    );
}

#[test]
fn remove_evaluator_only_when_they_have_not_scored() {
    let s = small();
    let n = ok(&s, Edit::RemoveEvaluator { id: "bob".into() });
    assert!(ev(&n).evaluator("bob").is_none());
    assert_eq!(last(&n).what, "Removed Bob Cho from the panel");

    let s = score(&s, "ann", "acme", "approach", "2");
    let err = refused(
        &s,
        Edit::RemoveEvaluator { id: "ann".into() },
        None,
        "Ann Lee has given 1 score.",
    );
    assert!(err.message.contains("cannot be removed from the panel"));
    let s = score(&s, "ann", "beta", "approach", "1");
    refused(
        &s,
        Edit::RemoveEvaluator { id: "ann".into() },
        None,
        "Ann Lee has given 2 scores.",
    );
}

#[test]
fn removing_an_evaluator_clears_their_complete_mark() {
    // Cannot happen through edits (complete needs scores, scores block removal) unless
    // the bids are all removed first: then the evaluator has nothing to score.
    let s = small();
    let s = ok(&s, Edit::RemoveBid { id: "acme".into() });
    let s = ok(&s, Edit::RemoveBid { id: "beta".into() });
    let s = ok(
        &s,
        Edit::Complete {
            evaluator: "bob".into(),
            complete: true,
        },
    );
    let n = ok(&s, Edit::RemoveEvaluator { id: "bob".into() });
    assert!(ev(&n).workflow.complete.is_empty());
}
