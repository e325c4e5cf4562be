//! Autosave: after every change (after a pause, so a burst of clicks makes one save),
//! and at once when the page is hidden or left, so that a reload, a closed tab or a
//! phone switching apps loses nothing. A refusal is reported, never swallowed.

use std::rc::Rc;

use yew::prelude::*;

use super::storage;
use super::tabs::OtherTab;
use crate::workflow::Session;

/// Saves `session` whenever it changes. Returns why the browser refused the last save,
/// if it did; a save over another tab's newer work is refused and told to `other_tab`.
#[hook]
pub fn use_autosave(
    session: &Session,
    changed: impl PartialEq + 'static,
    persist: bool,
    other_tab: UseStateHandle<Option<OtherTab>>,
) -> UseStateHandle<Option<String>> {
    let storage_problem = use_state(|| None::<String>);
    {
        let storage_problem = storage_problem.clone();
        let session = session.clone();
        use_effect_with(changed, move |_| {
            if persist {
                let report: storage::Report = Rc::new(move |outcome| match outcome {
                    Ok(changed) => {
                        // Drawn again only if something is to be said or unsaid.
                        if storage_problem.is_some() {
                            storage_problem.set(None);
                        }
                        if changed && other_tab.is_some() {
                            other_tab.set(Some(OtherTab::ThisNewest(crate::app::now_iso())));
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
    use_effect_with((), move |_| {
        let listeners = persist.then(|| {
            let window = gloo::utils::window();
            let document = gloo::utils::document();
            (
                gloo::events::EventListener::new(&window, "pagehide", |_| storage::save_pending()),
                gloo::events::EventListener::new(&document, "visibilitychange", |_| {
                    if gloo::utils::document().hidden() {
                        storage::save_pending();
                    }
                }),
            )
        });
        move || drop(listeners)
    });
    storage_problem
}
