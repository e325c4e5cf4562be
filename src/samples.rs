//! The evaluations bundled with Bidmark: the app offers them, and the tests use them.

/// A bundled evaluation file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    /// File stem, also used in links: `dos-outcomes`.
    pub slug: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub json: &'static str,
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        slug: "dos-outcomes",
        title: "Digital Outcomes: case management alpha",
        summary: "5 bids, 3 evaluators, the DOS 0 to 3 scale, mean moderation. One bid is excluded for scoring below 2 on an essential skill.",
        json: include_str!("../samples/dos-outcomes.json"),
    },
    Sample {
        slug: "gcloud-call-off",
        title: "G-Cloud call-off on quality and price",
        summary: "4 bids scored on quality and price with a pass/fail check and consensus moderation; one score still awaits consensus.",
        json: include_str!("../samples/gcloud-call-off.json"),
    },
    Sample {
        slug: "negotiated-80-20",
        title: "Negotiated contract, 80:20",
        summary: "Korean-style negotiated contract: five evaluators, trimmed mean, and an 85 % technical threshold.",
        json: include_str!("../samples/negotiated-80-20.json"),
    },
    Sample {
        slug: "korean-negotiated",
        title: "Negotiated contract with the ministry's price score",
        summary: "Korean negotiated contract (협상에 의한 계약): technical 80, price 20 scored against the estimated price of ₩500,000,000. One bid is below 80 % of it and earns the bonus; one falls below the 85 % technical threshold and is excluded.",
        json: include_str!("../samples/korean-negotiated.json"),
    },
    Sample {
        slug: "dos-lotted-outcomes",
        title: "Digital Outcomes in two lots: benefits advice service",
        summary: "A discovery lot and an alpha and beta lot, each with its own criteria. A panel of 5 scores blind, each member only their own sections; one recused from a bid. A supplier may win only one lot, so the supplier ranked first in both wins Lot 1 and Lot 2 goes to the next bid.",
        json: include_str!("../samples/dos-lotted-outcomes.json"),
    },
];

pub fn find(slug: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.slug == slug)
}
