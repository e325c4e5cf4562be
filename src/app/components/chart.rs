//! The frame every chart shares: a figure whose SVG is an image with a title and a
//! description that a screen reader reads (the whole chart in words), a legend in text,
//! and, where one helps, the same figures as a table. Colour never carries meaning alone:
//! every bar also has its label or value in text.

use yew::prelude::*;

/// Colours of the series, in order; each mark also carries its series' name in text.
pub const PALETTE: [&str; 8] = [
    "#1e4f7a", "#00703c", "#b58800", "#6f2c91", "#b0211b", "#287c8e", "#505a5f", "#8a5a00",
];

/// The colour of series `k`.
pub fn colour(k: usize) -> &'static str {
    PALETTE[k % PALETTE.len()]
}

/// What frames a chart.
pub struct Chart {
    /// The figure's id.
    pub id: &'static str,
    /// Prefix of the title's and description's ids (`{name}-title`, `{name}-desc`).
    pub name: &'static str,
    pub title: &'static str,
    /// The whole chart in words.
    pub description: String,
    pub width: f64,
    pub height: f64,
    /// Names of the series, in palette order.
    pub legend: Vec<String>,
    /// The figures as a table, offered under the legend.
    pub table: Option<Html>,
}

impl Chart {
    /// The figure, with `marks` drawn in the SVG's coordinates. A plain function, not a
    /// component: it has no state, and each component costs the download its own copy
    /// of yew's machinery.
    pub fn draw(self, marks: Html) -> Html {
        let (title_id, desc_id) = (
            format!("{}-title", self.name),
            format!("{}-desc", self.name),
        );
        html! {
            <figure class="chart" id={self.id}>
                <svg role="img" aria-labelledby={format!("{title_id} {desc_id}")} viewBox={format!("0 0 {} {}", self.width, self.height)} class="chart__svg">
                    <title id={title_id}>{ self.title }</title>
                    <desc id={desc_id}>{ self.description }</desc>
                    { marks }
                </svg>
                <figcaption>
                    <ul class="chart__legend">
                        { for self.legend.iter().enumerate().map(|(k, name)| html! {
                            <li><svg class="chart__key" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill={colour(k)} /></svg>{ name }</li>
                        }) }
                    </ul>
                    if let Some(table) = self.table {
                        <details class="details">
                            <summary class="details__summary">{"The chart as a table"}</summary>
                            { table }
                        </details>
                    }
                </figcaption>
            </figure>
        }
    }
}
