//! Agreement and calibration for the moderation meeting: how each evaluator scores
//! compared with the moderated scores, and how far the panel agrees on each criterion
//! (Krippendorff's alpha, [`crate::analysis::agreement`]). The figures inform the
//! discussion; nothing here changes a score or the award.

use yew::prelude::*;

use crate::analysis::agreement::{calibration, Calibration, Reading};
use crate::model::tree::scale_of;
use crate::model::Evaluation;
use crate::scoring::Results;
use crate::text;

/// "+0.33 (scores higher than the panel)", "−0.50 (scores lower than the panel)", in
/// scale points, to 2 decimals.
pub fn signed_difference(d: f64) -> String {
    let r = (d * 100.0).round() / 100.0;
    if r == 0.0 {
        "0.00 (in line with the panel)".to_string()
    } else if r > 0.0 {
        format!("+{r:.2} (scores higher than the panel)")
    } else {
        format!("−{:.2} (scores lower than the panel)", -r)
    }
}

/// Alpha to 3 decimals, with a true minus sign; "–" when it cannot be measured.
pub fn alpha_figure(a: Option<f64>) -> String {
    match a {
        Some(a) if a < 0.0 && (a * 1000.0).round() != 0.0 => format!("−{:.3}", -a),
        Some(a) => format!("{:.3}", a.abs()),
        None => "–".to_string(),
    }
}

/// The reading in words, with a class for print and emphasis (never the only cue).
fn reading_cell(r: Reading) -> Html {
    let class = match r {
        Reading::Good => "reading--good",
        Reading::Tentative => "reading--tentative",
        Reading::Poor => "reading--poor",
        Reading::NotMeasurable => "reading--none",
    };
    html! { <td class={classes!("reading", class)}>{ r.words() }</td> }
}

/// The figures of the results' scored cells; a criterion on a descriptor scale gets its
/// ordinal alpha too.
pub fn figures(e: &Evaluation, r: &Results) -> Calibration {
    calibration(r, |id| !scale_of(e, id).labels.is_empty())
}

/// The section: what the figures are for, the evaluators' table, the criteria's table,
/// and how they are worked out.
pub fn calibration_section(e: &Evaluation, r: &Results) -> Html {
    let c = figures(e, r);
    let any_ordinal = c.criteria.iter().any(|a| a.ordinal.is_some());
    html! {
        <section class="section" aria-labelledby="calibration-heading" id="calibration">
            <h2 id="calibration-heading">{"How the evaluators score and agree"}</h2>
            <p>{"These figures show how each evaluator scores compared with the moderated scores, and how far the panel agrees on each criterion. They inform the discussion; they never change a score or the award."}</p>
            <div class="table-scroll">
            <table class="table calibration" id="calibration-evaluators">
                <caption class="table__caption">{"Each evaluator compared with the moderated scores"}</caption>
                <thead>
                    <tr>
                        <th scope="col">{"Evaluator"}</th>
                        <th scope="col" class="num">{"Cells scored"}</th>
                        <th scope="col">{"Mean difference from the moderated score (scale points)"}</th>
                        <th scope="col">{"Furthest from the moderated score"}</th>
                    </tr>
                </thead>
                <tbody>
                    { for e.evaluators.iter().map(|v| {
                        let x = c.evaluators.iter().find(|x| x.evaluator == v.id);
                        html! {
                            <tr data-evaluator={v.id.clone()}>
                                <th scope="row">{ &v.name }</th>
                                <td class="num">{ x.map_or(0, |x| x.cells) }</td>
                                <td class="difference">{ x.and_then(|x| x.mean_difference).map_or_else(|| "No moderated scores yet".to_string(), signed_difference) }</td>
                                <td class="outlier">{ match x {
                                    Some(x) if x.outlier_cells > 0 => format!("{} of {}", x.outlier, text::count(x.outlier_cells, "cell", "cells")),
                                    _ => "No cell with 3 or more scores".to_string(),
                                } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </div>
            <p class="hint">{"Agreement is measured by Krippendorff's alpha: 1 means every evaluator gave every bid the same score, 0 that they agree no more than chance would."}</p>
            <div class="table-scroll">
            <table class="table calibration" id="calibration-criteria">
                <caption class="table__caption">{"How far the evaluators agree on each criterion"}</caption>
                <thead>
                    <tr>
                        <th scope="col">{"Criterion"}</th>
                        <th scope="col" class="num">{"Cells compared"}</th>
                        <th scope="col" class="num">{"Alpha, interval"}</th>
                        if any_ordinal { <th scope="col" class="num">{"Alpha, ordinal"}</th> }
                        <th scope="col">{"What it says"}</th>
                    </tr>
                </thead>
                <tbody>
                    { for c.criteria.iter().map(|a| html! {
                        <tr data-criterion={a.criterion.clone()}>
                            <th scope="row">{ &a.name }</th>
                            <td class="num">{ a.cells }</td>
                            <td class="num">{ alpha_figure(a.interval) }</td>
                            if any_ordinal { <td class="num">{ if a.ordinal.is_some() || !scale_of(e, &a.criterion).labels.is_empty() { alpha_figure(a.ordinal) } else { "No descriptor scale".to_string() } }</td> }
                            { reading_cell(a.reading()) }
                        </tr>
                    }) }
                </tbody>
                <tfoot>
                    <tr class="calibration__overall">
                        <th scope="row">{"All criteria (scores on a common 0 to 1 scale)"}</th>
                        <td class="num">{ c.overall.cells }</td>
                        <td class="num">{ alpha_figure(c.overall.interval) }</td>
                        if any_ordinal { <td class="num">{ alpha_figure(c.overall.ordinal) }</td> }
                        { reading_cell(c.overall.reading) }
                    </tr>
                </tfoot>
            </table>
            </div>
            <details class="details" id="calibration-how">
                <summary class="details__summary">{"How these are worked out"}</summary>
                <div class="details__body">
                    <dl class="definitions">
                        <dt>{"Mean difference from the moderated score"}</dt>
                        <dd>{"For each cell the evaluator scored, their score minus the cell's moderated score, averaged over those cells, in points of the criterion's scale. Above 0, they score more generously than the panel's result; below 0, harder. It does not say who is right."}</dd>
                        <dt>{"Furthest from the moderated score"}</dt>
                        <dd>{"On a cell with 3 or more scores, the evaluator whose score is strictly further from the moderated score than everyone else's. When two are equally far, nobody is. Shown as how many such cells, out of those they scored."}</dd>
                        <dt>{"Krippendorff's alpha"}</dt>
                        <dd>{"The share of the disagreement between evaluators that is not down to chance: 1 means every evaluator gave every bid the same score, 0 means they agree no more than if they had scored at random, and below 0 they disagree systematically. Interval alpha treats scale points as evenly spaced, as the mean and the points do; ordinal alpha, for a descriptor scale, counts only the order of the scores. Only cells scored by at least two evaluators count. The overall figure pools every criterion, each score first put on a 0 to 1 scale."}</dd>
                        <dt>{"Readings"}</dt>
                        <dd>{"From 0.800: the evaluators agree well. From 0.667 to below 0.800: they partly agree, and the scores that differ most should be discussed. Below 0.667: they disagree, and the scores should be discussed before they are relied on. With too few scores, or every score the same, agreement cannot be measured."}</dd>
                    </dl>
                </div>
            </details>
        </section>
    }
}
