//! View structs handed to templates: the theme API.
//!
//! They borrow from the model and are only serialized, never read back. Every field is part
//! of what theme authors can use, so each is documented; the model itself stays private to
//! the pipeline. HTML-valued fields come from the Markdown renderer, which drops links and
//! images of other schemes than http, https and mailto, writes heading ids itself and escapes
//! raw HTML unless site.yaml sets `unsafe_html: true`: print them with `| safe`. Everything
//! else is plain text, untrusted (titles, short names, descriptions, the language): print it
//! without `| safe`, and templates escape it.
//!
//! What each template sees:
//!
//! | variable | templates | type |
//! |---|---|---|
//! | `site` | all | [`SiteView`] (global) |
//! | `areas` | all | list of [`AreaShared`] (global) |
//! | `labels` | all | the site's words, a map from label key to text (global): see [`crate::labels`] and README's “Labels”; fill placeholders with the filter `fill` |
//! | `track` | all | [`TrackView`] (global) or `none` |
//! | `page_title`, `breadcrumbs`, `root`, `current_level`, `current_compare`, `current_track`, `current_page`, `edit_url`, `last_updated`, `nav_links`, `search_form` | all | fields of [`PageContext`] |
//! | `intro` | `index.html` | [`IntroView`] |
//! | `level` | `level.html` | [`LevelView`] |
//! | `area` | `area.html` | [`AreaView`] |
//! | `compare` | `compare.html` | [`CompareView`] |
//! | `pair` | `pair.html` | [`PairView`] |
//! | `grades` | `grades.html` | [`GradesView`] |
//! | `page` | `page.html` | [`FreePageView`] |
//! | `assess` | `assess.html` | [`crate::render::assess::AssessView`] |
//! | `print` | `print.html` | [`PrintView`] |
//!
//! `404.html` and `track.html` see only the variables of every page; `base.html` is
//! extended by all of them; `components.html` defines the `item`, `marks` and
//! `expectation` components the others print expectations with (a component sees only its
//! arguments and, through `@labels`, the labels). Every item has one shape, [`ItemView`],
//! with its HTML id on the page and how it compares with the level below (computed once per
//! build by `render::progress`). Four values are global, set once per build and shared by every
//! page without copying: `site`, `labels`, `areas` and `track`: a 5,000-area ladder is
//! converted to template values once, not once per page. The rows of the three biggest
//! tables (`level.areas_html`, `pair.areas_html`, `compare.areas_html`) are HTML written by
//! `render::rows`; a theme can build its own from `areas`, indexing each area's
//! `expectations` by a level's `index`. The rest is one [`PageContext`] per page.
//!
//! Tracks ([`Scope`]): the globals are those of the page's track. In a ladder without tracks
//! there is one, so `site.levels` is every level, `areas` every growth area and `track` is
//! `none`. In a ladder with tracks, the pages of a track (its home, levels, areas,
//! comparisons) see that track's levels in `site.levels`, its growth areas in `areas`, its
//! categories in `site.categories` and `site.sections`, and the track in `track`; the pages
//! outside any track (home, grades view, pairs of peers, 404) see no levels and no areas
//! (`site.tracks` lists the tracks). `site.tracks` is empty in a ladder without tracks,
//! which is how templates tell the two apart.

use crate::content::align::{self, Counts, Pair, Status};
use crate::content::markdown::Heading;
use crate::content::model::{Area, Expectation, Item, Ladder, Level, Page, Text, Track};
use crate::content::routes::{self, area_url, level_url, pair_url};
use crate::render::progress::{self, Progress, TrackProgress};
use serde::Serialize;
use std::borrow::Cow;

/// `site`: the same on every page (Tera's global context).
#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
    /// Site title from site.yaml.
    pub(crate) title: &'a str,
    /// Site description, plain text.
    pub(crate) description: Option<&'a str>,
    /// `lang` of the pages.
    pub(crate) language: &'a str,
    /// Base URL (ends with `/`), for absolute URLs; links between pages use `root`.
    pub(crate) base_url: &'a str,
    /// "rungs <version>".
    pub(crate) generator: String,
    /// Competency categories in display order: those the page's track applies (every one
    /// outside tracks).
    pub(crate) categories: Vec<CategoryView<'a>>,
    /// Groups of categories in display order (empty unless site.yaml sets `groups`).
    pub(crate) groups: Vec<GroupView<'a>>,
    /// The categories cut into runs shown together: the ungrouped ones first (`group` is
    /// `none`), then one per group with categories. `start`/`end` slice `site.categories` and
    /// every per-category list of a page (`level.competencies[s.start:s.end]`,
    /// `compare.categories`), which all follow the category order (a pair page has its own,
    /// `pair.sections`).
    pub(crate) sections: Vec<SectionView<'a>>,
    /// The levels of the page's track in rank order (every level of a ladder without
    /// tracks; none on pages outside any track).
    pub(crate) levels: Vec<LevelLink<'a>>,
    /// Number of growth areas of the page's track.
    pub(crate) area_count: usize,
    /// URL of the track's comparison page relative to the root; `None` with fewer than two
    /// levels, and outside any track.
    pub(crate) compare_url: Option<String>,
    /// URL of the search index relative to the root.
    pub(crate) search_index: &'static str,
    /// Every track in display order; empty in a ladder without tracks.
    pub(crate) tracks: Vec<TrackView<'a>>,
    /// URL of the grades view (every track's level at each rank); `None` without tracks.
    pub(crate) grades_url: Option<String>,
    /// Free pages (`content/pages/`) in display order; those with `nav` go in the header.
    pub(crate) pages: Vec<PageLink<'a>>,
    /// URL of the self-assessment chooser (every track's levels); `None` in a ladder
    /// without levels.
    pub(crate) assess_url: Option<String>,
    /// URL of the page's track's printable ladder (`print/`); `None` outside any track.
    pub(crate) print_url: Option<String>,
    /// URL of `ladder.json` relative to the root.
    pub(crate) ladder_json: &'static str,
    /// URL of `ladder.csv` relative to the root.
    pub(crate) ladder_csv: &'static str,
    /// The ladder's version, worded (`ladder-v3`, `ladder-v3 + 2 changes (abc1234,
    /// 2026-07-01)`); `none` unless site.yaml sets `versions` and the site is in git.
    pub(crate) version: Option<String>,
    /// URL of the changes page relative to the root; `none` when there is none.
    pub(crate) changes_url: Option<String>,
    /// The header's theme toggle and the footer's credit line, HTML written once per build
    /// by rungs (`render::chrome`): print each with `| safe`.
    pub(crate) chrome: crate::render::chrome::ChromeView,
}

/// A link to a free page.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct PageLink<'a> {
    /// Page id (its file stem).
    pub(crate) id: &'a str,
    /// Title.
    pub(crate) title: &'a str,
    /// URL relative to the site root.
    pub(crate) url: String,
    /// Whether it is listed in the header navigation.
    pub(crate) nav: bool,
}

/// `page` on a free page (`content/pages/<id>.md`).
#[derive(Debug, Serialize)]
pub(crate) struct FreePageView<'a> {
    /// Page id.
    pub(crate) id: &'a str,
    /// Title.
    pub(crate) title: &'a str,
    /// URL relative to the site root.
    pub(crate) url: String,
    /// Body HTML (may be empty).
    pub(crate) body: &'a str,
    /// Headings of the body.
    pub(crate) headings: &'a [Heading],
}

/// A track of a multi-track ladder: an entry of `site.tracks`, and the global `track` on the
/// pages of that track.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct TrackView<'a> {
    /// Track id (its folder name).
    pub(crate) id: &'a str,
    /// Title.
    pub(crate) title: &'a str,
    /// Short name, for the navigation.
    pub(crate) short: &'a str,
    /// URL of the track's home page relative to the root.
    pub(crate) url: String,
    /// Summary HTML.
    pub(crate) summary: Option<&'a str>,
    /// Body HTML of the track's home page (may be empty).
    pub(crate) body: &'a str,
    /// Headings of the body.
    pub(crate) headings: &'a [Heading],
    /// Number of levels.
    pub(crate) level_count: usize,
    /// URL of the track's comparison page; `None` with fewer than two levels.
    pub(crate) compare_url: Option<String>,
    /// URL of the track's printable ladder.
    pub(crate) print_url: String,
}

/// A competency category.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct CategoryView<'a> {
    /// Slug, also the HTML id of its heading on level pages.
    pub(crate) id: &'a str,
    /// Display title.
    pub(crate) title: &'a str,
    /// Plain-text description (the track's own wording, as plain text, when it has one).
    pub(crate) description: Option<&'a str>,
    /// The id of its group, if any.
    pub(crate) group: Option<&'a str>,
    /// The track's own wording of the description, HTML; `none` when it has none.
    pub(crate) description_html: Option<&'a str>,
}

/// A group of categories: a heading over them.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct GroupView<'a> {
    /// Slug, also the HTML id of its heading on level pages.
    pub(crate) id: &'a str,
    /// Display title.
    pub(crate) title: &'a str,
    /// Plain-text description.
    pub(crate) description: Option<&'a str>,
}

/// A run of categories shown together (see `site.sections`).
#[derive(Debug, Serialize)]
pub(crate) struct SectionView<'a> {
    /// The group, `none` for the categories of no group.
    pub(crate) group: Option<GroupView<'a>>,
    /// Index of its first category in `site.categories`.
    pub(crate) start: usize,
    /// Index after its last category.
    pub(crate) end: usize,
}

/// A link to a level with what lists and tables need.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct LevelLink<'a> {
    /// Level id.
    pub(crate) id: &'a str,
    /// The id of the level's track; `none` in a ladder without tracks.
    pub(crate) track: Option<&'a str>,
    /// Full title.
    pub(crate) title: &'a str,
    /// Short name.
    pub(crate) short: &'a str,
    /// Rank from the source.
    pub(crate) rank: i64,
    /// 0-based position in its track: the index into an area's `expectations`.
    pub(crate) index: usize,
    /// 1-based position in its track.
    pub(crate) position: usize,
    /// URL relative to the site root (prefix it with `root`).
    pub(crate) url: String,
    /// HTML id of this level's row on area pages.
    pub(crate) row_id: String,
    /// Summary HTML.
    pub(crate) summary: Option<&'a str>,
    /// Other names of the level ("L4"), plain text; empty when it has none.
    pub(crate) aliases: &'a [String],
    /// A draft level (only in `serve` and `--drafts` builds), to be marked as such.
    pub(crate) draft: bool,
}

/// One entry of the global `areas`: a growth area with its expectation at every level.
#[derive(Debug, Serialize)]
pub(crate) struct AreaShared<'a> {
    /// Area id.
    pub(crate) id: &'a str,
    /// Title.
    pub(crate) title: &'a str,
    /// URL relative to the site root.
    pub(crate) url: String,
    /// Summary HTML.
    pub(crate) summary: Option<&'a str>,
    /// The expectation per level, indexed by a level's `index`; `none` where there is none.
    pub(crate) expectations: Vec<Option<ExpectationView<'a>>>,
    /// The expectations as cells of the growth-area matrix: neighbouring levels that expect
    /// the same thing share one cell.
    pub(crate) spans: Vec<SpanCell<'a>>,
}

/// A cell of the growth-area matrix, possibly spanning neighbouring levels that expect the
/// same thing.
#[derive(Debug, Serialize)]
pub(crate) struct SpanCell<'a> {
    /// How many level columns the cell covers (1 or more).
    pub(crate) colspan: usize,
    /// The level index of its first column: the expectation is the area's
    /// `expectations[index]` (`none` when it expects nothing there).
    pub(crate) index: usize,
    /// Short names of the levels the cell covers.
    pub(crate) levels: Vec<&'a str>,
}

/// One expectation item: a competency, or one entry of a growth area's expectation. Every
/// template sees items in this one shape, wherever they are.
#[derive(Debug, Serialize, Clone, PartialEq)]
pub(crate) struct ItemView<'a> {
    /// The expectation, HTML.
    pub(crate) html: &'a str,
    /// Examples, HTML each (shown collapsed under the item); empty when there are none.
    pub(crate) examples: Vec<&'a str>,
    /// The skill this item continues at other levels, if named.
    pub(crate) thread: Option<&'a str>,
    /// Its HTML id on the page that shows it (README, "Permalinks"); in a pair page's rows,
    /// which have their own ids, its id on its level page.
    pub(crate) id: String,
    /// Compared with the level below: `new`, `grown` or `unchanged`; `none` at the lowest
    /// level and where the page compares nothing (area pages, matrices, pair rows, which have
    /// their own `status`).
    pub(crate) status: Option<Status>,
    /// For a `grown` item on a level page: the HTML of the item it continues at the level
    /// below; `none` otherwise.
    pub(crate) was: Option<&'a str>,
    /// "Changed in …": set when the item changed in the latest version (or since it);
    /// `none` otherwise.
    pub(crate) changed: Option<MarkView>,
}

/// A "changed in" mark: the version and a link to the change on the changes page.
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub(crate) struct MarkView {
    /// The mark's text, from the label `changed_in` (or `changed_since` for changes not in a
    /// version yet).
    pub(crate) text: String,
    /// The link to the change, already relative to the page (print it as it is: components
    /// do not see `root`).
    pub(crate) href: String,
    /// Whether the change is not in a version yet.
    pub(crate) unreleased: bool,
}

/// `changes` on the changes page: the versions, newest first.
#[derive(Debug, Serialize)]
pub(crate) struct ChangesView {
    /// One entry per version (and first, the changes since the newest one, and in `serve`
    /// the unsaved ones).
    pub(crate) entries: Vec<ChangeEntryView>,
}

/// One version on the changes page.
#[derive(Debug, Serialize)]
pub(crate) struct ChangeEntryView {
    /// The section's HTML id (`v-ladder-v3`, `unreleased`, `unsaved`).
    pub(crate) id: String,
    /// Its heading: the version's name, or the label for unreleased or unsaved changes.
    pub(crate) title: String,
    /// The version's commit date, `YYYY-MM-DD`; `none` for unreleased and unsaved changes.
    pub(crate) date: Option<String>,
    /// The version's short commit id.
    pub(crate) commit: Option<String>,
    /// Whether this is the first version (nothing before it to compare with).
    pub(crate) first: bool,
    /// The changes, by section; empty when nothing changed.
    pub(crate) sections: Vec<ChangeSectionView>,
}

/// A heading and its changes.
#[derive(Debug, Serialize)]
pub(crate) struct ChangeSectionView {
    /// "Categories", "Levels", "Senior Engineer › Delivery", a track's title …
    pub(crate) heading: String,
    /// Whether the heading is a track's (the sections after it belong to it).
    pub(crate) track: bool,
    /// The changes.
    pub(crate) lines: Vec<ChangeLineView>,
}

/// One change on the changes page.
#[derive(Debug, Serialize)]
pub(crate) struct ChangeLineView {
    /// `added`, `removed`, `changed`, `moved` or `renamed`.
    pub(crate) kind: &'static str,
    /// Its label ("Added").
    pub(crate) label: String,
    /// The text (the new one when changed), plain.
    pub(crate) text: String,
    /// The word-level difference of a reworded item: `{op: same|deleted|inserted, text}`;
    /// empty otherwise.
    pub(crate) words: Vec<crate::worddiff::WordChange>,
    /// "from Senior › Craft", "examples changed", a rename's details; `none` when there is
    /// nothing to add.
    pub(crate) note: Option<String>,
}

/// A growth area's expectation at one level: `{list, items}`, one item when written as one
/// text (`list` false), every item of the list otherwise. The default theme prints both
/// with the `expectation` component (`components.html`).
#[derive(Debug, Serialize, Clone, PartialEq)]
pub(crate) struct ExpectationView<'a> {
    /// Whether it was written as a list (and is shown as one).
    pub(crate) list: bool,
    /// The items, with their examples.
    pub(crate) items: Vec<ItemView<'a>>,
}

/// The view of an item with HTML id `id`, compared with nothing.
pub(crate) fn item_view(item: &Item, id: String) -> ItemView<'_> {
    ItemView {
        html: &item.text.html,
        examples: item.examples.iter().map(|e| e.html.as_str()).collect(),
        thread: item.thread.as_deref(),
        id,
        status: None,
        was: None,
        changed: None,
    }
}

/// The views of a list of items compared with the list `below` at the level below through
/// `pairs` (`None`: nothing to compare with), each with the id `id(key)`.
fn compared_views<'a>(
    items: &'a [Item],
    below: Option<(&'a [Item], &[Pair])>,
    id: impl Fn(&str) -> String,
) -> Vec<ItemView<'a>> {
    let statuses = below.map(|(_, pairs)| progress::by_upper(pairs, items.len()));
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let mut view = item_view(item, id(&item.key));
            if let (Some(statuses), Some((lower, _))) = (&statuses, below) {
                let (status, from) = statuses[i];
                view.status = Some(status);
                if status == Status::Grown {
                    view.was = from.map(|l| lower[l].text.html.as_str());
                }
            }
            view
        })
        .collect()
}

/// The view of an expectation, its items with the ids `id(key)`, compared with nothing.
pub(crate) fn expectation_view(
    e: &Expectation,
    id: impl Fn(&str) -> String,
) -> ExpectationView<'_> {
    ExpectationView {
        list: e.list,
        items: e.items.iter().map(|i| item_view(i, id(&i.key))).collect(),
    }
}

/// Per section (`start`/`end` slicing a page's list of categories), whether `has_items`
/// holds for any category of it (by index into that list).
fn sections_with_items(sections: &[SectionView], has_items: impl Fn(usize) -> bool) -> Vec<bool> {
    sections
        .iter()
        .map(|s| (s.start..s.end).any(&has_items))
        .collect()
}

/// One breadcrumb; the last one (the current page) has no URL.
#[derive(Debug, Serialize)]
pub(crate) struct Crumb<'a> {
    /// Text of the crumb.
    pub(crate) title: Cow<'a, str>,
    /// URL relative to the site root, `none` for the current page.
    pub(crate) url: Option<String>,
}

/// What one page's template sees besides the globals `site` and `areas`: the same keys on
/// every page, plus the view of the page's own kind (only on its pages: elsewhere the key is
/// not defined at all). Serialized as the page's whole Tera context, so this struct is the
/// list of per-page variables.
#[derive(Debug, Serialize)]
pub(crate) struct PageContext<'a> {
    /// The page's own title, for `<title>` ("Senior Engineer", "Junior vs Senior");
    /// `none` on the home page, whose `<title>` is the site title alone.
    pub(crate) page_title: Option<String>,
    /// The path from the home page to this one ("Home", maybe a section, this page);
    /// empty on the home page.
    pub(crate) breadcrumbs: Vec<Crumb<'a>>,
    /// The relative path from this page to the site root, ending with `/` (`./`,
    /// `../../`): print it before every URL of a view (`{{ root }}{{ level.url }}`). On the
    /// 404 page, which is served at any depth, the base URL instead.
    pub(crate) root: String,
    /// The id of the level a level page shows, to mark it in the navigation; `none` on
    /// every other page.
    pub(crate) current_level: Option<&'a str>,
    /// `true` on the comparison page and the pair pages, to mark "Compare" in the navigation.
    pub(crate) current_compare: bool,
    /// The id of the track the page belongs to, to mark it in the navigation; `none`
    /// outside tracks and in a ladder without tracks.
    pub(crate) current_track: Option<&'a str>,
    /// The id of the free page a free page shows, to mark it in the navigation; `none` on
    /// every other page.
    pub(crate) current_page: Option<&'a str>,
    /// `index.html` only: the home page's texts ([`IntroView`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) intro: Option<IntroView<'a>>,
    /// `level.html` only: the level ([`LevelView`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) level: Option<LevelView<'a>>,
    /// `area.html` only: the growth area ([`AreaView`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) area: Option<AreaView<'a>>,
    /// `compare.html` only: the matrices and the pair picker ([`CompareView`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) compare: Option<CompareView<'a>>,
    /// `pair.html` only: two levels side by side ([`PairView`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) pair: Option<PairView<'a>>,
    /// `grades.html` only: every track's level at each rank ([`GradesView`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) grades: Option<GradesView<'a>>,
    /// `page.html` only: a free page ([`FreePageView`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) page: Option<FreePageView<'a>>,
    /// `assess.html` only: the self-assessment chooser or checklist
    /// ([`crate::render::assess::AssessView`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) assess: Option<crate::render::assess::AssessView<'a>>,
    /// The "Edit this page" link of a page made from one source file (a level, a growth
    /// area, a free page, a track's home, the home page with `content/_index.md`), when
    /// site.yaml sets `edit_url`; `none` otherwise.
    pub(crate) edit_url: Option<String>,
    /// The header's links to the levels (to the tracks, in a ladder with tracks), `<li>`
    /// each, the page's level or track marked `aria-current`: HTML written by rungs
    /// (`render::chrome`), print it with `| safe`.
    pub(crate) nav_links: String,
    /// The header's search form (hidden until `rungs.js` shows it), its words from the
    /// labels: HTML written by rungs (`render::chrome`), print it with `| safe`.
    pub(crate) search_form: String,
    /// When the source file of a page made from one file (the pages with `edit_url`) last
    /// changed: the date (`YYYY-MM-DD`, UTC) of the newest commit on HEAD's first-parent line
    /// that changed it, read from git; `none` outside git, for a file not committed yet, for
    /// one older than a shallow clone's history, with `last_updated: false`, and on every
    /// other page. Never the build time.
    pub(crate) last_updated: Option<String>,
    /// `print.html` only: a track's whole ladder in one document ([`PrintView`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) print: Option<PrintView<'a>>,
    /// `changes.html` only: the versions and what changed in each ([`ChangesView`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) changes: Option<ChangesView>,
}

/// `print` on the printable ladder (`print/`): every level and the matrices of one track,
/// for printing or saving as PDF (its growth areas are the global `areas`).
#[derive(Debug, Serialize)]
pub(crate) struct PrintView<'a> {
    /// Every level in rank order, as its own page shows it.
    pub(crate) levels: Vec<LevelView<'a>>,
    /// Each level's transition HTML (aligned with `levels`), its heading ids prefixed with
    /// `level-<id>-` so that headings of two levels' transitions never share an id in this
    /// one document; `none` where a level has no transition.
    pub(crate) transitions: Vec<Option<String>>,
    /// The matrices of the comparison page; `none` with fewer than two levels.
    pub(crate) compare: Option<CompareView<'a>>,
    /// The absolute URL of this page (`base_url` + its path), shown on the cover and on
    /// every printed page.
    pub(crate) url: String,
    /// HEAD's date (`YYYY-MM-DD`, UTC) when the site root is in a git repository, shown on
    /// the cover and on every printed page (but where the version line already holds it);
    /// `none` otherwise. Never the build time.
    pub(crate) date: Option<String>,
    /// What every printed page carries in its margin (the ladder's name, its version and
    /// date when known, and its URL), as a
    /// quoted CSS string for `content:` in which every character but ASCII letters, digits
    /// and spaces is a CSS escape, so it is safe to print unescaped (`| safe`) in a `<style>`.
    pub(crate) running_head: String,
}

impl<'a> PageContext<'a> {
    /// A page at `root` with no view yet. With a `title`, its breadcrumbs lead from the home
    /// page (titled `home`, the label) through `parents` (each a title and a URL relative to
    /// the root: the track, the list or page above) to the title; without one (the home page)
    /// there are none.
    pub(crate) fn new(
        root: String,
        home: &'a str,
        title: Option<String>,
        parents: Vec<(Cow<'a, str>, String)>,
    ) -> Self {
        let breadcrumbs = match &title {
            None => Vec::new(),
            Some(current) => {
                let mut out = vec![Crumb {
                    title: Cow::Borrowed(home),
                    url: Some(routes::HOME_URL.to_string()),
                }];
                for (title, url) in parents {
                    out.push(Crumb {
                        title,
                        url: Some(url),
                    });
                }
                out.push(Crumb {
                    title: Cow::Owned(current.clone()),
                    url: None,
                });
                out
            }
        };
        PageContext {
            page_title: title,
            breadcrumbs,
            root,
            current_level: None,
            current_compare: false,
            current_track: None,
            current_page: None,
            intro: None,
            print: None,
            edit_url: None,
            nav_links: String::new(),
            search_form: String::new(),
            last_updated: None,
            level: None,
            area: None,
            compare: None,
            pair: None,
            grades: None,
            page: None,
            assess: None,
            changes: None,
        }
    }
}

/// `intro` on the home page.
#[derive(Debug, Serialize)]
pub(crate) struct IntroView<'a> {
    /// Home page heading.
    pub(crate) title: &'a str,
    /// Introduction HTML (may be empty).
    pub(crate) body: &'a str,
    /// Heading of the list of levels.
    pub(crate) levels_title: &'a str,
    /// Heading of the list of growth areas.
    pub(crate) areas_title: &'a str,
    /// HTML introducing the list of levels.
    pub(crate) levels_intro: Option<&'a str>,
    /// HTML introducing the list of growth areas.
    pub(crate) areas_intro: Option<&'a str>,
    /// Conclusion HTML, shown after levels and areas.
    pub(crate) conclusion: Option<&'a str>,
    /// Headings of the introduction.
    pub(crate) headings: &'a [Heading],
    /// With tracks, the levels of each track of `site.tracks` (same order), for the home
    /// page's ladders; empty without tracks (the levels are in `site.levels`).
    pub(crate) track_levels: Vec<Vec<LevelLink<'a>>>,
}

/// One category's expectations on a level page.
#[derive(Debug, Serialize)]
pub(crate) struct CompetencyGroup<'a> {
    /// Category id (also the heading's HTML id).
    pub(crate) id: &'a str,
    /// Category title.
    pub(crate) title: &'a str,
    /// Category description, plain text.
    pub(crate) description: Option<&'a str>,
    /// The track's own wording of the description, HTML; `none` when it has none.
    pub(crate) description_html: Option<&'a str>,
    /// Expectations; empty when the level has none in this category (the default theme
    /// then leaves the category out).
    pub(crate) items: Vec<ItemView<'a>>,
}

/// `level` on a level page. The growth areas at this level are the global `areas`, each
/// with `expectations[level.index]`; `areas_html` has them as the rows of a table.
#[derive(Debug, Serialize)]
pub(crate) struct LevelView<'a> {
    /// Level id.
    pub(crate) id: &'a str,
    /// Full title.
    pub(crate) title: &'a str,
    /// Short name.
    pub(crate) short: &'a str,
    /// Other names of the level ("L4"), plain text; empty when it has none.
    pub(crate) aliases: &'a [String],
    /// A draft level (only in `serve` and `--drafts` builds): marked "Draft".
    pub(crate) draft: bool,
    /// Rank from the source.
    pub(crate) rank: i64,
    /// 0-based position: the index into an area's `expectations`.
    pub(crate) index: usize,
    /// 1-based position in the ladder.
    pub(crate) position: usize,
    /// URL relative to the site root.
    pub(crate) url: String,
    /// Summary HTML.
    pub(crate) summary: Option<&'a str>,
    /// Expectations per category the track applies, in category order (so `site.sections`
    /// slice it); the default theme leaves out those with no `items`.
    pub(crate) competencies: Vec<CompetencyGroup<'a>>,
    /// Whether any category has items at this level (the default theme leaves the
    /// competencies section out when none has).
    pub(crate) has_competencies: bool,
    /// Per entry of `site.sections`: whether any of its categories has items at this level
    /// (a group with none is left out, heading included).
    pub(crate) sections_with_items: Vec<bool>,
    /// Whether any growth area has an expectation at this level (areas without one are left
    /// off the level's page).
    pub(crate) has_areas: bool,
    /// Transition HTML: how one grows into this level from the previous one.
    pub(crate) transition: Option<&'a str>,
    /// Body HTML (may be empty).
    pub(crate) body: &'a str,
    /// Headings of the body.
    pub(crate) headings: &'a [Heading],
    /// The level below, if any.
    pub(crate) prev: Option<LevelLink<'a>>,
    /// The level above, if any.
    pub(crate) next: Option<LevelLink<'a>>,
    /// URL of the comparison with the level below, if any.
    pub(crate) compare_prev: Option<String>,
    /// URL of the comparison with the level above, if any.
    pub(crate) compare_next: Option<String>,
    /// The levels of other tracks with the same rank, in track order; empty in a ladder
    /// without tracks.
    pub(crate) peers: Vec<PeerLink<'a>>,
    /// URL of the self-assessment against this level, relative to the root.
    pub(crate) assess_url: String,
    /// On the level's page: the rows of its growth-area table, HTML written by rungs
    /// (`render::rows`), a `<tr>` per area with an expectation at this level: the area
    /// linked to its page, then the expectation with its items' ids, "new at this level"
    /// marks and permalinks (the markup of `components.html`). Print it with `| safe`.
    /// Empty elsewhere (the printable ladder's levels).
    pub(crate) areas_html: String,
}

/// A peer of a level: the level of another track with the same rank.
#[derive(Debug, Serialize)]
pub(crate) struct PeerLink<'a> {
    /// Title of the peer's track.
    pub(crate) track_title: &'a str,
    /// Short name of the peer's track.
    pub(crate) track_short: &'a str,
    /// The peer.
    pub(crate) level: LevelLink<'a>,
    /// URL of the page comparing the two, relative to the root.
    pub(crate) url: String,
}

/// One rank of the grades view.
#[derive(Debug, Serialize)]
pub(crate) struct GradeRow<'a> {
    /// The rank.
    pub(crate) rank: i64,
    /// Per track (in `site.tracks` order), its level at this rank, if any.
    pub(crate) levels: Vec<Option<LevelLink<'a>>>,
    /// The comparison pages of the peers at this rank.
    pub(crate) pairs: Vec<PairLink<'a>>,
}

/// `grades` on the grades view of a multi-track ladder: for every rank used by any track,
/// the level of each track at that rank.
#[derive(Debug, Serialize)]
pub(crate) struct GradesView<'a> {
    /// A row per rank, ascending.
    pub(crate) rows: Vec<GradeRow<'a>>,
}

/// `area` on an area page.
#[derive(Debug, Serialize)]
pub(crate) struct AreaView<'a> {
    /// Area id.
    pub(crate) id: &'a str,
    /// Title.
    pub(crate) title: &'a str,
    /// URL relative to the site root.
    pub(crate) url: String,
    /// Summary HTML.
    pub(crate) summary: Option<&'a str>,
    /// Body HTML (may be empty).
    pub(crate) body: &'a str,
    /// Headings of the body.
    pub(crate) headings: &'a [Heading],
    /// The expectation per level, aligned with `site.levels`; `none` where there is none.
    pub(crate) expectations: Vec<Option<ExpectationView<'a>>>,
    /// "Changed in …" per level, aligned with `site.levels`: set where the expectation
    /// changed in the latest version (or since it).
    pub(crate) changed: Vec<Option<MarkView>>,
}

/// A link to the comparison page of two levels (of one track, or two peers).
#[derive(Debug, Serialize, Clone)]
pub(crate) struct PairLink<'a> {
    /// URL relative to the site root.
    pub(crate) url: String,
    /// The lower-ranked level.
    pub(crate) lower: LevelLink<'a>,
    /// The higher-ranked level.
    pub(crate) upper: LevelLink<'a>,
}

/// One row of the ladder matrix: a category, a cell per level.
#[derive(Debug, Serialize)]
pub(crate) struct CategoryRow<'a> {
    /// Category id.
    pub(crate) id: &'a str,
    /// Category title.
    pub(crate) title: &'a str,
    /// A row per skill: per level (in rank order) its item there, `none` where it has none.
    /// Items continued from the level below (same thread, or aligned) share a row; a thread
    /// that skips levels keeps its row; an item that continues nothing starts one. Rows are
    /// in the order they start (lowest level first, then list order). Empty when the category
    /// has items at no level.
    pub(crate) rows: Vec<Vec<Option<ItemView<'a>>>>,
}

/// A row of the pair picker: pairs starting at one level.
#[derive(Debug, Serialize)]
pub(crate) struct PickerRow<'a> {
    /// The lower level of every pair in the row.
    pub(crate) from: LevelLink<'a>,
    /// Per level (in rank order): the pair page, `None` where that level is not higher.
    pub(crate) pairs: Vec<Option<String>>,
}

/// `compare` on the comparison page. The growth-area matrix is the global `areas`, each
/// with its `spans`; `areas_html` has it as the rows of a table.
#[derive(Debug, Serialize)]
pub(crate) struct CompareView<'a> {
    /// The ladder matrix: a row per category.
    pub(crate) categories: Vec<CategoryRow<'a>>,
    /// The picker: a row per level that has a higher one.
    pub(crate) picker: Vec<PickerRow<'a>>,
    /// Every pair page, lower level first, in ladder order.
    pub(crate) pairs: Vec<PairLink<'a>>,
    /// On the comparison page: the rows of the growth-area matrix, HTML written by rungs
    /// (`render::rows`), a `<tr>` per area: the area linked to its page, then a cell per
    /// level (`colspan` and the levels' short names where neighbouring levels expect the
    /// same thing, "—" where it expects nothing). Print it with `| safe`. Empty elsewhere
    /// (the printable ladder).
    pub(crate) areas_html: String,
}

/// One row of a pair page: an item of the lower level, of the upper one, or one of each
/// that continue the same skill (same thread, or aligned by their words).
#[derive(Debug, Serialize)]
pub(crate) struct PairRow<'a> {
    /// The row's HTML id: the id of its upper item on its level page, or of its lower item
    /// when it has none (made unique on the page).
    pub(crate) id: String,
    /// `unchanged`, `grown`, `new` (no lower item) or `dropped` (no upper item: "no longer
    /// listed").
    pub(crate) status: Status,
    /// The lower level's item (its `id` is its id on its level page); `none` for a new one.
    pub(crate) lower: Option<ItemView<'a>>,
    /// The upper level's item; `none` for a dropped one.
    pub(crate) upper: Option<ItemView<'a>>,
    /// For a grown row whose texts are similar enough to read as one edited text (word
    /// similarity at least 0.5, `align::DIFF_THRESHOLD`): the upper text as a word-level
    /// difference from the lower one, HTML with `<del>` and `<ins>` (plain text otherwise
    /// escaped); `none` otherwise.
    pub(crate) diff: Option<String>,
}

/// A category compared between two levels.
#[derive(Debug, Serialize)]
pub(crate) struct PairCategory<'a> {
    /// Category id.
    pub(crate) id: &'a str,
    /// Category title.
    pub(crate) title: &'a str,
    /// The aligned rows, in display order (upper order, dropped items after their
    /// predecessor); empty when neither level has items here.
    pub(crate) rows: Vec<PairRow<'a>>,
    /// How many rows of each status.
    pub(crate) counts: Counts,
}

/// `pair` on a comparison page of two levels.
#[derive(Debug, Serialize)]
pub(crate) struct PairView<'a> {
    /// The lower-ranked level (for peers: the level of the earlier track).
    pub(crate) lower: LevelLink<'a>,
    /// The higher-ranked level (for peers: the level of the later track).
    pub(crate) upper: LevelLink<'a>,
    /// True when the two levels are peers: the same rank in different tracks. Nothing is
    /// then marked new, and there are no growth areas, neighbours or steps.
    pub(crate) peers: bool,
    /// What the page calls each level in its sentences and column heads: its short name,
    /// and for peers (whose short names may be the same, such as "L2" and "L2") followed by
    /// its track's (the label `level_in_track`: "L2 (IC)").
    pub(crate) lower_name: String,
    /// The same for the higher level.
    pub(crate) upper_name: String,
    /// True when the two levels are neighbours in the ladder.
    pub(crate) adjacent: bool,
    /// For neighbours: the higher level's transition HTML.
    pub(crate) transition: Option<&'a str>,
    /// The sections of `categories` (see `site.sections`): `start`/`end` slice
    /// `pair.categories`.
    pub(crate) sections: Vec<SectionView<'a>>,
    /// Every category that applies (for peers: to either track), both levels side by side;
    /// the default theme leaves out a category empty at both levels.
    pub(crate) categories: Vec<PairCategory<'a>>,
    /// Whether any category has items at either level.
    pub(crate) has_categories: bool,
    /// Per entry of `pair.sections`: whether any of its categories has items at either
    /// level (a group with none is left out).
    pub(crate) sections_with_items: Vec<bool>,
    /// Whether any growth area has an expectation at either level.
    pub(crate) has_areas: bool,
    /// The rows of the growth areas, HTML written by rungs (`render::rows`): per area with
    /// an expectation at either level, its items aligned between the two levels (a one-text
    /// expectation continues the area's one text: `unchanged` when the same, `grown` when
    /// not, with a word-level difference when the texts are similar enough), each row
    /// `<li class="pair-row pair-row--<status>" id="…">` with the lower text, the upper
    /// text and a status badge; the first row of an area names it. Print it with `| safe`.
    /// A theme with rows of its own loops over the global `areas` and compares
    /// `expectations[pair.lower.index]` with `expectations[pair.upper.index]`.
    pub(crate) areas_html: String,
    /// Rows of each status over all categories.
    pub(crate) category_counts: Counts,
    /// Rows of each status over all growth areas.
    pub(crate) area_counts: Counts,
    /// Rows of each status in all (`counts.new`, `counts.grown`, `counts.unchanged`,
    /// `counts.dropped`).
    pub(crate) counts: Counts,
    /// Expectations new at the higher level, over all categories and growth areas
    /// (`counts.new`).
    pub(crate) new_count: usize,
    /// The same comparison one level lower on both sides, if any.
    pub(crate) lower_pair: Option<PairLink<'a>>,
    /// The same comparison one level higher on both sides, if any.
    pub(crate) higher_pair: Option<PairLink<'a>>,
    /// For levels further apart: each single step between them.
    pub(crate) steps: Vec<PairLink<'a>>,
}

/// A pair page's growth-area rows, written by `render::rows` for [`pair_view`].
#[derive(Debug, Default)]
pub(crate) struct AreaRows {
    /// The rows, HTML (see [`PairView::areas_html`]).
    pub(crate) html: String,
    /// Rows of each status.
    pub(crate) counts: Counts,
    /// Whether any growth area has an expectation at either level.
    pub(crate) any: bool,
}

fn html(t: &Option<Text>) -> Option<&str> {
    t.as_ref().map(|t| t.html.as_str())
}

/// Which globals a page sees (see the module docs): those of one track (the only one of a
/// ladder without tracks), or, in a ladder with tracks, those of the pages outside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scope {
    /// The pages of track `tracks[i]`.
    Track(usize),
    /// The pages outside any track: home, grades view, pairs of peers, 404.
    Site,
}

/// The link view of level `index` of track `t`.
pub(crate) fn level_link(ladder: &Ladder, t: usize, index: usize) -> LevelLink<'_> {
    let track = &ladder.tracks[t];
    let l: &Level = &track.levels[index];
    LevelLink {
        id: &l.id,
        track: track.id.as_deref(),
        title: &l.title,
        short: &l.short,
        rank: l.rank,
        index,
        position: index + 1,
        url: level_url(track.id.as_deref(), &l.id),
        row_id: routes::area_row_id(&l.id),
        summary: html(&l.summary),
        aliases: &l.aliases,
        draft: l.draft,
    }
}

/// The link view of a free page.
pub(crate) fn page_link(page: &Page) -> PageLink<'_> {
    PageLink {
        id: &page.id,
        title: &page.title,
        url: routes::free_page_url(&page.id),
        nav: page.nav,
    }
}

/// The `page` view of a free page.
pub(crate) fn free_page_view(page: &Page) -> FreePageView<'_> {
    FreePageView {
        id: &page.id,
        title: &page.title,
        url: routes::free_page_url(&page.id),
        body: &page.body.html,
        headings: &page.headings,
    }
}

/// The view of a track of a multi-track ladder (`None` for the implicit track).
pub(crate) fn track_view(track: &Track) -> Option<TrackView<'_>> {
    let id = track.id.as_deref()?;
    Some(TrackView {
        id,
        title: &track.title,
        short: &track.short,
        url: routes::track_url(id),
        summary: html(&track.summary),
        body: &track.body.html,
        headings: &track.headings,
        level_count: track.levels.len(),
        compare_url: (track.levels.len() > 1).then(|| routes::compare_url(Some(id))),
        print_url: routes::print_url(Some(id)),
    })
}

/// A category as a track shows it: its own description when it has one.
fn category_view<'a>(ladder: &'a Ladder, track: Option<&'a Track>, c: usize) -> CategoryView<'a> {
    let cat = &ladder.site.categories[c];
    let own = track.and_then(|t| t.category_descriptions[c].as_ref());
    CategoryView {
        id: &cat.id,
        title: &cat.title,
        description: match own {
            Some(text) => Some(text.plain.as_str()),
            None => cat.description.as_deref(),
        },
        group: cat.group.as_deref(),
        description_html: own.map(|t| t.html.as_str()),
    }
}

/// The `site` view seen in `scope`.
pub(crate) fn site_view(ladder: &Ladder, scope: Scope) -> SiteView<'_> {
    let s = &ladder.site;
    let track = match scope {
        Scope::Track(t) => Some((t, &ladder.tracks[t])),
        Scope::Site => None,
    };
    let categories: Vec<usize> = match track {
        Some((_, tr)) => tr.categories.clone(),
        None => (0..s.categories.len()).collect(),
    };
    SiteView {
        title: &s.title,
        description: s.description.as_deref(),
        language: &s.language,
        base_url: &s.base_url,
        generator: format!("rungs {}", env!("CARGO_PKG_VERSION")),
        categories: categories
            .iter()
            .map(|&c| category_view(ladder, track.map(|(_, tr)| tr), c))
            .collect(),
        groups: s.groups.iter().map(group_view).collect(),
        sections: sections_of(s, &categories),
        levels: match track {
            Some((t, tr)) => (0..tr.levels.len())
                .map(|i| level_link(ladder, t, i))
                .collect(),
            None => Vec::new(),
        },
        area_count: track.map_or(0, |(_, tr)| tr.areas.len()),
        compare_url: track.and_then(|(_, tr)| {
            (tr.levels.len() > 1).then(|| routes::compare_url(tr.id.as_deref()))
        }),
        search_index: routes::SEARCH_INDEX_PATH,
        tracks: ladder.tracks.iter().filter_map(track_view).collect(),
        grades_url: ladder.is_multi_track().then(routes::grades_url),
        pages: ladder.pages.iter().map(page_link).collect(),
        assess_url: ladder.levels().next().map(|_| routes::assess_index_url()),
        print_url: track.map(|(_, tr)| routes::print_url(tr.id.as_deref())),
        ladder_json: routes::LADDER_JSON_PATH,
        ladder_csv: routes::LADDER_CSV_PATH,
        version: None,
        changes_url: None,
        chrome: Default::default(),
    }
}

fn group_view(g: &crate::config::Group) -> GroupView<'_> {
    GroupView {
        id: &g.id,
        title: &g.title,
        description: g.description.as_deref(),
    }
}

/// The sections (see `site.sections`) of the categories `applied` (indexes into
/// `site.categories`, in order), sliced like a list of just those categories.
pub(crate) fn sections_of<'a>(
    site: &'a crate::config::SiteConfig,
    applied: &[usize],
) -> Vec<SectionView<'a>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (group, range) in site.category_sections() {
        let len = applied.iter().filter(|c| range.contains(*c)).count();
        if len > 0 || (group.is_none() && site.groups.is_empty()) {
            out.push(SectionView {
                group: group.map(group_view),
                start,
                end: start + len,
            });
        }
        start += len;
    }
    out
}

/// The global `areas` seen in `scope`: the track's growth areas (none outside tracks), each
/// expectation's items with their ids on level pages, compared with the level below.
pub(crate) fn shared_areas<'a>(
    ladder: &'a Ladder,
    scope: Scope,
    progress: &Progress,
) -> Vec<AreaShared<'a>> {
    let Scope::Track(t) = scope else {
        return Vec::new();
    };
    let track = &ladder.tracks[t];
    let tp = &progress.tracks[t];
    track
        .areas
        .iter()
        .enumerate()
        .map(|(k, a)| AreaShared {
            id: &a.id,
            title: &a.title,
            url: area_url(track.id.as_deref(), &a.id),
            summary: html(&a.summary),
            expectations: a
                .expectations
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let e = e.as_ref()?;
                    let below = i.checked_sub(1).map(|b| {
                        let items: &[Item] = a.expectations[b].as_ref().map_or(&[], |x| &x.items);
                        (items, tp.steps[b].areas[k].as_slice())
                    });
                    Some(ExpectationView {
                        list: e.list,
                        items: compared_views(&e.items, below, |key| {
                            routes::area_item_id(&a.id, e.list.then_some(key))
                        })
                        .into_iter()
                        // Level pages show no "was" in their growth-area table: the area
                        // page shows the progression.
                        .map(|i| ItemView { was: None, ..i })
                        .collect(),
                    })
                })
                .collect(),
            spans: span_cells(track, a),
        })
        .collect()
}

/// The URL of the comparison of two peers, the level of the earlier track first.
pub(crate) fn peer_pair_url(ladder: &Ladder, a: (usize, usize), b: (usize, usize)) -> String {
    let (first, second) = if a.0 < b.0 { (a, b) } else { (b, a) };
    let (ta, tb) = (&ladder.tracks[first.0], &ladder.tracks[second.0]);
    routes::peer_url(
        ta.id.as_deref().unwrap_or_default(),
        &ta.levels[first.1].id,
        tb.id.as_deref().unwrap_or_default(),
        &tb.levels[second.1].id,
    )
}

/// The `level` view of level `index` of track `t`.
pub(crate) fn level_view<'a>(
    ladder: &'a Ladder,
    progress: &Progress,
    t: usize,
    index: usize,
) -> LevelView<'a> {
    let tp = &progress.tracks[t];
    let track = &ladder.tracks[t];
    let tid = track.id.as_deref();
    let l = &track.levels[index];
    let sections = sections_of(&ladder.site, &track.categories);
    LevelView {
        id: &l.id,
        title: &l.title,
        short: &l.short,
        aliases: &l.aliases,
        draft: l.draft,
        rank: l.rank,
        index,
        position: index + 1,
        url: level_url(tid, &l.id),
        summary: html(&l.summary),
        competencies: track
            .categories
            .iter()
            .map(|&c| {
                let cat = category_view(ladder, Some(track), c);
                CompetencyGroup {
                    id: cat.id,
                    title: cat.title,
                    description: cat.description,
                    description_html: cat.description_html,
                    items: compared_views(
                        &l.competencies[c],
                        index.checked_sub(1).map(|b| {
                            (
                                track.levels[b].competencies[c].as_slice(),
                                tp.steps[b].categories[c].as_slice(),
                            )
                        }),
                        |key| routes::competency_item_id(&ladder.site.categories[c].id, key),
                    ),
                }
            })
            .collect(),
        has_competencies: track
            .categories
            .iter()
            .any(|&c| !l.competencies[c].is_empty()),
        sections_with_items: sections_with_items(&sections, |i| {
            !l.competencies[track.categories[i]].is_empty()
        }),
        has_areas: track.areas.iter().any(|a| a.expectations[index].is_some()),
        transition: html(&l.transition),
        body: &l.body.html,
        headings: &l.headings,
        prev: index.checked_sub(1).map(|i| level_link(ladder, t, i)),
        next: (index + 1 < track.levels.len()).then(|| level_link(ladder, t, index + 1)),
        compare_prev: index
            .checked_sub(1)
            .map(|i| pair_url(tid, &track.levels[i].id, &l.id)),
        compare_next: track
            .levels
            .get(index + 1)
            .map(|n| pair_url(tid, &l.id, &n.id)),
        peers: ladder
            .peers(t, index)
            .into_iter()
            .map(|(u, j)| PeerLink {
                track_title: &ladder.tracks[u].title,
                track_short: &ladder.tracks[u].short,
                level: level_link(ladder, u, j),
                url: peer_pair_url(ladder, (t, index), (u, j)),
            })
            .collect(),
        assess_url: routes::assess_url(tid, &l.id),
        areas_html: String::new(),
    }
}

/// The `area` view of an area of `track`.
pub(crate) fn area_view<'a>(track: &'a Track, area: &'a Area) -> AreaView<'a> {
    AreaView {
        id: &area.id,
        title: &area.title,
        url: area_url(track.id.as_deref(), &area.id),
        summary: html(&area.summary),
        body: &area.body.html,
        headings: &area.headings,
        expectations: area
            .expectations
            .iter()
            .zip(&track.levels)
            .map(|(e, l)| {
                e.as_ref()
                    .map(|e| expectation_view(e, |key| routes::area_row_item_id(&l.id, key)))
            })
            .collect(),
        changed: vec![None; track.levels.len()],
    }
}

/// The `print` view of track `t`; `version` is the version line's text (site.yaml
/// `versions`), `date` HEAD's date, when known.
pub(crate) fn print_view<'a>(
    ladder: &'a Ladder,
    progress: &Progress,
    t: usize,
    version: Option<&str>,
    date: Option<&str>,
) -> PrintView<'a> {
    let track = &ladder.tracks[t];
    let url = format!(
        "{}{}",
        ladder.site.base_url,
        routes::print_url(track.id.as_deref())
    );
    let name = match track.id {
        Some(_) => format!("{} · {}", ladder.site.title, track.title),
        None => ladder.site.title.clone(),
    };
    PrintView {
        levels: (0..track.levels.len())
            .map(|i| level_view(ladder, progress, t, i))
            .collect(),
        transitions: track
            .levels
            .iter()
            .map(|l| {
                l.transition
                    .as_ref()
                    .map(|t| prefix_heading_ids(&t.html, &format!("level-{}-", l.id)))
            })
            .collect(),
        compare: (track.levels.len() > 1).then(|| compare_view(ladder, progress, t)),
        running_head: crate::text::css_string(&running_head(ladder, &name, version, date, &url)),
        url,
        date: date.map(str::to_string),
    }
}

/// The printed pages' running head: `name · Version … · As of … · url`, the version and
/// date where known, the date left out where the version line already holds it.
fn running_head(
    ladder: &Ladder,
    name: &str,
    version: Option<&str>,
    date: Option<&str>,
    url: &str,
) -> String {
    let labels = &ladder.site.labels;
    let mut parts = vec![name.to_string()];
    if let Some(version) = version {
        parts.push(labels.fill("version", &[("version", version)]));
    }
    if let Some(date) = date
        && !version.is_some_and(|v| v.contains(date))
    {
        parts.push(labels.fill("as_of", &[("date", date)]));
    }
    parts.push(url.to_string());
    parts.join(" · ")
}

/// `html` (from the Markdown renderer) with `prefix` before every `id`, and before the
/// heading anchors' references to them: the renderer writes each heading as
/// `<hN id="x">…<a class="heading-anchor" href="#x" aria-labelledby="x">`, and escapes `"`
/// in text, so these attribute patterns occur nowhere else.
fn prefix_heading_ids(html: &str, prefix: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{prefix}"))
        .replace(
            "class=\"heading-anchor\" href=\"#",
            &format!("class=\"heading-anchor\" href=\"#{prefix}"),
        )
        .replace(
            " aria-labelledby=\"",
            &format!(" aria-labelledby=\"{prefix}"),
        )
}

/// The `intro` view.
pub(crate) fn intro_view(ladder: &Ladder) -> IntroView<'_> {
    let i = &ladder.intro;
    IntroView {
        title: &i.title,
        body: &i.body.html,
        levels_title: &i.levels_title,
        areas_title: &i.areas_title,
        levels_intro: html(&i.levels_intro),
        areas_intro: html(&i.areas_intro),
        conclusion: html(&i.conclusion),
        headings: &i.headings,
        track_levels: if ladder.is_multi_track() {
            ladder
                .tracks
                .iter()
                .enumerate()
                .map(|(t, tr)| {
                    (0..tr.levels.len())
                        .map(|i| level_link(ladder, t, i))
                        .collect()
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// The link to the comparison of levels `lower` < `upper` of track `t`.
pub(crate) fn pair_link(ladder: &Ladder, t: usize, lower: usize, upper: usize) -> PairLink<'_> {
    let track = &ladder.tracks[t];
    PairLink {
        url: pair_url(
            track.id.as_deref(),
            &track.levels[lower].id,
            &track.levels[upper].id,
        ),
        lower: level_link(ladder, t, lower),
        upper: level_link(ladder, t, upper),
    }
}

/// The link to the comparison of two peers, the level of the earlier track first.
pub(crate) fn peer_link(ladder: &Ladder, a: (usize, usize), b: (usize, usize)) -> PairLink<'_> {
    let (first, second) = if a.0 < b.0 { (a, b) } else { (b, a) };
    PairLink {
        url: peer_pair_url(ladder, first, second),
        lower: level_link(ladder, first.0, first.1),
        upper: level_link(ladder, second.0, second.1),
    }
}

/// Groups neighbouring levels that expect the same thing into one cell.
pub(crate) fn span_cells<'a>(track: &'a Track, area: &'a Area) -> Vec<SpanCell<'a>> {
    let mut cells: Vec<SpanCell> = Vec::new();
    let mut previous: Option<&Expectation> = None;
    for (i, expectation) in area.expectations.iter().enumerate() {
        let short = track.levels[i].short.as_str();
        if let (Some(last), Some(current), Some(prev)) =
            (cells.last_mut(), expectation.as_ref(), previous)
            && current.same_as(prev)
        {
            last.colspan += 1;
            last.levels.push(short);
            continue;
        }
        cells.push(SpanCell {
            colspan: 1,
            index: i,
            levels: vec![short],
        });
        previous = expectation.as_ref();
    }
    cells
}

/// The ladder matrix rows of category `c` of track `t` (see [`CategoryRow::rows`]).
fn matrix_rows<'a>(
    ladder: &'a Ladder,
    track: &'a Track,
    tp: &TrackProgress,
    c: usize,
) -> Vec<Vec<Option<ItemView<'a>>>> {
    let n = track.levels.len();
    let category = &ladder.site.categories[c].id;
    let mut rows: Vec<Vec<Option<ItemView>>> = Vec::new();
    // The row of each item of the level below.
    let mut below_rows: Vec<usize> = Vec::new();
    // The row each thread is on, for a thread that skips a level.
    let mut thread_rows: std::collections::HashMap<&str, usize> = Default::default();
    for (i, level) in track.levels.iter().enumerate() {
        let items = &level.competencies[c];
        let links = i
            .checked_sub(1)
            .map(|b| progress::by_upper(&tp.steps[b].categories[c], items.len()));
        let mut item_rows = Vec::with_capacity(items.len());
        for (j, item) in items.iter().enumerate() {
            let continued = links
                .as_ref()
                .and_then(|l| l[j].1)
                .map(|lower| below_rows[lower]);
            let bridged = item
                .thread
                .as_deref()
                .and_then(|th| thread_rows.get(th).copied());
            let r = match continued.or(bridged) {
                Some(r) if rows[r][i].is_none() => r,
                _ => {
                    rows.push(vec![None; n]);
                    rows.len() - 1
                }
            };
            let id = routes::competency_item_id(category, &item.key);
            rows[r][i] = Some(item_view(item, routes::matrix_item_id(&level.id, &id)));
            if let Some(th) = item.thread.as_deref() {
                thread_rows.insert(th, r);
            }
            item_rows.push(r);
        }
        below_rows = item_rows;
    }
    rows
}

/// The `compare` view of track `t`.
pub(crate) fn compare_view<'a>(
    ladder: &'a Ladder,
    progress: &Progress,
    t: usize,
) -> CompareView<'a> {
    let track = &ladder.tracks[t];
    let tp = &progress.tracks[t];
    let tid = track.id.as_deref();
    let n = track.levels.len();
    CompareView {
        categories: track
            .categories
            .iter()
            .map(|&c| {
                let cat = &ladder.site.categories[c];
                CategoryRow {
                    id: &cat.id,
                    title: &cat.title,
                    rows: matrix_rows(ladder, track, tp, c),
                }
            })
            .collect(),
        picker: (0..n.saturating_sub(1))
            .map(|i| PickerRow {
                from: level_link(ladder, t, i),
                pairs: (0..n)
                    .map(|j| {
                        (j > i).then(|| pair_url(tid, &track.levels[i].id, &track.levels[j].id))
                    })
                    .collect(),
            })
            .collect(),
        pairs: (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .map(|(i, j)| pair_link(ladder, t, i, j))
            .collect(),
        areas_html: String::new(),
    }
}

/// Which level of a pair an item is at.
#[derive(Clone, Copy)]
pub(crate) enum Side {
    /// The lower level.
    Lower,
    /// The upper level.
    Upper,
}

/// The rows of a pair page for one list (a category's items, an area's expectations'
/// items) at two levels aligned by `pairs`, with their word sets `lw`/`uw`; `id(key)` is an
/// item's id on its level page. Also counts the rows of each status.
pub(crate) fn pair_rows<'a>(
    lower: &'a [Item],
    upper: &'a [Item],
    pairs: &[Pair],
    (lw, uw): (&[Vec<u64>], &[Vec<u64>]),
    id: impl Fn(&str, Side) -> String,
) -> (Vec<PairRow<'a>>, Counts) {
    let mut keys: Vec<String> = pairs
        .iter()
        .map(|p| match (p.upper, p.lower) {
            (Some(u), _) => upper[u].key.clone(),
            (None, Some(l)) => lower[l].key.clone(),
            (None, None) => String::new(),
        })
        .collect();
    routes::dedupe_keys(&mut keys);
    let mut counts = Counts::default();
    let rows = pairs
        .iter()
        .zip(keys)
        .map(|(p, key)| {
            counts.add(p.status);
            let diff = match (p.status, p.lower, p.upper) {
                (Status::Grown, Some(l), Some(u))
                    if align::similarity(&lw[l], &uw[u]) >= align::DIFF_THRESHOLD =>
                {
                    let changes =
                        crate::worddiff::word_diff(&lower[l].text.plain, &upper[u].text.plain);
                    let mut html = String::new();
                    crate::worddiff::write_html(&mut html, &changes);
                    Some(html)
                }
                _ => None,
            };
            let side = if p.upper.is_some() {
                Side::Upper
            } else {
                Side::Lower
            };
            PairRow {
                id: id(&key, side),
                status: p.status,
                lower: p
                    .lower
                    .map(|l| item_view(&lower[l], id(&lower[l].key, Side::Lower))),
                upper: p
                    .upper
                    .map(|u| item_view(&upper[u], id(&upper[u].key, Side::Upper))),
                diff,
            }
        })
        .collect();
    (rows, counts)
}

/// The categories `categories` (indexes into `site.categories`) compared between `lo` and
/// `hi`: `align(c)` gives category `c`'s alignment and both lists' word sets.
fn pair_categories<'a>(
    ladder: &'a Ladder,
    categories: &[usize],
    lo: &'a Level,
    hi: &'a Level,
    align: impl Fn(usize) -> (Vec<Pair>, Vec<Vec<u64>>, Vec<Vec<u64>>),
) -> Vec<PairCategory<'a>> {
    categories
        .iter()
        .map(|&c| {
            let cat = &ladder.site.categories[c];
            let (pairs, lw, uw) = align(c);
            let (rows, counts) = pair_rows(
                &lo.competencies[c],
                &hi.competencies[c],
                &pairs,
                (&lw, &uw),
                |key, _| routes::competency_item_id(&cat.id, key),
            );
            PairCategory {
                id: &cat.id,
                title: &cat.title,
                rows,
                counts,
            }
        })
        .collect()
}

/// Sums the counts of `parts`.
fn total<'x>(parts: impl Iterator<Item = &'x Counts>) -> Counts {
    let mut all = Counts::default();
    for c in parts {
        all.extend(c);
    }
    all
}

/// The `pair` view of levels `lower` < `upper` of track `t`, its growth areas' rows
/// `areas` (written by `render::rows`).
pub(crate) fn pair_view<'a>(
    ladder: &'a Ladder,
    progress: &Progress,
    t: usize,
    lower: usize,
    upper: usize,
    areas: AreaRows,
) -> PairView<'a> {
    let track = &ladder.tracks[t];
    let tp = &progress.tracks[t];
    let (lo, hi) = (&track.levels[lower], &track.levels[upper]);
    let adjacent = upper == lower + 1;
    let sections = sections_of(&ladder.site, &track.categories);
    let categories = pair_categories(ladder, &track.categories, lo, hi, |c| {
        let pairs = if adjacent {
            tp.steps[lower].categories[c].clone()
        } else {
            tp.align_competencies(track, c, lower, upper)
        };
        (
            pairs,
            tp.competency_words(lower, c).clone(),
            tp.competency_words(upper, c).clone(),
        )
    });
    let has_items = |c: &PairCategory| !c.rows.is_empty();
    let has_categories = categories.iter().any(has_items);
    let sections_with_items = sections_with_items(&sections, |i| has_items(&categories[i]));
    let n = track.levels.len();
    let category_counts = total(categories.iter().map(|c| &c.counts));
    let area_counts = areas.counts;
    let counts = total([category_counts, area_counts].iter());
    PairView {
        lower: level_link(ladder, t, lower),
        upper: level_link(ladder, t, upper),
        lower_name: lo.short.clone(),
        upper_name: hi.short.clone(),
        peers: false,
        sections,
        has_categories,
        sections_with_items,
        has_areas: areas.any,
        areas_html: areas.html,
        adjacent,
        transition: if adjacent { html(&hi.transition) } else { None },
        new_count: counts.new,
        category_counts,
        area_counts,
        counts,
        categories,
        lower_pair: (lower > 0).then(|| pair_link(ladder, t, lower - 1, upper - 1)),
        higher_pair: (upper + 1 < n).then(|| pair_link(ladder, t, lower + 1, upper + 1)),
        steps: if adjacent {
            Vec::new()
        } else {
            (lower..upper)
                .map(|i| pair_link(ladder, t, i, i + 1))
                .collect()
        },
    }
}

/// The `pair` view of two peers `a` and `b` (`(track, level)`, the earlier track first):
/// every category either track applies, side by side and aligned like two levels of a track.
pub(crate) fn peer_view(ladder: &Ladder, a: (usize, usize), b: (usize, usize)) -> PairView<'_> {
    let (ta, tb) = (&ladder.tracks[a.0], &ladder.tracks[b.0]);
    let mut categories: Vec<usize> = ta.categories.clone();
    categories.extend(tb.categories.iter().filter(|c| !ta.categories.contains(c)));
    categories.sort_unstable();
    let sections = sections_of(&ladder.site, &categories);
    let (la, lb) = (&ta.levels[a.1], &tb.levels[b.1]);
    let categories = pair_categories(ladder, &categories, la, lb, |c| {
        let (lw, uw) = (
            progress::sets(&la.competencies[c]),
            progress::sets(&lb.competencies[c]),
        );
        let pairs = progress::align_items(&la.competencies[c], &lb.competencies[c], &lw, &uw);
        (pairs, lw, uw)
    });
    let has_items = |c: &PairCategory| !c.rows.is_empty();
    let has_categories = categories.iter().any(has_items);
    let sections_with_items = sections_with_items(&sections, |i| has_items(&categories[i]));
    let category_counts = total(categories.iter().map(|c| &c.counts));
    PairView {
        lower: level_link(ladder, a.0, a.1),
        upper: level_link(ladder, b.0, b.1),
        lower_name: peer_name(ladder, a),
        upper_name: peer_name(ladder, b),
        peers: true,
        sections,
        has_categories,
        sections_with_items,
        has_areas: false,
        areas_html: String::new(),
        adjacent: false,
        transition: None,
        categories,
        new_count: category_counts.new,
        category_counts,
        area_counts: Counts::default(),
        counts: category_counts,
        lower_pair: None,
        higher_pair: None,
        steps: Vec::new(),
    }
}

/// What a page comparing peers calls level `l` of track `t`: its short name and its track's
/// (the label `level_in_track`).
pub(crate) fn peer_name(ladder: &Ladder, (t, l): (usize, usize)) -> String {
    let track = &ladder.tracks[t];
    ladder.site.labels.fill(
        "level_in_track",
        &[("level", &track.levels[l].short), ("track", &track.short)],
    )
}

/// The `grades` view: a row per rank any track uses.
pub(crate) fn grades_view(ladder: &Ladder) -> GradesView<'_> {
    let mut ranks: Vec<i64> = ladder.levels().map(|l| l.rank).collect();
    ranks.sort_unstable();
    ranks.dedup();
    let pairs = ladder.peer_pairs();
    let rows = ranks
        .into_iter()
        .map(|rank| GradeRow {
            rank,
            levels: ladder
                .tracks
                .iter()
                .enumerate()
                .map(|(t, track)| {
                    let i = track.levels.iter().position(|l| l.rank == rank)?;
                    Some(level_link(ladder, t, i))
                })
                .collect(),
            pairs: pairs
                .iter()
                .filter(|((t, i), _)| ladder.tracks[*t].levels[*i].rank == rank)
                .map(|&(a, b)| peer_link(ladder, a, b))
                .collect(),
        })
        .collect();
    GradesView { rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every per-page variable, as templates see it: the keys of a [`PageContext`] with
    /// every view set, plus the two globals.
    fn every_variable() -> Vec<String> {
        let (site, _) =
            crate::config::parse_site_config("title: T\ncategories:\n  - id: c\n    title: C\n")
                .unwrap();
        let level = |id: &str, rank| Level {
            id: id.into(),
            title: id.into(),
            short: id.into(),
            rank,
            summary: None,
            aliases: Vec::new(),
            draft: false,
            competencies: vec![Vec::new()],
            transition: None,
            body: Text::default(),
            headings: Vec::new(),
            fragments: Default::default(),
            source_path: String::new(),
            lint_allow: Vec::new(),
            has_competencies: false,
            origin: Default::default(),
        };
        let mut track = Track::implicit(&site.title, 1);
        track.levels = vec![level("a", 1), level("b", 2)];
        let ladder = Ladder {
            intro: crate::content::model::Intro::untitled(&site),
            site,
            tracks: vec![track],
            pages: Vec::new(),
        };
        let mut page = PageContext::new("./".into(), "Home", Some("T".into()), Vec::new());
        page.intro = Some(intro_view(&ladder));
        let progress = progress::progress(&ladder);
        page.level = Some(level_view(&ladder, &progress, 0, 0));
        page.compare = Some(compare_view(&ladder, &progress, 0));
        page.pair = Some(pair_view(&ladder, &progress, 0, 0, 1, AreaRows::default()));
        page.grades = Some(grades_view(&ladder));
        let area = Area {
            id: "a".into(),
            title: "A".into(),
            summary: None,
            expectations: vec![None, None],
            body: Text::default(),
            headings: Vec::new(),
            fragments: Default::default(),
            source_path: String::new(),
            lint_allow: Vec::new(),
            origin: Default::default(),
        };
        page.area = Some(area_view(&ladder.tracks[0], &area));
        let free = Page {
            id: "p".into(),
            title: "P".into(),
            weight: None,
            nav: true,
            body: Text::default(),
            headings: Vec::new(),
            fragments: Default::default(),
            source_path: String::new(),
        };
        page.page = Some(free_page_view(&free));
        page.assess = Some(crate::render::assess::assess_index_view(&ladder));
        let mut keys: Vec<String> = match serde_json::to_value(&page).unwrap() {
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            _ => unreachable!(),
        };
        keys.extend(["site".into(), "areas".into(), "track".into()]);
        keys
    }

    #[test]
    fn heading_ids_of_a_printed_transition_get_the_level_prefix() {
        let html = "<h2 id=\"in-practice\">In practice<a class=\"heading-anchor\" href=\"#in-practice\" aria-labelledby=\"in-practice\">#</a></h2>\n<p>Say &quot; id=&quot;x&quot; and <a href=\"#competencies\">go</a></p>";
        assert_eq!(
            prefix_heading_ids(html, "level-senior-"),
            "<h2 id=\"level-senior-in-practice\">In practice<a class=\"heading-anchor\" href=\"#level-senior-in-practice\" aria-labelledby=\"level-senior-in-practice\">#</a></h2>\n<p>Say &quot; id=&quot;x&quot; and <a href=\"#competencies\">go</a></p>"
        );
    }

    #[test]
    fn views_are_absent_from_pages_of_other_kinds() {
        let page = PageContext::new("./".into(), "Home", None, Vec::new());
        let value = serde_json::to_value(&page).unwrap();
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "breadcrumbs",
                "current_compare",
                "current_level",
                "current_page",
                "current_track",
                "edit_url",
                "last_updated",
                "nav_links",
                "page_title",
                "root",
                "search_form"
            ]
        );
        assert!(page.breadcrumbs.is_empty());
        let titled = PageContext::new(
            "../../".into(),
            "Home",
            Some("S".into()),
            vec![(Cow::Borrowed("Levels"), "#levels".to_string())],
        );
        let crumbs: Vec<(&str, Option<&str>)> = titled
            .breadcrumbs
            .iter()
            .map(|c| (c.title.as_ref(), c.url.as_deref()))
            .collect();
        assert_eq!(
            crumbs,
            [("Home", Some("")), ("Levels", Some("#levels")), ("S", None)]
        );
    }

    #[test]
    fn every_template_variable_is_documented_here_and_in_the_readme() {
        let module_docs: String = include_str!("context.rs")
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        let readme = include_str!("../../README.md");
        let themes = &readme[readme.find("## Themes").unwrap()..];
        let themes = &themes[..themes[3..].find("\n## ").unwrap()];
        for key in every_variable() {
            let quoted = format!("`{key}`");
            assert!(
                module_docs.contains(&quoted),
                "{key} missing from the module docs"
            );
            assert!(
                themes.contains(&quoted),
                "{key} missing from README's Themes"
            );
        }
    }
}
