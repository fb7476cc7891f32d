//! Reading the ladder's git history with `gix`: finding the repository that holds a site
//! root, resolving a revision, listing version tags, describing HEAD, finding when each
//! source file last changed ([`Repo::last_changes`]), and writing the site files of one
//! revision into a private temporary folder.
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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

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
        let mut repo = gix::discover(root).map_err(|e| GitError::NotARepository(e.to_string()))?;
        // Walking history reads each tree of a path's folders twice in a row: keep them.
        repo.object_cache_size_if_unset(4 * 1024 * 1024);
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

/// When a path last changed, as [`Repo::last_changes`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LastChange {
    /// The date (`YYYY-MM-DD`, UTC) of the newest commit on HEAD's first-parent line that
    /// changed the file.
    Changed(String),
    /// Not in HEAD's tree: untracked, only staged, or removed (an unborn branch has none).
    NotCommitted,
    /// In HEAD's tree, but unchanged as far back as the history goes: a shallow clone's
    /// boundary, or the walk's bound.
    Beyond(Cut),
}

/// Where the history a walk could read ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    /// The repository is a shallow clone: its oldest commit's parent is missing.
    Shallow,
    /// The walk read as many commits as it was allowed to.
    Limit,
}

/// The tracked paths as a tree of their folders, each node knowing how many of the paths
/// below it are still undated, so the walk visits only folders that hold one.
#[derive(Debug, Default)]
struct PathTree {
    nodes: Vec<PathNode>,
    /// The node of each path, by the path's index.
    node_of: Vec<usize>,
    /// Whether each path is dated (settled), by the path's index.
    settled: Vec<bool>,
}

#[derive(Debug, Default)]
struct PathNode {
    /// The folder above; the root's is itself.
    parent: usize,
    /// Entries of this folder that lead to a path, sorted by name.
    children: Vec<(Vec<u8>, usize)>,
    /// The paths (indexes) that name this node itself.
    leaves: Vec<usize>,
    /// Paths at or below this node not dated yet.
    pending: usize,
}

/// One folder's entries that matter, aligned with its node's `children`: mode and id, or
/// `None` where the folder has no such entry.
type Entries = Rc<Vec<Option<(gix::objs::tree::EntryMode, gix::ObjectId)>>>;

impl PathTree {
    fn new(paths: &[String]) -> PathTree {
        let mut tree = PathTree {
            nodes: vec![PathNode::default()],
            node_of: Vec::with_capacity(paths.len()),
            settled: vec![false; paths.len()],
        };
        for (i, path) in paths.iter().enumerate() {
            let mut node = 0;
            for part in path.split('/').filter(|p| !p.is_empty()) {
                let part = part.as_bytes();
                node = match tree.nodes[node]
                    .children
                    .binary_search_by(|(name, _)| name.as_slice().cmp(part))
                {
                    Ok(k) => tree.nodes[node].children[k].1,
                    Err(k) => {
                        let child = tree.nodes.len();
                        tree.nodes.push(PathNode {
                            parent: node,
                            ..PathNode::default()
                        });
                        tree.nodes[node].children.insert(k, (part.to_vec(), child));
                        child
                    }
                };
            }
            tree.nodes[node].leaves.push(i);
            tree.node_of.push(node);
            loop {
                tree.nodes[node].pending += 1;
                if node == 0 {
                    break;
                }
                node = tree.nodes[node].parent;
            }
        }
        tree
    }

    /// Marks path `i` dated (once: a second time changes nothing).
    fn settle(&mut self, i: usize) {
        if std::mem::replace(&mut self.settled[i], true) {
            return;
        }
        let mut node = self.node_of[i];
        loop {
            self.nodes[node].pending -= 1;
            if node == 0 {
                break;
            }
            node = self.nodes[node].parent;
        }
    }

    fn pending(&self) -> usize {
        self.nodes[0].pending
    }
}

/// Reads folders' entries for a walk, keeping those of the last two commits: the parent of
/// one commit is the next commit, so each tree is read once.
struct TreeReader<'r> {
    repo: &'r gix::Repository,
    current: HashMap<(usize, gix::ObjectId), Entries>,
    previous: HashMap<(usize, gix::ObjectId), Entries>,
}

impl TreeReader<'_> {
    fn next_commit(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }

    fn entries(
        &mut self,
        paths: &PathTree,
        node: usize,
        id: gix::ObjectId,
    ) -> Result<Entries, GitError> {
        let key = (node, id);
        if let Some(found) = self.current.get(&key).or_else(|| self.previous.get(&key)) {
            let found = Rc::clone(found);
            self.current.insert(key, Rc::clone(&found));
            return Ok(found);
        }
        let children = &paths.nodes[node].children;
        let mut out = vec![None; children.len()];
        let tree = self.repo.find_tree(id).map_err(|e| other("a tree", e))?;
        for entry in tree.iter() {
            let entry = entry.map_err(|e| other("a tree", e))?;
            let name: &[u8] = entry.filename();
            if let Ok(k) = children.binary_search_by(|(n, _)| n.as_slice().cmp(name)) {
                out[k] = Some((entry.mode(), entry.object_id()));
            }
        }
        let out = Rc::new(out);
        self.current.insert(key, Rc::clone(&out));
        Ok(out)
    }

    /// Settles the paths below `node` that are not in the tree `id` (`None`: no such folder)
    /// as never committed.
    fn absent(
        &mut self,
        paths: &mut PathTree,
        node: usize,
        id: Option<gix::ObjectId>,
        out: &mut [Option<LastChange>],
    ) -> Result<(), GitError> {
        let entries = match id {
            Some(id) => Some(self.entries(paths, node, id)?),
            None => None,
        };
        for k in 0..paths.nodes[node].children.len() {
            let child = paths.nodes[node].children[k].1;
            let entry = entries.as_ref().and_then(|e| e[k]);
            if entry.is_none_or(|(mode, _)| mode.is_tree()) {
                for leaf in paths.nodes[child].leaves.clone() {
                    out[leaf] = Some(LastChange::NotCommitted);
                    paths.settle(leaf);
                }
            }
            if !paths.nodes[child].children.is_empty() {
                let sub = entry.filter(|(mode, _)| mode.is_tree()).map(|(_, id)| id);
                self.absent(paths, child, sub, out)?;
            }
        }
        Ok(())
    }

    /// The undated paths below `node` whose entry differs between the trees `new` and `old`
    /// (`None`: no such folder), into `changed`. Folders whose id is the same on both sides
    /// are not read.
    fn diff(
        &mut self,
        paths: &PathTree,
        node: usize,
        new: gix::ObjectId,
        old: Option<gix::ObjectId>,
        changed: &mut Vec<usize>,
    ) -> Result<(), GitError> {
        if old == Some(new) || paths.nodes[node].pending == 0 {
            return Ok(());
        }
        let new_entries = self.entries(paths, node, new)?;
        let old_entries = match old {
            Some(old) => Some(self.entries(paths, node, old)?),
            None => None,
        };
        for (k, (_, child)) in paths.nodes[node].children.iter().enumerate() {
            let child = *child;
            if paths.nodes[child].pending == 0 {
                continue;
            }
            let (n, o) = (new_entries[k], old_entries.as_ref().and_then(|e| e[k]));
            if n == o {
                continue;
            }
            changed.extend(
                paths.nodes[child]
                    .leaves
                    .iter()
                    .filter(|&&leaf| !paths.settled[leaf]),
            );
            if let Some((mode, id)) = n
                && mode.is_tree()
            {
                let old = o.filter(|(mode, _)| mode.is_tree()).map(|(_, id)| id);
                self.diff(paths, child, id, old, changed)?;
            }
        }
        Ok(())
    }
}

/// The most commits [`Repo::last_changes`] reads by default.
pub(crate) const WALK_LIMIT: usize = 100_000;

impl Repo {
    /// When each of `paths` (files, `/`-separated, relative to the site root) last changed:
    /// one walk from HEAD back along first parents, comparing each commit's tree with its
    /// parent's for the paths not dated yet (folders whose id did not change are skipped),
    /// stopping once every path is dated, at a shallow clone's boundary, or after `limit`
    /// commits. Aligned with `paths`. Merged branches count as their merge commit.
    ///
    /// # Errors
    /// The history cannot be read.
    pub(crate) fn last_changes(
        &self,
        paths: &[String],
        limit: usize,
    ) -> Result<Vec<LastChange>, GitError> {
        let full: Vec<String> = paths
            .iter()
            .map(|p| {
                if self.prefix.is_empty() {
                    p.clone()
                } else {
                    format!("{}/{p}", self.prefix)
                }
            })
            .collect();
        let mut out: Vec<Option<LastChange>> = vec![None; paths.len()];
        let Ok(mut commit) = self.repo.head_commit() else {
            return Ok(vec![LastChange::NotCommitted; paths.len()]);
        };
        let mut tree = PathTree::new(&full);
        let mut reader = TreeReader {
            repo: &self.repo,
            current: HashMap::new(),
            previous: HashMap::new(),
        };
        let tree_of = |c: &gix::Commit<'_>| -> Result<gix::ObjectId, GitError> {
            c.tree_id()
                .map(gix::Id::detach)
                .map_err(|e| other("a commit's tree", e))
        };
        reader.absent(&mut tree, 0, Some(tree_of(&commit)?), &mut out)?;
        let mut walked = 0;
        let mut changed = Vec::new();
        while tree.pending() > 0 {
            if walked == limit {
                settle_rest(&mut tree, &mut out, || LastChange::Beyond(Cut::Limit));
                break;
            }
            walked += 1;
            let time = commit.time().map_err(|e| other("a commit's date", e))?;
            let date = ymd(time.seconds);
            let parent = commit.parent_ids().next().map(gix::Id::detach);
            let Some(parent) = parent else {
                // The first commit: it added every path still undated.
                settle_rest(&mut tree, &mut out, || LastChange::Changed(date.clone()));
                break;
            };
            // A shallow clone's boundary: the parent is not in the repository, so what this
            // commit changed cannot be known. (Where the parent is there after all, fetched
            // for another branch, the comparison is exact and the walk goes on.)
            if !self.repo.has_object(parent) {
                settle_rest(&mut tree, &mut out, || LastChange::Beyond(Cut::Shallow));
                break;
            }
            let parent = self
                .repo
                .find_commit(parent)
                .map_err(|e| other("a commit", e))?;
            changed.clear();
            reader.diff(
                &tree,
                0,
                tree_of(&commit)?,
                Some(tree_of(&parent)?),
                &mut changed,
            )?;
            for &i in &changed {
                out[i] = Some(LastChange::Changed(date.clone()));
                tree.settle(i);
            }
            reader.next_commit();
            commit = parent;
        }
        Ok(out
            .into_iter()
            .map(|c| c.unwrap_or(LastChange::NotCommitted))
            .collect())
    }
}

/// Settles every undated path with `change()`.
fn settle_rest(
    tree: &mut PathTree,
    out: &mut [Option<LastChange>],
    change: impl Fn() -> LastChange,
) {
    for (i, slot) in out.iter_mut().enumerate() {
        if slot.is_none() {
            *slot = Some(change());
            tree.settle(i);
        }
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
pub(crate) mod tests {
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

    /// Runs git in `dir` with a fixed identity, no user configuration and `date` as both
    /// dates (`None`: now).
    pub(crate) fn git(dir: &Path, date: Option<&str>, args: &[&str]) {
        let mut command = std::process::Command::new("git");
        command
            .current_dir(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null");
        if let Some(date) = date {
            command
                .env("GIT_AUTHOR_DATE", date)
                .env("GIT_COMMITTER_DATE", date);
        }
        let out = command.output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub(crate) fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub(crate) fn commit_all(dir: &Path, day: &str) {
        git(dir, None, &["add", "-A"]);
        let date = format!("{day}T12:00:00Z");
        git(dir, Some(&date), &["commit", "-q", "-m", day]);
    }

    fn changed(day: &str) -> LastChange {
        LastChange::Changed(day.to_string())
    }

    fn last_changes(root: &Path, paths: &[&str], limit: usize) -> Vec<LastChange> {
        let paths: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        Repo::discover(root)
            .unwrap()
            .last_changes(&paths, limit)
            .unwrap()
    }

    /// a.md and d/b.md, d/c.md, e/f.md in a first commit; b changed in the second, a in the
    /// third, an unrelated file in the fourth, f removed in the fifth.
    fn history() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, None, &["init", "-q", "-b", "main"]);
        for (path, text) in [
            ("a.md", "a"),
            ("d/b.md", "b"),
            ("d/c.md", "c"),
            ("e/f.md", "f"),
        ] {
            write(root, path, text);
        }
        commit_all(root, "2026-01-01");
        write(root, "d/b.md", "b2");
        commit_all(root, "2026-02-01");
        write(root, "a.md", "a2");
        commit_all(root, "2026-03-01");
        write(root, "other.txt", "x");
        commit_all(root, "2026-04-01");
        std::fs::remove_file(root.join("e/f.md")).unwrap();
        commit_all(root, "2026-05-01");
        dir
    }

    #[test]
    fn each_path_gets_the_date_of_its_newest_change() {
        let dir = history();
        let root = dir.path();
        // Untracked, removed (but back in the working tree), and edited but not committed.
        write(root, "d/new.md", "new");
        write(root, "e/f.md", "f again");
        write(root, "d/c.md", "c edited");
        assert_eq!(
            last_changes(
                root,
                &[
                    "a.md",
                    "d/b.md",
                    "d/c.md",
                    "d/new.md",
                    "e/f.md",
                    "nowhere/x.md",
                    "d"
                ],
                WALK_LIMIT
            ),
            [
                changed("2026-03-01"),
                changed("2026-02-01"),
                changed("2026-01-01"),
                LastChange::NotCommitted,
                LastChange::NotCommitted,
                LastChange::NotCommitted,
                // A folder is not a file.
                LastChange::NotCommitted,
            ]
        );
        // Re-added: the commit that brought it back.
        commit_all(root, "2026-06-01");
        assert_eq!(
            last_changes(root, &["e/f.md", "d/c.md", "d/b.md"], WALK_LIMIT),
            [
                changed("2026-06-01"),
                changed("2026-06-01"),
                changed("2026-02-01")
            ]
        );
    }

    #[test]
    fn the_walk_stops_at_its_limit_and_marks_what_it_did_not_reach() {
        let dir = history();
        let root = dir.path();
        let paths = ["a.md", "d/b.md", "d/c.md"];
        // HEAD changed none of them: one commit dates nothing.
        assert_eq!(
            last_changes(root, &paths, 1),
            vec![LastChange::Beyond(Cut::Limit); 3]
        );
        assert_eq!(
            last_changes(root, &paths, 3),
            [
                changed("2026-03-01"),
                LastChange::Beyond(Cut::Limit),
                LastChange::Beyond(Cut::Limit)
            ]
        );
        assert_eq!(
            last_changes(root, &paths, 4),
            [
                changed("2026-03-01"),
                changed("2026-02-01"),
                LastChange::Beyond(Cut::Limit)
            ]
        );
        assert_eq!(
            last_changes(root, &paths, 5),
            [
                changed("2026-03-01"),
                changed("2026-02-01"),
                changed("2026-01-01")
            ]
        );
    }

    #[test]
    fn a_shallow_clone_dates_only_what_changed_inside_its_history() {
        let origin = history();
        let url = format!("file://{}", origin.path().display());
        for (depth, expected) in [
            (
                "1",
                [
                    LastChange::Beyond(Cut::Shallow),
                    LastChange::Beyond(Cut::Shallow),
                ],
            ),
            (
                "4",
                [changed("2026-03-01"), LastChange::Beyond(Cut::Shallow)],
            ),
        ] {
            let clone = tempfile::tempdir().unwrap();
            git(
                clone.path(),
                None,
                &["clone", "-q", "--depth", depth, &url, "."],
            );
            assert!(Repo::discover(clone.path()).unwrap().is_shallow());
            assert_eq!(
                last_changes(clone.path(), &["a.md", "d/b.md"], WALK_LIMIT),
                expected,
                "depth {depth}"
            );
        }
    }

    #[test]
    fn a_merged_branch_counts_as_its_merge_on_the_first_parent_line() {
        let dir = history();
        let root = dir.path();
        git(root, None, &["checkout", "-q", "-b", "side"]);
        write(root, "d/c.md", "c on a branch");
        commit_all(root, "2026-07-01");
        git(root, None, &["checkout", "-q", "main"]);
        write(root, "a.md", "a3");
        commit_all(root, "2026-07-02");
        git(
            root,
            Some("2026-07-03T12:00:00Z"),
            &["merge", "-q", "--no-ff", "-m", "merge", "side"],
        );
        assert_eq!(
            last_changes(root, &["d/c.md", "a.md", "d/b.md"], WALK_LIMIT),
            [
                changed("2026-07-03"),
                changed("2026-07-02"),
                changed("2026-02-01")
            ]
        );
    }

    #[test]
    fn paths_are_relative_to_a_site_root_in_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, None, &["init", "-q", "-b", "main"]);
        write(root, "site/content/a.md", "a");
        write(root, "content/a.md", "outside the site");
        commit_all(root, "2026-01-01");
        write(root, "content/a.md", "outside the site, changed");
        commit_all(root, "2026-02-01");
        assert_eq!(
            last_changes(&root.join("site"), &["content/a.md"], WALK_LIMIT),
            [changed("2026-01-01")]
        );
    }

    #[test]
    fn without_commits_nothing_is_dated() {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), None, &["init", "-q", "-b", "main"]);
        write(dir.path(), "a.md", "a");
        assert_eq!(
            last_changes(dir.path(), &["a.md"], WALK_LIMIT),
            [LastChange::NotCommitted]
        );
    }

    #[test]
    fn the_path_tree_counts_what_is_pending_below_each_folder() {
        let paths: Vec<String> = ["a/b/c", "a/b/d", "a/e", "f", "a/e"]
            .iter()
            .map(|p| p.to_string())
            .collect();
        let mut tree = PathTree::new(&paths);
        assert_eq!(tree.pending(), 5);
        let a = tree.nodes[0].children[0].1;
        assert_eq!(tree.nodes[0].children[0].0, b"a");
        assert_eq!(tree.nodes[0].children[1].0, b"f");
        assert_eq!(tree.nodes[a].pending, 4);
        assert_eq!(tree.node_of[2], tree.node_of[4]);
        tree.settle(0);
        assert_eq!((tree.pending(), tree.nodes[a].pending), (4, 3));
        tree.settle(3);
        assert_eq!((tree.pending(), tree.nodes[a].pending), (3, 3));
        tree.settle(3);
        assert_eq!((tree.pending(), tree.nodes[a].pending), (3, 3));
    }
}
