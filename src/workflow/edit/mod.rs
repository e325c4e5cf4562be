//! Changes to an evaluation, each checked and described for the audit log.
//!
//! [`Edit::apply`] is pure: the evaluation and the edit in, the changed evaluation and
//! what to record out, or a message saying why the edit cannot be made (and nothing
//! changes).

use std::collections::BTreeMap;
use std::rc::Rc;

use rust_decimal::Decimal;

use crate::model::{
    parse_decimal, Bid, Check, Consensus, Criterion, Dec, Declaration, Evaluation, Evaluator, Kind,
    Method, PriceMethod, Scale, Score,
};
use crate::text;

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
}

impl Change {
    fn new(what: impl Into<String>) -> Self {
        Change {
            what: what.into(),
            before: None,
            after: None,
            key: None,
            also: None,
        }
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
    /// The id of the form field to link to, when one is at fault.
    pub field: Option<String>,
    pub message: String,
}

fn refuse<T>(field: Option<&str>, message: impl Into<String>) -> Result<T, EditError> {
    Err(EditError {
        field: field.map(str::to_string),
        message: message.into(),
    })
}

/// Reads a decimal typed into a form, with the field's name in the message.
fn number(input: &str, field: &str, label: &str) -> Result<Decimal, EditError> {
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

fn find_mut<'a>(nodes: &'a mut [Criterion], id: &str) -> Option<&'a mut Criterion> {
    for n in nodes {
        if n.id == id {
            return Some(n);
        }
        if let Some(ch) = n.children.as_mut() {
            if let Some(found) = find_mut(ch, id) {
                return Some(found);
            }
        }
    }
    None
}

/// The sibling list that holds `id`.
fn siblings_of<'a>(nodes: &'a mut Vec<Criterion>, id: &str) -> Option<&'a mut Vec<Criterion>> {
    if nodes.iter().any(|n| n.id == id) {
        return Some(nodes);
    }
    for n in nodes.iter_mut() {
        if let Some(ch) = n.children.as_mut() {
            if let Some(found) = siblings_of(ch, id) {
                return Some(found);
            }
        }
    }
    None
}

fn take(nodes: &mut Vec<Criterion>, id: &str) -> Option<Criterion> {
    let list = siblings_of(nodes, id)?;
    let i = list.iter().position(|n| n.id == id)?;
    Some(list.remove(i))
}

fn descendants(c: &Criterion) -> Vec<String> {
    let mut out = vec![c.id.clone()];
    for ch in c.children() {
        out.extend(descendants(ch));
    }
    out
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Group => "group",
        Kind::Scored => "scored criterion",
        Kind::Price => "price criterion",
        Kind::PassFail => "pass/fail criterion",
    }
}

impl Edit {
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
        )
    }

    pub fn apply(&self, before: &Evaluation) -> Result<(Evaluation, Change), EditError> {
        let mut e = before.clone();
        if self.changes_criteria() && e.workflow.criteria_locked {
            return refuse(
                None,
                "The criteria are locked because scoring has started. Unlock them on the criteria page first; the unlock is recorded in the audit log.",
            );
        }
        let change = match self {
            Edit::Details {
                title,
                reference,
                currency,
            } => {
                let title = title.trim();
                if title.is_empty() {
                    return refuse(Some("title"), "Enter a title for the procurement.");
                }
                let currency = optional(currency).map(|c| c.to_uppercase());
                if let Some(c) = &currency {
                    if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
                        return refuse(
                            Some("currency"),
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
                let old = show(&e);
                e.title = title.to_string();
                e.reference = optional(reference);
                e.currency = currency;
                let new = show(&e);
                Change::new("Changed the evaluation details")
                    .values(Some(old), Some(new))
                    .keyed("details".into())
            }
            Edit::Scale { min, max, labels } => {
                let lo = number(min, "scale-min", "The lowest score")?;
                let hi = number(max, "scale-max", "The highest score")?;
                if lo >= hi {
                    return refuse(
                        Some("scale-min"),
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
                    let s = scale_of(&e, criterion);
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
                        Some("scale-min"),
                        format!("{} already given would lie outside this scale. Change those scores first.", text::count(outside, "score", "scores")),
                    );
                }
                let mins = e
                    .walk()
                    .iter()
                    .filter(|(_, c)| c.min_score.is_some_and(|m| !fits(&c.id, m.0)))
                    .count();
                if mins > 0 {
                    return refuse(
                        Some("scale-min"),
                        format!("{} would lie outside this scale. Change them on the criteria page first.", text::count(mins, "minimum score", "minimum scores")),
                    );
                }
                Change::new("Changed the scoring scale").values(
                    Some(format!("{} to {}", old.min, old.max)),
                    Some(format!("{lo} to {hi}")),
                )
            }
            Edit::Moderation { method, divergence } => {
                let d = match optional(divergence) {
                    None => None,
                    Some(s) => {
                        let d = number(&s, "divergence", "The spread that flags a score")?;
                        if d < Decimal::ZERO {
                            return refuse(
                                Some("divergence"),
                                "The spread that flags a score cannot be negative.",
                            );
                        }
                        Some(Dec(d))
                    }
                };
                let show = |m: Method, d: Option<Dec>| {
                    format!(
                        "{}; {}",
                        crate::report::method_words(m),
                        d.map_or("no divergence flags".to_string(), |d| format!(
                            "flag a spread of {d} or more"
                        ))
                    )
                };
                let old = show(e.method(), e.divergence());
                e.moderation = Some(crate::model::Moderation {
                    method: *method,
                    divergence: d,
                });
                Change::new("Changed how scores are moderated")
                    .values(Some(old), Some(show(*method, d)))
            }
            Edit::Threshold { threshold } => {
                let t = match optional(threshold) {
                    None => None,
                    Some(s) => {
                        let t = number(&s, "threshold", "The quality threshold")?;
                        if t < Decimal::ZERO || t > Decimal::ONE_HUNDRED {
                            return refuse(Some("threshold"), "The quality threshold is a percentage: enter a number from 0 to 100.");
                        }
                        Some(Dec(t))
                    }
                };
                let old = e.quality_threshold.map(|t| t.to_string());
                e.quality_threshold = t;
                Change::new("Changed the quality threshold").values(old, t.map(|t| t.to_string()))
            }
            Edit::Places { places } => {
                if *places > crate::model::MAX_PLACES {
                    return refuse(Some("places"), "Use from 0 to 6 decimal places.");
                }
                let old = e.places();
                e.rounding = Some(crate::model::Rounding { places: *places });
                Change::new("Changed the decimal places of totals")
                    .values(Some(old.to_string()), Some(places.to_string()))
            }
            Edit::HidePrices { hide } => {
                e.workflow.hide_prices = *hide;
                Change::new(if *hide {
                    "Hid prices from evaluators while they score"
                } else {
                    "Showed prices to evaluators"
                })
            }
            Edit::AddCriterion { parent, kind, name } => {
                let name = name.trim();
                if name.is_empty() {
                    return refuse(
                        Some("new-criterion-name"),
                        "Enter a name for the criterion.",
                    );
                }
                if *kind == Kind::Price && e.walk().iter().any(|(_, c)| c.kind == Kind::Price) {
                    return refuse(
                        Some("new-criterion-kind"),
                        "There is already a price criterion; an evaluation has at most one.",
                    );
                }
                let id = slug(name, &|c| before.criterion(c).is_some());
                let node = Criterion {
                    id: id.clone(),
                    name: name.to_string(),
                    kind: *kind,
                    weight: (*kind != Kind::PassFail).then_some(Dec(Decimal::ZERO)),
                    children: (*kind == Kind::Group).then(Vec::new),
                    min_score: None,
                    scale: None,
                    guidance: None,
                    method: (*kind == Kind::Price).then_some(PriceMethod::LowestOverBid),
                    log_base: None,
                };
                let where_ = match parent {
                    None => {
                        e.criteria.push(node);
                        "at the top level".to_string()
                    }
                    Some(p) => match find_mut(&mut e.criteria, p) {
                        Some(g) if g.kind == Kind::Group => {
                            g.children.get_or_insert_with(Vec::new).push(node);
                            format!("under {}", g.name)
                        }
                        _ => {
                            return refuse(
                                Some("new-criterion-parent"),
                                "Criteria can only be added under a group.",
                            )
                        }
                    },
                };
                Change::new(format!(
                    "Added the {} \"{name}\" {where_}",
                    kind_name(*kind)
                ))
                .values(None, Some(id))
            }
            Edit::UpdateCriterion {
                id,
                name,
                weight,
                min_score,
                guidance,
                method,
            } => {
                let field = |f: &str| format!("criterion-{id}-{f}");
                let node = find_mut(&mut e.criteria, id).ok_or_else(|| missing("criterion", id))?;
                let name = name.trim();
                if name.is_empty() {
                    return refuse(Some(&field("name")), "Enter a name for the criterion.");
                }
                let old = describe(node);
                node.name = name.to_string();
                if node.kind != Kind::PassFail {
                    let w = number(weight, &field("weight"), "The weight")?;
                    if w < Decimal::ZERO || w > Decimal::ONE_HUNDRED {
                        return refuse(
                            Some(&field("weight")),
                            "A weight is a percentage of its parent: enter a number from 0 to 100.",
                        );
                    }
                    node.weight = Some(Dec(w));
                }
                if node.kind == Kind::Scored {
                    node.min_score = match optional(min_score) {
                        None => None,
                        Some(s) => Some(Dec(number(&s, &field("min-score"), "The minimum score")?)),
                    };
                }
                if matches!(node.kind, Kind::Scored | Kind::PassFail) {
                    node.guidance = optional(guidance);
                }
                if node.kind == Kind::Price {
                    node.method = method.or(node.method);
                    // The logarithmic formula needs its A; the others must not carry one.
                    if node.method == Some(PriceMethod::Logarithmic) {
                        node.log_base = node.log_base.or(Some(Dec(Decimal::TWO)));
                    } else {
                        node.log_base = None;
                    }
                }
                let new = describe(node);
                if let (Kind::Scored, Some(m)) = (node.kind, node.min_score) {
                    let s = scale_of(&e, id);
                    if m.0 < s.min.0 || m.0 > s.max.0 {
                        return refuse(
                            Some(&field("min-score")),
                            format!(
                                "The minimum score must be on the scale, from {} to {}.",
                                s.min, s.max
                            ),
                        );
                    }
                }
                Change::new(format!("Changed the criterion \"{name}\""))
                    .values(Some(old), Some(new))
                    .keyed(format!("criterion:{id}"))
            }
            Edit::RemoveCriterion { id } => {
                let node = take(&mut e.criteria, id).ok_or_else(|| missing("criterion", id))?;
                let gone = descendants(&node);
                let before_scores = e.scores.len();
                e.scores.retain(|s| !gone.contains(&s.criterion));
                e.consensus.retain(|s| !gone.contains(&s.criterion));
                e.checks.retain(|s| !gone.contains(&s.criterion));
                for b in &mut e.bids {
                    b.answers.retain(|k, _| !gone.contains(k));
                }
                let dropped = before_scores - e.scores.len();
                let mut what = format!("Removed the {} \"{}\"", kind_name(node.kind), node.name);
                if gone.len() > 1 {
                    what.push_str(&format!(
                        " and the {} below it",
                        text::count(gone.len() - 1, "criterion", "criteria")
                    ));
                }
                if dropped > 0 {
                    what.push_str(&format!(
                        ", with {}",
                        text::count(dropped, "score", "scores")
                    ));
                }
                Change::new(what).values(Some(describe(&node)), None)
            }
            Edit::MoveCriterion { id, up } => {
                let list =
                    siblings_of(&mut e.criteria, id).ok_or_else(|| missing("criterion", id))?;
                let i = list.iter().position(|n| n.id == *id).unwrap_or(0);
                let j = if *up {
                    i.checked_sub(1)
                } else {
                    Some(i + 1).filter(|&j| j < list.len())
                };
                let Some(j) = j else {
                    return refuse(
                        None,
                        format!(
                            "\"{}\" is already {}.",
                            list[i].name,
                            if *up { "first" } else { "last" }
                        ),
                    );
                };
                list.swap(i, j);
                Change::new(format!(
                    "Moved \"{}\" {}",
                    list[j].name,
                    if *up { "up" } else { "down" }
                ))
            }
            Edit::MoveInto { id, parent } => {
                if let Some(p) = parent {
                    let target = before.criterion(p);
                    if target.is_none_or(|t| t.kind != Kind::Group) {
                        return refuse(None, "Criteria can only be moved into a group.");
                    }
                    let moving = before.criterion(id).map(descendants).unwrap_or_default();
                    if moving.contains(p) {
                        return refuse(None, "A group cannot be moved into itself.");
                    }
                }
                let node = take(&mut e.criteria, id).ok_or_else(|| missing("criterion", id))?;
                let name = node.name.clone();
                let to = match parent {
                    None => {
                        e.criteria.push(node);
                        "the top level".to_string()
                    }
                    Some(p) => {
                        let g = find_mut(&mut e.criteria, p).expect("checked above");
                        let to = g.name.clone();
                        g.children.get_or_insert_with(Vec::new).push(node);
                        to
                    }
                };
                Change::new(format!("Moved \"{name}\" to {to}"))
            }
            Edit::LogBase { id, base } => {
                let field = format!("criterion-{id}-log-base");
                let a = number(base, &field, "A")?;
                if a <= Decimal::ONE || a > Decimal::ONE_HUNDRED {
                    return refuse(Some(&field), "A must be more than 1, such as 1.5, 2 or 3: a bid at A times the lowest price scores nothing.");
                }
                let node = find_mut(&mut e.criteria, id)
                    .filter(|n| n.method == Some(PriceMethod::Logarithmic))
                    .ok_or_else(|| EditError {
                        field: None,
                        message: "Only a logarithmic price criterion has an A.".into(),
                    })?;
                let old = node.log_base.map(|x| x.to_string());
                node.log_base = Some(Dec(a));
                Change::new(format!(
                    "Changed A of the logarithmic price formula of \"{}\"",
                    node.name
                ))
                .values(old, Some(a.to_string()))
                .keyed(format!("log-base:{id}"))
            }
            Edit::UnlockCriteria { reason } => {
                if !e.workflow.criteria_locked {
                    return refuse(None, "The criteria are not locked.");
                }
                let reason = reason.trim();
                if reason.is_empty() {
                    return refuse(Some("unlock-reason"), "Say why the criteria must change. The reason is recorded in the audit log.");
                }
                e.workflow.criteria_locked = false;
                Change::new("Unlocked the criteria after scoring had started")
                    .values(None, Some(reason.to_string()))
            }
            Edit::LockCriteria => {
                e.workflow.criteria_locked = true;
                Change::new("Locked the criteria")
            }
            Edit::AddBid { supplier, price } => {
                let supplier = supplier.trim();
                if supplier.is_empty() {
                    return refuse(Some("new-bid-supplier"), "Enter the supplier's name.");
                }
                let price = bid_price(price, "new-bid-price")?;
                let id = slug(supplier, &|c| before.bid(c).is_some());
                e.bids.push(Bid {
                    id: id.clone(),
                    supplier: supplier.to_string(),
                    price,
                    answers: BTreeMap::new(),
                });
                Change::new(format!("Added the bid from {supplier}"))
                    .values(None, price.map(|p| p.to_string()))
            }
            Edit::UpdateBid {
                id,
                supplier,
                price,
            } => {
                let supplier = supplier.trim();
                if supplier.is_empty() {
                    return refuse(
                        Some(&format!("bid-{id}-supplier")),
                        "Enter the supplier's name.",
                    );
                }
                let price = bid_price(price, &format!("bid-{id}-price"))?;
                let b = e
                    .bids
                    .iter_mut()
                    .find(|b| b.id == *id)
                    .ok_or_else(|| missing("bid", id))?;
                let old = format!(
                    "{}, {}",
                    b.supplier,
                    b.price.map_or("no price".into(), |p| p.to_string())
                );
                b.supplier = supplier.to_string();
                b.price = price;
                let new = format!(
                    "{}, {}",
                    b.supplier,
                    b.price.map_or("no price".into(), |p| p.to_string())
                );
                Change::new(format!("Changed the bid from {supplier}"))
                    .values(Some(old), Some(new))
                    .keyed(format!("bid:{id}"))
            }
            Edit::RemoveBid { id } => {
                let i = e
                    .bids
                    .iter()
                    .position(|b| b.id == *id)
                    .ok_or_else(|| missing("bid", id))?;
                let b = e.bids.remove(i);
                let n = e.scores.iter().filter(|s| s.bid == *id).count();
                e.scores.retain(|s| s.bid != *id);
                e.consensus.retain(|s| s.bid != *id);
                e.checks.retain(|s| s.bid != *id);
                let mut what = format!("Removed the bid from {}", b.supplier);
                if n > 0 {
                    what.push_str(&format!(", with {}", text::count(n, "score", "scores")));
                }
                Change::new(what).values(Some(b.supplier), None)
            }
            Edit::AddEvaluator { name, role } => {
                let name = name.trim();
                if name.is_empty() {
                    return refuse(Some("new-evaluator-name"), "Enter the evaluator's name.");
                }
                let id = slug(name, &|c| before.evaluator(c).is_some());
                e.evaluators.push(Evaluator {
                    id,
                    name: name.to_string(),
                    role: optional(role),
                    declaration: None,
                });
                Change::new(format!("Added {name} to the panel"))
            }
            Edit::UpdateEvaluator { id, name, role } => {
                let name = name.trim();
                if name.is_empty() {
                    return refuse(
                        Some(&format!("evaluator-{id}-name")),
                        "Enter the evaluator's name.",
                    );
                }
                let v = e
                    .evaluators
                    .iter_mut()
                    .find(|v| v.id == *id)
                    .ok_or_else(|| missing("evaluator", id))?;
                let old = format!("{}, {}", v.name, v.role.clone().unwrap_or_default());
                v.name = name.to_string();
                v.role = optional(role);
                Change::new(format!("Changed the details of {name}"))
                    .values(
                        Some(old),
                        Some(format!(
                            "{}, {}",
                            v.name,
                            v.role.clone().unwrap_or_default()
                        )),
                    )
                    .keyed(format!("evaluator:{id}"))
            }
            Edit::Declare {
                id,
                conflict,
                detail,
            } => {
                if *conflict && detail.trim().is_empty() {
                    return refuse(
                        Some(&format!("evaluator-{id}-detail")),
                        "Describe the conflict of interest and how it is managed.",
                    );
                }
                let v = e
                    .evaluators
                    .iter_mut()
                    .find(|v| v.id == *id)
                    .ok_or_else(|| missing("evaluator", id))?;
                v.declaration = Some(Declaration {
                    conflict: *conflict,
                    detail: detail.trim().to_string(),
                });
                let words = if *conflict {
                    format!("a conflict of interest: {}", detail.trim())
                } else {
                    "no conflict of interest".to_string()
                };
                Change::new(format!("{} declared {words}", v.name)).keyed(format!("declare:{id}"))
            }
            Edit::RemoveEvaluator { id } => {
                let i = e
                    .evaluators
                    .iter()
                    .position(|v| v.id == *id)
                    .ok_or_else(|| missing("evaluator", id))?;
                let n = e.scores.iter().filter(|s| s.evaluator == *id).count();
                if n > 0 {
                    return refuse(None, format!("{} has given {}. Their scores must be kept on file, so they cannot be removed from the panel.", e.evaluators[i].name, text::count(n, "score", "scores")));
                }
                let v = e.evaluators.remove(i);
                e.workflow.complete.retain(|c| c != id);
                Change::new(format!("Removed {} from the panel", v.name))
            }
            Edit::Score {
                evaluator,
                bid,
                criterion,
                score,
            } => {
                let (ev_name, bid_name, crit_name) =
                    cell_names(&e, evaluator, bid, criterion, Kind::Scored)?;
                if e.workflow.complete.contains(evaluator) {
                    return refuse(None, format!("{ev_name}'s scoresheet is marked complete. Reopen it to change a score."));
                }
                let scale = scale_of(&e, criterion);
                let existing = e.scores.iter().position(|s| {
                    s.evaluator == *evaluator && s.bid == *bid && s.criterion == *criterion
                });
                let old = existing.map(|i| e.scores[i].score.to_string());
                match (score, existing) {
                    (Some(s), _) if s.0 < scale.min.0 || s.0 > scale.max.0 => {
                        return refuse(
                            Some(&format!("score-{bid}-{criterion}")),
                            format!("Choose a score from {} to {}.", scale.min, scale.max),
                        );
                    }
                    (Some(s), Some(i)) => Rc::make_mut(&mut e.scores[i]).score = *s,
                    (Some(s), None) => e.scores.push(Rc::new(Score {
                        evaluator: evaluator.clone(),
                        bid: bid.clone(),
                        criterion: criterion.clone(),
                        score: *s,
                        note: None,
                    })),
                    (None, Some(i)) => {
                        e.scores.remove(i);
                    }
                    (None, None) => return refuse(None, "There is no score to clear."),
                }
                let mut change =
                    Change::new(format!("{ev_name} scored {bid_name} on \"{crit_name}\""))
                        .values(old, score.map(|s| s.to_string()));
                if !e.workflow.criteria_locked {
                    e.workflow.criteria_locked = true;
                    change.also = Some("Locked the criteria: scoring has started".to_string());
                }
                change
            }
            Edit::Note {
                evaluator,
                bid,
                criterion,
                note,
            } => {
                let (ev_name, bid_name, crit_name) =
                    cell_names(&e, evaluator, bid, criterion, Kind::Scored)?;
                if e.workflow.complete.contains(evaluator) {
                    return refuse(None, format!("{ev_name}'s scoresheet is marked complete. Reopen it to change a justification."));
                }
                let s = e
                    .scores
                    .iter_mut()
                    .find(|s| {
                        s.evaluator == *evaluator && s.bid == *bid && s.criterion == *criterion
                    })
                    .map(Rc::make_mut)
                    .ok_or_else(|| EditError {
                        field: Some(format!("note-{bid}-{criterion}")),
                        message: "Choose a score before writing its justification.".into(),
                    })?;
                let old = s.note.clone();
                s.note = optional(note).map(|_| note.clone());
                Change::new(format!(
                    "{ev_name} justified the score of {bid_name} on \"{crit_name}\""
                ))
                .values(old, s.note.clone())
                .keyed(format!("note:{evaluator}:{bid}:{criterion}"))
            }
            Edit::Complete {
                evaluator,
                complete,
            } => {
                let v = e
                    .evaluator(evaluator)
                    .ok_or_else(|| missing("evaluator", evaluator))?;
                let name = v.name.clone();
                if *complete {
                    let missing = missing_work(&e, evaluator);
                    if !missing.is_empty() {
                        let n = missing.len();
                        let list: Vec<String> = missing.iter().take(5).cloned().collect();
                        return refuse(
                            None,
                            format!(
                                "{} still to do before the scoresheet is complete: {}{}.",
                                text::count(
                                    n,
                                    "score or justification is",
                                    "scores or justifications are"
                                ),
                                list.join("; "),
                                if n > 5 { "; …" } else { "" }
                            ),
                        );
                    }
                    if !e.workflow.complete.contains(evaluator) {
                        e.workflow.complete.push(evaluator.clone());
                    }
                    Change::new(format!("{name} marked their scoresheet complete"))
                } else {
                    e.workflow.complete.retain(|c| c != evaluator);
                    Change::new(format!("{name}'s scoresheet was reopened"))
                }
            }
            Edit::Consensus {
                bid,
                criterion,
                agreed,
            } => {
                let (_, bid_name, crit_name) = cell_names(&e, "", bid, criterion, Kind::Scored)?;
                let i = e
                    .consensus
                    .iter()
                    .position(|c| c.bid == *bid && c.criterion == *criterion);
                let old =
                    i.map(|i| format!("{}: {}", e.consensus[i].score, e.consensus[i].rationale));
                match agreed {
                    Some((score, rationale)) => {
                        let scale = scale_of(&e, criterion);
                        if score.0 < scale.min.0 || score.0 > scale.max.0 {
                            return refuse(
                                Some(&format!("consensus-{bid}-{criterion}")),
                                format!("Choose a score from {} to {}.", scale.min, scale.max),
                            );
                        }
                        if rationale.trim().is_empty() {
                            return refuse(
                                Some(&format!("rationale-{bid}-{criterion}")),
                                "Record the rationale for the agreed score.",
                            );
                        }
                        let c = Consensus {
                            bid: bid.clone(),
                            criterion: criterion.clone(),
                            score: *score,
                            rationale: rationale.trim().to_string(),
                        };
                        match i {
                            Some(i) => e.consensus[i] = c,
                            None => e.consensus.push(c),
                        }
                        Change::new(format!(
                            "Recorded the consensus score of {bid_name} on \"{crit_name}\""
                        ))
                        .values(old, Some(format!("{}: {}", score, rationale.trim())))
                    }
                    None => {
                        let Some(i) = i else {
                            return refuse(None, "There is no consensus score to clear.");
                        };
                        e.consensus.remove(i);
                        Change::new(format!(
                            "Cleared the consensus score of {bid_name} on \"{crit_name}\""
                        ))
                        .values(old, None)
                    }
                }
            }
            Edit::Check {
                bid,
                criterion,
                passed,
                note,
            } => {
                let (_, bid_name, crit_name) = cell_names(&e, "", bid, criterion, Kind::PassFail)?;
                let i = e
                    .checks
                    .iter()
                    .position(|c| c.bid == *bid && c.criterion == *criterion);
                let word = |p: Option<bool>| p.map(|p| if p { "pass" } else { "fail" }.to_string());
                let old = word(i.map(|i| e.checks[i].passed));
                match (passed, i) {
                    (Some(p), Some(i)) => {
                        e.checks[i].passed = *p;
                        e.checks[i].note = optional(note);
                    }
                    (Some(p), None) => e.checks.push(Check {
                        bid: bid.clone(),
                        criterion: criterion.clone(),
                        passed: *p,
                        note: optional(note),
                    }),
                    (None, Some(i)) => {
                        e.checks.remove(i);
                    }
                    (None, None) => return refuse(None, "There is no check to clear."),
                }
                Change::new(format!("Recorded whether {bid_name} meets \"{crit_name}\""))
                    .values(old, word(*passed))
                    .keyed(format!("check:{bid}:{criterion}"))
            }
        };
        Ok((e, change))
    }
}

/// Reads a price as people type it: `£420,000.50`, `420000.5`, `₩1,850,000,000`. A comma
/// is only a thousands separator; "12,5" is refused rather than read as 125.
/// "There is no bid "x"." — an edit naming something that is not (or no longer) there.
fn missing(what: &str, id: &str) -> EditError {
    EditError {
        field: None,
        message: format!("There is no {what} \"{id}\"."),
    }
}

fn bid_price(input: &str, field: &str) -> Result<Option<Dec>, EditError> {
    let bare: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, '£' | '€' | '$' | '₩' | '¥' | ' '))
        .collect();
    if bare.contains(',') {
        let int = bare.split('.').next().unwrap_or("");
        let int = int.strip_prefix('-').unwrap_or(int);
        let groups: Vec<&str> = int.split(',').collect();
        let grouped = groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
            && !bare.split('.').nth(1).is_some_and(|f| f.contains(','));
        if !grouped {
            return refuse(Some(field), "Use commas in the price only between thousands (420,000.50), and a point for decimals.");
        }
    }
    let cleaned: String = bare.chars().filter(|c| *c != ',').collect();
    match optional(&cleaned) {
        None => Ok(None),
        Some(s) => {
            let p = number(&s, field, "The price")?;
            if p <= Decimal::ZERO {
                return refuse(Some(field), "A price must be more than zero.");
            }
            if p.scale() > crate::model::validate::MAX_PRICE_PLACES
                || p > crate::model::validate::MAX_PRICE
            {
                return refuse(
                    Some(field),
                    "Enter the price in the currency's units, with at most 6 decimal places.",
                );
            }
            Ok(Some(Dec(p)))
        }
    }
}

fn describe(c: &Criterion) -> String {
    let mut s = c.name.clone();
    if let Some(w) = c.weight {
        s.push_str(&format!(", weight {w}"));
    }
    if let Some(m) = c.min_score {
        s.push_str(&format!(", minimum score {m}"));
    }
    if let Some(m) = c.method {
        s.push_str(match m {
            PriceMethod::LowestOverBid => ", lowest price over bid",
            PriceMethod::LinearToLowest => ", linear to the lowest price",
            PriceMethod::Logarithmic => ", logarithmic",
        });
    }
    if let Some(g) = &c.guidance {
        s.push_str(&format!(", guidance: {g}"));
    }
    s
}

/// Names of an evaluator (if given), a bid and a criterion of the wanted kind.
fn cell_names(
    e: &Evaluation,
    evaluator: &str,
    bid: &str,
    criterion: &str,
    kind: Kind,
) -> Result<(String, String, String), EditError> {
    let ev = if evaluator.is_empty() {
        String::new()
    } else {
        e.evaluator(evaluator)
            .map(|v| v.name.clone())
            .ok_or_else(|| EditError {
                field: None,
                message: format!("There is no evaluator \"{evaluator}\" on the panel."),
            })?
    };
    let b = e
        .bid(bid)
        .map(|b| b.supplier.clone())
        .ok_or_else(|| EditError {
            field: None,
            message: format!("There is no bid \"{bid}\"."),
        })?;
    let c = e
        .criterion(criterion)
        .filter(|c| c.kind == kind)
        .map(|c| c.name.clone())
        .ok_or_else(|| EditError {
            field: None,
            message: format!("There is no {} \"{criterion}\".", kind_name(kind)),
        })?;
    Ok((ev, b, c))
}

/// The scale that applies to a scored criterion (its own, its group's, or the default).
pub fn scale_of(e: &Evaluation, criterion: &str) -> Scale {
    fn go(nodes: &[Criterion], id: &str, inherited: &Scale) -> Option<Scale> {
        for n in nodes {
            let own = n.scale.clone().unwrap_or_else(|| inherited.clone());
            if n.id == id {
                return Some(own);
            }
            if let Some(s) = go(n.children(), id, &own) {
                return Some(s);
            }
        }
        None
    }
    let default = e.default_scale();
    go(&e.criteria, criterion, &default).unwrap_or(default)
}

/// What an evaluator has still to do: cells without a score or without a justification.
pub fn missing_work(e: &Evaluation, evaluator: &str) -> Vec<String> {
    let mut out = Vec::new();
    gaps(e, evaluator, |b, c, scored| {
        out.push(format!(
            "{} – {}: {}",
            b.supplier,
            c.name,
            if scored {
                "no justification"
            } else {
                "no score"
            }
        ))
    });
    out
}

/// How many scores or justifications this evaluator still owes each bid, in the order
/// of the bids: what [`missing_work`] lists, counted without words.
pub fn missing_by_bid(e: &Evaluation, evaluator: &str) -> Vec<usize> {
    e.evaluators
        .iter()
        .position(|v| v.id == evaluator)
        .map(|i| work(e).swap_remove(i).left)
        // Not on the panel: nothing is scored.
        .unwrap_or_else(|| {
            let leaves = e
                .walk()
                .iter()
                .filter(|(_, c)| c.kind == Kind::Scored)
                .count();
            vec![leaves; e.bids.len()]
        })
}

/// One evaluator's progress: scores given, and work left per bid (in the order of the
/// bids): cells with no score, or a score with no justification.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Work {
    pub scored: usize,
    pub left: Vec<usize>,
}

impl Work {
    pub fn left_total(&self) -> usize {
        self.left.iter().sum()
    }
}

/// Every evaluator's [`Work`], in the order of the panel, from one pass over the scores:
/// the task list, the panel page and the scoresheet draw this at every change, and a
/// framework evaluation has hundreds of thousands of scores.
pub fn work(e: &Evaluation) -> Vec<Work> {
    use crate::model::ids::Ids;
    let leaves: Vec<&str> = e
        .walk()
        .into_iter()
        .filter(|(_, c)| c.kind == Kind::Scored)
        .map(|(_, c)| c.id.as_str())
        .collect();
    let (nb, nl, nv) = (e.bids.len(), leaves.len(), e.evaluators.len());
    let mut bid_ids = Ids::new(e.bids.iter().map(|b| b.id.as_str()));
    let mut leaf_ids = Ids::new(leaves.iter().copied());
    // 0: nothing; 1: a score without a justification; 2: a score justified. The first
    // score of a cell counts, as a search would find it.
    let mut cells = vec![0u8; nv * nb * nl];
    let mut scored = vec![0usize; nv];
    for s in &e.scores {
        // Panels are small: a look along the list beats hashing every score's evaluator.
        let Some(v) = e.evaluators.iter().position(|v| v.id == s.evaluator) else {
            continue;
        };
        scored[v] += 1;
        let (Some(b), Some(l)) = (bid_ids.get(&s.bid), leaf_ids.get(&s.criterion)) else {
            continue;
        };
        let cell = &mut cells[(v * nb + b as usize) * nl + l as usize];
        if *cell == 0 {
            *cell = if s.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                1
            } else {
                2
            };
        }
    }
    (0..nv)
        .map(|v| Work {
            scored: scored[v],
            left: (0..nb)
                .map(|b| {
                    let at = (v * nb + b) * nl;
                    cells[at..at + nl].iter().filter(|&&c| c != 2).count()
                })
                .collect(),
        })
        .collect()
}

/// Calls `gap` for every cell of this evaluator's with no score (`false`) or a score
/// without a justification (`true`), bid by bid, criterion by criterion.
fn gaps<'a>(
    e: &'a Evaluation,
    evaluator: &str,
    mut gap: impl FnMut(&'a crate::model::Bid, &'a crate::model::Criterion, bool),
) {
    // This evaluator's scores by cell, found once: searching every score for every cell
    // would take minutes on a large framework evaluation.
    let given: std::collections::HashMap<(&str, &str), &crate::model::Score> = e
        .scores
        .iter()
        .filter(|s| s.evaluator == evaluator)
        .map(|s| ((s.bid.as_str(), s.criterion.as_str()), &**s))
        .rev() // the first score of a cell wins, as a search would find it
        .collect();
    let scored: Vec<&crate::model::Criterion> = e
        .walk()
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| c.kind == Kind::Scored)
        .collect();
    for b in &e.bids {
        for c in &scored {
            match given.get(&(b.id.as_str(), c.id.as_str())) {
                None => gap(b, c, false),
                Some(s) if s.note.as_deref().is_none_or(|n| n.trim().is_empty()) => gap(b, c, true),
                Some(_) => {}
            }
        }
    }
}
