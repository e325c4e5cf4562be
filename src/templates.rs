//! Framework templates: evaluation files with criteria, scale and moderation but no
//! bids, evaluators or scores, kept as data in `templates/*.json`.
//!
//! Each file describes itself under `extensions["bidmark/template"]` (name, summary,
//! source, the framework's published weight ranges), so nothing about a template is
//! written twice. The extension travels with every evaluation started from a template,
//! which is how [`weight_warnings`] still knows the ranges after the file is saved.

use serde::Deserialize;

use crate::model::{load_str, Dec, Evaluation, LoadError};

/// The key under `extensions` that describes a template.
pub const EXTENSION: &str = "bidmark/template";

/// A bundled template file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    /// File stem: `dos-outcomes`.
    pub slug: &'static str,
    pub json: &'static str,
}

pub const TEMPLATES: &[Template] = &[
    Template {
        slug: "dos-outcomes",
        json: include_str!("../templates/dos-outcomes.json"),
    },
    Template {
        slug: "dos-specialists",
        json: include_str!("../templates/dos-specialists.json"),
    },
    Template {
        slug: "dos-user-research-participants",
        json: include_str!("../templates/dos-user-research-participants.json"),
    },
    Template {
        slug: "dos-lotted",
        json: include_str!("../templates/dos-lotted.json"),
    },
    Template {
        slug: "gcloud-call-off",
        json: include_str!("../templates/gcloud-call-off.json"),
    },
    Template {
        slug: "negotiated-80-20",
        json: include_str!("../templates/negotiated-80-20.json"),
    },
    Template {
        slug: "eligibility-pps-facility-services",
        json: include_str!("../templates/eligibility-pps-facility-services.json"),
    },
    Template {
        slug: "eligibility-mois-works",
        json: include_str!("../templates/eligibility-mois-works.json"),
    },
    Template {
        slug: "price-per-quality-point",
        json: include_str!("../templates/price-per-quality-point.json"),
    },
    Template {
        slug: "catering-price-components",
        json: include_str!("../templates/catering-price-components.json"),
    },
    Template {
        slug: "blank",
        json: include_str!("../templates/blank.json"),
    },
];

/// What a template says about itself, read from its `extensions`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TemplateInfo {
    #[serde(skip)]
    pub slug: String,
    pub name: String,
    pub summary: String,
    /// The citation, in words.
    pub source: String,
    /// Where the source can be read; shown as text, never fetched.
    #[serde(default)]
    pub source_url: Option<String>,
    /// How warnings name the framework: "the DOS framework".
    #[serde(default)]
    pub framework: Option<String>,
    #[serde(default)]
    pub weight_ranges: Vec<WeightRange>,
}

/// A framework's published range for one criterion's weight, in percent of its parent.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct WeightRange {
    pub criterion: String,
    pub min: Dec,
    pub max: Dec,
}

impl Template {
    /// The template as an evaluation, checked like any file.
    pub fn evaluation(&self) -> Result<Evaluation, LoadError> {
        load_str(self.json)
    }

    /// The template's description, or `None` when the file does not carry one.
    pub fn info(&self) -> Option<TemplateInfo> {
        let v: serde_json::Value = serde_json::from_str(self.json).ok()?;
        let mut info = read_info(v.get("extensions")?.get(EXTENSION)?)?;
        info.slug = self.slug.to_string();
        Some(info)
    }
}

fn read_info(v: &serde_json::Value) -> Option<TemplateInfo> {
    TemplateInfo::deserialize(v).ok()
}

/// Every bundled template's description, in the order they are offered.
pub fn templates() -> Vec<TemplateInfo> {
    TEMPLATES.iter().filter_map(Template::info).collect()
}

pub fn find(slug: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.slug == slug)
}

/// The template an evaluation was started from, when it still carries its description.
pub fn info_of(e: &Evaluation) -> Option<TemplateInfo> {
    read_info(e.extensions.as_ref()?.get(EXTENSION)?)
}

/// One plain-English warning per criterion whose weight lies outside the range its
/// template's framework publishes. Warnings only: nothing is refused.
pub fn weight_warnings(e: &Evaluation) -> Vec<String> {
    let Some(info) = info_of(e) else {
        return Vec::new();
    };
    let framework = info.framework.as_deref().unwrap_or("the template");
    info.weight_ranges
        .iter()
        .filter_map(|r| {
            let c = e.criterion(&r.criterion)?;
            let w = c.weight?.value();
            let (min, max) = (r.min.value(), r.max.value());
            if w >= min && w <= max {
                return None;
            }
            let allowed = if min == max {
                format!("{framework} sets {} %", min.normalize())
            } else {
                format!(
                    "{framework} allows {} to {} %",
                    min.normalize(),
                    max.normalize()
                )
            };
            Some(format!(
                "{} is weighted {} %; {allowed}.",
                c.name,
                w.normalize()
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate;
    use std::str::FromStr;

    fn set_weight(e: &mut Evaluation, id: &str, w: &str) {
        fn go(nodes: &mut [crate::model::Criterion], id: &str, w: Dec) {
            for n in nodes {
                if n.id == id {
                    n.weight = Some(w);
                }
                if let Some(ch) = n.children.as_mut() {
                    go(ch, id, w);
                }
            }
        }
        go(&mut e.criteria, id, Dec::from_str(w).unwrap());
    }

    #[test]
    fn every_template_loads_validates_and_is_empty() {
        assert_eq!(TEMPLATES.len(), 11);
        for t in TEMPLATES {
            let e = t
                .evaluation()
                .unwrap_or_else(|err| panic!("{}: {:?}", t.slug, err.problems));
            assert!(validate(&e).is_empty(), "{}", t.slug);
            assert!(
                e.bids.is_empty()
                    && e.evaluators.is_empty()
                    && e.scores.is_empty()
                    && e.consensus.is_empty()
                    && e.checks.is_empty()
                    && e.workflow.is_empty(),
                "{} carries panel data",
                t.slug
            );
            assert!(e.id.is_none(), "{} has an id", t.slug);
            assert_ne!(e.title.trim(), "", "{}", t.slug);
            // Scorable at once: results come out with no bids.
            assert!(crate::scoring::score(&e).bids.is_empty());
        }
    }

    #[test]
    fn every_template_describes_itself_and_cites_a_source() {
        let infos = templates();
        assert_eq!(infos.len(), TEMPLATES.len());
        for (t, info) in TEMPLATES.iter().zip(&infos) {
            assert_eq!(info.slug, t.slug);
            assert!(!info.name.trim().is_empty(), "{}", t.slug);
            assert!(!info.summary.trim().is_empty(), "{}", t.slug);
            assert!(!info.source.trim().is_empty(), "{}", t.slug);
            if let Some(url) = &info.source_url {
                // A few published guides are served over plain HTTP only: cited as they are.
                assert!(
                    url.starts_with("https://") || url.starts_with("http://"),
                    "{}: {url}",
                    t.slug
                );
            }
            if t.slug != "blank" {
                assert!(info.source_url.is_some(), "{} has no source URL", t.slug);
            }
            let e = t.evaluation().unwrap();
            assert_eq!(info_of(&e).map(|i| i.name), Some(info.name.clone()));
            for r in &info.weight_ranges {
                assert!(r.min <= r.max, "{}: {}", t.slug, r.criterion);
                assert!(
                    e.criterion(&r.criterion)
                        .is_some_and(|c| c.weight.is_some()),
                    "{}: the range names no weighted criterion \"{}\"",
                    t.slug,
                    r.criterion
                );
            }
        }
    }

    #[test]
    fn the_published_dos_ranges_are_carried() {
        let info = find("dos-outcomes").unwrap().info().unwrap();
        let ranges: Vec<_> = info
            .weight_ranges
            .iter()
            .map(|r| (r.criterion.as_str(), r.min.to_string(), r.max.to_string()))
            .collect();
        assert_eq!(
            ranges,
            [
                ("technical", "10".into(), "75".into()),
                ("cultural-fit", "5".into(), "20".into()),
                ("price", "20".into(), "85".into()),
            ]
        );
        let urp = find("dos-user-research-participants")
            .unwrap()
            .info()
            .unwrap();
        assert_eq!(urp.weight_ranges[1].criterion, "availability");
        assert!(find("gcloud-call-off")
            .unwrap()
            .info()
            .unwrap()
            .summary
            .contains("unconfirmed"));
        assert!(find("negotiated-80-20")
            .unwrap()
            .info()
            .unwrap()
            .source
            .contains("unconfirmed"));
        assert!(find("no-such-template").is_none());
    }

    #[test]
    fn no_warnings_inside_the_ranges_including_their_ends() {
        for t in TEMPLATES {
            assert_eq!(
                weight_warnings(&t.evaluation().unwrap()),
                Vec::<String>::new(),
                "{}",
                t.slug
            );
        }
        let mut e = find("dos-outcomes").unwrap().evaluation().unwrap();
        set_weight(&mut e, "technical", "75");
        set_weight(&mut e, "cultural-fit", "5");
        set_weight(&mut e, "price", "20");
        assert!(weight_warnings(&e).is_empty());
    }

    #[test]
    fn a_weight_outside_its_range_is_warned_about_in_words() {
        let mut e = find("dos-outcomes").unwrap().evaluation().unwrap();
        set_weight(&mut e, "technical", "80");
        set_weight(&mut e, "cultural-fit", "10");
        set_weight(&mut e, "price", "10");
        assert_eq!(
            weight_warnings(&e),
            [
                "Technical competence is weighted 80 %; the DOS framework allows 10 to 75 %.",
                "Price is weighted 10 %; the DOS framework allows 20 to 85 %.",
            ]
        );
        let mut k = find("negotiated-80-20").unwrap().evaluation().unwrap();
        set_weight(&mut k, "technical", "70.0");
        set_weight(&mut k, "price", "30");
        let w = weight_warnings(&k);
        assert_eq!(w.len(), 2);
        assert_eq!(
            w[0],
            "Technical evaluation is weighted 70 %; the usual 80:20 split (unconfirmed) sets 80 %."
        );
    }

    #[test]
    fn no_warnings_without_a_template_or_for_a_removed_criterion() {
        let mut e = find("dos-outcomes").unwrap().evaluation().unwrap();
        set_weight(&mut e, "technical", "90");
        e.extensions = None;
        assert!(weight_warnings(&e).is_empty());

        let mut e = find("dos-outcomes").unwrap().evaluation().unwrap();
        e.criteria.retain(|c| c.id != "cultural-fit");
        assert!(weight_warnings(&e).is_empty());

        let sample = crate::samples::find("dos-outcomes").unwrap().json;
        assert!(weight_warnings(&load_str(sample).unwrap()).is_empty());
    }
}
