//! Lots, on the details page: dividing an evaluation into lots, naming them, giving a
//! lot criteria of its own, and the most lots one supplier may be awarded.

use yew::prelude::*;

use crate::app::components::form::{error_for, TextField};
use crate::app::fields::dom_id;
use crate::app::hooks::forms::field_value;
use crate::app::PageProps;
use crate::text;
use crate::workflow::{Edit, Field};

#[function_component(LotsSection)]
pub fn lots_section(props: &PageProps) -> Html {
    let file = props.open.file();
    let err = |field: Field| error_for(&props.error, &field);
    let new_name = use_node_ref();
    // What is typed, kept while the field is left and the page drawn again.
    let typed = use_state(String::new);
    let onadd = {
        let onedit = props.onedit.clone();
        let node = new_name.clone();
        let typed = typed.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = field_value(&node).unwrap_or_else(|| (*typed).clone());
            // A name is cleared once used; an empty one is refused and stays empty.
            typed.set(String::new());
            onedit.emit(Edit::AddLot { name });
        })
    };
    let locked = file.workflow.criteria_locked;
    let rows = file.lots.iter().map(|l| {
        let bids = file.bids.iter().filter(|b| b.lot.as_deref() == Some(l.id.as_str())).count();
        let id = l.id.clone();
        let rename = props.onedit.reform({
            let id = id.clone();
            move |name: String| Edit::RenameLot { lot: id.clone(), name }
        });
        let remove = props.onedit.reform({
            let id = id.clone();
            move |_: MouseEvent| Edit::RemoveLot { lot: id.clone() }
        });
        let copy_from = |from: Option<String>| {
            let id = id.clone();
            props.onedit.reform(move |_: MouseEvent| Edit::OwnCriteria { lot: id.clone(), from: from.clone() })
        };
        let others: Vec<_> = file.lots.iter().filter(|o| o.id != l.id && o.criteria.is_some()).collect();
        html! {
            <li class="lot" id={format!("lot-{}", l.id)}>
                <TextField id={dom_id(&Field::LotName(l.id.clone()))} label={format!("Name of lot {}", l.id)}
                    value={l.name.clone()} onchange={rename} error={err(Field::LotName(l.id.clone()))} width="width-20" />
                <p class="hint">
                    { text::count(bids, "bid", "bids") }{". "}
                    { if l.criteria.is_some() { "Scored on criteria of its own." } else { "Scored on the shared criteria." } }
                </p>
                if l.criteria.is_none() && !locked {
                    <div class="button-group">
                        <button type="button" class="button button--secondary button--small" onclick={copy_from(None)}>
                            {"Give this lot its own criteria (a copy of the shared ones)"}</button>
                        { for others.iter().map(|o| html! {
                            <button type="button" class="button button--secondary button--small" onclick={copy_from(Some(o.id.clone()))}>
                                { format!("Copy the criteria of {}", o.name) }</button>
                        }) }
                    </div>
                }
                <button type="button" class="button button--warning button--small" onclick={remove}
                    aria-describedby={format!("lot-{}-remove-hint", l.id)}>{ format!("Remove {}", l.name) }</button>
                <span class="hint" id={format!("lot-{}-remove-hint", l.id)}>{" Only a lot without bids can be removed."}</span>
            </li>
        }
    });
    let limit = file
        .award_limit
        .as_ref()
        .map(|a| a.lots.to_string())
        .unwrap_or_default();
    let order: Vec<String> = file.decision_order().iter().map(|l| l.id.clone()).collect();
    let on_limit = props.onedit.reform(move |lots: String| Edit::AwardLimit {
        lots,
        order: order.clone(),
    });
    html! {
        <section class="section" aria-labelledby="lots-heading" id="lots">
            <h2 id="lots-heading">{"Lots"}</h2>
            if file.has_lots() {
                <p>{"Each lot is a competition of its own: its bids, its own lowest price, its own ranking and award. The panel is shared."}</p>
                <ul class="lots-list">{ for rows }</ul>
                <TextField id={dom_id(&Field::AwardLimit)} label="Most lots one supplier may be awarded (optional)"
                    hint={format!("Lots are decided in this order: {}. A supplier who has already won this many lots is passed over, and the lot goes to the next-ranked bid. Leave empty for no limit.",
                        file.decision_order().iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join(", "))}
                    value={limit} onchange={on_limit} error={err(Field::AwardLimit)} width="width-5" inputmode="numeric" />
            } else {
                <p>{"This evaluation is one competition. Divide it into lots when suppliers bid for separate parts of the work: each lot is scored and awarded on its own. The bids already here go into the first lot."}</p>
            }
            <form class="add-form" onsubmit={onadd} novalidate=true>
                <TextField id={dom_id(&Field::NewLotName)} node={new_name} label="Name of a new lot"
                    hint="Such as “Lot 2: Alpha and beta”" value={(*typed).clone()}
                    onchange={{ let t = typed.clone(); Callback::from(move |v: String| t.set(v)) }}
                    error={err(Field::NewLotName)} width="width-20" />
                <button type="submit" class="button button--secondary" id="add-lot">{"Add lot"}</button>
            </form>
        </section>
    }
}
