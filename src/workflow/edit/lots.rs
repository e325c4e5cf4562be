//! Edits for real panels: lots and the award limit, who scores what, recusals, the
//! fewest scores per cell, blind scoring, and the recorded award decision.
//!
//! Lots, assignments, recusals and approvals concern the whole file (a lot's view does
//! not hold the other lots), so the session applies them to the whole evaluation
//! ([`super::Edit::whole_file`]).

use super::{missing, optional, refuse, slug, Change, EditError};
use crate::model::{Approval, Assignment, AwardLimit, Decision, Evaluation, Kind, Lot};
use crate::text;
use crate::workflow::Field;

/// Adds a lot. The first lot added to an evaluation without lots divides it: the bids
/// there are go into a first lot, "Lot 1", and the new lot comes second.
pub(super) fn add(e: &mut Evaluation, name: &str) -> Result<Change, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return refuse(Some(Field::NewLotName), "Enter the lot's name.");
    }
    let mut what = format!("Added the lot \"{name}\"");
    if e.lots.is_empty() {
        let first = if name == "Lot 1" {
            "Lot 1 (first)"
        } else {
            "Lot 1"
        };
        e.lots.push(Lot {
            id: "lot-1".into(),
            name: first.into(),
            criteria: None,
        });
        for b in &mut e.bids {
            b.lot = Some("lot-1".into());
        }
        what = format!(
            "Divided the evaluation into lots: {} in \"{first}\", and added the lot \"{name}\"",
            text::count(e.bids.len(), "bid", "bids")
        );
    }
    let id = slug(name, &|c| e.lot(c).is_some());
    e.lots.push(Lot {
        id,
        name: name.to_string(),
        criteria: None,
    });
    Ok(Change::new(what))
}

pub(super) fn rename(e: &mut Evaluation, lot: &str, name: &str) -> Result<Change, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return refuse(
            Some(Field::LotName(lot.to_string())),
            "Enter the lot's name.",
        );
    }
    let l = e
        .lots
        .iter_mut()
        .find(|l| l.id == lot)
        .ok_or_else(|| missing("lot", lot))?;
    let old = std::mem::replace(&mut l.name, name.to_string());
    Ok(Change::new(format!("Renamed the lot \"{old}\""))
        .values(Some(old), Some(name.to_string()))
        .keyed(format!("lot:{lot}")))
}

/// Removes a lot with no bids; the last lot removed leaves an evaluation without lots.
pub(super) fn remove(e: &mut Evaluation, lot: &str) -> Result<Change, EditError> {
    let i = e
        .lots
        .iter()
        .position(|l| l.id == lot)
        .ok_or_else(|| missing("lot", lot))?;
    let n = e
        .bids
        .iter()
        .filter(|b| b.lot.as_deref() == Some(lot))
        .count();
    if n > 0 && e.lots.len() > 1 {
        return refuse(
            None,
            format!(
                "\"{}\" has {}. Remove them first: bids and their scores are kept on file.",
                e.lots[i].name,
                text::count(n, "bid", "bids")
            ),
        );
    }
    let l = e.lots.remove(i);
    if e.lots.is_empty() {
        // Back to one competition: the lot's own tree, if it had one, is the tree.
        if let Some(tree) = l.criteria {
            e.criteria = tree;
        }
        for b in &mut e.bids {
            b.lot = None;
        }
        e.award_limit = None;
        for v in &mut e.evaluators {
            if let Some(a) = &mut v.assignment {
                a.lots.clear();
            }
        }
        for a in &mut e.workflow.approvals {
            a.lot = None;
        }
    } else {
        for v in &mut e.evaluators {
            if let Some(a) = &mut v.assignment {
                a.lots.retain(|x| x != lot);
            }
        }
        if let Some(limit) = &mut e.award_limit {
            limit.order.retain(|x| x != lot);
        }
    }
    Ok(Change::new(format!("Removed the lot \"{}\"", l.name)))
}

/// Gives a lot its own criteria tree, a copy of another lot's (or of the shared tree,
/// `from` `None`), to change on its own from then on.
pub(super) fn own_criteria(
    e: &mut Evaluation,
    lot: &str,
    from: Option<&str>,
) -> Result<Change, EditError> {
    if e.workflow.criteria_locked {
        return refuse(None, "The criteria are locked because scoring has started. Unlock them on the criteria page first; the unlock is recorded in the audit log.");
    }
    let tree = match from {
        None => e.criteria.clone(),
        Some(f) => {
            let source = e.lot(f).ok_or_else(|| missing("lot", f))?;
            e.lot_criteria(source).to_vec()
        }
    };
    let from_words = match from.and_then(|f| e.lot(f)) {
        Some(l) => format!("\"{}\"", l.name),
        None => "the shared criteria".to_string(),
    };
    let l = e
        .lots
        .iter_mut()
        .find(|l| l.id == lot)
        .ok_or_else(|| missing("lot", lot))?;
    l.criteria = Some(tree);
    Ok(Change::new(format!(
        "Gave \"{}\" its own criteria, copied from {from_words}",
        l.name
    )))
}

/// At most `lots` lots per supplier ("" for no limit), decided in `order`.
pub(super) fn award_limit(
    e: &mut Evaluation,
    lots: &str,
    order: &[String],
) -> Result<Change, EditError> {
    let old = e.award_limit.as_ref().map(|l| l.lots.to_string());
    let t = lots.trim();
    if t.is_empty() {
        e.award_limit = None;
        return Ok(Change::new("Removed the limit on lots per supplier").values(old, None));
    }
    if !e.has_lots() {
        return refuse(
            Some(Field::AwardLimit),
            "Add lots before limiting how many one supplier may win.",
        );
    }
    let n: i64 = match t.parse() {
        Ok(n) if n >= 1 => n,
        _ => {
            return refuse(
                Some(Field::AwardLimit),
                format!(
                "The most lots one supplier may win is \"{t}\"; enter a whole number, 1 or more."
            ),
            )
        }
    };
    for id in order {
        if e.lot(id).is_none() {
            return Err(missing("lot", id));
        }
    }
    e.award_limit = Some(AwardLimit {
        lots: n,
        order: order.to_vec(),
    });
    Ok(Change::new(format!(
        "A supplier may be awarded at most {}",
        text::count(n as usize, "lot", "lots")
    ))
    .values(old, Some(n.to_string())))
}

/// The fewest scores that count a cell needs ("" for one, as in version 1).
pub(super) fn min_scores(e: &mut Evaluation, min: &str) -> Result<Change, EditError> {
    let t = min.trim();
    let old = e.min_scores().map(|n| n.to_string());
    let new = if t.is_empty() {
        None
    } else {
        match t.parse::<i64>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                return refuse(
                    Some(Field::MinScores),
                    format!(
                        "The fewest scores per cell is \"{t}\"; enter a whole number, 1 or more."
                    ),
                )
            }
        }
    };
    e.moderation.get_or_insert_with(Default::default).min_scores = new;
    Ok(Change::new("Changed the fewest scores a cell needs")
        .values(old, new.map(|n| n.to_string())))
}

pub(super) fn blind(e: &mut Evaluation, blind: bool) -> Result<Change, EditError> {
    e.workflow.blind = blind;
    Ok(Change::new(if blind {
        "Evaluators now score blind: they see bids as codes, without supplier names or prices"
    } else {
        "Evaluators now see supplier names"
    }))
}

/// What one evaluator scores: criteria (groups stand for everything below them) and
/// lots; empty lists mean everything.
pub(super) fn assign(
    e: &mut Evaluation,
    evaluator: &str,
    criteria: &[String],
    lots: &[String],
) -> Result<Change, EditError> {
    let mut kinds = std::collections::HashMap::new();
    let mut trees: Vec<&[crate::model::Criterion]> = vec![&e.criteria];
    trees.extend(e.lots.iter().filter_map(|l| l.criteria.as_deref()));
    for t in trees {
        for c in crate::model::tree::all(t) {
            kinds.entry(c.id.clone()).or_insert(c.kind);
        }
    }
    for c in criteria {
        match kinds.get(c) {
            None => return Err(missing("criterion", c)),
            Some(Kind::Price | Kind::PassFail) => {
                return refuse(
                    Some(Field::Assignment(evaluator.to_string())),
                    "Evaluators do not score price or pass/fail criteria: assign scored criteria or their groups.",
                )
            }
            _ => {}
        }
    }
    for l in lots {
        if e.lot(l).is_none() {
            return Err(missing("lot", l));
        }
    }
    let v = e
        .evaluators
        .iter()
        .position(|v| v.id == evaluator)
        .ok_or_else(|| missing("evaluator", evaluator))?;
    let before_words = text::assignment_words(e, &e.evaluators[v]);
    let a = Assignment {
        criteria: criteria.to_vec(),
        lots: lots.to_vec(),
    };
    e.evaluators[v].assignment = (!a.is_empty()).then_some(a);
    let after_words = text::assignment_words(e, &e.evaluators[v]);
    Ok(
        Change::new(format!("Changed what {} scores", e.evaluators[v].name))
            .values(Some(before_words), Some(after_words)),
    )
}

/// The bids an evaluator with a declared conflict stands down from. Scores they gave
/// those bids stay on file, set aside: they no longer count.
pub(super) fn recuse(
    e: &mut Evaluation,
    evaluator: &str,
    bids: &[String],
) -> Result<Change, EditError> {
    for b in bids {
        if e.bid(b).is_none() {
            return Err(missing("bid", b));
        }
    }
    let v = e
        .evaluators
        .iter()
        .position(|v| v.id == evaluator)
        .ok_or_else(|| missing("evaluator", evaluator))?;
    let name = e.evaluators[v].name.clone();
    let Some(d) = e.evaluators[v].declaration.as_mut().filter(|d| d.conflict) else {
        return refuse(
            Some(Field::Recusal(evaluator.to_string())),
            format!("{name} has not declared a conflict of interest. Record the conflict first, then the bids it concerns."),
        );
    };
    let before = std::mem::replace(&mut d.bids, bids.to_vec());
    let words = |ids: &[String]| -> String {
        if ids.is_empty() {
            "none".into()
        } else {
            ids.iter()
                .map(|b| e.bid(b).map_or(b.clone(), |x| x.supplier.clone()))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let set_aside = e
        .scores
        .iter()
        .filter(|s| s.evaluator == evaluator && bids.contains(&s.bid))
        .count();
    let mut what = format!("{name} stands down from: {}", words(bids));
    if set_aside > 0 {
        what.push_str(&format!(
            ". {} they gave before declaring {} kept on file and no longer count{}",
            text::count(set_aside, "score", "scores"),
            if set_aside == 1 { "is" } else { "are" },
            if set_aside == 1 { "s" } else { "" }
        ));
    }
    Ok(Change::new(what).values(Some(words(&before)), Some(words(bids))))
}

/// The award decision for a lot (or for the evaluation without lots), recorded with
/// the digest of the result it decides on. Only when every result in the lot is final.
#[allow(clippy::too_many_arguments)]
pub(super) fn approve(
    e: &mut Evaluation,
    lot: Option<&str>,
    bid: &str,
    decision: Decision,
    approver: &str,
    role: &str,
    date: &str,
    reason: &str,
) -> Result<Change, EditError> {
    if !crate::model::validate(e).is_empty() {
        return refuse(
            None,
            "The evaluation has problems to fix before a decision can be recorded.",
        );
    }
    let results = crate::scoring::lots::score_lots(e);
    let r = results
        .lots
        .iter()
        .find(|l| l.lot.as_ref().map(|(id, _)| id.as_str()) == lot)
        .ok_or_else(|| missing("lot", lot.unwrap_or_default()))?;
    if let Some(b) = r.results.bids.iter().find(|b| b.provisional()) {
        return refuse(
            None,
            format!("Results are not final yet ({} is provisional: {}). Record the decision when every result is final.", b.supplier, b.pending.first().map(ToString::to_string).unwrap_or_default()),
        );
    }
    if !r
        .results
        .bids
        .iter()
        .any(|b| b.bid == bid && b.rank.is_some())
    {
        return refuse(
            None,
            format!("Bid \"{bid}\" is not a ranked bid of this lot."),
        );
    }
    if approver.trim().is_empty() {
        return refuse(
            Some(Field::Approver),
            "Enter the name of the person who made the decision.",
        );
    }
    if role.trim().is_empty() {
        return refuse(Some(Field::ApproverRole), "Enter the approver's role.");
    }
    if !crate::model::is_date(date.trim()) {
        return refuse(
            Some(Field::ApprovalDate),
            format!(
                "The date is \"{}\"; enter it as YYYY-MM-DD, such as 2026-11-30.",
                date.trim()
            ),
        );
    }
    if decision == Decision::Returned && reason.trim().is_empty() {
        return refuse(
            Some(Field::ApprovalReason),
            "Say why the recommendation is returned.",
        );
    }
    let approval = Approval {
        lot: lot.map(str::to_string),
        bid: bid.to_string(),
        decision,
        approver: approver.trim().to_string(),
        role: role.trim().to_string(),
        date: date.trim().to_string(),
        reason: optional(reason),
        result: crate::award::result::approval_digest(e),
        audit_length: Some(e.workflow.audit.len() as u64),
    };
    let what = crate::award::result::approval_words(e, &approval);
    e.workflow.approvals.push(approval);
    // The approval is its own record: an audit entry would change the result it names.
    Ok(Change::new(format!("{what} (recorded)")).unaudited())
}
