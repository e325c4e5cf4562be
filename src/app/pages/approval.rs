//! On the results page: who is awarded each lot across lots, and the buyer's recorded
//! award decision, with whether it still names the result as it is now.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::form::{
    error_for, text_area, Choice, Radios, TextAreaProps, TextField,
};
use crate::app::fields::dom_id;
use crate::award::result::{approval_words, approvals};
use crate::model::Decision;
use crate::workflow::{Edit, EditError, Field, Open};

#[derive(Properties, PartialEq)]
pub struct DecisionProps {
    pub open: Open,
    pub onedit: Callback<Edit>,
    pub error: Option<EditError>,
}

/// Awards across lots (for a file with lots) and the recorded decision of the lot on
/// screen (of the evaluation, without lots).
#[function_component(AwardDecision)]
pub fn award_decision(props: &DecisionProps) -> Html {
    let open = &props.open;
    let file = open.file();
    // Scoring every lot and hashing the result: once per change of the file.
    let key = Rc::as_ptr(&file) as usize;
    let computed = {
        let (open, file) = (open.clone(), file.clone());
        use_memo(key, move |_| {
            let lotted = open.lotted();
            let checks = approvals(&file);
            (lotted, checks)
        })
    };
    let (lotted, checks) = &*computed;
    let decision = use_state(|| "approved".to_string());
    let (approver, role, date, reason) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_state(String::new),
    );
    // What is typed in each field, kept while the page is drawn again.
    let typed = use_state(|| {
        let today: String = crate::app::now_iso().chars().take(10).collect();
        (String::new(), String::new(), today)
    });
    let keep = |which: usize| {
        let typed = typed.clone();
        Callback::from(move |v: String| {
            let mut t = (*typed).clone();
            match which {
                0 => t.0 = v,
                1 => t.1 = v,
                _ => t.2 = v,
            }
            typed.set(t);
        })
    };
    let lot = open.lot.clone();
    let results = open.results.clone();
    let final_results = results
        .as_ref()
        .is_some_and(|r| !r.bids.is_empty() && r.bids.iter().all(|b| !b.provisional()));
    // The recommendation: the lot's award under the limit, else the bid ranked first.
    let recommended: Option<String> = match (&lot, lotted) {
        (Some(l), Some(x)) => x
            .awards
            .iter()
            .find(|a| a.lot == *l)
            .and_then(|a| a.winner().map(str::to_string)),
        _ => results.as_ref().and_then(|r| {
            let first: Vec<_> = r.bids.iter().filter(|b| b.rank == Some(1)).collect();
            (first.len() == 1).then(|| first[0].bid.clone())
        }),
    };
    let e = &open.evaluation;
    let supplier = recommended
        .as_deref()
        .and_then(|b| e.bid(b))
        .map(|b| b.supplier.clone());
    let onsubmit = {
        let onedit = props.onedit.clone();
        let (approver, role, date, decision, reason) = (
            approver.clone(),
            role.clone(),
            date.clone(),
            decision.clone(),
            reason.clone(),
        );
        let (lot, bid) = (lot.clone(), recommended.clone().unwrap_or_default());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let value = |n: &NodeRef| {
                n.cast::<web_sys::HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            onedit.emit(Edit::Approve {
                lot: lot.clone(),
                bid: bid.clone(),
                decision: if *decision == "returned" {
                    Decision::Returned
                } else {
                    Decision::Approved
                },
                approver: value(&approver),
                role: value(&role),
                date: value(&date),
                reason: (*reason).clone(),
            });
        })
    };
    let err = |f: Field| error_for(&props.error, &f);
    let here: Vec<_> = file
        .workflow
        .approvals
        .iter()
        .filter(|a| a.lot == lot)
        .collect();
    let choices = vec![
        Choice {
            value: "approved".into(),
            label: "Approved".into(),
            hint: None,
        },
        Choice {
            value: "returned".into(),
            label: "Returned to the panel".into(),
            hint: Some("Say why below.".into()),
        },
    ];
    let lot_name = lot
        .as_deref()
        .and_then(|l| file.lot(l))
        .map(|l| l.name.clone());
    // The decision that stands, if any: a new one is offered, not pressed.
    let stands = here
        .last()
        .and_then(|a| checks.iter().find(|c| c.approval == **a))
        .is_some_and(|c| c.current);
    let form = html! {
            <form {onsubmit} novalidate=true id="decision-form">
                <p>{ format!("Recommended: {}.", supplier.clone().unwrap_or_default()) }</p>
                <TextField id={dom_id(&Field::Approver)} node={approver} label="Approver's name" value={typed.0.clone()}
                    onchange={keep(0)} error={err(Field::Approver)} width="width-20" />
                <TextField id={dom_id(&Field::ApproverRole)} node={role} label="Approver's role" hint="Such as Head of Commercial"
                    value={typed.1.clone()} onchange={keep(1)} error={err(Field::ApproverRole)} width="width-20" />
                <TextField id={dom_id(&Field::ApprovalDate)} node={date} label="Date of the decision" hint="YYYY-MM-DD"
                    value={typed.2.clone()} onchange={keep(2)} error={err(Field::ApprovalDate)} width="width-10" />
                <Radios name="decision" legend="Decision" {choices} selected={Some((*decision).clone())}
                    onchange={{ let d = decision.clone(); Callback::from(move |v: String| d.set(v)) }} small=true />
                { text_area(TextAreaProps { id: dom_id(&Field::ApprovalReason).into(), label: "Reason (required when returned)".into(),
                    value: (*reason).clone().into(), oninput: { let r = reason.clone(); Callback::from(move |v: String| r.set(v)) },
                    error: err(Field::ApprovalReason), rows: 3, ..TextAreaProps::default() }) }
                <button type="submit" class="button" id="record-decision">{"Record the decision"}</button>
            </form>
    };
    html! {
        <>
            if let Some(x) = lotted.as_ref().filter(|_| file.has_lots()) {
                <section class="section" aria-labelledby="awards-heading" id="awards">
                    <h2 id="awards-heading">{"Awards across lots"}</h2>
                    if let Some(n) = x.limit {
                        <p>{ format!("A supplier may be awarded at most {}. Lots are decided in this order: {}.",
                            crate::text::count(n, "lot", "lots"),
                            file.decision_order().iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join(", ")) }</p>
                    }
                    <ul>{ for x.awards.iter().map(|a| html! { <li>{ a.explain(x.limit) }</li> }) }</ul>
                </section>
            }
            <section class="section" aria-labelledby="decision-heading" id="decision">
                <h2 id="decision-heading">{ match &lot_name { Some(n) => format!("Award decision: {n}"), None => "Award decision".to_string() } }</h2>
                <p class="hint">{"A record of who decided, not a cryptographic signature. It names the SHA-256 digest of the result decided on, so that any later change to a score, note or weight shows it as stale."}</p>
                if !here.is_empty() {
                    <ul class="decisions" id="decisions">
                        { for here.iter().map(|a| {
                            let standing = checks.iter().find(|c| c.approval == **a);
                            let (tag, words) = match standing {
                                Some(c) if c.current => ("tag tag--current", "Stands: names this result"),
                                Some(_) => ("tag tag--stale", "Stale: the result has changed since"),
                                None => ("tag", "Superseded"),
                            };
                            html! {
                                <li>
                                    <strong class={tag}>{ words }</strong>{" "}
                                    { approval_words(&file, a) }
                                    if let Some(r) = a.reason.as_deref() { { format!(": {r}") } }
                                    {"."}
                                    if let Some(c) = standing.filter(|c| !c.current) {
                                        <p class="hint">{ c.text.clone() }</p>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                }
                if !open.problems.is_empty() {
                    <p>{"The evaluation has problems to fix before a decision can be recorded."}</p>
                } else if !final_results {
                    <p id="decision-not-yet">{"A decision can be recorded when every result is final. The results above say what is still missing."}</p>
                } else if let (Some(_), Some(_)) = (&recommended, &supplier) {
                    if stands {
                        <details class="new-decision">
                            <summary>{"Record a new decision"}</summary>
                            { form }
                        </details>
                    } else {
                        { form }
                    }
                } else {
                    <p>{"No single bid is recommended: the first place is tied or no bid is ranked. The panel must resolve it first."}</p>
                }
            </section>
        </>
    }
}
