//! Markdown to HTML for every Markdown field and body: heading ids with anchor links, and
//! links between sources (`[Staff](staff.md#scope)`) rewritten to the target page's URL.
//!
//! Rewritten links start with [`ROOT_MARK`] instead of a real prefix, because one fragment
//! (a competency, say) is shown on pages at different depths; the page renderer swaps the
//! mark for that page's relative path to the site root. Unresolvable links are returned to the
//! caller, which reports them with their file position: this module reads no files.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::{HashMap, HashSet};

/// Placeholder for "the site root, relative to the page being rendered". It only ever appears
/// at the start of an `href` attribute value.
pub(crate) const ROOT_MARK: &str = "rungs-root:/";

/// Maps a source's path relative to `content/` (`levels/senior.md`) to its page's URL path
/// relative to the site root (`levels/senior/`).
#[derive(Debug, Default, Clone)]
pub(crate) struct LinkTargets {
    by_path: HashMap<String, String>,
}

impl LinkTargets {
    /// Registers the page URL of a source file.
    pub(crate) fn insert(&mut self, content_path: &str, url: &str) {
        self.by_path
            .insert(content_path.to_string(), url.to_string());
    }

    fn suggest(&self, wanted: &str, from_dir: &str) -> Option<String> {
        let name = wanted.rsplit('/').next()?;
        let mut candidates: Vec<&String> = self
            .by_path
            .keys()
            .filter(|k| k.rsplit('/').next() == Some(name))
            .collect();
        candidates.sort();
        let found = candidates.first()?;
        let depth = if from_dir.is_empty() {
            0
        } else {
            from_dir.split('/').count()
        };
        Some(format!("did you mean `{}{}`?", "../".repeat(depth), found))
    }
}

/// A heading found in a Markdown text, for tables of contents and search.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` attribute it was given.
    pub(crate) id: String,
    /// Its plain text.
    pub(crate) text: String,
}

/// A link to a source that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BrokenLink {
    /// Byte offset of the link in the Markdown text.
    pub(crate) offset: usize,
    /// The destination as written.
    pub(crate) target: String,
    /// A likely intended destination.
    pub(crate) help: Option<String>,
}

/// Rendered HTML and what was learnt while rendering it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    /// The HTML, with internal links starting with [`ROOT_MARK`].
    pub(crate) html: String,
    /// Headings in document order.
    pub(crate) headings: Vec<Heading>,
    /// Links to sources that do not exist.
    pub(crate) broken_links: Vec<BrokenLink>,
}

/// Hands out unique heading ids within one page.
#[derive(Debug, Default, Clone)]
pub(crate) struct IdAllocator {
    used: HashSet<String>,
}

impl IdAllocator {
    /// An allocator with `reserved` ids already taken (ids the template uses).
    pub(crate) fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        IdAllocator {
            used: reserved.into_iter().map(str::to_string).collect(),
        }
    }

    /// `wanted`, or `wanted-1`, `wanted-2`… if it is taken.
    pub(crate) fn allocate(&mut self, wanted: &str) -> String {
        if self.used.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let mut n = 1;
        loop {
            let candidate = format!("{wanted}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// A URL fragment for heading text: lowercase words joined by `-` (`"API & Design"` → `api-design`).
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

/// Renders a Markdown block (a body, a transition). `from` is the source's path relative to
/// `content/`, against which relative links resolve.
pub(crate) fn render_block(
    markdown: &str,
    from: &str,
    links: &LinkTargets,
    ids: &mut IdAllocator,
) -> Rendered {
    render_events(markdown, from, links, ids, false)
}

fn render_events(
    markdown: &str,
    from: &str,
    links: &LinkTargets,
    ids: &mut IdAllocator,
    escape_raw_html: bool,
) -> Rendered {
    let from_dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let mut rendered = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<(HeadingLevel, Option<CowStr>, Vec<Event>)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match rewrite_link(&dest_url, from_dir, links) {
                    LinkRewrite::Keep => dest_url,
                    LinkRewrite::To(url) => CowStr::from(url),
                    LinkRewrite::Broken => {
                        rendered.broken_links.push(BrokenLink {
                            offset: range.start,
                            target: dest_url.to_string(),
                            help: links.suggest(strip_suffixes(&dest_url), from_dir),
                        });
                        dest_url
                    }
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Html(raw) | Event::InlineHtml(raw) if escape_raw_html => Event::Text(raw),
            other => other,
        };
        match (&mut heading, event) {
            (None, Event::Start(Tag::Heading { level, id, .. })) => {
                heading = Some((level, id, Vec::new()))
            }
            (Some(_), Event::End(TagEnd::Heading(_))) => {
                if let Some((level, id, inner)) = heading.take() {
                    let html = heading_html(level, id, inner, ids, &mut rendered.headings);
                    events.push(Event::Html(CowStr::from(html)));
                }
            }
            (Some((_, _, inner)), event) => inner.push(event),
            (None, event) => events.push(event),
        }
    }
    html::push_html(&mut rendered.html, events.into_iter());
    rendered
}

/// Renders a short Markdown text shown inline (a competency, a summary): a single paragraph
/// loses its `<p>` wrapper so it can sit in a list item or a table cell. Raw HTML is shown as
/// typed, not interpreted: these one-liners appear in tables, exports and search results
/// across the site, and `Handles <5 incidents` or a stray `<img …>` must read as text.
pub(crate) fn render_inline(
    markdown: &str,
    from: &str,
    links: &LinkTargets,
    ids: &mut IdAllocator,
) -> Rendered {
    let mut rendered = render_events(markdown, from, links, ids, true);
    let trimmed = rendered.html.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        rendered.html = inner.to_string();
    }
    rendered
}

/// The text of a Markdown snippet without markup, for search and spreadsheets. Raw HTML is
/// kept as literal text: a reader must see `<img …>` written out, never have it run.
pub(crate) fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            _ => {}
        }
    }
    let collapsed: Vec<&str> = out.split_whitespace().collect();
    collapsed.join(" ")
}

fn heading_html(
    level: HeadingLevel,
    explicit_id: Option<CowStr>,
    inner: Vec<Event>,
    ids: &mut IdAllocator,
    headings: &mut Vec<Heading>,
) -> String {
    let text: String = inner
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let wanted = explicit_id.map_or_else(|| slugify(&text), |id| id.to_string());
    let id = ids.allocate(&wanted);
    let n = level as u8;
    let mut out = format!("<h{n} id=\"{id}\">");
    html::push_html(&mut out, inner.into_iter());
    out.push_str(&format!(
        "<a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{n}>\n"
    ));
    headings.push(Heading { level: n, id, text });
    out
}

enum LinkRewrite {
    Keep,
    To(String),
    Broken,
}

fn strip_suffixes(dest: &str) -> &str {
    let end = dest.find(['#', '?']).unwrap_or(dest.len());
    &dest[..end]
}

fn rewrite_link(dest: &str, from_dir: &str, links: &LinkTargets) -> LinkRewrite {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with('/') || dest.contains(':') {
        return LinkRewrite::Keep;
    }
    let path = strip_suffixes(dest);
    if !(path.ends_with(".md") || path.ends_with(".yaml") || path.ends_with(".yml")) {
        return LinkRewrite::Keep;
    }
    let fragment = dest.find('#').map_or("", |i| &dest[i..]);
    let Some(joined) = join(from_dir, path) else {
        return LinkRewrite::Broken;
    };
    match links.by_path.get(&joined) {
        Some(url) => LinkRewrite::To(format!("{ROOT_MARK}{url}{fragment}")),
        None => LinkRewrite::Broken,
    }
}

/// `dir` + relative `path`, with `.` and `..` resolved; `None` if it climbs above `content/`.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        let mut t = LinkTargets::default();
        t.insert("levels/staff.md", "levels/staff/");
        t.insert("areas/api-design.md", "areas/api-design/");
        t
    }

    #[test]
    fn rewrites_source_links_keeping_the_fragment() {
        let r = render_block(
            "[Staff](staff.md) and [APIs](../areas/api-design.md#scope)",
            "levels/senior.md",
            &targets(),
            &mut IdAllocator::default(),
        );
        assert!(
            r.html.contains("href=\"rungs-root:/levels/staff/\""),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("href=\"rungs-root:/areas/api-design/#scope\""),
            "{}",
            r.html
        );
        assert!(r.broken_links.is_empty());
    }

    #[test]
    fn reports_broken_source_links_with_offset_and_suggestion() {
        let r = render_block(
            "See\n[x](api-design.md)",
            "levels/senior.md",
            &targets(),
            &mut IdAllocator::default(),
        );
        assert_eq!(r.broken_links.len(), 1);
        assert_eq!(r.broken_links[0].offset, 4);
        assert_eq!(
            r.broken_links[0].help.as_deref(),
            Some("did you mean `../areas/api-design.md`?")
        );
    }

    #[test]
    fn leaves_external_and_asset_links_alone() {
        let r = render_block(
            "[a](https://x.org/a.md) [b](img.png) [c](#top)",
            "levels/a.md",
            &targets(),
            &mut IdAllocator::default(),
        );
        assert!(r.broken_links.is_empty());
        assert!(r.html.contains("href=\"https://x.org/a.md\""));
        assert!(r.html.contains("href=\"img.png\""));
    }

    #[test]
    fn headings_get_unique_ids_and_anchor_links() {
        let mut ids = IdAllocator::with_reserved(["summary"]);
        let r = render_block(
            "## Summary\n\n## Scope\n\n## Scope\n",
            "levels/a.md",
            &targets(),
            &mut ids,
        );
        let got: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(got, ["summary-1", "scope", "scope-1"]);
        assert!(
            r.html
                .contains("<h2 id=\"scope-1\">Scope<a class=\"heading-anchor\" href=\"#scope-1\"")
        );
    }

    #[test]
    fn inline_drops_single_paragraph_wrapper() {
        let r = render_inline(
            "Uses *Git* & SQL",
            "levels/a.md",
            &targets(),
            &mut IdAllocator::default(),
        );
        assert_eq!(r.html, "Uses <em>Git</em> &amp; SQL");
    }

    #[test]
    fn plain_text_drops_markup_but_keeps_raw_html_as_text() {
        assert_eq!(
            plain_text("Uses *Git* and [SQL](x.md)\nwell"),
            "Uses Git and SQL well"
        );
        assert_eq!(
            plain_text("Beware <img src=x onerror=alert(1)>"),
            "Beware <img src=x onerror=alert(1)>"
        );
    }

    #[test]
    fn inline_texts_show_raw_html_as_typed() {
        let r = render_inline(
            "Beware <img src=x onerror=alert(1)> and <b>this</b>",
            "levels/a.md",
            &targets(),
            &mut IdAllocator::default(),
        );
        assert_eq!(
            r.html,
            "Beware &lt;img src=x onerror=alert(1)&gt; and &lt;b&gt;this&lt;/b&gt;"
        );
        let block = render_block(
            "<b>bold</b>",
            "levels/a.md",
            &targets(),
            &mut IdAllocator::default(),
        );
        assert_eq!(block.html, "<p><b>bold</b></p>\n");
    }

    #[test]
    fn slugify_keeps_unicode_letters() {
        assert_eq!(
            slugify("API Design & Integration"),
            "api-design-integration"
        );
        assert_eq!(slugify("Équipe  — rôle"), "équipe-rôle");
        assert_eq!(slugify("!!!"), "section");
    }
}
