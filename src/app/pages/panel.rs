//! The evaluation panel: names, roles, conflict-of-interest declarations, progress.

use yew::prelude::*;

use crate::app::components::form::{
    error_for, text_area, Choice, Radios, TextAreaProps, TextField,
};
use crate::app::fields::dom_id;
use crate::app::hooks::forms::{field_value, use_clear_after_add, use_confirm_focus};
use crate::app::pages::tasks::cells;
use crate::app::PageProps;
use crate::model::{Declaration, Evaluator};
use crate::text;
use crate::workflow::{work, Action, Edit, EditError, Field, Page};

// ---------------------------------------------------------------------------------
// Evaluation panel

#[function_component(EvaluatorsPage)]
pub fn evaluators_page(props: &PageProps) -> Html {
    let e = &props.open.evaluation;
    let total = cells(e);
    let confirming = use_state(|| None::<String>);
    use_confirm_focus((*confirming).clone(), "evaluator-remove-confirm", |id| {
        format!("evaluator-{id}-remove")
    });

    let new_name = use_state(String::new);
    let (name_field, role_field) = (use_node_ref(), use_node_ref());
    let new_role = use_state(String::new);
    let pending = {
        let (n, r) = (new_name.clone(), new_role.clone());
        use_clear_after_add(
            e.evaluators.len(),
            &props.error,
            Callback::from(move |_| {
                n.set(String::new());
                r.set(String::new());
            }),
        )
    };
    let onadd = {
        let onedit = props.onedit.clone();
        let (n, r) = (new_name.clone(), new_role.clone());
        let count = e.evaluators.len();
        let pending = pending.clone();
        let (name_field, role_field) = (name_field.clone(), role_field.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let name = field_value(&name_field).unwrap_or_else(|| (*n).clone());
            let role = field_value(&role_field).unwrap_or_else(|| (*r).clone());
            n.set(name.clone());
            r.set(role.clone());
            *pending.borrow_mut() = Some(count);
            onedit.emit(Edit::AddEvaluator { name, role });
        })
    };
    let declared = e
        .evaluators
        .iter()
        .filter(|v| v.declaration.is_some())
        .count();

    let members = e.evaluators.iter().zip(work(e)).map(|(v, w)| {
        let (scores, missing) = (w.scored, w.left_total());
        let progress = if total == 0 {
            "Nothing to score yet: add bids and scored criteria first".to_string()
        } else {
            // missing_work counts cells with no score and cells with no justification.
            let unjustified = missing.saturating_sub(total.saturating_sub(scores));
            let mut s = format!("{scores} of {total} scored");
            if unjustified > 0 {
                s.push_str(&format!(", {} without a justification", unjustified));
            }
            s
        };
        let complete = e.workflow.complete.contains(&v.id);
        let is_confirming = confirming.as_deref() == Some(v.id.as_str());
        let ask = {
            let confirming = confirming.clone();
            let id = v.id.clone();
            Callback::from(move |_: MouseEvent| confirming.set(Some(id.clone())))
        };
        let cancel = {
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| confirming.set(None))
        };
        let remove = {
            let confirming = confirming.clone();
            let onedit = props.onedit.clone();
            let id = v.id.clone();
            Callback::from(move |_: MouseEvent| {
                confirming.set(None);
                onedit.emit(Edit::RemoveEvaluator { id: id.clone() });
            })
        };
        html! {
            <EvaluatorCard key={v.id.clone()} evaluator={v.clone()} progress={AttrValue::from(progress)} {complete}
                confirming={is_confirming} onedit={props.onedit.clone()} error={props.error.clone()}
                onask={ask} oncancel={cancel} onremove={remove} />
        }
    });

    html! {
        <main id="main" class="panel-page">
            <span class="caption">{ &e.title }</span>
            <h1>{"Evaluation panel"}</h1>
            <p class="lead-s">{"Each evaluator scores on their own before moderation, without seeing the others' scores. Before scoring, each one declares whether they have a conflict of interest with any supplier."}</p>

            if e.evaluators.is_empty() {
                <h2 id="panel-heading">{"No evaluators yet"}</h2>
                <p>{"Add the people who will score the bids below."}</p>
            } else {
                <h2 id="panel-heading">{ text::count(e.evaluators.len(), "evaluator", "evaluators") }</h2>
                <p class="hint">{ format!("{declared} of {} declared their interests. Changes are saved as soon as you leave a field.", e.evaluators.len()) }</p>
                <ul class="member-list" aria-labelledby="panel-heading">
                    { for members }
                </ul>
            }

            <section class="section" aria-labelledby="add-evaluator-heading">
                <h2 id="add-evaluator-heading">{"Add an evaluator"}</h2>
                <form class="add-form" onsubmit={onadd} novalidate=true>
                        <TextField id={dom_id(&Field::NewEvaluatorName)} node={name_field.clone()} label="Name" value={AttrValue::from((*new_name).clone())}
                            onchange={{ let n = new_name.clone(); Callback::from(move |v: String| n.set(v)) }}
                            error={error_for(&props.error, &Field::NewEvaluatorName)} width="width-20" />
                        <TextField id={dom_id(&Field::NewEvaluatorRole)} node={role_field.clone()} label="Role (optional)"
                            hint="For example, service owner, user researcher, commercial lead"
                            value={AttrValue::from((*new_role).clone())}
                            onchange={{ let r = new_role.clone(); Callback::from(move |v: String| r.set(v)) }}
                            error={error_for(&props.error, &Field::NewEvaluatorRole)} width="width-20" />
                    <button type="submit" class="button button--secondary" id="add-evaluator">{"Add evaluator"}</button>
                </form>
            </section>

            <button type="button" class="button" id="evaluators-continue"
                onclick={props.ondispatch.reform(|_: MouseEvent| Action::Go(Page::TaskList))}>{"Continue"}</button>
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct EvaluatorCardProps {
    evaluator: Evaluator,
    progress: AttrValue,
    complete: bool,
    confirming: bool,
    onedit: Callback<Edit>,
    error: Option<EditError>,
    onask: Callback<MouseEvent>,
    oncancel: Callback<MouseEvent>,
    onremove: Callback<MouseEvent>,
}

/// One panel member: name and role, their declaration of interests, progress, removal.
#[function_component(EvaluatorCard)]
fn evaluator_card(props: &EvaluatorCardProps) -> Html {
    let v = &props.evaluator;
    let id = v.id.clone();
    // "A conflict to declare" chosen but not saved yet, and the description being written.
    let chosen = use_state(|| None::<bool>);
    let draft = use_state(|| {
        v.declaration
            .as_ref()
            .filter(|d| d.conflict)
            .map(|d| d.detail.clone())
            .unwrap_or_default()
    });
    {
        // A saved (or undone) declaration is what the form shows from then on.
        let (chosen, draft) = (chosen.clone(), draft.clone());
        use_effect_with(v.declaration.clone(), move |d: &Option<Declaration>| {
            chosen.set(None);
            draft.set(
                d.as_ref()
                    .filter(|d| d.conflict)
                    .map(|d| d.detail.clone())
                    .unwrap_or_default(),
            );
        });
    }
    let conflict = (*chosen).or(v.declaration.as_ref().map(|d| d.conflict));
    // The name last typed, shown while its refusal is on screen (see BidRow).
    let typed_name = use_state(String::new);
    let name_field = Field::EvaluatorName(id.clone());
    let name_id = dom_id(&name_field);
    let name_error = error_for(&props.error, &name_field);
    let name_value = if name_error.is_some() {
        (*typed_name).clone()
    } else {
        v.name.clone()
    };
    let on_name = {
        let onedit = props.onedit.clone();
        let id = id.clone();
        let role = v.role.clone().unwrap_or_default();
        let typed = typed_name.clone();
        Callback::from(move |name: String| {
            typed.set(name.clone());
            onedit.emit(Edit::UpdateEvaluator {
                id: id.clone(),
                name,
                role: role.clone(),
            })
        })
    };
    let on_role = {
        let onedit = props.onedit.clone();
        let id = id.clone();
        let name = v.name.clone();
        Callback::from(move |role: String| {
            onedit.emit(Edit::UpdateEvaluator {
                id: id.clone(),
                name: name.clone(),
                role,
            })
        })
    };
    let on_choice = {
        let onedit = props.onedit.clone();
        let chosen = chosen.clone();
        let id = id.clone();
        Callback::from(move |value: String| {
            if value == "yes" {
                chosen.set(Some(true));
            } else {
                chosen.set(None);
                onedit.emit(Edit::Declare {
                    id: id.clone(),
                    conflict: false,
                    detail: String::new(),
                });
            }
        })
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |text: String| draft.set(text))
    };
    let save = {
        let onedit = props.onedit.clone();
        let draft = draft.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| {
            onedit.emit(Edit::Declare {
                id: id.clone(),
                conflict: true,
                detail: (*draft).clone(),
            })
        })
    };
    let saved = v
        .declaration
        .as_ref()
        .is_some_and(|d| d.conflict && d.detail == draft.trim());
    let (tag_class, tag_words) = match &v.declaration {
        None => ("tag tag--yellow", "Not declared yet"),
        Some(d) if d.conflict => ("tag tag--blue", "Declared: conflict"),
        Some(_) => ("tag tag--green", "Declared: no conflict"),
    };
    let choices = vec![
        Choice {
            value: "no".into(),
            label: "No conflict of interest".into(),
            hint: None,
        },
        Choice {
            value: "yes".into(),
            label: "A conflict of interest to declare".into(),
            hint: Some(
                "For example, a past employer, a shareholding or a close relative at a supplier"
                    .into(),
            ),
        },
    ];
    let detail_field = Field::EvaluatorDetail(id.clone());
    let detail_id = dom_id(&detail_field);
    let heading_id = format!("evaluator-{id}-heading");
    html! {
        <li class="member" id={format!("evaluator-{id}")} aria-labelledby={heading_id.clone()}>
            <div class="member__head">
                <h3 class="member__name" id={heading_id}>{ &v.name }</h3>
                <strong class={tag_class} id={format!("evaluator-{id}-status")}>{ tag_words }</strong>
            </div>
            <p class="member__progress" id={format!("evaluator-{id}-progress")}>
                { props.progress.clone() }
                if props.complete { {" — scoresheet marked complete"} }
            </p>
            <div class="field-row">
                <TextField id={name_id} label="Name" value={AttrValue::from(name_value)}
                    onchange={on_name} error={name_error} width="width-20" />
                <TextField id={dom_id(&Field::EvaluatorRole(id.clone()))} label="Role (optional)" value={AttrValue::from(v.role.clone().unwrap_or_default())}
                    onchange={on_role} error={error_for(&props.error, &Field::EvaluatorRole(id.clone()))} width="width-20" />
            </div>
            <Radios name={format!("evaluator-{id}-conflict")} legend={format!("Does {} have a conflict of interest with any supplier?", v.name)}
                {choices} selected={conflict.map(|c| if c { "yes".to_string() } else { "no".to_string() })}
                onchange={on_choice} small=true />
            if conflict == Some(true) {
                <div class="member__detail">
                    { text_area(TextAreaProps { id: (detail_id.clone()).into(), label: "Describe the conflict and how it is managed".into(), hint: Some("For example: \"Worked at Acme Digital until 2024; does not score Acme's bid.\"".into()), value: (AttrValue::from((*draft).clone())).into(), oninput: on_draft, error: error_for(&props.error, &detail_field), rows: 3, ..TextAreaProps::default() }) }
                    <button type="button" class="button button--secondary" id={format!("evaluator-{id}-save-declaration")} onclick={save}>
                        {"Save declaration"}<span class="visually-hidden">{ format!(" of {}", v.name) }</span>
                    </button>
                    if !saved {
                        <p class="hint">{"Not saved yet: the declaration is recorded when you select Save declaration."}</p>
                    }
                </div>
            }
            if props.confirming {
                <div class="confirm" id="evaluator-remove-confirm" tabindex="-1" role="group" aria-labelledby="evaluator-remove-question">
                    <h3 id="evaluator-remove-question">{ format!("Remove {} from the panel?", v.name) }</h3>
                    <p>{"You can undo this straight afterwards. An evaluator who has given scores stays on the panel: their scores must be kept on file."}</p>
                    <button type="button" class="button button--warning" id="evaluator-remove-yes" onclick={props.onremove.clone()}>
                        {"Yes, remove"}<span class="visually-hidden">{ format!(" {}", v.name) }</span>
                    </button>
                    <button type="button" class="button button--secondary" onclick={props.oncancel.clone()}>{"Cancel"}</button>
                </div>
            } else {
                <button type="button" class="button button--secondary button--small" id={format!("evaluator-{id}-remove")} onclick={props.onask.clone()}>
                    {"Remove"}<span class="visually-hidden">{ format!(" {} from the panel", v.name) }</span>
                </button>
            }
        </li>
    }
}
