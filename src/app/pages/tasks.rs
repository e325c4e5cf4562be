//! The task list: the home of an open evaluation (GOV.UK "task list" pattern).

use yew::prelude::*;

use crate::app::PageProps;
use crate::model::Kind;
use crate::text;
use crate::workflow::{work, Action, Page};

#[derive(Clone, Copy, PartialEq)]
enum Status {
    NotStarted,
    InProgress,
    Completed,
    CannotStart,
}

impl Status {
    fn tag(self) -> Html {
        let (class, words) = match self {
            Status::NotStarted => ("tag tag--grey", "Not started"),
            Status::InProgress => ("tag tag--blue", "In progress"),
            Status::Completed => ("tag tag--green", "Completed"),
            Status::CannotStart => ("tag tag--grey", "Cannot start yet"),
        };
        html! { <strong class={class}>{ words }</strong> }
    }
}

/// Cells one evaluator must score: every bid against every scored criterion.
pub fn cells(e: &crate::model::Evaluation) -> usize {
    e.bids.len()
        * e.walk()
            .iter()
            .filter(|(_, c)| c.kind == Kind::Scored)
            .count()
}

pub fn task_list(props: &PageProps) -> Html {
    let open = &props.open;
    let e = &open.evaluation;
    let problems = &open.problems;
    let about = |prefix: &str| {
        problems
            .iter()
            .filter(|p| p.path.starts_with(prefix))
            .count()
    };
    let total_cells = cells(e);

    let details = if e.title != "Untitled evaluation" && about("title") == 0 {
        Status::Completed
    } else {
        Status::NotStarted
    };
    let criteria = match (e.criteria.is_empty(), about("criteria") + about("scale")) {
        (true, _) => Status::NotStarted,
        (false, 0) => Status::Completed,
        _ => Status::InProgress,
    };
    let bids = match (e.bids.is_empty(), about("bids")) {
        (true, _) => Status::NotStarted,
        (false, 0) => Status::Completed,
        _ => Status::InProgress,
    };
    let declared = e
        .evaluators
        .iter()
        .filter(|v| v.declaration.is_some())
        .count();
    let panel = match (e.evaluators.len(), declared) {
        (0, _) => Status::NotStarted,
        (n, d) if n == d => Status::Completed,
        _ => Status::InProgress,
    };
    let ready_to_score = total_cells > 0 && !e.evaluators.is_empty();
    let flagged = open.open_flags(None);
    let agreed = e.consensus.len();

    let go = |page: Page| {
        props
            .ondispatch
            .reform(move |_: MouseEvent| Action::Go(page.clone()))
    };
    let item = |id: &str,
                label: String,
                hint: Option<String>,
                page: Option<Page>,
                status: Status|
     -> Html {
        html! {
            <li class="task-list__item" id={format!("task-{id}")}>
                <div class="task-list__name">
                    if let Some(page) = page {
                        <button type="button" class="link-button task-list__link" onclick={go(page)}>{ label }</button>
                    } else {
                        <span>{ label }</span>
                    }
                    if let Some(h) = hint { <div class="hint">{ h }</div> }
                </div>
                <div class="task-list__status">{ status.tag() }</div>
            </li>
        }
    };

    let results_status = match &open.results {
        None => Status::CannotStart,
        Some(r) if r.bids.iter().any(|b| b.provisional()) => Status::InProgress,
        Some(r) if r.bids.is_empty() => Status::NotStarted,
        Some(_) => Status::Completed,
    };
    let results_hint = match &open.results {
        None => Some(format!(
            "{} to fix first",
            text::count(problems.len(), "problem", "problems")
        )),
        Some(r) => {
            let provisional = r.bids.iter().filter(|b| b.provisional()).count();
            (provisional > 0)
                .then(|| format!("{} provisional", text::count(provisional, "bid", "bids")))
        }
    };

    html! {
        <main id="main">
            if let Some(reference) = &e.reference { <span class="caption">{ reference }</span> }
            <h1>{ &e.title }</h1>
            if let (Some(file), Some(lot)) = (&open.whole, &open.lot) {
                <p class="lead-s" id="lot-note">{ format!("This evaluation has {} lots. The steps below are for {}: choose another lot above. Lots, the panel and the award limit are set on the evaluation details page.",
                    file.lots.len(), file.lot(lot).map_or(lot.as_str(), |l| l.name.as_str())) }</p>
            }
            <p class="lead-s">{"Work through the steps in order. Everything you do is saved in this browser and recorded in the evaluation's audit log."}</p>
            <ol class="task-list">
                <li>
                    <h2 class="task-list__section">{"1. Set up the evaluation"}</h2>
                    <ul class="task-list__items">
                        { item("details", "Evaluation details".into(), Some("Title, reference, lots, scale, moderation method, threshold, blind scoring".into()), Some(Page::Details), details) }
                        { item("criteria", "Criteria and weights".into(),
                            Some(if e.workflow.criteria_locked { "Locked: scoring has started".into() } else { format!("{} criteria", e.walk().len()) }),
                            Some(Page::Criteria), criteria) }
                        { item("bids", "Bids".into(), Some(text::count(e.bids.len(), "bid", "bids")), Some(Page::Bids), bids) }
                        { item("evaluators", "Evaluation panel".into(),
                            Some(format!("{}, {} declared their interests", text::count(e.evaluators.len(), "evaluator", "evaluators"), declared)),
                            Some(Page::Evaluators), panel) }
                    </ul>
                </li>
                <li>
                    <h2 class="task-list__section">{"2. Score bids"}</h2>
                    <ul class="task-list__items">
                        if e.evaluators.is_empty() {
                            { item("scoring", "Add evaluators to the panel first".into(), None, None, Status::CannotStart) }
                        }
                        { for e.evaluators.iter().zip(work(e)).map(|(v, w)| {
                            let (missing, scored) = (w.left_total(), w.scored);
                            let status = if !ready_to_score {
                                Status::CannotStart
                            } else if e.workflow.complete.contains(&v.id) {
                                Status::Completed
                            } else if scored > 0 || missing < total_cells {
                                Status::InProgress
                            } else {
                                Status::NotStarted
                            };
                            item(&format!("score-{}", v.id), format!("{}: {} of {} scored", v.name, scored, total_cells),
                                v.role.clone(),
                                ready_to_score.then(|| Page::Scoring { evaluator: Some(v.id.clone()), bid: None }),
                                status)
                        }) }
                    </ul>
                </li>
                <li>
                    <h2 class="task-list__section">{"3. Moderate"}</h2>
                    <ul class="task-list__items">
                        { item("moderation", "Moderate scores and record consensus".into(),
                            Some(format!("{} flagged for discussion, {} consensus {} recorded",
                                text::count(flagged, "cell", "cells"), agreed, if agreed == 1 { "score" } else { "scores" })),
                            ready_to_score.then_some(Page::Moderation { bid: None }),
                            if !ready_to_score { Status::CannotStart } else if agreed > 0 || !e.checks.is_empty() { Status::InProgress } else { Status::NotStarted }) }
                    </ul>
                </li>
                <li>
                    <h2 class="task-list__section">{"4. Results"}</h2>
                    <ul class="task-list__items">
                        { item("results", "Ranking and breakdowns".into(), results_hint, Some(Page::Results), results_status) }
                    </ul>
                </li>
                <li>
                    <h2 class="task-list__section">{"5. Export"}</h2>
                    <ul class="task-list__items">
                        { item("export", "Result file, award report, assessment summaries, spreadsheets".into(),
                            Some("Everything a buyer files and sends, with a digest anyone can re-check".into()),
                            Some(Page::Export), if open.results.is_some() { Status::NotStarted } else { Status::CannotStart }) }
                        <li class="task-list__item">
                            <div class="task-list__name">
                                <button type="button" class="link-button task-list__link" id="task-save"
                                    onclick={{ let e = e.clone(); Callback::from(move |_: MouseEvent| crate::app::download::save_evaluation(&e)) }}>
                                    {"Save the evaluation file"}
                                </button>
                                <div class="hint">{"Everything: criteria, bids, panel, every score, consensus and the audit log. Send it to evaluators, or keep it on file."}</div>
                            </div>
                        </li>
                    </ul>
                </li>
                <li>
                    <h2 class="task-list__section">{"6. Workshop"}</h2>
                    <ul class="task-list__items">
                        { item("workshop", "Live weights, charts and sensitivity".into(),
                            Some("For facilitators: what-if weights and price formulas, never saved into the evaluation".into()),
                            open.results.is_some().then_some(Page::Workshop),
                            if open.results.is_some() { Status::NotStarted } else { Status::CannotStart }) }
                    </ul>
                </li>
            </ol>
            <details class="details" id="audit-log">
                <summary class="details__summary">{ format!("Audit log ({})", text::count(e.workflow.audit.len(), "entry", "entries")) }</summary>
                <div class="details__body">
                    <table class="table audit">
                        <caption class="visually-hidden">{"Every change to this evaluation, newest first"}</caption>
                        <thead><tr><th scope="col">{"When"}</th><th scope="col">{"Who"}</th><th scope="col">{"What"}</th><th scope="col">{"Before"}</th><th scope="col">{"After"}</th></tr></thead>
                        <tbody>
                            { for e.workflow.audit.iter().rev().take(200).map(|a| html! {
                                <tr>
                                    <td class="nowrap">{ text::when(&a.at) }</td>
                                    <td>{ &a.who }</td>
                                    <td>{ &a.what }</td>
                                    <td>{ a.before.clone().unwrap_or_default() }</td>
                                    <td>{ a.after.clone().unwrap_or_default() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </details>
        </main>
    }
}
