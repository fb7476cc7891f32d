//! The self-assessment pages: what their template (`assess.html`) sees.
//!
//! Owns the views of `assess/` (the chooser: every track's levels) and of each level's
//! checklist (`assess/<level>/`, `<track>/assess/<level>/`): every expectation of the level —
//! its competencies per category, grouped as on the level page, then the items of each growth
//! area at the level — with the id a rating is stored under and, from the second level on,
//! whether it is new or grown since the level below. The page is complete without JavaScript
//! (a printable checklist of radio groups and note boxes); `rungs.js` keeps the ratings in the
//! browser. Like `context`, it uses only the model and `routes`, never the disk or the theme.
//!
//! An expectation's id is its permalink id on its level page (`routes::competency_item_id`,
//! `routes::area_item_id`), and its status the build's alignment with the level below
//! ([`crate::render::progress`]): the share link and saved ratings key on those ids, so they
//! survive reordering and the edits that keep an item's thread or first words.

use crate::content::align::{Pair, Status as AlignStatus};
use crate::content::model::{Item, Ladder, Level, Track};
use crate::content::routes;
use crate::render::context::{LevelLink, SectionView, level_link, sections_of};
use crate::render::progress::{self, Progress};
use serde::Serialize;

/// How an expectation of a level relates to the level below (the threads work's statuses,
/// but for `Dropped`, which an item of the target level never is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    /// The level below expects the same.
    Unchanged,
    /// Aligned with an item of the level below (same thread, or similar words), in other words.
    Grown,
    /// The level below has nothing like it.
    New,
}

/// The status of each item of a list against the level below, from the build's alignment
/// (`pairs`, from [`crate::render::progress`]): unchanged, grown or new.
pub(crate) fn statuses(pairs: &[Pair], len: usize) -> Vec<Status> {
    progress::by_upper(pairs, len)
        .into_iter()
        .map(|(status, _)| match status {
            AlignStatus::Unchanged => Status::Unchanged,
            AlignStatus::Grown => Status::Grown,
            AlignStatus::New | AlignStatus::Dropped => Status::New,
        })
        .collect()
}

/// `assess` on a self-assessment page: the chooser of levels, and on a level's page the
/// checklist of that level.
#[derive(Debug, Serialize)]
pub(crate) struct AssessView<'a> {
    /// The levels to choose from: on the chooser every track (one, untitled, without
    /// tracks), on a level's checklist its own track.
    pub(crate) tracks: Vec<AssessTrack<'a>>,
    /// The level assessed; `none` on the chooser (`assess/`).
    pub(crate) target: Option<AssessTarget<'a>>,
}

/// A track in the chooser.
#[derive(Debug, Serialize)]
pub(crate) struct AssessTrack<'a> {
    /// The track's title; `none` in a ladder without tracks.
    pub(crate) title: Option<&'a str>,
    /// Its levels in rank order.
    pub(crate) levels: Vec<AssessChoice<'a>>,
}

/// A level in the chooser.
#[derive(Debug, Serialize)]
pub(crate) struct AssessChoice<'a> {
    /// The level (`url` is its level page).
    pub(crate) level: LevelLink<'a>,
    /// URL of its self-assessment page, relative to the root.
    pub(crate) url: String,
    /// Whether it is the level the page assesses.
    pub(crate) current: bool,
}

/// The level a checklist assesses.
#[derive(Debug, Serialize)]
pub(crate) struct AssessTarget<'a> {
    /// The level.
    pub(crate) level: LevelLink<'a>,
    /// What the page calls the level: its title, followed in a ladder with tracks by its
    /// track's short name (the label `level_in_track`: "Staff Engineer (IC)"), since tracks
    /// often have levels of the same title.
    pub(crate) name: String,
    /// The level below, which `status` compares with; `none` for the first level.
    pub(crate) below: Option<LevelLink<'a>>,
    /// The sections of `categories` (see `site.sections`): `start`/`end` slice it.
    pub(crate) sections: Vec<SectionView<'a>>,
    /// Per entry of `sections`: whether any of its categories has items at this level.
    pub(crate) sections_with_items: Vec<bool>,
    /// Whether any category has items at this level.
    pub(crate) has_competencies: bool,
    /// Every category the track applies, in category order; those without items have
    /// none in `items`.
    pub(crate) categories: Vec<AssessGroup<'a>>,
    /// Whether any growth area has an expectation at this level.
    pub(crate) has_areas: bool,
    /// The growth areas with an expectation at this level, in display order, HTML written by
    /// rungs (`render::rows`): a `<section class="assess-group">` each, its heading linked
    /// to the area's page, then its items as the `assess_item` component prints them. Print
    /// it with `| safe`. (A 5,000-area ladder has 5,000 items on each checklist: building
    /// them in a template took longer than the rest of the page.)
    pub(crate) areas_html: String,
    /// The number of the first growth-area item on the page (its parts' names, from
    /// `routes::assess_part_ids`, follow the categories' items).
    #[serde(skip)]
    pub(crate) first_area_item: usize,
    /// How many expectations the checklist has.
    pub(crate) total: usize,
    /// What the browser stores the ratings of this page under, besides the site and the
    /// ladder version: `<level>`, or `<track>/<level>`.
    pub(crate) key: String,
    /// The ladder's version: a hash of its content ([`content_version`]).
    pub(crate) version: &'a str,
}

/// A category (or growth area) of a checklist.
#[derive(Debug, Serialize)]
pub(crate) struct AssessGroup<'a> {
    /// Category or growth-area id.
    pub(crate) id: &'a str,
    /// The HTML id of its heading: the category's id (as on the level page), or the growth
    /// area's heading id on this page.
    pub(crate) html_id: String,
    /// Title.
    pub(crate) title: &'a str,
    /// URL of where it is shown on the site, relative to the root: the category on the
    /// level page, the growth area's page.
    pub(crate) url: String,
    /// The expectations.
    pub(crate) items: Vec<AssessItem<'a>>,
}

/// One expectation to rate.
#[derive(Debug, Serialize)]
pub(crate) struct AssessItem<'a> {
    /// The stable id ratings are stored and shared under ([`item_id`]).
    pub(crate) id: String,
    /// The HTML id of its block on this page.
    pub(crate) html_id: String,
    /// The HTML id of its text (which names its radio group).
    pub(crate) text_id: String,
    /// The name of its radio group.
    pub(crate) name: String,
    /// The HTML id of its note box.
    pub(crate) note_id: String,
    /// The expectation, HTML.
    pub(crate) html: &'a str,
    /// The expectation as plain text (for the Markdown export).
    pub(crate) plain: &'a str,
    /// Examples, HTML each.
    pub(crate) examples: Vec<&'a str>,
    /// Its permalink: the level page at the item's id, relative to the root.
    pub(crate) permalink: String,
    /// Against the level below: `"new"`, `"grown"` or `"unchanged"`; `none` on the first
    /// level.
    pub(crate) status: Option<Status>,
}

/// The items of one category or area at the target level as views: `id(item)` is the
/// item's permalink id on its level page (issue 11's ids), `statuses` its status against the
/// level below (none on the first level).
fn assess_items<'a>(
    items: &'a [Item],
    statuses: Option<Vec<Status>>,
    level_url: &str,
    id: impl Fn(&Item) -> String,
    count: &mut usize,
) -> Vec<AssessItem<'a>> {
    items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let id = id(item);
            *count += 1;
            let [text_id, name, note_id] = routes::assess_part_ids(*count);
            AssessItem {
                text_id,
                name,
                note_id,
                html_id: routes::assess_item_id(&id),
                permalink: format!("{level_url}#{id}"),
                id,
                html: &item.text.html,
                plain: &item.text.plain,
                examples: item.examples.iter().map(|e| e.html.as_str()).collect(),
                status: statuses.as_ref().and_then(|s| s.get(n).copied()),
            }
        })
        .collect()
}

/// The chooser of every track's levels, `current` marked.
fn assess_tracks(ladder: &Ladder, current: Option<(usize, usize)>) -> Vec<AssessTrack<'_>> {
    ladder
        .tracks
        .iter()
        .enumerate()
        .map(|(t, track)| AssessTrack {
            title: track.id.as_ref().map(|_| track.title.as_str()),
            levels: (0..track.levels.len())
                .map(|i| AssessChoice {
                    level: level_link(ladder, t, i),
                    url: routes::assess_url(track.id.as_deref(), &track.levels[i].id),
                    current: current == Some((t, i)),
                })
                .collect(),
        })
        .collect()
}

/// The `assess` view of the chooser (`assess/`).
pub(crate) fn assess_index_view(ladder: &Ladder) -> AssessView<'_> {
    AssessView {
        tracks: assess_tracks(ladder, None),
        target: None,
    }
}

/// What a checklist calls level `index` of track `t` ([`AssessTarget::name`]).
pub(crate) fn assess_name(ladder: &Ladder, t: usize, index: usize) -> String {
    let track = &ladder.tracks[t];
    let title = &track.levels[index].title;
    match track.id {
        Some(_) => ladder.site.labels.fill(
            "level_in_track",
            &[("level", title), ("track", &track.short)],
        ),
        None => title.clone(),
    }
}

/// The `assess` view of level `index` of track `t`; `version` is [`content_version`].
pub(crate) fn assess_view<'a>(
    ladder: &'a Ladder,
    progress: &Progress,
    t: usize,
    index: usize,
    version: &'a str,
) -> AssessView<'a> {
    let track: &Track = &ladder.tracks[t];
    let tid = track.id.as_deref();
    let level: &Level = &track.levels[index];
    let level_url = routes::level_url(tid, &level.id);
    let step = index.checked_sub(1).map(|b| &progress.tracks[t].steps[b]);
    let mut count = 0;
    let categories: Vec<AssessGroup> = track
        .categories
        .iter()
        .map(|&c| {
            let cat = &ladder.site.categories[c];
            AssessGroup {
                id: &cat.id,
                html_id: routes::category_id(&cat.id).to_string(),
                title: &cat.title,
                url: format!("{level_url}#{}", routes::category_id(&cat.id)),
                items: assess_items(
                    &level.competencies[c],
                    step.map(|s| statuses(&s.categories[c], level.competencies[c].len())),
                    &level_url,
                    |item| routes::competency_item_id(&cat.id, &item.key),
                    &mut count,
                ),
            }
        })
        .collect();
    let area_items: usize = track
        .areas
        .iter()
        .filter_map(|a| a.expectations[index].as_ref())
        .map(|e| e.items.len())
        .sum();
    let sections = sections_of(&ladder.site, &track.categories);
    let sections_with_items = sections
        .iter()
        .map(|s| {
            categories[s.start..s.end]
                .iter()
                .any(|c| !c.items.is_empty())
        })
        .collect();
    let total = count + area_items;
    AssessView {
        tracks: assess_tracks(ladder, Some((t, index)))
            .into_iter()
            .skip(t)
            .take(1)
            .collect(),
        target: Some(AssessTarget {
            name: assess_name(ladder, t, index),
            level: level_link(ladder, t, index),
            below: index.checked_sub(1).map(|i| level_link(ladder, t, i)),
            sections,
            has_competencies: categories.iter().any(|c| !c.items.is_empty()),
            sections_with_items,
            categories,
            has_areas: area_items > 0,
            areas_html: String::new(),
            first_area_item: count + 1,
            total,
            key: match tid {
                Some(tid) => format!("{tid}/{}", level.id),
                None => level.id.clone(),
            },
            version,
        }),
    }
}

/// The ladder's version for the browser's saved ratings: a hash (64-bit FNV-1a, 16 hex
/// digits) of what the checklists show — every track's levels and growth areas with their
/// expectations. The same content gives the same version on every build and machine.
pub(crate) fn content_version(ladder: &Ladder) -> String {
    let mut hash = Fnv::default();
    for track in &ladder.tracks {
        hash.add(track.id.as_deref().unwrap_or_default());
        for level in &track.levels {
            hash.add(&level.id);
            for (c, items) in level.competencies.iter().enumerate() {
                hash.add(&ladder.site.categories[c].id);
                items.iter().for_each(|i| hash.item(i));
            }
        }
        for area in &track.areas {
            hash.add(&area.id);
            for e in &area.expectations {
                hash.add(if e.is_some() { "+" } else { "-" });
                e.iter().flat_map(|e| &e.items).for_each(|i| hash.item(i));
            }
        }
    }
    format!("{:016x}", hash.0)
}

/// 64-bit FNV-1a, each string followed by a 0 byte so that `ab`,`c` and `a`,`bc` differ.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, s: &str) {
        for b in s.bytes().chain([0]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn item(&mut self, item: &Item) {
        self.add(&item.text.markdown);
        self.add(item.thread.as_deref().unwrap_or_default());
        item.examples.iter().for_each(|e| self.add(&e.markdown));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::align::Pair;

    #[test]
    fn statuses_follow_the_alignment_with_the_level_below() {
        let pair = |lower, upper, status| Pair {
            lower,
            upper,
            status,
        };
        let pairs = [
            pair(Some(0), Some(0), AlignStatus::Unchanged),
            pair(Some(2), None, AlignStatus::Dropped),
            pair(Some(1), Some(2), AlignStatus::Grown),
            pair(None, Some(1), AlignStatus::New),
        ];
        assert_eq!(
            statuses(&pairs, 3),
            [Status::Unchanged, Status::New, Status::Grown]
        );
        // An upper item the alignment does not mention is new.
        assert_eq!(statuses(&[], 1), [Status::New]);
        assert_eq!(
            serde_json::to_value([Status::Unchanged, Status::Grown, Status::New]).unwrap(),
            serde_json::json!(["unchanged", "grown", "new"])
        );
    }

    #[test]
    fn fnv_is_the_reference_hash() {
        // FNV-1a 64 of the bytes `a`, 0 (computed independently).
        let mut h = Fnv::default();
        h.add("a");
        assert_eq!(h.0, 0x089b_e207_b544_f1e4);
        let mut ab = Fnv::default();
        ab.add("ab");
        ab.add("c");
        let mut a = Fnv::default();
        a.add("a");
        a.add("bc");
        assert_ne!(ab.0, a.0);
    }
}
