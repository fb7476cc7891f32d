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

use crate::yaml::RequiredText;
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
    pub(crate) competencies: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(crate) transition: Option<String>,
    #[serde(default)]
    pub(crate) body: Option<String>,
}

/// Keys a level understands.
pub(crate) const LEVEL_KEYS: &[&str] = &[
    "title",
    "short",
    "rank",
    "summary",
    "competencies",
    "transition",
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
    pub(crate) expectations: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) body: Option<String>,
}

/// Keys an area understands.
pub(crate) const AREA_KEYS: &[&str] = &["title", "summary", "weight", "expectations", "body"];

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

/// What a source file is parsed into: one raw document type per kind of source.
pub(crate) trait RawDocument: DeserializeOwned + Send {
    /// The keys it understands, for "unknown key" warnings.
    const KEYS: &'static [&'static str];
    /// Its `body:` key, for `.yaml` files (a Markdown file's body is below its front matter).
    fn body(&self) -> Option<&str>;
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
