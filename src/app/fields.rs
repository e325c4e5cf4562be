//! The one place where a form field named by the workflow ([`Field`]) becomes the id of
//! its element in the page: the field is drawn with this id, its message is shown
//! beside it, and the error summary links to it.

use crate::workflow::{EditError, Field};

/// The element id of a field.
pub fn dom_id(field: &Field) -> String {
    match field {
        Field::Title => "title".into(),
        Field::Currency => "currency".into(),
        Field::ScaleMin => "scale-min".into(),
        Field::ScaleMax => "scale-max".into(),
        Field::Divergence => "divergence".into(),
        Field::Threshold => "threshold".into(),
        Field::RankingMethod => "ranking-method".into(),
        Field::PointValue => "point-value".into(),
        Field::Places => "places".into(),
        Field::UnlockReason => "unlock-reason".into(),
        Field::NewCriterionName => "new-criterion-name".into(),
        Field::NewCriterionKind => "new-criterion-kind".into(),
        Field::NewCriterionParent => "new-criterion-parent".into(),
        Field::CriterionName(id) => format!("criterion-{id}-name"),
        Field::CriterionWeight(id) => format!("criterion-{id}-weight"),
        Field::CriterionMinScore(id) => format!("criterion-{id}-min-score"),
        Field::CriterionLogBase(id) => format!("criterion-{id}-log-base"),
        Field::CriterionBoundFull(id) => format!("criterion-{id}-bound-full"),
        Field::CriterionBoundZero(id) => format!("criterion-{id}-bound-zero"),
        Field::CriterionBudget(id) => format!("criterion-{id}-budget"),
        Field::CriterionParam(id, name) => format!("criterion-{id}-{name}"),
        Field::NewBidSupplier => "new-bid-supplier".into(),
        Field::NewBidPrice => "new-bid-price".into(),
        Field::BidSupplier(id) => format!("bid-{id}-supplier"),
        Field::BidPrice(id) => format!("bid-{id}-price"),
        Field::BidFigure { bid, criterion } => format!("bid-{bid}-figure-{criterion}"),
        Field::NewEvaluatorName => "new-evaluator-name".into(),
        Field::NewEvaluatorRole => "new-evaluator-role".into(),
        Field::EvaluatorName(id) => format!("evaluator-{id}-name"),
        Field::EvaluatorRole(id) => format!("evaluator-{id}-role"),
        Field::EvaluatorDetail(id) => format!("evaluator-{id}-detail"),
        Field::Assignment(id) => format!("evaluator-{id}-assignment"),
        Field::Recusal(id) => format!("evaluator-{id}-recusal"),
        Field::NewLotName => "new-lot-name".into(),
        Field::LotName(id) => format!("lot-{id}-name"),
        Field::AwardLimit => "award-limit".into(),
        Field::MinScores => "min-scores".into(),
        Field::Approver => "approver".into(),
        Field::ApproverRole => "approver-role".into(),
        Field::ApprovalDate => "approval-date".into(),
        Field::ApprovalReason => "approval-reason".into(),
        Field::LowPercent => "low-percent".into(),
        Field::LowReferencePrice => "low-reference-price".into(),
        Field::LowMargin => "low-margin".into(),
        Field::LowMinBids => "low-min-bids".into(),
        Field::InvestigationReason(id) => format!("investigation-{id}-reason"),
        Field::InvestigationBy(id) => format!("investigation-{id}-by"),
        Field::InvestigationDate(id) => format!("investigation-{id}-date"),
        Field::Score { bid, criterion } => format!("score-{bid}-{criterion}"),
        Field::Note { bid, criterion } => format!("note-{bid}-{criterion}"),
        Field::Consensus { bid, criterion } => format!("consensus-{bid}-{criterion}"),
        Field::Rationale { bid, criterion } => format!("rationale-{bid}-{criterion}"),
    }
}

/// The message for a field, when the last refused change was about it.
pub fn error_for(error: &Option<EditError>, field: &Field) -> Option<String> {
    error
        .as_ref()
        .filter(|e| e.field.as_ref() == Some(field))
        .map(|e| e.message.clone())
}
