use yew::prelude::*;

use super::PageProps;

#[function_component(TaskList)]
pub fn page(_props: &PageProps) -> Html {
    html! { <main id="main"><h1>{"TaskList"}</h1></main> }
}
