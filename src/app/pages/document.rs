//! A document as a page to print: the award report, or one supplier's assessment
//! summary (print it to PDF).

use yew::prelude::*;

use crate::app::PageProps;
use crate::award::report;
use crate::workflow::{Action, Page};

pub fn document_page(props: &PageProps) -> Html {
    let open = &props.open;
    // The printed report shows every bid in full.
    let Some(r) = open.full_results() else {
        return html! { <main id="main"><h1>{"Nothing to show yet"}</h1></main> };
    };
    let r = &*r;
    let e = &open.evaluation;
    let Page::Document { summary } = &open.page else {
        return html! {};
    };
    let body = match summary {
        None => report::report_of_file(&open.file(), r),
        Some(bid) if r.bids.iter().any(|b| b.bid == *bid) => {
            report::summaries_in(&open.file(), e, r, Some(bid))
        }
        Some(_) => "<p>There is no such bid.</p>".to_string(),
    };
    let print = Callback::from(|_: MouseEvent| {
        let _ = gloo::utils::window().print();
    });
    html! {
        <>
            <p class="no-print"><button type="button" class="button" id="print-document" onclick={print}>{"Print or save as PDF"}</button>
                <button type="button" class="button button--secondary" onclick={props.ondispatch.reform(|_: MouseEvent| Action::Go(Page::Export))}>{"Back to export"}</button></p>
            // Built by award::report from escaped text only: no bid text can become markup.
            <main id="main" class="document">{ Html::from_html_unchecked(AttrValue::from(body)) }</main>
        </>
    }
}
