//! Serde structs exactly as authors write them, before any validation.
//!
//! Fields are loose on purpose (optional where the contract has a default); the rules live in
//! `validate`, which turns these into the model. Unknown keys are not rejected here: the YAML
//! layer collects them so validation can warn with the closest known key.

use serde::Deserialize;
use std::collections::BTreeMap;

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
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) short: Option<String>,
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
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) summary: Option<String>,
    #[serde(default)]
    pub(crate) weight: Option<i64>,
    #[serde(default)]
    pub(crate) expectations: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) body: Option<String>,
}

/// Keys an area understands.
pub(crate) const AREA_KEYS: &[&str] = &["title", "summary", "weight", "expectations", "body"];
