//! What changes from one level to the next: the alignment of every list of items between
//! neighbouring levels, computed once per build from the validated ladder and shared by the
//! views (level pages' "was" and "new", pair pages, the ladder matrix) and `ladder.json`.
//!
//! Competency items align per category with [`align`](crate::content::align) (threads, exact
//! text, word similarity). A growth area's expectation written as one text continues the
//! area's one-text expectation at the other level: the area is its thread. Items of list
//! expectations align like competencies. Each item's word set is computed here once, so
//! comparing two items later costs no allocation.

use crate::content::align::{self, AlignItem, Pair, Status};
use crate::content::model::{Expectation, Item, Ladder, Track};
use rayon::prelude::*;

/// The word sets of a list's items, by index.
type Sets = Vec<Vec<u64>>;

/// The alignment data of one track.
#[derive(Debug, Default)]
pub(crate) struct TrackProgress {
    /// `competency_words[level][category][item]`: word sets (categories indexed like
    /// `site.categories`).
    competency_words: Vec<Vec<Sets>>,
    /// `area_words[area][level][item]`: word sets (empty where there is no expectation).
    area_words: Vec<Vec<Sets>>,
    /// `steps[i]`: level `i` → level `i + 1`.
    pub(crate) steps: Vec<Step>,
}

/// The alignment of two neighbouring levels.
#[derive(Debug, Default)]
pub(crate) struct Step {
    /// Per category (indexed like `site.categories`): the competency items.
    pub(crate) categories: Vec<Vec<Pair>>,
    /// Per growth area: its expectations' items (empty when neither level has one).
    pub(crate) areas: Vec<Vec<Pair>>,
}

/// The alignment data of every track, in track order.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    /// One per track of the ladder.
    pub(crate) tracks: Vec<TrackProgress>,
}

pub(crate) fn sets(items: &[Item]) -> Sets {
    items
        .iter()
        .map(|i| align::word_set(&i.text.plain))
        .collect()
}

fn align_view(items: &[Item]) -> Vec<AlignItem<'_>> {
    items
        .iter()
        .map(|i| AlignItem {
            text: &i.text.plain,
            thread: i.thread.as_deref(),
        })
        .collect()
}

/// The alignment of two lists of items with their word sets.
pub(crate) fn align_items(lower: &[Item], upper: &[Item], lw: &Sets, uw: &Sets) -> Vec<Pair> {
    align::align_with(
        &align_view(lower),
        &align_view(upper),
        |l| lw[l].as_slice(),
        |u| uw[u].as_slice(),
    )
}

/// The alignment of a growth area's expectations at two levels (see the module docs).
pub(crate) fn align_expectations(
    lower: Option<&Expectation>,
    upper: Option<&Expectation>,
    lw: &Sets,
    uw: &Sets,
) -> Vec<Pair> {
    match (lower, upper) {
        (Some(l), Some(u)) if !l.list && !u.list => {
            let same = l.items[0].text.html == u.items[0].text.html;
            vec![Pair {
                lower: Some(0),
                upper: Some(0),
                status: if same {
                    Status::Unchanged
                } else {
                    Status::Grown
                },
            }]
        }
        _ => {
            let none: &[Item] = &[];
            align_items(
                lower.map_or(none, |e| &e.items),
                upper.map_or(none, |e| &e.items),
                lw,
                uw,
            )
        }
    }
}

impl TrackProgress {
    fn new(ladder: &Ladder, track: &Track) -> TrackProgress {
        let categories = ladder.site.categories.len();
        let competency_words: Vec<Vec<Sets>> = track
            .levels
            .iter()
            .map(|l| l.competencies.iter().map(|items| sets(items)).collect())
            .collect();
        let area_words: Vec<Vec<Sets>> = track
            .areas
            .par_iter()
            .map(|a| {
                a.expectations
                    .iter()
                    .map(|e| e.as_ref().map_or_else(Vec::new, |e| sets(&e.items)))
                    .collect()
            })
            .collect();
        let mut progress = TrackProgress {
            competency_words,
            area_words,
            steps: Vec::new(),
        };
        progress.steps = (1..track.levels.len())
            .map(|i| Step {
                categories: (0..categories)
                    .map(|c| progress.align_competencies(track, c, i - 1, i))
                    .collect(),
                areas: (0..track.areas.len())
                    .map(|a| progress.align_area(track, a, i - 1, i))
                    .collect(),
            })
            .collect();
        progress
    }

    /// The alignment of category `c`'s items at levels `lower` and `upper` of `track`.
    pub(crate) fn align_competencies(
        &self,
        track: &Track,
        c: usize,
        lower: usize,
        upper: usize,
    ) -> Vec<Pair> {
        align_items(
            &track.levels[lower].competencies[c],
            &track.levels[upper].competencies[c],
            &self.competency_words[lower][c],
            &self.competency_words[upper][c],
        )
    }

    /// The alignment of area `a`'s expectations at levels `lower` and `upper` of `track`.
    pub(crate) fn align_area(
        &self,
        track: &Track,
        a: usize,
        lower: usize,
        upper: usize,
    ) -> Vec<Pair> {
        let area = &track.areas[a];
        align_expectations(
            area.expectations[lower].as_ref(),
            area.expectations[upper].as_ref(),
            &self.area_words[a][lower],
            &self.area_words[a][upper],
        )
    }

    /// The word sets of category `c`'s items at `level`.
    pub(crate) fn competency_words(&self, level: usize, c: usize) -> &Sets {
        &self.competency_words[level][c]
    }

    /// The word sets of area `a`'s items at `level`.
    pub(crate) fn area_words(&self, a: usize, level: usize) -> &Sets {
        &self.area_words[a][level]
    }
}

/// Aligns every neighbouring pair of levels of every track.
pub(crate) fn progress(ladder: &Ladder) -> Progress {
    Progress {
        tracks: ladder
            .tracks
            .iter()
            .map(|t| TrackProgress::new(ladder, t))
            .collect(),
    }
}

/// For each item of the upper list, its status and the index of the lower item it continues,
/// from an alignment: `(status, lower)` by upper index.
pub(crate) fn by_upper(pairs: &[Pair], upper_len: usize) -> Vec<(Status, Option<usize>)> {
    let mut out = vec![(Status::New, None); upper_len];
    for p in pairs {
        if let Some(u) = p.upper {
            out[u] = (p.status, p.lower);
        }
    }
    out
}
