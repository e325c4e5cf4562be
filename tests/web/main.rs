//! Components rendered in headless Chromium (wasm-bindgen-test): what a panel sees.
#![cfg(target_arch = "wasm32")]

use bidmark::app::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, so tests do not see each other's output.
fn mount_point() -> Element {
    let document = gloo::utils::document();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

thread_local! {
    /// The app mounted last. Every app on the page follows the one address, so an app
    /// left from an earlier test, with other bids, would turn an address naming a bid
    /// it does not have into its nearest page: each app replaces the one before.
    static MOUNTED: std::cell::RefCell<Option<yew::AppHandle<App>>> = const { std::cell::RefCell::new(None) };
}

/// Mounts the app into a fresh element, in place of the app mounted before.
fn mount_app(props: AppProps) -> Element {
    if let Some(app) = MOUNTED.with(|m| m.borrow_mut().take()) {
        app.destroy();
    }
    let root = mount_point();
    let app = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    MOUNTED.with(|m| *m.borrow_mut() = Some(app));
    root
}

/// Mounts the app with a sample open and goes to its results, as a buyer would.
async fn results_of(sample: &str) -> Element {
    let root = mount_app(AppProps {
        sample: Some(sample.to_string().into()),
        persist: false,
    });
    yew::scheduler::flush().await;
    click(&root, "Ranking and breakdowns").await;
    root
}

/// Clicks the first button whose text is `label`, then lets yew render.
async fn click(root: &Element, label: &str) {
    let buttons = root.query_selector_all("button").unwrap();
    let button: HtmlElement = (0..buttons.length())
        .map(|i| buttons.item(i).unwrap())
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no button {label:?}"))
        .dyn_into()
        .unwrap();
    button.click();
    yew::scheduler::flush().await;
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| {
            list.item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_sample_renders_its_ranking() {
    let root = results_of("dos-outcomes").await;

    assert_eq!(texts(&root, "h1"), vec!["Results"]);
    let suppliers = texts(&root, "#ranking tbody .supplier");
    assert_eq!(
        suppliers,
        vec![
            "Kestrel & Moss Ltd",
            "Ashdown Digital Ltd",
            "Fernhill Consulting Ltd",
            "Tidewell Digital Ltd",
            "Cobalt Yard Ltd"
        ]
    );
    assert_eq!(
        texts(&root, "#ranking tbody .rank"),
        vec!["1", "2", "3", "4", "–"]
    );
    assert_eq!(
        texts(&root, "#ranking tbody .total"),
        vec!["82.14", "80.53", "78.02", "72.44", "–"]
    );
    let excluded = texts(&root, "#ranking tbody tr[data-bid='cobalt-yard'] .status");
    assert!(excluded[0].starts_with("Excluded"), "{excluded:?}");
    assert!(
        excluded[0].contains("below the minimum of 2"),
        "{excluded:?}"
    );
}

#[wasm_bindgen_test]
async fn the_start_page_offers_samples_and_opens_one() {
    let root = mount_app(AppProps {
        sample: None,
        persist: false,
    });
    yew::scheduler::flush().await;

    assert_eq!(
        texts(&root, "h1"),
        vec!["Score bids with your evaluation panel"]
    );
    assert_eq!(
        texts(&root, "[data-sample]").len(),
        bidmark::samples::SAMPLES.len()
    );
    let button: HtmlElement = root
        .query_selector("[data-sample='negotiated-80-20']")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
    yew::scheduler::flush().await;
    click(&root, "Ranking and breakdowns").await;

    assert_eq!(texts(&root, "h1"), vec!["Results"]);
    assert_eq!(
        texts(&root, "#ranking tbody .rank"),
        vec!["1", "2", "3", "4", "–"]
    );
    let reasons = texts(&root, "#ranking tbody tr[data-bid='cheongsol'] .reasons");
    assert!(
        reasons[0].contains("below the threshold of 85 %"),
        "{reasons:?}"
    );
}

#[wasm_bindgen_test]
async fn a_breakdown_shows_the_arithmetic() {
    let root = results_of("dos-outcomes").await;

    let summary = texts(&root, "#breakdown-ashdown summary");
    assert_eq!(
        summary,
        vec!["Ashdown Digital Ltd: how was 80.53 calculated?"]
    );
    // The table is built when the breakdown is opened, as a person opens it.
    assert!(texts(&root, "#breakdown-ashdown .working").is_empty());
    root.query_selector("#breakdown-ashdown summary")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    // The browser fires "toggle" in a task of its own, after the click.
    gloo_timers::future::TimeoutFuture::new(0).await;
    yew::scheduler::flush().await;
    let price = texts(&root, "#breakdown-ashdown .breakdown__price .working");
    assert_eq!(
        price,
        vec!["£334,200.00 (lowest) ÷ £412,500.00 × 30 = 24.31"]
    );
    let ucd = texts(&root, "#breakdown-ashdown tr[data-criterion='ess-ucd'] td");
    // Points available, three evaluators' scores, moderated score, points.
    assert_eq!(ucd, vec!["12", "3", "3", "2", "2.67 (mean)", "10.67"]);
    // Provisional marks where consensus is awaited.
    let root2 = results_of("gcloud-call-off").await;
    let status = texts(&root2, "#ranking tbody tr[data-bid='larchfield'] .status");
    assert!(status[0].starts_with("Provisional"), "{status:?}");
    assert_eq!(texts(&root2, ".banner--warning").len(), 1);
}

mod addresses {
    use bidmark::app::routes::{resolve, Route};
    use bidmark::workflow::Page;
    use wasm_bindgen_test::*;
    use yew_router::Routable;

    fn pages() -> Vec<Page> {
        let some = |s: &str| Some(s.to_string());
        vec![
            Page::TaskList,
            Page::Details,
            Page::Criteria,
            Page::Bids,
            Page::Evaluators,
            Page::Scoring {
                evaluator: None,
                bid: None,
            },
            Page::Scoring {
                evaluator: some("priya"),
                bid: None,
            },
            Page::Scoring {
                evaluator: some("priya"),
                bid: some("ashdown"),
            },
            Page::Moderation { bid: None },
            Page::Moderation {
                bid: some("fernhill"),
            },
            Page::Results,
            Page::Export,
            Page::Workshop,
            Page::Document { summary: None },
            Page::Document {
                summary: some("tidewell"),
            },
        ]
    }

    #[wasm_bindgen_test]
    fn an_address_in_a_lot_names_the_lot_first_and_leads_back_to_it() {
        use bidmark::app::routes::{path_in, split_lot};
        for page in pages() {
            let route = Route::of(&page);
            for lot in [None, Some("lot-2"), Some("lot 3/ä")] {
                let path = path_in(lot, &route);
                let (back, rest) = split_lot(&path);
                assert_eq!(back.as_deref(), lot, "{path}");
                assert_eq!(Route::recognize(&rest), Some(route.clone()), "{path}");
            }
        }
        assert_eq!(
            path_in(Some("lot-2"), &Route::Results),
            "/lot/lot-2/results"
        );
        assert_eq!(path_in(Some("lot-2"), &Route::Home), "/lot/lot-2");
        assert_eq!(
            split_lot("/lot/lot-2"),
            (Some("lot-2".to_string()), "/".to_string())
        );
        assert_eq!(split_lot("/results"), (None, "/results".to_string()));
    }

    #[wasm_bindgen_test]
    fn every_page_has_an_address_that_leads_back_to_it() {
        for page in pages() {
            let route = Route::of(&page);
            assert_eq!(route.page(), Some(page.clone()), "{route:?}");
            let path = route.to_path();
            assert_eq!(Route::recognize(&path), Some(route.clone()), "{path}");
        }
        // Addresses that show more of a page still show that page.
        let breakdown = Route::Breakdown {
            bid: "ashdown".into(),
        };
        assert_eq!(breakdown.page(), Some(Page::Results));
        assert_eq!(breakdown.to_path(), "/results/ashdown");
        assert_eq!(Route::Presenting.page(), Some(Page::Workshop));
        assert_eq!(Route::NotFound.page(), None);
        assert_eq!(Route::recognize("/no/such/page"), Some(Route::NotFound));
    }

    #[wasm_bindgen_test]
    fn ids_with_spaces_slashes_and_any_script_survive_the_address() {
        for id in ["kestrel moss", "a/b", "오픈 입찰", "100%", "x?y#z"] {
            let route = Route::ScoresheetAt {
                evaluator: id.into(),
                bid: id.into(),
            };
            let path = route.to_path();
            assert!(!path[1..].contains("//"), "{path}");
            assert_eq!(Route::recognize(&path), Some(route), "{path}");
        }
    }

    #[wasm_bindgen_test]
    fn an_address_for_something_not_there_leads_to_the_nearest_page_with_a_notice() {
        let sample = bidmark::samples::find("dos-outcomes").unwrap();
        let e = bidmark::load_str(sample.json).unwrap();
        let at = |route: Route| resolve(&route, Some(&e), "#/typed");
        // What exists is shown as it is.
        for route in [
            Route::Home,
            Route::ScoresheetAt {
                evaluator: "priya".into(),
                bid: "ashdown".into(),
            },
            Route::ModerationAt {
                bid: "tidewell".into(),
            },
            Route::Breakdown {
                bid: "fernhill".into(),
            },
            Route::Summary {
                bid: "ashdown".into(),
            },
            Route::Presenting,
        ] {
            let r = at(route.clone());
            assert_eq!((r.route, r.notice), (route, None));
        }
        let cases = [
            (
                Route::Breakdown { bid: "gone".into() },
                Route::Results,
                "There is no bid \"gone\"",
            ),
            (
                Route::ModerationAt { bid: "gone".into() },
                Route::Moderation,
                "There is no bid \"gone\"",
            ),
            (
                Route::Summary { bid: "gone".into() },
                Route::Export,
                "There is no bid \"gone\"",
            ),
            (
                Route::ScoresheetAt {
                    evaluator: "priya".into(),
                    bid: "gone".into(),
                },
                Route::Scoresheet {
                    evaluator: "priya".into(),
                },
                "There is no bid \"gone\"",
            ),
            (
                Route::ScoresheetAt {
                    evaluator: "nobody".into(),
                    bid: "ashdown".into(),
                },
                Route::Scoring,
                "There is no evaluator \"nobody\"",
            ),
            (Route::NotFound, Route::Home, "There is no page at #/typed"),
        ];
        for (asked, nearest, words) in cases {
            let r = at(asked.clone());
            assert_eq!(r.route, nearest, "{asked:?}");
            let notice = r.notice.unwrap_or_default();
            assert!(notice.contains(words), "{asked:?}: {notice}");
        }
        // Nothing open: every address but the start leads to the start, and says why.
        let r = resolve(&Route::Results, None, "#/results");
        assert_eq!(r.route, Route::Home);
        assert!(r
            .notice
            .unwrap()
            .contains("No evaluation is open in this browser"));
        assert_eq!(resolve(&Route::Home, None, "#/").notice, None);
    }
}

mod moderation;
