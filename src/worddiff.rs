//! Word-level differences between two texts: what a reworded expectation deleted and
//! inserted ("Mentors ~~junior~~ **senior** engineers").
//!
//! Owns only the computation (by the `similar` crate, words and the whitespace between them as
//! tokens); writing the result as HTML is the caller's, which escapes each run where it writes
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
/// `Same` and `Inserted` runs in order gives `new`, the `Same` and `Deleted` runs `old`.
pub fn word_diff(old: &str, new: &str) -> Vec<WordChange> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<WordChange> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        let value = change.value();
        match out.last_mut() {
            Some(last) if last.same_op(tag) => last.text_mut().push_str(value),
            _ => out.push(match tag {
                ChangeTag::Equal => WordChange::Same(value.to_string()),
                ChangeTag::Delete => WordChange::Deleted(value.to_string()),
                ChangeTag::Insert => WordChange::Inserted(value.to_string()),
            }),
        }
    }
    out
}

/// Appends `changes` to `out` as HTML: deleted runs in `<del>`, inserted runs in `<ins>`, every
/// run's text escaped here.
pub(crate) fn write_html(out: &mut String, changes: &[WordChange]) {
    for change in changes {
        let (open, close, text) = match change {
            WordChange::Same(t) => ("", "", t),
            WordChange::Deleted(t) => ("<del>", "</del>", t),
            WordChange::Inserted(t) => ("<ins>", "</ins>", t),
        };
        out.push_str(open);
        crate::text::push_escaped_html(out, text);
        out.push_str(close);
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
                Same(s("Mentors ")),
                Deleted(s("junior")),
                Inserted(s("senior")),
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
    }

    #[test]
    fn both_texts_can_be_read_back() {
        let (old, new) = (
            "Leads the design of one service",
            "Leads and reviews the design of several services",
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
    fn html_marks_and_escapes_every_run() {
        let mut out = String::new();
        write_html(&mut out, &word_diff("a <b> & c", "a <i> & c"));
        assert_eq!(out, "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins> &amp; c");
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
