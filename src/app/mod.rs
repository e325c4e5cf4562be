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
        // After every change: autosave, and say so if the browser refuses.
        let storage_problem = storage_problem.clone();
        let session = state.0.clone();
        use_effect_with(state.clone(), move |_| {
            if persist {
                let result = storage::save(&session);
                storage_problem.set(result.err());
            }
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
    let onedit = {
        let state = state.clone();
        Callback::from(move |edit: Edit| {
            let stamp = stamp_for(state.0.open.as_ref());
            state.dispatch(Action::Edit { edit, stamp });
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
