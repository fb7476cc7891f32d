//! The results of validating each growth-area file, kept between two validations by `serve`.
//!
//! An area file whose text and whose context (the configuration, the set of files, the level
//! order of each track: [`context_fingerprint`]) are unchanged is neither parsed nor rendered again. Levels
//! and the home page, a handful of files, are always redone. This module only stores and hands
//! back results; `validate` decides what an area is.

use crate::config::SiteConfig;
use crate::content::model::Area;
use crate::diag::Diagnostics;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Per-area results of the previous validation, for `serve` (see the module docs).
#[derive(Debug, Default)]
pub struct AreaCache {
    fingerprint: u64,
    entries: HashMap<String, CachedArea>,
}

/// What validating one area file gave, and the text it was given.
#[derive(Debug, Clone)]
pub(crate) struct CachedArea {
    /// The file's text; empty when no cache is kept (only `serve` compares it).
    pub(crate) text: String,
    /// The area's `weight`, for ordering.
    pub(crate) weight: Option<i64>,
    /// The area, when it is valid.
    pub(crate) area: Option<Arc<Area>>,
    /// Its errors and warnings, reported again on every validation.
    pub(crate) diags: Diagnostics,
}

/// Everything an area's validation and rendering depends on besides its own text: the
/// configuration, the set of files, and per track (id, every level file's id, the valid
/// levels in rank order).
pub(crate) fn context_fingerprint<'a>(
    site: &SiteConfig,
    paths: &[String],
    tracks: impl Iterator<Item = (Option<&'a str>, &'a [String], &'a [&'a str])>,
) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    site.hash(&mut h);
    paths.hash(&mut h);
    for (track, known_level_ids, level_ids) in tracks {
        track.hash(&mut h);
        known_level_ids.hash(&mut h);
        level_ids.hash(&mut h);
    }
    h.finish()
}

impl AreaCache {
    /// Moves the previous results out (no copy) when they were made in the same context,
    /// keyed by path relative to `content/`; otherwise none.
    pub(crate) fn take(&mut self, fingerprint: u64) -> HashMap<String, CachedArea> {
        if self.fingerprint == fingerprint {
            std::mem::take(&mut self.entries)
        } else {
            HashMap::new()
        }
    }

    /// Keeps `entries`, made in the context `fingerprint`, for the next validation.
    pub(crate) fn store(&mut self, fingerprint: u64, entries: HashMap<String, CachedArea>) {
        self.fingerprint = fingerprint;
        self.entries = entries;
    }
}
