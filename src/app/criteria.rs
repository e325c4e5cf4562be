use yew::prelude::*;

use super::PageProps;

#[function_component(CriteriaPage)]
pub fn page(_props: &PageProps) -> Html {
    html! { <main id="main"><h1>{"CriteriaPage"}</h1></main> }
}
