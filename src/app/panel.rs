use yew::prelude::*;

use super::PageProps;

#[function_component(BidsPage)]
pub fn bids_page(_props: &PageProps) -> Html {
    html! { <main id="main"><h1>{"Bids"}</h1></main> }
}

#[function_component(EvaluatorsPage)]
pub fn evaluators_page(_props: &PageProps) -> Html {
    html! { <main id="main"><h1>{"Evaluators"}</h1></main> }
}
