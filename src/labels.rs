//! The site's own words: every word or phrase the default theme shows, with its English
//! default, overridable per site by `labels: {key: text}` in `content/site.yaml`.
//!
//! [`LABELS`] is the one table of keys: templates read `labels.<key>` (a Tera global, like
//! `site`), Rust code reads [`Labels::get`], and `rungs.js` reads its messages from `data-`
//! attributes of the search form. README.md lists the same keys and defaults, and a test
//! compares the two.
//!
//! A label is plain text (templates escape it). A phrase with variable parts names them as
//! placeholders, `{name}`, so a translation can put them in any order: `"Level {position} of
//! {count}"`. Templates fill them with the `fill` filter ([`fill_filter`]); a label may leave
//! out a placeholder, never use one its key does not have. Only `{` + letters, digits or `_`
//! + `}` is a placeholder; any other brace is text.
//!
//! This module parses and checks `labels` (the config owns the file and its positions) and
//! knows nothing of pages.

use crate::diag::{Diagnostic, Location, unknown_name};
use serde::ser::SerializeMap;
use std::borrow::Cow;
use tera::{Kwargs, State, StringInput, TeraResult, Value};

/// One word or phrase of the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// The key under `labels:` in site.yaml and in templates (`labels.skip_to_content`).
    pub key: &'static str,
    /// The English text shown when site.yaml does not set the key.
    pub default: &'static str,
    /// The placeholders the text may use (`position` for `{position}`).
    pub placeholders: &'static [&'static str],
}

const fn plain(key: &'static str, default: &'static str) -> Label {
    Label {
        key,
        default,
        placeholders: &[],
    }
}

const fn phrase(
    key: &'static str,
    default: &'static str,
    placeholders: &'static [&'static str],
) -> Label {
    Label {
        key,
        default,
        placeholders,
    }
}

/// Every label of the default theme, in the order README.md lists them.
pub const LABELS: &[Label] = &[
    // Every page: header, navigation, search, breadcrumbs, footer.
    plain("skip_to_content", "Skip to content"),
    plain("home", "Home"),
    plain("levels", "Levels"),
    plain("level", "Level"),
    plain("growth_areas", "Growth areas"),
    plain("growth_area", "Growth area"),
    plain("compare", "Compare"),
    plain("compare_levels", "Compare levels"),
    plain("breadcrumb", "Breadcrumb"),
    plain("on_this_page", "On this page"),
    plain("search_label", "Search the ladder"),
    plain("search_no_results", "No results"),
    phrase(
        "search_no_results_for",
        "No results for “{query}”",
        &["query"],
    ),
    plain("search_one_result", "1 result"),
    phrase("search_results", "{count} results", &["count"]),
    phrase(
        "search_results_limited",
        "{count} results, showing {shown}",
        &["count", "shown"],
    ),
    phrase("search_show_all", "Show all {count} results", &["count"]),
    plain(
        "search_unavailable",
        "Search is unavailable (the index could not be loaded).",
    ),
    phrase("footer", "{site} · built with {rungs}", &["site", "rungs"]),
    // Level pages.
    phrase(
        "level_position",
        "Level {position} of {count}",
        &["position", "count"],
    ),
    plain("competencies", "Competencies"),
    phrase("examples", "Examples ({count})", &["count"]),
    plain("draft", "Draft"),
    plain("growing_into_level", "Growing into this level"),
    phrase("from_to", "From {from} to {to}", &["from", "to"]),
    plain("growth_areas_at_level", "Growth areas at this level"),
    phrase(
        "level_areas_caption",
        "What each growth area expects at {level}",
        &["level"],
    ),
    plain("expectation", "Expectation"),
    plain("no_expectation_at_level", "No expectation at this level"),
    plain("details", "Details"),
    phrase("compare_with", "Compare with {level}", &["level"]),
    plain("level_pager", "Previous and next level"),
    plain("previous_level", "Previous level"),
    plain("next_level", "Next level"),
    // Growth-area pages.
    plain("expectations_by_level", "Expectations by level"),
    phrase(
        "area_caption",
        "{area}: what each level is expected to do",
        &["area"],
    ),
    // The comparison page.
    plain("compare_eyebrow", "The whole ladder at a glance"),
    plain("compare_two_levels", "Compare two levels"),
    plain("picker_from", "From"),
    plain("picker_to", "to"),
    plain("picker_error", "Choose two different levels."),
    plain(
        "picker_caption",
        "Pick a pair: rows are the lower level, columns the higher one",
    ),
    plain("picker_corner", "From \\ to"),
    plain("competencies_by_level", "Competencies by level"),
    plain(
        "competency_matrix_caption",
        "Expectations per competency category (rows) at each level (columns)",
    ),
    plain("category", "Category"),
    plain("none_listed", "None listed"),
    plain("growth_areas_by_level", "Growth areas by level"),
    plain(
        "area_matrix_caption",
        "What each growth area (rows) expects at each level (columns); a cell spanning several levels is one expectation shared by them",
    ),
    plain("no_expectation", "no expectation"),
    // Pair pages.
    plain("vs", "vs"),
    phrase("lower_vs_upper", "{lower} vs {upper}", &["lower", "upper"]),
    phrase(
        "pair_lead",
        "New at {level}: {expectations}, marked {marker} in the {level} column.",
        &["level", "expectations", "marker"],
    ),
    plain("expectations_one", "1 expectation"),
    phrase("expectations_many", "{count} expectations", &["count"]),
    plain("the_transition", "The transition"),
    plain("step_by_step", "Step by step:"),
    phrase(
        "pair_competencies_caption",
        "{lower} and {upper} side by side, per category",
        &["lower", "upper"],
    ),
    plain("new_item", "New:"),
    phrase(
        "pair_areas_caption",
        "What each growth area expects at {lower} and at {upper}",
        &["lower", "upper"],
    ),
    plain("same_at_both_levels", "same at both levels"),
    phrase(
        "pair_summary_caption",
        "What changes from {lower} to {upper}, per category",
        &["lower", "upper"],
    ),
    plain("in_all", "In all"),
    plain("status", "Status"),
    plain("status_unchanged", "Unchanged"),
    plain("status_grown", "Grown"),
    plain("status_new", "New"),
    plain("status_dropped", "No longer listed"),
    plain("new_at_level", "New at this level"),
    phrase("was_at", "Was at {level}", &["level"]),
    plain("item_link", "Link to this expectation"),
    plain("neighbouring_comparisons", "Neighbouring comparisons"),
    plain("one_level_lower", "One level lower"),
    plain("one_level_higher", "One level higher"),
    // Tracks (a ladder with content/tracks/): navigation, home, track pages, peers, grades.
    plain("tracks", "Tracks"),
    plain("track", "Track"),
    plain("grades", "Grades"),
    plain("levels_by_grade", "Levels by grade"),
    phrase(
        "compare_track_levels",
        "Compare the levels of {track}",
        &["track"],
    ),
    plain("peers_in_other_tracks", "Peers in other tracks"),
    phrase(
        "peers_intro",
        "The levels of other tracks at the same rank as {level}.",
        &["level"],
    ),
    phrase("level_in_track", "{level} ({track})", &["level", "track"]),
    phrase(
        "peers_lead",
        "{lower} and {upper} have the same rank in two tracks: their expectations side by side.",
        &["lower", "upper"],
    ),
    plain("grades_eyebrow", "Every track at a glance"),
    plain(
        "grades_lead",
        "Levels of different tracks with the same rank are peers: the same grade on another path.",
    ),
    plain(
        "grades_caption",
        "The level of each track (columns) at each rank (rows), and the comparisons of peers",
    ),
    plain("rank", "Rank"),
    plain("compare_peers", "Compare peers"),
    plain("no_level_at_rank", "no level at this rank"),
    plain("no_peers", "no peers"),
    // Self-assessment pages (`assess/`): the checklist, and the words rungs.js shows there.
    plain("assess_level", "Assess yourself against this level"),
    plain("assess_yourself", "Assess yourself against a level"),
    plain("self_assessment", "Self-assessment"),
    phrase("assess_title", "Assess yourself: {level}", &["level"]),
    plain(
        "assess_choose",
        "Choose the level to rate yourself against: every expectation of it, with a rating and an optional evidence note. Nothing you enter leaves this browser.",
    ),
    plain("assess_target", "Target level"),
    phrase(
        "assess_lead",
        "Rate yourself against each expectation of {level}. Your ratings and notes are kept in this browser only; nothing is sent anywhere.",
        &["level"],
    ),
    phrase(
        "assess_marks",
        "Marked “new” or “grown”: what changed since {level}.",
        &["level"],
    ),
    plain("rating_not_yet", "Not yet"),
    plain("rating_sometimes", "Sometimes"),
    plain("rating_consistently", "Consistently"),
    plain("not_rated", "Not rated"),
    plain("rating", "Rating"),
    plain("evidence_note", "Evidence (optional)"),
    plain("evidence", "Evidence"),
    plain("assess_summary", "Summary"),
    plain("assess_met", "Met"),
    plain("assess_all", "All expectations"),
    phrase(
        "assess_summary_caption",
        "Expectations of {level} met (rated “consistently”), per category",
        &["level"],
    ),
    phrase("assess_gap", "The gap to {level}", &["level"]),
    plain(
        "assess_gap_none",
        "Nothing is rated “not yet” or “sometimes”.",
    ),
    plain("assess_keep", "Keep and share"),
    plain("assess_share", "Share link"),
    plain(
        "assess_share_hint",
        "The link carries your ratings and notes after its #, which browsers never send to a server.",
    ),
    plain("assess_copy", "Copy"),
    plain("assess_copied", "Copied."),
    plain("assess_packet", "Promotion packet (Markdown)"),
    plain("assess_download", "Download"),
    plain("assess_print", "Print"),
    plain("assess_clear", "Clear everything"),
    plain(
        "assess_clear_confirm",
        "Remove every rating and note this site saved in this browser?",
    ),
    plain(
        "assess_cleared",
        "Everything this site saved in this browser is removed.",
    ),
    plain(
        "assess_replace_confirm",
        "Replace the ratings and notes saved in this browser for this level with those of the link?",
    ),
    phrase(
        "assess_unmatched",
        "Saved ratings and notes that match no expectation of this level (the ladder changed): {count}",
        &["count"],
    ),
    phrase(
        "assess_packet_title",
        "Self-assessment: {level}",
        &["level"],
    ),
    // Versions (site.yaml `versions`): the footer, the changes page, "changed in" marks.
    phrase("version", "Version {version}", &["version"]),
    phrase(
        "version_since",
        "{version} + {count} changes ({commit}, {date})",
        &["version", "count", "commit", "date"],
    ),
    phrase(
        "version_since_one",
        "{version} + 1 change ({commit}, {date})",
        &["version", "commit", "date"],
    ),
    phrase("version_untagged", "{commit}, {date}", &["commit", "date"]),
    plain("changes", "Changes"),
    plain(
        "changes_lead",
        "What changed in each version of the ladder, newest first.",
    ),
    phrase("changed_in", "Changed in {version}", &["version"]),
    phrase("changed_since", "Changed since {version}", &["version"]),
    phrase(
        "unreleased_changes",
        "Since {version} (not a version yet)",
        &["version"],
    ),
    plain("unsaved_changes", "Unsaved changes since HEAD"),
    plain("first_version", "The first version."),
    plain("no_changes", "No changes."),
    plain("categories", "Categories"),
    plain("pages", "Pages"),
    plain("change_added", "Added"),
    plain("change_removed", "Removed"),
    plain("change_changed", "Changed"),
    plain("change_moved", "Moved"),
    plain("change_renamed", "Renamed"),
    phrase("moved_from", "from {place}", &["place"]),
    plain("examples_changed", "examples changed"),
    // The 404 page.
    plain("not_found_eyebrow", "Error 404"),
    plain("page_not_found", "Page not found"),
    plain(
        "not_found_lead",
        "There is no page at this address. It may have moved when the ladder changed.",
    ),
    plain("not_found_where_next", "Where to go instead"),
    plain("not_found_home", "The ladder's home page"),
    // The reader's tools: the home page's entries, print, theme, navigation aids.
    plain("print_ladder", "Print the ladder"),
    plain("back_to_top", "Back to top"),
    plain("dark_theme", "Dark theme"),
    plain("edit_page", "Edit this page"),
    phrase("last_updated", "Last updated {date}", &["date"]),
    phrase("as_of", "As of {date}", &["date"]),
    plain("the_whole_ladder", "The whole ladder"),
    plain(
        "print_hint",
        "Print this page, or save it as PDF, for the whole ladder in one document.",
    ),
    plain("contents", "Contents"),
    plain("level_matrices", "Matrices"),
    plain("download_csv", "Spreadsheet (CSV)"),
    plain("levels_shown", "Levels shown"),
    plain("show_all_levels", "Show all"),
    phrase("all_pairs", "Every pair of levels ({count})", &["count"]),
    plain("download_json", "Data (JSON)"),
];

/// The label of `key` in [`LABELS`].
pub fn label(key: &str) -> Option<&'static Label> {
    LABELS.iter().find(|l| l.key == key)
}

/// The words of one site: every label's text, defaults where site.yaml sets none.
/// Serialized for templates as a map from key to text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Labels {
    /// Aligned with [`LABELS`].
    texts: Vec<Cow<'static, str>>,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            texts: LABELS.iter().map(|l| Cow::Borrowed(l.default)).collect(),
        }
    }
}

impl Labels {
    /// The text of `key`. A key missing from [`LABELS`] is a bug in the caller: it shows the
    /// key itself (and fails debug builds, so tests catch it).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        match LABELS.iter().position(|l| l.key == key) {
            Some(i) => &self.texts[i],
            None => {
                debug_assert!(false, "no label `{key}` in LABELS");
                key
            }
        }
    }

    /// The text of `key` with its placeholders replaced by `values` (`("level", "Senior")`),
    /// as plain text: for texts Rust code sets, such as page titles.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut out = String::new();
        for piece in pieces(self.get(key)) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Slot(name) => match values.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&format!("{{{name}}}")),
                },
            }
        }
        out
    }

    /// The text of `key` as HTML: the label escaped, its placeholders replaced by `values`,
    /// which are HTML already (escape plain text before passing it). What the template
    /// filter `fill` does with a value marked `| safe`.
    pub(crate) fn fill_html(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut out = String::new();
        for piece in pieces(self.get(key)) {
            match piece {
                Piece::Text(t) => crate::text::push_escaped_html(&mut out, t),
                Piece::Slot(name) => match values.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        crate::text::push_escaped_html(&mut out, name);
                        out.push('}');
                    }
                },
            }
        }
        out
    }

    /// Validates `labels:` as written in site.yaml: each entry's key, text, and where it is
    /// (`at(key, true)` for the key, `at(key, false)` for its value).
    ///
    /// # Errors
    /// Every problem: an unknown key (with "did you mean"), an empty text, a placeholder the
    /// key does not have.
    pub(crate) fn parse(
        entries: &[(String, Option<String>)],
        at: impl Fn(&str, bool) -> Location,
    ) -> Result<Labels, Vec<Diagnostic>> {
        let mut labels = Labels::default();
        let mut errors = Vec::new();
        for (key, text) in entries {
            let Some(i) = LABELS.iter().position(|l| l.key == key) else {
                let keys: Vec<&str> = LABELS.iter().map(|l| l.key).collect();
                errors.push(unknown_name("label", key, &keys).error(at(key, true)));
                continue;
            };
            let label = &LABELS[i];
            let text = text.as_deref().unwrap_or("");
            if text.trim().is_empty() {
                errors.push(
                    Diagnostic::error(at(key, false), format!("label `{key}` is empty"))
                        .with_help(format!(
                            "expected the text to show, or no `{key}` entry to keep the default “{}”",
                            label.default
                        )),
                );
                continue;
            }
            if let Some(bad) = unknown_placeholder(text, label.placeholders) {
                errors.push(
                    Diagnostic::error(
                        at(key, false),
                        format!(
                            "label `{key}` uses the placeholder `{{{bad}}}`, which it does not have"
                        ),
                    )
                    .with_help(allowed_placeholders(label)),
                );
                continue;
            }
            labels.texts[i] = Cow::Owned(crate::text::replace_controls(text.to_string()));
        }
        if errors.is_empty() {
            Ok(labels)
        } else {
            Err(errors)
        }
    }
}

impl serde::Serialize for Labels {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(LABELS.len()))?;
        for (label, text) in LABELS.iter().zip(&self.texts) {
            map.serialize_entry(label.key, text)?;
        }
        map.end()
    }
}

/// What a message says a label may use.
fn allowed_placeholders(label: &Label) -> String {
    match label.placeholders {
        [] => format!(
            "expected no placeholders: `{}` is plain text (default “{}”)",
            label.key, label.default
        ),
        names => {
            let list: Vec<String> = names.iter().map(|n| format!("`{{{n}}}`")).collect();
            format!(
                "expected only the placeholders {} (default “{}”)",
                list.join(", "),
                label.default
            )
        }
    }
}

/// The first placeholder of `text` that is not one of `allowed`.
fn unknown_placeholder<'a>(text: &'a str, allowed: &[&str]) -> Option<&'a str> {
    pieces(text).find_map(|p| match p {
        Piece::Slot(name) if !allowed.contains(&name) => Some(name),
        _ => None,
    })
}

/// A part of a label's text.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    /// Literal text.
    Text(&'a str),
    /// A placeholder's name (`level` for `{level}`).
    Slot(&'a str),
}

/// Splits a label into literal text and `{name}` placeholders (a name is one or more ASCII
/// letters, digits and `_`; any other brace is literal).
fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut from = 0;
        while let Some(open) = rest[from..].find('{').map(|i| i + from) {
            let after = &rest[open + 1..];
            let name_len = after
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            if name_len > 0 && after.as_bytes().get(name_len) == Some(&b'}') {
                if open > 0 {
                    let text = &rest[..open];
                    rest = &rest[open..];
                    return Some(Piece::Text(text));
                }
                let name = &after[..name_len];
                rest = &after[name_len + 1..];
                return Some(Piece::Slot(name));
            }
            from = open + 1;
        }
        let text = rest;
        rest = "";
        Some(Piece::Text(text))
    })
}

/// The Tera filter `fill`: `{{ labels.compare_with | fill(level=level.prev.short) }}`.
/// Escapes the label and each value (unless the value is marked `| safe`, such as a link
/// built with `{% set %}…{% endset %}`), then puts each value in place of its placeholder.
///
/// # Errors
/// A placeholder of the label with no value passed.
pub(crate) fn fill_filter(label: StringInput, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
    let text = label.rendered(state)?;
    let mut out = String::with_capacity(text.len() + 32);
    for piece in pieces(&text) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Slot(name) => match kwargs.get::<&Value>(name)? {
                Some(value) => out.push_str(&state.escape_if_needed(value)?),
                None => {
                    return Err(tera::Error::message(format!(
                        "the label “{}” has the placeholder `{{{name}}}`: pass `{name}=…` to `fill`",
                        label.as_str()
                    )));
                }
            },
        }
    }
    Ok(Value::safe_string(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(key: &str, is_key: bool) -> Location {
        Location {
            path: format!("{key}:{is_key}"),
            line: 1,
            column: 1,
        }
    }

    fn parse(entries: &[(&str, Option<&str>)]) -> Result<Labels, Vec<String>> {
        let owned: Vec<(String, Option<String>)> = entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
            .collect();
        Labels::parse(&owned, at)
            .map_err(|e| e.into_iter().map(|d| d.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn keys_are_unique_snake_case_and_defaults_use_only_their_placeholders() {
        for (i, l) in LABELS.iter().enumerate() {
            assert!(
                l.key
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{}",
                l.key
            );
            assert!(!LABELS[..i].iter().any(|o| o.key == l.key), "{}", l.key);
            assert_eq!(unknown_placeholder(l.default, l.placeholders), None);
            for p in l.placeholders {
                assert!(
                    l.default.contains(&format!("{{{p}}}")),
                    "{}: {p} unused",
                    l.key
                );
            }
        }
    }

    #[test]
    fn splits_placeholders_from_text() {
        let all = |t| pieces(t).collect::<Vec<_>>();
        assert_eq!(
            all("Level {position} of {count}"),
            [
                Piece::Text("Level "),
                Piece::Slot("position"),
                Piece::Text(" of "),
                Piece::Slot("count")
            ]
        );
        assert_eq!(all("{a}{b}"), [Piece::Slot("a"), Piece::Slot("b")]);
        assert_eq!(all("a { b } {} {x"), [Piece::Text("a { b } {} {x")]);
        assert_eq!(
            all("x {y-z} {q}"),
            [Piece::Text("x {y-z} "), Piece::Slot("q")]
        );
        assert!(all("").is_empty());
    }

    #[test]
    fn fills_placeholders_in_any_order() {
        let labels =
            parse(&[("level_position", Some("{count} niveaux, niveau {position}"))]).unwrap();
        assert_eq!(
            labels.fill("level_position", &[("position", "2"), ("count", "5")]),
            "5 niveaux, niveau 2"
        );
        assert_eq!(Labels::default().get("home"), "Home");
    }

    #[test]
    fn fill_html_escapes_the_label_and_keeps_the_values() {
        let labels = parse(&[("footer", Some("<b>{site}</b> & {rungs} {rungs}"))]).unwrap();
        assert_eq!(
            labels.fill_html("footer", &[("rungs", "<a>r</a>"), ("site", "S &amp; T")]),
            "&lt;b&gt;S &amp; T&lt;/b&gt; &amp; <a>r</a> <a>r</a>"
        );
        // A placeholder without a value stays as written, escaped.
        assert_eq!(
            labels.fill_html("footer", &[("site", "S")]),
            "&lt;b&gt;S&lt;/b&gt; &amp; {rungs} {rungs}"
        );
    }

    #[test]
    fn rejects_unknown_keys_with_a_suggestion() {
        assert_eq!(
            parse(&[("skip_to_contnet", Some("x"))]).unwrap_err(),
            [
                "skip_to_contnet:true:1:1: error: unknown label `skip_to_contnet`\n  = did you mean `skip_to_content`?"
            ]
        );
    }

    #[test]
    fn rejects_placeholders_the_key_does_not_have() {
        assert_eq!(
            parse(&[("compare_with", Some("Comparer avec {niveau}"))]).unwrap_err(),
            [
                "compare_with:false:1:1: error: label `compare_with` uses the placeholder `{niveau}`, which it does not have\n  = expected only the placeholders `{level}` (default “Compare with {level}”)"
            ]
        );
        assert_eq!(
            parse(&[("home", Some("Accueil {x}"))]).unwrap_err(),
            [
                "home:false:1:1: error: label `home` uses the placeholder `{x}`, which it does not have\n  = expected no placeholders: `home` is plain text (default “Home”)"
            ]
        );
    }

    #[test]
    fn rejects_empty_labels() {
        assert_eq!(
            parse(&[("home", None), ("levels", Some("  "))]).unwrap_err(),
            [
                "home:false:1:1: error: label `home` is empty\n  = expected the text to show, or no `home` entry to keep the default “Home”",
                "levels:false:1:1: error: label `levels` is empty\n  = expected the text to show, or no `levels` entry to keep the default “Levels”"
            ]
        );
    }

    /// The table of README.md's “Labels” section, as the code's [`LABELS`] says it must read.
    fn readme_table() -> String {
        let mut out = String::from("| key | default | placeholders |\n|---|---|---|\n");
        for l in LABELS {
            let placeholders = if l.placeholders.is_empty() {
                "—".to_string()
            } else {
                l.placeholders
                    .iter()
                    .map(|p| format!("`{{{p}}}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push_str(&format!(
                "| `{}` | `{}` | {placeholders} |\n",
                l.key, l.default
            ));
        }
        out
    }

    #[test]
    fn readme_lists_exactly_the_labels_of_the_code() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
            .expect("README.md");
        let start = readme
            .find("| key | default | placeholders |")
            .expect("README.md has the table of labels");
        let table: String = readme[start..]
            .lines()
            .take_while(|l| l.starts_with('|'))
            .map(|l| format!("{l}\n"))
            .collect();
        let expected = readme_table();
        assert!(
            table == expected,
            "README.md's table of labels differs from LABELS; it should read:\n\n{expected}"
        );
    }

    #[test]
    fn the_fill_filter_escapes_the_label_and_plain_values() {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.register_filter("fill", fill_filter);
        tera.add_raw_template(
            "t.html",
            "{% set link %}<a href=\"x\">{{ v }}</a>{% endset %}{{ l | fill(a=v, b=link, n=3) }}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("l", "<{b}> & {a} {n} {a}");
        ctx.insert("v", "<i>");
        assert_eq!(
            tera.render("t.html", &ctx).unwrap(),
            "&lt;<a href=\"x\">&lt;i&gt;</a>&gt; &amp; &lt;i&gt; 3 &lt;i&gt;"
        );
        ctx.insert("l", "{missing}");
        let err = tera.render("t.html", &ctx).unwrap_err();
        assert!(format!("{err:?}").contains("pass `missing=…`"), "{err:?}");
    }
}
