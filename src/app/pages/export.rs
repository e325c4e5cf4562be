//! Export: everything a buyer files and sends, made in the browser.

use yew::prelude::*;

use crate::app::download::{download, download_bytes, file_name};
use crate::app::PageProps;
use crate::award::{html, report, result};
use crate::workflow::{Action, Page};

#[function_component(ExportPage)]
pub fn export_page(props: &PageProps) -> Html {
    let open = &props.open;
    let e = open.evaluation.clone();
    let file = open.file();
    let failed = use_state(|| None::<String>);
    let Some(r) = open.results.clone() else {
        return html! {
            <main id="main">
                <h1>{"Export"}</h1>
                <div class="banner banner--warning" role="region" aria-label="Cannot export yet">
                    <p><strong>{ format!("This evaluation cannot be scored yet: {} to fix. Results and documents need a complete evaluation.", crate::text::count(open.problems.len(), "problem", "problems")) }</strong></p>
                </div>
                <button type="button" class="button button--secondary" onclick={{ let e = open.file(); Callback::from(move |_: MouseEvent| crate::app::download::save_evaluation(&e)) }}>{"Save the evaluation file as it is"}</button>
            </main>
        };
    };
    let provisional = r.bids.iter().filter(|b| b.provisional()).count();
    // Each file is made when asked for, and a failure is said, not swallowed.
    let offer = |kind: &'static str,
                 ext: &'static str,
                 mime: &'static str,
                 make: fn(
        &crate::model::Evaluation,
        &crate::scoring::Results,
    ) -> Result<Vec<u8>, String>| {
        let (e, open, failed) = (e.clone(), open.clone(), failed.clone());
        Callback::from(move |_: MouseEvent| {
            // Every bid's breakdown, built now: the page itself needs only standings.
            let Some(r) = open.full_results() else {
                return;
            };
            let outcome = make(&e, &r)
                .and_then(|bytes| download_bytes(&file_name(&e, kind, ext), mime, &bytes));
            failed.set(
                outcome
                    .err()
                    .map(|why| format!("The {kind} could not be made: {why}")),
            );
        })
    };
    let go = |page: Page| {
        props
            .ondispatch
            .reform(move |_: MouseEvent| Action::Go(page.clone()))
    };
    let all_summaries = {
        let (e, open) = (e.clone(), open.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(r) = open.full_results() else {
                return;
            };
            let body = report::summaries_in(&open.file(), &e, &r, None);
            let doc = html::document(&format!("Assessment summaries: {}", e.title), &body);
            let _ = download(
                &file_name(&e, "assessment summaries", "html"),
                "text/html",
                &doc,
            );
        })
    };
    html! {
        <main id="main">
            <h1>{"Export"}</h1>
            if provisional > 0 {
                <div class="banner banner--warning" role="region" aria-label="Provisional results">
                    <p><strong>{ format!("The results are provisional: {} still {} scores or checks to record.", crate::text::count(provisional, "bid", "bids"), if provisional == 1 { "has" } else { "have" }) }</strong></p>
                    <p>{"Documents made now say so. Record what is missing before you award."}</p>
                </div>
            }
            if let Some(why) = &*failed {
                <div class="error-summary" role="alert"><p>{ why }</p></div>
            }
            <h2>{"The moderated result"}</h2>
            <p>{"The evaluation, every computed figure and the audit log in one file, with a SHA-256 digest. Anyone can re-check it with "}<code>{"bidmark verify"}</code>{", or by opening it in Bidmark."}</p>
            <p class="digest-line">{"Digest: "}<code id="result-digest">{ result::result_digest(&file) }</code></p>
            <button type="button" class="button" id="download-result" onclick={{
                let (file, failed) = (file.clone(), failed.clone());
                Callback::from(move |_: MouseEvent| {
                    let outcome = download_bytes(&file_name(&file, "result", "json"), "application/json", result::result_file(&file).as_bytes());
                    failed.set(outcome.err().map(|why| format!("The result could not be made: {why}")));
                })
            }}>{"Download the result file"}</button>
            if file.has_lots() {
                <p class="hint">{"The result file and the award report cover every lot. The summaries and spreadsheets below are of the lot on screen."}</p>
            }

            <h2>{"Award report"}</h2>
            <p>{"The procurement, criteria and methodology, the panel and its declarations, every moderated score with its rationale, the price calculation, exclusions, ranking and recommendation. Print it to PDF from the browser."}</p>
            <button type="button" class="button" id="view-report" onclick={go(Page::Document { summary: None })}>{"View and print the award report"}</button>
            <button type="button" class="button button--secondary" id="download-report" onclick={{
                let (file, open, failed) = (file.clone(), open.clone(), failed.clone());
                Callback::from(move |_: MouseEvent| {
                    let Some(r) = open.full_results() else { return };
                    let body = report::report_of_file(&file, &r);
                    let doc = html::document(&format!("Award report: {}", file.title), &body);
                    let outcome = download_bytes(&file_name(&file, "award report", "html"), "text/html", doc.as_bytes());
                    failed.set(outcome.err().map(|why| format!("The award report could not be made: {why}")));
                })
            }}>{"Download the award report"}</button>

            <h2>{"Assessment summaries"}</h2>
            <p>{"One for every supplier (Procurement Act 2023; Procurement Regulations 2024, regulation 31): the criteria and their importance, the supplier's score and its explanation on each, its totals, the same for the winning tender, and any reason for exclusion."}</p>
            <table class="table" id="summaries">
                <caption class="visually-hidden">{"Assessment summary of each supplier"}</caption>
                <thead><tr><th scope="col">{"Supplier"}</th><th scope="col">{"Summary"}</th></tr></thead>
                <tbody>
                    { for r.bids.iter().map(|b| {
                        let id = b.bid.clone();
                        let (e2, open2) = (e.clone(), open.clone());
                        let onsave = Callback::from(move |_: MouseEvent| {
                            let Some(r2) = open2.full_results() else {
                                return;
                            };
                            if let Some(body) = Some(report::summaries_in(&open2.file(), &e2, &r2, Some(&id))).filter(|b| !b.is_empty()) {
                                let supplier = r2.bids.iter().find(|x| x.bid == id).map_or(id.clone(), |x| x.supplier.clone());
                                let doc = html::document(&format!("Assessment summary: {supplier}"), &body);
                                let _ = download(&file_name(&e2, &format!("assessment summary {supplier}"), "html"), "text/html", &doc);
                            }
                        });
                        html! {
                            <tr>
                                <th scope="row">{ &b.supplier }</th>
                                <td>
                                    <button type="button" class="link-button" onclick={go(Page::Document { summary: Some(b.bid.clone()) })}>{"View"}<span class="visually-hidden">{ format!(" the summary for {}", b.supplier) }</span></button>
                                    {" · "}
                                    <button type="button" class="link-button" onclick={onsave}>{"Download"}<span class="visually-hidden">{ format!(" the summary for {}", b.supplier) }</span></button>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <button type="button" class="button button--secondary" id="download-summaries" onclick={all_summaries}>{"Download all assessment summaries"}</button>

            <h2>{"Spreadsheets"}</h2>
            <p>{"Cells that a spreadsheet would run as a formula are neutralised with a leading apostrophe."}</p>
            <button type="button" class="button button--secondary" id="download-csv-results" onclick={offer("results", "csv", "text/csv;charset=utf-8", |e, r| Ok(crate::export::csv::results(e, r).into_bytes()))}>{"Results (CSV)"}</button>
            <button type="button" class="button button--secondary" id="download-csv-scores" onclick={offer("individual scores", "csv", "text/csv;charset=utf-8", |e, r| Ok(crate::export::csv::scores(e, r).into_bytes()))}>{"Individual scores (CSV)"}</button>
            <button type="button" class="button button--secondary" id="download-xlsx" onclick={offer("workbook", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", crate::export::xlsx::workbook)}>{"Everything (Excel)"}</button>

            <h2>{"The evaluation file"}</h2>
            <button type="button" class="button button--secondary" onclick={{ let e = file.clone(); Callback::from(move |_: MouseEvent| crate::app::download::save_evaluation(&e)) }}>{"Save the evaluation file"}</button>
        </main>
    }
}
