//! Starting inputs for each target, as Bidmark itself writes them.

use rust_decimal::Decimal;

use crate::award::result::result_file;
use crate::model::{Bid, Dec, VERSION};
use crate::workflow::scoresheet_for;

use super::samples::{evaluation_of, sample_session};
use super::{generate, Input};

/// Starting inputs for each target, as Bidmark itself writes them: the samples and
/// templates, generated evaluations, bids files of the samples' bids, every panel
/// member's scoresheet, and result files. `(target, name, bytes)`.
pub fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out: Vec<(&'static str, String, Vec<u8>)> = Vec::new();
    // Pseudo-random byte strings (a fixed linear congruential sequence) for the generator.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut random = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (state >> 56) as u8
            })
            .collect()
    };
    let generated: Vec<Vec<u8>> = (0..24).map(|i| random(64 + 48 * i)).collect();
    for (i, bytes) in generated.iter().enumerate() {
        out.push(("scoring", format!("random-{i:02}"), bytes.clone()));
        let e = generate(&mut Input::new(bytes));
        if i % 3 == 0 {
            out.push((
                "evaluation",
                format!("generated-{i:02}.json"),
                e.to_json().into_bytes(),
            ));
            out.push((
                "result",
                format!("generated-{i:02}.json"),
                result_file(&e).into_bytes(),
            ));
        }
    }
    for t in crate::templates::TEMPLATES {
        out.push((
            "evaluation",
            format!("template-{}.json", t.slug),
            t.json.as_bytes().to_vec(),
        ));
    }
    for (i, sample) in crate::samples::SAMPLES.iter().enumerate() {
        let slug = sample.slug;
        out.push((
            "evaluation",
            format!("sample-{slug}.json"),
            sample.json.as_bytes().to_vec(),
        ));
        let e = evaluation_of(&sample_session(i));
        out.push((
            "result",
            format!("sample-{slug}.json"),
            result_file(&e).into_bytes(),
        ));
        let bids = |list: Vec<Bid>| {
            let file = crate::model::exchange::BidsFile {
                format: crate::model::exchange::BIDS_FORMAT.to_string(),
                version: VERSION,
                bids: list,
            };
            serde_json::to_vec_pretty(&file).expect("a bids file serialises")
        };
        out.push(("bids", format!("sample-{slug}.json"), bids(e.bids.clone())));
        let mut changed = e.bids.clone();
        if let Some(b) = changed.first_mut() {
            b.price = b.price.map(|p| Dec(p.0 + Decimal::ONE));
            b.supplier.push_str(" (renamed)");
        }
        let mut extra = e.bids.first().cloned().expect("samples have bids");
        extra.id = "new-bid".into();
        changed.push(extra);
        out.push(("bids", format!("changed-{slug}.json"), bids(changed)));
        for ev in &e.evaluators {
            if let Some(sheet) = scoresheet_for(&e, &ev.id, "2026-11-25T00:00:00Z") {
                let bytes = serde_json::to_vec_pretty(&sheet).expect("a scoresheet serialises");
                out.push(("scoresheet", format!("{slug}-{}.json", ev.id), bytes));
            }
        }
    }
    out
}
