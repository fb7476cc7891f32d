//! Reading the site's own files safely: only regular files, only inside the site root.
//!
//! Owns the rules every reader of `content/` and `themes/` follows:
//! - a path is resolved (symbolic links followed, `..` removed) and compared with the
//!   resolved site root before anything is decided; a link that leaves the root is an error
//!   naming the link, and the file it points to is never opened;
//! - only regular files are read: a FIFO, socket or device is named in an error, and the
//!   file is opened non-blocking, so a FIFO can never make a run hang;
//! - hidden files and folders (a name starting with `.`) and editor litter are never
//!   walked into.
//!
//! It names paths relative to the site root, as authors know them, and never prints what
//! a refused file contains. It knows nothing about YAML, Markdown or themes.
//!
//! One window is left open on purpose: a file checked as regular could be swapped for a
//! FIFO before it is opened. Opening with `O_NONBLOCK` and checking the opened handle's
//! type again closes it for FIFOs; a swap between two instants of the same run is not a
//! threat worth more code.

use crate::diag::{Diagnostic, Location};
use std::fs::{File, FileType};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// Largest content file rungs reads (`site.yaml`, a level, an area, the home page): 1 MiB.
/// A real one is a few kilobytes; the cap bounds the time and memory any input can take.
pub(crate) const MAX_SOURCE_BYTES: u64 = 1024 * 1024;

/// The site root, resolved once: every path read is checked against it.
#[derive(Debug, Clone)]
pub(crate) struct Root {
    /// The resolved (canonical) root.
    canonical: PathBuf,
}

/// What a path turned out to be when resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// A regular file or folder inside the root, at this resolved path.
    Inside(PathBuf),
    /// A symbolic link (the path or a folder on the way) pointing outside the root.
    Outside(PathBuf),
    /// A symbolic link pointing to a hidden file or folder inside the root (`.git/`, `.env`):
    /// never read, whatever the link is called.
    Hidden(PathBuf),
    /// A symbolic link whose target does not exist.
    Broken,
    /// Nothing there.
    Missing,
}

impl Root {
    /// Resolves `root`.
    ///
    /// # Errors
    /// The root does not exist or cannot be resolved.
    pub(crate) fn open(root: &Path) -> Result<Root, Diagnostic> {
        std::fs::canonicalize(root)
            .map(|canonical| Root { canonical })
            .map_err(|e| {
                Diagnostic::general(format!("cannot open the site root {}: {e}", root.display()))
            })
    }

    /// Whether a resolved path may be read: inside the root, and no folder or file on the way
    /// from the root hidden (a link named `ssh` to `.ssh/` leads into a hidden folder).
    fn admits(&self, real: &Path) -> bool {
        real.strip_prefix(&self.canonical).is_ok_and(|rel| {
            rel.components()
                .all(|c| !c.as_os_str().to_string_lossy().starts_with('.'))
        })
    }

    /// Where `rel` (a path below the root, `/`-separated) really is.
    pub(crate) fn resolve(&self, rel: &str) -> Resolved {
        self.resolve_real(&self.canonical.join(rel))
    }

    /// Where the absolute `path` really is.
    fn resolve_real(&self, path: &Path) -> Resolved {
        match std::fs::canonicalize(path) {
            Ok(real) if self.admits(&real) => Resolved::Inside(real),
            Ok(real) if real.starts_with(&self.canonical) => Resolved::Hidden(real),
            Ok(real) => Resolved::Outside(real),
            Err(_) if std::fs::symlink_metadata(path).is_ok() => Resolved::Broken,
            Err(_) => Resolved::Missing,
        }
    }

    /// Reads the regular file at `rel` (a path below the root, `/`-separated, also used in
    /// messages), refusing it when larger than `max_bytes`.
    ///
    /// # Errors
    /// The file is missing, leaves the root, is not a regular file, is too large or cannot
    /// be read: one error at the start of the file, naming it.
    pub(crate) fn read_file(
        &self,
        rel: &str,
        max_bytes: Option<u64>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let at = || Location::file_start(rel);
        let real = match self.resolve(rel) {
            Resolved::Inside(real) => real,
            Resolved::Outside(target) => return Err(outside_root(rel, &target)),
            Resolved::Hidden(target) => return Err(hidden_target(rel, &target)),
            Resolved::Broken => return Err(broken_link(rel)),
            Resolved::Missing => {
                return Err(Diagnostic::error(
                    at(),
                    "cannot read file: it does not exist",
                ));
            }
        };
        let meta = std::fs::metadata(&real)
            .map_err(|e| Diagnostic::error(at(), format!("cannot read file: {e}")))?;
        check_regular(rel, meta.file_type())?;
        if let Some(max) = max_bytes {
            check_size(rel, meta.len(), max)?;
        }
        let file = open_nonblocking(&real)
            .map_err(|e| Diagnostic::error(at(), format!("cannot read file: {e}")))?;
        // Checked again on the handle: the path may have been swapped since.
        let meta = file
            .metadata()
            .map_err(|e| Diagnostic::error(at(), format!("cannot read file: {e}")))?;
        check_regular(rel, meta.file_type())?;
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).min(1 << 24));
        let limit = max_bytes.map_or(u64::MAX, |m| m.saturating_add(1));
        file.take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| Diagnostic::error(at(), format!("cannot read file: {e}")))?;
        if let Some(max) = max_bytes {
            check_size(rel, bytes.len() as u64, max)?;
        }
        Ok(bytes)
    }
}

/// The error for a link that leaves the root. Names the link and where it points, never
/// what is there.
pub(crate) fn outside_root(rel: &str, target: &Path) -> Diagnostic {
    Diagnostic::error(
        Location::file_start(rel),
        format!(
            "symbolic link to {}, outside the site folder: not followed",
            target.display()
        ),
    )
    .with_help("expected files inside the site folder: copy the file in, or link to a place inside the site folder")
}

/// The error for a link to a hidden file or folder inside the root. Names the link and where
/// it points, never what is there.
pub(crate) fn hidden_target(rel: &str, target: &Path) -> Diagnostic {
    Diagnostic::error(
        Location::file_start(rel),
        format!(
            "symbolic link to {}, a hidden file or folder: not followed",
            target.display()
        ),
    )
    .with_help("expected files that are not hidden: hidden files and folders (`.git/`, `.env`) are never read or published")
}

/// The error for `found` at `rel` when it is a link rungs does not follow.
pub(crate) fn refused_link(rel: &str, kind: &FoundKind) -> Option<Diagnostic> {
    match kind {
        FoundKind::Outside(target) => Some(outside_root(rel, target)),
        FoundKind::Hidden(target) => Some(hidden_target(rel, target)),
        _ => None,
    }
}

/// The error for a FIFO, socket or device at `rel` (`what`: "a FIFO").
pub(crate) fn not_regular(rel: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        Location::file_start(rel),
        format!("not a regular file ({what})"),
    )
    .with_help("expected a regular file: rungs does not read FIFOs, sockets or devices")
}

/// The error for a symbolic link at `rel` that points to nothing.
pub(crate) fn broken_link(rel: &str) -> Diagnostic {
    Diagnostic::error(Location::file_start(rel), "broken symbolic link")
        .with_help("expected a file, or a link to a file inside the site folder")
}

fn check_regular(rel: &str, file_type: FileType) -> Result<(), Diagnostic> {
    if file_type.is_file() {
        return Ok(());
    }
    Err(not_regular(rel, kind_name(file_type)))
}

fn check_size(rel: &str, len: u64, max: u64) -> Result<(), Diagnostic> {
    if len <= max {
        return Ok(());
    }
    Err(Diagnostic::error(
        Location::file_start(rel),
        format!("the file is too large ({})", human_size(len)),
    )
    .with_help(format!(
        "expected at most {} per content file: split it into several files",
        human_size(max)
    )))
}

/// `1 MiB`, `1.5 MiB`, `300 KiB`, `12 bytes`.
fn human_size(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if n >= MIB {
        let tenths = n * 10 / MIB;
        if tenths.is_multiple_of(10) {
            format!("{} MiB", tenths / 10)
        } else {
            format!("{}.{} MiB", tenths / 10, tenths % 10)
        }
    } else if n >= KIB {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

/// What a file is, for messages: "a FIFO", "a socket", "a directory".
pub(crate) fn kind_name(file_type: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// The text of the file at `path` (for messages), or an error at the first byte that is not
/// UTF-8.
///
/// # Errors
/// The bytes are not UTF-8.
pub(crate) fn decode_text(path: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    crate::text::decode_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            Location {
                path: path.to_string(),
                line: e.line,
                column: e.column,
            },
            "the file is not valid UTF-8",
        )
        .with_help("expected UTF-8 text: re-save the file with UTF-8 encoding")
    })
}

/// One thing found by [`walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Path relative to the walked folder, `/`-separated.
    pub(crate) rel: String,
    /// What it is.
    pub(crate) kind: FoundKind,
}

/// What [`walk`] found at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FoundKind {
    /// A regular file (or a link to one inside the root).
    File,
    /// A FIFO, socket or device: "a FIFO".
    Special(&'static str),
    /// A symbolic link leaving the root, to this target; not followed.
    Outside(PathBuf),
    /// A symbolic link to a hidden file or folder inside the root; not followed.
    Hidden(PathBuf),
    /// A symbolic link to nothing.
    Broken,
    /// The folder could not be read, or links loop: the message.
    Unreadable(String),
}

/// Everything below `dir` (a folder below the root, `/`-separated), in name order, skipping
/// hidden files and folders and editor litter. Links that stay inside the root are followed;
/// links that leave it are reported, not followed. `dir` itself must be inside the root:
/// a `dir` that is missing gives nothing, one that leaves the root gives one
/// [`FoundKind::Outside`] with an empty `rel`.
pub(crate) fn walk(root: &Root, dir: &str) -> Vec<Found> {
    let start = match root.resolve(dir) {
        Resolved::Inside(real) if real.is_dir() => real,
        Resolved::Outside(target) => {
            return vec![Found {
                rel: String::new(),
                kind: FoundKind::Outside(target),
            }];
        }
        Resolved::Hidden(target) => {
            return vec![Found {
                rel: String::new(),
                kind: FoundKind::Hidden(target),
            }];
        }
        _ => return Vec::new(),
    };
    let mut found = Vec::new();
    let mut refused: Vec<Found> = Vec::new();
    let walker = walkdir::WalkDir::new(&start)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if crate::text::is_hidden_or_litter(&e.file_name().to_string_lossy()) {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            // Decide on the resolved path before walking into it or reading it.
            let rel = relative(&start, e.path());
            match root.resolve_real(e.path()) {
                Resolved::Inside(_) => true,
                Resolved::Outside(real) => {
                    refused.push(Found {
                        rel,
                        kind: FoundKind::Outside(real),
                    });
                    false
                }
                Resolved::Hidden(real) => {
                    refused.push(Found {
                        rel,
                        kind: FoundKind::Hidden(real),
                    });
                    false
                }
                Resolved::Broken | Resolved::Missing => {
                    refused.push(Found {
                        rel,
                        kind: FoundKind::Broken,
                    });
                    false
                }
            }
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e.path().map(|p| relative(&start, p)).unwrap_or_default();
                let dangling = e.path().is_some_and(|p| {
                    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
                        && std::fs::metadata(p).is_err()
                });
                if dangling && e.loop_ancestor().is_none() {
                    found.push(Found {
                        rel,
                        kind: FoundKind::Broken,
                    });
                    continue;
                }
                let message = match (e.loop_ancestor(), e.io_error()) {
                    (Some(_), _) => "symbolic links form a loop".to_string(),
                    (None, Some(io)) => io.to_string(),
                    (None, None) => e.to_string(),
                };
                found.push(Found {
                    rel,
                    kind: FoundKind::Unreadable(message),
                });
                continue;
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        let kind = if file_type.is_file() {
            FoundKind::File
        } else {
            FoundKind::Special(kind_name(file_type))
        };
        found.push(Found {
            rel: relative(&start, entry.path()),
            kind,
        });
    }
    found.extend(refused);
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    found
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {

    #[cfg(unix)]
    #[test]
    fn walking_a_file_finds_nothing_and_a_loop_is_named_a_loop() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("content"), "not a folder").unwrap();
        std::fs::create_dir_all(dir.path().join("themes/a")).unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("themes/a/up")).unwrap();
        let root = Root::open(dir.path()).unwrap();
        assert_eq!(walk(&root, "content"), Vec::new());
        let found = walk(&root, "themes");
        assert!(
            found
                .iter()
                .any(|f| f.kind == FoundKind::Unreadable("symbolic links form a loop".into())),
            "{found:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_into_hidden_folders_inside_the_root_are_not_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = dir.path();
        std::fs::create_dir_all(base.join(".git")).unwrap();
        std::fs::write(base.join(".git/config"), "secret").unwrap();
        std::fs::write(base.join(".env"), "KEY=1").unwrap();
        std::fs::create_dir_all(base.join("static")).unwrap();
        std::os::unix::fs::symlink("../.git", base.join("static/git")).unwrap();
        std::os::unix::fs::symlink("../.env", base.join("static/env.txt")).unwrap();
        std::fs::write(base.join("static/ok.txt"), "ok").unwrap();
        let root = Root::open(base).unwrap();
        assert!(matches!(
            root.resolve("static/env.txt"),
            Resolved::Hidden(_)
        ));
        let err = root.read_file("static/env.txt", None).unwrap_err();
        assert!(
            err.message
                .ends_with(", a hidden file or folder: not followed"),
            "{}",
            err.message
        );
        let found = walk(&root, "static");
        let files: Vec<&str> = found
            .iter()
            .filter(|f| f.kind == FoundKind::File)
            .map(|f| f.rel.as_str())
            .collect();
        assert_eq!(files, ["ok.txt"]);
        assert_eq!(
            found
                .iter()
                .filter(|f| matches!(f.kind, FoundKind::Hidden(_)))
                .count(),
            2
        );
    }

    #[cfg(unix)]
    #[test]
    fn resolve_tells_a_missing_file_from_a_broken_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("dangling")).unwrap();
        let root = Root::open(dir.path()).unwrap();
        assert_eq!(root.resolve("nothing-here"), Resolved::Missing);
        assert_eq!(root.resolve("dangling"), Resolved::Broken);
    }

    use super::*;

    fn temp() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[test]
    fn reads_a_regular_file_inside_the_root() {
        let dir = temp();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "hi").unwrap();
        let root = Root::open(dir.path()).unwrap();
        assert_eq!(root.read_file("content/a.md", None).unwrap(), b"hi");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_link_leaving_the_root_naming_the_link_not_the_contents() {
        let outside = temp();
        std::fs::write(outside.path().join("secret"), "password=hunter2").unwrap();
        let dir = temp();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret"),
            dir.path().join("content/site.yaml"),
        )
        .unwrap();
        let root = Root::open(dir.path()).unwrap();
        let d = root.read_file("content/site.yaml", None).unwrap_err();
        let text = d.to_string();
        assert!(
            text.starts_with("content/site.yaml:1:1: error: symbolic link to "),
            "{text}"
        );
        assert!(
            text.contains("outside the site folder: not followed"),
            "{text}"
        );
        assert!(!text.contains("hunter2"), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn follows_a_link_that_stays_inside_the_root() {
        let dir = temp();
        std::fs::create_dir_all(dir.path().join("content/levels")).unwrap();
        std::fs::write(dir.path().join("shared.md"), "x").unwrap();
        std::os::unix::fs::symlink("../../shared.md", dir.path().join("content/levels/a.md"))
            .unwrap();
        let root = Root::open(dir.path()).unwrap();
        assert_eq!(root.read_file("content/levels/a.md", None).unwrap(), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_fifo_without_blocking() {
        let dir = temp();
        let fifo = dir.path().join("site.yaml");
        let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let root = Root::open(dir.path()).unwrap();
        let d = root.read_file("site.yaml", None).unwrap_err();
        assert_eq!(
            d.to_string().lines().next().unwrap(),
            "site.yaml:1:1: error: not a regular file (a FIFO)"
        );
    }

    #[test]
    fn refuses_a_file_over_the_size_limit() {
        let dir = temp();
        std::fs::write(dir.path().join("big.yaml"), vec![b'a'; 2048]).unwrap();
        let root = Root::open(dir.path()).unwrap();
        let d = root.read_file("big.yaml", Some(1024)).unwrap_err();
        assert_eq!(
            d.to_string(),
            "big.yaml:1:1: error: the file is too large (2 KiB)\n  = expected at most 1 KiB per content file: split it into several files"
        );
        assert!(root.read_file("big.yaml", Some(2048)).is_ok());
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(12), "12 bytes");
        assert_eq!(human_size(300 * 1024), "300 KiB");
        assert_eq!(human_size(MAX_SOURCE_BYTES), "1 MiB");
        assert_eq!(human_size(MAX_SOURCE_BYTES * 3 / 2), "1.5 MiB");
    }

    #[cfg(unix)]
    #[test]
    fn walk_skips_hidden_folders_and_reports_links_leaving_the_root() {
        let outside = temp();
        std::fs::write(outside.path().join("shadow"), "x").unwrap();
        let dir = temp();
        let d = dir.path();
        std::fs::create_dir_all(d.join("static/.ssh")).unwrap();
        std::fs::create_dir_all(d.join("static/css")).unwrap();
        std::fs::write(d.join("static/.ssh/id_rsa"), "key").unwrap();
        std::fs::write(d.join("static/css/a.css"), "a").unwrap();
        std::fs::write(d.join("inside.txt"), "i").unwrap();
        std::os::unix::fs::symlink(outside.path(), d.join("static/etc")).unwrap();
        std::os::unix::fs::symlink("../inside.txt", d.join("static/in.txt")).unwrap();
        std::os::unix::fs::symlink("nowhere", d.join("static/dangling")).unwrap();
        let root = Root::open(d).unwrap();
        let found = walk(&root, "static");
        let real_outside = std::fs::canonicalize(outside.path()).unwrap();
        assert_eq!(
            found,
            vec![
                Found {
                    rel: "css/a.css".into(),
                    kind: FoundKind::File
                },
                Found {
                    rel: "dangling".into(),
                    kind: FoundKind::Broken
                },
                Found {
                    rel: "etc".into(),
                    kind: FoundKind::Outside(real_outside)
                },
                Found {
                    rel: "in.txt".into(),
                    kind: FoundKind::File
                },
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn walk_refuses_a_start_folder_that_leaves_the_root() {
        let outside = temp();
        let dir = temp();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("static")).unwrap();
        let root = Root::open(dir.path()).unwrap();
        let found = walk(&root, "static");
        assert_eq!(found.len(), 1);
        assert!(matches!(found[0].kind, FoundKind::Outside(_)));
    }
}
