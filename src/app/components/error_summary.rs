//! Error summaries (GOV.UK pattern): every problem with a file, where it is, and a
//! reassurance that nothing already open was touched; and a refused change, linking to
//! its field (following the link puts the cursor in the field: `hooks::addresses`).

use yew::prelude::*;

use crate::workflow::{Action, EditError, Refused};

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub refused: Refused,
    /// Title of the evaluation that stays open, if any.
    pub kept: Option<AttrValue>,
    pub ondispatch: Callback<Action>,
}

#[function_component(ErrorSummary)]
pub fn error_summary(props: &ErrorSummaryProps) -> Html {
    let node = use_node_ref();
    {
        // Move focus to the summary so keyboard and screen-reader users hear it at once.
        let node = node.clone();
        use_effect_with(props.refused.clone(), move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let r = &props.refused;
    let n = r.problems.len();
    let kept = match &props.kept {
        Some(title) => format!("Nothing has changed: \"{title}\" is still open."),
        None => "Nothing has been opened.".to_string(),
    };
    let ondismiss = props
        .ondispatch
        .reform(|_: MouseEvent| Action::DismissProblems);
    let ondraft = props.ondispatch.reform(|_: MouseEvent| Action::OpenDraft);
    html! {
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" ref={node}>
            <h2 class="error-summary__title" id="error-summary-title">
                { format!("{} could not be opened", r.source) }
            </h2>
            <p>{ format!("{} {}", crate::text::count(n, "problem was found.", "problems were found."), kept) }</p>
            <ul class="error-summary__list">
                { for r.problems.iter().map(|p| html! {
                    <li>
                        if !p.place.is_empty() { <strong>{ format!("{}: ", p.place) }</strong> }
                        { &p.message }
                        if let Some((l, c)) = p.line { <span class="error-summary__where">{ format!(" Line {l}, column {c}.") }</span> }
                        if !p.path.is_empty() { <span class="error-summary__where">{" Field "}<code>{ &p.path }</code></span> }
                    </li>
                }) }
            </ul>
            if r.draft.is_some() {
                <p>{"The file itself is readable: you can open it to fix these problems in Bidmark. It cannot be scored until they are fixed."}</p>
                <button type="button" class="button" onclick={ondraft} id="open-draft">{"Open it to fix the problems"}</button>
            }
            <button type="button" class="button button--secondary" onclick={ondismiss}>{"Dismiss"}</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct EditErrorSummaryProps {
    pub error: EditError,
}

/// "There is a problem": the refused change, linking to its field. Takes focus.
#[function_component(EditErrorSummary)]
pub fn edit_error_summary(props: &EditErrorSummaryProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.error.clone(), move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let e = &props.error;
    html! {
        <div class="error-summary" role="alert" aria-labelledby="edit-error-title" tabindex="-1" ref={node} id="edit-error">
            <h2 class="error-summary__title" id="edit-error-title">{"There is a problem"}</h2>
            <ul class="error-summary__list">
                <li>
                    if let Some(field) = &e.field {
                        <a href={format!("#{}", crate::app::fields::dom_id(field))}>{ &e.message }</a>
                    } else {
                        { &e.message }
                    }
                </li>
            </ul>
            <p class="hint">{"Nothing was changed."}</p>
        </div>
    }
}
