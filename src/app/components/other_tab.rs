//! What this tab knows of another tab of this browser with the same evaluation, and
//! the choice it offers when the other tab holds newer work.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::download;
use crate::app::hooks::storage;
use crate::app::hooks::tabs::{keep_this_tab, OtherTab};
use crate::workflow::{Action, Session};

/// What the banner needs.
pub struct OtherTabProps {
    pub other: OtherTab,
    pub session: Rc<Session>,
    pub ondispatch: Callback<Action>,
    pub onchange: Callback<Option<OtherTab>>,
}

/// "hh:mm:ss UTC" from an ISO time.
fn clock(iso: &str) -> String {
    iso.get(11..19)
        .map_or_else(|| iso.to_string(), |t| format!("{t} UTC"))
}

/// Tells the person which tab holds the newest work, and lets them choose.
/// A plain function, not a component: it keeps no state of its own.
pub fn other_tab_banner(props: &OtherTabProps) -> Html {
    let Some(open) = props.session.open.as_ref() else {
        return html! {};
    };
    let save_file = {
        let e = open.file();
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
                    if let Some((action, lot)) = storage::restore() {
                        d.emit(action);
                        if let Some(lot) = lot {
                            d.emit(Action::ShowLot { lot });
                        }
                    }
                    change.emit(Some(OtherTab::AlsoOpen));
                })
            };
            let keep = {
                let session = props.session.clone();
                let change = props.onchange.clone();
                Callback::from(move |_: MouseEvent| change.emit(keep_this_tab(&session)))
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
