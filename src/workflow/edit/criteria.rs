//! Edits to the criteria tree: adding, changing, removing and moving criteria, and A of
//! the logarithmic price formula. The tree's own questions (where a criterion sits,
//! what lies below it, its scale) are answered by [`crate::model::tree`].

use crate::workflow::Field;
use rust_decimal::Decimal;

use super::{missing, number, optional, refuse, slug, Change, EditError, EligibilityText};
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
        weight: (kind != Kind::PassFail).then_some(Dec(Decimal::ZERO)),
        children: (kind == Kind::Group).then(Vec::new),
        method: matches!(kind, Kind::Price | Kind::Measured).then_some(PriceMethod::LowestOverBid),
        better: (kind == Kind::Measured).then_some(crate::model::Better::Lower),
        ..Criterion::new(id.clone(), name, kind)
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
    if matches!(node.kind, Kind::Price | Kind::Measured) {
        let higher = node.better == Some(crate::model::Better::Higher);
        node.method = method
            .filter(|m| {
                !higher || !matches!(m, PriceMethod::LinearToLowest | PriceMethod::Logarithmic)
            })
            .or(node.method);
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
        // And the Korean scores' parameters to their own.
        if node.method != Some(PriceMethod::KoreanNegotiated) {
            node.estimated_price = None;
            node.negotiated = None;
        }
        if node.method != Some(PriceMethod::EligibilityReview) {
            node.eligibility = None;
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
    if let Some(c) = e
        .criterion(id)
        .filter(|c| c.kind == Kind::Measured && !c.price_component)
    {
        return measured_bounds(e, id, c.better.unwrap_or_default(), full, zero);
    }
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
    set_bounds(e, id, f, z, "price bounds")
}

/// Saves checked bounds on a criterion scored between bounds, with the change said.
fn set_bounds(
    e: &mut Evaluation,
    id: &str,
    f: Decimal,
    z: Decimal,
    what: &str,
) -> Result<Change, EditError> {
    let node = find_mut(&mut e.criteria, id)
        .filter(|n| n.method == Some(PriceMethod::BetweenBounds))
        .ok_or_else(|| EditError {
            field: None,
            message: "Only a criterion scored between bounds has bounds.".into(),
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
        Change::new(format!("Changed the {what} of \"{}\"", node.name))
            .values(old, Some(format!("{} to {}", f, z)))
            .keyed(format!("bounds:{id}")),
    )
}

/// The figures of a measured criterion's between-bounds formula: the whole weight at
/// or past `full`, nothing at or short of `zero` (above it when higher is better).
fn measured_bounds(
    e: &mut Evaluation,
    id: &str,
    better: crate::model::Better,
    full: &str,
    zero: &str,
) -> Result<Change, EditError> {
    let full_field = Field::CriterionBoundFull(id.to_string());
    let zero_field = Field::CriterionBoundZero(id.to_string());
    let f = number(full, full_field.clone(), "The figure for the whole weight")?;
    let z = number(zero, zero_field.clone(), "The figure for no points")?;
    if f < Decimal::ZERO || z < Decimal::ZERO {
        let field = if f < Decimal::ZERO {
            full_field
        } else {
            zero_field
        };
        return refuse(Some(field), "A measured figure is 0 or more.");
    }
    let higher = better == crate::model::Better::Higher;
    if (higher && z >= f) || (!higher && z <= f) {
        let way = if higher { "below" } else { "above" };
        return refuse(Some(zero_field), format!("The figure for no points ({}) must be {way} the figure for the whole weight ({}): the bounds are the wrong way round.", z.normalize(), f.normalize()));
    }
    set_bounds(e, id, f, z, "bounds")
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

/// A price typed into a Korean score's form: more than 0; `None` when left empty.
fn stated_price(input: &str, field: Field, label: &str) -> Result<Option<Decimal>, EditError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let p = number(input, field.clone(), label)?;
    if p <= Decimal::ZERO {
        return refuse(Some(field), format!("{label} must be more than 0."));
    }
    Ok(Some(p))
}

/// The negotiated-contract score's estimated price, reserve price and disputed points.
pub(super) fn negotiated(
    e: &mut Evaluation,
    id: &str,
    estimated: &str,
    reserve: &str,
    lowest_raised: bool,
    below_60: crate::model::Below60,
) -> Result<Change, EditError> {
    let at = |name| Field::CriterionParam(id.to_string(), name);
    let Some(est) = stated_price(estimated, at("estimated-price"), "The estimated price")? else {
        return refuse(
            Some(at("estimated-price")),
            "Enter the estimated price (추정가격): the 80 % and 60 % marks are taken from it.",
        );
    };
    let res = stated_price(reserve, at("reserve-price"), "The reserve price")?;
    let node = find_mut(&mut e.criteria, id)
        .filter(|n| n.method == Some(PriceMethod::KoreanNegotiated))
        .ok_or_else(|| EditError {
            field: None,
            message: "Only a negotiated-contract price criterion has an estimated price.".into(),
        })?;
    let old = node.estimated_price.map(|p| p.to_string());
    node.estimated_price = Some(Dec(est));
    let options = crate::model::Negotiated {
        reserve_price: res.map(Dec),
        lowest_raised_to_80: lowest_raised.then_some(true),
        below_60: (below_60 != crate::model::Below60::default()).then_some(below_60),
    };
    node.negotiated = (options != crate::model::Negotiated::default()).then_some(options);
    let mut new = est.to_string();
    if let Some(r) = res {
        new.push_str(&format!(", reserve price {r}"));
    }
    Ok(Change::new(format!(
        "Changed the negotiated-contract price score of \"{}\"",
        node.name
    ))
    .values(old, Some(new))
    .keyed(format!("negotiated:{id}")))
}

/// The eligibility review's parameters, checked as validation checks them.
pub(super) fn eligibility(
    e: &mut Evaluation,
    id: &str,
    form: &EligibilityText,
) -> Result<Change, EditError> {
    let at = |name| Field::CriterionParam(id.to_string(), name);
    let required = |input: &str, name: &'static str, label: &str| -> Result<Decimal, EditError> {
        if input.trim().is_empty() {
            return refuse(Some(at(name)), format!("Enter {}.", label.to_lowercase()));
        }
        number(input, at(name), label)
    };
    let optional_number = |input: &str, name: &'static str, label: &str| {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            number(input, at(name), label).map(Some)
        }
    };
    // Left empty until bid opening fixes it: the price scores wait for it.
    let reference = stated_price(
        &form.reference,
        at("reference-price"),
        "The reference price",
    )?;
    let target = required(&form.target, "target", "The target ratio")?;
    if target <= Decimal::ZERO || target > Decimal::ONE_HUNDRED {
        return refuse(
            Some(at("target")),
            "The target ratio is a percentage of the reference price, more than 0 and at most 100, such as 88.",
        );
    }
    let slope = required(&form.slope, "slope", "The slope")?;
    if slope <= Decimal::ZERO {
        return refuse(
            Some(at("slope")),
            "The slope (points lost per percentage point) must be more than 0, such as 4.",
        );
    }
    let weight = crate::scoring::effective_weights(e).get(id).copied();
    let floor = optional_number(&form.floor, "floor", "The floor")?;
    if let Some(f) = floor {
        if f < Decimal::ZERO {
            return refuse(Some(at("floor")), "The floor cannot be negative.");
        }
        if let Some(w) = weight.filter(|w| f > *w) {
            return refuse(
                Some(at("floor")),
                format!(
                    "The floor ({}) is above the criterion's weight of {}.",
                    f.normalize(),
                    w.normalize()
                ),
            );
        }
    }
    let places = if form.ratio_places.trim().is_empty() {
        None
    } else {
        match form.ratio_places.trim().parse::<i64>() {
            Ok(p) if (0..=10).contains(&p) => Some(p),
            _ => return refuse(
                Some(at("ratio-places")),
                "The ratio places are a whole number from 0 to 10 (4 in the published schedules).",
            ),
        }
    };
    let band_typed = [&form.band_from, &form.band_to, &form.band_points]
        .iter()
        .any(|s| !s.trim().is_empty());
    let band = if band_typed {
        let from = required(&form.band_from, "band-from", "The band's lowest ratio")?;
        let to = required(&form.band_to, "band-to", "The band's highest ratio")?;
        let points = required(&form.band_points, "band-points", "The band's points")?;
        if from > to {
            return refuse(
                Some(at("band-to")),
                format!(
                    "The band is the wrong way round: from {} % to {} %. Give the lower ratio first.",
                    from.normalize(),
                    to.normalize()
                ),
            );
        }
        if points < Decimal::ZERO || weight.is_some_and(|w| points > w) {
            return refuse(
                Some(at("band-points")),
                "The band's points must be from 0 to the criterion's weight.",
            );
        }
        Some(crate::model::Band {
            from: Dec(from),
            to: Dec(to),
            points: Dec(points),
        })
    } else {
        None
    };
    let lower_limit = optional_number(&form.lower_limit, "lower-limit", "The lower limit")?;
    if let Some(l) = lower_limit {
        if l < Decimal::ONE || l > Decimal::ONE_HUNDRED {
            let hint = if l > Decimal::ZERO && l < Decimal::ONE {
                format!(
                    " It looks like a fraction: enter {}.",
                    (l * Decimal::ONE_HUNDRED).normalize()
                )
            } else {
                String::new()
            };
            return refuse(
                Some(at("lower-limit")),
                format!("The lower limit is a percentage of the reference price, from 1 to 100, such as 86.745.{hint}"),
            );
        }
    }
    let a = optional_number(&form.a_value, "a-value", "A")?;
    if let Some(a) = a {
        if a < Decimal::ZERO || reference.is_some_and(|r| a >= r) {
            return refuse(
                Some(at("a-value")),
                "A must be 0 or more and below the reference price.",
            );
        }
    }
    let node = find_mut(&mut e.criteria, id)
        .filter(|n| n.method == Some(PriceMethod::EligibilityReview))
        .ok_or_else(|| EditError {
            field: None,
            message: "Only an eligibility-review price criterion has these parameters.".into(),
        })?;
    let words = |g: &crate::model::Eligibility| {
        format!(
            "reference {}, target {} %, slope {}",
            g.reference_price
                .map_or("not stated yet".to_string(), |r| r.to_string()),
            g.target,
            g.slope
        )
    };
    let old = node.eligibility.as_ref().map(words);
    let g = crate::model::Eligibility {
        reference_price: reference.map(Dec),
        target: Dec(target),
        slope: Dec(slope),
        floor: floor.map(Dec),
        ratio_places: places,
        band,
        lower_limit: lower_limit.map(Dec),
        a_value: a.map(Dec),
    };
    let new = words(&g);
    node.eligibility = Some(g);
    Ok(Change::new(format!(
        "Changed the eligibility-review price score of \"{}\"",
        node.name
    ))
    .values(old, Some(new))
    .keyed(format!("eligibility:{id}")))
}
