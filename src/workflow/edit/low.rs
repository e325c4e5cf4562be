//! Abnormally low bids: the stated rule that flags them, set, changed or removed like
//! the other settings; and the outcome of investigating a flagged bid: the buyer asked
//! the supplier to explain its price and records whether the explanation was accepted
//! or the bid rejected (with the reason). Both are audited with the value before and
//! after.

use rust_decimal::Decimal;

use super::bids::price_text;
use super::{missing, number, optional, refuse, Change, EditError};
use crate::model::{AbnormallyLow, Dec, Evaluation, Investigation, LowBase, Outcome};
use crate::workflow::Field;

/// The rule in a few words, for the audit log: "15 % below the median price; more than
/// 1 % below the lowest other price".
fn rule_words(rule: &AbnormallyLow) -> String {
    let mut s = match rule.reference_price {
        Some(r) => format!(
            "{} percentage points of {r} below {}",
            rule.below_percent,
            crate::text::low_base_words(rule.of)
        ),
        None => format!(
            "{} % below {}",
            rule.below_percent,
            crate::text::low_base_words(rule.of)
        ),
    };
    if let Some(m) = rule.below_lowest_other_percent {
        s.push_str(&format!("; more than {m} % below the lowest other price"));
    }
    if let Some(n) = rule.min_bids {
        s.push_str(&format!("; at least {n} bids compared"));
    }
    s
}

/// A percentage as people type it: `15`, `15 %`, `15%`.
fn percent(input: &str, field: Field, label: &str) -> Result<Decimal, EditError> {
    let t = input.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    number(t, field, label)
}

/// Sets, changes or (with `of` = `None`) removes the rule. Every number is checked as the
/// file's validation checks it, and refused with the field named; the optional ones are
/// left out when empty.
pub(super) fn rule(
    e: &mut Evaluation,
    below_percent: &str,
    of: Option<LowBase>,
    reference_price: &str,
    below_lowest_other_percent: &str,
    min_bids: &str,
) -> Result<Change, EditError> {
    let before = e.abnormally_low.as_ref().map(rule_words);
    let Some(of) = of else {
        if before.is_none() {
            return refuse(
                None,
                "The evaluation sets no abnormally low rule, so there is none to remove.",
            );
        }
        e.abnormally_low = None;
        return Ok(Change::new("Removed the abnormally low rule").values(before, None));
    };
    if below_percent.trim().is_empty() {
        return refuse(
            Some(Field::LowPercent),
            "Enter how far below the base a price must be to be flagged, as a percentage such as 15.",
        );
    }
    let p = percent(
        below_percent,
        Field::LowPercent,
        "The percentage below the base",
    )?;
    if p <= Decimal::ZERO || p >= Decimal::ONE_HUNDRED {
        return refuse(
            Some(Field::LowPercent),
            format!("The percentage below the base is {}; enter a number more than 0 and less than 100, such as 15.", p.normalize()),
        );
    }
    let reference = match optional(&price_text(reference_price, &Field::LowReferencePrice)?) {
        None => None,
        Some(r) => {
            let r = number(&r, Field::LowReferencePrice, "The reference price")?;
            if r <= Decimal::ZERO {
                return refuse(
                    Some(Field::LowReferencePrice),
                    "The reference price (the budget or estimated price) must be more than 0.",
                );
            }
            Some(Dec(r))
        }
    };
    let margin = match optional(below_lowest_other_percent) {
        None => None,
        Some(m) => {
            let m = percent(
                &m,
                Field::LowMargin,
                "The margin below the lowest other price",
            )?;
            if m < Decimal::ZERO || m >= Decimal::ONE_HUNDRED {
                return refuse(
                    Some(Field::LowMargin),
                    format!("The margin below the lowest other price is {}; enter a percentage from 0 to less than 100, such as 1.", m.normalize()),
                );
            }
            Some(Dec(m))
        }
    };
    let fewest = match optional(min_bids) {
        None => None,
        Some(t) => match t.parse::<i64>() {
            Ok(n) if n >= 2 => Some(n),
            _ => {
                return refuse(
                    Some(Field::LowMinBids),
                    format!("The fewest bids to compare is \"{t}\"; enter a whole number, 2 or more: comparing prices needs at least 2 bids."),
                )
            }
        },
    };
    let rule = AbnormallyLow {
        below_percent: Dec(p),
        of,
        reference_price: reference,
        below_lowest_other_percent: margin,
        min_bids: fewest,
    };
    let after = rule_words(&rule);
    let what = if before.is_some() {
        "Changed the abnormally low rule"
    } else {
        "Set the abnormally low rule"
    };
    e.abnormally_low = Some(rule);
    Ok(Change::new(what).values(before, Some(after)))
}

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
