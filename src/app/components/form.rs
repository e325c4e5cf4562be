//! Form pieces in the GOV.UK pattern: one label per field, hint under it, the error
//! message beside the field, and an error summary that links to it.

use yew::prelude::*;

pub use crate::app::fields::error_for;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub value: AttrValue,
    /// Called with the new text when the field is changed and left.
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub error: Option<String>,
    /// `width-5`, `width-10`, `width-20`, `width-full`.
    #[prop_or(AttrValue::Static("width-20"))]
    pub width: AttrValue,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub suffix: Option<AttrValue>,
    #[prop_or_default]
    pub prefix: Option<AttrValue>,
    /// The input itself, for a form that reads what is typed before the field is left.
    #[prop_or_default]
    pub node: NodeRef,
}

#[function_component(TextField)]
pub fn text_field(props: &TextFieldProps) -> Html {
    // What was typed last: shown instead of the saved value while the change is refused,
    // so that nothing typed is lost.
    let typed = use_state(|| None::<String>);
    // What is being typed and not yet left: the page may be drawn again meanwhile (an
    // autosave, another tab), and must not put back the value from before.
    let draft = use_mut_ref(|| None::<String>);
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            *draft.borrow_mut() = Some(v);
        })
    };
    let onchange = {
        let (typed, draft) = (typed.clone(), draft.clone());
        props.onchange.reform(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            *draft.borrow_mut() = None;
            typed.set(Some(v.clone()));
            v
        })
    };
    let value: AttrValue = match (draft.borrow().clone(), &props.error, &*typed) {
        (Some(d), _, _) => d.into(),
        (None, Some(_), Some(t)) => t.clone().into(),
        _ => props.value.clone(),
    };
    let hint_id = format!("{}-hint", props.id);
    let err_id = format!("{}-error", props.id);
    let described = [
        props.hint.as_ref().map(|_| hint_id.clone()),
        props.error.as_ref().map(|_| err_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        <div class={classes!("form-group", props.error.as_ref().map(|_| "form-group--error"))}>
            <label class="label" for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(h) = &props.hint { <div class="hint" id={hint_id}>{ h.clone() }</div> }
            if let Some(m) = &props.error { <p class="error-message" id={err_id}><span class="visually-hidden">{"Error: "}</span>{ m }</p> }
            <div class="input-wrapper">
                if let Some(p) = &props.prefix { <span class="input-affix" aria-hidden="true">{ p.clone() }</span> }
                <input ref={props.node.clone()} class={classes!("input", props.width.to_string(), props.error.as_ref().map(|_| "input--error"))}
                    id={props.id.clone()} name={props.id.clone()} type="text" {value}
                    inputmode={props.inputmode.clone()} spellcheck="false"
                    aria-describedby={(!described.is_empty()).then_some(described)} {oninput} {onchange} />
                if let Some(s) = &props.suffix { <span class="input-affix" aria-hidden="true">{ s.clone() }</span> }
            </div>
        </div>
    }
}

/// A text area; what is not given is empty, enabled and three rows high.
pub struct TextAreaProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub hint: Option<AttrValue>,
    pub value: AttrValue,
    /// Called on every keystroke: the workflow merges a run of typing into one change.
    pub oninput: Callback<String>,
    pub error: Option<String>,
    pub rows: u32,
    pub disabled: bool,
}

/// A plain function, not a component: it keeps no state of its own.
pub fn text_area(props: TextAreaProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| {
        e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
            .value()
    });
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class={classes!("form-group", props.error.as_ref().map(|_| "form-group--error"))}>
            <label class="label" for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(h) = &props.hint { <div class="hint" id={hint_id.clone()}>{ h.clone() }</div> }
            if let Some(m) = &props.error { <p class="error-message"><span class="visually-hidden">{"Error: "}</span>{ m }</p> }
            <textarea class={classes!("textarea", props.error.as_ref().map(|_| "input--error"))} id={props.id.clone()} name={props.id.clone()}
                rows={props.rows.to_string()} value={props.value.clone()} disabled={props.disabled}
                aria-describedby={props.hint.as_ref().map(|_| hint_id)} {oninput} />
        </div>
    }
}

/// One radio option: value, label, optional hint.
#[derive(Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct RadiosProps {
    /// Used for the group's name and, with each value, the inputs' ids.
    pub name: AttrValue,
    pub legend: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub choices: Vec<Choice>,
    pub selected: Option<String>,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or_default]
    pub inline: bool,
    #[prop_or_default]
    pub small: bool,
}

#[function_component(Radios)]
pub fn radios(props: &RadiosProps) -> Html {
    html! {
        <div class={classes!("form-group", props.error.as_ref().map(|_| "form-group--error"))} id={props.name.clone()} tabindex="-1">
            <fieldset class="fieldset">
                <legend class="fieldset__legend">{ props.legend.clone() }</legend>
                if let Some(h) = &props.hint { <div class="hint">{ h.clone() }</div> }
                if let Some(m) = &props.error { <p class="error-message"><span class="visually-hidden">{"Error: "}</span>{ m }</p> }
                <div class={classes!("radios", props.inline.then_some("radios--inline"), props.small.then_some("radios--small"))}>
                    { for props.choices.iter().map(|c| {
                        let id = format!("{}-{}", props.name, c.value.replace('.', "_"));
                        let value = c.value.clone();
                        let onchange = props.onchange.reform(move |_: Event| value.clone());
                        html! {
                            <div class="radios__item">
                                <input class="radios__input" type="radio" id={id.clone()} name={props.name.clone()}
                                    value={c.value.clone()} checked={props.selected.as_deref() == Some(c.value.as_str())} {onchange} />
                                <label class="radios__label" for={id}>
                                    { &c.label }
                                    if let Some(h) = &c.hint { <span class="hint block">{ h }</span> }
                                </label>
                            </div>
                        }
                    }) }
                </div>
            </fieldset>
        </div>
    }
}

/// The points of a whole-number scale of at most 11 points, labelled with the scale's
/// descriptors ("2 — Met"); `None` for wider or fractional scales, which get a text box.
pub fn scale_choices(scale: &crate::model::Scale) -> Option<Vec<Choice>> {
    use rust_decimal::Decimal;
    let (lo, hi) = (scale.min.0, scale.max.0);
    if !lo.fract().is_zero() || !hi.fract().is_zero() || hi - lo > Decimal::from(10) {
        return None;
    }
    let mut out = Vec::new();
    let mut v = lo;
    while v <= hi {
        let value = v.normalize().to_string();
        let label = match scale.labels.get(&value) {
            Some(l) => format!("{value} — {l}"),
            None => value.clone(),
        };
        out.push(Choice {
            value,
            label,
            hint: None,
        });
        v += Decimal::ONE;
    }
    Some(out)
}

impl Default for TextAreaProps {
    fn default() -> Self {
        TextAreaProps {
            id: AttrValue::default(),
            label: AttrValue::default(),
            hint: None,
            value: AttrValue::default(),
            oninput: Callback::default(),
            error: None,
            rows: 3,
            disabled: false,
        }
    }
}
