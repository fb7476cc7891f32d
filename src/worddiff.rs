//! Word-level differences between two texts: what a reworded expectation deleted and
//! inserted ("Mentors ~~junior~~ **senior** engineers").
//!
//! Owns only the computation (by the `similar` crate, on the texts' words: runs of
//! whitespace count as one space, and each space belongs to the side or sides that have it,
//! so that matching spaces never splits a change); writing the result as HTML is the caller's, which escapes each run where it writes
//! it ([`write_html`] for the default `<del>`/`<ins>` form). A leaf: no model, no I/O.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One run of a word-level difference: text both sides have, text only the old one had, text
/// only the new one has. Serialized as `{"op": "same", "text": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "snake_case")]
pub enum WordChange {
    /// Text in both, as it is in the new text.
    Same(String),
    /// Text only the old text had.
    Deleted(String),
    /// Text only the new text has.
    Inserted(String),
}

impl WordChange {
    fn text_mut(&mut self) -> &mut String {
        match self {
            WordChange::Same(t) | WordChange::Deleted(t) | WordChange::Inserted(t) => t,
        }
    }

    fn same_op(&self, tag: ChangeTag) -> bool {
        matches!(
            (self, tag),
            (WordChange::Same(_), ChangeTag::Equal)
                | (WordChange::Deleted(_), ChangeTag::Delete)
                | (WordChange::Inserted(_), ChangeTag::Insert)
        )
    }
}

/// Word-level difference (via the `similar` crate), adjacent same-op runs merged: reading the
/// `Same` and `Inserted` runs in order gives `new`, the `Same` and `Deleted` runs `old` (each
/// with its whitespace collapsed to single spaces).
pub fn word_diff(old: &str, new: &str) -> Vec<WordChange> {
    let old_words: Vec<&str> = old.split_whitespace().collect();
    let new_words: Vec<&str> = new.split_whitespace().collect();
    let diff = TextDiff::from_slices(&old_words, &new_words);
    let mut out: Vec<WordChange> = Vec::new();
    // Whether each side has a word before the current one (and so needs a space first).
    let (mut in_old, mut in_new) = (false, false);
    let push = |out: &mut Vec<WordChange>, tag: ChangeTag, text: &str| match out.last_mut() {
        Some(last) if last.same_op(tag) => last.text_mut().push_str(text),
        _ => out.push(match tag {
            ChangeTag::Equal => WordChange::Same(text.to_string()),
            ChangeTag::Delete => WordChange::Deleted(text.to_string()),
            ChangeTag::Insert => WordChange::Inserted(text.to_string()),
        }),
    };
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        let space = match tag {
            ChangeTag::Equal => match (in_old, in_new) {
                (true, true) => Some(ChangeTag::Equal),
                (true, false) => Some(ChangeTag::Delete),
                (false, true) => Some(ChangeTag::Insert),
                (false, false) => None,
            },
            ChangeTag::Delete => in_old.then_some(ChangeTag::Delete),
            ChangeTag::Insert => in_new.then_some(ChangeTag::Insert),
        };
        if let Some(space) = space {
            push(&mut out, space, " ");
        }
        push(&mut out, tag, change.value());
        in_old |= tag != ChangeTag::Insert;
        in_new |= tag != ChangeTag::Delete;
    }
    out
}

/// Appends `changes` to `out` as HTML: deleted runs in `<del>`, inserted runs in `<ins>`, every
/// run's text escaped here. The spaces around a run stay outside its tag, so a struck or
/// marked run starts and ends with a word (as on the changes page). An inserted run that
/// follows a deleted one with no white space between them (a text's first words replaced)
/// gets a space before it, so the two never read as one word.
pub(crate) fn write_html(out: &mut String, changes: &[WordChange]) {
    let mut after_deleted = false;
    for change in changes {
        if let WordChange::Inserted(t) = change
            && after_deleted
            && !t.starts_with(char::is_whitespace)
        {
            out.push(' ');
        }
        after_deleted =
            matches!(change, WordChange::Deleted(t) if !t.ends_with(char::is_whitespace));
        let (open, close, text) = match change {
            WordChange::Same(t) => ("", "", t),
            WordChange::Deleted(t) => ("<del>", "</del>", t),
            WordChange::Inserted(t) => ("<ins>", "</ins>", t),
        };
        let core = text.trim();
        if open.is_empty() || core.is_empty() {
            crate::text::push_escaped_html(out, text);
            continue;
        }
        let start = text.len() - text.trim_start().len();
        crate::text::push_escaped_html(out, &text[..start]);
        out.push_str(open);
        crate::text::push_escaped_html(out, core);
        out.push_str(close);
        crate::text::push_escaped_html(out, &text[start + core.len()..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use WordChange::*;

    fn s(t: &str) -> String {
        t.to_string()
    }

    #[test]
    fn a_reworded_word_is_deleted_then_inserted() {
        assert_eq!(
            word_diff("Mentors junior engineers", "Mentors senior engineers"),
            [
                Same(s("Mentors")),
                Deleted(s(" junior")),
                Inserted(s(" senior")),
                Same(s(" engineers"))
            ]
        );
    }

    #[test]
    fn runs_of_one_op_are_merged() {
        assert_eq!(
            word_diff("a b", "a b c d"),
            [Same(s("a b")), Inserted(s(" c d"))]
        );
        assert_eq!(word_diff("x y z", "x y z"), [Same(s("x y z"))]);
        assert_eq!(word_diff("", ""), []);
        assert_eq!(word_diff("", "new"), [Inserted(s("new"))]);
        assert_eq!(word_diff("old", ""), [Deleted(s("old"))]);
        // A word dropped between kept ones takes one space with it, not two.
        assert_eq!(
            word_diff("Reviews small changes", "Reviews changes across the team"),
            [
                Same(s("Reviews")),
                Deleted(s(" small")),
                Same(s(" changes")),
                Inserted(s(" across the team"))
            ]
        );
        // Words only one side has before the first shared word.
        assert_eq!(
            word_diff("old a", "new a"),
            [Deleted(s("old")), Inserted(s("new")), Same(s(" a"))]
        );
        assert_eq!(
            word_diff("x  a\n b", "a b"),
            [Deleted(s("x ")), Same(s("a b"))]
        );
    }

    #[test]
    fn both_texts_can_be_read_back() {
        let (old, new) = (
            "Leads the design of one service for the team",
            "Leads and reviews the design of several services for teams",
        );
        let changes = word_diff(old, new);
        let read = |keep: fn(&WordChange) -> Option<&str>| -> String {
            changes.iter().filter_map(keep).collect()
        };
        assert_eq!(
            read(|c| match c {
                Same(t) | Deleted(t) => Some(t),
                Inserted(_) => None,
            }),
            old
        );
        assert_eq!(
            read(|c| match c {
                Same(t) | Inserted(t) => Some(t),
                Deleted(_) => None,
            }),
            new
        );
    }

    #[test]
    fn html_sets_a_replaced_first_word_apart_from_its_replacement() {
        let mut out = String::new();
        write_html(&mut out, &word_diff("Understanding of CI", "Owns the CI"));
        assert_eq!(out, "<del>Understanding of</del> <ins>Owns the</ins> CI");
        // Runs that carry their space get none more.
        let mut out = String::new();
        write_html(
            &mut out,
            &word_diff("Mentors junior engineers", "Mentors senior engineers"),
        );
        assert_eq!(out, "Mentors <del>junior</del> <ins>senior</ins> engineers");
        let mut out = String::new();
        write_html(
            &mut out,
            &[
                WordChange::Deleted("a ".into()),
                WordChange::Inserted("b".into()),
                WordChange::Inserted("c".into()),
            ],
        );
        assert_eq!(out, "<del>a</del> <ins>b</ins><ins>c</ins>");
    }

    #[test]
    fn html_marks_and_escapes_every_run() {
        let mut out = String::new();
        write_html(&mut out, &word_diff("a <b> & c", "a <i> & c"));
        assert_eq!(out, "a <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins> &amp; c");
        // Spaces stay outside the marks; a run of spaces alone is not marked.
        let mut out = String::new();
        write_html(
            &mut out,
            &[
                WordChange::Inserted("  two words ".into()),
                WordChange::Deleted(" ".into()),
                WordChange::Same("x".into()),
            ],
        );
        assert_eq!(out, "  <ins>two words</ins>  x");
    }

    #[test]
    fn serializes_with_op_and_text() {
        let json = serde_json::to_string(&word_diff("a", "b")).unwrap();
        assert_eq!(
            json,
            r#"[{"op":"deleted","text":"a"},{"op":"inserted","text":"b"}]"#
        );
    }
}
