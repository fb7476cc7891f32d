//! `#fragment` links between pages: `[x](staff.md#nope)` and `[x](#missing)` must name an id
//! their target page has.
//!
//! Runs on the validated ladder, once every source is rendered, because a link may name a
//! heading of any page. A page's ids are the ids its template gives it (owned by
//! [`routes`]: the reserved template ids, a level's category and group sections and the
//! peers list, an area's rows, the home page's tracks list) and the heading ids of its
//! source's Markdown fields. Nothing here renders or reads files.

use crate::content::model::{Fragments, Ladder};
use crate::content::routes::{self, HOME_URL, RESERVED_IDS};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use std::collections::{BTreeSet, HashMap};

/// How many of a page's ids an error lists when none is close to the wanted one.
const LISTED_IDS: usize = 12;

/// Every page's ids by URL, and the fragments of the source of each page.
fn pages(ladder: &Ladder) -> Vec<(String, BTreeSet<String>, &Fragments)> {
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
    out.push((HOME_URL.to_string(), with(home, intro), intro));
    for track in &ladder.tracks {
        let track_id = track.id.as_deref();
        if let Some(id) = track_id {
            out.push((
                routes::track_url(id),
                with(template(), &track.fragments),
                &track.fragments,
            ));
        }
        for level in &track.levels {
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
                &level.fragments,
            ));
        }
        for area in &track.areas {
            let mut ids = template();
            ids.extend(track.levels.iter().map(|l| routes::area_row_id(&l.id)));
            out.push((
                routes::area_url(track_id, &area.id),
                with(ids, &area.fragments),
                &area.fragments,
            ));
        }
    }
    for page in &ladder.pages {
        out.push((
            routes::free_page_url(&page.id),
            with(template(), &page.fragments),
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
    let ids_of: HashMap<&str, &BTreeSet<String>> = pages
        .iter()
        .map(|(url, ids, _)| (url.as_str(), ids))
        .collect();
    let mut diags = Diagnostics::new();
    for (url, _, fragments) in &pages {
        for link in &fragments.links {
            let page = link.page.as_deref().unwrap_or(url);
            // A page without ids known here (none today) is not judged.
            let Some(ids) = ids_of.get(page) else {
                continue;
            };
            if ids.contains(&link.fragment) {
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
