//! The parts of every page's header and footer that templates would otherwise rebuild on
//! every page: the header's links to the levels (or tracks), the search form, the theme
//! toggle and the footer's credit line.
//!
//! Why here: they are the same on every page of a scope but for the page's root and which
//! link is current, yet a template reads a dozen labels and loops over the levels for them
//! on each of a big ladder's thousands of pages (about 70 K instructions a page, more than
//! the rest of an area page's chrome together). The toggle and credit are written once per
//! scope ([`ChromeView`], `site.chrome`); the nav links and the search form, which hold the
//! page's root, are put together per page from pieces escaped once ([`Chrome::nav`],
//! `nav_links`; [`Chrome::search`], `search_form`). The default `base.html` prints them with `| safe` inside
//! its blocks (`nav`, `search`, `footer`), so a theme can still replace any of them; the
//! markup is what `base.html` printed before.
//!
//! Everything is escaped here, where it is written.

use crate::labels::Labels;
use crate::render::context::SiteView;
use crate::text::{escape_html as escaped, push_escaped_html};
use serde::Serialize;

/// `site.chrome`: HTML written once per scope (see the module docs). Print each with
/// `| safe`.
#[derive(Debug, Serialize, Default, Clone)]
pub(crate) struct ChromeView {
    /// The header's light/dark toggle (`<button class="theme-toggle" …>`, hidden until
    /// `rungs.js` shows it).
    pub(crate) toggle: String,
    /// The footer's credit line: the label `footer` with the site's title and a link to
    /// rungs, as a `<p>`.
    pub(crate) credit: String,
}

/// One link of the header's nav: a level, or a track in a ladder with tracks.
#[derive(Debug)]
struct NavLink {
    /// The level's or track's id (compared with the page's current one).
    id: String,
    /// Everything after the root in the link up to the `aria-current` attribute, escaped:
    /// `levels/senior/"`.
    href: String,
    /// `>Senior</a></li>`, the text escaped.
    tail: String,
}

/// The chrome of one scope: its [`ChromeView`], the header's links and search form.
#[derive(Debug, Default)]
pub(crate) struct Chrome {
    /// `site.chrome`.
    pub(crate) view: ChromeView,
    links: Vec<NavLink>,
    /// The search form cut where the page's root goes (twice).
    search: [String; 3],
    /// Whether the links are tracks (current when the page is in the track) or levels
    /// (current when the page is the level's).
    tracks: bool,
}

impl Chrome {
    /// The chrome of the scope whose `site` view is `site`.
    pub(crate) fn new(site: &SiteView, labels: &Labels) -> Chrome {
        let tracks = !site.tracks.is_empty();
        let link = |id: &str, url: &str, text: &str| NavLink {
            id: id.to_string(),
            href: format!("{}\"", escaped(url)),
            tail: format!(">{}</a></li>", escaped(text)),
        };
        let links = if tracks {
            site.tracks
                .iter()
                .map(|t| link(t.id, &t.url, t.short))
                .collect()
        } else {
            site.levels
                .iter()
                .map(|l| link(l.id, &l.url, l.short))
                .collect()
        };
        Chrome {
            view: ChromeView {
                toggle: toggle(labels),
                credit: credit(site, labels),
            },
            links,
            search: search_form(site, labels),
            tracks,
        }
    }

    /// The header's search form (`<form class="site-search" …>`, hidden until `rungs.js`
    /// shows it, its words from the labels) for a page whose path to the root is `root`.
    pub(crate) fn search(&self, root: &str) -> String {
        let root = escaped(root);
        let [head, middle, tail] = &self.search;
        let mut out = String::with_capacity(head.len() + middle.len() + tail.len() + 16);
        for piece in [head, &root, middle, &root, tail] {
            out.push_str(piece);
        }
        out
    }

    /// The header's links (`<li>` each) for a page whose path to the root is `root` (`""`
    /// on the home page, `../../` on a level page), marking the page's level
    /// (`current_level`) or, with tracks, its track (`current_track`) with `aria-current`.
    pub(crate) fn nav(
        &self,
        root: &str,
        current_level: Option<&str>,
        current_track: Option<&str>,
    ) -> String {
        let root = escaped(root);
        let (current, attribute) = if self.tracks {
            (current_track, " aria-current=\"true\"")
        } else {
            (current_level, " aria-current=\"page\"")
        };
        let mut out = String::with_capacity(self.links.len() * 64);
        for l in &self.links {
            out.push_str("<li><a href=\"");
            out.push_str(&root);
            out.push_str(&l.href);
            if current == Some(l.id.as_str()) {
                out.push_str(attribute);
            }
            out.push_str(&l.tail);
        }
        out
    }
}

/// A `data-` attribute holding a label, escaped.
fn data(out: &mut String, name: &str, labels: &Labels, key: &str) {
    out.push_str(" data-");
    out.push_str(name);
    out.push_str("=\"");
    push_escaped_html(out, labels.get(key));
    out.push('"');
}

/// The search form, cut where the page's root goes: before the search index's URL, before
/// `data-root`'s value.
fn search_form(site: &SiteView, labels: &Labels) -> [String; 3] {
    let head = "<form class=\"site-search\" role=\"search\" data-search data-index=\"".to_string();
    let mut middle = String::new();
    push_escaped_html(&mut middle, site.search_index);
    middle.push_str("\" data-root=\"");
    let mut out = String::with_capacity(1600);
    out.push('"');
    for (name, key) in [
        ("no-results", "search_no_results"),
        ("no-results-for", "search_no_results_for"),
        ("one-result", "search_one_result"),
        ("results", "search_results"),
        ("results-limited", "search_results_limited"),
        ("show-all", "search_show_all"),
        ("unavailable", "search_unavailable"),
    ] {
        data(&mut out, name, labels, key);
    }
    let label = escaped(labels.get("search_label"));
    out.push_str(" hidden>\n      <label class=\"visually-hidden\" for=\"site-search-input\">");
    out.push_str(&label);
    out.push_str("</label>\n      <input id=\"site-search-input\" type=\"text\" inputmode=\"search\" enterkeyhint=\"search\" name=\"search\" placeholder=\"");
    out.push_str(&label);
    out.push_str("\" autocomplete=\"off\" spellcheck=\"false\" role=\"combobox\" aria-expanded=\"false\" aria-autocomplete=\"list\" aria-controls=\"site-search-results\" aria-describedby=\"site-search-status\">\n      <p id=\"site-search-status\" class=\"visually-hidden\" aria-live=\"polite\"></p>\n      <ol id=\"site-search-results\" class=\"site-search__results\" hidden></ol>\n    </form>");
    [head, middle, out]
}

fn toggle(labels: &Labels) -> String {
    let dark = escaped(labels.get("dark_theme"));
    format!(
        "<button type=\"button\" class=\"theme-toggle\" data-theme-toggle aria-pressed=\"false\" title=\"{dark}\" hidden><span aria-hidden=\"true\">◐</span> <span class=\"theme-toggle__label\">{dark}</span></button>"
    )
}

fn credit(site: &SiteView, labels: &Labels) -> String {
    let line = labels.fill_html(
        "footer",
        &[
            ("site", &escaped(site.title)),
            (
                "rungs",
                "<a href=\"https://crates.io/crates/rungs\">rungs</a>",
            ),
        ],
    );
    format!("<p>{line}</p>")
}
