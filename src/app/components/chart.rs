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

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// The figure's id.
    pub id: AttrValue,
    /// Prefix of the title's and description's ids (`{name}-title`, `{name}-desc`).
    pub name: AttrValue,
    pub title: AttrValue,
    /// The whole chart in words.
    pub description: AttrValue,
    pub width: f64,
    pub height: f64,
    /// Names of the series, in palette order.
    pub legend: Vec<String>,
    /// The figures as a table, offered under the legend.
    #[prop_or_default]
    pub table: Option<Html>,
    /// The marks themselves, in the SVG's coordinates.
    pub children: Html,
}

#[function_component(Chart)]
pub fn chart(props: &ChartProps) -> Html {
    let (title_id, desc_id) = (
        format!("{}-title", props.name),
        format!("{}-desc", props.name),
    );
    html! {
        <figure class="chart" id={props.id.clone()}>
            <svg role="img" aria-labelledby={format!("{title_id} {desc_id}")} viewBox={format!("0 0 {} {}", props.width, props.height)} class="chart__svg">
                <title id={title_id}>{ &props.title }</title>
                <desc id={desc_id}>{ &props.description }</desc>
                { props.children.clone() }
            </svg>
            <figcaption>
                <ul class="chart__legend">
                    { for props.legend.iter().enumerate().map(|(k, name)| html! {
                        <li><svg class="chart__key" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill={colour(k)} /></svg>{ name }</li>
                    }) }
                </ul>
                if let Some(table) = &props.table {
                    <details class="details">
                        <summary class="details__summary">{"The chart as a table"}</summary>
                        { table.clone() }
                    </details>
                }
            </figcaption>
        </figure>
    }
}
