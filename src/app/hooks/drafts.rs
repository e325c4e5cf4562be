//! Text typed but not yet recorded (a consensus rationale being written) is kept in
//! this tab's sessionStorage, so that a reload in the middle of moderation loses none of
//! it. Keys are field ids within the evaluation.

fn store() -> Option<web_sys::Storage> {
    gloo::utils::window().session_storage().ok().flatten()
}

fn key(evaluation: Option<&str>, field: &str) -> String {
    format!("bidmark.draft.{}.{field}", evaluation.unwrap_or("-"))
}

pub fn get(evaluation: Option<&str>, field: &str) -> Option<String> {
    store()?.get_item(&key(evaluation, field)).ok()?
}

/// Keeps the text; losing a draft is never worse than not keeping it, so a refusal
/// is ignored (the autosave warning covers a full store).
pub fn set(evaluation: Option<&str>, field: &str, text: &str) {
    if let Some(s) = store() {
        let _ = s.set_item(&key(evaluation, field), text);
    }
}

pub fn clear(evaluation: Option<&str>, field: &str) {
    if let Some(s) = store() {
        let _ = s.remove_item(&key(evaluation, field));
    }
}
