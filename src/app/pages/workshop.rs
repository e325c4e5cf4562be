//! Workshop: move the weights and watch the ranking, compare price formulas, see how
//! robust the award is. What-if changes live in this page only and are never saved.

use std::rc::Rc;

use rust_decimal::prelude::*;
use yew::prelude::*;

use crate::app::components::chart::{colour, Chart};
use crate::app::routes::Route;
use crate::app::PageProps;
use crate::model::{Evaluation, Kind, PriceMethod};
use crate::scoring::{score, BidResult, Results};
use crate::text;
use crate::workshop::{
    reweight, stability, with_measured_method, with_price_method, with_relative,
};

#[function_component(WorkshopPage)]
pub fn workshop_page(props: &PageProps) -> Html {
    let published = props.open.evaluation.clone();
    // The what-if evaluation: starts as published, never dispatched anywhere.
    let what_if = use_state(|| published.clone());
    // Presenting full screen has its own address (`#/workshop/present`): Back leaves it.
    let presenting = props.route == Route::Presenting;
    let onroute = props.onroute.clone();
    use_effect_with(presenting, |presenting| {
        let document = gloo::utils::document();
        if !*presenting && document.fullscreen_element().is_some() {
            document.exit_fullscreen();
        }
    });
    let wobble = use_state(|| 10u32);
    let base = use_state(|| Decimal::TWO);
    {
        // A new published evaluation (an edit elsewhere, an undo) resets the what-if.
        let what_if = what_if.clone();
        use_effect_with(published.clone(), move |p| what_if.set(p.clone()));
    }
    if !props.open.problems.is_empty() {
        return html! {
            <main id="main"><h1>{"Workshop"}</h1>
                <div class="banner banner--warning"><p>{"The evaluation cannot be scored yet: fix its problems first (see Results)."}</p></div>
            </main>
        };
    }
    let e: Rc<Evaluation> = (*what_if).clone();
    let results = score(&e);
    let baseline = props
        .open
        .results
        .clone()
        .unwrap_or_else(|| Rc::new(score(&published)));
    let changed = *e != *published;
    let on_weight = |id: String| {
        let what_if = what_if.clone();
        Callback::from(move |ev: InputEvent| {
            let v = ev
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            if let Ok(w) = Decimal::from_str(&v) {
                what_if.set(Rc::new(reweight(&what_if, &id, w)));
            }
        })
    };
    let reset = {
        let (what_if, published) = (what_if.clone(), published.clone());
        Callback::from(move |_: MouseEvent| what_if.set(published.clone()))
    };
    let present = {
        Callback::from(move |_: MouseEvent| {
            let on = !presenting;
            onroute.emit(if on {
                Route::Presenting
            } else {
                Route::Workshop
            });
            let document = gloo::utils::document();
            if on {
                if let Some(el) = document.document_element() {
                    let _ = el.request_fullscreen();
                }
            }
        })
    };
    let sliders: Vec<Html> = e
        .walk()
        .into_iter()
        .filter(|(_, c)| c.kind != Kind::PassFail)
        .map(|(depth, c)| {
            let w = c.weight.map_or(Decimal::ZERO, |d| d.0);
            let was = published.criterion(&c.id).and_then(|p| p.weight).map_or(Decimal::ZERO, |d| d.0);
            let id = format!("weight-{}", c.id);
            html! {
                <div class={classes!("slider", format!("indent-{}", depth.min(3)), (w != was).then_some("slider--changed"))}>
                    <label class="label" for={id.clone()}>
                        { &c.name }
                        <span class="slider__value">{ format!(" {} %", text::plain(w)) }</span>
                        if w != was { <span class="hint">{ format!(" (published {} %)", text::plain(was)) }</span> }
                    </label>
                    <input type="range" class="slider__input" id={id} min="0" max="100" step="1"
                        value={w.round().to_string()} oninput={on_weight(c.id.clone())}
                        aria-valuetext={format!("{} percent", text::plain(w))} />
                </div>
            }
        })
        .collect();
    html! {
        <main id="main" class={classes!("workshop", presenting.then_some("present"))}>
            <h1>{"Workshop"}</h1>
            <p class="lead-s no-present">{"Move the weights and the ranking follows at once. Nothing here changes the evaluation: the published weights stay as they are, one click away."}</p>
            <p>
                <button type="button" class="button" id="present" onclick={present}>{ if presenting { "Leave the presentation" } else { "Present full screen" } }</button>
                <button type="button" class="button button--secondary" id="reset-weights" onclick={reset} disabled={!changed}>{"Return to the published weights"}</button>
            </p>
            if changed { <p class="banner banner--warning" role="status" id="what-if-note">{"What-if weights: these results are not the published ones."}</p> }
            <div class="workshop__grid">
                <section class="workshop__weights" aria-labelledby="weights-heading">
                    <h2 id="weights-heading">{"Weights"}</h2>
                    <p class="hint">{"Each weight is a percentage of its group; moving one rescales the others in its group so they still add up to 100."}</p>
                    { for sliders }
                </section>
                <section class="workshop__ranking" aria-labelledby="whatif-heading">
                    <h2 id="whatif-heading">{"Ranking"}</h2>
                    { what_if_table(&WhatIfProps { results: Rc::new(results.clone()), baseline: baseline.clone() }) }
                    { points_chart(&ChartProps { evaluation: e.clone(), results: Rc::new(results.clone()) }) }
                </section>
            </div>
            { price_formulas(&PriceFormulasProps { evaluation: e.clone(), base: *base, onbase: { let base = base.clone(); Callback::from(move |b: Decimal| base.set(b)) } }) }
            { other_formulas(&e) }
            // Robustness is about the award as published; the sliders do not move it.
            <Stability evaluation={published.clone()} points={*wobble} onpoints={{ let w = wobble.clone(); Callback::from(move |p: u32| w.set(p)) }} />
            <Sensitivity evaluation={published.clone()} />
        </main>
    }
}

fn move_words(now: Option<u32>, before: Option<u32>) -> (String, bool) {
    match (now, before) {
        (Some(n), Some(b)) if n < b => (format!("Up {}", b - n), true),
        (Some(n), Some(b)) if n > b => (format!("Down {}", n - b), true),
        (Some(_), None) => ("Back in".to_string(), true),
        (None, Some(_)) => ("Out".to_string(), true),
        _ => ("Same".to_string(), false),
    }
}

#[derive(Properties, PartialEq)]
struct WhatIfProps {
    results: Rc<Results>,
    baseline: Rc<Results>,
}

fn what_if_table(props: &WhatIfProps) -> Html {
    let r = &props.results;
    let p = r.places;
    html! {
        <table class="table ranking" id="what-if-ranking">
            <caption class="visually-hidden">{"Ranking with the weights above"}</caption>
            <thead><tr>
                <th scope="col" class="num">{"Rank"}</th><th scope="col">{"Supplier"}</th>
                <th scope="col" class="num">{"Total"}</th><th scope="col">{"Change"}</th>
            </tr></thead>
            <tbody>
                { for r.bids.iter().map(|b| {
                    let before = props.baseline.bids.iter().find(|x| x.bid == b.bid).and_then(|x| x.rank);
                    let (words, moved) = move_words(b.rank, before);
                    html! {
                        <tr data-bid={b.bid.clone()}>
                            <td class="num rank">{ b.rank.map_or("–".into(), |k| k.to_string()) }</td>
                            <th scope="row" class="supplier">{ &b.supplier }</th>
                            <td class="num total">{ b.total.map_or("Excluded".into(), |t| text::points(t, p)) }</td>
                            <td>if moved { <strong class="tag tag--yellow">{ words }</strong> } else { { words } }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
struct ChartProps {
    evaluation: Rc<Evaluation>,
    results: Rc<Results>,
}

/// Stacked bars: each bid's points by top-level criterion, with a table alternative.
fn points_chart(props: &ChartProps) -> Html {
    let e = &props.evaluation;
    let r = &props.results;
    let p = r.places;
    let tops: Vec<(String, String)> = e
        .criteria
        .iter()
        .filter(|c| c.kind != Kind::PassFail)
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let bids: Vec<&BidResult> = r.bids.iter().filter(|b| !b.excluded()).collect();
    let (label_w, bar_w, row_h) = (220.0_f64, 460.0_f64, 34.0_f64);
    let height = row_h * bids.len() as f64 + 40.0;
    let points_of =
        |b: &BidResult, id: &str| b.line(id).and_then(|l| l.points()).unwrap_or_default();
    let summary = bids
        .iter()
        .map(|b| {
            format!(
                "{} {} points",
                b.supplier,
                b.total.map_or("–".into(), |t| text::points(t, p))
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        Chart {
            id: "points-chart",
            name: "chart",
            title: "Points by criterion for each bid still in",
            description: summary,
            width: label_w + bar_w + 70.0,
            height,
            legend: tops.iter().map(|(_, name)| name.clone()).collect(),
            table: Some(html! {
                    <table class="table">
                        <thead><tr><th scope="col">{"Supplier"}</th>{ for tops.iter().map(|(_, n)| html! { <th scope="col" class="num">{ n }</th> }) }<th scope="col" class="num">{"Total"}</th></tr></thead>
                        <tbody>
                            { for bids.iter().map(|b| html! {
                                <tr><th scope="row">{ &b.supplier }</th>
                                    { for tops.iter().map(|(id, _)| html! { <td class="num">{ text::points(points_of(b, id), p) }</td> }) }
                                    <td class="num">{ b.total.map_or("–".into(), |t| text::points(t, p)) }</td></tr>
                            }) }
                        </tbody>
                    </table>
            }),
        }
        .draw(html! { <>
                { for bids.iter().enumerate().map(|(row, b)| {
                    let y = 10.0 + row as f64 * row_h;
                    let mut x = label_w;
                    let segments: Vec<Html> = tops.iter().enumerate().map(|(k, (id, name))| {
                        let v = points_of(b, id).to_f64().unwrap_or(0.0);
                        let w = bar_w * v / 100.0;
                        let seg = html! {
                            <rect x={format!("{x:.1}")} y={format!("{y:.1}")} width={format!("{w:.1}")} height={format!("{:.1}", row_h - 10.0)} fill={colour(k)}>
                                <title>{ format!("{}: {} — {:.2} points", b.supplier, name, v) }</title>
                            </rect>
                        };
                        x += w;
                        seg
                    }).collect();
                    html! {
                        <g>
                            <text x={format!("{:.1}", label_w - 8.0)} y={format!("{:.1}", y + row_h / 2.0)} text-anchor="end" class="chart__label">{ &b.supplier }</text>
                            { for segments }
                            <text x={format!("{:.1}", x + 6.0)} y={format!("{:.1}", y + row_h / 2.0)} class="chart__total">{ b.total.map_or(String::new(), |t| text::points(t, p)) }</text>
                        </g>
                    }
                }) }
        </> })
    }
}

#[derive(Properties, PartialEq)]
struct PriceFormulasProps {
    evaluation: Rc<Evaluation>,
    base: Decimal,
    onbase: Callback<Decimal>,
}

/// The same bids under each price formula, side by side (between bounds and the Korean scores only when the evaluation states their parameters).
fn price_formulas(props: &PriceFormulasProps) -> Html {
    let e = &props.evaluation;
    let methods = [
        (PriceMethod::LowestOverBid, "Lowest over bid".to_string()),
        (
            PriceMethod::LinearToLowest,
            "Linear to the lowest".to_string(),
        ),
        (
            PriceMethod::Logarithmic,
            format!("Logarithmic, A = {}", text::plain(props.base)),
        ),
        (
            PriceMethod::LinearLowestHighest,
            "Linear, lowest to highest".to_string(),
        ),
        (
            PriceMethod::BetweenBounds,
            "Between stated prices".to_string(),
        ),
        (
            PriceMethod::KoreanNegotiated,
            "Korean negotiated contract".to_string(),
        ),
        (
            PriceMethod::EligibilityReview,
            "Korean eligibility review".to_string(),
        ),
    ];
    // Between bounds and the Korean scores are shown when the evaluation states their parameters.
    let (methods, runs): (Vec<_>, Vec<Results>) = methods
        .into_iter()
        .filter_map(|(m, name)| with_price_method(e, m, props.base).map(|r| ((m, name), r)))
        .unzip();
    if runs.len() < 3 {
        return html! {};
    }
    let onbase = props.onbase.reform(|ev: Event| {
        let v = ev
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        Decimal::from_str(&v).unwrap_or(Decimal::TWO)
    });
    html! {
        <section class="section" aria-labelledby="formulas-heading" id="price-formulas">
            <h2 id="formulas-heading">{"The same bids under each price formula"}</h2>
            <p class="hint">{"Relative price formulas reward a cheaper bid differently. A tag marks a bid whose rank differs from its rank under lowest over bid."}</p>
            <label class="label" for="log-base">{"A of the logarithmic formula"}</label>
            <select class="select" id="log-base" onchange={onbase}>
                { for ["1.5", "2", "3"].iter().map(|a| html! { <option value={*a} selected={Decimal::from_str(a).ok() == Some(props.base)}>{ *a }</option> }) }
            </select>
            { formula_chart(&FormulaChartProps { runs: Rc::new(runs.clone()), names: methods.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>() }) }
            { totals_table("Totals and ranks under each price formula", &methods.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>(), &runs) }
        </section>
    }
}

/// Each measured criterion under each formula of its family, and each group set against
/// the best bid's points or not: the same bids side by side.
fn other_formulas(e: &Evaluation) -> Html {
    use crate::model::{Better, RankingMethod as R};
    let mut sections = Vec::new();
    // Price set against quality points: each ranking method side by side.
    let value = e.ranking.as_ref().and_then(|r| r.point_value).map(|v| v.0);
    let (names, runs): (Vec<String>, Vec<Results>) = [
        (R::WeightedPoints, "Total weighted points"),
        (R::PricePerPoint, "Price per quality point"),
        (R::AdjustedPrice, "Quality-adjusted price"),
        (R::ValueForMoney, "Value for money"),
    ]
    .into_iter()
    .filter_map(|(m, n)| crate::workshop::with_ranking(e, m, value).map(|r| (n.to_string(), r)))
    .unzip();
    sections.push(comparison(
        "rankings",
        "The same bids ranked on each method",
        "Quality points alone, or each bid's price set against them: a tag marks a bid whose rank differs from its rank on total weighted points. The quality-adjusted price is shown when the value of a point is stated.",
        names,
        runs,
    ));
    for (_, c) in e.walk() {
        if c.kind == Kind::Measured && !c.price_component {
            let mut methods = vec![
                (PriceMethod::LowestOverBid, "Ratio to the best"),
                (PriceMethod::LinearLowestHighest, "Linear, best to worst"),
                (PriceMethod::BetweenBounds, "Between stated figures"),
            ];
            if c.better.unwrap_or_default() == Better::Lower {
                methods.push((PriceMethod::LinearToLowest, "Linear to the lowest"));
            }
            let (names, runs): (Vec<String>, Vec<Results>) = methods
                .into_iter()
                .filter_map(|(m, n)| with_measured_method(e, &c.id, m).map(|r| (n.to_string(), r)))
                .unzip();
            sections.push(comparison(
                &format!("measured-{}", c.id),
                &format!("\"{}\" under each formula", c.name),
                "A measured figure's points by each formula of the price family: a tag marks a bid whose rank differs from its rank under the first.",
                names,
                runs,
            ));
        }
        if c.kind == Kind::Group && c.relative_to_best {
            let runs: Vec<Results> = [true, false]
                .into_iter()
                .filter_map(|r| with_relative(e, &c.id, r))
                .collect();
            sections.push(comparison(
                &format!("relative-{}", c.id),
                &format!("\"{}\" set against the best bid, or on its own points", c.name),
                "Set against the best bid, the best gets the group's whole weight and every other bid its share of the best bid's points.",
                vec!["Relative to the best".to_string(), "Own points".to_string()],
                runs,
            ));
        }
    }
    html! { { for sections } }
}

/// The same bids under several rules, side by side: total and rank under each, a tag
/// where the rank differs from the first rule's.
fn comparison(id: &str, heading: &str, hint: &str, names: Vec<String>, runs: Vec<Results>) -> Html {
    if runs.len() < 2 {
        return html! {};
    }
    let heading_id = format!("{id}-heading");
    html! {
        <section class="section" aria-labelledby={heading_id.clone()} id={id.to_string()}>
            <h2 id={heading_id}>{ heading }</h2>
            <p class="hint">{ hint }</p>
            { totals_table(&format!("Totals and ranks: {heading}"), &names, &runs) }
        </section>
    }
}

/// Each bid's total and rank under each rule, a tag where the rank differs from the
/// first rule's.
fn totals_table(caption: &str, names: &[String], runs: &[Results]) -> Html {
    let Some(first) = runs.first() else {
        return html! {};
    };
    let p = first.places;
    html! {
        <table class="table">
            <caption class="visually-hidden">{ caption }</caption>
            <thead><tr><th scope="col">{"Supplier"}</th>
                { for names.iter().map(|n| html! { <th scope="col" class="num">{ format!("{n}: total (rank)") }</th> }) }
            </tr></thead>
            <tbody>
                { for first.bids.iter().map(|b0| html! {
                    <tr>
                        <th scope="row">{ &b0.supplier }</th>
                        { for runs.iter().map(|r| {
                            let b = r.bids.iter().find(|b| b.bid == b0.bid);
                            let rank = b.and_then(|b| b.rank);
                            html! {
                                <td class="num">
                                    { b.and_then(|b| b.total).map_or("Excluded".into(), |t| format!("{} ({})", text::points(t, p), rank.map_or("–".into(), |k| k.to_string()))) }
                                    if rank != b0.rank { <strong class="tag tag--yellow block">{"Rank changes"}</strong> }
                                </td>
                            }
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
struct StabilityProps {
    evaluation: Rc<Evaluation>,
    points: u32,
    onpoints: Callback<u32>,
}

/// How often each bid wins when the weights wobble by ±N points.
#[function_component(Stability)]
fn stability_view(props: &StabilityProps) -> Html {
    const RUNS: u32 = 400;
    let wins = use_memo((props.evaluation.clone(), props.points), |(e, points)| {
        stability(e, *points, RUNS, 2026)
    });
    let onpoints = props.onpoints.reform(|ev: Event| {
        ev.target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value()
            .parse::<u32>()
            .unwrap_or(10)
    });
    html! {
        <section class="section" aria-labelledby="stability-heading" id="stability">
            <h2 id="stability-heading">{"How robust is the published award?"}</h2>
            <p class="hint">{ format!("{RUNS} rankings with every top-level weight moved at random by up to the amount chosen (then rescaled to add up to 100). The same choice always gives the same figures.") }</p>
            <label class="label" for="wobble">{"Move weights by up to"}</label>
            <select class="select" id="wobble" onchange={onpoints}>
                { for [2u32, 5, 10, 20].iter().map(|n| html! { <option value={n.to_string()} selected={*n == props.points}>{ format!("± {n} percentage points") }</option> }) }
            </select>
            <table class="table">
                <thead><tr><th scope="col">{"Supplier"}</th><th scope="col" class="num">{"Wins"}</th><th scope="col" class="num">{"Share of rankings"}</th></tr></thead>
                <tbody>
                    { for wins.iter().map(|(_, supplier, n)| html! {
                        <tr><th scope="row">{ supplier }</th><td class="num">{ n }</td>
                            <td class="num">{ format!("{:.0} %", f64::from(*n) * 100.0 / f64::from(RUNS)) }</td></tr>
                    }) }
                </tbody>
            </table>
            <p>{ match wins.iter().max_by_key(|x| x.2) {
                Some((_, s, n)) if *n == RUNS => format!("{s} wins every time: the award does not depend on the exact weights within ± {} points.", props.points),
                Some((_, s, n)) => format!("{s} wins {} % of the time: the award is sensitive to the weights at this range.", n * 100 / RUNS),
                None => String::new(),
            } }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SensitivityProps {
    evaluation: Rc<Evaluation>,
}

/// Break-even weights and rank-reversal risk, in plain sentences.
#[function_component(Sensitivity)]
fn sensitivity(props: &SensitivityProps) -> Html {
    let e = &props.evaluation;
    let sentences = use_memo(e.clone(), |e| {
        (
            crate::workshop::sensitivity_sentences(e),
            crate::workshop::reversal_sentences(e),
        )
    });
    html! {
        <section class="section" aria-labelledby="sensitivity-heading" id="sensitivity">
            <h2 id="sensitivity-heading">{"Where would the winner change?"}</h2>
            <ul class="sentences">
                { for sentences.0.iter().map(|s| html! { <li>{ s }</li> }) }
            </ul>
            <h3>{"Rank reversal"}</h3>
            <ul class="sentences" id="rank-reversal">
                { for sentences.1.iter().map(|s| html! { <li>{ s }</li> }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FormulaChartProps {
    /// One result per price formula, in the order of `names`.
    runs: Rc<Vec<Results>>,
    names: Vec<String>,
}

/// Grouped bars: each bid's total under each price formula, its rank written beside the
/// bar, and a bid whose rank differs between formulas marked in words.
fn formula_chart(props: &FormulaChartProps) -> Html {
    let runs = &props.runs;
    let Some(first) = runs.first() else {
        return html! {};
    };
    let p = first.places;
    let bids: Vec<&BidResult> = first
        .bids
        .iter()
        .filter(|b| {
            runs.iter()
                .any(|r| r.bids.iter().any(|x| x.bid == b.bid && !x.excluded()))
        })
        .collect();
    let (label_w, bar_w, bar_h) = (230.0_f64, 420.0_f64, 16.0_f64);
    let group_h = bar_h * runs.len() as f64 + 18.0;
    let height = group_h * bids.len() as f64 + 10.0;
    let find = |r: &Results, id: &str| r.bids.iter().find(|x| x.bid == id).cloned();
    let desc = bids
        .iter()
        .map(|b| {
            let parts: Vec<String> = runs
                .iter()
                .zip(&props.names)
                .map(|(r, n)| {
                    let x = find(r, &b.bid);
                    format!(
                        "{n}: {}",
                        x.and_then(|x| x.rank)
                            .map_or("excluded".into(), |k| format!("rank {k}"))
                    )
                })
                .collect();
            format!("{} — {}", b.supplier, parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        Chart {
            id: "formula-chart",
            name: "formula",
            title: "Each bid's total under each price formula",
            description: desc,
            width: label_w + bar_w + 160.0,
            height,
            legend: props.names.clone(),
            table: None,
        }
        .draw(html! { <>
                { for bids.iter().enumerate().map(|(row, b)| {
                    let y0 = 5.0 + row as f64 * group_h;
                    let ranks: Vec<Option<u32>> = runs.iter().map(|r| find(r, &b.bid).and_then(|x| x.rank)).collect();
                    let moves = ranks.iter().any(|k| *k != ranks[0]);
                    html! {
                        <g>
                            <text x={format!("{:.1}", label_w - 8.0)} y={format!("{:.1}", y0 + bar_h)} text-anchor="end" class="chart__label">{ &b.supplier }</text>
                            if moves {
                                <text x={format!("{:.1}", label_w - 8.0)} y={format!("{:.1}", y0 + bar_h * 2.0)} text-anchor="end" class="chart__flag">{"rank changes"}</text>
                            }
                            { for runs.iter().enumerate().map(|(k, r)| {
                                let x = find(r, &b.bid);
                                let total = x.as_ref().and_then(|x| x.total).and_then(|t| t.to_f64()).unwrap_or(0.0);
                                let y = y0 + k as f64 * bar_h;
                                let w = bar_w * total / 100.0;
                                let label = x.as_ref().map_or("–".to_string(), |x| match (x.total, x.rank) {
                                    (Some(t), Some(rank)) => format!("{} · rank {rank}", text::points(t, p)),
                                    _ => "excluded".to_string(),
                                });
                                html! {
                                    <g>
                                        <rect x={format!("{label_w:.1}")} y={format!("{y:.1}")} width={format!("{w:.1}")} height={format!("{:.1}", bar_h - 3.0)} fill={colour(k)}>
                                            <title>{ format!("{}, {}: {label}", b.supplier, props.names[k]) }</title>
                                        </rect>
                                        <text x={format!("{:.1}", label_w + w + 5.0)} y={format!("{:.1}", y + bar_h / 2.0)} class="chart__value">{ label }</text>
                                    </g>
                                }
                            }) }
                        </g>
                    }
                }) }
        </> })
    }
}
