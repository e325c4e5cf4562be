//! Evaluation details: the title, the scale, how scores are moderated, the quality
//! threshold, the rounding of totals, the abnormally low rule and whether evaluators see
//! prices. Every field saves when it is changed and left (the abnormally low rule, whose
//! numbers go together, from its own small form); the workflow checks it and says what
//! to fix.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use yew::prelude::*;

use crate::app::components::form::{error_for, Choice, Radios, TextField};
use crate::app::components::tables::summary_list;
use crate::app::fields::dom_id;
use crate::app::PageProps;
use crate::model::{parse_decimal, Evaluation, Method, Scale};
use crate::workflow::{Action, Edit, Field, Page};

/// Most points a scale may have for each one to get its own label field.
const MAX_LABELLED_SPAN: i64 = 10;

fn method_value(m: Method) -> &'static str {
    match m {
        Method::Mean => "mean",
        Method::Median => "median",
        Method::TrimmedMean => "trimmed_mean",
        Method::Consensus => "consensus",
    }
}

fn method_from(value: &str) -> Method {
    match value {
        "median" => Method::Median,
        "trimmed_mean" => Method::TrimmedMean,
        "consensus" => Method::Consensus,
        _ => Method::Mean,
    }
}

fn choice(value: &str, label: &str, hint: Option<&str>) -> Choice {
    Choice {
        value: value.to_string(),
        label: label.to_string(),
        hint: hint.map(str::to_string),
    }
}

/// The whole-number points of a scale, when there are few enough to label one by one.
fn labelled_points(s: &Scale) -> Option<Vec<i64>> {
    let (lo, hi) = (s.min.0.ceil().to_i64()?, s.max.0.floor().to_i64()?);
    (s.max.0 - s.min.0 <= Decimal::from(MAX_LABELLED_SPAN) && lo <= hi).then(|| (lo..=hi).collect())
}

/// The label of one point, whatever way its key is written ("2" or "2.0").
fn label_of(s: &Scale, n: i64) -> Option<(String, String)> {
    s.labels
        .iter()
        .find(|(k, _)| parse_decimal(k).is_ok_and(|d| d == Decimal::from(n)))
        .map(|(k, v)| (k.clone(), v.clone()))
}

/// The labels that still fit a scale from `min` to `max` (when both are numbers), so a
/// narrower scale does not leave labels behind that the file would then refuse.
fn labels_within(
    labels: &BTreeMap<String, String>,
    min: &str,
    max: &str,
) -> BTreeMap<String, String> {
    match (parse_decimal(min.trim()), parse_decimal(max.trim())) {
        (Ok(lo), Ok(hi)) => labels
            .iter()
            .filter(|(k, _)| parse_decimal(k).map_or(true, |d| d >= lo && d <= hi))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        _ => labels.clone(),
    }
}

fn details_edit(e: &Evaluation) -> (String, String, String) {
    (
        e.title.clone(),
        e.reference.clone().unwrap_or_default(),
        e.currency.clone().unwrap_or_default(),
    )
}

pub fn page(props: &PageProps) -> Html {
    let e = props.open.evaluation.clone();
    let err = |field: Field| error_for(&props.error, &field);
    let locked = e.workflow.criteria_locked;

    // Title, reference, currency: all three travel together, the changed one replaced.
    let on_detail = |which: usize| {
        let onedit = props.onedit.clone();
        let e = e.clone();
        Callback::from(move |value: String| {
            let (mut title, mut reference, mut currency) = details_edit(&e);
            match which {
                0 => title = value,
                1 => reference = value,
                _ => currency = value,
            }
            onedit.emit(Edit::Details {
                title,
                reference,
                currency,
            });
        })
    };

    let scale = e.default_scale();
    let mut scale_rows: Vec<(AttrValue, Html)> = vec![
        ("Lowest score".into(), html! { scale.min.to_string() }),
        ("Highest score".into(), html! { scale.max.to_string() }),
    ];
    if !scale.labels.is_empty() {
        scale_rows.push((
            "What each score means".into(),
            html! {
                <ul class="scale-labels">
                    { for scale.labels.iter().map(|(k, v)| html! { <li>{ format!("{k} — {v}") }</li> }) }
                </ul>
            },
        ));
    }
    let scale_section = if locked {
        html! {
            <>
                { summary_list(Some("scale-summary"), scale_rows) }
                <div class="inset" id="scale-locked">
                    <p>{"The scale is locked because scoring has started."}</p>
                    <p>
                        {"To change it, unlock the criteria on the "}
                        <button type="button" class="link-button" onclick={props.ondispatch.reform(|_: MouseEvent| Action::Go(Page::Criteria))}>{"criteria and weights page"}</button>
                        {". The unlock and its reason are recorded in the audit log."}
                    </p>
                </div>
            </>
        }
    } else {
        let on_scale = |which: Option<i64>, end_is_min: bool| {
            let onedit = props.onedit.clone();
            let scale = scale.clone();
            Callback::from(move |value: String| {
                let mut min = scale.min.to_string();
                let mut max = scale.max.to_string();
                let mut labels = scale.labels.clone();
                match which {
                    None if end_is_min => min = value,
                    None => max = value,
                    Some(n) => {
                        if let Some((key, _)) = label_of(&scale, n) {
                            labels.remove(&key);
                        }
                        labels.insert(n.to_string(), value);
                    }
                }
                let labels = labels_within(&labels, &min, &max);
                onedit.emit(Edit::Scale { min, max, labels });
            })
        };
        let labels = match labelled_points(&scale) {
            Some(points) => html! {
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">{"What each score means"}</legend>
                    <div class="hint">{"Evaluators see these beside the scores, such as “2 — Met”. Leave a label empty to go without."}</div>
                    { for points.into_iter().map(|n| {
                        let id = format!("scale-label-{n}");
                        html! {
                            <TextField id={id.clone()} label={format!("Score {n}")}
                                value={label_of(&scale, n).map(|(_, v)| v).unwrap_or_default()}
                                onchange={on_scale(Some(n), false)} width="width-20" />
                        }
                    }) }
                </fieldset>
            },
            None => html! {
                <p class="hint">{ format!("Labels for each score can be given when the scale spans at most {MAX_LABELLED_SPAN} points.") }</p>
            },
        };
        html! {
            <>
                <p class="hint">{"Evaluators score every scored criterion from the lowest to the highest score. The Digital Outcomes scale runs from 0 to 3."}</p>
                <div class="scale-ends">
                    <TextField id={dom_id(&Field::ScaleMin)} label="Lowest score" value={scale.min.to_string()}
                        onchange={on_scale(None, true)} error={err(Field::ScaleMin)} width="width-5" inputmode="decimal" />
                    <TextField id={dom_id(&Field::ScaleMax)} label="Highest score" value={scale.max.to_string()}
                        onchange={on_scale(None, false)} error={err(Field::ScaleMax)} width="width-5" inputmode="decimal" />
                </div>
                { labels }
            </>
        }
    };

    let divergence = e.divergence().map(|d| d.to_string()).unwrap_or_default();
    let on_method = {
        let onedit = props.onedit.clone();
        let divergence = divergence.clone();
        Callback::from(move |value: String| {
            onedit.emit(Edit::Moderation {
                method: method_from(&value),
                divergence: divergence.clone(),
            })
        })
    };
    let on_divergence = {
        let onedit = props.onedit.clone();
        let method = e.method();
        Callback::from(move |divergence: String| {
            onedit.emit(Edit::Moderation { method, divergence })
        })
    };
    let methods = vec![
        choice("mean", "Mean", Some("Add up the evaluators' scores and divide by how many there are.")),
        choice("median", "Median", Some("The middle score. With an even number of scores, the mean of the two in the middle.")),
        choice("trimmed_mean", "Trimmed mean", Some("Drop the highest and the lowest score, then take the mean — announce it in advance. Needs at least 3 evaluators to drop anything.")),
        choice("consensus", "Consensus", Some("The panel agrees a score for every criterion and records why. Until it does, the mean is shown and marked provisional.")),
    ];

    let on_threshold = props
        .onedit
        .reform(|threshold: String| Edit::Threshold { threshold });

    let current_places = e.places();
    let examples = [
        "85",
        "85.5",
        "85.47",
        "85.468",
        "85.4683",
        "85.46827",
        "85.468271",
    ];
    let places_choices: Vec<Choice> = (0..=4u32.max(current_places))
        .filter(|p| *p <= 4 || *p == current_places)
        .map(|p| {
            let example = examples.get(p as usize).copied().unwrap_or("");
            choice(
                &p.to_string(),
                &p.to_string(),
                Some(&format!("such as {example}")),
            )
        })
        .collect();
    let on_places = props.onedit.reform(|value: String| Edit::Places {
        places: value.parse().unwrap_or(crate::model::DEFAULT_PLACES),
    });

    let hide = e.workflow.hide_prices;
    let on_hide = props.onedit.reform(|ev: Event| Edit::HidePrices {
        hide: ev
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .checked(),
    });
    let (title, reference, currency) = details_edit(&e);

    html! {
        <main id="main" class="details-page">
            <h1>{"Evaluation details"}</h1>

            <section class="section" aria-labelledby="procurement-heading">
                <h2 id="procurement-heading" class="visually-hidden">{"The procurement"}</h2>
                <TextField id={dom_id(&Field::Title)} label="Title" hint="The name of the procurement, as the award report will show it."
                    value={title} onchange={on_detail(0)} error={err(Field::Title)} width="width-full" />
                <TextField id="reference" label="Reference (optional)" hint="The buyer's reference, such as DOS6-2026-0042."
                    value={reference} onchange={on_detail(1)} width="width-20" />
                <TextField id={dom_id(&Field::Currency)} label="Currency" hint="Three letters, such as GBP"
                    value={currency} onchange={on_detail(2)} error={err(Field::Currency)} width="width-5" />
            </section>

            <super::lots::LotsSection ..props.clone() />

            <section class="section" aria-labelledby="scale-heading">
                <h2 id="scale-heading">{"Scoring scale"}</h2>
                { scale_section }
            </section>

            <section class="section" aria-labelledby="moderation-heading">
                <h2 id="moderation-heading">{"Moderation"}</h2>
                <Radios name="moderation-method" legend="How are the evaluators' scores combined?"
                    hint="The panel's agreed score always takes the place of the combined score once it is recorded."
                    choices={methods} selected={Some(method_value(e.method()).to_string())}
                    onchange={on_method} />
                <TextField id={dom_id(&Field::Divergence)} label="Difference that needs discussion (optional)"
                    hint="Flag a cell for discussion when the evaluators' scores differ by this much or more. Leave empty for no flags."
                    value={divergence} onchange={on_divergence} error={err(Field::Divergence)} width="width-5" inputmode="decimal" />
                <TextField id={dom_id(&Field::MinScores)} label="Fewest scores each cell needs (optional)"
                    hint="A result stays provisional while any cell has fewer scores that count than this: useful when evaluators are assigned to sections or stand down from bids. Leave empty for one."
                    value={e.min_scores().map(|n| n.to_string()).unwrap_or_default()}
                    onchange={props.onedit.reform(|min: String| Edit::MinScores { min })}
                    error={err(Field::MinScores)} width="width-5" inputmode="numeric" />
            </section>

            <section class="section" aria-labelledby="results-heading">
                <h2 id="results-heading">{"Results"}</h2>
                <TextField id={dom_id(&Field::Threshold)} label="Quality threshold (optional)"
                    hint="A bid is excluded when its quality score is below this percentage of the quality points available. Leave empty for no threshold."
                    value={e.quality_threshold.map(|t| t.to_string()).unwrap_or_default()}
                    onchange={on_threshold} error={err(Field::Threshold)} width="width-5" inputmode="decimal" suffix="%" />
                <Radios name={dom_id(&Field::Places)} legend="Decimal places of totals"
                    hint="Totals and subtotals are rounded to this many places, half away from zero, and bids are ranked on the rounded totals."
                    choices={places_choices} selected={Some(current_places.to_string())}
                    onchange={on_places} error={err(Field::Places)} inline=true />
                <super::ranking::RankingForm ranking={e.ranking.clone()}
                    onedit={props.onedit.clone()} error={props.error.clone()} />
            </section>

            <section class="section" aria-labelledby="low-rule-heading">
                <h2 id="low-rule-heading">{"Abnormally low bids"}</h2>
                <p class="hint" id="low-rule-hint">{"A bid flagged as abnormally low is never excluded by the flag alone: the buyer must first ask the supplier to explain its price (Procurement Act 2023, section 43), and may reject the bid only if the explanation does not account for it. Record the outcome on the results page. Outcomes already recorded are kept, but count only for bids the rule flags."}</p>
                <super::low::LowRuleForm rule={e.abnormally_low.clone()} currency={e.currency.clone()}
                    onedit={props.onedit.clone()} error={props.error.clone()} />
            </section>

            <section class="section" aria-labelledby="prices-heading">
                <h2 id="prices-heading">{"What evaluators see"}</h2>
                <div class="form-group">
                    <div class="checkboxes">
                        <input class="checkbox" type="checkbox" id="hide-prices" name="hide-prices"
                            checked={hide} onchange={on_hide} aria-describedby="hide-prices-hint" />
                        <label for="hide-prices">{"Hide prices from evaluators while they score"}</label>
                    </div>
                    <div class="hint checkboxes__hint" id="hide-prices-hint">
                        {"Evaluators scoring quality will not see what each bid costs. Moderators and the results still use the prices."}
                    </div>
                </div>
                <div class="form-group">
                    <div class="checkboxes">
                        <input class="checkbox" type="checkbox" id="blind-scoring" name="blind-scoring"
                            checked={e.workflow.blind} aria-describedby="blind-scoring-hint"
                            onchange={props.onedit.reform(|ev: Event| Edit::Blind { blind: ev.target_unchecked_into::<web_sys::HtmlInputElement>().checked() })} />
                        <label for="blind-scoring">{"Score blind: hide supplier names and prices from evaluators"}</label>
                    </div>
                    <div class="hint checkboxes__hint" id="blind-scoring-hint">
                        {"Evaluators see each bid as a code (Bid A, Bid B… in each lot) on their scoring pages and scoresheet files. Answers are shown as the supplier wrote them, so a name written in an answer still shows. Moderators and the results see names."}
                    </div>
                </div>
            </section>

            <button type="button" class="button" id="details-continue"
                onclick={props.ondispatch.reform(|_: MouseEvent| Action::Go(Page::Criteria))}>{"Continue"}</button>
        </main>
    }
}
