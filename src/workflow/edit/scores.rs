//! Edits to the scoring: an evaluator's scores, justifications and completed
//! scoresheet, and the panel's consensus scores and pass/fail checks.

use crate::workflow::Field;
use std::rc::Rc;

use super::{missing, optional, refuse, Change, EditError};
use crate::model::tree::{kind_noun, scale_of};
use crate::model::{Check, Consensus, Dec, Evaluation, Kind, Score};
use crate::text;
use crate::workflow::progress::missing_work;

/// Sets or clears one evaluator's score of one cell; the first score locks the criteria.
pub(super) fn score(
    e: &mut Evaluation,
    evaluator: &str,
    bid: &str,
    criterion: &str,
    score: Option<Dec>,
) -> Result<Change, EditError> {
    let (ev_name, bid_name, crit_name) = cell_names(e, evaluator, bid, criterion, Kind::Scored)?;
    if e.workflow.complete.iter().any(|c| c == evaluator) {
        return refuse(
            None,
            format!("{ev_name}'s scoresheet is marked complete. Reopen it to change a score."),
        );
    }
    if let Some(b) = e.bid(bid) {
        use crate::model::panel::{Panel, Standing};
        match Panel::new(e).standing(evaluator, b, criterion) {
            Standing::Recused => {
                return refuse(
                    Some(Field::score(bid, criterion)),
                    format!("{ev_name} stands down from {bid_name}'s bid (a declared conflict of interest): their scores of it are kept on file and do not count."),
                )
            }
            Standing::NotAssigned => {
                return refuse(
                    Some(Field::score(bid, criterion)),
                    format!("{ev_name} is not assigned to score \"{crit_name}\" for this bid."),
                )
            }
            Standing::Counts => {}
        }
    }
    let scale = scale_of(e, criterion);
    let existing = e
        .scores
        .iter()
        .position(|s| s.evaluator == evaluator && s.bid == bid && s.criterion == criterion);
    let old = existing.map(|i| e.scores[i].score.to_string());
    match (score, existing) {
        (Some(s), _) if s.0 < scale.min.0 || s.0 > scale.max.0 => {
            return refuse(
                Some(Field::score(bid, criterion)),
                format!("Choose a score from {} to {}.", scale.min, scale.max),
            );
        }
        (Some(s), Some(i)) => Rc::make_mut(&mut e.scores[i]).score = s,
        (Some(s), None) => e.scores.push(Rc::new(Score {
            evaluator: evaluator.to_string(),
            bid: bid.to_string(),
            criterion: criterion.to_string(),
            score: s,
            note: None,
        })),
        (None, Some(i)) => {
            e.scores.remove(i);
        }
        (None, None) => return refuse(None, "There is no score to clear."),
    }
    let mut change = Change::new(format!("{ev_name} scored {bid_name} on \"{crit_name}\""))
        .values(old, score.map(|s| s.to_string()));
    if !e.workflow.criteria_locked {
        e.workflow.criteria_locked = true;
        change.also = Some("Locked the criteria: scoring has started".to_string());
    }
    Ok(change)
}

pub(super) fn note(
    e: &mut Evaluation,
    evaluator: &str,
    bid: &str,
    criterion: &str,
    note: &str,
) -> Result<Change, EditError> {
    let (ev_name, bid_name, crit_name) = cell_names(e, evaluator, bid, criterion, Kind::Scored)?;
    if e.workflow.complete.iter().any(|c| c == evaluator) {
        return refuse(
            None,
            format!(
                "{ev_name}'s scoresheet is marked complete. Reopen it to change a justification."
            ),
        );
    }
    let s = e
        .scores
        .iter_mut()
        .find(|s| s.evaluator == evaluator && s.bid == bid && s.criterion == criterion)
        .map(Rc::make_mut)
        .ok_or_else(|| EditError {
            field: Some(Field::note(bid, criterion)),
            message: "Choose a score before writing its justification.".into(),
        })?;
    let old = s.note.clone();
    s.note = optional(note).map(|_| note.to_string());
    Ok(Change::new(format!(
        "{ev_name} justified the score of {bid_name} on \"{crit_name}\""
    ))
    .values(old, s.note.clone())
    .keyed(format!("note:{evaluator}:{bid}:{criterion}")))
}

/// Marks a scoresheet complete (refused while anything is left to do) or reopens it.
pub(super) fn complete(
    e: &mut Evaluation,
    evaluator: &str,
    complete: bool,
) -> Result<Change, EditError> {
    let v = e
        .evaluator(evaluator)
        .ok_or_else(|| missing("evaluator", evaluator))?;
    let name = v.name.clone();
    Ok(if complete {
        let missing = missing_work(e, evaluator);
        if !missing.is_empty() {
            let n = missing.len();
            let list: Vec<String> = missing.iter().take(5).cloned().collect();
            return refuse(
                None,
                format!(
                    "{} still to do before the scoresheet is complete: {}{}.",
                    text::count(
                        n,
                        "score or justification is",
                        "scores or justifications are"
                    ),
                    list.join("; "),
                    if n > 5 { "; …" } else { "" }
                ),
            );
        }
        if !e.workflow.complete.iter().any(|c| c == evaluator) {
            e.workflow.complete.push(evaluator.to_string());
        }
        Change::new(format!("{name} marked their scoresheet complete"))
    } else {
        e.workflow.complete.retain(|c| c != evaluator);
        Change::new(format!("{name}'s scoresheet was reopened"))
    })
}

pub(super) fn consensus(
    e: &mut Evaluation,
    bid: &str,
    criterion: &str,
    agreed: Option<(Dec, &str)>,
) -> Result<Change, EditError> {
    let (_, bid_name, crit_name) = cell_names(e, "", bid, criterion, Kind::Scored)?;
    let i = e
        .consensus
        .iter()
        .position(|c| c.bid == bid && c.criterion == criterion);
    let old = i.map(|i| format!("{}: {}", e.consensus[i].score, e.consensus[i].rationale));
    Ok(match agreed {
        Some((score, rationale)) => {
            let scale = scale_of(e, criterion);
            if score.0 < scale.min.0 || score.0 > scale.max.0 {
                return refuse(
                    Some(Field::consensus(bid, criterion)),
                    format!("Choose a score from {} to {}.", scale.min, scale.max),
                );
            }
            if rationale.trim().is_empty() {
                return refuse(
                    Some(Field::rationale(bid, criterion)),
                    "Record the rationale for the agreed score.",
                );
            }
            let c = Consensus {
                bid: bid.to_string(),
                criterion: criterion.to_string(),
                score,
                rationale: rationale.trim().to_string(),
            };
            match i {
                Some(i) => e.consensus[i] = c,
                None => e.consensus.push(c),
            }
            Change::new(format!(
                "Recorded the consensus score of {bid_name} on \"{crit_name}\""
            ))
            .values(old, Some(format!("{}: {}", score, rationale.trim())))
        }
        None => {
            let Some(i) = i else {
                return refuse(None, "There is no consensus score to clear.");
            };
            e.consensus.remove(i);
            Change::new(format!(
                "Cleared the consensus score of {bid_name} on \"{crit_name}\""
            ))
            .values(old, None)
        }
    })
}

pub(super) fn check(
    e: &mut Evaluation,
    bid: &str,
    criterion: &str,
    passed: Option<bool>,
    note: &str,
) -> Result<Change, EditError> {
    let (_, bid_name, crit_name) = cell_names(e, "", bid, criterion, Kind::PassFail)?;
    let i = e
        .checks
        .iter()
        .position(|c| c.bid == bid && c.criterion == criterion);
    let word = |p: Option<bool>| p.map(|p| if p { "pass" } else { "fail" }.to_string());
    let old = word(i.map(|i| e.checks[i].passed));
    match (passed, i) {
        (Some(p), Some(i)) => {
            e.checks[i].passed = p;
            e.checks[i].note = optional(note);
        }
        (Some(p), None) => e.checks.push(Check {
            bid: bid.to_string(),
            criterion: criterion.to_string(),
            passed: p,
            note: optional(note),
        }),
        (None, Some(i)) => {
            e.checks.remove(i);
        }
        (None, None) => return refuse(None, "There is no check to clear."),
    }
    Ok(
        Change::new(format!("Recorded whether {bid_name} meets \"{crit_name}\""))
            .values(old, word(passed))
            .keyed(format!("check:{bid}:{criterion}")),
    )
}

/// Names of an evaluator (if given), a bid and a criterion of the wanted kind.
fn cell_names(
    e: &Evaluation,
    evaluator: &str,
    bid: &str,
    criterion: &str,
    kind: Kind,
) -> Result<(String, String, String), EditError> {
    let ev = if evaluator.is_empty() {
        String::new()
    } else {
        e.evaluator(evaluator)
            .map(|v| v.name.clone())
            .ok_or_else(|| EditError {
                field: None,
                message: format!("There is no evaluator \"{evaluator}\" on the panel."),
            })?
    };
    let b = e
        .bid(bid)
        .map(|b| b.supplier.clone())
        .ok_or_else(|| EditError {
            field: None,
            message: format!("There is no bid \"{bid}\"."),
        })?;
    let c = e
        .criterion(criterion)
        .filter(|c| c.kind == kind)
        .map(|c| c.name.clone())
        .ok_or_else(|| EditError {
            field: None,
            message: format!("There is no {} \"{criterion}\".", kind_noun(kind)),
        })?;
    Ok((ev, b, c))
}
