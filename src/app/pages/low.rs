//! On the results page: the bids the abnormally low rule flags, why, and the outcome of
//! each investigation, with a small form to record it (a rejection needs a reason).
//! A flag never excludes a bid; only a recorded rejection does.

use yew::prelude::*;

use crate::app::components::form::{
    error_for, text_area, Choice, Radios, TextAreaProps, TextField,
};
use crate::app::fields::dom_id;
use crate::model::Outcome;
use crate::scoring::BidResult;
use crate::text;
use crate::workflow::{Edit, EditError, Field, Open};

#[derive(Properties, PartialEq)]
pub struct LowPricesProps {
    pub open: Open,
    pub onedit: Callback<Edit>,
    pub error: Option<EditError>,
}

/// Every flagged bid (and every outcome recorded for a bid not flagged now), each with
/// its outcome form; nothing when the evaluation has no rule and no outcome.
#[function_component(LowPrices)]
pub fn low_prices(props: &LowPricesProps) -> Html {
    let e = &props.open.evaluation;
    let Some(r) = &props.open.results else {
        return html! {};
    };
    if e.abnormally_low.is_none() && e.workflow.investigations.is_empty() {
        return html! {};
    }
    let listed: Vec<&BidResult> = r
        .bids
        .iter()
        .filter(|b| b.abnormally_low.is_some() || b.investigation.is_some())
        .collect();
    html! {
        <section class="section" aria-labelledby="low-heading" id="abnormally-low">
            <h2 id="low-heading">{"Abnormally low prices"}</h2>
            if let Some(rule) = &e.abnormally_low {
                <p>{ crate::award::report::low_rule_words(rule, e.currency.as_deref()) }</p>
            }
            if listed.is_empty() {
                <p id="no-low-prices">{"No bid is flagged."}</p>
            }
            { for listed.into_iter().map(|b| html! {
                <LowPrice key={b.bid.clone()} open={props.open.clone()} bid={b.bid.clone()}
                    onedit={props.onedit.clone()} error={props.error.clone()} />
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct LowPriceProps {
    pub open: Open,
    pub bid: String,
    pub onedit: Callback<Edit>,
    pub error: Option<EditError>,
}

/// One flagged bid: why, the outcome recorded, and the form to record (or change) it.
#[function_component(LowPrice)]
pub fn low_price(props: &LowPriceProps) -> Html {
    let outcome = use_state(|| "accepted".to_string());
    let reason = use_state(String::new);
    // What is typed in the name and date fields, kept while the page is drawn again
    // (after a refusal too).
    let typed = use_state(|| {
        let today: String = crate::app::now_iso().chars().take(10).collect();
        (String::new(), today)
    });
    let (by, date) = (use_node_ref(), use_node_ref());
    let e = &props.open.evaluation;
    let Some(b) = props
        .open
        .results
        .as_ref()
        .and_then(|r| r.bids.iter().find(|b| b.bid == props.bid))
    else {
        return html! {};
    };
    let bid = props.bid.clone();
    let keep = |which: usize| {
        let typed = typed.clone();
        Callback::from(move |v: String| {
            let mut t = (*typed).clone();
            if which == 0 {
                t.0 = v;
            } else {
                t.1 = v;
            }
            typed.set(t);
        })
    };
    let onsubmit = {
        let onedit = props.onedit.clone();
        let (by, date, outcome, reason, bid) = (
            by.clone(),
            date.clone(),
            outcome.clone(),
            reason.clone(),
            bid.clone(),
        );
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let value = |n: &NodeRef| {
                n.cast::<web_sys::HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            onedit.emit(Edit::Investigate {
                bid: bid.clone(),
                outcome: Some(if *outcome == "rejected" {
                    Outcome::Rejected
                } else {
                    Outcome::Accepted
                }),
                reason: (*reason).clone(),
                by: value(&by),
                date: value(&date),
            });
        })
    };
    let onwithdraw = {
        let (onedit, bid) = (props.onedit.clone(), bid.clone());
        Callback::from(move |_: MouseEvent| {
            onedit.emit(Edit::Investigate {
                bid: bid.clone(),
                outcome: None,
                reason: String::new(),
                by: String::new(),
                date: String::new(),
            })
        })
    };
    let err = |f: Field| error_for(&props.error, &f);
    let choices = vec![
        Choice {
            value: "accepted".into(),
            label: "Explanation accepted: the bid stays in".into(),
            hint: None,
        },
        Choice {
            value: "rejected".into(),
            label: "Bid rejected as abnormally low".into(),
            hint: Some("The bid is excluded and the others are ranked again. Say why below: the supplier is told.".into()),
        },
    ];
    let status = text::low_status(b).unwrap_or_default();
    let tag = match &b.investigation {
        _ if b.abnormally_low.is_none() => "tag",
        None => "tag tag--yellow",
        Some(v) if v.outcome == Outcome::Rejected => "tag tag--red",
        Some(_) => "tag tag--green",
    };
    let form = html! {
        <form onsubmit={onsubmit} novalidate=true id={format!("investigation-{bid}-form")}>
            <Radios name={format!("investigation-{bid}-outcome")} legend="Outcome of the investigation" {choices}
                selected={Some((*outcome).clone())}
                onchange={{ let o = outcome.clone(); Callback::from(move |v: String| o.set(v)) }} small=true />
            { text_area(TextAreaProps { id: dom_id(&Field::InvestigationReason(bid.clone())).into(),
                label: "Reason (required when the bid is rejected)".into(),
                value: (*reason).clone().into(), oninput: { let r = reason.clone(); Callback::from(move |v: String| r.set(v)) },
                error: err(Field::InvestigationReason(bid.clone())), rows: 3, ..TextAreaProps::default() }) }
            <TextField id={dom_id(&Field::InvestigationBy(bid.clone()))} node={by} label="Recorded by" value={typed.0.clone()}
                onchange={keep(0)} error={err(Field::InvestigationBy(bid.clone()))} width="width-20" />
            <TextField id={dom_id(&Field::InvestigationDate(bid.clone()))} node={date} label="Date of the outcome" hint="YYYY-MM-DD"
                value={typed.1.clone()} onchange={keep(1)} error={err(Field::InvestigationDate(bid.clone()))} width="width-10" />
            <button type="submit" class="button" id={format!("investigation-{bid}-record")}>{"Record the outcome"}</button>
        </form>
    };
    html! {
        <div class="low-price" id={format!("low-{bid}")}>
            <h3>{ &b.supplier }{" "}<strong class={tag}>{ status }</strong></h3>
            if let Some(flag) = &b.abnormally_low {
                <p>{ text::low_working(flag, b.price, e.currency.as_deref()) }{"."}</p>
            }
            if let Some(v) = &b.investigation {
                <p id={format!("investigation-{bid}-outcome-words")}>{ text::investigation_words(v) }{"."}</p>
                <p><button type="button" class="link-button" id={format!("investigation-{bid}-withdraw")} onclick={onwithdraw}>{"Withdraw this outcome"}</button></p>
            } else {
                <p class="hint">{"Ask the supplier to explain its price before deciding (Procurement Act 2023, section 43)."}</p>
            }
            if b.abnormally_low.is_some() {
                if b.investigation.is_some() {
                    <details class="new-decision">
                        <summary>{"Change the outcome"}</summary>
                        { form }
                    </details>
                } else {
                    { form }
                }
            }
        </div>
    }
}
