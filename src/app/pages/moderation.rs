//! Moderation: scoresheets in, the evaluators' scores side by side, divergence flagged,
//! and the panel's consensus recorded with its rationale. Individual scores are kept.

mod calibration;
mod overview;

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::file_drop::FileOpener;
use crate::app::components::form::{
    error_for, scale_choices, text_area, Choice, Radios, TextAreaProps, TextField,
};
use crate::app::fields::dom_id;
use crate::app::hooks::drafts as draft;
use crate::app::pages::results::{ALL_UP_TO, PAGE};
use crate::app::PageProps;
use crate::model::panel::Panel;
use crate::model::{Dec, Kind, Method};
use crate::scoring::{Detail, Results, Standing};
use crate::text;
use crate::workflow::{scale_of, Action, Edit, Field, Page, Question};

#[function_component(ModerationPage)]
pub fn moderation_page(props: &PageProps) -> Html {
    let e = &props.open.evaluation;
    let Page::Moderation { bid } = &props.open.page else {
        return html! {};
    };
    let flagged_only = use_state(|| false);
    let bid_id = bid
        .clone()
        .filter(|b| e.bid(b).is_some())
        .or_else(|| e.bids.first().map(|b| b.id.clone()));
    let go_bid = |b: String| {
        props.ondispatch.reform(move |_: MouseEvent| {
            Action::Go(Page::Moderation {
                bid: Some(b.clone()),
            })
        })
    };
    let onimport = {
        let d = props.ondispatch.clone();
        let open = props.open.clone();
        Callback::from(move |(name, bytes): (String, Vec<u8>)| {
            d.emit(Action::ImportScoresheet {
                name,
                bytes,
                stamp: crate::app::stamp_for(Some(&open)),
            })
        })
    };
    let toggle = {
        let f = flagged_only.clone();
        Callback::from(move |_: Event| f.set(!*f))
    };
    let flagged_in = |bid: &str| props.open.open_flags(Some(bid));
    // The overview and the figures, built once for each new set of results (a score or
    // consensus recorded makes new results; typing a rationale does not).
    let figures = {
        let open = props.open.clone();
        use_memo(Same(open.results.clone()), move |_| {
            let full = open.full_results();
            let calibration = full
                .as_ref()
                .map(|r| calibration::calibration_section(&open.evaluation, r));
            (full, calibration)
        })
    };
    // Bids drawn in the overview: all of them up to 50, else 25 more on each asking,
    // as on the results page.
    let rows = use_state(|| PAGE);
    let limit = if e.bids.len() <= ALL_UP_TO {
        usize::MAX
    } else {
        *rows
    };
    let overview = {
        let (e, full) = (props.open.evaluation.clone(), figures.0.clone());
        use_memo(
            (Same(props.open.results.clone()), *flagged_only, limit),
            move |(_, flagged_only, limit)| {
                full.map(|r| overview::overview_table(&e, &r, *flagged_only, *limit))
            },
        )
    };
    let more = |n: usize| {
        let rows = rows.clone();
        Callback::from(move |_: MouseEvent| rows.set(n))
    };
    // A cell of the overview chosen: its bid's discussion, then focus on the criterion.
    let focus_to = use_state(|| None::<(String, String)>);
    {
        let focus_to = focus_to.clone();
        use_effect_with(
            ((*focus_to).clone(), bid_id.clone()),
            move |(target, shown)| {
                if let Some((b, c)) = target {
                    if shown.as_deref() == Some(b.as_str()) {
                        focus_cell(b, c);
                        focus_to.set(None);
                    }
                }
            },
        );
    }
    let onoverview = {
        let (d, focus_to) = (props.ondispatch.clone(), focus_to.clone());
        Callback::from(move |ev: MouseEvent| {
            use wasm_bindgen::JsCast;
            // Keep the browser's own behaviour for a new tab or window.
            if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
                return;
            }
            let link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("a[data-bid]").ok().flatten());
            let Some(link) = link else { return };
            let (Some(b), Some(c)) = (
                link.get_attribute("data-bid"),
                link.get_attribute("data-criterion"),
            ) else {
                return;
            };
            ev.prevent_default();
            focus_to.set(Some((b.clone(), c)));
            d.emit(Action::Go(Page::Moderation { bid: Some(b) }));
        })
    };
    html! {
        <main id="main">
            <h1>{"Moderate scores"}</h1>
            <p class="lead-s">{"Compare the evaluators' scores and justifications, discuss the cells flagged for divergence, and record the score the panel agrees with its rationale. The evaluators' own scores are kept."}</p>

            <section class="section" aria-labelledby="sheets-heading">
                <h2 id="sheets-heading">{"Scoresheets"}</h2>
                <table class="table" id="scoresheets">
                    <caption class="visually-hidden">{"Scores received from each evaluator"}</caption>
                    <thead><tr><th scope="col">{"Evaluator"}</th><th scope="col" class="num">{"Scores"}</th><th scope="col">{"Status"}</th></tr></thead>
                    <tbody>
                        { for e.evaluators.iter().map(|v| {
                            let n = e.scores.iter().filter(|s| s.evaluator == v.id).count();
                            let complete = e.workflow.complete.contains(&v.id);
                            html! {
                                <tr data-evaluator={v.id.clone()}>
                                    <th scope="row">{ &v.name }</th>
                                    <td class="num">{ n }</td>
                                    <td>{ match (n, complete) {
                                        (0, _) => html! { <strong class="tag tag--grey">{"No scores yet"}</strong> },
                                        (_, true) => html! { <strong class="tag tag--green">{"Complete"}</strong> },
                                        _ => html! { <strong class="tag tag--blue">{"In progress"}</strong> },
                                    } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                <p class="hint">{"Import the scoresheet each evaluator exported. A scoresheet from another evaluation, or scored against different criteria, is refused."}</p>
                <FileOpener ondispatch={props.ondispatch.clone()} id="scoresheet-file" label="Import scoresheets" onfile={Some(onimport)} multiple=true />
                if let Some(Question::ReplaceScoresheet { sheet, existing, source }) = &props.session.question {
                    <div class="confirm" role="dialog" aria-labelledby="replace-heading" id="replace-scoresheet">
                        <h3 id="replace-heading">{ format!("Replace {}'s scores?", sheet.evaluator.name) }</h3>
                        <p>{ format!("{} already has {} in this evaluation. {source} holds {}. Importing it replaces them all; the change is recorded and can be undone.",
                            sheet.evaluator.name, text::count(*existing, "score", "scores"), text::count(sheet.scores.len(), "score", "scores")) }</p>
                        <button type="button" class="button button--warning" onclick={{
                            let d = props.ondispatch.clone(); let open = props.open.clone();
                            Callback::from(move |_: MouseEvent| d.emit(Action::Confirm { stamp: crate::app::stamp_for(Some(&open)), reason: String::new() }))
                        }}>{"Replace the scores"}</button>
                        <button type="button" class="button button--secondary" onclick={props.ondispatch.reform(|_: MouseEvent| Action::Cancel)}>{"Keep the scores already here"}</button>
                    </div>
                }
            </section>

            <section class="section" aria-labelledby="overview-heading" id="overview-section">
                <h2 id="overview-heading">{"Every bid at a glance"}</h2>
                <p class="hint">{"Each cell shows the moderated score, how far apart the evaluators' scores are (the spread) and how many scores count. Cells flagged for discussion say \"Discuss\"; cells with a consensus say \"Agreed\". Select a cell to go to its discussion."}</p>
                <div class="checkboxes">
                    <input class="checkbox" type="checkbox" id="flagged-only" checked={*flagged_only} onchange={toggle} aria-describedby="flagged-only-hint" />
                    <label for="flagged-only">{"Show only cells flagged for discussion"}</label>
                </div>
                <p class="hint flagged-only__hint" id="flagged-only-hint">{"In this overview and in each bid's discussion below."}</p>
                if let Some((table, total)) = (*overview).clone() {
                    <div class="table-scroll overview-scroll" tabindex="0" role="region" aria-labelledby="overview-caption" onclick={onoverview}>
                        { table }
                    </div>
                    if limit < total {
                        <div class="show-more" id="overview-more">
                            <p>{ format!("Showing the first {limit} of {total} bids. Every bid is in the discussion below.") }</p>
                            <button type="button" class="button button--secondary" id="overview-more-bids" onclick={more(limit + PAGE)}>{ format!("Show {} more", PAGE.min(total - limit)) }</button>
                            <button type="button" class="button button--secondary" id="overview-all-bids" onclick={more(total)}>{ format!("Show all {total} bids") }</button>
                        </div>
                    }
                } else {
                    <p class="hint">{"The overview appears once the evaluation has no problems left to fix."}</p>
                }
            </section>
            { figures.1.clone().unwrap_or_default() }

            <nav class="bid-nav" aria-label="Bids to moderate">
                <ul>
                    { for e.bids.iter().map(|b| {
                        let current = bid_id.as_deref() == Some(b.id.as_str());
                        let n = flagged_in(&b.id);
                        html! {
                            <li class={classes!(current.then_some("bid-nav__current"))}>
                                <button type="button" class="link-button" onclick={go_bid(b.id.clone())} aria-current={current.then_some("page")}>{ &b.supplier }</button>
                                <span class="hint block">{ if n == 0 { "Nothing flagged".to_string() } else { format!("{} flagged", n) } }</span>
                            </li>
                        }
                    }) }
                </ul>
            </nav>
            if let Some(bid) = bid_id.as_ref().and_then(|b| e.bid(b)) {
                <section aria-labelledby="moderate-bid">
                    <h2 id="moderate-bid" tabindex="-1">{ &bid.supplier }</h2>
                    if *flagged_only { <p class="hint">{"Showing only the cells flagged for discussion."}</p> }
                    { for e.walk().into_iter().filter(|(_, c)| matches!(c.kind, Kind::Scored | Kind::PassFail)).map(|(_, c)| {
                        if c.kind == Kind::PassFail {
                            check_cell(&CellProps { page: props.clone(), bid: bid.id.clone(), criterion: c.id.clone(), flagged_only: false })
                        } else {
                            html! { <ModerateCell key={format!("{}-{}", bid.id, c.id)} page={props.clone()} bid={bid.id.clone()} criterion={c.id.clone()} flagged_only={*flagged_only} /> }
                        }
                    }) }
                </section>
            }
            <p><button type="button" class="button" onclick={props.ondispatch.reform(|_: MouseEvent| Action::Go(Page::Results))}>{"See the results"}</button></p>
        </main>
    }
}

/// Results compared by identity: new results are a new `Rc`.
#[derive(Clone)]
struct Same(Option<Rc<Results>>);

impl PartialEq for Same {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// Moves to one criterion's discussion of the bid shown: its heading takes focus (the
/// bid's heading when the cell is not shown, as with "only flagged cells").
fn focus_cell(bid: &str, criterion: &str) {
    use wasm_bindgen::JsCast;
    let document = gloo::utils::document();
    let cell = document.get_element_by_id(&format!("moderate-{bid}-{criterion}"));
    let heading = cell
        .as_ref()
        .and_then(|cell| cell.query_selector(".moderate-cell__name").ok().flatten())
        .or_else(|| document.get_element_by_id("moderate-bid"));
    if let Some(h) = heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
        // The cell's top, with a little room above it; focus then needs no scroll.
        cell.as_ref().unwrap_or(&h).scroll_into_view();
        gloo::utils::window().scroll_by_with_x_and_y(0.0, -24.0);
        let _ = h.focus();
    }
}

#[derive(Properties, PartialEq)]
struct CellProps {
    page: PageProps,
    bid: String,
    criterion: String,
    #[prop_or_default]
    flagged_only: bool,
}

/// One cell: scores and justifications side by side, the spread, and the consensus form.
#[function_component(ModerateCell)]
fn moderate_cell(props: &CellProps) -> Html {
    let p = &props.page;
    let e = &p.open.evaluation;
    let existing = e
        .consensus
        .iter()
        .find(|c| c.bid == props.bid && c.criterion == props.criterion)
        .cloned();
    // What the panel has chosen and written but not yet recorded survives a reload.
    let eid = e.id.clone();
    let (consensus_field, why_field) = (
        Field::consensus(&props.bid, &props.criterion),
        Field::rationale(&props.bid, &props.criterion),
    );
    // The fields' ids also key their drafts.
    let (field, rationale_field) = (dom_id(&consensus_field), dom_id(&why_field));
    let chosen = use_state(|| {
        draft::get(eid.as_deref(), &field)
            .or_else(|| existing.as_ref().map(|c| c.score.0.normalize().to_string()))
    });
    let rationale = use_state(|| {
        draft::get(eid.as_deref(), &rationale_field).unwrap_or_else(|| {
            existing
                .as_ref()
                .map(|c| c.rationale.clone())
                .unwrap_or_default()
        })
    });
    if let Some(c) = &existing {
        // Recorded as drafted: the drafts have done their job.
        if chosen.as_deref() == Some(c.score.0.normalize().to_string().as_str())
            && *rationale == c.rationale
        {
            draft::clear(eid.as_deref(), &field);
            draft::clear(eid.as_deref(), &rationale_field);
        }
    }
    let no_score = use_state(|| false);
    let Some(c) = e.criterion(&props.criterion) else {
        return html! {};
    };
    let cell = p
        .open
        .lines(&props.bid)
        .into_iter()
        .find(|l| l.criterion == props.criterion)
        .and_then(|l| match l.detail {
            Detail::Scored(s) => Some(s),
            _ => None,
        });
    let flagged = cell.as_ref().is_some_and(|c| c.flagged);
    if props.flagged_only && !flagged {
        return html! {};
    }
    let scale = scale_of(e, &c.id);
    let onrecord = {
        let (b, cr, chosen, rationale) = (
            props.bid.clone(),
            props.criterion.clone(),
            chosen.clone(),
            rationale.clone(),
        );
        let onedit = p.onedit.clone();
        let no_score = no_score.clone();
        Callback::from(move |_: MouseEvent| {
            match (*chosen)
                .as_deref()
                .map(|s| crate::model::parse_decimal(s.trim()))
            {
                Some(Ok(score)) => {
                    no_score.set(false);
                    onedit.emit(Edit::Consensus {
                        bid: b.clone(),
                        criterion: cr.clone(),
                        agreed: Some((Dec(score), (*rationale).clone())),
                    })
                }
                // Nothing to record yet: say so beside the field; nothing else changes.
                _ => no_score.set(true),
            }
        })
    };
    let score_error = error_for(&p.error, &consensus_field)
        .or_else(|| no_score.then(|| "Choose the score the panel agreed.".to_string()));
    let onclear = {
        let (b, cr) = (props.bid.clone(), props.criterion.clone());
        p.onedit.reform(move |_: MouseEvent| Edit::Consensus {
            bid: b.clone(),
            criterion: cr.clone(),
            agreed: None,
        })
    };
    let on_choose = {
        let (chosen, eid, field) = (chosen.clone(), eid.clone(), field.clone());
        Callback::from(move |v: String| {
            draft::set(eid.as_deref(), &field, &v);
            chosen.set(Some(v))
        })
    };
    let on_rationale = {
        let (rationale, eid, field) = (rationale.clone(), eid.clone(), rationale_field.clone());
        Callback::from(move |v: String| {
            draft::set(eid.as_deref(), &field, &v);
            rationale.set(v)
        })
    };
    let choices = scale_choices(&scale);
    let scores: Vec<_> = e
        .scores
        .iter()
        .filter(|s| s.bid == props.bid && s.criterion == props.criterion)
        .collect();
    let this_bid = e.bid(&props.bid);
    // Who may not score this cell, asked only when someone has not scored it.
    let panel = (scores.len() < e.evaluators.len()).then(|| Panel::new(e));
    let method = e.method();
    // With a mean, median or trimmed mean, a cell that is not flagged needs no
    // consensus: the form is offered, folded away, not demanded.
    let offered = !flagged && method != Method::Consensus;
    let rationale_error = error_for(&p.error, &why_field);
    let unfolded = existing.is_some()
        || chosen.is_some()
        || !rationale.is_empty()
        || score_error.is_some()
        || rationale_error.is_some();
    let consensus_form = html! {
        <div class="consensus-form">
            if let Some(choices) = choices {
                <Radios name={field.clone()} legend="Agreed score" inline=true small=true {choices}
                    selected={(*chosen).clone()} onchange={on_choose} error={score_error} />
            } else {
                <TextField id={field.clone()} label={format!("Agreed score ({} to {})", scale.min, scale.max)} width="width-5"
                    value={(*chosen).clone().unwrap_or_default()} onchange={on_choose} error={score_error} />
            }
            { text_area(TextAreaProps { id: (rationale_field.clone()).into(), label: "Rationale".into(), hint: Some("Why the panel agreed this score, with reference to the bid.".into()), value: ((*rationale).clone()).into(), oninput: on_rationale, error: rationale_error, ..TextAreaProps::default() }) }
            <button type="button" class="button" onclick={onrecord}>{ if existing.is_some() { "Update the consensus score" } else { "Record the consensus score" } }</button>
            if existing.is_some() {
                <button type="button" class="button button--secondary" onclick={onclear}>{"Clear it"}</button>
            }
        </div>
    };
    html! {
        <div class={classes!("moderate-cell", flagged.then_some("moderate-cell--flagged"))} id={format!("moderate-{}-{}", props.bid, props.criterion)}>
            <h3 class="moderate-cell__name" tabindex="-1">
                { &c.name }
                if flagged { <strong class="tag tag--yellow">{ format!("Flagged: scores differ by {}", cell.as_ref().and_then(|c| c.spread).map(text::plain).unwrap_or_default()) }</strong> }
                if existing.is_some() { <strong class="tag tag--green">{"Consensus recorded"}</strong> }
            </h3>
            <table class="table moderate-scores">
                <caption class="visually-hidden">{ format!("Evaluators' scores for {}", c.name) }</caption>
                <thead><tr><th scope="col">{"Evaluator"}</th><th scope="col" class="num">{"Score"}</th><th scope="col">{"Justification"}</th></tr></thead>
                <tbody>
                    { for e.evaluators.iter().map(|v| {
                        let s = scores.iter().find(|s| s.evaluator == v.id);
                        // A score in the file that does not count is shown for what it is.
                        let aside = cell.as_ref().and_then(|c| c.set_aside.iter().find(|(id, _, _)| *id == v.id)).map(|(_, _, why)| *why);
                        let standing = match (s, aside) {
                            (_, Some(why)) => Some(why),
                            (None, None) => this_bid.zip(panel.as_ref()).map(|(b, panel)| panel.standing(&v.id, b, &props.criterion)).filter(|w| *w != Standing::Counts),
                            _ => None,
                        };
                        html! {
                            <tr data-evaluator={v.id.clone()} class={classes!(aside.is_some().then_some("moderate-scores__aside"))}>
                                <th scope="row">{ &v.name }</th>
                                <td class="num">
                                    if let (Some(s), Some(why)) = (s, aside) {
                                        <s class="set-aside">{ s.score.to_string() }</s>
                                        <strong class="tag tag--grey block">{ text::does_not_count(why) }</strong>
                                    } else {
                                        { s.map_or("–".to_string(), |s| s.score.to_string()) }
                                    }
                                </td>
                                <td>{ s.and_then(|s| s.note.clone()).unwrap_or_else(|| match (s, standing) {
                                    (Some(_), _) => "No justification".into(),
                                    (None, Some(Standing::Recused)) => "Not scored: recused from this bid".into(),
                                    (None, Some(_)) => "Not scored: not assigned to this cell".into(),
                                    (None, None) => "Not scored".into(),
                                }) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if let Some(cell) = &cell {
                <p class="hint">{ match (cell.moderated, cell.spread) {
                    (Some(m), Some(s)) => format!("Moderated score now: {} ({}). Spread {}.", text::plain(m), cell.basis.words(), text::plain(s)),
                    (Some(m), None) => format!("Moderated score now: {} ({}).", text::plain(m), cell.basis.words()),
                    _ => "No scores yet.".to_string(),
                } }</p>
            }
            if offered {
                <details class="details consensus-offer" open={unfolded}>
                    <summary class="details__summary">{"Record an agreed score anyway"}</summary>
                    <div class="details__body">
                        <p class="hint">{ format!("This cell is not flagged for discussion: the {} stands unless the panel agrees a score.", cell.as_ref().map_or("moderated score", |c| c.basis.words())) }</p>
                        { consensus_form }
                    </div>
                </details>
            } else {
                { consensus_form }
            }
        </div>
    }
}

/// A pass/fail criterion for one bid: pass, fail, and a note. A plain function (keyed
/// by its cell), not a component: it keeps no state of its own.
fn check_cell(props: &CellProps) -> Html {
    let p = &props.page;
    let e = &p.open.evaluation;
    let Some(c) = e.criterion(&props.criterion) else {
        return html! {};
    };
    let check = e
        .checks
        .iter()
        .find(|k| k.bid == props.bid && k.criterion == props.criterion);
    let note = check.and_then(|k| k.note.clone()).unwrap_or_default();
    let passed = check.map(|k| k.passed);
    let (b, cr) = (props.bid.clone(), props.criterion.clone());
    let on_pass = {
        let (b, cr, note) = (b.clone(), cr.clone(), note.clone());
        p.onedit.reform(move |v: String| Edit::Check {
            bid: b.clone(),
            criterion: cr.clone(),
            passed: Some(v == "pass"),
            note: note.clone(),
        })
    };
    let on_note = p.onedit.reform(move |n: String| Edit::Check {
        bid: b.clone(),
        criterion: cr.clone(),
        passed,
        note: n,
    });
    html! {
        <div class="moderate-cell" key={format!("{}-{}", props.bid, props.criterion)} id={format!("check-{}-{}", props.bid, props.criterion)}>
            <h3 class="moderate-cell__name">{ &c.name }<span class="hint">{" (pass or fail)"}</span></h3>
            if let Some(g) = &c.guidance { <p class="hint">{ g }</p> }
            <Radios name={format!("check-{}-{}-outcome", props.bid, props.criterion)} legend="Does the bid meet this requirement?" inline=true small=true
                choices={vec![
                    Choice { value: "pass".into(), label: "Pass".into(), hint: None },
                    Choice { value: "fail".into(), label: "Fail: the bid is excluded".into(), hint: None },
                ]}
                selected={passed.map(|p| if p { "pass".to_string() } else { "fail".to_string() })} onchange={on_pass} />
            if passed.is_some() {
                { text_area(TextAreaProps { id: (format!("check-{}-{}-note", props.bid, props.criterion)).into(), label: "Note".into(), rows: 2, value: (note).into(), oninput: on_note, ..TextAreaProps::default() }) }
            }
        </div>
    }
}
