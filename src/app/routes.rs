//! Addresses: every page of an open evaluation has one, in the hash (`#/results`), so
//! the same build works from a web server and from the single `bidmark.html` opened
//! from disk. The route is the page: [`Route::page`] says which [`Page`] an address
//! shows, and [`Route::of`] gives the address of a page. The session's page follows
//! the address through `Action::Go`, so `Session::apply` stays the only way state
//! changes; an address for something that is not there is turned into the nearest
//! page that is, with a short notice ([`resolve`]).

use yew_router::prelude::*;

use crate::model::Evaluation;
use crate::workflow::Page;

#[derive(Routable, Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The task list of the open evaluation, or the start page when none is open.
    #[at("/")]
    Home,
    #[at("/details")]
    Details,
    #[at("/criteria")]
    Criteria,
    #[at("/bids")]
    Bids,
    #[at("/panel")]
    Panel,
    /// "Who are you?" before scoring.
    #[at("/scoring")]
    Scoring,
    /// An evaluator's scoresheet, at the first bid.
    #[at("/scoring/:evaluator")]
    Scoresheet { evaluator: String },
    /// An evaluator's scoresheet at one bid.
    #[at("/scoring/:evaluator/:bid")]
    ScoresheetAt { evaluator: String, bid: String },
    #[at("/moderation")]
    Moderation,
    #[at("/moderation/:bid")]
    ModerationAt { bid: String },
    #[at("/results")]
    Results,
    /// The results, with one bid's breakdown open.
    #[at("/results/:bid")]
    Breakdown { bid: String },
    #[at("/export")]
    Export,
    /// The award report, as a page to print.
    #[at("/export/report")]
    Report,
    /// One supplier's assessment summary, as a page to print.
    #[at("/export/summary/:bid")]
    Summary { bid: String },
    #[at("/workshop")]
    Workshop,
    /// The workshop, full screen for an audience.
    #[at("/workshop/present")]
    Presenting,
    #[not_found]
    #[at("/not-found")]
    NotFound,
}

impl Route {
    /// The address of a page.
    pub fn of(page: &Page) -> Route {
        match page {
            Page::TaskList => Route::Home,
            Page::Details => Route::Details,
            Page::Criteria => Route::Criteria,
            Page::Bids => Route::Bids,
            Page::Evaluators => Route::Panel,
            Page::Scoring {
                evaluator: None, ..
            } => Route::Scoring,
            Page::Scoring {
                evaluator: Some(evaluator),
                bid: None,
            } => Route::Scoresheet {
                evaluator: evaluator.clone(),
            },
            Page::Scoring {
                evaluator: Some(evaluator),
                bid: Some(bid),
            } => Route::ScoresheetAt {
                evaluator: evaluator.clone(),
                bid: bid.clone(),
            },
            Page::Moderation { bid: None } => Route::Moderation,
            Page::Moderation { bid: Some(bid) } => Route::ModerationAt { bid: bid.clone() },
            Page::Results => Route::Results,
            Page::Export => Route::Export,
            Page::Workshop => Route::Workshop,
            Page::Document { summary: None } => Route::Report,
            Page::Document { summary: Some(bid) } => Route::Summary { bid: bid.clone() },
        }
    }

    /// The page this address shows (`None` for an address that names no page).
    pub fn page(&self) -> Option<Page> {
        Some(match self {
            Route::Home => Page::TaskList,
            Route::Details => Page::Details,
            Route::Criteria => Page::Criteria,
            Route::Bids => Page::Bids,
            Route::Panel => Page::Evaluators,
            Route::Scoring => Page::Scoring {
                evaluator: None,
                bid: None,
            },
            Route::Scoresheet { evaluator } => Page::Scoring {
                evaluator: Some(evaluator.clone()),
                bid: None,
            },
            Route::ScoresheetAt { evaluator, bid } => Page::Scoring {
                evaluator: Some(evaluator.clone()),
                bid: Some(bid.clone()),
            },
            Route::Moderation => Page::Moderation { bid: None },
            Route::ModerationAt { bid } => Page::Moderation {
                bid: Some(bid.clone()),
            },
            Route::Results | Route::Breakdown { .. } => Page::Results,
            Route::Export => Page::Export,
            Route::Report => Page::Document { summary: None },
            Route::Summary { bid } => Page::Document {
                summary: Some(bid.clone()),
            },
            Route::Workshop | Route::Presenting => Page::Workshop,
            Route::NotFound => return None,
        })
    }

    /// The address as it appears after `#`, for messages.
    pub fn address(&self) -> String {
        format!("#{}", self.to_path())
    }
}

/// Where an address leads: the route itself when everything it names exists, else the
/// nearest page that does and what to tell the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub route: Route,
    pub notice: Option<String>,
}

/// Checks an address against the open evaluation (`None`: nothing is open).
/// `typed` is the address as it stood, for the notice.
pub fn resolve(route: &Route, evaluation: Option<&Evaluation>, typed: &str) -> Resolved {
    let fine = |route: Route| Resolved {
        route,
        notice: None,
    };
    let Some(e) = evaluation else {
        return match route {
            Route::Home => fine(Route::Home),
            _ => nearest(
                Route::Home,
                format!("No evaluation is open in this browser, so the page at {typed} cannot be shown."),
                "Open an evaluation file, start a new one or try a sample.",
            ),
        };
    };
    let no_bid = |bid: &str| format!("There is no bid \"{bid}\" in \"{}\".", e.title);
    let (nearest, missing, then) = match route {
        Route::NotFound => (
            Route::Home,
            format!("There is no page at {typed}."),
            "Here is the task list instead.",
        ),
        Route::Scoresheet { evaluator } | Route::ScoresheetAt { evaluator, .. }
            if e.evaluator(evaluator).is_none() =>
        {
            (
                Route::Scoring,
                format!(
                    "There is no evaluator \"{evaluator}\" on the panel of \"{}\".",
                    e.title
                ),
                "Choose who you are to score.",
            )
        }
        // Blind scoring names bids by code ("B") in the scoring pages' addresses.
        Route::ScoresheetAt { evaluator, bid }
            if e.bid(bid).is_none() && !(e.workflow.blind && e.bid_of_code(bid).is_some()) =>
        {
            (
                Route::Scoresheet {
                    evaluator: evaluator.clone(),
                },
                no_bid(bid),
                "Here is the first bid to score.",
            )
        }
        Route::ModerationAt { bid } if e.bid(bid).is_none() => (
            Route::Moderation,
            no_bid(bid),
            "Here is moderation of the first bid.",
        ),
        Route::Breakdown { bid } if e.bid(bid).is_none() => (
            Route::Results,
            no_bid(bid),
            "Here are the results of every bid.",
        ),
        Route::Summary { bid } if e.bid(bid).is_none() => (
            Route::Export,
            no_bid(bid),
            "Choose a supplier's summary below.",
        ),
        other => return fine(other.clone()),
    };
    self::nearest(nearest, missing, then)
}

fn nearest(route: Route, missing: String, then: &str) -> Resolved {
    Resolved {
        route,
        notice: Some(format!("{missing} {then}")),
    }
}

/// An address of a file with lots names the lot first: `#/lot/lot-2/results`. Splits
/// that off: the lot (percent-decoded) and the rest, a route's path.
pub fn split_lot(path: &str) -> (Option<String>, String) {
    if let Some(rest) = path.strip_prefix("/lot/") {
        let (lot, tail) = rest.split_once('/').unwrap_or((rest, ""));
        let lot = js_sys::decode_uri_component(lot)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| lot.to_string());
        return (Some(lot), format!("/{tail}"));
    }
    (None, path.to_string())
}

/// The path of a route in a lot (`None`: a file without lots).
pub fn path_in(lot: Option<&str>, route: &Route) -> String {
    match lot {
        None => route.to_path(),
        Some(l) => {
            let l: String = js_sys::encode_uri_component(l).into();
            let rest = route.to_path();
            if rest == "/" {
                format!("/lot/{l}")
            } else {
                format!("/lot/{l}{rest}")
            }
        }
    }
}

impl Route {
    /// The bid whose breakdown this address opens.
    pub fn breakdown(&self) -> Option<String> {
        match self {
            Route::Breakdown { bid } => Some(bid.clone()),
            _ => None,
        }
    }
}
