//! Ladder versions: loading the ladder of a git revision through the build's own loader
//! (for `rungs diff`), and the site's version history (`versions: {tags: …}` in site.yaml):
//! which version the site is, what changed in each version, and which items changed last.
//!
//! A revision's `content/` and `themes/` are written into a private temporary folder by
//! [`crate::git`] and loaded with [`crate::content::load_ladder_cached`], exactly as a build
//! loads the working tree; [`crate::changes::compare`] compares two ladders. Outside git, in
//! a shallow clone, or without matching tags the history is empty and carries a one-line
//! note: never an error. A version whose content does not load is left out with a warning.

use crate::changes::{self, ItemRef, LadderDiff, Side};
use crate::config::VersionsConfig;
use crate::content::{self, model::Ladder};
use crate::diag::{Diagnostic, Diagnostics};
use crate::git::{CommitInfo, GitError, Repo, Tag};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Why a side of a comparison could not be loaded.
#[derive(Debug)]
pub(crate) enum LoadError {
    /// Not a git repository, or an unknown revision: a usage error (exit 2).
    Usage(String),
    /// The ladder at the revision has content errors (exit 1).
    Content {
        /// The revision as given, with its short commit: `v2 (abc1234)`.
        rev: String,
        /// Its errors, with paths relative to the site root.
        diagnostics: Diagnostics,
        /// The sources the errors point into (rendered before it is removed).
        excerpts: String,
    },
    /// The repository or the temporary folder failed (exit 1).
    Other(String),
}

/// One side of a comparison, loaded.
#[derive(Debug)]
pub(crate) struct LoadedSide {
    /// How it is named in the output.
    pub(crate) side: Side,
    /// Its validated ladder.
    pub(crate) ladder: Ladder,
}

fn git_error(e: GitError) -> LoadError {
    match e {
        GitError::NotARepository(_) | GitError::UnknownRevision(..) => {
            LoadError::Usage(e.to_string())
        }
        GitError::Other(why) => LoadError::Other(why),
    }
}

/// Loads the ladder of `root` at `rev`, or in the working tree when `rev` is `None`.
///
/// # Errors
/// See [`LoadError`].
pub(crate) fn load_side(
    root: &Path,
    rev: Option<&str>,
    drafts: bool,
) -> Result<LoadedSide, LoadError> {
    let Some(rev) = rev else {
        let loaded = content::load_ladder_cached(root, |_| {}, drafts, None).map_err(|d| {
            let excerpts = crate::report::human(&d, &mut crate::report::Sources::new(root), true);
            LoadError::Content {
                rev: "the working tree".into(),
                diagnostics: d,
                excerpts,
            }
        })?;
        return Ok(LoadedSide {
            side: Side {
                rev: "working tree".into(),
                commit: None,
            },
            ladder: loaded.ladder,
        });
    };
    let repo = Repo::discover(root).map_err(git_error)?;
    let commit = repo.resolve(rev).map_err(git_error)?;
    let ladder = load_commit(&repo, &commit, drafts).map_err(|e| match e {
        CommitLoad::Git(e) => git_error(e),
        CommitLoad::Content(diagnostics, excerpts) => LoadError::Content {
            rev: format!("`{rev}` ({})", commit.short),
            diagnostics,
            excerpts,
        },
    })?;
    Ok(LoadedSide {
        side: Side {
            rev: rev.to_string(),
            commit: Some(commit.id),
        },
        ladder,
    })
}

enum CommitLoad {
    Git(GitError),
    /// Errors, and their report with excerpts (made before the checkout is removed).
    Content(Diagnostics, String),
}

/// Ladders of commits already loaded by this process, by (repository folder, commit,
/// drafts): a commit never changes, so `serve` loads each version once, not on every
/// rebuild. Bounded: emptied when it holds [`CACHE_LIMIT`] ladders.
static LOADED: std::sync::OnceLock<std::sync::Mutex<LadderCache>> = std::sync::OnceLock::new();

/// Loaded ladders by (repository, commit id, drafts).
type LadderCache = HashMap<(String, String, bool), Arc<Ladder>>;

/// Most ladders [`LOADED`] keeps.
const CACHE_LIMIT: usize = 64;

/// [`load_commit`], reusing a ladder this process already loaded for the same commit.
fn load_commit_cached(
    repo: &Repo,
    commit: &CommitInfo,
    drafts: bool,
) -> Result<Arc<Ladder>, CommitLoad> {
    let key = (repo.location(), commit.id.clone(), drafts);
    let cache = LOADED.get_or_init(Default::default);
    if let Some(ladder) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(ladder);
    }
    let ladder = Arc::new(load_commit(repo, commit, drafts)?);
    if let Ok(mut c) = cache.lock() {
        insert_bounded(&mut c, key, Arc::clone(&ladder), CACHE_LIMIT);
    }
    Ok(ladder)
}

/// Inserts into `cache`, emptying it first when it holds `limit` entries.
fn insert_bounded<K: std::hash::Hash + Eq, V>(
    cache: &mut HashMap<K, V>,
    key: K,
    value: V,
    limit: usize,
) {
    if cache.len() >= limit {
        cache.clear();
    }
    cache.insert(key, value);
}

fn load_commit(repo: &Repo, commit: &CommitInfo, drafts: bool) -> Result<Ladder, CommitLoad> {
    let checkout = repo.checkout(commit).map_err(CommitLoad::Git)?;
    let root = checkout.root();
    match content::load_ladder_cached(root, |_| {}, drafts, None) {
        Ok(loaded) => Ok(loaded.ladder),
        Err(d) => {
            let excerpts = crate::report::human(&d, &mut crate::report::Sources::new(root), true);
            Err(CommitLoad::Content(d, excerpts))
        }
    }
}

/// One version of the ladder: a tag, and what changed since the version before it.
#[derive(Debug, Clone)]
pub(crate) struct Version {
    /// The tag's name.
    pub(crate) name: String,
    /// The id of its section on the changes page: [`version_anchor`] of its name, made
    /// unique among the versions (`-2`, `-3` … for a name whose anchor an older one took).
    pub(crate) anchor: String,
    /// Its commit.
    pub(crate) commit: CommitInfo,
    /// What changed since the previous version; `None` for the first one.
    pub(crate) diff: Option<LadderDiff>,
}

/// Which version the site shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Current {
    /// The newest version tag at or before HEAD, if any.
    pub(crate) tag: Option<String>,
    /// Commits on HEAD since that tag (0 when HEAD is the tag).
    pub(crate) commits_since: usize,
    /// HEAD's short commit id.
    pub(crate) short: String,
    /// HEAD's date, `YYYY-MM-DD`.
    pub(crate) date: String,
}

/// A "changed in" mark on an item: the version's name and the anchor of its section on the
/// changes page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mark {
    /// The version (`ladder-v3`), or the label for unreleased changes.
    pub(crate) version: String,
    /// The section's id on the changes page.
    pub(crate) anchor: String,
    /// Whether the change is not in a version yet.
    pub(crate) unreleased: bool,
}

/// The ladder's history as the site shows it.
#[derive(Debug, Clone, Default)]
pub(crate) struct History {
    /// Versions newest first.
    pub(crate) versions: Vec<Version>,
    /// What changed in the built content since the newest version, when anything did.
    pub(crate) unreleased: Option<LadderDiff>,
    /// The version the site is; `None` outside git.
    pub(crate) current: Option<Current>,
    /// `serve` only: what changed in the working tree since HEAD, when anything did.
    pub(crate) unsaved: Option<LadderDiff>,
    /// Why there is no history, in one line (outside git, shallow clone, no tags).
    pub(crate) note: Option<String>,
    /// The items of the built ladder that changed in the latest change set, by track.
    pub(crate) marks: HashMap<(usize, ItemRef), Mark>,
}

/// The anchor of the unreleased changes on the changes page.
pub(crate) const UNRELEASED_ANCHOR: &str = "unreleased";

/// The anchor of the unsaved changes on the changes page (`serve`).
pub(crate) const UNSAVED_ANCHOR: &str = "unsaved";

/// The anchor of a version's section on the changes page: `v-` and its name, every
/// character that is not a letter, digit, `-`, `_` or `.` made `-`.
pub(crate) fn version_anchor(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("v-{safe}")
}

/// `name` as one word of a POSIX shell command to copy and paste: as it is when it holds only
/// characters no shell reads specially (`ladder-v1.2`, `release/2026`), otherwise in single
/// quotes. A tag name may hold `$`, `;`, `|`, `(` …: a suggested command must never run what
/// a tag's name says.
fn shell_word(name: &str) -> String {
    let plain = !name.is_empty()
        && name.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | '+' | ',' | '=' | '@' | '%')
        });
    if plain {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}

/// `anchor`, or its first variant `anchor-2`, `anchor-3` … not in `taken`; taken from then on.
/// Tag names that differ only in characters an anchor replaces (`v1/a`, `v1+a`) get one
/// section id each.
fn unique_anchor(taken: &mut std::collections::HashSet<String>, anchor: String) -> String {
    let mut candidate = anchor.clone();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{anchor}-{n}");
    }
    taken.insert(candidate.clone());
    candidate
}

/// The history of the site at `root` whose built ladder is `ladder`. With `preview`
/// (`serve`), also what changed since HEAD. Never fails: what cannot be had becomes the
/// note, and a version that does not load a warning.
pub(crate) fn load_history(
    root: &Path,
    config: &VersionsConfig,
    ladder: &Ladder,
    drafts: bool,
    preview: bool,
) -> (History, Diagnostics) {
    let mut warnings = Diagnostics::new();
    let mut history = History::default();
    let repo = match Repo::discover(root) {
        Ok(repo) => repo,
        Err(_) => {
            history.note = Some("not a git repository: no version history".into());
            return (history, warnings);
        }
    };
    let Some(head) = repo.head() else {
        history.note = Some("no commit yet: no version history".into());
        return (history, warnings);
    };
    if repo.is_shallow() {
        history.note = Some(
            "a shallow clone: no version history (fetch the whole history, e.g. `fetch-depth: 0`)"
                .into(),
        );
        return (history, warnings);
    }
    let tags: Vec<Tag> = match repo.tags(&config.tags) {
        Ok(tags) => tags,
        Err(e) => {
            history.note = Some(format!("the version tags cannot be read: {e}"));
            return (history, warnings);
        }
    };
    // Versions at or before HEAD only: a tag of another branch is not this site's past.
    let tags: Vec<Tag> = tags.into_iter().filter(|t| is_ancestor(&repo, t)).collect();
    if preview && let Ok(head_ladder) = load_commit_cached(&repo, &head, drafts) {
        let diff = changes::compare(&head_ladder, ladder);
        if !diff.is_empty() {
            history.unsaved = Some(diff);
        }
    }
    let newest = tags.last().cloned();
    history.current = Some(Current {
        tag: newest.as_ref().map(|t| t.name.clone()),
        commits_since: newest
            .as_ref()
            .and_then(|t| repo.commits_since(&t.commit).ok())
            .unwrap_or(0),
        short: head.short.clone(),
        date: head.date.clone(),
    });
    if tags.is_empty() {
        history.note = Some(format!("no tag matches `{}`: no versions yet", config.tags));
        return (history, warnings);
    }
    let mut loaded: Vec<(Tag, Arc<Ladder>)> = Vec::new();
    for tag in tags {
        match load_commit_cached(&repo, &tag.commit, drafts) {
            Ok(l) => loaded.push((tag, l)),
            Err(CommitLoad::Git(e)) => warnings.push(Diagnostic::warning(
                crate::diag::Location::file_start(crate::config::SITE_CONFIG_PATH),
                format!("version `{}` cannot be read: {e}", tag.name),
            )),
            Err(CommitLoad::Content(d, _)) => warnings.push(
                Diagnostic::warning(
                    crate::diag::Location::file_start(crate::config::SITE_CONFIG_PATH),
                    format!(
                        "version `{}` is left out of the changes page: its content has {} error{} (`rungs diff {rev} {rev}` shows them)",
                        tag.name,
                        d.error_count(),
                        if d.error_count() == 1 { "" } else { "s" },
                        rev = shell_word(&tag.name),
                    ),
                ),
            ),
        }
    }
    let mut versions: Vec<Version> = Vec::new();
    let mut anchors = std::collections::HashSet::new();
    for (i, (tag, l)) in loaded.iter().enumerate() {
        versions.push(Version {
            name: tag.name.clone(),
            anchor: unique_anchor(&mut anchors, version_anchor(&tag.name)),
            commit: tag.commit.clone(),
            diff: i.checked_sub(1).map(|p| changes::compare(&loaded[p].1, l)),
        });
    }
    // The latest change set, compared with the built ladder so marks index its items.
    if let (Some((newest, newest_ladder)), Some(newest_version)) = (loaded.last(), versions.last())
    {
        let unreleased = changes::compare(newest_ladder, ladder);
        if unreleased.is_empty() {
            if loaded.len() >= 2 {
                let since = changes::compare(&loaded[loaded.len() - 2].1, ladder);
                add_marks(
                    &mut history.marks,
                    &since,
                    &newest.name,
                    &newest_version.anchor,
                    false,
                );
            }
        } else {
            add_marks(
                &mut history.marks,
                &unreleased,
                &newest.name,
                UNRELEASED_ANCHOR,
                true,
            );
            history.unreleased = Some(unreleased);
        }
    }
    versions.reverse();
    history.versions = versions;
    (history, warnings)
}

fn is_ancestor(repo: &Repo, tag: &Tag) -> bool {
    repo.is_ancestor_of_head(&tag.commit).unwrap_or(false)
}

fn add_marks(
    marks: &mut HashMap<(usize, ItemRef), Mark>,
    diff: &LadderDiff,
    version: &str,
    anchor: &str,
    unreleased: bool,
) {
    for key in diff.changed_items() {
        marks.insert(
            key,
            Mark {
                version: version.to_string(),
                anchor: anchor.to_string(),
                unreleased,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_is_emptied_when_full() {
        let mut cache = HashMap::new();
        insert_bounded(&mut cache, 1, "a", 2);
        insert_bounded(&mut cache, 2, "b", 2);
        assert_eq!(cache.len(), 2);
        insert_bounded(&mut cache, 3, "c", 2);
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.get(&3), Some(&"c"));
    }

    #[test]
    fn anchors_keep_safe_characters_only() {
        assert_eq!(version_anchor("ladder-v1.2_x"), "v-ladder-v1.2_x");
        assert_eq!(version_anchor("v1/\"<b>"), "v-v1---b-");
    }

    #[test]
    fn tag_names_in_suggested_commands_are_single_shell_words() {
        assert_eq!(shell_word("ladder-v1.2_x"), "ladder-v1.2_x");
        assert_eq!(shell_word("release/2026+b"), "release/2026+b");
        assert_eq!(shell_word("v$(touch${IFS}x)"), "'v$(touch${IFS}x)'");
        assert_eq!(shell_word("v1;rm"), "'v1;rm'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn anchors_are_made_unique_in_order() {
        let mut taken = std::collections::HashSet::new();
        let got: Vec<String> = ["v-a", "v-a", "v-a-2", "v-a", "v-b"]
            .iter()
            .map(|a| unique_anchor(&mut taken, (*a).to_string()))
            .collect();
        assert_eq!(got, ["v-a", "v-a-2", "v-a-2-2", "v-a-3", "v-b"]);
    }
}
