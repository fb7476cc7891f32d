//! Serde structs exactly as authors write them, before any validation.
//!
//! Fields are loose on purpose (optional where the contract has a default); the rules live in
//! `validate`, which turns these into the model. Unknown keys are not rejected here: the YAML
//! layer collects them so validation can warn with the closest known key.
//!
//! Two rules live here because only the YAML value can tell them: a required `title` that is
//! null (`~`, `null`, nothing) is kept apart from text ([`RequiredText`]), and `rank` and
//! `weight` are whole numbers within a range, so `rank: 9223372036854775808` is "out of
//! range" rather than a type error.

use crate::yaml::{RequiredText, Seg};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde::de::{self, Deserializer, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// Highest `rank` a level may have (ranks start at 0).
pub(crate) const MAX_RANK: i64 = 1_000_000;

/// Largest `weight` an area may have, either way (`-MAX_WEIGHT..=MAX_WEIGHT`).
pub(crate) const MAX_WEIGHT: i64 = 1_000_000;

/// `content/_index.md` front matter (or `_index.yaml`).
#[derive(Debug, Deserialize)]
pub(crate) struct RawIndex {
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) levels_title: Option<String>,
    #[serde(default)]
    pub(crate) levels_intro: Option<String>,
    #[serde(default)]
    pub(crate) areas_title: Option<String>,
    #[serde(default)]
    pub(crate) areas_intro: Option<String>,
    #[serde(default)]
    pub(crate) conclusion: Option<String>,
    #[serde(default)]
    pub(crate) body: Option<String>,
}

/// Keys the home page understands.
pub(crate) const INDEX_KEYS: &[&str] = &[
    "title",
    "levels_title",
    "levels_intro",
    "areas_title",
    "areas_intro",
    "conclusion",
    "body",
];

/// A level file's front matter.
#[derive(Debug, Deserialize)]
pub(crate) struct RawLevel {
    #[serde(default)]
    pub(crate) title: RequiredText,
    #[serde(default)]
    pub(crate) short: Option<String>,
    #[serde(deserialize_with = "rank")]
    pub(crate) rank: i64,
    #[serde(default)]
    pub(crate) summary: Option<String>,
    #[serde(default)]
    pub(crate) competencies: BTreeMap<String, Vec<RawItem>>,
    #[serde(default)]
    pub(crate) transition: Option<String>,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default)]
    pub(crate) lint: RawLint,
    #[serde(default)]
    pub(crate) body: Option<String>,
}

/// `lint: {allow: [L001, …]}`: lint codes a file (or site.yaml, for the whole site) silences.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLint {
    #[serde(default)]
    pub(crate) allow: Vec<String>,
}

/// Keys a level understands.
pub(crate) const LEVEL_KEYS: &[&str] = &[
    "title",
    "short",
    "rank",
    "summary",
    "competencies",
    "transition",
    "aliases",
    "draft",
    "lint",
    "body",
];

/// A growth-area file's front matter.
#[derive(Debug, Deserialize)]
pub(crate) struct RawArea {
    #[serde(default)]
    pub(crate) title: RequiredText,
    #[serde(default)]
    pub(crate) summary: Option<String>,
    #[serde(default, deserialize_with = "weight")]
    pub(crate) weight: Option<i64>,
    #[serde(default)]
    pub(crate) expectations: BTreeMap<String, RawExpectation>,
    #[serde(default)]
    pub(crate) lint: RawLint,
    #[serde(default)]
    pub(crate) body: Option<String>,
}

/// Keys an area understands.
pub(crate) const AREA_KEYS: &[&str] =
    &["title", "summary", "weight", "expectations", "lint", "body"];

/// A track's `_index.md` front matter (or `_index.yaml`).
#[derive(Debug, Deserialize)]
pub(crate) struct RawTrack {
    #[serde(default)]
    pub(crate) title: RequiredText,
    #[serde(default)]
    pub(crate) short: Option<String>,
    #[serde(default)]
    pub(crate) summary: Option<String>,
    #[serde(default, deserialize_with = "weight")]
    pub(crate) weight: Option<i64>,
    /// The categories that apply; `None` (not written) means all of them.
    #[serde(default)]
    pub(crate) categories: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) category_descriptions: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) body: Option<String>,
}

/// A free page's front matter (`content/pages/<id>.md`).
#[derive(Debug, Deserialize)]
pub(crate) struct RawPage {
    #[serde(default)]
    pub(crate) title: RequiredText,
    #[serde(default, deserialize_with = "weight")]
    pub(crate) weight: Option<i64>,
    #[serde(default)]
    pub(crate) nav: bool,
    #[serde(default)]
    pub(crate) body: Option<String>,
}

/// Keys a track understands.
pub(crate) const TRACK_KEYS: &[&str] = &[
    "title",
    "short",
    "summary",
    "weight",
    "categories",
    "category_descriptions",
    "body",
];

/// Keys a free page understands.
pub(crate) const PAGE_KEYS: &[&str] = &["title", "weight", "nav", "body"];

/// Keys of an item written as a mapping.
pub(crate) const ITEM_KEYS: &[&str] = &["text", "examples", "thread"];

/// One expectation as written: a Markdown string, or a mapping `{text, examples, thread}`.
///
/// Deserialized by hand rather than with `#[serde(untagged)]`, which would buffer the value
/// and lose both the precise error ("missing field `text`" instead of "did not match any
/// variant") and the unknown keys inside the mapping, which must warn like any other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawItem {
    /// `- Writes tests`
    Text(String),
    /// `- text: Writes tests` with optional `examples:` and `thread:`.
    Full {
        /// The expectation, Markdown.
        text: String,
        /// Examples, Markdown each.
        examples: Vec<String>,
        /// The skill this item continues at other levels: a slug.
        thread: Option<String>,
    },
}

impl RawItem {
    /// The expectation's Markdown.
    pub(crate) fn text(&self) -> &str {
        match self {
            RawItem::Text(text) | RawItem::Full { text, .. } => text,
        }
    }

    /// Its examples (none for a plain string).
    pub(crate) fn examples(&self) -> &[String] {
        match self {
            RawItem::Text(_) => &[],
            RawItem::Full { examples, .. } => examples,
        }
    }

    /// Its thread id, if any.
    pub(crate) fn thread(&self) -> Option<&str> {
        match self {
            RawItem::Text(_) => None,
            RawItem::Full { thread, .. } => thread.as_deref(),
        }
    }

    /// Whether it was written as a mapping (its text is then under the `text` key).
    pub(crate) fn is_full(&self) -> bool {
        matches!(self, RawItem::Full { .. })
    }
}

/// What an item may be, for type errors.
const ITEM_EXPECTED: &str =
    "text, or a mapping with `text:` (and optionally `examples:` and `thread:`)";

/// Accepts YAML scalars that are not strings (`- 42`, `- true`) as their text, as a plain
/// `String` field does.
macro_rules! scalar_as_text {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.visit_str(&v.to_string())
        })*
    };
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = RawItem;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(ITEM_EXPECTED)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawItem, E> {
        Ok(RawItem::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<RawItem, E> {
        Ok(RawItem::Text(v))
    }
    scalar_as_text!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64);
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawItem, A::Error> {
        let mut text: Option<String> = None;
        let mut examples: Option<Vec<String>> = None;
        let mut thread: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "text" if text.is_some() => return Err(de::Error::duplicate_field("text")),
                "text" => text = Some(map.next_value()?),
                "examples" if examples.is_some() => {
                    return Err(de::Error::duplicate_field("examples"));
                }
                "examples" => examples = Some(map.next_value()?),
                "thread" if thread.is_some() => return Err(de::Error::duplicate_field("thread")),
                "thread" => thread = Some(map.next_value()?),
                // Ignored here; the YAML layer reports it with the closest known key.
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let text = text.ok_or_else(|| {
            de::Error::custom(
                "missing field `text`, expected `text:` with the item's expectation (Markdown)",
            )
        })?;
        Ok(RawItem::Full {
            text,
            examples: examples.unwrap_or_default(),
            thread,
        })
    }
}

impl<'de> Deserialize<'de> for RawItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

/// A growth area's expectation at one level as written: one Markdown string, or a list of
/// items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawExpectation {
    /// `senior: Designs APIs`
    Text(String),
    /// `senior: [- Designs APIs, - text: Reviews APIs …]`
    List(Vec<RawItem>),
}

struct ExpectationVisitor;

impl<'de> Visitor<'de> for ExpectationVisitor {
    type Value = RawExpectation;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text, or a list of items")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawExpectation, E> {
        Ok(RawExpectation::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<RawExpectation, E> {
        Ok(RawExpectation::Text(v))
    }
    scalar_as_text!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64);
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawExpectation, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<RawItem>()? {
            items.push(item);
        }
        Ok(RawExpectation::List(items))
    }
}

impl<'de> Deserialize<'de> for RawExpectation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ExpectationVisitor)
    }
}

/// What a source file is parsed into: one raw document type per kind of source.
pub(crate) trait RawDocument: DeserializeOwned + Send {
    /// The keys it understands, for "unknown key" warnings.
    const KEYS: &'static [&'static str];
    /// Its `body:` key, for `.yaml` files (a Markdown file's body is below its front matter).
    fn body(&self) -> Option<&str>;
    /// The keys understood where the unknown key at `path` is: [`Self::KEYS`] at the top,
    /// [`ITEM_KEYS`] inside an item (the only mappings nested in a level or an area).
    fn known_keys(path: &[Seg]) -> &'static [&'static str] {
        if path.len() > 1 {
            ITEM_KEYS
        } else {
            Self::KEYS
        }
    }
}

impl RawDocument for RawIndex {
    const KEYS: &'static [&'static str] = INDEX_KEYS;
    fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

impl RawDocument for RawLevel {
    const KEYS: &'static [&'static str] = LEVEL_KEYS;
    fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

impl RawDocument for RawTrack {
    const KEYS: &'static [&'static str] = TRACK_KEYS;
    fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

impl RawDocument for RawPage {
    const KEYS: &'static [&'static str] = PAGE_KEYS;
    fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

impl RawDocument for RawArea {
    const KEYS: &'static [&'static str] = AREA_KEYS;
    fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

/// A whole number within `min..=max`; any other number is "out of range" with the range in
/// the message, rather than serde's "invalid type: integer" for numbers past `i64`.
struct WholeNumber {
    min: i64,
    max: i64,
}

impl WholeNumber {
    fn check<E: de::Error>(&self, v: i128) -> Result<i64, E> {
        match i64::try_from(v) {
            Ok(n) if (self.min..=self.max).contains(&n) => Ok(n),
            _ => Err(E::custom(format!(
                "{v} is out of range, expected a whole number from {} to {}",
                self.min, self.max
            ))),
        }
    }
}

impl<'de> Visitor<'de> for WholeNumber {
    type Value = i64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        self.check(i128::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        self.check(i128::from(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<i64, E> {
        self.check(v)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<i64, E> {
        self.check(i128::try_from(v).unwrap_or(i128::MAX))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        // YAML reads an integer too long for 128 bits as a float.
        if v.is_finite() && v.fract() == 0.0 && v.abs() > i64::MAX as f64 {
            return Err(E::custom(format!(
                "out of range, expected a whole number from {} to {}",
                self.min, self.max
            )));
        }
        Err(E::invalid_type(de::Unexpected::Float(v), &self))
    }
}

/// A level's `rank`: `0..=MAX_RANK`.
fn rank<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(WholeNumber {
        min: 0,
        max: MAX_RANK,
    })
}

/// An area's optional `weight`: `-MAX_WEIGHT..=MAX_WEIGHT`.
fn weight<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct Weight(i64);
    impl<'de> Deserialize<'de> for Weight {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(WholeNumber {
                min: -MAX_WEIGHT,
                max: MAX_WEIGHT,
            })
            .map(Weight)
        }
    }
    Ok(Option::<Weight>::deserialize(d)?.map(|w| w.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn items(text: &str) -> Result<yaml::Parsed<Vec<RawItem>>, yaml::YamlError> {
        yaml::parse::<Vec<RawItem>>(text)
    }

    #[test]
    fn an_item_is_a_string_or_a_mapping_with_text() {
        let parsed = items(
            "- Reads code\n- text: Writes tests\n  examples: [Fixes a bug]\n  thread: tests\n- 42\n",
        )
        .unwrap();
        assert_eq!(
            parsed.value,
            [
                RawItem::Text("Reads code".into()),
                RawItem::Full {
                    text: "Writes tests".into(),
                    examples: vec!["Fixes a bug".into()],
                    thread: Some("tests".into()),
                },
                RawItem::Text("42".into()),
            ]
        );
        assert!(parsed.unknown_keys.is_empty());
    }

    #[test]
    fn unknown_keys_of_an_item_are_collected_with_their_path() {
        let parsed = items("- text: A\n  exmaples: [x]\n").unwrap();
        let path = &parsed.unknown_keys[0];
        assert_eq!(path, &[Seg::Index(0), Seg::key("exmaples")]);
        assert_eq!(
            RawLevel::known_keys(&[
                Seg::key("competencies"),
                Seg::key("c"),
                Seg::Index(0),
                Seg::key("x")
            ]),
            ITEM_KEYS
        );
        assert_eq!(RawLevel::known_keys(&[Seg::key("sumary")]), LEVEL_KEYS);
    }

    #[test]
    fn a_mapping_without_text_or_with_it_twice_is_a_precise_error() {
        let e = items("- thread: x\n").unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.line, e.column),
            (
                ".[0]: missing field `text`, expected `text:` with the item's expectation (Markdown)",
                1,
                3
            )
        );
        let e = items("- text: a\n  text: b\n").unwrap_err();
        assert!(
            e.message.contains("duplicate field `text`"),
            "{}",
            e.message
        );
        let e = items("- [a, b]\n").unwrap_err();
        assert!(
            e.message.ends_with(
                "expected text, or a mapping with `text:` (and optionally `examples:` and `thread:`)"
            ),
            "{}",
            e.message
        );
    }

    #[test]
    fn an_expectation_is_a_string_or_a_list_of_items() {
        let parsed = yaml::parse::<BTreeMap<String, RawExpectation>>(
            "a: One text\nb:\n  - First\n  - text: Second\n",
        )
        .unwrap();
        assert_eq!(parsed.value["a"], RawExpectation::Text("One text".into()));
        assert_eq!(
            parsed.value["b"],
            RawExpectation::List(vec![
                RawItem::Text("First".into()),
                RawItem::Full {
                    text: "Second".into(),
                    examples: Vec::new(),
                    thread: None
                }
            ])
        );
    }
}
