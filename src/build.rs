//! One build function for every command: load and validate the ladder, load the theme,
//! render pages in memory ([`build_site`]); then, for `build`, swap the result into the output
//! directory atomically ([`write_site`]). `check` stops after validation; `serve` keeps the
//! site in memory.

use crate::config::normalize_base_url;
use crate::content::{self, model::Ladder};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{pages, pages::OutputFile, theme};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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
    /// Every output file.
    pub files: Vec<OutputFile>,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

impl Site {
    /// Number of HTML pages.
    pub fn page_count(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count()
    }
}

/// Validates the content only.
///
/// # Errors
/// Every problem in the content, sorted.
pub fn check_site(opts: &BuildOptions) -> Result<content::Loaded, Diagnostics> {
    content::load_ladder(&opts.root, |site| {
        if let Some(url) = &opts.base_url {
            site.base_url = normalize_base_url(url);
        }
    })
}

/// Builds the whole site in memory. Writes nothing.
///
/// # Errors
/// Every content problem, or template problems.
pub fn build_site(opts: &BuildOptions) -> Result<Site, Diagnostics> {
    let loaded = check_site(opts)?;
    let mut theme = theme::load_theme(&opts.root, &loaded.ladder.site.theme).map_err(|mut d| {
        d.extend(loaded.warnings.clone());
        d.sorted()
    })?;
    let files = pages::render_site(&loaded.ladder, &mut theme)?;
    Ok(Site {
        ladder: loaded.ladder,
        files,
        warnings: loaded.warnings,
    })
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

/// Writes the site into a fresh sibling of `output`, then swaps it in. If anything fails
/// before the swap, `output` is left exactly as it was.
///
/// # Errors
/// A refused output directory or an I/O error, naming the path.
pub fn write_site(root: &Path, files: &[OutputFile], output: &Path) -> Result<(), Diagnostic> {
    check_output_dir(root, output)?;
    let out_abs = absolute(output);
    let parent = out_abs
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = out_abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let io = |what: &str, path: &Path, e: std::io::Error| {
        Diagnostic::general(format!("cannot {what} {}: {e}", path.display()))
    };
    std::fs::create_dir_all(&parent).map_err(|e| io("create", &parent, e))?;
    let staging = parent.join(format!(".{name}.rungs-new-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| io("remove stale", &staging, e))?;
    }
    let result = write_tree(&staging, files);
    if let Err(d) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(d);
    }
    if out_abs.exists() {
        let old = parent.join(format!(".{name}.rungs-old-{}", std::process::id()));
        std::fs::rename(&out_abs, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            io("move aside", &out_abs, e)
        })?;
        if let Err(e) = std::fs::rename(&staging, &out_abs) {
            let _ = std::fs::rename(&old, &out_abs);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(io("move into place", &out_abs, e));
        }
        std::fs::remove_dir_all(&old).map_err(|e| io("remove the previous output", &old, e))?;
    } else {
        std::fs::rename(&staging, &out_abs).map_err(|e| io("move into place", &out_abs, e))?;
    }
    Ok(())
}

fn write_tree(dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let io = |what: &str, path: &Path, e: std::io::Error| {
        Diagnostic::general(format!("cannot {what} {}: {e}", path.display()))
    };
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    dirs.insert(dir.to_path_buf());
    for f in files {
        if let Some((d, _)) = f.path.rsplit_once('/') {
            dirs.insert(dir.join(d));
        }
    }
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| io("create", d, e))?;
    }
    std::fs::write(
        dir.join(OUTPUT_MARKER),
        b"This directory is written by rungs and replaced on every build.\n",
    )
    .map_err(|e| io("write", &dir.join(OUTPUT_MARKER), e))?;
    files.par_iter().try_for_each(|f| {
        let path = dir.join(&f.path);
        std::fs::write(&path, &f.contents).map_err(|e| io("write", &path, e))
    })
}

/// The default output directory for a root.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
