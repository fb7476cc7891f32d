//! Every URL, output path and HTML id scheme of the generated site, in one place.
//!
//! Owns: page URLs (level, growth area, comparison, pair of levels, track home, grades view,
//! pair of peers across tracks), the output
//! file of a page, the names of the generated files at the site's top level (search index,
//! exports, sitemap, 404 page …), the ids the default templates give rows and sections
//! ([`area_row_id`], [`RESERVED_IDS`]), the Markdown root marker ([`ROOT_MARK`]) and how a
//! page turns it into a relative path ([`root_prefix`], [`relativize`]).
//!
//! Everything else calls these functions instead of spelling a URL itself: two spellings of one
//! rule drift. This module is a leaf: it knows nothing of the model, the theme or the disk.
//!
//! URLs are relative to the site root and end with `/` (`levels/senior/`); output paths are
//! relative to the output folder (`levels/senior/index.html`). Every URL function takes the
//! level's or area's track: `None` for a ladder without tracks (one implicit track), whose
//! URLs have no prefix; `Some("sre")` for a track of a multi-track ladder, whose URLs all
//! start with `sre/`.

/// Placeholder for "the site root, relative to the page being rendered". Markdown links
/// between sources are rewritten to start with it, because one fragment (a competency, say)
/// is shown on pages at different depths; [`relativize`] swaps it for the page's prefix. It
/// only ever appears at the start of an `href` attribute value.
pub(crate) const ROOT_MARK: &str = "rungs-root:/";

/// The file a page URL is served from: `levels/senior/` → `levels/senior/index.html`.
pub(crate) const INDEX_FILE: &str = "index.html";

/// The home page's URL: the site root itself.
pub(crate) const HOME_URL: &str = "";

/// The list of levels on the home page (a breadcrumb of level pages leads there).
pub(crate) const HOME_LEVELS_URL: &str = "#levels";

/// The list of growth areas on the home page (a breadcrumb of area pages leads there).
pub(crate) const HOME_AREAS_URL: &str = "#areas";

/// The home page's output path.
pub(crate) const HOME_PATH: &str = "index.html";

/// The "page not found" page's output path (GitHub Pages serves it for any missing path).
pub(crate) const NOT_FOUND_PATH: &str = "404.html";

/// The search index the theme loads on the first search.
pub(crate) const SEARCH_INDEX_PATH: &str = "search-index.json";

/// The whole validated ladder as JSON.
pub(crate) const LADDER_JSON_PATH: &str = "ladder.json";

/// The JSON Schema of `ladder.json`, copied beside it.
pub(crate) const LADDER_SCHEMA_PATH: &str = "ladder.schema.json";

/// Every expectation as a spreadsheet row.
pub(crate) const LADDER_CSV_PATH: &str = "ladder.csv";

/// The sitemap of every page but the 404 page.
pub(crate) const SITEMAP_PATH: &str = "sitemap.xml";

/// `robots.txt`.
pub(crate) const ROBOTS_PATH: &str = "robots.txt";

/// GitHub Pages' custom-domain file, written when site.yaml sets `cname`.
pub(crate) const CNAME_PATH: &str = "CNAME";

/// Tells GitHub Pages not to run Jekyll over the site.
pub(crate) const NOJEKYLL_PATH: &str = ".nojekyll";

/// Names at the site's top level that rungs generates or keeps for its own pages: a track id
/// or a free page id (both rendered at `<id>/`) must not take one. Folders of pages
/// (`levels`, `compare` …), generated files and files GitHub Pages reads.
pub(crate) const RESERVED_TOP_LEVEL: &[&str] = &[
    "levels",
    "areas",
    "compare",
    "assess",
    "print",
    "changes",
    "pages",
    "tracks",
    "static",
    SEARCH_INDEX_PATH,
    LADDER_JSON_PATH,
    LADDER_CSV_PATH,
    LADDER_SCHEMA_PATH,
    SITEMAP_PATH,
    ROBOTS_PATH,
    NOT_FOUND_PATH,
    HOME_PATH,
    "rungs.css",
    "rungs.js",
    CNAME_PATH,
    NOJEKYLL_PATH,
];

/// Whether `name` is taken at the site's top level ([`RESERVED_TOP_LEVEL`]).
pub(crate) fn is_reserved_top_level(name: &str) -> bool {
    RESERVED_TOP_LEVEL.contains(&name)
}

/// Heading ids the default templates use on level, area and home pages; Markdown headings
/// never take them, so fragments stay unambiguous.
pub(crate) const RESERVED_IDS: &[&str] = &[
    "top",
    "main",
    "content",
    "summary",
    "competencies",
    "transition",
    "growth-areas",
    "expectations",
    "levels",
    "areas",
    "introduction",
    "details",
    "search",
    "compare",
];

/// HTML id of the list of tracks on the home page of a multi-track ladder: Markdown headings
/// of the introduction never take it.
pub(crate) const TRACKS_ID: &str = "tracks";

/// HTML id of the list of peers on a level page of a multi-track ladder: Markdown headings
/// on those pages never take it.
pub(crate) const PEERS_ID: &str = "peers";

/// HTML id of the transition section of a level page ("Growing into this level").
pub(crate) const TRANSITION_ID: &str = "transition";

/// HTML id of a category's section on a level page and of its row on comparison pages: the
/// category id itself, which is why Markdown headings on level pages never take a category id.
pub(crate) fn category_id(id: &str) -> &str {
    id
}

/// HTML id of a level's row on an area page (`at-senior`): search results link to it, and
/// Markdown headings on area pages never take it.
pub(crate) fn area_row_id(level_id: &str) -> String {
    format!("at-{level_id}")
}

/// `rest` under the track's folder: as is without a track, `<track>/<rest>` with one.
fn in_track(track: Option<&str>, rest: &str) -> String {
    match track {
        Some(track) => format!("{track}/{rest}"),
        None => rest.to_string(),
    }
}

/// Home page URL of a track of a multi-track ladder (`sre/`).
pub(crate) fn track_url(track: &str) -> String {
    format!("{track}/")
}

/// Where the levels of a track are listed: the home page's list without tracks
/// ([`HOME_LEVELS_URL`]), the track home page's list with one (`sre/#levels`).
pub(crate) fn levels_list_url(track: Option<&str>) -> String {
    in_track_home(track, HOME_LEVELS_URL)
}

/// Where the growth areas of a track are listed: the home page's list without tracks
/// ([`HOME_AREAS_URL`]), the track home page's list with one (`sre/#areas`).
pub(crate) fn areas_list_url(track: Option<&str>) -> String {
    in_track_home(track, HOME_AREAS_URL)
}

fn in_track_home(track: Option<&str>, fragment: &str) -> String {
    match track {
        Some(track) => format!("{}{fragment}", track_url(track)),
        None => format!("{HOME_URL}{fragment}"),
    }
}

/// URL of the grades view of a multi-track ladder (for every rank, the level of each track
/// at that rank): the top-level `compare/`, which a ladder with tracks does not use for
/// levels (each track has its own `<track>/compare/`).
pub(crate) fn grades_url() -> String {
    compare_url(None)
}

/// URL of the comparison page of two peers (levels of different tracks with the same rank),
/// under the grades view: `compare/<track>.<level>-vs-<track>.<level>/`. Ids are slugs,
/// which have no `.`, so these never clash with a pair of levels of one track.
pub(crate) fn peer_url(track_a: &str, a: &str, track_b: &str, b: &str) -> String {
    format!("{}{track_a}.{a}-vs-{track_b}.{b}/", grades_url())
}

/// URL of a free page (`content/pages/<id>.md`): `<id>/`, at the site's top level, which is
/// why a page id must not be one of [`RESERVED_TOP_LEVEL`].
pub(crate) fn free_page_url(id: &str) -> String {
    format!("{id}/")
}

/// URL of the changes page (the ladder's versions and what changed in each): `changes/`,
/// at the site's top level, whose name is reserved ([`RESERVED_TOP_LEVEL`]).
pub(crate) fn changes_url() -> String {
    "changes/".to_string()
}

/// Page URL of a level: `levels/<id>/`, or `<track>/levels/<id>/`.
pub(crate) fn level_url(track: Option<&str>, id: &str) -> String {
    in_track(track, &format!("levels/{id}/"))
}

/// Page URL of a growth area: `areas/<id>/`, or `<track>/areas/<id>/`.
pub(crate) fn area_url(track: Option<&str>, id: &str) -> String {
    in_track(track, &format!("areas/{id}/"))
}

/// URL of the comparison page (the matrices and the pair picker): `compare/`, or
/// `<track>/compare/`.
pub(crate) fn compare_url(track: Option<&str>) -> String {
    in_track(track, "compare/")
}

/// URL of the comparison page of two levels of one track, lower first:
/// `compare/<lower>-vs-<upper>/`, or `<track>/compare/<lower>-vs-<upper>/`.
pub(crate) fn pair_url(track: Option<&str>, lower: &str, upper: &str) -> String {
    in_track(track, &format!("compare/{lower}-vs-{upper}/"))
}

/// The output path of the page at `url`: `levels/senior/` → `levels/senior/index.html`,
/// [`HOME_URL`] → `index.html`.
pub(crate) fn page_file(url: &str) -> String {
    format!("{url}{INDEX_FILE}")
}

/// The URL of the page written at `path`, the inverse of [`page_file`]:
/// `levels/senior/index.html` → `levels/senior/`.
pub(crate) fn page_url_of(path: &str) -> &str {
    path.strip_suffix(INDEX_FILE).unwrap_or(path)
}

/// The relative path from a page at `output_path` to the site root: `./`, `../../`.
pub(crate) fn root_prefix(output_path: &str) -> String {
    let depth = output_path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// Replaces the [`ROOT_MARK`] of Markdown links with the page's relative root (`root`, from
/// [`root_prefix`], or the base URL on the 404 page). Only attribute values change: the mark
/// must follow a `"`.
pub(crate) fn relativize(html: String, root: &str) -> String {
    let mark = format!("\"{ROOT_MARK}");
    if html.contains(&mark) {
        html.replace(&mark, &format!("\"{root}"))
    } else {
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_track_urls_have_no_prefix() {
        assert_eq!(level_url(None, "senior"), "levels/senior/");
        assert_eq!(area_url(None, "api-design"), "areas/api-design/");
        assert_eq!(compare_url(None), "compare/");
        assert_eq!(
            pair_url(None, "junior", "senior"),
            "compare/junior-vs-senior/"
        );
    }

    #[test]
    fn track_urls_start_with_the_track() {
        assert_eq!(track_url("sre"), "sre/");
        assert_eq!(level_url(Some("sre"), "sre2"), "sre/levels/sre2/");
        assert_eq!(area_url(Some("sre"), "on-call"), "sre/areas/on-call/");
        assert_eq!(compare_url(Some("sre")), "sre/compare/");
        assert_eq!(pair_url(Some("ic"), "ic1", "ic3"), "ic/compare/ic1-vs-ic3/");
        for url in [
            level_url(Some("t"), "a"),
            area_url(Some("t"), "a"),
            compare_url(Some("t")),
            pair_url(Some("t"), "a", "b"),
        ] {
            assert!(url.starts_with(&track_url("t")), "{url}");
        }
    }

    #[test]
    fn grades_and_peer_pages_live_under_the_top_level_compare() {
        assert_eq!(grades_url(), "compare/");
        assert_eq!(changes_url(), "changes/");
        assert!(is_reserved_top_level(changes_url().trim_end_matches('/')));
        assert_eq!(
            peer_url("ic", "ic3", "sre", "sre3"),
            "compare/ic.ic3-vs-sre.sre3/"
        );
        assert_eq!(levels_list_url(None), "#levels");
        assert_eq!(areas_list_url(None), "#areas");
        assert_eq!(levels_list_url(Some("sre")), "sre/#levels");
        assert_eq!(areas_list_url(Some("sre")), "sre/#areas");
        // A pair of one track is never taken for a pair of peers.
        assert!(!pair_url(None, "a", "b").contains('.'));
    }

    #[test]
    fn ids_of_rows_and_sections() {
        assert_eq!(area_row_id("senior"), "at-senior");
        assert_eq!(category_id("craft"), "craft");
        assert!(RESERVED_IDS.contains(&TRANSITION_ID));
    }

    #[test]
    fn page_files_and_their_urls() {
        assert_eq!(page_file(HOME_URL), HOME_PATH);
        assert_eq!(page_file("levels/senior/"), "levels/senior/index.html");
        assert_eq!(page_url_of("levels/senior/index.html"), "levels/senior/");
        assert_eq!(page_url_of(HOME_PATH), HOME_URL);
        assert_eq!(format!("{HOME_URL}{HOME_LEVELS_URL}"), "#levels");
        assert_eq!(format!("{HOME_URL}{HOME_AREAS_URL}"), "#areas");
        assert_eq!(
            page_file(&pair_url(Some("ic"), "a", "b")),
            "ic/compare/a-vs-b/index.html"
        );
    }

    #[test]
    fn root_prefix_climbs_one_level_per_folder() {
        assert_eq!(root_prefix(HOME_PATH), "./");
        assert_eq!(root_prefix(NOT_FOUND_PATH), "./");
        assert_eq!(root_prefix("levels/senior/index.html"), "../../");
        assert_eq!(root_prefix("sre/levels/sre2/index.html"), "../../../");
    }

    #[test]
    fn relativize_only_touches_attribute_values() {
        let html = format!("<a href=\"{ROOT_MARK}levels/a/\">{ROOT_MARK} text</a>");
        assert_eq!(
            relativize(html, "../../"),
            format!("<a href=\"../../levels/a/\">{ROOT_MARK} text</a>")
        );
        assert_eq!(relativize("<p>x</p>".into(), "./"), "<p>x</p>");
    }

    #[test]
    fn top_level_names_cover_pages_exports_and_publishing_files() {
        for name in [
            "levels",
            "areas",
            "compare",
            "assess",
            "print",
            "changes",
            "pages",
            "tracks",
            "static",
            "search-index.json",
            "ladder.json",
            "ladder.csv",
            "ladder.schema.json",
            "sitemap.xml",
            "robots.txt",
            "404.html",
            "index.html",
            "rungs.css",
            "rungs.js",
            "CNAME",
            ".nojekyll",
        ] {
            assert!(is_reserved_top_level(name), "{name}");
        }
        assert_eq!(RESERVED_TOP_LEVEL.len(), 21);
        assert!(!is_reserved_top_level("sre"));
        assert!(!is_reserved_top_level("glossary"));
        // The first folder of every single-track page URL is reserved.
        for url in [
            level_url(None, "a"),
            area_url(None, "a"),
            compare_url(None),
            pair_url(None, "a", "b"),
        ] {
            let first = url.split('/').next().unwrap();
            assert!(is_reserved_top_level(first), "{url}");
        }
    }
}
