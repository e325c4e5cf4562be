//! Tables shared by pages: the summary list (key and value rows, GOV.UK pattern) and
//! the ranking, with numbers right-aligned in tabular figures and statuses in words.

use yew::prelude::*;

use crate::app::routes::Route;
use crate::scoring::BidResult;
use crate::standings::status;
use crate::text;
use crate::workflow::Open;

/// Key and value rows: "Moderation — Mean of the evaluators' scores". A plain function,
/// not a component: it has no state, and each component costs the download its own
/// copy of yew's machinery.
pub fn summary_list(id: Option<&'static str>, rows: Vec<(AttrValue, Html)>) -> Html {
    html! {
        <dl class="summary-list" id={id}>
            { for rows.into_iter().map(|(k, v)| html! {
                <div class="summary-list__row"><dt>{ k }</dt><dd>{ v }</dd></div>
            }) }
        </dl>
    }
}

/// The first letter as a capital: method words start a table cell.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// What the ranking shows.
pub struct RankingTableProps {
    pub open: Open,
    /// How many bids, from the top, the table shows.
    pub limit: usize,
}

/// The ranking: rank, supplier, quality, price, total and status, excluded bids last.
pub fn ranking_table(props: &RankingTableProps) -> Html {
    let Some(r) = &props.open.results else {
        return html! {};
    };
    let p = r.places;
    let fmt =
        |d: Option<rust_decimal::Decimal>| d.map_or("–".to_string(), |d| text::points(d, p));
    html! {
        <table class="table ranking" id="ranking">
            <caption class="table__caption">{ format!("Ranking of {}", text::count(r.bids.len(), "bid", "bids")) }</caption>
            <thead>
                <tr>
                    <th scope="col" class="num">{"Rank"}</th>
                    <th scope="col">{"Supplier"}</th>
                    <th scope="col" class="num">{ format!("Quality (out of {})", text::points(r.quality_available, p)) }</th>
                    if let Some(pa) = r.price_available {
                        <th scope="col" class="num">{ format!("Price (out of {})", text::points(pa, p)) }</th>
                    }
                    <th scope="col" class="num">{"Total (out of 100)"}</th>
                    <th scope="col">{"Status"}</th>
                </tr>
            </thead>
            <tbody>
                { for r.bids.iter().take(props.limit).map(|b| html! {
                    <tr key={b.bid.clone()} data-bid={b.bid.clone()} class={classes!(b.excluded().then_some("ranking__excluded"))}>
                        <td class="num rank">{ b.rank.map_or("–".to_string(), |r| r.to_string()) }</td>
                        <th scope="row" class="supplier">
                            <a href={Route::Breakdown { bid: b.bid.clone() }.address()}>{ &b.supplier }</a>
                        </th>
                        <td class="num quality">{ fmt(Some(b.quality)) }</td>
                        if r.price_available.is_some() { <td class="num price">{ fmt(b.price_points) }</td> }
                        <td class="num total">{ fmt(b.total) }</td>
                        <td class="status">{ status_cell(b) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// Status as text tags, never colour alone, with the reasons beneath.
fn status_cell(b: &BidResult) -> Html {
    html! {
        <>
            if b.excluded() { <strong class="tag tag--red">{"Excluded"}</strong> }
            if b.provisional() { <strong class="tag tag--yellow">{"Provisional"}</strong> }
            if !b.excluded() && !b.provisional() { <strong class="tag tag--green">{ status(b) }</strong> }
            if let Some(low) = crate::text::low_status(b).filter(|_| b.abnormally_low.is_some()) {
                {" "}<strong class="tag tag--yellow" id={format!("low-status-{}", b.bid)}>{ low }</strong>
            }
            if !b.reasons.is_empty() || !b.pending.is_empty() {
                <ul class="reasons">
                    { for b.reasons.iter().map(|x| html! { <li>{ x.to_string() }</li> }) }
                    { for b.pending.iter().map(|x| html! { <li>{ capitalise(&x.to_string()) }</li> }) }
                </ul>
            }
        </>
    }
}
