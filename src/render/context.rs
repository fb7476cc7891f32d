//! View structs handed to templates: the theme API.
//!
//! They borrow from the model and are only serialized, never read back. Every field is part
//! of what theme authors can use, so each is documented; the model itself stays private to
//! the pipeline. All `*_html` or HTML-valued fields are already safe HTML (print them with
//! `| safe`); everything else is plain text that Tera escapes.

use crate::content::markdown::Heading;
use crate::content::model::{Area, Ladder, Level, area_url, level_url};
use serde::Serialize;

/// `site`: the same on every page (set once as Tera's global context).
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
    /// Competency categories in display order.
    pub(crate) categories: Vec<CategoryView<'a>>,
    /// All levels in rank order.
    pub(crate) levels: Vec<LevelLink<'a>>,
    /// Number of growth areas (the list itself is only on the pages that show it).
    pub(crate) area_count: usize,
}

/// A competency category.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct CategoryView<'a> {
    /// Slug, also the HTML id of its section on level pages.
    pub(crate) id: &'a str,
    /// Display title.
    pub(crate) title: &'a str,
    /// Plain-text description.
    pub(crate) description: Option<&'a str>,
}

/// A link to a level with what lists and tables need.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct LevelLink<'a> {
    /// Level id.
    pub(crate) id: &'a str,
    /// Full title.
    pub(crate) title: &'a str,
    /// Short name.
    pub(crate) short: &'a str,
    /// Rank from the source.
    pub(crate) rank: i64,
    /// 1-based position in the ladder.
    pub(crate) position: usize,
    /// URL relative to the site root (prefix it with `root`).
    pub(crate) url: String,
    /// Summary HTML.
    pub(crate) summary: Option<&'a str>,
}

/// A link to a growth area.
#[derive(Debug, Serialize, Clone)]
pub(crate) struct AreaLink<'a> {
    /// Area id.
    pub(crate) id: &'a str,
    /// Title.
    pub(crate) title: &'a str,
    /// URL relative to the site root.
    pub(crate) url: String,
    /// Summary HTML.
    pub(crate) summary: Option<&'a str>,
}

/// One breadcrumb; the last one (the current page) has no URL.
#[derive(Debug, Serialize)]
pub(crate) struct Crumb<'a> {
    /// Text of the crumb.
    pub(crate) title: &'a str,
    /// URL relative to the site root, `None` for the current page.
    pub(crate) url: Option<String>,
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
}

/// One category's expectations on a level page.
#[derive(Debug, Serialize)]
pub(crate) struct CompetencyGroup<'a> {
    /// Category id (also the section's HTML id).
    pub(crate) id: &'a str,
    /// Category title.
    pub(crate) title: &'a str,
    /// Category description, plain text.
    pub(crate) description: Option<&'a str>,
    /// Expectations, HTML each.
    pub(crate) items: Vec<&'a str>,
}

/// One growth area's expectation on a level page.
#[derive(Debug, Serialize)]
pub(crate) struct AreaAtLevel<'a> {
    /// Area id.
    pub(crate) id: &'a str,
    /// Area title.
    pub(crate) title: &'a str,
    /// URL relative to the site root.
    pub(crate) url: String,
    /// The expectation HTML, `None` when the area expects nothing at this level.
    pub(crate) expectation: Option<&'a str>,
}

/// `level` on a level page.
#[derive(Debug, Serialize)]
pub(crate) struct LevelView<'a> {
    /// Level id.
    pub(crate) id: &'a str,
    /// Full title.
    pub(crate) title: &'a str,
    /// Short name.
    pub(crate) short: &'a str,
    /// Rank from the source.
    pub(crate) rank: i64,
    /// 1-based position in the ladder.
    pub(crate) position: usize,
    /// URL relative to the site root.
    pub(crate) url: String,
    /// Summary HTML.
    pub(crate) summary: Option<&'a str>,
    /// Expectations per category, in category order.
    pub(crate) competencies: Vec<CompetencyGroup<'a>>,
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
    /// What every growth area expects at this level.
    pub(crate) areas: Vec<AreaAtLevel<'a>>,
}

/// One level's expectation on an area page.
#[derive(Debug, Serialize)]
pub(crate) struct ExpectationAtLevel<'a> {
    /// The level.
    pub(crate) level: LevelLink<'a>,
    /// The expectation HTML, `None` when there is none at this level.
    pub(crate) text: Option<&'a str>,
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
    /// The expectation at every level, in rank order.
    pub(crate) expectations: Vec<ExpectationAtLevel<'a>>,
}

/// The link view of the level at `index`.
pub(crate) fn level_link(ladder: &Ladder, index: usize) -> LevelLink<'_> {
    let l: &Level = &ladder.levels[index];
    LevelLink {
        id: &l.id,
        title: &l.title,
        short: &l.short,
        rank: l.rank,
        position: index + 1,
        url: level_url(&l.id),
        summary: l.summary.as_ref().map(|t| t.html.as_str()),
    }
}

/// The link view of an area.
pub(crate) fn area_link(a: &Area) -> AreaLink<'_> {
    AreaLink {
        id: &a.id,
        title: &a.title,
        url: area_url(&a.id),
        summary: a.summary.as_ref().map(|t| t.html.as_str()),
    }
}

/// The `site` view.
pub(crate) fn site_view(ladder: &Ladder) -> SiteView<'_> {
    let s = &ladder.site;
    SiteView {
        title: &s.title,
        description: s.description.as_deref(),
        language: &s.language,
        base_url: &s.base_url,
        generator: format!("rungs {}", env!("CARGO_PKG_VERSION")),
        categories: s
            .categories
            .iter()
            .map(|c| CategoryView {
                id: &c.id,
                title: &c.title,
                description: c.description.as_deref(),
            })
            .collect(),
        levels: (0..ladder.levels.len())
            .map(|i| level_link(ladder, i))
            .collect(),
        area_count: ladder.areas.len(),
    }
}

/// The `level` view of the level at `index`.
pub(crate) fn level_view(ladder: &Ladder, index: usize) -> LevelView<'_> {
    let l = &ladder.levels[index];
    LevelView {
        id: &l.id,
        title: &l.title,
        short: &l.short,
        rank: l.rank,
        position: index + 1,
        url: level_url(&l.id),
        summary: l.summary.as_ref().map(|t| t.html.as_str()),
        competencies: ladder
            .site
            .categories
            .iter()
            .zip(&l.competencies)
            .map(|(c, items)| CompetencyGroup {
                id: &c.id,
                title: &c.title,
                description: c.description.as_deref(),
                items: items.iter().map(|t| t.html.as_str()).collect(),
            })
            .collect(),
        transition: l.transition.as_ref().map(|t| t.html.as_str()),
        body: &l.body.html,
        headings: &l.headings,
        prev: index.checked_sub(1).map(|i| level_link(ladder, i)),
        next: (index + 1 < ladder.levels.len()).then(|| level_link(ladder, index + 1)),
        areas: ladder
            .areas
            .iter()
            .map(|a| AreaAtLevel {
                id: &a.id,
                title: &a.title,
                url: area_url(&a.id),
                expectation: a.expectations[index].as_ref().map(|t| t.html.as_str()),
            })
            .collect(),
    }
}

/// The `area` view of an area.
pub(crate) fn area_view<'a>(ladder: &'a Ladder, area: &'a Area) -> AreaView<'a> {
    AreaView {
        id: &area.id,
        title: &area.title,
        url: area_url(&area.id),
        summary: area.summary.as_ref().map(|t| t.html.as_str()),
        body: &area.body.html,
        headings: &area.headings,
        expectations: area
            .expectations
            .iter()
            .enumerate()
            .map(|(i, e)| ExpectationAtLevel {
                level: level_link(ladder, i),
                text: e.as_ref().map(|t| t.html.as_str()),
            })
            .collect(),
    }
}

/// The `intro` view.
pub(crate) fn intro_view(ladder: &Ladder) -> IntroView<'_> {
    let i = &ladder.intro;
    IntroView {
        title: &i.title,
        body: &i.body.html,
        levels_title: &i.levels_title,
        areas_title: &i.areas_title,
        levels_intro: i.levels_intro.as_ref().map(|t| t.html.as_str()),
        areas_intro: i.areas_intro.as_ref().map(|t| t.html.as_str()),
        conclusion: i.conclusion.as_ref().map(|t| t.html.as_str()),
        headings: &i.headings,
    }
}
