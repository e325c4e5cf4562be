//! What the user does, as pure transitions: a [`Session`] changed only by [`Action`]s
//! through [`Session::apply`]. The app renders a session and dispatches actions; it
//! holds no rules of its own, so every rule here is tested natively.
//!
//! Every change to the evaluation appends an audit entry (when, who, what, before,
//! after) to the evaluation itself, so the log travels with the file.

mod edit;
mod exchange;
mod field;
mod progress;

use std::rc::Rc;

pub use crate::model::tree::scale_of;
pub use edit::{slug, Change, Edit, EditError, EligibilityText};
pub use exchange::{scoresheet_for, BidsMerge};
pub use field::Field;
pub use progress::{missing_by_bid, missing_work, work, Work};

use crate::model::{
    exchange::Scoresheet, load_bytes, load_draft, AuditEntry, Evaluation, LoadError, Problem,
    FORMAT, VERSION,
};
use crate::scoring::{reference, Grid, Line, Results};

/// The pages of an open evaluation (UX.md, "Shape of the app").
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Page {
    #[default]
    TaskList,
    Details,
    Criteria,
    Bids,
    Evaluators,
    /// Scoring, as one evaluator (chosen on the page), one bid at a time.
    Scoring {
        evaluator: Option<String>,
        bid: Option<String>,
    },
    Moderation {
        bid: Option<String>,
    },
    Results,
    /// Documents and files to take away.
    Export,
    /// What-if weights, charts and sensitivity, for facilitators (never saved).
    Workshop,
    /// The award report (`None`) or one supplier's assessment summary, as a page to print.
    Document {
        summary: Option<String>,
    },
}

/// Steps of undo or redo: the evaluation before a change, and what the change was.
pub type History = Rc<Vec<(Rc<Evaluation>, String)>>;

/// An evaluation that is open, its results when it can be scored, and its history.
#[derive(Clone, Debug, PartialEq)]
pub struct Open {
    /// What the pages show and edit: the evaluation, or, for a file with lots, the view
    /// of one lot ([`crate::model::lots`]), which reads as an evaluation without lots.
    pub evaluation: Rc<Evaluation>,
    /// The whole file, when it has lots; every edit of the view is merged back into it.
    pub whole: Option<Rc<Evaluation>>,
    /// The lot on screen, when the file has lots.
    pub lot: Option<String>,
    /// What stops the evaluation from being scored right now (a draft mid-edit).
    pub problems: Rc<Vec<Problem>>,
    /// Every bid's standing, without breakdowns ([`Open::lines`] gives one bid's);
    /// `None` while there are problems.
    pub results: Option<Rc<Results>>,
    /// The scores prepared for scoring, changed in place by each score edited; `None`
    /// while there are problems, or for numbers a grid cannot hold (then `results`
    /// comes from the reference engine, breakdowns included).
    grid: Option<Rc<Grid>>,
    /// Where it came from, in words: a file name or a sample's title.
    pub source: String,
    pub page: Page,
    /// Evaluations before each change, newest last, with what the change was. Shared,
    /// so that passing the open evaluation to a page copies no history.
    pub past: History,
    pub future: History,
    /// The key of the last change, so that typing in one field makes one step.
    last_key: Option<String>,
}

impl Open {
    pub fn new(evaluation: Evaluation, source: impl Into<String>) -> Self {
        let mut open = Open::unscored(evaluation, source);
        open.rescore();
        open
    }

    /// An evaluation that has just passed every rule (a file read by
    /// [`crate::load_bytes`]): scored without checking the rules a second time.
    pub fn valid(evaluation: Evaluation, source: impl Into<String>) -> Self {
        let mut open = Open::unscored(evaluation, source);
        open.prepare();
        open
    }

    /// On the task list, with no history and nothing computed yet.
    fn unscored(evaluation: Evaluation, source: impl Into<String>) -> Self {
        let mut open = Open {
            evaluation: Rc::new(evaluation),
            whole: None,
            lot: None,
            problems: Rc::new(Vec::new()),
            results: None,
            grid: None,
            source: source.into(),
            page: Page::TaskList,
            past: History::default(),
            future: History::default(),
            last_key: None,
        };
        let file = open.evaluation.clone();
        open.set_file(file, None);
        open
    }

    /// The whole file, as it is saved and exported.
    pub fn file(&self) -> Rc<Evaluation> {
        self.whole
            .clone()
            .unwrap_or_else(|| self.evaluation.clone())
    }

    /// Takes a whole file, showing the lot `lot` (else the lot shown before, else the
    /// first); nothing is scored.
    fn set_file(&mut self, file: Rc<Evaluation>, lot: Option<&str>) {
        if !file.has_lots() {
            self.whole = None;
            self.lot = None;
            self.evaluation = file;
            return;
        }
        let lot = lot
            .or(self.lot.as_deref())
            .filter(|l| file.lot(l).is_some())
            .unwrap_or(&file.lots[0].id)
            .to_string();
        let i = file.lots.iter().position(|l| l.id == lot).unwrap_or(0);
        self.evaluation = Rc::new(crate::model::lots::view(&file, i).evaluation);
        self.whole = Some(file);
        self.lot = Some(lot);
    }

    /// Takes an edited view of the lot on screen: merged into the whole file.
    fn set_view(&mut self, view: Evaluation) {
        match (&mut self.whole, &self.lot) {
            (Some(whole), Some(lot)) => {
                let file = Rc::make_mut(whole);
                if crate::model::lots::merge(file, lot, view.clone()) {
                    let i = file.lots.iter().position(|l| l.id == *lot).unwrap_or(0);
                    self.evaluation = Rc::new(crate::model::lots::view(file, i).evaluation);
                } else {
                    self.evaluation = Rc::new(view);
                }
            }
            _ => self.evaluation = Rc::new(view),
        }
    }

    /// Shows another lot of the file.
    pub fn show_lot(&mut self, lot: &str) {
        if self.lot.as_deref() == Some(lot) {
            return;
        }
        let file = self.file();
        self.set_file(file, Some(lot));
        self.rescore();
    }

    /// Every lot's results and the awards; `None` while there are problems.
    pub fn lotted(&self) -> Option<crate::scoring::lots::Lotted> {
        self.problems
            .is_empty()
            .then(|| crate::scoring::lots::score_lots(&self.file()))
    }

    /// Checks every rule (of the whole file), then scores the lot on screen afresh.
    fn rescore(&mut self) {
        let problems = crate::model::validate(&self.file());
        if problems.is_empty() {
            self.prepare();
        } else {
            self.grid = None;
            self.results = None;
        }
        self.problems = Rc::new(problems);
    }

    /// Scores an evaluation known to be valid: prepares its grid, then the standings.
    /// A panel with assignments, recusals or a fewest number of scores per cell is
    /// scored whole, by [`crate::scoring::score`], which applies those rules.
    fn prepare(&mut self) {
        let sectioned = self.evaluation.min_scores().is_some()
            || !crate::model::panel::Panel::new(&self.evaluation).is_open();
        if sectioned {
            self.grid = None;
            self.results = Some(Rc::new(crate::scoring::score(&self.evaluation)));
            return;
        }
        self.grid = Grid::new(&self.evaluation).map(Rc::new);
        let results = match &self.grid {
            Some(grid) => grid.results(),
            None => reference::score(&self.evaluation),
        };
        self.results = Some(Rc::new(results));
    }

    /// After an edit: a score, consensus or check of a valid evaluation changes one
    /// slot of the grid, and the standings are recomputed from it. The edit has checked
    /// everything it changed (the ids, the scale, a rationale), so the rules still hold
    /// and are not all checked again. Anything else is checked and scored afresh.
    fn refresh(&mut self, edit: &Edit) {
        if !self.problems.is_empty() || self.results.is_none() || !self.in_place(edit) {
            self.rescore();
        }
    }

    fn in_place(&mut self, edit: &Edit) -> bool {
        let e = self.evaluation.clone();
        let changed = match edit {
            // Justifications and completion change no figure.
            Edit::Note { .. } | Edit::Complete { .. } => return true,
            Edit::Score {
                evaluator,
                bid,
                criterion,
                score,
            } => self.change_grid(|g| g.set_score(bid, criterion, evaluator, score.map(|s| s.0))),
            Edit::Consensus {
                bid,
                criterion,
                agreed,
            } => self.change_grid(|g| {
                g.set_consensus(bid, criterion, agreed.as_ref().map(|(s, _)| s.0))
            }),
            Edit::Check { bid, criterion, .. } => {
                let check = e
                    .checks
                    .iter()
                    .find(|k| k.bid == *bid && k.criterion == *criterion)
                    .map(|k| (k.passed, k.note.clone()));
                self.change_grid(|g| g.set_check(bid, criterion, check))
            }
            _ => false,
        };
        if changed {
            if let Some(grid) = &self.grid {
                self.results = Some(Rc::new(grid.results()));
            }
        }
        changed
    }

    /// Changes the grid (a copy, if an earlier state still shares it).
    fn change_grid(&mut self, f: impl FnOnce(&mut Grid) -> bool) -> bool {
        self.grid.as_mut().is_some_and(|g| f(Rc::make_mut(g)))
    }

    /// One bid's breakdown: every criterion, with scores, moderation and points.
    pub fn lines(&self, bid: &str) -> Vec<Line> {
        let Some(results) = &self.results else {
            return Vec::new();
        };
        match &self.grid {
            Some(grid) => grid.lines(results, bid),
            None => results
                .bids
                .iter()
                .find(|b| b.bid == bid)
                .map(|b| b.lines.clone())
                .unwrap_or_default(),
        }
    }

    /// Every bid's standing and breakdown, for exports and documents; `None` while
    /// there are problems.
    pub fn full_results(&self) -> Option<Rc<Results>> {
        match (&self.grid, &self.results) {
            (Some(grid), Some(_)) => Some(Rc::new(grid.full())),
            (_, results) => results.clone(),
        }
    }

    /// Cells flagged for divergence without a consensus yet: of one bid, or of all.
    pub fn open_flags(&self, bid: Option<&str>) -> usize {
        match (&self.grid, &self.results) {
            (Some(grid), _) => grid.open_flags(bid),
            (None, Some(r)) => r
                .bids
                .iter()
                .filter(|b| bid.is_none_or(|id| b.bid == id))
                .flat_map(|b| b.lines.iter())
                .filter(|l| matches!(&l.detail, crate::scoring::Detail::Scored(c) if c.flagged && c.consensus.is_none()))
                .count(),
            (None, None) => 0,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}

/// A file that could not be opened, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Refused {
    pub source: String,
    pub problems: Vec<Problem>,
    /// The file parsed but breaks rules: it can still be opened as a draft to fix.
    pub draft: Option<Rc<Evaluation>>,
}

/// A question that needs an answer before anything changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Question {
    /// This evaluator's scores are already here: replace them with the sheet's?
    ReplaceScoresheet {
        sheet: Rc<Scoresheet>,
        existing: usize,
        source: String,
    },
    /// Bids to add or update, shown before they are merged.
    MergeBids {
        merge: Rc<BidsMerge>,
        source: String,
    },
    /// The criteria are locked: unlock them, with a reason?
    UnlockCriteria,
    /// Close the evaluation, removing it from this browser?
    Close,
}

/// Everything the app shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Session {
    pub open: Option<Open>,
    /// The last file that failed to open. Whatever was open before stays open.
    pub refused: Option<Refused>,
    /// The last edit that could not be made, and why. Nothing changed.
    pub error: Option<EditError>,
    /// A success message ("Scoresheet from Tom Okafor imported: 45 scores").
    pub notice: Option<String>,
    pub question: Option<Question>,
}

/// Who did something, and when: supplied by the app, so the reducer stays pure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// ISO 8601, UTC.
    pub at: String,
    pub who: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Open a file's bytes (from the file picker or a drop).
    OpenFile {
        name: String,
        bytes: Vec<u8>,
    },
    /// Open one of the bundled samples by its slug.
    OpenSample {
        slug: String,
    },
    /// Open the file last refused, problems and all, to fix it here.
    OpenDraft,
    /// Start a blank evaluation with a fresh id.
    NewBlank {
        id: String,
        stamp: Stamp,
    },
    /// Start a new evaluation from one of the framework templates, with a fresh id.
    NewFromTemplate {
        slug: String,
        id: String,
        stamp: Stamp,
    },
    /// Bring back the autosaved evaluation after a reload.
    Restore {
        json: String,
        source: String,
        page: Page,
    },
    /// A file larger than [`crate::model::MAX_FILE_BYTES`] was chosen: it is refused
    /// without being read.
    FileTooLarge {
        name: String,
        size: u64,
    },
    /// A file could not even be read (the browser refused it).
    FileUnreadable {
        name: String,
        reason: String,
    },
    DismissProblems,
    DismissNotice,
    Close,
    Go(Page),
    Edit {
        edit: Edit,
        stamp: Stamp,
    },
    Undo {
        stamp: Stamp,
    },
    Redo {
        stamp: Stamp,
    },
    ImportScoresheet {
        name: String,
        bytes: Vec<u8>,
        stamp: Stamp,
    },
    ImportBids {
        name: String,
        bytes: Vec<u8>,
    },
    AskUnlock,
    /// Ask before closing: closing removes the evaluation from this browser.
    AskClose,
    /// Yes to the open question (with a reason, for an unlock).
    Confirm {
        stamp: Stamp,
        reason: String,
    },
    /// No to the open question: nothing changes.
    Cancel,
    /// Show another lot of a file with lots (the page stays the same kind of page).
    ShowLot {
        lot: String,
    },
}

/// The id a file without one is known by: derived from its content, so that everyone
/// who opens the same file gets the same id and their scoresheets find their way back.
fn derived_id(e: &Evaluation) -> String {
    use sha2::{Digest, Sha256};
    let bytes =
        serde_json::to_vec(&(&e.title, &e.reference, &e.criteria, &e.bids)).unwrap_or_default();
    format!(
        "eval-{}",
        &crate::model::exchange::hex(&Sha256::digest(bytes))[..16]
    )
}

fn with_id(mut e: Evaluation) -> Evaluation {
    if e.id.is_none() {
        e.id = Some(derived_id(&e));
    }
    e
}

impl Session {
    /// The one way a session changes. Never panics; a bad file never replaces good state.
    pub fn apply(&self, action: Action) -> Session {
        let mut next = self.clone();
        next.error = None;
        if !matches!(action, Action::Go(_)) {
            next.notice = None;
        }
        match action {
            Action::OpenFile { name, bytes } => next.open_bytes(name, &bytes),
            Action::OpenSample { slug } => match crate::samples::find(&slug) {
                Some(sample) => next.open_bytes(sample.title.to_string(), sample.json.as_bytes()),
                None => {
                    next.refused = Some(Refused {
                        source: slug.clone(),
                        problems: vec![Problem::file(format!(
                            "There is no sample called \"{slug}\"."
                        ))],
                        draft: None,
                    })
                }
            },
            Action::OpenDraft => {
                if let Some(Refused {
                    draft: Some(d),
                    source,
                    ..
                }) = next.refused.take()
                {
                    let mut open = Open::new(with_id((*d).clone()), source);
                    open.page = Page::TaskList;
                    next.open = Some(open);
                    next.question = None;
                }
            }
            Action::NewBlank { id, stamp } => {
                let mut e = Evaluation {
                    format: FORMAT.to_string(),
                    version: VERSION,
                    id: Some(id),
                    title: "Untitled evaluation".to_string(),
                    reference: None,
                    currency: Some("GBP".to_string()),
                    scale: Some(crate::model::Scale::default()),
                    criteria: Vec::new(),
                    quality_threshold: None,
                    moderation: Some(crate::model::Moderation {
                        method: crate::model::Method::Mean,
                        divergence: None,
                        min_scores: None,
                    }),
                    rounding: None,
                    bids: Vec::new(),
                    evaluators: Vec::new(),
                    scores: Vec::new(),
                    consensus: Vec::new(),
                    checks: Vec::new(),
                    lots: Vec::new(),
                    award_limit: None,
                    ranking: None,
                    abnormally_low: None,
                    workflow: Default::default(),
                    extensions: None,
                    view_of: None,
                };
                e.workflow.audit.push(AuditEntry {
                    at: stamp.at,
                    who: stamp.who,
                    what: "Started a blank evaluation".into(),
                    before: None,
                    after: None,
                });
                let mut open = Open::new(e, "New evaluation");
                open.page = Page::Details;
                next.open = Some(open);
                next.refused = None;
                next.question = None;
            }
            Action::NewFromTemplate { slug, id, stamp } => next.new_from_template(&slug, id, stamp),
            Action::Restore { json, source, page } => {
                if let Ok((e, _)) = load_draft(&json) {
                    let mut open = Open::new(with_id(e), source);
                    open.page = page;
                    next.open = Some(open);
                }
            }
            Action::FileTooLarge { name, size } => {
                let problems = crate::model::check_size(size)
                    .err()
                    .map(|e| e.problems)
                    .unwrap_or_default();
                if !problems.is_empty() {
                    next.refused = Some(Refused {
                        source: name,
                        problems,
                        draft: None,
                    });
                }
            }
            Action::FileUnreadable { name, reason } => {
                next.refused = Some(Refused {
                    source: name,
                    problems: vec![Problem::file(format!(
                        "The browser could not read the file: {reason}. Try choosing it again."
                    ))],
                    draft: None,
                });
            }
            Action::DismissProblems => next.refused = None,
            Action::DismissNotice => next.notice = None,
            Action::Close => {
                next.open = None;
                next.refused = None;
                next.question = None;
            }
            Action::Go(page) => {
                if let Some(open) = next.open.as_mut() {
                    open.page = page;
                    open.last_key = None;
                }
                next.refused = None;
                next.question = None;
            }
            Action::Edit { edit, stamp } => next.edit(&edit, &stamp),
            Action::Undo { stamp } => next.step(true, &stamp),
            Action::Redo { stamp } => next.step(false, &stamp),
            Action::ImportScoresheet { name, bytes, stamp } => {
                next.import_scoresheet(name, &bytes, &stamp)
            }
            Action::ImportBids { name, bytes } => next.import_bids(name, &bytes),
            Action::AskUnlock => next.question = Some(Question::UnlockCriteria),
            Action::AskClose => next.question = Some(Question::Close),
            Action::Confirm { stamp, reason } => next.confirm(&stamp, reason),
            Action::Cancel => next.question = None,
            Action::ShowLot { lot } => {
                if let Some(open) = next.open.as_mut() {
                    open.show_lot(&lot);
                    open.last_key = None;
                    // A bid of another lot is not on this lot's pages.
                    open.page = match &open.page {
                        Page::Scoring { evaluator, .. } => Page::Scoring {
                            evaluator: evaluator.clone(),
                            bid: None,
                        },
                        Page::Moderation { .. } => Page::Moderation { bid: None },
                        Page::Document { .. } => Page::Export,
                        other => other.clone(),
                    };
                }
            }
        }
        next
    }

    /// Opens a template as a new evaluation on its details page, with its own title.
    fn new_from_template(&mut self, slug: &str, id: String, stamp: Stamp) {
        let found =
            crate::templates::find(slug).and_then(|t| Some((t.info()?, t.evaluation().ok()?)));
        let Some((info, mut e)) = found else {
            self.refused = Some(Refused {
                source: slug.to_string(),
                problems: vec![Problem::file(format!(
                    "There is no template called \"{slug}\"."
                ))],
                draft: None,
            });
            return;
        };
        e.id = Some(id);
        e.workflow.audit.push(AuditEntry {
            at: stamp.at,
            who: stamp.who,
            what: format!("Started from the template \"{}\"", info.name),
            before: None,
            after: None,
        });
        let mut open = Open::new(e, format!("Template: {}", info.name));
        open.page = Page::Details;
        self.open = Some(open);
        self.refused = None;
        self.question = None;
    }

    fn open_bytes(&mut self, name: String, bytes: &[u8]) {
        if let Err(LoadError { problems }) = crate::model::check_size(bytes.len() as u64) {
            self.refused = Some(Refused {
                source: name,
                problems,
                draft: None,
            });
            return;
        }
        if let Some(text) = std::str::from_utf8(bytes).ok().filter(|t| is_result(t)) {
            self.open_result(name, text);
            return;
        }
        match load_bytes(bytes) {
            Ok(e) => {
                self.open = Some(Open::valid(with_id(e), name));
                self.refused = None;
                self.question = None;
            }
            Err(LoadError { problems }) => {
                // Rule problems only: the file parsed, so it can be opened to fix.
                let draft = std::str::from_utf8(bytes)
                    .ok()
                    .and_then(|t| load_draft(t).ok())
                    .map(|(e, _)| Rc::new(e));
                self.refused = Some(Refused {
                    source: name,
                    problems,
                    draft,
                });
            }
        }
    }

    /// Applies an edit to the open evaluation, records it, and makes it one undo step.
    fn edit(&mut self, edit: &Edit, stamp: &Stamp) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if edit.whole_file() {
            match edit.apply(&open.file()) {
                Err(err) => self.error = Some(err),
                Ok((e, change)) => {
                    commit_file(open, e, change, stamp);
                    open.last_key = None;
                    open.rescore();
                }
            }
            return;
        }
        match edit.apply(&open.evaluation) {
            Err(err) => self.error = Some(err),
            Ok((e, change)) => {
                commit(open, e, change, stamp);
                open.refresh(edit);
            }
        }
    }

    fn step(&mut self, undo: bool, stamp: &Stamp) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let current = open.file();
        let (from, to) = if undo {
            (Rc::make_mut(&mut open.past), Rc::make_mut(&mut open.future))
        } else {
            (Rc::make_mut(&mut open.future), Rc::make_mut(&mut open.past))
        };
        let Some((target, what)) = from.pop() else {
            self.error = Some(EditError {
                field: None,
                message: format!(
                    "There is nothing to {}.",
                    if undo { "undo" } else { "redo" }
                ),
            });
            return;
        };
        to.push((current, what.clone()));
        // The content goes back; the audit log only grows.
        let mut e = (*target).clone();
        e.workflow.audit = open.evaluation.workflow.audit.clone();
        e.workflow.audit.push(AuditEntry {
            at: stamp.at.clone(),
            who: stamp.who.clone(),
            what: format!("{}: {what}", if undo { "Undid" } else { "Redid" }),
            before: None,
            after: None,
        });
        open.set_file(Rc::new(e), None);
        open.last_key = None;
        open.rescore();
        self.notice = Some(format!(
            "{}: {what}.",
            if undo { "Undone" } else { "Redone" }
        ));
    }

    fn confirm(&mut self, stamp: &Stamp, reason: String) {
        match self.question.take() {
            Some(Question::ReplaceScoresheet { sheet, source, .. }) => {
                self.merge_scoresheet(&sheet, source, stamp)
            }
            Some(Question::MergeBids { merge, source }) => {
                let Some(open) = self.open.as_mut() else {
                    return;
                };
                let mut e = (*open.evaluation).clone();
                merge.apply_to(&mut e);
                let change = Change {
                    what: format!("Imported bids from {source}: {}", merge.summary()),
                    before: Some(format!("{} bids", open.evaluation.bids.len())),
                    after: Some(format!("{} bids", e.bids.len())),
                    key: None,
                    also: None,
                    audited: true,
                };
                commit(open, e, change, stamp);
                open.rescore();
                self.notice = Some(format!("Bids imported from {source}: {}.", merge.summary()));
            }
            Some(Question::Close) => {
                self.open = None;
                self.refused = None;
            }
            Some(Question::UnlockCriteria) => {
                self.edit(&Edit::UnlockCriteria { reason }, stamp);
                // A refused unlock keeps its question open: the reason field is in it.
                if self.error.is_some() {
                    self.question = Some(Question::UnlockCriteria);
                }
            }
            None => {}
        }
    }
}

/// Whether a text is a result file (`"format": "bidmark/result"`), by its first field.
fn is_result(text: &str) -> bool {
    text.chars()
        .take(400)
        .collect::<String>()
        .contains("\"bidmark/result\"")
}

impl Session {
    /// A result file opens its evaluation only when every figure recomputes and the
    /// digest holds; otherwise the differences are listed and nothing is treated as verified.
    fn open_result(&mut self, name: String, text: &str) {
        match crate::award::result::verify(text) {
            Err(problems) => {
                self.refused = Some(Refused {
                    source: name,
                    problems,
                    draft: None,
                })
            }
            Ok(v) if v.holds() => {
                // A digest from an earlier canonical form holds too, with its note.
                let notes: String = v.notes.iter().map(|n| format!(" {n}")).collect();
                let mut open = Open::new(with_id(v.evaluation), name.clone());
                open.page = Page::Results;
                self.open = Some(open);
                self.refused = None;
                self.question = None;
                self.notice = Some(format!(
                    "Verified: every result in {name} recomputes from its own scores and weights, and its digest holds.{notes}"
                ));
            }
            Ok(v) => {
                let mut problems = vec![Problem::file(
                    "This result file does NOT verify: its figures or its digest do not match its own scores and weights. It may have been changed after it was exported. Do not rely on it.",
                )];
                problems.extend(v.differences.into_iter().take(20).map(Problem::file));
                self.refused = Some(Refused {
                    source: name,
                    problems,
                    draft: None,
                });
            }
        }
    }
}

/// Records an applied change: the undo step (unless it continues the last one) and the
/// audit entry (merged with the last one for the same field). The caller scores it.
fn commit(open: &mut Open, mut e: Evaluation, change: Change, stamp: &Stamp) {
    let continues = record(&mut e, &change, stamp, open.last_key.as_ref());
    remember(open, &change, continues);
    open.set_view(e);
}

/// [`commit`] for an edit of the whole file (lots, assignments, recusals, approvals).
fn commit_file(open: &mut Open, mut e: Evaluation, change: Change, stamp: &Stamp) {
    let continues = record(&mut e, &change, stamp, open.last_key.as_ref());
    remember(open, &change, continues);
    open.set_file(Rc::new(e), None);
}

/// The undo step, unless the change continues the last one.
fn remember(open: &mut Open, change: &Change, continues: bool) {
    if !continues {
        let file = open.file();
        let past = Rc::make_mut(&mut open.past);
        past.push((file, change.what.clone()));
        // Keep memory bounded on long sessions: the audit log keeps everything anyway.
        if past.len() > 200 {
            past.remove(0);
        }
    }
    open.future = History::default();
    open.last_key = change.key.clone();
}

/// Writes the change into the audit log; whether it continues the last change (typing
/// in one field: one entry, from the value before the first keystroke to now).
fn record(e: &mut Evaluation, change: &Change, stamp: &Stamp, last_key: Option<&String>) -> bool {
    let continues = change.key.is_some() && change.key.as_ref() == last_key;
    if !change.audited {
        return continues;
    }
    let audit = &mut e.workflow.audit;
    match audit.last_mut() {
        // Typing in one field: one entry, from the value before the first keystroke to now.
        Some(last) if continues && last.who == stamp.who => {
            last.at = stamp.at.clone();
            last.what = change.what.clone();
            last.after = change.after.clone();
        }
        _ => {
            audit.push(AuditEntry {
                at: stamp.at.clone(),
                who: stamp.who.clone(),
                what: change.what.clone(),
                before: change.before.clone(),
                after: change.after.clone(),
            });
            if let Some(also) = &change.also {
                audit.push(AuditEntry {
                    at: stamp.at.clone(),
                    who: stamp.who.clone(),
                    what: also.clone(),
                    before: None,
                    after: None,
                });
            }
        }
    }
    continues
}
