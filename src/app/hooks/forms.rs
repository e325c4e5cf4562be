//! Hooks shared by the setup forms: clearing an add form once the list has grown, and
//! moving focus into an inline "Are you sure?" and back out of it.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::workflow::EditError;

/// Moves focus to the element with this id, if it is on the page.
pub fn focus_id(id: &str) {
    if let Some(el) = gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The current text of a form field, read when the form is sent (a field's change
/// event and the form's submission can arrive before the page has re-rendered).
pub fn field_value(node: &NodeRef) -> Option<String> {
    node.cast::<web_sys::HtmlInputElement>()
        .map(|input| input.value())
}

/// Remembers that an add was asked for, and clears the form once the list has grown.
/// A refused add (the list stays the same, with an error) leaves the fields as typed.
#[hook]
pub fn use_clear_after_add(
    len: usize,
    error: &Option<EditError>,
    clear: Callback<()>,
) -> Rc<RefCell<Option<usize>>> {
    let pending: Rc<RefCell<Option<usize>>> = use_mut_ref(|| None);
    {
        let pending = pending.clone();
        use_effect_with((len, error.clone()), move |(len, error)| {
            let waiting = *pending.borrow();
            if let Some(before) = waiting {
                if *len > before {
                    *pending.borrow_mut() = None;
                    clear.emit(());
                } else if error.is_some() {
                    *pending.borrow_mut() = None;
                }
            }
        });
    }
    pending
}

/// After an inline "Are you sure?" opens, focus moves to it; when it closes without
/// the thing being removed, focus goes back to the button that opened it.
#[hook]
pub fn use_confirm_focus(
    confirming: Option<String>,
    panel_id: &'static str,
    button_id: fn(&str) -> String,
) {
    let last: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    use_effect_with(confirming, move |now| {
        let before = last.borrow().clone();
        match (now, before) {
            (Some(_), _) => focus_id(panel_id),
            (None, Some(id)) => focus_id(&button_id(&id)),
            (None, None) => {}
        }
        *last.borrow_mut() = now.clone();
    });
}
