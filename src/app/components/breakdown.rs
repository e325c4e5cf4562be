//! "How was 82.14 calculated?": one bid's criterion-by-criterion arithmetic.

use std::rc::Rc;

use rust_decimal::Decimal;
use yew::prelude::*;

use crate::scoring::{Basis, Detail, Line};
use crate::text;
use crate::workflow::Open;

#[derive(Properties, PartialEq)]
pub struct BreakdownProps {
    /// Shared by every bid's breakdown on the page.
    pub open: Rc<Open>,
    pub bid: String,
    /// The page is being printed: the table is drawn (and the print style opens it).
    #[prop_or_default]
    pub printing: bool,
    /// The address names this bid's breakdown: drawn open and scrolled into view.
    #[prop_or_default]
    pub opened: bool,
}

/// A bid's breakdown, in a `<details>` whose table is built only once it is opened: a
/// results page of 1,000 bids would otherwise build 1,000 tables nobody has asked for.
#[function_component(Breakdown)]
pub fn breakdown(props: &BreakdownProps) -> Html {
    let shown = use_state(|| props.opened);
    let node = use_node_ref();
    {
        let (shown, node) = (shown.clone(), node.clone());
        use_effect_with(props.opened, move |opened| {
            if *opened {
                shown.set(true);
                if let Some(el) = node.cast::<web_sys::Element>() {
                    let _ = el.set_attribute("open", "");
                    el.scroll_into_view();
                }
            }
        });
    }
    let ontoggle = {
        let shown = shown.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::Element = e.target_unchecked_into();
            shown.set(details.has_attribute("open"));
        })
    };
    let e = &props.open.evaluation;
    let Some(r) = &props.open.results else {
        return html! {};
    };
    let Some(b) = r.bids.iter().find(|b| b.bid == props.bid) else {
        return html! {};
    };
    let p = r.places;
    let currency = e.currency.as_deref();
    // Measured criteria: price components (the total is their sum) and others (their
    // points are quality points added after the threshold's test), found in one pass.
    let (components, measured) = e
        .walk()
        .iter()
        .filter(|(_, c)| c.kind == crate::model::Kind::Measured)
        .fold((false, false), |(p, q), (_, c)| {
            (p || c.price_component, q || !c.price_component)
        });
    let panel = &e.evaluators;
    let cols = panel.len();
    let question = match b.total {
        Some(t) => format!("{}: how was {} calculated?", b.supplier, text::points(t, p)),
        None => format!("{}: why is this bid excluded?", b.supplier),
    };
    let score_of = |cell: &[(String, Decimal)], ev: &str| {
        cell.iter()
            .find(|(id, _)| id == ev)
            .map_or("–".to_string(), |(_, s)| text::plain(*s))
    };
    let row = |line: &Line| -> Html {
        let indent = format!("indent-{}", line.depth.min(4));
        let available = line.effective_weight.map_or(String::new(), text::plain);
        match &line.detail {
            Detail::Group { points, relative } => html! {
                <tr class="breakdown__group" data-criterion={line.criterion.clone()}>
                    <th scope="row" class={indent}>
                        { &line.name }
                        if relative.is_some() { <span class="hint block">{"Set against the best bid"}</span> }
                    </th>
                    <td class="num">{ available }</td>
                    <td colspan={(cols + 1).to_string()} class={classes!(relative.is_some().then_some("working"))}>
                        { relative.as_ref().map_or(String::new(), |rel| text::relative_working(rel, line.effective_weight.unwrap_or_default(), *points, p)) }
                    </td>
                    <td class="num">{ text::points(*points, p) }</td>
                </tr>
            },
            Detail::Measured(cell) => {
                let working = match (cell.points, cell.price) {
                    (Some(points), Some(value)) => text::measured_working(
                        cell,
                        value,
                        line.effective_weight.unwrap_or_default(),
                        points,
                        p,
                        currency,
                    ),
                    (None, Some(value)) => format!(
                        "{}: no points, because the bid is excluded.",
                        text::figure(value, &cell.formula, currency)
                    ),
                    _ => "No figure given.".to_string(),
                };
                html! {
                    <tr class="breakdown__measured" data-criterion={line.criterion.clone()}>
                        <th scope="row" class={indent}>
                            { &line.name }
                            <span class="hint block">{ if cell.formula.component { "Price component".to_string() } else { format!("Measured: {}", match cell.formula.better { crate::model::Better::Lower => "lower is better", crate::model::Better::Higher => "higher is better" }) } }</span>
                        </th>
                        <td class="num">{ available }</td>
                        <td colspan={(cols + 1).to_string()} class="working">{ working }</td>
                        <td class="num">{ cell.points.map_or("–".to_string(), |x| text::points(x, p)) }</td>
                    </tr>
                }
            }
            Detail::Scored(cell) => {
                let moderated = match cell.moderated {
                    Some(m) => format!("{} ({})", text::plain(m), cell.basis.words()),
                    None => "Not scored".to_string(),
                };
                html! {
                    <tr data-criterion={line.criterion.clone()}>
                        <th scope="row" class={indent}>
                            { &line.name }
                            if let Some(min) = cell.min_score { <span class="hint block">{ format!("Minimum score {}", text::plain(min)) }</span> }
                        </th>
                        <td class="num">{ available }</td>
                        { for panel.iter().map(|ev| match cell.set_aside.iter().find(|(id, _, _)| *id == ev.id) {
                            // In the file but not counted: struck through, and why in words.
                            Some((_, s, why)) => html! {
                                <td class="num set-aside-cell"><s class="set-aside">{ text::plain(*s) }</s><span class="hint block">{ text::does_not_count(*why) }</span></td>
                            },
                            None => html! { <td class="num">{ score_of(&cell.scores, &ev.id) }</td> },
                        }) }
                        <td class="num moderated">
                            { moderated }
                            if cell.flagged { <strong class="tag tag--yellow block">{ format!("Flagged: spread {}", text::plain(cell.spread.unwrap_or_default())) }</strong> }
                            if cell.basis == Basis::ProvisionalMean || cell.basis == Basis::NoScores { <strong class="tag tag--yellow block">{"Provisional"}</strong> }
                        </td>
                        <td class="num">{ text::points(cell.points, p) }</td>
                    </tr>
                }
            }
            Detail::Price(cell) => {
                let working = match (cell.points, cell.price, cell.lowest) {
                    (Some(points), Some(price), Some(_)) => text::cell_working(
                        cell,
                        price,
                        line.effective_weight.unwrap_or_default(),
                        points,
                        p,
                        currency,
                    ),
                    (None, Some(price), _) => format!(
                        "Price {}: no price points, because the bid is excluded.",
                        text::money(price, currency)
                    ),
                    _ => "No price given.".to_string(),
                };
                html! {
                    <tr class="breakdown__price" data-criterion={line.criterion.clone()}>
                        <th scope="row" class={indent}>{ &line.name }</th>
                        <td class="num">{ available }</td>
                        <td colspan={(cols + 1).to_string()} class="working">{ working }</td>
                        <td class="num">{ cell.points.map_or("–".to_string(), |x| text::points(x, p)) }</td>
                    </tr>
                }
            }
            Detail::PassFail { passed, note } => {
                let outcome = match passed {
                    Some(true) => "Pass",
                    Some(false) => "Fail",
                    None => "Not checked yet",
                };
                html! {
                    <tr data-criterion={line.criterion.clone()}>
                        <th scope="row" class={indent}>{ &line.name }<span class="hint block">{"Pass or fail"}</span></th>
                        <td class="num">{"–"}</td>
                        <td colspan={(cols + 1).to_string()}>
                            <strong class={classes!("tag", match passed { Some(true) => "tag--green", Some(false) => "tag--red", None => "tag--yellow" })}>{ outcome }</strong>
                            if let Some(n) = note { { format!(" {n}") } }
                        </td>
                        <td class="num">{"–"}</td>
                    </tr>
                }
            }
        }
    };
    let percent = b
        .quality_percent
        .map(|q| {
            if measured {
                format!(
                    " ({} % of the points available from scored criteria, what a threshold tests)",
                    text::points(q, p)
                )
            } else {
                format!(
                    " ({} % of the available quality points)",
                    text::points(q, p)
                )
            }
        })
        .unwrap_or_default();
    html! {
        <details class="details" id={format!("breakdown-{}", b.bid)} open={props.printing || props.opened} {ontoggle} ref={node}>
            <summary class="details__summary">{ question }</summary>
            if *shown || props.printing {
            <div class="details__body">
                if let Some(price) = b.price { <p>{ format!("{}: {}", if components { "Total evaluated price (the sum of the price components)" } else { "Bid price" }, text::money(price, currency)) }</p> }
                <div class="table-scroll">
                <table class="table breakdown">
                    <caption class="table__caption visually-hidden">{ format!("Scores and points for {}", b.supplier) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{"Criterion"}</th>
                            <th scope="col" class="num">{"Points available"}</th>
                            { for panel.iter().map(|ev| html! { <th scope="col" class="num">{ &ev.name }</th> }) }
                            <th scope="col" class="num">{"Moderated score"}</th>
                            <th scope="col" class="num">{"Points"}</th>
                        </tr>
                    </thead>
                    <tbody>{ for props.open.lines(&b.bid).iter().map(row) }</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan={(cols + 3).to_string()}>{ format!("Quality{percent}") }</th>
                            <td class="num">{ text::points(b.quality, p) }</td>
                        </tr>
                        if let Some(pp) = b.price_points {
                            <tr><th scope="row" colspan={(cols + 3).to_string()}>{"Price"}</th><td class="num">{ text::points(pp, p) }</td></tr>
                        }
                        <tr class="breakdown__total">
                            <th scope="row" colspan={(cols + 3).to_string()}>{"Total (out of 100)"}</th>
                            <td class="num">{ b.total.map_or("Excluded".to_string(), |t| text::points(t, p)) }</td>
                        </tr>
                    </tfoot>
                </table>
                </div>
                if let Some(flag) = &b.abnormally_low {
                    <p class="low-flag"><strong>{ crate::text::low_status(b).unwrap_or_default() }{": "}</strong>
                        { text::low_working(flag, b.price, currency) }{"."}
                        if let Some(v) = &b.investigation { {" "}{ text::investigation_words(v) }{"."} }
                    </p>
                }
                if !b.reasons.is_empty() {
                    <p><strong>{"Excluded because: "}</strong>{ b.reasons.iter().map(|x| x.to_string()).collect::<Vec<_>>().join("; ") }{"."}</p>
                }
                <p class="hint">{"Points of a scored criterion = (moderated score − scale minimum) ÷ (scale maximum − scale minimum) × points available. The total is rounded once, from the exact sum."}</p>
            </div>
            }
        </details>
    }
}
