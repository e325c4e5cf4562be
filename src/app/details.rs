use yew::prelude::*;

use super::PageProps;

#[function_component(DetailsPage)]
pub fn page(_props: &PageProps) -> Html {
    html! { <main id="main"><h1>{"DetailsPage"}</h1></main> }
}
