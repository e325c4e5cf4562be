//! Bids: adding, changing and removing them.

use bidmark::workflow::Edit;

use crate::common::*;

#[test]
fn add_bid_reads_a_price_with_currency_sign_and_thousands_separators() {
    let s = small();
    let n = ok(
        &s,
        Edit::AddBid {
            supplier: " Gamma Systems Ltd ".into(),
            price: " £420,000.50 ".into(),
        },
    );
    let b = ev(&n)
        .bid("gamma-systems-ltd")
        .expect("added with a slug id");
    assert_eq!(b.supplier, "Gamma Systems Ltd");
    assert_eq!(b.price, Some(dec("420000.50")));
    assert_eq!(b.price.unwrap().to_string(), "420000.50");
    assert_eq!(last(&n).what, "Added the bid from Gamma Systems Ltd");
    assert_eq!(last(&n).after.as_deref(), Some("420000.50"));
    assert_eq!(
        result(&n, "gamma-systems-ltd").price,
        Some(dec("420000.50").0)
    );

    for (typed, read) in [
        ("€1 000", "1000"),
        ("$99.99", "99.99"),
        ("₩12,500,000", "12500000"),
    ] {
        let n = ok(
            &s,
            Edit::AddBid {
                supplier: "Delta".into(),
                price: typed.into(),
            },
        );
        assert_eq!(
            ev(&n).bid("delta").unwrap().price,
            Some(dec(read)),
            "{typed}"
        );
    }
    // Same supplier twice: the id stays unique.
    let n = ok(
        &n,
        Edit::AddBid {
            supplier: "Gamma Systems Ltd".into(),
            price: "1".into(),
        },
    );
    assert!(ev(&n).bid("gamma-systems-ltd-2").is_some());
}

#[test]
fn add_bid_without_a_price_is_a_problem_to_fix_when_price_is_scored() {
    let n = ok(
        &small(),
        Edit::AddBid {
            supplier: "Gamma".into(),
            price: "".into(),
        },
    );
    assert_eq!(ev(&n).bid("gamma").unwrap().price, None);
    assert_eq!(last(&n).after, None);
    assert!(n
        .open
        .as_ref()
        .unwrap()
        .problems
        .iter()
        .any(|p| p.path == "bids[2].price"));
    assert_eq!(n.open.as_ref().unwrap().results, None);
}

#[test]
fn add_bid_refusals() {
    let s = small();
    let add = |supplier: &str, price: &str| Edit::AddBid {
        supplier: supplier.into(),
        price: price.into(),
    };
    refused(
        &s,
        add("  ", "100"),
        Some(Field::NewBidSupplier),
        "Enter the supplier's name",
    );
    refused(
        &s,
        add("G", "abc"),
        Some(Field::NewBidPrice),
        "The price is not a plain decimal",
    );
    refused(
        &s,
        add("G", "0"),
        Some(Field::NewBidPrice),
        "more than zero",
    );
    refused(
        &s,
        add("G", "£0.00"),
        Some(Field::NewBidPrice),
        "more than zero",
    );
    refused(
        &s,
        add("G", "-5"),
        Some(Field::NewBidPrice),
        "more than zero",
    );
    refused(
        &s,
        add("G", "1.1234567"),
        Some(Field::NewBidPrice),
        "at most 6 decimal places",
    );
    refused(
        &s,
        add("G", "2000000000000000"),
        Some(Field::NewBidPrice),
        "currency's units",
    );
}

#[test]
fn a_comma_that_is_not_a_thousands_separator_is_refused() {
    let s = small();
    for typed in ["12,5", "1.000,50", "1,00,000", "4,20"] {
        refused(
            &s,
            Edit::AddBid {
                supplier: "G".into(),
                price: typed.into(),
            },
            Some(Field::NewBidPrice),
            "price",
        );
    }
}

#[test]
fn update_bid_changes_supplier_and_price() {
    let s = small();
    let n = ok(
        &s,
        Edit::UpdateBid {
            id: "beta".into(),
            supplier: "Beta Group plc".into(),
            price: "£118,000".into(),
        },
    );
    let b = ev(&n).bid("beta").unwrap();
    assert_eq!(b.supplier, "Beta Group plc");
    assert_eq!(b.price, Some(dec("118000")));
    assert_eq!(last(&n).what, "Changed the bid from Beta Group plc");
    assert_eq!(last(&n).before.as_deref(), Some("Beta plc, 125000"));
    assert_eq!(last(&n).after.as_deref(), Some("Beta Group plc, 118000"));
    // Typing the price on: one step.
    let n = edit(
        &n,
        Edit::UpdateBid {
            id: "beta".into(),
            supplier: "Beta Group plc".into(),
            price: "£118,500".into(),
        },
    );
    assert_eq!(audit(&n).len(), 1);
    assert_eq!(past(&n), 1);
    assert_eq!(last(&n).before.as_deref(), Some("Beta plc, 125000"));
    assert_eq!(last(&n).after.as_deref(), Some("Beta Group plc, 118500"));
}

#[test]
fn update_bid_refusals() {
    let s = small();
    let up = |id: &str, supplier: &str, price: &str| Edit::UpdateBid {
        id: id.into(),
        supplier: supplier.into(),
        price: price.into(),
    };
    refused(
        &s,
        up("beta", " ", "1"),
        Some(Field::BidSupplier("beta".into())),
        "Enter the supplier's name",
    );
    refused(
        &s,
        up("beta", "B", "abc"),
        Some(Field::BidPrice("beta".into())),
        "not a plain decimal",
    );
    refused(
        &s,
        up("beta", "B", "0"),
        Some(Field::BidPrice("beta".into())),
        "more than zero",
    );
    refused(
        &s,
        up("beta", "B", "-5"),
        Some(Field::BidPrice("beta".into())),
        "more than zero",
    );
    refused(&s, up("nope", "B", "5"), None, "no bid \"nope\"");
}

#[test]
fn remove_bid_removes_its_scores_consensus_and_checks() {
    let s = sample("gcloud-call-off");
    let id = "larchfield";
    let supplier = ev(&s).bid(id).unwrap().supplier.clone();
    let scores = ev(&s).scores.iter().filter(|x| x.bid == id).count();
    assert!(scores > 1);
    let n = ok(&s, Edit::RemoveBid { id: id.into() });
    let e = ev(&n);
    assert!(e.bid(id).is_none());
    assert!(e.scores.iter().all(|x| x.bid != id));
    assert!(e.consensus.iter().all(|x| x.bid != id));
    assert!(e.checks.iter().all(|x| x.bid != id));
    assert_eq!(e.scores.len(), ev(&s).scores.len() - scores);
    assert_eq!(
        last(&n).what,
        format!("Removed the bid from {supplier}, with {scores} scores")
    );
    assert_eq!(last(&n).before.as_deref(), Some(supplier.as_str()));
    assert!(n
        .open
        .as_ref()
        .unwrap()
        .results
        .as_ref()
        .unwrap()
        .bids
        .iter()
        .all(|b| b.bid != id));

    // Without scores, nothing is said about scores.
    let n = ok(&small(), Edit::RemoveBid { id: "beta".into() });
    assert_eq!(last(&n).what, "Removed the bid from Beta plc");
    refused(
        &small(),
        Edit::RemoveBid { id: "nope".into() },
        None,
        "no bid \"nope\"",
    );
}
