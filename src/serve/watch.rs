//! Watching the sources: `content/`, `themes/` (once it exists) and the root itself, with
//! notify. Events are filtered (no access events, which reading files during a build would
//! loop on; no editor litter), debounced, then handed to the rebuild callback as one batch.
//!
//! The output directory is never watched: only `content/` and `themes/` are.
//!
//! Native events (inotify, FSEvents, ReadDirectoryChangesW) by default; `rungs serve --poll`
//! scans the files every few hundred milliseconds instead, for folders where native events
//! never arrive (network drives, WSL's /mnt, container bind mounts).

use anyhow::Context as _;
use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Quiet time after the last event before a rebuild starts. An editor's save (write a temp
/// file, rename it over the source, touch a swap file) lands within a few milliseconds;
/// 40 ms coalesces it into one rebuild while leaving room to reach the browser within
/// 100 ms of the save.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(40);

/// Whether an event can change the site: a create, a write, a remove or a rename of a
/// file that is not editor litter, inside `content/` or `themes/`.
pub(crate) fn is_relevant(event: &notify::Event, root: &Path) -> bool {
    let kind_matters = match event.kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        // A new modification time is a write (the poll watcher reports writes this way);
        // other metadata (access times, permissions) never changes the site.
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other | EventKind::Any => false,
    };
    kind_matters && event.paths.iter().any(|p| is_source_path(p, root))
}

fn is_source_path(path: &Path, root: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let in_sources = matches!(parts.next().as_deref(), Some("content" | "themes"));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    in_sources && !crate::text::is_hidden_or_litter(&name)
}

/// Watches registered on the sources; events queue up until [`SourceWatch::run`].
pub(crate) struct SourceWatch {
    root: PathBuf,
    watcher: Box<dyn Watcher + Send>,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<PathBuf>,
}

impl SourceWatch {
    /// Starts watching `root`, with native events or, given `poll`, by scanning the files
    /// at that interval. Changes made after this returns are never missed.
    ///
    /// # Errors
    /// The sources cannot be watched.
    pub(crate) fn start(root: &Path, poll: Option<Duration>) -> anyhow::Result<SourceWatch> {
        let (tx, events) = mpsc::channel();
        let mut watcher: Box<dyn Watcher + Send> = match poll {
            None => {
                Box::new(notify::recommended_watcher(tx).context("cannot start the file watcher")?)
            }
            // Modification times are compared in whole seconds, so two saves within one
            // second would look like one: compare contents too. Links are not followed, so
            // nothing outside the site is read.
            Some(interval) => Box::new(
                notify::PollWatcher::new(
                    tx,
                    notify::Config::default()
                        .with_poll_interval(interval)
                        .with_compare_contents(true)
                        .with_follow_symlinks(false),
                )
                .context("cannot start the polling file watcher")?,
            ),
        };
        // The root itself, not recursively: notices content/ or themes/ appearing or being replaced.
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        let mut watch = SourceWatch {
            root: root.to_path_buf(),
            watcher,
            events,
            watched: BTreeSet::new(),
        };
        watch.rewatch();
        Ok(watch)
    }

    /// Calls `on_change` with the changed paths after each quiet period. Runs until the
    /// watcher fails.
    ///
    /// # Errors
    /// The watcher stopped.
    pub(crate) fn run(mut self, mut on_change: impl FnMut(Vec<PathBuf>)) -> anyhow::Result<()> {
        loop {
            let Ok(first) = self.events.recv() else {
                anyhow::bail!("the file watcher stopped")
            };
            let mut changed = BTreeSet::new();
            let root = self.root.clone();
            let mut collect = |event: notify::Result<notify::Event>| {
                if let Ok(event) = event
                    && is_relevant(&event, &root)
                {
                    changed.extend(event.paths.into_iter().filter(|p| is_source_path(p, &root)));
                }
            };
            collect(first);
            while let Ok(event) = self.events.recv_timeout(DEBOUNCE) {
                collect(event);
            }
            if !changed.is_empty() {
                self.rewatch();
                on_change(changed.into_iter().collect());
            }
        }
    }

    /// (Re)watches `content/` and `themes/` recursively when they exist; a folder that was
    /// deleted and created again (a git checkout) needs a fresh watch.
    fn rewatch(&mut self) {
        for dir in ["content", "themes"] {
            let path = self.root.join(dir);
            if self.watched.contains(&path) {
                let _ = self.watcher.unwatch(&path);
                self.watched.remove(&path);
            }
            if path.is_dir() && self.watcher.watch(&path, RecursiveMode::Recursive).is_ok() {
                self.watched.insert(path);
            }
        }
    }
}

/// The kind of file system holding `path` when native change events are known not to
/// arrive there (network and virtual-machine shares), so `serve` can suggest `--poll`.
#[cfg(target_os = "linux")]
pub(crate) fn eventless_file_system(path: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt as _;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: statfs writes into the zeroed struct it is given and reads a valid C string.
    let mut stat: libc::statfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statfs(c_path.as_ptr(), &mut stat) } != 0 {
        return None;
    }
    // Magic numbers from statfs(2). The cast is to one width whatever the platform's field is.
    #[allow(clippy::unnecessary_cast)]
    match stat.f_type as i64 {
        0x6969 => Some("NFS"),
        0x517B => Some("SMB"),
        0xFF53_4D42 => Some("CIFS"),
        0xFE53_4D42 => Some("SMB2"),
        0x0102_1997 => Some("9P (WSL, containers)"),
        0x6573_5546 => Some("FUSE"),
        0x786F_4256 => Some("VirtualBox shared folder"),
        _ => None,
    }
}

/// Elsewhere there is no cheap way to tell: no hint.
#[cfg(not(target_os = "linux"))]
pub(crate) fn eventless_file_system(_path: &Path) -> Option<&'static str> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, RenameMode};

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn reacts_to_writes_creates_removes_and_renames_of_sources() {
        let root = Path::new("/site");
        for kind in [
            EventKind::Modify(ModifyKind::Data(DataChange::Content)),
            EventKind::Create(CreateKind::File),
            EventKind::Remove(notify::event::RemoveKind::File),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
        ] {
            assert!(
                is_relevant(&event(kind, "/site/content/levels/a.md"), root),
                "{kind:?}"
            );
        }
        assert!(is_relevant(
            &event(
                EventKind::Create(CreateKind::File),
                "/site/themes/mine/templates/level.html"
            ),
            root
        ));
    }

    #[test]
    fn ignores_access_metadata_litter_and_output() {
        let root = Path::new("/site");
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        assert!(!is_relevant(
            &event(
                EventKind::Access(AccessKind::Open(AccessMode::Read)),
                "/site/content/a.md"
            ),
            root
        ));
        assert!(!is_relevant(
            &event(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
                "/site/content/a.md"
            ),
            root
        ));
        for litter in [
            "/site/content/levels/.a.md.swp",
            "/site/content/levels/a.md~",
            "/site/content/levels/.#a.md",
            "/site/content/levels/4913",
        ] {
            assert!(!is_relevant(&event(write, litter), root), "{litter}");
        }
        assert!(!is_relevant(&event(write, "/site/public/index.html"), root));
        assert!(!is_relevant(&event(write, "/site/target/debug/x"), root));
    }

    #[test]
    fn a_new_write_time_counts_as_a_write() {
        // The poll watcher reports every write this way.
        let root = Path::new("/site");
        assert!(is_relevant(
            &event(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)),
                "/site/content/a.md"
            ),
            root
        ));
    }

    #[test]
    fn a_rename_from_a_temp_file_onto_a_source_counts() {
        let root = Path::new("/site");
        let e = notify::Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
            .add_path(PathBuf::from("/site/content/levels/.a.md.tmp"))
            .add_path(PathBuf::from("/site/content/levels/a.md"));
        assert!(is_relevant(&e, root));
    }
}
