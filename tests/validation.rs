//! Every rule of the evaluation file (shared FORMAT.md) and every problem the loader
//! must report, one test each. Each test starts from a small valid evaluation, breaks
//! exactly one thing and checks the problem's path, its words and, for JSON syntax, its
//! line and column.

use bidmark::{load_bytes, load_str, Problem};
use serde_json::{json, Value};

/// A small valid evaluation: a group of two scored criteria, a price criterion and a
/// pass/fail criterion; two bids, two evaluators, some scores, a consensus and a check.
fn base() -> Value {
    json!({
        "format": "bidmark/evaluation",
        "version": 1,
        "title": "Case management alpha",
        "reference": "DOS6-2026-0042",
        "currency": "GBP",
        "criteria": [
            {
                "id": "tech",
                "name": "Technical",
                "kind": "group",
                "weight": "70",
                "children": [
                    { "id": "ucd", "name": "User-centred design", "kind": "scored", "weight": "60" },
                    { "id": "agile", "name": "Agile delivery", "kind": "scored", "weight": "40" }
                ]
            },
            { "id": "price", "name": "Price", "kind": "price", "weight": "30", "method": "lowest_over_bid" },
            { "id": "insurance", "name": "Insurance", "kind": "pass_fail" }
        ],
        "quality_threshold": "50",
        "moderation": { "method": "mean", "divergence": "2" },
        "rounding": { "places": 2 },
        "bids": [
            { "id": "acme", "supplier": "Acme Ltd", "price": "100000.00" },
            { "id": "beta", "supplier": "Beta Ltd", "price": "120000.00" }
        ],
        "evaluators": [
            { "id": "ann", "name": "Ann Evans" },
            { "id": "bob", "name": "Bob Brown", "role": "Chair" }
        ],
        "scores": [
            { "evaluator": "ann", "bid": "acme", "criterion": "ucd", "score": "2" },
            { "evaluator": "bob", "bid": "acme", "criterion": "ucd", "score": "3" },
            { "evaluator": "ann", "bid": "beta", "criterion": "agile", "score": "1" }
        ],
        "consensus": [
            { "bid": "acme", "criterion": "ucd", "score": "2", "rationale": "Strong research evidence." }
        ],
        "checks": [
            { "bid": "acme", "criterion": "insurance", "passed": true }
        ]
    })
}

/// Every problem loading `v` reports; panics if it loads.
fn problems_of_text(text: &str) -> Vec<Problem> {
    match load_str(text) {
        Ok(_) => panic!("expected the file to be refused, but it loaded:\n{text}"),
        Err(e) => {
            assert!(!e.problems.is_empty(), "a LoadError is never empty");
            e.problems
        }
    }
}

fn problems(v: &Value) -> Vec<Problem> {
    problems_of_text(&v.to_string())
}

/// The one problem loading `v` reports, checked for its path and a fragment of its words.
fn only_problem(v: &Value, path: &str, fragment: &str) -> Problem {
    let ps = problems(v);
    assert_eq!(ps.len(), 1, "expected exactly one problem, got {ps:#?}");
    let p = ps.into_iter().next().unwrap();
    assert_eq!(p.path, path, "path of {p:#?}");
    assert!(
        p.message.contains(fragment),
        "message {:?} should contain {:?}",
        p.message,
        fragment
    );
    p
}

/// The problem at `path` among several, checked for a fragment of its words.
fn problem_at(ps: &[Problem], path: &str, fragment: &str) -> Problem {
    let p = ps
        .iter()
        .find(|p| p.path == path)
        .unwrap_or_else(|| panic!("no problem at {path} in {ps:#?}"))
        .clone();
    assert!(
        p.message.contains(fragment),
        "message {:?} should contain {:?}",
        p.message,
        fragment
    );
    p
}

fn loads(v: &Value) -> bidmark::Evaluation {
    load_str(&v.to_string()).unwrap_or_else(|e| panic!("expected a valid file, got: {e}"))
}

/// Removes every score and consensus of one criterion (for tests that change its scale).
fn drop_scores_of(v: &mut Value, criterion: &str) {
    for list in ["scores", "consensus"] {
        let kept: Vec<Value> = v[list]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["criterion"] != criterion)
            .cloned()
            .collect();
        v[list] = Value::Array(kept);
    }
}

// ---------------------------------------------------------------------------------------
// The base itself.

#[test]
fn the_base_evaluation_is_valid() {
    let e = loads(&base());
    assert_eq!(e.bids.len(), 2);
    assert_eq!(e.evaluators.len(), 2);
    assert_eq!(e.scores.len(), 3);
    assert!(bidmark::model::validate(&e).is_empty());
}

// ---------------------------------------------------------------------------------------
// Pass 1: text and JSON syntax.

#[test]
fn json_syntax_error_gives_line_and_column() {
    let text = "{\n  \"format\": \"bidmark/evaluation\",\n  \"version\": 1,\n  \"title\": \"x\"\n  \"criteria\": []\n}\n";
    let ps = problems_of_text(text);
    assert_eq!(ps.len(), 1, "{ps:#?}");
    let p = &ps[0];
    assert_eq!(p.path, "");
    assert!(
        p.message.starts_with("This is not valid JSON"),
        "{}",
        p.message
    );
    assert!(p.message.contains("expected"), "{}", p.message);
    // The missing comma is noticed at the start of line 5.
    assert_eq!(p.line, Some((5, 3)));
    // The position is shown separately, not repeated in the message.
    assert!(!p.message.contains("at line"), "{}", p.message);
}

/// Shape errors turn serde's `backticks` into "quotes"; syntax errors should too.
#[test]
fn json_syntax_error_message_quotes_like_the_others() {
    let text = "{\n  \"format\": \"bidmark/evaluation\",\n  \"version\": 1,\n  \"title\": \"x\"\n  \"criteria\": []\n}\n";
    let ps = problems_of_text(text);
    assert!(!ps[0].message.contains('`'), "{}", ps[0].message);
    assert!(
        ps[0].message.contains("expected \",\" or \"}\""),
        "{}",
        ps[0].message
    );
}

#[test]
fn json_syntax_error_trailing_comma_names_its_line() {
    let text = "{\n  \"format\": \"bidmark/evaluation\",\n  \"version\": 1,\n}\n";
    let ps = problems_of_text(text);
    assert_eq!(ps.len(), 1);
    assert!(ps[0].message.contains("This is not valid JSON"));
    assert_eq!(ps[0].line.map(|l| l.0), Some(4));
}

#[test]
fn truncated_file_says_it_ends_too_soon() {
    let full = serde_json::to_string_pretty(&base()).unwrap();
    let cut = &full[..full.len() / 2];
    let ps = problems_of_text(cut);
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].path, "");
    assert!(
        ps[0].message.contains("The file ends too soon"),
        "{}",
        ps[0].message
    );
    let (line, _) = ps[0].line.expect("a truncated file has a position");
    assert_eq!(line, cut.lines().count());
}

#[test]
fn empty_file_is_reported_as_empty() {
    for text in ["", "   \n\t\n"] {
        let ps = problems_of_text(text);
        assert_eq!(ps.len(), 1);
        assert!(
            ps[0].message.contains("The file is empty"),
            "{}",
            ps[0].message
        );
        assert_eq!(ps[0].line, None);
        assert_eq!(ps[0].path, "");
    }
}

#[test]
fn non_utf8_bytes_are_reported_with_their_position() {
    // "café" saved as Latin-1: the é is the single byte 0xE9 on line 2, column 16.
    let bytes = b"{\n  \"title\": \"caf\xe9\"\n}\n";
    let err = load_bytes(bytes).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    let p = &err.problems[0];
    assert!(p.message.contains("not UTF-8"), "{}", p.message);
    assert!(p.message.contains("position 17"), "{}", p.message);
    assert_eq!(p.line, Some((2, 16)));
}

#[test]
fn utf8_bom_is_accepted() {
    let text = format!("\u{feff}{}", base());
    assert!(load_str(&text).is_ok());
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(base().to_string().as_bytes());
    assert!(load_bytes(&bytes).is_ok());
}

#[test]
fn top_level_array_is_refused() {
    let ps = problems_of_text("[1, 2, 3]");
    assert_eq!(ps.len(), 1);
    assert!(
        ps[0]
            .message
            .contains("holds a list [ … ] where a Bidmark file holds a JSON object"),
        "{}",
        ps[0].message
    );
}

#[test]
fn top_level_scalars_are_refused_with_what_was_found() {
    for (text, found) in [
        ("null", "holds null"),
        ("\"string\"", "holds a string"),
        ("42", "holds a number"),
        ("true", "holds true or false"),
    ] {
        let ps = problems_of_text(text);
        assert_eq!(ps.len(), 1, "{text}");
        assert!(ps[0].message.contains(found), "{text}: {}", ps[0].message);
    }
}

// ---------------------------------------------------------------------------------------
// format and version.

#[test]
fn missing_format_is_refused() {
    let mut v = base();
    v.as_object_mut().unwrap().remove("format");
    only_problem(
        &v,
        "format",
        "it has no \"format\" field (expected \"bidmark/evaluation\")",
    );
}

#[test]
fn wrong_format_names_what_was_found() {
    let mut v = base();
    v["format"] = json!("spreadsheet");
    only_problem(
        &v,
        "format",
        "is \"spreadsheet\"; an evaluation file has \"format\": \"bidmark/evaluation\"",
    );
}

#[test]
fn format_as_a_number_names_what_was_found() {
    let mut v = base();
    v["format"] = json!(7);
    only_problem(&v, "format", "is 7;");
}

#[test]
fn other_bidmark_format_is_named() {
    let mut v = base();
    v["format"] = json!("bidmark/bids");
    only_problem(
        &v,
        "format",
        "This is a \"bidmark/bids\" file, not an evaluation file",
    );
}

#[test]
fn version_2_is_not_supported() {
    let mut v = base();
    v["version"] = json!(2);
    only_problem(
        &v,
        "version",
        "Version 2 is not supported: this Bidmark reads version 1",
    );
}

#[test]
fn version_as_a_string_is_refused() {
    let mut v = base();
    v["version"] = json!("1");
    only_problem(&v, "version", "is \"1\"; it must be the number 1.");
}

#[test]
fn version_as_a_float_is_refused() {
    let mut v = base();
    v["version"] = json!(1.0);
    only_problem(&v, "version", "it must be the number 1.");
}

#[test]
fn missing_version_is_refused() {
    let mut v = base();
    v.as_object_mut().unwrap().remove("version");
    only_problem(&v, "version", "is missing; it must be the number 1.");
}

#[test]
fn wrong_format_and_version_are_both_reported() {
    let mut v = base();
    v["format"] = json!("bidmark/bids");
    v["version"] = json!(3);
    let ps = problems(&v);
    assert_eq!(ps.len(), 2, "{ps:#?}");
    problem_at(&ps, "format", "bidmark/bids");
    problem_at(&ps, "version", "Version 3");
}

#[test]
fn empty_object_reports_format_and_version() {
    let ps = problems_of_text("{}");
    assert_eq!(ps.len(), 2, "{ps:#?}");
    problem_at(&ps, "format", "no \"format\" field");
    problem_at(&ps, "version", "is missing");
}

// ---------------------------------------------------------------------------------------
// Pass 2: the shape of the file. Numbers that take part in scoring are decimal strings.

fn assert_json_number_refused(v: &Value, path: &str, number: &str) {
    let p = only_problem(v, path, &format!("is the JSON number {number}"));
    assert!(
        p.message.contains(&format!("\"{number}\"")),
        "the message shows the fix: {}",
        p.message
    );
    assert!(p.line.is_some(), "a shape error has a line: {p:#?}");
}

#[test]
fn json_number_as_weight_names_the_field() {
    let mut v = base();
    v["criteria"][0]["children"][1]["weight"] = json!(40);
    assert_json_number_refused(&v, "criteria[0].children[1].weight", "40");
}

#[test]
fn json_float_as_weight_names_the_field() {
    let mut v = base();
    v["criteria"][0]["weight"] = json!(70.5);
    assert_json_number_refused(&v, "criteria[0].weight", "70.5");
}

#[test]
fn json_number_as_score_names_the_field() {
    let mut v = base();
    v["scores"][2]["score"] = json!(1);
    assert_json_number_refused(&v, "scores[2].score", "1");
}

#[test]
fn json_number_as_consensus_score_names_the_field() {
    let mut v = base();
    v["consensus"][0]["score"] = json!(2);
    assert_json_number_refused(&v, "consensus[0].score", "2");
}

#[test]
fn json_number_as_price_names_the_field() {
    let mut v = base();
    v["bids"][1]["price"] = json!(120000);
    assert_json_number_refused(&v, "bids[1].price", "120000");
}

#[test]
fn json_number_as_quality_threshold_names_the_field() {
    let mut v = base();
    v["quality_threshold"] = json!(60);
    assert_json_number_refused(&v, "quality_threshold", "60");
}

#[test]
fn json_number_as_scale_min_names_the_field() {
    let mut v = base();
    v["scale"] = json!({ "min": 0, "max": "3" });
    assert_json_number_refused(&v, "scale.min", "0");
}

/// The place of a shape error keeps every field on the way, not only the last one:
/// "min" alone does not say which minimum.
#[test]
fn shape_error_place_names_the_parent_field() {
    let mut v = base();
    v["scale"] = json!({ "min": 0, "max": "3" });
    let p = only_problem(&v, "scale.min", "JSON number 0");
    assert!(
        p.place.to_lowercase().contains("scale"),
        "place {:?}",
        p.place
    );
    let mut v = base();
    v["criteria"][0]["children"][0]["scale"] = json!({ "min": "0", "max": 10 });
    let p = only_problem(&v, "criteria[0].children[0].scale.max", "JSON number 10");
    assert!(
        p.place.to_lowercase().contains("scale"),
        "place {:?}",
        p.place
    );
}

#[test]
fn json_number_in_a_criterion_scale_names_the_field() {
    let mut v = base();
    v["criteria"][0]["children"][0]["scale"] = json!({ "min": "0", "max": 10 });
    assert_json_number_refused(&v, "criteria[0].children[0].scale.max", "10");
}

#[test]
fn json_number_as_min_score_and_divergence_name_the_field() {
    let mut v = base();
    v["criteria"][0]["children"][0]["min_score"] = json!(1);
    assert_json_number_refused(&v, "criteria[0].children[0].min_score", "1");
    let mut v = base();
    v["moderation"]["divergence"] = json!(2);
    assert_json_number_refused(&v, "moderation.divergence", "2");
}

#[test]
fn shape_error_names_the_line_of_the_field() {
    let mut v = base();
    v["bids"][1]["price"] = json!(120000);
    let text = serde_json::to_string_pretty(&v).unwrap();
    let want_line = text
        .lines()
        .position(|l| l.contains("120000"))
        .map(|i| i + 1)
        .unwrap();
    let ps = problems_of_text(&text);
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].line.map(|l| l.0), Some(want_line), "{ps:#?}");
    assert_eq!(ps[0].place, "Bid \"Beta Ltd\" › price");
}

#[test]
fn decimal_strings_other_tools_read_differently_are_refused() {
    for s in ["1e3", "1_000", "+5", ".5", "5.", " 5", "1,5", "0x10", "NaN"] {
        let mut v = base();
        v["bids"][0]["price"] = json!(s);
        let p = only_problem(&v, "bids[0].price", "is not a plain decimal number");
        assert!(
            p.message.contains(&format!("\"{s}\"")),
            "the message quotes {s:?}: {}",
            p.message
        );
    }
}

#[test]
fn exponent_in_a_weight_is_refused() {
    let mut v = base();
    v["criteria"][1]["weight"] = json!("3e1");
    only_problem(
        &v,
        "criteria[1].weight",
        "\"3e1\" is not a plain decimal number",
    );
}

#[test]
fn empty_decimal_string_is_refused() {
    let mut v = base();
    v["scores"][0]["score"] = json!("");
    only_problem(&v, "scores[0].score", "\"\" is empty");
}

#[test]
fn decimals_of_29_digits_or_more_are_refused() {
    for s in [
        "12345678901234567890123456789",
        "1.0000000000000000000000000000",
        "0.00000000000000000000000000001",
        "123456789012345678901234567890123456789",
    ] {
        let mut v = base();
        v["bids"][0]["price"] = json!(s);
        only_problem(&v, "bids[0].price", "has more than 28 digits");
    }
}

#[test]
fn decimals_of_28_digits_are_accepted() {
    let mut v = base();
    v["quality_threshold"] = json!("0.0000000000000000000000000001");
    loads(&v);
    let mut v = base();
    v["quality_threshold"] = json!("00000000050.000");
    loads(&v);
}

#[test]
fn unknown_top_level_field_is_refused() {
    let mut v = base();
    v["colour"] = json!("red");
    let ps = problems(&v);
    assert_eq!(ps.len(), 1, "{ps:#?}");
    let p = &ps[0];
    assert!(
        p.message.contains("unknown field \"colour\""),
        "{}",
        p.message
    );
    assert!(
        p.message.contains("\"extensions\""),
        "the message says where other data goes: {}",
        p.message
    );
    assert!(p.path.is_empty() || p.path == "colour", "path {:?}", p.path);
    assert!(p.line.is_some());
}

#[test]
fn unknown_field_in_a_nested_criterion_is_refused() {
    let mut v = base();
    v["criteria"][0]["children"][1]["colour"] = json!("red");
    let ps = problems(&v);
    assert_eq!(ps.len(), 1, "{ps:#?}");
    let p = &ps[0];
    assert!(
        p.message.contains("unknown field \"colour\""),
        "{}",
        p.message
    );
    assert!(
        p.path.starts_with("criteria[0].children[1]"),
        "path {:?}",
        p.path
    );
    assert!(p.place.contains("Agile delivery"), "place {:?}", p.place);
}

#[test]
fn unknown_field_in_a_score_is_refused() {
    let mut v = base();
    v["scores"][1]["weighting"] = json!("2");
    let ps = problems(&v);
    assert_eq!(ps.len(), 1, "{ps:#?}");
    assert!(ps[0].message.contains("unknown field \"weighting\""));
    assert!(ps[0].path.starts_with("scores[1]"), "{:?}", ps[0].path);
}

#[test]
fn extensions_survive_a_round_trip() {
    let mut v = base();
    let ext = json!({
        "acme-tool": { "colour": "red", "n": [1, 2.5, "three", null, { "deep": true }] },
        "note": "kept as it is"
    });
    v["extensions"] = ext.clone();
    let e = loads(&v);
    let written = e.to_json();
    let again = load_str(&written).unwrap();
    assert_eq!(again, e);
    let written: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(written["extensions"], ext);
}

#[test]
fn unknown_kind_is_refused() {
    let mut v = base();
    v["criteria"][0]["children"][0]["kind"] = json!("bonus");
    let p = only_problem(
        &v,
        "criteria[0].children[0].kind",
        "unknown variant \"bonus\"",
    );
    assert!(
        p.message.contains("pass_fail"),
        "lists the kinds: {}",
        p.message
    );
}

#[test]
fn unknown_price_method_is_refused() {
    let mut v = base();
    v["criteria"][1]["method"] = json!("cheapest");
    only_problem(&v, "criteria[1].method", "unknown variant \"cheapest\"");
}

#[test]
fn unknown_moderation_method_is_refused() {
    let mut v = base();
    v["moderation"]["method"] = json!("average");
    only_problem(&v, "moderation.method", "unknown variant \"average\"");
}

#[test]
fn missing_required_field_is_named() {
    let mut v = base();
    v["bids"][1].as_object_mut().unwrap().remove("supplier");
    let ps = problems(&v);
    assert_eq!(ps.len(), 1);
    assert!(
        ps[0]
            .message
            .contains("is missing the field \"supplier\", which is required"),
        "{}",
        ps[0].message
    );
    assert!(ps[0].path.starts_with("bids[1]"), "{:?}", ps[0].path);
}

#[test]
fn missing_required_top_level_fields_are_named() {
    for field in ["title", "criteria"] {
        let mut v = base();
        v.as_object_mut().unwrap().remove(field);
        let ps = problems(&v);
        assert_eq!(ps.len(), 1, "{field}: {ps:#?}");
        // The object that lacks the field is the whole file: its first line.
        assert_eq!(ps[0].line, Some((1, 1)), "{field}");
        assert!(
            ps[0]
                .message
                .contains(&format!("The file is missing the field \"{field}\"")),
            "{}",
            ps[0].message
        );
    }
}

#[test]
fn passed_as_a_string_is_refused() {
    let mut v = base();
    v["checks"][0]["passed"] = json!("yes");
    let ps = problems(&v);
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].path, "checks[0].passed");
    assert!(
        ps[0]
            .message
            .contains("is the text \"yes\"; it must be true or false"),
        "{}",
        ps[0].message
    );
}

// ---------------------------------------------------------------------------------------
// Pass 3: the criteria tree.

#[test]
fn duplicate_criterion_id_across_parents_is_refused() {
    let mut v = base();
    // A top-level criterion reuses the id of a scored child of Technical.
    v["criteria"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "agile", "name": "Agility", "kind": "scored", "weight": "0" }));
    let p = only_problem(
        &v,
        "criteria[3].id",
        "uses the id \"agile\", already used by Criterion \"Agile delivery\" (agile)",
    );
    assert!(p.message.contains("unique across the whole tree"));
    assert_eq!(p.place, "Criterion \"Agility\" (agile)");
}

#[test]
fn duplicate_criterion_id_of_a_group_is_refused() {
    let mut v = base();
    v["criteria"][2]["id"] = json!("tech");
    v["checks"] = json!([]);
    only_problem(
        &v,
        "criteria[2].id",
        "uses the id \"tech\", already used by Criterion \"Technical\" (tech)",
    );
}

/// Only the duplicate id itself should be reported: the scores and consensus of the
/// first criterion with that id are still about a scored criterion.
#[test]
fn duplicate_criterion_id_reports_only_the_duplicate() {
    let mut v = base();
    v["criteria"][1]["id"] = json!("ucd");
    only_problem(&v, "criteria[1].id", "uses the id \"ucd\"");
}

#[test]
fn top_level_weights_not_adding_up_to_100_are_refused() {
    let mut v = base();
    v["criteria"][1]["weight"] = json!("25");
    let p = only_problem(
        &v,
        "criteria",
        "Weights at the top level add up to 95. Make them add up to 100.",
    );
    assert_eq!(p.place, "Criteria");
}

#[test]
fn group_weights_not_adding_up_to_100_name_the_group_and_the_sum() {
    let mut v = base();
    v["criteria"][0]["children"][1]["weight"] = json!("35");
    let p = only_problem(
        &v,
        "criteria[0].children",
        "Weights under Technical add up to 95. Make them add up to 100.",
    );
    assert_eq!(p.place, "Criterion \"Technical\" (tech)");
}

#[test]
fn weight_sum_shows_decimals_without_trailing_zeros() {
    let mut v = base();
    v["criteria"][0]["children"][0]["weight"] = json!("33.33");
    v["criteria"][0]["children"][1]["weight"] = json!("66.66");
    only_problem(&v, "criteria[0].children", "add up to 99.99.");
}

#[test]
fn decimal_weights_adding_up_to_exactly_100_are_accepted() {
    let mut v = base();
    v["criteria"][0]["children"][0]["weight"] = json!("33.34");
    v["criteria"][0]["children"][1]["weight"] = json!("66.660");
    loads(&v);
}

#[test]
fn weight_above_100_is_refused_even_when_the_sum_is_100() {
    let mut v = base();
    v["criteria"][0]["children"][0]["weight"] = json!("150");
    v["criteria"][0]["children"][1]["weight"] = json!("-50");
    let ps = problems(&v);
    assert_eq!(ps.len(), 2, "{ps:#?}");
    problem_at(
        &ps,
        "criteria[0].children[0].weight",
        "has weight 150; a weight is a percentage of its parent, from 0 to 100.",
    );
    problem_at(&ps, "criteria[0].children[1].weight", "has weight -50;");
}

#[test]
fn group_with_empty_children_is_refused() {
    let mut v = base();
    v["criteria"][0]["children"].as_array_mut().unwrap().push(
        json!({ "id": "extra", "name": "Extra", "kind": "group", "weight": "0", "children": [] }),
    );
    only_problem(
        &v,
        "criteria[0].children[2].children",
        "is a group with no criteria in it",
    );
}

#[test]
fn group_without_children_is_refused() {
    let mut v = base();
    v["criteria"][0]["children"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "extra", "name": "Extra", "kind": "group", "weight": "0" }));
    only_problem(
        &v,
        "criteria[0].children[2].children",
        "is a group with no \"children\"",
    );
}

#[test]
fn group_with_only_pass_fail_children_has_no_weighted_criteria() {
    let mut v = base();
    v["criteria"][0]["children"].as_array_mut().unwrap().push(
        json!({ "id": "extra", "name": "Extra", "kind": "group", "weight": "0",
                      "children": [ { "id": "dbs", "name": "DBS checks", "kind": "pass_fail" } ] }),
    );
    only_problem(
        &v,
        "criteria[0].children[2].children",
        "There are no weighted criteria under Extra",
    );
}

#[test]
fn no_criteria_at_all_is_refused() {
    let mut v = base();
    v["criteria"] = json!([]);
    v["scores"] = json!([]);
    v["consensus"] = json!([]);
    v["checks"] = json!([]);
    for b in v["bids"].as_array_mut().unwrap() {
        b.as_object_mut().unwrap().remove("price");
    }
    only_problem(
        &v,
        "criteria",
        "are missing. Add at least one weighted criterion.",
    );
}

#[test]
fn scored_criterion_without_weight_is_refused() {
    let mut v = base();
    v["criteria"][0]["children"][1]
        .as_object_mut()
        .unwrap()
        .remove("weight");
    only_problem(
        &v,
        "criteria[0].children[1].weight",
        "has no weight. A scored criterion needs one",
    );
}

#[test]
fn pass_fail_with_a_weight_is_refused() {
    let mut v = base();
    v["criteria"][2]["weight"] = json!("10");
    only_problem(
        &v,
        "criteria[2].weight",
        "is a pass/fail criterion, which carries no weight: remove \"weight\"",
    );
}

#[test]
fn two_price_criteria_are_refused() {
    let mut v = base();
    v["criteria"].as_array_mut().unwrap().push(json!({
        "id": "wlc", "name": "Whole-life cost", "kind": "price", "weight": "0", "method": "linear_to_lowest"
    }));
    only_problem(
        &v,
        "criteria",
        "have 2 price criteria (Price, Whole-life cost); an evaluation has at most one.",
    );
}

#[test]
fn price_without_method_is_refused() {
    let mut v = base();
    v["criteria"][1].as_object_mut().unwrap().remove("method");
    only_problem(
        &v,
        "criteria[1].method",
        "has no \"method\". Use \"lowest_over_bid\" or \"linear_to_lowest\".",
    );
}

#[test]
fn fields_of_another_kind_are_refused() {
    let mut v = base();
    v["criteria"][1]["min_score"] = json!("1");
    only_problem(
        &v,
        "criteria[1].min_score",
        "is a price criterion, which is not scored: remove \"min_score\"",
    );
    let mut v = base();
    v["criteria"][0]["children"][0]["method"] = json!("lowest_over_bid");
    only_problem(
        &v,
        "criteria[0].children[0].method",
        "is not a price criterion: remove \"method\"",
    );
    let mut v = base();
    v["criteria"][2]["children"] = json!([]);
    only_problem(
        &v,
        "criteria[2].children",
        "cannot hold other criteria: make it a group",
    );
}

#[test]
fn top_level_scale_min_not_below_max_is_refused() {
    for (min, max) in [("3", "3"), ("5", "1")] {
        let mut v = base();
        v["scale"] = json!({ "min": min, "max": max });
        v["scores"] = json!([]);
        v["consensus"] = json!([]);
        let p = only_problem(
            &v,
            "scale.min",
            &format!("runs from {min} to {max}; its minimum must be below its maximum."),
        );
        assert_eq!(p.place, "Scale");
    }
}

#[test]
fn criterion_scale_min_not_below_max_is_refused() {
    let mut v = base();
    v["criteria"][0]["children"][0]["scale"] = json!({ "min": "10", "max": "1" });
    drop_scores_of(&mut v, "ucd");
    let p = only_problem(
        &v,
        "criteria[0].children[0].scale.min",
        "runs from 10 to 1; its minimum must be below its maximum.",
    );
    assert_eq!(p.place, "Criterion \"User-centred design\" (ucd) › scale");
}

#[test]
fn scale_ends_beyond_a_million_are_refused() {
    let mut v = base();
    v["scale"] = json!({ "min": "0", "max": "1000001" });
    only_problem(&v, "scale", "ends must lie between -1000000 and 1000000.");
}

#[test]
fn min_score_outside_the_scale_is_refused() {
    let mut v = base();
    v["criteria"][0]["children"][0]["min_score"] = json!("4");
    only_problem(
        &v,
        "criteria[0].children[0].min_score",
        "has min_score 4, outside its scale 0 to 3.",
    );
}

#[test]
fn min_score_is_checked_against_the_criterion_scale() {
    let mut v = base();
    v["criteria"][0]["children"][0]["scale"] = json!({ "min": "0", "max": "10" });
    v["criteria"][0]["children"][0]["min_score"] = json!("7");
    loads(&v);
    v["criteria"][0]["children"][0]["min_score"] = json!("-1");
    only_problem(
        &v,
        "criteria[0].children[0].min_score",
        "has min_score -1, outside its scale 0 to 10.",
    );
}

#[test]
fn scale_label_outside_the_scale_is_refused() {
    let mut v = base();
    v["scale"] = json!({ "min": "0", "max": "3", "labels": { "0": "Not met", "4": "Beyond" } });
    only_problem(
        &v,
        "scale.labels",
        "has a label for 4, outside the scale 0 to 3.",
    );
}

#[test]
fn criterion_scale_label_outside_its_scale_is_refused() {
    let mut v = base();
    v["criteria"][0]["children"][1]["scale"] =
        json!({ "min": "1", "max": "5", "labels": { "0": "None" } });
    drop_scores_of(&mut v, "agile");
    only_problem(
        &v,
        "criteria[0].children[1].scale.labels",
        "has a label for 0, outside the scale 1 to 5.",
    );
}

#[test]
fn scale_label_keyed_by_a_non_number_is_refused() {
    let mut v = base();
    v["scale"] = json!({ "min": "0", "max": "3", "labels": { "two": "Met" } });
    only_problem(
        &v,
        "scale.labels",
        "has a label keyed \"two\", which is not a plain decimal number",
    );
}

// ---------------------------------------------------------------------------------------
// Pass 3: references, scores, consensus and checks.

#[test]
fn score_by_an_unknown_evaluator_is_refused() {
    let mut v = base();
    v["scores"][0]["evaluator"] = json!("zed");
    let p = only_problem(
        &v,
        "scores[0].evaluator",
        "refers to evaluator \"zed\", who is not on the panel.",
    );
    assert!(
        p.place
            .starts_with("Score 1 (zed, Acme Ltd, User-centred design)"),
        "{}",
        p.place
    );
}

#[test]
fn score_of_an_unknown_bid_is_refused() {
    let mut v = base();
    v["scores"][1]["bid"] = json!("gamma");
    only_problem(
        &v,
        "scores[1].bid",
        "refers to bid \"gamma\", which is not in the bids.",
    );
}

#[test]
fn score_of_an_unknown_criterion_is_refused() {
    let mut v = base();
    v["scores"][2]["criterion"] = json!("nope");
    only_problem(
        &v,
        "scores[2].criterion",
        "refers to criterion \"nope\", which is not in the criteria.",
    );
}

#[test]
fn consensus_with_unknown_references_is_refused() {
    let mut v = base();
    v["consensus"][0]["bid"] = json!("gamma");
    only_problem(
        &v,
        "consensus[0].bid",
        "refers to bid \"gamma\", which is not in the bids.",
    );
    let mut v = base();
    v["consensus"][0]["criterion"] = json!("nope");
    only_problem(
        &v,
        "consensus[0].criterion",
        "refers to criterion \"nope\", which is not in the criteria.",
    );
}

#[test]
fn check_with_unknown_references_is_refused() {
    let mut v = base();
    v["checks"][0]["bid"] = json!("gamma");
    only_problem(
        &v,
        "checks[0].bid",
        "refers to bid \"gamma\", which is not in the bids.",
    );
    let mut v = base();
    v["checks"][0]["criterion"] = json!("nope");
    only_problem(
        &v,
        "checks[0].criterion",
        "refers to criterion \"nope\", which is not in the criteria.",
    );
}

#[test]
fn score_for_a_pass_fail_criterion_is_refused() {
    let mut v = base();
    v["scores"][2]["criterion"] = json!("insurance");
    only_problem(
        &v,
        "scores[2].criterion",
        "refers to \"Insurance\" (insurance), a pass/fail criterion; only scored criteria take scores.",
    );
}

#[test]
fn score_for_a_price_or_group_criterion_is_refused() {
    for (id, words) in [
        ("price", "a price criterion"),
        ("tech", "a group criterion"),
    ] {
        let mut v = base();
        v["scores"][2]["criterion"] = json!(id);
        only_problem(&v, "scores[2].criterion", words);
    }
}

#[test]
fn consensus_for_a_pass_fail_criterion_is_refused() {
    let mut v = base();
    v["consensus"][0]["criterion"] = json!("insurance");
    only_problem(
        &v,
        "consensus[0].criterion",
        "a pass/fail criterion; only scored criteria take scores.",
    );
}

#[test]
fn check_for_a_scored_criterion_is_refused() {
    let mut v = base();
    v["checks"][0]["criterion"] = json!("ucd");
    only_problem(
        &v,
        "checks[0].criterion",
        "refers to \"User-centred design\" (ucd), a scored criterion; only pass/fail criteria take checks.",
    );
}

#[test]
fn score_outside_the_default_scale_is_refused() {
    let mut v = base();
    v["scores"][0]["score"] = json!("4");
    only_problem(&v, "scores[0].score", "is 4, outside the scale 0 to 3.");
    let mut v = base();
    v["scores"][0]["score"] = json!("-0.5");
    only_problem(&v, "scores[0].score", "is -0.5, outside the scale 0 to 3.");
}

#[test]
fn score_outside_the_top_level_scale_is_refused() {
    let mut v = base();
    v["scale"] = json!({ "min": "1", "max": "5" });
    // The consensus score 2 and the scores 2, 3 and 1 fit 1 to 5; a 0 does not.
    v["scores"][2]["score"] = json!("0");
    only_problem(&v, "scores[2].score", "is 0, outside the scale 1 to 5.");
}

#[test]
fn score_is_checked_against_the_criterion_scale_when_one_is_set() {
    let mut v = base();
    v["criteria"][0]["children"][0]["scale"] = json!({ "min": "1", "max": "10" });
    v["scores"][0]["score"] = json!("7");
    loads(&v);
    // 7 fits User-centred design's own scale but not Agile delivery's default 0 to 3.
    v["scores"][2]["score"] = json!("7");
    only_problem(&v, "scores[2].score", "is 7, outside the scale 0 to 3.");
    // And 0 is below User-centred design's own minimum.
    let mut v2 = v.clone();
    v2["scores"][2]["score"] = json!("1");
    v2["scores"][1]["score"] = json!("0");
    only_problem(&v2, "scores[1].score", "is 0, outside the scale 1 to 10.");
}

#[test]
fn consensus_outside_the_scale_is_refused() {
    let mut v = base();
    v["consensus"][0]["score"] = json!("3.5");
    only_problem(
        &v,
        "consensus[0].score",
        "is 3.5, outside the scale 0 to 3.",
    );
}

#[test]
fn two_scores_for_the_same_evaluator_bid_and_criterion_are_refused() {
    let mut v = base();
    v["scores"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "evaluator": "ann", "bid": "acme", "criterion": "ucd", "score": "1" }));
    only_problem(
        &v,
        "scores[3]",
        "is a second score by the same evaluator for the same bid and criterion (the first is score 1). Keep one.",
    );
}

#[test]
fn two_consensus_scores_for_the_same_cell_are_refused() {
    let mut v = base();
    v["consensus"].as_array_mut().unwrap().push(
        json!({ "bid": "acme", "criterion": "ucd", "score": "3", "rationale": "On reflection." }),
    );
    only_problem(
        &v,
        "consensus[1]",
        "is a second consensus score for the same bid and criterion (the first is number 1). Keep one.",
    );
}

#[test]
fn empty_rationale_is_refused() {
    let mut v = base();
    v["consensus"][0]["rationale"] = json!("  ");
    only_problem(
        &v,
        "consensus[0].rationale",
        "has no rationale. Record why the panel agreed this score.",
    );
}

#[test]
fn two_checks_for_the_same_cell_are_refused() {
    let mut v = base();
    v["checks"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "bid": "acme", "criterion": "insurance", "passed": false }));
    only_problem(
        &v,
        "checks[1]",
        "is a second check for the same bid and criterion (the first is check 1). Keep one.",
    );
}

// ---------------------------------------------------------------------------------------
// Pass 3: bids and evaluators.

#[test]
fn duplicate_bid_id_is_refused() {
    let mut v = base();
    v["bids"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "acme", "supplier": "Gamma Ltd", "price": "90000" }));
    let p = only_problem(
        &v,
        "bids[2].id",
        "uses the id \"acme\", already used by bid 1. Bid ids must be unique.",
    );
    assert_eq!(p.place, "Bid \"Gamma Ltd\"");
}

#[test]
fn duplicate_evaluator_id_is_refused() {
    let mut v = base();
    v["evaluators"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "ann", "name": "Anne Other" }));
    let p = only_problem(
        &v,
        "evaluators[2].id",
        "uses the id \"ann\", already used by another evaluator.",
    );
    assert_eq!(p.place, "Evaluator \"Anne Other\"");
}

#[test]
fn zero_price_is_refused() {
    let mut v = base();
    v["bids"][0]["price"] = json!("0.00");
    only_problem(&v, "bids[0].price", "A price must be more than zero.");
}

#[test]
fn negative_price_is_refused() {
    let mut v = base();
    v["bids"][1]["price"] = json!("-5");
    only_problem(
        &v,
        "bids[1].price",
        "has price -5. A price must be more than zero.",
    );
}

#[test]
fn missing_price_is_refused_when_price_is_scored() {
    let mut v = base();
    v["bids"][1].as_object_mut().unwrap().remove("price");
    let p = only_problem(
        &v,
        "bids[1].price",
        "has no price, and this evaluation scores price.",
    );
    assert_eq!(p.place, "Bid \"Beta Ltd\"");
}

#[test]
fn missing_price_is_fine_when_price_is_not_scored() {
    let mut v = base();
    v["criteria"].as_array_mut().unwrap().remove(1);
    v["criteria"][0]["weight"] = json!("100");
    for b in v["bids"].as_array_mut().unwrap() {
        b.as_object_mut().unwrap().remove("price");
    }
    let e = loads(&v);
    assert!(e.bids.iter().all(|b| b.price.is_none()));
}

#[test]
fn price_above_a_quadrillion_is_refused() {
    let mut v = base();
    v["bids"][0]["price"] = json!("1000000000000000");
    loads(&v);
    v["bids"][0]["price"] = json!("1000000000000000.01");
    only_problem(
        &v,
        "bids[0].price",
        "above the largest Bidmark accepts (1000000000000000).",
    );
}

#[test]
fn answer_for_an_unknown_criterion_is_refused() {
    let mut v = base();
    v["bids"][0]["answers"] = json!({ "ucd": "We research with caseworkers.", "nope": "?" });
    only_problem(
        &v,
        "bids[0].answers",
        "has an answer for criterion \"nope\", which is not in the criteria.",
    );
}

#[test]
fn empty_ids_and_names_are_refused() {
    let mut v = base();
    v["bids"][1]["supplier"] = json!(" ");
    only_problem(&v, "bids[1].supplier", "has no supplier name.");
    let mut v = base();
    v["evaluators"][1]["name"] = json!("");
    only_problem(&v, "evaluators[1].name", "has no name.");
    let mut v = base();
    v["criteria"][2]["name"] = json!("");
    only_problem(&v, "criteria[2].name", "has no name.");
}

// ---------------------------------------------------------------------------------------
// Pass 3: top-level settings.

#[test]
fn quality_threshold_above_100_is_refused() {
    let mut v = base();
    v["quality_threshold"] = json!("100.5");
    only_problem(
        &v,
        "quality_threshold",
        "is 100.5; it is a percentage, from 0 to 100.",
    );
}

#[test]
fn negative_quality_threshold_is_refused() {
    let mut v = base();
    v["quality_threshold"] = json!("-1");
    only_problem(
        &v,
        "quality_threshold",
        "is -1; it is a percentage, from 0 to 100.",
    );
}

#[test]
fn negative_divergence_is_refused() {
    let mut v = base();
    v["moderation"]["divergence"] = json!("-1");
    let p = only_problem(
        &v,
        "moderation.divergence",
        "is -1; a spread cannot be negative.",
    );
    assert_eq!(p.place, "Moderation › divergence");
}

#[test]
fn rounding_to_7_places_is_refused() {
    let mut v = base();
    v["rounding"]["places"] = json!(7);
    only_problem(
        &v,
        "rounding.places",
        "is 7; use from 0 to 6 decimal places.",
    );
    v["rounding"]["places"] = json!(6);
    loads(&v);
}

#[test]
fn negative_rounding_places_are_refused_by_shape() {
    let mut v = base();
    v["rounding"]["places"] = json!(-1);
    let ps = problems(&v);
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].path, "rounding.places");
    assert!(ps[0].message.contains("-1"), "{}", ps[0].message);
}

/// A buyer cannot act on "expected u32".
#[test]
fn negative_rounding_places_message_speaks_plainly() {
    let mut v = base();
    v["rounding"]["places"] = json!(-1);
    let p = only_problem(&v, "rounding.places", "-1");
    assert!(!p.message.contains("u32"), "{}", p.message);
}

#[test]
fn invalid_currency_is_refused() {
    let mut v = base();
    v["currency"] = json!("pounds");
    only_problem(
        &v,
        "currency",
        "is \"pounds\"; use a three-letter ISO 4217 code such as \"GBP\"",
    );
    v["currency"] = json!("gbp");
    only_problem(&v, "currency", "is \"gbp\"");
}

#[test]
fn empty_title_is_refused() {
    let mut v = base();
    v["title"] = json!("   ");
    let p = only_problem(&v, "title", "is empty. Give the procurement a name.");
    assert_eq!(p.place, "Title");
}

// ---------------------------------------------------------------------------------------
// All problems at once, and no panics.

#[test]
fn several_independent_problems_are_all_reported_at_once() {
    let mut v = base();
    v["title"] = json!("");
    v["criteria"][0]["children"][1]["weight"] = json!("35");
    v["scores"][2]["score"] = json!("9");
    let ps = problems(&v);
    assert_eq!(ps.len(), 3, "{ps:#?}");
    // In file order.
    assert_eq!(
        ps.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(),
        ["title", "criteria[0].children", "scores[2].score"]
    );
    let text = bidmark::LoadError { problems: ps }.to_string();
    assert!(
        text.starts_with("The evaluation file has 3 problems:"),
        "{text}"
    );
}

#[test]
fn many_problems_across_the_file_are_all_reported() {
    let mut v = base();
    v["currency"] = json!("pounds");
    v["quality_threshold"] = json!("150");
    v["rounding"]["places"] = json!(9);
    v["criteria"][1].as_object_mut().unwrap().remove("method");
    v["bids"][0]["price"] = json!("0");
    v["evaluators"][1]["name"] = json!("");
    v["consensus"][0]["rationale"] = json!("");
    v["checks"][0]["criterion"] = json!("ucd");
    let ps = problems(&v);
    let paths: Vec<&str> = ps.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "currency",
            "quality_threshold",
            "rounding.places",
            "criteria[1].method",
            "bids[0].price",
            "evaluators[1].name",
            "consensus[0].rationale",
            "checks[0].criterion",
        ],
        "{ps:#?}"
    );
}

#[test]
fn odd_inputs_never_panic() {
    let deep_arrays = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let mut deep_extension = base().to_string();
    deep_extension.pop();
    deep_extension.push_str(&format!(
        ",\"extensions\":{{\"x\":{}{}}}}}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    ));
    let long_string = format!("\"{}\"", "x".repeat(1_000_000));
    let inputs: Vec<String> = vec![
        deep_arrays,
        deep_objects,
        deep_extension,
        long_string,
        "null".into(),
        "\"string\"".into(),
        "{}".into(),
        "[]".into(),
        "{\"format\": \"bidmark/evaluation\", \"version\": 1}".into(),
        "{\"format\": \"bidmark/evaluation\", \"version\": 18446744073709551616}".into(),
        "{\"format\": \"bidmark/evaluation\", \"version\": 1, \"title\": \"t\", \"criteria\": null}".into(),
        "{\"format\": \"bidmark/evaluation\", \"version\": 1, \"title\": \"t\", \"criteria\": [{}]}".into(),
        "{\"format\": \"bidmark/evaluation\", \"version\": 1, \"title\": \"t\", \"criteria\": [], \"bids\": [null]}".into(),
        "\u{feff}".into(),
        "\u{feff}\u{feff}{}".into(),
        "{\"format\": \"bidmark/evaluation\", \"version\": 1e400}".into(),
    ];
    for text in &inputs {
        let result = std::panic::catch_unwind(|| load_str(text));
        let shown: String = text.chars().take(60).collect();
        match result {
            Err(_) => panic!("load_str panicked on {shown}"),
            Ok(Ok(_)) => panic!("load_str accepted {shown}"),
            Ok(Err(e)) => assert!(!e.problems.is_empty(), "{shown}"),
        }
    }
    for bytes in [
        &b"\xff\xfe{}"[..],
        &b"\xc3"[..],
        &b"{\"title\": \"\xed\xa0\x80\"}"[..],
    ] {
        let result = std::panic::catch_unwind(|| load_bytes(bytes));
        assert!(matches!(result, Ok(Err(_))), "{bytes:?}");
    }
}

#[test]
fn problems_are_displayed_with_place_and_line() {
    let ps = problems_of_text("{\n  \"format\": \"bidmark/evaluation\",\n  \"version\": 1,\n}");
    let shown = ps[0].to_string();
    assert!(shown.contains("(line 4, column 1)"), "{shown}");
    let mut v = base();
    v["title"] = json!("");
    // Rule problems point at their field's line too.
    let ps = problems_of_text(&serde_json::to_string_pretty(&v).unwrap());
    assert_eq!(
        ps[0].to_string(),
        "Title: is empty. Give the procurement a name. (line 4, column 12)"
    );
}

/// A spreadsheet export writes every number as a JSON number: all of them are listed at once.
#[test]
fn every_json_number_is_reported_at_once() {
    let mut v = base();
    v["criteria"][0]["weight"] = json!(60);
    v["bids"][0]["price"] = json!(420000.5);
    v["scores"][0]["score"] = json!(2);
    v["scale"] = json!({ "min": 0, "max": "3" });
    let ps = problems(&v);
    let paths: Vec<&str> = ps.iter().map(|p| p.path.as_str()).collect();
    // In the order of the file ("scale" was added last).
    assert_eq!(
        paths,
        [
            "criteria[0].weight",
            "bids[0].price",
            "scores[0].score",
            "scale.min"
        ]
    );
    assert!(ps[0].message.contains("\"60\""), "{}", ps[0].message);
    assert!(ps[3].place.starts_with("Scale"), "{}", ps[3].place);
    assert!(ps.iter().all(|p| p.line.is_some()), "{ps:#?}");
    // Numbers elsewhere (version, places) and inside extensions are not decimal fields.
    let mut v = base();
    v["extensions"] = json!({ "other-tool": { "weight": 3 } });
    assert!(load_str(&v.to_string()).is_ok());
}
