//! The browser app: renders a [`Session`] and dispatches [`Action`]s. No rule of the
//! evaluation lives here; the engine and the workflow own them all.
//!
//! - `routes`: every page's address (hash routes), and the nearest page for one that
//!   names something not there;
//! - `pages/`: one file per page; `components/`: pieces shared by pages (the frame,
//!   error summaries, form fields, the file drop zone, breakdowns);
//! - `hooks/`: the address kept in step with the page, autosave, the other tabs,
//!   drafts of text not yet recorded;
//! - `download`: files out of the browser.

mod components;
mod download;
pub mod fields;
mod hooks;
mod pages;
pub mod routes;

use std::rc::Rc;

use yew::prelude::*;

use crate::workflow::{Action, Edit, EditError, Open, Page, Session, Stamp};
use components::error_summary::ErrorSummary;
use routes::Route;

pub use pages::results::ResultsPage;

/// Mounts the app into `<div id="app">` (or the body when there is none).
pub fn start() {
    hooks::addresses::install();
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(el) => yew::Renderer::<App>::with_root(el).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}

/// The session as yew state: one reducer, every change an [`Action`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState(pub Session);

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(AppState(self.0.apply(action)))
    }
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Opens this sample at start (tests and links use it).
    #[prop_or_default]
    pub sample: Option<AttrValue>,
    /// Keep the session in localStorage (off in component tests, which share one origin).
    #[prop_or(true)]
    pub persist: bool,
}

impl Default for AppProps {
    /// The real app: no sample, and the session kept in localStorage.
    fn default() -> Self {
        AppProps {
            sample: None,
            persist: true,
        }
    }
}

/// What every page of an open evaluation receives.
#[derive(Properties, PartialEq, Clone)]
pub struct PageProps {
    pub open: Open,
    /// Makes an audited change, stamped with the time and the person acting.
    pub onedit: Callback<Edit>,
    /// Anything else: navigation, imports, undo, questions.
    pub ondispatch: Callback<Action>,
    /// The last change that could not be made.
    pub error: Option<EditError>,
    pub session: Rc<Session>,
    /// The page's address (a page may show more of itself for some addresses: one
    /// bid's breakdown, the workshop presented full screen).
    pub route: Route,
    /// Goes to an address that shows more or less of the same page.
    pub onroute: Callback<Route>,
}

/// The current time as ISO 8601 (UTC), for audit entries.
pub fn now_iso() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

/// A stamp for the person acting: the evaluator scoring, or the page's role.
pub fn stamp_for(open: Option<&Open>) -> Stamp {
    let who = match open.map(|o| &o.page) {
        Some(Page::Scoring {
            evaluator: Some(id),
            ..
        }) => open
            .and_then(|o| o.evaluation.evaluator(id))
            .map_or_else(|| "Evaluator".to_string(), |v| v.name.clone()),
        Some(Page::Moderation { .. }) => "Moderator".to_string(),
        _ => "Facilitator".to_string(),
    };
    Stamp { at: now_iso(), who }
}

/// The session the app starts with.
fn first_session(sample: Option<AttrValue>, persist: bool) -> Session {
    let start = Session::default();
    match sample.or_else(sample_from_location) {
        Some(slug) => {
            // A sample link starts afresh on its task list; once used, the link is
            // forgotten, so that a reload brings back the work, not a fresh sample.
            start_address(persist);
            start.apply(Action::OpenSample {
                slug: slug.to_string(),
            })
        }
        None if persist => match hooks::storage::restore() {
            Some((action, lot)) => {
                let mut session = start.apply(action);
                if let Some(lot) = lot {
                    session = session.apply(Action::ShowLot { lot });
                }
                // The bare address (no page in it) resumes the page the work was left on;
                // an address with a page opens that page.
                if let Some(open) = &session.open {
                    resume_address(&Route::of(&open.page));
                }
                session
            }
            None => start,
        },
        None => {
            // Component tests share one page: each app starts at the start.
            start_address(false);
            start
        }
    }
}

/// The page around whatever is open: masthead, banners, then the start page or the
/// open evaluation's page.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    // Once, before the address is read: a sample from the link, or the autosaved work,
    // so that the first page drawn is already the address's page.
    let from_link = use_mut_ref(|| false);
    let state = {
        let (sample, persist) = (props.sample.clone(), props.persist);
        let from_link = from_link.clone();
        use_reducer(move || {
            *from_link.borrow_mut() = sample.is_some() || sample_from_location().is_some();
            AppState(first_session(sample, persist))
        })
    };
    let persist = props.persist;
    let addresses = hooks::addresses::use_addresses(&state);
    let route = addresses.route.clone();
    let other_tab = hooks::tabs::use_other_tab(
        state.0.open.as_ref().map(|o| o.evaluation.id.clone()),
        persist,
    );
    let storage_problem =
        hooks::autosave::use_autosave(&state.0, state.clone(), persist, other_tab.clone());
    // A sample opened from a link is saved at once, not after the pause that gathers a
    // burst of changes: another tab opened straight after finds it.
    use_effect_with((), move |_| {
        if persist && *from_link.borrow() {
            hooks::storage::save_pending();
        }
    });
    // Going to a page is following its address: the session follows the address.
    let dispatch = {
        let state = state.clone();
        let route = route.clone();
        let push = addresses.push.clone();
        Callback::from(move |a: Action| match a {
            Action::Go(page) if Route::of(&page) != route => push.emit(Route::of(&page)),
            a => state.dispatch(a),
        })
    };
    // One callback for the life of the app, so that a component whose other props are
    // unchanged is not drawn again just because this was made anew. It stamps an edit
    // with the evaluation as last drawn.
    let drawn = use_mut_ref(|| None::<Open>);
    *drawn.borrow_mut() = state.0.open.clone();
    let onedit = {
        let dispatcher = state.dispatcher();
        use_callback((), move |edit: Edit, _| {
            let stamp = stamp_for(drawn.borrow().as_ref());
            dispatcher.dispatch(Action::Edit { edit, stamp });
        })
    };
    let session = Rc::new(state.0.clone());
    let problems = session.refused.as_ref().map(|r| {
        html! { <ErrorSummary refused={r.clone()} ondispatch={dispatch.clone()} kept={session.open.as_ref().map(|o| AttrValue::from(o.evaluation.title.clone()))} /> }
    });
    let save_now = session.open.as_ref().map(|o| {
        let e = o.file();
        Callback::from(move |_: MouseEvent| download::save_evaluation(&e))
    });
    html! {
        <>
            <header class="masthead">
                <div class="width">
                    <span class="masthead__name">{"Bidmark"}</span>
                    <span class="masthead__tag">{"Bid evaluation that runs in your browser: nothing is uploaded"}</span>
                </div>
            </header>
            <div class="width page">
                if let Some(problem) = (*storage_problem).clone() {
                    <div class="banner banner--warning" role="alert" id="storage-warning">
                        <p><strong>{"Your work could not be saved in this browser: "}</strong>{ problem }</p>
                        <p>{"Nothing is lost yet. Save the evaluation file now, and keep this tab open."}</p>
                        if let Some(onclick) = save_now.clone() {
                            <button type="button" class="button" {onclick}>{"Save evaluation file"}</button>
                        }
                    </div>
                }
                if let Some(notice) = addresses.notice.clone() {
                    <div class="banner banner--warning" role="status" id="address-notice">
                        <p>{ notice }</p>
                    </div>
                }
                if let Some(notice) = &session.notice {
                    <div class="banner banner--success" role="status" id="notice">
                        <p>{ notice }</p>
                    </div>
                }
                if let Some(other) = (*other_tab).clone() {
                    { components::other_tab::other_tab_banner(&components::other_tab::OtherTabProps {
                        other,
                        session: session.clone(),
                        ondispatch: dispatch.clone(),
                        onchange: {
                            let other_tab = other_tab.clone();
                            Callback::from(move |o| other_tab.set(o))
                        },
                    }) }
                }
                { for problems }
                {
                    match &session.open {
                        None => pages::start::start_page(&pages::start::StartPageProps { ondispatch: dispatch.clone() }),
                        Some(open) => {
                            let props = PageProps {
                                open: open.clone(),
                                onedit: onedit.clone(),
                                ondispatch: dispatch.clone(),
                                error: session.error.clone(),
                                session: session.clone(),
                                route: route.clone(),
                                onroute: addresses.push.clone(),
                            };
                            components::frame::open_evaluation(&props)
                        }
                    }
                }
            </div>
            <footer class="footer">
                <div class="width">
                    {"Bidmark works entirely in this browser tab. Files you open are read here and never sent anywhere. Your work is kept in this browser until you close the evaluation."}
                </div>
            </footer>
        </>
    }
}

/// Puts the address at the start (`#/`), before the router reads it; with `forget`,
/// also takes `?sample=…` out of it, without reloading.
fn start_address(forget: bool) {
    let location = gloo::utils::window().location();
    let path = location.pathname().unwrap_or_default();
    let search = match forget {
        true => String::new(),
        false => location.search().unwrap_or_default(),
    };
    hooks::addresses::replace_address(&format!("{path}{search}#/"));
}

/// Puts the page that work was left on into an address that names no page.
fn resume_address(route: &Route) {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    if hash.len() <= 1 {
        hooks::addresses::replace_address(&route.address());
    }
}

/// `?sample=dos-outcomes` opens a bundled sample straight away.
fn sample_from_location() -> Option<AttrValue> {
    let search = gloo::utils::window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("sample="))
        .filter(|s| crate::samples::find(s).is_some())
        .map(|s| AttrValue::from(s.to_string()))
}
