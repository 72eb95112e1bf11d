//! The HTML form of the plot: the SVG inline in a page with no outside resources.

/// A page showing `svg` under `title`.
pub fn render(svg: &str, title: &str) -> String {
    let title = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>body {{ margin: 24px; font-family: sans-serif; background: #f9fafb; }} svg {{ background: #fff; border: 1px solid #e5e7eb; }}</style>\n</head>\n<body>\n{svg}</body>\n</html>\n"
    )
}
