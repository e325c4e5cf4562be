//! How far the evaluators agree, and how each of them scores compared with the panel:
//! figures for the moderation meeting.
//!
//! Nothing here takes part in an award, so plain `f64` is used throughout.
//!
//! - [`alpha`]: Krippendorff's alpha, the share of disagreement that is *not* down to
//!   chance. 1 means the evaluators gave every bid the same score; 0 means they agree
//!   no more than if they had scored at random; below 0 they disagree systematically.
//! - [`Reading`]: what a value of alpha means, in words for the panel, after
//!   Krippendorff's own guidance (0.800 and 0.667).
//! - [`calibration`]: alpha for each scored criterion and for all of them together,
//!   and for each evaluator how far they sit above or below the moderated scores and
//!   how often they are the one furthest from them.
//!
//! In a moderation meeting: a criterion with a low alpha is one where the panel read
//! the bids differently and its scores need discussing before they are relied on; an
//! evaluator with a large mean difference scores consistently harder (below 0) or more
//! generously (above 0) than the panel; one who is often the outlier reads the criteria
//! differently from the others. Neither says who is right.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::scoring::{Detail, Results, ScoredCell};

/// The level of measurement of the values: which differences between them count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Categories: any two different values disagree equally.
    Nominal,
    /// Ordered values (a descriptor scale): only the order counts, and two values
    /// differ more when many values were given between them.
    Ordinal,
    /// Evenly spaced values: the difference counts, squared.
    Interval,
    /// Values with a true zero: the difference relative to their sum counts.
    Ratio,
}

/// Krippendorff's alpha of `units`, by the coincidence-matrix method of K. Krippendorff,
/// "Computing Krippendorff's Alpha-Reliability" (2011, University of Pennsylvania,
/// scholarly commons asc_papers/43).
///
/// Each unit (here one cell: one bid on one criterion) holds the values the coders
/// gave it, in any order; a coder who did not score it is simply absent. Units with
/// fewer than 2 values cannot be paired and are ignored, as are values that are not
/// finite.
///
/// `None` when no unit has two values, or when the expected disagreement is 0: every
/// value given is the same, so there is no variation against which agreement could be
/// measured (perfect agreement and pure chance cannot be told apart). The UI should
/// then say "Not enough varied scores to measure agreement" ([`Reading::NotMeasurable`]),
/// never show it as perfect agreement.
pub fn alpha(units: &[Vec<f64>], level: Level) -> Option<f64> {
    // `+ 0.0` turns -0 into 0, so that they are one value.
    let units: Vec<Vec<f64>> = units
        .iter()
        .map(|u| {
            u.iter()
                .filter(|x| x.is_finite())
                .map(|x| x + 0.0)
                .collect()
        })
        .filter(|u: &Vec<f64>| u.len() >= 2)
        .collect();
    let mut values: Vec<f64> = units.iter().flatten().copied().collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let v = values.len();
    if v == 0 {
        return None;
    }
    let index = |x: f64| values.partition_point(|&y| y < x);

    // Coincidences: every ordered pair of values from different coders in a unit, each
    // unit weighing 1 / (m_u - 1) so that it contributes m_u pairable values in all.
    let mut o = vec![vec![0.0; v]; v];
    for u in &units {
        let weight = 1.0 / (u.len() - 1) as f64;
        let at: Vec<usize> = u.iter().map(|&x| index(x)).collect();
        for (i, &c) in at.iter().enumerate() {
            for (j, &k) in at.iter().enumerate() {
                if i != j {
                    o[c][k] += weight;
                }
            }
        }
    }
    let n_c: Vec<f64> = o.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = n_c.iter().sum();
    // Cumulative marginals, for the ordinal metric: below[r] = n_0 + ... + n_(r-1).
    let below: Vec<f64> = std::iter::once(0.0)
        .chain(n_c.iter().scan(0.0, |s, x| {
            *s += x;
            Some(*s)
        }))
        .collect();
    let delta2 = |c: usize, k: usize| -> f64 {
        let (a, b) = (values[c], values[k]);
        match level {
            Level::Nominal => f64::from(u8::from(c != k)),
            Level::Ordinal => {
                let (lo, hi) = (c.min(k), c.max(k));
                (below[hi + 1] - below[lo] - (n_c[c] + n_c[k]) / 2.0).powi(2)
            }
            Level::Interval => (a - b).powi(2),
            Level::Ratio if a + b == 0.0 => 0.0,
            Level::Ratio => ((a - b) / (a + b)).powi(2),
        }
    };
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..v {
        for k in 0..v {
            let d = delta2(c, k);
            observed += o[c][k] * d;
            expected += n_c[c] * n_c[k] * d;
        }
    }
    (expected > 0.0).then(|| 1.0 - (n - 1.0) * observed / expected)
}

/// What a value of alpha says, in Krippendorff's bands: data are relied on from 0.800,
/// only tentative conclusions are drawn from 0.667, and none below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// α ≥ 0.800.
    Good,
    /// 0.667 ≤ α < 0.800.
    Tentative,
    /// α < 0.667.
    Poor,
    /// No α: too few scores, or all of them the same.
    NotMeasurable,
}

impl Reading {
    pub fn of(alpha: Option<f64>) -> Reading {
        match alpha {
            None => Reading::NotMeasurable,
            Some(a) if a >= 0.8 => Reading::Good,
            Some(a) if a >= 0.667 => Reading::Tentative,
            Some(_) => Reading::Poor,
        }
    }

    /// The sentence the UI and the command line show.
    pub fn words(self) -> &'static str {
        match self {
            Reading::Good => "Evaluators agree well",
            Reading::Tentative => "Evaluators partly agree: discuss the scores that differ most",
            Reading::Poor => "Evaluators disagree: discuss the scores before relying on them",
            Reading::NotMeasurable => "Not enough varied scores to measure agreement",
        }
    }
}

impl std::fmt::Display for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.words())
    }
}

/// The words for a value of alpha: `Reading::of(alpha).words()`.
pub fn reading(alpha: Option<f64>) -> &'static str {
    Reading::of(alpha).words()
}

/// The agreement figures of [`calibration`].
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    /// In the order they are first seen in the results (the panel's order on the
    /// first cell each of them scored).
    pub evaluators: Vec<EvaluatorCalibration>,
    /// The scored criteria, in tree order.
    pub criteria: Vec<CriterionAgreement>,
    pub overall: OverallAgreement,
}

/// How one evaluator scores compared with the panel.
#[derive(Clone, Debug, PartialEq)]
pub struct EvaluatorCalibration {
    pub evaluator: String,
    /// Cells they scored (scores that count).
    pub cells: usize,
    /// The mean of their score minus the moderated score, in scale points, over the
    /// cells they scored that have a moderated score: above 0 they score more
    /// generously than the panel's result, below 0 harder. `None` without such cells.
    pub mean_difference: Option<f64>,
    /// Cells where they were the outlier (see [`calibration`]).
    pub outlier: usize,
    /// Cells with at least 3 scores and a moderated score that they scored: the cells
    /// where anyone can be the outlier.
    pub outlier_cells: usize,
}

/// Agreement on one scored criterion, from the raw scores of its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct CriterionAgreement {
    pub criterion: String,
    pub name: String,
    /// Alpha treating scale points as evenly spaced, as the mean and the points do.
    pub interval: Option<f64>,
    /// Alpha taking only the order of the scores into account; `None` unless the
    /// criterion uses a descriptor scale.
    pub ordinal: Option<f64>,
    /// Cells scored by at least two evaluators: the ones agreement is measured on.
    pub cells: usize,
}

impl CriterionAgreement {
    /// The alpha that suits the scale: ordinal for a descriptor scale, else interval.
    pub fn alpha(&self) -> Option<f64> {
        self.ordinal.or(self.interval)
    }
    pub fn reading(&self) -> Reading {
        Reading::of(self.alpha())
    }
}

/// Agreement over every cell of every scored criterion, on scores normalised to 0–1.
#[derive(Clone, Debug, PartialEq)]
pub struct OverallAgreement {
    pub interval: Option<f64>,
    /// Over the criteria that use a descriptor scale only; `None` if none does.
    pub ordinal: Option<f64>,
    /// Cells scored by at least two evaluators, over all criteria.
    pub cells: usize,
    /// Read from `interval`: the award averages and adds up scores as evenly spaced
    /// numbers, so that is the agreement on what the award is built from.
    pub reading: Reading,
}

/// Agreement and calibration figures of every scored cell of `results`.
/// `ordinal(criterion id)` says whether the criterion uses a descriptor scale, in which
/// case its ordinal alpha is reported as well.
///
/// - Each criterion's alpha is computed on its raw scores, one unit per bid.
/// - The overall alpha pools every cell of every criterion. As criteria may use
///   different scales, each score is first normalised to 0–1 as
///   `(score − scale_min) / (scale_max − scale_min)` (a criterion whose scale has no
///   width is left out); the overall ordinal alpha pools only the descriptor-scale
///   criteria, normalised the same way.
/// - **Outlier**: on a cell with at least 3 scores (and a moderated score), the
///   evaluator whose score is farthest from the moderated score, strictly farther than
///   every other evaluator on that cell. When two or more are equally far, nobody is.
/// - Excluded bids count like any other: agreement is about the scoring, not the award.
pub fn calibration(results: &Results, ordinal: impl Fn(&str) -> bool) -> Calibration {
    let mut evaluators: Vec<EvaluatorCalibration> = Vec::new();
    let mut differences: Vec<(f64, usize)> = Vec::new();
    let mut criteria = Vec::new();
    let (mut pooled, mut pooled_ordinal) = (Vec::new(), Vec::new());
    let tree = results.bids.first().map_or(&[][..], |b| &b.lines[..]);
    for (at, line) in tree.iter().enumerate() {
        if !matches!(line.detail, Detail::Scored(_)) {
            continue;
        }
        let cells: Vec<&ScoredCell> = results
            .bids
            .iter()
            .filter_map(|b| match b.lines.get(at).map(|l| &l.detail) {
                Some(Detail::Scored(cell)) => Some(cell),
                _ => None,
            })
            .collect();
        for cell in &cells {
            tally(cell, &mut evaluators, &mut differences);
        }
        let raw: Vec<Vec<f64>> = cells
            .iter()
            .map(|c| c.scores.iter().map(|(_, s)| f(*s)).collect())
            .collect();
        let normalised: Vec<Vec<f64>> = cells.iter().filter_map(|c| normalise(c)).collect();
        let is_ordinal = ordinal(&line.criterion);
        if is_ordinal {
            pooled_ordinal.extend(normalised.iter().cloned());
        }
        pooled.extend(normalised);
        criteria.push(CriterionAgreement {
            criterion: line.criterion.clone(),
            name: line.name.clone(),
            interval: alpha(&raw, Level::Interval),
            ordinal: is_ordinal.then(|| alpha(&raw, Level::Ordinal)).flatten(),
            cells: raw.iter().filter(|u| u.len() >= 2).count(),
        });
    }
    for (e, (sum, count)) in evaluators.iter_mut().zip(differences) {
        e.mean_difference = (count > 0).then(|| sum / count as f64);
    }
    let interval = alpha(&pooled, Level::Interval);
    Calibration {
        evaluators,
        overall: OverallAgreement {
            interval,
            ordinal: alpha(&pooled_ordinal, Level::Ordinal),
            cells: criteria.iter().map(|c| c.cells).sum(),
            reading: Reading::of(interval),
        },
        criteria,
    }
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// The cell's scores on 0–1, or `None` if its scale has no width.
fn normalise(cell: &ScoredCell) -> Option<Vec<f64>> {
    let (min, width) = (f(cell.scale_min), f(cell.scale_max - cell.scale_min));
    (width > 0.0).then(|| {
        cell.scores
            .iter()
            .map(|(_, s)| (f(*s) - min) / width)
            .collect()
    })
}

/// Adds one cell to each of its evaluators' figures; `differences` runs alongside
/// `evaluators` with the sum and number of their differences from the moderated score.
fn tally(
    cell: &ScoredCell,
    evaluators: &mut Vec<EvaluatorCalibration>,
    differences: &mut Vec<(f64, usize)>,
) {
    let moderated = cell.moderated.map(f);
    let mut farthest: Option<(usize, f64)> = None;
    let mut tied = false;
    let mut seen = Vec::with_capacity(cell.scores.len());
    for (id, score) in &cell.scores {
        let i = match evaluators.iter().position(|e| &e.evaluator == id) {
            Some(i) => i,
            None => {
                evaluators.push(EvaluatorCalibration {
                    evaluator: id.clone(),
                    cells: 0,
                    mean_difference: None,
                    outlier: 0,
                    outlier_cells: 0,
                });
                differences.push((0.0, 0));
                evaluators.len() - 1
            }
        };
        evaluators[i].cells += 1;
        seen.push(i);
        if let Some(m) = moderated {
            let d = f(*score) - m;
            differences[i].0 += d;
            differences[i].1 += 1;
            match farthest {
                Some((_, far)) if d.abs() < far => {}
                Some((_, far)) if d.abs() == far => tied = true,
                _ => {
                    farthest = Some((i, d.abs()));
                    tied = false;
                }
            }
        }
    }
    if moderated.is_some() && seen.len() >= 3 {
        for &i in &seen {
            evaluators[i].outlier_cells += 1;
        }
        if let (Some((i, _)), false) = (farthest, tied) {
            evaluators[i].outlier += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    /// The reliability data of Krippendorff (2011), "Computing Krippendorff's
    /// Alpha-Reliability", section C ("Nominal data, any number of observers, missing
    /// data"): 4 observers (A–D) × 12 units, one unit per column, `.` missing.
    ///
    /// ```text
    /// unit:   1  2  3  4  5  6  7  8  9 10 11 12
    /// Obs A:  1  2  3  3  2  1  4  1  2  .  .  .
    /// Obs B:  1  2  3  3  2  2  4  1  2  5  .  3
    /// Obs C:  .  3  3  3  2  3  4  2  2  5  1  .
    /// Obs D:  1  2  3  3  2  4  4  1  2  5  1  .
    /// ```
    fn paper() -> Vec<Vec<f64>> {
        let rows: [[u8; 12]; 4] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        (0..12)
            .map(|u| {
                rows.iter()
                    .filter(|r| r[u] != 0)
                    .map(|r| f64::from(r[u]))
                    .collect()
            })
            .collect()
    }

    fn round3(a: Option<f64>) -> f64 {
        (a.unwrap() * 1000.0).round() / 1000.0
    }

    #[test]
    fn agreement_matches_krippendorff_2011_worked_example() {
        // Published in Krippendorff (2011), sections C and D: nominal 0.743,
        // ordinal 0.815, interval 0.849, ratio 0.797.
        let units = paper();
        assert_eq!(round3(alpha(&units, Level::Nominal)), 0.743);
        assert_eq!(round3(alpha(&units, Level::Ordinal)), 0.815);
        assert_eq!(round3(alpha(&units, Level::Interval)), 0.849);
        assert_eq!(round3(alpha(&units, Level::Ratio)), 0.797);
        // Unit 12 has one value and is not pairable: dropping it changes nothing.
        assert_eq!(
            alpha(&units[..11], Level::Interval),
            alpha(&units, Level::Interval)
        );
    }

    #[test]
    fn two_raters_by_hand() {
        // Perfect agreement on varied values.
        let same = vec![vec![1.0, 1.0], vec![2.0, 2.0], vec![3.0, 3.0]];
        for level in [
            Level::Nominal,
            Level::Ordinal,
            Level::Interval,
            Level::Ratio,
        ] {
            assert!(close(alpha(&same, level), 1.0), "{level:?}");
        }
        // Units {0,0}, {0,1}, {1,1}: each weighs 1/(2-1) = 1.
        // o_00 = 2, o_01 = o_10 = 1, o_11 = 2; n_0 = n_1 = 3, n = 6.
        // Nominal: observed Σ o δ² = o_01 + o_10 = 2; expected Σ n_c n_k δ² = 2·3·3 = 18.
        // α = 1 − (6 − 1)·2/18 = 1 − 10/18 = 4/9.
        let units = vec![vec![0.0, 0.0], vec![0.0, 1.0], vec![1.0, 1.0]];
        assert!(close(alpha(&units, Level::Nominal), 4.0 / 9.0));
        // With two values interval δ² is 1 for the pair too: the same 4/9.
        assert!(close(alpha(&units, Level::Interval), 4.0 / 9.0));
        // Complete disagreement on two values, {0,1} and {1,0}: o_01 = o_10 = 2,
        // n_0 = n_1 = 2, n = 4; α = 1 − 3·4/(2·2·2) = −0.5.
        let apart = vec![vec![0.0, 1.0], vec![1.0, 0.0]];
        assert!(close(alpha(&apart, Level::Nominal), -0.5));
    }

    #[test]
    fn not_measurable_without_pairs_or_variation() {
        assert_eq!(alpha(&[], Level::Interval), None);
        assert_eq!(alpha(&[vec![1.0], vec![2.0]], Level::Interval), None);
        // Everyone gave every bid 2: agreement cannot be told from chance.
        let flat = vec![vec![2.0, 2.0, 2.0], vec![2.0, 2.0]];
        for level in [
            Level::Nominal,
            Level::Ordinal,
            Level::Interval,
            Level::Ratio,
        ] {
            assert_eq!(alpha(&flat, level), None, "{level:?}");
        }
        // -0 and 0 are one value.
        assert_eq!(alpha(&[vec![0.0, -0.0]], Level::Interval), None);
    }

    #[test]
    fn readings_follow_krippendorffs_bands() {
        assert_eq!(Reading::of(Some(1.0)), Reading::Good);
        assert_eq!(Reading::of(Some(0.8)), Reading::Good);
        assert_eq!(Reading::of(Some(0.7999)), Reading::Tentative);
        assert_eq!(Reading::of(Some(0.667)), Reading::Tentative);
        assert_eq!(Reading::of(Some(0.6669)), Reading::Poor);
        assert_eq!(Reading::of(Some(-0.5)), Reading::Poor);
        assert_eq!(Reading::of(None), Reading::NotMeasurable);
        assert_eq!(reading(Some(0.9)), "Evaluators agree well");
        assert_eq!(
            reading(Some(0.7)),
            "Evaluators partly agree: discuss the scores that differ most"
        );
        assert_eq!(
            reading(Some(0.1)),
            "Evaluators disagree: discuss the scores before relying on them"
        );
        assert_eq!(
            Reading::NotMeasurable.to_string(),
            "Not enough varied scores to measure agreement"
        );
    }

    /// 3 evaluators, 2 bids, 1 criterion on the 0–3 scale, mean moderation; a minimum
    /// score of 2 excludes bid b, which still counts here.
    fn panel() -> Results {
        let text = serde_json::json!({
            "format": "bidmark/evaluation", "version": 1, "title": "t",
            "criteria": [{"id": "q", "name": "Quality", "kind": "scored", "weight": "100",
                          "min_score": "2"}],
            "moderation": {"method": "mean"},
            "bids": [{"id": "a", "supplier": "A"}, {"id": "b", "supplier": "B"}],
            "evaluators": [{"id": "e1", "name": "One"}, {"id": "e2", "name": "Two"},
                           {"id": "e3", "name": "Three"}],
            "scores": [
                {"evaluator": "e1", "bid": "a", "criterion": "q", "score": "3"},
                {"evaluator": "e2", "bid": "a", "criterion": "q", "score": "3"},
                {"evaluator": "e3", "bid": "a", "criterion": "q", "score": "2"},
                {"evaluator": "e1", "bid": "b", "criterion": "q", "score": "0"},
                {"evaluator": "e2", "bid": "b", "criterion": "q", "score": "1"},
                {"evaluator": "e3", "bid": "b", "criterion": "q", "score": "2"}
            ]
        });
        crate::scoring::score(&crate::load_str(&text.to_string()).unwrap())
    }

    #[test]
    fn calibration_by_hand() {
        let r = panel();
        assert!(r.bids.iter().any(|b| b.bid == "b" && b.excluded()));
        let c = calibration(&r, |_| true);

        // Bid a: 3, 3, 2, mean 8/3. Differences e1 +1/3, e2 +1/3, e3 −2/3: e3 is
        // strictly farthest, the outlier.
        // Bid b: 0, 1, 2, mean 1. Differences e1 −1, e2 0, e3 +1: e1 and e3 are
        // equally far, so nobody is the outlier.
        // Mean differences: e1 (1/3 − 1)/2 = −1/3, e2 (1/3 + 0)/2 = 1/6,
        // e3 (−2/3 + 1)/2 = 1/6 (they add up to 0, as they must under the mean).
        let ids: Vec<&str> = c.evaluators.iter().map(|e| e.evaluator.as_str()).collect();
        assert_eq!(ids, ["e1", "e2", "e3"]);
        for (e, mean, outlier) in [
            ("e1", -1.0 / 3.0, 0),
            ("e2", 1.0 / 6.0, 0),
            ("e3", 1.0 / 6.0, 1),
        ] {
            let x = c.evaluators.iter().find(|x| x.evaluator == e).unwrap();
            assert!(
                close(x.mean_difference, mean),
                "{e}: {:?}",
                x.mean_difference
            );
            assert_eq!(
                (x.cells, x.outlier, x.outlier_cells),
                (2, outlier, 2),
                "{e}"
            );
        }

        // Interval α. Units {3,3,2} and {0,1,2}, each weighing 1/(3 − 1) = 1/2.
        // Coincidences: o_33 = 1, o_23 = o_32 = 1; o_01 = o_02 = o_12 = 1/2 (and their
        // mirrors). n_0 = 1, n_1 = 1, n_2 = 2, n_3 = 2, n = 6.
        // Observed Σ o δ² = 2·(1·1 + ½·1 + ½·4 + ½·1) = 8.
        // Expected Σ n_c n_k δ² = 2·(1·1·1 + 1·2·4 + 1·2·9 + 1·2·1 + 1·2·4 + 2·2·1) = 82.
        // α = 1 − 5·8/82 = 21/41 ≈ 0.512.
        let q = &c.criteria[0];
        assert_eq!(
            (q.criterion.as_str(), q.name.as_str(), q.cells),
            ("q", "Quality", 2)
        );
        assert!(close(q.interval, 21.0 / 41.0));
        // Ordinal α: δ² over the ranks with n = 1, 1, 2, 2:
        // δ²_01 = (2 − 1)² = 1, δ²_02 = (4 − 1.5)² = 6.25, δ²_03 = (6 − 1.5)² = 20.25,
        // δ²_12 = (3 − 1.5)² = 2.25, δ²_13 = (5 − 1.5)² = 12.25, δ²_23 = (4 − 2)² = 4.
        // Observed 2·(1·4 + ½·1 + ½·6.25 + ½·2.25) = 17.5;
        // expected 2·(1 + 12.5 + 40.5 + 4.5 + 24.5 + 16) = 198.
        // α = 1 − 5·17.5/198 = 221/396 ≈ 0.558.
        assert!(close(q.ordinal, 221.0 / 396.0));
        assert_eq!(q.reading(), Reading::Poor);
        // One criterion on 0–3: normalising divides by 3, which interval α ignores.
        assert!(close(c.overall.interval, 21.0 / 41.0));
        assert!(close(c.overall.ordinal, 221.0 / 396.0));
        assert_eq!((c.overall.cells, c.overall.reading), (2, Reading::Poor));

        // Not a descriptor scale: no ordinal α.
        let c = calibration(&r, |_| false);
        assert_eq!((c.criteria[0].ordinal, c.overall.ordinal), (None, None));
        assert_eq!(c.criteria[0].alpha(), c.criteria[0].interval);
    }

    #[test]
    fn overall_pools_scores_normalised_to_their_scales() {
        // Criterion x on 0–3, y on 0–10; e2 leaves y of bid b unscored, so that cell
        // has one score: not pairable, and nobody can be its outlier.
        let text = serde_json::json!({
            "format": "bidmark/evaluation", "version": 1, "title": "t",
            "criteria": [
                {"id": "x", "name": "X", "kind": "scored", "weight": "50"},
                {"id": "y", "name": "Y", "kind": "scored", "weight": "50",
                 "scale": {"min": "0", "max": "10"}}
            ],
            "bids": [{"id": "a", "supplier": "A"}, {"id": "b", "supplier": "B"},
                     {"id": "c", "supplier": "C"}],
            "evaluators": [{"id": "e1", "name": "One"}, {"id": "e2", "name": "Two"}],
            "scores": [
                {"evaluator": "e1", "bid": "a", "criterion": "x", "score": "3"},
                {"evaluator": "e2", "bid": "a", "criterion": "x", "score": "2"},
                {"evaluator": "e1", "bid": "b", "criterion": "x", "score": "1"},
                {"evaluator": "e2", "bid": "b", "criterion": "x", "score": "1"},
                {"evaluator": "e1", "bid": "c", "criterion": "x", "score": "0"},
                {"evaluator": "e2", "bid": "c", "criterion": "x", "score": "1"},
                {"evaluator": "e1", "bid": "a", "criterion": "y", "score": "9"},
                {"evaluator": "e2", "bid": "a", "criterion": "y", "score": "7"},
                {"evaluator": "e1", "bid": "b", "criterion": "y", "score": "4"},
                {"evaluator": "e1", "bid": "c", "criterion": "y", "score": "2"},
                {"evaluator": "e2", "bid": "c", "criterion": "y", "score": "3"}
            ]
        });
        let r = crate::scoring::score(&crate::load_str(&text.to_string()).unwrap());
        let c = calibration(&r, |id| id == "x");
        let cells: Vec<(Vec<f64>, f64)> = r
            .bids
            .iter()
            .flat_map(|b| b.lines.iter())
            .filter_map(|l| match &l.detail {
                Detail::Scored(c) => Some((
                    c.scores.iter().map(|(_, s)| f(*s)).collect(),
                    f(c.scale_max),
                )),
                _ => None,
            })
            .collect();
        let norm: Vec<Vec<f64>> = cells
            .iter()
            .map(|(s, max)| s.iter().map(|x| x / max).collect())
            .collect();
        assert_eq!(c.overall.interval, alpha(&norm, Level::Interval));
        assert!(c.overall.interval.is_some());
        assert_eq!(c.overall.cells, 5);
        let ids: Vec<(&str, usize)> = c
            .criteria
            .iter()
            .map(|a| (&a.criterion[..], a.cells))
            .collect();
        assert_eq!(ids, [("x", 3), ("y", 2)]);
        assert!(c.criteria[1].ordinal.is_none() && c.criteria[0].ordinal.is_some());
        // Per criterion, raw scores: y's units {9,7}, {4}, {2,3}.
        let y = alpha(
            &[vec![9.0, 7.0], vec![4.0], vec![2.0, 3.0]],
            Level::Interval,
        );
        assert_eq!(c.criteria[1].interval, y);
        // Two scores a cell: no cell has an outlier.
        assert!(c.evaluators.iter().all(|e| e.outlier_cells == 0));
        assert_eq!(c.evaluators[0].cells, 6);
        assert_eq!(c.evaluators[1].cells, 5);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        const LEVELS: [Level; 4] = [
            Level::Nominal,
            Level::Ordinal,
            Level::Interval,
            Level::Ratio,
        ];

        /// 2–8 units of 2–5 small whole scores (0–10, like a scale).
        fn units() -> impl Strategy<Value = Vec<Vec<f64>>> {
            prop::collection::vec(prop::collection::vec(0u8..=10, 2..=5), 2..=8).prop_map(|u| {
                u.into_iter()
                    .map(|v| v.into_iter().map(f64::from).collect())
                    .collect()
            })
        }

        fn near(a: Option<f64>, b: Option<f64>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                (a, b) => a == b,
            }
        }

        proptest! {
            #[test]
            fn agreement_is_one_when_every_coder_agrees(
                values in prop::collection::vec((1u8..=10, 2usize..=5), 2..=8)
            ) {
                let units: Vec<Vec<f64>> =
                    values.iter().map(|&(v, m)| vec![f64::from(v); m]).collect();
                let varied = values.iter().any(|v| v.0 != values[0].0);
                for level in LEVELS {
                    let a = alpha(&units, level);
                    if varied {
                        prop_assert!(near(a, Some(1.0)), "{level:?}: {a:?}");
                    } else {
                        prop_assert_eq!(a, None);
                    }
                }
            }

            #[test]
            fn agreement_ignores_the_order_of_units_and_values(
                units in units(), seed in any::<u64>()
            ) {
                let mut shuffled = units.clone();
                let mut s = seed;
                let mut next = |n: usize| {
                    s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (s >> 33) as usize % n
                };
                for u in shuffled.iter_mut() {
                    for i in (1..u.len()).rev() {
                        u.swap(i, next(i + 1));
                    }
                }
                for i in (1..shuffled.len()).rev() {
                    let j = next(i + 1);
                    shuffled.swap(i, j);
                }
                for level in LEVELS {
                    prop_assert!(near(alpha(&units, level), alpha(&shuffled, level)), "{level:?}");
                }
            }

            #[test]
            fn interval_agreement_ignores_a_shift(units in units(), shift in -50i32..=50) {
                let moved: Vec<Vec<f64>> = units
                    .iter()
                    .map(|u| u.iter().map(|x| x + f64::from(shift)).collect())
                    .collect();
                prop_assert!(near(alpha(&units, Level::Interval), alpha(&moved, Level::Interval)));
            }
        }
    }
}
