//! Scoresheets between browsers.

use std::collections::{BTreeMap, BTreeSet};

use bidmark::model::exchange::{criteria_digest, Scoresheet, SheetScore};
use bidmark::workflow::{scoresheet_for, Action, Edit, Question, Session};

use crate::common::*;

/// An evaluator's own browser: the same file, their scores, their sheet's bytes.
fn sheet_from_own_browser(
    evaluator: &str,
    values: [&str; 4],
    complete: bool,
) -> (Session, Scoresheet) {
    let mut s = score_all(&small(), evaluator, values);
    if complete {
        s = ok(
            &s,
            Edit::Complete {
                evaluator: evaluator.into(),
                complete: true,
            },
        );
    }
    let sheet = scoresheet_for(ev(&s), evaluator, "2026-03-05T16:00:00Z").expect("on the panel");
    (s, sheet)
}

fn import(s: &Session, name: &str, bytes: Vec<u8>) -> Session {
    s.apply(Action::ImportScoresheet {
        name: name.into(),
        bytes,
        stamp: stamp_at("Moderator", "2026-03-06T09:00:00Z"),
    })
}

/// An import that must be refused: `words` in one of the problems, nothing changed.
fn sheet_refused(s: &Session, bytes: Vec<u8>, words: &str) {
    let n = import(s, "sheet.json", bytes);
    let r = n.refused.as_ref().expect("refused");
    assert_eq!(r.source, "sheet.json");
    assert!(r.draft.is_none());
    assert!(
        r.problems.iter().any(|p| p.message.contains(words)),
        "{words:?} not in {:#?}",
        r.problems
    );
    assert_eq!(n.open, s.open, "a refused sheet changed the evaluation");
    assert_eq!(n.question, None);
    assert_eq!(n.notice, None);
}

#[test]
fn scoresheet_for_exports_one_evaluators_scores() {
    let (s, sheet) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], false);
    assert_eq!(sheet.format, "bidmark/scoresheet");
    assert_eq!(sheet.version, 1);
    assert_eq!(Some(sheet.evaluation.as_str()), ev(&s).id.as_deref());
    assert_eq!(sheet.evaluation_title, "Small test");
    assert_eq!(sheet.criteria_digest, criteria_digest(ev(&s)));
    assert_eq!(sheet.evaluator.name, "Ann Lee");
    assert!(!sheet.complete);
    assert_eq!(sheet.exported_at.as_deref(), Some("2026-03-05T16:00:00Z"));
    assert_eq!(sheet.scores.len(), 4);
    assert!(sheet.scores.iter().all(|x| x.note.is_some()));
    assert!(scoresheet_for(ev(&s), "zed", AT).is_none());
    // Scores are decimal strings in the file.
    let json = String::from_utf8(bytes_of(&sheet)).unwrap();
    assert!(json.contains("\"score\": \"3\""), "{json}");
}

#[test]
fn a_scoresheet_brings_its_scores_into_another_session_of_the_same_evaluation() {
    let (own, sheet) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], false);
    let moderator = small();
    assert!(!ev(&moderator).workflow.criteria_locked);
    let n = import(&moderator, "ann-lee.json", bytes_of(&sheet));
    assert_eq!(n.refused, None);
    assert_eq!(n.question, None);
    assert_eq!(
        n.notice.as_deref(),
        Some("Scoresheet from Ann Lee imported: 4 scores.")
    );
    assert_eq!(scores_of(ev(&n), "ann"), scores_of(ev(&own), "ann"));
    let notes: BTreeSet<_> = ev(&n)
        .scores
        .iter()
        .filter_map(|x| x.note.clone())
        .collect();
    assert_eq!(notes.len(), 4, "justifications travel with the scores");
    assert!(ev(&n).workflow.criteria_locked);
    assert!(ev(&n).workflow.complete.is_empty());
    let a = audit(&n);
    assert_eq!(a.len(), 2);
    assert_eq!(
        a[0].what,
        "Imported the scoresheet from Ann Lee (ann-lee.json): 4 scores"
    );
    assert_eq!(a[0].who, "Moderator");
    assert_eq!(a[0].at, "2026-03-06T09:00:00Z");
    assert_eq!(a[0].before.as_deref(), Some("0 scores"));
    assert_eq!(a[0].after.as_deref(), Some("4 scores"));
    assert_eq!(a[1].what, "Locked the criteria: scoring has started");
    assert_eq!(scored_cell(&n, "beta", "approach").scores.len(), 1);
    // One undo step takes the whole sheet back.
    assert_eq!(past(&n), 1);
    let u = n.apply(Action::Undo { stamp: stamp(WHO) });
    assert!(ev(&u).scores.is_empty());
}

#[test]
fn a_complete_scoresheet_arrives_complete() {
    let (_, sheet) = sheet_from_own_browser("bob", ["3", "3", "2", "2"], true);
    assert!(sheet.complete);
    let n = import(&small(), "bob.json", bytes_of(&sheet));
    assert_eq!(n.refused, None);
    assert_eq!(ev(&n).workflow.complete, ["bob"]);
    // So the moderator's copy refuses changes to Bob's scores too.
    refused(
        &n,
        score_edit("bob", "acme", "approach", Some("0")),
        None,
        "Bob Cho's scoresheet is marked complete",
    );
}

#[test]
fn a_scoresheet_file_that_is_not_a_scoresheet_is_refused() {
    let s = small();
    sheet_refused(
        &s,
        SMALL.as_bytes().to_vec(),
        "This is a \"bidmark/evaluation\" file, not a scoresheet file",
    );
    sheet_refused(
        &s,
        b"{ \"format\": \"bidmark/scoresheet\", ".to_vec(),
        "ends too soon",
    );
    sheet_refused(&s, b"not json".to_vec(), "not valid JSON");
    sheet_refused(&s, b"[]".to_vec(), "holds");
    let (_, sheet) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], false);
    let mut v: serde_json::Value = serde_json::from_slice(&bytes_of(&sheet)).unwrap();
    v["version"] = 2.into();
    sheet_refused(
        &s,
        serde_json::to_vec(&v).unwrap(),
        "Version 2 is not supported",
    );
    let mut v: serde_json::Value = serde_json::from_slice(&bytes_of(&sheet)).unwrap();
    v["scores"][0]["score"] = 2.into();
    sheet_refused(&s, serde_json::to_vec(&v).unwrap(), "JSON number 2");
}

#[test]
fn a_scoresheet_from_another_evaluation_is_refused() {
    let (_, mut sheet) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], false);
    sheet.evaluation = "eval-someone-else".into();
    sheet.evaluation_title = "Another procurement".into();
    sheet_refused(
        &small(),
        bytes_of(&sheet),
        "This scoresheet belongs to another evaluation (\"Another procurement\"), not to \"Small test\"",
    );
    // The same criteria in a file with another id are still another evaluation.
    let other = open_json(
        "x.json",
        &SMALL.replacen(
            "\"version\": 1,",
            "\"version\": 1, \"id\": \"eval-other\",",
            1,
        ),
    );
    let (_, sheet) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], false);
    sheet_refused(&other, bytes_of(&sheet), "belongs to another evaluation");
}

#[test]
fn a_scoresheet_scored_against_other_criteria_is_refused() {
    let (_, sheet) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], false);
    // The moderator changes one weight and keeps the sums valid.
    let s = ok(&small(), update_weight("approach", "Approach", "60"));
    let s = ok(&s, update_weight("team", "Team", "40"));
    assert!(s.open.as_ref().unwrap().results.is_some());
    assert_ne!(criteria_digest(ev(&s)), sheet.criteria_digest);
    sheet_refused(
        &s,
        bytes_of(&sheet),
        "The criteria have changed since this scoresheet was exported",
    );
    // A changed scale too.
    let s = ok(
        &small(),
        Edit::Scale {
            min: "0".into(),
            max: "4".into(),
            labels: BTreeMap::new(),
        },
    );
    sheet_refused(&s, bytes_of(&sheet), "The criteria have changed");
}

#[test]
fn a_scoresheet_from_someone_not_on_the_panel_is_refused() {
    let (_, sheet) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], false);
    let mut stranger = sheet.clone();
    stranger.evaluator.id = "zed".into();
    stranger.evaluator.name = "Zed Ward".into();
    sheet_refused(
        &small(),
        bytes_of(&stranger),
        "Zed Ward (\"zed\") is not on this evaluation's panel",
    );

    let mut renamed = sheet;
    renamed.evaluator.name = "Annie Lee".into();
    sheet_refused(
        &small(),
        bytes_of(&renamed),
        "The panel member with id \"ann\" is Ann Lee here but Annie Lee on the scoresheet",
    );
}

#[test]
fn a_scoresheet_with_a_bad_score_is_refused_whole() {
    let (_, sheet) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], false);
    let with = |f: &dyn Fn(&mut Vec<SheetScore>)| {
        let mut s = sheet.clone();
        f(&mut s.scores);
        bytes_of(&s)
    };
    let s = small();
    sheet_refused(
        &s,
        with(&|v| v[1].bid = "ghost".into()),
        "is for bid \"ghost\", which is not in this evaluation",
    );
    sheet_refused(
        &s,
        with(&|v| v[1].criterion = "ghost".into()),
        "is for \"ghost\", which is not a scored criterion here",
    );
    sheet_refused(
        &s,
        with(&|v| v[1].criterion = "hosting".into()),
        "is for \"hosting\", which is not a scored criterion here",
    );
    sheet_refused(
        &s,
        with(&|v| v[1].criterion = "quality".into()),
        "not a scored criterion",
    );
    sheet_refused(
        &s,
        with(&|v| v[1].score = dec("4")),
        "is 4, outside the scale 0 to 3",
    );
    sheet_refused(
        &s,
        with(&|v| v[1].score = dec("-0.5")),
        "outside the scale 0 to 3",
    );
    sheet_refused(
        &s,
        with(&|v| {
            let dup = v[0].clone();
            v.push(dup)
        }),
        "is a second score for the same bid and criterion",
    );
    // The problem says which score.
    let n = import(&s, "sheet.json", with(&|v| v[2].score = dec("9")));
    let p = &n.refused.as_ref().unwrap().problems[0];
    assert_eq!(p.path, "scores[2].score");
    assert_eq!(p.place, "Score 3");
}

#[test]
fn an_empty_scoresheet_does_not_lock_the_criteria() {
    let sheet = scoresheet_for(ev(&small()), "bob", AT).unwrap();
    assert!(sheet.scores.is_empty());
    let n = import(&small(), "bob.json", bytes_of(&sheet));
    assert_eq!(n.refused, None);
    assert!(!ev(&n).workflow.criteria_locked, "{:#?}", audit(&n));
}

#[test]
fn reimporting_the_same_scoresheet_changes_nothing() {
    let (_, sheet) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], false);
    let s = import(&small(), "ann.json", bytes_of(&sheet));
    let n = import(&s, "ann (1).json", bytes_of(&sheet));
    assert_eq!(
        n.notice.as_deref(),
        Some("The scoresheet from Ann Lee is already here: nothing changed.")
    );
    assert_eq!(n.open, s.open);
    assert_eq!(n.question, None);
    assert_eq!(n.refused, None);
}

#[test]
fn reimporting_the_same_scores_marked_complete_carries_the_mark() {
    let (own, sheet) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], false);
    let s = import(&small(), "ann.json", bytes_of(&sheet));
    let own = ok(
        &own,
        Edit::Complete {
            evaluator: "ann".into(),
            complete: true,
        },
    );
    let done = scoresheet_for(ev(&own), "ann", AT).unwrap();
    let n = import(&s, "ann-final.json", bytes_of(&done));
    assert_eq!(ev(&n).workflow.complete, ["ann"]);
}

#[test]
fn a_different_sheet_from_the_same_evaluator_asks_before_replacing() {
    let (_, first) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], false);
    let (_, bobs) = sheet_from_own_browser("bob", ["2", "2", "2", "2"], false);
    let s = import(&small(), "ann.json", bytes_of(&first));
    let s = import(&s, "bob.json", bytes_of(&bobs));
    let (_, second) = sheet_from_own_browser("ann", ["3", "3", "3", "3"], true);
    let q = import(&s, "ann-v2.json", bytes_of(&second));
    match q.question.as_ref().expect("a question") {
        Question::ReplaceScoresheet {
            sheet,
            existing,
            source,
        } => {
            assert_eq!(*existing, 4);
            assert_eq!(source, "ann-v2.json");
            assert_eq!(**sheet, second);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(q.open, s.open, "nothing changes before the answer");

    let c = q.apply(Action::Cancel);
    assert_eq!(c.question, None);
    assert_eq!(c.open, s.open);

    let y = q.apply(Action::Confirm {
        stamp: stamp_at("Moderator", "2026-03-07T09:00:00Z"),
        reason: String::new(),
    });
    assert_eq!(y.question, None);
    assert_eq!(y.error, None);
    assert!(scores_of(ev(&y), "ann").iter().all(|x| x.2 == "3"));
    assert_eq!(scores_of(ev(&y), "ann").len(), 4);
    assert_eq!(
        scores_of(ev(&y), "bob"),
        scores_of(ev(&s), "bob"),
        "Bob's scores stay"
    );
    assert_eq!(ev(&y).workflow.complete, ["ann"]);
    assert_eq!(
        y.notice.as_deref(),
        Some("Scoresheet from Ann Lee imported: 4 scores, replacing 4.")
    );
    assert_eq!(
        audit(&y).len(),
        audit(&s).len() + 1,
        "already locked: one entry"
    );
    assert_eq!(
        last(&y).what,
        "Imported the scoresheet from Ann Lee (ann-v2.json): 4 scores"
    );
    assert_eq!(last(&y).before.as_deref(), Some("4 scores"));
    assert_eq!(last(&y).at, "2026-03-07T09:00:00Z");
}

#[test]
fn two_evaluators_in_two_browsers_reach_the_moderator_and_the_results_use_both() {
    // Three separate sessions of the same file: Ann's, Bob's and the moderator's.
    let (_, ann) = sheet_from_own_browser("ann", ["1", "2", "3", "0"], true);
    let (_, bob) = sheet_from_own_browser("bob", ["3", "2", "1", "2"], true);
    let moderator = small();
    let m = import(&moderator, "ann.json", bytes_of(&ann));
    let m = import(&m, "bob.json", bytes_of(&bob));
    assert_eq!(m.refused, None);
    assert_eq!(ev(&m).scores.len(), 8);
    assert_eq!(ev(&m).workflow.complete, ["ann", "bob"]);
    assert_eq!(audit(&m).len(), 3, "ann, lock, bob");

    let cell = scored_cell(&m, "acme", "approach");
    let mut given: Vec<_> = cell.scores.iter().map(|(_, v)| v.to_string()).collect();
    given.sort();
    assert_eq!(given, ["1", "3"]);
    assert_eq!(cell.moderated, Some(dec("2").0), "mean of 1 and 3");
    assert_eq!(scored_cell(&m, "beta", "team").moderated, Some(dec("1").0));
    // acme: approach 2, team 2 → quality 2/3 × 60 = 40; price 40 (lowest).
    let acme = result(&m, "acme");
    assert_eq!(acme.quality, dec("40.00").0);
    assert_eq!(acme.total, Some(dec("80.00").0));
    assert!(!acme
        .pending
        .iter()
        .any(|p| matches!(p, bidmark::scoring::Pending::NoScores { .. })));
}
