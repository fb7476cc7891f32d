//! The ladder linter: warnings about the ladder's quality (not its validity), each with a
//! stable code (`L001` …), a file position and a way to silence it.
//!
//! Runs on the validated [`Ladder`], after validation succeeded, so every command that
//! loads a ladder (`build`, `check`, `serve`, `lint`) reports the same warnings. It never
//! fails a build: `--deny-warnings` is the CLI's decision. Positions are found by locating
//! keys again in the YAML each level and area keeps ([`crate::content::model::Origin`]), and
//! only for the warnings that are reported.
//!
//! Silencing: `lint: {allow: [L003]}` in `content/site.yaml` silences a code everywhere; the
//! same key in a level's or an area's front matter silences it for warnings placed in that
//! file. Codes are checked by [`check_allow`]: an unknown one is an error.

use crate::content::model::{Item, Ladder, Level, Track};
use crate::diag::{Diagnostic, Diagnostics, Location, unknown_name};
use crate::yaml::{Seg, Target};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Every lint: its code and what it finds. README's table lists exactly these codes.
pub const LINTS: &[(&str, &str)] = &[
    ("L001", "adjacent levels identical in a category"),
    (
        "L002",
        "adjacent levels with the same expectation in a growth area",
    ),
    (
        "L003",
        "a level with no expectation in a category its track applies",
    ),
    (
        "L004",
        "an expectation repeated word for word at three or more levels",
    ),
    (
        "L005",
        "a category much larger or smaller than the others at a level",
    ),
    (
        "L006",
        "a growth area missing levels between levels it describes",
    ),
];

/// How much larger (or smaller) than the median of a level's categories a category may be
/// before L005 warns: more than `FACTOR` × the median item count, or fewer than the median /
/// `FACTOR`.
pub const SIZE_FACTOR: usize = 3;

/// Fewest non-empty categories a level needs for L005 to compare them.
const SIZE_MIN_CATEGORIES: usize = 3;

/// How many levels may share one expectation word for word before L004 warns.
const REPEAT_LEVELS: usize = 3;

/// Checks a `lint.allow` list: every entry must be a known code. Returns the known codes
/// and an error per unknown one, at the location `at(index)` gives, with "did you mean".
pub(crate) fn check_allow(
    codes: &[String],
    at: impl Fn(usize) -> Location,
) -> (Vec<String>, Vec<Diagnostic>) {
    let known: Vec<&str> = LINTS.iter().map(|(code, _)| *code).collect();
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let upper = code.trim().to_ascii_uppercase();
        if known.contains(&upper.as_str()) && upper == *code {
            ok.push(upper);
        } else if known.contains(&upper.as_str()) {
            errors.push(
                Diagnostic::error(at(i), format!("unknown lint code `{code}`"))
                    .with_help(format!("did you mean `{upper}`?")),
            );
        } else {
            errors.push(unknown_name("lint code", code, &known).error(at(i)));
        }
    }
    (ok, errors)
}

/// The help line of a lint warning: how to silence it in the file it points at, or for the
/// whole site.
fn silence(code: &str, path: &str) -> String {
    format!(
        "to silence it, add `lint: {{allow: [{code}]}}` to the front matter of {path}, or to content/site.yaml for the whole site"
    )
}

/// Collects the warnings, dropping those their file or the site allows.
struct Linter<'a> {
    site_allow: &'a [String],
    out: Diagnostics,
}

impl Linter<'_> {
    fn warn(
        &mut self,
        code: &'static str,
        allow: &[String],
        at: Location,
        message: String,
        why: &str,
    ) {
        if self.site_allow.iter().any(|c| c == code) || allow.iter().any(|c| c == code) {
            return;
        }
        let help = format!("{why}; {}", silence(code, &at.path));
        self.out.push(
            Diagnostic::warning(at, message)
                .with_help(help)
                .with_code(code),
        );
    }
}

/// Every lint warning of the ladder, unsorted.
pub fn lint(ladder: &Ladder) -> Diagnostics {
    let mut linter = Linter {
        site_allow: &ladder.site.lint_allow,
        out: Diagnostics::new(),
    };
    for track in &ladder.tracks {
        lint_track(ladder, track, &mut linter);
    }
    linter.out
}

fn category_key(ladder: &Ladder, c: usize) -> [Seg; 2] {
    [
        Seg::key("competencies"),
        Seg::key(&ladder.site.categories[c].id),
    ]
}

fn same_items(a: &[Item], b: &[Item]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y))
}

/// An item's text as compared word for word by L004: its Markdown with runs of white space
/// made one space.
fn words(item: &Item) -> Cow<'_, str> {
    let text = item.text.markdown.as_str();
    // Most texts are already single-spaced: compare them as they are, without a copy.
    if is_single_spaced(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Whether `text` has no white space but single spaces between words: no white space
/// character other than a space, and no space first, last or after another one.
fn is_single_spaced(text: &str) -> bool {
    // One pass over the bytes; white space beyond ASCII is always a multi-byte character,
    // so a text with any takes the exact path over its characters.
    let mut after_space = true;
    for &b in text.as_bytes() {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t'..=b'\r' => return false,
            0x80.. => return is_single_spaced_chars(text),
            _ => after_space = false,
        }
    }
    !after_space || text.is_empty()
}

/// [`is_single_spaced`] over characters, for texts beyond ASCII.
fn is_single_spaced_chars(text: &str) -> bool {
    let mut after_space = true;
    for c in text.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
}

fn lint_track(ladder: &Ladder, track: &Track, linter: &mut Linter) {
    let levels = &track.levels;
    // L001, remembered so that L004 does not repeat it.
    let mut identical: HashSet<(usize, usize)> = HashSet::new();
    for (i, pair) in levels.windows(2).enumerate() {
        let (lower, upper) = (&pair[0], &pair[1]);
        for &c in &track.categories {
            let (a, b) = (&lower.competencies[c], &upper.competencies[c]);
            if !a.is_empty() && same_items(a, b) {
                identical.insert((i + 1, c));
                let category = &ladder.site.categories[c].id;
                linter.warn(
                    "L001",
                    &upper.lint_allow,
                    upper.origin.locate(&category_key(ladder, c), Target::Key),
                    format!(
                        "level `{}` expects exactly what `{}` expects in category `{category}`",
                        upper.id, lower.id
                    ),
                    "a higher level should ask for more than the one below",
                );
            }
        }
    }
    for level in levels {
        lint_empty_categories(ladder, track, level, linter);
        lint_sizes(ladder, track, level, linter);
    }
    lint_repeats(ladder, track, &identical, linter);
    for area in &track.areas {
        // L002. A growth area has one expectation per level of its track: a few dozen at
        // most, so small vectors beat hash sets here (this runs for every area on every build).
        let mut same = vec![false; levels.len()];
        for i in 1..levels.len() {
            if let (Some(a), Some(b)) = (&area.expectations[i - 1], &area.expectations[i])
                && a.same_as(b)
            {
                same[i] = true;
                linter.warn(
                    "L002",
                    &area.lint_allow,
                    area.origin.locate(
                        &[Seg::key("expectations"), Seg::key(&levels[i].id)],
                        Target::Key,
                    ),
                    format!(
                        "growth area `{}` expects the same at `{}` as at `{}`",
                        area.id,
                        levels[i].id,
                        levels[i - 1].id
                    ),
                    "a higher level should ask for more than the one below",
                );
            }
        }
        // L004 within the area: each distinct text, the number of levels it appears at and
        // the last of them (a text repeated within one level counts once).
        let mut seen: Vec<(Cow<'_, str>, usize, usize)> = Vec::new();
        for (i, expectation) in area.expectations.iter().enumerate() {
            let Some(expectation) = expectation else {
                continue;
            };
            for (n, item) in expectation.items.iter().enumerate() {
                let text = words(item);
                let count = match seen.iter_mut().find(|(t, ..)| *t == text) {
                    Some((_, _, last)) if *last == i => continue,
                    Some((_, count, last)) => {
                        *count += 1;
                        *last = i;
                        *count
                    }
                    None => {
                        seen.push((text, 1, i));
                        1
                    }
                };
                if count == REPEAT_LEVELS && !same[i] {
                    let mut path = vec![Seg::key("expectations"), Seg::key(&levels[i].id)];
                    if expectation.list {
                        path.push(Seg::Index(n));
                    }
                    linter.warn(
                        "L004",
                        &area.lint_allow,
                        area.origin.locate(&path, Target::Value),
                        format!(
                            "growth area `{}` expects this word for word at {REPEAT_LEVELS} levels (the third is `{}`)",
                            area.id, levels[i].id
                        ),
                        "an expectation repeated across levels does not say how they differ",
                    );
                }
            }
        }
        // L006: a gap between two levels the area describes.
        let described: Vec<usize> = (0..levels.len())
            .filter(|&i| area.expectations[i].is_some())
            .collect();
        for pair in described.windows(2) {
            for gap in pair[0] + 1..pair[1] {
                linter.warn(
                    "L006",
                    &area.lint_allow,
                    area.origin.locate(&[Seg::key("expectations")], Target::Key),
                    format!(
                        "growth area `{}` expects nothing at `{}`, between `{}` and `{}`",
                        area.id, levels[gap].id, levels[pair[0]].id, levels[pair[1]].id
                    ),
                    "a growth area should say what each level between its first and last expects",
                );
            }
        }
    }
}

/// L003: a category the track applies with no item at this level.
fn lint_empty_categories(ladder: &Ladder, track: &Track, level: &Level, linter: &mut Linter) {
    for &c in &track.categories {
        if !level.competencies[c].is_empty() {
            continue;
        }
        let at = if level.has_competencies {
            level
                .origin
                .locate(&[Seg::key("competencies")], Target::Key)
        } else {
            Location::file_start(&level.origin.path)
        };
        linter.warn(
            "L003",
            &level.lint_allow,
            at,
            format!(
                "level `{}` has no expectation in category `{}`",
                level.id, ladder.site.categories[c].id
            ),
            "every level should say what it expects in each category of its track",
        );
    }
}

/// L005: at one level, a category with more than [`SIZE_FACTOR`] × the median item count of
/// the level's non-empty categories, or fewer than the median / [`SIZE_FACTOR`]; only with
/// at least three non-empty categories.
fn lint_sizes(ladder: &Ladder, track: &Track, level: &Level, linter: &mut Linter) {
    let sizes: Vec<(usize, usize)> = track
        .categories
        .iter()
        .map(|&c| (c, level.competencies[c].len()))
        .filter(|(_, n)| *n > 0)
        .collect();
    if sizes.len() < SIZE_MIN_CATEGORIES {
        return;
    }
    let mut counts: Vec<usize> = sizes.iter().map(|(_, n)| *n).collect();
    counts.sort_unstable();
    let median = counts[counts.len() / 2];
    for (c, n) in sizes {
        let what = if n > SIZE_FACTOR * median {
            "larger"
        } else if n * SIZE_FACTOR < median {
            "smaller"
        } else {
            continue;
        };
        linter.warn(
            "L005",
            &level.lint_allow,
            level.origin.locate(&category_key(ladder, c), Target::Key),
            format!(
                "category `{}` of level `{}` has {n} item{}, much {what} than the others (median {median})",
                ladder.site.categories[c].id,
                level.id,
                if n == 1 { "" } else { "s" }
            ),
            &format!(
                "a category more than {SIZE_FACTOR}× the median item count of the level's categories, or under a third of it, is unbalanced"
            ),
        );
    }
}

/// L004 over levels: one item text at three or more levels of the track, reported at the
/// third, unless L001 already reports that category at that level.
fn lint_repeats(
    ladder: &Ladder,
    track: &Track,
    identical: &HashSet<(usize, usize)>,
    linter: &mut Linter,
) {
    let mut seen: HashMap<Cow<'_, str>, usize> = HashMap::new();
    for (i, level) in track.levels.iter().enumerate() {
        let mut counted: HashSet<Cow<'_, str>> = HashSet::new();
        for &c in &track.categories {
            for (n, item) in level.competencies[c].iter().enumerate() {
                let text = words(item);
                if !counted.insert(text.clone()) {
                    continue;
                }
                let count = seen.entry(text).or_default();
                *count += 1;
                if *count == REPEAT_LEVELS && !identical.contains(&(i, c)) {
                    let [a, b] = category_key(ladder, c);
                    linter.warn(
                        "L004",
                        &level.lint_allow,
                        level.origin.locate(&[a, b, Seg::Index(n)], Target::Value),
                        format!(
                            "level `{}` repeats word for word an expectation of {} lower levels",
                            level.id,
                            REPEAT_LEVELS - 1
                        ),
                        "an expectation repeated across levels does not say how they differ",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_collapse_white_space_and_borrow_single_spaced_texts() {
        let item = |text: &str| Item {
            text: crate::content::model::Text {
                markdown: text.to_string(),
                ..Default::default()
            },
            examples: Vec::new(),
            thread: None,
            key: String::new(),
        };
        let plain = item("Writes tests first");
        assert!(matches!(words(&plain), Cow::Borrowed("Writes tests first")));
        for spaced in [
            "Writes  tests first",
            " Writes tests first",
            "Writes\ntests first",
            "Writes tests\tfirst",
            "Writes tests first ",
            "Writes\u{b}tests first",
            "Writes\u{a0}tests first",
            "Writes tests\u{3000}first",
        ] {
            assert_eq!(words(&item(spaced)), "Writes tests first", "{spaced:?}");
            assert!(matches!(words(&item(spaced)), Cow::Owned(_)), "{spaced:?}");
        }
        // Beyond ASCII, single-spaced texts are still compared without a copy.
        let accented = item("Écrit des tests d’abord");
        assert!(matches!(
            words(&accented),
            Cow::Borrowed("Écrit des tests d’abord")
        ));
        assert!(matches!(words(&item("")), Cow::Borrowed("")));
        assert_eq!(words(&item("Écrit  des\u{a0}tests")), "Écrit des tests");
    }
}
