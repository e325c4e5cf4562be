//! The moderation page: the overview of every bid and criterion, the calibration
//! figures, consensus offered (not demanded) where nothing is flagged, and scores that
//! do not count shown for what they are.

use bidmark::app::AppProps;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use super::{click, mount_app, texts};

/// Mounts the app with a sample open and goes to moderation, as a buyer would.
async fn moderation_of(sample: &str) -> Element {
    let root = mount_app(AppProps {
        sample: Some(sample.to_string().into()),
        persist: false,
    });
    yew::scheduler::flush().await;
    click(&root, "Moderate scores and record consensus").await;
    root
}

/// Two bids, two criteria (Quality has a long name), three evaluators, the mean with a
/// divergence of 2. Three is recused from A Ltd: their scores of A stay in the file and
/// do not count.
///
/// | cell | One | Two | Three      | counts  | moderated | spread |
/// |------|-----|-----|------------|---------|-----------|--------|
/// | a q  | 1   | 3   | 3 (recused)| 1, 3    | 2         | 2: flagged |
/// | a t  | 2   | 2   | 0 (recused)| 2, 2    | 2         | 0      |
/// | b q  | 1   | 2   | 3          | 1, 2, 3 | 2         | 2: flagged |
/// | b t  | 2   | 2   | 3          | 2, 2, 3 | 2.33      | 1      |
fn small_panel() -> String {
    serde_json::json!({
        "format": "bidmark/evaluation", "version": 1, "title": "Small panel",
        "moderation": { "method": "mean", "divergence": "2" },
        "criteria": [
            { "id": "tech", "name": "Technical", "kind": "group", "weight": "100", "children": [
                { "id": "q", "name": "Quality of the approach to user research and service design", "kind": "scored", "weight": "50" },
                { "id": "t", "name": "Team", "kind": "scored", "weight": "50" } ] } ],
        "bids": [ { "id": "a", "supplier": "A Ltd" }, { "id": "b", "supplier": "B Ltd" } ],
        "evaluators": [
            { "id": "e1", "name": "One" }, { "id": "e2", "name": "Two" },
            { "id": "e3", "name": "Three",
              "declaration": { "conflict": true, "detail": "Former employee of A Ltd", "bids": ["a"] } } ],
        "scores": [
            { "evaluator": "e1", "bid": "a", "criterion": "q", "score": "1" },
            { "evaluator": "e2", "bid": "a", "criterion": "q", "score": "3" },
            { "evaluator": "e3", "bid": "a", "criterion": "q", "score": "3" },
            { "evaluator": "e1", "bid": "a", "criterion": "t", "score": "2" },
            { "evaluator": "e2", "bid": "a", "criterion": "t", "score": "2" },
            { "evaluator": "e3", "bid": "a", "criterion": "t", "score": "0" },
            { "evaluator": "e1", "bid": "b", "criterion": "q", "score": "1" },
            { "evaluator": "e2", "bid": "b", "criterion": "q", "score": "2" },
            { "evaluator": "e3", "bid": "b", "criterion": "q", "score": "3" },
            { "evaluator": "e1", "bid": "b", "criterion": "t", "score": "2" },
            { "evaluator": "e2", "bid": "b", "criterion": "t", "score": "2" },
            { "evaluator": "e3", "bid": "b", "criterion": "t", "score": "3" } ]
    })
    .to_string()
}

/// Opens `json` through the start page's file picker, as a person choosing a file
/// does, then goes to moderation.
async fn moderation_of_file(json: &str) -> Element {
    let title = bidmark::load_str(json).unwrap().title;
    let root = mount_app(AppProps {
        sample: None,
        persist: false,
    });
    yew::scheduler::flush().await;
    let input = root.query_selector("#evaluation-file").unwrap().unwrap();
    let choose = js_sys::Function::new_with_args(
        "input, text",
        "const t = new DataTransfer();\
         t.items.add(new File([text], 'small-panel.json', { type: 'application/json' }));\
         input.files = t.files;\
         input.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    choose
        .call2(&wasm_bindgen::JsValue::NULL, &input, &json.into())
        .unwrap();
    // The file is read asynchronously.
    for _ in 0..100 {
        gloo_timers::future::TimeoutFuture::new(10).await;
        yew::scheduler::flush().await;
        if texts(&root, "h1") == [title.as_str()] {
            break;
        }
    }
    assert_eq!(texts(&root, "h1"), vec![title]);
    click(&root, "Moderate scores and record consensus").await;
    root
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing at {selector}"))
}

fn text_of(root: &Element, selector: &str) -> String {
    one(root, selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_overview_shows_every_bid_on_every_criterion_with_flags_in_words() {
    let root = moderation_of("dos-outcomes").await;
    assert_eq!(texts(&root, "h1"), vec!["Moderate scores"]);

    // A table with a caption, column and row headers, in a labelled scroll region.
    assert_eq!(
        texts(&root, "#overview caption"),
        vec!["Moderated scores: 5 bids on 8 scored criteria"]
    );
    let region = one(&root, ".overview-scroll");
    assert_eq!(region.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(
        region.get_attribute("aria-labelledby").as_deref(),
        Some("overview-caption")
    );
    assert_eq!(
        root.query_selector_all("#overview thead th[scope='col']")
            .unwrap()
            .length(),
        9
    );
    assert_eq!(
        texts(&root, "#overview tbody th[scope='row']"),
        vec![
            "Ashdown Digital Ltd",
            "Fernhill Consulting Ltd",
            "Kestrel & Moss Ltd",
            "Tidewell Digital Ltd, 1 to discuss",
            "Cobalt Yard Ltd"
        ]
    );
    // A long criterion name is shortened on screen, whole for screen readers.
    let ucd = "#overview thead th[data-criterion='ess-ucd']";
    assert_eq!(
        text_of(&root, &format!("{ucd} [aria-hidden='true']")),
        "Demonstrable experience of user-centred design…"
    );
    assert_eq!(
        text_of(&root, &format!("{ucd} .visually-hidden")),
        "Demonstrable experience of user-centred design for complex casework services"
    );

    // The one flagged cell: Tidewell on the Service Standard, scores 1, 3 and 2.
    let flagged = "#overview tr[data-bid='tidewell'] td[data-criterion='ess-service-standard']";
    assert_eq!(text_of(&root, &format!("{flagged} .overview__score")), "2");
    assert_eq!(
        text_of(&root, &format!("{flagged} .overview__meta")),
        "spread 2 · 3 scores"
    );
    assert_eq!(text_of(&root, &format!("{flagged} .tag")), "⚑ Discuss");
    assert!(text_of(&root, flagged).contains("flagged: spread 2 reaches the divergence limit"));
    assert_eq!(
        root.query_selector_all(".overview__cell--flagged")
            .unwrap()
            .length(),
        1
    );
    assert_eq!(
        texts(&root, "#overview .tag").len(),
        1,
        "only flagged cells say Discuss"
    );
    // An unflagged cell: Ashdown on user-centred design, 3, 3 and 2.
    assert_eq!(
        text_of(
            &root,
            "#overview tr[data-bid='ashdown'] td[data-criterion='ess-ucd']"
        ),
        "2.67, spread 1 · 3 scores"
    );

    // Every cell is a link to its bid's moderation address.
    let links = root.query_selector_all("#overview td a").unwrap();
    assert_eq!(links.length(), 5 * 8);
    for i in 0..links.length() {
        let a: Element = links.item(i).unwrap().dyn_into().unwrap();
        let bid = a.get_attribute("data-bid").unwrap();
        assert_eq!(
            a.get_attribute("href").unwrap(),
            format!("#/moderation/{bid}")
        );
        let row = a.closest("tr").unwrap().unwrap();
        assert_eq!(row.get_attribute("data-bid"), Some(bid));
    }

    // Only flagged cells: the one bid and criterion with a flag.
    let checkbox: HtmlElement = one(&root, "#flagged-only").dyn_into().unwrap();
    checkbox.click();
    yew::scheduler::flush().await;
    assert_eq!(
        texts(&root, "#overview caption"),
        vec!["Moderated scores: the 1 bid and 1 criterion with cells flagged for discussion"]
    );
    assert_eq!(
        root.query_selector_all("#overview td a").unwrap().length(),
        1
    );
}

#[wasm_bindgen_test]
async fn a_cell_of_the_overview_leads_to_its_discussion() {
    let root = moderation_of("dos-outcomes").await;
    assert_eq!(texts(&root, "#moderate-bid"), vec!["Ashdown Digital Ltd"]);
    let link: HtmlElement = one(
        &root,
        "#overview tr[data-bid='tidewell'] td[data-criterion='ess-service-standard'] a",
    )
    .dyn_into()
    .unwrap();
    link.click();
    for _ in 0..20 {
        yew::scheduler::flush().await;
        gloo_timers::future::TimeoutFuture::new(5).await;
    }
    assert_eq!(texts(&root, "#moderate-bid"), vec!["Tidewell Digital Ltd"]);
    assert_eq!(
        gloo::utils::window().location().hash().unwrap(),
        "#/moderation/tidewell"
    );
    let focused = gloo::utils::document().active_element().unwrap();
    assert_eq!(
        focused.closest(".moderate-cell").unwrap().map(|c| c.id()),
        Some("moderate-tidewell-ess-service-standard".to_string())
    );
    // The flagged cell's consensus form is open, not folded away.
    assert!(root
        .query_selector("#moderate-tidewell-ess-service-standard > .consensus-form")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("#moderate-tidewell-ess-service-standard details")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn consensus_is_offered_not_demanded_where_nothing_is_flagged() {
    let root = moderation_of("dos-outcomes").await;
    // Ashdown has no flagged cell: every consensus form is folded away, closed.
    let cells = root
        .query_selector_all("#moderate-bid ~ .moderate-cell[id^='moderate-']")
        .unwrap();
    assert_eq!(cells.length(), 8);
    for i in 0..cells.length() {
        let cell: Element = cells.item(i).unwrap().dyn_into().unwrap();
        let details = cell
            .query_selector("details.consensus-offer")
            .unwrap()
            .unwrap_or_else(|| panic!("{}: no details", cell.id()));
        assert!(!details.has_attribute("open"), "{}", cell.id());
        assert_eq!(
            details
                .query_selector("summary")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap(),
            "Record an agreed score anyway"
        );
        assert!(details.query_selector(".consensus-form").unwrap().is_some());
    }
    // Under the consensus method, every cell keeps its form open.
    let root = moderation_of("gcloud-call-off").await;
    assert!(
        root.query_selector_all(".moderate-cell .consensus-form")
            .unwrap()
            .length()
            > 0
    );
    assert_eq!(
        root.query_selector_all("details.consensus-offer")
            .unwrap()
            .length(),
        0
    );
}

#[wasm_bindgen_test]
async fn calibration_lists_every_evaluator_and_the_agreement_on_each_criterion() {
    let root = moderation_of("dos-outcomes").await;
    assert!(texts(&root, "#calibration p")[0]
        .contains("They inform the discussion; they never change a score or the award."));
    let rows = texts(&root, "#calibration-evaluators tbody th");
    assert_eq!(rows, vec!["Priya Raman", "Tom Whitfield", "Grace Okafor"]);
    // The same figures as the engine's, in words.
    let sample = bidmark::samples::find("dos-outcomes").unwrap();
    let e = bidmark::load_str(sample.json).unwrap();
    let c = bidmark::analysis::agreement::calibration(&bidmark::score(&e), |_| true);
    let differences = texts(&root, "#calibration-evaluators .difference");
    for (v, shown) in e.evaluators.iter().zip(&differences) {
        let d = c
            .evaluators
            .iter()
            .find(|x| x.evaluator == v.id)
            .and_then(|x| x.mean_difference)
            .unwrap();
        let expected = match (d * 100.0).round() / 100.0 {
            r if r > 0.0 => format!("+{r:.2} (scores higher than the panel)"),
            r if r < 0.0 => format!("−{:.2} (scores lower than the panel)", -r),
            _ => "0.00 (in line with the panel)".to_string(),
        };
        assert_eq!(shown, &expected, "{}", v.name);
    }
    for (v, shown) in e
        .evaluators
        .iter()
        .zip(texts(&root, "#calibration-evaluators .outlier"))
    {
        let x = c.evaluators.iter().find(|x| x.evaluator == v.id).unwrap();
        assert_eq!(shown, format!("{} of {} cells", x.outlier, x.outlier_cells));
    }
    // Every scored criterion, then all of them, each with its reading in words.
    assert_eq!(
        root.query_selector_all("#calibration-criteria tbody tr")
            .unwrap()
            .length(),
        8
    );
    let readings = texts(&root, "#calibration-criteria .reading");
    assert_eq!(readings.len(), 9);
    let words = [
        "Evaluators agree well",
        "Evaluators partly agree: discuss the scores that differ most",
        "Evaluators disagree: discuss the scores before relying on them",
        "Not enough varied scores to measure agreement",
    ];
    assert!(
        readings.iter().all(|r| words.contains(&r.as_str())),
        "{readings:?}"
    );
    assert_eq!(
        texts(&root, "#calibration-criteria thead th"),
        vec![
            "Criterion",
            "Cells compared",
            "Alpha, interval",
            "Alpha, ordinal",
            "What it says"
        ]
    );
    assert_eq!(
        texts(&root, "#calibration-how summary"),
        vec!["How these are worked out"]
    );
}

#[wasm_bindgen_test]
async fn a_small_panel_with_a_recusal() {
    let root = moderation_of_file(&small_panel()).await;

    // The overview: A on Quality is flagged (1 and 3 count; Three's 3 does not).
    let aq = "#overview tr[data-bid='a'] td[data-criterion='q']";
    assert_eq!(text_of(&root, &format!("{aq} .overview__score")), "2");
    assert_eq!(
        texts(&root, &format!("{aq} .overview__meta")),
        vec!["spread 2 · 2 scores · 1 not counted"]
    );
    assert_eq!(text_of(&root, &format!("{aq} .tag")), "⚑ Discuss");
    assert_eq!(
        text_of(&root, &format!("{aq} a")),
        "2, spread 2 · 2 scores · 1 not counted⚑ Discuss, flagged: spread 2 reaches the divergence limit"
    );
    assert_eq!(
        text_of(&root, "#overview tr[data-bid='b'] td[data-criterion='t']"),
        "2.33, spread 1 · 3 scores"
    );
    // The long name is shortened on screen.
    assert_eq!(
        text_of(
            &root,
            "#overview thead th[data-criterion='q'] [aria-hidden='true']"
        ),
        "Quality of the approach to user research and…"
    );

    // Calibration, worked by hand from the table above (moderated scores 2, 2, 2, 7/3):
    // One: (−1 + 0 − 1 − 1/3) / 4 = −0.58; Two: (1 + 0 + 0 − 1/3) / 4 = +0.17;
    // Three (B only): (1 + 2/3) / 2 = +0.83. Cells with 3 scores: B's two. On B Quality
    // One and Three are equally far (nobody is the outlier); on B Team, Three is.
    assert_eq!(
        texts(&root, "#calibration-evaluators tbody th"),
        vec!["One", "Two", "Three"]
    );
    assert_eq!(
        texts(&root, "#calibration-evaluators td.num"),
        vec!["4", "4", "2"]
    );
    assert_eq!(
        texts(&root, "#calibration-evaluators .difference"),
        vec![
            "−0.58 (scores lower than the panel)",
            "+0.17 (scores higher than the panel)",
            "+0.83 (scores higher than the panel)"
        ]
    );
    assert_eq!(
        texts(&root, "#calibration-evaluators .outlier"),
        vec!["0 of 2 cells", "0 of 2 cells", "1 of 2 cells"]
    );

    // A's discussion: Three's scores are shown, struck through, and say why they do
    // not count.
    assert_eq!(texts(&root, "#moderate-bid"), vec!["A Ltd"]);
    for (criterion, score) in [("q", "3"), ("t", "0")] {
        let row = format!("#moderate-a-{criterion} tr[data-evaluator='e3'] td.num");
        assert_eq!(text_of(&root, &format!("{row} s")), score);
        assert_eq!(
            text_of(&root, &format!("{row} .tag")),
            "Recused — does not count"
        );
    }
    // The flagged cell asks for consensus; the other offers it, folded away.
    assert!(root
        .query_selector("#moderate-a-q > .consensus-form")
        .unwrap()
        .is_some());
    let offer = one(&root, "#moderate-a-t details.consensus-offer");
    assert!(!offer.has_attribute("open"));
    assert!(offer.query_selector(".consensus-form").unwrap().is_some());

    // A's breakdown in the results says the same.
    click(&root, "See the results").await;
    let summary: HtmlElement = one(&root, "#breakdown-a summary").dyn_into().unwrap();
    summary.click();
    gloo_timers::future::TimeoutFuture::new(0).await;
    yew::scheduler::flush().await;
    // Points available, One, Two, Three (struck through, and why), moderated, points.
    assert_eq!(
        texts(&root, "#breakdown-a tr[data-criterion='q'] td"),
        vec![
            "50",
            "1",
            "3",
            "3Recused — does not count",
            "2 (mean)Flagged: spread 2",
            "33.33"
        ]
    );
    assert_eq!(
        texts(&root, "#breakdown-a tr[data-criterion='q'] td s"),
        vec!["3"]
    );
}

#[wasm_bindgen_test]
async fn a_large_evaluation_draws_25_bids_of_the_overview_then_more_on_asking() {
    let spec = bidmark::generate::Spec {
        bids: 60,
        criteria: 3,
        ..Default::default()
    };
    let root = moderation_of_file(&bidmark::generate::generate(&spec).to_json()).await;
    let rows = |root: &Element| {
        root.query_selector_all("#overview tbody tr")
            .unwrap()
            .length()
    };
    assert_eq!(rows(&root), 25);
    assert!(texts(&root, "#overview caption")[0]
        .starts_with("Moderated scores: the first 25 of 60 bids on 3 scored criteria"));
    click(&root, "Show 25 more").await;
    assert_eq!(rows(&root), 50);
    click(&root, "Show all 60 bids").await;
    assert_eq!(rows(&root), 60);
    assert!(root.query_selector("#overview-more").unwrap().is_none());
}
