//! The award report and the assessment summaries (Procurement Act 2023; Procurement
//! Regulations 2024, regulation 31), as HTML built from the evaluation and its results.
//! The app shows the same body; the command line wraps it in a standalone document.

use rust_decimal::Decimal;

use super::html::{esc, table};
use crate::model::{tree, Evaluation, Kind, PriceMethod};
use crate::scoring::lots::Lotted;
use crate::scoring::{round, BidResult, Detail, Results};
use crate::standings::method_words;
use crate::text;

fn pts(d: Decimal, places: u32) -> String {
    round::fmt(d, places)
}

fn summary_list(rows: &[(&str, String)]) -> String {
    let mut s = String::from("<dl class=\"summary-list\">");
    for (k, v) in rows {
        s.push_str(&format!("<div><dt>{}</dt><dd>{}</dd></div>", esc(k), v));
    }
    s.push_str("</dl>");
    s
}

fn scale_words(e: &Evaluation) -> String {
    let s = e.default_scale();
    let labels: Vec<String> = s.labels.iter().map(|(k, v)| format!("{k} {v}")).collect();
    if labels.is_empty() {
        format!("{} to {}", s.min, s.max)
    } else {
        format!("{} to {} ({})", s.min, s.max, labels.join(", "))
    }
}

fn price_words(m: PriceMethod) -> &'static str {
    match m {
        PriceMethod::LowestOverBid => "lowest price ÷ bid price × price weight (lowest over bid)",
        PriceMethod::LinearToLowest => {
            "(1 − (bid price − lowest price) ÷ lowest price) × price weight, never below 0 (linear to the lowest)"
        }
        PriceMethod::Logarithmic => {
            "(1 − ln(bid price ÷ lowest price) ÷ ln A) × price weight, never below 0 (logarithmic)"
        }
        PriceMethod::LinearLowestHighest => {
            "(highest price − bid price) ÷ (highest price − lowest price) × price weight (linear between the lowest and the highest)"
        }
        PriceMethod::BetweenBounds => {
            "the whole price weight at or below the stated price, nothing at or above the stated ceiling, (ceiling − bid price) ÷ (ceiling − stated price) × price weight between (between bounds)"
        }
        PriceMethod::KoreanNegotiated => {
            "lowest price ÷ bid price × price weight for a bid at or above 80 % of the estimated price (or the reserve price when one is set); below 80 %, lowest price ÷ (80 % of it) × price weight + 2 × (80 % of it − bid price) ÷ (80 % of it − 60 % of it), a bid below 60 % counted as 60 % (Korean negotiated contract, 협상에 의한 계약)"
        }
        PriceMethod::EligibilityReview => {
            "price weight − slope × |target ratio − bid price ÷ reference price| × 100, the ratio rounded half up before use, never below the floor, a stated band at fixed points; a bid below the lower limit is excluded (Korean eligibility review, 적격심사)"
        }
    }
}

/// The stated parameters of a Korean price score, in words: "" for the other methods.
fn korean_parameters(c: &crate::model::Criterion) -> String {
    let n = |d: crate::model::Dec| crate::text::group_thousands(&d.0.normalize().to_string());
    match c.method {
        Some(PriceMethod::KoreanNegotiated) => {
            let mut s = c
                .estimated_price
                .map(|e| format!("; estimated price {}", n(e)))
                .unwrap_or_default();
            if let Some(o) = &c.negotiated {
                if let Some(r) = o.reserve_price {
                    s.push_str(&format!(", replaced by the reserve price {}", n(r)));
                }
                if o.lowest_raised_to_80 == Some(true) {
                    s.push_str("; a lowest price below 80 % counts as 80 %");
                }
                if o.below_60 == Some(crate::model::Below60::SixtyPercentOfWeight) {
                    s.push_str("; a bid below 60 % scores price weight × 60 ÷ 100");
                }
            }
            s
        }
        Some(PriceMethod::EligibilityReview) => match &c.eligibility {
            Some(g) => {
                let mut s = format!(
                    "; reference price {}, target {} %, slope {}, ratio rounded to {} places",
                    g.reference_price
                        .map_or("not stated yet (fixed at bid opening)".to_string(), n),
                    g.target.0.normalize(),
                    g.slope.0.normalize(),
                    g.ratio_places.unwrap_or(crate::model::DEFAULT_RATIO_PLACES)
                );
                if let Some(f) = g.floor {
                    s.push_str(&format!(", never below {} points", f.0.normalize()));
                }
                if let Some(b) = &g.band {
                    s.push_str(&format!(
                        "; {} % to {} % scores {}",
                        b.from.0.normalize(),
                        b.to.0.normalize(),
                        b.points.0.normalize()
                    ));
                }
                if let Some(l) = g.lower_limit {
                    s.push_str(&format!("; lower limit {} %", l.0.normalize()));
                }
                if let Some(a) = g.a_value {
                    s.push_str(&format!("; A = {} taken out of both prices", n(a)));
                }
                s
            }
            None => String::new(),
        },
        _ => String::new(),
    }
}

/// The methodology: criteria, relative importance, scale, moderation, price, thresholds.
fn methodology(e: &Evaluation, r: &Results) -> String {
    let p = r.places;
    let weights = crate::scoring::effective_weights(e);
    let mut rows = Vec::new();
    for (depth, c) in e.walk() {
        let label = tree::kind_label(c.kind);
        let kind = match c.kind {
            Kind::Group => label.to_string(),
            Kind::Scored => {
                let sc = tree::scale_of(e, &c.id);
                match c.min_score {
                    Some(m) => format!("{label} {} to {}; below {} excludes", sc.min, sc.max, m),
                    None => format!("{label} {} to {}", sc.min, sc.max),
                }
            }
            Kind::Price => format!(
                "{label}: {}{}",
                price_words(c.method.unwrap_or(PriceMethod::LowestOverBid)),
                korean_parameters(c)
            ),
            Kind::PassFail => format!("{label}: a fail excludes the bid"),
            Kind::Measured if c.price_component => format!(
                "Price component: {}",
                text::price_method_words(c.method.unwrap_or(PriceMethod::LowestOverBid))
            ),
            Kind::Measured => format!(
                "{label}{}: {}",
                c.unit
                    .as_deref()
                    .filter(|u| !u.trim().is_empty())
                    .map_or(String::new(), |u| format!(" ({u})")),
                text::measured_method_words(&crate::scoring::price::Formula::of(c))
            ),
        };
        rows.push(vec![
            format!(
                "<span class=\"indent-{}\">{}</span>",
                depth.min(3),
                esc(&c.name)
            ),
            esc(&kind),
            c.weight
                .map_or("–".into(), |w| format!("{} %", text::plain(w.0))),
            weights.get(&c.id).map_or("–".into(), |w| pts(*w, p)),
        ]);
    }
    let mut s = table(
        "Award criteria and their relative importance",
        &[
            "Criterion",
            "How it is assessed",
            "Weight (of its group)",
            "Points available (of 100)",
        ],
        &rows,
        &[2, 3],
    );
    let mut facts = vec![
        ("Scoring scale", esc(&scale_words(e))),
        ("Moderation", esc(&capital(method_words(r.method)))),
        (
            "Points of a scored criterion",
            esc("(moderated score − scale minimum) ÷ (scale maximum − scale minimum) × points available"),
        ),
        (
            "Rounding",
            esc(&format!(
                "totals and subtotals are rounded once, half away from zero, to {p} decimal places; ties go to the higher quality score, then the lower price"
            )),
        ),
    ];
    if let Some(t) = e.quality_threshold {
        facts.push((
            "Quality threshold",
            esc(&format!(
                "a bid needs {t} % of the available quality points to stay in"
            )),
        ));
    }
    if let Some(d) = e.divergence() {
        facts.push((
            "Divergence",
            esc(&format!(
                "scores differing by {d} or more were flagged for discussion"
            )),
        ));
    }
    if let Some(rule) = &e.abnormally_low {
        facts.push((
            "Abnormally low prices",
            esc(&low_rule_words(rule, e.currency.as_deref())),
        ));
    }
    s.push_str(&summary_list(&facts));
    s
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

fn panel(e: &Evaluation) -> String {
    // Assignment and recusal columns only where the panel has them (extension).
    let sectioned = e.evaluators.iter().any(|v| {
        v.assignment.as_ref().is_some_and(|a| !a.is_empty())
            || v.declaration
                .as_ref()
                .is_some_and(|d| !d.bids.is_empty() || !d.suppliers.is_empty())
    });
    let rows: Vec<Vec<String>> = e
        .evaluators
        .iter()
        .map(|v| {
            let mut row = vec![
                esc(&v.name),
                esc(v.role.as_deref().unwrap_or("")),
                esc(&match &v.declaration {
                    None => "Not declared".to_string(),
                    Some(d) if d.conflict => format!("Conflict declared: {}", d.detail),
                    Some(_) => "No conflict of interest".to_string(),
                }),
            ];
            if sectioned {
                row.push(esc(&crate::text::assignment_words(e, v)));
                row.push(esc(&crate::text::recusal_words(e, v)));
            }
            row
        })
        .collect();
    let mut heads = vec!["Evaluator", "Role", "Conflict of interest"];
    if sectioned {
        heads.extend(["Scores", "Stood down from"]);
    }
    table("The evaluation panel", &heads, &rows, &[])
}

/// Why a line scored what it did: the panel's rationale, else the evaluators' notes.
fn explanation(e: &Evaluation, bid: &str, criterion: &str) -> String {
    if let Some(c) = e
        .consensus
        .iter()
        .find(|c| c.bid == bid && c.criterion == criterion)
    {
        return c.rationale.clone();
    }
    let notes: Vec<String> = e
        .scores
        .iter()
        .filter(|s| s.bid == bid && s.criterion == criterion)
        .filter_map(|s| {
            let who = e
                .evaluator(&s.evaluator)
                .map_or(s.evaluator.as_str(), |v| v.name.as_str());
            s.note.as_ref().map(|n| format!("{who}: {n}"))
        })
        .collect();
    notes.join(" ")
}

/// Every criterion for one bid: scores, moderated score, points, explanation.
fn bid_lines(e: &Evaluation, r: &Results, b: &BidResult, individual: bool) -> String {
    let p = r.places;
    let currency = e.currency.as_deref();
    let mut rows = Vec::new();
    for l in &b.lines {
        let name = format!(
            "<span class=\"indent-{}\">{}</span>",
            l.depth.min(3),
            esc(&l.name)
        );
        let available = l.effective_weight.map_or("–".into(), |w| pts(w, p));
        let row = match &l.detail {
            Detail::Group { points, relative } => vec![
                format!("<strong>{name}</strong>"),
                available,
                String::new(),
                String::new(),
                format!("<strong>{}</strong>", pts(*points, p)),
                relative.as_ref().map_or(String::new(), |rel| {
                    esc(&text::relative_working(
                        rel,
                        l.effective_weight.unwrap_or_default(),
                        *points,
                        p,
                    ))
                }),
            ],
            Detail::Measured(c) => {
                let f = &c.formula;
                vec![
                    name,
                    available,
                    String::new(),
                    esc(&c
                        .price
                        .map_or("No figure".into(), |x| text::figure(x, f, currency))),
                    c.points.map_or("–".into(), |x| pts(x, p)),
                    esc(&match (c.points, c.price) {
                        (Some(points), Some(value)) => text::measured_working(
                            c,
                            value,
                            l.effective_weight.unwrap_or_default(),
                            points,
                            p,
                            currency,
                        ),
                        _ => "No points: the bid is excluded.".to_string(),
                    }),
                ]
            }
            Detail::Scored(c) => {
                let who = |ev: &str| e.evaluator(ev).map_or(ev.to_string(), |v| v.name.clone());
                let scores = if individual {
                    c.scores
                        .iter()
                        .map(|(ev, s)| format!("{} {}", who(ev), text::plain(*s)))
                        .chain(c.set_aside.iter().map(|(ev, s, why)| {
                            format!(
                                "{} {} ({}: does not count)",
                                who(ev),
                                text::plain(*s),
                                match why {
                                    crate::scoring::Standing::Recused => "recused",
                                    _ => "not assigned",
                                }
                            )
                        }))
                        .collect::<Vec<_>>()
                        .join("; ")
                } else {
                    String::new()
                };
                vec![
                    name,
                    available,
                    esc(&scores),
                    esc(&c.moderated.map_or("Not scored".to_string(), |m| {
                        format!("{} ({})", text::plain(m), c.basis.words())
                    })),
                    pts(c.points, p),
                    esc(&explanation(e, &b.bid, &l.criterion)),
                ]
            }
            Detail::Price(c) => vec![
                name,
                available,
                String::new(),
                esc(&c
                    .price
                    .map_or("No price".into(), |x| text::money(x, currency))),
                c.points.map_or("–".into(), |x| pts(x, p)),
                esc(&match (c.points, c.price, c.lowest) {
                    (Some(points), Some(price), Some(_)) => text::cell_working(
                        c,
                        price,
                        l.effective_weight.unwrap_or_default(),
                        points,
                        p,
                        currency,
                    ),
                    _ => "No price points: the bid is excluded.".to_string(),
                }),
            ],
            Detail::PassFail { passed, note } => vec![
                name,
                "–".into(),
                String::new(),
                esc(match passed {
                    Some(true) => "Pass",
                    Some(false) => "Fail",
                    None => "Not checked",
                }),
                "–".into(),
                esc(note.as_deref().unwrap_or("")),
            ],
        };
        rows.push(row);
    }
    let mut s = table(
        &format!("Scores for {}", b.supplier),
        &[
            "Criterion",
            "Points available",
            if individual { "Evaluators' scores" } else { "" },
            "Moderated score",
            "Points",
            "Explanation",
        ],
        &rows,
        &[1, 4],
    );
    let mut totals = vec![(
        "Quality",
        esc(&format!(
            "{} out of {}{}",
            pts(b.quality, p),
            pts(r.quality_available, p),
            b.quality_percent.map_or(String::new(), |q| format!(
                " ({} % of the available quality points)",
                pts(q, p)
            ))
        )),
    )];
    if let Some(pp) = b.price_points {
        totals.push((
            "Price",
            esc(&format!(
                "{} out of {}",
                pts(pp, p),
                pts(r.price_available.unwrap_or_default(), p)
            )),
        ));
    }
    totals.push((
        "Total",
        esc(&b
            .total
            .map_or("None: the bid is excluded".to_string(), |t| {
                format!("{} out of 100", pts(t, p))
            })),
    ));
    totals.push((
        "Rank",
        esc(&b.rank.map_or("None".to_string(), |k| k.to_string())),
    ));
    if b.excluded() {
        totals.push((
            "Excluded because",
            esc(&b
                .reasons
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")),
        ));
    }
    s.push_str(&summary_list(&totals));
    s
}

fn ranking(r: &Results) -> String {
    let p = r.places;
    let rows: Vec<Vec<String>> = r
        .bids
        .iter()
        .map(|b| {
            vec![
                b.rank.map_or("–".into(), |k| k.to_string()),
                esc(&b.supplier),
                pts(b.quality, p),
                b.price_points.map_or("–".into(), |x| pts(x, p)),
                b.total.map_or("–".into(), |x| pts(x, p)),
                esc(crate::standings::status(b)),
            ]
        })
        .collect();
    table(
        "Ranking",
        &[
            "Rank",
            "Supplier",
            "Quality",
            "Price",
            "Total (of 100)",
            "Status",
        ],
        &rows,
        &[0, 2, 3, 4],
    )
}

fn winner(r: &Results) -> Option<&BidResult> {
    r.bids.iter().find(|b| b.rank == Some(1))
}

fn recommendation(r: &Results) -> String {
    let p = r.places;
    let tied: Vec<&BidResult> = r.bids.iter().filter(|b| b.rank == Some(1)).collect();
    let provisional = r.bids.iter().any(|b| b.provisional());
    let mut s = String::new();
    if provisional {
        s.push_str("<p class=\"warning\"><strong>These results are provisional:</strong> some scores, consensus scores or checks are still to be recorded. This is not yet a recommendation.</p>");
    }
    match tied.as_slice() {
        [] => s.push_str("<p class=\"warning\">No bid can be recommended: every bid is excluded.</p>"),
        [w] => s.push_str(&format!(
            "<p class=\"recommendation\">The panel recommends awarding the contract to <strong>{}</strong>, the most advantageous tender, with {} points out of 100.</p>",
            esc(&w.supplier),
            w.total.map_or("–".into(), |t| pts(t, p))
        )),
        many => s.push_str(&format!(
            "<p class=\"warning\">{} bids share the highest score after every tie-break ({}). The buyer must decide between them by the method published in advance.</p>",
            many.len(),
            esc(&many.iter().map(|b| b.supplier.as_str()).collect::<Vec<_>>().join(", "))
        )),
    }
    s
}

fn header(e: &Evaluation, kind: &str) -> String {
    let mut s = String::new();
    if let Some(reference) = &e.reference {
        s.push_str(&format!("<p class=\"caption\">{}</p>", esc(reference)));
    }
    s.push_str(&format!("<h1>{}: {}</h1>", esc(kind), esc(&e.title)));
    s
}

/// The award report's body: procurement, methodology, panel, every moderated score
/// with its rationale, price, exclusions, ranking, recommendation and digest.
pub fn award_report(e: &Evaluation, r: &Results, digest: &str) -> String {
    award_report_with(e, r, digest, None)
}

/// [`award_report`], with the recommendation said otherwise when it is not simply the bid
/// ranked first (a lot passed to the next bid under an award limit).
fn award_report_with(e: &Evaluation, r: &Results, digest: &str, award: Option<String>) -> String {
    let mut s = header(e, "Award report");
    s.push_str(&summary_list(&[
        ("Procurement", esc(&e.title)),
        ("Reference", esc(e.reference.as_deref().unwrap_or("None"))),
        (
            "Bids received",
            esc(&text::count(r.bids.len(), "bid", "bids")),
        ),
        (
            "Evaluation panel",
            esc(&text::count(e.evaluators.len(), "evaluator", "evaluators")),
        ),
    ]));
    s.push_str("<h2>Recommendation</h2>");
    match award {
        Some(words) => s.push_str(&format!("<p class=\"recommendation\">{}</p>", esc(&words))),
        None => s.push_str(&recommendation(r)),
    }
    s.push_str(&ranking(r));
    s.push_str("<h2>Methodology</h2>");
    s.push_str(&methodology(e, r));
    s.push_str("<h2>The panel</h2>");
    s.push_str(&panel(e));
    let excluded: Vec<&BidResult> = r.bids.iter().filter(|b| b.excluded()).collect();
    s.push_str("<h2>Exclusions</h2>");
    if excluded.is_empty() {
        s.push_str("<p>No bid was excluded.</p>");
    } else {
        s.push_str("<ul>");
        for b in excluded {
            for reason in &b.reasons {
                s.push_str(&format!(
                    "<li><strong>{}</strong>: {}.</li>",
                    esc(&b.supplier),
                    esc(&reason.to_string())
                ));
            }
        }
        s.push_str("</ul>");
    }
    s.push_str(&low_section(e, r));
    s.push_str("<h2>Scores, bid by bid</h2>");
    s.push_str("<p>Each criterion shows the evaluators' individual scores, the moderated score and how it was reached, the points it gives, and the panel's rationale (or the evaluators' justifications where no consensus was recorded).</p>");
    for b in &r.bids {
        s.push_str(&format!("<h3>{}</h3>", esc(&b.supplier)));
        s.push_str(&bid_lines(e, r, b, true));
    }
    s.push_str("<h2>How robust is the award?</h2>");
    s.push_str("<p>Each weight moved on its own, the others in its group rescaled to keep the total at 100 (to 0.01 percentage points), and the effect of withdrawn or added bids on a relative price formula:</p><ul>");
    for line in crate::workshop::sensitivity_sentences(e)
        .into_iter()
        .chain(crate::workshop::reversal_sentences(e))
    {
        s.push_str(&format!("<li>{}</li>", esc(&line)));
    }
    s.push_str("</ul>");
    s.push_str("<h2>Verification</h2>");
    s.push_str(&format!(
        "<p>This report is computed from the evaluation's result file. Anyone can re-check every figure with <code>bidmark verify</code>. SHA-256 digest of the result:</p><p class=\"digest\">{}</p>",
        esc(digest)
    ));
    s
}

/// The abnormally low rule in words: "A price more than 15 % below the median price of
/// the bids not excluded for another reason is flagged …".
pub fn low_rule_words(rule: &crate::model::AbnormallyLow, currency: Option<&str>) -> String {
    let mut s = match rule.reference_price {
        Some(r) => format!(
            "A price more than {} percentage points of {} below {}",
            text::plain(rule.below_percent.0),
            text::money(r.0, currency),
            text::low_base_words(rule.of)
        ),
        None => format!(
            "A price more than {} % below {}",
            text::plain(rule.below_percent.0),
            text::low_base_words(rule.of)
        ),
    };
    s.push_str(" of the bids not excluded for another reason");
    if let Some(m) = rule.below_lowest_other_percent {
        s.push_str(&format!(
            ", and more than {} % below the lowest price of the other bids",
            text::plain(m.0)
        ));
    }
    if let Some(n) = rule.min_bids {
        s.push_str(&format!(", where at least {n} bids are compared"));
    }
    s.push_str(", is flagged as abnormally low. A flagged bid is not excluded: the supplier is asked to explain its price first (Procurement Act 2023, section 43), and the bid is rejected only when the explanation does not account for it.");
    s
}

/// The report's section on abnormally low prices: the rule, each flagged bid with why,
/// and the outcome recorded; nothing when the evaluation has no rule and no outcome.
fn low_section(e: &Evaluation, r: &Results) -> String {
    if e.abnormally_low.is_none() && e.workflow.investigations.is_empty() {
        return String::new();
    }
    let mut s = "<h2>Abnormally low prices</h2>".to_string();
    if let Some(rule) = &e.abnormally_low {
        s.push_str(&format!(
            "<p>{}</p>",
            esc(&low_rule_words(rule, e.currency.as_deref()))
        ));
    }
    let items: Vec<String> = r
        .bids
        .iter()
        .filter_map(|b| Some((b, text::low_status(b)?)))
        .map(|(b, status)| {
            let mut parts = vec![status];
            if let Some(flag) = &b.abnormally_low {
                parts.push(text::low_working(flag, b.price, e.currency.as_deref()));
            }
            match &b.investigation {
                Some(v) => parts.push(text::investigation_words(v)),
                None => parts.push("No outcome recorded yet".to_string()),
            }
            format!(
                "<li><strong>{}</strong>: {}.</li>",
                esc(&b.supplier),
                esc(&parts.join(". "))
            )
        })
        .collect();
    if items.is_empty() {
        s.push_str("<p>No bid is flagged.</p>");
    } else {
        s.push_str("<ul>");
        s.push_str(&items.concat());
        s.push_str("</ul>");
    }
    s
}

/// The award report of the whole file, as the app shows it: for a file with lots,
/// [`lotted_report`]; without, [`award_report`] from results already computed (`r`,
/// with breakdowns) and the approvals, if any.
pub fn report_of_file(file: &Evaluation, r: &Results) -> String {
    let digest = crate::award::result::result_digest(file);
    if file.has_lots() {
        return lotted_report(file, &crate::scoring::lots::score_lots(file), &digest);
    }
    let mut s = award_report(file, r, &digest);
    s.push_str(&approvals_section(file));
    s
}

/// The award report of an evaluation with lots (extension): the awards across lots and
/// why, the approvals, then each lot's report; without lots, [`award_report`] with the
/// approvals, if any were recorded.
pub fn lotted_report(e: &Evaluation, l: &Lotted, digest: &str) -> String {
    if !e.has_lots() {
        let mut s = award_report(e, &l.lots[0].results, digest);
        s.push_str(&approvals_section(e));
        return s;
    }
    let mut s = header(e, "Award report");
    s.push_str(&summary_list(&[
        ("Procurement", esc(&e.title)),
        ("Reference", esc(e.reference.as_deref().unwrap_or("None"))),
        ("Lots", esc(&text::count(e.lots.len(), "lot", "lots"))),
        (
            "Bids received",
            esc(&text::count(e.bids.len(), "bid", "bids")),
        ),
        (
            "Evaluation panel",
            esc(&text::count(e.evaluators.len(), "evaluator", "evaluators")),
        ),
    ]));
    s.push_str("<h2>Awards</h2>");
    s.push_str(&match l.limit {
        Some(n) => format!(
            "<p>A supplier may be awarded at most {}. Lots are decided in this order: {}.</p>",
            esc(&text::count(n, "lot", "lots")),
            esc(&e
                .decision_order()
                .iter()
                .map(|x| x.name.as_str())
                .collect::<Vec<_>>()
                .join(", "))
        ),
        None => "<p>Each lot is awarded to the bid ranked first in it.</p>".to_string(),
    });
    s.push_str("<ul>");
    for a in &l.awards {
        s.push_str(&format!("<li>{}</li>", esc(&a.explain(l.limit))));
    }
    s.push_str("</ul>");
    s.push_str(&approvals_section(e));
    for (i, lot) in l.lots.iter().enumerate() {
        let view = crate::model::lots::view(e, i).evaluation;
        let (_, name) = lot.lot.clone().unwrap_or_default();
        // The lot's recommendation is its award, which the award limit may have passed on.
        let award = l
            .awards
            .iter()
            .find(|a| lot.lot.as_ref().is_some_and(|(id, _)| *id == a.lot))
            .map(|a| a.explain(l.limit));
        let body = award_report_with(&view, &lot.results, digest, award);
        // The lot's report under the lot's heading: its title and verification once, above and below.
        let body = body
            .split("<h2>Recommendation</h2>")
            .nth(1)
            .unwrap_or(&body);
        let body = body.split("<h2>Verification</h2>").next().unwrap_or(body);
        s.push_str(&format!("<h2 class=\"lot\">{}</h2>", esc(&name)));
        s.push_str("<h3>Recommendation</h3>");
        s.push_str(
            &body
                .replace("<h3>", "<h4>")
                .replace("</h3>", "</h4>")
                .replace("<h2>", "<h3>")
                .replace("</h2>", "</h3>"),
        );
    }
    s.push_str("<h2>Verification</h2>");
    s.push_str(&format!(
        "<p>This report is computed from the evaluation's result file. Anyone can re-check every figure with <code>bidmark verify</code>. SHA-256 digest of the result:</p><p class=\"digest\">{}</p>",
        esc(digest)
    ));
    s
}

/// Every recorded award decision, oldest first, and whether the standing one still
/// names this result.
pub fn approvals_section(e: &Evaluation) -> String {
    if e.workflow.approvals.is_empty() {
        return String::new();
    }
    let checks = crate::award::result::approvals(e);
    let mut s = String::from("<h2>Approval</h2><p>A record of who decided, not a cryptographic signature: it names the SHA-256 digest of the result decided on, so that any later change shows.</p><ul>");
    for a in &e.workflow.approvals {
        let standing = checks.iter().find(|c| c.approval == *a);
        let mut line = crate::award::result::approval_words(e, a);
        if let Some(r) = a.reason.as_deref().filter(|r| !r.trim().is_empty()) {
            line.push_str(&format!(": {}", r.trim()));
        }
        line.push('.');
        let status = match standing {
            Some(c) if c.current => " It names this result: it stands.".to_string(),
            Some(_) => {
                " STALE: the result has changed since it was recorded; record the decision again."
                    .to_string()
            }
            None => " Superseded by a later decision.".to_string(),
        };
        s.push_str(&format!("<li>{}{}</li>", esc(&line), esc(&status)));
    }
    s.push_str("</ul>");
    s
}

/// The assessment summaries of every lot's bids (extension); without lots, [`all_summaries`].
pub fn lotted_summaries(e: &Evaluation, l: &Lotted) -> String {
    if !e.has_lots() {
        return all_summaries(e, &l.lots[0].results);
    }
    (0..l.lots.len())
        .flat_map(|i| {
            let view = crate::model::lots::view(e, i).evaluation;
            let r = &l.lots[i].results;
            r.bids
                .iter()
                .filter_map(|b| summary_with(&view, r, &b.bid, lot_award(l, i)))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The bid a lot is awarded to, and why, when that is not its first-ranked bid (an award
/// limit passed the lot on).
fn lot_award(l: &Lotted, i: usize) -> Option<(&str, String)> {
    let (id, _) = l.lots[i].lot.as_ref()?;
    let a = l.awards.iter().find(|a| a.lot == *id)?;
    let winner = a.winner()?;
    let first = l.lots[i].results.bids.iter().find(|b| b.rank == Some(1))?;
    (first.bid != winner).then(|| (winner, a.explain(l.limit)))
}

/// The assessment summaries of the lot on screen, as the app offers them: `view` and `r`
/// (with breakdowns) are the lot's; in a file with lots, a lot passed on under the award
/// limit names the bid it is awarded to.
pub fn summaries_in(
    file: &Evaluation,
    view: &Evaluation,
    r: &Results,
    bid: Option<&str>,
) -> String {
    let award = match (&view.view_of, file.has_lots()) {
        (Some(lot), true) => {
            let l = crate::scoring::lots::score_lots(file);
            l.lots
                .iter()
                .position(|x| x.lot.as_ref().is_some_and(|(id, _)| id == lot))
                .and_then(|i| lot_award(&l, i).map(|(b, why)| (b.to_string(), why)))
        }
        _ => None,
    };
    let one = |b: &str| {
        summary_with(
            view,
            r,
            b,
            award.as_ref().map(|(w, why)| (w.as_str(), why.clone())),
        )
    };
    match bid {
        Some(b) => one(b).unwrap_or_default(),
        None => r.bids.iter().filter_map(|b| one(&b.bid)).collect(),
    }
}

/// One bid's assessment summary, in its lot (extension); without lots, [`assessment_summary`].
pub fn lotted_summary(e: &Evaluation, l: &Lotted, bid: &str) -> Option<String> {
    if !e.has_lots() {
        return assessment_summary(e, &l.lots[0].results, bid);
    }
    let i = l
        .lots
        .iter()
        .position(|x| x.results.bids.iter().any(|b| b.bid == bid))?;
    summary_with(
        &crate::model::lots::view(e, i).evaluation,
        &l.lots[i].results,
        bid,
        lot_award(l, i),
    )
}

/// One supplier's assessment summary (Procurement Regulations 2024, reg. 31): the
/// criteria and their importance, this tender's score and explanation on each, its
/// totals, the same for the winning tender, and any reason for exclusion.
pub fn assessment_summary(e: &Evaluation, r: &Results, bid: &str) -> Option<String> {
    summary_with(e, r, bid, None)
}

/// [`assessment_summary`], the most advantageous tender being the one awarded (with why),
/// when that is not simply the bid ranked first.
fn summary_with(
    e: &Evaluation,
    r: &Results,
    bid: &str,
    award: Option<(&str, String)>,
) -> Option<String> {
    let b = r.bids.iter().find(|b| b.bid == bid)?;
    let mut s = format!("<section class=\"page\" id=\"summary-{}\">", esc(&b.bid));
    s.push_str(&header(e, "Assessment summary"));
    s.push_str(&summary_list(&[
        ("Supplier", esc(&b.supplier)),
        ("Procurement", esc(&e.title)),
        ("Reference", esc(e.reference.as_deref().unwrap_or("None"))),
    ]));
    s.push_str("<h2>How tenders were assessed</h2>");
    s.push_str(&methodology(e, r));
    s.push_str(&format!("<h2>Your tender: {}</h2>", esc(&b.supplier)));
    if b.excluded() {
        s.push_str(&format!(
            "<p class=\"warning\"><strong>Your tender was excluded:</strong> {}.</p>",
            esc(&b
                .reasons
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "))
        ));
    }
    // A supplier whose price was flagged is told so, and the outcome with its reason.
    if let Some(flag) = &b.abnormally_low {
        let mut words = format!(
            "Your price was flagged as abnormally low. {}.",
            text::low_working(flag, b.price, e.currency.as_deref())
        );
        match &b.investigation {
            Some(v) if v.outcome == crate::model::Outcome::Rejected => words.push_str(&format!(
                " Your explanation of the price was considered and your tender was rejected as abnormally low. Reason: {}",
                v.reason.as_deref().unwrap_or_default().trim()
            )),
            Some(v) => words.push_str(&format!(
                " Your explanation of the price was accepted{}",
                v.reason
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map_or(".".to_string(), |r| format!(": {r}"))
            )),
            None => words.push_str(" You are asked to explain your price before any decision."),
        }
        s.push_str(&format!("<p class=\"warning\">{}</p>", esc(&words)));
    }
    s.push_str(&bid_lines(e, r, b, false));
    let awarded = match &award {
        Some((id, why)) => {
            s.push_str(&format!("<p>{}</p>", esc(why)));
            r.bids.iter().find(|x| x.bid == *id)
        }
        None => winner(r),
    };
    // Under an award limit the lot may go to a bid other than the first-ranked.
    let (heading, yours) = match award {
        Some(_) => (
            "The tender awarded this lot",
            "Your tender is awarded this lot.",
        ),
        None => (
            "The most advantageous tender",
            "Your tender is the most advantageous tender.",
        ),
    };
    match awarded {
        Some(w) if w.bid != b.bid => {
            s.push_str(&format!("<h2>{heading}: {}</h2>", esc(&w.supplier)));
            s.push_str(&bid_lines(e, r, w, false));
        }
        Some(_) => s.push_str(&format!("<p class=\"recommendation\">{yours}</p>")),
        None => s.push_str("<p>No tender is ranked first.</p>"),
    }
    s.push_str("<p>The contract award notice starts a standstill period of at least 8 working days before the contract is entered into (Procurement Act 2023, section 51).</p>");
    s.push_str("</section>");
    Some(s)
}

/// Every supplier's assessment summary, one after another (each starts a new page).
pub fn all_summaries(e: &Evaluation, r: &Results) -> String {
    r.bids
        .iter()
        .filter_map(|b| assessment_summary(e, r, &b.bid))
        .collect()
}
