//! The moderated result (`bidmark/result`): the evaluation, everything computed from it,
//! and a SHA-256 digest over a canonical form, so anyone can re-check an award with
//! `bidmark verify`.

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::model::exchange::hex;
use crate::model::{load_str, Evaluation, Kind, Problem};
use crate::scoring::{round, score, Detail, Results};

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
                        Detail::Group { points } => {
                            o.insert("points".into(), json!(f(*points)));
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
            json!({
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
            })
        })
        .collect();
    let _ = e;
    json!({
        "places": p,
        "lowest_price": r.lowest_price.map(|x| x.to_string()),
        "quality_available": f(r.quality_available),
        "price_available": r.price_available.map(f),
        "bids": bids,
    })
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
    let r = score(e);
    let evaluation: Value = serde_json::to_value(e).expect("an evaluation is JSON");
    let mut v = json!({
        "format": RESULT_FORMAT,
        "version": 1,
        "evaluation": evaluation,
        "results": results_json(e, &r),
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
}

impl Verified {
    pub fn holds(&self) -> bool {
        self.differences.is_empty()
    }
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
    let recomputed = results_json(&evaluation, &score(&evaluation));
    match v.get("results") {
        None => differences.push("The file states no results.".to_string()),
        Some(stated) => diff("results", stated, &recomputed, &mut differences),
    }
    Ok(Verified {
        evaluation,
        differences,
        notes,
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
