//! Changes to an evaluation, each checked and described for the audit log.
//!
//! [`Edit::apply`] is pure: the evaluation and the edit in, the changed evaluation and
//! what to record out, or a message saying why the edit cannot be made (and nothing
//! changes). Each edit is checked, made and described in the module of its area:
//! [`settings`] (details, scale, moderation, threshold, places, hidden prices, the
//! criteria lock), [`criteria`], [`bids`], [`panel`] (evaluators and declarations),
//! [`scores`] (scores, justifications, completion, consensus, checks) and [`low`] (the
//! abnormally low rule and the outcome of each investigation). This module holds
//! what they share: the edits themselves, what an edit records, why one is refused.

mod bids;
mod criteria;
mod lots;
mod low;
mod measured;
mod panel;
mod scores;
mod settings;

use crate::workflow::Field;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::model::{parse_decimal, Dec, Evaluation, Kind, Method, PriceMethod};

/// Every change a user can make to the evaluation itself.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Details {
        title: String,
        reference: String,
        currency: String,
    },
    Scale {
        min: String,
        max: String,
        labels: BTreeMap<String, String>,
    },
    Moderation {
        method: Method,
        divergence: String,
    },
    /// What bids are ranked on (weighted points by default), with the value of a
    /// quality point for a quality-adjusted price.
    Ranking {
        method: crate::model::RankingMethod,
        point_value: String,
    },
    Threshold {
        threshold: String,
    },
    Places {
        places: u32,
    },
    HidePrices {
        hide: bool,
    },
    AddCriterion {
        parent: Option<String>,
        kind: Kind,
        name: String,
    },
    UpdateCriterion {
        id: String,
        name: String,
        weight: String,
        min_score: String,
        guidance: String,
        method: Option<PriceMethod>,
    },
    RemoveCriterion {
        id: String,
    },
    MoveCriterion {
        id: String,
        up: bool,
    },
    /// Moves a criterion into a group (or to the top level with `None`), at the end.
    MoveInto {
        id: String,
        parent: Option<String>,
    },
    /// A of the logarithmic price formula.
    LogBase {
        id: String,
        base: String,
    },
    /// The between-bounds formula's prices.
    PriceBounds {
        id: String,
        full: String,
        zero: String,
    },
    /// The price criterion's budget ("" for none).
    Budget {
        id: String,
        budget: String,
    },
    /// Whether the logarithmic formula stops at 0.
    LogFloor {
        id: String,
        floor: bool,
    },
    /// A measured criterion: which way is better, its unit, whether it prices.
    Measure {
        id: String,
        better: crate::model::Better,
        unit: String,
        component: bool,
    },
    /// Whether a group's points are set against the best bid's.
    RelativeToBest {
        id: String,
        relative: bool,
    },
    /// The Korean negotiated-contract score's estimated price and disputed points,
    /// saved together ("" for no reserve price).
    Negotiated {
        id: String,
        estimated: String,
        reserve: String,
        lowest_raised: bool,
        below_60: crate::model::Below60,
    },
    /// The Korean eligibility review's parameters, saved together.
    Eligibility {
        id: String,
        form: Box<EligibilityText>,
    },
    UnlockCriteria {
        reason: String,
    },
    LockCriteria,
    AddBid {
        supplier: String,
        price: String,
    },
    UpdateBid {
        id: String,
        supplier: String,
        price: String,
    },
    RemoveBid {
        id: String,
    },
    /// A bid's figure for a measured criterion ("" clears it).
    BidFigure {
        bid: String,
        criterion: String,
        value: String,
    },
    AddEvaluator {
        name: String,
        role: String,
    },
    UpdateEvaluator {
        id: String,
        name: String,
        role: String,
    },
    Declare {
        id: String,
        conflict: bool,
        detail: String,
    },
    RemoveEvaluator {
        id: String,
    },
    /// Sets (or with `None` clears) one evaluator's score of one cell.
    Score {
        evaluator: String,
        bid: String,
        criterion: String,
        score: Option<Dec>,
    },
    /// The justification of a score already given.
    Note {
        evaluator: String,
        bid: String,
        criterion: String,
        note: String,
    },
    Complete {
        evaluator: String,
        complete: bool,
    },
    /// The panel's agreed score, with its rationale (both required), or `None` to clear.
    Consensus {
        bid: String,
        criterion: String,
        agreed: Option<(Dec, String)>,
    },
    Check {
        bid: String,
        criterion: String,
        passed: Option<bool>,
        note: String,
    },
    AddLot {
        name: String,
    },
    RenameLot {
        lot: String,
        name: String,
    },
    RemoveLot {
        lot: String,
    },
    /// Gives a lot its own criteria, copied from another lot (or the shared criteria).
    OwnCriteria {
        lot: String,
        from: Option<String>,
    },
    /// At most this many lots per supplier ("" for no limit), decided in this order.
    AwardLimit {
        lots: String,
        order: Vec<String>,
    },
    MinScores {
        min: String,
    },
    Blind {
        blind: bool,
    },
    Assign {
        evaluator: String,
        criteria: Vec<String>,
        lots: Vec<String>,
    },
    Recuse {
        evaluator: String,
        bids: Vec<String>,
    },
    Approve {
        lot: Option<String>,
        bid: String,
        decision: crate::model::Decision,
        approver: String,
        role: String,
        date: String,
        reason: String,
    },
    /// The stated rule that flags abnormally low prices: `of` is the base, and `None`
    /// removes the rule (the other fields are then ignored). The percentage is required;
    /// the reference price, the margin below the lowest other price and the fewest bids
    /// compared are left out when empty.
    AbnormallyLowRule {
        below_percent: String,
        of: Option<crate::model::LowBase>,
        reference_price: String,
        below_lowest_other_percent: String,
        min_bids: String,
    },
    /// The outcome of investigating a bid flagged as abnormally low (`None` withdraws it).
    Investigate {
        bid: String,
        outcome: Option<crate::model::Outcome>,
        reason: String,
        by: String,
        date: String,
    },
}

/// What an edit did, for the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub what: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Edits with the same key in a row (typing in one field) make one entry and one undo step.
    pub key: Option<String>,
    /// A second entry the edit caused, recorded after it (criteria locked by the first score).
    pub also: Option<String>,
    /// Recorded in the audit log (every change but an approval, which is its own record).
    pub audited: bool,
}

impl Change {
    fn new(what: impl Into<String>) -> Self {
        Change {
            what: what.into(),
            before: None,
            after: None,
            key: None,
            also: None,
            audited: true,
        }
    }
    fn unaudited(mut self) -> Self {
        self.audited = false;
        self
    }
    fn values(mut self, before: Option<String>, after: Option<String>) -> Self {
        self.before = before;
        self.after = after;
        self
    }
    fn keyed(mut self, key: String) -> Self {
        self.key = Some(key);
        self
    }
}

/// Why an edit was not made: which field, and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError {
    /// The form field at fault, when one is: the page shows the message beside it and
    /// the error summary links to it.
    pub field: Option<Field>,
    pub message: String,
}

/// The eligibility review's form, as typed: "" for a field left empty (the optional
/// ones: floor, ratio places, band, lower limit, A).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EligibilityText {
    pub reference: String,
    pub target: String,
    pub slope: String,
    pub floor: String,
    pub ratio_places: String,
    pub band_from: String,
    pub band_to: String,
    pub band_points: String,
    pub lower_limit: String,
    pub a_value: String,
}

impl EligibilityText {
    /// The form filled from a criterion's parameters.
    pub fn of(g: Option<&crate::model::Eligibility>) -> EligibilityText {
        let s = |d: Option<Dec>| d.map(|d| d.to_string()).unwrap_or_default();
        let Some(g) = g else {
            return EligibilityText::default();
        };
        EligibilityText {
            reference: g.reference_price.map(|r| r.to_string()).unwrap_or_default(),
            target: g.target.to_string(),
            slope: g.slope.to_string(),
            floor: s(g.floor),
            ratio_places: g.ratio_places.map(|p| p.to_string()).unwrap_or_default(),
            band_from: s(g.band.as_ref().map(|b| b.from)),
            band_to: s(g.band.as_ref().map(|b| b.to)),
            band_points: s(g.band.as_ref().map(|b| b.points)),
            lower_limit: s(g.lower_limit),
            a_value: s(g.a_value),
        }
    }
}

fn refuse<T>(field: Option<Field>, message: impl Into<String>) -> Result<T, EditError> {
    Err(EditError {
        field,
        message: message.into(),
    })
}

/// Reads a decimal typed into a form, with the field's name in the message.
fn number(input: &str, field: Field, label: &str) -> Result<Decimal, EditError> {
    parse_decimal(input.trim()).or_else(|e| refuse(Some(field), format!("{label} {e}.")))
}

fn optional(input: &str) -> Option<String> {
    let t = input.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A short id from a name, unique among `taken`: "Technical competence" → "technical-competence".
pub fn slug(name: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let mut base: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .take(4)
        .collect::<Vec<_>>()
        .join("-");
    if base.is_empty() {
        base = "item".to_string();
    }
    if base.chars().count() > 32 {
        base = base.chars().take(32).collect();
    }
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken(c))
        .expect("some suffix is free")
}

impl Edit {
    /// Whether the edit concerns the whole file rather than the lot on screen: lots, who
    /// scores what across lots, recusals, and the award decision.
    pub fn whole_file(&self) -> bool {
        matches!(
            self,
            Edit::AddLot { .. }
                | Edit::RenameLot { .. }
                | Edit::RemoveLot { .. }
                | Edit::OwnCriteria { .. }
                | Edit::AwardLimit { .. }
                | Edit::Assign { .. }
                | Edit::Recuse { .. }
                | Edit::Approve { .. }
        )
    }

    /// Whether the edit changes the criteria tree (refused while criteria are locked).
    pub fn changes_criteria(&self) -> bool {
        matches!(
            self,
            Edit::Scale { .. }
                | Edit::AddCriterion { .. }
                | Edit::UpdateCriterion { .. }
                | Edit::RemoveCriterion { .. }
                | Edit::MoveCriterion { .. }
                | Edit::MoveInto { .. }
                | Edit::LogBase { .. }
                | Edit::PriceBounds { .. }
                | Edit::Budget { .. }
                | Edit::LogFloor { .. }
                | Edit::Measure { .. }
                | Edit::RelativeToBest { .. }
                | Edit::Negotiated { .. }
                | Edit::Eligibility { .. }
        )
    }

    pub fn apply(&self, before: &Evaluation) -> Result<(Evaluation, Change), EditError> {
        if self.changes_criteria() && before.workflow.criteria_locked {
            return refuse(
                None,
                "The criteria are locked because scoring has started. Unlock them on the criteria page first; the unlock is recorded in the audit log.",
            );
        }
        let mut e = before.clone();
        let change = match self {
            Edit::Details {
                title,
                reference,
                currency,
            } => settings::details(&mut e, title, reference, currency),
            Edit::Scale { min, max, labels } => settings::scale(&mut e, min, max, labels),
            Edit::Moderation { method, divergence } => {
                settings::moderation(&mut e, *method, divergence)
            }
            Edit::Threshold { threshold } => settings::threshold(&mut e, threshold),
            Edit::Ranking {
                method,
                point_value,
            } => settings::ranking(&mut e, *method, point_value),
            Edit::Places { places } => settings::places(&mut e, *places),
            Edit::HidePrices { hide } => settings::hide_prices(&mut e, *hide),
            Edit::UnlockCriteria { reason } => settings::unlock_criteria(&mut e, reason),
            Edit::LockCriteria => settings::lock_criteria(&mut e),
            Edit::AddCriterion { parent, kind, name } => {
                criteria::add(&mut e, parent.as_deref(), *kind, name)
            }
            Edit::UpdateCriterion {
                id,
                name,
                weight,
                min_score,
                guidance,
                method,
            } => criteria::update(&mut e, id, name, weight, min_score, guidance, *method),
            Edit::RemoveCriterion { id } => criteria::remove(&mut e, id),
            Edit::MoveCriterion { id, up } => criteria::shift(&mut e, id, *up),
            Edit::MoveInto { id, parent } => criteria::move_into(&mut e, id, parent.as_deref()),
            Edit::LogBase { id, base } => criteria::log_base(&mut e, id, base),
            Edit::PriceBounds { id, full, zero } => criteria::bounds(&mut e, id, full, zero),
            Edit::Budget { id, budget } => criteria::budget(&mut e, id, budget),
            Edit::LogFloor { id, floor } => criteria::log_floor(&mut e, id, *floor),
            Edit::Measure {
                id,
                better,
                unit,
                component,
            } => measured::measure(&mut e, id, *better, unit, *component),
            Edit::RelativeToBest { id, relative } => measured::relative(&mut e, id, *relative),
            Edit::BidFigure {
                bid,
                criterion,
                value,
            } => measured::figure(&mut e, bid, criterion, value),
            Edit::Negotiated {
                id,
                estimated,
                reserve,
                lowest_raised,
                below_60,
            } => criteria::negotiated(&mut e, id, estimated, reserve, *lowest_raised, *below_60),
            Edit::Eligibility { id, form } => criteria::eligibility(&mut e, id, form),
            Edit::AddBid { supplier, price } => bids::add(&mut e, supplier, price),
            Edit::UpdateBid {
                id,
                supplier,
                price,
            } => bids::update(&mut e, id, supplier, price),
            Edit::RemoveBid { id } => bids::remove(&mut e, id),
            Edit::AddEvaluator { name, role } => panel::add(&mut e, name, role),
            Edit::UpdateEvaluator { id, name, role } => panel::update(&mut e, id, name, role),
            Edit::Declare {
                id,
                conflict,
                detail,
            } => panel::declare(&mut e, id, *conflict, detail),
            Edit::RemoveEvaluator { id } => panel::remove(&mut e, id),
            Edit::Score {
                evaluator,
                bid,
                criterion,
                score,
            } => scores::score(&mut e, evaluator, bid, criterion, *score),
            Edit::Note {
                evaluator,
                bid,
                criterion,
                note,
            } => scores::note(&mut e, evaluator, bid, criterion, note),
            Edit::Complete {
                evaluator,
                complete,
            } => scores::complete(&mut e, evaluator, *complete),
            Edit::Consensus {
                bid,
                criterion,
                agreed,
            } => scores::consensus(
                &mut e,
                bid,
                criterion,
                agreed.as_ref().map(|(s, r)| (*s, r.as_str())),
            ),
            Edit::Check {
                bid,
                criterion,
                passed,
                note,
            } => scores::check(&mut e, bid, criterion, *passed, note),
            Edit::AddLot { name } => lots::add(&mut e, name),
            Edit::RenameLot { lot, name } => lots::rename(&mut e, lot, name),
            Edit::RemoveLot { lot } => lots::remove(&mut e, lot),
            Edit::OwnCriteria { lot, from } => lots::own_criteria(&mut e, lot, from.as_deref()),
            Edit::AwardLimit { lots, order } => lots::award_limit(&mut e, lots, order),
            Edit::MinScores { min } => lots::min_scores(&mut e, min),
            Edit::Blind { blind } => lots::blind(&mut e, *blind),
            Edit::Assign {
                evaluator,
                criteria,
                lots,
            } => lots::assign(&mut e, evaluator, criteria, lots),
            Edit::Recuse { evaluator, bids } => lots::recuse(&mut e, evaluator, bids),
            Edit::Approve {
                lot,
                bid,
                decision,
                approver,
                role,
                date,
                reason,
            } => lots::approve(
                &mut e,
                lot.as_deref(),
                bid,
                *decision,
                approver,
                role,
                date,
                reason,
            ),
            Edit::Investigate {
                bid,
                outcome,
                reason,
                by,
                date,
            } => low::investigate(&mut e, bid, *outcome, reason, by, date),
            Edit::AbnormallyLowRule {
                below_percent,
                of,
                reference_price,
                below_lowest_other_percent,
                min_bids,
            } => low::rule(
                &mut e,
                below_percent,
                *of,
                reference_price,
                below_lowest_other_percent,
                min_bids,
            ),
        }?;
        Ok((e, change))
    }
}

/// "There is no bid "x"." — an edit naming something that is not (or no longer) there.
fn missing(what: &str, id: &str) -> EditError {
    EditError {
        field: None,
        message: format!("There is no {what} \"{id}\"."),
    }
}
