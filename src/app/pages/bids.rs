//! The bids: typed in or imported from a bids file, checked before they are merged.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::file_drop::FileOpener;
use crate::app::components::form::{error_for, TextField};
use crate::app::fields::dom_id;
use crate::app::hooks::forms::{field_value, use_clear_after_add, use_confirm_focus};
use crate::app::PageProps;
use crate::model::{Bid, Evaluation, Kind};
use crate::text;
use crate::workflow::{Action, BidsMerge, Edit, EditError, Field, Page, Question};

/// The currency's sign, shown before a price field: `£` for GBP, `CHF` for the rest.
fn currency_prefix(currency: Option<&str>) -> Option<AttrValue> {
    currency.map(|c| {
        AttrValue::from(match c {
            "GBP" => "£".to_string(),
            "EUR" => "€".to_string(),
            "USD" => "$".to_string(),
            "KRW" => "₩".to_string(),
            "JPY" => "¥".to_string(),
            other => other.to_string(),
        })
    })
}

fn price_words(bid: &Bid, currency: Option<&str>) -> String {
    bid.price
        .map_or_else(|| "No price".to_string(), |p| text::money(p.0, currency))
}

/// A price as it stands in its field: digits grouped, no currency sign.
fn price_field(bid: &Bid) -> String {
    bid.price
        .map(|p| text::group_thousands(&p.to_string()))
        .unwrap_or_default()
}

/// Whether the evaluation scores price (then every bid needs one).
fn scores_price(e: &Evaluation) -> bool {
    e.walk().iter().any(|(_, c)| c.kind == Kind::Price)
}

/// The criteria a bid answers in writing: scored and pass/fail ones.
fn answerable(e: &Evaluation) -> Vec<String> {
    e.walk()
        .into_iter()
        .filter(|(_, c)| matches!(c.kind, Kind::Scored | Kind::PassFail))
        .map(|(_, c)| c.id.clone())
        .collect()
}

fn answers_words(bid: &Bid, answerable: &[String]) -> String {
    if answerable.is_empty() {
        return "No criteria to answer yet".to_string();
    }
    let n = answerable
        .iter()
        .filter(|id| bid.answers.get(*id).is_some_and(|a| !a.trim().is_empty()))
        .count();
    format!(
        "Answers to {n} of {}",
        text::count(answerable.len(), "criterion", "criteria")
    )
}

// ---------------------------------------------------------------------------------
// Bids

#[function_component(BidsPage)]
pub fn bids_page(props: &PageProps) -> Html {
    let e = &props.open.evaluation;
    let currency = e.currency.as_deref();
    let prefix = currency_prefix(currency);
    let price_scored = scores_price(e);
    let answerable = Rc::new(answerable(e));
    let confirming = use_state(|| None::<String>);
    use_confirm_focus((*confirming).clone(), "bid-remove-confirm", |id| {
        format!("bid-{id}-remove")
    });

    // The "Add a bid" form keeps what was typed until the bid is really added.
    let new_supplier = use_state(String::new);
    let new_price = use_state(String::new);
    let (supplier_field, price_field) = (use_node_ref(), use_node_ref());
    let pending = {
        let (s, p) = (new_supplier.clone(), new_price.clone());
        use_clear_after_add(
            e.bids.len(),
            &props.error,
            Callback::from(move |_| {
                s.set(String::new());
                p.set(String::new());
            }),
        )
    };
    let onadd = {
        let onedit = props.onedit.clone();
        let (s, p) = (new_supplier.clone(), new_price.clone());
        let count = e.bids.len();
        let pending = pending.clone();
        let (supplier_field, price_field) = (supplier_field.clone(), price_field.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let supplier = field_value(&supplier_field).unwrap_or_else(|| (*s).clone());
            let price = field_value(&price_field).unwrap_or_else(|| (*p).clone());
            s.set(supplier.clone());
            p.set(price.clone());
            *pending.borrow_mut() = Some(count);
            onedit.emit(Edit::AddBid { supplier, price });
        })
    };

    let preview = match &props.session.question {
        Some(Question::MergeBids { merge, source }) => Some(html! {
            <ImportPreview merge={merge.clone()} source={AttrValue::from(source.clone())}
                evaluation={e.clone()} page={props.clone()} />
        }),
        _ => None,
    };

    let onfile = {
        let d = props.ondispatch.clone();
        Callback::from(move |(name, bytes): (String, Vec<u8>)| {
            d.emit(Action::ImportBids { name, bytes })
        })
    };

    // The measured criteria, whose figures each bid states beside its price.
    let measured: Rc<Vec<Measured>> = Rc::new(
        e.walk()
            .iter()
            .filter(|(_, c)| c.kind == crate::model::Kind::Measured)
            .map(|(_, c)| Measured {
                id: c.id.clone(),
                name: c.name.clone(),
                component: c.price_component,
                unit: c.unit.clone(),
            })
            .collect(),
    );
    let by_components = measured.iter().any(|m| m.component);
    let rows = e.bids.iter().enumerate().map(|(i, b)| {
        let scores = e.scores.iter().filter(|s| s.bid == b.id).count();
        let is_confirming = confirming.as_deref() == Some(b.id.as_str());
        let ask = {
            let confirming = confirming.clone();
            let id = b.id.clone();
            Callback::from(move |_: MouseEvent| confirming.set(Some(id.clone())))
        };
        let cancel = {
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| confirming.set(None))
        };
        let remove = {
            let confirming = confirming.clone();
            let onedit = props.onedit.clone();
            let id = b.id.clone();
            Callback::from(move |_: MouseEvent| {
                confirming.set(None);
                onedit.emit(Edit::RemoveBid { id: id.clone() });
            })
        };
        html! {
            <BidRow key={b.id.clone()} number={i + 1} bid={b.clone()} prefix={prefix.clone()}
                currency={currency.map(|c| AttrValue::from(c.to_string()))}
                answers={AttrValue::from(answers_words(b, &answerable))}
                {price_scored} {scores} confirming={is_confirming} measured={measured.clone()}
                onedit={props.onedit.clone()} error={props.error.clone()}
                onask={ask} oncancel={cancel} onremove={remove} />
        }
    });

    html! {
        <main id="main" class="bids-page">
            <span class="caption">{ &e.title }</span>
            <h1>{"Bids"}</h1>
            <p class="lead-s">{"List every bid you received: the supplier and the total evaluated price. Changes are saved as soon as you leave a field, and recorded in the audit log."}</p>

            { for preview }

            if e.workflow.hide_prices {
                <div class="inset" id="prices-hidden">
                    <p>{"Evaluators will not see these prices while they score. You can see them here because you are setting up the evaluation."}</p>
                </div>
            }

            if e.bids.is_empty() {
                <h2 id="bids-heading">{"No bids yet"}</h2>
                <p>{"Add the bids one at a time below, or import them from a bids file."}</p>
            } else {
                <p class="hint">{"Prices can be typed with thousands separators, such as 420,000.00."}
                    if price_scored { {" This evaluation scores price, so every bid needs one."} }
                </p>
                <div class="table-scroll">
                    <table class="table bid-table">
                        <caption class="table__caption" id="bids-heading">{ text::count(e.bids.len(), "bid", "bids") }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{"Supplier"}</th>
                                <th scope="col">{ match currency { Some(c) => format!("Total evaluated price ({c})"), None => "Total evaluated price".to_string() } }
                                    if by_components { <span class="hint block">{"The sum of the price components"}</span> }</th>
                                { for measured.iter().map(|m| html! {
                                    <th scope="col">{ match (&m.unit, m.component) {
                                        (_, true) => match currency { Some(c) => format!("{} ({c}, price component)", m.name), None => format!("{} (price component)", m.name) },
                                        (Some(u), false) if !u.trim().is_empty() => format!("{} ({u})", m.name),
                                        _ => m.name.clone(),
                                    } }</th>
                                }) }
                                <th scope="col">{"Answers"}</th>
                                <th scope="col"><span class="visually-hidden">{"Remove"}</span></th>
                            </tr>
                        </thead>
                        { for rows }
                    </table>
                </div>
            }

            <section class="section" aria-labelledby="add-bid-heading">
                <h2 id="add-bid-heading">{"Add a bid"}</h2>
                <form class="add-form" onsubmit={onadd} novalidate=true>
                        <TextField id={dom_id(&Field::NewBidSupplier)} node={supplier_field.clone()} label="Supplier" value={AttrValue::from((*new_supplier).clone())}
                            onchange={{ let s = new_supplier.clone(); Callback::from(move |v: String| s.set(v)) }}
                            error={error_for(&props.error, &Field::NewBidSupplier)} width="width-20" />
                        <TextField id={dom_id(&Field::NewBidPrice)} node={price_field.clone()} label="Total evaluated price"
                            hint={if price_scored { "For example, 420,000.00" } else { "Optional: this evaluation does not score price. For example, 420,000.00" }}
                            value={AttrValue::from((*new_price).clone())}
                            onchange={{ let p = new_price.clone(); Callback::from(move |v: String| p.set(v)) }}
                            error={error_for(&props.error, &Field::NewBidPrice)} width="width-10" inputmode="decimal" prefix={prefix.clone()} />
                    <button type="submit" class="button button--secondary" id="add-bid">{"Add bid"}</button>
                </form>
            </section>

            <section class="section" aria-labelledby="import-bids-heading">
                <h2 id="import-bids-heading">{"Import bids from a file"}</h2>
                <p>{"A bids file is JSON in the form "}<code>{r#"{"format": "bidmark/bids", "version": 1, "bids": [...]}"#}</code>
                    {", each bid with an id, supplier, price and answers; bids whose id is already here are updated, the rest are added."}</p>
                <p class="hint">{"You will see what would change before anything is imported."}</p>
                <FileOpener ondispatch={props.ondispatch.clone()} id="bids-file" label="Choose a bids file" {onfile} />
            </section>

            <button type="button" class="button" id="bids-continue"
                onclick={props.ondispatch.reform(|_: MouseEvent| Action::Go(Page::Evaluators))}>{"Continue"}</button>
        </main>
    }
}

/// A measured criterion, as the bids page asks for its figures.
#[derive(Clone, PartialEq)]
struct Measured {
    id: String,
    name: String,
    component: bool,
    unit: Option<String>,
}

#[derive(Properties, PartialEq)]
struct FigureProps {
    bid: String,
    supplier: String,
    measured: Measured,
    value: String,
    prefix: Option<AttrValue>,
    onedit: Callback<Edit>,
    error: Option<EditError>,
}

/// One bid's figure for one measured criterion, saved when changed; what was typed stays
/// beside its refusal.
#[function_component(FigureField)]
fn figure_field(props: &FigureProps) -> Html {
    let m = &props.measured;
    let field = Field::BidFigure {
        bid: props.bid.clone(),
        criterion: m.id.clone(),
    };
    let typed = use_state(String::new);
    let error = error_for(&props.error, &field);
    let value = if error.is_some() {
        (*typed).clone()
    } else {
        props.value.clone()
    };
    let onchange = {
        let (onedit, bid, criterion, typed) = (
            props.onedit.clone(),
            props.bid.clone(),
            m.id.clone(),
            typed.clone(),
        );
        Callback::from(move |value: String| {
            typed.set(value.clone());
            onedit.emit(Edit::BidFigure {
                bid: bid.clone(),
                criterion: criterion.clone(),
                value,
            })
        })
    };
    let label = match (&m.unit, m.component) {
        (_, true) => format!(
            "{} (price component) of the bid from {}",
            m.name, props.supplier
        ),
        (Some(u), _) if !u.trim().is_empty() => {
            format!("{} ({u}) of the bid from {}", m.name, props.supplier)
        }
        _ => format!("{} of the bid from {}", m.name, props.supplier),
    };
    html! {
        <TextField id={dom_id(&field)} {label} value={AttrValue::from(value)} {onchange} {error}
            width="width-10" inputmode="decimal" prefix={if m.component { props.prefix.clone() } else { None }} />
    }
}

#[derive(Properties, PartialEq)]
struct BidRowProps {
    number: usize,
    bid: Bid,
    prefix: Option<AttrValue>,
    currency: Option<AttrValue>,
    answers: AttrValue,
    price_scored: bool,
    /// Scores given to this bid, which go with it.
    scores: usize,
    /// The measured criteria: a field for each of the bid's figures.
    measured: Rc<Vec<Measured>>,
    confirming: bool,
    onedit: Callback<Edit>,
    error: Option<EditError>,
    onask: Callback<MouseEvent>,
    oncancel: Callback<MouseEvent>,
    onremove: Callback<MouseEvent>,
}

/// One bid: supplier and price saved when changed, its answers, and removal after asking.
#[function_component(BidRow)]
fn bid_row(props: &BidRowProps) -> Html {
    let b = &props.bid;
    let (supplier_f, price_f) = (
        Field::BidSupplier(b.id.clone()),
        Field::BidPrice(b.id.clone()),
    );
    let (supplier_id, price_id) = (dom_id(&supplier_f), dom_id(&price_f));
    let stored_price = b.price.map(|p| p.to_string()).unwrap_or_default();
    // What was last typed: shown instead of the saved value while its refusal is on
    // screen, so that the message sits beside the text it is about.
    let typed_supplier = use_state(String::new);
    let typed_price = use_state(String::new);
    let supplier_error = error_for(&props.error, &supplier_f);
    let price_error = error_for(&props.error, &price_f);
    let supplier_value = if supplier_error.is_some() {
        (*typed_supplier).clone()
    } else {
        b.supplier.clone()
    };
    let price_value = if price_error.is_some() {
        (*typed_price).clone()
    } else {
        price_field(b)
    };
    let on_supplier = {
        let onedit = props.onedit.clone();
        let id = b.id.clone();
        let price = stored_price.clone();
        let typed = typed_supplier.clone();
        Callback::from(move |supplier: String| {
            typed.set(supplier.clone());
            onedit.emit(Edit::UpdateBid {
                id: id.clone(),
                supplier,
                price: price.clone(),
            })
        })
    };
    let on_price = {
        let onedit = props.onedit.clone();
        let id = b.id.clone();
        let supplier = b.supplier.clone();
        let typed = typed_price.clone();
        Callback::from(move |price: String| {
            typed.set(price.clone());
            onedit.emit(Edit::UpdateBid {
                id: id.clone(),
                supplier: supplier.clone(),
                price,
            })
        })
    };
    let missing_price = props.price_scored && b.price.is_none();
    // Priced by components: the total is theirs, worked out, not typed.
    let by_components = props.measured.iter().any(|m| m.component);
    let total_words = {
        let sum: Option<rust_decimal::Decimal> = props
            .measured
            .iter()
            .filter(|m| m.component)
            .map(|m| b.values.get(&m.id).map(|v| v.0))
            .sum();
        match sum {
            Some(t) => format!(
                "{} (the sum of its price components)",
                text::money(t, props.currency.as_deref())
            ),
            None => "Not every price component has a price yet".to_string(),
        }
    };
    let question = if props.scores > 0 {
        format!(
            "Remove the bid from {} and its {}?",
            b.supplier,
            text::count(props.scores, "score", "scores")
        )
    } else {
        format!("Remove the bid from {}?", b.supplier)
    };
    html! {
        <tbody class="bid-table__bid">
            <tr id={format!("bid-{}", b.id)}>
                <td class="bid-table__supplier">
                    <TextField id={supplier_id} label={format!("Supplier of bid {}", props.number)}
                        value={AttrValue::from(supplier_value)} onchange={on_supplier}
                        error={supplier_error} width="width-full" />
                </td>
                <td class="bid-table__price">
                    if by_components {
                        <p id={price_id.clone()}>{ total_words }</p>
                    } else {
                    <TextField id={price_id} label={format!("Total evaluated price of the bid from {}", b.supplier)}
                        value={AttrValue::from(price_value)} onchange={on_price}
                        error={price_error} width="width-10" inputmode="decimal" prefix={props.prefix.clone()} />
                    if missing_price {
                        <p class="bid-table__note"><strong class="tag tag--yellow">{"No price"}</strong>
                            {" Price is scored: enter the total evaluated price."}</p>
                    }
                    }
                </td>
                { for props.measured.iter().map(|m| html! {
                    <td class="bid-table__figure" key={m.id.clone()}>
                        <FigureField bid={b.id.clone()} supplier={b.supplier.clone()} measured={m.clone()}
                            value={b.values.get(&m.id).map(|v| text::group_thousands(&v.to_string())).unwrap_or_default()}
                            prefix={props.prefix.clone()} onedit={props.onedit.clone()} error={props.error.clone()} />
                    </td>
                }) }
                <td class="bid-table__answers">{ props.answers.clone() }</td>
                <td class="bid-table__actions">
                    if !props.confirming {
                        <button type="button" class="button button--secondary button--small" id={format!("bid-{}-remove", b.id)}
                            onclick={props.onask.clone()}>
                            {"Remove"}<span class="visually-hidden">{ format!(" the bid from {}", b.supplier) }</span>
                        </button>
                    }
                </td>
            </tr>
            if props.confirming {
                <tr class="bid-table__confirm">
                    <td colspan={(4 + props.measured.len()).to_string()}>
                        <div class="confirm" id="bid-remove-confirm" tabindex="-1" role="group" aria-labelledby="bid-remove-question">
                            <h3 id="bid-remove-question">{ question }</h3>
                            <p>{"Its answers"}{ if props.scores > 0 { ", scores, consensus and checks" } else { " and any checks" } }{" go with it. You can undo this straight afterwards."}</p>
                            <button type="button" class="button button--warning" id="bid-remove-yes" onclick={props.onremove.clone()}>
                                {"Yes, remove"}<span class="visually-hidden">{ format!(" the bid from {}", b.supplier) }</span>
                            </button>
                            <button type="button" class="button button--secondary" onclick={props.oncancel.clone()}>{"Cancel"}</button>
                        </div>
                    </td>
                </tr>
            }
        </tbody>
    }
}

#[derive(Properties, PartialEq)]
struct ImportPreviewProps {
    merge: Rc<BidsMerge>,
    source: AttrValue,
    evaluation: Rc<Evaluation>,
    page: PageProps,
}

/// "Check the bids before importing": what the bids file would add and change.
#[function_component(ImportPreview)]
fn import_preview(props: &ImportPreviewProps) -> Html {
    let node = use_node_ref();
    {
        // The question appears in place of nothing: take focus so that it is heard.
        let node = node.clone();
        use_effect_with(props.source.clone(), move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let e = &props.evaluation;
    let m = &props.merge;
    let currency = e.currency.as_deref();
    let price_scored = scores_price(e);
    let answerable = answerable(e);
    let price_cell = |b: &Bid| -> Html {
        html! {
            <>
                { price_words(b, currency) }
                if price_scored && b.price.is_none() {
                    <span class="hint block">{"Price is scored: this bid needs a price."}</span>
                }
            </>
        }
    };
    let answered = |b: &Bid| {
        answerable
            .iter()
            .filter(|id| b.answers.get(*id).is_some_and(|a| !a.trim().is_empty()))
            .count()
    };
    let change = |before: String, after: String| -> Html {
        if before == after {
            html! { { after } }
        } else {
            html! {
                <>
                    <span class="visually-hidden">{"from "}</span>{ before }
                    <span aria-hidden="true">{" → "}</span>
                    <span class="visually-hidden">{" to "}</span><strong>{ after }</strong>
                </>
            }
        }
    };
    let confirm = {
        let d = props.page.ondispatch.clone();
        let open = props.page.open.clone();
        Callback::from(move |_: MouseEvent| {
            d.emit(Action::Confirm {
                stamp: crate::app::stamp_for(Some(&open)),
                reason: String::new(),
            })
        })
    };
    let cancel = props.page.ondispatch.reform(|_: MouseEvent| Action::Cancel);
    let price_head = match currency {
        Some(c) => format!("Price ({c})"),
        None => "Price".to_string(),
    };
    html! {
        <div class="import-preview" role="dialog" aria-labelledby="bids-preview-title" id="bids-preview" tabindex="-1" ref={node}>
            <h2 id="bids-preview-title">{ format!("Check the bids from {} before importing", props.source) }</h2>
            <p>{ format!("Importing would leave {}: {}.", text::count(e.bids.len() + m.added.len(), "bid", "bids"), m.summary()) }</p>
            if e.workflow.hide_prices {
                <p class="hint">{"Evaluators will not see these prices while they score."}</p>
            }
            if !m.added.is_empty() {
                <div class="table-scroll">
                    <table class="table">
                        <caption class="table__caption">{ format!("{} to add", text::count(m.added.len(), "bid", "bids")) }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{"Supplier"}</th>
                                <th scope="col" class="num">{ price_head.clone() }</th>
                                <th scope="col" class="num">{"Answers"}</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for m.added.iter().map(|b| html! {
                                <tr key={b.id.clone()}>
                                    <th scope="row">{ &b.supplier }</th>
                                    <td class="num">{ price_cell(b) }</td>
                                    <td class="num">{ format!("{} of {}", answered(b), answerable.len()) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            if !m.changed.is_empty() {
                <div class="table-scroll">
                    <table class="table">
                        <caption class="table__caption">{ format!("{} to update", text::count(m.changed.len(), "bid", "bids")) }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{"Supplier"}</th>
                                <th scope="col" class="num">{ price_head.clone() }</th>
                                <th scope="col" class="num">{"Answers"}</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for m.changed.iter().map(|(before, after)| {
                                let answers_changed = before.answers != after.answers;
                                html! {
                                    <tr key={after.id.clone()}>
                                        <th scope="row">{ change(before.supplier.clone(), after.supplier.clone()) }</th>
                                        <td class="num">
                                            { change(price_words(before, currency), price_words(after, currency)) }
                                            if price_scored && after.price.is_none() {
                                                <span class="hint block">{"Price is scored: this bid needs a price."}</span>
                                            }
                                        </td>
                                        <td class="num">
                                            { change(format!("{} of {}", answered(before), answerable.len()), format!("{} of {}", answered(after), answerable.len())) }
                                            if answered(after) < answered(before) {
                                                <span class="hint block">{"Answers missing from the file would be removed"}</span>
                                            } else if answers_changed && answered(before) == answered(after) {
                                                <span class="hint block">{"Some answers reworded"}</span>
                                            }
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                <p class="hint">{"Scores already given to these bids are kept."}</p>
            }
            if m.unchanged > 0 {
                <p>{ format!("{} in the file {} the same as here and will not change.",
                    text::count(m.unchanged, "bid", "bids"), if m.unchanged == 1 { "is" } else { "are" }) }</p>
            }
            <button type="button" class="button" id="bids-import-confirm" onclick={confirm}>{"Import these bids"}</button>
            <button type="button" class="button button--secondary" id="bids-import-cancel" onclick={cancel}>{"Cancel"}</button>
        </div>
    }
}
