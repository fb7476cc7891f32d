//! Reading the ladder's git history with `gix`: finding the repository that holds a site
//! root, resolving a revision, listing version tags, describing HEAD, and writing the site
//! files of one revision into a private temporary folder.
//!
//! Why a temporary folder: the loader reads a site from a root folder, through `fsx`, with
//! every safety rule (no link out of the root, regular files only, size caps) and every
//! message naming `content/…` paths. Writing a revision's `content/` and `themes/` trees into
//! a fresh private folder (mode 0700, removed when dropped) lets that very loader and
//! validation read it, unchanged: a revision is checked exactly as a build checks the working
//! tree, and its errors read the same. Only those two trees are written (a ladder is a few
//! hundred kilobytes); entries whose names could leave the folder (`..`, a `/`, a NUL) and
//! hidden ones (never read by the loader) are skipped; symbolic links are written as links and
//! judged by `fsx` like any other.
//!
//! Knows nothing of ladders: it hands out folders and names. Never writes into the
//! repository, never runs `git`, never touches the network.

use std::path::{Path, PathBuf};

/// Why a git operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GitError {
    /// The site root is not inside a git repository (or the repository has no work tree).
    NotARepository(String),
    /// The revision names nothing in the repository (a usage error).
    UnknownRevision(String, String),
    /// Anything else: a damaged repository, a file that cannot be written.
    Other(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::NotARepository(why) => write!(f, "not in a git repository: {why}"),
            GitError::UnknownRevision(rev, why) => {
                write!(f, "unknown revision `{rev}`: {why}")
            }
            GitError::Other(why) => f.write_str(why),
        }
    }
}

fn other(what: &str, e: impl std::fmt::Display) -> GitError {
    GitError::Other(format!("{what}: {e}"))
}

/// A commit, as the rest of rungs needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CommitInfo {
    /// The full hexadecimal id.
    pub(crate) id: String,
    /// The shortest unambiguous abbreviation (at least 7 characters).
    pub(crate) short: String,
    /// The commit's date, `YYYY-MM-DD` (UTC).
    pub(crate) date: String,
}

/// A version tag: a tag matching the site's `versions.tags` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    /// The tag's name without `refs/tags/`.
    pub(crate) name: String,
    /// The commit it points to (annotated tags are peeled).
    pub(crate) commit: CommitInfo,
    /// Seconds since the epoch of that commit, to order versions.
    pub(crate) time: i64,
}

/// The repository holding a site root, and where the root is in it.
pub(crate) struct Repo {
    repo: gix::Repository,
    /// The root's path below the work tree, `/`-separated, empty for the top.
    prefix: String,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// A revision's site files written into a private temporary folder, removed when dropped.
#[derive(Debug)]
pub(crate) struct Checkout {
    dir: tempfile::TempDir,
}

impl Checkout {
    /// The folder to load as a site root.
    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }
}

/// The folders of a site root that a revision's checkout holds.
const SITE_FOLDERS: &[&str] = &["content", "themes"];

impl Repo {
    /// The repository holding `root` (in it or a folder above).
    ///
    /// # Errors
    /// [`GitError::NotARepository`] when there is none, or it has no work tree.
    pub(crate) fn discover(root: &Path) -> Result<Repo, GitError> {
        let repo = gix::discover(root).map_err(|e| GitError::NotARepository(e.to_string()))?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| GitError::NotARepository("the repository has no work tree".into()))?;
        let workdir = std::fs::canonicalize(workdir).map_err(|e| other("the work tree", e))?;
        let root = std::fs::canonicalize(root).map_err(|e| other("the site root", e))?;
        let rel = root.strip_prefix(&workdir).map_err(|_| {
            GitError::NotARepository("the site root is outside its work tree".into())
        })?;
        let prefix = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Repo { repo, prefix })
    }

    /// Where the repository is (its git folder), to tell repositories apart.
    pub(crate) fn location(&self) -> String {
        format!("{}:{}", self.repo.git_dir().display(), self.prefix)
    }

    /// Whether the repository is a shallow clone (its history cut off).
    pub(crate) fn is_shallow(&self) -> bool {
        self.repo.is_shallow().unwrap_or(false)
    }

    /// The commit `rev` names (`v1`, `main~2`, `origin/main`, a hash).
    ///
    /// # Errors
    /// [`GitError::UnknownRevision`] when it names no commit.
    pub(crate) fn resolve(&self, rev: &str) -> Result<CommitInfo, GitError> {
        let unknown = |why: String| GitError::UnknownRevision(rev.to_string(), why);
        if rev.is_empty() || rev.starts_with('-') {
            return Err(unknown("expected a branch, tag or commit".into()));
        }
        let id = self
            .repo
            .rev_parse_single(rev)
            .map_err(|e| unknown(e.to_string()))?;
        let commit = id
            .object()
            .map_err(|e| unknown(e.to_string()))?
            .peel_to_commit()
            .map_err(|e| unknown(format!("not a commit: {e}")))?;
        self.commit_info(&commit)
    }

    fn commit_info(&self, commit: &gix::Commit<'_>) -> Result<CommitInfo, GitError> {
        let id = commit.id();
        let time = commit.time().map_err(|e| other("the commit's date", e))?;
        Ok(CommitInfo {
            id: id.to_string(),
            short: id.shorten_or_id().to_string(),
            date: ymd(time.seconds),
        })
    }

    /// HEAD's commit; `None` on an unborn branch (a repository without commits).
    pub(crate) fn head(&self) -> Option<CommitInfo> {
        let commit = self.repo.head_commit().ok()?;
        self.commit_info(&commit).ok()
    }

    /// Every tag whose name matches `pattern` (`*` any run of characters, `?` one), oldest
    /// commit first (then by name).
    ///
    /// # Errors
    /// The references cannot be read.
    pub(crate) fn tags(&self, pattern: &str) -> Result<Vec<Tag>, GitError> {
        let refs = self.repo.references().map_err(|e| other("the tags", e))?;
        let mut tags = Vec::new();
        for reference in refs.tags().map_err(|e| other("the tags", e))? {
            let Ok(mut reference) = reference else {
                continue;
            };
            let full = reference.name().as_bstr().to_string();
            let name = full.strip_prefix("refs/tags/").unwrap_or(&full).to_string();
            if !glob_matches(pattern, &name) {
                continue;
            }
            // A tag of a tree or a blob is no version: skipped.
            let Ok(commit) = reference.peel_to_commit() else {
                continue;
            };
            let time = commit.time().map(|t| t.seconds).unwrap_or(0);
            tags.push(Tag {
                name,
                commit: self.commit_info(&commit)?,
                time,
            });
        }
        tags.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
        Ok(tags)
    }

    /// How many commits HEAD has that `base` has not (`git rev-list base..HEAD --count`).
    ///
    /// # Errors
    /// The history cannot be walked.
    pub(crate) fn commits_since(&self, base: &CommitInfo) -> Result<usize, GitError> {
        let head = self.repo.head_id().map_err(|e| other("HEAD", e))?;
        let base: gix::ObjectId = base.id.parse().map_err(|e| other("a commit id", e))?;
        let walk = self
            .repo
            .rev_walk([head.detach()])
            .with_hidden([base])
            .all()
            .map_err(|e| other("the history", e))?;
        Ok(walk.filter(Result::is_ok).count())
    }

    /// Whether `commit` is HEAD or one of its ancestors.
    ///
    /// # Errors
    /// The history cannot be read.
    pub(crate) fn is_ancestor_of_head(&self, commit: &CommitInfo) -> Result<bool, GitError> {
        let head = self.repo.head_id().map_err(|e| other("HEAD", e))?;
        let id: gix::ObjectId = commit.id.parse().map_err(|e| other("a commit id", e))?;
        if head.detach() == id {
            return Ok(true);
        }
        let base = self
            .repo
            .merge_base(id, head.detach())
            .map_err(|e| other("the history", e))?;
        Ok(base.is_some_and(|b| b.detach() == id))
    }

    /// Writes the site files (`content/`, `themes/`) of `commit` into a new private
    /// temporary folder.
    ///
    /// # Errors
    /// The commit's objects cannot be read, or the folder cannot be written.
    pub(crate) fn checkout(&self, commit: &CommitInfo) -> Result<Checkout, GitError> {
        let id: gix::ObjectId = commit.id.parse().map_err(|e| other("a commit id", e))?;
        let tree = self
            .repo
            .find_commit(id)
            .map_err(|e| other("the commit", e))?
            .tree()
            .map_err(|e| other("the commit's tree", e))?;
        let dir = tempfile::Builder::new()
            .prefix("rungs-rev-")
            .tempdir()
            .map_err(|e| other("a temporary folder", e))?;
        for folder in SITE_FOLDERS {
            let path = if self.prefix.is_empty() {
                (*folder).to_string()
            } else {
                format!("{}/{folder}", self.prefix)
            };
            let entry = tree
                .lookup_entry_by_path(&path)
                .map_err(|e| other("the commit's tree", e))?;
            if let Some(entry) = entry
                && entry.mode().is_tree()
            {
                let target = dir.path().join(folder);
                self.write_tree(entry.object_id(), &target)?;
            }
        }
        Ok(Checkout { dir })
    }

    fn write_tree(&self, id: gix::ObjectId, into: &Path) -> Result<(), GitError> {
        std::fs::create_dir_all(into).map_err(|e| other(&format!("{}", into.display()), e))?;
        let tree = self.repo.find_tree(id).map_err(|e| other("a tree", e))?;
        let mut entries: Vec<(String, gix::objs::tree::EntryMode, gix::ObjectId)> = Vec::new();
        for entry in tree.iter() {
            let entry = entry.map_err(|e| other("a tree", e))?;
            entries.push((
                entry.filename().to_string(),
                entry.mode(),
                entry.object_id(),
            ));
        }
        for (name, mode, oid) in entries {
            if !is_plain_name(&name) || name.starts_with('.') {
                continue;
            }
            let path: PathBuf = into.join(&name);
            if mode.is_tree() {
                self.write_tree(oid, &path)?;
            } else if mode.is_link() {
                let blob = self.repo.find_blob(oid).map_err(|e| other("a link", e))?;
                let target = String::from_utf8_lossy(&blob.data).into_owned();
                write_link(&target, &path)?;
            } else if mode.is_blob() {
                let blob = self.repo.find_blob(oid).map_err(|e| other("a file", e))?;
                std::fs::write(&path, &blob.data)
                    .map_err(|e| other(&format!("{}", path.display()), e))?;
            }
            // Submodules hold no site files: skipped.
        }
        Ok(())
    }
}

#[cfg(unix)]
fn write_link(target: &str, path: &Path) -> Result<(), GitError> {
    std::os::unix::fs::symlink(target, path).map_err(|e| other(&format!("{}", path.display()), e))
}

#[cfg(not(unix))]
fn write_link(target: &str, path: &Path) -> Result<(), GitError> {
    // Without symbolic links, the link is a small file holding its target, as git writes it.
    std::fs::write(path, target).map_err(|e| other(&format!("{}", path.display()), e))
}

/// Whether a tree entry's name is one file name: not empty, not `.` or `..`, no separator
/// and no NUL. Any other name could write outside the checkout folder.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\0'])
        // On Windows a `\` separates folders and `c:x` names a drive.
        && !(cfg!(windows) && name.contains(['\\', ':']))
}

/// Whether `name` matches `pattern`: `*` any run of characters (also none), `?` one
/// character, anything else itself.
pub(crate) fn glob_matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// `YYYY-MM-DD` (UTC) of a time in seconds since the epoch.
fn ymd(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_git_tag_patterns() {
        assert!(glob_matches("ladder-v*", "ladder-v1"));
        assert!(glob_matches("ladder-v*", "ladder-v"));
        assert!(!glob_matches("ladder-v*", "v1"));
        assert!(glob_matches("v?", "v2"));
        assert!(!glob_matches("v?", "v22"));
        assert!(glob_matches("*", "anything"));
        assert!(glob_matches("a*b*c", "aXbYbZc"));
        assert!(!glob_matches("a*b*c", "aXbYbZ"));
        assert!(glob_matches("v1", "v1"));
        assert!(!glob_matches("v1", "v10"));
    }

    #[test]
    fn names_that_could_leave_the_folder_are_refused() {
        for bad in ["", ".", "..", "a/b", "a\0b"] {
            assert!(!is_plain_name(bad), "{bad:?}");
        }
        assert_eq!(is_plain_name("c:x"), !cfg!(windows));
        assert_eq!(is_plain_name("a\\b"), !cfg!(windows));
        assert!(is_plain_name("senior.md"));
        assert!(is_plain_name(".hidden"));
    }

    #[test]
    fn dates_are_utc_days() {
        assert_eq!(ymd(0), "1970-01-01");
        assert_eq!(ymd(951_782_400), "2000-02-29");
        assert_eq!(ymd(1_795_910_400), "2026-11-29");
        assert_eq!(ymd(-86_400), "1969-12-31");
    }
}
