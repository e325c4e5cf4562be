//! Edits to the bids: adding, changing and removing them, with prices read as people
//! type them.

use crate::workflow::Field;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{missing, number, optional, refuse, slug, Change, EditError};
use crate::model::{Bid, Dec, Evaluation};
use crate::text;

pub(super) fn add(e: &mut Evaluation, supplier: &str, price: &str) -> Result<Change, EditError> {
    let supplier = supplier.trim();
    if supplier.is_empty() {
        return refuse(Some(Field::NewBidSupplier), "Enter the supplier's name.");
    }
    let price = bid_price(price, Field::NewBidPrice)?;
    let id = slug(supplier, &|c| e.bid(c).is_some());
    e.bids.push(Bid {
        id: id.clone(),
        supplier: supplier.to_string(),
        price,
        values: Default::default(),
        answers: BTreeMap::new(),
        lot: None,
    });
    Ok(Change::new(format!("Added the bid from {supplier}"))
        .values(None, price.map(|p| p.to_string())))
}

pub(super) fn update(
    e: &mut Evaluation,
    id: &str,
    supplier: &str,
    price: &str,
) -> Result<Change, EditError> {
    let supplier = supplier.trim();
    if supplier.is_empty() {
        return refuse(
            Some(Field::BidSupplier(id.to_string())),
            "Enter the supplier's name.",
        );
    }
    let price = bid_price(price, Field::BidPrice(id.to_string()))?;
    let b = e
        .bids
        .iter_mut()
        .find(|b| b.id == id)
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
    Ok(Change::new(format!("Changed the bid from {supplier}"))
        .values(Some(old), Some(new))
        .keyed(format!("bid:{id}")))
}

/// Removes a bid with every score, consensus and check given to it.
pub(super) fn remove(e: &mut Evaluation, id: &str) -> Result<Change, EditError> {
    let i = e
        .bids
        .iter()
        .position(|b| b.id == id)
        .ok_or_else(|| missing("bid", id))?;
    let b = e.bids.remove(i);
    let n = e.scores.iter().filter(|s| s.bid == id).count();
    e.scores.retain(|s| s.bid != *id);
    e.consensus.retain(|s| s.bid != *id);
    e.checks.retain(|s| s.bid != *id);
    let mut what = format!("Removed the bid from {}", b.supplier);
    if n > 0 {
        what.push_str(&format!(", with {}", text::count(n, "score", "scores")));
    }
    Ok(Change::new(what).values(Some(b.supplier), None))
}

/// Reads a price as people type it: `£420,000.50`, `420000.5`, `₩1,850,000,000`. A comma
/// is only a thousands separator; "12,5" is refused rather than read as 125.
pub(super) fn bid_price(input: &str, field: Field) -> Result<Option<Dec>, EditError> {
    let cleaned = price_text(input, &field)?;
    match optional(&cleaned) {
        None => Ok(None),
        Some(s) => {
            let p = number(&s, field.clone(), "The price")?;
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

/// A price as typed, without its currency sign, spaces and thousands separators:
/// `£420,000.50` → `420000.50`. A comma anywhere but between thousands is refused.
pub(super) fn price_text(input: &str, field: &Field) -> Result<String, EditError> {
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
            return refuse(Some(field.clone()), "Use commas in the price only between thousands (420,000.50), and a point for decimals.");
        }
    }
    Ok(bare.chars().filter(|c| *c != ',').collect())
}
