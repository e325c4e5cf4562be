//! Edits to the criteria tree: adding, changing, removing and moving criteria, and A of
//! the logarithmic price formula. The tree's own questions (where a criterion sits,
//! what lies below it, its scale) are answered by [`crate::model::tree`].

use crate::workflow::Field;
use rust_decimal::Decimal;

use super::{missing, number, optional, refuse, slug, Change, EditError};
use crate::model::tree::{find_mut, kind_noun, scale_of, siblings_mut, subtree_ids, take};
use crate::model::{Criterion, Dec, Evaluation, Kind, PriceMethod};
use crate::text;

pub(super) fn add(
    e: &mut Evaluation,
    parent: Option<&str>,
    kind: Kind,
    name: &str,
) -> Result<Change, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return refuse(
            Some(Field::NewCriterionName),
            "Enter a name for the criterion.",
        );
    }
    if kind == Kind::Price && e.walk().iter().any(|(_, c)| c.kind == Kind::Price) {
        return refuse(
            Some(Field::NewCriterionKind),
            "There is already a price criterion; an evaluation has at most one.",
        );
    }
    let id = slug(name, &|c| e.criterion(c).is_some());
    let node = Criterion {
        id: id.clone(),
        name: name.to_string(),
        kind,
        weight: (kind != Kind::PassFail).then_some(Dec(Decimal::ZERO)),
        children: (kind == Kind::Group).then(Vec::new),
        min_score: None,
        scale: None,
        guidance: None,
        method: (kind == Kind::Price).then_some(PriceMethod::LowestOverBid),
        log_base: None,
        log_floor: None,
        bounds: None,
        budget: None,
        estimated_price: None,
        negotiated: None,
        eligibility: None,
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
                    Some(Field::NewCriterionParent),
                    "Criteria can only be added under a group.",
                )
            }
        },
    };
    Ok(
        Change::new(format!("Added the {} \"{name}\" {where_}", kind_noun(kind)))
            .values(None, Some(id)),
    )
}

pub(super) fn update(
    e: &mut Evaluation,
    id: &str,
    name: &str,
    weight: &str,
    min_score: &str,
    guidance: &str,
    method: Option<PriceMethod>,
) -> Result<Change, EditError> {
    let node = find_mut(&mut e.criteria, id).ok_or_else(|| missing("criterion", id))?;
    let name = name.trim();
    if name.is_empty() {
        return refuse(
            Some(Field::CriterionName(id.to_string())),
            "Enter a name for the criterion.",
        );
    }
    let old = describe(node);
    node.name = name.to_string();
    if node.kind != Kind::PassFail {
        let w = number(weight, Field::CriterionWeight(id.to_string()), "The weight")?;
        if w < Decimal::ZERO || w > Decimal::ONE_HUNDRED {
            return refuse(
                Some(Field::CriterionWeight(id.to_string())),
                "A weight is a percentage of its parent: enter a number from 0 to 100.",
            );
        }
        node.weight = Some(Dec(w));
    }
    if node.kind == Kind::Scored {
        node.min_score = match optional(min_score) {
            None => None,
            Some(s) => Some(Dec(number(
                &s,
                Field::CriterionMinScore(id.to_string()),
                "The minimum score",
            )?)),
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
            node.log_floor = None;
        }
        // Bounds belong to the between-bounds formula only.
        if node.method != Some(PriceMethod::BetweenBounds) {
            node.bounds = None;
        }
    }
    let new = describe(node);
    if let (Kind::Scored, Some(m)) = (node.kind, node.min_score) {
        let s = scale_of(e, id);
        if m.0 < s.min.0 || m.0 > s.max.0 {
            return refuse(
                Some(Field::CriterionMinScore(id.to_string())),
                format!(
                    "The minimum score must be on the scale, from {} to {}.",
                    s.min, s.max
                ),
            );
        }
    }
    Ok(Change::new(format!("Changed the criterion \"{name}\""))
        .values(Some(old), Some(new))
        .keyed(format!("criterion:{id}")))
}

/// Removes a criterion, everything below it, and every score, consensus, check and
/// answer given against them.
pub(super) fn remove(e: &mut Evaluation, id: &str) -> Result<Change, EditError> {
    let node = take(&mut e.criteria, id).ok_or_else(|| missing("criterion", id))?;
    let gone = subtree_ids(&node);
    let before_scores = e.scores.len();
    e.scores.retain(|s| !gone.contains(&s.criterion));
    e.consensus.retain(|s| !gone.contains(&s.criterion));
    e.checks.retain(|s| !gone.contains(&s.criterion));
    for b in &mut e.bids {
        b.answers.retain(|k, _| !gone.contains(k));
    }
    let dropped = before_scores - e.scores.len();
    let mut what = format!("Removed the {} \"{}\"", kind_noun(node.kind), node.name);
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
    Ok(Change::new(what).values(Some(describe(&node)), None))
}

/// One place up or down among its siblings.
pub(super) fn shift(e: &mut Evaluation, id: &str, up: bool) -> Result<Change, EditError> {
    let list = siblings_mut(&mut e.criteria, id).ok_or_else(|| missing("criterion", id))?;
    let i = list.iter().position(|n| n.id == id).unwrap_or(0);
    let j = if up {
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
                if up { "first" } else { "last" }
            ),
        );
    };
    list.swap(i, j);
    Ok(Change::new(format!(
        "Moved \"{}\" {}",
        list[j].name,
        if up { "up" } else { "down" }
    )))
}

pub(super) fn move_into(
    e: &mut Evaluation,
    id: &str,
    parent: Option<&str>,
) -> Result<Change, EditError> {
    if let Some(p) = parent {
        let target = e.criterion(p);
        if target.is_none_or(|t| t.kind != Kind::Group) {
            return refuse(None, "Criteria can only be moved into a group.");
        }
        let moving = e.criterion(id).map(subtree_ids).unwrap_or_default();
        if moving.iter().any(|m| m == p) {
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
    Ok(Change::new(format!("Moved \"{name}\" to {to}")))
}

pub(super) fn log_base(e: &mut Evaluation, id: &str, base: &str) -> Result<Change, EditError> {
    let field = Field::CriterionLogBase(id.to_string());
    let a = number(base, field.clone(), "A")?;
    if a <= Decimal::ONE || a > Decimal::ONE_HUNDRED {
        return refuse(Some(field), "A must be more than 1, such as 1.5, 2 or 3: a bid at A times the lowest price scores nothing.");
    }
    let node = find_mut(&mut e.criteria, id)
        .filter(|n| n.method == Some(PriceMethod::Logarithmic))
        .ok_or_else(|| EditError {
            field: None,
            message: "Only a logarithmic price criterion has an A.".into(),
        })?;
    let old = node.log_base.map(|x| x.to_string());
    node.log_base = Some(Dec(a));
    Ok(Change::new(format!(
        "Changed A of the logarithmic price formula of \"{}\"",
        node.name
    ))
    .values(old, Some(a.to_string()))
    .keyed(format!("log-base:{id}")))
}

/// A criterion in words, for the audit log's before and after.
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
            PriceMethod::LinearLowestHighest => ", linear between the lowest and the highest price",
            PriceMethod::BetweenBounds => ", between bounds",
            PriceMethod::KoreanNegotiated => ", Korean negotiated contract",
            PriceMethod::EligibilityReview => ", Korean eligibility review",
        });
    }
    if let Some(g) = &c.guidance {
        s.push_str(&format!(", guidance: {g}"));
    }
    s
}

/// The prices of the between-bounds formula: the whole weight at or below `full`,
/// nothing at or above `zero`.
pub(super) fn bounds(
    e: &mut Evaluation,
    id: &str,
    full: &str,
    zero: &str,
) -> Result<Change, EditError> {
    let full_field = Field::CriterionBoundFull(id.to_string());
    let zero_field = Field::CriterionBoundZero(id.to_string());
    let f = number(full, full_field.clone(), "The price for the whole weight")?;
    let z = number(zero, zero_field.clone(), "The price for no points")?;
    if f <= Decimal::ZERO {
        return refuse(
            Some(full_field),
            "The price for the whole weight must be more than 0.",
        );
    }
    if z <= f {
        return refuse(Some(zero_field), format!("The price for no points ({}) must be above the price for the whole weight ({}): the bounds are the wrong way round.", z.normalize(), f.normalize()));
    }
    let node = find_mut(&mut e.criteria, id)
        .filter(|n| n.method == Some(PriceMethod::BetweenBounds))
        .ok_or_else(|| EditError {
            field: None,
            message: "Only a between-bounds price criterion has bounds.".into(),
        })?;
    let old = node
        .bounds
        .as_ref()
        .map(|b| format!("{} to {}", b.full, b.zero));
    node.bounds = Some(crate::model::Bounds {
        full: Dec(f),
        zero: Dec(z),
    });
    Ok(
        Change::new(format!("Changed the price bounds of \"{}\"", node.name))
            .values(old, Some(format!("{} to {}", f, z)))
            .keyed(format!("bounds:{id}")),
    )
}

/// The budget of the price criterion: bids above it are excluded ("" for none).
pub(super) fn budget(e: &mut Evaluation, id: &str, budget: &str) -> Result<Change, EditError> {
    let field = Field::CriterionBudget(id.to_string());
    let value = if budget.trim().is_empty() {
        None
    } else {
        let b = number(budget, field.clone(), "The budget")?;
        if b <= Decimal::ZERO {
            return refuse(Some(field), "The budget must be more than 0.");
        }
        Some(Dec(b))
    };
    let node = find_mut(&mut e.criteria, id)
        .filter(|n| n.kind == Kind::Price)
        .ok_or_else(|| EditError {
            field: None,
            message: "Only a price criterion has a budget.".into(),
        })?;
    let old = node.budget.map(|b| b.to_string());
    node.budget = value;
    Ok(
        Change::new(format!("Changed the budget of \"{}\"", node.name))
            .values(old, value.map(|b| b.to_string()))
            .keyed(format!("budget:{id}")),
    )
}

/// Whether the logarithmic formula stops at 0 past A times the lowest price.
pub(super) fn log_floor(e: &mut Evaluation, id: &str, floor: bool) -> Result<Change, EditError> {
    let node = find_mut(&mut e.criteria, id)
        .filter(|n| n.method == Some(PriceMethod::Logarithmic))
        .ok_or_else(|| EditError {
            field: None,
            message: "Only a logarithmic price criterion can go below 0.".into(),
        })?;
    node.log_floor = (!floor).then_some(false);
    Ok(Change::new(if floor {
        format!(
            "The logarithmic price points of \"{}\" stop at 0",
            node.name
        )
    } else {
        format!(
            "The logarithmic price points of \"{}\" may go below 0",
            node.name
        )
    }))
}
