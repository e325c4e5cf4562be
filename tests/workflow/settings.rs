//! Edits of the evaluation's settings: details, scale, moderation, threshold, places.

use std::collections::BTreeMap;

use bidmark::model::{Method, PriceMethod};
use bidmark::workflow::{scale_of, Edit};

use crate::common::*;

#[test]
fn details_change_title_reference_and_currency() {
    let s = small();
    let n = ok(
        &s,
        Edit::Details {
            title: "  Case management  ".into(),
            reference: " DOS-7 ".into(),
            currency: "eur".into(),
        },
    );
    let e = ev(&n);
    assert_eq!(e.title, "Case management");
    assert_eq!(e.reference.as_deref(), Some("DOS-7"));
    assert_eq!(e.currency.as_deref(), Some("EUR"), "upper-cased");
    let a = last(&n);
    assert_eq!(a.what, "Changed the evaluation details");
    assert_eq!(
        a.before.as_deref(),
        Some("Small test; reference REF-1; currency GBP")
    );
    assert_eq!(
        a.after.as_deref(),
        Some("Case management; reference DOS-7; currency EUR")
    );
    // Typing on in the same form is the same step: one entry, the latest value.
    let n = edit(
        &n,
        Edit::Details {
            title: "Case management".into(),
            reference: " ".into(),
            currency: String::new(),
        },
    );
    assert_eq!(n.error, None);
    assert_eq!(audit(&n).len(), 1);
    assert_eq!(past(&n), 1);
    assert_eq!(
        last(&n).before.as_deref(),
        Some("Small test; reference REF-1; currency GBP")
    );
    assert_eq!(
        last(&n).after.as_deref(),
        Some("Case management; reference none; currency none")
    );
    // Blank reference and currency are removed.
    assert_eq!(ev(&n).reference, None);
    assert_eq!(ev(&n).currency, None);
}

#[test]
fn details_refuse_an_empty_title_and_a_bad_currency() {
    let s = small();
    let d = |title: &str, currency: &str| Edit::Details {
        title: title.into(),
        reference: "R".into(),
        currency: currency.into(),
    };
    refused(&s, d("   ", "GBP"), Some(Field::Title), "Enter a title");
    for c in ["EURO", "E1R", "£", "GB", "€UR"] {
        refused(&s, d("T", c), Some(Field::Currency), "three-letter code");
    }
}

#[test]
fn scale_changes_the_default_scale_and_keeps_non_empty_labels() {
    let s = small();
    let labels: BTreeMap<String, String> = [("1", " Poor "), ("5", "Excellent"), ("3", "  ")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let n = ok(
        &s,
        Edit::Scale {
            min: "1".into(),
            max: " 5 ".into(),
            labels,
        },
    );
    let sc = ev(&n).scale.clone().unwrap();
    assert_eq!((sc.min, sc.max), (dec("1"), dec("5")));
    assert_eq!(sc.labels.len(), 2);
    assert_eq!(sc.labels["1"], "Poor");
    assert_eq!(scale_of(ev(&n), "approach").max, dec("5"));
    let a = last(&n);
    assert_eq!(a.what, "Changed the scoring scale");
    assert_eq!(a.before.as_deref(), Some("0 to 3"));
    assert_eq!(a.after.as_deref(), Some("1 to 5"));
}

#[test]
fn scale_refuses_min_at_or_above_max_and_non_numbers() {
    let s = small();
    let sc = |min: &str, max: &str| Edit::Scale {
        min: min.into(),
        max: max.into(),
        labels: BTreeMap::new(),
    };
    refused(
        &s,
        sc("3", "3"),
        Some(Field::ScaleMin),
        "must be below the highest",
    );
    refused(
        &s,
        sc("5", "1"),
        Some(Field::ScaleMin),
        "must be below the highest",
    );
    refused(
        &s,
        sc("abc", "5"),
        Some(Field::ScaleMin),
        "The lowest score is not a plain decimal",
    );
    refused(
        &s,
        sc("0", ""),
        Some(Field::ScaleMax),
        "The highest score is empty",
    );
}

#[test]
fn scale_refuses_to_exclude_scores_already_given() {
    let s = small();
    let s = score(&s, "ann", "acme", "approach", "3");
    let s = unlock(&s, "The scale was published as 0 to 5");
    let err = refused(
        &s,
        Edit::Scale {
            min: "0".into(),
            max: "2".into(),
            labels: BTreeMap::new(),
        },
        Some(Field::ScaleMin),
        "outside this scale",
    );
    assert!(err.message.contains("Change those scores first"));
    // Widening is fine.
    ok(
        &s,
        Edit::Scale {
            min: "0".into(),
            max: "5".into(),
            labels: BTreeMap::new(),
        },
    );
}

#[test]
fn scale_ignores_scores_on_criteria_that_have_their_own_scale() {
    // negotiated-80-20: default scale 0 to 10; "architecture" has its own 0 to 20 and
    // scores up to 20. Re-saving the default scale unchanged must be allowed.
    let s = sample("negotiated-80-20");
    let labels = ev(&s).default_scale().labels;
    ok(
        &s,
        Edit::Scale {
            min: "0".into(),
            max: "10".into(),
            labels,
        },
    );
}

#[test]
fn scale_refuses_to_exclude_consensus_scores_already_agreed() {
    let s = small();
    let s = ok(
        &s,
        Edit::Consensus {
            bid: "acme".into(),
            criterion: "approach".into(),
            agreed: Some((dec("3"), "Agreed after discussion".into())),
        },
    );
    refused(
        &s,
        Edit::Scale {
            min: "0".into(),
            max: "2".into(),
            labels: BTreeMap::new(),
        },
        Some(Field::ScaleMin),
        "outside this scale",
    );
}

#[test]
fn moderation_changes_method_and_divergence() {
    let s = small();
    let n = ok(
        &s,
        Edit::Moderation {
            method: Method::Median,
            divergence: " 1.5 ".into(),
        },
    );
    assert_eq!(ev(&n).method(), Method::Median);
    assert_eq!(ev(&n).divergence(), Some(dec("1.5")));
    assert_eq!(last(&n).what, "Changed how scores are moderated");
    assert_eq!(
        last(&n).before.as_deref(),
        Some("mean of the evaluators' scores; no divergence flags")
    );
    assert_eq!(
        last(&n).after.as_deref(),
        Some("median of the evaluators' scores; flag a spread of 1.5 or more")
    );
    let n = ok(
        &n,
        Edit::Moderation {
            method: Method::Consensus,
            divergence: "".into(),
        },
    );
    assert_eq!(ev(&n).divergence(), None);
    assert_eq!(
        n.open.as_ref().unwrap().results.as_ref().unwrap().method,
        Method::Consensus
    );
}

#[test]
fn moderation_refuses_a_negative_or_unreadable_divergence() {
    let s = small();
    let m = |d: &str| Edit::Moderation {
        method: Method::TrimmedMean,
        divergence: d.into(),
    };
    refused(&s, m("-1"), Some(Field::Divergence), "cannot be negative");
    refused(
        &s,
        m("two"),
        Some(Field::Divergence),
        "The spread that flags a score is not a plain decimal",
    );
}

#[test]
fn threshold_sets_and_clears_the_quality_threshold() {
    let s = small();
    let n = ok(
        &s,
        Edit::Threshold {
            threshold: "60".into(),
        },
    );
    assert_eq!(ev(&n).quality_threshold, Some(dec("60")));
    assert_eq!(last(&n).what, "Changed the quality threshold");
    assert_eq!(last(&n).before, None);
    assert_eq!(last(&n).after.as_deref(), Some("60"));
    let n = ok(
        &n,
        Edit::Threshold {
            threshold: " ".into(),
        },
    );
    assert_eq!(ev(&n).quality_threshold, None);
    assert_eq!(last(&n).before.as_deref(), Some("60"));
    assert_eq!(last(&n).after, None);
}

#[test]
fn threshold_refuses_numbers_outside_0_to_100() {
    let s = small();
    for t in ["100.01", "101", "-1"] {
        refused(
            &s,
            Edit::Threshold {
                threshold: t.into(),
            },
            Some(Field::Threshold),
            "from 0 to 100",
        );
    }
    refused(
        &s,
        Edit::Threshold {
            threshold: "60%".into(),
        },
        Some(Field::Threshold),
        "not a plain decimal",
    );
    ok(
        &s,
        Edit::Threshold {
            threshold: "100".into(),
        },
    );
}

#[test]
fn places_change_the_rounding_of_totals() {
    let s = small();
    let n = ok(&s, Edit::Places { places: 3 });
    assert_eq!(ev(&n).places(), 3);
    assert_eq!(n.open.as_ref().unwrap().results.as_ref().unwrap().places, 3);
    assert_eq!(last(&n).what, "Changed the decimal places of totals");
    assert_eq!(
        (last(&n).before.as_deref(), last(&n).after.as_deref()),
        (Some("2"), Some("3"))
    );
    ok(&s, Edit::Places { places: 0 });
    ok(&s, Edit::Places { places: 6 });
    refused(
        &s,
        Edit::Places { places: 7 },
        Some(Field::Places),
        "from 0 to 6",
    );
}

#[test]
fn hide_prices_is_recorded_both_ways() {
    let s = small();
    let n = ok(&s, Edit::HidePrices { hide: true });
    assert!(ev(&n).workflow.hide_prices);
    assert_eq!(last(&n).what, "Hid prices from evaluators while they score");
    let n = ok(&n, Edit::HidePrices { hide: false });
    assert!(!ev(&n).workflow.hide_prices);
    assert_eq!(last(&n).what, "Showed prices to evaluators");
}

#[test]
fn every_audit_entry_shows_what_changed() {
    let s = small();
    let changes = [
        Edit::Details {
            title: "Small test".into(),
            reference: "REF-1".into(),
            currency: "EUR".into(),
        },
        Edit::Moderation {
            method: Method::Mean,
            divergence: "1".into(),
        },
        Edit::UpdateCriterion {
            id: "approach".into(),
            name: "Approach".into(),
            weight: "50".into(),
            min_score: "".into(),
            guidance: "Look for evidence of delivery".into(),
            method: None,
        },
        Edit::UpdateCriterion {
            id: "price".into(),
            name: "Price".into(),
            weight: "40".into(),
            min_score: "".into(),
            guidance: "".into(),
            method: Some(PriceMethod::LinearToLowest),
        },
    ];
    let mut silent = Vec::new();
    for e in changes {
        let n = ok(&s, e.clone());
        assert_ne!(ev(&n), ev(&s));
        if last(&n).before == last(&n).after {
            silent.push(format!("{}: {:?}", edit_name(&e), last(&n)));
        }
    }
    assert!(silent.is_empty(), "{silent:#?}");
}

#[test]
fn ranking_is_set_from_the_app_and_refused_in_words() {
    use bidmark::model::RankingMethod as R;
    use bidmark::workflow::Field;
    let ranking = |method, point_value: &str| Edit::Ranking {
        method,
        point_value: point_value.into(),
    };
    // With a price criterion, price cannot also be set against quality points.
    let s = small();
    refused(
        &s,
        ranking(R::PricePerPoint, ""),
        Some(Field::RankingMethod),
        "so there can be no price criterion",
    );
    // Quality alone, every bid priced: each method is set and audited in words.
    let json = serde_json::json!({
        "format": "bidmark/evaluation", "version": 1, "title": "Cleaning", "currency": "GBP",
        "criteria": [ { "id": "q", "name": "Quality", "kind": "scored", "weight": "100" } ],
        "bids": [ { "id": "a", "supplier": "A", "price": "90000" }, { "id": "b", "supplier": "B", "price": "100000" } ]
    });
    let s = open_json("cleaning.json", &json.to_string());
    let n = ok(&s, ranking(R::PricePerPoint, ""));
    assert_eq!(ev(&n).ranking.as_ref().unwrap().method, R::PricePerPoint);
    assert_eq!(last(&n).what, "Changed what bids are ranked on");
    assert_eq!(
        last(&n).after.as_deref(),
        Some("price per quality point (price ÷ quality points), lowest first")
    );
    // The quality-adjusted price needs the value of a point, read as people type money.
    refused(
        &n,
        ranking(R::AdjustedPrice, ""),
        Some(Field::PointValue),
        "Enter the value of one quality point",
    );
    refused(
        &n,
        ranking(R::AdjustedPrice, "twenty"),
        Some(Field::PointValue),
        "",
    );
    let n = ok(&n, ranking(R::AdjustedPrice, "£1,000"));
    let r = ev(&n).ranking.clone().unwrap();
    assert_eq!(
        (r.method, r.point_value.map(|v| v.to_string())),
        (R::AdjustedPrice, Some("1000".into()))
    );
    // Back to weighted points: the setting goes from the file.
    let n = ok(&n, ranking(R::WeightedPoints, "1000"));
    assert_eq!(ev(&n).ranking, None);
    // The workshop sets the methods side by side; not where price is a criterion.
    let e = ev(&n);
    assert!(bidmark::workshop::with_ranking(e, R::ValueForMoney, None).is_some());
    assert!(bidmark::workshop::with_ranking(e, R::AdjustedPrice, None).is_none());
    assert!(bidmark::workshop::with_ranking(ev(&small()), R::PricePerPoint, None).is_none());
}
