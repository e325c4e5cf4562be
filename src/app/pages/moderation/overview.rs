//! The moderation overview: every bid against every scored criterion in one table, each
//! cell with its moderated score, spread and number of scores, what needs discussing
//! marked in words (never colour alone), and a link to that cell's discussion.
//!
//! Plain functions, not components: the page builds the table once for each new set of
//! results (`use_memo`), since 200 bids × 30 criteria are 6,000 cells.

use std::collections::HashMap;

use yew::prelude::*;

use crate::app::routes::Route;
use crate::model::{Evaluation, Kind, Method};
use crate::scoring::{Detail, Results, ScoredCell};
use crate::text;

/// A criterion name longer than this is shortened in the column header (the full name
/// stays there for screen readers, and as the header's tooltip).
const SHORT: usize = 48;

/// The column header's visible name: the first words of `name` that fit in [`SHORT`]
/// characters (any script), with "…"; the name itself when it fits.
pub fn short_name(name: &str) -> String {
    if name.chars().count() <= SHORT {
        return name.to_string();
    }
    let mut out = String::new();
    for word in name.split_whitespace() {
        let len = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if len > SHORT - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        // One long word (or a script without spaces): cut it.
        out = name.chars().take(SHORT - 1).collect();
    }
    out.trim_end_matches([',', ';', ':', '-', '—']).to_string() + "…"
}

/// The scored cells of every bid, by bid and criterion, in the evaluation's order.
pub struct Matrix<'a> {
    /// Scored criteria in tree order: id and name.
    pub columns: Vec<(&'a str, &'a str)>,
    /// Bids in the evaluation's order: id, supplier and one cell per column.
    pub rows: Vec<(&'a str, &'a str, Vec<Option<&'a ScoredCell>>)>,
}

impl<'a> Matrix<'a> {
    pub fn new(e: &'a Evaluation, r: &'a Results) -> Matrix<'a> {
        let columns: Vec<(&str, &str)> = e
            .walk()
            .into_iter()
            .filter(|(_, c)| c.kind == Kind::Scored)
            .map(|(_, c)| (c.id.as_str(), c.name.as_str()))
            .collect();
        let by_bid: HashMap<&str, _> = r.bids.iter().map(|b| (b.bid.as_str(), b)).collect();
        // Lines are in tree order for every bid: find each column's place once.
        let at: Vec<Option<usize>> = {
            let first = r.bids.first().map_or(&[][..], |b| &b.lines[..]);
            columns
                .iter()
                .map(|(id, _)| first.iter().position(|l| l.criterion == *id))
                .collect()
        };
        let rows = e
            .bids
            .iter()
            .map(|b| {
                let result = by_bid.get(b.id.as_str());
                let cells = at
                    .iter()
                    .zip(&columns)
                    .map(|(i, (id, _))| {
                        let line = result.and_then(|r| r.lines.get((*i)?))?;
                        match &line.detail {
                            Detail::Scored(c) if line.criterion == *id => Some(c),
                            _ => None,
                        }
                    })
                    .collect();
                (b.id.as_str(), b.supplier.as_str(), cells)
            })
            .collect();
        Matrix { columns, rows }
    }
}

/// The overview table, in its scroll container. With `flagged_only`, only the bids and
/// criteria that have a flagged cell. Each cell is a link to the bid's moderation
/// address, carrying the bid and criterion (`data-bid`, `data-criterion`) so that the
/// page can move to the criterion's discussion.
///
/// At most `limit` bids are drawn (the browser takes about a second to lay out and
/// paint 200 bids × 30 criteria); the count of bids that could be shown comes back
/// with the table, for the page to offer the rest.
pub fn overview_table(
    e: &Evaluation,
    r: &Results,
    flagged_only: bool,
    limit: usize,
) -> (Html, usize) {
    let m = Matrix::new(e, r);
    if m.columns.is_empty() || m.rows.is_empty() {
        return (
            html! { <p class="hint" id="overview-empty">{"There are no bids or no scored criteria yet: the overview appears once there are."}</p> },
            0,
        );
    }
    let flagged = |c: Option<&ScoredCell>| c.is_some_and(|c| c.flagged);
    let show_col: Vec<bool> = (0..m.columns.len())
        .map(|i| !flagged_only || m.rows.iter().any(|(_, _, cells)| flagged(cells[i])))
        .collect();
    let rows: Vec<_> = m
        .rows
        .iter()
        .filter(|(_, _, cells)| !flagged_only || cells.iter().any(|c| flagged(*c)))
        .collect();
    if rows.is_empty() {
        return (
            html! { <p class="inset" id="overview-empty">{"No cell is flagged for discussion."}</p> },
            0,
        );
    }
    let consensus_method = e.method() == Method::Consensus;
    let columns = show_col.iter().filter(|s| **s).count();
    let total = rows.len();
    let bids = match total.min(limit) {
        n if n < total => format!("the first {n} of {total} bids"),
        _ if flagged_only => format!("the {}", text::count(total, "bid", "bids")),
        _ => text::count(total, "bid", "bids"),
    };
    let caption = if flagged_only {
        format!(
            "Moderated scores: {bids} and {} with cells flagged for discussion",
            text::count(columns, "criterion", "criteria")
        )
    } else {
        format!(
            "Moderated scores: {bids} on {}",
            text::count(columns, "scored criterion", "scored criteria")
        )
    };
    let table = html! {
        <table class="table overview" id="overview">
            <caption class="table__caption" id="overview-caption">{ caption }</caption>
            <thead>
                <tr>
                    <th scope="col">{"Supplier"}</th>
                    { for m.columns.iter().zip(&show_col).filter(|(_, s)| **s).map(|((id, name), _)| {
                        let short = short_name(name);
                        html! {
                            <th scope="col" data-criterion={id.to_string()} title={(short != *name).then(|| name.to_string())}>
                                if short == *name {
                                    { name.to_string() }
                                } else {
                                    <span aria-hidden="true">{ short }</span>
                                    <span class="visually-hidden">{ name.to_string() }</span>
                                }
                            </th>
                        }
                    }) }
                </tr>
            </thead>
            <tbody>
                { for rows.iter().take(limit).map(|(bid, supplier, cells)| {
                    let open = cells.iter().filter(|c| c.is_some_and(|c| c.flagged && c.consensus.is_none())).count();
                    // In a lot's view, the address names the lot.
                    let address = format!("#{}", crate::app::routes::path_in(
                        e.view_of.as_deref(),
                        &Route::ModerationAt { bid: bid.to_string() },
                    ));
                    html! {
                        <tr data-bid={bid.to_string()}>
                            <th scope="row">
                                { supplier.to_string() }
                                if open > 0 { <span class="visually-hidden">{", "}</span><span class="overview__meta">{ format!("{open} to discuss") }</span> }
                            </th>
                            { for cells.iter().zip(&m.columns).zip(&show_col).filter(|(_, s)| **s).map(|((cell, (criterion, _)), _)| {
                                overview_cell(bid, criterion, *cell, &address, consensus_method)
                            }) }
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    };
    (table, total)
}

/// One cell: "2.33", "spread 2 · 3 scores", and "⚑ Discuss" or "✓ Agreed 2".
fn overview_cell(
    bid: &str,
    criterion: &str,
    cell: Option<&ScoredCell>,
    address: &str,
    consensus_method: bool,
) -> Html {
    let Some(c) = cell else {
        return html! { <td>{"–"}</td> };
    };
    let discuss = c.flagged && c.consensus.is_none();
    let spread = c.spread.map(text::plain);
    let mut meta = Vec::with_capacity(3);
    if let Some(s) = &spread {
        meta.push(format!("spread {s}"));
    }
    meta.push(text::count(c.scores.len(), "score", "scores"));
    if !c.set_aside.is_empty() {
        meta.push(format!("{} not counted", c.set_aside.len()));
    }
    html! {
        <td class={classes!(discuss.then_some("overview__cell--flagged"))} data-criterion={criterion.to_string()}>
            <a class="overview__link" href={address.to_string()} data-bid={bid.to_string()} data-criterion={criterion.to_string()}>
                <span class="overview__score">{ c.moderated.map_or_else(|| "Not scored".to_string(), text::plain) }</span>
                <span class="visually-hidden">{", "}</span>
                <span class="overview__meta">{ meta.join(" · ") }</span>
                if discuss {
                    <strong class="tag tag--yellow overview__tag"><span aria-hidden="true">{"⚑ "}</span>{"Discuss"}</strong>
                    <span class="visually-hidden">{ format!(", flagged: spread {} reaches the divergence limit", spread.unwrap_or_default()) }</span>
                } else if let Some(agreed) = c.consensus {
                    <strong class="tag tag--green overview__tag"><span aria-hidden="true">{"✓ "}</span>{ format!("Agreed {}", text::plain(agreed)) }</strong>
                    if c.flagged { <span class="visually-hidden">{ format!(", recorded on a cell flagged with spread {}", spread.unwrap_or_default()) }</span> }
                } else if consensus_method && !c.scores.is_empty() {
                    <span class="visually-hidden">{", "}</span><span class="overview__meta">{"Consensus needed"}</span>
                }
            </a>
        </td>
    }
}
