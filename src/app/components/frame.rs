//! The frame around every page of an open evaluation: breadcrumbs, undo and redo,
//! saving the file, the close dialog, the edit error summary, then the page itself,
//! chosen by the session's page (which follows the address).

use yew::prelude::*;

use crate::app::components::error_summary::EditErrorSummary;
use crate::app::pages;
use crate::app::routes::{path_in, Route};
use crate::app::{download, stamp_for, PageProps};
use crate::workflow::{Action, Page, Question};

/// The frame around every page of an open evaluation: breadcrumbs, undo and redo,
/// the edit error summary, then the page itself.
pub fn open_evaluation(props: &PageProps) -> Html {
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
        Page::TaskList => pages::tasks::task_list(props),
        Page::Details => pages::details::page(props),
        Page::Criteria => html! { <pages::criteria::CriteriaPage ..props.clone() /> },
        Page::Bids => html! { <pages::bids::BidsPage ..props.clone() /> },
        Page::Evaluators => html! { <pages::panel::EvaluatorsPage ..props.clone() /> },
        Page::Scoring { .. } => pages::scoring::scoring_page(props),
        Page::Moderation { .. } => {
            html! { <pages::moderation::ModerationPage ..props.clone() /> }
        }
        Page::Results => html! {
            <pages::results::ResultsPage open={open.clone()} ondispatch={props.ondispatch.clone()}
                onedit={props.onedit.clone()} error={props.error.clone()}
                breakdown={props.route.breakdown().map(AttrValue::from)} />
        },
        Page::Export => html! { <pages::export::ExportPage ..props.clone() /> },
        Page::Workshop => html! { <pages::workshop::WorkshopPage ..props.clone() /> },
        Page::Document { .. } => pages::document::document_page(props),
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
                        onclick={{ let e = open.file(); Callback::from(move |_: MouseEvent| download::save_evaluation(&e)) }}>{"Save evaluation"}</button>
                </div>
            </div>
            { lot_switcher(props) }
            if !on_task_list {
                <p class="back"><button type="button" class="link-button" onclick={go(Page::TaskList)}>{"‹ Back to task list"}</button></p>
            }
            if props.session.question == Some(Question::Close) {
                <div class="confirm" role="dialog" aria-labelledby="close-heading" id="confirm-close">
                    <h2 id="close-heading">{ format!("Close \"{}\"?", e.title) }</h2>
                    <p>{"Closing removes this evaluation from this browser. Save the evaluation file first if you will need it again."}</p>
                    <button type="button" class="button button--secondary" onclick={{ let e = open.file(); Callback::from(move |_: MouseEvent| download::save_evaluation(&e)) }}>{"Save the evaluation file"}</button>
                    <button type="button" class="button button--warning" id="confirm-close-button" onclick={{
                        let d = props.ondispatch.clone(); let open = open.clone();
                        Callback::from(move |_: MouseEvent| d.emit(Action::Confirm { stamp: stamp_for(Some(&open)), reason: String::new() }))
                    }}>{"Close the evaluation"}</button>
                    <button type="button" class="button button--secondary" onclick={props.ondispatch.reform(|_: MouseEvent| Action::Cancel)}>{"Cancel"}</button>
                </div>
            }
            if let Some(err) = &props.error {
                <EditErrorSummary error={err.clone()} />
            }
            { page }
        </>
    }
}

/// The lots of a file with lots, each a link to the same page in that lot; the lot on
/// screen marked as the current one.
fn lot_switcher(props: &PageProps) -> Html {
    let open = &props.open;
    let Some(file) = &open.whole else {
        return html! {};
    };
    // A page about one bid or one supplier opens at its list in another lot.
    let route = match &props.route {
        Route::ScoresheetAt { evaluator, .. } => Route::Scoresheet {
            evaluator: evaluator.clone(),
        },
        Route::ModerationAt { .. } => Route::Moderation,
        Route::Breakdown { .. } => Route::Results,
        Route::Summary { .. } | Route::Report => Route::Export,
        other => other.clone(),
    };
    html! {
        <nav class="lot-switcher" aria-label="Lots">
            <span class="lot-switcher__label">{"Lot:"}</span>
            <ul>
                { for file.lots.iter().map(|l| {
                    let href = format!("#{}", path_in(Some(&l.id), &route));
                    let current = open.lot.as_deref() == Some(l.id.as_str());
                    html! {
                        <li>
                            <a {href} class={classes!("lot-switcher__link", current.then_some("lot-switcher__link--current"))}
                                aria-current={current.then_some("page")}>{ &l.name }</a>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
