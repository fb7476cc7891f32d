//! Aligning the items of two levels (or two versions of one list): which item of the upper
//! list continues which item of the lower one, and what became of each.
//!
//! Pairs are made in three rounds, each using an index of either side at most once:
//!
//! 1. **Threads.** Items with the same `thread` are paired, whatever their texts.
//! 2. **Exact text.** Items with the same text are paired.
//! 3. **Word similarity.** The remaining items are paired by the similarity of their words,
//!    best pair first, when it reaches [`THRESHOLD`].
//!
//! Two items with different threads are never paired: explicit threads win over text.
//!
//! **The similarity measure** is the Dice coefficient of two sets of normalised words,
//! `2·|A∩B| / (|A| + |B|)` (0: no word in common, 1: the same words). A text's words are its
//! runs of letters and digits, lower-cased, without the [`STOP_WORDS`] (articles,
//! prepositions, conjunctions) and lightly stemmed: a final `ing`, `ed` or `s` is dropped when
//! at least three letters remain (`mentoring`, `mentored`, `mentors` → `mentor`; `ss` is kept).
//! Ties are broken by position (the earlier upper item, then the earlier lower item), so the
//! result is deterministic. [`THRESHOLD`] (0.4) was tuned on the shipped ladder and on
//! hand-written ladders of rewordings (see README, "Threads and alignment").
//!
//! A leaf: pure functions on texts; the model and the views call it.

use serde::Serialize;

/// The lowest word similarity at which two unthreaded items are paired (see the module docs).
pub const THRESHOLD: f64 = 0.4;

/// The lowest word similarity at which a grown item's new text is shown as a word-level
/// difference from the old one: below it, too few words are kept for the difference to read
/// as one edited sentence, and both texts are shown as they are.
pub const DIFF_THRESHOLD: f64 = 0.5;

/// Words that say nothing about a skill: left out of the similarity.
pub const STOP_WORDS: &[&str] = &[
    "a", "across", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is",
    "it", "its", "of", "on", "or", "the", "their", "them", "they", "this", "that", "through", "to",
    "while", "with", "within",
];

/// One item as alignment sees it.
#[derive(Clone, Copy, Debug)]
pub struct AlignItem<'a> {
    /// Its text, plain (without markup).
    pub text: &'a str,
    /// Its thread, if it names one.
    pub thread: Option<&'a str>,
}

/// What became of an item from the lower list to the upper one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The same text on both sides.
    Unchanged,
    /// The same thread, or aligned by similarity, with a different text.
    Grown,
    /// Only in the upper list: nothing below continues into it.
    New,
    /// Only in the lower list: nothing above continues it ("no longer listed").
    Dropped,
}

/// One row of an alignment: a lower item, an upper item, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    /// Index into the lower list; `None` for a new item.
    pub lower: Option<usize>,
    /// Index into the upper list; `None` for a dropped item.
    pub upper: Option<usize>,
    /// What became of it.
    pub status: Status,
}

/// The normalised words of a text, sorted and without duplicates (see the module docs).
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(stem)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Drops a final `ing`, `ed` or `s` (not `ss`) when at least three characters remain.
fn stem(mut word: String) -> String {
    stem_in_place(&mut word);
    word
}

/// [`stem`] in place.
fn stem_in_place(word: &mut String) {
    let chars = word.chars().count();
    for suffix in ["ing", "ed"] {
        if word.ends_with(suffix) && chars >= suffix.len() + 3 {
            word.truncate(word.len() - suffix.len());
            return;
        }
    }
    if word.ends_with('s') && !word.ends_with("ss") && chars >= 4 {
        word.pop();
    }
}

/// The 64-bit FNV-1a hash of a word.
fn fnv(word: &[u8]) -> u64 {
    word.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Whether a lower-cased word is one of the [`STOP_WORDS`] (a `match`: a jump on the
/// length, not 31 comparisons).
fn is_stop_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"a" | b"across"
            | b"an"
            | b"and"
            | b"are"
            | b"as"
            | b"at"
            | b"be"
            | b"by"
            | b"for"
            | b"from"
            | b"in"
            | b"into"
            | b"is"
            | b"it"
            | b"its"
            | b"of"
            | b"on"
            | b"or"
            | b"the"
            | b"their"
            | b"them"
            | b"they"
            | b"this"
            | b"that"
            | b"through"
            | b"to"
            | b"while"
            | b"with"
            | b"within"
    )
}

/// A text's [`words`] as sorted, deduplicated 64-bit hashes (FNV-1a): computed once per item
/// per build, so that comparing two items costs no allocation. The same words as [`words`],
/// without allocating one string per word.
pub fn word_set(text: &str) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::with_capacity(text.len() / 5 + 1);
    let mut word = String::new();
    let mut add = |word: &mut String| {
        if STOP_WORDS.contains(&word.as_str()) {
            return;
        }
        stem_in_place(word);
        out.push(fnv(word.as_bytes()));
    };
    if text.is_ascii() {
        // Most ladders: the same words, byte by byte (an ASCII character is alphanumeric
        // exactly when `char::is_alphanumeric` says so, lower-cases alone, and is one
        // character, so the stemmer's "three characters remain" counts bytes).
        let mut buf: Vec<u8> = Vec::with_capacity(32);
        for raw in text.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
            if raw.is_empty() {
                continue;
            }
            buf.clear();
            buf.extend(raw.iter().map(u8::to_ascii_lowercase));
            if is_stop_word(&buf) {
                continue;
            }
            let len = buf.len();
            let stem = if (buf.ends_with(b"ing") && len >= 6) || (buf.ends_with(b"ed") && len >= 5)
            {
                &buf[..len - if buf.ends_with(b"ing") { 3 } else { 2 }]
            } else if buf.ends_with(b"s") && !buf.ends_with(b"ss") && len >= 4 {
                &buf[..len - 1]
            } else {
                &buf[..]
            };
            out.push(fnv(stem));
        }
    } else {
        for raw in text.split(|c: char| !c.is_alphanumeric()) {
            if raw.is_empty() {
                continue;
            }
            word.clear();
            word.extend(raw.chars().flat_map(char::to_lowercase));
            add(&mut word);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The Dice coefficient of two sorted, deduplicated word lists: `2·|A∩B| / (|A| + |B|)`; 0
/// when both are empty.
pub fn similarity<T: Ord>(a: &[T], b: &[T]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * common) as f64 / total as f64
}

/// Whether two items may be paired: not when both name a thread and the threads differ.
fn compatible(a: &AlignItem<'_>, b: &AlignItem<'_>) -> bool {
    match (a.thread, b.thread) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Pairs items of `lower` with items of `upper`: same thread first, then exact text, then
/// word similarity above the documented threshold; each index used at most once; the result is
/// in display order (upper order, with dropped lower items placed after their predecessor).
pub fn align(lower: &[AlignItem<'_>], upper: &[AlignItem<'_>]) -> Vec<Pair> {
    align_with(
        lower,
        upper,
        |l| word_set(lower[l].text),
        |u| word_set(upper[u].text),
    )
}

/// [`align`] with the [`word_set`]s of the items given by index (`lower_words(i)` for
/// `lower[i]`): the build keeps each item's set, computed once.
pub(crate) fn align_with<L, U>(
    lower: &[AlignItem<'_>],
    upper: &[AlignItem<'_>],
    lower_words: impl Fn(usize) -> L,
    upper_words: impl Fn(usize) -> U,
) -> Vec<Pair>
where
    L: std::ops::Deref<Target = [u64]>,
    U: std::ops::Deref<Target = [u64]>,
{
    // partner[u] = the lower index paired with upper item u.
    let mut partner: Vec<Option<usize>> = vec![None; upper.len()];
    let mut taken = vec![false; lower.len()];
    // 1. Threads.
    for (u, up) in upper.iter().enumerate() {
        let Some(thread) = up.thread else { continue };
        if let Some(l) = (0..lower.len()).find(|&l| !taken[l] && lower[l].thread == Some(thread)) {
            partner[u] = Some(l);
            taken[l] = true;
        }
    }
    // 2. Exact text.
    for (u, up) in upper.iter().enumerate() {
        if partner[u].is_some() {
            continue;
        }
        if let Some(l) = (0..lower.len())
            .find(|&l| !taken[l] && lower[l].text == up.text && compatible(&lower[l], up))
        {
            partner[u] = Some(l);
            taken[l] = true;
        }
    }
    // 3. Similarity, best first.
    let open_upper: Vec<usize> = (0..upper.len()).filter(|&u| partner[u].is_none()).collect();
    let open_lower: Vec<usize> = (0..lower.len()).filter(|&l| !taken[l]).collect();
    let lower_sets: Vec<L> = open_lower.iter().map(|&l| lower_words(l)).collect();
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for &u in &open_upper {
        let upper_set = upper_words(u);
        for (k, &l) in open_lower.iter().enumerate() {
            if !compatible(&lower[l], &upper[u]) {
                continue;
            }
            let s = similarity(&lower_sets[k], &upper_set);
            if s >= THRESHOLD {
                candidates.push((s, u, l));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, u, l) in candidates {
        if partner[u].is_none() && !taken[l] {
            partner[u] = Some(l);
            taken[l] = true;
        }
    }
    let mut out: Vec<Pair> = partner
        .iter()
        .enumerate()
        .map(|(u, p)| Pair {
            lower: *p,
            upper: Some(u),
            status: match p {
                None => Status::New,
                Some(l) if lower[*l].text == upper[u].text => Status::Unchanged,
                Some(_) => Status::Grown,
            },
        })
        .collect();
    // Dropped items, in lower order, each right after the row of the lower item before it
    // (which is placed already: it is paired, or dropped and inserted before this one).
    for l in (0..lower.len()).filter(|&l| !taken[l]) {
        let at = match l.checked_sub(1) {
            None => 0,
            Some(prev) => out
                .iter()
                .position(|p| p.lower == Some(prev))
                .map_or(out.len(), |i| i + 1),
        };
        out.insert(
            at,
            Pair {
                lower: Some(l),
                upper: None,
                status: Status::Dropped,
            },
        );
    }
    out
}

/// Counts of each status in an alignment, for summaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Items with the same text on both sides.
    pub unchanged: usize,
    /// Items continued with a different text.
    pub grown: usize,
    /// Items only in the upper list.
    pub new: usize,
    /// Items only in the lower list.
    pub dropped: usize,
}

impl Counts {
    /// Adds one item of `status`.
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Unchanged => self.unchanged += 1,
            Status::Grown => self.grown += 1,
            Status::New => self.new += 1,
            Status::Dropped => self.dropped += 1,
        }
    }

    /// Adds every count of `other`.
    pub fn extend(&mut self, other: &Counts) {
        self.unchanged += other.unchanged;
        self.grown += other.grown;
        self.new += other.new;
        self.dropped += other.dropped;
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        *self == Counts::default()
    }
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

    fn p(lower: Option<usize>, upper: Option<usize>, status: Status) -> Pair {
        Pair {
            lower,
            upper,
            status,
        }
    }

    #[test]
    fn words_are_lowercased_stemmed_and_without_stop_words() {
        assert_eq!(
            words("Mentors the junior Engineers, and reviews their designs"),
            ["design", "engineer", "junior", "mentor", "review"]
        );
        assert_eq!(words("Mentoring; mentored"), ["mentor"]);
        assert_eq!(words("Process bus is"), ["bus", "process"]);
        assert_eq!(words("ing sing bed"), ["bed", "ing", "sing"]);
        // A suffix goes when three characters remain: the shortest words that lose one.
        assert_eq!(words("coding based bus"), ["bas", "bus", "cod"]);
        assert!(words("and the of").is_empty());
    }

    #[test]
    fn similarity_is_the_dice_coefficient() {
        let w = |t: &str| words(t);
        assert_eq!(similarity(&w("a b c d"), &w("a b c d")), 1.0);
        assert_eq!(similarity(&w("alpha beta"), &w("gamma delta")), 0.0);
        // 2·2 / (3 + 3)
        let s = similarity(&w("alpha beta gamma"), &w("alpha beta delta"));
        assert!((s - 4.0 / 6.0).abs() < 1e-9, "{s}");
        // 2·1 / (1 + 3)
        assert_eq!(similarity(&w("alpha"), &w("alpha beta gamma")), 0.5);
        assert_eq!(similarity::<u64>(&[], &[]), 0.0);
        let (a, b) = (
            word_set("Mentors junior engineers"),
            word_set("mentoring senior engineer"),
        );
        assert_eq!(a.len(), 3);
        assert_eq!(
            similarity(&a, &b),
            similarity(
                &w("Mentors junior engineers"),
                &w("mentoring senior engineer")
            )
        );
        assert_eq!(word_set("b a a"), word_set("a b"));
        // The sets hash exactly the normalised words.
        for t in [
            "Mentors the junior Engineers, and reviews their designs",
            "Mentoring; mentored",
            "Process bus is",
            "ing sing bed",
            "Maître d'œuvre ÉTÉ",
        ] {
            assert_eq!(word_set(t).len(), words(t).len(), "{t}");
            assert_eq!(similarity(&word_set(t), &word_set(t)), 1.0);
        }
        assert_eq!(word_set("Mentors"), word_set("mentoring"));
        // The fast stop-word test knows exactly the listed words.
        for w in STOP_WORDS {
            assert!(is_stop_word(w.as_bytes()), "{w}");
            assert!(!is_stop_word(format!("{w}x").as_bytes()), "{w}x");
        }
        assert!(!is_stop_word(b"mentor") && !is_stop_word(b""));
        // Exactly the hashes of the normalised words, on the ASCII path and the other one.
        let fnv = |w: &String| {
            w.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            })
        };
        for t in [
            "Leads THE design-reviews of 3 teams_x, mentoring 12 engineers",
            "Leads THE design-reviews of 3 teams_x, mentoring 12 engineers \u{e9}t\u{e9}",
            "Is  a\tbus;  x9 ING",
            "Mentoring; mentored sing bed beds process bus kiss axes ed s",
        ] {
            let mut expected: Vec<u64> = words(t).iter().map(fnv).collect();
            expected.sort_unstable();
            assert_eq!(word_set(t), expected, "{t}");
        }
        // Words differing in one letter hash apart (FNV-1a mixes every bit of every byte).
        assert_eq!(word_set("ax ex ix").len(), 3);
        assert_ne!(word_set("Mentors"), word_set("mentor juniors"));
    }

    #[test]
    fn a_reworded_item_grows_and_the_rest_is_new_or_dropped() {
        let lower = items(&[
            "Mentors junior engineers",
            "Writes tests",
            "Fixes bugs reported by users",
        ]);
        let upper = items(&[
            "Writes tests",
            "Designs services for other teams",
            "Mentors senior engineers",
        ]);
        assert_eq!(
            align(&lower, &upper),
            [
                p(Some(1), Some(0), Status::Unchanged),
                p(Some(2), None, Status::Dropped),
                p(None, Some(1), Status::New),
                p(Some(0), Some(2), Status::Grown),
            ]
        );
    }

    #[test]
    fn threads_win_over_text_and_different_threads_never_pair() {
        let lower = [
            AlignItem {
                text: "Reviews code",
                thread: Some("review"),
            },
            AlignItem {
                text: "Owns a service",
                thread: Some("ownership"),
            },
        ];
        let upper = [
            AlignItem {
                text: "Owns a service",
                thread: Some("review"),
            },
            AlignItem {
                text: "Reviews code",
                thread: Some("design"),
            },
        ];
        assert_eq!(
            align(&lower, &upper),
            [
                p(Some(0), Some(0), Status::Grown),
                p(Some(1), None, Status::Dropped),
                p(None, Some(1), Status::New),
            ]
        );
    }

    #[test]
    fn equal_or_similar_texts_under_two_threads_stay_apart() {
        let item = |text, thread| AlignItem {
            text,
            thread: Some(thread),
        };
        let lower = [
            item("Runs the team's retro", "retro"),
            item("Writes runbooks for services", "runbooks"),
        ];
        let upper = [
            item("Runs the team's retro", "facilitation"),
            item("Writes runbooks for many services", "docs"),
        ];
        assert_eq!(
            align(&lower, &upper),
            [
                p(Some(0), None, Status::Dropped),
                p(Some(1), None, Status::Dropped),
                p(None, Some(0), Status::New),
                p(None, Some(1), Status::New),
            ]
        );
        // The same texts, one side unthreaded: paired.
        let plain = items(&["Runs the team's retro", "Writes runbooks for services"]);
        assert_eq!(
            align(&plain, &upper),
            [
                p(Some(0), Some(0), Status::Unchanged),
                p(Some(1), Some(1), Status::Grown),
            ]
        );
    }

    #[test]
    fn a_threaded_item_may_pair_with_an_unthreaded_one() {
        let lower = items(&["Reviews code of the team"]);
        let upper = [AlignItem {
            text: "Reviews code of the team",
            thread: Some("review"),
        }];
        assert_eq!(
            align(&lower, &upper),
            [p(Some(0), Some(0), Status::Unchanged)]
        );
    }

    #[test]
    fn the_most_similar_pair_is_made_first() {
        let lower = items(&["Designs small services", "Designs small services for teams"]);
        let upper = items(&["Designs small services for many teams"]);
        // 2·4/(4+5) beats 2·3/(3+5): the second lower item continues, the first is dropped.
        assert_eq!(
            align(&lower, &upper),
            [
                p(Some(0), None, Status::Dropped),
                p(Some(1), Some(0), Status::Grown),
            ]
        );
    }

    #[test]
    fn similarity_at_the_threshold_pairs_and_below_does_not() {
        // 2·1/(1+4) = 0.4: paired.
        assert_eq!(
            align(&items(&["alpha"]), &items(&["alpha beta gamma delta"])),
            [p(Some(0), Some(0), Status::Grown)]
        );
        // 2·1/(1+5) = 0.33: not paired.
        assert_eq!(
            align(&items(&["alpha"]), &items(&["alpha beta gamma delta eta"])),
            [
                p(Some(0), None, Status::Dropped),
                p(None, Some(0), Status::New)
            ]
        );
    }

    #[test]
    fn dropped_items_follow_their_predecessor() {
        let lower = items(&["one", "two", "three", "four"]);
        let upper = items(&["four", "one"]);
        assert_eq!(
            align(&lower, &upper),
            [
                p(Some(3), Some(0), Status::Unchanged),
                p(Some(0), Some(1), Status::Unchanged),
                p(Some(1), None, Status::Dropped),
                p(Some(2), None, Status::Dropped),
            ]
        );
        let lower = items(&["zero", "one"]);
        assert_eq!(
            align(&lower, &items(&["one"])),
            [
                p(Some(0), None, Status::Dropped),
                p(Some(1), Some(0), Status::Unchanged),
            ]
        );
        assert_eq!(align(&[], &[]), []);
    }

    #[test]
    fn texts_without_words_pair_only_when_equal() {
        // No word to compare (punctuation, stop words): only the exact round pairs them.
        assert_eq!(
            align(&items(&["—", "and the"]), &items(&["and the", "—"])),
            [
                p(Some(1), Some(0), Status::Unchanged),
                p(Some(0), Some(1), Status::Unchanged),
            ]
        );
    }

    #[test]
    fn equal_texts_pair_in_order_once_each() {
        let lower = items(&["same", "same"]);
        let upper = items(&["same"]);
        assert_eq!(
            align(&lower, &upper),
            [
                p(Some(0), Some(0), Status::Unchanged),
                p(Some(1), None, Status::Dropped),
            ]
        );
    }

    #[test]
    fn counts_add_up() {
        let mut c = Counts::default();
        assert!(c.is_empty());
        for s in [Status::New, Status::New, Status::Grown, Status::Dropped] {
            c.add(s);
        }
        c.add(Status::Unchanged);
        let mut total = Counts::default();
        total.extend(&c);
        total.extend(&c);
        assert_eq!(
            total,
            Counts {
                unchanged: 2,
                grown: 2,
                new: 4,
                dropped: 2
            }
        );
        assert!(!total.is_empty());
    }
}
