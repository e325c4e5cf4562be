//! The moderated result (`bidmark/result`): the evaluation, everything computed from it,
//! and a SHA-256 digest over a canonical form, so anyone can re-check an award with
//! `bidmark verify`.

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::model::exchange::hex;
use crate::model::{load_str, Evaluation, Kind, Problem};
use crate::scoring::lots::{score_lots, Lotted, Outcome};
use crate::scoring::{round, Detail, Results, Standing};

pub const RESULT_FORMAT: &str = "bidmark/result";

/// How the digest is computed, as written into every result file.
pub const CANONICAL: &str = "SHA-256 of the UTF-8 bytes of this object without its \"digest\" member, \
serialised as RFC 8785 (JSON Canonicalization Scheme) defines: no whitespace, object members sorted by the \
UTF-16 code units of their keys, strings escaped as its section 3.2.2.2, numbers as the IEEE 754 double \
they stand for in ECMAScript form (1.0 as 1, 1e21 as 1e+21)";

/// The computed results as the result file states them: every subtotal, rounded as reported.
pub fn results_json(e: &Evaluation, r: &Results) -> Value {
    let p = r.places;
    let f = |d: Decimal| round::fmt(d, p);
    let bids: Vec<Value> = r
        .bids
        .iter()
        .map(|b| {
            let criteria: Vec<Value> = b
                .lines
                .iter()
                .map(|l| {
                    let mut o = Map::new();
                    o.insert("criterion".into(), json!(l.criterion));
                    o.insert("name".into(), json!(l.name));
                    if let Some(w) = l.effective_weight {
                        o.insert("points_available".into(), json!(f(w)));
                    }
                    match &l.detail {
                        Detail::Group { points, relative } => {
                            o.insert("points".into(), json!(f(*points)));
                            if let Some(rel) = relative {
                                o.insert("relative_to_best".into(), json!({
                                    "points": f(rel.points),
                                    "best": f(rel.best),
                                }));
                            }
                        }
                        Detail::Measured(c) => {
                            o.insert("value".into(), c.price.map_or(Value::Null, |x| json!(x.to_string())));
                            o.insert("best".into(), match c.formula.better {
                                crate::model::Better::Lower => c.lowest,
                                crate::model::Better::Higher => c.highest,
                            }.map_or(Value::Null, |x| json!(x.to_string())));
                            o.insert("points".into(), c.points.map_or(Value::Null, |x| json!(f(x))));
                        }
                        Detail::Scored(c) => {
                            let scores: Map<String, Value> =
                                c.scores.iter().map(|(ev, s)| (ev.clone(), json!(s.to_string()))).collect();
                            o.insert("scores".into(), Value::Object(scores));
                            if let Some(cs) = c.consensus {
                                o.insert("consensus".into(), json!(cs.to_string()));
                            }
                            o.insert("moderated".into(), c.moderated.map_or(Value::Null, |m| json!(round::fmt(m, 6))));
                            o.insert("basis".into(), json!(c.basis.words()));
                            o.insert("points".into(), json!(f(c.points)));
                            o.insert("flagged".into(), json!(c.flagged));
                            if !c.set_aside.is_empty() {
                                let set_aside: Vec<Value> = c
                                    .set_aside
                                    .iter()
                                    .map(|(ev, s, why)| json!({ "evaluator": ev, "score": s.to_string(), "why": standing_code(*why) }))
                                    .collect();
                                o.insert("set_aside".into(), Value::Array(set_aside));
                            }
                        }
                        Detail::Price(c) => {
                            o.insert("price".into(), c.price.map_or(Value::Null, |x| json!(x.to_string())));
                            o.insert("lowest".into(), c.lowest.map_or(Value::Null, |x| json!(x.to_string())));
                            o.insert("points".into(), c.points.map_or(Value::Null, |x| json!(f(x))));
                        }
                        Detail::PassFail { passed, .. } => {
                            o.insert("passed".into(), passed.map_or(Value::Null, |x| json!(x)));
                        }
                    }
                    Value::Object(o)
                })
                .collect();
            let mut row = json!({
                "bid": b.bid,
                "supplier": b.supplier,
                "rank": b.rank,
                "total": b.total.map(f),
                "quality": f(b.quality),
                "quality_percent": b.quality_percent.map(f),
                "price": b.price_points.map(f),
                "excluded": b.excluded(),
                "provisional": b.provisional(),
                "reasons": b.reasons.iter().map(|x| json!({ "kind": x.code(), "text": x.to_string() })).collect::<Vec<_>>(),
                "pending": b.pending.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "criteria": criteria,
            });
            // Extension: the abnormally low flag and the recorded outcome.
            if let Some(v) = low_json(b, e.currency.as_deref()) {
                row.as_object_mut().expect("an object").insert("abnormally_low".into(), v);
            }
            // Extension: what the bid is ranked on, when not weighted points.
            if let (Some(k), Some(v)) = (e.ranking.as_ref(), b.ranked_on) {
                let o = row.as_object_mut().expect("an object");
                o.insert("ranked_on".into(), json!(round::fmt(v, 6)));
                if let Some(w) = crate::text::ranking_working(k, b, p, e.currency.as_deref()) {
                    o.insert("ranked_on_working".into(), json!(w));
                }
            }
            row
        })
        .collect();
    let mut out = json!({
        "places": p,
        "lowest_price": r.lowest_price.map(|x| x.to_string()),
        "quality_available": f(r.quality_available),
        "price_available": r.price_available.map(f),
        "bids": bids,
    });
    // Extension: the ranking method, when not weighted points.
    if let Some(k) = e.ranking.as_ref() {
        out.as_object_mut().expect("an object").insert(
            "ranking".into(),
            json!(crate::text::ranking_words(k.method)),
        );
    }
    out
}

/// Extension: a bid's abnormally low flag (what its price was compared with) and the
/// recorded outcome; `None` when it has neither.
pub fn low_json(b: &crate::scoring::BidResult, currency: Option<&str>) -> Option<Value> {
    if b.abnormally_low.is_none() && b.investigation.is_none() {
        return None;
    }
    let mut o = Map::new();
    o.insert("flagged".into(), json!(b.abnormally_low.is_some()));
    if let Some(flag) = &b.abnormally_low {
        o.insert(
            "of".into(),
            serde_json::to_value(flag.of).unwrap_or(Value::Null),
        );
        o.insert("compared".into(), json!(flag.compared));
        o.insert("base".into(), json!(round::fmt(flag.base, 2)));
        o.insert("threshold".into(), json!(round::fmt(flag.threshold, 2)));
        o.insert(
            "percent_below".into(),
            json!(round::fmt(flag.percent_below, 2)),
        );
        if let Some(x) = flag.lowest_other {
            o.insert("lowest_other".into(), json!(x.to_string()));
        }
        o.insert(
            "working".into(),
            json!(crate::text::low_working(flag, b.price, currency)),
        );
    }
    match &b.investigation {
        Some(v) => {
            o.insert(
                "outcome".into(),
                serde_json::to_value(v.outcome).unwrap_or(Value::Null),
            );
            if let Some(r) = &v.reason {
                o.insert("reason".into(), json!(r));
            }
            o.insert("by".into(), json!(v.by));
            o.insert("date".into(), json!(v.date));
            o.insert("applied".into(), json!(b.abnormally_low.is_some()));
        }
        None => {
            o.insert("outcome".into(), Value::Null);
        }
    }
    o.insert("status".into(), json!(crate::text::low_status(b)));
    Some(Value::Object(o))
}

fn standing_code(s: Standing) -> &'static str {
    match s {
        Standing::Counts => "counts",
        Standing::NotAssigned => "not_assigned",
        Standing::Recused => "recused",
    }
}

/// The computed results of every lot and the awards (extension); for an evaluation
/// without lots, exactly [`results_json`].
pub fn lotted_json(e: &Evaluation, l: &Lotted) -> Value {
    if !e.has_lots() {
        return results_json(e, &l.lots[0].results);
    }
    let lots: Vec<Value> = l
        .lots
        .iter()
        .map(|lot| {
            let mut v = results_json(e, &lot.results);
            let o = v.as_object_mut().expect("an object");
            o.remove("places");
            let (id, name) = lot.lot.clone().unwrap_or_default();
            o.insert("lot".into(), json!(id));
            o.insert("name".into(), json!(name));
            v
        })
        .collect();
    json!({
        "places": e.places(),
        "award_limit": l.limit,
        "lots": lots,
        "awards": awards_json(l),
    })
}

/// Who is awarded each lot and why, in the order the lots are decided.
pub fn awards_json(l: &Lotted) -> Vec<Value> {
    l.awards
        .iter()
        .map(|a| {
            let (winner, tied) = match &a.outcome {
                Outcome::Winner { bid, .. } => (Some(bid.clone()), Vec::new()),
                Outcome::Tied(t) => (None, t.iter().map(|(b, _)| b.clone()).collect()),
                Outcome::NoWinner => (None, Vec::new()),
            };
            json!({
                "lot": a.lot,
                "winner": winner,
                "tied": tied,
                "passed_over": a.passed_over.iter().map(|(bid, _, won)| json!({ "bid": bid, "already_awarded": won })).collect::<Vec<_>>(),
                "provisional": a.provisional,
                "text": a.explain(l.limit),
            })
        })
        .collect()
}

pub use super::canonical::canonical;
use super::canonical::{canonical_with_serde_json_numbers, first_number_written_differently};

/// The digest of a result object (its "digest" member, if any, left out).
pub fn digest_of(v: &Value) -> String {
    hex(&Sha256::digest(canonical(&without_digest(v)).as_bytes()))
}

fn without_digest(v: &Value) -> Value {
    let mut body = v.clone();
    if let Some(o) = body.as_object_mut() {
        o.remove("digest");
    }
    body
}

/// The result file of a valid evaluation, as pretty JSON with a trailing newline.
pub fn result_file(e: &Evaluation) -> String {
    let mut s = serde_json::to_string_pretty(&result_value(e)).expect("JSON serialises");
    s.push('\n');
    s
}

/// The digest a result file of this evaluation carries.
pub fn result_digest(e: &Evaluation) -> String {
    result_value(e)["digest"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The result object: evaluation, results and digest.
pub fn result_value(e: &Evaluation) -> Value {
    let r = score_lots(e);
    let evaluation: Value = serde_json::to_value(e).expect("an evaluation is JSON");
    let mut v = json!({
        "format": RESULT_FORMAT,
        "version": 1,
        "evaluation": evaluation,
        "results": lotted_json(e, &r),
    });
    let digest = digest_of(&v);
    v.as_object_mut().expect("an object").insert(
        "digest".into(),
        json!({ "algorithm": "SHA-256", "canonical": CANONICAL, "value": digest }),
    );
    v
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    pub evaluation: Evaluation,
    /// Sentences for people; empty when everything holds.
    pub differences: Vec<String>,
    /// Sentences for people about a file that holds all the same: a digest computed by an
    /// earlier Bidmark over a canonical form that differed from RFC 8785.
    pub notes: Vec<String>,
    /// The standing approval of each lot, checked against the result (extension).
    pub approvals: Vec<ApprovalCheck>,
}

impl Verified {
    /// Every figure recomputes and the digest holds; approvals aside.
    pub fn holds(&self) -> bool {
        self.differences.is_empty()
    }
    /// Some standing approval no longer matches the result.
    pub fn stale(&self) -> bool {
        self.approvals.iter().any(|a| !a.current)
    }
}

/// A standing approval (the latest recorded for its lot) and whether it still matches.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalCheck {
    pub approval: crate::model::Approval,
    /// The approval names the digest the result has now, approvals aside.
    pub current: bool,
    /// That digest.
    pub digest: String,
    /// What was recorded in the audit log after the approval, when the approval says
    /// how long the log was.
    pub changes: Vec<crate::model::AuditEntry>,
    /// A sentence for people.
    pub text: String,
}

/// The digest an approval names: that of the result of this evaluation without any
/// approvals, so that recording an approval does not itself change what it approves.
pub fn approval_digest(e: &Evaluation) -> String {
    let mut plain = e.clone();
    plain.workflow.approvals.clear();
    result_digest(&plain)
}

/// The latest approval of each lot (of the evaluation, without lots), checked against
/// the result of the evaluation as it is.
pub fn approvals(e: &Evaluation) -> Vec<ApprovalCheck> {
    if e.workflow.approvals.is_empty() {
        return Vec::new();
    }
    let digest = approval_digest(e);
    let mut latest: Vec<&crate::model::Approval> = Vec::new();
    for a in e.workflow.approvals.iter().rev() {
        if !latest.iter().any(|l| l.lot == a.lot) {
            latest.push(a);
        }
    }
    latest.reverse();
    latest
        .into_iter()
        .map(|a| {
            let current = a.result == digest;
            let what = approval_words(e, a);
            let changes: Vec<crate::model::AuditEntry> = match a.audit_length {
                Some(n) if !current => e
                    .workflow
                    .audit
                    .iter()
                    .skip(usize::try_from(n).unwrap_or(usize::MAX))
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            };
            let text = if current {
                format!("{what} holds: it names this result's digest, {digest}.")
            } else {
                let mut t = format!(
                    "{what} is stale: it names the result with digest {}, and the result has changed since (its digest is now {digest}).",
                    a.result
                );
                if !changes.is_empty() {
                    t.push_str(" Changed after it was recorded: ");
                    let list: Vec<String> = changes
                        .iter()
                        .map(|c| {
                            let values = match (&c.before, &c.after) {
                                (Some(b), Some(x)) => format!(" ({b} → {x})"),
                                (None, Some(x)) => format!(" (→ {x})"),
                                _ => String::new(),
                            };
                            format!("{} at {}{values}", c.what, c.at)
                        })
                        .collect();
                    t.push_str(&list.join("; "));
                    t.push('.');
                }
                t
            };
            ApprovalCheck {
                approval: a.clone(),
                current,
                digest: digest.clone(),
                changes,
                text,
            }
        })
        .collect()
}

/// "The approval of Lot 1 (Kestrel & Moss Ltd), approved by Sam Lee, Commercial lead, on 2026-11-30"
pub fn approval_words(e: &Evaluation, a: &crate::model::Approval) -> String {
    let lot = a
        .lot
        .as_deref()
        .map(|l| {
            let name = e.lot(l).map_or(l, |x| x.name.as_str());
            format!(" of {name}")
        })
        .unwrap_or_default();
    let supplier = e
        .bid(&a.bid)
        .map_or(a.bid.as_str(), |b| b.supplier.as_str());
    let decision = match a.decision {
        crate::model::Decision::Approved => "approved",
        crate::model::Decision::Returned => "returned",
    };
    format!(
        "The award decision{lot} ({supplier}), {decision} by {}, {}, on {}",
        a.approver, a.role, a.date
    )
}

/// Recomputes a result file from the evaluation inside it and checks the digest.
/// `Err` when the file cannot even be read as a result; `Ok` with the differences
/// otherwise (none when it verifies).
pub fn verify(text: &str) -> Result<Verified, Vec<Problem>> {
    crate::model::load::check_size(text.len() as u64).map_err(|e| e.problems)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let v: Value = crate::model::load::parse_json(text).map_err(|e| e.problems)?;
    crate::model::load::check_format(&v, RESULT_FORMAT, "a result")
        .map_err(|e| crate::model::load::with_lines(text, e.problems).problems)?;
    let Some(ev) = v.get("evaluation") else {
        return Err(vec![Problem::file(
            "The result file has no \"evaluation\": there is nothing to recompute.",
        )]);
    };
    let evaluation = load_str(&ev.to_string()).map_err(|e| {
        // Lines found in the re-serialised evaluation mean nothing to the reader: each
        // problem is placed again, by its path, in the result file as it was given.
        let problems = e
            .problems
            .into_iter()
            .map(|mut p| {
                if !p.path.is_empty() {
                    p.path = format!("evaluation.{}", p.path);
                }
                p.line = None;
                p
            })
            .collect();
        crate::model::load::with_lines(text, problems).problems
    })?;
    let mut differences = Vec::new();
    let mut notes = Vec::new();
    // The digest first: it is the one line that says whether anything was touched.
    let digest = digest_of(&v);
    match v.pointer("/digest/value").and_then(Value::as_str) {
        None => differences.push("The file has no digest.".to_string()),
        Some(d) if d == digest => {}
        Some(d) => match legacy_digest_note(&v, d, &digest) {
            Some(note) => notes.push(note),
            None => differences.push(format!(
                "The digest does not match: the file says {d}, its contents give {digest}. Something in the file was changed after it was exported."
            )),
        },
    }
    let recomputed = lotted_json(&evaluation, &score_lots(&evaluation));
    match v.get("results") {
        None => differences.push("The file states no results.".to_string()),
        Some(stated) => diff("results", stated, &recomputed, &mut differences),
    }
    let approvals = approvals(&evaluation);
    Ok(Verified {
        evaluation,
        differences,
        notes,
        approvals,
    })
}

/// Result files exported before Bidmark's canonical form was exactly RFC 8785 wrote
/// numbers as serde_json does (`1.0` where RFC 8785 writes `1`); their key order and
/// string escaping were already RFC 8785's. Such a file's digest matches that form when
/// nothing was changed: the note says so, for a `stated` digest that is not `digest`.
fn legacy_digest_note(v: &Value, stated: &str, digest: &str) -> Option<String> {
    let body = without_digest(v);
    let (old, new) = first_number_written_differently(&body)?;
    let legacy = hex(&Sha256::digest(
        canonical_with_serde_json_numbers(&body).as_bytes(),
    ));
    (legacy == stated).then(|| {
        format!(
            "The digest {stated} was computed by an earlier Bidmark, whose canonical form differed from \
             RFC 8785 in the number form (it wrote {old} where RFC 8785 writes {new}). The digest matches \
             that form, so the contents are intact; exporting the result again gives its RFC 8785 digest, {digest}."
        )
    })
}

/// Every place where what a file states differs from what its inputs give.
fn diff(path: &str, stated: &Value, recomputed: &Value, out: &mut Vec<String>) {
    if out.len() >= 50 {
        return;
    }
    match (stated, recomputed) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, bv) in b {
                match a.get(k) {
                    Some(av) => diff(&format!("{path}.{k}"), av, bv, out),
                    None => out.push(format!("{path}.{k} is missing; recomputed: {}", short(bv))),
                }
            }
            for k in a.keys().filter(|k| !b.contains_key(*k)) {
                out.push(format!("{path}.{k} is not something Bidmark computes"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(format!(
                    "{path} has {} entries; recomputed: {}",
                    a.len(),
                    b.len()
                ));
            }
            for (i, (av, bv)) in a.iter().zip(b).enumerate() {
                diff(&format!("{path}[{i}]"), av, bv, out);
            }
        }
        (a, b) if a != b => out.push(format!(
            "{path}: the file says {}, recomputed from its scores and weights: {}",
            short(a),
            short(b)
        )),
        _ => {}
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

/// Whether any scored criterion exists (a result needs something to rank).
pub fn has_criteria(e: &Evaluation) -> bool {
    e.walk().iter().any(|(_, c)| c.kind != Kind::Group)
}
