use yew::prelude::*;

use super::PageProps;

#[function_component(ScoringPage)]
pub fn page(_props: &PageProps) -> Html {
    html! { <main id="main"><h1>{"ScoringPage"}</h1></main> }
}
