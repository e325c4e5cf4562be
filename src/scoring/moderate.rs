//! From the evaluators' individual scores to the one score a cell is worth.

use rust_decimal::Decimal;

use crate::model::Method;

/// How a moderated score was reached, so the UI and exports can say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The panel's agreed score.
    Consensus,
    Mean,
    Median,
    TrimmedMean,
    /// The method is consensus but none is recorded yet: the mean stands in, provisionally.
    ProvisionalMean,
    /// Nobody has scored this cell.
    NoScores,
}

impl Basis {
    pub fn words(self) -> &'static str {
        match self {
            Basis::Consensus => "consensus",
            Basis::Mean => "mean",
            Basis::Median => "median",
            Basis::TrimmedMean => "trimmed mean",
            Basis::ProvisionalMean => "mean, until consensus",
            Basis::NoScores => "not scored",
        }
    }
    pub fn is_provisional(self) -> bool {
        matches!(self, Basis::ProvisionalMean | Basis::NoScores)
    }
}

/// The moderated score of one cell, or `None` with [`Basis::NoScores`].
pub fn moderate(
    method: Method,
    consensus: Option<Decimal>,
    scores: &[Decimal],
) -> (Option<Decimal>, Basis) {
    if let Some(c) = consensus {
        return (Some(c), Basis::Consensus);
    }
    if scores.is_empty() {
        return (None, Basis::NoScores);
    }
    match method {
        Method::Mean => (Some(mean(scores)), Basis::Mean),
        Method::Consensus => (Some(mean(scores)), Basis::ProvisionalMean),
        Method::Median => (Some(median(scores)), Basis::Median),
        Method::TrimmedMean => (Some(trimmed_mean(scores)), Basis::TrimmedMean),
    }
}

pub fn mean(scores: &[Decimal]) -> Decimal {
    let sum: Decimal = scores.iter().sum();
    sum / Decimal::from(scores.len())
}

/// The middle score, or the mean of the two middle scores when their number is even.
pub fn median(scores: &[Decimal]) -> Decimal {
    let mut s = scores.to_vec();
    s.sort();
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / Decimal::TWO
    }
}

/// With three scores or more, drops one highest and one lowest, then takes the mean.
pub fn trimmed_mean(scores: &[Decimal]) -> Decimal {
    if scores.len() < 3 {
        return mean(scores);
    }
    let mut s = scores.to_vec();
    s.sort();
    mean(&s[1..s.len() - 1])
}

/// Highest minus lowest score: how far the evaluators are apart.
pub fn spread(scores: &[Decimal]) -> Option<Decimal> {
    let max = scores.iter().max()?;
    let min = scores.iter().min()?;
    Some(max - min)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|&x| Decimal::from(x)).collect()
    }

    #[test]
    fn mean_median_trimmed() {
        assert_eq!(mean(&ds(&[1, 2, 3, 3])), Decimal::new(225, 2));
        assert_eq!(median(&ds(&[3, 1, 2])), Decimal::from(2));
        assert_eq!(median(&ds(&[3, 1, 2, 2])), Decimal::from(2));
        assert_eq!(median(&ds(&[0, 1, 2, 3])), Decimal::new(15, 1));
        // 5 evaluators: drop 10 and 4, mean of 7, 8, 8.
        assert_eq!(
            trimmed_mean(&ds(&[8, 10, 4, 7, 8])),
            Decimal::new(23, 0) / Decimal::from(3)
        );
        // 3 evaluators: only the middle one stays.
        assert_eq!(trimmed_mean(&ds(&[0, 3, 1])), Decimal::ONE);
        // Fewer than 3: nothing to trim.
        assert_eq!(trimmed_mean(&ds(&[1, 2])), Decimal::new(15, 1));
        // Only one of two equal highest scores is dropped.
        assert_eq!(trimmed_mean(&ds(&[3, 3, 1, 2])), Decimal::new(25, 1));
    }

    #[test]
    fn consensus_wins_and_its_absence_is_provisional() {
        let s = ds(&[1, 3]);
        assert_eq!(
            moderate(Method::Mean, Some(Decimal::TWO), &s),
            (Some(Decimal::TWO), Basis::Consensus)
        );
        assert_eq!(
            moderate(Method::Consensus, None, &s),
            (Some(Decimal::TWO), Basis::ProvisionalMean)
        );
        assert_eq!(moderate(Method::Median, None, &[]), (None, Basis::NoScores));
        assert!(Basis::ProvisionalMean.is_provisional());
        assert!(!Basis::TrimmedMean.is_provisional());
    }

    #[test]
    fn spread_is_max_minus_min() {
        assert_eq!(spread(&ds(&[1, 3, 2])), Some(Decimal::TWO));
        assert_eq!(spread(&[]), None);
    }
}
