//! Lots (an extension of version 1): one evaluation file, several competitions.
//!
//! A lot is scored exactly as a version 1 evaluation would be: its **view** is an
//! evaluation holding the lot's criteria tree, the lot's bids and the scores, consensus
//! and checks of those bids, with the shared panel, settings and workflow. Validation,
//! both engines, the workflow and every page work on a view and need to know nothing of
//! lots; [`merge`] puts an edited view back. An evaluation without lots is its own
//! only view.

use std::collections::HashSet;

use super::types::{Bid, Criterion, Evaluation, Lot};

/// A lot's view, with where each of its entries sits in the whole file, so that a
/// problem found in the view can name its place in the file.
#[derive(Clone, Debug)]
pub struct View {
    pub evaluation: Evaluation,
    /// Index of the lot in `lots`.
    pub lot: usize,
    /// For each bid, score, consensus and check of the view: its index in the file.
    pub bids: Vec<usize>,
    pub scores: Vec<usize>,
    pub consensus: Vec<usize>,
    pub checks: Vec<usize>,
}

/// How supplier names are compared across lots: ignoring case and extra spaces, so
/// that "Kestrel & Moss Ltd" and "kestrel &  moss ltd" are one supplier.
pub fn supplier_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The code of the bid at `index` in its lot, for blind scoring: A, B, … Z, AA, AB, …
pub fn code(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

impl Evaluation {
    /// A bid's blind code in this view ("A" for its first bid), by the order of bids.
    pub fn code_of(&self, bid: &str) -> Option<String> {
        self.bids.iter().position(|b| b.id == bid).map(code)
    }

    /// The bid with this blind code in this view.
    pub fn bid_of_code(&self, code: &str) -> Option<&Bid> {
        (0..self.bids.len())
            .find(|&i| self::code(i) == code)
            .map(|i| &self.bids[i])
    }

    /// How a bid is named to an evaluator: "Bid A" when scoring is blind, else the supplier.
    pub fn bid_label(&self, bid: &Bid) -> String {
        match self.workflow.blind.then(|| self.code_of(&bid.id)).flatten() {
            Some(c) => format!("Bid {c}"),
            None => bid.supplier.clone(),
        }
    }

    pub fn has_lots(&self) -> bool {
        !self.lots.is_empty()
    }

    pub fn lot(&self, id: &str) -> Option<&Lot> {
        self.lots.iter().find(|l| l.id == id)
    }

    /// The criteria a lot is scored on: its own tree, else the evaluation's.
    pub fn lot_criteria<'a>(&'a self, lot: &'a Lot) -> &'a [Criterion] {
        lot.criteria.as_deref().unwrap_or(&self.criteria)
    }

    /// The lot a bid is for, when the evaluation has lots and the bid names one of them.
    pub fn lot_of(&self, bid: &Bid) -> Option<&Lot> {
        bid.lot.as_deref().and_then(|l| self.lot(l))
    }

    /// The view of the lot with this id; `None` for an unknown lot.
    pub fn lot_view(&self, id: &str) -> Option<Evaluation> {
        let i = self.lots.iter().position(|l| l.id == id)?;
        Some(view(self, i).evaluation)
    }

    /// Lots in the order they are decided: the award limit's `order` when it gives
    /// one (unknown ids skipped, missing lots after it), else the order of `lots`.
    pub fn decision_order(&self) -> Vec<&Lot> {
        let mut out: Vec<&Lot> = Vec::new();
        if let Some(limit) = &self.award_limit {
            for id in &limit.order {
                if let Some(l) = self.lot(id) {
                    if !out.iter().any(|o| o.id == l.id) {
                        out.push(l);
                    }
                }
            }
        }
        for l in &self.lots {
            if !out.iter().any(|o| o.id == l.id) {
                out.push(l);
            }
        }
        out
    }
}

/// The view of the lot at index `lot` (which must exist).
pub fn view(e: &Evaluation, lot: usize) -> View {
    let l = &e.lots[lot];
    let mut bids = Vec::new();
    let mut ids: HashSet<&str> = HashSet::new();
    for (i, b) in e.bids.iter().enumerate() {
        if b.lot.as_deref() == Some(l.id.as_str()) {
            bids.push(i);
            ids.insert(b.id.as_str());
        }
    }
    let scores: Vec<usize> = (0..e.scores.len())
        .filter(|&i| ids.contains(e.scores[i].bid.as_str()))
        .collect();
    let consensus: Vec<usize> = (0..e.consensus.len())
        .filter(|&i| ids.contains(e.consensus[i].bid.as_str()))
        .collect();
    let checks: Vec<usize> = (0..e.checks.len())
        .filter(|&i| ids.contains(e.checks[i].bid.as_str()))
        .collect();
    let evaluation = Evaluation {
        format: e.format.clone(),
        version: e.version,
        id: e.id.clone(),
        title: e.title.clone(),
        reference: e.reference.clone(),
        currency: e.currency.clone(),
        scale: e.scale.clone(),
        criteria: e.lot_criteria(l).to_vec(),
        quality_threshold: e.quality_threshold,
        moderation: e.moderation.clone(),
        rounding: e.rounding.clone(),
        bids: bids.iter().map(|&i| e.bids[i].clone()).collect(),
        evaluators: e.evaluators.clone(),
        scores: scores.iter().map(|&i| e.scores[i].clone()).collect(),
        consensus: consensus.iter().map(|&i| e.consensus[i].clone()).collect(),
        checks: checks.iter().map(|&i| e.checks[i].clone()).collect(),
        lots: Vec::new(),
        award_limit: None,
        ranking: e.ranking.clone(),
        abnormally_low: e.abnormally_low.clone(),
        workflow: e.workflow.clone(),
        extensions: e.extensions.clone(),
        view_of: Some(l.id.clone()),
    };
    View {
        evaluation,
        lot,
        bids,
        scores,
        consensus,
        checks,
    }
}

/// Puts an edited view of lot `id` back into the whole evaluation: the lot's tree (or,
/// for a lot that shares it, the evaluation's), its bids (each marked as the lot's),
/// scores, consensus and checks, where they were in the file; and the shared panel,
/// settings and workflow. Other lots are untouched.
///
/// Returns whether a bid new to the lot had to take another id (see below), so that a
/// caller holding the view knows to take it afresh.
pub fn merge(e: &mut Evaluation, id: &str, mut v: Evaluation) -> bool {
    let Some(i) = e.lots.iter().position(|l| l.id == id) else {
        return false;
    };
    let mut renamed = false;
    if e.lots[i].criteria.is_some() {
        e.lots[i].criteria = Some(std::mem::take(&mut v.criteria));
    } else {
        e.criteria = std::mem::take(&mut v.criteria);
    }
    let old: HashSet<String> = e
        .bids
        .iter()
        .filter(|b| b.lot.as_deref() == Some(id))
        .map(|b| b.id.clone())
        .collect();
    // A bid new to the lot may have been given an id that another lot's bid has (the
    // same supplier bidding for two lots): it takes the lot's id as a suffix.
    let mut taken: HashSet<String> = e
        .bids
        .iter()
        .filter(|b| b.lot.as_deref() != Some(id))
        .map(|b| b.id.clone())
        .collect();
    for b in &mut v.bids {
        b.lot = Some(id.to_string());
        if !old.contains(&b.id) && taken.contains(&b.id) {
            renamed = true;
            let base = format!("{}-{id}", b.id);
            b.id = (1..)
                .map(|n| {
                    if n == 1 {
                        base.clone()
                    } else {
                        format!("{base}-{n}")
                    }
                })
                .find(|c| !taken.contains(c))
                .expect("some suffix is free");
        }
        taken.insert(b.id.clone());
    }
    let bids = std::mem::take(&mut e.bids);
    e.bids = splice(bids, |b| old.contains(&b.id), v.bids);
    let scores = std::mem::take(&mut e.scores);
    e.scores = splice(scores, |s| old.contains(&s.bid), v.scores);
    let consensus = std::mem::take(&mut e.consensus);
    e.consensus = splice(consensus, |c| old.contains(&c.bid), v.consensus);
    let checks = std::mem::take(&mut e.checks);
    e.checks = splice(checks, |c| old.contains(&c.bid), v.checks);
    e.title = v.title;
    e.reference = v.reference;
    e.currency = v.currency;
    e.scale = v.scale;
    e.quality_threshold = v.quality_threshold;
    e.moderation = v.moderation;
    e.rounding = v.rounding;
    e.ranking = v.ranking;
    e.abnormally_low = v.abnormally_low;
    e.evaluators = v.evaluators;
    e.workflow = v.workflow;
    e.extensions = v.extensions;
    renamed
}

/// `list` with the entries that `belongs` replaced, in order, by `new`: each takes the
/// place of one it replaces, so an unchanged view merges back byte for byte; entries
/// beyond those follow the last replaced (or go at the end).
fn splice<T>(list: Vec<T>, belongs: impl Fn(&T) -> bool, new: Vec<T>) -> Vec<T> {
    let total = list.iter().filter(|x| belongs(x)).count();
    let mut out = Vec::with_capacity(list.len() + new.len());
    let mut new = new.into_iter();
    let mut seen = 0;
    for item in list {
        if belongs(&item) {
            seen += 1;
            out.extend(new.next());
            if seen == total {
                out.extend(new.by_ref());
            }
        } else {
            out.push(item);
        }
    }
    out.extend(new);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    const LOTTED: &str = r#"{
      "format": "bidmark/evaluation", "version": 1, "title": "Lotted",
      "criteria": [ { "id": "q", "name": "Quality", "kind": "scored", "weight": "100" } ],
      "lots": [ { "id": "l1", "name": "Lot 1" },
                { "id": "l2", "name": "Lot 2", "criteria": [
                  { "id": "q", "name": "Quality", "kind": "scored", "weight": "60" },
                  { "id": "p", "name": "Price", "kind": "price", "weight": "40", "method": "lowest_over_bid" } ] } ],
      "bids": [ { "id": "a1", "supplier": "A", "lot": "l1" },
                { "id": "a2", "supplier": "A", "lot": "l2", "price": "100" },
                { "id": "b1", "supplier": "B", "lot": "l1" } ],
      "evaluators": [ { "id": "e", "name": "E" } ],
      "scores": [ { "evaluator": "e", "bid": "a1", "criterion": "q", "score": "2" },
                  { "evaluator": "e", "bid": "a2", "criterion": "q", "score": "3" },
                  { "evaluator": "e", "bid": "b1", "criterion": "q", "score": "1" } ]
    }"#;

    #[test]
    fn a_view_holds_the_lot_and_nothing_else() {
        let e = load_str(LOTTED).unwrap();
        let v = view(&e, 0);
        assert_eq!(v.bids, vec![0, 2]);
        assert_eq!(v.scores, vec![0, 2]);
        assert_eq!(v.evaluation.criteria, e.criteria);
        assert!(!v.evaluation.has_lots());
        let v2 = view(&e, 1);
        assert_eq!(v2.evaluation.criteria.len(), 2);
        assert_eq!(v2.evaluation.bids[0].id, "a2");
    }

    #[test]
    fn merging_an_unchanged_view_changes_nothing_and_an_added_bid_joins_the_lot() {
        let e = load_str(LOTTED).unwrap();
        for i in 0..2 {
            let mut back = e.clone();
            merge(&mut back, &e.lots[i].id, view(&e, i).evaluation);
            assert_eq!(back, e);
        }
        let mut v = view(&e, 0).evaluation;
        let mut extra = v.bids[0].clone();
        extra.id = "c1".into();
        extra.lot = None;
        v.bids.push(extra);
        let mut back = e.clone();
        merge(&mut back, "l1", v);
        let ids: Vec<_> = back.bids.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["a1", "a2", "b1", "c1"]);
        assert_eq!(back.bids[3].lot.as_deref(), Some("l1"));
        // A new bid given the id of another lot's bid takes the lot's id as a suffix.
        let mut v = view(&e, 0).evaluation;
        let mut same = v.bids[0].clone();
        same.id = "a2".into();
        v.bids.push(same);
        let mut back = e.clone();
        merge(&mut back, "l1", v);
        assert_eq!(back.bids.last().unwrap().id, "a2-l1");
    }

    #[test]
    fn blind_codes_run_a_to_z_then_aa() {
        let codes: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702].map(code).to_vec();
        assert_eq!(codes, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn suppliers_are_the_same_whatever_their_case_and_spacing() {
        assert_eq!(supplier_key(" Kestrel &  Moss LTD "), "kestrel & moss ltd");
    }
}
