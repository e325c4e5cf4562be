//! The browser app's entry point, built by trunk for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    bidmark::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The Bidmark web app runs in a browser: build it with `make run`.");
    std::process::exit(2);
}

/// Times the engine inside the browser, for `scripts/bench_browser.mjs`: reading and
/// checking `json`, a full rescore, and one score edited through the workflow, each the
/// median of `runs` in milliseconds, as JSON. It changes nothing and is never called by
/// the app itself.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_engine(json: &str, runs: u32) -> String {
    use bidmark::workflow::{Action, Edit, Page, Session, Stamp};
    let performance = gloo::utils::window()
        .performance()
        .expect("browsers have performance");
    let median = |f: &mut dyn FnMut()| -> f64 {
        let mut times: Vec<f64> = (0..runs.max(1))
            .map(|_| {
                let start = performance.now();
                f();
                performance.now() - start
            })
            .collect();
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let mut e = None;
    let load = median(&mut || e = bidmark::load_str(json).ok());
    let Some(e) = e else {
        return r#"{"error":"the evaluation does not load"}"#.into();
    };
    let mut grid = None;
    let prepare = median(&mut || grid = bidmark::scoring::Grid::new(&e));
    let Some(grid) = grid else {
        return r#"{"error":"the evaluation does not fit a grid"}"#.into();
    };
    // The budget's full rescore: every bid's total, exclusions and rank.
    let score = median(&mut || {
        std::hint::black_box(grid.results());
    });
    // Every bid's breakdown too, as an export needs.
    let full = median(&mut || {
        std::hint::black_box(bidmark::score(&e));
    });
    let session = Session::default().apply(Action::Restore {
        json: json.to_string(),
        source: "bench".into(),
        page: Page::TaskList,
    });
    let s = &e.scores[e.scores.len() / 2];
    let mut flip = false;
    let edit = median(&mut || {
        flip = !flip;
        std::hint::black_box(session.apply(Action::Edit {
            edit: Edit::Score {
                evaluator: s.evaluator.clone(),
                bid: s.bid.clone(),
                criterion: s.criterion.clone(),
                score: Some(bidmark::model::Dec(if flip { 0 } else { 3 }.into())),
            },
            stamp: Stamp {
                at: "2026-11-25T12:00:00Z".into(),
                who: "Bench".into(),
            },
        }));
    });
    format!(
        r#"{{"scores":{},"load_ms":{load:.2},"prepare_ms":{prepare:.2},"score_ms":{score:.2},"full_ms":{full:.2},"edit_ms":{edit:.2}}}"#,
        e.scores.len()
    )
}
