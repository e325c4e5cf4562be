//! The other tabs of this browser: their saves and their announcements, so that two
//! tabs with the same evaluation know of each other and never overwrite each other.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::storage;

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

/// Listens to the other tabs, and announces the evaluation open here whenever it
/// changes. `open` is `None` when no evaluation is open, else the evaluation's `id`.
/// `None` in the handle: no other tab is known.
#[hook]
pub fn use_other_tab(
    open: Option<Option<String>>,
    persist: bool,
) -> UseStateHandle<Option<OtherTab>> {
    let other_tab = use_state(|| None::<OtherTab>);
    // The evaluation open now, for the listener below (which outlives any one render).
    let open_id = use_mut_ref(|| None::<Option<String>>);
    *open_id.borrow_mut() = open.clone();
    {
        let other_tab = other_tab.clone();
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
        let other_tab = other_tab.clone();
        use_effect_with(open, move |open| {
            other_tab.set(None);
            if let (true, Some(id)) = (persist, open) {
                storage::announce(id.clone(), false);
            }
        });
    }
    other_tab
}

/// Keeps this tab's work over what another tab saved, and says which tab now holds
/// the newest work.
pub fn keep_this_tab(session: &crate::workflow::Session) -> Option<OtherTab> {
    storage::take_over();
    match storage::save(session) {
        Ok(_) => Some(OtherTab::ThisNewest(crate::app::now_iso())),
        Err(storage::NotSaved::OtherTab(head)) => Some(OtherTab::Newer(head)),
        Err(storage::NotSaved::Refused(_)) => None,
    }
}
