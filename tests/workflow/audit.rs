//! Properties of the audit log over random sessions.

use std::collections::BTreeMap;

use bidmark::model::{load_draft, Kind};
use bidmark::workflow::{Action, Edit, Page, Session};
use proptest::prelude::*;

use crate::common::*;

/// A user's action picked from a small menu of likely and unlikely ones.
fn random_action(k: u8, a: u8, b: u8, c: u8, at: &str) -> Action {
    let evaluator = ["ann", "bob", "zed"][a as usize % 3];
    let bid = ["acme", "beta", "gamma", "nope"][b as usize % 4];
    let crit = ["approach", "team", "hosting", "quality", "price"][c as usize % 5];
    let value = [None, Some("0"), Some("1.5"), Some("3"), Some("4")][(a / 3) as usize % 5];
    let text = ["", "Good", "Good evidence"][(b / 4) as usize % 3];
    let st = stamp_at("Someone", at);
    let e = match k % 26 {
        0..=2 => score_edit(evaluator, bid, crit, value),
        3 | 4 => note_edit(evaluator, bid, crit, text),
        5 => Edit::Complete {
            evaluator: evaluator.into(),
            complete: c % 2 == 0,
        },
        6 => Edit::Consensus {
            bid: bid.into(),
            criterion: crit.into(),
            agreed: value.map(|v| (dec(v), text.to_string())),
        },
        7 => Edit::Check {
            bid: bid.into(),
            criterion: if c % 2 == 0 { "hosting" } else { crit }.into(),
            passed: [None, Some(true), Some(false)][a as usize % 3],
            note: text.into(),
        },
        8 => update_weight(crit, "Same name", ["50", "60", "40", "abc"][b as usize % 4]),
        9 => Edit::Details {
            title: ["", "T", "Two"][a as usize % 3].into(),
            reference: text.into(),
            currency: ["GBP", "eur", "XX"][c as usize % 3].into(),
        },
        10 => Edit::AddBid {
            supplier: ["Gamma", "", "Delta"][a as usize % 3].into(),
            price: ["£1,000", "0", "", "5"][c as usize % 4].into(),
        },
        11 => Edit::RemoveBid { id: bid.into() },
        12 => Edit::AddEvaluator {
            name: ["Zed", "", "Ann"][a as usize % 3].into(),
            role: text.into(),
        },
        13 => Edit::RemoveEvaluator {
            id: evaluator.into(),
        },
        14 => Edit::LockCriteria,
        15 => Edit::HidePrices { hide: c % 2 == 0 },
        16 => Edit::Scale {
            min: "0".into(),
            max: ["3", "4", "2", "0"][c as usize % 4].into(),
            labels: BTreeMap::new(),
        },
        17 => Edit::MoveCriterion {
            id: crit.into(),
            up: a % 2 == 0,
        },
        18 => Edit::RemoveCriterion { id: crit.into() },
        19 => Edit::AddCriterion {
            parent: [None, Some("quality".to_string()), Some("team".to_string())][a as usize % 3]
                .clone(),
            kind: [Kind::Scored, Kind::PassFail, Kind::Price, Kind::Group][c as usize % 4],
            name: text.into(),
        },
        20 => return Action::Undo { stamp: st },
        21 => return Action::Redo { stamp: st },
        22 => {
            return Action::Go(
                [Page::TaskList, Page::Criteria, Page::Results][a as usize % 3].clone(),
            )
        }
        23 => return Action::AskUnlock,
        24 => {
            return Action::Confirm {
                stamp: st,
                reason: text.into(),
            }
        }
        _ => {
            return if a % 2 == 0 {
                Action::Cancel
            } else {
                Action::ImportBids {
                    name: "bids.json".into(),
                    bytes: BIDS.as_bytes().to_vec(),
                }
            }
        }
    };
    Action::Edit { edit: e, stamp: st }
}

fn check_step(s: &Session, a: &Action, n: &Session) {
    let (old, new) = (audit(s), audit(n));
    // The log never shrinks, and only its last entry may change (typing coalesces).
    assert!(new.len() >= old.len(), "{a:?} shrank the log");
    if !old.is_empty() {
        assert_eq!(
            &new[..old.len() - 1],
            &old[..old.len() - 1],
            "{a:?} rewrote history"
        );
    }
    let grew = new.len() - old.len();
    match a {
        Action::Edit { edit, stamp } => {
            if n.error.is_some() {
                assert_eq!(ev(n), ev(s), "refused {edit:?} changed the evaluation");
                assert_eq!(past(n), past(s));
            } else {
                assert!(grew <= 2, "{edit:?} added {grew} entries");
                if grew == 0 {
                    assert_eq!(past(n), past(s), "a coalesced {edit:?} is no new undo step");
                    assert_eq!(last(n).at, stamp.at);
                } else {
                    for e in &new[old.len()..] {
                        assert_eq!((&e.at, &e.who), (&stamp.at, &stamp.who));
                    }
                    assert_eq!(past(n), (past(s) + 1).min(200));
                }
                if grew == 2 {
                    assert_eq!(last(n).what, "Locked the criteria: scoring has started");
                }
            }
            if ev(s).workflow.criteria_locked && edit.changes_criteria() {
                assert!(n.error.is_some(), "{edit:?} changed locked criteria");
            }
        }
        Action::Undo { .. } | Action::Redo { .. } => {
            if n.error.is_none() {
                assert_eq!(grew, 1);
                assert!(last(n).what.starts_with("Undid: ") || last(n).what.starts_with("Redid: "));
            } else {
                assert_eq!(ev(n), ev(s));
            }
        }
        Action::Confirm { .. } => assert!(grew <= 1),
        _ => assert_eq!(ev(n), ev(s), "{a:?} changed the evaluation"),
    }
    // The file written now reads back the same, audit log and all.
    let open = n.open.as_ref().unwrap();
    let (back, problems) =
        load_draft(&open.evaluation.to_json()).expect("the evaluation reads back");
    assert_eq!(&back, &*open.evaluation);
    assert_eq!(problems.len(), open.problems.len());
    assert_eq!(open.results.is_some(), open.problems.is_empty());
    // Edits never leave a score or check pointing at something that is gone.
    // (Consensus is left out: see scale_refuses_to_exclude_consensus_scores_already_agreed.)
    for p in open.problems.iter() {
        assert!(
            !p.path.starts_with("scores")
                && !p.path.starts_with("checks")
                && !p.path.starts_with("workflow"),
            "{a:?} left {p}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn the_audit_log_only_grows_and_always_round_trips(
        steps in prop::collection::vec(any::<(u8, u8, u8, u8)>(), 1..60)
    ) {
        let mut s = small();
        for (i, (k, a, b, c)) in steps.into_iter().enumerate() {
            let at = format!("2026-06-01T{:02}:{:02}:00Z", i / 60, i % 60);
            let action = random_action(k, a, b, c, &at);
            let n = s.apply(action.clone());
            check_step(&s, &action, &n);
            s = n;
        }
    }
}
