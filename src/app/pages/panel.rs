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
        let total = w.cells.min(total);
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
            <EvaluatorCard key={v.id.clone()} evaluator={v.clone()} file={props.open.file()} progress={AttrValue::from(progress)} {complete}
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
    /// The whole file: its criteria trees, lots and bids, for assignments and recusals.
    file: std::rc::Rc<crate::model::Evaluation>,
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
            { assignment_form(props) }
            if v.declaration.as_ref().is_some_and(|d| d.conflict) {
                { recusal_form(props) }
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

/// The values of the checked boxes called `name` in the form that sent `e`.
fn checked(e: &SubmitEvent, name: &str) -> Vec<String> {
    use wasm_bindgen::JsCast;
    let Some(form) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return Vec::new();
    };
    let Ok(list) = form.query_selector_all(&format!("input[name='{name}']:checked")) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .collect()
}

/// One checkbox of a list, with its own id.
fn checkbox(
    name: &str,
    id: String,
    value: &str,
    label: String,
    checked: bool,
    depth: usize,
) -> Html {
    html! {
        <li class={format!("indent-{}", depth.min(3))}>
            <div class="checkboxes">
                <input class="checkbox" type="checkbox" id={id.clone()} name={name.to_string()} value={value.to_string()} {checked} />
                <label for={id}>{ label }</label>
            </div>
        </li>
    }
}

/// What the evaluator scores: groups and scored criteria of every tree, and lots.
fn assignment_form(props: &EvaluatorCardProps) -> Html {
    let v = &props.evaluator;
    let file = &props.file;
    let a = v.assignment.clone().unwrap_or_default();
    let id = v.id.clone();
    let field = Field::Assignment(id.clone());
    let onsubmit = {
        let onedit = props.onedit.clone();
        let id = id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let criteria = checked(&e, &format!("assign-{id}-criteria"));
            let lots = checked(&e, &format!("assign-{id}-lots"));
            onedit.emit(Edit::Assign {
                evaluator: id.clone(),
                criteria,
                lots,
            });
        })
    };
    // Every scored criterion and group, once, from the shared tree and every lot's own.
    let mut seen = std::collections::HashSet::new();
    let mut items = Vec::new();
    let mut trees: Vec<&[crate::model::Criterion]> = vec![&file.criteria];
    trees.extend(file.lots.iter().filter_map(|l| l.criteria.as_deref()));
    fn walk<'a>(
        nodes: &'a [crate::model::Criterion],
        depth: usize,
        out: &mut Vec<(usize, &'a crate::model::Criterion)>,
    ) {
        for n in nodes {
            if matches!(
                n.kind,
                crate::model::Kind::Group | crate::model::Kind::Scored
            ) {
                out.push((depth, n));
                walk(n.children(), depth + 1, out);
            }
        }
    }
    for t in trees {
        let mut out = Vec::new();
        walk(t, 0, &mut out);
        for (depth, c) in out {
            if seen.insert(c.id.clone()) {
                items.push(checkbox(
                    &format!("assign-{id}-criteria"),
                    format!("assign-{id}-criterion-{}", c.id),
                    &c.id,
                    if c.kind == crate::model::Kind::Group {
                        format!("{} (everything in it)", c.name)
                    } else {
                        c.name.clone()
                    },
                    a.criteria.contains(&c.id),
                    depth,
                ));
            }
        }
    }
    let lots: Vec<Html> = file
        .lots
        .iter()
        .map(|l| {
            checkbox(
                &format!("assign-{id}-lots"),
                format!("assign-{id}-lot-{}", l.id),
                &l.id,
                l.name.clone(),
                a.lots.contains(&l.id),
                0,
            )
        })
        .collect();
    html! {
        <details class="member__assignment" id={dom_id(&field)}>
            <summary>{ format!("What {} scores: {}", v.name, text::assignment_words(file, v)) }</summary>
            <form {onsubmit} novalidate=true>
                if let Some(msg) = error_for(&props.error, &field) {
                    <p class="error-message"><span class="visually-hidden">{"Error: "}</span>{ msg }</p>
                }
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">{"Criteria"}</legend>
                    <div class="hint">{"Tick none for every criterion. A group stands for everything in it."}</div>
                    <ul class="checkbox-list">{ for items }</ul>
                </fieldset>
                if !lots.is_empty() {
                    <fieldset class="fieldset">
                        <legend class="fieldset__legend">{"Lots"}</legend>
                        <div class="hint">{"Tick none for every lot."}</div>
                        <ul class="checkbox-list">{ for lots }</ul>
                    </fieldset>
                }
                <button type="submit" class="button button--secondary button--small" id={format!("assign-{id}-save")}>
                    {"Save what they score"}<span class="visually-hidden">{ format!(" for {}", v.name) }</span></button>
            </form>
        </details>
    }
}

/// The bids an evaluator with a declared conflict stands down from, in every lot.
fn recusal_form(props: &EvaluatorCardProps) -> Html {
    let v = &props.evaluator;
    let file = &props.file;
    let id = v.id.clone();
    let field = Field::Recusal(id.clone());
    let recused: Vec<String> = v
        .declaration
        .as_ref()
        .map(|d| d.bids.clone())
        .unwrap_or_default();
    let onsubmit = {
        let onedit = props.onedit.clone();
        let id = id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let bids = checked(&e, &format!("recuse-{id}"));
            onedit.emit(Edit::Recuse {
                evaluator: id.clone(),
                bids,
            });
        })
    };
    let items = file.bids.iter().map(|b| {
        let lot = file
            .lot_of(b)
            .map(|l| format!(" — {}", l.name))
            .unwrap_or_default();
        checkbox(
            &format!("recuse-{id}"),
            format!("recuse-{id}-{}", b.id),
            &b.id,
            format!("{}{lot}", b.supplier),
            recused.contains(&b.id),
            0,
        )
    });
    html! {
        <form class="member__recusal" id={dom_id(&field)} {onsubmit} novalidate=true>
            <fieldset class="fieldset">
                <legend class="fieldset__legend">{ format!("Bids {} stands down from", v.name) }</legend>
                <div class="hint">{"They will not be offered these bids to score. Scores they gave before are kept on file, shown as recused, and no longer count; the change is recorded in the audit log."}</div>
                if let Some(msg) = error_for(&props.error, &field) {
                    <p class="error-message"><span class="visually-hidden">{"Error: "}</span>{ msg }</p>
                }
                if file.bids.is_empty() {
                    <p>{"No bids yet."}</p>
                } else {
                    <ul class="checkbox-list">{ for items }</ul>
                }
            </fieldset>
            <button type="submit" class="button button--secondary button--small" id={format!("recuse-{id}-save")}>
                {"Save bids stood down from"}<span class="visually-hidden">{ format!(" for {}", v.name) }</span></button>
        </form>
    }
}
