//! Edits to the evaluation panel: evaluators joining, changing and leaving, and their
//! conflict-of-interest declarations.

use super::{missing, optional, refuse, slug, Change, EditError};
use crate::model::{Declaration, Evaluation, Evaluator};
use crate::text;
use crate::workflow::Field;

pub(super) fn add(e: &mut Evaluation, name: &str, role: &str) -> Result<Change, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return refuse(Some(Field::NewEvaluatorName), "Enter the evaluator's name.");
    }
    let id = slug(name, &|c| e.evaluator(c).is_some());
    e.evaluators.push(Evaluator {
        id,
        name: name.to_string(),
        role: optional(role),
        declaration: None,
        assignment: None,
    });
    Ok(Change::new(format!("Added {name} to the panel")))
}

pub(super) fn update(
    e: &mut Evaluation,
    id: &str,
    name: &str,
    role: &str,
) -> Result<Change, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return refuse(
            Some(Field::EvaluatorName(id.to_string())),
            "Enter the evaluator's name.",
        );
    }
    let v = e
        .evaluators
        .iter_mut()
        .find(|v| v.id == id)
        .ok_or_else(|| missing("evaluator", id))?;
    let old = format!("{}, {}", v.name, v.role.clone().unwrap_or_default());
    v.name = name.to_string();
    v.role = optional(role);
    Ok(Change::new(format!("Changed the details of {name}"))
        .values(
            Some(old),
            Some(format!(
                "{}, {}",
                v.name,
                v.role.clone().unwrap_or_default()
            )),
        )
        .keyed(format!("evaluator:{id}")))
}

/// A declaration of no conflict, or of a conflict and how it is managed.
pub(super) fn declare(
    e: &mut Evaluation,
    id: &str,
    conflict: bool,
    detail: &str,
) -> Result<Change, EditError> {
    if conflict && detail.trim().is_empty() {
        return refuse(
            Some(Field::EvaluatorDetail(id.to_string())),
            "Describe the conflict of interest and how it is managed.",
        );
    }
    let v = e
        .evaluators
        .iter_mut()
        .find(|v| v.id == id)
        .ok_or_else(|| missing("evaluator", id))?;
    let (bids, suppliers) = v
        .declaration
        .take()
        .filter(|_| conflict)
        .map(|d| (d.bids, d.suppliers))
        .unwrap_or_default();
    v.declaration = Some(Declaration {
        conflict,
        detail: detail.trim().to_string(),
        bids,
        suppliers,
    });
    let words = if conflict {
        format!("a conflict of interest: {}", detail.trim())
    } else {
        "no conflict of interest".to_string()
    };
    Ok(Change::new(format!("{} declared {words}", v.name)).keyed(format!("declare:{id}")))
}

/// Only an evaluator who has given no score may leave: scores stay on file.
pub(super) fn remove(e: &mut Evaluation, id: &str) -> Result<Change, EditError> {
    let i = e
        .evaluators
        .iter()
        .position(|v| v.id == id)
        .ok_or_else(|| missing("evaluator", id))?;
    let n = e.scores.iter().filter(|s| s.evaluator == id).count();
    if n > 0 {
        return refuse(None, format!("{} has given {}. Their scores must be kept on file, so they cannot be removed from the panel.", e.evaluators[i].name, text::count(n, "score", "scores")));
    }
    let v = e.evaluators.remove(i);
    e.workflow.complete.retain(|c| c != id);
    Ok(Change::new(format!("Removed {} from the panel", v.name)))
}
