//! One build function for every command: load and validate the ladder (with its versions
//! and its pages' "last updated" dates from git), load the theme, render. [`build_site`]
//! keeps the result in memory (tests, embedding); [`prepare_site`] stops before rendering
//! (`serve` renders on request); [`build_into`] streams every file into a fresh sibling of
//! the output directory and swaps it in only when the whole build succeeded (the output
//! directory's rules live in `output_dir`); [`check_site`] is `build` minus the write: it
//! renders every file into a sink that discards it.

use crate::config::{SiteConfig, normalize_base_url};
use crate::content::area_cache::AreaCache;
use crate::content::{self, model::Ladder};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output_dir::OutputDir;
use crate::render::output::{MemorySink, OutputFile, OutputSink};
use crate::render::pages::{RenderStats, SiteRenderer};
use crate::render::theme::{self, Theme};
use crate::updated::GitDates;
use crate::versions::History;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use crate::output_dir::OUTPUT_MARKER;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: the folder holding `content/` and `themes/`.
    pub root: PathBuf,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Include draft levels (`--drafts`; always on in `serve`, which marks them).
    pub drafts: bool,
    /// `serve`'s preview: the changes page also shows what changed since HEAD.
    pub preview: bool,
}

/// A built site, in memory.
#[derive(Debug, Clone)]
pub struct Site {
    /// The validated ladder it was built from.
    pub ladder: Ladder,
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

/// How long each stage of a build took (`rungs build --timings`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Reading, parsing and validating content, Markdown included.
    pub load: Duration,
    /// Loading and compiling the theme.
    pub theme: Duration,
    /// Rendering every page and writing it (to disk or memory).
    pub render: Duration,
    /// Swapping the new output into place and removing the old one.
    pub swap: Duration,
    /// Setting up the renderer without rendering (`serve` only).
    pub prepare: Duration,
}

/// What `build_into` reports.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Number of tracks of a multi-track ladder; 0 for a ladder without tracks.
    pub tracks: usize,
    /// Number of levels built.
    pub levels: usize,
    /// Number of growth areas built.
    pub areas: usize,
    /// Pages and files written.
    pub stats: RenderStats,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// Time per stage.
    pub timings: Timings,
    /// Why the site shows no versions although site.yaml sets `versions` (not a git
    /// repository, a shallow clone, no matching tag): one line for the report, never an error.
    pub versions_note: Option<String>,
}

/// Content, theme, history and the pages' dates from git, loaded.
struct LoadedAll {
    loaded: content::Loaded,
    theme: Theme,
    history: Option<Arc<History>>,
    note: Option<String>,
    dates: GitDates,
}

/// Everything `build` does but the writing: validates the content, loads the theme and
/// renders every file into a sink that discards it, so `check` fails exactly when `build`
/// would, with the same messages.
///
/// # Errors
/// Every content problem, or template problems, with the warnings; sorted.
pub fn check_site(opts: &BuildOptions) -> Result<content::Loaded, Diagnostics> {
    let LoadedAll {
        loaded,
        theme,
        history,
        dates,
        ..
    } = load_all(opts, &mut Timings::default(), None)?;
    let warnings = loaded.warnings;
    let renderer = SiteRenderer::new(loaded.ladder, theme, history, dates);
    if let Err(mut problems) = renderer.render_all(&DiscardSink) {
        problems.extend(warnings);
        return Err(problems.sorted());
    }
    Ok(content::Loaded {
        ladder: renderer.into_ladder(),
        warnings,
    })
}

impl BuildOptions {
    /// Applies the command line's overrides to the configuration from site.yaml.
    fn apply_to(&self, site: &mut SiteConfig) {
        if let Some(url) = &self.base_url {
            site.base_url = normalize_base_url(url);
        }
    }
}

fn load_all(
    opts: &BuildOptions,
    timings: &mut Timings,
    cache: Option<&mut AreaCache>,
) -> Result<LoadedAll, Diagnostics> {
    let started = Instant::now();
    let mut loaded = match content::load_ladder_cached(
        &opts.root,
        |site| opts.apply_to(site),
        opts.drafts,
        cache,
    ) {
        Ok(loaded) => loaded,
        Err(mut diags) => {
            // Report the theme's problems in the same run when site.yaml names a usable theme
            // (a broken site.yaml reports its own problems instead).
            if let Ok((site, _)) = crate::config::load_site_config(&opts.root)
                && let Err(theme_errors) = theme::load_theme(&opts.root, &site.theme)
            {
                diags.extend(theme_errors);
            }
            return Err(diags.sorted());
        }
    };
    // The ladder's versions, from git, when site.yaml asks for them.
    let (history, note) = match &loaded.ladder.site.versions {
        Some(config) => {
            let (history, warnings) = crate::versions::load_history(
                &opts.root,
                config,
                &loaded.ladder,
                opts.drafts,
                opts.preview,
            );
            if !warnings.is_empty() {
                let mut all = std::mem::take(&mut loaded.warnings);
                all.extend(warnings);
                loaded.warnings = all.sorted();
            }
            let note = history.note.clone();
            (Some(Arc::new(history)), note)
        }
        None => (None, None),
    };
    // "Last updated" dates and HEAD's date, from git.
    let (dates, warnings) = crate::updated::load(&opts.root, &loaded.ladder);
    if !warnings.is_empty() {
        let mut all = std::mem::take(&mut loaded.warnings);
        all.extend(warnings);
        loaded.warnings = all.sorted();
    }
    timings.load = started.elapsed();
    let started = Instant::now();
    let theme = theme::load_theme(&opts.root, &loaded.ladder.site.theme).map_err(|mut d| {
        d.extend(loaded.warnings.clone());
        d.sorted()
    })?;
    timings.theme = started.elapsed();
    Ok(LoadedAll {
        loaded,
        theme,
        history,
        note,
        dates,
    })
}

/// Builds the whole site in memory. Writes nothing.
///
/// # Errors
/// Every content problem, or template problems.
pub fn build_site(opts: &BuildOptions) -> Result<Site, Diagnostics> {
    let LoadedAll {
        loaded,
        theme,
        history,
        dates,
        ..
    } = load_all(opts, &mut Timings::default(), None)?;
    let renderer = SiteRenderer::new(loaded.ladder, theme, history, dates);
    let sink = MemorySink::default();
    renderer.render_all(&sink)?;
    Ok(Site {
        ladder: renderer.into_ladder(),
        files: sink.into_files(),
        warnings: loaded.warnings,
    })
}

/// Validates and compiles the theme, renders nothing: `serve` renders pages on request.
/// Unchanged area files reuse their results from `cache`.
///
/// # Errors
/// Every content problem, or template syntax problems.
pub fn prepare_site(
    opts: &BuildOptions,
    cache: &mut AreaCache,
) -> Result<(SiteRenderer, Diagnostics, Timings), Diagnostics> {
    let mut timings = Timings::default();
    let LoadedAll {
        loaded,
        theme,
        history,
        dates,
        ..
    } = load_all(opts, &mut timings, Some(cache))?;
    let started = Instant::now();
    let renderer = SiteRenderer::new(loaded.ladder, theme, history, dates);
    timings.prepare = started.elapsed();
    Ok((renderer, loaded.warnings, timings))
}

/// Writes each file into `dir` as it is rendered.
struct DirSink<'a> {
    dir: &'a Path,
}

impl OutputSink for DirSink<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let path = self.dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| io_error("write", &path, e))
    }
}

/// Takes every rendered file and keeps nothing: `check` renders the whole site so that every
/// template error `build` would meet is found, and writes nothing.
struct DiscardSink;

impl OutputSink for DiscardSink {
    fn put(&self, _file: OutputFile) -> Result<(), Diagnostic> {
        Ok(())
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::general(format!("cannot {what} {}: {e}", path.display()))
}

/// Why [`build_into`] failed, and where that left the previous output.
#[derive(Debug)]
pub struct BuildFailure {
    /// Every problem found, sorted, with the run's warnings.
    pub diagnostics: Diagnostics,
    /// `None` when the output directory was left as it was. `Some(dir)` when the new site
    /// could not be moved in and the previous output could not be put back either: it is in
    /// `dir`, and the next `rungs build` restores it.
    pub previous_output_at: Option<PathBuf>,
    /// Whether the build failed only because [`Gate::deny_warnings`] denied its warnings.
    pub denied: bool,
}

impl From<Diagnostics> for BuildFailure {
    fn from(diagnostics: Diagnostics) -> Self {
        BuildFailure {
            diagnostics,
            previous_output_at: None,
            denied: false,
        }
    }
}

/// What must hold, beyond a valid ladder, before [`build_into`] replaces its output. Both
/// are decided once the ladder is loaded, before anything is rendered or written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gate {
    /// Check the ladder's external links first (`--check-external`): a broken one is an
    /// error, a link not checked in time a warning.
    pub check_external: bool,
    /// Any warning fails the build (`--deny-warnings`).
    pub deny_warnings: bool,
}

/// Builds the site into `output`: resolves and checks the output directory, recovers what
/// an interrupted build left beside it, validates, applies `gate` (external links, denied
/// warnings), renders every file straight into a fresh marked sibling folder, then swaps it
/// in. If anything fails, `output` is left as it was. The ladder is loaded and rendered
/// once, whatever the gate.
///
/// # Errors
/// Content, template or I/O problems, an output directory rungs must not replace, broken
/// external links, or warnings the gate denies; all of them at once.
pub fn build_into(
    opts: &BuildOptions,
    output: &Path,
    gate: Gate,
) -> Result<BuildReport, BuildFailure> {
    let mut timings = Timings::default();
    let target = OutputDir::resolve(&opts.root, output);
    let mut warnings = match &target {
        Ok(target) => target.recover(),
        Err(_) => Diagnostics::new(),
    };
    let (target, all) = match (target, load_all(opts, &mut timings, None)) {
        (Ok(target), Ok(all)) => (target, all),
        (target, loaded) => {
            let mut diags = warnings;
            if let Err(refused) = target {
                diags.push(refused);
            }
            if let Err(problems) = loaded {
                diags.extend(problems);
            }
            return Err(diags.sorted().into());
        }
    };
    let LoadedAll {
        loaded,
        theme,
        history,
        note,
        dates,
    } = all;
    warnings.extend(loaded.warnings);
    if gate.check_external {
        warnings.extend(crate::external::check_external(&loaded.ladder, &opts.root));
    }
    let warnings = warnings.sorted();
    if warnings.has_errors() {
        // Broken external links: nothing is rendered, the output is left as it was.
        return Err(warnings.into());
    }
    if gate.deny_warnings && !warnings.is_empty() {
        return Err(BuildFailure {
            denied: true,
            ..warnings.into()
        });
    }
    let fail = |problems: Diagnostics| {
        let mut diags = warnings.clone();
        diags.extend(problems);
        BuildFailure::from(diags.sorted())
    };
    let renderer = SiteRenderer::new(loaded.ladder, theme, history, dates);
    let started = Instant::now();
    let staging = target.stage().map_err(|d| fail(d.into()))?;
    let stats = renderer
        .render_all(&DirSink { dir: staging.dir() })
        .map_err(fail)?;
    timings.render = started.elapsed();
    let (tracks, levels, areas) = (
        tracks_count(renderer.ladder()),
        renderer.ladder().levels().count(),
        renderer.ladder().areas().count(),
    );
    // The renderer's template values (a big ladder's growth areas at every level) take a
    // while to free: on another thread, while the output is swapped in.
    let freeing = std::thread::spawn(move || drop(renderer));
    let started = Instant::now();
    let mut warnings = warnings.clone();
    let published = target.publish(staging);
    let _ = freeing.join();
    match published {
        Ok(leftover) => warnings.extend(leftover.into_iter().collect()),
        Err(e) => {
            let mut failure = fail((*e.diagnostic).into());
            failure.previous_output_at = e.previous_at;
            return Err(failure);
        }
    }
    timings.swap = started.elapsed();
    Ok(BuildReport {
        tracks,
        levels,
        areas,
        stats,
        warnings,
        timings,
        versions_note: note,
    })
}

/// The number of tracks of a multi-track ladder, 0 for a ladder without tracks: what
/// reports name.
pub fn tracks_count(ladder: &crate::content::model::Ladder) -> usize {
    if ladder.is_multi_track() {
        ladder.tracks.len()
    } else {
        0
    }
}

/// "3 tracks, " before the counts of levels in a report, for a multi-track ladder.
pub fn tracks_phrase(tracks: usize) -> String {
    match tracks {
        0 => String::new(),
        1 => "1 track, ".to_string(),
        n => format!("{n} tracks, "),
    }
}

/// The default output directory for a root.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
