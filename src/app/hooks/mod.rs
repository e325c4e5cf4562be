//! What the app keeps and listens for, as hooks, so that [`super::App`] itself only
//! lays out the page: the address and the page kept in step, autosave, the other tabs
//! of this browser, drafts of text not yet recorded, and the setup forms' focus.

pub mod addresses;
pub mod autosave;
pub mod drafts;
pub mod forms;
pub mod storage;
pub mod tabs;
