//! Independent scoring: one evaluator, one bid at a time, the bid's answer beside each
//! criterion, the scale's descriptors as choices, a justification for every score.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::form::{
    error_for, scale_choices, text_area, Choice, Radios, TextAreaProps, TextField,
};
use crate::app::fields::dom_id;
use crate::app::pages::tasks::cells;
use crate::app::PageProps;
use crate::model::panel::{Panel, Standing};
use crate::model::{Criterion, Dec, Kind, Scale, Score};
use crate::text;
use crate::workflow::{scale_of, scoresheet_for, work, Action, Edit, EditError, Field, Page};

pub fn scoring_page(props: &PageProps) -> Html {
    let e = &props.open.evaluation;
    let Page::Scoring { evaluator, bid } = &props.open.page else {
        return html! {};
    };
    match evaluator.as_ref().and_then(|id| e.evaluator(id)) {
        None => choose_evaluator(props),
        Some(v) => {
            // A bid by id, or by code when scoring is blind; only bids offered to them.
            let offered = offered(e, &v.id);
            let bid_id = bid
                .as_deref()
                .and_then(|b| {
                    e.bid(b)
                        .or_else(|| e.workflow.blind.then(|| e.bid_of_code(b)).flatten())
                })
                .map(|b| b.id.clone())
                .filter(|b| offered.contains(b))
                .or_else(|| offered.first().cloned());
            scoresheet(&ScoresheetProps {
                page: props.clone(),
                evaluator: v.id.clone(),
                bid: bid_id,
            })
        }
    }
}

/// The bids an evaluator is offered to score, in order: not those they stand down from,
/// nor those with no criterion assigned to them.
fn offered(e: &crate::model::Evaluation, evaluator: &str) -> Vec<String> {
    let panel = Panel::new(e);
    let leaves: Vec<&str> = e
        .walk()
        .into_iter()
        .filter(|(_, c)| c.kind == Kind::Scored)
        .map(|(_, c)| c.id.as_str())
        .collect();
    e.bids
        .iter()
        .filter(|b| {
            leaves
                .iter()
                .any(|l| panel.standing(evaluator, b, l) == Standing::Counts)
        })
        .map(|b| b.id.clone())
        .collect()
}

/// "Who are you?": an evaluator picks themselves before scoring.
fn choose_evaluator(props: &PageProps) -> Html {
    let e = &props.open.evaluation;
    let choices: Vec<Choice> = e
        .evaluators
        .iter()
        .map(|v| Choice {
            value: v.id.clone(),
            label: v.name.clone(),
            hint: v.role.clone(),
        })
        .collect();
    let onchange = props.ondispatch.reform(|id: String| {
        Action::Go(Page::Scoring {
            evaluator: Some(id),
            bid: None,
        })
    });
    html! {
        <main id="main">
            <h1>{"Score bids"}</h1>
            <Radios name="who" legend="Who are you?" hint="Score on your own: do not discuss scores with other evaluators before moderation." {choices} selected={None::<String>} {onchange} />
        </main>
    }
}

struct ScoresheetProps {
    page: PageProps,
    evaluator: String,
    bid: Option<String>,
}

fn scoresheet(props: &ScoresheetProps) -> Html {
    let p = &props.page;
    let e = &p.open.evaluation;
    let Some(v) = e.evaluator(&props.evaluator) else {
        return html! {};
    };
    // Counted once per drawing, in one pass each: a framework evaluation has tens of
    // thousands of scores, and this page is drawn again at every score given.
    let mine_work = e
        .evaluators
        .iter()
        .position(|x| x.id == v.id)
        .map(|i| work(e).swap_remove(i))
        .unwrap_or_default();
    let (left, scored) = (&mine_work.left, mine_work.scored);
    let total = mine_work.cells.min(cells(e));
    let offered = offered(e, &v.id);
    let panel = Panel::new(e);
    let blind = e.workflow.blind;
    let missing = mine_work.left_total();
    let weights = crate::scoring::effective_weights(e);
    let mine: std::collections::HashMap<&str, &Rc<Score>> = match &props.bid {
        Some(bid) => e
            .scores
            .iter()
            .filter(|s| s.evaluator == v.id && s.bid == *bid)
            .map(|s| (s.criterion.as_str(), s))
            .rev() // the first score of a cell wins
            .collect(),
        None => Default::default(),
    };
    let complete = e.workflow.complete.contains(&v.id);
    let ev = v.id.clone();
    // Blind, a bid's address names its code, not its id (which may be the supplier's name).
    let go_bid = |bid: String| {
        let ev = ev.clone();
        let bid = if blind {
            e.code_of(&bid).unwrap_or(bid)
        } else {
            bid
        };
        p.ondispatch.reform(move |_: MouseEvent| {
            Action::Go(Page::Scoring {
                evaluator: Some(ev.clone()),
                bid: Some(bid.clone()),
            })
        })
    };
    let switch = p.ondispatch.reform(|_: MouseEvent| {
        Action::Go(Page::Scoring {
            evaluator: None,
            bid: None,
        })
    });
    let oncomplete = {
        let ev = ev.clone();
        p.onedit.reform(move |_: MouseEvent| Edit::Complete {
            evaluator: ev.clone(),
            complete: !complete,
        })
    };
    let onexport = {
        let e = e.clone();
        let ev = ev.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(sheet) = scoresheet_for(&e, &ev, &crate::app::now_iso()) {
                let name = crate::app::download::file_name(
                    &e,
                    &format!("scoresheet {}", sheet.evaluator.name),
                    "json",
                );
                let mut json = serde_json::to_string_pretty(&sheet).unwrap_or_default();
                json.push('\n');
                let _ = crate::app::download::download(&name, "application/json", &json);
            }
        })
    };
    let bid_index = props
        .bid
        .as_ref()
        .and_then(|b| offered.iter().position(|x| x == b));
    let next_bid = bid_index.and_then(|i| offered.get(i + 1)).cloned();
    // The criteria this evaluator scores for the bid on screen; a group is shown when
    // something in it is theirs.
    let theirs = |bid: &crate::model::Bid, c: &Criterion| -> bool {
        crate::model::tree::subtree_ids(c).iter().any(|id| {
            e.criterion(id).is_some_and(|x| x.kind == Kind::Scored)
                && panel.standing(&v.id, bid, id) == Standing::Counts
        })
    };
    html! {
        <main id="main">
            <span class="caption">{ format!("Scoring as {}", v.name) }</span>
            <h1>{"Score bids"}</h1>
            <p><button type="button" class="link-button" onclick={switch}>{"Not you? Choose another evaluator"}</button></p>
            <div class="progress" id="scoring-progress">
                <p><strong>{ format!("{} of {} scored", scored, total) }</strong>
                    { format!(", {} still to do.", text::count(missing, "score or justification", "scores or justifications")) }</p>
                if complete { <p><strong class="tag tag--green">{"Scoresheet complete"}</strong></p> }
            </div>
            <nav class="bid-nav" aria-label="Bids to score">
                <ul>
                    { for e.bids.iter().zip(left).filter(|(b, _)| offered.contains(&b.id)).map(|(b, &left)| {
                        let current = props.bid.as_deref() == Some(b.id.as_str());
                        html! {
                            <li class={classes!(current.then_some("bid-nav__current"))}>
                                <button type="button" class="link-button" onclick={go_bid(b.id.clone())} aria-current={current.then_some("page")}>{ e.bid_label(b) }</button>
                                <span class="hint block">{ if left == 0 { "Done".to_string() } else { format!("{left} to do") } }</span>
                            </li>
                        }
                    }) }
                </ul>
            </nav>
            if let Some(bid) = props.bid.as_ref().and_then(|b| e.bid(b)) {
                <section class="scoring-bid" aria-labelledby="bid-heading">
                    <h2 id="bid-heading">{ e.bid_label(bid) }</h2>
                    if blind {
                        <p class="hint" id="blind-notice">{"Scoring is blind: bids are shown by code, without supplier names or prices. Answers are shown as written."}</p>
                    }
                    if let Some(price) = bid.price.filter(|_| !blind) {
                        if e.workflow.hide_prices {
                            <p class="hint">{"Prices are hidden while you score quality."}</p>
                        } else {
                            <p>{ format!("Price: {}", text::money(price.0, e.currency.as_deref())) }</p>
                        }
                    }
                    { for e.walk().into_iter().filter(|(_, c)| theirs(bid, c)).map(|(depth, c)| match c.kind {
                        Kind::Group => html! { <h3 class={classes!("scoring-group", format!("depth-{}", depth.min(3)))}>{ &c.name }</h3> },
                        Kind::Scored => html! {
                            <ScoreCell key={format!("{}-{}", bid.id, c.id)} evaluator={ev.clone()} bid={bid.id.clone()}
                                supplier={AttrValue::from(e.bid_label(bid))} criterion={c.clone()} scale={scale_of(e, &c.id)}
                                answer={bid.answers.get(&c.id).cloned()} locked={complete}
                                given={mine.get(c.id.as_str()).map(|s| Rc::clone(s))} weight={weights.get(&c.id).copied()}
                                error={cell_error(&p.error, &bid.id, &c.id)} onedit={p.onedit.clone()} />
                        },
                        _ => html! {},
                    }) }
                    if let Some(next) = next_bid {
                        <button type="button" class="button" onclick={go_bid(next)}>{"Next bid"}</button>
                    }
                </section>
            }
            <section class="section" aria-labelledby="finish-heading">
                <h2 id="finish-heading">{"Finish and send your scores"}</h2>
                if complete {
                    <p>{"Your scoresheet is marked complete. Export it and send it to the moderator."}</p>
                    <button type="button" class="button button--secondary" onclick={oncomplete} id="reopen-scoresheet">{"Reopen my scoresheet"}</button>
                } else {
                    <p>{"Mark your scoresheet complete when every bid has a score and a justification for every criterion."}</p>
                    <button type="button" class="button" onclick={oncomplete} id="complete-scoresheet">{"Mark my scoresheet complete"}</button>
                }
                <button type="button" class="button button--secondary" onclick={onexport} id="export-scoresheet">{"Export my scoresheet"}</button>
                <p class="hint">{"The scoresheet file holds only your scores and justifications. It can only be imported into this evaluation, with these criteria."}</p>
            </section>
        </main>
    }
}

/// The last refused edit, if it was to this cell's score or justification.
fn cell_error(error: &Option<EditError>, bid: &str, criterion: &str) -> Option<EditError> {
    let fields = [Field::score(bid, criterion), Field::note(bid, criterion)];
    error
        .as_ref()
        .filter(|e| e.field.as_ref().is_some_and(|f| fields.contains(f)))
        .cloned()
}

/// Everything one cell shows, and nothing else: a score given redraws its own cell
/// only, not every cell of the bid.
#[derive(Properties, PartialEq)]
struct ScoreCellProps {
    evaluator: String,
    bid: String,
    supplier: AttrValue,
    criterion: Criterion,
    scale: Scale,
    /// The bid's answer to this criterion.
    answer: Option<String>,
    locked: bool,
    error: Option<EditError>,
    onedit: Callback<Edit>,
    /// This evaluator's score of this cell, if given.
    given: Option<Rc<Score>>,
    /// Points of 100 the criterion can give.
    weight: Option<rust_decimal::Decimal>,
}

/// One criterion for one bid: answer, guidance, the scale's points, the justification.
#[function_component(ScoreCell)]
fn score_cell(props: &ScoreCellProps) -> Html {
    let c = &props.criterion;
    let scale = props.scale.clone();
    let given = props.given.as_ref();
    let weight = props.weight;
    let (score_field, note) = (
        Field::score(&props.bid, &c.id),
        Field::note(&props.bid, &c.id),
    );
    let (field, note_field) = (dom_id(&score_field), dom_id(&note));
    let (ev, b, cr) = (props.evaluator.clone(), props.bid.clone(), c.id.clone());
    let on_score = {
        let (ev, b, cr) = (ev.clone(), b.clone(), cr.clone());
        props.onedit.reform(move |value: String| Edit::Score {
            evaluator: ev.clone(),
            bid: b.clone(),
            criterion: cr.clone(),
            score: crate::model::parse_decimal(value.trim()).ok().map(Dec),
        })
    };
    let on_note = props.onedit.reform(move |note: String| Edit::Note {
        evaluator: ev.clone(),
        bid: b.clone(),
        criterion: cr.clone(),
        note,
    });
    let choices = scale_choices(&scale);
    let heading_id = format!("crit-{}-{}", props.bid, c.id);
    html! {
        <div class="score-cell" id={format!("cell-{}-{}", props.bid, c.id)} aria-labelledby={heading_id.clone()} role="group">
            <h3 class="score-cell__name" id={heading_id}>
                { &c.name }
                if let Some(w) = weight { <span class="hint">{ format!(" ({} points of 100)", text::plain(w)) }</span> }
            </h3>
            if let Some(g) = &c.guidance { <p class="hint">{ g }</p> }
            if let Some(m) = c.min_score { <p class="hint">{ format!("A score below {} excludes the bid.", text::plain(m.0)) }</p> }
            <div class="answer">
                <h4 class="answer__title">{ format!("{}'s answer", props.supplier) }</h4>
                <p>{ props.answer.clone().unwrap_or_else(|| "No answer given for this criterion.".to_string()) }</p>
            </div>
            if props.locked {
                <p><strong>{ format!("Your score: {}", given.map_or("none".to_string(), |s| s.score.to_string())) }</strong></p>
                if let Some(n) = given.and_then(|s| s.note.clone()) { <p>{ n }</p> }
            } else {
                if let Some(choices) = choices {
                    <Radios name={field.clone()} legend={format!("Your score for {}", c.name)} small=true {choices}
                        selected={given.map(|s| s.score.0.normalize().to_string())}
                        onchange={on_score} error={error_for(&props.error, &score_field)} />
                } else {
                    <TextField id={field.clone()} label={format!("Your score for {} ({} to {})", c.name, scale.min, scale.max)}
                        value={given.map(|s| s.score.to_string()).unwrap_or_default()} width="width-5" inputmode="decimal"
                        onchange={on_score} error={error_for(&props.error, &score_field)} />
                }
                { text_area(TextAreaProps { id: (note_field.clone()).into(), label: "Justification".into(), hint: Some("Refer to the bid's answer: what earns the score, and why not a higher one.".into()), value: (given.and_then(|s| s.note.clone()).unwrap_or_default()).into(), oninput: on_note, disabled: given.is_none(), error: error_for(&props.error, &note), ..TextAreaProps::default() }) }
            }
        </div>
    }
}
