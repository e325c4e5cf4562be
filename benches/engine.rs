//! Native engine benchmarks: `cargo bench --bench engine` (or `make bench`).
//!
//! Prints a table of median wall-clock times over repeated runs for each stage a user
//! waits on: reading and checking a file, preparing its scores, a full rescore of every
//! bid (standings), scoring with every breakdown (what an export needs), one score
//! edited through the workflow, the result file. Sizes come from the deterministic generator. Benchmarks
//! measure; nothing here passes or fails on time.

use std::time::{Duration, Instant};

use bidmark::generate::{generate, Spec};
use bidmark::model::{validate, Method};
use bidmark::scoring::Grid;
use bidmark::workflow::{Action, Edit, Session, Stamp};

/// Median of `runs` timings of `f` (after one warm-up run), and its result.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = f();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        out = f();
        times.push(start.elapsed());
    }
    times.sort();
    (times[times.len() / 2], out)
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    // `cargo test --all-targets` runs this too, without `--bench`: then one small size
    // is enough to show the benchmark still works.
    let benching = std::env::args().any(|a| a == "--bench");
    // `cargo bench --bench engine -- 100x10x3 1000x50x5` runs just those sizes.
    let asked: Vec<(usize, usize, usize)> = std::env::args()
        .skip(1)
        .filter_map(|a| {
            let n: Vec<usize> = a.split('x').filter_map(|n| n.parse().ok()).collect();
            (n.len() == 3).then(|| (n[0], n[1], n[2]))
        })
        .collect();
    let sizes: &[(usize, usize, usize)] = if !benching {
        &[(20, 5, 3)]
    } else if asked.is_empty() {
        &[
            (100, 10, 3),
            (200, 30, 5),
            (1_000, 10, 5),
            (1_000, 50, 1),
            (1_000, 50, 5),
            (2_000, 50, 5),
            (10_000, 20, 3),
        ]
    } else {
        &asked
    };
    println!(
        "{:>6} {:>4} {:>3} {:>9} {:>8} | {:>9} {:>9} {:>10} {:>10} {:>10} {:>9} {:>9}",
        "bids",
        "crit",
        "ev",
        "scores",
        "MB",
        "parse ms",
        "check ms",
        "prepare ms",
        "rescore ms",
        "all lines",
        "edit ms",
        "result ms"
    );
    for &(bids, criteria, evaluators) in sizes {
        let spec = Spec {
            bids,
            criteria,
            evaluators,
            seed: 42,
            method: Method::Mean,
            notes: true,
            ..Spec::default()
        };
        let e = generate(&spec);
        let text = serde_json::to_string(&e).unwrap();
        let runs = if bids * criteria * evaluators > 200_000 {
            5
        } else {
            15
        };
        let (parse, parsed) = median(runs, || {
            bidmark::model::set_max_file_bytes(u64::MAX);
            serde_json::from_str::<bidmark::Evaluation>(&text).unwrap()
        });
        let (check, problems) = median(runs, || validate(&parsed));
        assert!(problems.is_empty());
        let (prepare, grid) = median(runs, || Grid::new(&e).expect("generated numbers fit"));
        // The budget's "full rescore": every bid's total, exclusions and rank.
        let (rescore, standings) = median(runs * 4, || grid.results());
        assert_eq!(standings.bids.len(), bids);
        // Everything an export needs: prepare, and every bid's breakdown.
        let (full, results) = median(runs, || bidmark::score(&e));
        assert_eq!(results.bids.len(), bids);
        // One score changed through the workflow: apply, check, rescore, audit.
        let session = Session::default().apply(Action::Restore {
            json: e.to_json(),
            source: "bench".into(),
            page: bidmark::workflow::Page::TaskList,
        });
        let s = &e.scores[e.scores.len() / 2];
        let mut flip = false;
        let (edit, _) = median(runs, || {
            flip = !flip;
            session.apply(Action::Edit {
                edit: Edit::Score {
                    evaluator: s.evaluator.clone(),
                    bid: s.bid.clone(),
                    criterion: s.criterion.clone(),
                    score: Some(bidmark::model::Dec(if flip { 0.into() } else { 3.into() })),
                },
                stamp: Stamp {
                    at: "2026-11-25T12:00:00Z".into(),
                    who: "Bench".into(),
                },
            })
        });
        let (result, _) = median(runs.min(5), || bidmark::award::result::result_file(&e));
        println!(
            "{:>6} {:>4} {:>3} {:>9} {:>8.1} | {:>9} {:>9} {:>10} {:>10} {:>10} {:>9} {:>9}",
            bids,
            criteria,
            evaluators,
            e.scores.len(),
            text.len() as f64 / 1_048_576.0,
            ms(parse),
            ms(check),
            ms(prepare),
            ms(rescore),
            ms(full),
            ms(edit),
            ms(result)
        );
    }
}
