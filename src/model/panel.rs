//! Who scores what (an extension of version 1): assignments and recusals.
//!
//! An evaluator scores a cell (a bid, a scored criterion) when they are **assigned** to
//! it — to the criterion or a group above it, and to the bid's lot; an empty list means
//! all — and not **recused** from the bid by their declaration of interest (the bid
//! named, or its supplier named). Only the scores of evaluators who may score a cell
//! count in moderation; the others stay in the file, shown for what they are.
//!
//! Everything here works on one view (a lot's, or an evaluation without lots): the
//! tree it looks in is the view's `criteria`.

use std::collections::{HashMap, HashSet};

use super::lots::supplier_key;
use super::tree::subtree_ids;
use super::types::{Bid, Criterion, Evaluation};

/// Whether an evaluator's score of a cell counts, and why not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Counts,
    /// Not assigned to this criterion or to this bid's lot.
    NotAssigned,
    /// Recused from this bid by a declared conflict of interest.
    Recused,
}

/// Each evaluator's assignment and recusals, resolved against one view's tree.
#[derive(Clone, Debug, Default)]
pub struct Panel {
    evaluators: Vec<Member>,
    index: HashMap<String, usize>,
}

#[derive(Clone, Debug)]
struct Member {
    id: String,
    /// The scored criteria assigned, when the assignment names criteria.
    criteria: Option<HashSet<String>>,
    /// The lots assigned, when the assignment names lots.
    lots: Option<HashSet<String>>,
    bids: HashSet<String>,
    suppliers: HashSet<String>,
}

impl Member {
    fn restricted(&self) -> bool {
        self.criteria.is_some()
            || self.lots.is_some()
            || !self.bids.is_empty()
            || !self.suppliers.is_empty()
    }
}

impl Panel {
    pub fn new(e: &Evaluation) -> Panel {
        let mut index = HashMap::new();
        let evaluators: Vec<Member> = e
            .evaluators
            .iter()
            .enumerate()
            .map(|(i, v)| {
                index.entry(v.id.clone()).or_insert(i);
                let a = v.assignment.clone().unwrap_or_default();
                let criteria = (!a.criteria.is_empty()).then(|| expand(&e.criteria, &a.criteria));
                let lots = (!a.lots.is_empty()).then(|| a.lots.iter().cloned().collect());
                let d = v.declaration.clone();
                let (bids, suppliers) = d
                    .map(|d| {
                        (
                            d.bids.into_iter().collect(),
                            d.suppliers.iter().map(|s| supplier_key(s)).collect(),
                        )
                    })
                    .unwrap_or_default();
                Member {
                    id: v.id.clone(),
                    criteria,
                    lots,
                    bids,
                    suppliers,
                }
            })
            .collect();
        Panel { evaluators, index }
    }

    /// Whether every evaluator may score every cell: version 1, where nothing changes.
    pub fn is_open(&self) -> bool {
        !self.evaluators.iter().any(Member::restricted)
    }

    /// Whether this evaluator's score of this cell counts. An evaluator who is not on
    /// the panel has no standing to restrict: their scores are refused by validation.
    pub fn standing(&self, evaluator: &str, bid: &Bid, criterion: &str) -> Standing {
        let Some(m) = self.index.get(evaluator).map(|&i| &self.evaluators[i]) else {
            return Standing::Counts;
        };
        if m.bids.contains(&bid.id)
            || (!m.suppliers.is_empty() && m.suppliers.contains(&supplier_key(&bid.supplier)))
        {
            return Standing::Recused;
        }
        self.assigned(m, bid, criterion)
    }

    fn assigned(&self, m: &Member, bid: &Bid, criterion: &str) -> Standing {
        let lot_ok = match (&m.lots, &bid.lot) {
            (Some(lots), Some(l)) => lots.contains(l),
            _ => true,
        };
        let criterion_ok = m.criteria.as_ref().is_none_or(|c| c.contains(criterion));
        if lot_ok && criterion_ok {
            Standing::Counts
        } else {
            Standing::NotAssigned
        }
    }

    /// Whether the evaluator is recused from the bid.
    pub fn recused(&self, evaluator: &str, bid: &Bid) -> bool {
        self.standing(evaluator, bid, "") == Standing::Recused
    }

    /// Whether the evaluator is assigned to the bid (its lot) and the criterion,
    /// recusals aside.
    pub fn is_assigned(&self, evaluator: &str, bid: &Bid, criterion: &str) -> bool {
        match self.index.get(evaluator) {
            Some(&i) => self.assigned(&self.evaluators[i], bid, criterion) == Standing::Counts,
            None => true,
        }
    }

    /// The evaluators who may score the cell, in panel order.
    pub fn eligible<'a>(
        &'a self,
        bid: &'a Bid,
        criterion: &'a str,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.evaluators
            .iter()
            .filter(move |m| self.standing(&m.id, bid, criterion) == Standing::Counts)
            .map(|m| m.id.as_str())
    }
}

/// The ids of the criteria named and of everything below them, in this tree.
fn expand(tree: &[Criterion], named: &[String]) -> HashSet<String> {
    fn go(nodes: &[Criterion], named: &HashSet<&str>, out: &mut HashSet<String>) {
        for n in nodes {
            if named.contains(n.id.as_str()) {
                out.extend(subtree_ids(n));
            } else {
                go(n.children(), named, out);
            }
        }
    }
    let named: HashSet<&str> = named.iter().map(String::as_str).collect();
    let mut out = HashSet::new();
    go(tree, &named, &mut out);
    out
}

/// The evaluation with only the scores that count: itself (borrowed, no copy) when
/// every evaluator may score every cell, as in version 1.
pub fn counting(e: &Evaluation) -> std::borrow::Cow<'_, Evaluation> {
    counting_with(e, &Panel::new(e))
}

/// [`counting`], with the panel already resolved.
pub fn counting_with<'a>(e: &'a Evaluation, panel: &Panel) -> std::borrow::Cow<'a, Evaluation> {
    if panel.is_open() {
        return std::borrow::Cow::Borrowed(e);
    }
    let bids: HashMap<&str, &Bid> = e.bids.iter().map(|b| (b.id.as_str(), b)).collect();
    let mut out = e.clone();
    out.scores.retain(|s| match bids.get(s.bid.as_str()) {
        Some(b) => panel.standing(&s.evaluator, b, &s.criterion) == Standing::Counts,
        None => true,
    });
    std::borrow::Cow::Owned(out)
}
