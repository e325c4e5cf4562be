//! Edits to the evaluation's settings: its details, the scoring scale, moderation, the
//! quality threshold, decimal places, hidden prices, and the criteria lock.

use crate::workflow::Field;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{number, optional, refuse, Change, EditError};
use crate::model::tree::scale_of;
use crate::model::{Dec, Evaluation, Method, Scale};
use crate::text;

pub(super) fn details(
    e: &mut Evaluation,
    title: &str,
    reference: &str,
    currency: &str,
) -> Result<Change, EditError> {
    let title = title.trim();
    if title.is_empty() {
        return refuse(Some(Field::Title), "Enter a title for the procurement.");
    }
    let currency = optional(currency).map(|c| c.to_uppercase());
    if let Some(c) = &currency {
        if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
            return refuse(
                Some(Field::Currency),
                "Enter the currency as a three-letter code, such as GBP, EUR or KRW.",
            );
        }
    }
    let show = |e: &Evaluation| {
        format!(
            "{}; reference {}; currency {}",
            e.title,
            e.reference.as_deref().unwrap_or("none"),
            e.currency.as_deref().unwrap_or("none")
        )
    };
    let old = show(e);
    e.title = title.to_string();
    e.reference = optional(reference);
    e.currency = currency;
    let new = show(e);
    Ok(Change::new("Changed the evaluation details")
        .values(Some(old), Some(new))
        .keyed("details".into()))
}

/// The evaluation's scale, refused while a score, agreed score or minimum score it
/// applies to would fall outside it.
pub(super) fn scale(
    e: &mut Evaluation,
    min: &str,
    max: &str,
    labels: &BTreeMap<String, String>,
) -> Result<Change, EditError> {
    let lo = number(min, Field::ScaleMin, "The lowest score")?;
    let hi = number(max, Field::ScaleMax, "The highest score")?;
    if lo >= hi {
        return refuse(
            Some(Field::ScaleMin),
            "The lowest score must be below the highest score.",
        );
    }
    let labels: BTreeMap<String, String> = labels
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .collect();
    let old = e.default_scale();
    e.scale = Some(Scale {
        min: Dec(lo),
        max: Dec(hi),
        labels,
    });
    // Scores, agreed scores and minimum scores already set must still fit the
    // scale that applies to them (criteria with a scale of their own keep it).
    let fits = |criterion: &str, v: Decimal| {
        let s = scale_of(e, criterion);
        v >= s.min.0 && v <= s.max.0
    };
    let outside = e
        .scores
        .iter()
        .filter(|s| !fits(&s.criterion, s.score.0))
        .count()
        + e.consensus
            .iter()
            .filter(|c| !fits(&c.criterion, c.score.0))
            .count();
    if outside > 0 {
        return refuse(
            Some(Field::ScaleMin),
            format!(
                "{} already given would lie outside this scale. Change those scores first.",
                text::count(outside, "score", "scores")
            ),
        );
    }
    let mins = e
        .walk()
        .iter()
        .filter(|(_, c)| c.min_score.is_some_and(|m| !fits(&c.id, m.0)))
        .count();
    if mins > 0 {
        return refuse(
            Some(Field::ScaleMin),
            format!(
                "{} would lie outside this scale. Change them on the criteria page first.",
                text::count(mins, "minimum score", "minimum scores")
            ),
        );
    }
    Ok(Change::new("Changed the scoring scale").values(
        Some(format!("{} to {}", old.min, old.max)),
        Some(format!("{lo} to {hi}")),
    ))
}

pub(super) fn moderation(
    e: &mut Evaluation,
    method: Method,
    divergence: &str,
) -> Result<Change, EditError> {
    let d = match optional(divergence) {
        None => None,
        Some(s) => {
            let d = number(&s, Field::Divergence, "The spread that flags a score")?;
            if d < Decimal::ZERO {
                return refuse(
                    Some(Field::Divergence),
                    "The spread that flags a score cannot be negative.",
                );
            }
            Some(Dec(d))
        }
    };
    let show = |m: Method, d: Option<Dec>| {
        format!(
            "{}; {}",
            crate::standings::method_words(m),
            d.map_or("no divergence flags".to_string(), |d| format!(
                "flag a spread of {d} or more"
            ))
        )
    };
    let old = show(e.method(), e.divergence());
    let min_scores = e.moderation.as_ref().and_then(|m| m.min_scores);
    e.moderation = Some(crate::model::Moderation {
        method,
        divergence: d,
        min_scores,
    });
    Ok(Change::new("Changed how scores are moderated").values(Some(old), Some(show(method, d))))
}

pub(super) fn threshold(e: &mut Evaluation, threshold: &str) -> Result<Change, EditError> {
    let t = match optional(threshold) {
        None => None,
        Some(s) => {
            let t = number(&s, Field::Threshold, "The quality threshold")?;
            if t < Decimal::ZERO || t > Decimal::ONE_HUNDRED {
                return refuse(
                    Some(Field::Threshold),
                    "The quality threshold is a percentage: enter a number from 0 to 100.",
                );
            }
            Some(Dec(t))
        }
    };
    let old = e.quality_threshold.map(|t| t.to_string());
    e.quality_threshold = t;
    Ok(Change::new("Changed the quality threshold").values(old, t.map(|t| t.to_string())))
}

/// What bids are ranked on. Weighted points (the default) removes the setting; the
/// methods that set price against quality points need every bid's price and no price
/// criterion, and the quality-adjusted price needs the value of a point.
pub(super) fn ranking(
    e: &mut Evaluation,
    method: crate::model::RankingMethod,
    point_value: &str,
) -> Result<Change, EditError> {
    use crate::model::{Kind, Ranking, RankingMethod as R};
    let words = |r: Option<&Ranking>| match r {
        None => crate::text::ranking_words(R::WeightedPoints).to_string(),
        Some(r) => match r.point_value {
            Some(v) => format!(
                "{}, a point worth {v}",
                crate::text::ranking_words(r.method)
            ),
            None => crate::text::ranking_words(r.method).to_string(),
        },
    };
    let next = match method {
        R::WeightedPoints => None,
        _ => {
            if let Some((_, price)) = e.walk().into_iter().find(|(_, c)| c.kind == Kind::Price) {
                return refuse(
                    Some(Field::RankingMethod),
                    format!("Ranking on price against quality points sets each bid's price against its quality points, so there can be no price criterion: remove \"{}\" first, or keep ranking on total weighted points.", price.name),
                );
            }
            let point_value = if method == R::AdjustedPrice {
                let Some(v) = super::bids::bid_price(point_value, Field::PointValue)? else {
                    return refuse(
                        Some(Field::PointValue),
                        "Enter the value of one quality point in money, such as 1,000: the quality-adjusted price is the price less the quality points times it.",
                    );
                };
                Some(v)
            } else {
                None
            };
            Some(Ranking {
                method,
                point_value,
            })
        }
    };
    let old = words(e.ranking.as_ref());
    e.ranking = next;
    Ok(Change::new("Changed what bids are ranked on")
        .values(Some(old), Some(words(e.ranking.as_ref()))))
}

pub(super) fn places(e: &mut Evaluation, places: u32) -> Result<Change, EditError> {
    if places > crate::model::MAX_PLACES {
        return refuse(Some(Field::Places), "Use from 0 to 6 decimal places.");
    }
    let old = e.places();
    e.rounding = Some(crate::model::Rounding { places });
    Ok(Change::new("Changed the decimal places of totals")
        .values(Some(old.to_string()), Some(places.to_string())))
}

pub(super) fn hide_prices(e: &mut Evaluation, hide: bool) -> Result<Change, EditError> {
    e.workflow.hide_prices = hide;
    Ok(Change::new(if hide {
        "Hid prices from evaluators while they score"
    } else {
        "Showed prices to evaluators"
    }))
}

/// Unlocking is deliberate: it needs a reason, which the audit log keeps.
pub(super) fn unlock_criteria(e: &mut Evaluation, reason: &str) -> Result<Change, EditError> {
    if !e.workflow.criteria_locked {
        return refuse(None, "The criteria are not locked.");
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return refuse(
            Some(Field::UnlockReason),
            "Say why the criteria must change. The reason is recorded in the audit log.",
        );
    }
    e.workflow.criteria_locked = false;
    Ok(
        Change::new("Unlocked the criteria after scoring had started")
            .values(None, Some(reason.to_string())),
    )
}

pub(super) fn lock_criteria(e: &mut Evaluation) -> Result<Change, EditError> {
    e.workflow.criteria_locked = true;
    Ok(Change::new("Locked the criteria"))
}
