//! `#fragment` links between pages: `[x](staff.md#nope)` and `[x](#missing)` must name an id
//! their target page has.
//!
//! Runs on the validated ladder, once every source is rendered, because a link may name a
//! heading of any page. A page's ids are the ids its template gives it (owned by
//! [`routes`]: the reserved template ids, a level's category and group sections and the
//! peers list, an area's rows, the home page's tracks list), the ids of the items it shows
//! (looked up only for a fragment that is none of the others) and the heading ids of its
//! source's Markdown fields. Nothing here renders or reads files.

use crate::content::model::{Fragments, Ladder};
use crate::content::routes::{self, HOME_URL, RESERVED_IDS};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use std::collections::{BTreeSet, HashMap};

/// How many of a page's ids an error lists when none is close to the wanted one.
const LISTED_IDS: usize = 12;

/// Whose items a page shows, with their ids ([`item_ids`]).
#[derive(Clone, Copy)]
enum Items {
    None,
    /// Level `(track, level)`: competency items and growth areas' items.
    Level(usize, usize),
    /// Area `(track, area)`: its items at every level.
    Area(usize, usize),
}

/// The item ids of a page (see `routes::competency_item_id` and the others). Listed only when
/// a fragment is none of the page's other ids: a 5,000-area ladder has 5,000 on a level page.
fn item_ids(ladder: &Ladder, items: Items) -> Vec<String> {
    let mut out = Vec::new();
    match items {
        Items::None => {}
        Items::Level(t, i) => {
            let track = &ladder.tracks[t];
            for &c in &track.categories {
                let category = &ladder.site.categories[c].id;
                out.extend(
                    track.levels[i].competencies[c]
                        .iter()
                        .map(|item| routes::competency_item_id(category, &item.key)),
                );
            }
            for area in &track.areas {
                if let Some(e) = &area.expectations[i] {
                    out.extend(e.items.iter().map(|item| {
                        routes::area_item_id(&area.id, e.list.then_some(item.key.as_str()))
                    }));
                }
            }
        }
        Items::Area(t, k) => {
            let track = &ladder.tracks[t];
            let area = &track.areas[k];
            for (level, e) in track.levels.iter().zip(&area.expectations) {
                // One text is its level's row (`at-<level>`), which has its id already.
                if let Some(e) = e.as_ref().filter(|e| e.list) {
                    out.extend(
                        e.items
                            .iter()
                            .map(|item| routes::area_row_item_id(&level.id, &item.key)),
                    );
                }
            }
        }
    }
    out
}

/// Every page's ids by URL (but its items'), whose items it shows, and the fragments of the
/// source of each page.
fn pages(ladder: &Ladder) -> Vec<(String, BTreeSet<String>, Items, &Fragments)> {
    let template = || -> BTreeSet<String> { RESERVED_IDS.iter().map(|s| s.to_string()).collect() };
    let with = |mut ids: BTreeSet<String>, fragments: &Fragments| {
        ids.extend(fragments.ids.iter().cloned());
        ids
    };
    let multi = ladder.is_multi_track();
    let mut out = Vec::new();
    let mut home = template();
    if multi {
        home.insert(routes::TRACKS_ID.to_string());
    }
    let intro = &ladder.intro.fragments;
    out.push((HOME_URL.to_string(), with(home, intro), Items::None, intro));
    for (t, track) in ladder.tracks.iter().enumerate() {
        let track_id = track.id.as_deref();
        if let Some(id) = track_id {
            out.push((
                routes::track_url(id),
                with(template(), &track.fragments),
                Items::None,
                &track.fragments,
            ));
        }
        for (i, level) in track.levels.iter().enumerate() {
            let mut ids = template();
            if multi {
                ids.insert(routes::PEERS_ID.to_string());
            }
            for &c in &track.categories {
                if level.competencies[c].is_empty() {
                    continue;
                }
                let category = &ladder.site.categories[c];
                ids.insert(routes::category_id(&category.id).to_string());
                if let Some(group) = &category.group {
                    ids.insert(group.clone());
                }
            }
            out.push((
                routes::level_url(track_id, &level.id),
                with(ids, &level.fragments),
                Items::Level(t, i),
                &level.fragments,
            ));
        }
        for (k, area) in track.areas.iter().enumerate() {
            let mut ids = template();
            ids.extend(track.levels.iter().map(|l| routes::area_row_id(&l.id)));
            out.push((
                routes::area_url(track_id, &area.id),
                with(ids, &area.fragments),
                Items::Area(t, k),
                &area.fragments,
            ));
        }
    }
    for page in &ladder.pages {
        out.push((
            routes::free_page_url(&page.id),
            with(template(), &page.fragments),
            Items::None,
            &page.fragments,
        ));
    }
    out
}

/// Whether any source links to a `#fragment`.
fn any_fragment_link(ladder: &Ladder) -> bool {
    let has = |f: &Fragments| !f.links.is_empty();
    has(&ladder.intro.fragments)
        || ladder.pages.iter().any(|p| has(&p.fragments))
        || ladder.tracks.iter().any(|t| {
            has(&t.fragments)
                || t.levels.iter().any(|l| has(&l.fragments))
                || t.areas.iter().any(|a| has(&a.fragments))
        })
}

/// An error for every link whose fragment is no id of its target page, with the closest id.
pub(crate) fn check(ladder: &Ladder) -> Diagnostics {
    // Most ladders link no fragment: then there is nothing to judge, and the id sets of
    // every page (a thousand areas make a thousand sets) are not built.
    if !any_fragment_link(ladder) {
        return Diagnostics::new();
    }
    let pages = pages(ladder);
    let ids_of: HashMap<&str, (&BTreeSet<String>, Items)> = pages
        .iter()
        .map(|(url, ids, items, _)| (url.as_str(), (ids, *items)))
        .collect();
    let mut diags = Diagnostics::new();
    for (url, _, _, fragments) in &pages {
        for link in &fragments.links {
            let page = link.page.as_deref().unwrap_or(url);
            // A page without ids known here (none today) is not judged.
            let Some(&(ids, items)) = ids_of.get(page) else {
                continue;
            };
            if ids.contains(&link.fragment) || item_ids(ladder, items).contains(&link.fragment) {
                continue;
            }
            let help =
                did_you_mean(&link.fragment, ids.iter().map(String::as_str)).unwrap_or_else(|| {
                    let listed: Vec<&str> =
                        ids.iter().take(LISTED_IDS).map(String::as_str).collect();
                    let more = if ids.len() > LISTED_IDS { ", …" } else { "" };
                    format!(
                        "expected one of the page's ids: {}{more}",
                        listed.join(", ")
                    )
                });
            let whose = if link.page.is_some() {
                "its target page"
            } else {
                "this page"
            };
            diags.push(
                Diagnostic::error(
                    link.at.clone(),
                    format!(
                        "link to `{}`: {whose} has no id `{}`",
                        link.target, link.fragment
                    ),
                )
                .with_help(help),
            );
        }
    }
    diags
}
