//! Autosave: the whole evaluation and the page, in localStorage, after every change.
//! A failure (quota, private mode) is reported, never swallowed.
//!
//! Saving a large evaluation takes longer than a frame, so it does not happen in the
//! frame that shows a change: [`save_soon`] saves a moment after it (a burst of clicks
//! makes one save), and [`save_pending`] saves at once when the page is
//! left or hidden, so that a reload or a closed tab loses nothing.
//!
//! Two tabs of one browser share one store. So that neither silently overwrites the
//! other's work, every save carries a *head*: which tab wrote it and a revision that
//! grows with every change to the evaluation. A tab writes only over a revision it has
//! seen (restored or written itself); otherwise it stops saving and says the other tab
//! holds newer work, until the person chooses which work to keep. Tabs also announce
//! themselves when they open an evaluation, so both know at once that it is open twice.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::workflow::{Action, Page, Session};

const KEY: &str = "bidmark.session.v1";
/// Who wrote [`KEY`] last, and at which revision; small, so it is cheap to read first.
pub const HEAD_KEY: &str = "bidmark.session.v1.head";
/// Announcements between tabs ("I have opened evaluation X"); only its change events matter.
pub const PRESENCE_KEY: &str = "bidmark.presence.v1";

#[derive(Serialize, Deserialize)]
struct Saved {
    evaluation: String,
    source: String,
    page: String,
    #[serde(default)]
    evaluator: Option<String>,
    #[serde(default)]
    bid: Option<String>,
    /// The lot on screen, in a file with lots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lot: Option<String>,
}

/// How long after the last change the work is saved.
const PAUSE_MS: u32 = 300;

/// What became of a save, for the page to say.
pub type Report = Rc<dyn Fn(Result<bool, NotSaved>)>;

thread_local! {
    /// The latest state not yet saved, and whom to tell how its save went.
    static PENDING: RefCell<Option<(Session, Report)>> = const { RefCell::new(None) };
}

/// Saves `session` [`PAUSE_MS`] after the first change not yet saved. Changes in the
/// meantime replace what will be saved but do not put the save off, so work that never
/// pauses is still saved every [`PAUSE_MS`].
pub fn save_soon(session: Session, report: Report) {
    let waiting = PENDING.with(|p| p.borrow_mut().replace((session, report)).is_some());
    if !waiting {
        yew::platform::spawn_local(async {
            gloo_timers::future::TimeoutFuture::new(PAUSE_MS).await;
            save_pending();
        });
    }
}

/// Saves the change waiting to be saved, if there is one, now.
pub fn save_pending() {
    if let Some((session, report)) = PENDING.with(|p| p.borrow_mut().take()) {
        report(save(&session));
    }
}

/// Who saved last.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub tab: String,
    /// Grows by one with every change to the evaluation (not with moving between pages).
    pub revision: u64,
    /// When it was saved, ISO 8601.
    pub at: String,
    /// The evaluation's id and title, to name it.
    pub id: Option<String>,
    pub title: String,
}

/// A tab saying it has an evaluation open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    pub tab: String,
    pub id: Option<String>,
    pub at: String,
    /// An answer to another tab's announcement (answers are not answered).
    pub reply: bool,
    /// Makes every announcement a change, so that other tabs hear it.
    pub nonce: String,
}

/// What this tab knows of the store.
struct Tab {
    id: String,
    /// The revision this tab last restored or wrote.
    known: Option<u64>,
    /// The evaluation JSON last written or restored, to tell a change from a page move.
    written: Option<String>,
}

thread_local! {
    static TAB: RefCell<Tab> = RefCell::new(Tab {
        id: format!("tab-{:08x}{:08x}", random_u32(), random_u32()),
        known: None,
        written: None,
    });
}

fn random_u32() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

/// This tab's id (new at every page load).
pub fn tab_id() -> String {
    TAB.with(|t| t.borrow().id.clone())
}

/// Why the work was not saved.
#[derive(Clone, Debug, PartialEq)]
pub enum NotSaved {
    /// The browser refused (quota, private mode), in words.
    Refused(String),
    /// Another tab saved work this tab has not seen; writing would replace it.
    OtherTab(Head),
}

fn local_storage() -> Result<web_sys::Storage, String> {
    gloo::utils::window()
        .local_storage()
        .map_err(|_| "this browser does not allow storage for this page".to_string())?
        .ok_or_else(|| "this browser has no storage for this page".to_string())
}

/// The head in the store, if any (and readable).
pub fn head() -> Option<Head> {
    let json = local_storage().ok()?.get_item(HEAD_KEY).ok()??;
    serde_json::from_str(&json).ok()
}

/// Parses a head or presence from a storage event's value.
pub fn parse<T: for<'a> Deserialize<'a>>(json: Option<String>) -> Option<T> {
    serde_json::from_str(&json?).ok()
}

/// Whether writing now would replace work from another tab that this tab has not seen.
fn unseen_work(head: &Option<Head>) -> Option<Head> {
    let head = head.as_ref()?;
    TAB.with(|t| {
        let t = t.borrow();
        (head.tab != t.id && Some(head.revision) != t.known).then(|| head.clone())
    })
}

/// Whether `head`, read from a storage event, holds work this tab has not seen.
pub fn is_newer(head: &Head) -> bool {
    unseen_work(&Some(head.clone())).is_some()
}

/// Saves the session, unless that would replace another tab's newer work. `Ok(true)`
/// when the evaluation itself changed (not only the page).
pub fn save(session: &Session) -> Result<bool, NotSaved> {
    let storage = local_storage().map_err(NotSaved::Refused)?;
    let head = head();
    if let Some(newer) = unseen_work(&head) {
        return Err(NotSaved::OtherTab(newer));
    }
    let Some(open) = &session.open else {
        // Closed here: the store is this tab's to clear.
        let _ = storage.remove_item(KEY);
        let _ = storage.remove_item(HEAD_KEY);
        TAB.with(|t| {
            let mut t = t.borrow_mut();
            t.known = None;
            t.written = None;
        });
        return Ok(false);
    };
    let (page, evaluator, bid) = page_words(&open.page);
    let evaluation = open.file().to_json();
    let changed = TAB.with(|t| t.borrow().written.as_deref() != Some(evaluation.as_str()));
    let revision = match (&head, changed) {
        (Some(h), false) => h.revision,
        (Some(h), true) => h.revision + 1,
        (None, _) => 1,
    };
    let saved = Saved {
        evaluation: evaluation.clone(),
        source: open.source.clone(),
        page: page.to_string(),
        evaluator,
        bid,
        lot: open.lot.clone(),
    };
    let json = serde_json::to_string(&saved).map_err(|e| NotSaved::Refused(e.to_string()))?;
    storage.set_item(KEY, &json).map_err(refusal)?;
    if changed || head.is_none() {
        let head = Head {
            tab: tab_id(),
            revision,
            at: crate::app::now_iso(),
            id: open.evaluation.id.clone(),
            title: open.evaluation.title.clone(),
        };
        let head = serde_json::to_string(&head).map_err(|e| NotSaved::Refused(e.to_string()))?;
        storage.set_item(HEAD_KEY, &head).map_err(refusal)?;
    }
    TAB.with(|t| {
        let mut t = t.borrow_mut();
        t.known = Some(revision);
        t.written = Some(evaluation);
    });
    Ok(changed)
}

/// Keep this tab's work: the next save replaces whatever another tab saved.
pub fn take_over() {
    let revision = head().map(|h| h.revision);
    TAB.with(|t| {
        let mut t = t.borrow_mut();
        t.known = revision;
        t.written = None;
    });
}

fn refusal(e: wasm_bindgen::JsValue) -> NotSaved {
    let name = js_sys::Reflect::get(&e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    NotSaved::Refused(if name == "QuotaExceededError" {
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
    })
}

fn page_words(page: &Page) -> (&'static str, Option<String>, Option<String>) {
    match page {
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
    }
}

/// The action that brings back what was autosaved, if anything was. This tab has then
/// seen the stored revision, and may save over it.
pub fn restore() -> Option<(Action, Option<String>)> {
    let json = local_storage().ok()?.get_item(KEY).ok()??;
    let saved: Saved = serde_json::from_str(&json).ok()?;
    let revision = head().map(|h| h.revision);
    TAB.with(|t| {
        let mut t = t.borrow_mut();
        t.known = revision;
        t.written = Some(saved.evaluation.clone());
    });
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
    Some((
        Action::Restore {
            json: saved.evaluation,
            source: saved.source,
            page,
        },
        saved.lot,
    ))
}

/// Tells other tabs this one has evaluation `id` open (or answers their announcement).
pub fn announce(id: Option<String>, reply: bool) {
    let Ok(storage) = local_storage() else { return };
    let presence = Presence {
        tab: tab_id(),
        id,
        at: crate::app::now_iso(),
        reply,
        nonce: format!("{:08x}", random_u32()),
    };
    if let Ok(json) = serde_json::to_string(&presence) {
        // An announcement that cannot be stored is only a missed warning.
        let _ = storage.set_item(PRESENCE_KEY, &json);
    }
}
