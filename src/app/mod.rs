//! The browser app: renders a [`Session`] and dispatches [`Action`]s. No rule of the
//! evaluation lives here; the engine and the workflow own them all.

mod breakdown;
mod open;
mod problems;
mod results;
mod start;

use std::rc::Rc;

use yew::prelude::*;

use crate::workflow::{Action, Session};

pub use results::ResultsPage;
pub use start::StartPage;

/// Mounts the app into `<main id="app">` (or the body when there is none).
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

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Opens this sample at start (tests and links use it).
    #[prop_or_default]
    pub sample: Option<AttrValue>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(AppState::default);
    {
        let state = state.clone();
        let sample = props.sample.clone().or_else(sample_from_location);
        use_effect_with((), move |_| {
            if let Some(slug) = sample {
                state.dispatch(Action::OpenSample {
                    slug: slug.to_string(),
                });
            }
        });
    }
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    let session = &state.0;
    let problems = session.refused.as_ref().map(|r| {
        let ondismiss = dispatch.reform(|_| Action::DismissProblems);
        html! { <problems::ErrorSummary refused={r.clone()} {ondismiss} kept={session.open.as_ref().map(|o| AttrValue::from(o.evaluation.title.clone()))} /> }
    });
    html! {
        <>
            <header class="masthead">
                <div class="width">
                    <a class="masthead__name" href="./">{"Bidmark"}</a>
                    <span class="masthead__tag">{"Bid evaluation that runs in your browser: nothing is uploaded"}</span>
                </div>
            </header>
            <div class="width page">
                { for problems }
                {
                    match &session.open {
                        None => html! { <StartPage ondispatch={dispatch.clone()} /> },
                        Some(open) => html! { <ResultsPage open={open.clone()} ondispatch={dispatch.clone()} /> },
                    }
                }
            </div>
            <footer class="footer">
                <div class="width">
                    {"Bidmark works entirely in this browser tab. Files you open are read here and never sent anywhere."}
                </div>
            </footer>
        </>
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
