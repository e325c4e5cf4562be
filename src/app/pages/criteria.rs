//! Criteria and weights: the tree of criteria, each with its name, weight and what
//! its kind needs, the weights' running sums, and a form to add a criterion. Every
//! change goes through the workflow, which checks it and records it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use rust_decimal::Decimal;
use yew::prelude::*;

use crate::app::components::form::{
    error_for, text_area, Choice, Radios, TextAreaProps, TextField,
};
use crate::app::fields::dom_id;
use crate::app::hooks::forms::{field_value, focus_id};
use crate::app::PageProps;
use crate::model::{Criterion, Evaluation, Kind, PriceMethod, Problem};
use crate::text;
use crate::workflow::{scale_of, Action, Edit, EditError, Field, Page, Question};

fn kind_words(k: Kind) -> &'static str {
    match k {
        Kind::Group => "Group",
        Kind::Scored => "Scored",
        Kind::Price => "Price",
        Kind::PassFail => "Pass or fail",
        Kind::Measured => "Measured",
    }
}

fn kind_value(k: Kind) -> &'static str {
    match k {
        Kind::Group => "group",
        Kind::Scored => "scored",
        Kind::Price => "price",
        Kind::PassFail => "pass_fail",
        Kind::Measured => "measured",
    }
}

fn kind_from(value: &str) -> Kind {
    match value {
        "group" => Kind::Group,
        "price" => Kind::Price,
        "pass_fail" => Kind::PassFail,
        "measured" => Kind::Measured,
        _ => Kind::Scored,
    }
}

fn method_value(m: PriceMethod) -> &'static str {
    match m {
        PriceMethod::LowestOverBid => "lowest_over_bid",
        PriceMethod::LinearToLowest => "linear_to_lowest",
        PriceMethod::Logarithmic => "logarithmic",
        PriceMethod::LinearLowestHighest => "linear_lowest_highest",
        PriceMethod::BetweenBounds => "between_bounds",
        PriceMethod::KoreanNegotiated => "korean_negotiated",
        PriceMethod::EligibilityReview => "eligibility_review",
    }
}

/// One text field of a price score's parameter form.
#[derive(Clone, PartialEq)]
struct ParamField {
    /// The parameter's name in [`Field::CriterionParam`].
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    /// What the file holds.
    saved: String,
    error: Option<String>,
}

/// The parameters of a Korean price score, saved together from one small form; what is
/// typed stays in the fields while a refusal is on screen.
#[derive(Properties, PartialEq)]
struct ParamsProps {
    id: String,
    /// `negotiated` or `eligibility`: which edit the form makes, and its element id.
    form: &'static str,
    fields: Vec<ParamField>,
    /// Check boxes: (name, label, saved).
    #[prop_or_default]
    checks: Vec<(&'static str, &'static str, bool)>,
    save: &'static str,
    onedit: Callback<Edit>,
}

#[function_component(ParamsForm)]
fn params_form(props: &ParamsProps) -> Html {
    let saved = (
        props
            .fields
            .iter()
            .map(|f| f.saved.clone())
            .collect::<Vec<_>>(),
        props.checks.iter().map(|c| c.2).collect::<Vec<_>>(),
    );
    let typed = use_state(|| saved.clone());
    {
        // A saved (or undone) change is what the fields show from then on.
        let typed = typed.clone();
        use_effect_with(saved, move |saved| {
            typed.set(saved.clone());
        });
    }
    let onsubmit = {
        let (id, typed, form) = (props.id.clone(), typed.clone(), props.form);
        props.onedit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            if form == "negotiated" {
                negotiated_edit(&id, &typed.0, &typed.1)
            } else {
                eligibility_edit(&id, &typed.0)
            }
        })
    };
    let fields = props.fields.iter().enumerate().map(|(i, f)| {
        let id = dom_id(&Field::CriterionParam(props.id.clone(), f.name));
        let err_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let oninput = {
            let typed = typed.clone();
            Callback::from(move |e: InputEvent| {
                let mut t = (*typed).clone();
                t.0[i] = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                typed.set(t);
            })
        };
        let described = match (&f.error, f.hint) {
            (Some(_), Some(_)) => Some(format!("{hint_id} {err_id}")),
            (Some(_), None) => Some(err_id.clone()),
            (None, Some(_)) => Some(hint_id.clone()),
            (None, None) => None,
        };
        html! {
            <div class={classes!("form-group", f.error.as_ref().map(|_| "form-group--error"))}>
                <label class="label" for={id.clone()}>{ f.label }</label>
                if let Some(h) = f.hint { <p class="hint" id={hint_id.clone()}>{ h }</p> }
                if let Some(m) = &f.error { <p class="error-message" id={err_id.clone()}><span class="visually-hidden">{"Error: "}</span>{ m }</p> }
                <input class={classes!("input", "width-10", f.error.as_ref().map(|_| "input--error"))} type="text" inputmode="decimal"
                    id={id.clone()} name={id.clone()} value={typed.0.get(i).cloned().unwrap_or_default()} {oninput}
                    aria-describedby={described} />
            </div>
        }
    });
    let checks = props.checks.iter().enumerate().map(|(i, (name, label, _))| {
        let id = format!("criterion-{}-{name}", props.id);
        let onchange = {
            let typed = typed.clone();
            Callback::from(move |e: Event| {
                let mut t = (*typed).clone();
                t.1[i] = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                typed.set(t);
            })
        };
        html! {
            <div class="checkboxes">
                <input class="checkbox" type="checkbox" id={id.clone()} checked={typed.1.get(i).copied().unwrap_or_default()} {onchange} />
                <label for={id}>{ *label }</label>
            </div>
        }
    });
    html! {
        <form class="bounds-form" {onsubmit} novalidate=true id={format!("criterion-{}-{}", props.id, props.form)}>
            { for fields }
            { for checks }
            <button type="submit" class="button button--secondary button--small" id={format!("criterion-{}-{}-save", props.id, props.form)}>{ props.save }</button>
        </form>
    }
}

/// A parameter field, its saved value and any refusal beside it.
fn param(
    id: &str,
    error: &Option<EditError>,
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    saved: Option<String>,
) -> ParamField {
    ParamField {
        name,
        label,
        hint,
        saved: saved.unwrap_or_default(),
        error: crate::app::fields::error_for(error, &Field::CriterionParam(id.to_string(), name)),
    }
}

fn negotiated_edit(id: &str, texts: &[String], checks: &[bool]) -> Edit {
    let t = |i: usize| texts.get(i).cloned().unwrap_or_default();
    Edit::Negotiated {
        id: id.to_string(),
        estimated: t(0),
        reserve: t(1),
        lowest_raised: checks.first().copied().unwrap_or_default(),
        below_60: if checks.get(1).copied().unwrap_or_default() {
            crate::model::Below60::SixtyPercentOfWeight
        } else {
            crate::model::Below60::CountedAs60
        },
    }
}

fn eligibility_edit(id: &str, texts: &[String]) -> Edit {
    let t = |i: usize| texts.get(i).cloned().unwrap_or_default();
    Edit::Eligibility {
        id: id.to_string(),
        form: Box::new(crate::workflow::EligibilityText {
            reference: t(0),
            target: t(1),
            slope: t(2),
            floor: t(3),
            ratio_places: t(4),
            band_from: t(5),
            band_to: t(6),
            band_points: t(7),
            lower_limit: t(8),
            a_value: t(9),
        }),
    }
}

fn method_from(value: &str) -> PriceMethod {
    match value {
        "linear_to_lowest" => PriceMethod::LinearToLowest,
        "logarithmic" => PriceMethod::Logarithmic,
        "linear_lowest_highest" => PriceMethod::LinearLowestHighest,
        "between_bounds" => PriceMethod::BetweenBounds,
        "korean_negotiated" => PriceMethod::KoreanNegotiated,
        "eligibility_review" => PriceMethod::EligibilityReview,
        _ => PriceMethod::LowestOverBid,
    }
}

/// The two prices of the between-bounds formula, saved together: one alone is no rule.
/// What is typed stays in the fields while a refusal is on screen.
#[derive(Properties, PartialEq)]
struct BoundsProps {
    id: String,
    full: String,
    zero: String,
    /// What the bounds are of: "price", or a measured criterion's "figure".
    #[prop_or(AttrValue::Static("price"))]
    of: AttrValue,
    /// Whether a higher figure is better (then the full weight is at or above).
    #[prop_or_default]
    higher: bool,
    onedit: Callback<Edit>,
    full_error: Option<String>,
    zero_error: Option<String>,
}

#[function_component(BoundsForm)]
fn bounds_form(props: &BoundsProps) -> Html {
    let typed = use_state(|| (props.full.clone(), props.zero.clone()));
    {
        // A saved (or undone) change is what the fields show from then on.
        let typed = typed.clone();
        use_effect_with((props.full.clone(), props.zero.clone()), move |saved| {
            typed.set(saved.clone());
        });
    }
    let full_id = dom_id(&Field::CriterionBoundFull(props.id.clone()));
    let zero_id = dom_id(&Field::CriterionBoundZero(props.id.clone()));
    let onsubmit = {
        let (id, typed) = (props.id.clone(), typed.clone());
        props.onedit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            Edit::PriceBounds {
                id: id.clone(),
                full: typed.0.clone(),
                zero: typed.1.clone(),
            }
        })
    };
    let field = |id: &str, label: &str, which: usize, error: &Option<String>| {
        let err_id = format!("{id}-error");
        let value = if which == 0 {
            typed.0.clone()
        } else {
            typed.1.clone()
        };
        let oninput = {
            let typed = typed.clone();
            Callback::from(move |e: InputEvent| {
                let v = e
                    .target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value();
                let mut t = (*typed).clone();
                if which == 0 {
                    t.0 = v;
                } else {
                    t.1 = v;
                }
                typed.set(t);
            })
        };
        html! {
            <div class={classes!("form-group", error.as_ref().map(|_| "form-group--error"))}>
                <label class="label" for={id.to_string()}>{ label }</label>
                if let Some(m) = error { <p class="error-message" id={err_id.clone()}><span class="visually-hidden">{"Error: "}</span>{ m }</p> }
                <input class={classes!("input", "width-10", error.as_ref().map(|_| "input--error"))} type="text" inputmode="decimal"
                    id={id.to_string()} name={id.to_string()} {value} {oninput}
                    aria-describedby={error.as_ref().map(|_| err_id)} />
            </div>
        }
    };
    html! {
        <form class="bounds-form" {onsubmit} novalidate=true id={format!("criterion-{}-bounds", props.id)}>
            <div class="scale-ends">
                { field(&full_id, &format!("{} for the whole weight (or {})", capital(&props.of), if props.higher { "more" } else { "less" }), 0, &props.full_error) }
                { field(&zero_id, &format!("{} for no points (or {})", capital(&props.of), if props.higher { "less" } else { "more" }), 1, &props.zero_error) }
            </div>
            <button type="submit" class="button button--secondary button--small" id={format!("criterion-{}-bounds-save", props.id)}>{ format!("Save the {}s", props.of) }</button>
        </form>
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn choice(value: &str, label: &str, hint: &str) -> Choice {
    Choice {
        value: value.to_string(),
        label: label.to_string(),
        hint: Some(hint.to_string()),
    }
}

/// A number for reading, exactly as it adds up: `95`, `33.5`.
fn exact(d: Decimal) -> String {
    d.normalize().to_string()
}

fn display_name(c: &Criterion) -> String {
    if c.name.trim().is_empty() {
        format!("(no name: {})", c.id)
    } else {
        c.name.clone()
    }
}

/// The ids of a node and everything under it.
fn subtree(c: &Criterion) -> Vec<String> {
    let mut out = vec![c.id.clone()];
    for ch in c.children() {
        out.extend(subtree(ch));
    }
    out
}

#[derive(Clone, Copy)]
enum Part {
    Name,
    Weight,
    MinScore,
    Guidance,
}

/// The change to one field of a node, sent with the node's other values as they are.
fn update(c: &Criterion, field: Part, value: String) -> Edit {
    let mut name = c.name.clone();
    let mut weight = c.weight.map(|w| w.to_string()).unwrap_or_default();
    let mut min_score = c.min_score.map(|m| m.to_string()).unwrap_or_default();
    let mut guidance = c.guidance.clone().unwrap_or_default();
    match field {
        Part::Name => name = value,
        Part::Weight => weight = value,
        Part::MinScore => min_score = value,
        Part::Guidance => guidance = value,
    }
    Edit::UpdateCriterion {
        id: c.id.clone(),
        name,
        weight,
        min_score,
        guidance,
        method: c.method,
    }
}

/// A node without its children: what a callback needs to rebuild its edit.
fn shallow(c: &Criterion) -> Criterion {
    Criterion {
        children: None,
        ..c.clone()
    }
}

#[derive(Properties, PartialEq)]
struct GuidanceProps {
    id: AttrValue,
    label: AttrValue,
    hint: AttrValue,
    /// The saved text.
    value: AttrValue,
    oninput: Callback<String>,
    #[prop_or_default]
    error: Option<String>,
    disabled: bool,
}

/// A [`TextArea`] saved as it is typed. The workflow keeps guidance trimmed, so the
/// field shows what is typed (a space at the end included) and takes the saved text
/// only when that changes otherwise (an undo, say).
#[function_component(GuidanceArea)]
fn guidance_area(props: &GuidanceProps) -> Html {
    let typed = use_state(|| props.value.to_string());
    {
        let typed = typed.clone();
        use_effect_with(props.value.clone(), move |saved| {
            if typed.trim() != saved.trim() {
                typed.set(saved.to_string());
            }
        });
    }
    let oninput = {
        let typed = typed.clone();
        let oninput = props.oninput.clone();
        Callback::from(move |v: String| {
            typed.set(v.clone());
            oninput.emit(v);
        })
    };
    html! {
        { text_area(TextAreaProps { id: (props.id.clone()).into(), label: (props.label.clone()).into(), hint: Some(props.hint.clone()), value: ((*typed).clone()).into(), oninput, error: props.error.clone(), disabled: props.disabled, ..TextAreaProps::default() }) }
    }
}

/// What every row of the tree needs from the page.
struct Tree<'a> {
    e: &'a Evaluation,
    onedit: Callback<Edit>,
    error: &'a Option<EditError>,
    locked: bool,
    weights: HashMap<String, Decimal>,
    groups: Vec<(usize, &'a Criterion)>,
    removing: UseStateHandle<Option<String>>,
    confirm_ref: NodeRef,
    move_to: UseStateHandle<HashMap<String, String>>,
    /// An element to focus once the evaluation has changed (a moved row's button).
    focus_after: Rc<RefCell<Option<String>>>,
}

impl Tree<'_> {
    fn sum_id(parent: Option<&Criterion>) -> String {
        match parent {
            Some(p) => format!("weights-{}", p.id),
            None => "weights-top".to_string(),
        }
    }

    /// One sibling list, then the sum of its weights.
    fn list(&self, nodes: &[Criterion], parent: Option<&Criterion>) -> Html {
        let n = nodes.len();
        html! {
            <div class={if parent.is_some() { "criteria-children" } else { "criteria-top" }}>
                if !nodes.is_empty() {
                    <ol class="criteria-list">
                        { for nodes.iter().enumerate().map(|(i, c)| self.node(c, parent, i, n)) }
                    </ol>
                }
                { self.sum(nodes, parent) }
            </div>
        }
    }

    fn sum(&self, nodes: &[Criterion], parent: Option<&Criterion>) -> Html {
        let weighted: Vec<&Criterion> = nodes.iter().filter(|c| c.is_weighted()).collect();
        let total: Decimal = weighted.iter().filter_map(|c| c.weight).map(|w| w.0).sum();
        let hundred = Decimal::ONE_HUNDRED;
        let whose = match parent {
            Some(p) => format!("Weights under {}", display_name(p)),
            None => "Top-level weights".to_string(),
        };
        let (words, complete) = if weighted.is_empty() {
            let place = match parent {
                Some(p) => format!("under {}", display_name(p)),
                None => "at the top level".to_string(),
            };
            (
                format!("There are no weighted criteria {place} yet. Add a group, a scored or a price criterion."),
                false,
            )
        } else if total == hundred {
            (format!("{whose} add up to 100 %."), true)
        } else if total < hundred {
            (
                format!(
                    "{whose} add up to {} %. {} % still to give.",
                    exact(total),
                    exact(hundred - total)
                ),
                false,
            )
        } else {
            (
                format!(
                    "{whose} add up to {} %. That is {} % too much: make them add up to 100.",
                    exact(total),
                    exact(total - hundred)
                ),
                false,
            )
        };
        html! {
            <p class="weight-sum" id={Self::sum_id(parent)} tabindex="-1" aria-live="polite">
                if complete {
                    <strong class="tag tag--green">{"Complete"}</strong>
                } else {
                    <strong class="tag tag--yellow">{"Incomplete"}</strong>
                }
                { " " }{ words }
            </p>
        }
    }

    /// A measured criterion's settings: which way is better, its unit or whether it is a
    /// price component, its formula and the formula's parameters.
    fn measured_fields(&self, c: &Criterion) -> Html {
        use crate::model::Better;
        let id = c.id.clone();
        let f = |s: &str| format!("criterion-{id}-{s}");
        let err = |make: fn(String) -> Field| error_for(self.error, &make(id.clone()));
        let better = c.better.unwrap_or_default();
        let higher = better == Better::Higher;
        let on_better = {
            let (unit, component) = (c.unit.clone().unwrap_or_default(), c.price_component);
            let id = id.clone();
            self.onedit.reform(move |v: String| Edit::Measure {
                id: id.clone(),
                better: if v == "higher" {
                    Better::Higher
                } else {
                    Better::Lower
                },
                unit: unit.clone(),
                component,
            })
        };
        let on_unit = {
            let (id, component) = (id.clone(), c.price_component);
            self.onedit.reform(move |unit: String| Edit::Measure {
                id: id.clone(),
                better,
                unit,
                component,
            })
        };
        let on_component = {
            let (id, unit) = (id.clone(), c.unit.clone().unwrap_or_default());
            self.onedit.reform(move |ev: Event| Edit::Measure {
                id: id.clone(),
                better: Better::Lower,
                unit: unit.clone(),
                component: ev
                    .target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked(),
            })
        };
        let on_method = {
            let onedit = self.onedit.clone();
            let c = shallow(c);
            Callback::from(move |v: String| {
                let mut edit = update(&c, Part::Name, c.name.clone());
                if let Edit::UpdateCriterion { method: m, .. } = &mut edit {
                    *m = Some(method_from(&v));
                }
                onedit.emit(edit);
            })
        };
        let of = if c.price_component { "price" } else { "figure" };
        let mut choices = vec![
            choice("lowest_over_bid", "Ratio to the best", if higher { "Bid's figure ÷ the highest figure × weight: the best gets the full weight." } else { "The lowest figure ÷ bid's figure × weight: the best gets the full weight." }),
            choice("linear_lowest_highest", "Linear between the best and the worst", "The best figure gets the full weight, the worst nothing, the others in a straight line between."),
            choice("between_bounds", "Between stated figures", "The full weight at or past a figure you state, nothing at or short of another you state, a straight line between. Other bids' figures do not matter."),
        ];
        if !higher {
            choices.push(choice("linear_to_lowest", "Linear to the lowest", "Points fall in a straight line from the full weight at the lowest figure to nothing at twice it."));
            choices.push(choice("logarithmic", "Logarithmic", "Points fall with the logarithm of figure ÷ lowest figure, to nothing at A times the lowest."));
        }
        html! {
            <>
            <Radios name={f("better")} legend="Which is better?" small=true inline=true
                choices={vec![
                    choice("lower", "Lower", "Fewer days, fewer hours, less CO2e, a lower price."),
                    choice("higher", "Higher", "More apprentices, a higher share of local spend."),
                ]}
                selected={Some(if higher { "higher" } else { "lower" }.to_string())}
                onchange={on_better} />
            <div class="checkboxes">
                <input class="checkbox" type="checkbox" id={f("component")} checked={c.price_component} disabled={self.locked}
                    onchange={on_component} />
                <label for={f("component")}>{"It is a component of the price (a day rate, an implementation price, a yearly licence): its points are price points, and each bid's components add up to its total evaluated price"}</label>
            </div>
            if !c.price_component {
                <TextField id={f("unit")} label="Unit (optional)" hint="What the figures count: days, hours, tCO2e, %."
                    value={c.unit.clone().unwrap_or_default()} width="width-10" onchange={on_unit} />
            }
            <Radios name={f("method")} legend="How are points given?" small=true
                {choices}
                selected={c.method.map(|m| method_value(m).to_string())}
                onchange={on_method} />
            if c.method == Some(PriceMethod::Logarithmic) {
                <TextField id={dom_id(&Field::CriterionLogBase(id.clone()))} label="A: the multiple of the lowest figure that scores nothing"
                    value={c.log_base.map(|a| a.to_string()).unwrap_or_default()} width="width-5" inputmode="decimal"
                    onchange={{ let id = id.clone(); self.onedit.reform(move |base: String| Edit::LogBase { id: id.clone(), base }) }}
                    error={err(Field::CriterionLogBase)} />
            }
            if c.method == Some(PriceMethod::BetweenBounds) {
                <BoundsForm id={id.clone()} onedit={self.onedit.clone()} of={of} higher={higher}
                    full={c.bounds.as_ref().map(|b| b.full.to_string()).unwrap_or_default()}
                    zero={c.bounds.as_ref().map(|b| b.zero.to_string()).unwrap_or_default()}
                    full_error={err(Field::CriterionBoundFull)} zero_error={err(Field::CriterionBoundZero)} />
            }
            </>
        }
    }

    fn node(&self, c: &Criterion, parent: Option<&Criterion>, i: usize, n: usize) -> Html {
        let id = c.id.clone();
        let f = |s: &str| format!("criterion-{id}-{s}");
        let field = |make: fn(String) -> Field| make(id.clone());
        let err = |make: fn(String) -> Field| error_for(self.error, &field(make));
        let name = display_name(c);
        let hidden_name = html! { <span class="visually-hidden">{ format!(" {name}") }</span> };
        let on = |field: Part| {
            let onedit = self.onedit.clone();
            let c = shallow(c);
            Callback::from(move |v: String| onedit.emit(update(&c, field, v)))
        };
        let of_what = match parent {
            Some(p) => format!("A percentage of {}.", display_name(p)),
            None => "A percentage of the whole evaluation.".to_string(),
        };

        // Moving within the list, keeping the keyboard where it was.
        let mover = |up: bool| {
            let onedit = self.onedit.clone();
            let focus_after = self.focus_after.clone();
            let id = id.clone();
            let lands_at = if up { i.saturating_sub(1) } else { i + 1 };
            let button = match (up, lands_at) {
                (true, 0) => "down",
                (false, j) if j + 1 == n => "up",
                (true, _) => "up",
                (false, _) => "down",
            };
            let target = format!("criterion-{id}-{button}");
            Callback::from(move |_: MouseEvent| {
                *focus_after.borrow_mut() = Some(target.clone());
                onedit.emit(Edit::MoveCriterion { id: id.clone(), up });
            })
        };

        // Moving to another group (or the top level), chosen from a list and then confirmed.
        let inside: HashSet<String> = subtree(c).into_iter().collect();
        let here = parent.map(|p| p.id.clone()).unwrap_or_default();
        let destinations: Vec<(usize, &Criterion)> = self
            .groups
            .iter()
            .filter(|(_, g)| !inside.contains(&g.id))
            .copied()
            .collect();
        let chosen = self
            .move_to
            .get(&id)
            .filter(|v| v.is_empty() || destinations.iter().any(|(_, g)| g.id == **v))
            .cloned()
            .unwrap_or_else(|| here.clone());
        let on_choose = {
            let move_to = self.move_to.clone();
            let id = id.clone();
            Callback::from(move |ev: Event| {
                let value = ev
                    .target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value();
                let mut m = (*move_to).clone();
                m.insert(id.clone(), value);
                move_to.set(m);
            })
        };
        let on_move = {
            let onedit = self.onedit.clone();
            let move_to = self.move_to.clone();
            let focus_after = self.focus_after.clone();
            let id = id.clone();
            let chosen = chosen.clone();
            // The Move button is disabled once the row is where it was sent.
            let target = f("move-to");
            Callback::from(move |_: MouseEvent| {
                let mut m = (*move_to).clone();
                m.remove(&id);
                move_to.set(m);
                *focus_after.borrow_mut() = Some(target.clone());
                onedit.emit(Edit::MoveInto {
                    id: id.clone(),
                    parent: (!chosen.is_empty()).then(|| chosen.clone()),
                });
            })
        };
        let marker = |is_here: bool| if is_here { " (now)" } else { "" };

        // Removing, after a question.
        let asking_remove = self.removing.as_deref() == Some(id.as_str());
        let ask_remove = {
            let removing = self.removing.clone();
            let id = id.clone();
            Callback::from(move |_: MouseEvent| removing.set(Some(id.clone())))
        };
        let do_remove = {
            let removing = self.removing.clone();
            let onedit = self.onedit.clone();
            let focus_after = self.focus_after.clone();
            let id = id.clone();
            let target = Self::sum_id(parent);
            Callback::from(move |_: MouseEvent| {
                removing.set(None);
                *focus_after.borrow_mut() = Some(target.clone());
                onedit.emit(Edit::RemoveCriterion { id: id.clone() });
            })
        };
        let cancel_remove = {
            let removing = self.removing.clone();
            let target = f("remove");
            Callback::from(move |_: MouseEvent| {
                removing.set(None);
                focus_id(&target);
            })
        };
        let below = inside.len() - 1;
        let scores = self
            .e
            .scores
            .iter()
            .filter(|s| inside.contains(&s.criterion))
            .count();
        let checks = self
            .e
            .checks
            .iter()
            .filter(|s| inside.contains(&s.criterion))
            .count();
        let question = if scores + checks > 0 {
            format!("Remove {name} and its scores?")
        } else {
            format!("Remove {name}?")
        };
        let mut consequences = Vec::new();
        if below > 0 {
            consequences.push(format!(
                "The {} under it will be removed too.",
                text::count(below, "criterion", "criteria")
            ));
        }
        if scores > 0 {
            consequences.push(format!(
                "{} given against it will be removed.",
                text::count(scores, "score", "scores")
            ));
        }
        if checks > 0 {
            consequences.push(format!(
                "{} of whether bids pass will be removed.",
                text::count(checks, "record", "records")
            ));
        }
        consequences.push("You can undo this straight after.".to_string());

        let points = self.weights.get(&id).copied().filter(|_| c.is_weighted());
        let fields = match c.kind {
            Kind::Group => html! {
                <div class="checkboxes">
                    <input class="checkbox" type="checkbox" id={f("relative")} checked={c.relative_to_best} disabled={self.locked}
                        onchange={{ let id = c.id.clone(); self.onedit.reform(move |ev: Event| Edit::RelativeToBest { id: id.clone(), relative: ev.target_unchecked_into::<web_sys::HtmlInputElement>().checked() }) }} />
                    <label for={f("relative")}>{"Set its points against the best bid's: the best bid gets the group's whole weight, each other bid its points ÷ the best bid's × the weight (quality relative to the best, as in quality- and cost-based selection)"}</label>
                </div>
            },
            Kind::Measured => self.measured_fields(c),
            Kind::Scored => {
                let scale = scale_of(self.e, &id);
                html! {
                    <>
                        <TextField id={dom_id(&field(Field::CriterionMinScore))} label="Minimum score (optional)"
                            hint={format!("A bid whose score is below this is excluded, whatever its total. The scale runs from {} to {}. Leave empty for none.", scale.min, scale.max)}
                            value={c.min_score.map(|m| m.to_string()).unwrap_or_default()}
                            onchange={on(Part::MinScore)} error={err(Field::CriterionMinScore)} width="width-5" inputmode="decimal" />
                        <GuidanceArea id={f("guidance")} label="Guidance for evaluators (optional)"
                            hint="What a good answer looks like. Evaluators see it beside each bid's answer."
                            value={c.guidance.clone().unwrap_or_default()} oninput={on(Part::Guidance)}
                            disabled={self.locked} />
                    </>
                }
            }
            Kind::Price => {
                let on_method = {
                    let onedit = self.onedit.clone();
                    let c = shallow(c);
                    Callback::from(move |v: String| {
                        let method = method_from(&v);
                        let mut edit = update(&c, Part::Name, c.name.clone());
                        if let Edit::UpdateCriterion { method: m, .. } = &mut edit {
                            *m = Some(method);
                        }
                        onedit.emit(edit);
                    })
                };
                let on_base = {
                    let id = c.id.clone();
                    self.onedit.reform(move |base: String| Edit::LogBase {
                        id: id.clone(),
                        base,
                    })
                };
                html! {
                    <>
                    <Radios name={f("method")} legend="How are price points given?" small=true
                        choices={vec![
                            choice("lowest_over_bid", "Lowest price ÷ bid price × weight", "The lowest price gets the full weight; a price twice the lowest gets half."),
                            choice("linear_to_lowest", "Linear to the lowest price", "Points fall in a straight line from the full weight at the lowest price to nothing at twice the lowest price."),
                            choice("logarithmic", "Logarithmic", "Points fall with the logarithm of price ÷ lowest price, to nothing at A times the lowest price. Set A in advance (1.5, 2 or 3)."),
                            choice("linear_lowest_highest", "Linear between the lowest and the highest price", "The lowest price gets the full weight, the highest nothing, the others in a straight line between."),
                            choice("between_bounds", "Between stated prices", "The full weight at or below a price you state, nothing at or above a ceiling you state, a straight line between. Other bids' prices do not matter."),
                            choice("korean_negotiated", "Korean negotiated contract (협상에 의한 계약)", "Lowest price ÷ bid price × weight at or above 80 % of the estimated price; below it, up to 2 points more, in a straight line to 60 % of the estimated price."),
                            choice("eligibility_review", "Korean eligibility review (적격심사)", "Weight − slope × the distance of bid ÷ reserve price from a target ratio, never below a floor; a bid below the lower limit is excluded."),
                        ]}
                        selected={c.method.map(|m| method_value(m).to_string())}
                        onchange={on_method} />
                    if c.method == Some(PriceMethod::Logarithmic) {
                        <TextField id={dom_id(&field(Field::CriterionLogBase))} label="A: the multiple of the lowest price that scores nothing"
                            value={c.log_base.map(|a| a.to_string()).unwrap_or_default()} width="width-5" inputmode="decimal"
                            onchange={on_base} error={err(Field::CriterionLogBase)} />
                        <div class="checkboxes">
                            <input class="checkbox" type="checkbox" id={f("log-floor")} checked={c.log_floor != Some(false)}
                                onchange={{ let id = c.id.clone(); self.onedit.reform(move |ev: Event| Edit::LogFloor { id: id.clone(), floor: ev.target_unchecked_into::<web_sys::HtmlInputElement>().checked() }) }} />
                            <label for={f("log-floor")}>{"Stop at 0: a bid above A times the lowest price scores nothing, not less (some platforms publish the formula without this floor)"}</label>
                        </div>
                    }
                    if c.method == Some(PriceMethod::BetweenBounds) {
                        <BoundsForm id={c.id.clone()} onedit={self.onedit.clone()}
                            full={c.bounds.as_ref().map(|b| b.full.to_string()).unwrap_or_default()}
                            zero={c.bounds.as_ref().map(|b| b.zero.to_string()).unwrap_or_default()}
                            full_error={err(Field::CriterionBoundFull)} zero_error={err(Field::CriterionBoundZero)} />
                    }
                    if c.method == Some(PriceMethod::KoreanNegotiated) {
                        <ParamsForm id={c.id.clone()} form="negotiated"
                            save="Save the negotiated-contract prices" onedit={self.onedit.clone()}
                            fields={vec![
                                param(&c.id, self.error, "estimated-price", "Estimated price (추정가격)", Some("The 80 % and 60 % marks of the formula are taken from it."), c.estimated_price.map(|p| p.to_string())),
                                param(&c.id, self.error, "reserve-price", "Reserve price (예정가격, optional)", Some("When set, it replaces the estimated price. Leave empty for none."), c.negotiated.as_ref().and_then(|n| n.reserve_price).map(|p| p.to_string())),
                            ]}
                            checks={vec![
                                ("lowest-raised", "Count a lowest price below 80 % of the estimated price as 80 % of it (some buyers' clause)", c.negotiated.as_ref().and_then(|n| n.lowest_raised_to_80) == Some(true)),
                                ("below-60-fixed", "A bid below 60 % scores weight × 60 ÷ 100, rather than being counted as 60 % (one system's clause)", c.negotiated.as_ref().and_then(|n| n.below_60) == Some(crate::model::Below60::SixtyPercentOfWeight)),
                            ]} />
                    }
                    if c.method == Some(PriceMethod::EligibilityReview) {
                        <ParamsForm id={c.id.clone()} form="eligibility"
                            save="Save the eligibility-review rule" onedit={self.onedit.clone()}
                            fields={{
                                let t = crate::workflow::EligibilityText::of(c.eligibility.as_ref());
                                let v = |s: &str| (!s.is_empty()).then(|| s.to_string());
                                vec![
                                    param(&c.id, self.error, "reference-price", "Reference price (예정가격)", Some("Each bid is divided by it. It is fixed at bid opening: leave it empty until then, and every price score waits for it."), v(&t.reference)),
                                    param(&c.id, self.error, "target", "Target ratio, % of the reference price", Some("The ratio that scores the whole weight, such as 88."), v(&t.target)),
                                    param(&c.id, self.error, "slope", "Points lost per percentage point", Some("Such as 4 in 70 − 4 × |88 − ratio|."), v(&t.slope)),
                                    param(&c.id, self.error, "floor", "Fewest points (optional)", None, v(&t.floor)),
                                    param(&c.id, self.error, "ratio-places", "Decimal places of the ratio (optional, 4 when empty)", None, v(&t.ratio_places)),
                                    param(&c.id, self.error, "band-from", "Band: from % (optional)", Some("A ratio range that scores fixed points, such as 88.25 to 100 scoring 85."), v(&t.band_from)),
                                    param(&c.id, self.error, "band-to", "Band: to %", None, v(&t.band_to)),
                                    param(&c.id, self.error, "band-points", "Band: points", None, v(&t.band_points)),
                                    param(&c.id, self.error, "lower-limit", "Lower limit, % of the reference price (낙찰하한율, optional)", Some("A bid below it is excluded, with the reason, such as 86.745."), v(&t.lower_limit)),
                                    param(&c.id, self.error, "a-value", "A: statutory costs taken out of both prices (optional)", None, v(&t.a_value)),
                                ]
                            }} />
                    }
                    <TextField id={dom_id(&field(Field::CriterionBudget))} label="Budget (optional)"
                        hint="A bid priced above it is excluded, with the reason, before price points are given; the lowest price is then taken among the bids that remain. Leave empty for none."
                        value={c.budget.map(|b| b.to_string()).unwrap_or_default()} width="width-10" inputmode="decimal"
                        onchange={{ let id = c.id.clone(); self.onedit.reform(move |budget: String| Edit::Budget { id: id.clone(), budget }) }}
                        error={err(Field::CriterionBudget)} />
                    </>
                }
            }
            Kind::PassFail => html! {
                <GuidanceArea id={f("guidance")} label="What a bid must show to pass (optional)"
                    hint="A bid that fails is excluded, whatever its score."
                    value={c.guidance.clone().unwrap_or_default()} oninput={on(Part::Guidance)}
                    disabled={self.locked} />
            },
        };

        html! {
            <li key={id.clone()} class={classes!("criterion", format!("criterion--{}", kind_value(c.kind).replace('_', "-")))} id={f("row")}>
                <fieldset class="criterion__card">
                    <legend class="criterion__legend">
                        <strong class="tag criterion__kind">{ kind_words(c.kind) }</strong>
                        { " " }{ name.clone() }
                    </legend>
                    if let Some(p) = points {
                        <p class="criterion__points">
                            { format!("Worth {} points of 100", text::plain(p)) }
                            { if c.kind == Kind::Group { " in all" } else { "" } }
                        </p>
                    }
                    <div class="criterion__row">
                        <TextField id={dom_id(&field(Field::CriterionName))} label="Name" value={c.name.clone()}
                            onchange={on(Part::Name)} error={err(Field::CriterionName)} width="width-20" />
                        if c.is_weighted() {
                            <TextField id={dom_id(&field(Field::CriterionWeight))} label="Weight" hint={of_what}
                                value={c.weight.map(|w| w.to_string()).unwrap_or_default()}
                                onchange={on(Part::Weight)} error={err(Field::CriterionWeight)} width="width-5"
                                inputmode="decimal" suffix="%" />
                        }
                    </div>
                    { fields }
                    <div class="criterion__actions">
                        <button type="button" class="button button--secondary button--small" id={f("up")}
                            disabled={self.locked || i == 0} onclick={mover(true)}>{"Move up"}{ hidden_name.clone() }</button>
                        <button type="button" class="button button--secondary button--small" id={f("down")}
                            disabled={self.locked || i + 1 == n} onclick={mover(false)}>{"Move down"}{ hidden_name.clone() }</button>
                        <span class="criterion__move">
                            <label class="label criterion__move-label" for={f("move-to")}>{"Move"}{ hidden_name.clone() }{" to"}</label>
                            <select class="select" id={f("move-to")} name={f("move-to")} disabled={self.locked} onchange={on_choose}>
                                <option value="" selected={chosen.is_empty()}>{ format!("Top level{}", marker(here.is_empty())) }</option>
                                { for destinations.iter().map(|(depth, g)| html! {
                                    <option value={g.id.clone()} selected={chosen == g.id}>
                                        { format!("{}{}{}", "\u{a0}\u{a0}\u{a0}".repeat(*depth + 1), display_name(g), marker(here == g.id)) }
                                    </option>
                                }) }
                            </select>
                            <button type="button" class="button button--secondary button--small" id={f("move")}
                                disabled={self.locked || chosen == here} onclick={on_move}>{"Move"}{ hidden_name.clone() }</button>
                        </span>
                        <button type="button" class="button button--secondary button--small criterion__remove" id={f("remove")}
                            disabled={self.locked} onclick={ask_remove} aria-expanded={asking_remove.to_string()}>{"Remove"}{ hidden_name.clone() }</button>
                    </div>
                    if asking_remove {
                        <div class="confirm" role="dialog" aria-labelledby={f("remove-heading")} id={f("remove-confirm")} tabindex="-1" ref={self.confirm_ref.clone()}>
                            <h3 class="heading-s" id={f("remove-heading")}>{ question }</h3>
                            { for consequences.iter().map(|p| html! { <p>{ p }</p> }) }
                            <button type="button" class="button button--warning" id={f("remove-yes")} onclick={do_remove}>{"Yes, remove"}{ hidden_name.clone() }</button>
                            <button type="button" class="button button--secondary" onclick={cancel_remove}>{"Cancel"}</button>
                        </div>
                    }
                </fieldset>
                if c.kind == Kind::Group {
                    { self.list(c.children(), Some(c)) }
                }
            </li>
        }
    }
}

#[function_component(CriteriaPage)]
pub fn page(props: &PageProps) -> Html {
    let e = props.open.evaluation.clone();
    let locked = e.workflow.criteria_locked;

    let removing = use_state(|| None::<String>);
    let confirm_ref = use_node_ref();
    let move_to = use_state(HashMap::<String, String>::new);
    let focus_after = use_mut_ref(|| None::<String>);
    let reason = use_state(String::new);
    let dialog_ref = use_node_ref();
    let new_name = use_state(String::new);
    // What is in the "Add a criterion" name field right now.
    let name_field = use_node_ref();
    let typed_name = {
        let name_field = name_field.clone();
        move || field_value(&name_field)
    };
    let new_kind = use_state(|| "scored".to_string());
    let new_parent = use_state(String::new);
    // The size of the tree when "Add criterion" was pressed, and what was added.
    let pending_add = use_mut_ref(|| None::<(usize, String)>);
    let added = use_state(|| None::<String>);

    let count = e.walk().len();
    let unlock_error = error_for(&props.error, &Field::UnlockReason);
    // A refused unlock ends the question in the workflow; keep the panel open so the
    // reason can be given (its message is shown beside the field).
    let asking = locked
        && (props.session.question == Some(Question::UnlockCriteria) || unlock_error.is_some());

    {
        // A change went through: put the keyboard back on the row that moved, and let
        // the last "Added …" message go (a new one, if this was an add, follows).
        let focus_after = focus_after.clone();
        let added = added.clone();
        use_effect_with(Rc::as_ptr(&e) as usize, move |_| {
            if let Some(id) = focus_after.borrow_mut().take() {
                focus_id(&id);
            }
            if added.is_some() {
                added.set(None);
            }
        });
    }
    {
        // A change was refused: nothing moved, so nothing to refocus or clear.
        let focus_after = focus_after.clone();
        let pending_add = pending_add.clone();
        use_effect_with(props.error.clone(), move |err| {
            if err.is_some() {
                focus_after.borrow_mut().take();
                pending_add.borrow_mut().take();
            }
        });
    }
    {
        // The criterion was added: clear its name, ready for the next one.
        let pending_add = pending_add.clone();
        let new_name = new_name.clone();
        let added = added.clone();
        use_effect_with(count, move |count| {
            let done = pending_add
                .borrow()
                .as_ref()
                .is_some_and(|(before, _)| count > before);
            if done {
                if let Some((_, what)) = pending_add.borrow_mut().take() {
                    added.set(Some(what));
                }
                new_name.set(String::new());
            }
        });
    }
    {
        let confirm_ref = confirm_ref.clone();
        use_effect_with((*removing).clone(), move |pending| {
            if pending.is_some() {
                if let Some(el) = confirm_ref.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    {
        // The question opens: to it. It closes: back to where it was asked, or to the
        // criteria once they are unlocked.
        let dialog_ref = dialog_ref.clone();
        let reason = reason.clone();
        let was_asking = use_mut_ref(|| false);
        use_effect_with((asking, locked), move |(asking, locked)| {
            if *asking {
                if let Some(el) = dialog_ref.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            } else if *was_asking.borrow() {
                focus_id(if *locked {
                    "unlock-criteria"
                } else {
                    "tree-heading"
                });
            }
            *was_asking.borrow_mut() = *asking;
            if !*locked && !reason.is_empty() {
                reason.set(String::new());
            }
        });
    }

    let groups: Vec<(usize, &Criterion)> = e
        .walk()
        .into_iter()
        .filter(|(_, c)| c.kind == Kind::Group)
        .collect();

    let problems: Vec<&Problem> = props
        .open
        .problems
        .iter()
        .filter(|p| p.path.starts_with("criteria"))
        .collect();

    let tree = Tree {
        e: &e,
        onedit: props.onedit.clone(),
        error: &props.error,
        locked,
        weights: crate::scoring::effective_weights(&e),
        groups: groups.clone(),
        removing: removing.clone(),
        confirm_ref,
        move_to,
        focus_after,
    };

    // The unlock question.
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |v: String| reason.set(v))
    };
    let on_unlock = {
        let d = props.ondispatch.clone();
        let open = props.open.clone();
        let reason = reason.clone();
        Callback::from(move |_: MouseEvent| {
            // Asking again is harmless, and needed when a refused reason ended the question.
            d.emit(Action::AskUnlock);
            d.emit(Action::Confirm {
                stamp: crate::app::stamp_for(Some(&open)),
                reason: (*reason).clone(),
            });
        })
    };

    // The form to add a criterion.
    let parent_value = Some((*new_parent).clone())
        .filter(|p| groups.iter().any(|(_, g)| g.id == *p))
        .unwrap_or_default();
    let on_new_name = {
        let new_name = new_name.clone();
        Callback::from(move |v: String| new_name.set(v))
    };
    // The page sets every input's value as it renders, so the name is taken from the
    // field before anything else on the form changes: a typed name that has not yet
    // been reported (no change event until the field is left) would otherwise be lost.
    let on_new_kind = {
        let new_kind = new_kind.clone();
        let new_name = new_name.clone();
        let typed_name = typed_name.clone();
        Callback::from(move |v: String| {
            new_name.set(typed_name().unwrap_or_else(|| (*new_name).clone()));
            new_kind.set(v);
        })
    };
    let on_new_parent = {
        let new_parent = new_parent.clone();
        let new_name = new_name.clone();
        let typed_name = typed_name.clone();
        Callback::from(move |ev: Event| {
            new_name.set(typed_name().unwrap_or_else(|| (*new_name).clone()));
            new_parent.set(
                ev.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    let on_add = {
        let onedit = props.onedit.clone();
        let new_name = new_name.clone();
        let kind = kind_from(&new_kind);
        let parent = parent_value.clone();
        let pending_add = pending_add.clone();
        let added = added.clone();
        let where_words = groups
            .iter()
            .find(|(_, g)| g.id == parent_value)
            .map_or("at the top level".to_string(), |(_, g)| {
                format!("under {}", display_name(g))
            });
        let typed_name = typed_name.clone();
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            // The typed name, even when Enter was pressed before the field reported its change.
            let name = typed_name().unwrap_or_else(|| (*new_name).clone());
            new_name.set(name.clone());
            added.set(None);
            *pending_add.borrow_mut() = Some((
                count,
                format!(
                    "Added {} {where_words}. Give it a weight above.",
                    name.trim()
                ),
            ));
            onedit.emit(Edit::AddCriterion {
                parent: (!parent.is_empty()).then(|| parent.clone()),
                kind,
                name,
            });
        })
    };
    let kinds = vec![
        choice(
            "group",
            "Group",
            "Holds other criteria, such as Technical competence. Its weight is shared among them.",
        ),
        choice(
            "scored",
            "Scored",
            "Evaluators score it on the scale, such as 0 to 3.",
        ),
        choice(
            "price",
            "Price",
            "Points from each bid's price. An evaluation has at most one.",
        ),
        choice(
            "measured",
            "Measured",
            "A figure each bid states, such as delivery days or tonnes of CO2e, scored by a formula; or one component of the price.",
        ),
        choice(
            "pass_fail",
            "Pass or fail",
            "A bid that fails is excluded, whatever its score. It carries no weight.",
        ),
    ];
    let parent_error = error_for(&props.error, &Field::NewCriterionParent);
    let weight_warnings = crate::templates::weight_warnings(&e);

    html! {
        <main id="main" class="criteria-page">
            <h1>{"Criteria and weights"}</h1>
            <p class="lead-s">{"Each weight is a percentage of the group it sits in, or of the whole evaluation at the top level. The weights in each list must add up to 100."}</p>

            if !problems.is_empty() {
                <div class="banner banner--warning" id="criteria-problems" aria-labelledby="criteria-problems-heading" role="region">
                    <h2 class="heading-s" id="criteria-problems-heading">{"Scoring cannot start until these are put right"}</h2>
                    <ul class="problem-list">
                        { for problems.iter().map(|p| html! { <li>{ p.to_string() }</li> }) }
                    </ul>
                </div>
            }

            if !weight_warnings.is_empty() {
                <div class="banner banner--warning" id="weight-warnings" role="region" aria-label="Weights outside the framework's ranges">
                    <p><strong>{"Some weights are outside the ranges the framework publishes"}</strong></p>
                    <ul class="problem-list">
                        { for weight_warnings.iter().map(|w| html! { <li>{ w }</li> }) }
                    </ul>
                    <p>{"This is a warning, not an error: the evaluation can still be scored. Check the framework's current rules, and record why if you keep these weights."}</p>
                </div>
            }

            if locked {
                <div class="banner banner--warning" id="criteria-locked">
                    <p><strong>{"The criteria are locked because scoring has started"}</strong></p>
                    <p>{"The criteria, their weights and the scale cannot change while evaluators score against them. If they must change, unlock them and say why: the reason is recorded in the audit log."}</p>
                    if !asking {
                        <button type="button" class="button button--secondary" id="unlock-criteria"
                            onclick={props.ondispatch.reform(|_: MouseEvent| Action::AskUnlock)}>{"Unlock the criteria"}</button>
                    }
                </div>
                if asking {
                    <div class="confirm" role="dialog" aria-labelledby="unlock-heading" id="unlock-question" tabindex="-1" ref={dialog_ref}>
                        <h2 class="heading-s" id="unlock-heading">{"Unlock the criteria?"}</h2>
                        <p>{"Scores have already been given against these criteria. Changing them now can be challenged, and evaluators may need to score again."}</p>
                        { text_area(TextAreaProps { id: (dom_id(&Field::UnlockReason)).into(), label: "Why must the criteria change?".into(), hint: Some("For example: a clarification sent to all bidders changed what criterion 2 asks for. This is recorded in the audit log.".into()), value: ((*reason).clone()).into(), oninput: on_reason, error: unlock_error, ..TextAreaProps::default() }) }
                        <button type="button" class="button button--warning" id="unlock-confirm" onclick={on_unlock}>{"Unlock and record the reason"}</button>
                        <button type="button" class="button button--secondary" id="unlock-cancel"
                            onclick={props.ondispatch.reform(|_: MouseEvent| Action::Cancel)}>{"Cancel"}</button>
                    </div>
                }
            }

            <fieldset class="criteria-fieldset" disabled={locked}>
                <section class="section" aria-labelledby="tree-heading">
                    <h2 id="tree-heading" tabindex="-1">{"Criteria"}</h2>
                    if e.criteria.is_empty() {
                        <p class="inset" id="no-criteria">{"There are no criteria yet. Add the first one below: a group such as Technical competence, or a scored criterion."}</p>
                    } else {
                        { tree.list(&e.criteria, None) }
                    }
                </section>

                <section class="section add-criterion" aria-labelledby="add-heading">
                    <h2 id="add-heading">{"Add a criterion"}</h2>
                    <form onsubmit={on_add} novalidate=true>
                        <TextField id={dom_id(&Field::NewCriterionName)} node={name_field.clone()} label="Name" hint="Such as Technical competence, or Approach and methodology."
                            value={(*new_name).clone()} onchange={on_new_name}
                            error={error_for(&props.error, &Field::NewCriterionName)} width="width-20" />
                        <Radios name={dom_id(&Field::NewCriterionKind)} legend="What kind of criterion is it?"
                            choices={kinds} selected={Some((*new_kind).clone())} onchange={on_new_kind}
                            error={error_for(&props.error, &Field::NewCriterionKind)} />
                        <div class={classes!("form-group", parent_error.as_ref().map(|_| "form-group--error"))}>
                            <label class="label" for="new-criterion-parent">{"Where does it go?"}</label>
                            <div class="hint" id="new-criterion-parent-hint">{"At the top level, or inside a group. Its weight will be a percentage of where it goes."}</div>
                            if let Some(m) = &parent_error {
                                <p class="error-message" id="new-criterion-parent-error"><span class="visually-hidden">{"Error: "}</span>{ m }</p>
                            }
                            <select class={classes!("select", parent_error.as_ref().map(|_| "select--error"))} id="new-criterion-parent" name="new-criterion-parent"
                                aria-describedby={if parent_error.is_some() { "new-criterion-parent-hint new-criterion-parent-error" } else { "new-criterion-parent-hint" }}
                                onchange={on_new_parent}>
                                <option value="" selected={parent_value.is_empty()}>{"Top level"}</option>
                                { for groups.iter().map(|(depth, g)| html! {
                                    <option value={g.id.clone()} selected={parent_value == g.id}>
                                        { format!("{}{}", "\u{a0}\u{a0}\u{a0}".repeat(*depth + 1), display_name(g)) }
                                    </option>
                                }) }
                            </select>
                        </div>
                        <button type="submit" class="button" id="add-criterion">{"Add criterion"}</button>
                        <p class="hint" role="status" id="criterion-added">{ (*added).clone().unwrap_or_default() }</p>
                    </form>
                </section>
            </fieldset>

            <button type="button" class="button" id="criteria-continue"
                onclick={props.ondispatch.reform(|_: MouseEvent| Action::Go(Page::Bids))}>{"Continue"}</button>
        </main>
    }
}
