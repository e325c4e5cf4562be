//! What a buyer files and sends after an award: the verifiable result, the award
//! report and the assessment summaries. Pure functions of an evaluation, shared by the
//! app and the command line, so both produce the same documents.

pub mod canonical;
pub mod html;
pub mod report;
pub mod result;
