//! The fields of the forms an edit comes from, by name: a refused edit says which one is
//! at fault, so that the page can show the message beside it and the error summary can
//! link to it. The workflow knows what a field *is*; the app alone decides how it
//! appears in the page (its element id), in one place.

/// A form field an edit can be refused for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    // Evaluation details
    Title,
    Currency,
    ScaleMin,
    ScaleMax,
    Divergence,
    Threshold,
    /// What bids are ranked on, and the value of a quality point.
    RankingMethod,
    PointValue,
    Places,
    /// The reason given for unlocking the criteria.
    UnlockReason,
    // Criteria
    NewCriterionName,
    NewCriterionKind,
    NewCriterionParent,
    CriterionName(String),
    CriterionWeight(String),
    CriterionMinScore(String),
    /// A of a logarithmic price formula.
    CriterionLogBase(String),
    /// The between-bounds formula's price for the whole weight, and for no points.
    CriterionBoundFull(String),
    CriterionBoundZero(String),
    /// The price criterion's budget.
    CriterionBudget(String),
    /// A parameter of a Korean price score, by name: `estimated-price`, `reserve-price`,
    /// `reference-price`, `target`, `slope`, `floor`, `ratio-places`, `band-from`,
    /// `band-to`, `band-points`, `lower-limit`, `a-value`.
    CriterionParam(String, &'static str),
    // Bids
    NewBidSupplier,
    NewBidPrice,
    BidSupplier(String),
    BidPrice(String),
    /// A bid's figure for a measured criterion.
    BidFigure {
        bid: String,
        criterion: String,
    },
    // The panel
    NewEvaluatorName,
    NewEvaluatorRole,
    EvaluatorName(String),
    EvaluatorRole(String),
    /// The evaluator's conflict-of-interest declaration.
    EvaluatorDetail(String),
    /// What the evaluator scores.
    Assignment(String),
    /// The bids the evaluator stands down from.
    Recusal(String),
    // Lots and real-panel settings
    NewLotName,
    LotName(String),
    AwardLimit,
    MinScores,
    // The recorded award decision
    Approver,
    ApproverRole,
    ApprovalDate,
    ApprovalReason,
    // The abnormally low rule: how far below the base, the reference price, the margin
    // below the lowest other price, the fewest bids compared
    LowPercent,
    LowReferencePrice,
    LowMargin,
    LowMinBids,
    // The outcome of investigating an abnormally low bid, by bid
    InvestigationReason(String),
    InvestigationBy(String),
    InvestigationDate(String),
    // Scores and moderation, by bid and criterion
    Score {
        bid: String,
        criterion: String,
    },
    Note {
        bid: String,
        criterion: String,
    },
    Consensus {
        bid: String,
        criterion: String,
    },
    Rationale {
        bid: String,
        criterion: String,
    },
}

impl Field {
    /// The field of a cell (bid, criterion) of this kind.
    pub fn score(bid: &str, criterion: &str) -> Field {
        Field::Score {
            bid: bid.to_string(),
            criterion: criterion.to_string(),
        }
    }
    pub fn note(bid: &str, criterion: &str) -> Field {
        Field::Note {
            bid: bid.to_string(),
            criterion: criterion.to_string(),
        }
    }
    pub fn consensus(bid: &str, criterion: &str) -> Field {
        Field::Consensus {
            bid: bid.to_string(),
            criterion: criterion.to_string(),
        }
    }
    pub fn rationale(bid: &str, criterion: &str) -> Field {
        Field::Rationale {
            bid: bid.to_string(),
            criterion: criterion.to_string(),
        }
    }
}
