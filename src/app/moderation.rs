use yew::prelude::*;

use super::PageProps;

#[function_component(ModerationPage)]
pub fn page(_props: &PageProps) -> Html {
    html! { <main id="main"><h1>{"ModerationPage"}</h1></main> }
}
