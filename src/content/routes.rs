//! Every URL, output path and HTML id scheme of the generated site, in one place.
//!
//! Owns: page URLs (level, growth area, comparison, pair of levels, track home, grades view,
//! pair of peers across tracks, self-assessment), the output
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

/// The site's icon (an SVG that follows the colour scheme), from the theme's static files.
pub(crate) const FAVICON_PATH: &str = "favicon.svg";

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
    FAVICON_PATH,
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
    "growth-areas-caption",
    "expectations",
    "expectations-caption",
    "levels",
    "areas",
    "introduction",
    "details",
    "search",
    "compare",
];

/// Ids of table captions (they name the tables' scrolling regions) on level, area and pair
/// pages: Markdown headings never take them either, but they are not link targets, so
/// `#fragment` checks do not offer them.
pub(crate) const CAPTION_IDS: &[&str] = &[
    "growth-areas-caption",
    "expectations-caption",
    "summary-caption",
    "competencies-caption",
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
    let mut id = String::with_capacity(level_id.len() + 24);
    id.push_str("at-");
    id.push_str(level_id);
    id
}

/// How many words of an unthreaded item's text make its key ([`item_key`]).
pub(crate) const ITEM_KEY_WORDS: usize = 5;

/// The permalink key of an item (a competency, or an entry of a growth area's expectation),
/// unique within its list once [`dedupe_keys`] has run: its `thread` when it names one,
/// otherwise its first [`ITEM_KEY_WORDS`] words (letters and digits of each, lower-cased,
/// joined by `-`: "Mentors *junior* engineers" → `mentors-junior-engineers`), `item` when
/// it has none. The key depends on nothing but the item, so moving an item within its list
/// keeps it.
pub(crate) fn item_key(thread: Option<&str>, plain: &str) -> String {
    if let Some(thread) = thread {
        return thread.to_string();
    }
    let mut key = String::new();
    let mut taken = 0;
    for word in plain.split_whitespace() {
        if taken == ITEM_KEY_WORDS {
            break;
        }
        let before = key.len();
        if !key.is_empty() {
            key.push('-');
        }
        let start = key.len();
        if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
            // Most words of most ladders: copied and lower-cased in place.
            key.push_str(word);
            key[start..].make_ascii_lowercase();
        } else if word.is_ascii() {
            // The same letters, byte by byte.
            key.extend(
                word.bytes()
                    .filter(u8::is_ascii_alphanumeric)
                    .map(|b| char::from(b.to_ascii_lowercase())),
            );
        } else {
            key.extend(
                word.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase),
            );
        }
        if key.len() == start {
            // A word of punctuation only (`—`, `&`): not part of the key.
            key.truncate(before);
        } else {
            taken += 1;
        }
    }
    if key.is_empty() {
        key.push_str("item");
    }
    key
}

/// Makes the keys of one list unique, in list order: a key already taken gets `-2`, `-3` …
/// (the first free one). Only items that start with the same words are affected.
pub(crate) fn dedupe_keys(keys: &mut [String]) {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for key in keys.iter_mut() {
        if !seen.insert(key.clone()) {
            let mut n = 2;
            while seen.contains(&format!("{key}-{n}")) {
                n += 1;
            }
            key.push_str(&format!("-{n}"));
            seen.insert(key.clone());
        }
    }
}

/// HTML id of a competency item on a level page and of its row on a comparison page:
/// `<category>.<key>` (`impact.mentors-junior-engineers`). The `.` keeps it apart from every
/// heading, category and group id, which have none.
pub(crate) fn competency_item_id(category: &str, key: &str) -> String {
    format!("{category}.{key}")
}

/// HTML id of a growth area's expectation on a level page and of its row on a comparison
/// page: `area.<area>` for one text (it is the area's expectation at that level, whatever its
/// words), `area.<area>.<key>` for an item of a list (never a competency item's id, which has
/// one dot after a category id).
pub(crate) fn area_item_id(area: &str, key: Option<&str>) -> String {
    let mut id = String::with_capacity(area.len() + key.map_or(5, |k| k.len() + 6));
    id.push_str("area.");
    id.push_str(area);
    if let Some(key) = key {
        id.push('.');
        id.push_str(key);
    }
    id
}

/// HTML id of an item of an area's list expectation on the area's page: `at-<level>.<key>`,
/// inside the level's row ([`area_row_id`]).
pub(crate) fn area_row_item_id(level: &str, key: &str) -> String {
    let mut id = area_row_id(level);
    id.push('.');
    id.push_str(key);
    id
}

/// HTML id of an item in the ladder matrix of the comparison page, where every level's items
/// are on one page: `<level>.` and the item's id on its level page
/// (`senior.impact.mentors-junior-engineers`).
pub(crate) fn matrix_item_id(level: &str, item_id: &str) -> String {
    format!("{level}.{item_id}")
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

/// The "Edit this page" link of a page made from `source_path` (from the site root, `/`
/// separators): `template` (site.yaml's `edit_url`) with `{path}` replaced by the path,
/// each byte but unreserved characters and `/` percent-encoded.
pub(crate) fn edit_link(template: &str, source_path: &str) -> String {
    let mut path = String::with_capacity(source_path.len());
    for b in source_path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            path.push(char::from(b));
        } else {
            path.push_str(&format!("%{b:02X}"));
        }
    }
    template.replace("{path}", &path)
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

/// URL of the page that holds a track's whole ladder for printing: `print/`, or
/// `<track>/print/`.
pub(crate) fn print_url(track: Option<&str>) -> String {
    in_track(track, "print/")
}

/// URL of the comparison page of two levels of one track, lower first:
/// `compare/<lower>-vs-<upper>/`, or `<track>/compare/<lower>-vs-<upper>/`.
pub(crate) fn pair_url(track: Option<&str>, lower: &str, upper: &str) -> String {
    in_track(track, &format!("compare/{lower}-vs-{upper}/"))
}

/// URL of the self-assessment chooser: `assess/`, at the top level in a ladder with or
/// without tracks (it lists every track's levels).
pub(crate) fn assess_index_url() -> String {
    "assess/".to_string()
}

/// URL of the self-assessment against a level: `assess/<id>/`, or `<track>/assess/<id>/`.
pub(crate) fn assess_url(track: Option<&str>, id: &str) -> String {
    in_track(track, &format!("assess/{id}/"))
}

/// HTML id of an expectation's block on a self-assessment page: `x_<item id>`. The ids a
/// self-assessment page makes itself all have a `_`, which no slug has, so none of them can
/// be the id of a category or group (those headings keep their ids, as on level pages).
pub(crate) fn assess_item_id(item: &str) -> String {
    format!("x_{item}")
}

/// HTML id of a growth area's heading on a self-assessment page: `area_<area id>`.
pub(crate) fn assess_area_id(area: &str) -> String {
    format!("area_{area}")
}

/// The page-local names of the parts of the `n`-th expectation (from 1) of a
/// self-assessment page: the HTML id of its text (`t_<n>`), the name of its radio group
/// (`r_<n>`) and the HTML id of its note box (`n_<n>`). Short, because a page of a ladder
/// with thousands of growth areas repeats them thousands of times.
pub(crate) fn assess_part_ids(n: usize) -> [String; 3] {
    [format!("t_{n}"), format!("r_{n}"), format!("n_{n}")]
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
    // Every page is scanned: a vectorised search, and a copy only when the mark is there.
    let mark = format!("\"{ROOT_MARK}");
    let finder = memchr::memmem::Finder::new(mark.as_bytes());
    let mut found = finder.find_iter(html.as_bytes()).peekable();
    if found.peek().is_none() {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for at in found {
        out.push_str(&html[last..at]);
        out.push('"');
        out.push_str(root);
        last = at + mark.len();
    }
    out.push_str(&html[last..]);
    out
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
        assert_eq!(print_url(None), "print/");
        assert_eq!(print_url(Some("sre")), "sre/print/");
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
    fn self_assessment_urls() {
        assert_eq!(assess_index_url(), "assess/");
        assert_eq!(assess_url(None, "senior"), "assess/senior/");
        assert_eq!(assess_url(Some("ic"), "ic3"), "ic/assess/ic3/");
        assert_eq!(assess_item_id("craft-reads"), "x_craft-reads");
        assert_eq!(assess_area_id("testing"), "area_testing");
        assert_eq!(assess_part_ids(12), ["t_12", "r_12", "n_12"]);
        assert!(is_reserved_top_level(
            assess_index_url().trim_end_matches('/')
        ));
    }

    #[test]
    fn ids_of_rows_and_sections() {
        assert_eq!(area_row_id("senior"), "at-senior");
        assert_eq!(category_id("craft"), "craft");
        assert!(RESERVED_IDS.contains(&TRANSITION_ID));
    }

    #[test]
    fn edit_links_put_the_encoded_path_in_the_template() {
        assert_eq!(
            edit_link(
                "https://github.com/org/ladder/edit/main/{path}",
                "content/levels/senior.md"
            ),
            "https://github.com/org/ladder/edit/main/content/levels/senior.md"
        );
        assert_eq!(
            edit_link("https://x.org/{path}?plain=1", "content/areas/a b&c\"é.md"),
            "https://x.org/content/areas/a%20b%26c%22%C3%A9.md?plain=1"
        );
    }

    #[test]
    fn item_keys_are_threads_or_first_words() {
        assert_eq!(item_key(Some("mentoring"), "Mentors juniors"), "mentoring");
        assert_eq!(
            item_key(
                None,
                "Mentors *junior* engineers, on (specific) tasks and more"
            ),
            "mentors-junior-engineers-on-specific"
        );
        assert_eq!(item_key(None, "Maître d'œuvre — ok"), "maître-dœuvre-ok");
        assert_eq!(item_key(None, " — … "), "item");
        assert_eq!(
            item_key(None, "& Leads -- THE design_reviews, of 2x teams"),
            "leads-the-designreviews-of-2x"
        );
        assert_eq!(item_key(None, "Été — Leads & x"), "été-leads-x");
        assert_eq!(item_key(None, ""), "item");
        let mut keys: Vec<String> = ["a", "b", "a", "a-2", "a"].map(String::from).to_vec();
        dedupe_keys(&mut keys);
        assert_eq!(keys, ["a", "b", "a-2", "a-2-2", "a-3"]);
        assert_eq!(competency_item_id("impact", "k"), "impact.k");
        assert_eq!(area_item_id("apis", Some("k")), "area.apis.k");
        assert_eq!(area_item_id("apis", None), "area.apis");
        assert_eq!(area_row_item_id("senior", "k"), "at-senior.k");
        assert_eq!(matrix_item_id("senior", "impact.k"), "senior.impact.k");
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
        // Every mark, at the start, twice in a row and at the very end.
        let html = format!("\"{ROOT_MARK}a\"{ROOT_MARK}\"{ROOT_MARK}b é \"{ROOT_MARK}");
        assert_eq!(relativize(html, "../"), "\"../a\"../\"../b é \"../");
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
            "favicon.svg",
            "CNAME",
            ".nojekyll",
        ] {
            assert!(is_reserved_top_level(name), "{name}");
        }
        assert_eq!(RESERVED_TOP_LEVEL.len(), 22);
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
