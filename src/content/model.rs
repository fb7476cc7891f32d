//! The validated ladder: the only shape of the content that rendering sees.
//!
//! Everything here has been checked (ids are slugs and unique, ranks are unique, every
//! competency belongs to a declared category, every expectation to an existing level) and
//! every Markdown field is already HTML. Levels are in rank order, areas in display order.
//!
//! Levels and growth areas belong to a [`Track`]. A ladder without `content/tracks/` has one
//! implicit track (id `None`) holding every level and area; a multi-track ladder has one
//! track per folder of `content/tracks/`, in display order. Levels of different tracks with
//! the same rank are peers ([`Ladder::peers`]).

use crate::config::SiteConfig;
use crate::content::markdown::Heading;
use crate::diag::Location;
use crate::yaml::{self, Seg, Target};
use std::sync::Arc;

/// Where a level or a growth area was written: its path and its YAML, kept so that a lint
/// warning found on the validated model can point at a key of the file (the YAML is located
/// again only when a warning needs it).
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The file, relative to the site root.
    pub path: String,
    /// The file's YAML (its front matter, or the whole `.yaml` file).
    yaml: Arc<str>,
    /// 0-based line of the file on which the YAML starts.
    line_offset: usize,
}

impl Origin {
    /// The origin of a file at `path` whose YAML part `yaml` starts at 0-based line
    /// `line_offset`.
    pub(crate) fn new(path: &str, yaml: &str, line_offset: usize) -> Self {
        Origin {
            path: path.to_string(),
            yaml: Arc::from(yaml),
            line_offset,
        }
    }

    /// The file location of the key or value at `path` in the YAML (or of its nearest
    /// ancestor that exists).
    pub(crate) fn locate(&self, path: &[Seg], target: Target) -> Location {
        let (line, column) = yaml::locate(&self.yaml, path, target);
        Location {
            path: self.path.clone(),
            line: line + self.line_offset,
            column,
        }
    }
}

/// What a source's Markdown gives its page besides HTML, for checking `#fragment` links once
/// every page is rendered: the heading ids its fields took, and its links with a fragment.
#[derive(Debug, Clone, Default)]
pub struct Fragments {
    /// Heading ids of every Markdown field of the source (body, transition …).
    pub ids: Vec<String>,
    /// Every link with a fragment to a page of the site, where it is written.
    pub links: Vec<FragmentRef>,
    /// Every link and image to an `http(s)` URL, where it is written (`--check-external`).
    pub external: Vec<ExternalRef>,
}

/// A link or image to an `http(s)` URL and where it is written.
#[derive(Debug, Clone)]
pub struct ExternalRef {
    /// Where the link is.
    pub at: Location,
    /// The URL as written.
    pub url: String,
}

/// One link with a fragment (`staff.md#scope`, `#details`) and where it is written.
#[derive(Debug, Clone)]
pub struct FragmentRef {
    /// Where the link is: its line in a body, its field's value in the YAML.
    pub at: Location,
    /// The URL of the target page (`levels/staff/`); `None` for the linking source's own page.
    pub page: Option<String>,
    /// The fragment, without `#`.
    pub fragment: String,
    /// The link as written.
    pub target: String,
}

/// A Markdown text as written and as rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    /// The Markdown source, for search and exports.
    pub markdown: String,
    /// The rendered HTML; internal links start with the root placeholder.
    pub html: String,
    /// The text without markup, for search and spreadsheets (empty for bodies, which are
    /// not indexed as a whole).
    pub plain: String,
}

/// The whole validated ladder.
#[derive(Debug, Clone)]
pub struct Ladder {
    /// The site configuration, with its categories.
    pub site: SiteConfig,
    /// The home page's introduction.
    pub intro: Intro,
    /// The tracks in display order (weight, then id): exactly one, with id `None`, for a
    /// ladder without tracks.
    pub tracks: Vec<Track>,
    /// Free pages (`content/pages/<id>.md`) in display order (weight, then id).
    pub pages: Vec<Page>,
}

impl Ladder {
    /// Whether the ladder has tracks of its own (`content/tracks/`), rather than the one
    /// implicit track of a single-track ladder.
    pub fn is_multi_track(&self) -> bool {
        self.tracks.iter().any(|t| t.id.is_some())
    }

    /// Every level of every track.
    pub fn levels(&self) -> impl Iterator<Item = &Level> {
        self.tracks.iter().flat_map(|t| &t.levels)
    }

    /// Every growth area of every track.
    pub fn areas(&self) -> impl Iterator<Item = &Arc<Area>> {
        self.tracks.iter().flat_map(|t| &t.areas)
    }

    /// The levels of other tracks with the same rank as level `level` of track `track`
    /// (its peers), as `(track, level)` indexes in track order. Empty in a single-track
    /// ladder.
    pub fn peers(&self, track: usize, level: usize) -> Vec<(usize, usize)> {
        let rank = self.tracks[track].levels[level].rank;
        self.tracks
            .iter()
            .enumerate()
            .filter(|(t, _)| *t != track)
            .filter_map(|(t, other)| {
                other
                    .levels
                    .iter()
                    .position(|l| l.rank == rank)
                    .map(|i| (t, i))
            })
            .collect()
    }

    /// Every pair of peers, each once, the level of the earlier track first: `((track,
    /// level), (track, level))`, by rank, then track order.
    pub fn peer_pairs(&self) -> Vec<((usize, usize), (usize, usize))> {
        let mut pairs = Vec::new();
        for (t, track) in self.tracks.iter().enumerate() {
            for i in 0..track.levels.len() {
                for (u, j) in self.peers(t, i) {
                    if u > t {
                        pairs.push(((t, i), (u, j)));
                    }
                }
            }
        }
        pairs.sort_by_key(|((t, i), (u, _))| (self.tracks[*t].levels[*i].rank, *t, *u));
        pairs
    }
}

/// A track: a career path with its own levels, growth areas and categories (an individual
/// contributor track, a manager track …).
#[derive(Debug, Clone)]
pub struct Track {
    /// The folder name under `content/tracks/`, used in URLs; `None` for the implicit track
    /// of a single-track ladder, whose URLs have no prefix.
    pub id: Option<String>,
    /// Display title ("Software engineering"); the site title for the implicit track.
    pub title: String,
    /// Short name for the navigation ("IC"); the title when not set.
    pub short: String,
    /// One-line summary, shown on the track's card.
    pub summary: Option<Text>,
    /// Display order among tracks (lowest first; unset last).
    pub weight: Option<i64>,
    /// Free Markdown shown on the track's home page.
    pub body: Text,
    /// Headings of the body.
    pub headings: Vec<Heading>,
    /// Heading ids and fragment links of its Markdown, for checking links between pages.
    pub fragments: Fragments,
    /// Indexes into `site.categories` of the categories that apply to this track, in site
    /// order (all of them unless the track lists its own).
    pub categories: Vec<usize>,
    /// The track's own wording of each category's description, indexed like
    /// `site.categories`.
    pub category_descriptions: Vec<Option<Text>>,
    /// The track's levels in ascending rank.
    pub levels: Vec<Level>,
    /// The track's growth areas in display order (weight, then id).
    pub areas: Vec<Arc<Area>>,
    /// The track's `_index` file, relative to the site root; `None` for the implicit track.
    pub source_path: Option<String>,
}

impl Track {
    /// The implicit track of a ladder without `content/tracks/`: every category applies.
    pub fn implicit(site_title: &str, category_count: usize) -> Self {
        Track {
            id: None,
            title: site_title.to_string(),
            short: site_title.to_string(),
            summary: None,
            weight: None,
            body: Text::default(),
            headings: Vec::new(),
            fragments: Fragments::default(),
            categories: (0..category_count).collect(),
            category_descriptions: vec![None; category_count],
            levels: Vec::new(),
            areas: Vec::new(),
            source_path: None,
        }
    }
}

/// One expectation: a Markdown text, optional examples, optional thread id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The expectation.
    pub text: Text,
    /// Examples of meeting it, shown collapsed under it.
    pub examples: Vec<Text>,
    /// The skill this item continues at other levels (a slug), unique within its level and
    /// category.
    pub thread: Option<String>,
    /// Its permalink key, unique within its list: the thread, or its first words
    /// (`routes::item_key`). Pages make ids of it (`routes::competency_item_id` …).
    pub key: String,
}

impl Item {
    /// An item with only a text.
    pub fn plain(text: Text) -> Self {
        Item {
            key: crate::content::routes::item_key(None, &text.plain),
            text,
            examples: Vec::new(),
            thread: None,
        }
    }

    /// Whether two items say the same thing (same Markdown text and examples): a pair page
    /// marks an item new when the lower level has none the same.
    pub fn same_as(&self, other: &Item) -> bool {
        self.text.markdown == other.text.markdown
            && self.examples.len() == other.examples.len()
            && self
                .examples
                .iter()
                .zip(&other.examples)
                .all(|(a, b)| a.markdown == b.markdown)
    }
}

/// A growth area's expectation at one level: one string (`list` false, one item) or a list
/// of items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// The items; exactly one when `list` is false.
    pub items: Vec<Item>,
    /// Whether it was written as a list (and is shown as one).
    pub list: bool,
}

impl Expectation {
    /// Whether two expectations say the same thing: neighbouring levels with the same one
    /// share a cell of the growth-area matrix.
    pub fn same_as(&self, other: &Expectation) -> bool {
        self.list == other.list
            && self.items.len() == other.items.len()
            && self
                .items
                .iter()
                .zip(&other.items)
                .all(|(a, b)| a.same_as(b))
    }
}

/// A free page (`content/pages/<id>.md`): promotion process, glossary, FAQ.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file stem, its URL (`<id>/`).
    pub id: String,
    /// Display title.
    pub title: String,
    /// Order in lists and the header (lower first; pages without come last, by id).
    pub weight: Option<i64>,
    /// Whether the page is listed in the header navigation.
    pub nav: bool,
    /// The page's Markdown.
    pub body: Text,
    /// Headings of the body.
    pub headings: Vec<Heading>,
    /// Heading ids and fragment links of its Markdown, for checking links between pages.
    pub fragments: Fragments,
    /// The source file, relative to the site root.
    pub source_path: String,
}

/// The home page introduction (`content/_index.md`).
#[derive(Debug, Clone)]
pub struct Intro {
    /// The home page heading; the site title when not set.
    pub title: String,
    /// The introduction, possibly empty.
    pub body: Text,
    /// Heading of the list of levels (the label `levels` unless set).
    pub levels_title: String,
    /// Heading of the list of growth areas (the label `growth_areas` unless set).
    pub areas_title: String,
    /// Introduces the list of levels.
    pub levels_intro: Option<Text>,
    /// Introduces the list of growth areas.
    pub areas_intro: Option<Text>,
    /// Closing words shown after the levels and areas.
    pub conclusion: Option<Text>,
    /// Headings of the body.
    pub headings: Vec<Heading>,
    /// Heading ids and fragment links of its Markdown, for checking links between pages.
    pub fragments: Fragments,
    /// `content/_index.md` (or its `.yaml` form), relative to the site root; `None` when the
    /// ladder has none.
    pub source_path: Option<String>,
}

impl Intro {
    /// The home page of a ladder without `_index.md`: the site's title, and the headings
    /// its labels `levels` and `growth_areas` give.
    pub fn untitled(site: &SiteConfig) -> Self {
        Intro {
            title: site.title.clone(),
            body: Text::default(),
            levels_title: site.labels.get("levels").to_string(),
            areas_title: site.labels.get("growth_areas").to_string(),
            levels_intro: None,
            areas_intro: None,
            conclusion: None,
            headings: Vec::new(),
            fragments: Fragments::default(),
            source_path: None,
        }
    }
}

/// One level of the ladder.
#[derive(Debug, Clone)]
pub struct Level {
    /// The file stem, used in URLs.
    pub id: String,
    /// Full title ("Senior Backend Engineer").
    pub title: String,
    /// Short name for table headers ("Senior").
    pub short: String,
    /// Position in its track; unique within the track, ascending. Levels of different
    /// tracks with the same rank are peers.
    pub rank: i64,
    /// One-line summary.
    pub summary: Option<Text>,
    /// Other names of the level ("L4", "E4"), shown with it and found by search.
    pub aliases: Vec<String>,
    /// A level in the making: left out of `build` and `check` unless `--drafts`, shown
    /// marked as a draft by `serve`.
    pub draft: bool,
    /// Expectations per category, indexed like `site.categories`.
    pub competencies: Vec<Vec<Item>>,
    /// How one grows into this level from the one below.
    pub transition: Option<Text>,
    /// Free Markdown below the structured data.
    pub body: Text,
    /// Headings of the body.
    pub headings: Vec<Heading>,
    /// Heading ids and fragment links of its Markdown, for checking links between pages.
    pub fragments: Fragments,
    /// The source file, relative to the site root.
    pub source_path: String,
    /// Lint codes this file silences (`lint: {allow: [L001]}`), all known codes.
    pub lint_allow: Vec<String>,
    /// Whether the front matter has a `competencies` key with at least one category.
    pub has_competencies: bool,
    /// Where it was written, for lint warnings.
    pub origin: Origin,
}

/// A growth area: one expectation per level.
#[derive(Debug, Clone)]
pub struct Area {
    /// The file stem, used in URLs.
    pub id: String,
    /// Display title.
    pub title: String,
    /// One-line summary.
    pub summary: Option<Text>,
    /// The expectation at each level, indexed like its track's `levels`.
    pub expectations: Vec<Option<Expectation>>,
    /// Free Markdown body.
    pub body: Text,
    /// Headings of the body.
    pub headings: Vec<Heading>,
    /// Heading ids and fragment links of its Markdown, for checking links between pages.
    pub fragments: Fragments,
    /// The source file, relative to the site root.
    pub source_path: String,
    /// Lint codes this file silences (`lint: {allow: [L002]}`), all known codes.
    pub lint_allow: Vec<String>,
    /// Where it was written, for lint warnings.
    pub origin: Origin,
}
