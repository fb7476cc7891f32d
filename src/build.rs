//! One build function for every command: load and validate the ladder, load the theme,
//! render. [`build_site`] keeps the result in memory (tests, embedding); [`prepare_site`]
//! stops before rendering (`serve` renders on request); [`build_into`] streams
//! every file into a fresh sibling of the output directory and swaps it in only when the
//! whole build succeeded. `check` stops after validation.

use crate::config::{SiteConfig, normalize_base_url};
use crate::content::validate::AreaCache;
use crate::content::{self, model::Ladder};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::pages::{MemorySink, OutputFile, OutputSink, RenderStats, SiteRenderer};
use crate::render::theme::{self, Theme};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Name of the file that marks a directory as written by rungs, and so safe to replace.
pub const OUTPUT_MARKER: &str = ".rungs-output";

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: the folder holding `content/` and `themes/`.
    pub root: PathBuf,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
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
}

/// Validates the content only.
///
/// # Errors
/// Every problem in the content, sorted.
pub fn check_site(opts: &BuildOptions) -> Result<content::Loaded, Diagnostics> {
    content::load_ladder(&opts.root, |site| opts.apply_to(site))
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
) -> Result<(content::Loaded, Theme), Diagnostics> {
    let started = Instant::now();
    let loaded = content::load_ladder_cached(&opts.root, |site| opts.apply_to(site), cache)?;
    timings.load = started.elapsed();
    let started = Instant::now();
    let theme = theme::load_theme(&opts.root, &loaded.ladder.site.theme).map_err(|mut d| {
        d.extend(loaded.warnings.clone());
        d.sorted()
    })?;
    timings.theme = started.elapsed();
    Ok((loaded, theme))
}

/// Builds the whole site in memory. Writes nothing.
///
/// # Errors
/// Every content problem, or template problems.
pub fn build_site(opts: &BuildOptions) -> Result<Site, Diagnostics> {
    let (loaded, theme) = load_all(opts, &mut Timings::default(), None)?;
    let renderer = SiteRenderer::new(loaded.ladder, theme);
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
    let (loaded, theme) = load_all(opts, &mut timings, Some(cache))?;
    let started = Instant::now();
    let renderer = SiteRenderer::new(loaded.ladder, theme);
    timings.prepare = started.elapsed();
    Ok((renderer, loaded.warnings, timings))
}

/// Writes each file into `dir` as it is rendered.
struct DirSink {
    dir: PathBuf,
}

impl OutputSink for DirSink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let path = self.dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| io_error("write", &path, e))
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::general(format!("cannot {what} {}: {e}", path.display()))
}

/// Builds the site into `output`: validates, renders every file straight into a fresh
/// sibling folder, then swaps it in. If anything fails, `output` is left exactly as it was.
///
/// # Errors
/// Content, template or I/O problems, or an output directory rungs must not replace.
pub fn build_into(opts: &BuildOptions, output: &Path) -> Result<BuildReport, Diagnostics> {
    let mut timings = Timings::default();
    let (loaded, theme) = load_all(opts, &mut timings, None)?;
    let warnings = loaded.warnings;
    let renderer = SiteRenderer::new(loaded.ladder, theme);
    check_output_dir(&opts.root, output)?;
    let out_abs = absolute(output);
    let parent = out_abs
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = out_abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    std::fs::create_dir_all(&parent).map_err(|e| io_error("create", &parent, e))?;
    let staging = parent.join(format!(".{name}.rungs-new-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| io_error("remove stale", &staging, e))?;
    }
    std::fs::create_dir_all(&staging).map_err(|e| io_error("create", &staging, e))?;
    let started = Instant::now();
    let rendered = renderer
        .render_all(&DirSink {
            dir: staging.clone(),
        })
        .and_then(|stats| {
            let marker = staging.join(OUTPUT_MARKER);
            std::fs::write(
                &marker,
                b"This directory is written by rungs and replaced on every build.\n",
            )
            .map_err(|e| Diagnostics::from(io_error("write", &marker, e)))?;
            Ok(stats)
        });
    timings.render = started.elapsed();
    let stats = match rendered {
        Ok(stats) => stats,
        Err(d) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(d);
        }
    };
    let started = Instant::now();
    swap_into_place(&staging, &out_abs, &parent, &name)?;
    timings.swap = started.elapsed();
    Ok(BuildReport {
        levels: renderer.ladder().levels.len(),
        areas: renderer.ladder().areas.len(),
        stats,
        warnings,
        timings,
    })
}

/// Moves the previous output aside, the new one in, then deletes the previous one. On
/// failure the previous output is put back.
fn swap_into_place(
    staging: &Path,
    out_abs: &Path,
    parent: &Path,
    name: &str,
) -> Result<(), Diagnostic> {
    if !out_abs.exists() {
        return std::fs::rename(staging, out_abs).map_err(|e| {
            let _ = std::fs::remove_dir_all(staging);
            io_error("move into place", out_abs, e)
        });
    }
    let old = parent.join(format!(".{name}.rungs-old-{}", std::process::id()));
    std::fs::rename(out_abs, &old).map_err(|e| {
        let _ = std::fs::remove_dir_all(staging);
        io_error("move aside", out_abs, e)
    })?;
    if let Err(e) = std::fs::rename(staging, out_abs) {
        let _ = std::fs::rename(&old, out_abs);
        let _ = std::fs::remove_dir_all(staging);
        return Err(io_error("move into place", out_abs, e));
    }
    std::fs::remove_dir_all(&old).map_err(|e| io_error("remove the previous output", &old, e))
}

/// Refuses output directories rungs must never replace: the site root or an ancestor, a
/// folder holding `content/` or `.git`, or a non-empty folder rungs did not create.
///
/// # Errors
/// Why the directory is refused.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: &str| {
        Diagnostic::general(format!("refusing to replace output directory {}: {why}", output.display()))
            .with_help("expected an output folder that rungs created (it holds a .rungs-output file), or a new or empty one")
    };
    let root_abs = std::fs::canonicalize(root).map_err(|e| {
        Diagnostic::general(format!("cannot open site root {}: {e}", root.display()))
    })?;
    let out_abs = absolute(output);
    if root_abs.starts_with(&out_abs) {
        return Err(refuse("it is the site root or contains it"));
    }
    if out_abs.starts_with(root_abs.join("content")) || out_abs.starts_with(root_abs.join("themes"))
    {
        return Err(refuse("it is inside content/ or themes/"));
    }
    if !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        return Err(refuse("it is not a directory"));
    }
    if output.join("content").exists() {
        return Err(refuse("it contains content/"));
    }
    if output.join(".git").exists() {
        return Err(refuse("it contains .git"));
    }
    let empty = std::fs::read_dir(output)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if !empty && !output.join(OUTPUT_MARKER).is_file() {
        return Err(refuse("it holds files but was not created by rungs"));
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The default output directory for a root.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
