//! The start page: open a file, start blank or from a framework template, or try a
//! bundled sample.

use yew::prelude::*;

use crate::app::components::file_drop::FileOpener;
use crate::samples::SAMPLES;
use crate::templates::templates;
use crate::workflow::Action;

#[derive(Properties, PartialEq)]
pub struct StartPageProps {
    pub ondispatch: Callback<Action>,
}

pub fn start_page(props: &StartPageProps) -> Html {
    html! {
        <main id="main">
            <h1>{"Score bids with your evaluation panel"}</h1>
            <p class="lead">
                {"Bidmark works out moderated scores, price points, exclusions and the ranking of bids from an evaluation file, with exact arithmetic you can check line by line."}
            </p>
            <section aria-labelledby="open-heading" class="section">
                <h2 id="open-heading">{"Open an evaluation file"}</h2>
                <p class="hint">{"A Bidmark evaluation file (.json) holds the criteria, bids, evaluators and scores."}</p>
                <FileOpener ondispatch={props.ondispatch.clone()} />
            </section>
            <section aria-labelledby="blank-heading" class="section">
                <h2 id="blank-heading">{"Set up a new evaluation"}</h2>
                <p class="hint">{"Start blank: add the criteria and weights, the bids and the panel, then score."}</p>
                <button type="button" class="button" id="start-blank" onclick={
                    props.ondispatch.reform(|_: MouseEvent| Action::NewBlank { id: new_id(), stamp: crate::app::stamp_for(None) })
                }>{"Start a blank evaluation"}</button>
            </section>
            <section aria-labelledby="templates-heading" class="section">
                <h2 id="templates-heading">{"Start from a framework template"}</h2>
                <p class="hint">{"The criteria, weights, scale and moderation a framework sets out, ready to adjust. No bids, evaluators or scores."}</p>
                <ul class="sample-list">
                    { for templates().into_iter().map(|t| {
                        let slug = t.slug.clone();
                        let onclick = props.ondispatch.reform(move |_: MouseEvent| Action::NewFromTemplate {
                            slug: slug.clone(),
                            id: new_id(),
                            stamp: crate::app::stamp_for(None),
                        });
                        html! {
                            <li class="sample-list__item">
                                <button type="button" class="link-button" {onclick} data-template={t.slug.clone()}>{ t.name.clone() }</button>
                                <p class="hint">{ t.summary.clone() }</p>
                                <p class="hint template-source">
                                    { format!("Source: {}", t.source) }
                                    if let Some(url) = t.source_url.clone() {
                                        {" "}<span class="template-source__url">{ url }</span>
                                    }
                                </p>
                            </li>
                        }
                    }) }
                </ul>
            </section>
            <section aria-labelledby="samples-heading" class="section">
                <h2 id="samples-heading">{"Try a sample evaluation"}</h2>
                <ul class="sample-list">
                    { for SAMPLES.iter().map(|s| {
                        let onclick = props.ondispatch.reform(move |_: MouseEvent| Action::OpenSample { slug: s.slug.to_string() });
                        html! {
                            <li class="sample-list__item">
                                <button type="button" class="link-button" {onclick} data-sample={s.slug}>{ s.title }</button>
                                <p class="hint">{ s.summary }</p>
                            </li>
                        }
                    }) }
                </ul>
            </section>
            <section aria-labelledby="privacy-heading" class="section inset">
                <h2 id="privacy-heading" class="heading-s">{"Nothing leaves your browser"}</h2>
                <p>{"Bidmark has no server. Files you open are read in this browser tab and are not uploaded or shared. Anyone can re-check an award's arithmetic from the same file with the bidmark command line."}</p>
            </section>
        </main>
    }
}

/// A fresh evaluation id: the date and 64 random bits, so that scoresheets find their way back.
fn new_id() -> String {
    let date: String = crate::app::now_iso().chars().take(10).collect();
    let random: String = (0..4)
        .map(|_| format!("{:04x}", (js_sys::Math::random() * 65536.0) as u32))
        .collect();
    format!("eval-{date}-{random}")
}
