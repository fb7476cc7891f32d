//! The validated ladder: the only shape of the content that rendering sees.
//!
//! Everything here has been checked (ids are slugs and unique, ranks are unique, every
//! competency belongs to a declared category, every expectation to an existing level) and
//! every Markdown field is already HTML. Levels are in rank order, areas in display order.

use crate::config::SiteConfig;
use crate::content::markdown::Heading;
use std::sync::Arc;

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
    /// Levels in ascending rank.
    pub levels: Vec<Level>,
    /// Growth areas in display order (weight, then id).
    pub areas: Vec<Arc<Area>>,
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
    /// Position in the ladder; unique, ascending.
    pub rank: i64,
    /// One-line summary.
    pub summary: Option<Text>,
    /// Expectations per category, indexed like `site.categories`.
    pub competencies: Vec<Vec<Text>>,
    /// How one grows into this level from the one below.
    pub transition: Option<Text>,
    /// Free Markdown below the structured data.
    pub body: Text,
    /// Headings of the body.
    pub headings: Vec<Heading>,
    /// The source file, relative to the site root.
    pub source_path: String,
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
    /// The expectation at each level, indexed like `Ladder::levels`.
    pub expectations: Vec<Option<Text>>,
    /// Free Markdown body.
    pub body: Text,
    /// Headings of the body.
    pub headings: Vec<Heading>,
    /// The source file, relative to the site root.
    pub source_path: String,
}
