//! Files out of the browser: a Blob, an object URL and a click. Nothing leaves the machine.

use wasm_bindgen::JsCast;

use crate::model::Evaluation;

/// Offers `contents` as a download called `name`.
pub fn download(name: &str, mime: &str, contents: &str) -> Result<(), String> {
    offer(name, mime, &wasm_bindgen::JsValue::from_str(contents))
}

/// Offers bytes (a workbook) as a download called `name`.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    offer(name, mime, &js_sys::Uint8Array::from(bytes).into())
}

fn offer(name: &str, mime: &str, part: &wasm_bindgen::JsValue) -> Result<(), String> {
    let parts = js_sys::Array::of1(part);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not an anchor".to_string())?;
    a.set_href(&url);
    a.set_download(name);
    a.set_class_name("visually-hidden");
    let body = document.body().ok_or("no body")?;
    body.append_child(&a).map_err(|e| format!("{e:?}"))?;
    a.click();
    body.remove_child(&a).map_err(|e| format!("{e:?}"))?;
    // Revoke later: some browsers start the download after the click returns.
    let url_later = url.clone();
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url_later);
    })
    .forget();
    Ok(())
}

/// A file name that is safe on every system and says what it is:
/// `DOS6-2026-0042 evaluation 2026-11-25.json`.
pub fn file_name(e: &Evaluation, kind: &str, ext: &str) -> String {
    let base = e
        .reference
        .clone()
        .filter(|r| !r.trim().is_empty())
        .unwrap_or_else(|| e.title.clone());
    let date: String = super::now_iso().chars().take(10).collect();
    // A lot's view: its files say which lot they are of.
    let lot = e
        .view_of
        .as_deref()
        .map(|l| format!(" {l}"))
        .unwrap_or_default();
    crate::text::safe_file_name(&format!("{base}{lot} {kind} {date}"), ext)
}

/// "Save evaluation": the whole file, workflow and audit log included (never a lot's view).
pub fn save_evaluation(e: &Evaluation) {
    let _ = download(
        &file_name(e, "evaluation", "json"),
        "application/json",
        &e.to_json(),
    );
}
