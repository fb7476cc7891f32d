//! Aligning two lists of items (the items of two levels, or two versions of one list) and
//! the word-level difference of two texts.
//!
//! Interim version written for `rungs diff` (issue 14), with the shared API of the threads
//! issue (issue 11), whose implementation replaces this one: items pair by thread first, then
//! by exact text, then by word overlap (Jaccard index of their lowercase word sets of at least
//! [`SIMILARITY_THRESHOLD`]). Pure functions: no model, no I/O.

use std::collections::HashSet;

/// Lowest Jaccard index of two items' word sets (shared words over all words) for them to be
/// paired as one item reworded.
pub const SIMILARITY_THRESHOLD: f64 = 0.5;

/// One item as alignment sees it.
#[derive(Debug, Clone, Copy)]
pub struct AlignItem<'a> {
    /// The item's plain text.
    pub text: &'a str,
    /// The item's thread id, when it has one.
    pub thread: Option<&'a str>,
}

/// How an item of the upper list relates to the lower list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The same text on both sides.
    Unchanged,
    /// Paired, with a different text.
    Grown,
    /// Only in the upper list.
    New,
    /// Only in the lower list.
    Dropped,
}

/// One row of an alignment: indexes into the lower and upper lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    /// Index into the lower list, when the row has a lower item.
    pub lower: Option<usize>,
    /// Index into the upper list, when the row has an upper item.
    pub upper: Option<usize>,
    /// How the two relate.
    pub status: Status,
}

/// Pairs items of `lower` with items of `upper`: same thread first, then exact text, then
/// word similarity above [`SIMILARITY_THRESHOLD`]; each index used at most once; the result is
/// in display order (upper order, with dropped lower items placed after their predecessor).
pub fn align(lower: &[AlignItem<'_>], upper: &[AlignItem<'_>]) -> Vec<Pair> {
    let mut partner: Vec<Option<usize>> = vec![None; upper.len()];
    let mut used = vec![false; lower.len()];
    // 1. Same thread.
    for (u, item) in upper.iter().enumerate() {
        let Some(thread) = item.thread else { continue };
        if let Some(l) = (0..lower.len()).find(|&l| !used[l] && lower[l].thread == Some(thread)) {
            partner[u] = Some(l);
            used[l] = true;
        }
    }
    // 2. Same text.
    for (u, item) in upper.iter().enumerate() {
        if partner[u].is_some() {
            continue;
        }
        if let Some(l) = (0..lower.len()).find(|&l| !used[l] && lower[l].text == item.text) {
            partner[u] = Some(l);
            used[l] = true;
        }
    }
    // 3. Most similar words, best pairs first.
    let words_lower: Vec<HashSet<String>> = lower.iter().map(|i| words(i.text)).collect();
    let words_upper: Vec<HashSet<String>> = upper.iter().map(|i| words(i.text)).collect();
    let mut candidates = Vec::new();
    for u in (0..upper.len()).filter(|&u| partner[u].is_none()) {
        for l in (0..lower.len()).filter(|&l| !used[l]) {
            let score = jaccard(&words_lower[l], &words_upper[u]);
            if score >= SIMILARITY_THRESHOLD {
                candidates.push((score, u, l));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, u, l) in candidates {
        if partner[u].is_none() && !used[l] {
            partner[u] = Some(l);
            used[l] = true;
        }
    }
    // Display order: upper order; a dropped lower item right after the row of the lower
    // item before it (first when it is the first).
    let mut rows: Vec<Pair> = upper
        .iter()
        .enumerate()
        .map(|(u, item)| Pair {
            lower: partner[u],
            upper: Some(u),
            status: match partner[u] {
                None => Status::New,
                Some(l) if lower[l].text == item.text => Status::Unchanged,
                Some(_) => Status::Grown,
            },
        })
        .collect();
    for l in (0..lower.len()).filter(|&l| !used[l]) {
        let at = match l.checked_sub(1) {
            None => 0,
            Some(before) => rows
                .iter()
                .position(|r| r.lower == Some(before))
                .map_or(rows.len(), |i| i + 1),
        };
        rows.insert(
            at,
            Pair {
                lower: Some(l),
                upper: None,
                status: Status::Dropped,
            },
        );
    }
    rows
}

/// The lowercase words of a text (letters and digits).
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Shared words over all words; 0 for two empty sets.
fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// One run of a word-level difference.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "op", content = "text", rename_all = "snake_case")]
pub enum WordChange {
    /// Text on both sides.
    Same(String),
    /// Text only in the old version.
    Deleted(String),
    /// Text only in the new version.
    Inserted(String),
}

/// Word-level difference (via the `similar` crate), adjacent same-op runs merged.
pub fn word_diff(old: &str, new: &str) -> Vec<WordChange> {
    let diff = similar::TextDiff::configure().diff_words(old, new);
    let mut out: Vec<WordChange> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        let next = match change.tag() {
            similar::ChangeTag::Equal => WordChange::Same(text.to_string()),
            similar::ChangeTag::Delete => WordChange::Deleted(text.to_string()),
            similar::ChangeTag::Insert => WordChange::Inserted(text.to_string()),
        };
        match (out.last_mut(), next) {
            (Some(WordChange::Same(a)), WordChange::Same(b))
            | (Some(WordChange::Deleted(a)), WordChange::Deleted(b))
            | (Some(WordChange::Inserted(a)), WordChange::Inserted(b)) => a.push_str(&b),
            (_, next) => out.push(next),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items<'a>(texts: &[&'a str]) -> Vec<AlignItem<'a>> {
        texts
            .iter()
            .map(|t| AlignItem {
                text: t,
                thread: None,
            })
            .collect()
    }

    #[test]
    fn pairs_same_text_and_similar_words_and_keeps_display_order() {
        let lower = items(&["Writes tests", "Reviews code for the team", "Old thing"]);
        let upper = items(&[
            "Reviews code for the whole team",
            "Writes tests",
            "Mentors others",
        ]);
        let pairs = align(&lower, &upper);
        assert_eq!(
            pairs,
            vec![
                Pair {
                    lower: Some(1),
                    upper: Some(0),
                    status: Status::Grown
                },
                // Right after "Reviews code for the team", the lower item before it.
                Pair {
                    lower: Some(2),
                    upper: None,
                    status: Status::Dropped
                },
                Pair {
                    lower: Some(0),
                    upper: Some(1),
                    status: Status::Unchanged
                },
                Pair {
                    lower: None,
                    upper: Some(2),
                    status: Status::New
                },
            ]
        );
    }

    #[test]
    fn a_dropped_item_follows_its_predecessor() {
        let lower = items(&["Alpha one", "Gone entirely", "Gamma three"]);
        let upper = items(&["Alpha one", "Gamma three"]);
        let pairs = align(&lower, &upper);
        assert_eq!(
            pairs[1],
            Pair {
                lower: Some(1),
                upper: None,
                status: Status::Dropped
            }
        );
        assert_eq!(pairs.len(), 3);
    }

    #[test]
    fn thread_wins_over_text() {
        let lower = [
            AlignItem {
                text: "A b c",
                thread: Some("x"),
            },
            AlignItem {
                text: "Totally different",
                thread: None,
            },
        ];
        let upper = [AlignItem {
            text: "Totally different",
            thread: Some("x"),
        }];
        let pairs = align(&lower, &upper);
        assert_eq!(
            pairs[0],
            Pair {
                lower: Some(0),
                upper: Some(0),
                status: Status::Grown
            }
        );
    }

    #[test]
    fn a_thread_pairs_only_with_its_thread() {
        let lower = [
            AlignItem {
                text: "Unrelated words here",
                thread: None,
            },
            AlignItem {
                text: "Old wording",
                thread: Some("x"),
            },
        ];
        let upper = [AlignItem {
            text: "New phrasing",
            thread: Some("x"),
        }];
        let pairs = align(&lower, &upper);
        assert_eq!(
            pairs,
            [
                Pair {
                    lower: Some(0),
                    upper: None,
                    status: Status::Dropped
                },
                Pair {
                    lower: Some(1),
                    upper: Some(0),
                    status: Status::Grown
                },
            ]
        );
    }

    #[test]
    fn identical_texts_pair_even_without_words() {
        let pairs = align(&items(&["—", "…"]), &items(&["…", "—"]));
        assert_eq!(
            pairs,
            [
                Pair {
                    lower: Some(1),
                    upper: Some(0),
                    status: Status::Unchanged
                },
                Pair {
                    lower: Some(0),
                    upper: Some(1),
                    status: Status::Unchanged
                },
            ]
        );
    }

    #[test]
    fn the_most_similar_item_wins_and_each_is_used_once() {
        let lower = items(&["alpha beta gamma delta", "alpha beta gamma epsilon"]);
        let upper = items(&["alpha beta gamma delta zeta"]);
        let pairs = align(&lower, &upper);
        assert_eq!(
            pairs,
            [
                Pair {
                    lower: Some(0),
                    upper: Some(0),
                    status: Status::Grown
                },
                Pair {
                    lower: Some(1),
                    upper: None,
                    status: Status::Dropped
                },
            ]
        );
    }

    #[test]
    fn dissimilar_items_are_not_paired() {
        let pairs = align(
            &items(&["Writes tests"]),
            &items(&["Leads incidents calmly"]),
        );
        assert!(pairs.iter().all(|p| p.lower.is_none() || p.upper.is_none()));
        assert!((jaccard(&words("a b"), &words("a c")) - 1.0 / 3.0).abs() < 1e-9);
        assert!(jaccard(&words(""), &words("")) == 0.0);
    }

    #[test]
    fn word_diff_merges_runs() {
        assert_eq!(
            word_diff(
                "Reviews code for the team",
                "Reviews code for the whole team"
            ),
            vec![
                WordChange::Same("Reviews code for the ".into()),
                WordChange::Inserted("whole ".into()),
                WordChange::Same("team".into()),
            ]
        );
        assert_eq!(
            word_diff("a b", "c"),
            vec![
                WordChange::Deleted("a b".into()),
                WordChange::Inserted("c".into())
            ]
        );
    }
}
