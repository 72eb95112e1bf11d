//! `mini gcplot FILE.jsonl -o plot.svg|plot.html`: draws a `-gclog` file.

mod html;
mod parse;
mod svg;

pub use parse::{parse_log, Collection, GcLog};

/// Renders the log in `text` as SVG, or as an HTML page when `html` is set.
pub fn render(text: &str, title: &str, html: bool) -> Result<String, String> {
    let log = parse_log(text)?;
    let svg = svg::render(&log, title);
    if html {
        return Ok(html::render(&svg, title));
    }
    Ok(svg)
}
