//! The browser app: renders a [`Session`] and dispatches [`Action`]s. No rule of the
//! evaluation lives here; the engine and the workflow own them all.

mod breakdown;
mod criteria;
mod details;
mod download;
mod export;
mod form;
mod moderation;
mod open;
mod panel;
mod problems;
mod results;
mod scoring;
mod start;
mod storage;
mod tasks;
mod workshop;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::workflow::{Action, Edit, EditError, Open, Page, Question, Session, Stamp};

pub use results::ResultsPage;
pub use start::StartPage;

/// Mounts the app into `<div id="app">` (or the body when there is none).
pub fn start() {
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

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(AppState::default);
    let persist = props.persist;
    let storage_problem = use_state(|| None::<String>);
    let other_tab = use_state(|| None::<OtherTab>);
    // The evaluation open now, for the listener below (which outlives any one render).
    let open_id = use_mut_ref(|| None::<Option<String>>);
    *open_id.borrow_mut() = state.0.open.as_ref().map(|o| o.evaluation.id.clone());
    {
        // Once, at start: a sample from the link, or the autosaved session.
        let state = state.clone();
        let sample = props.sample.clone().or_else(sample_from_location);
        use_effect_with((), move |_| {
            if let Some(slug) = sample {
                state.dispatch(Action::OpenSample {
                    slug: slug.to_string(),
                });
                // The link has done its job: a reload now brings back the work, not a fresh sample.
                if persist {
                    forget_sample_link();
                }
            } else if persist {
                if let Some(action) = storage::restore() {
                    state.dispatch(action);
                }
            }
        });
    }
    {
        // Other tabs of this browser: their saves and their announcements.
        let other_tab = other_tab.clone();
        let open_id = open_id.clone();
        use_effect_with((), move |_| {
            let listener = persist.then(|| {
                gloo::events::EventListener::new(&gloo::utils::window(), "storage", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    let Some(open) = open_id.borrow().clone() else {
                        return;
                    };
                    match e.key().as_deref() {
                        Some(storage::HEAD_KEY) => {
                            match storage::parse::<storage::Head>(e.new_value()) {
                                Some(head) if storage::is_newer(&head) => {
                                    other_tab.set(Some(OtherTab::Newer(head)))
                                }
                                Some(_) => {}
                                None => other_tab.set(Some(OtherTab::Closed)),
                            }
                        }
                        Some(storage::PRESENCE_KEY) => {
                            if let Some(p) = storage::parse::<storage::Presence>(e.new_value()) {
                                if p.id == open && p.tab != storage::tab_id() {
                                    if !p.reply {
                                        storage::announce(open, true);
                                    }
                                    other_tab.set(Some(OtherTab::AlsoOpen));
                                }
                            }
                        }
                        _ => {}
                    }
                })
            });
            move || drop(listener)
        });
    }
    {
        // Whenever an evaluation is opened here, other tabs are told.
        let id = state.0.open.as_ref().map(|o| o.evaluation.id.clone());
        let other_tab = other_tab.clone();
        use_effect_with(id, move |id| {
            other_tab.set(None);
            if let (true, Some(id)) = (persist, id) {
                storage::announce(id.clone(), false);
            }
        });
    }
    {
        // After every change: autosave (after a pause), and say so if the browser refuses.
        let storage_problem = storage_problem.clone();
        let other_tab = other_tab.clone();
        let session = state.0.clone();
        use_effect_with(state.clone(), move |_| {
            if persist {
                let report: storage::Report = Rc::new(move |outcome| match outcome {
                    Ok(changed) => {
                        // Drawn again only if something is to be said or unsaid.
                        if storage_problem.is_some() {
                            storage_problem.set(None);
                        }
                        if changed && other_tab.is_some() {
                            other_tab.set(Some(OtherTab::ThisNewest(now_iso())));
                        }
                    }
                    Err(storage::NotSaved::Refused(why)) => storage_problem.set(Some(why)),
                    Err(storage::NotSaved::OtherTab(head)) => {
                        other_tab.set(Some(OtherTab::Newer(head)))
                    }
                });
                storage::save_soon(session, report);
            }
        });
    }
    {
        // Leaving or hiding the page saves what is waiting at once: a reload, a closed
        // tab or a phone switching apps loses nothing.
        use_effect_with((), move |_| {
            let listeners = persist.then(|| {
                let window = gloo::utils::window();
                let document = gloo::utils::document();
                (
                    gloo::events::EventListener::new(&window, "pagehide", |_| {
                        storage::save_pending()
                    }),
                    gloo::events::EventListener::new(&document, "visibilitychange", |_| {
                        if gloo::utils::document().hidden() {
                            storage::save_pending();
                        }
                    }),
                )
            });
            move || drop(listeners)
        });
    }
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| {
            let navigating = matches!(a, Action::Go(_));
            state.dispatch(a);
            if navigating {
                // A new page starts at its top, as a page load would.
                gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
            }
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
        html! { <problems::ErrorSummary refused={r.clone()} ondispatch={dispatch.clone()} kept={session.open.as_ref().map(|o| AttrValue::from(o.evaluation.title.clone()))} /> }
    });
    let save_now = session.open.as_ref().map(|o| {
        let e = o.evaluation.clone();
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
                if let Some(notice) = &session.notice {
                    <div class="banner banner--success" role="status" id="notice">
                        <p>{ notice }</p>
                    </div>
                }
                if let Some(other) = (*other_tab).clone() {
                    <OtherTabBanner {other} session={session.clone()} ondispatch={dispatch.clone()} onchange={{
                        let other_tab = other_tab.clone();
                        Callback::from(move |o| other_tab.set(o))
                    }} />
                }
                { for problems }
                {
                    match &session.open {
                        None => html! { <StartPage ondispatch={dispatch.clone()} /> },
                        Some(open) => {
                            let props = PageProps {
                                open: open.clone(),
                                onedit: onedit.clone(),
                                ondispatch: dispatch.clone(),
                                error: session.error.clone(),
                                session: session.clone(),
                            };
                            html! { <OpenEvaluation ..props /> }
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

/// What this tab knows of another tab with the same evaluation.
#[derive(Clone, Debug, PartialEq)]
pub enum OtherTab {
    /// Another tab has it open; both hold the same work.
    AlsoOpen,
    /// This tab saved a change (at this time) since the other tab was seen.
    ThisNewest(String),
    /// The other tab saved work this tab has not seen; this tab no longer saves.
    Newer(storage::Head),
    /// The other tab closed it (removing it from this browser's storage).
    Closed,
}

#[derive(Properties, PartialEq)]
struct OtherTabProps {
    other: OtherTab,
    session: Rc<Session>,
    ondispatch: Callback<Action>,
    onchange: Callback<Option<OtherTab>>,
}

/// "hh:mm:ss UTC" from an ISO time.
fn clock(iso: &str) -> String {
    iso.get(11..19)
        .map_or_else(|| iso.to_string(), |t| format!("{t} UTC"))
}

/// Tells the person which tab holds the newest work, and lets them choose.
#[function_component(OtherTabBanner)]
fn other_tab_banner(props: &OtherTabProps) -> Html {
    let Some(open) = props.session.open.as_ref() else {
        return html! {};
    };
    let save_file = {
        let e = open.evaluation.clone();
        Callback::from(move |_: MouseEvent| download::save_evaluation(&e))
    };
    match &props.other {
        OtherTab::AlsoOpen | OtherTab::ThisNewest(_) => {
            let newest = match &props.other {
                OtherTab::ThisNewest(at) => format!(
                    "This tab holds the newest work (saved at {}). The other tab will not save over it.",
                    clock(at)
                ),
                _ => "Both tabs hold the same work for now.".to_string(),
            };
            html! {
                <div class="banner banner--warning" role="status" id="other-tab">
                    <p><strong>{"This evaluation is also open in another tab of this browser. "}</strong>{ newest }</p>
                    <p>{"Work in one tab only and close the other: changes made in two tabs are never merged."}</p>
                </div>
            }
        }
        OtherTab::Closed => html! {
            <div class="banner banner--warning" role="status" id="other-tab">
                <p><strong>{"This evaluation was closed in another tab. "}</strong>
                    {"It is still open here, and is saved in this browser again at your next change."}</p>
            </div>
        },
        OtherTab::Newer(head) => {
            let load = {
                let d = props.ondispatch.clone();
                let change = props.onchange.clone();
                Callback::from(move |_: MouseEvent| {
                    if let Some(action) = storage::restore() {
                        d.emit(action);
                    }
                    change.emit(Some(OtherTab::AlsoOpen));
                })
            };
            let keep = {
                let session = props.session.clone();
                let change = props.onchange.clone();
                Callback::from(move |_: MouseEvent| {
                    storage::take_over();
                    change.emit(match storage::save(&session) {
                        Ok(_) => Some(OtherTab::ThisNewest(now_iso())),
                        Err(storage::NotSaved::OtherTab(head)) => Some(OtherTab::Newer(head)),
                        Err(storage::NotSaved::Refused(_)) => None,
                    });
                })
            };
            let same = head.id == open.evaluation.id;
            let (title, said, load_words, keep_words) = if same {
                (
                    "Another tab holds newer work".to_string(),
                    format!(
                        "\"{}\" was changed in another tab of this browser at {}. That tab holds the newest work.",
                        head.title,
                        clock(&head.at)
                    ),
                    "Load the newest work into this tab",
                    "Keep this tab's work instead",
                )
            } else {
                (
                    "This browser holds other saved work".to_string(),
                    format!(
                        "\"{}\" was saved in this browser at {}, {}, by another tab or an earlier visit.",
                        head.title,
                        clock(&head.at),
                        crate::text::when(&head.at).split(',').next().unwrap_or_default()
                    ),
                    "Open that work in this tab",
                    "Keep this evaluation (replaces the saved one)",
                )
            };
            html! {
                <div class="banner banner--warning" role="alert" id="other-tab">
                    <h2 class="banner__title">{ title }</h2>
                    <p>{ said }</p>
                    <p>{"So that nothing is overwritten, what you do in this tab is not saved in this browser until you choose:"}</p>
                    <div class="button-group">
                        <button type="button" class="button" id="other-tab-load" onclick={load}>{ load_words }</button>
                        <button type="button" class="button button--warning" id="other-tab-keep" onclick={keep}>{ keep_words }</button>
                        <button type="button" class="button button--secondary" onclick={save_file}>{"Save this tab's work as a file"}</button>
                    </div>
                </div>
            }
        }
    }
}

/// The frame around every page of an open evaluation: breadcrumbs, undo and redo,
/// the edit error summary, then the page itself.
#[function_component(OpenEvaluation)]
fn open_evaluation(props: &PageProps) -> Html {
    let open = &props.open;
    let e = &open.evaluation;
    let go = |page: Page| {
        props
            .ondispatch
            .reform(move |_: MouseEvent| Action::Go(page.clone()))
    };
    let undo = {
        let d = props.ondispatch.clone();
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            d.emit(Action::Undo {
                stamp: stamp_for(Some(&open)),
            })
        })
    };
    let redo = {
        let d = props.ondispatch.clone();
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            d.emit(Action::Redo {
                stamp: stamp_for(Some(&open)),
            })
        })
    };
    let page = match &open.page {
        Page::TaskList => html! { <tasks::TaskList ..props.clone() /> },
        Page::Details => html! { <details::DetailsPage ..props.clone() /> },
        Page::Criteria => html! { <criteria::CriteriaPage ..props.clone() /> },
        Page::Bids => html! { <panel::BidsPage ..props.clone() /> },
        Page::Evaluators => html! { <panel::EvaluatorsPage ..props.clone() /> },
        Page::Scoring { .. } => html! { <scoring::ScoringPage ..props.clone() /> },
        Page::Moderation { .. } => html! { <moderation::ModerationPage ..props.clone() /> },
        Page::Results => {
            html! { <ResultsPage open={open.clone()} ondispatch={props.ondispatch.clone()} /> }
        }
        Page::Export => html! { <export::ExportPage ..props.clone() /> },
        Page::Workshop => html! { <workshop::WorkshopPage ..props.clone() /> },
        Page::Document { .. } => html! { <export::DocumentPage ..props.clone() /> },
    };
    let on_task_list = open.page == Page::TaskList;
    html! {
        <>
            <div class="toolbar">
                <nav class="breadcrumbs" aria-label="Breadcrumb">
                    <ol>
                        <li><button type="button" class="link-button" onclick={props.ondispatch.reform(|_: MouseEvent| Action::AskClose)}>{"Bidmark"}</button></li>
                        if on_task_list {
                            <li aria-current="page">{ &e.title }</li>
                        } else {
                            <li><button type="button" class="link-button" onclick={go(Page::TaskList)}>{ &e.title }</button></li>
                        }
                    </ol>
                </nav>
                <div class="toolbar__actions">
                    <button type="button" class="button button--secondary button--small" onclick={undo} disabled={!open.can_undo()}
                        title={open.past.last().map(|(_, w)| format!("Undo: {w}")).unwrap_or_default()}>{"Undo"}</button>
                    <button type="button" class="button button--secondary button--small" onclick={redo} disabled={!open.can_redo()}
                        title={open.future.last().map(|(_, w)| format!("Redo: {w}")).unwrap_or_default()}>{"Redo"}</button>
                    <button type="button" class="button button--secondary button--small" id="save-evaluation"
                        onclick={{ let e = e.clone(); Callback::from(move |_: MouseEvent| download::save_evaluation(&e)) }}>{"Save evaluation"}</button>
                </div>
            </div>
            if !on_task_list {
                <p class="back"><button type="button" class="link-button" onclick={go(Page::TaskList)}>{"‹ Back to task list"}</button></p>
            }
            if props.session.question == Some(Question::Close) {
                <div class="confirm" role="dialog" aria-labelledby="close-heading" id="confirm-close">
                    <h2 id="close-heading">{ format!("Close \"{}\"?", e.title) }</h2>
                    <p>{"Closing removes this evaluation from this browser. Save the evaluation file first if you will need it again."}</p>
                    <button type="button" class="button button--secondary" onclick={{ let e = e.clone(); Callback::from(move |_: MouseEvent| download::save_evaluation(&e)) }}>{"Save the evaluation file"}</button>
                    <button type="button" class="button button--warning" id="confirm-close-button" onclick={{
                        let d = props.ondispatch.clone(); let open = open.clone();
                        Callback::from(move |_: MouseEvent| d.emit(Action::Confirm { stamp: stamp_for(Some(&open)), reason: String::new() }))
                    }}>{"Close the evaluation"}</button>
                    <button type="button" class="button button--secondary" onclick={props.ondispatch.reform(|_: MouseEvent| Action::Cancel)}>{"Cancel"}</button>
                </div>
            }
            if let Some(err) = &props.error {
                <form::EditErrorSummary error={err.clone()} />
            }
            { page }
        </>
    }
}

/// Takes `?sample=…` out of the address without reloading.
fn forget_sample_link() {
    let window = gloo::utils::window();
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
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
