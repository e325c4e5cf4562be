//! Opening a file: a file picker and a drop zone, both read in the browser only.
//!
//! A file over [`MAX_FILE_BYTES`] is refused from its size alone, before a byte is read.
//! A large file is read in slices with a progress bar, and the page says it is checking
//! the file before the (synchronous) check starts, so the browser never looks frozen.

use std::rc::Rc;

use gloo_file::{Blob, File};
use yew::prelude::*;

use crate::model::{megabytes, MAX_FILE_BYTES};
use crate::workflow::Action;

/// Files from this size up are read in slices with progress shown.
const SHOW_PROGRESS_FROM: u64 = 2 * 1024 * 1024;
/// A large file is read in this many slices: enough for the progress to move, few
/// enough that waiting between slices costs little (each waits for the browser).
const SLICES: u64 = 4;

#[derive(Properties, PartialEq)]
pub struct FileOpenerProps {
    pub ondispatch: Callback<Action>,
    /// Label of the button.
    #[prop_or(AttrValue::Static("Choose an evaluation file"))]
    pub label: AttrValue,
    /// The id of the file input, so that labels and error links can point at it.
    #[prop_or(AttrValue::Static("evaluation-file"))]
    pub id: AttrValue,
    /// What to do with each file read (name, bytes); by default, open it as an evaluation.
    #[prop_or_default]
    pub onfile: Option<Callback<(String, Vec<u8>)>>,
    /// Accept several files at once (scoresheets from the whole panel).
    #[prop_or_default]
    pub multiple: bool,
}

/// Where reading a large file has got to.
#[derive(Clone, PartialEq)]
struct Progress {
    name: String,
    read: u64,
    size: u64,
    /// Every byte is read; the file is being checked.
    checking: bool,
}

/// Reads one file, in slices when it is large, reporting progress as it goes.
/// `None` when a newer choice of files has replaced this one.
async fn read_file(
    file: &File,
    progress: &UseStateHandle<Option<Progress>>,
    current: impl Fn() -> bool,
) -> Option<Result<Vec<u8>, String>> {
    let size = file.size();
    if size < SHOW_PROGRESS_FROM {
        let bytes = gloo_file::futures::read_as_bytes(file).await;
        return current().then(|| bytes.map_err(|e| e.to_string()));
    }
    let name = file.name();
    let blob: &Blob = file;
    let slice_size = size.div_ceil(SLICES);
    let mut bytes = Vec::with_capacity(size as usize);
    while (bytes.len() as u64) < size {
        let start = bytes.len() as u64;
        progress.set(Some(Progress {
            name: name.clone(),
            read: start,
            size,
            checking: false,
        }));
        let slice = blob.slice(start, (start + slice_size).min(size));
        match gloo_file::futures::read_as_bytes(&slice).await {
            Ok(part) if !part.is_empty() => bytes.extend_from_slice(&part),
            Ok(_) => return Some(Err("the file ended before its stated size".into())),
            Err(e) => return Some(Err(e.to_string())),
        }
        if !current() {
            return None;
        }
    }
    progress.set(Some(Progress {
        name,
        read: size,
        size,
        checking: true,
    }));
    // Let the browser paint "Checking" before the check holds the page (a frame).
    gloo_timers::future::TimeoutFuture::new(20).await;
    current().then_some(Ok(bytes))
}

/// A file picker inside a drop zone. Reading is asynchronous; a new choice of files
/// replaces a batch still being read.
#[function_component(FileOpener)]
pub fn file_opener(props: &FileOpenerProps) -> Html {
    let dragging = use_state(|| false);
    let progress = use_state(|| None::<Progress>);
    // Counts choices of files, so that a batch still reading knows it was replaced.
    let batch = use_mut_ref(|| 0u32);

    let read = {
        let dispatch = props.ondispatch.clone();
        let onfile = props.onfile.clone();
        let progress = progress.clone();
        let batch = batch.clone();
        Rc::new(move |files: web_sys::FileList| {
            let this = {
                let mut n = batch.borrow_mut();
                *n = n.wrapping_add(1);
                *n
            };
            let files: Vec<File> = (0..files.length())
                .filter_map(|i| files.get(i))
                .map(File::from)
                .collect();
            let dispatch = dispatch.clone();
            let onfile = onfile.clone();
            let progress = progress.clone();
            let batch = batch.clone();
            yew::platform::spawn_local(async move {
                let current = || *batch.borrow() == this;
                for file in files {
                    let name = file.name();
                    if file.size() > MAX_FILE_BYTES {
                        dispatch.emit(Action::FileTooLarge {
                            name,
                            size: file.size(),
                        });
                        continue;
                    }
                    let Some(result) = read_file(&file, &progress, current).await else {
                        return;
                    };
                    progress.set(None);
                    match (result, &onfile) {
                        (Ok(bytes), Some(f)) => f.emit((name, bytes)),
                        (Ok(bytes), None) => dispatch.emit(Action::OpenFile { name, bytes }),
                        (Err(reason), _) => dispatch.emit(Action::FileUnreadable { name, reason }),
                    }
                }
            });
        })
    };

    let onchange = {
        let read = read.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(files) = input.files() {
                read(files);
            }
            // Choosing the same file again must open it again.
            input.set_value("");
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                read(files);
            }
        })
    };
    let class = classes!("drop-zone", dragging.then_some("drop-zone--active"));
    let status = progress.as_ref().map(|p| {
        let words = if p.checking {
            format!("Checking {} ({})…", p.name, megabytes(p.size))
        } else {
            format!(
                "Reading {}: {} of {}",
                p.name,
                megabytes(p.read),
                megabytes(p.size)
            )
        };
        html! {
            <div class="file-progress">
                <progress max={p.size.to_string()} value={p.read.to_string()} aria-hidden="true"></progress>
                <span>{ words }</span>
            </div>
        }
    });
    html! {
        <div {class} {ondragover} {ondragleave} {ondrop}>
            <label class="button" for={props.id.clone()}>{ props.label.clone() }</label>
            <input class="visually-hidden-input" type="file" id={props.id.clone()} accept=".json,application/json" multiple={props.multiple} {onchange} />
            <span class="drop-zone__hint">{ if props.multiple { "or drop files here" } else { "or drop a file here" } }</span>
            <div class="file-progress__status" role="status" id={format!("{}-progress", props.id)}>{ for status }</div>
        </div>
    }
}
