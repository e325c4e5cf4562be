//! Edits of the extension kinds that stand beside price: a measured criterion's way of
//! being better, its unit and whether it is a price component; a group scored relative
//! to the best bid; and each bid's figure for a measured criterion.

use crate::workflow::Field;

use super::{missing, optional, refuse, Change, EditError};
use crate::model::tree::find_mut;
use crate::model::{Better, Dec, Evaluation, Kind, PriceMethod};

/// Which way a measured criterion is better, what its figures count, and whether it is a
/// component of the price.
pub(super) fn measure(
    e: &mut Evaluation,
    id: &str,
    better: Better,
    unit: &str,
    component: bool,
) -> Result<Change, EditError> {
    let has_price = e.walk().iter().any(|(_, c)| c.kind == Kind::Price);
    let node = find_mut(&mut e.criteria, id)
        .filter(|c| c.kind == Kind::Measured)
        .ok_or_else(|| missing("measured criterion", id))?;
    if component && has_price {
        return refuse(
            None,
            "The evaluation has a price criterion: price components would score the price twice. Remove the price criterion first, or keep this criterion apart from price.",
        );
    }
    if component && better == Better::Higher {
        return refuse(
            None,
            "A price component is better lower: a higher price never scores more.",
        );
    }
    let old = describe(node);
    node.better = Some(better);
    node.unit = optional(unit).filter(|_| !component);
    node.price_component = component;
    // Formulas that cannot score a higher figure give way to the ratio to the best.
    if better == Better::Higher
        && matches!(
            node.method,
            Some(PriceMethod::LinearToLowest | PriceMethod::Logarithmic)
        )
    {
        node.method = Some(PriceMethod::LowestOverBid);
        node.log_base = None;
        node.log_floor = None;
    }
    // Bounds that now run the wrong way are the buyer's to state again.
    if let Some(b) = &node.bounds {
        let right = match better {
            Better::Lower => b.full.0 < b.zero.0,
            Better::Higher => b.full.0 > b.zero.0,
        };
        if !right {
            node.bounds = None;
        }
    }
    let new = describe(node);
    let name = node.name.clone();
    Ok(Change::new(format!("Changed how \"{name}\" is measured"))
        .values(Some(old), Some(new))
        .keyed(format!("measure:{id}")))
}

fn describe(c: &crate::model::Criterion) -> String {
    let better = match c.better.unwrap_or_default() {
        Better::Lower => "lower is better",
        Better::Higher => "higher is better",
    };
    let mut s = better.to_string();
    if let Some(u) = &c.unit {
        s.push_str(&format!(", in {u}"));
    }
    if c.price_component {
        s.push_str(", a price component");
    }
    s
}

/// Whether a group's points are set against the best bid's.
pub(super) fn relative(e: &mut Evaluation, id: &str, relative: bool) -> Result<Change, EditError> {
    let node = find_mut(&mut e.criteria, id)
        .filter(|c| c.kind == Kind::Group)
        .ok_or_else(|| missing("group", id))?;
    if relative {
        let inside: Vec<&str> = crate::model::tree::all(node.children())
            .into_iter()
            .filter(|c| matches!(c.kind, Kind::Price | Kind::Measured) || c.relative_to_best)
            .map(|c| c.name.as_str())
            .collect();
        if let Some(first) = inside.first() {
            return refuse(
                None,
                format!("\"{first}\" is inside this group, and only the panel's own scores can be set against the best bid's: move it out of the group first."),
            );
        }
    }
    let old = node.relative_to_best;
    node.relative_to_best = relative;
    let words = |r: bool| {
        if r {
            "relative to the best bid"
        } else {
            "on its own points"
        }
    };
    Ok(
        Change::new(format!("Scored \"{}\" {}", node.name, words(relative)))
            .values(
                Some(words(old).to_string()),
                Some(words(relative).to_string()),
            )
            .keyed(format!("relative:{id}")),
    )
}

/// A bid's figure for a measured criterion, read as people type it ("" clears it).
pub(super) fn figure(
    e: &mut Evaluation,
    bid: &str,
    criterion: &str,
    value: &str,
) -> Result<Change, EditError> {
    let field = Field::BidFigure {
        bid: bid.to_string(),
        criterion: criterion.to_string(),
    };
    let c = e
        .criterion(criterion)
        .filter(|c| c.kind == Kind::Measured)
        .ok_or_else(|| missing("measured criterion", criterion))?;
    let (name, component) = (c.name.clone(), c.price_component);
    let parsed = if component {
        super::bids::bid_price(value, field.clone())?
    } else {
        let bare: String = value.trim().trim_end_matches('%').trim().replace(',', "");
        match optional(&bare) {
            None => None,
            Some(t) => {
                let v = super::number(&t, field.clone(), &format!("The figure for {name}"))?;
                if v < rust_decimal::Decimal::ZERO {
                    return refuse(Some(field), format!("The figure for {name} is 0 or more."));
                }
                Some(Dec(v))
            }
        }
    };
    let b = e
        .bids
        .iter_mut()
        .find(|b| b.id == bid)
        .ok_or_else(|| missing("bid", bid))?;
    let old = b.values.get(criterion).map(|v| v.to_string());
    match parsed {
        Some(v) => b.values.insert(criterion.to_string(), v),
        None => b.values.remove(criterion),
    };
    let new = b.values.get(criterion).map(|v| v.to_string());
    Ok(Change::new(format!(
        "Changed the figure of {} for \"{name}\"",
        b.supplier
    ))
    .values(old, new)
    .keyed(format!("figure:{bid}:{criterion}")))
}
