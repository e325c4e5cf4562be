//! Each evaluator's progress: what they have scored, and what is left to score or to
//! justify. The task list, the panel page and the scoresheet draw this at every change,
//! and completing a scoresheet is refused while anything is left.

use crate::model::ids::Ids;
use crate::model::tree::scored;
use crate::model::{Bid, Criterion, Evaluation, Score};

/// What an evaluator has still to do: cells without a score or without a justification.
pub fn missing_work(e: &Evaluation, evaluator: &str) -> Vec<String> {
    let mut out = Vec::new();
    gaps(e, evaluator, |b, c, scored| {
        out.push(format!(
            "{} – {}: {}",
            b.supplier,
            c.name,
            if scored {
                "no justification"
            } else {
                "no score"
            }
        ))
    });
    out
}

/// How many scores or justifications this evaluator still owes each bid, in the order
/// of the bids: what [`missing_work`] lists, counted without words.
pub fn missing_by_bid(e: &Evaluation, evaluator: &str) -> Vec<usize> {
    e.evaluators
        .iter()
        .position(|v| v.id == evaluator)
        .map(|i| work(e).swap_remove(i).left)
        // Not on the panel: nothing is scored.
        .unwrap_or_else(|| vec![scored(e).len(); e.bids.len()])
}

/// One evaluator's progress: scores given, and work left per bid (in the order of the
/// bids): cells with no score, or a score with no justification.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Work {
    /// The cells this evaluator may score: every cell, unless assigned to some or
    /// recused from a bid.
    pub cells: usize,
    pub scored: usize,
    pub left: Vec<usize>,
}

impl Work {
    pub fn left_total(&self) -> usize {
        self.left.iter().sum()
    }
}

/// A cell the evaluator may not score (not assigned, or recused): owed by nobody.
const NOT_THEIRS: u8 = 3;

/// Every evaluator's [`Work`], in the order of the panel, from one pass over the scores:
/// the task list, the panel page and the scoresheet draw this at every change, and a
/// framework evaluation has hundreds of thousands of scores.
pub fn work(e: &Evaluation) -> Vec<Work> {
    let leaves: Vec<&str> = scored(e).into_iter().map(|c| c.id.as_str()).collect();
    let (nb, nl, nv) = (e.bids.len(), leaves.len(), e.evaluators.len());
    let mut bid_ids = Ids::new(e.bids.iter().map(|b| b.id.as_str()));
    let mut leaf_ids = Ids::new(leaves.iter().copied());
    // 0: nothing; 1: a score without a justification; 2: a score justified. The first
    // score of a cell counts, as a search would find it.
    let mut cells = vec![0u8; nv * nb * nl];
    // Cells an evaluator may not score (not assigned, or recused) are owed by nobody:
    // marked done. A version 1 panel has none.
    let panel = crate::model::panel::Panel::new(e);
    let mut owed = vec![nb * nl; nv];
    if !panel.is_open() {
        for (v, ev) in e.evaluators.iter().enumerate() {
            for (b, bid) in e.bids.iter().enumerate() {
                for (l, leaf) in leaves.iter().enumerate() {
                    if panel.standing(&ev.id, bid, leaf) != crate::model::panel::Standing::Counts {
                        cells[(v * nb + b) * nl + l] = NOT_THEIRS;
                        owed[v] -= 1;
                    }
                }
            }
        }
    }
    let mut scored = vec![0usize; nv];
    for s in &e.scores {
        // Panels are small: a look along the list beats hashing every score's evaluator.
        let Some(v) = e.evaluators.iter().position(|v| v.id == s.evaluator) else {
            continue;
        };
        let (Some(b), Some(l)) = (bid_ids.get(&s.bid), leaf_ids.get(&s.criterion)) else {
            scored[v] += 1;
            continue;
        };
        let cell = &mut cells[(v * nb + b as usize) * nl + l as usize];
        // A score on a cell that is not theirs stays on file and is not counted here.
        if *cell != NOT_THEIRS {
            scored[v] += 1;
        }
        if *cell == 0 {
            *cell = if s.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                1
            } else {
                2
            };
        }
    }
    (0..nv)
        .map(|v| Work {
            cells: owed[v],
            scored: scored[v],
            left: (0..nb)
                .map(|b| {
                    let at = (v * nb + b) * nl;
                    cells[at..at + nl].iter().filter(|&&c| c < 2).count()
                })
                .collect(),
        })
        .collect()
}

/// Calls `gap` for every cell of this evaluator's with no score (`false`) or a score
/// without a justification (`true`), bid by bid, criterion by criterion.
fn gaps<'a>(e: &'a Evaluation, evaluator: &str, mut gap: impl FnMut(&'a Bid, &'a Criterion, bool)) {
    // This evaluator's scores by cell, found once: searching every score for every cell
    // would take minutes on a large framework evaluation.
    let given: std::collections::HashMap<(&str, &str), &Score> = e
        .scores
        .iter()
        .filter(|s| s.evaluator == evaluator)
        .map(|s| ((s.bid.as_str(), s.criterion.as_str()), &**s))
        .rev() // the first score of a cell wins, as a search would find it
        .collect();
    let scored = scored(e);
    let panel = crate::model::panel::Panel::new(e);
    let open = panel.is_open();
    for b in &e.bids {
        for c in &scored {
            if !open && panel.standing(evaluator, b, &c.id) != crate::model::panel::Standing::Counts
            {
                continue;
            }
            match given.get(&(b.id.as_str(), c.id.as_str())) {
                None => gap(b, c, false),
                Some(s) if s.note.as_deref().is_none_or(|n| n.trim().is_empty()) => gap(b, c, true),
                Some(_) => {}
            }
        }
    }
}
