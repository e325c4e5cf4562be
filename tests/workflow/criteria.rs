//! Edits of the criteria tree: adding, changing, removing and moving criteria.

use bidmark::model::{Kind, PriceMethod};
use bidmark::workflow::Edit;

use crate::common::*;

#[test]
fn add_criterion_at_the_top_level_and_under_a_group() {
    let s = small();
    let n = ok(
        &s,
        Edit::AddCriterion {
            parent: None,
            kind: Kind::Scored,
            name: "  Social value ".into(),
        },
    );
    let c = ev(&n)
        .criterion("social-value")
        .expect("added with a slug id");
    assert_eq!(c.name, "Social value");
    assert_eq!(c.kind, Kind::Scored);
    assert_eq!(c.weight, Some(dec("0")));
    assert_eq!(ev(&n).criteria.last().unwrap().id, "social-value");
    assert_eq!(
        last(&n).what,
        "Added the scored criterion \"Social value\" at the top level"
    );
    assert_eq!(last(&n).after.as_deref(), Some("social-value"));
    assert!(
        n.open.as_ref().unwrap().results.is_some(),
        "weight 0 keeps the sums valid"
    );

    let n = ok(
        &n,
        Edit::AddCriterion {
            parent: Some("quality".into()),
            kind: Kind::PassFail,
            name: "Social value".into(),
        },
    );
    let q = ev(&n).criterion("quality").unwrap();
    let added = q.children().last().unwrap();
    assert_eq!(added.id, "social-value-2", "ids stay unique");
    assert_eq!(added.weight, None, "pass/fail carries no weight");
    assert_eq!(
        last(&n).what,
        "Added the pass/fail criterion \"Social value\" under Quality"
    );

    let n = ok(
        &n,
        Edit::AddCriterion {
            parent: None,
            kind: Kind::Group,
            name: "Delivery".into(),
        },
    );
    assert_eq!(
        ev(&n).criterion("delivery").unwrap().children,
        Some(Vec::new())
    );
    assert!(
        !n.open.as_ref().unwrap().problems.is_empty(),
        "an empty group is a problem to fix"
    );
    assert_eq!(n.open.as_ref().unwrap().results, None);
}

#[test]
fn add_criterion_refusals() {
    let s = small();
    let add = |parent: Option<&str>, kind: Kind, name: &str| Edit::AddCriterion {
        parent: parent.map(str::to_string),
        kind,
        name: name.into(),
    };
    refused(
        &s,
        add(None, Kind::Scored, "  "),
        Some(Field::NewCriterionName),
        "Enter a name",
    );
    refused(
        &s,
        add(None, Kind::Price, "Cost"),
        Some(Field::NewCriterionKind),
        "already a price criterion",
    );
    refused(
        &s,
        add(Some("approach"), Kind::Scored, "Sub"),
        Some(Field::NewCriterionParent),
        "only be added under a group",
    );
    refused(
        &s,
        add(Some("nowhere"), Kind::Scored, "Sub"),
        Some(Field::NewCriterionParent),
        "only be added under a group",
    );
}

#[test]
fn update_criterion_changes_name_weight_minimum_and_guidance() {
    let s = small();
    let n = ok(
        &s,
        Edit::UpdateCriterion {
            id: "approach".into(),
            name: " Technical approach ".into(),
            weight: "60".into(),
            min_score: "1".into(),
            guidance: " Look for evidence ".into(),
            method: None,
        },
    );
    let c = ev(&n).criterion("approach").unwrap();
    assert_eq!(c.name, "Technical approach");
    assert_eq!(c.weight, Some(dec("60")));
    assert_eq!(c.min_score, Some(dec("1")));
    assert_eq!(c.guidance.as_deref(), Some("Look for evidence"));
    assert_eq!(
        last(&n).what,
        "Changed the criterion \"Technical approach\""
    );
    assert_eq!(last(&n).before.as_deref(), Some("Approach, weight 50"));
    assert_eq!(
        last(&n).after.as_deref(),
        Some("Technical approach, weight 60, minimum score 1, guidance: Look for evidence")
    );
    // Quality now sums to 110: a problem to fix, not a refusal.
    assert_eq!(n.open.as_ref().unwrap().results, None);
    let n = ok(&n, update_weight("team", "Team", "40"));
    assert!(n.open.as_ref().unwrap().results.is_some());

    // The price method; a pass/fail criterion ignores the weight field.
    let n = ok(
        &n,
        Edit::UpdateCriterion {
            id: "price".into(),
            name: "Price".into(),
            weight: "40".into(),
            min_score: "".into(),
            guidance: "".into(),
            method: Some(PriceMethod::LinearToLowest),
        },
    );
    assert_eq!(
        ev(&n).criterion("price").unwrap().method,
        Some(PriceMethod::LinearToLowest)
    );
    let n = ok(&n, update_weight("hosting", "Hosted in the UK", "not used"));
    assert_eq!(ev(&n).criterion("hosting").unwrap().weight, None);
    assert_eq!(
        ev(&n).criterion("hosting").unwrap().name,
        "Hosted in the UK"
    );
}

#[test]
fn update_criterion_refusals_name_the_field() {
    let s = small();
    refused(
        &s,
        update_weight("approach", " ", "50"),
        Some(Field::CriterionName("approach".into())),
        "Enter a name",
    );
    refused(
        &s,
        update_weight("approach", "Approach", "abc"),
        Some(Field::CriterionWeight("approach".into())),
        "The weight is not a plain decimal",
    );
    refused(
        &s,
        update_weight("approach", "Approach", ""),
        Some(Field::CriterionWeight("approach".into())),
        "The weight is empty",
    );
    for w in ["100.5", "101", "-1"] {
        refused(
            &s,
            update_weight("approach", "Approach", w),
            Some(Field::CriterionWeight("approach".into())),
            "from 0 to 100",
        );
    }
    refused(
        &s,
        Edit::UpdateCriterion {
            id: "approach".into(),
            name: "Approach".into(),
            weight: "50".into(),
            min_score: "two".into(),
            guidance: "".into(),
            method: None,
        },
        Some(Field::CriterionMinScore("approach".into())),
        "The minimum score is not a plain decimal",
    );
    refused(
        &s,
        update_weight("nope", "X", "50"),
        None,
        "no criterion \"nope\"",
    );
}

#[test]
fn update_criterion_refuses_a_minimum_score_outside_the_scale() {
    let s = small();
    refused(
        &s,
        Edit::UpdateCriterion {
            id: "approach".into(),
            name: "Approach".into(),
            weight: "50".into(),
            min_score: "5".into(),
            guidance: "".into(),
            method: None,
        },
        Some(Field::CriterionMinScore("approach".into())),
        "0 to 3",
    );
}

#[test]
fn remove_criterion_removes_scores_consensus_checks_and_answers_below_it() {
    // gcloud-call-off: quality group of 5 scored criteria with 60 scores and 19
    // consensus scores; a pass/fail "uk-hosting" with 4 checks.
    let s = sample("gcloud-call-off");
    let below = ev(&s).criterion("quality").unwrap().children().len();
    let n = ok(
        &s,
        Edit::RemoveCriterion {
            id: "quality".into(),
        },
    );
    let e = ev(&n);
    assert!(e.criterion("quality").is_none());
    assert!(e.criterion("functional-fit").is_none());
    assert!(e.scores.is_empty());
    assert!(e.consensus.is_empty());
    assert_eq!(e.checks.len(), 4, "the checks of other criteria stay");
    for b in &e.bids {
        assert!(
            b.answers.keys().all(|k| e.criterion(k).is_some()),
            "{:?}",
            b.answers
        );
    }
    assert_eq!(
        last(&n).what,
        format!(
            "Removed the group \"{}\" and the {below} criteria below it, with 60 scores",
            ev(&s).criterion("quality").unwrap().name
        )
    );
    assert!(last(&n).before.as_deref().unwrap().contains("weight 60"));
    assert_eq!(last(&n).after, None);

    let n = ok(
        &s,
        Edit::RemoveCriterion {
            id: "uk-hosting".into(),
        },
    );
    assert!(ev(&n).checks.is_empty());
    assert_eq!(ev(&n).scores.len(), 60);
    assert!(!last(&n).what.contains("scores"), "{}", last(&n).what);
    refused(
        &s,
        Edit::RemoveCriterion { id: "nope".into() },
        None,
        "no criterion \"nope\"",
    );
}

#[test]
fn remove_criterion_counts_one_score_in_the_singular_and_drops_the_answer() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let s = unlock(&s, "Approach and team overlap");
    let n = ok(
        &s,
        Edit::RemoveCriterion {
            id: "approach".into(),
        },
    );
    assert_eq!(
        last(&n).what,
        "Removed the scored criterion \"Approach\", with 1 score"
    );
    assert!(ev(&n).scores.is_empty());
    assert!(!ev(&n).bid("acme").unwrap().answers.contains_key("approach"));
    assert!(ev(&n).bid("acme").unwrap().answers.contains_key("team"));
}

#[test]
fn move_criterion_swaps_with_its_neighbour() {
    let s = small();
    let n = ok(
        &s,
        Edit::MoveCriterion {
            id: "team".into(),
            up: true,
        },
    );
    assert_eq!(
        criterion_ids(ev(&n)),
        ["quality", "team", "approach", "hosting", "price"]
    );
    assert_eq!(last(&n).what, "Moved \"Team\" up");
    let n = ok(
        &n,
        Edit::MoveCriterion {
            id: "quality".into(),
            up: false,
        },
    );
    assert_eq!(
        criterion_ids(ev(&n)),
        ["hosting", "quality", "team", "approach", "price"]
    );
    assert_eq!(last(&n).what, "Moved \"Quality\" down");
}

#[test]
fn move_criterion_refuses_to_move_past_either_end() {
    let s = small();
    let mv = |id: &str, up: bool| Edit::MoveCriterion { id: id.into(), up };
    refused(
        &s,
        mv("approach", true),
        None,
        "\"Approach\" is already first",
    );
    refused(
        &s,
        mv("quality", true),
        None,
        "\"Quality\" is already first",
    );
    refused(&s, mv("team", false), None, "\"Team\" is already last");
    refused(&s, mv("price", false), None, "\"Price\" is already last");
    refused(&s, mv("nope", true), None, "no criterion \"nope\"");
}

#[test]
fn move_into_a_group_and_back_to_the_top_level() {
    let s = small();
    let n = ok(
        &s,
        Edit::MoveInto {
            id: "hosting".into(),
            parent: Some("quality".into()),
        },
    );
    assert_eq!(
        criterion_ids(ev(&n)),
        ["quality", "approach", "team", "hosting", "price"]
    );
    assert_eq!(last(&n).what, "Moved \"UK hosting\" to Quality");
    let n = ok(
        &n,
        Edit::MoveInto {
            id: "approach".into(),
            parent: None,
        },
    );
    assert_eq!(
        criterion_ids(ev(&n)),
        ["quality", "team", "hosting", "price", "approach"]
    );
    assert_eq!(last(&n).what, "Moved \"Approach\" to the top level");
}

#[test]
fn move_into_refusals() {
    // A nested group: quality > inner > deep.
    let s = small();
    let s = ok(
        &s,
        Edit::AddCriterion {
            parent: Some("quality".into()),
            kind: Kind::Group,
            name: "Inner".into(),
        },
    );
    let into = |id: &str, parent: Option<&str>| Edit::MoveInto {
        id: id.into(),
        parent: parent.map(str::to_string),
    };
    refused(
        &s,
        into("quality", Some("quality")),
        None,
        "cannot be moved into itself",
    );
    refused(
        &s,
        into("quality", Some("inner")),
        None,
        "cannot be moved into itself",
    );
    refused(
        &s,
        into("hosting", Some("approach")),
        None,
        "only be moved into a group",
    );
    refused(
        &s,
        into("hosting", Some("nope")),
        None,
        "only be moved into a group",
    );
    refused(
        &s,
        into("nope", Some("quality")),
        None,
        "no criterion \"nope\"",
    );
    refused(&s, into("nope", None), None, "no criterion \"nope\"");
}

#[test]
fn the_korean_price_scores_are_set_from_their_forms_and_refused_in_words() {
    use bidmark::model::Below60;
    use bidmark::workflow::{EligibilityText, Field};
    let s = sample("korean-negotiated");
    let at = |name: &'static str| Some(Field::CriterionParam("price".into(), name));
    let negotiated = |estimated: &str, reserve: &str| Edit::Negotiated {
        id: "price".into(),
        estimated: estimated.into(),
        reserve: reserve.into(),
        lowest_raised: false,
        below_60: Below60::SixtyPercentOfWeight,
    };
    refused(
        &s,
        negotiated("", ""),
        at("estimated-price"),
        "Enter the estimated price",
    );
    refused(
        &s,
        negotiated("0", ""),
        at("estimated-price"),
        "must be more than 0",
    );
    refused(
        &s,
        negotiated("abc", ""),
        at("estimated-price"),
        "The estimated price",
    );
    refused(
        &s,
        negotiated("500000000", "-1"),
        at("reserve-price"),
        "must be more than 0",
    );
    let n = ok(&s, negotiated("450000000", "440000000"));
    let c = ev(&n).criterion("price").unwrap();
    assert_eq!(c.estimated_price, Some(dec("450000000")));
    let opts = c.negotiated.clone().unwrap();
    assert_eq!(opts.reserve_price, Some(dec("440000000")));
    assert_eq!(opts.below_60, Some(Below60::SixtyPercentOfWeight));
    assert_eq!(opts.lowest_raised_to_80, None);
    // The anchor moved to 440,000,000: 0.8 × = 352,000,000, so minto's 380,000,000 is
    // now at or above it: 20 × 380 ÷ 380 = the whole weight.
    assert_eq!(
        result(&n, "minto").price_points.unwrap().to_string(),
        "20.0000"
    );

    // To the eligibility review: the negotiated parameters go with the old method.
    let n = ok(
        &n,
        Edit::UpdateCriterion {
            id: "price".into(),
            name: "Price evaluation (가격평가)".into(),
            weight: "20".into(),
            min_score: String::new(),
            guidance: String::new(),
            method: Some(PriceMethod::EligibilityReview),
        },
    );
    assert_eq!(ev(&n).criterion("price").unwrap().estimated_price, None);
    let form = EligibilityText {
        reference: "450000000".into(),
        target: "88".into(),
        slope: "2".into(),
        ..Default::default()
    };
    let with = |f: EligibilityText| Edit::Eligibility {
        id: "price".into(),
        form: Box::new(f),
    };
    // The reserve price may wait for bid opening; a price that is not one is refused.
    let waiting = edit(
        &n,
        with(EligibilityText {
            reference: String::new(),
            ..form.clone()
        }),
    );
    let g = ev(&waiting)
        .criterion("price")
        .unwrap()
        .eligibility
        .clone()
        .unwrap();
    assert_eq!(g.reference_price, None);
    refused(
        &n,
        with(EligibilityText {
            reference: "0".into(),
            ..form.clone()
        }),
        at("reference-price"),
        "The reference price",
    );
    refused(
        &n,
        with(EligibilityText {
            floor: "25".into(),
            ..form.clone()
        }),
        at("floor"),
        "above the criterion's weight of 20",
    );
    refused(
        &n,
        with(EligibilityText {
            band_from: "100".into(),
            band_to: "88.25".into(),
            band_points: "15".into(),
            ..form.clone()
        }),
        at("band-to"),
        "the wrong way round",
    );
    refused(
        &n,
        with(EligibilityText {
            lower_limit: "0.86745".into(),
            ..form.clone()
        }),
        at("lower-limit"),
        "It looks like a fraction: enter 86.745.",
    );
    refused(
        &n,
        with(EligibilityText {
            slope: "four".into(),
            ..form.clone()
        }),
        at("slope"),
        "The slope",
    );
    let n = ok(
        &n,
        with(EligibilityText {
            lower_limit: "86.745".into(),
            ..form.clone()
        }),
    );
    // saebit 420,000,000 ÷ 450,000,000 = 0.93333… → 0.9333: 20 − 2 × |88 − 93.33| = 9.34;
    // minto 380,000,000 ÷ 450,000,000 = 84.44… % is below 86.745 %: excluded.
    assert_eq!(
        result(&n, "saebit").price_points.unwrap().to_string(),
        "9.3400"
    );
    assert_eq!(result(&n, "minto").reasons[0].code(), "lower_limit");
    assert!(last(&n).what.contains("eligibility-review"));
}
