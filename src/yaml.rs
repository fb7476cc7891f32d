//! All YAML parsing of rungs: typed deserialization with unknown-key detection, and
//! locating a key or value by its path when a problem must be reported.
//!
//! Locations are computed lazily, only when a diagnostic needs one, so a clean build parses
//! every YAML text exactly once. The locator reuses the same parser (`yaml_serde`): it walks
//! the document to the wanted node and fails there on purpose, and the parser stamps that
//! failure with the node's line and column.

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use std::fmt;

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    /// A key of a mapping.
    Key(String),
    /// A position in a sequence, 0-based.
    Index(usize),
}

impl Seg {
    /// A key step.
    pub(crate) fn key(k: &str) -> Seg {
        Seg::Key(k.to_string())
    }
}

/// Whether a diagnostic should point at a mapping key or at its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The key itself (`rank` in `rank: 3`).
    Key,
    /// The value (`3` in `rank: 3`).
    Value,
}

/// A YAML syntax or type error, positioned within the YAML text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// What the parser said, without its own position suffix, worded for authors.
    pub(crate) message: String,
    /// 1-based line within the YAML text.
    pub(crate) line: usize,
    /// 1-based column within the YAML text.
    pub(crate) column: usize,
}

/// A deserialized document and the paths of the keys the target type does not know.
#[derive(Debug)]
pub(crate) struct Parsed<T> {
    /// The typed value.
    pub(crate) value: T,
    /// Paths of keys that were present but ignored (probably typos).
    pub(crate) unknown_keys: Vec<Vec<Seg>>,
}

/// Deserializes `text` into `T`, collecting unknown keys instead of failing on them.
///
/// An empty or comment-only document is read as an empty mapping, so a missing required
/// field is reported as such rather than as a parse error.
///
/// # Errors
/// The first syntax or type error of the document, with its position.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<Parsed<T>, YamlError> {
    let text = if is_blank_document(text) { "{}" } else { text };
    let mut unknown_keys = Vec::new();
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let value =
        serde_ignored::deserialize(deserializer, |path| unknown_keys.push(path_segments(&path)))
            .map_err(|e| to_yaml_error(&e))?;
    Ok(Parsed {
        value,
        unknown_keys,
    })
}

fn is_blank_document(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    })
}

fn path_segments(path: &serde_ignored::Path) -> Vec<Seg> {
    use serde_ignored::Path;
    match path {
        Path::Root => Vec::new(),
        Path::Seq { parent, index } => {
            let mut v = path_segments(parent);
            v.push(Seg::Index(*index));
            v
        }
        Path::Map { parent, key } => {
            let mut v = path_segments(parent);
            v.push(Seg::Key(key.clone()));
            v
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => path_segments(parent),
    }
}

fn to_yaml_error(e: &serde_yaml::Error) -> YamlError {
    let full = e.to_string();
    let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    YamlError {
        message: friendlier(&strip_positions(&full)),
        line,
        column,
    }
}

/// Removes the parser's own " at line N column M" notes: the diagnostic carries the position.
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let n = digits(after);
        match after[n..].strip_prefix(" column ") {
            Some(col) if n > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Rewords serde's Rust-flavoured type names into what an author writes in YAML.
fn friendlier(message: &str) -> String {
    message
        .replace("expected i64", "expected an integer")
        .replace("expected u64", "expected a non-negative integer")
        .replace("expected a sequence", "expected a list (`- item` lines)")
        .replace(
            "expected a string",
            "expected text (quote it if it starts with a special character)",
        )
        .replace(
            "invalid type: map",
            "invalid type: a mapping (`key: value` lines)",
        )
        .replace("invalid type: sequence", "invalid type: a list")
}

/// Renders a path for messages: `competencies.technical-skills[2]`.
pub(crate) fn display_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Line and column (1-based, within `text`) of the node at `path`, or of its nearest
/// ancestor that exists; `(1, 1)` when the document cannot be walked at all.
pub(crate) fn locate(text: &str, path: &[Seg], target: Target) -> (usize, usize) {
    for len in (1..=path.len()).rev() {
        let t = if len == path.len() {
            target
        } else {
            Target::Key
        };
        if let Some(found) = locate_exact(text, &path[..len], t) {
            return found;
        }
    }
    (1, 1)
}

const FOUND: &str = "\u{0}rungs-found";

fn locate_exact(text: &str, path: &[Seg], target: Target) -> Option<(usize, usize)> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match (Locate { path, target }).deserialize(deserializer) {
        Err(e) if e.to_string().contains(FOUND) => e.location().map(|l| (l.line(), l.column())),
        _ => None,
    }
}

/// Walks to `path`; fails with [`FOUND`] at the wanted node.
struct Locate<'p> {
    path: &'p [Seg],
    target: Target,
}

impl<'de> DeserializeSeed<'de> for Locate<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! found_or_leaf {
    ($($name:ident: $ty:ty),*) => {$(
        fn $name<E: de::Error>(self, _: $ty) -> Result<(), E> {
            if self.path.is_empty() { Err(E::custom(FOUND)) } else { Ok(()) }
        }
    )*};
}

impl<'de> Visitor<'de> for Locate<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }
    found_or_leaf!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str);
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(E::custom(FOUND))
        } else {
            Ok(())
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((Seg::Index(want), rest)) = self.path.split_first() else {
            return if self.path.is_empty() {
                Err(de::Error::custom(FOUND))
            } else {
                Ok(())
            };
        };
        let mut index = 0;
        while index < *want {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            index += 1;
        }
        seq.next_element_seed(Locate {
            path: rest,
            target: self.target,
        })?;
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((Seg::Key(want), rest)) = self.path.split_first() else {
            return if self.path.is_empty() {
                Err(de::Error::custom(FOUND))
            } else {
                Ok(())
            };
        };
        let fail_at_key = rest.is_empty() && self.target == Target::Key;
        while let Some(matched) = map.next_key_seed(KeyMatch { want, fail_at_key })? {
            if matched {
                return map.next_value_seed(Locate {
                    path: rest,
                    target: self.target,
                });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// Reads a mapping key and says whether it is the wanted one; fails on it when asked to,
/// so the error carries the key's own position.
struct KeyMatch<'w> {
    want: &'w str,
    fail_at_key: bool,
}

impl<'de> DeserializeSeed<'de> for KeyMatch<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyMatch<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        let matched = v == self.want;
        if matched && self.fail_at_key {
            Err(E::custom(FOUND))
        } else {
            Ok(matched)
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        rank: Option<i64>,
        #[serde(default)]
        items: BTreeMap<String, Vec<String>>,
    }

    const DOC: &str = "title: Senior\nrank: 3\nitems:\n  a:\n    - one\n    - two\n  b: [x, y]\n";

    #[test]
    fn locates_keys_values_and_list_items() {
        assert_eq!(locate(DOC, &[Seg::key("rank")], Target::Key), (2, 1));
        assert_eq!(locate(DOC, &[Seg::key("rank")], Target::Value), (2, 7));
        let second = [Seg::key("items"), Seg::key("a"), Seg::Index(1)];
        assert_eq!(locate(DOC, &second, Target::Value), (6, 7));
        let flow = [Seg::key("items"), Seg::key("b"), Seg::Index(1)];
        assert_eq!(locate(DOC, &flow, Target::Value), (7, 10));
    }

    #[test]
    fn locate_falls_back_to_nearest_existing_ancestor() {
        let missing = [Seg::key("items"), Seg::key("zzz")];
        assert_eq!(locate(DOC, &missing, Target::Key), (3, 1));
    }

    #[test]
    fn wrong_type_is_reported_with_position_and_plain_words() {
        let err = parse::<Doc>("title: x\nrank: three\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 7));
        assert!(
            err.message.contains("expected an integer"),
            "{}",
            err.message
        );
    }

    #[test]
    fn parser_positions_are_removed_from_messages() {
        assert_eq!(
            strip_positions(
                "did not find expected key at line 6 column 4, while parsing a block mapping at line 3 column 3"
            ),
            "did not find expected key, while parsing a block mapping"
        );
        assert_eq!(strip_positions("look at line one"), "look at line one");
    }

    #[test]
    fn unknown_keys_are_collected_with_their_path() {
        let parsed = parse::<Doc>("title: x\nsumary: y\n").unwrap();
        assert_eq!(parsed.value.title, "x");
        assert_eq!(parsed.unknown_keys, vec![vec![Seg::key("sumary")]]);
    }

    #[test]
    fn blank_document_reports_missing_field() {
        let err = parse::<Doc>("# only a comment\n").unwrap_err();
        assert!(
            err.message.contains("missing field `title`"),
            "{}",
            err.message
        );
    }
}
