//! The results page: the ranked table, then each bid's breakdown.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::breakdown::Breakdown;
use crate::app::components::file_drop::FileOpener;
use crate::app::components::tables::{capitalise, ranking_table, summary_list, RankingTableProps};
use crate::model::Kind;
use crate::standings::method_words;
use crate::text;
use crate::workflow::{Action, Open};

#[derive(Properties, PartialEq)]
pub struct ResultsPageProps {
    pub open: Open,
    pub ondispatch: Callback<Action>,
    pub onedit: Callback<crate::workflow::Edit>,
    #[prop_or_default]
    pub error: Option<crate::workflow::EditError>,
    /// The bid whose breakdown the address opens (`#/results/<bid>`).
    #[prop_or_default]
    pub breakdown: Option<AttrValue>,
}

/// Bids shown at first, and added by each "Show more", when there are more than
/// [`ALL_UP_TO`]: a framework evaluation can have a thousand bids, and a page of them
/// all takes a second to draw. The award report and the exports always hold every bid.
pub const PAGE: usize = 25;
/// Up to this many bids, every bid is drawn at once.
pub const ALL_UP_TO: usize = 50;

#[function_component(ResultsPage)]
pub fn results_page(props: &ResultsPageProps) -> Html {
    let shown = use_state(|| PAGE);
    let printing = use_state(|| false);
    {
        // Printing the page prints every bid, with its breakdown.
        let (shown, printing) = (shown.clone(), printing.clone());
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(
                &gloo::utils::window(),
                "beforeprint",
                move |_| {
                    shown.set(usize::MAX);
                    printing.set(true);
                },
            );
            move || drop(listener)
        });
    }
    let e = &props.open.evaluation;
    let Some(r) = &props.open.results else {
        return cannot_score(props);
    };
    let places = r.places;
    let provisional = r.bids.iter().filter(|b| b.provisional()).count();
    let excluded = r.bids.iter().filter(|b| b.excluded()).count();
    let price_node = e
        .walk()
        .into_iter()
        .map(|(_, c)| c)
        .find(|c| c.kind == Kind::Price);
    let onclose = props.ondispatch.reform(|_: MouseEvent| Action::AskClose);
    let open = Rc::new(props.open.clone());
    // A breakdown named by the address is drawn, however far down the ranking it is.
    let named = props
        .breakdown
        .as_ref()
        .and_then(|bid| r.bids.iter().position(|b| b.bid == bid.as_str()))
        .map_or(0, |i| i + 1);
    let limit = if r.bids.len() <= ALL_UP_TO {
        r.bids.len()
    } else {
        (*shown).max(named).min(r.bids.len())
    };
    let more = {
        let shown = shown.clone();
        let all = r.bids.len();
        move |n: usize| {
            let shown = shown.clone();
            Callback::from(move |_: MouseEvent| shown.set(shown.saturating_add(n).min(all)))
        }
    };
    let export = props
        .ondispatch
        .reform(|_: MouseEvent| Action::Go(crate::workflow::Page::Export));

    let summary_rows: Vec<(AttrValue, Html)> = [
        Some(("Procurement", e.title.clone())),
        e.reference.clone().map(|r| ("Reference", r)),
        Some(("Opened from", props.open.source.clone())),
        Some(("Moderation", capitalise(method_words(r.method)))),
        e.ranking
            .as_ref()
            .map(|k| ("Ranked on", capitalise(text::ranking_words(k.method)))),
        price_node
            .and_then(|p| p.method)
            .map(|m| ("Price formula", capitalise(text::price_method_words(m)))),
        e.abnormally_low.as_ref().map(|rule| {
            (
                "Abnormally low prices",
                crate::award::report::low_rule_words(rule, e.currency.as_deref()),
            )
        }),
        e.quality_threshold.map(|t| {
            (
                "Quality threshold",
                format!("{} % of the available quality points", t),
            )
        }),
        Some((
            "Panel",
            if e.evaluators.is_empty() {
                "No evaluators".to_string()
            } else {
                e.evaluators
                    .iter()
                    .map(|v| v.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        )),
        Some(("Bids", format!("{} ({} excluded)", r.bids.len(), excluded))),
    ]
    .into_iter()
    .flatten()
    .map(|(k, v)| (AttrValue::from(k), html! { { v } }))
    .collect();

    html! {
        <>
            <main id="main">
                if let Some(reference) = &e.reference { <span class="caption">{ reference }</span> }
                <h1>{ match props.open.lot.as_deref().and_then(|l| props.open.file().lot(l).map(|x| x.name.clone())) {
                    Some(name) => format!("Results: {name}"),
                    None => "Results".to_string(),
                } }</h1>
                { summary_list(None, summary_rows) }
                if provisional > 0 {
                    <div class="banner banner--warning" role="region" aria-label="Provisional results">
                        <p><strong>{ format!("These results are provisional: {} still {} scores or checks to record.",
                            text::count(provisional, "bid", "bids"), if provisional == 1 { "has" } else { "have" }) }</strong></p>
                        <p>{"Bids marked Provisional below say what is missing. The ranking may change when it is recorded."}</p>
                    </div>
                }
                { ranking_table(&RankingTableProps { open: props.open.clone(), limit }) }
                if let Some(k) = &e.ranking {
                    <ul class="ranked-on" id="ranked-on">
                        { for r.bids.iter().take(limit).filter_map(|b| text::ranking_working(k, b, places, e.currency.as_deref()).map(|w| html! {
                            <li><strong>{ &b.supplier }</strong>{": "}{ w }</li>
                        })) }
                    </ul>
                }
                if limit < r.bids.len() {
                    <div class="show-more" id="show-more">
                        <p>{ format!("Showing the first {} of {} bids, in rank order. ", limit, r.bids.len()) }
                            <button type="button" class="link-button" onclick={export}>{"The award report"}</button>
                            {" and every export list them all."}</p>
                        <button type="button" class="button button--secondary" id="show-more-bids" onclick={more(PAGE)}>{ format!("Show {} more", PAGE.min(r.bids.len() - limit)) }</button>
                        <button type="button" class="button button--secondary" id="show-all-bids" onclick={more(r.bids.len())}>{ format!("Show all {} bids", r.bids.len()) }</button>
                    </div>
                }
                <super::low::LowPrices open={props.open.clone()} onedit={props.onedit.clone()} error={props.error.clone()} />
                <super::approval::AwardDecision open={props.open.clone()} onedit={props.onedit.clone()} error={props.error.clone()} />
                <h2>{"How each bid was scored"}</h2>
                <p class="hint">{ format!("Totals are out of 100 and rounded half away from zero to {} decimal places. Open a bid to see every score, weight and calculation.", places) }</p>
                { for r.bids.iter().take(limit).map(|b| html! { <Breakdown key={b.bid.clone()} open={open.clone()} bid={b.bid.clone()} printing={*printing}
                    opened={props.breakdown.as_deref() == Some(b.bid.as_str())} /> }) }
                <section class="section" aria-labelledby="another-heading">
                    <h2 id="another-heading">{"Open another evaluation"}</h2>
                    <p class="hint">{"If the file has problems, they are listed and this evaluation stays open."}</p>
                    <FileOpener ondispatch={props.ondispatch.clone()} id="another-file" label="Choose another file" />
                    <p><button type="button" class="button button--secondary" onclick={onclose}>{"Close this evaluation"}</button></p>
                    <p class="hint">{"Closing removes the evaluation from this browser. Save the evaluation file first to keep it."}</p>
                </section>
            </main>
        </>
    }
}

/// Shown instead of results while the evaluation breaks a rule (a draft mid-edit).
fn cannot_score(props: &ResultsPageProps) -> Html {
    let problems = &props.open.problems;
    html! {
        <main id="main">
            <h1>{"Results"}</h1>
            <div class="banner banner--warning" role="region" aria-label="Cannot be scored yet">
                <p><strong>{ format!("This evaluation cannot be scored yet: {} to fix.", text::count(problems.len(), "problem", "problems")) }</strong></p>
            </div>
            <ul class="problem-list">
                { for problems.iter().map(|p| html! { <li>{ p.to_string() }</li> }) }
            </ul>
        </main>
    }
}
