//! Scoring: scores, their justifications and an evaluator's completion.

use bidmark::model::{Evaluation, Kind};
use bidmark::workflow::{missing_work, Edit};

use crate::common::*;

#[test]
fn score_sets_changes_and_clears_one_cell() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    assert_eq!(
        scores_of(ev(&s), "ann"),
        [("acme".into(), "approach".into(), "2".into())]
    );
    assert_eq!(scored_cell(&s, "acme", "approach").scores.len(), 1);

    let n = ok(&s, score_edit("ann", "acme", "approach", Some("3")));
    assert_eq!(scores_of(ev(&n), "ann")[0].2, "3");
    assert_eq!(ev(&n).scores.len(), 1);
    assert_eq!(
        (last(&n).before.as_deref(), last(&n).after.as_deref()),
        (Some("2"), Some("3"))
    );

    let n = ok(&n, score_edit("ann", "acme", "approach", None));
    assert!(ev(&n).scores.is_empty());
    assert_eq!(
        (last(&n).before.as_deref(), last(&n).after.as_deref()),
        (Some("3"), None)
    );
    assert!(
        ev(&n).workflow.criteria_locked,
        "clearing a score does not unlock"
    );
}

#[test]
fn score_refusals() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let sc = |e: &str, b: &str, c: &str, v: Option<&str>| score_edit(e, b, c, v);
    refused(
        &s,
        sc("ann", "acme", "team", Some("4")),
        Some(Field::score("acme", "team")),
        "Choose a score from 0 to 3",
    );
    refused(
        &s,
        sc("ann", "acme", "team", Some("-1")),
        Some(Field::score("acme", "team")),
        "Choose a score from 0 to 3",
    );
    refused(
        &s,
        sc("ann", "acme", "team", Some("3.5")),
        Some(Field::score("acme", "team")),
        "from 0 to 3",
    );
    refused(
        &s,
        sc("zed", "acme", "team", Some("1")),
        None,
        "no evaluator \"zed\" on the panel",
    );
    refused(
        &s,
        sc("ann", "nope", "team", Some("1")),
        None,
        "no bid \"nope\"",
    );
    refused(
        &s,
        sc("ann", "acme", "nope", Some("1")),
        None,
        "no scored criterion \"nope\"",
    );
    refused(
        &s,
        sc("ann", "acme", "hosting", Some("1")),
        None,
        "no scored criterion \"hosting\"",
    );
    refused(
        &s,
        sc("ann", "acme", "quality", Some("1")),
        None,
        "no scored criterion \"quality\"",
    );
    refused(
        &s,
        sc("ann", "acme", "price", Some("1")),
        None,
        "no scored criterion \"price\"",
    );
    refused(
        &s,
        sc("ann", "acme", "team", None),
        None,
        "There is no score to clear",
    );
    // Half points inside the scale are allowed.
    ok(&s, sc("ann", "acme", "team", Some("1.5")));
}

#[test]
fn a_note_justifies_a_score_already_given() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let n = ok(
        &s,
        note_edit("ann", "acme", "approach", "Clear plan, little evidence"),
    );
    assert_eq!(
        ev(&n).scores[0].note.as_deref(),
        Some("Clear plan, little evidence")
    );
    assert_eq!(
        last(&n).what,
        "Ann Lee justified the score of Acme Ltd on \"Approach\""
    );
    assert_eq!(last(&n).before, None);
    assert_eq!(
        last(&n).after.as_deref(),
        Some("Clear plan, little evidence")
    );
    // A blank note clears it.
    let n = edit(&n, note_edit("ann", "acme", "approach", "   "));
    assert_eq!(ev(&n).scores[0].note, None);
}

#[test]
fn note_refusals() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    refused(
        &s,
        note_edit("ann", "acme", "team", "Good"),
        Some(Field::note("acme", "team")),
        "Choose a score before writing its justification",
    );
    refused(
        &s,
        note_edit("bob", "acme", "approach", "x"),
        Some(Field::note("acme", "approach")),
        "Choose a score",
    );
    refused(
        &s,
        note_edit("zed", "acme", "approach", "x"),
        None,
        "no evaluator \"zed\"",
    );
    refused(
        &s,
        note_edit("ann", "acme", "hosting", "x"),
        None,
        "no scored criterion \"hosting\"",
    );
}

#[test]
fn complete_lists_what_is_missing() {
    let s = small();
    let err = refused(
        &s,
        Edit::Complete {
            evaluator: "ann".into(),
            complete: true,
        },
        None,
        "4 scores or justifications are still to do before the scoresheet is complete: ",
    );
    assert!(
        err.message.contains("Acme Ltd – Approach: no score"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("Beta plc – Team: no score"),
        "{}",
        err.message
    );
    assert!(!err.message.contains('…'));
    assert_eq!(missing_work(ev(&s), "ann").len(), 4);

    // A score without its justification is still missing work.
    let s = score_all(&s, "ann", ["1", "2", "3", "0"]);
    let s = edit(&s, note_edit("ann", "beta", "team", " "));
    let err = refused(
        &s,
        Edit::Complete {
            evaluator: "ann".into(),
            complete: true,
        },
        None,
        "1 score or justification is still to do",
    );
    assert!(
        err.message.ends_with("Beta plc – Team: no justification."),
        "{}",
        err.message
    );
}

#[test]
fn complete_lists_at_most_five_items_then_an_ellipsis() {
    let s = sample("dos-outcomes");
    let s = ok(
        &s,
        Edit::AddEvaluator {
            name: "Cara Diaz".into(),
            role: "".into(),
        },
    );
    let err = refused(
        &s,
        Edit::Complete {
            evaluator: "cara-diaz".into(),
            complete: true,
        },
        None,
        "40 scores or justifications are still to do",
    );
    assert_eq!(
        err.message.matches("no score").count(),
        5,
        "{}",
        err.message
    );
    assert!(err.message.ends_with("; …."), "{}", err.message);
}

#[test]
fn complete_then_scores_and_notes_are_refused_until_reopened() {
    let s = score_all(&small(), "ann", ["1", "2", "3", "0"]);
    let n = ok(
        &s,
        Edit::Complete {
            evaluator: "ann".into(),
            complete: true,
        },
    );
    assert_eq!(ev(&n).workflow.complete, ["ann"]);
    assert_eq!(last(&n).what, "Ann Lee marked their scoresheet complete");
    refused(
        &n,
        score_edit("ann", "acme", "approach", Some("3")),
        None,
        "Ann Lee's scoresheet is marked complete. Reopen it to change a score.",
    );
    refused(
        &n,
        score_edit("ann", "acme", "approach", None),
        None,
        "marked complete",
    );
    refused(
        &n,
        note_edit("ann", "acme", "approach", "x"),
        None,
        "Reopen it to change a justification",
    );
    // Others carry on.
    let n = score(&n, "bob", "acme", "approach", "2");
    let n = ok(
        &n,
        Edit::Complete {
            evaluator: "ann".into(),
            complete: false,
        },
    );
    assert!(ev(&n).workflow.complete.is_empty());
    assert_eq!(last(&n).what, "Ann Lee's scoresheet was reopened");
    ok(&n, score_edit("ann", "acme", "approach", Some("3")));
    refused(
        &n,
        Edit::Complete {
            evaluator: "zed".into(),
            complete: true,
        },
        None,
        "no evaluator \"zed\"",
    );
}

/// The counts the pages draw (`work`, `missing_by_bid`) agree with the list of missing
/// work the scoresheet's completion check gives, cell for cell.
#[test]
fn work_left_counts_what_missing_work_lists() {
    use bidmark::workflow::{missing_by_bid, work};
    // A lotted sample is worked on lot by lot, each lot's view as its own evaluation.
    let mut evaluations: Vec<Evaluation> = bidmark::samples::SAMPLES
        .iter()
        .flat_map(|s| {
            let e = bidmark::load_str(s.json).unwrap();
            if e.lots.is_empty() {
                return vec![e];
            }
            e.lots.iter().map(|l| e.lot_view(&l.id).unwrap()).collect()
        })
        .collect();
    let mut g = bidmark::generate::generate(&bidmark::generate::Spec {
        bids: 12,
        criteria: 4,
        evaluators: 3,
        notes: true,
        ..Default::default()
    });
    // Some scores lose their justification, some cells lose their score.
    for (i, s) in g.scores.iter_mut().enumerate() {
        if i % 5 == 0 {
            std::rc::Rc::make_mut(s).note = Some("  ".into());
        }
    }
    g.scores = g
        .scores
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 7 != 3)
        .map(|(_, s)| s)
        .collect();
    evaluations.push(g);
    for e in &evaluations {
        let all = work(e);
        assert_eq!(all.len(), e.evaluators.len());
        for (v, w) in e.evaluators.iter().zip(&all) {
            let listed = missing_work(e, &v.id);
            assert_eq!(w.left_total(), listed.len(), "{}", v.id);
            // Scores on cells that are not theirs (recused, not assigned) stay on file
            // and are not counted as theirs to give.
            let panel = bidmark::model::panel::Panel::new(e);
            assert_eq!(
                w.scored,
                e.scores
                    .iter()
                    .filter(|s| s.evaluator == v.id)
                    .filter(|s| e.bid(&s.bid).is_none_or(|b| panel.standing(
                        &v.id,
                        b,
                        &s.criterion
                    )
                        == bidmark::model::panel::Standing::Counts))
                    .count()
            );
            assert_eq!(missing_by_bid(e, &v.id), w.left);
            for (b, &left) in e.bids.iter().zip(&w.left) {
                let prefix = format!("{} –", b.supplier);
                assert_eq!(
                    left,
                    listed.iter().filter(|m| m.starts_with(&prefix)).count()
                );
            }
        }
        let leaves = e
            .walk()
            .iter()
            .filter(|(_, c)| c.kind == Kind::Scored)
            .count();
        assert_eq!(
            missing_by_bid(e, "not-on-the-panel"),
            vec![leaves; e.bids.len()]
        );
    }
}
