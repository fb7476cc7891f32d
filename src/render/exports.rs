//! Machine-readable outputs and publishing files: `ladder.json` (with its JSON Schema),
//! `ladder.csv`, the search index, `sitemap.xml`, `robots.txt`, `CNAME` and `.nojekyll`.
//!
//! Pure functions from the validated ladder to [`OutputFile`]s; the shapes are documented in
//! README.md and `ladder.schema.json`, and are a stable API: add fields, never repurpose them.
//!
//! Tracks: a ladder without tracks writes exactly what it always did (`ladder.json` format
//! version 1, `ladder.csv` without a track column). A ladder with tracks writes version 2,
//! whose levels and areas are inside `tracks` (level ids are only unique within a track),
//! and a CSV whose first column is the track; its search index names each page's track.

use crate::config::is_absolute_url;
use crate::content::align::{Pair, Status};
use crate::content::model::{Area, Expectation, Item, Ladder, Text, Track};
use crate::content::routes::{self, area_row_id, area_url, level_url};
use crate::render::output::OutputFile;
use crate::render::progress::{self, Progress, TrackProgress};
use crate::text::{is_unsafe_control, replace_controls};
use crate::updated::GitDates;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;

/// Version of the `ladder.json` shape of a ladder without tracks, and of the search index.
pub const FORMAT_VERSION: u32 = 1;

/// Version of the `ladder.json` shape of a ladder with tracks: levels and areas are inside
/// `tracks` instead of at the top level.
pub const TRACKS_FORMAT_VERSION: u32 = 2;

/// The JSON Schema of `ladder.json`, copied next to it.
pub(crate) const LADDER_SCHEMA: &str = include_str!("ladder.schema.json");

#[derive(Serialize)]
struct LadderJson<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    format: &'static str,
    version: u32,
    site: SiteJson<'a>,
    /// Left out when site.yaml declares no groups, so such ladders export as before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<GroupJson<'a>>,
    categories: Vec<CategoryJson<'a>>,
    /// Version 1 (no tracks) only.
    #[serde(skip_serializing_if = "Option::is_none")]
    levels: Option<Vec<LevelJson<'a>>>,
    /// Version 1 (no tracks) only.
    #[serde(skip_serializing_if = "Option::is_none")]
    areas: Option<Vec<AreaJson<'a>>>,
    /// Version 2 (tracks) only.
    #[serde(skip_serializing_if = "Option::is_none")]
    tracks: Option<Vec<TrackJson<'a>>>,
    pages: Vec<PageJson<'a>>,
}

#[derive(Serialize)]
struct PageJson<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    weight: Option<i64>,
    nav: bool,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    text: &'a str,
    examples: Vec<&'a str>,
    thread: Option<&'a str>,
    /// The item's permalink key (unique in its list; the page ids are made of it).
    id: &'a str,
    /// Compared with the level below: `new`, `grown`, `unchanged`; `null` at the lowest level.
    status: Option<Status>,
    /// The `id` of the item it continues at the level below (grown or unchanged), if any.
    was: Option<&'a str>,
}

fn item_json(item: &Item) -> ItemJson<'_> {
    ItemJson {
        text: &item.text.markdown,
        examples: item.examples.iter().map(|e| e.markdown.as_str()).collect(),
        thread: item.thread.as_deref(),
        id: &item.key,
        status: None,
        was: None,
    }
}

/// The items of a list as JSON, compared with the list `below` (the level below's) through
/// `pairs`; also the ids of the items of `below` no longer listed.
fn compared_json<'a>(
    items: &'a [Item],
    below: Option<(&'a [Item], &[Pair])>,
) -> (Vec<ItemJson<'a>>, Vec<&'a str>) {
    let mut out: Vec<ItemJson> = items.iter().map(item_json).collect();
    let mut dropped = Vec::new();
    if let Some((lower, pairs)) = below {
        for (i, (status, from)) in progress::by_upper(pairs, items.len())
            .into_iter()
            .enumerate()
        {
            out[i].status = Some(status);
            out[i].was = from.map(|l| lower[l].key.as_str());
        }
        dropped.extend(
            pairs
                .iter()
                .filter(|p| p.status == Status::Dropped)
                .filter_map(|p| Some(lower[p.lower?].key.as_str())),
        );
    }
    (out, dropped)
}

#[derive(Serialize)]
struct TrackJson<'a> {
    id: &'a str,
    title: &'a str,
    short: &'a str,
    weight: Option<i64>,
    url: String,
    summary: Option<&'a str>,
    body: &'a str,
    categories: Vec<&'a str>,
    category_descriptions: std::collections::BTreeMap<&'a str, &'a str>,
    levels: Vec<LevelJson<'a>>,
    areas: Vec<AreaJson<'a>>,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    language: &'a str,
}

#[derive(Serialize)]
struct GroupJson<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct CategoryJson<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    /// Left out for a category of no group.
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
}

#[derive(Serialize)]
struct LevelJson<'a> {
    id: &'a str,
    title: &'a str,
    short: &'a str,
    rank: i64,
    url: String,
    summary: Option<&'a str>,
    transition: Option<&'a str>,
    aliases: &'a [String],
    draft: bool,
    /// When the level's file last changed (git), `YYYY-MM-DD`; only when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    competencies: Vec<CompetenciesJson<'a>>,
}

#[derive(Serialize)]
struct CompetenciesJson<'a> {
    category: &'a str,
    expectations: Vec<&'a str>,
    /// Every expectation with its id and how it compares with the level below.
    items: Vec<ItemJson<'a>>,
    /// The ids of the level below's items in this category that are no longer listed.
    dropped: Vec<&'a str>,
}

#[derive(Serialize)]
struct AreaJson<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    summary: Option<&'a str>,
    /// When the area's file last changed (git), `YYYY-MM-DD`; only when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    expectations: Vec<AreaExpectationJson<'a>>,
}

#[derive(Serialize)]
struct AreaExpectationJson<'a> {
    level: &'a str,
    text: Cow<'a, str>,
    list: bool,
    /// For one text: how it compares with the area's expectation at the level below (one
    /// text continues one text: the area is its thread); `null` for a list (its items say)
    /// and at the lowest level.
    status: Option<Status>,
    /// The items with their ids and alignment: only for a list, or one text with examples
    /// or a thread (a 5,000-area ladder's JSON stays the size of its texts).
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<ItemJson<'a>>>,
    /// The ids of the level below's items no longer listed; only when there are some.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    dropped: Vec<&'a str>,
}

/// An expectation as one Markdown text: the text itself, or a list's items as a Markdown
/// list (`- a` lines), for readers of `text` that predate lists.
fn expectation_markdown(e: &Expectation) -> Cow<'_, str> {
    match (e.list, e.items.as_slice()) {
        (false, [item]) => Cow::Borrowed(&item.text.markdown),
        (_, items) => Cow::Owned(
            items
                .iter()
                .map(|i| format!("- {}", i.text.markdown.replace('\n', "\n  ")))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    }
}

fn md(t: &Option<Text>) -> Option<&str> {
    t.as_ref().map(|t| t.markdown.as_str())
}

fn level_json<'a>(
    ladder: &'a Ladder,
    track: &'a Track,
    tp: &TrackProgress,
    dates: &'a GitDates,
    index: usize,
) -> LevelJson<'a> {
    let l = &track.levels[index];
    LevelJson {
        id: &l.id,
        title: &l.title,
        short: &l.short,
        rank: l.rank,
        url: level_url(track.id.as_deref(), &l.id),
        summary: md(&l.summary),
        transition: md(&l.transition),
        aliases: &l.aliases,
        draft: l.draft,
        updated: dates.of(&l.source_path),
        competencies: track
            .categories
            .iter()
            .map(|&c| {
                let below = index.checked_sub(1).map(|b| {
                    (
                        track.levels[b].competencies[c].as_slice(),
                        tp.steps[b].categories[c].as_slice(),
                    )
                });
                let (items, dropped) = compared_json(&l.competencies[c], below);
                CompetenciesJson {
                    category: &ladder.site.categories[c].id,
                    expectations: l.competencies[c]
                        .iter()
                        .map(|t| t.text.markdown.as_str())
                        .collect(),
                    items,
                    dropped,
                }
            })
            .collect(),
    }
}

fn area_json<'a>(
    track: &'a Track,
    tp: &TrackProgress,
    dates: &'a GitDates,
    k: usize,
) -> AreaJson<'a> {
    let a: &Area = &track.areas[k];
    AreaJson {
        id: &a.id,
        title: &a.title,
        url: area_url(track.id.as_deref(), &a.id),
        summary: md(&a.summary),
        updated: dates.of(&a.source_path),
        expectations: track
            .levels
            .iter()
            .zip(&a.expectations)
            .enumerate()
            .filter_map(|(i, (l, e))| {
                let e = e.as_ref()?;
                let below = i.checked_sub(1).map(|b| {
                    let items: &[Item] = a.expectations[b].as_ref().map_or(&[], |x| &x.items);
                    (items, tp.steps[b].areas[k].as_slice())
                });
                let (items, dropped) = compared_json(&e.items, below);
                let adds = e.list
                    || e.items
                        .iter()
                        .any(|i| !i.examples.is_empty() || i.thread.is_some());
                Some(AreaExpectationJson {
                    level: &l.id,
                    text: expectation_markdown(e),
                    list: e.list,
                    status: if e.list {
                        None
                    } else {
                        items.first().and_then(|i| i.status)
                    },
                    items: adds.then_some(items),
                    dropped,
                })
            })
            .collect(),
    }
}

fn levels_and_areas<'a>(
    ladder: &'a Ladder,
    track: &'a Track,
    tp: &TrackProgress,
    dates: &'a GitDates,
) -> (Vec<LevelJson<'a>>, Vec<AreaJson<'a>>) {
    (
        (0..track.levels.len())
            .map(|i| level_json(ladder, track, tp, dates, i))
            .collect(),
        (0..track.areas.len())
            .map(|k| area_json(track, tp, dates, k))
            .collect(),
    )
}

/// `ladder.json`: the whole validated ladder; texts are the authors' Markdown. Version 1
/// without tracks (levels and areas at the top level), version 2 with tracks. Levels and
/// areas carry `updated` where `dates` know when their file last changed.
pub(crate) fn ladder_json(ladder: &Ladder, progress: &Progress, dates: &GitDates) -> OutputFile {
    let multi = ladder.is_multi_track();
    let levels_and_areas =
        |t: usize| levels_and_areas(ladder, &ladder.tracks[t], &progress.tracks[t], dates);
    let (levels, areas, tracks) = match (multi, ladder.tracks.first()) {
        (false, Some(_)) => {
            let (levels, areas) = levels_and_areas(0);
            (Some(levels), Some(areas), None)
        }
        _ => {
            let tracks = ladder
                .tracks
                .iter()
                .enumerate()
                .map(|(t, track)| {
                    let (levels, areas) = levels_and_areas(t);
                    let id = track.id.as_deref().unwrap_or_default();
                    TrackJson {
                        id,
                        title: &track.title,
                        short: &track.short,
                        weight: track.weight,
                        url: routes::track_url(id),
                        summary: md(&track.summary),
                        body: &track.body.markdown,
                        categories: track
                            .categories
                            .iter()
                            .map(|&c| ladder.site.categories[c].id.as_str())
                            .collect(),
                        category_descriptions: ladder
                            .site
                            .categories
                            .iter()
                            .zip(&track.category_descriptions)
                            .filter_map(|(c, d)| {
                                Some((c.id.as_str(), d.as_ref()?.markdown.as_str()))
                            })
                            .collect(),
                        levels,
                        areas,
                    }
                })
                .collect();
            (None, None, Some(tracks))
        }
    };
    let doc = LadderJson {
        schema: routes::LADDER_SCHEMA_PATH,
        format: "rungs-ladder",
        version: if multi {
            TRACKS_FORMAT_VERSION
        } else {
            FORMAT_VERSION
        },
        site: SiteJson {
            title: &ladder.site.title,
            description: ladder.site.description.as_deref(),
            base_url: &ladder.site.base_url,
            language: &ladder.site.language,
        },
        groups: ladder
            .site
            .groups
            .iter()
            .map(|g| GroupJson {
                id: &g.id,
                title: &g.title,
                description: g.description.as_deref(),
            })
            .collect(),
        categories: ladder
            .site
            .categories
            .iter()
            .map(|c| CategoryJson {
                id: &c.id,
                title: &c.title,
                description: c.description.as_deref(),
                group: c.group.as_deref(),
            })
            .collect(),
        levels,
        areas,
        tracks,
        pages: ladder
            .pages
            .iter()
            .map(|p| PageJson {
                id: &p.id,
                title: &p.title,
                url: routes::free_page_url(&p.id),
                weight: p.weight,
                nav: p.nav,
            })
            .collect(),
    };
    // Serializing plain strings and numbers cannot fail; an empty file would fail tests loudly.
    let contents =
        crate::text::escape_json_controls(serde_json::to_vec_pretty(&doc).unwrap_or_default());
    OutputFile {
        path: routes::LADDER_JSON_PATH.into(),
        contents,
    }
}

/// One CSV field, quoted when it needs to be (RFC 4180). Control characters other than tab
/// and newlines become U+FFFD: a spreadsheet or terminal must not receive NUL or ESC. A
/// field a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return, and not a number) gets a leading `'`, as OWASP advises against CSV
/// injection: the cell shows the text instead of computing it.
fn csv_field(out: &mut String, field: &str) {
    let cleaned;
    let field = if field.chars().any(is_unsafe_control) {
        cleaned = replace_controls(field.to_string());
        cleaned.as_str()
    } else {
        field
    };
    let formula =
        field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.parse::<f64>().is_err();
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        if formula {
            out.push('\'');
        }
        out.push_str(field);
    }
}

fn csv_row(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, f);
    }
    out.push_str("\r\n");
}

/// Header of `ladder.csv` (a ladder with tracks has a `track` column first).
pub(crate) const CSV_HEADER: &[&str] = &[
    "kind",
    "level_id",
    "level_title",
    "level_rank",
    "group_id",
    "group_title",
    "position",
    "text",
];

/// The first column of `ladder.csv` for a ladder with tracks: the track id.
pub(crate) const CSV_TRACK_COLUMN: &str = "track";

/// `ladder.csv`: a row per level × category item (kind `competency`, group = the category)
/// and per area × level item (kind `area`, group = the area; a list has a row per item,
/// numbered by `position`); plain text. Examples are in `ladder.json`.
/// With tracks, each row starts with its track's id (level ids are unique per track only).
pub(crate) fn ladder_csv(ladder: &Ladder) -> OutputFile {
    let multi = ladder.is_multi_track();
    let mut out = String::new();
    let mut header: Vec<&str> = Vec::with_capacity(CSV_HEADER.len() + 1);
    if multi {
        header.push(CSV_TRACK_COLUMN);
    }
    header.extend(CSV_HEADER);
    csv_row(&mut out, &header);
    for track in &ladder.tracks {
        let track_id = track.id.as_deref().unwrap_or_default();
        let push = |out: &mut String, fields: &[&str]| {
            let mut row: Vec<&str> = Vec::with_capacity(fields.len() + 1);
            if multi {
                row.push(track_id);
            }
            row.extend(fields);
            csv_row(out, &row);
        };
        for l in &track.levels {
            let rank = l.rank.to_string();
            for &c in &track.categories {
                let cat = &ladder.site.categories[c];
                for (i, item) in l.competencies[c].iter().enumerate() {
                    let position = (i + 1).to_string();
                    push(
                        &mut out,
                        &[
                            "competency",
                            &l.id,
                            &l.title,
                            &rank,
                            &cat.id,
                            &cat.title,
                            &position,
                            &item.text.plain,
                        ],
                    );
                }
            }
        }
        for a in &track.areas {
            for (l, e) in track.levels.iter().zip(&a.expectations) {
                let Some(e) = e else { continue };
                let rank = l.rank.to_string();
                for (i, item) in e.items.iter().enumerate() {
                    let position = (i + 1).to_string();
                    push(
                        &mut out,
                        &[
                            "area",
                            &l.id,
                            &l.title,
                            &rank,
                            &a.id,
                            &a.title,
                            &position,
                            &item.text.plain,
                        ],
                    );
                }
            }
        }
    }
    OutputFile {
        path: routes::LADDER_CSV_PATH.into(),
        contents: out.into_bytes(),
    }
}

/// The search index: `pages` (title, URL relative to the root) and `entries`, each
/// `[page index, section label, fragment, text]`. Loaded by the theme on the first search.
#[derive(Serialize)]
struct SearchIndex<'a> {
    version: u32,
    pages: Vec<SearchPage<'a>>,
    entries: Vec<(usize, &'a str, Cow<'a, str>, Cow<'a, str>)>,
}

#[derive(Serialize)]
struct SearchPage<'a> {
    title: Cow<'a, str>,
    url: String,
    /// The page's track id; only in a ladder with tracks.
    #[serde(skip_serializing_if = "Option::is_none")]
    track: Option<&'a str>,
}

/// A page's title in the search index: with tracks, followed by its track's title.
fn search_title<'a>(multi: bool, title: &'a str, track: &Track) -> Cow<'a, str> {
    if multi {
        Cow::Owned(format!("{title} · {}", track.title))
    } else {
        Cow::Borrowed(title)
    }
}

/// `search-index.json`: levels (with their aliases), categories, every expectation with its
/// examples, areas, free pages and body headings; with tracks, also each track's home page,
/// and every page's title names its track (levels of two tracks may share a title).
pub(crate) fn search_index(ladder: &Ladder) -> OutputFile {
    let count = ladder.levels().count() + ladder.areas().count() + ladder.tracks.len();
    let mut pages = Vec::with_capacity(count);
    let mut entries = Vec::new();
    let multi = ladder.is_multi_track();
    for track in &ladder.tracks {
        let tid = track.id.as_deref();
        let title = |t| search_title(multi, t, track);
        if let Some(id) = tid {
            let page = pages.len();
            pages.push(SearchPage {
                title: Cow::Borrowed(&track.title),
                url: routes::track_url(id),
                track: tid,
            });
            entries.push((
                page,
                "",
                Cow::Borrowed(""),
                Cow::Borrowed(track.summary.as_ref().map_or("", |s| s.plain.as_str())),
            ));
            for h in &track.headings {
                entries.push((
                    page,
                    "",
                    Cow::Borrowed(h.id.as_str()),
                    Cow::Borrowed(h.text.as_str()),
                ));
            }
        }
        for l in &track.levels {
            let page = pages.len();
            pages.push(SearchPage {
                title: title(&l.title),
                url: level_url(tid, &l.id),
                track: tid,
            });
            entries.push((
                page,
                "",
                Cow::Borrowed(""),
                Cow::Borrowed(l.summary.as_ref().map_or("", |s| s.plain.as_str())),
            ));
            if !l.aliases.is_empty() {
                entries.push((
                    page,
                    "",
                    Cow::Borrowed(""),
                    Cow::Owned(l.aliases.join(" · ")),
                ));
            }
            for &c in &track.categories {
                let cat = &ladder.site.categories[c];
                for item in &l.competencies[c] {
                    let id = routes::competency_item_id(&cat.id, &item.key);
                    for text in item_texts(item) {
                        entries.push((
                            page,
                            cat.title.as_str(),
                            Cow::Owned(id.clone()),
                            Cow::Borrowed(text),
                        ));
                    }
                }
            }
            if let Some(t) = &l.transition {
                entries.push((
                    page,
                    ladder.site.labels.get("growing_into_level"),
                    Cow::Borrowed(routes::TRANSITION_ID),
                    Cow::Borrowed(t.plain.as_str()),
                ));
            }
            for h in &l.headings {
                entries.push((
                    page,
                    "",
                    Cow::Borrowed(h.id.as_str()),
                    Cow::Borrowed(h.text.as_str()),
                ));
            }
        }
        for a in &track.areas {
            let page = pages.len();
            pages.push(SearchPage {
                title: title(&a.title),
                url: area_url(tid, &a.id),
                track: tid,
            });
            entries.push((
                page,
                "",
                Cow::Borrowed(""),
                Cow::Borrowed(a.summary.as_ref().map_or("", |s| s.plain.as_str())),
            ));
            for (l, e) in track.levels.iter().zip(&a.expectations) {
                let Some(e) = e else { continue };
                for item in &e.items {
                    // A list's item has its own id in the level's row; one text is the row.
                    let id = if e.list {
                        routes::area_row_item_id(&l.id, &item.key)
                    } else {
                        area_row_id(&l.id)
                    };
                    for text in item_texts(item) {
                        entries.push((
                            page,
                            l.short.as_str(),
                            Cow::Owned(id.clone()),
                            Cow::Borrowed(text),
                        ));
                    }
                }
            }
            for h in &a.headings {
                entries.push((
                    page,
                    "",
                    Cow::Borrowed(h.id.as_str()),
                    Cow::Borrowed(h.text.as_str()),
                ));
            }
        }
    }
    for p in &ladder.pages {
        let page = pages.len();
        pages.push(SearchPage {
            title: Cow::Borrowed(&p.title),
            url: routes::free_page_url(&p.id),
            track: None,
        });
        entries.push((page, "", Cow::Borrowed(""), Cow::Borrowed("")));
        for h in &p.headings {
            entries.push((
                page,
                "",
                Cow::Borrowed(h.id.as_str()),
                Cow::Borrowed(h.text.as_str()),
            ));
        }
    }
    let index = SearchIndex {
        version: FORMAT_VERSION,
        pages,
        entries,
    };
    let contents =
        crate::text::escape_json_controls(serde_json::to_vec(&index).unwrap_or_default());
    OutputFile {
        path: routes::SEARCH_INDEX_PATH.into(),
        contents,
    }
}

/// The plain texts of an item a search finds it by: its text, then its examples.
fn item_texts(item: &Item) -> impl Iterator<Item = &str> {
    std::iter::once(item.text.plain.as_str()).chain(item.examples.iter().map(|e| e.plain.as_str()))
}

fn xml_escape(s: &str) -> String {
    // XML 1.0 allows no control characters but tab and newlines, not even as references.
    replace_controls(s.to_string())
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `sitemap.xml` listing `page_urls` (relative to the root) under `base_url`, each with its
/// `lastmod` date where `lastmod` has one. URLs are absolute when `base_url` is (sitemaps
/// require it); otherwise path-absolute.
pub(crate) fn sitemap(
    base_url: &str,
    page_urls: &[String],
    lastmod: &HashMap<String, String>,
) -> OutputFile {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in page_urls {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&format!("{base_url}{url}")));
        out.push_str("</loc>");
        if let Some(date) = lastmod.get(url) {
            out.push_str("<lastmod>");
            out.push_str(&xml_escape(date));
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    OutputFile {
        path: routes::SITEMAP_PATH.into(),
        contents: out.into_bytes(),
    }
}

/// `robots.txt`: everything may be crawled; names the sitemap when the base URL is absolute.
pub(crate) fn robots(base_url: &str) -> OutputFile {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if is_absolute_url(base_url) {
        out.push_str(&format!("\nSitemap: {base_url}{}\n", routes::SITEMAP_PATH));
    }
    OutputFile {
        path: routes::ROBOTS_PATH.into(),
        contents: out.into_bytes(),
    }
}

/// The small publishing files: `.nojekyll` (GitHub Pages must not run Jekyll),
/// `robots.txt`, the sitemap (with `lastmod`, each page's "last updated" date by URL), the
/// JSON Schema, and `CNAME` when configured.
pub(crate) fn small_files(
    ladder: &Ladder,
    page_urls: &[String],
    lastmod: &HashMap<String, String>,
) -> Vec<OutputFile> {
    let base = &ladder.site.base_url;
    let mut files = vec![
        OutputFile {
            path: routes::NOJEKYLL_PATH.into(),
            contents: Vec::new(),
        },
        robots(base),
        sitemap(base, page_urls, lastmod),
        OutputFile {
            path: routes::LADDER_SCHEMA_PATH.into(),
            contents: LADDER_SCHEMA.as_bytes().to_vec(),
        },
    ];
    if let Some(cname) = &ladder.site.cname {
        files.push(OutputFile {
            path: routes::CNAME_PATH.into(),
            contents: format!("{cname}\n").into_bytes(),
        });
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        let mut out = String::new();
        csv_row(&mut out, &["plain", "a, b", "say \"hi\"", "two\nlines"]);
        assert_eq!(out, "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    }

    #[test]
    fn csv_fields_a_spreadsheet_would_compute_are_text() {
        let mut out = String::new();
        csv_row(
            &mut out,
            &[
                "=HYPERLINK(\"http://evil.example\",\"x\")",
                "+1+2",
                "-2+3",
                "@SUM(A1)",
                "\tx",
                "=1,2",
                "-3",
                "+4.5",
                "a=b",
                "",
            ],
        );
        assert_eq!(
            out,
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",'+1+2,'-2+3,'@SUM(A1),'\tx,\"'=1,2\",-3,+4.5,a=b,\r\n"
        );
    }

    #[test]
    fn csv_and_xml_replace_control_characters() {
        let mut out = String::new();
        csv_row(&mut out, &["a\u{0}b", "c\u{1b},d", "tab\tok"]);
        assert_eq!(out, "a\u{FFFD}b,\"c\u{FFFD},d\",tab\tok\r\n");
        assert_eq!(xml_escape("/a\u{7}&/"), "/a\u{FFFD}&amp;/");
    }

    #[test]
    fn sitemap_escapes_and_prefixes_base_url() {
        let lastmod = HashMap::from([("levels/a&b/".to_string(), "2026-07-01".to_string())]);
        let f = sitemap(
            "https://o.github.io/l/",
            &["".into(), "levels/a&b/".into()],
            &lastmod,
        );
        let xml = String::from_utf8(f.contents).unwrap();
        assert!(xml.contains("<url><loc>https://o.github.io/l/</loc></url>\n"));
        assert!(xml.contains(
            "<url><loc>https://o.github.io/l/levels/a&amp;b/</loc><lastmod>2026-07-01</lastmod></url>\n"
        ));
    }

    #[test]
    fn robots_names_sitemap_only_for_absolute_base() {
        assert_eq!(
            String::from_utf8(robots("/").contents).unwrap(),
            "User-agent: *\nAllow: /\n"
        );
        assert!(
            String::from_utf8(robots("https://x.org/").contents)
                .unwrap()
                .ends_with("Sitemap: https://x.org/sitemap.xml\n")
        );
    }
}
