//! What changed between two validated ladders, and how `rungs diff` prints it.
//!
//! [`compare`] takes two [`Ladder`]s (two git revisions, or a revision and the working tree,
//! each loaded and validated like a build) and lists, per track: levels, growth areas added,
//! removed or renamed, and each expectation added, removed, reworded (with its word-level
//! difference) or moved; site-wide, categories and free pages added, removed or renamed.
//! Items of two versions of one list are paired with [`crate::content::align`] (thread, then
//! text, then similar words), so a reworded item is one change, not a removal and an
//! addition.
//!
//! [`text`], [`markdown`] and [`json`] print a [`LadderDiff`]; the site's changes page renders
//! the same value through a template. Pure: no git, no disk.

use crate::content::align::{self, AlignItem};
use crate::content::model::{Item, Ladder, Track};
use crate::worddiff::WordChange;
use serde::Serialize;
use std::collections::HashMap;

/// How a named thing (category, page, track, level, growth area) changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Change {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Its id or title changed (a level whose id changed keeps its rank).
    Renamed,
    /// Its text changed (a free page's body).
    Changed,
}

/// A category, page, track, level or growth area that was added, removed or renamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Named {
    /// The id (the new one when renamed).
    pub(crate) id: String,
    /// The title (the new one when renamed).
    pub(crate) title: String,
    /// What happened.
    pub(crate) change: Change,
    /// The old id, when renamed to another id.
    pub(crate) old_id: Option<String>,
    /// The old title, when renamed.
    pub(crate) old_title: Option<String>,
}

/// How an expectation changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ItemOp {
    /// A new expectation.
    Added,
    /// An expectation taken out.
    Removed,
    /// Reworded (or its examples changed).
    Changed,
    /// The same text, now somewhere else in the track.
    Moved,
}

/// Where an expectation is: a level's category, or a growth area at a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Place {
    /// The level's id.
    pub(crate) level: String,
    /// The level's title.
    pub(crate) level_title: String,
    /// The category's id, for a competency.
    pub(crate) category: Option<String>,
    /// The category's title.
    pub(crate) category_title: Option<String>,
    /// The growth area's id, for an area's expectation.
    pub(crate) area: Option<String>,
    /// The growth area's title.
    pub(crate) area_title: Option<String>,
}

impl Place {
    /// `Senior Engineer › Delivery` or `API design › Senior Engineer`.
    pub(crate) fn heading(&self) -> String {
        match (&self.category_title, &self.area_title) {
            (Some(c), _) => format!("{} › {c}", self.level_title),
            (None, Some(a)) => format!("{a} › {}", self.level_title),
            (None, None) => self.level_title.clone(),
        }
    }
}

/// Which item of the new ladder's track a change is about (indexes into the track).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ItemRef {
    /// `level.competencies[category][item]`.
    Competency {
        /// Index into the track's levels.
        level: usize,
        /// Index into `site.categories`.
        category: usize,
        /// Index into the category's items.
        item: usize,
    },
    /// `area.expectations[level].items[item]`.
    Area {
        /// Index into the track's areas.
        area: usize,
        /// Index into the track's levels.
        level: usize,
        /// Index into the expectation's items.
        item: usize,
    },
}

/// One expectation added, removed, changed or moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ItemChange {
    /// What happened.
    pub(crate) op: ItemOp,
    /// Where it is (where it was, when removed).
    pub(crate) at: Place,
    /// The text (the new one when changed), plain.
    pub(crate) text: String,
    /// The old text, when changed.
    pub(crate) old_text: Option<String>,
    /// The word-level difference old → new, when changed.
    pub(crate) words: Vec<WordChange>,
    /// Whether its examples changed.
    pub(crate) examples_changed: bool,
    /// Where it was, when moved.
    pub(crate) from: Option<Place>,
    /// The item in the new ladder's track (none when removed).
    #[serde(skip)]
    pub(crate) new_item: Option<ItemRef>,
}

/// The changes of one track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TrackDiff {
    /// The track's id (`null` for a ladder without tracks).
    pub(crate) id: Option<String>,
    /// The track's title.
    pub(crate) title: String,
    /// Added, removed or renamed; `null` when the track itself is the same.
    pub(crate) change: Option<Change>,
    /// Levels added, removed or renamed, in rank order.
    pub(crate) levels: Vec<Named>,
    /// Growth areas added, removed or renamed.
    pub(crate) areas: Vec<Named>,
    /// Expectations added, removed, changed or moved (levels' competencies in rank and
    /// category order, then growth areas').
    pub(crate) items: Vec<ItemChange>,
    /// Index of the track in the new ladder (none when removed).
    #[serde(skip)]
    pub(crate) new_track: Option<usize>,
}

impl TrackDiff {
    fn is_empty(&self) -> bool {
        self.change.is_none()
            && self.levels.is_empty()
            && self.areas.is_empty()
            && self.items.is_empty()
    }
}

/// Everything that changed between two ladders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct LadderDiff {
    /// Categories added, removed or renamed.
    pub(crate) categories: Vec<Named>,
    /// Free pages added, removed, renamed or changed.
    pub(crate) pages: Vec<Named>,
    /// Tracks with changes, in the new ladder's order (removed ones last).
    pub(crate) tracks: Vec<TrackDiff>,
}

impl LadderDiff {
    /// Whether nothing changed.
    pub(crate) fn is_empty(&self) -> bool {
        self.categories.is_empty() && self.pages.is_empty() && self.tracks.is_empty()
    }

    /// Every changed item of the new ladder: `(track index, item)` with its change.
    pub(crate) fn changed_items(&self) -> impl Iterator<Item = (usize, ItemRef)> + '_ {
        self.tracks.iter().flat_map(|t| {
            t.items
                .iter()
                .filter_map(move |c| Some((t.new_track?, c.new_item?)))
        })
    }
}

/// What changed from `old` to `new`.
pub(crate) fn compare(old: &Ladder, new: &Ladder) -> LadderDiff {
    let categories = named_changes(
        old.site
            .categories
            .iter()
            .map(|c| (c.id.as_str(), c.title.as_str())),
        new.site
            .categories
            .iter()
            .map(|c| (c.id.as_str(), c.title.as_str())),
    );
    let mut pages = named_changes(
        old.pages.iter().map(|p| (p.id.as_str(), p.title.as_str())),
        new.pages.iter().map(|p| (p.id.as_str(), p.title.as_str())),
    );
    for p in &new.pages {
        if let Some(o) = old.pages.iter().find(|o| o.id == p.id)
            && o.title == p.title
            && o.body.markdown != p.body.markdown
        {
            pages.push(Named {
                id: p.id.clone(),
                title: p.title.clone(),
                change: Change::Changed,
                old_id: None,
                old_title: None,
            });
        }
    }
    let mut tracks = Vec::new();
    for (t, track) in new.tracks.iter().enumerate() {
        let diff = match old.tracks.iter().find(|o| o.id == track.id) {
            Some(o) => compare_tracks(old, o, new, track, t),
            None => TrackDiff {
                id: track.id.clone(),
                title: track.title.clone(),
                change: Some(Change::Added),
                levels: track
                    .levels
                    .iter()
                    .map(|l| added(&l.id, &l.title))
                    .collect(),
                areas: track.areas.iter().map(|a| added(&a.id, &a.title)).collect(),
                items: Vec::new(),
                new_track: Some(t),
            },
        };
        if !diff.is_empty() {
            tracks.push(diff);
        }
    }
    for o in &old.tracks {
        if !new.tracks.iter().any(|t| t.id == o.id) {
            tracks.push(TrackDiff {
                id: o.id.clone(),
                title: o.title.clone(),
                change: Some(Change::Removed),
                levels: Vec::new(),
                areas: Vec::new(),
                items: Vec::new(),
                new_track: None,
            });
        }
    }
    LadderDiff {
        categories,
        pages,
        tracks,
    }
}

fn added(id: &str, title: &str) -> Named {
    Named {
        id: id.to_string(),
        title: title.to_string(),
        change: Change::Added,
        old_id: None,
        old_title: None,
    }
}

/// Added, removed and retitled things matched by id: new order, then removed ones.
fn named_changes<'a>(
    old: impl Iterator<Item = (&'a str, &'a str)>,
    new: impl Iterator<Item = (&'a str, &'a str)>,
) -> Vec<Named> {
    let old: Vec<(&str, &str)> = old.collect();
    let new: Vec<(&str, &str)> = new.collect();
    let mut out = Vec::new();
    for (id, title) in &new {
        match old.iter().find(|(o, _)| o == id) {
            None => out.push(added(id, title)),
            Some((_, old_title)) if old_title != title => out.push(Named {
                id: (*id).to_string(),
                title: (*title).to_string(),
                change: Change::Renamed,
                old_id: None,
                old_title: Some((*old_title).to_string()),
            }),
            Some(_) => {}
        }
    }
    for (id, title) in &old {
        if !new.iter().any(|(n, _)| n == id) {
            out.push(Named {
                id: (*id).to_string(),
                title: (*title).to_string(),
                change: Change::Removed,
                old_id: None,
                old_title: None,
            });
        }
    }
    out
}

fn compare_tracks(
    old_ladder: &Ladder,
    old: &Track,
    new_ladder: &Ladder,
    new: &Track,
    t: usize,
) -> TrackDiff {
    // Levels: by id, then an unmatched old level of the same rank is the same level renamed.
    let mut level_of_new: Vec<Option<usize>> = new
        .levels
        .iter()
        .map(|l| old.levels.iter().position(|o| o.id == l.id))
        .collect();
    // Ranks are unique within a track, so an old level is claimed by at most one new level
    // of its rank; one whose id is still there was matched by id.
    for (i, l) in new.levels.iter().enumerate() {
        if level_of_new[i].is_none() {
            let free = old
                .levels
                .iter()
                .position(|o| o.rank == l.rank && !new.levels.iter().any(|n| n.id == o.id));
            level_of_new[i] = free;
        }
    }
    let mut levels = Vec::new();
    for (i, l) in new.levels.iter().enumerate() {
        match level_of_new[i].map(|j| &old.levels[j]) {
            None => levels.push(added(&l.id, &l.title)),
            Some(o) if o.id != l.id || o.title != l.title => levels.push(Named {
                id: l.id.clone(),
                title: l.title.clone(),
                change: Change::Renamed,
                old_id: (o.id != l.id).then(|| o.id.clone()),
                old_title: (o.title != l.title).then(|| o.title.clone()),
            }),
            Some(_) => {}
        }
    }
    for (j, o) in old.levels.iter().enumerate() {
        if !level_of_new.contains(&Some(j)) {
            levels.push(Named {
                id: o.id.clone(),
                title: o.title.clone(),
                change: Change::Removed,
                old_id: None,
                old_title: None,
            });
        }
    }
    let areas = named_changes(
        old.areas.iter().map(|a| (a.id.as_str(), a.title.as_str())),
        new.areas.iter().map(|a| (a.id.as_str(), a.title.as_str())),
    );

    let mut items = Vec::new();
    // Competencies, level by level, category by category (new order).
    for (i, level) in new.levels.iter().enumerate() {
        let Some(j) = level_of_new[i] else { continue };
        let old_level = &old.levels[j];
        for (c, category) in new_ladder.site.categories.iter().enumerate() {
            // A new category has no items before: each of its items is added.
            let oc = old_ladder
                .site
                .categories
                .iter()
                .position(|o| o.id == category.id);
            let place = Place {
                level: level.id.clone(),
                level_title: level.title.clone(),
                category: Some(category.id.clone()),
                category_title: Some(category.title.clone()),
                area: None,
                area_title: None,
            };
            let empty = Vec::new();
            let old_items = oc
                .and_then(|oc| old_level.competencies.get(oc))
                .unwrap_or(&empty);
            let new_items = level.competencies.get(c).unwrap_or(&empty);
            compare_items(old_items, new_items, &place, &mut items, |k| {
                ItemRef::Competency {
                    level: i,
                    category: c,
                    item: k,
                }
            });
        }
    }
    // Growth areas, area by area, level by level.
    for (a, area) in new.areas.iter().enumerate() {
        let Some(old_area) = old.areas.iter().find(|o| o.id == area.id) else {
            continue;
        };
        for (i, level) in new.levels.iter().enumerate() {
            let Some(j) = level_of_new[i] else { continue };
            let place = Place {
                level: level.id.clone(),
                level_title: level.title.clone(),
                category: None,
                category_title: None,
                area: Some(area.id.clone()),
                area_title: Some(area.title.clone()),
            };
            let items_of = |e: Option<&Option<crate::content::model::Expectation>>| {
                e.and_then(Option::as_ref)
                    .map(|e| e.items.clone())
                    .unwrap_or_default()
            };
            let old_items = items_of(old_area.expectations.get(j));
            let new_items = items_of(area.expectations.get(i));
            compare_items(&old_items, &new_items, &place, &mut items, |k| {
                ItemRef::Area {
                    area: a,
                    level: i,
                    item: k,
                }
            });
        }
    }
    let items = find_moves(items);
    TrackDiff {
        id: new.id.clone(),
        title: new.title.clone(),
        change: (old.title != new.title).then_some(Change::Renamed),
        levels,
        areas,
        items,
        new_track: Some(t),
    }
}

/// The changes between two versions of one list of items, in display order.
fn compare_items(
    old: &[Item],
    new: &[Item],
    place: &Place,
    out: &mut Vec<ItemChange>,
    item_ref: impl Fn(usize) -> ItemRef,
) {
    if old.len() == new.len() && old.iter().zip(new).all(|(a, b)| a.same_as(b)) {
        return;
    }
    let view = |items: &[Item]| -> Vec<(String, Option<String>)> {
        items.iter().map(|i| (plain(i), i.thread.clone())).collect()
    };
    let (old_v, new_v) = (view(old), view(new));
    fn as_align(v: &[(String, Option<String>)]) -> Vec<AlignItem<'_>> {
        v.iter()
            .map(|(text, thread)| AlignItem {
                text,
                thread: thread.as_deref(),
            })
            .collect()
    }
    let pairs = align::align(&as_align(&old_v), &as_align(&new_v));
    for pair in pairs {
        let change = match (pair.lower, pair.upper) {
            (Some(l), Some(u)) => {
                if old[l].same_as(&new[u]) {
                    continue;
                }
                let (ot, nt) = (&old_v[l].0, &new_v[u].0);
                ItemChange {
                    op: ItemOp::Changed,
                    at: place.clone(),
                    text: nt.clone(),
                    old_text: (ot != nt).then(|| ot.clone()),
                    words: if ot == nt {
                        Vec::new()
                    } else {
                        crate::worddiff::word_diff(ot, nt)
                    },
                    examples_changed: !same_examples(&old[l], &new[u]),
                    from: None,
                    new_item: Some(item_ref(u)),
                }
            }
            (None, Some(u)) => ItemChange {
                op: ItemOp::Added,
                at: place.clone(),
                text: new_v[u].0.clone(),
                old_text: None,
                words: Vec::new(),
                examples_changed: false,
                from: None,
                new_item: Some(item_ref(u)),
            },
            (Some(l), None) => ItemChange {
                op: ItemOp::Removed,
                at: place.clone(),
                text: old_v[l].0.clone(),
                old_text: None,
                words: Vec::new(),
                examples_changed: false,
                from: None,
                new_item: None,
            },
            (None, None) => continue,
        };
        out.push(change);
    }
}

/// An item's plain text, white space collapsed.
fn plain(item: &Item) -> String {
    let text = if item.text.plain.is_empty() {
        &item.text.markdown
    } else {
        &item.text.plain
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn same_examples(a: &Item, b: &Item) -> bool {
    a.examples.len() == b.examples.len()
        && a.examples
            .iter()
            .zip(&b.examples)
            .all(|(x, y)| x.markdown == y.markdown)
}

/// An item removed in one place and added with the same text in another is one move: kept
/// at the place it was added, naming where it came from.
fn find_moves(items: Vec<ItemChange>) -> Vec<ItemChange> {
    let mut removed_at: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in items.iter().enumerate() {
        if c.op == ItemOp::Removed {
            removed_at.entry(c.text.as_str()).or_default().push(i);
        }
    }
    let mut moved_from: Vec<Option<usize>> = vec![None; items.len()];
    let mut taken = vec![false; items.len()];
    for (i, c) in items.iter().enumerate() {
        if c.op != ItemOp::Added {
            continue;
        }
        if let Some(list) = removed_at.get_mut(c.text.as_str())
            && let Some(pos) = list.iter().position(|&r| items[r].at != c.at)
        {
            let r = list.remove(pos);
            moved_from[i] = Some(r);
            taken[r] = true;
        }
    }
    let froms: Vec<Option<Place>> = moved_from
        .iter()
        .map(|r| r.map(|r| items[r].at.clone()))
        .collect();
    items
        .into_iter()
        .zip(froms)
        .enumerate()
        .filter(|(i, _)| !taken[*i])
        .map(|(_, (mut c, from))| {
            if from.is_some() {
                c.op = ItemOp::Moved;
                c.from = from;
            }
            c
        })
        .collect()
}

/// The two sides of a comparison, as printed: a revision and its commit, or the working tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Side {
    /// The revision as given (`v1`, `HEAD`), or `working tree`.
    pub(crate) rev: String,
    /// The commit's full id; `null` for the working tree.
    pub(crate) commit: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Formats.

/// Styles of the text format (plain when colour is off: anstream strips them).
mod style {
    use anstyle::{AnsiColor, Style};
    pub(super) const HEAD: Style = Style::new().bold();
    pub(super) const ADD: Style = AnsiColor::Green.on_default();
    pub(super) const DEL: Style = AnsiColor::Red.on_default();
    pub(super) const MOD: Style = AnsiColor::Yellow.on_default();
}

fn styled(s: anstyle::Style, text: &str) -> String {
    format!("{s}{text}{s:#}")
}

fn sign(op: ItemOp) -> (&'static str, anstyle::Style) {
    match op {
        ItemOp::Added => ("+", style::ADD),
        ItemOp::Removed => ("-", style::DEL),
        ItemOp::Changed => ("~", style::MOD),
        ItemOp::Moved => (">", style::MOD),
    }
}

fn named_line(n: &Named) -> (String, anstyle::Style) {
    match n.change {
        Change::Added => (format!("+ {} ({}): added", n.title, n.id), style::ADD),
        Change::Removed => (format!("- {} ({}): removed", n.title, n.id), style::DEL),
        Change::Changed => (format!("~ {} ({}): changed", n.title, n.id), style::MOD),
        Change::Renamed => {
            let mut what = Vec::new();
            if let Some(old) = &n.old_id {
                what.push(format!("id {old} → {}", n.id));
            }
            if let Some(old) = &n.old_title {
                what.push(format!("title “{old}” → “{}”", n.title));
            }
            (
                format!("~ {} ({}): renamed, {}", n.title, n.id, what.join(", ")),
                style::MOD,
            )
        }
    }
}

/// Items grouped by their place, in order: `(heading, changes)`.
fn by_place(items: &[ItemChange]) -> Vec<(String, Vec<&ItemChange>)> {
    let mut groups: Vec<(String, Vec<&ItemChange>)> = Vec::new();
    for c in items {
        let heading = c.at.heading();
        match groups.last_mut() {
            Some((h, list)) if *h == heading => list.push(c),
            _ => groups.push((heading, vec![c])),
        }
    }
    groups
}

/// The text format: a heading per section, one line per change (`+` added, `-` removed,
/// `~` changed with `[-old-]{+new+}` words, `>` moved), with ANSI styles that the caller's
/// stream keeps or strips.
pub(crate) fn text(diff: &LadderDiff, from: &Side, to: &Side) -> String {
    let mut out = String::new();
    out.push_str(&styled(
        style::HEAD,
        &format!("Changes from {} to {}", side_name(from), side_name(to)),
    ));
    out.push('\n');
    if diff.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let section = |out: &mut String, title: &str, list: &[Named]| {
        if list.is_empty() {
            return;
        }
        out.push_str(&styled(style::HEAD, title));
        out.push('\n');
        for n in list {
            let (line, s) = named_line(n);
            out.push_str("  ");
            out.push_str(&styled(s, &line));
            out.push('\n');
        }
    };
    section(&mut out, "Categories", &diff.categories);
    section(&mut out, "Pages", &diff.pages);
    let multi = diff.tracks.iter().any(|t| t.id.is_some());
    for t in &diff.tracks {
        if multi {
            let what = match t.change {
                Some(Change::Added) => " (added)",
                Some(Change::Removed) => " (removed)",
                Some(Change::Renamed) => " (renamed)",
                _ => "",
            };
            out.push_str(&styled(
                style::HEAD,
                &format!(
                    "Track {} ({}){what}",
                    t.title,
                    t.id.as_deref().unwrap_or_default()
                ),
            ));
            out.push('\n');
        }
        section(&mut out, "Levels", &t.levels);
        section(&mut out, "Growth areas", &t.areas);
        for (heading, list) in by_place(&t.items) {
            out.push_str(&styled(style::HEAD, &heading));
            out.push('\n');
            for c in list {
                let (mark, s) = sign(c.op);
                out.push_str("  ");
                out.push_str(&styled(s, mark));
                out.push(' ');
                match c.op {
                    ItemOp::Changed if !c.words.is_empty() => {
                        for w in &c.words {
                            match w {
                                WordChange::Same(x) => out.push_str(x),
                                WordChange::Deleted(x) => {
                                    out.push_str(&styled(style::DEL, &format!("[-{x}-]")));
                                }
                                WordChange::Inserted(x) => {
                                    out.push_str(&styled(style::ADD, &format!("{{+{x}+}}")));
                                }
                            }
                        }
                    }
                    _ => out.push_str(&c.text),
                }
                if c.examples_changed {
                    out.push_str(" (examples changed)");
                }
                if let Some(from) = &c.from {
                    out.push_str(&format!(" (moved from {})", from.heading()));
                }
                out.push('\n');
            }
        }
    }
    out
}

fn side_name(side: &Side) -> String {
    side.rev.clone()
}

/// Escapes text for Markdown: every character Markdown (GitHub's included: `$` for maths,
/// `~` for strike-through) could read as markup is backslash-escaped, line breaks become
/// spaces, so a text is always shown as written.
pub(crate) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '|'
            | '~' | '&' | '$' | '!' | '"' | '\'' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `s` as a Markdown code span, shown exactly as written: backslash escapes do not work in a
/// code span, so nothing is escaped; the span is fenced by more backticks than the longest
/// run of them in `s` (and padded with spaces when `s` starts or ends with one), line breaks
/// become spaces and other control characters are left out.
fn md_code(s: &str) -> String {
    let text: String = s
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` wrapped in `mark` (`**`, `~~`), the white space at its ends kept outside (Markdown
/// does not take `** x**` as emphasis).
fn md_wrap(text: &str, mark: &str) -> String {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    if start >= end {
        return text.to_string();
    }
    format!(
        "{}{mark}{}{mark}{}",
        &text[..start],
        md_escape(&text[start..end]),
        &text[end..]
    )
}

fn md_named(n: &Named) -> String {
    let (title, id) = (md_escape(&n.title), md_escape(&n.id));
    match n.change {
        Change::Added => format!("- **Added:** {title} (`{id}`)"),
        Change::Removed => format!("- **Removed:** {title} (`{id}`)"),
        Change::Changed => format!("- **Changed:** {title} (`{id}`)"),
        Change::Renamed => {
            let mut what = Vec::new();
            if let Some(old) = &n.old_id {
                what.push(format!("id `{}` → `{id}`", md_escape(old)));
            }
            if let Some(old) = &n.old_title {
                what.push(format!("title “{}” → “{title}”", md_escape(old)));
            }
            format!("- **Renamed:** {title} (`{id}`): {}", what.join(", "))
        }
    }
}

/// The Markdown format, for a pull-request comment or a job summary: a heading, then a
/// list per section; deleted words ~~struck~~, inserted ones **bold**. Every text from the
/// ladder is escaped ([`md_escape`]).
pub(crate) fn markdown(diff: &LadderDiff, from: &Side, to: &Side) -> String {
    let mut out = format!(
        "## Ladder changes from {} to {}\n\n",
        md_code(&side_name(from)),
        md_code(&side_name(to))
    );
    if diff.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    out.push_str(&markdown_body(diff, "###"));
    out
}

/// The Markdown of a diff's sections, headings at `level` (`###`): what the changes page
/// shows under each version.
pub(crate) fn markdown_body(diff: &LadderDiff, level: &str) -> String {
    let mut out = String::new();
    section_at(&mut out, level, "Categories", &diff.categories);
    section_at(&mut out, level, "Pages", &diff.pages);
    let multi = diff.tracks.iter().any(|t| t.id.is_some());
    for t in &diff.tracks {
        if multi {
            let what = match t.change {
                Some(Change::Added) => " (added)",
                Some(Change::Removed) => " (removed)",
                Some(Change::Renamed) => " (renamed)",
                _ => "",
            };
            out.push_str(&format!(
                "{level} Track {} (`{}`){what}\n\n",
                md_escape(&t.title),
                md_escape(t.id.as_deref().unwrap_or_default())
            ));
        }
        let sub_level = if multi {
            format!("{level}#")
        } else {
            level.to_string()
        };
        section_at(&mut out, &sub_level, "Levels", &t.levels);
        section_at(&mut out, &sub_level, "Growth areas", &t.areas);
        for (heading, list) in by_place(&t.items) {
            let sub = if multi { "#" } else { "" };
            out.push_str(&format!("{level}{sub} {}\n\n", md_escape(&heading)));
            for c in list {
                let label = match c.op {
                    ItemOp::Added => "Added",
                    ItemOp::Removed => "Removed",
                    ItemOp::Changed => "Changed",
                    ItemOp::Moved => "Moved",
                };
                out.push_str(&format!("- **{label}:** "));
                match c.op {
                    ItemOp::Changed if !c.words.is_empty() => {
                        for w in &c.words {
                            match w {
                                WordChange::Same(x) => out.push_str(&md_escape(x)),
                                WordChange::Deleted(x) => out.push_str(&md_wrap(x, "~~")),
                                WordChange::Inserted(x) => out.push_str(&md_wrap(x, "**")),
                            }
                        }
                    }
                    _ => out.push_str(&md_escape(&c.text)),
                }
                if c.examples_changed {
                    out.push_str(" (examples changed)");
                }
                if let Some(from) = &c.from {
                    out.push_str(&format!(" (from {})", md_escape(&from.heading())));
                }
                out.push('\n');
            }
            out.push('\n');
        }
    }
    out
}

/// A Markdown section listing named things, heading at `level`; nothing when empty.
fn section_at(out: &mut String, level: &str, title: &str, list: &[Named]) {
    if list.is_empty() {
        return;
    }
    out.push_str(&format!("{level} {title}\n\n"));
    for n in list {
        out.push_str(&md_named(n));
        out.push('\n');
    }
    out.push('\n');
}

/// The JSON format: one object, documented in README ("rungs diff").
#[derive(Debug, Serialize)]
struct JsonDiff<'a> {
    format: &'static str,
    version: u32,
    from: &'a Side,
    to: &'a Side,
    changed: bool,
    #[serde(flatten)]
    diff: &'a LadderDiff,
}

/// The JSON format (`"format": "rungs-diff", "version": 1`), one line.
pub(crate) fn json(diff: &LadderDiff, from: &Side, to: &Side) -> String {
    let value = JsonDiff {
        format: "rungs-diff",
        version: 1,
        from,
        to,
        changed: !diff.is_empty(),
        diff,
    };
    // Plain strings and lists: serializing cannot fail.
    serde_json::to_string(&value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_every_markup_character() {
        assert_eq!(
            md_escape("a *b* [c](d) <e> `f` $g$ ~h~ #i |j| &k"),
            "a \\*b\\* \\[c\\]\\(d\\) \\<e\\> \\`f\\` \\$g\\$ \\~h\\~ \\#i \\|j\\| \\&k"
        );
        assert_eq!(md_escape("line\nbreak"), "line break");
        assert_eq!(md_escape("bell\u{7}\u{1b}[31m"), "bell\\[31m");
        assert_eq!(md_wrap(" whole ", "**"), " **whole** ");
        assert_eq!(md_wrap("  ", "**"), "  ");
        assert_eq!(md_wrap("a*b", "~~"), "~~a\\*b~~");
    }

    #[test]
    fn named_things_are_added_renamed_and_removed_by_id() {
        let old = [("a", "A"), ("b", "B"), ("c", "C")];
        let new = [("b", "Bee"), ("a", "A"), ("d", "D")];
        let changes = named_changes(old.iter().copied(), new.iter().copied());
        let summary: Vec<(&str, Change, Option<&str>)> = changes
            .iter()
            .map(|n| (n.id.as_str(), n.change, n.old_title.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                ("b", Change::Renamed, Some("B")),
                ("d", Change::Added, None),
                ("c", Change::Removed, None),
            ]
        );
        assert_eq!(changes[2].title, "C");
    }

    fn change(op: ItemOp, level: &str, category: &str, text: &str) -> ItemChange {
        ItemChange {
            op,
            at: Place {
                level: level.into(),
                level_title: level.into(),
                category: Some(category.into()),
                category_title: Some(category.into()),
                area: None,
                area_title: None,
            },
            text: text.into(),
            old_text: None,
            words: Vec::new(),
            examples_changed: false,
            from: None,
            new_item: None,
        }
    }

    #[test]
    fn an_item_removed_here_and_added_there_is_one_move() {
        let items = vec![
            change(ItemOp::Removed, "s", "craft", "Reviews code"),
            change(ItemOp::Removed, "s", "craft", "Gone"),
            change(ItemOp::Added, "s", "people", "Reviews code"),
            change(ItemOp::Added, "s", "people", "New"),
            // The same text added where it was removed is no move.
            change(ItemOp::Removed, "t", "craft", "Same place"),
            change(ItemOp::Added, "t", "craft", "Same place"),
        ];
        let moved = find_moves(items);
        let ops: Vec<(ItemOp, &str, Option<&str>)> = moved
            .iter()
            .map(|c| {
                (
                    c.op,
                    c.text.as_str(),
                    c.from.as_ref().and_then(|f| f.category.as_deref()),
                )
            })
            .collect();
        assert_eq!(
            ops,
            [
                (ItemOp::Removed, "Gone", None),
                (ItemOp::Moved, "Reviews code", Some("craft")),
                (ItemOp::Added, "New", None),
                (ItemOp::Removed, "Same place", None),
                (ItemOp::Added, "Same place", None),
            ]
        );
    }

    #[test]
    fn revisions_are_code_spans_shown_as_written() {
        assert_eq!(md_code("HEAD~1"), "`HEAD~1`");
        assert_eq!(md_code("v1.0_rc*"), "`v1.0_rc*`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`a``"), "``` `a`` ```");
        assert_eq!(md_code("`a"), "`` `a ``");
        assert_eq!(md_code("a`"), "`` a` ``");
        assert_eq!(md_code("a\nb\u{1b}c"), "`a bc`");
        let side = |rev: &str| Side {
            rev: rev.into(),
            commit: None,
        };
        assert_eq!(
            markdown(
                &LadderDiff::default(),
                &side("HEAD~2"),
                &side("origin/main")
            ),
            "## Ladder changes from `HEAD~2` to `origin/main`\n\nNo changes.\n"
        );
    }

    #[test]
    fn empty_diffs_say_so_in_every_format() {
        let diff = LadderDiff::default();
        assert!(diff.is_empty());
        let (a, b) = (
            Side {
                rev: "v1".into(),
                commit: Some("abc".into()),
            },
            Side {
                rev: "working tree".into(),
                commit: None,
            },
        );
        assert_eq!(
            text(&diff, &a, &b),
            "\u{1b}[1mChanges from v1 to working tree\u{1b}[0m\nNo changes.\n"
        );
        assert_eq!(
            markdown(&diff, &a, &b),
            "## Ladder changes from `v1` to `working tree`\n\nNo changes.\n"
        );
        assert_eq!(
            json(&diff, &a, &b),
            r#"{"format":"rungs-diff","version":1,"from":{"rev":"v1","commit":"abc"},"to":{"rev":"working tree","commit":null},"changed":false,"categories":[],"pages":[],"tracks":[]}"#
        );
    }

    #[test]
    fn categories_and_pages_are_listed_in_text_and_markdown() {
        let diff = LadderDiff {
            categories: vec![Named {
                id: "impact".into(),
                title: "Impact".into(),
                change: Change::Added,
                old_id: None,
                old_title: None,
            }],
            pages: vec![Named {
                id: "faq".into(),
                title: "FAQ".into(),
                change: Change::Changed,
                old_id: None,
                old_title: None,
            }],
            tracks: Vec::new(),
        };
        let side = Side {
            rev: "v1".into(),
            commit: None,
        };
        let plain = anstream::adapter::strip_str(&text(&diff, &side, &side)).to_string();
        assert_eq!(
            plain,
            "Changes from v1 to v1\nCategories\n  + Impact (impact): added\nPages\n  ~ FAQ (faq): changed\n"
        );
        assert_eq!(
            markdown_body(&diff, "###"),
            "### Categories\n\n- **Added:** Impact (`impact`)\n\n### Pages\n\n- **Changed:** FAQ (`faq`)\n\n"
        );
    }

    #[test]
    fn headings_name_level_and_category_or_area_and_level() {
        let mut p = Place {
            level: "s".into(),
            level_title: "Senior".into(),
            category: Some("d".into()),
            category_title: Some("Delivery".into()),
            area: None,
            area_title: None,
        };
        assert_eq!(p.heading(), "Senior › Delivery");
        p.category_title = None;
        p.area_title = Some("APIs".into());
        assert_eq!(p.heading(), "APIs › Senior");
        p.area_title = None;
        assert_eq!(p.heading(), "Senior");
    }
}
