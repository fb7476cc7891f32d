//! The output directory: the one folder `rungs build` replaces, and so the only place where
//! rungs deletes anything.
//!
//! Owns every rule about it: resolving the path the user gave against the file system
//! (symlinks, then `..`) before any decision; refusing folders rungs must not replace; the
//! marker file that says a folder was written by rungs and for which output; the staging
//! folder and the swap; and recovering what an interrupted build left beside the output.
//!
//! It never deletes or moves a folder that does not carry the marker: a name that looks like
//! ours is not enough. It does not render anything: `build` hands it a finished staging folder.
//!
//! For tests only, a debug build stops as if killed at a stage of the swap when the
//! environment variable `RUNGS_TEST_CRASH_AT` names it (`staged`, `moved-aside`, `swapped`);
//! release builds ignore it.

use crate::diag::{Diagnostic, Diagnostics, Severity};
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

/// Name of the file that marks a directory as written by rungs, and so safe to replace.
pub const OUTPUT_MARKER: &str = ".rungs-output";

/// First line of every marker file.
const MARKER_HEADER: &str = "This directory is written by rungs and replaced on every build.";

/// Before the marker's second line: the name of the output folder it belongs to.
const MARKER_OUTPUT: &str = "output: ";

/// Test-only: the stage at which a debug build stops as if killed (see [`crash_point`]).
const CRASH_AT_VAR: &str = "RUNGS_TEST_CRASH_AT";

/// Exit status of a debug build stopped by [`CRASH_AT_VAR`].
const CRASH_EXIT_STATUS: i32 = 86;

/// The marker's text for an output folder called `name`.
fn marker_text(name: &str) -> String {
    format!("{MARKER_HEADER}\n{MARKER_OUTPUT}{name}\n")
}

/// The two kinds of folders a build creates beside the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sibling {
    /// `.<name>.rungs-new-<pid>`: the site being written.
    Staging,
    /// `.<name>.rungs-old-<pid>`: the previous output, moved aside during the swap.
    Old,
}

impl Sibling {
    fn tag(self) -> &'static str {
        match self {
            Sibling::Staging => "new",
            Sibling::Old => "old",
        }
    }
}

/// An output directory that passed every check, resolved to the folder that will really be
/// replaced.
#[derive(Debug, Clone)]
pub(crate) struct OutputDir {
    /// Absolute, with symlinks and `..` resolved.
    path: PathBuf,
    /// The folder holding it, where staging and old folders are created.
    parent: PathBuf,
    /// Its file name.
    name: String,
}

/// What became of the previous output when publishing failed.
#[derive(Debug)]
pub(crate) struct SwapError {
    /// What went wrong (boxed: the error stays small on the success path).
    pub(crate) diagnostic: Box<Diagnostic>,
    /// Where the previous output is when it could not be put back; the next build restores it.
    pub(crate) previous_at: Option<PathBuf>,
}

impl OutputDir {
    /// Resolves `given` (relative to the current directory) and checks that rungs may replace
    /// the folder it names.
    ///
    /// Refused: the file system root, the site root or a folder containing it, anything
    /// inside `content/` or `themes/`, something that is not a directory, a folder holding
    /// `content/` or `.git`, and a non-empty folder without the marker.
    ///
    /// # Errors
    /// Why the directory is refused, naming the path given and the one it resolves to.
    pub(crate) fn resolve(root: &Path, given: &Path) -> Result<OutputDir, Diagnostic> {
        let path = resolve_path(given).map_err(|e| {
            Diagnostic::general(format!(
                "cannot resolve output directory {}: {e}",
                given.display()
            ))
        })?;
        let shown = if path == given {
            given.display().to_string()
        } else {
            format!("{} (resolves to {})", given.display(), path.display())
        };
        let refuse = |why: &str| {
            Diagnostic::general(format!("refusing to replace output directory {shown}: {why}"))
                .with_help("expected an output folder that rungs created (it holds a .rungs-output file), or a new or empty one")
        };
        let root_abs = std::fs::canonicalize(root).map_err(|e| {
            Diagnostic::general(format!("cannot open site root {}: {e}", root.display()))
        })?;
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(refuse("it is the root of the file system"));
        };
        if root_abs.starts_with(&path) {
            return Err(refuse("it is the site root or contains it"));
        }
        // content/ and themes/ may themselves be links (inside the site): judge the folders
        // they really are, as well as the paths they are reached by.
        let inside_sources = ["content", "themes"].iter().any(|dir| {
            let named = root_abs.join(dir);
            let real = std::fs::canonicalize(&named).unwrap_or_else(|_| named.clone());
            path.starts_with(&named) || path.starts_with(&real)
        });
        if inside_sources {
            return Err(refuse("it is inside content/ or themes/"));
        }
        let out = OutputDir {
            parent: parent.to_path_buf(),
            name: name.to_string_lossy().into_owned(),
            path,
        };
        let meta = match std::fs::symlink_metadata(&out.path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(refuse(&format!("cannot inspect it: {e}"))),
        };
        if !meta.is_dir() {
            return Err(refuse("it is not a directory"));
        }
        if exists(&out.path.join("content")) {
            return Err(refuse("it contains content/"));
        }
        if exists(&out.path.join(".git")) {
            return Err(refuse("it contains .git"));
        }
        if !is_empty_dir(&out.path) && !has_marker(&out.path, None) {
            return Err(refuse("it holds files but was not created by rungs"));
        }
        Ok(out)
    }

    /// The resolved path of the output directory.
    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    fn sibling(&self, kind: Sibling, pid: u32) -> PathBuf {
        self.parent
            .join(format!(".{}.rungs-{}-{pid}", self.name, kind.tag()))
    }

    /// Cleans up after builds that were interrupted (killed, crashed, power cut): if the output
    /// is missing and a previous output was left moved aside, puts it back; removes every other
    /// staging or old folder of this output whose process is gone. Only folders that carry a
    /// marker for this output are touched.
    ///
    /// Returns warnings saying what was done, or what could not be.
    pub(crate) fn recover(&self) -> Diagnostics {
        let mut notes = Diagnostics::new();
        let mut leftovers = self.leftovers();
        if !exists(&self.path) {
            // The newest previous output is the one the interrupted build moved aside.
            let newest = leftovers
                .iter()
                .enumerate()
                .filter(|(_, (kind, _))| *kind == Sibling::Old)
                .max_by_key(|(_, (_, dir))| {
                    std::fs::symlink_metadata(dir)
                        .and_then(|m| m.modified())
                        .ok()
                })
                .map(|(i, _)| i);
            if let Some(i) = newest {
                let (_, old) = leftovers.remove(i);
                match std::fs::rename(&old, &self.path) {
                    Ok(()) => notes.push(note(format!(
                        "restored the previous output {} from {}, left by an interrupted build",
                        self.path.display(),
                        old.display()
                    ))),
                    Err(e) => notes.push(note(format!(
                        "cannot restore the previous output from {}: {e}",
                        old.display()
                    ))),
                }
            }
        }
        for (_, dir) in leftovers {
            match std::fs::remove_dir_all(&dir) {
                Ok(()) => notes.push(note(format!(
                    "removed {}, left by an interrupted build",
                    dir.display()
                ))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => notes.push(note(format!(
                    "cannot remove {}, left by an interrupted build: {e}",
                    dir.display()
                ))),
            }
        }
        notes
    }

    /// Staging and old folders of this output left by processes that no longer run.
    fn leftovers(&self) -> Vec<(Sibling, PathBuf)> {
        let Ok(entries) = std::fs::read_dir(&self.parent) else {
            return Vec::new();
        };
        let prefix = format!(".{}.rungs-", self.name);
        let mut found = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            let file_name = entry.file_name();
            let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
                continue;
            };
            let (kind, pid) = match rest.split_once('-') {
                Some(("new", pid)) => (Sibling::Staging, pid),
                Some(("old", pid)) => (Sibling::Old, pid),
                _ => continue,
            };
            let Ok(pid) = pid.parse::<u32>() else {
                continue;
            };
            let dir = entry.path();
            let is_dir = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
            if is_dir && has_marker(&dir, Some(&self.name)) && !process_alive(pid) {
                found.push((kind, dir));
            }
        }
        found.sort_by(|a, b| a.1.cmp(&b.1));
        found
    }

    /// Creates this process's staging folder beside the output, marked as belonging to it.
    ///
    /// # Errors
    /// The folder cannot be created or marked.
    pub(crate) fn stage(&self) -> Result<Staging, Diagnostic> {
        std::fs::create_dir_all(&self.parent).map_err(|e| io_error("create", &self.parent, e))?;
        let dir = self.sibling(Sibling::Staging, std::process::id());
        // Only a marked folder of ours can be here (our pid, from a dead process).
        if exists(&dir) {
            if !has_marker(&dir, Some(&self.name)) {
                return Err(Diagnostic::general(format!(
                    "cannot stage the site in {}: the folder exists and was not created by rungs",
                    dir.display()
                ))
                .with_help("expected to create that folder: move it away"));
            }
            std::fs::remove_dir_all(&dir).map_err(|e| io_error("remove stale", &dir, e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| io_error("create", &dir, e))?;
        let staging = Staging { dir, done: false };
        let marker = staging.dir.join(OUTPUT_MARKER);
        std::fs::write(&marker, marker_text(&self.name))
            .map_err(|e| io_error("write", &marker, e))?;
        Ok(staging)
    }

    /// Replaces the output with the finished `staging` folder: moves the previous output
    /// aside, the new one in, then deletes the previous one. If the new one cannot be moved
    /// in, the previous one is put back.
    ///
    /// Returns a warning when the new site is in place but the previous one could not be
    /// deleted.
    ///
    /// # Errors
    /// The new site could not be put in place; says where the previous output is if it is
    /// not in place either.
    pub(crate) fn publish(&self, mut staging: Staging) -> Result<Option<Diagnostic>, SwapError> {
        crash_point("staged");
        let untouched = |diagnostic| SwapError {
            diagnostic: Box::new(diagnostic),
            previous_at: None,
        };
        let is_empty_unmarked =
            exists(&self.path) && is_empty_dir(&self.path) && !has_marker(&self.path, None);
        if !exists(&self.path) || is_empty_unmarked {
            // Renaming onto an empty folder replaces it in one step on Unix; elsewhere remove
            // the empty folder first (nothing is lost if the second step fails).
            if let Err(first) = std::fs::rename(&staging.dir, &self.path) {
                let retried = is_empty_unmarked
                    && std::fs::remove_dir(&self.path).is_ok()
                    && std::fs::rename(&staging.dir, &self.path).is_ok();
                if !retried {
                    return Err(untouched(io_error("move into place", &self.path, first)));
                }
            }
            staging.done = true;
            return Ok(None);
        }
        if !has_marker(&self.path, None) {
            // Filled by someone else since it was checked: not ours to replace.
            return Err(untouched(Diagnostic::general(format!(
                "refusing to replace output directory {}: it holds files but was not created by rungs",
                self.path.display()
            ))));
        }
        let old = self.sibling(Sibling::Old, std::process::id());
        std::fs::rename(&self.path, &old)
            .map_err(|e| untouched(io_error("move aside", &self.path, e)))?;
        crash_point("moved-aside");
        if let Err(e) = std::fs::rename(&staging.dir, &self.path) {
            let diagnostic = io_error("move into place", &self.path, e);
            return Err(match std::fs::rename(&old, &self.path) {
                Ok(()) => untouched(diagnostic),
                Err(_) => SwapError {
                    diagnostic: Box::new(diagnostic),
                    previous_at: Some(old),
                },
            });
        }
        staging.done = true;
        crash_point("swapped");
        Ok(std::fs::remove_dir_all(&old).err().map(|e| {
            note(format!(
                "the new site is in place in {}, but the previous output could not be removed: {}: {e}",
                self.path.display(),
                old.display()
            ))
            .with_help("remove that folder, or let the next `rungs build` remove it")
        }))
    }
}

/// A staging folder being written; removed when dropped unless it was published.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
    done: bool,
}

impl Staging {
    /// The folder to write the site into.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// An absolute path for `given` naming the folder that will really be touched: each existing
/// component is resolved on the file system (so a symlink is followed and `..` then leaves
/// its target, as the kernel would), and the rest, which does not exist yet, lexically (so
/// `missing/..` is where `missing` would have been created).
fn resolve_path(given: &Path) -> std::io::Result<PathBuf> {
    let absolute = if given.is_absolute() {
        given.to_path_buf()
    } else {
        std::env::current_dir()?.join(given)
    };
    let mut out = PathBuf::new();
    // How many leading components of `out` exist on disk (and are resolved).
    let mut resolved = 0;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => {
                out.push(component);
                resolved = out.components().count();
            }
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
                resolved = resolved.min(out.components().count());
            }
            Component::Normal(name) => {
                let next = out.join(name);
                if resolved == out.components().count() && exists(&next) {
                    out = std::fs::canonicalize(&next)?;
                    resolved = out.components().count();
                } else {
                    out = next;
                }
            }
        }
    }
    Ok(out)
}

/// Whether something (even a broken symlink) is at `path`.
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_none())
}

/// Whether `dir` holds a rungs marker file (a regular file, not a link), for the output
/// called `name` when given. Markers from before the output name was recorded name none and
/// match any output.
fn has_marker(dir: &Path, name: Option<&str>) -> bool {
    let path = dir.join(OUTPUT_MARKER);
    if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut text = String::new();
    let Ok(file) = std::fs::File::open(&path) else {
        return false;
    };
    if file.take(4096).read_to_string(&mut text).is_err() {
        return false;
    }
    let mut lines = text.lines();
    if lines.next() != Some(MARKER_HEADER) {
        return false;
    }
    match (name, lines.find_map(|l| l.strip_prefix(MARKER_OUTPUT))) {
        (Some(wanted), Some(recorded)) => wanted == recorded,
        _ => true,
    }
}

/// Whether process `pid` still runs (another build may be using its folders). Our own pid
/// is never running a build of its own yet: folders with it are from a dead process.
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 sends nothing; kill only checks that the process exists.
    let found = unsafe { libc::kill(pid, 0) } == 0;
    found || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Without a cheap liveness check, assume the process runs: leftovers are kept, never lost.
#[cfg(not(unix))]
fn process_alive(pid: u32) -> bool {
    pid != std::process::id()
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::general(format!("cannot {what} {}: {e}", path.display()))
}

/// A warning that belongs to no file.
fn note(message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..Diagnostic::general(message)
    }
}

/// Test-only: in debug builds, when `RUNGS_TEST_CRASH_AT` names this stage, prints
/// `rungs: test crash at <stage>` and exits at once without cleaning up, as a killed build
/// would. Release builds ignore the variable.
pub(crate) fn crash_point(stage: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os(CRASH_AT_VAR).is_some_and(|s| s == stage) {
        crate::term::write_stderr(format_args!("rungs: test crash at {stage}\n"));
        std::process::exit(CRASH_EXIT_STATUS);
    }
    #[cfg(not(debug_assertions))]
    let _ = (stage, CRASH_AT_VAR, CRASH_EXIT_STATUS);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp() -> tempfile::TempDir {
        tempfile::tempdir().expect("temp dir")
    }

    fn canonical(p: &Path) -> PathBuf {
        std::fs::canonicalize(p).expect("exists")
    }

    #[test]
    fn resolve_path_pops_missing_components_lexically() {
        let t = tmp();
        let base = canonical(t.path());
        std::fs::create_dir(base.join("victim")).unwrap();
        assert_eq!(
            resolve_path(&base.join("nope/../victim")).unwrap(),
            base.join("victim")
        );
        assert_eq!(
            resolve_path(&base.join("a/b/../../c/./d")).unwrap(),
            base.join("c/d")
        );
    }

    #[cfg(unix)]
    #[test]
    fn resolve_path_follows_symlinks_before_parent_steps() {
        let t = tmp();
        let base = canonical(t.path());
        std::fs::create_dir_all(base.join("far/away")).unwrap();
        std::os::unix::fs::symlink(base.join("far/away"), base.join("link")).unwrap();
        // The kernel resolves `link/..` to `far`, not to `base`.
        assert_eq!(
            resolve_path(&base.join("link/../x")).unwrap(),
            base.join("far/x")
        );
        assert_eq!(
            resolve_path(&base.join("link")).unwrap(),
            base.join("far/away")
        );
    }

    #[test]
    fn marker_must_name_this_output() {
        let t = tmp();
        let dir = t.path().join("d");
        std::fs::create_dir(&dir).unwrap();
        assert!(!has_marker(&dir, None));
        std::fs::write(dir.join(OUTPUT_MARKER), marker_text("public")).unwrap();
        assert!(has_marker(&dir, Some("public")));
        assert!(!has_marker(&dir, Some("site")));
        std::fs::write(dir.join(OUTPUT_MARKER), "something else\n").unwrap();
        assert!(!has_marker(&dir, None));
        std::fs::write(dir.join(OUTPUT_MARKER), format!("{MARKER_HEADER}\n")).unwrap();
        assert!(
            has_marker(&dir, Some("public")),
            "older markers name no output"
        );
    }

    fn output_in(t: &tempfile::TempDir) -> OutputDir {
        let root = t.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        OutputDir::resolve(&root, &root.join("public")).unwrap()
    }

    fn leftover(out: &OutputDir, kind: Sibling, pid: u32, marker: Option<&str>) -> PathBuf {
        let dir = out.sibling(kind, pid);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("index.html"), format!("{kind:?} {pid}")).unwrap();
        if let Some(name) = marker {
            std::fs::write(dir.join(OUTPUT_MARKER), marker_text(name)).unwrap();
        }
        dir
    }

    /// A pid that belongs to no process: our own (see `process_alive`).
    fn dead_pid() -> u32 {
        std::process::id()
    }

    #[test]
    fn recover_restores_a_moved_aside_output_and_removes_stale_staging() {
        let t = tmp();
        let out = output_in(&t);
        let old = leftover(&out, Sibling::Old, dead_pid(), Some("public"));
        let staging = leftover(&out, Sibling::Staging, dead_pid(), Some("public"));
        let notes = out.recover();
        assert_eq!(
            std::fs::read_to_string(out.path().join("index.html")).unwrap(),
            format!("Old {}", dead_pid())
        );
        assert!(!old.exists() && !staging.exists());
        let messages: Vec<&str> = notes.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("restored the previous output"));
        assert!(notes.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn recover_never_touches_folders_without_our_marker_or_of_live_builds() {
        let t = tmp();
        let out = output_in(&t);
        let unmarked = leftover(&out, Sibling::Old, dead_pid(), None);
        let other_output = leftover(&out, Sibling::Staging, dead_pid(), Some("site"));
        // pid 1 always runs: its build may still be writing.
        let live = leftover(&out, Sibling::Staging, 1, Some("public"));
        assert!(out.recover().is_empty());
        assert!(unmarked.exists() && other_output.exists() && live.exists());
        assert!(
            !out.path().exists(),
            "nothing restored from an unmarked folder"
        );
    }

    #[test]
    fn recover_removes_old_folders_when_the_output_is_in_place() {
        let t = tmp();
        let out = output_in(&t);
        std::fs::create_dir(out.path()).unwrap();
        std::fs::write(out.path().join("index.html"), "current").unwrap();
        let old = leftover(&out, Sibling::Old, dead_pid(), Some("public"));
        out.recover();
        assert!(!old.exists());
        assert_eq!(
            std::fs::read_to_string(out.path().join("index.html")).unwrap(),
            "current"
        );
    }

    #[test]
    fn publish_refuses_a_folder_filled_by_someone_else_after_the_check() {
        let t = tmp();
        let out = output_in(&t);
        std::fs::create_dir(out.path()).unwrap();
        let out = OutputDir::resolve(&t.path().join("site"), out.path()).unwrap();
        std::fs::write(out.path().join("notes.txt"), "mine").unwrap();
        let staging = out.stage().unwrap();
        let dir = staging.dir().to_path_buf();
        let err = out.publish(staging).unwrap_err();
        assert!(err.previous_at.is_none());
        assert!(
            err.diagnostic
                .message
                .ends_with(": it holds files but was not created by rungs"),
            "{}",
            err.diagnostic.message
        );
        assert_eq!(
            std::fs::read_to_string(out.path().join("notes.txt")).unwrap(),
            "mine"
        );
        assert!(!dir.exists(), "the staging folder is removed");
    }

    #[test]
    fn publish_moves_a_new_site_in_and_the_previous_one_out() {
        let t = tmp();
        let out = output_in(&t);
        for round in ["first", "second"] {
            let staging = out.stage().unwrap();
            std::fs::write(staging.dir().join("index.html"), round).unwrap();
            assert!(out.publish(staging).unwrap().is_none(), "no warning");
            assert_eq!(
                std::fs::read_to_string(out.path().join("index.html")).unwrap(),
                round
            );
        }
        let beside: Vec<_> = std::fs::read_dir(t.path().join("site"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("rungs-"))
            .collect();
        assert!(beside.is_empty(), "{beside:?}");
    }

    #[test]
    fn stage_never_deletes_an_unmarked_folder_that_has_its_name() {
        let t = tmp();
        let out = output_in(&t);
        // Someone's folder happens to have the name of our staging folder.
        let theirs = leftover(&out, Sibling::Staging, std::process::id(), None);
        let err = out.stage().map(|_| ()).unwrap_err();
        assert!(
            err.message
                .ends_with("the folder exists and was not created by rungs"),
            "{}",
            err.message
        );
        assert_eq!(
            std::fs::read_to_string(theirs.join("index.html")).unwrap(),
            format!("Staging {}", std::process::id())
        );
        // A marked one of ours (from a dead process with our pid) is replaced.
        std::fs::write(theirs.join(OUTPUT_MARKER), marker_text("public")).unwrap();
        let staging = out.stage().unwrap();
        assert!(!staging.dir().join("index.html").exists());
    }

    #[test]
    fn a_dropped_staging_folder_is_removed() {
        let t = tmp();
        let out = output_in(&t);
        let staging = out.stage().unwrap();
        let dir = staging.dir().to_path_buf();
        assert!(has_marker(&dir, Some("public")));
        drop(staging);
        assert!(!dir.exists());
    }
}
