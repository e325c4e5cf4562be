//! The documents that justify an award: the verifiable result, the award report and the
//! assessment summaries.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use bidmark::award::report::{all_summaries, assessment_summary, award_report};
use bidmark::award::result::{canonical, result_digest, result_file, verify};
use serde_json::{json, Value};

fn sample(slug: &str) -> bidmark::Evaluation {
    bidmark::load_str(bidmark::samples::find(slug).unwrap().json).unwrap()
}

#[test]
fn a_result_verifies_and_round_trips_to_the_same_bytes() {
    for s in bidmark::samples::SAMPLES {
        let e = sample(s.slug);
        let file = result_file(&e);
        let v = verify(&file).unwrap();
        assert!(v.holds(), "{}: {:?}", s.slug, v.differences);
        // Re-import the evaluation inside and export again: the same bytes, the same digest.
        let again = result_file(&v.evaluation);
        assert_eq!(file, again, "{}", s.slug);
        assert_eq!(result_digest(&e), result_digest(&v.evaluation));
    }
}

/// Changes one character of one value inside the result file's evaluation.
fn tamper(file: &str, pointer: &str, to: &str) -> String {
    let mut v: Value = serde_json::from_str(file).unwrap();
    *v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = json!(to);
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn verify_catches_a_one_character_change_in_any_score_weight_or_price() {
    let file = result_file(&sample("dos-outcomes"));
    let v: Value = serde_json::from_str(&file).unwrap();
    let scores = v["evaluation"]["scores"].as_array().unwrap().len();
    let mut cases = vec![];
    for i in 0..scores {
        let now = v["evaluation"]["scores"][i]["score"].as_str().unwrap();
        let to = if now == "3" { "2" } else { "3" };
        cases.push((format!("/evaluation/scores/{i}/score"), to.to_string()));
    }
    for i in 0..5 {
        let now = v["evaluation"]["bids"][i]["price"]
            .as_str()
            .unwrap()
            .to_string();
        // One digit different: 412500.00 → 412500.01.
        let to = format!("{}1", &now[..now.len() - 1]);
        cases.push((format!("/evaluation/bids/{i}/price"), to));
    }
    // Weights must still add up to 100 to load: swap one digit between two siblings.
    cases.push(("/evaluation/criteria/0/weight".into(), "61".into()));
    for (pointer, to) in &cases {
        let mut bad = tamper(&file, pointer, to);
        if pointer.ends_with("criteria/0/weight") {
            bad = tamper(&bad, "/evaluation/criteria/1/weight", "9");
        }
        let r = verify(&bad).unwrap();
        assert!(!r.holds(), "{pointer} → {to} went unnoticed");
        assert!(
            r.differences
                .iter()
                .any(|d| d.contains("digest does not match")),
            "{pointer}"
        );
    }
    // A changed result with the evaluation untouched is caught too, and named.
    let bad = tamper(&file, "/results/bids/0/total", "82.15");
    let r = verify(&bad).unwrap();
    assert!(
        r.differences[1].contains("results.bids[0].total: the file says \"82.15\""),
        "{:?}",
        r.differences
    );
    // Even a change to a justification breaks the digest.
    let bad = tamper(
        &file,
        "/evaluation/scores/0/note",
        "Changed after the award",
    );
    assert!(!verify(&bad).unwrap().holds());
}

#[test]
fn verify_refuses_what_is_not_a_result() {
    assert!(verify("{}").is_err());
    assert!(verify(bidmark::samples::SAMPLES[0].json).is_err());
    let e = verify("{\"format\": \"bidmark/result\", \"version\": 1}").unwrap_err();
    assert!(e[0].message.contains("no \"evaluation\""));
}

#[test]
fn canonical_json_sorts_members_and_drops_whitespace() {
    let v: Value =
        serde_json::from_str("{ \"b\": [1, {\"z\": \"é\", \"a\": null}], \"a\": \"x\\ny\" }")
            .unwrap();
    assert_eq!(
        canonical(&v),
        "{\"a\":\"x\\ny\",\"b\":[1,{\"a\":null,\"z\":\"é\"}]}"
    );
}

#[test]
fn the_award_report_has_everything_the_award_rests_on() {
    let e = sample("dos-outcomes");
    let r = bidmark::score(&e);
    let html = award_report(&e, &r, &result_digest(&e));
    for needle in [
        "Award report: Case management alpha",
        "DOS6-2026-0042",
        "The panel recommends awarding the contract to <strong>Kestrel &amp; Moss Ltd</strong>",
        "82.14",
        "Award criteria and their relative importance",
        "Scored 0 to 3; below 2 excludes",
        "lowest price ÷ bid price × price weight",
        "Mean of the evaluators&#39; scores",
        "Priya Raman",
        "Not declared",
        "Cobalt Yard Ltd</strong>: Moderated score 1.67",
        "£334,200.00 (lowest) ÷ £412,500.00 × 30 = 24.31",
        &result_digest(&e),
    ] {
        assert!(html.contains(needle), "the report lacks {needle:?}");
    }
    // Consensus rationales stand in the report where they exist.
    let e = sample("gcloud-call-off");
    let r = bidmark::score(&e);
    let html = award_report(&e, &r, "digest");
    let rationale = &e.consensus[0].rationale;
    assert!(html.contains(&bidmark::award::html::esc(rationale)));
    assert!(html.contains("These results are provisional"));
}

#[test]
fn an_assessment_summary_has_the_regulation_31_contents() {
    let e = sample("dos-outcomes");
    let r = bidmark::score(&e);
    let s = assessment_summary(&e, &r, "ashdown").unwrap();
    for needle in [
        "Assessment summary: Case management alpha",
        "Ashdown Digital Ltd",
        "Award criteria and their relative importance",
        "Points available",
        "80.53 out of 100",
        "The most advantageous tender: Kestrel &amp; Moss Ltd",
        "82.14 out of 100",
        "standstill period of at least 8 working days",
    ] {
        assert!(s.contains(needle), "the summary lacks {needle:?}");
    }
    // An explanation refers to the tender: the evaluators' justifications.
    let note = e
        .scores
        .iter()
        .find(|s| s.bid == "ashdown" && s.note.is_some())
        .unwrap()
        .note
        .clone()
        .unwrap();
    assert!(s.contains(&bidmark::award::html::esc(&note)));
    // The excluded bidder is told why.
    let s = assessment_summary(&e, &r, "cobalt-yard").unwrap();
    assert!(s.contains("Your tender was excluded:</strong> Moderated score 1.67"));
    // The winner is told it won, and individual evaluators' scores are not disclosed.
    let s = assessment_summary(&e, &r, "kestrel-moss").unwrap();
    assert!(s.contains("Your tender is the most advantageous tender."));
    assert!(!s.contains("Evaluators&#39; scores"));
    assert_eq!(
        all_summaries(&e, &r)
            .matches("<section class=\"page\"")
            .count(),
        5
    );
    assert!(assessment_summary(&e, &r, "nobody").is_none());
}

#[test]
fn bid_text_with_markup_shows_as_text_in_the_documents() {
    let mut v: Value =
        serde_json::from_str(bidmark::samples::find("dos-outcomes").unwrap().json).unwrap();
    v["bids"][0]["supplier"] = json!("<script>alert('x')</script> Ltd");
    v["scores"][0]["note"] = json!("<img src=x onerror=alert(1)>");
    let e = bidmark::load_str(&v.to_string()).unwrap();
    let r = bidmark::score(&e);
    let html = award_report(&e, &r, "d") + &all_summaries(&e, &r);
    assert!(!html.contains("<script>") && !html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ltd"));
}

fn bidmark_cmd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bidmark"))
}

#[test]
fn command_line_result_verify_and_report() {
    let dir = std::env::temp_dir().join(format!("bidmark-award-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sample = format!(
        "{}/samples/negotiated-80-20.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = bidmark_cmd().args(["result", &sample]).output().unwrap();
    assert!(out.status.success());
    let result = dir.join("result.json");
    std::fs::write(&result, &out.stdout).unwrap();

    let out = bidmark_cmd()
        .args(["verify", result.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("verified: "));

    let text = std::fs::read_to_string(&result).unwrap();
    let bad = dir.join("tampered.json");
    std::fs::write(
        &bad,
        text.replacen("\"price\": \"1874000000\"", "\"price\": \"1874000001\"", 1),
    )
    .unwrap();
    let out = bidmark_cmd()
        .args(["verify", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("NOT verified"), "{err}");

    // The report comes from a verified result, and never from a tampered one.
    let out = bidmark_cmd()
        .args(["report", result.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!doctype html>") && html.contains("Award report: Seorim City"));
    let out = bidmark_cmd()
        .args(["report", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());

    let out = bidmark_cmd()
        .args(["summaries", &sample, "--bid", "cheongsol"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("Your tender was excluded"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_app_opens_a_verified_result_and_refuses_a_tampered_one() {
    use bidmark::workflow::{Action, Page, Session};
    let file = result_file(&sample("gcloud-call-off"));
    let s = Session::default().apply(Action::OpenFile {
        name: "result.json".into(),
        bytes: file.clone().into_bytes(),
    });
    let open = s.open.as_ref().expect("a verified result opens");
    assert_eq!(open.page, Page::Results);
    assert!(s
        .notice
        .as_deref()
        .unwrap()
        .starts_with("Verified: every result in result.json recomputes"));

    let bad = tamper(&file, "/evaluation/consensus/0/score", "0");
    let t = s.apply(Action::OpenFile {
        name: "changed.json".into(),
        bytes: bad.into_bytes(),
    });
    let refused = t.refused.expect("a tampered result is refused");
    assert!(refused.problems[0]
        .message
        .starts_with("This result file does NOT verify"));
    assert!(refused
        .problems
        .iter()
        .any(|p| p.message.contains("digest does not match")));
    assert!(
        refused.draft.is_none(),
        "a tampered result is never offered as something to open"
    );
    // What was open stays open.
    assert_eq!(t.open, s.open);
}

#[test]
fn the_award_report_words_the_korean_price_scores() {
    let e = sample("korean-negotiated");
    let r = bidmark::score(&e);
    let html = award_report(&e, &r, "digest");
    for needle in [
        "Korean negotiated contract, 협상에 의한 계약",
        "; estimated price 500,000,000",
        // The bid below 80 % of the estimated price, its working in words.
        "₩380,000,000 is below 80 % of the estimated price ₩500,000,000 (₩400,000,000): ₩380,000,000 (lowest) ÷ ₩400,000,000 × 20 + 2 × (₩400,000,000 − ₩380,000,000) ÷ (₩400,000,000 − ₩300,000,000) = 19.4000",
        "Quality is 82 % of the available points, below the threshold of 85 %",
    ] {
        assert!(html.contains(needle), "the report lacks {needle:?}");
    }
    // An eligibility review with a lower limit: its parameters and the excluded bid's reason.
    let mut v: Value =
        serde_json::from_str(bidmark::samples::find("korean-negotiated").unwrap().json).unwrap();
    let price = &mut v["criteria"][1];
    price["method"] = json!("eligibility_review");
    price.as_object_mut().unwrap().remove("estimated_price");
    price["eligibility"] = json!({ "reference_price": "450000000", "target": "88", "slope": "2",
                                   "lower_limit": "86.745" });
    let e = bidmark::load_str(&v.to_string()).unwrap();
    let r = bidmark::score(&e);
    let html = award_report(&e, &r, "digest");
    for needle in [
        "Korean eligibility review, 적격심사",
        "reference price 450,000,000, target 88 %, slope 2, ratio rounded to 4 places; lower limit 86.745 %",
        "Price 380000000 is 84.44 % of the reference price 450000000, below the lower limit of 86.745 %",
        "₩420,000,000 ÷ ₩450,000,000 = 0.9333 (to 4 places); 20 − 2 × |0.88 − 0.9333| × 100 = 9.3400",
    ] {
        assert!(html.contains(needle), "the report lacks {needle:?}");
    }
}
