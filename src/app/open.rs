//! Opening a file: a file picker and a drop zone, both read in the browser only.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use gloo::file::File;
use yew::prelude::*;

use crate::workflow::Action;

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

/// A file picker inside a drop zone. Reading is asynchronous; the readers are kept alive
/// until they call back, and a new choice replaces the previous batch.
#[function_component(FileOpener)]
pub fn file_opener(props: &FileOpenerProps) -> Html {
    let readers: Rc<RefCell<Vec<FileReader>>> = use_mut_ref(Vec::new);
    let dragging = use_state(|| false);

    let read = {
        let readers = readers.clone();
        let dispatch = props.ondispatch.clone();
        let onfile = props.onfile.clone();
        Rc::new(move |files: web_sys::FileList| {
            // Readers must live until they call back; the previous batch is done or dropped.
            let mut live = readers.borrow_mut();
            live.clear();
            for i in 0..files.length() {
                let Some(file) = files.get(i) else { continue };
                let file = File::from(file);
                let name = file.name();
                let dispatch = dispatch.clone();
                let onfile = onfile.clone();
                live.push(gloo::file::callbacks::read_as_bytes(
                    &file,
                    move |result| match (result, onfile) {
                        (Ok(bytes), Some(f)) => f.emit((name, bytes)),
                        (Ok(bytes), None) => dispatch.emit(Action::OpenFile { name, bytes }),
                        (Err(e), _) => dispatch.emit(Action::FileUnreadable {
                            name,
                            reason: e.to_string(),
                        }),
                    },
                ));
            }
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
    html! {
        <div {class} {ondragover} {ondragleave} {ondrop}>
            <label class="button" for={props.id.clone()}>{ props.label.clone() }</label>
            <input class="visually-hidden-input" type="file" id={props.id.clone()} accept=".json,application/json" multiple={props.multiple} {onchange} />
            <span class="drop-zone__hint">{ if props.multiple { "or drop files here" } else { "or drop a file here" } }</span>
        </div>
    }
}
