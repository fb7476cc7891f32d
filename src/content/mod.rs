//! Reading the ladder: source files → raw structs → validated [`model::Ladder`].
//!
//! `source` finds and splits files, `raw` is what authors write (a typed raw document per
//! kind of source), `validate` checks everything at once, `fields` renders each Markdown field
//! and reports its broken links where they are, `area_cache` keeps unchanged areas between two
//! validations for `serve`, and `model` is the result. `routes` owns every URL and id scheme
//! of the generated site (validation needs them to rewrite links between sources; rendering
//! to name pages): it is the leaf both sides call. Nothing here writes files.

pub mod align;
pub mod area_cache;
pub(crate) mod fields;
pub(crate) mod fragments;
pub mod markdown;
pub mod model;
pub(crate) mod raw;
pub(crate) mod routes;
pub(crate) mod source;
pub mod validate;

use crate::config::{self, SiteConfig};
use crate::diag::Diagnostics;
use std::path::Path;

/// A ladder that passed validation, and the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated ladder.
    pub ladder: model::Ladder,
    /// Problems that do not stop the build (unknown keys, ignored files).
    pub warnings: Diagnostics,
}

/// Reads `root/content/` and validates it, leaving draft levels out (as `build` does
/// without `--drafts`). `adjust` may change the configuration first (the CLI's
/// `--base-url`).
///
/// Errors in `site.yaml` do not stop the other files from being validated: they are checked
/// against what could be salvaged of it (the category ids it lists, when readable), so one run
/// reports the problems of every file.
///
/// # Errors
/// Every problem found in the configuration and all sources, sorted, warnings included.
pub fn load_ladder(
    root: &Path,
    adjust: impl FnOnce(&mut SiteConfig),
) -> Result<Loaded, Diagnostics> {
    load_ladder_cached(root, adjust, false, None)
}

/// [`load_ladder`] with draft levels when `drafts` is true (`--drafts`, `serve`), reusing
/// the results of unchanged area files from `cache` (and updating it): `serve` rebuilds
/// after a one-file edit without re-parsing thousands of files.
///
/// # Errors
/// As [`load_ladder`].
pub fn load_ladder_cached(
    root: &Path,
    adjust: impl FnOnce(&mut SiteConfig),
    drafts: bool,
    cache: Option<&mut area_cache::AreaCache>,
) -> Result<Loaded, Diagnostics> {
    let (config, ((sources, source_diags), (statics, static_diags))) = rayon::join(
        || config::load_site_config(root),
        || rayon::join(|| source::load_sources(root), || source::list_statics(root)),
    );
    let (mut site, mut diags) = match config {
        Ok(ok) => ok,
        // A broken site.yaml must not hide the problems of every other file: validate them
        // against what could be salvaged. The result is an error either way.
        Err(errors) => (config::salvage_site_config(root), errors),
    };
    adjust(&mut site);
    diags.extend(source_diags);
    diags.extend(static_diags);
    let (ladder, more) = validate::validate(site, sources, &statics, drafts, cache);
    diags.extend(more);
    // `#fragment` links, once every page's ids are known; not after other errors (a broken
    // site.yaml leaves pages without their category ids, and each link would be reported).
    if let Some(ladder) = &ladder
        && !diags.has_errors()
    {
        diags.extend(fragments::check(ladder));
    }
    match ladder {
        Some(ladder) if !diags.has_errors() => {
            diags.extend(crate::lint::lint(&ladder));
            Ok(Loaded {
                ladder,
                warnings: diags.sorted(),
            })
        }
        _ => Err(diags.sorted()),
    }
}
