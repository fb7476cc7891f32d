//! Markdown to HTML for every Markdown field and body: heading ids with anchor links, and
//! links between sources (`[Staff](staff.md#scope)`) rewritten to the target page's URL.
//!
//! Rewritten links start with [`ROOT_MARK`](crate::content::routes::ROOT_MARK) instead of a real prefix, because one fragment
//! (a competency, say) is shown on pages at different depths; the page renderer swaps the
//! mark for that page's relative path to the site root. Unresolvable links are returned to the
//! caller, which reports them with their file position: this module reads no files.
//!
//! Content is untrusted for what it can make a page do, even when its authors are trusted:
//!
//! - **Link and image URLs** are kept only when they are relative (a path, `/path`, `//host`,
//!   `?query` or `#fragment`) or use the `http`, `https` or `mailto` scheme
//!   ([`is_safe_url`]). The scheme is read from the URL as pulldown-cmark decoded it
//!   (entities and backslash escapes resolved) and as a browser reads it (surrounding spaces
//!   and control characters ignored, tabs and newlines removed, case ignored), so
//!   `JaVaScRiPt:`, ` javascript:`, `java&#x09;script:` and `<javascript:…>` autolinks are all
//!   caught. Any other link loses its `<a>` but keeps its text, and any other image is
//!   replaced by its alt text; each is returned in [`Rendered::unsafe_urls`] for a warning.
//! - **Heading ids** are allocated here and written by pulldown-cmark's HTML writer, which
//!   escapes them. An explicit id (`## Scope {#scope}`) keeps only letters, digits, `-` and
//!   `_`; custom heading attributes (`{onclick=…}`) are dropped, classes are kept (escaped).
//! - **Raw HTML** in inline fields is always shown as typed. In blocks (bodies, transitions,
//!   home page texts) it is shown as typed too unless the site sets `unsafe_html: true`
//!   ([`RawHtml::Allow`]), which passes it through for ladders whose authors are trusted.
//! - **Control characters** other than tab and newlines never reach the HTML: they become
//!   U+FFFD.

use crate::content::routes::ROOT_MARK;
use crate::text::{escape_html, replace_controls};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};
use std::collections::{HashMap, HashSet};

/// Maps a source's path relative to `content/` (`levels/senior.md`) to its page's URL path
/// relative to the site root (`levels/senior/`).
#[derive(Debug, Default, Clone)]
pub(crate) struct LinkTargets {
    by_path: HashMap<String, String>,
    /// Sources that exist but have no page in this build (draft levels without `--drafts`):
    /// a link to one is broken, and says why.
    left_out: HashMap<String, &'static str>,
    /// Files under `content/static/`, relative to it (`img/logo.png`): published at the same
    /// path under the site root.
    statics: HashSet<String>,
}

impl LinkTargets {
    /// Registers the page URL of a source file.
    pub(crate) fn insert(&mut self, content_path: &str, url: &str) {
        self.by_path
            .insert(content_path.to_string(), url.to_string());
    }

    /// Withdraws the page of a source from this build, `why` ("a draft left out of this
    /// build"): links to it become broken links that say so.
    pub(crate) fn leave_out(&mut self, content_path: &str, why: &'static str) {
        self.by_path.remove(content_path);
        self.left_out.insert(content_path.to_string(), why);
    }

    /// Registers a file of `content/static/` (`img/logo.png`, relative to that folder).
    pub(crate) fn insert_static(&mut self, rel: &str) {
        self.statics.insert(rel.to_string());
    }

    /// "did you mean `../static/logo.png`?" for a static file with the name of `wanted`.
    fn suggest_static(&self, wanted: &str, from_dir: &str) -> Option<String> {
        let found = same_name(self.statics.iter(), wanted)?;
        Some(format!(
            "did you mean `{}static/{found}`?",
            up_to_content(from_dir)
        ))
    }

    fn suggest(&self, wanted: &str, from_dir: &str) -> Option<String> {
        let found = same_name(self.by_path.keys(), wanted)?;
        Some(format!(
            "did you mean `{}{found}`?",
            up_to_content(from_dir)
        ))
    }
}

/// The first (in path order) of `candidates` with the file name of `wanted`.
fn same_name<'a>(candidates: impl Iterator<Item = &'a String>, wanted: &str) -> Option<&'a String> {
    let name = wanted.rsplit('/').next()?;
    candidates
        .filter(|k| k.rsplit('/').next() == Some(name))
        .min()
}

/// `../` once per folder of `from_dir` (relative to `content/`): the way back to `content/`.
fn up_to_content(from_dir: &str) -> String {
    let depth = if from_dir.is_empty() {
        0
    } else {
        from_dir.split('/').count()
    };
    "../".repeat(depth)
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
    /// Why the target, which exists, has no page in this build.
    pub(crate) left_out: Option<&'static str>,
    /// Whether the target is a file (an image, a PDF …) rather than a source: it must be
    /// under `content/static/`.
    pub(crate) asset: bool,
}

/// A link with a `#fragment` to a page of the site (`staff.md#scope`, `#details`): checked
/// once every page's ids are known, after every source is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FragmentLink {
    /// Byte offset of the link in the Markdown text.
    pub(crate) offset: usize,
    /// The URL of the target page (`levels/staff/`); `None` for the page of the linking
    /// source itself (`#details`).
    pub(crate) page: Option<String>,
    /// The fragment, without `#`.
    pub(crate) fragment: String,
    /// The destination as written.
    pub(crate) target: String,
}

/// A link or image to an `http(s)` URL, checked by `--check-external`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExternalLink {
    /// Byte offset of the link or image in the Markdown text.
    pub(crate) offset: usize,
    /// The URL as written.
    pub(crate) url: String,
}

/// Whether `url` is an `http://` or `https://` URL (any case).
pub(crate) fn is_http_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A link or image whose URL was dropped because its scheme is not allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnsafeUrl {
    /// Byte offset of the link or image in the Markdown text.
    pub(crate) offset: usize,
    /// The destination, as pulldown-cmark decoded it.
    pub(crate) url: String,
    /// True for an image (replaced by its alt text), false for a link (replaced by its text).
    pub(crate) image: bool,
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
    /// Links and images left out because of their URL's scheme.
    pub(crate) unsafe_urls: Vec<UnsafeUrl>,
    /// Links with a fragment to a page of the site.
    pub(crate) fragment_links: Vec<FragmentLink>,
    /// Links and images to `http(s)` URLs.
    pub(crate) external_links: Vec<ExternalLink>,
}

/// What raw HTML written in a Markdown block (a body, a transition, a home page text) becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum RawHtml {
    /// Shown as typed: `<b>` is escaped into text. The default (`unsafe_html: false`).
    #[default]
    Escape,
    /// Passed through into the page as HTML (`unsafe_html: true` in site.yaml): for ladders
    /// whose authors are trusted to write markup, scripts included.
    Allow,
}

impl RawHtml {
    /// The policy for site.yaml's `unsafe_html` value.
    pub(crate) fn from_unsafe_html(unsafe_html: bool) -> Self {
        if unsafe_html {
            RawHtml::Allow
        } else {
            RawHtml::Escape
        }
    }
}

/// Hands out unique heading ids within one page.
#[derive(Debug, Default, Clone)]
pub(crate) struct IdAllocator {
    used: HashSet<String>,
    /// For each wanted id handed out with a suffix, the next suffix to try: every smaller one
    /// is taken, so a page with thousands of equal headings stays linear.
    next_suffix: HashMap<String, usize>,
}

impl IdAllocator {
    /// An allocator with `reserved` ids already taken (ids the template uses).
    pub(crate) fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        IdAllocator {
            used: reserved.into_iter().map(str::to_string).collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// `wanted`, or `wanted-1`, `wanted-2`… if it is taken.
    pub(crate) fn allocate(&mut self, wanted: &str) -> String {
        if self.used.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let mut n = self.next_suffix.get(wanted).copied().unwrap_or(1);
        loop {
            let candidate = format!("{wanted}-{n}");
            n += 1;
            if self.used.insert(candidate.clone()) {
                self.next_suffix.insert(wanted.to_string(), n);
                return candidate;
            }
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

/// An explicit heading id (`{#id}`) with only the characters that are safe in an attribute,
/// a URL fragment and a CSS selector kept: letters, digits, `-` and `_`. `None` when none is
/// left, so the heading text's slug is used instead.
fn explicit_id(wanted: &str) -> Option<String> {
    let id: String = wanted
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    (!id.is_empty()).then_some(id)
}

/// The scheme of a URL (`https` in `https://x.org`), if it has one; `None` for relative
/// references. Follows the URL standard: a scheme is an ASCII letter followed by letters,
/// digits, `+`, `-` or `.`, then `:`; anything else before the first `:` makes the URL a
/// relative path (`a/b:c`, `%6Aavascript:x`).
fn url_scheme(url: &str) -> Option<&str> {
    let candidate = &url[..url.find(':')?];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(candidate)
}

/// Whether a link or image destination may be written into a page: a relative reference
/// (path, `/path`, `//host`, `?query`, `#fragment`) or an `http`, `https` or `mailto` URL.
///
/// `dest` is the destination as pulldown-cmark decoded it (entities and backslash escapes
/// resolved). It is first read as a browser reads it: leading and trailing spaces and control
/// characters are ignored and tabs and newlines removed, so ` javascript:` and
/// `java\tscript:` are seen for what they are; the scheme is compared without case.
pub(crate) fn is_safe_url(dest: &str) -> bool {
    let trimmed = dest.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match url_scheme(&cleaned) {
        None => true,
        Some(scheme) => ["http", "https", "mailto"]
            .iter()
            .any(|allowed| scheme.eq_ignore_ascii_case(allowed)),
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
/// `content/`, against which relative links resolve; `raw_html` says what raw HTML becomes.
pub(crate) fn render_block(
    markdown: &str,
    from: &str,
    links: &LinkTargets,
    ids: &mut IdAllocator,
    raw_html: RawHtml,
) -> Rendered {
    render_events(markdown, from, links, ids, raw_html)
}

/// A heading being collected: its level, explicit id, classes and the events inside it.
type OpenHeading<'a> = (
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<Event<'a>>,
);

fn render_events(
    markdown: &str,
    from: &str,
    links: &LinkTargets,
    ids: &mut IdAllocator,
    raw_html: RawHtml,
) -> Rendered {
    let from_dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let mut rendered = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<OpenHeading> = None;
    // One entry per open link or image: whether its start tag was left out (and so its end
    // tag must be too). Links and images nest properly, so one stack serves both.
    let mut dropped: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &event
            && is_http_url(dest_url)
        {
            rendered.external_links.push(ExternalLink {
                offset: range.start,
                url: dest_url.to_string(),
            });
        }
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(fragment) = dest_url.strip_prefix('#')
                    && !fragment.is_empty()
                {
                    rendered.fragment_links.push(FragmentLink {
                        offset: range.start,
                        page: None,
                        fragment: fragment.to_string(),
                        target: dest_url.to_string(),
                    });
                }
                let (dest_url, rewritten) = match rewrite_link(&dest_url, from_dir, links) {
                    LinkRewrite::Keep => (dest_url, false),
                    LinkRewrite::To { href, page } => {
                        if let Some((_, fragment)) = dest_url.split_once('#')
                            && !fragment.is_empty()
                        {
                            rendered.fragment_links.push(FragmentLink {
                                offset: range.start,
                                page: Some(page),
                                fragment: fragment.to_string(),
                                target: dest_url.to_string(),
                            });
                        }
                        (CowStr::from(href), true)
                    }
                    LinkRewrite::Broken => {
                        rendered.broken_links.push(BrokenLink {
                            offset: range.start,
                            target: dest_url.to_string(),
                            help: links.suggest(strip_suffixes(&dest_url), from_dir),
                            left_out: None,
                            asset: false,
                        });
                        (dest_url, false)
                    }
                    LinkRewrite::LeftOut(why) => {
                        rendered.broken_links.push(BrokenLink {
                            offset: range.start,
                            target: dest_url.to_string(),
                            help: None,
                            left_out: Some(why),
                            asset: false,
                        });
                        (dest_url, false)
                    }
                };
                let (dest_url, rewritten) = if rewritten {
                    (dest_url, true)
                } else {
                    match rewrite_asset(&dest_url, from_dir, links, true) {
                        AssetRewrite::Keep => (dest_url, false),
                        AssetRewrite::To(url) => (CowStr::from(url), true),
                        AssetRewrite::Missing(help) => {
                            rendered.broken_links.push(BrokenLink {
                                offset: range.start,
                                target: dest_url.to_string(),
                                help,
                                left_out: None,
                                asset: true,
                            });
                            (dest_url, false)
                        }
                    }
                };
                // A rewritten link is a page URL made here; an e-mail autolink is written
                // as `mailto:` + the address.
                let safe = rewritten || link_type == LinkType::Email || is_safe_url(&dest_url);
                dropped.push(!safe);
                if !safe {
                    rendered.unsafe_urls.push(UnsafeUrl {
                        offset: range.start,
                        url: dest_url.to_string(),
                        image: false,
                    });
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match rewrite_asset(&dest_url, from_dir, links, false) {
                    AssetRewrite::Keep => dest_url,
                    AssetRewrite::To(url) => CowStr::from(url),
                    AssetRewrite::Missing(help) => {
                        rendered.broken_links.push(BrokenLink {
                            offset: range.start,
                            target: dest_url.to_string(),
                            help,
                            left_out: None,
                            asset: true,
                        });
                        dest_url
                    }
                };
                let safe = dest_url.starts_with(ROOT_MARK) || is_safe_url(&dest_url);
                dropped.push(!safe);
                if !safe {
                    rendered.unsafe_urls.push(UnsafeUrl {
                        offset: range.start,
                        url: dest_url.to_string(),
                        image: true,
                    });
                    continue;
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if dropped.pop() == Some(true) {
                    continue;
                }
                event
            }
            Event::Html(raw) | Event::InlineHtml(raw) if raw_html == RawHtml::Escape => {
                Event::Text(raw)
            }
            other => other,
        };
        match (&mut heading, event) {
            (
                None,
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }),
            ) => heading = Some((level, id, classes, Vec::new())),
            (Some(_), Event::End(TagEnd::Heading(_))) => {
                if let Some(open) = heading.take() {
                    push_heading(&mut events, open, ids, &mut rendered.headings);
                }
            }
            (Some((_, _, _, inner)), event) => inner.push(event),
            (None, event) => events.push(event),
        }
    }
    html::push_html(&mut rendered.html, events.into_iter());
    rendered.html = replace_controls(rendered.html);
    rendered
}

/// Renders a short Markdown text shown inline (a competency, a summary): a single paragraph
/// loses its `<p>` wrapper so it can sit in a list item or a table cell. Raw HTML is shown as
/// typed, not interpreted, whatever `unsafe_html` says: these one-liners appear in tables,
/// exports and search results across the site, and `Handles <5 incidents` or a stray
/// `<img …>` must read as text.
pub(crate) fn render_inline(
    markdown: &str,
    from: &str,
    links: &LinkTargets,
    ids: &mut IdAllocator,
) -> Rendered {
    let mut rendered = render_events(markdown, from, links, ids, RawHtml::Escape);
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

/// Gives a collected heading its id and puts it back into the event stream, followed by its
/// anchor link. The HTML writer writes the heading tag (escaping the id and classes); custom
/// attributes (`{onclick=…}`) are left out.
fn push_heading<'a>(
    events: &mut Vec<Event<'a>>,
    (level, explicit, classes, inner): OpenHeading<'a>,
    ids: &mut IdAllocator,
    headings: &mut Vec<Heading>,
) {
    let text: String = inner
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let wanted = explicit
        .and_then(|id| explicit_id(&id))
        .unwrap_or_else(|| slugify(&text));
    let id = ids.allocate(&wanted);
    events.push(Event::Start(Tag::Heading {
        level,
        id: Some(CowStr::from(id.clone())),
        classes,
        attrs: Vec::new(),
    }));
    events.extend(inner);
    events.push(Event::InlineHtml(CowStr::from(format!(
        "<a class=\"heading-anchor\" href=\"#{0}\" aria-labelledby=\"{0}\">#</a>",
        escape_html(&id)
    ))));
    events.push(Event::End(TagEnd::Heading(level)));
    headings.push(Heading {
        level: level as u8,
        id,
        text,
    });
}

/// What becomes of a relative link to a file that is not a source (an image, a PDF).
enum AssetRewrite {
    /// Not such a link (a source, a fragment, an absolute path, a URL with a scheme).
    Keep,
    /// A file of `content/static/`, linked from the site root.
    To(String),
    /// No such file under `content/static/`, with a likely intended one.
    Missing(Option<String>),
}

/// A relative link to a file that is not a source must name a file of `content/static/`,
/// relative to the linking source (`../static/img/logo.png` from a level): it is rewritten
/// to that file's path from the site root, where it is published. A link to a source is a
/// page link (`for_link`); an image never is, so an image of `x.yaml` must be a static file too.
fn rewrite_asset(dest: &str, from_dir: &str, links: &LinkTargets, for_link: bool) -> AssetRewrite {
    // A URL with a scheme is no file; a path may hold `:` (`notes/a:b.png`) and is checked.
    if dest.is_empty() || dest.starts_with(['#', '?', '/']) || url_scheme(dest).is_some() {
        return AssetRewrite::Keep;
    }
    let path = strip_suffixes(dest);
    let source = path.ends_with(".md") || path.ends_with(".yaml") || path.ends_with(".yml");
    if path.is_empty() || (source && for_link) {
        return AssetRewrite::Keep;
    }
    let suffix = &dest[path.len()..];
    let found = join(from_dir, path).and_then(|joined| {
        joined
            .strip_prefix("static/")
            .filter(|rel| links.statics.contains(*rel))
            .map(|rel| format!("{ROOT_MARK}{rel}{suffix}"))
    });
    match found {
        Some(url) => AssetRewrite::To(url),
        None => AssetRewrite::Missing(links.suggest_static(path, from_dir)),
    }
}

enum LinkRewrite {
    Keep,
    /// To `href`, the link to `page` (the page's URL) with its fragment.
    To {
        href: String,
        page: String,
    },
    Broken,
    LeftOut(&'static str),
}

fn strip_suffixes(dest: &str) -> &str {
    let end = dest.find(['#', '?']).unwrap_or(dest.len());
    &dest[..end]
}

fn rewrite_link(dest: &str, from_dir: &str, links: &LinkTargets) -> LinkRewrite {
    if dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with('/')
        || url_scheme(dest).is_some()
    {
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
        Some(url) => LinkRewrite::To {
            href: format!("{ROOT_MARK}{url}{fragment}"),
            page: url.clone(),
        },
        None => match links.left_out.get(&joined) {
            Some(why) => LinkRewrite::LeftOut(why),
            None => LinkRewrite::Broken,
        },
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

    #[test]
    fn an_image_of_a_source_file_must_be_a_static_file_too() {
        let r = block(
            "![x](../static/../site.yaml) ![y](senior.md)",
            RawHtml::Escape,
        );
        let targets: Vec<(&str, bool)> = r
            .broken_links
            .iter()
            .map(|b| (b.target.as_str(), b.asset))
            .collect();
        assert_eq!(
            targets,
            [("../static/../site.yaml", true), ("senior.md", true)]
        );
    }

    #[test]
    fn equal_headings_get_numbered_ids_in_order() {
        let mut ids = IdAllocator::with_reserved(["h-2"]);
        let got: Vec<String> = (0..5).map(|_| ids.allocate("h")).collect();
        assert_eq!(got, ["h", "h-1", "h-3", "h-4", "h-5"]);
        // `h-1` asked for by name is taken: it gets the next free suffix of its own.
        assert_eq!(ids.allocate("h-1"), "h-1-1");
        assert_eq!(ids.allocate("h"), "h-6");
    }
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
            RawHtml::Escape,
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
            RawHtml::Escape,
        );
        assert_eq!(r.broken_links.len(), 1);
        assert_eq!(r.broken_links[0].offset, 4);
        assert_eq!(
            r.broken_links[0].help.as_deref(),
            Some("did you mean `../areas/api-design.md`?")
        );
    }

    #[test]
    fn leaves_external_links_alone_and_links_static_files_from_the_root() {
        let mut links = targets();
        links.insert_static("img.png");
        links.insert_static("docs/values.pdf");
        let r = render_block(
            "[a](https://x.org/a.md) [b](../static/img.png?v=2) [c](#top) ![d](../static/img.png)\n\
             [e](../static/docs/values.pdf#page=2) [f](img.png) ![g](../static/nope.png)",
            "levels/a.md",
            &links,
            &mut IdAllocator::default(),
            RawHtml::Escape,
        );
        assert!(r.html.contains("href=\"https://x.org/a.md\""));
        assert!(
            r.html.contains("href=\"rungs-root:/img.png?v=2\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("src=\"rungs-root:/img.png\""), "{}", r.html);
        assert!(
            r.html
                .contains("href=\"rungs-root:/docs/values.pdf#page=2\"")
        );
        let broken: Vec<(&str, Option<&str>, bool)> = r
            .broken_links
            .iter()
            .map(|b| (b.target.as_str(), b.help.as_deref(), b.asset))
            .collect();
        assert_eq!(
            broken,
            [
                ("img.png", Some("did you mean `../static/img.png`?"), true),
                ("../static/nope.png", None, true),
            ]
        );
    }

    #[test]
    fn headings_get_unique_ids_and_anchor_links() {
        let mut ids = IdAllocator::with_reserved(["summary"]);
        let r = render_block(
            "## Summary\n\n## Scope\n\n## Scope\n",
            "levels/a.md",
            &targets(),
            &mut ids,
            RawHtml::Escape,
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
    }

    fn block(markdown: &str, raw_html: RawHtml) -> Rendered {
        render_block(
            markdown,
            "levels/a.md",
            &targets(),
            &mut IdAllocator::default(),
            raw_html,
        )
    }

    #[test]
    fn blocks_escape_raw_html_unless_allowed() {
        assert_eq!(
            block(
                "<b>bold</b>\n\n<script>alert(1)</script>\n",
                RawHtml::Escape
            )
            .html,
            "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n&lt;script&gt;alert(1)&lt;/script&gt;\n"
        );
        assert_eq!(
            block("<b>bold</b>", RawHtml::Allow).html,
            "<p><b>bold</b></p>\n"
        );
        assert_eq!(RawHtml::from_unsafe_html(false), RawHtml::Escape);
        assert_eq!(RawHtml::from_unsafe_html(true), RawHtml::Allow);
    }

    #[test]
    fn links_with_other_schemes_keep_only_their_text() {
        for markdown in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x]( javascript:alert(1))",
            "[x](<\u{1}javascript:alert(1)>)",
            "[x](java&#x09;script:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](javascript&colon;alert(1))",
            "[x](vbscript:msgbox)",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](file:///etc/passwd)",
            "[x][r]\n\n[r]: javascript:alert(1)",
        ] {
            let r = block(markdown, RawHtml::Allow);
            assert_eq!(r.html, "<p>x</p>\n", "{markdown}");
            assert_eq!(r.unsafe_urls.len(), 1, "{markdown}");
            assert_eq!(r.unsafe_urls[0].offset, 0, "{markdown}");
            assert!(!r.unsafe_urls[0].image);
        }
        let r = block("see <javascript:alert(1)>", RawHtml::Escape);
        assert_eq!(r.html, "<p>see javascript:alert(1)</p>\n");
        assert_eq!(r.unsafe_urls[0].url, "javascript:alert(1)");
        assert_eq!(r.unsafe_urls[0].offset, 4);
    }

    #[test]
    fn images_with_other_schemes_become_their_alt_text() {
        let r = block(
            "![chart *one*](data:text/html;base64,PHNjcmlwdD4=) [![i](vbscript:x)](https://x.org)",
            RawHtml::Escape,
        );
        assert_eq!(
            r.html,
            "<p>chart <em>one</em> <a href=\"https://x.org\">i</a></p>\n"
        );
        let urls: Vec<(&str, bool)> = r
            .unsafe_urls
            .iter()
            .map(|u| (u.url.as_str(), u.image))
            .collect();
        assert_eq!(
            urls,
            [
                ("data:text/html;base64,PHNjcmlwdD4=", true),
                ("vbscript:x", true)
            ]
        );
    }

    #[test]
    fn allowed_images_keep_their_whole_tag() {
        let r = block(
            "![logo](img/logo.png) and ![x](javascript:y) ![chart](https://x.org/c.svg)",
            RawHtml::Escape,
        );
        assert_eq!(
            r.html,
            "<p><img src=\"img/logo.png\" alt=\"logo\" /> and x <img src=\"https://x.org/c.svg\" alt=\"chart\" /></p>\n"
        );
    }

    #[test]
    fn allowed_urls_are_kept_as_written() {
        let r = block(
            "[a](HTTPS://x.org) [b](mailto:a@b.org) [c](/abs) [d](//cdn.org/x) [e](?q=1) \
             [f](#top) [g](a/b:c) [h](%6Aavascript:x) <me@x.org> ![i](img/a.png)",
            RawHtml::Escape,
        );
        assert!(r.unsafe_urls.is_empty(), "{:?}", r.unsafe_urls);
        for href in [
            "href=\"HTTPS://x.org\"",
            "href=\"mailto:a@b.org\"",
            "href=\"/abs\"",
            "href=\"//cdn.org/x\"",
            "href=\"?q=1\"",
            "href=\"#top\"",
            "href=\"a/b:c\"",
            "href=\"%6Aavascript:x\"",
            "href=\"mailto:me@x.org\"",
            "src=\"img/a.png\"",
        ] {
            assert!(r.html.contains(href), "{href} in {}", r.html);
        }
    }

    #[test]
    fn explicit_heading_ids_keep_only_safe_characters() {
        let r = block(
            "# h {#q\"onmouseover=alert(3)//}\n\n## Scope {#Scope_2 .wide onclick=alert(1)}\n\n## x {#\"'}\n",
            RawHtml::Allow,
        );
        assert_eq!(
            r.html,
            "<h1 id=\"qonmouseoveralert3\">h<a class=\"heading-anchor\" href=\"#qonmouseoveralert3\" \
             aria-labelledby=\"qonmouseoveralert3\">#</a></h1>\n\
             <h2 id=\"Scope_2\" class=\"wide\">Scope<a class=\"heading-anchor\" href=\"#Scope_2\" \
             aria-labelledby=\"Scope_2\">#</a></h2>\n\
             <h2 id=\"x\">x<a class=\"heading-anchor\" href=\"#x\" aria-labelledby=\"x\">#</a></h2>\n"
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["qonmouseoveralert3", "Scope_2", "x"]);
    }

    #[test]
    fn control_characters_never_reach_the_html() {
        let r = block(
            "a\u{0}b\u{1b}[31mc\u{7}\n\n## t\u{1b}\n\n<i>\u{7}</i>\n",
            RawHtml::Allow,
        );
        assert!(
            !r.html.chars().any(crate::text::is_unsafe_control),
            "{:?}",
            r.html
        );
        assert!(
            r.html.starts_with("<p>a\u{FFFD}b\u{FFFD}[31mc\u{FFFD}</p>"),
            "{:?}",
            r.html
        );
        let inline = render_inline(
            "x\u{1b}y",
            "levels/a.md",
            &targets(),
            &mut IdAllocator::default(),
        );
        assert_eq!(inline.html, "x\u{FFFD}y");
    }

    #[test]
    fn url_schemes_follow_the_url_standard() {
        assert_eq!(url_scheme("https://x"), Some("https"));
        assert_eq!(url_scheme("web+app:x"), Some("web+app"));
        assert_eq!(url_scheme("a/b:c"), None);
        assert_eq!(url_scheme("1a:b"), None);
        assert_eq!(url_scheme(":x"), None);
        assert_eq!(url_scheme("rel/path"), None);
        assert!(!is_safe_url("\u{0} \tjava\nscript:x"));
        assert!(!is_safe_url("rungs-root:/levels/"));
        assert!(is_safe_url(""));
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
