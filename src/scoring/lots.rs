//! Lots (extension): each lot scored on its own, then who is awarded what.
//!
//! Each lot's view ([`crate::model::lots`]) is scored exactly as a version 1 evaluation
//! ([`super::score`]): its own tree, its own bids, its own lowest price. Then the lots
//! are decided in order. Without an award limit the winner of a lot is the bid ranked
//! first. With one (a supplier may be awarded at most N lots), a bid whose supplier
//! has already been awarded N lots is passed over, and the lot goes to the next-ranked
//! bid whose supplier may still win.

use std::collections::HashMap;

use crate::model::lots::{supplier_key, view};
use crate::model::Evaluation;

use super::{score, BidResult, Results};

/// The results of an evaluation, lot by lot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lotted {
    /// In the order of the file's `lots`; one entry with no lot for an evaluation without lots.
    pub lots: Vec<LotResults>,
    /// Who is awarded each lot, in the order the lots are decided; empty without lots.
    pub awards: Vec<Award>,
    /// The award limit applied, if any.
    pub limit: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LotResults {
    /// `(id, name)`; `None` for an evaluation without lots.
    pub lot: Option<(String, String)>,
    pub results: Results,
}

/// Who is awarded one lot, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Award {
    pub lot: String,
    pub name: String,
    pub outcome: Outcome,
    /// Bids ranked above the winner whose supplier had already won as many lots as the
    /// limit allows, with the lots they had won (by name).
    pub passed_over: Vec<(String, String, Vec<String>)>,
    /// Some result in the lot is still provisional: so is the award.
    pub provisional: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The bid (id, supplier) awarded the lot.
    Winner { bid: String, supplier: String },
    /// Bids tied for the lot: the panel must break the tie.
    Tied(Vec<(String, String)>),
    /// No bid may win: none was ranked, or every ranked supplier has reached the limit.
    NoWinner,
}

impl Award {
    pub fn winner(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Winner { bid, .. } => Some(bid),
            _ => None,
        }
    }

    /// Why the lot went where it did, in a sentence or two.
    pub fn explain(&self, limit: Option<usize>) -> String {
        let mut s = String::new();
        for (_, supplier, won) in &self.passed_over {
            s.push_str(&format!(
                "{supplier} ranked higher but has already been awarded {} ({}), the most one supplier may win. ",
                lots_word(limit.unwrap_or(won.len())),
                won.join(", ")
            ));
        }
        match &self.outcome {
            Outcome::Winner { supplier, .. } if self.passed_over.is_empty() => {
                s.push_str(&format!("{} goes to {supplier}, ranked first.", self.name));
            }
            Outcome::Winner { supplier, .. } => {
                s.push_str(&format!(
                    "{} goes to {supplier}, the highest-ranked bid whose supplier may still win.",
                    self.name
                ));
            }
            Outcome::Tied(bids) => {
                let names: Vec<&str> = bids.iter().map(|(_, s)| s.as_str()).collect();
                s.push_str(&format!(
                    "{} is not decided: {} are tied. The panel must break the tie.",
                    self.name,
                    names.join(" and ")
                ));
            }
            Outcome::NoWinner => {
                s.push_str(&format!("{} has no bid that may be awarded it.", self.name));
            }
        }
        if self.provisional {
            s.push_str(" Provisional: results in this lot are not final.");
        }
        s
    }
}

fn lots_word(n: usize) -> String {
    if n == 1 {
        "1 lot".into()
    } else {
        format!("{n} lots")
    }
}

/// Scores every lot, then decides the awards.
pub fn score_lots(e: &Evaluation) -> Lotted {
    if !e.has_lots() {
        return Lotted {
            lots: vec![LotResults {
                lot: None,
                results: score(e),
            }],
            awards: Vec::new(),
            limit: None,
        };
    }
    let lots: Vec<LotResults> = (0..e.lots.len())
        .map(|i| LotResults {
            lot: Some((e.lots[i].id.clone(), e.lots[i].name.clone())),
            results: score(&view(e, i).evaluation),
        })
        .collect();
    let limit = e
        .award_limit
        .as_ref()
        .and_then(|l| usize::try_from(l.lots).ok())
        .filter(|&n| n >= 1);
    let awards = decide(e, &lots, limit);
    Lotted {
        lots,
        awards,
        limit,
    }
}

/// Decides the lots in order (see the module's documentation).
fn decide(e: &Evaluation, lots: &[LotResults], limit: Option<usize>) -> Vec<Award> {
    let mut won: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for lot in e.decision_order() {
        let Some(r) = lots
            .iter()
            .find(|l| l.lot.as_ref().is_some_and(|(id, _)| *id == lot.id))
        else {
            continue;
        };
        let r = &r.results;
        let full = |b: &BidResult| {
            limit.is_some_and(|n| won.get(&supplier_key(&b.supplier)).map_or(0, Vec::len) >= n)
        };
        let ranked: Vec<&BidResult> = r.bids.iter().filter(|b| b.rank.is_some()).collect();
        let passed_over: Vec<(String, String, Vec<String>)> = ranked
            .iter()
            .take_while(|b| full(b))
            .map(|b| {
                (
                    b.bid.clone(),
                    b.supplier.clone(),
                    won.get(&supplier_key(&b.supplier))
                        .cloned()
                        .unwrap_or_default(),
                )
            })
            .collect();
        let rest: Vec<&&BidResult> = ranked.iter().skip(passed_over.len()).collect();
        let outcome = match rest.first() {
            None => Outcome::NoWinner,
            Some(first) => {
                let tied: Vec<(String, String)> = rest
                    .iter()
                    .filter(|b| b.rank == first.rank && !full(b))
                    .map(|b| (b.bid.clone(), b.supplier.clone()))
                    .collect();
                if tied.len() > 1 {
                    Outcome::Tied(tied)
                } else {
                    Outcome::Winner {
                        bid: first.bid.clone(),
                        supplier: first.supplier.clone(),
                    }
                }
            }
        };
        if let Outcome::Winner { supplier, .. } = &outcome {
            won.entry(supplier_key(supplier))
                .or_default()
                .push(lot.name.clone());
        }
        out.push(Award {
            lot: lot.id.clone(),
            name: lot.name.clone(),
            outcome,
            passed_over,
            provisional: r.bids.iter().any(BidResult::provisional),
        });
    }
    out
}
