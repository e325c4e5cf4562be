//! The address and the page, kept in step. The address leads: a link, Back, Forward,
//! a reload or an address typed in makes the session go to that page (through
//! `Action::Go`, so `Session::apply` stays the only way state changes). When the
//! session moves by itself (a file opened, an evaluation closed, a template started),
//! the address follows. An address for something that is not there is replaced by the
//! nearest page that is, with a short notice.
//!
//! Routes are yew-router's ([`Routable`]: matching, percent-encoding) over its hash
//! history; the app listens to that history itself rather than through yew-router's
//! `Router`, `Switch` and `Link` components, which would each add their own copy of
//! yew's component machinery to the download for what one hook does here.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;
use yew_router::history::{HashHistory, History};
use yew_router::Routable;

use crate::app::routes::{path_in, resolve, split_lot, Route};
use crate::app::AppState;
use crate::workflow::Action;

/// The address now, and how to change it.
#[derive(Clone, PartialEq)]
pub struct Addresses {
    pub route: Route,
    /// A new history entry for this address (Back returns from it).
    pub push: Callback<Route>,
    /// What an address that could not be shown as it was was replaced by, and why.
    pub notice: Option<String>,
}

/// The lot and the route an address names (`NotFound` for none).
fn current(history: &HashHistory) -> (Option<String>, Route) {
    let (lot, path) = split_lot(history.location().path());
    (lot, Route::recognize(&path).unwrap_or(Route::NotFound))
}

/// Keeps the page and the address in step.
#[hook]
pub fn use_addresses(state: &UseReducerHandle<AppState>) -> Addresses {
    let history = use_memo((), |_| HashHistory::new());
    let route = {
        let history = history.clone();
        use_state(move || current(&history))
    };
    {
        // Back, Forward, a typed address or one of ours: the route follows.
        let (history, route) = (history.clone(), route.clone());
        use_effect_with((), move |_| {
            let watched = (*history).clone();
            let listener = history.listen(move || route.set(current(&watched)));
            move || drop(listener)
        });
    }
    // The lot on screen, for the addresses of its pages.
    let shown: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    *shown.borrow_mut() = state.0.open.as_ref().and_then(|o| o.lot.clone());
    let push = {
        let history = history.clone();
        let shown = shown.clone();
        use_callback((), move |to: Route, _| {
            history.push(path_in(shown.borrow().as_deref(), &to))
        })
    };
    let replace = {
        let history = history.clone();
        let shown = shown.clone();
        move |to: &Route| history.replace(path_in(shown.borrow().as_deref(), to))
    };
    let (lot, route) = (*route).clone();
    let notice = use_state(|| None::<String>);
    // The address that an unknown one was replaced by: arriving there keeps the notice.
    let replaced_by: Rc<RefCell<Option<Route>>> = use_mut_ref(|| None);
    {
        let state = state.clone();
        let notice = notice.clone();
        let replaced_by = replaced_by.clone();
        let history = history.clone();
        let shown = shown.clone();
        use_effect_with((lot.clone(), route.clone()), move |(lot, route)| {
            let session = &state.0;
            // A file with lots: the address names one of them, else the one on screen.
            let file = session.open.as_ref().map(|o| o.file());
            let lots = file.as_ref().is_some_and(|f| f.has_lots());
            let mut lot_notice = None;
            let target = match (lots, lot) {
                (true, Some(l)) if file.as_ref().is_some_and(|f| f.lot(l).is_some()) => {
                    Some(l.clone())
                }
                (true, Some(l)) => {
                    lot_notice = Some(format!("There is no lot \"{l}\" in this evaluation."));
                    shown.borrow().clone()
                }
                (true, None) => shown.borrow().clone(),
                (false, Some(_)) if session.open.is_some() => {
                    lot_notice = Some("This evaluation has no lots.".to_string());
                    None
                }
                (false, _) => None,
            };
            if lot_notice.is_some() || (lots && lot.is_none()) {
                // The address again, in the lot that is there.
                *replaced_by.borrow_mut() = Some(route.clone());
                notice.set(lot_notice);
                history.replace(path_in(target.as_deref(), route));
                return;
            }
            if let (Some(open), Some(l)) = (&session.open, &target) {
                if open.lot.as_ref() != Some(l) {
                    state.dispatch(Action::ShowLot { lot: l.clone() });
                }
            }
            let view = match (&file, &target) {
                (Some(f), Some(l)) => f.lot_view(l).map(Rc::new),
                _ => session.open.as_ref().map(|o| o.evaluation.clone()),
            };
            let resolved = resolve(route, view.as_deref(), &typed_address());
            if resolved.route != *route {
                *replaced_by.borrow_mut() = Some(resolved.route.clone());
                notice.set(resolved.notice);
                history.replace(path_in(target.as_deref(), &resolved.route));
                return;
            }
            if replaced_by.borrow_mut().take().as_ref() != Some(route) {
                notice.set(None);
            }
            if let (Some(open), Some(page)) = (&session.open, route.page()) {
                if open.page != page {
                    state.dispatch(Action::Go(page));
                    // A new page starts at its top, as a page load would.
                    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
                }
            }
        });
    }
    {
        // The session moved by itself: the address follows. The effect runs when the page
        // (or the lot) changes; its first run is skipped, since the first page drawn is the
        // address's.
        let page = state
            .0
            .open
            .as_ref()
            .map(|o| (o.page.clone(), o.lot.clone()));
        let started = use_mut_ref(|| false);
        let (route, push, lot) = (route.clone(), push.clone(), lot.clone());
        use_effect_with(page, move |page| {
            if !std::mem::replace(&mut *started.borrow_mut(), true) {
                return;
            }
            match page {
                // Closed: the start page, in place of the closed evaluation's page.
                None if route != Route::Home || lot.is_some() => replace(&Route::Home),
                None => {}
                Some((page, shown)) if route.page().as_ref() != Some(page) || *shown != lot => {
                    push.emit(Route::of(page))
                }
                Some(_) => {}
            }
        });
    }
    Addresses {
        route,
        push,
        notice: (*notice).clone(),
    }
}

/// The address as it stands in the location bar, for a notice.
fn typed_address() -> String {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    if hash.is_empty() {
        "#/".to_string()
    } else {
        hash
    }
}

/// Addresses that are not routes: a fragment typed or linked without its `/`
/// (`#results`) becomes the route it names (`#/results`), and a link to an element on
/// the page (the skip link's `#main`, an error summary's `#field`) moves focus there
/// without touching the address. Installed once, before the router listens, so the
/// router only ever sees routes.
pub fn install() {
    let window = gloo::utils::window();
    let fix = gloo::events::EventListener::new(&window, "popstate", |_| {
        let location = gloo::utils::window().location();
        let hash = location.hash().unwrap_or_default();
        if !hash.is_empty() && !hash.starts_with("#/") {
            replace_address(&format!("#/{}", hash.trim_start_matches('#')));
        }
    });
    fix.forget();
    let document = gloo::utils::document();
    let options = gloo::events::EventListenerOptions::enable_prevent_default();
    let anchors = gloo::events::EventListener::new_with_options(&document, "click", options, |e| {
        use wasm_bindgen::JsCast;
        let Some(target) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Ok(Some(link)) = target.closest("a[href^='#']") else {
            return;
        };
        let href = link.get_attribute("href").unwrap_or_default();
        if href.starts_with("#/") {
            return;
        }
        e.prevent_default();
        focus_element(href.trim_start_matches('#'));
    });
    anchors.forget();
}

/// Replaces the address without a new history entry and without telling the router
/// (which reads it afresh when it next looks).
pub fn replace_address(url: &str) {
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// Moves focus to the element with this id (or, for a group, its first field), scrolled
/// into view with its label.
pub fn focus_element(id: &str) {
    use wasm_bindgen::JsCast;
    let Some(target) = gloo::utils::document().get_element_by_id(id) else {
        return;
    };
    let input = if matches!(
        target.tag_name().as_str(),
        "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON"
    ) {
        Some(target.clone())
    } else {
        ["input:checked", "input, textarea, select"]
            .iter()
            .find_map(|q| target.query_selector(q).ok().flatten())
    };
    let focus = input.unwrap_or_else(|| {
        // A landmark such as <main>: focusable for this once, as the skip link expects.
        if target.get_attribute("tabindex").is_none() {
            let _ = target.set_attribute("tabindex", "-1");
        }
        target
    });
    let group = focus.closest(".form-group").ok().flatten();
    group.as_ref().unwrap_or(&focus).scroll_into_view();
    if let Some(el) = focus.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
