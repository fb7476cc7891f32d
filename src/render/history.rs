//! The ladder's versions as templates see them: the version line of every page, the changes
//! page ([`ChangesView`]) and the "changed in" marks on items ([`MarkView`]).
//!
//! Turns a [`History`] (loaded by `build` from git) into views, worded with the site's
//! labels. Pure: no git, no disk. The changes page shows the same sections and changes as
//! `rungs diff --format markdown` ([`crate::changes::markdown`]), as HTML written by the
//! template.

use crate::changes::{Change, ItemOp, ItemRef, LadderDiff, Named};
use crate::content::routes::{self, ROOT_MARK};
use crate::labels::Labels;
use crate::render::context::{
    AreaView, ChangeEntryView, ChangeLineView, ChangeSectionView, ChangesView, LevelView, MarkView,
};
use crate::versions::{History, Mark, UNRELEASED_ANCHOR, UNSAVED_ANCHOR};
use crate::worddiff::WordChange;

/// Whether the site has a changes page: versions to list, or unsaved changes to show.
pub(crate) fn has_changes_page(history: &History) -> bool {
    !history.versions.is_empty() || history.unsaved.is_some()
}

/// The version line's text (`ladder-v3`, `ladder-v3 + 2 changes (abc1234, 2026-07-01)`, `ladder-v3
/// + 1 change (…)`,
/// `abc1234, 2026-07-01` before the first version); `None` outside git.
pub(crate) fn version_text(history: &History, labels: &Labels) -> Option<String> {
    let current = history.current.as_ref()?;
    let count = current.commits_since.to_string();
    Some(match &current.tag {
        Some(tag) if current.commits_since == 0 => tag.clone(),
        Some(tag) => labels.fill(
            // "1 change", not "1 changes".
            if current.commits_since == 1 {
                "version_since_one"
            } else {
                "version_since"
            },
            &[
                ("version", tag),
                ("count", &count),
                ("commit", &current.short),
                ("date", &current.date),
            ],
        ),
        None => labels.fill(
            "version_untagged",
            &[("commit", &current.short), ("date", &current.date)],
        ),
    })
}

fn mark_view(mark: &Mark, labels: &Labels) -> MarkView {
    let key = if mark.unreleased {
        "changed_since"
    } else {
        "changed_in"
    };
    MarkView {
        text: labels.fill(key, &[("version", &mark.version)]),
        href: format!("{ROOT_MARK}{}#{}", routes::changes_url(), mark.anchor),
        unreleased: mark.unreleased,
    }
}

/// Sets the marks of the items of level `i` of track `t` that changed.
pub(crate) fn mark_level(
    view: &mut LevelView<'_>,
    history: &History,
    categories: &[usize],
    t: usize,
    i: usize,
    labels: &Labels,
) {
    if history.marks.is_empty() {
        return;
    }
    for (group, &c) in view.competencies.iter_mut().zip(categories) {
        for (n, item) in group.items.iter_mut().enumerate() {
            let key = (
                t,
                ItemRef::Competency {
                    level: i,
                    category: c,
                    item: n,
                },
            );
            item.changed = history.marks.get(&key).map(|m| mark_view(m, labels));
        }
    }
}

/// Sets the marks of the levels at which area `a` of track `t` changed.
pub(crate) fn mark_area(
    view: &mut AreaView<'_>,
    history: &History,
    t: usize,
    a: usize,
    labels: &Labels,
) {
    for ((track, item), mark) in &history.marks {
        if let ItemRef::Area { area, level, .. } = item
            && *track == t
            && *area == a
            && let Some(slot) = view.changed.get_mut(*level)
        {
            *slot = Some(mark_view(mark, labels));
        }
    }
}

/// The changes page: unsaved changes (`serve`), unreleased ones, then every version, newest
/// first.
pub(crate) fn changes_view(history: &History, labels: &Labels) -> ChangesView {
    let mut entries = Vec::new();
    if let Some(diff) = &history.unsaved {
        entries.push(ChangeEntryView {
            id: UNSAVED_ANCHOR.to_string(),
            title: labels.get("unsaved_changes").to_string(),
            date: None,
            commit: None,
            first: false,
            sections: sections(diff, labels),
        });
    }
    if let (Some(diff), Some(newest)) = (&history.unreleased, history.versions.first()) {
        entries.push(ChangeEntryView {
            id: UNRELEASED_ANCHOR.to_string(),
            title: labels.fill("unreleased_changes", &[("version", &newest.name)]),
            date: None,
            commit: None,
            first: false,
            sections: sections(diff, labels),
        });
    }
    for v in &history.versions {
        entries.push(ChangeEntryView {
            id: v.anchor.clone(),
            title: v.name.clone(),
            date: Some(v.commit.date.clone()),
            commit: Some(v.commit.short.clone()),
            first: v.diff.is_none(),
            sections: v
                .diff
                .as_ref()
                .map_or_else(Vec::new, |d| sections(d, labels)),
        });
    }
    ChangesView { entries }
}

fn change_kind(change: Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Renamed => "renamed",
        Change::Changed => "changed",
    }
}

fn named_line(n: &Named, labels: &Labels) -> ChangeLineView {
    let kind = change_kind(n.change);
    let mut details = Vec::new();
    if let Some(old) = &n.old_id {
        details.push(format!("{old} → {}", n.id));
    }
    if let Some(old) = &n.old_title {
        details.push(format!("“{old}” → “{}”", n.title));
    }
    ChangeLineView {
        kind,
        label: labels.get(&format!("change_{kind}")).to_string(),
        text: format!("{} ({})", n.title, n.id),
        words: Vec::new(),
        note: (!details.is_empty()).then(|| details.join(", ")),
    }
}

/// The sections of a diff, as `--format markdown` has them.
fn sections(diff: &LadderDiff, labels: &Labels) -> Vec<ChangeSectionView> {
    let mut out = Vec::new();
    let named = |heading: &str, list: &[Named], track: bool| ChangeSectionView {
        heading: heading.to_string(),
        track,
        lines: list.iter().map(|n| named_line(n, labels)).collect(),
    };
    if !diff.categories.is_empty() {
        out.push(named(labels.get("categories"), &diff.categories, false));
    }
    if !diff.pages.is_empty() {
        out.push(named(labels.get("pages"), &diff.pages, false));
    }
    let multi = diff.tracks.iter().any(|t| t.id.is_some());
    for t in &diff.tracks {
        if multi {
            out.push(ChangeSectionView {
                heading: match t.change {
                    Some(c) => format!(
                        "{} ({})",
                        t.title,
                        labels.get(&format!("change_{}", change_kind(c)))
                    ),
                    None => t.title.clone(),
                },
                track: true,
                lines: Vec::new(),
            });
        }
        if !t.levels.is_empty() {
            out.push(named(labels.get("levels"), &t.levels, false));
        }
        if !t.areas.is_empty() {
            out.push(named(labels.get("growth_areas"), &t.areas, false));
        }
        for c in &t.items {
            let heading = c.at.heading();
            let line = item_line(c, labels);
            match out.last_mut() {
                Some(s) if !s.track && s.heading == heading => s.lines.push(line),
                _ => out.push(ChangeSectionView {
                    heading,
                    track: false,
                    lines: vec![line],
                }),
            }
        }
    }
    out
}

fn item_line(c: &crate::changes::ItemChange, labels: &Labels) -> ChangeLineView {
    let kind = match c.op {
        ItemOp::Added => "added",
        ItemOp::Removed => "removed",
        ItemOp::Changed => "changed",
        ItemOp::Moved => "moved",
    };
    let mut notes = Vec::new();
    if c.examples_changed {
        notes.push(labels.get("examples_changed").to_string());
    }
    if let Some(from) = &c.from {
        notes.push(labels.fill("moved_from", &[("place", &from.heading())]));
    }
    ChangeLineView {
        kind,
        label: labels.get(&format!("change_{kind}")).to_string(),
        text: c.text.clone(),
        words: trimmed_words(&c.words),
        note: (!notes.is_empty()).then(|| notes.join(", ")),
    }
}

/// The word changes with the white space at the ends of each deleted or inserted run moved
/// out of it, so `<ins>` marks words, not the spaces after them; an inserted run right after
/// a deleted one (a text's first words replaced) is set apart from it by a space, so the two
/// never read as one word ("Understanding ofOwns the").
fn trimmed_words(words: &[WordChange]) -> Vec<WordChange> {
    let mut out = Vec::with_capacity(words.len() + 2);
    for w in words {
        let (text, make): (&str, fn(String) -> WordChange) = match w {
            WordChange::Same(x) => {
                out.push(WordChange::Same(x.clone()));
                continue;
            }
            WordChange::Deleted(x) => (x, WordChange::Deleted),
            WordChange::Inserted(x) => (x, WordChange::Inserted),
        };
        let core = text.trim();
        if core.is_empty() {
            out.push(WordChange::Same(text.to_string()));
            continue;
        }
        let start = text.len() - text.trim_start().len();
        let end = start + core.len();
        if start > 0 {
            out.push(WordChange::Same(text[..start].to_string()));
        } else if matches!(w, WordChange::Inserted(_))
            && matches!(out.last(), Some(WordChange::Deleted(_)))
        {
            out.push(WordChange::Same(" ".to_string()));
        }
        out.push(make(core.to_string()));
        if end < text.len() {
            out.push(WordChange::Same(text[end..].to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_line_counts_changes_in_words() {
        let at = |tag: Option<&str>, commits_since| History {
            versions: Vec::new(),
            unreleased: None,
            current: Some(crate::versions::Current {
                tag: tag.map(str::to_string),
                commits_since,
                short: "abc1234".into(),
                date: "2026-07-01".into(),
            }),
            unsaved: None,
            note: None,
            marks: Default::default(),
        };
        let labels = Labels::default();
        let line = |h: History| version_text(&h, &labels);
        assert_eq!(line(at(Some("v3"), 0)).as_deref(), Some("v3"));
        assert_eq!(
            line(at(Some("v3"), 1)).as_deref(),
            Some("v3 + 1 change (abc1234, 2026-07-01)")
        );
        assert_eq!(
            line(at(Some("v3"), 2)).as_deref(),
            Some("v3 + 2 changes (abc1234, 2026-07-01)")
        );
        assert_eq!(line(at(None, 4)).as_deref(), Some("abc1234, 2026-07-01"));
    }

    #[test]
    fn a_replaced_first_word_is_set_apart_from_its_replacement() {
        assert_eq!(
            trimmed_words(&[
                WordChange::Deleted("Understanding of".into()),
                WordChange::Inserted("Owns the".into()),
                WordChange::Same(" CI".into()),
            ]),
            [
                WordChange::Deleted("Understanding of".into()),
                WordChange::Same(" ".into()),
                WordChange::Inserted("Owns the".into()),
                WordChange::Same(" CI".into()),
            ]
        );
        // Not after a space, nor before a deletion.
        assert_eq!(
            trimmed_words(&[
                WordChange::Deleted("a".into()),
                WordChange::Same(" ".into()),
                WordChange::Inserted("b".into()),
                WordChange::Inserted("c".into()),
                WordChange::Deleted("d".into()),
            ]),
            [
                WordChange::Deleted("a".into()),
                WordChange::Same(" ".into()),
                WordChange::Inserted("b".into()),
                WordChange::Inserted("c".into()),
                WordChange::Deleted("d".into()),
            ]
        );
    }

    #[test]
    fn runs_lose_their_outer_spaces() {
        assert_eq!(
            trimmed_words(&[
                WordChange::Same("a".into()),
                WordChange::Inserted(" well ".into()),
                WordChange::Deleted("x".into()),
                WordChange::Deleted("  ".into()),
            ]),
            [
                WordChange::Same("a".into()),
                WordChange::Same(" ".into()),
                WordChange::Inserted("well".into()),
                WordChange::Same(" ".into()),
                WordChange::Deleted("x".into()),
                WordChange::Same("  ".into()),
            ]
        );
    }
}
