//! What bids are ranked on, set on the details page: total weighted points (the
//! default), or price set against quality points (price per point, quality-adjusted
//! price with the value of a point, value for money). The method and the value are
//! saved together from one form; what is typed stays through a refusal.

use yew::prelude::*;

use crate::app::components::form::{error_for, Choice, Radios};
use crate::app::fields::dom_id;
use crate::model::{Ranking, RankingMethod};
use crate::text;
use crate::workflow::{Edit, EditError, Field};

#[derive(Properties, PartialEq)]
pub struct RankingProps {
    pub ranking: Option<Ranking>,
    pub onedit: Callback<Edit>,
    pub error: Option<EditError>,
}

fn value_of(m: RankingMethod) -> &'static str {
    match m {
        RankingMethod::WeightedPoints => "weighted_points",
        RankingMethod::PricePerPoint => "price_per_point",
        RankingMethod::AdjustedPrice => "adjusted_price",
        RankingMethod::ValueForMoney => "value_for_money",
    }
}

fn method_of(v: &str) -> RankingMethod {
    match v {
        "price_per_point" => RankingMethod::PricePerPoint,
        "adjusted_price" => RankingMethod::AdjustedPrice,
        "value_for_money" => RankingMethod::ValueForMoney,
        _ => RankingMethod::WeightedPoints,
    }
}

/// What is saved, as the form shows it: the method and the value of a point.
fn saved(r: Option<&Ranking>) -> (RankingMethod, String) {
    match r {
        None => (RankingMethod::WeightedPoints, String::new()),
        Some(r) => (
            r.method,
            r.point_value
                .map(|v| text::group_thousands(&v.to_string()))
                .unwrap_or_default(),
        ),
    }
}

#[function_component(RankingForm)]
pub fn ranking_form(props: &RankingProps) -> Html {
    let typed = use_state(|| saved(props.ranking.as_ref()));
    {
        let typed = typed.clone();
        use_effect_with(props.ranking.clone(), move |r| typed.set(saved(r.as_ref())));
    }
    let onsubmit = {
        let typed = typed.clone();
        props.onedit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            Edit::Ranking {
                method: typed.0,
                point_value: typed.1.clone(),
            }
        })
    };
    let onmethod = {
        let typed = typed.clone();
        Callback::from(move |v: String| typed.set((method_of(&v), typed.1.clone())))
    };
    let onvalue = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            typed.set((typed.0, v));
        })
    };
    let choice = |m: RankingMethod, label: &str| Choice {
        value: value_of(m).to_string(),
        label: label.to_string(),
        hint: Some(text::ranking_words(m).to_string()),
    };
    let choices = vec![
        choice(RankingMethod::WeightedPoints, "Total weighted points"),
        choice(RankingMethod::PricePerPoint, "Price per quality point"),
        choice(
            RankingMethod::AdjustedPrice,
            "Quality-adjusted price (award on value)",
        ),
        choice(RankingMethod::ValueForMoney, "Value for money"),
    ];
    let value_field = Field::PointValue;
    let value_id = dom_id(&value_field);
    let value_error = error_for(&props.error, &value_field);
    let err_id = format!("{value_id}-error");
    html! {
        <form class="ranking-form" {onsubmit} novalidate=true id="ranking-form">
            <Radios name={dom_id(&Field::RankingMethod)} legend="What are bids ranked on?"
                hint="The methods that set price against quality points need every bid's price and no price criterion: quality is scored on its own."
                {choices} selected={Some(value_of(typed.0).to_string())}
                onchange={onmethod} error={error_for(&props.error, &Field::RankingMethod)} small=true />
            if typed.0 == RankingMethod::AdjustedPrice {
                <div class={classes!("form-group", value_error.as_ref().map(|_| "form-group--error"))}>
                    <label class="label" for={value_id.clone()}>{"Value of one quality point, in money"}</label>
                    if let Some(m) = &value_error { <p class="error-message" id={err_id.clone()}><span class="visually-hidden">{"Error: "}</span>{ m.clone() }</p> }
                    <input class={classes!("input", "width-10", value_error.as_ref().map(|_| "input--error"))} type="text" inputmode="decimal"
                        id={value_id.clone()} name={value_id} value={typed.1.clone()} oninput={onvalue}
                        aria-describedby={value_error.as_ref().map(|_| err_id)} />
                </div>
            }
            <button type="submit" class="button button--secondary button--small" id="ranking-save">{"Save the ranking method"}</button>
        </form>
    }
}
