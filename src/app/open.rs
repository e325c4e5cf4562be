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
}

/// A file picker inside a drop zone. Reading is asynchronous; the reader is kept alive
/// until it calls back, and a second file simply replaces the first read.
#[function_component(FileOpener)]
pub fn file_opener(props: &FileOpenerProps) -> Html {
    let reader: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);
    let dragging = use_state(|| false);

    let read = {
        let reader = reader.clone();
        let dispatch = props.ondispatch.clone();
        Rc::new(move |file: web_sys::File| {
            let file = File::from(file);
            let name = file.name();
            let dispatch = dispatch.clone();
            let task = gloo::file::callbacks::read_as_bytes(&file, move |result| match result {
                Ok(bytes) => dispatch.emit(Action::OpenFile { name, bytes }),
                Err(e) => dispatch.emit(Action::FileUnreadable {
                    name,
                    reason: e.to_string(),
                }),
            });
            *reader.borrow_mut() = Some(task);
        })
    };

    let onchange = {
        let read = read.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read(file);
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
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                read(file);
            }
        })
    };
    let class = classes!("drop-zone", dragging.then_some("drop-zone--active"));
    html! {
        <div {class} {ondragover} {ondragleave} {ondrop}>
            <label class="button" for={props.id.clone()}>{ props.label.clone() }</label>
            <input class="visually-hidden-input" type="file" id={props.id.clone()} accept=".json,application/json" {onchange} />
            <span class="drop-zone__hint">{"or drop a file here"}</span>
        </div>
    }
}
