//! Where the time goes when a large evaluation is opened: `cargo run --release
//! --example open_time FILE`. A measuring aid for performance work, not a test.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: open_time FILE");
    let bytes = std::fs::read(path).expect("a readable file");
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    let t = Instant::now();
    let e: bidmark::Evaluation = serde_json::from_str(text).expect("an evaluation");
    println!("typed read:        {:>8.1} ms", ms(t));
    let t = Instant::now();
    let problems = bidmark::model::validate(&e);
    println!(
        "rules checked:     {:>8.1} ms ({} problems)",
        ms(t),
        problems.len()
    );
    let t = Instant::now();
    let r = bidmark::score(&e);
    println!(
        "scored:            {:>8.1} ms ({} bids)",
        ms(t),
        r.bids.len()
    );
    let t = Instant::now();
    let e2 = bidmark::load_bytes(&bytes).expect("loads");
    println!("load_bytes:        {:>8.1} ms", ms(t));
    let t = Instant::now();
    let s = bidmark::workflow::Session::default().apply(bidmark::workflow::Action::OpenFile {
        name: "x.json".into(),
        bytes,
    });
    println!("opened (workflow): {:>8.1} ms", ms(t));
    let t = Instant::now();
    let json = s.open.as_ref().expect("open").evaluation.to_json();
    println!(
        "to_json:           {:>8.1} ms ({} bytes)",
        ms(t),
        json.len()
    );
    assert_eq!(e2, e);
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
