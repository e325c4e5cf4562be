//! On the results page: the bids the abnormally low rule flags, why, and the outcome of
//! each investigation, with a small form to record it (a rejection needs a reason).
//! A flag never excludes a bid; only a recorded rejection does. On the details page: the
//! form that sets, changes or removes the rule itself.

use yew::prelude::*;

use crate::app::components::form::{
    error_for, text_area, Choice, Radios, TextAreaProps, TextField,
};
use crate::app::fields::dom_id;
use crate::model::{AbnormallyLow, LowBase, Outcome};
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

/// The rule's base as the radios name it.
fn base_value(of: Option<LowBase>) -> &'static str {
    match of {
        None => "none",
        Some(LowBase::Mean) => "mean",
        Some(LowBase::Median) => "median",
        Some(LowBase::MeanWithoutHighest) => "mean_without_highest",
    }
}

fn base_from(value: &str) -> Option<LowBase> {
    match value {
        "mean" => Some(LowBase::Mean),
        "median" => Some(LowBase::Median),
        "mean_without_highest" => Some(LowBase::MeanWithoutHighest),
        _ => None,
    }
}

/// What the rule's form holds: the base and the four numbers, as typed.
#[derive(Clone, PartialEq)]
struct Typed {
    base: String,
    percent: String,
    reference: String,
    margin: String,
    fewest: String,
}

impl Typed {
    fn of(rule: Option<&AbnormallyLow>) -> Self {
        Typed {
            base: base_value(rule.map(|r| r.of)).to_string(),
            percent: rule
                .map(|r| r.below_percent.to_string())
                .unwrap_or_default(),
            reference: rule
                .and_then(|r| r.reference_price)
                .map(|p| text::group_thousands(&p.to_string()))
                .unwrap_or_default(),
            margin: rule
                .and_then(|r| r.below_lowest_other_percent)
                .map(|m| m.to_string())
                .unwrap_or_default(),
            fewest: rule
                .and_then(|r| r.min_bids)
                .map(|n| n.to_string())
                .unwrap_or_default(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LowRuleProps {
    pub rule: Option<AbnormallyLow>,
    pub currency: Option<String>,
    pub onedit: Callback<Edit>,
    pub error: Option<EditError>,
}

/// The abnormally low rule on the details page: the base and its numbers, saved together
/// from one form (a percentage alone is no rule). What is typed stays in the fields while
/// a refusal is on screen; a saved (or undone) change is what they show from then on.
#[function_component(LowRuleForm)]
pub fn low_rule_form(props: &LowRuleProps) -> Html {
    let typed = use_state(|| Typed::of(props.rule.as_ref()));
    {
        let typed = typed.clone();
        use_effect_with(props.rule.clone(), move |saved| {
            typed.set(Typed::of(saved.as_ref()));
        });
    }
    let onsubmit = {
        let typed = typed.clone();
        props.onedit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            Edit::AbnormallyLowRule {
                below_percent: typed.percent.clone(),
                of: base_from(&typed.base),
                reference_price: typed.reference.clone(),
                below_lowest_other_percent: typed.margin.clone(),
                min_bids: typed.fewest.clone(),
            }
        })
    };
    let set = |put: fn(&mut Typed, String)| {
        let typed = typed.clone();
        Callback::from(move |v: String| {
            let mut t = (*typed).clone();
            put(&mut t, v);
            typed.set(t);
        })
    };
    let field = |f: Field,
                 label: &str,
                 hint: &str,
                 value: &str,
                 put: fn(&mut Typed, String),
                 width: &str,
                 suffix: Option<&str>| {
        let id = dom_id(&f);
        let error = error_for(&props.error, &f);
        let (hint_id, err_id) = (format!("{id}-hint"), format!("{id}-error"));
        let described = [
            Some(hint_id.clone()),
            error.as_ref().map(|_| err_id.clone()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let oninput = set(put).reform(|e: InputEvent| {
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value()
        });
        html! {
            <div class={classes!("form-group", error.as_ref().map(|_| "form-group--error"))}>
                <label class="label" for={id.clone()}>{ label.to_string() }</label>
                <div class="hint" id={hint_id}>{ hint.to_string() }</div>
                if let Some(m) = &error { <p class="error-message" id={err_id}><span class="visually-hidden">{"Error: "}</span>{ m.clone() }</p> }
                <div class="input-wrapper">
                    <input class={classes!("input", width.to_string(), error.as_ref().map(|_| "input--error"))} type="text"
                        inputmode="decimal" spellcheck="false" id={id.clone()} name={id} value={value.to_string()} {oninput}
                        aria-describedby={described} />
                    if let Some(s) = suffix { <span class="input-affix" aria-hidden="true">{ s.to_string() }</span> }
                </div>
            </div>
        }
    };
    let choice = |value: &str, label: &str, hint: Option<&str>| Choice {
        value: value.to_string(),
        label: label.to_string(),
        hint: hint.map(str::to_string),
    };
    let choices = vec![
        choice("none", "No rule", Some("No bid is flagged.")),
        choice("mean", "The mean price", Some("The average of the prices compared.")),
        choice("median", "The median price", Some("The middle price; with an even number of prices, the mean of the two in the middle.")),
        choice("mean_without_highest", "The mean price without the highest", Some("The average leaving out one highest price, so that one very high bid does not pull the average up.")),
    ];
    let money = props
        .currency
        .as_deref()
        .map(|c| format!(" in {c}"))
        .unwrap_or_default();
    let t = (*typed).clone();
    html! {
        <form id="low-rule" class="low-rule" onsubmit={onsubmit} novalidate=true>
            <Radios name="low-base" legend="Flag a price that is well below"
                hint="The prices compared are those of the bids not excluded for another reason, in each lot."
                {choices} selected={Some(t.base.clone())}
                onchange={set(|t, v| t.base = v)} />
            if t.base != "none" {
                { field(Field::LowPercent, "How far below, as a percentage",
                    "Such as 15: a price more than 15 % below the base is flagged.",
                    &t.percent, |t, v| t.percent = v, "width-5", Some("%")) }
                { field(Field::LowReferencePrice, "Reference price (optional)",
                    &format!("A budget or estimated price{money}. The percentage is then in points of this price below the base. Leave empty to measure it against the base itself."),
                    &t.reference, |t, v| t.reference = v, "width-10", None) }
                { field(Field::LowMargin, "Also below the lowest other price by (optional)",
                    "Such as 1: the price must also be more than 1 % below the lowest price of the other bids, so that two low bids close together do not flag each other. Leave empty for no margin.",
                    &t.margin, |t, v| t.margin = v, "width-5", Some("%")) }
                { field(Field::LowMinBids, "Fewest bids compared (optional)",
                    "The rule applies only when at least this many prices are compared: 2 or more. Leave empty for any number from 2.",
                    &t.fewest, |t, v| t.fewest = v, "width-5", None) }
            }
            <button type="submit" class="button button--secondary" id="low-rule-save">
                { if t.base == "none" && props.rule.is_some() { "Remove the rule" } else { "Save the rule" } }
            </button>
        </form>
    }
}
