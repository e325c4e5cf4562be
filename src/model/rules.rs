//! The rules of the extensions for real panels (docs/format.md): lots, the award
//! limit, assignments, recusals, the fewest scores a cell needs, and recorded
//! approvals. A version 1 file uses none of these fields and breaks none of these rules.
//!
//! A lotted file is checked lot by lot: each lot's view ([`super::lots`]) is checked by
//! the version 1 rules, and each problem is named by its place in the whole file.

use std::collections::{HashMap, HashSet};

use super::lots::{supplier_key, view, View};
use super::problem::Problem;
use super::types::*;
use super::validate::bid_place;

/// Every problem of a lotted evaluation's lots, by the version 1 rules (`one`), named by
/// their place in the file; a problem common to several lots (of the shared tree, of
/// the panel) is given once.
pub(super) fn lots(e: &Evaluation, one: impl Fn(&Evaluation) -> Vec<Problem>) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for i in 0..e.lots.len() {
        let v = view(e, i);
        for mut p in one(&v.evaluation) {
            // Bid ids are checked across the whole file below, with the file's numbers.
            if p.path.starts_with("bids[") && p.message.contains("already used by bid") {
                continue;
            }
            p.path = in_file(&p.path, &v, e.lots[i].criteria.is_some());
            if seen.insert((p.path.clone(), p.message.clone())) {
                out.push(p);
            }
        }
    }
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, b) in e.bids.iter().enumerate() {
        if b.id.trim().is_empty() {
            continue;
        }
        if let Some(f) = first.get(b.id.as_str()) {
            out.push(Problem::new(
                format!("bids[{i}].id"),
                bid_place(b, i),
                format!(
                    "uses the id \"{}\", already used by bid {}. Bid ids must be unique.",
                    b.id,
                    f + 1
                ),
            ));
        } else {
            first.insert(&b.id, i);
        }
    }
    out
}

/// A path in a lot's view, as a path in the whole file.
fn in_file(path: &str, v: &View, own_tree: bool) -> String {
    let lists: [(&str, &Vec<usize>); 4] = [
        ("bids[", &v.bids),
        ("scores[", &v.scores),
        ("consensus[", &v.consensus),
        ("checks[", &v.checks),
    ];
    for (prefix, map) in lists {
        if let Some(rest) = path.strip_prefix(prefix) {
            if let Some((n, tail)) = rest.split_once(']') {
                if let Some(&i) = n.parse::<usize>().ok().and_then(|n| map.get(n)) {
                    return format!("{prefix}{i}]{tail}");
                }
            }
        }
    }
    if own_tree && path.starts_with("criteria") {
        return format!("lots[{}].{path}", v.lot);
    }
    path.to_string()
}

fn evaluator_place(v: &Evaluator, i: usize) -> String {
    if v.name.trim().is_empty() {
        format!("Evaluator {}", i + 1)
    } else {
        format!("Evaluator \"{}\" ({})", v.name, v.id)
    }
}

/// The rules of the fields the extensions add, lots or none.
pub(super) fn extensions(e: &Evaluation) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut push = |path: String, place: String, message: String| {
        out.push(Problem::new(path, place, message));
    };
    let lot_ids: HashSet<&str> = e.lots.iter().map(|l| l.id.as_str()).collect();
    let bids: HashMap<&str, &Bid> = e.bids.iter().map(|b| (b.id.as_str(), b)).collect();

    // Lots.
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, l) in e.lots.iter().enumerate() {
        let place = if l.name.trim().is_empty() {
            format!("Lot {}", i + 1)
        } else {
            format!("Lot \"{}\" ({})", l.name, l.id)
        };
        if l.id.trim().is_empty() {
            push(
                format!("lots[{i}].id"),
                place.clone(),
                "has no id. Give every lot a short unique id.".into(),
            );
        } else if !seen.insert(&l.id) {
            push(
                format!("lots[{i}].id"),
                place.clone(),
                format!(
                    "uses the id \"{}\", already used by another lot. Lot ids must be unique.",
                    l.id
                ),
            );
        }
        if l.name.trim().is_empty() {
            push(
                format!("lots[{i}].name"),
                place,
                "has no name. Give every lot a name, such as \"Lot 1: Discovery\".".into(),
            );
        }
    }
    // A lot's view: its bids name their lot, and the lots are the whole file's to check.
    let view = e.view_of.is_some();
    for (i, b) in e.bids.iter().enumerate().filter(|_| !view) {
        match (&b.lot, e.has_lots()) {
            (Some(l), false) => push(
                format!("bids[{i}].lot"),
                bid_place(b, i),
                format!("names lot \"{l}\", but the evaluation has no lots. Remove the lot or add the lots."),
            ),
            (Some(l), true) if !lot_ids.contains(l.as_str()) => push(
                format!("bids[{i}].lot"),
                bid_place(b, i),
                format!("names lot \"{l}\", which is not in the evaluation. Use one of: {}.", list(e.lots.iter().map(|l| l.id.as_str()))),
            ),
            (None, true) => push(
                format!("bids[{i}]"),
                bid_place(b, i),
                format!("has no lot. In an evaluation with lots every bid names its lot: one of {}.", list(e.lots.iter().map(|l| l.id.as_str()))),
            ),
            _ => {}
        }
    }
    if e.has_lots() {
        // Entries whose bid is in no lot are in no view, so no view names them.
        let lists: [(&str, &str, Vec<&str>); 3] = [
            (
                "scores",
                "Score",
                e.scores.iter().map(|s| s.bid.as_str()).collect(),
            ),
            (
                "consensus",
                "Consensus",
                e.consensus.iter().map(|c| c.bid.as_str()).collect(),
            ),
            (
                "checks",
                "Check",
                e.checks.iter().map(|c| c.bid.as_str()).collect(),
            ),
        ];
        for (list, word, named) in lists {
            for (i, bid) in named.into_iter().enumerate() {
                if !bids.contains_key(bid) {
                    push(
                        format!("{list}[{i}].bid"),
                        format!("{word} {}", i + 1),
                        format!("names bid \"{bid}\", which is not in the file."),
                    );
                }
            }
        }
    }

    // The award limit.
    if let Some(limit) = &e.award_limit {
        if !e.has_lots() {
            push(
                "award_limit".into(),
                "Award limit".into(),
                "is set, but the evaluation has no lots. Remove it or add the lots.".into(),
            );
        }
        if limit.lots < 1 {
            push(
                "award_limit.lots".into(),
                "Award limit › lots".into(),
                format!(
                    "is {}; a supplier must be able to win at least 1 lot.",
                    limit.lots
                ),
            );
        }
        let mut seen: HashSet<&str> = HashSet::new();
        for (i, id) in limit.order.iter().enumerate() {
            if !lot_ids.contains(id.as_str()) {
                push(
                    format!("award_limit.order[{i}]"),
                    "Award limit › order".into(),
                    format!("names lot \"{id}\", which is not in the evaluation."),
                );
            } else if !seen.insert(id) {
                push(format!("award_limit.order[{i}]"), "Award limit › order".into(), format!("names lot \"{id}\" twice. Name each lot once, in the order they are decided."));
            }
        }
        if !limit.order.is_empty() {
            let missing: Vec<&str> = e
                .lots
                .iter()
                .map(|l| l.id.as_str())
                .filter(|l| !seen.contains(l))
                .collect();
            if !missing.is_empty() {
                push(
                    "award_limit.order".into(),
                    "Award limit › order".into(),
                    format!(
                        "leaves out {}. Name every lot once, in the order they are decided.",
                        list(missing.into_iter())
                    ),
                );
            }
        }
    }

    // The fewest scores a cell needs.
    if let Some(n) = e.moderation.as_ref().and_then(|m| m.min_scores) {
        if n < 1 {
            push(
                "moderation.min_scores".into(),
                "Moderation › fewest scores per cell".into(),
                format!("is {n}; a cell needs at least 1 score."),
            );
        }
    }

    // What bids are ranked on.
    if let Some(r) = e.ranking.as_ref().filter(|_| !view) {
        let place = "Ranking".to_string();
        let other = r.method != RankingMethod::WeightedPoints;
        if other {
            let mut trees: Vec<&[Criterion]> = vec![&e.criteria];
            trees.extend(e.lots.iter().filter_map(|l| l.criteria.as_deref()));
            let mut priced = false;
            for t in trees {
                walk(t, &mut |c| priced |= c.kind == Kind::Price);
            }
            if priced {
                push("ranking.method".into(), place.clone(), "sets price against quality points, so the criteria hold no price criterion: remove it, or rank by weighted points.".into());
            }
            for (i, b) in e.bids.iter().enumerate() {
                if b.price.is_none() {
                    push(format!("bids[{i}].price"), bid_place(b, i), "has no price. Ranking by price against quality points needs every bid's price.".into());
                }
            }
        }
        match (r.method, r.point_value) {
            (RankingMethod::AdjustedPrice, None) => push("ranking.point_value".into(), place, "ranks by quality-adjusted price but gives no \"point_value\": what one quality point is worth in money, such as \"1000\".".into()),
            (RankingMethod::AdjustedPrice, Some(v)) if v.0 <= rust_decimal::Decimal::ZERO => push("ranking.point_value".into(), place, format!("has point_value {v}; a quality point must be worth more than 0.")),
            (RankingMethod::AdjustedPrice, _) => {}
            (_, Some(_)) => push("ranking.point_value".into(), place, "gives a point_value, which only the quality-adjusted price uses: remove it.".into()),
            (_, None) => {}
        }
    }

    // The abnormally low rule.
    if let Some(rule) = e.abnormally_low.as_ref().filter(|_| !view) {
        abnormally_low(rule, &mut push);
    }

    if view {
        // Assignments, recusals, approvals and investigations name other lots' criteria
        // and bids.
        return out;
    }

    // Assignments and recusals.
    let mut criteria: HashMap<&str, Kind> = HashMap::new();
    let mut trees: Vec<&[Criterion]> = Vec::new();
    if !e.has_lots() || e.lots.iter().any(|l| l.criteria.is_none()) {
        trees.push(&e.criteria);
    }
    trees.extend(e.lots.iter().filter_map(|l| l.criteria.as_deref()));
    for tree in trees {
        walk(tree, &mut |c| {
            criteria.entry(c.id.as_str()).or_insert(c.kind);
        });
    }
    let suppliers: HashSet<String> = e.bids.iter().map(|b| supplier_key(&b.supplier)).collect();
    for (i, v) in e.evaluators.iter().enumerate() {
        let place = evaluator_place(v, i);
        if let Some(a) = &v.assignment {
            for (j, c) in a.criteria.iter().enumerate() {
                let path = format!("evaluators[{i}].assignment.criteria[{j}]");
                match criteria.get(c.as_str()) {
                    None => push(path, place.clone(), format!("is assigned to criterion \"{c}\", which is not in the criteria. Assign a criterion or group that exists.")),
                    Some(Kind::Price) | Some(Kind::PassFail) => push(path, place.clone(), format!("is assigned to \"{c}\", which evaluators do not score (a price or pass/fail criterion). Assign scored criteria or their groups.")),
                    _ => {}
                }
            }
            for (j, l) in a.lots.iter().enumerate() {
                if !lot_ids.contains(l.as_str()) {
                    let why = if e.has_lots() {
                        format!("is assigned to lot \"{l}\", which is not in the evaluation. Use one of: {}.", list(e.lots.iter().map(|l| l.id.as_str())))
                    } else {
                        format!("is assigned to lot \"{l}\", but the evaluation has no lots.")
                    };
                    push(
                        format!("evaluators[{i}].assignment.lots[{j}]"),
                        place.clone(),
                        why,
                    );
                }
            }
        }
        if let Some(d) = &v.declaration {
            if !d.conflict && (!d.bids.is_empty() || !d.suppliers.is_empty()) {
                push(format!("evaluators[{i}].declaration.conflict"), place.clone(), "stands down from bids but declares no conflict of interest. Declare the conflict, or remove the bids.".into());
            }
            for (j, b) in d.bids.iter().enumerate() {
                if !bids.contains_key(b.as_str()) {
                    push(format!("evaluators[{i}].declaration.bids[{j}]"), place.clone(), format!("is recused from bid \"{b}\", which is not in the evaluation. Name a bid that exists."));
                }
            }
            for (j, s) in d.suppliers.iter().enumerate() {
                if !suppliers.contains(&supplier_key(s)) {
                    push(format!("evaluators[{i}].declaration.suppliers[{j}]"), place.clone(), format!("is recused from supplier \"{s}\", who has no bid in the evaluation. Name the supplier as their bids do."));
                }
            }
        }
    }

    // Approvals.
    for (i, a) in e.workflow.approvals.iter().enumerate() {
        let path = format!("workflow.approvals[{i}]");
        let place = format!("Approval {}", i + 1);
        match (&a.lot, e.has_lots()) {
            (None, true) => push(
                format!("{path}.lot"),
                place.clone(),
                "names no lot. In an evaluation with lots each approval decides one lot.".into(),
            ),
            (Some(l), false) => push(
                format!("{path}.lot"),
                place.clone(),
                format!("names lot \"{l}\", but the evaluation has no lots."),
            ),
            (Some(l), true) if !lot_ids.contains(l.as_str()) => push(
                format!("{path}.lot"),
                place.clone(),
                format!("names lot \"{l}\", which is not in the evaluation."),
            ),
            _ => {}
        }
        match bids.get(a.bid.as_str()) {
            None => push(
                format!("{path}.bid"),
                place.clone(),
                format!(
                    "recommends bid \"{}\", which is not in the evaluation.",
                    a.bid
                ),
            ),
            Some(b) if e.has_lots() && a.lot.is_some() && b.lot != a.lot => push(
                format!("{path}.bid"),
                place.clone(),
                format!(
                    "recommends bid \"{}\", which is not in lot \"{}\".",
                    a.bid,
                    a.lot.as_deref().unwrap_or_default()
                ),
            ),
            _ => {}
        }
        if a.approver.trim().is_empty() {
            push(
                format!("{path}.approver"),
                place.clone(),
                "has no approver. Record who made the decision.".into(),
            );
        }
        if a.role.trim().is_empty() {
            push(
                format!("{path}.role"),
                place.clone(),
                "has no role. Record the approver's role.".into(),
            );
        }
        if !is_date(&a.date) {
            push(
                format!("{path}.date"),
                place.clone(),
                format!(
                    "is \"{}\"; write the date as YYYY-MM-DD, such as \"2026-11-30\".",
                    a.date
                ),
            );
        }
        if a.decision == Decision::Returned
            && a.reason.as_deref().is_none_or(|r| r.trim().is_empty())
        {
            push(
                format!("{path}.reason"),
                place.clone(),
                "returns the recommendation without a reason. Say why it was returned.".into(),
            );
        }
        if a.result.len() != 64
            || !a
                .result
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            push(format!("{path}.result"), place, "is not a SHA-256 digest (64 lower-case hexadecimal digits) of the result approved.".into());
        }
    }
    // Investigations of abnormally low bids. An outcome for a bid the rule does not flag
    // is allowed: flags follow the scores (a bid excluded on quality leaves the
    // comparison), so a score edit must never make a file invalid; such an outcome is
    // kept, shown as not applied, and changes nothing.
    let mut investigated: HashMap<&str, usize> = HashMap::new();
    for (i, v) in e.workflow.investigations.iter().enumerate() {
        let path = format!("workflow.investigations[{i}]");
        let place = format!("Investigation {}", i + 1);
        if !bids.contains_key(v.bid.as_str()) {
            push(
                format!("{path}.bid"),
                place.clone(),
                format!(
                    "records an outcome for bid \"{}\", which is not in the evaluation. Name a bid that exists.",
                    v.bid
                ),
            );
        } else if let Some(first) = investigated.get(v.bid.as_str()) {
            push(
                format!("{path}.bid"),
                place.clone(),
                format!(
                    "records a second outcome for bid \"{}\" (the first is investigation {}). Keep one outcome per bid.",
                    v.bid,
                    first + 1
                ),
            );
        } else {
            investigated.insert(&v.bid, i);
        }
        if v.outcome == Outcome::Rejected && v.reason.as_deref().is_none_or(|r| r.trim().is_empty())
        {
            push(
                format!("{path}.reason"),
                place.clone(),
                "rejects the bid as abnormally low without a reason. Say why the supplier's explanation does not account for the price.".into(),
            );
        }
        if v.by.trim().is_empty() {
            push(
                format!("{path}.by"),
                place.clone(),
                "does not say who recorded the outcome. Record their name.".into(),
            );
        }
        if !is_date(&v.date) {
            push(
                format!("{path}.date"),
                place,
                format!(
                    "is \"{}\"; write the date as YYYY-MM-DD, such as \"2026-11-30\".",
                    v.date
                ),
            );
        }
    }
    out
}

/// The rule's numbers: percentages from 0 to 100, a positive reference price, at
/// least 2 bids.
fn abnormally_low(rule: &AbnormallyLow, push: &mut impl FnMut(String, String, String)) {
    use rust_decimal::Decimal;
    let place = || "Abnormally low rule".to_string();
    let p = rule.below_percent.0;
    if p <= Decimal::ZERO || p >= Decimal::ONE_HUNDRED {
        push(
            "abnormally_low.below_percent".into(),
            place(),
            format!(
                "is {}; use a percentage more than 0 and less than 100, such as \"15\".",
                rule.below_percent
            ),
        );
    }
    if let Some(m) = rule.below_lowest_other_percent {
        if m.0 < Decimal::ZERO || m.0 >= Decimal::ONE_HUNDRED {
            push(
                "abnormally_low.below_lowest_other_percent".into(),
                place(),
                format!("is {m}; use a percentage from 0 to less than 100, such as \"1\"."),
            );
        }
    }
    if let Some(r) = rule.reference_price {
        if r.0 <= Decimal::ZERO {
            push(
                "abnormally_low.reference_price".into(),
                place(),
                format!("is {r}; the budget or estimated price must be more than 0."),
            );
        }
    }
    if let Some(n) = rule.min_bids {
        if n < 2 {
            push(
                "abnormally_low.min_bids".into(),
                place(),
                format!("is {n}; comparing prices needs at least 2 bids."),
            );
        }
    }
}

fn walk<'a>(nodes: &'a [Criterion], f: &mut impl FnMut(&'a Criterion)) {
    for n in nodes {
        f(n);
        walk(n.children(), f);
    }
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `YYYY-MM-DD`, a real day of the Gregorian calendar.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}
