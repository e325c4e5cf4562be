//! The outcome of investigating an abnormally low bid: the buyer asked the supplier to
//! explain its price and records whether the explanation was accepted or the bid
//! rejected (with the reason). Audited like every decision of the panel: the audit log
//! keeps the outcome before and after.

use super::{missing, optional, refuse, Change, EditError};
use crate::model::{Evaluation, Investigation, Outcome};
use crate::workflow::Field;

/// Records (or, with `None`, withdraws) the outcome for `bid`. Refused for a bid the
/// rule does not flag now: a file may keep such an outcome (it changes nothing), but a
/// new one is recorded only for a flagged bid.
pub(super) fn investigate(
    e: &mut Evaluation,
    bid: &str,
    outcome: Option<Outcome>,
    reason: &str,
    by: &str,
    date: &str,
) -> Result<Change, EditError> {
    let supplier = e
        .bid(bid)
        .map(|b| b.supplier.clone())
        .ok_or_else(|| missing("bid", bid))?;
    let before = e.investigation(bid).map(crate::text::investigation_words);
    let Some(outcome) = outcome else {
        if before.is_none() {
            return refuse(None, format!("No outcome is recorded for {supplier}."));
        }
        e.workflow.investigations.retain(|v| v.bid != bid);
        return Ok(Change::new(format!(
            "Withdrew the outcome of investigating the price of {supplier}"
        ))
        .values(before, None));
    };
    if e.abnormally_low.is_none() {
        return refuse(
            None,
            "The evaluation sets no abnormally low rule, so no bid is flagged for investigation.",
        );
    }
    if !crate::model::validate(e).is_empty() {
        return refuse(
            None,
            "The evaluation has problems to fix before an outcome can be recorded.",
        );
    }
    let flagged = crate::scoring::score(e)
        .bids
        .iter()
        .any(|b| b.bid == bid && b.abnormally_low.is_some());
    if !flagged {
        return refuse(
            None,
            format!("The rule does not flag the price of {supplier} as abnormally low, so there is no investigation to record."),
        );
    }
    if outcome == Outcome::Rejected && reason.trim().is_empty() {
        return refuse(
            Some(Field::InvestigationReason(bid.to_string())),
            "Say why the supplier's explanation does not account for the price: the supplier must be told why its bid was rejected.",
        );
    }
    if by.trim().is_empty() {
        return refuse(
            Some(Field::InvestigationBy(bid.to_string())),
            "Enter the name of the person recording the outcome.",
        );
    }
    if !crate::model::is_date(date.trim()) {
        return refuse(
            Some(Field::InvestigationDate(bid.to_string())),
            format!(
                "The date is \"{}\"; enter it as YYYY-MM-DD, such as 2026-11-30.",
                date.trim()
            ),
        );
    }
    let v = Investigation {
        bid: bid.to_string(),
        outcome,
        reason: optional(reason),
        by: by.trim().to_string(),
        date: date.trim().to_string(),
    };
    let after = crate::text::investigation_words(&v);
    match e.workflow.investigations.iter_mut().find(|x| x.bid == bid) {
        Some(x) => *x = v,
        None => e.workflow.investigations.push(v),
    }
    let what = match outcome {
        Outcome::Accepted => {
            format!("Accepted the explanation of the abnormally low price of {supplier}")
        }
        Outcome::Rejected => format!("Rejected the bid of {supplier} as abnormally low"),
    };
    Ok(Change::new(what).values(before, Some(after)))
}
