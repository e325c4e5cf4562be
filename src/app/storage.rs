//! Autosave: the whole evaluation and the page, in localStorage, after every change.
//! A failure (quota, private mode) is reported, never swallowed.

use serde::{Deserialize, Serialize};

use crate::workflow::{Action, Page, Session};

const KEY: &str = "bidmark.session.v1";

#[derive(Serialize, Deserialize)]
struct Saved {
    evaluation: String,
    source: String,
    page: String,
    #[serde(default)]
    evaluator: Option<String>,
    #[serde(default)]
    bid: Option<String>,
}

fn local_storage() -> Result<web_sys::Storage, String> {
    gloo::utils::window()
        .local_storage()
        .map_err(|_| "this browser does not allow storage for this page".to_string())?
        .ok_or_else(|| "this browser has no storage for this page".to_string())
}

/// Saves the session; `Err` says why the browser refused.
pub fn save(session: &Session) -> Result<(), String> {
    let storage = local_storage()?;
    let Some(open) = &session.open else {
        let _ = storage.remove_item(KEY);
        return Ok(());
    };
    let (page, evaluator, bid) = match &open.page {
        Page::TaskList => ("tasks", None, None),
        Page::Details => ("details", None, None),
        Page::Criteria => ("criteria", None, None),
        Page::Bids => ("bids", None, None),
        Page::Evaluators => ("evaluators", None, None),
        Page::Scoring { evaluator, bid } => ("scoring", evaluator.clone(), bid.clone()),
        Page::Moderation { bid } => ("moderation", None, bid.clone()),
        Page::Results => ("results", None, None),
        Page::Export => ("export", None, None),
        Page::Workshop => ("workshop", None, None),
        Page::Document { summary } => ("document", None, summary.clone()),
    };
    let saved = Saved {
        evaluation: open.evaluation.to_json(),
        source: open.source.clone(),
        page: page.to_string(),
        evaluator,
        bid,
    };
    let json = serde_json::to_string(&saved).map_err(|e| e.to_string())?;
    storage.set_item(KEY, &json).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" {
            "the browser's storage is full".to_string()
        } else {
            format!(
                "the browser refused to store it ({})",
                if name.is_empty() {
                    "unknown reason".into()
                } else {
                    name
                }
            )
        }
    })
}

/// The action that brings back what was autosaved, if anything was.
pub fn restore() -> Option<Action> {
    let json = local_storage().ok()?.get_item(KEY).ok()??;
    let saved: Saved = serde_json::from_str(&json).ok()?;
    let page = match saved.page.as_str() {
        "details" => Page::Details,
        "criteria" => Page::Criteria,
        "bids" => Page::Bids,
        "evaluators" => Page::Evaluators,
        "scoring" => Page::Scoring {
            evaluator: saved.evaluator,
            bid: saved.bid,
        },
        "moderation" => Page::Moderation { bid: saved.bid },
        "results" => Page::Results,
        "export" => Page::Export,
        "workshop" => Page::Workshop,
        "document" => Page::Document { summary: saved.bid },
        _ => Page::TaskList,
    };
    Some(Action::Restore {
        json: saved.evaluation,
        source: saved.source,
        page,
    })
}
