//! Scoresheets and bids files, in and out, with every refusal explained.

use std::rc::Rc;

use super::{commit, Change, Question, Refused, Session, Stamp};
use crate::model::exchange::{
    codes_digest, criteria_digest, load_bids, load_scoresheet, Scoresheet, SheetScore,
    SCORESHEET_FORMAT,
};
use crate::model::panel::{Panel, Standing};
use crate::model::{Bid, Evaluation, Kind, Problem, Score, VERSION};
use crate::text;

/// One evaluator's scoresheet, ready to export: their scores of the cells they may
/// score (of one lot, for a lot's view), bids named by code when scoring is blind.
pub fn scoresheet_for(e: &Evaluation, evaluator: &str, exported_at: &str) -> Option<Scoresheet> {
    let ev = e.evaluator(evaluator)?.clone();
    let counts = counting(e, evaluator);
    let blind = e.workflow.blind;
    Some(Scoresheet {
        format: SCORESHEET_FORMAT.to_string(),
        version: VERSION,
        evaluation: e.id.clone().unwrap_or_default(),
        evaluation_title: e.title.clone(),
        criteria_digest: criteria_digest(e),
        evaluator: ev,
        complete: e.workflow.complete.iter().any(|c| c == evaluator),
        exported_at: Some(exported_at.to_string()),
        lot: e.bids.first().and_then(|b| b.lot.clone()),
        blind,
        codes: blind.then(|| {
            let pairs: Vec<(String, String)> = e
                .scores
                .iter()
                .filter(|s| s.evaluator == evaluator && counts(s))
                .filter_map(|s| Some((e.code_of(&s.bid)?, s.bid.clone())))
                .collect();
            codes_digest(pairs.iter().map(|(c, b)| (c.as_str(), b.as_str())))
        }),
        scores: e
            .scores
            .iter()
            .filter(|s| s.evaluator == evaluator && counts(s))
            .map(|s| SheetScore {
                bid: if blind {
                    e.code_of(&s.bid).unwrap_or_else(|| s.bid.clone())
                } else {
                    s.bid.clone()
                },
                criterion: s.criterion.clone(),
                score: s.score,
                note: s.note.clone(),
            })
            .collect(),
    })
}

/// Why a scoresheet does not belong in this evaluation; empty when it does.
fn refusals(e: &Evaluation, sheet: &Scoresheet) -> Vec<Problem> {
    let mut out = Vec::new();
    if sheet.evaluation != e.id.clone().unwrap_or_default() {
        out.push(Problem::file(format!(
            "This scoresheet belongs to another evaluation (\"{}\"), not to \"{}\". Import it into the evaluation it was scored in.",
            if sheet.evaluation_title.is_empty() { &sheet.evaluation } else { &sheet.evaluation_title },
            e.title
        )));
        return out;
    }
    if sheet.criteria_digest != criteria_digest(e) {
        out.push(Problem::file(
            "The criteria have changed since this scoresheet was exported (a weight, scale or criterion is different), so its scores may not mean the same thing. Ask the evaluator to score against the current criteria.",
        ));
        return out;
    }
    match e.evaluator(&sheet.evaluator.id) {
        None => out.push(Problem::file(format!(
            "{} (\"{}\") is not on this evaluation's panel. Add them on the evaluators page first.",
            sheet.evaluator.name, sheet.evaluator.id
        ))),
        Some(v) if v.name != sheet.evaluator.name => out.push(Problem::file(format!(
            "The panel member with id \"{}\" is {} here but {} on the scoresheet. Check who scored it.",
            v.id, v.name, sheet.evaluator.name
        ))),
        Some(_) => {}
    }
    let mut seen = std::collections::BTreeSet::new();
    let panel = Panel::new(e);
    let bids: std::collections::HashMap<&str, &Bid> =
        e.bids.iter().map(|b| (b.id.as_str(), b)).collect();
    let who = &sheet.evaluator.name;
    for (i, s) in sheet.scores.iter().enumerate() {
        let place = format!("Score {}", i + 1);
        let path = format!("scores[{i}]");
        match bids.get(s.bid.as_str()) {
            None => out.push(Problem::new(
                format!("{path}.bid"),
                &place,
                format!("is for bid \"{}\", which is not in this evaluation.", s.bid),
            )),
            Some(b) => match panel.standing(&sheet.evaluator.id, b, &s.criterion) {
                Standing::Recused => out.push(Problem::new(
                    format!("{path}.bid"),
                    &place,
                    format!(
                        "is for {}, a bid {who} stands down from (a declared conflict of interest). Remove it from the scoresheet.",
                        e.bid_label(b)
                    ),
                )),
                Standing::NotAssigned if e.criterion(&s.criterion).is_some() => out.push(Problem::new(
                    format!("{path}.criterion"),
                    &place,
                    format!(
                        "is for {} on \"{}\", which {who} is not assigned to score. Remove it, or change the assignment on the panel page.",
                        e.bid_label(b),
                        e.criterion(&s.criterion).map_or("", |c| c.name.as_str())
                    ),
                )),
                _ => {}
            },
        }
        match e.criterion(&s.criterion) {
            Some(c) if c.kind == Kind::Scored => {
                let scale = super::scale_of(e, &s.criterion);
                if s.score.0 < scale.min.0 || s.score.0 > scale.max.0 {
                    out.push(Problem::new(
                        format!("{path}.score"),
                        &place,
                        format!(
                            "is {}, outside the scale {} to {}.",
                            s.score, scale.min, scale.max
                        ),
                    ));
                }
            }
            _ => out.push(Problem::new(
                format!("{path}.criterion"),
                &place,
                format!(
                    "is for \"{}\", which is not a scored criterion here.",
                    s.criterion
                ),
            )),
        }
        if !seen.insert((&s.bid, &s.criterion)) {
            out.push(Problem::new(
                path,
                &place,
                "is a second score for the same bid and criterion.",
            ));
        }
    }
    out
}

impl Session {
    /// A file that cannot be taken in: its problems shown, nothing else changed.
    fn refuse_file(&mut self, source: String, problems: Vec<Problem>) {
        self.refused = Some(Refused {
            source,
            problems,
            draft: None,
        });
    }

    pub(super) fn import_scoresheet(&mut self, name: String, bytes: &[u8], stamp: &Stamp) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let mut sheet = match load_scoresheet(bytes) {
            Ok(s) => s,
            Err(err) => return self.refuse_file(name, err.problems),
        };
        // A sheet of another lot of this file: that lot is shown, and the sheet goes there.
        if let Some(lot) = &sheet.lot {
            if open.lot.as_ref() != Some(lot)
                && open.whole.as_ref().is_some_and(|w| w.lot(lot).is_some())
            {
                let lot = lot.clone();
                if let Some(o) = self.open.as_mut() {
                    o.show_lot(&lot);
                }
            }
        }
        let Some(open) = self.open.as_ref() else {
            return;
        };
        if sheet.blind {
            // Codes back to bids; an unknown code is named as it was written. The codes
            // must still stand for the bids they stood for when the sheet was exported.
            let e = &open.evaluation;
            let pairs: Vec<(String, String)> = sheet
                .scores
                .iter()
                .filter_map(|s| Some((s.bid.clone(), e.bid_of_code(&s.bid)?.id.clone())))
                .collect();
            let now = codes_digest(pairs.iter().map(|(c, b)| (c.as_str(), b.as_str())));
            if sheet.codes.as_ref().is_some_and(|c| *c != now) {
                return self.refuse_file(name, vec![Problem::file(
                    "The bids of this lot have changed since this blind scoresheet was exported (a bid was removed or moved), so its codes no longer stand for the same bids. Nothing was imported. Ask the evaluator to export the scoresheet again.",
                )]);
            }
            for s in &mut sheet.scores {
                if let Some(b) = open.evaluation.bid_of_code(&s.bid) {
                    s.bid = b.id.clone();
                }
            }
        }
        let problems = refusals(&open.evaluation, &sheet);
        if !problems.is_empty() {
            let text = std::str::from_utf8(bytes).unwrap_or_default();
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let problems = crate::model::load::with_lines(text, problems).problems;
            return self.refuse_file(name, problems);
        }
        let existing = sheet_scores(&open.evaluation, &sheet.evaluator.id).len();
        if existing > 0 {
            let complete_here = open
                .evaluation
                .workflow
                .complete
                .contains(&sheet.evaluator.id);
            let same_scores =
                sheet_scores(&open.evaluation, &sheet.evaluator.id) == sheet_scores_of(&sheet);
            if same_scores && complete_here != sheet.complete {
                // Only the "complete" mark differs: nothing is lost by taking it.
                self.merge_scoresheet(&sheet, name, stamp);
                return;
            }
            if same_scores {
                self.notice = Some(format!(
                    "The scoresheet from {} is already here: nothing changed.",
                    sheet.evaluator.name
                ));
                return;
            }
            self.question = Some(Question::ReplaceScoresheet {
                sheet: Rc::new(sheet),
                existing,
                source: name,
            });
            return;
        }
        self.merge_scoresheet(&sheet, name, stamp);
    }

    /// Puts a checked sheet's scores in place of that evaluator's.
    pub(super) fn merge_scoresheet(&mut self, sheet: &Scoresheet, source: String, stamp: &Stamp) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let mut e = (*open.evaluation).clone();
        let id = &sheet.evaluator.id;
        // Scores that do not count (given before a recusal or a change of assignment) are
        // not on the sheet, and stay on file as they are.
        let keep: Vec<bool> = {
            let counts = counting(&e, id);
            e.scores
                .iter()
                .map(|s| s.evaluator != *id || !counts(s))
                .collect()
        };
        let before = keep.iter().filter(|k| !**k).count();
        let mut keep = keep.into_iter();
        e.scores.retain(|_| keep.next().unwrap_or(true));
        e.scores.extend(sheet.scores.iter().map(|s| {
            Rc::new(Score {
                evaluator: id.clone(),
                bid: s.bid.clone(),
                criterion: s.criterion.clone(),
                score: s.score,
                note: s.note.clone(),
            })
        }));
        e.workflow.complete.retain(|c| c != id);
        if sheet.complete {
            e.workflow.complete.push(id.clone());
        }
        let mut also = None;
        if !e.workflow.criteria_locked && !sheet.scores.is_empty() {
            e.workflow.criteria_locked = true;
            also = Some("Locked the criteria: scoring has started".to_string());
        }
        let n = sheet.scores.len();
        let what = format!(
            "Imported the scoresheet from {} ({source}): {}",
            sheet.evaluator.name,
            text::count(n, "score", "scores")
        );
        let change = Change {
            what,
            before: Some(text::count(before, "score", "scores")),
            after: Some(text::count(n, "score", "scores")),
            key: None,
            also,
            audited: true,
        };
        commit(open, e, change, stamp);
        open.rescore();
        self.notice = Some(format!(
            "Scoresheet from {} imported: {}{}.",
            sheet.evaluator.name,
            text::count(n, "score", "scores"),
            if before > 0 {
                format!(", replacing {before}")
            } else {
                String::new()
            }
        ));
    }

    pub(super) fn import_bids(&mut self, name: String, bytes: &[u8]) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let file = match load_bids(bytes) {
            Ok(f) => f,
            Err(err) => return self.refuse_file(name, err.problems),
        };
        let merge = BidsMerge::new(&open.evaluation, file.bids.clone());
        // The merged bids must fit this evaluation (answers to known criteria, prices where
        // price is scored); otherwise nothing is merged.
        let mut trial = (*open.evaluation).clone();
        merge.apply_to(&mut trial);
        // Only the file's own bids are its problems, and they are named by their place in it.
        let in_file: Vec<&str> = file.bids.iter().map(|b| b.id.as_str()).collect();
        let problems: Vec<Problem> = crate::model::validate(&trial)
            .into_iter()
            .filter_map(|mut p| {
                let rest = p.path.strip_prefix("bids[")?;
                let (ix, tail) = rest.split_once(']')?;
                let id = &trial.bids.get(ix.parse::<usize>().ok()?)?.id;
                let file_ix = in_file.iter().position(|f| f == id)?;
                p.path = format!("bids[{file_ix}]{tail}");
                Some(p)
            })
            .collect();
        if !problems.is_empty() {
            return self.refuse_file(name, problems);
        }
        if merge.is_empty() {
            self.notice = Some(format!(
                "{name} holds no new or changed bids: nothing changed."
            ));
            return;
        }
        self.question = Some(Question::MergeBids {
            merge: Rc::new(merge),
            source: name,
        });
    }
}

/// Whether a score of this evaluator's counts: every score, when nobody's work is
/// restricted (version 1).
fn counting<'a>(e: &'a Evaluation, evaluator: &'a str) -> impl Fn(&Score) -> bool + 'a {
    let panel = Panel::new(e);
    let open = panel.is_open();
    let bids: std::collections::HashMap<&str, &Bid> = if open {
        Default::default()
    } else {
        e.bids.iter().map(|b| (b.id.as_str(), b)).collect()
    };
    move |s: &Score| {
        open || bids
            .get(s.bid.as_str())
            .is_none_or(|b| panel.standing(evaluator, b, &s.criterion) == Standing::Counts)
    }
}

fn sheet_scores(e: &Evaluation, evaluator: &str) -> Vec<(String, String, String, Option<String>)> {
    let counts = counting(e, evaluator);
    let mut v: Vec<_> = e
        .scores
        .iter()
        .filter(|s| s.evaluator == evaluator && counts(s))
        .map(|s| {
            (
                s.bid.clone(),
                s.criterion.clone(),
                s.score.to_string(),
                s.note.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

fn sheet_scores_of(sheet: &Scoresheet) -> Vec<(String, String, String, Option<String>)> {
    let mut v: Vec<_> = sheet
        .scores
        .iter()
        .map(|s| {
            (
                s.bid.clone(),
                s.criterion.clone(),
                s.score.to_string(),
                s.note.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

/// What importing a bids file would do, shown before it is done. A bid already here is
/// updated field by field: the supplier's name, the price if the file gives one, and the
/// answers the file gives; answers it leaves out are kept.
#[derive(Clone, Debug, PartialEq)]
pub struct BidsMerge {
    pub added: Vec<Bid>,
    /// (before, after) for bids whose id is already here.
    pub changed: Vec<(Bid, Bid)>,
    pub unchanged: usize,
}

impl BidsMerge {
    pub fn new(e: &Evaluation, incoming: Vec<Bid>) -> Self {
        let mut m = BidsMerge {
            added: Vec::new(),
            changed: Vec::new(),
            unchanged: 0,
        };
        for b in incoming {
            match e.bid(&b.id) {
                None => m.added.push(b),
                Some(old) => {
                    // Merged field by field: what the file leaves out is kept.
                    let mut new = old.clone();
                    new.supplier = b.supplier;
                    if b.price.is_some() {
                        new.price = b.price;
                    }
                    new.answers.extend(b.answers);
                    if new == *old {
                        m.unchanged += 1;
                    } else {
                        m.changed.push((old.clone(), new));
                    }
                }
            }
        }
        m
    }
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty()
    }
    pub fn summary(&self) -> String {
        format!(
            "{} added, {} updated, {} unchanged",
            self.added.len(),
            self.changed.len(),
            self.unchanged
        )
    }
    pub fn apply_to(&self, e: &mut Evaluation) {
        for (_, new) in &self.changed {
            if let Some(b) = e.bids.iter_mut().find(|b| b.id == new.id) {
                *b = new.clone();
            }
        }
        e.bids.extend(self.added.iter().cloned());
    }
}
