//! "Last updated" dates from git: when the source file of each page made from one file (the
//! home page's `content/_index.md`, a track's home, a level, a growth area, a free page) last
//! changed, and HEAD's date for the printable ladder. Never the build time: outside git, for
//! a file not committed yet, or for one older than a shallow clone's history, there is no
//! date.
//!
//! The dates come from one walk of HEAD's first-parent history ([`Repo::last_changes`]).
//! A walk's result depends only on HEAD, so this process keeps it by HEAD's commit
//! ([`KNOWN`]): `serve`, which rebuilds after every edit, walks the history again only when
//! HEAD moves or a new file appears. A file with uncommitted edits keeps its last commit's
//! date. Outside git, finding that out costs one search for a `.git` folder upwards.

use crate::config::SITE_CONFIG_PATH;
use crate::content::model::Ladder;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::git::{Cut, LastChange, Repo, WALK_LIMIT};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// The dates a build shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct GitDates {
    /// When each dated source file last changed (`YYYY-MM-DD`, UTC), by its path from the
    /// site root (`content/levels/senior.md`). Empty with `last_updated: false`.
    pages: HashMap<String, String>,
    /// HEAD's date (`YYYY-MM-DD`, UTC); `None` outside git or before the first commit.
    pub(crate) head: Option<String>,
}

impl GitDates {
    /// When the source file `path` (from the site root) last changed, if known.
    pub(crate) fn of(&self, path: &str) -> Option<&str> {
        self.pages.get(path).map(String::as_str)
    }
}

/// What this process learned of each source path, by (repository, HEAD commit id).
type Known = HashMap<(String, String), HashMap<String, LastChange>>;

/// Walks already done, by HEAD: `serve` rebuilds on every edit without walking again.
static KNOWN: OnceLock<Mutex<Known>> = OnceLock::new();

/// Most HEADs [`KNOWN`] remembers (emptied when full).
const KNOWN_LIMIT: usize = 8;

/// Every source file that makes one page, relative to the site root, `/`-separated, each
/// once.
fn source_paths(ladder: &Ladder) -> Vec<String> {
    let mut paths: Vec<&str> = Vec::new();
    paths.extend(ladder.intro.source_path.as_deref());
    for track in &ladder.tracks {
        paths.extend(track.source_path.as_deref());
        paths.extend(track.levels.iter().map(|l| l.source_path.as_str()));
        paths.extend(track.areas.iter().map(|a| a.source_path.as_str()));
    }
    paths.extend(ladder.pages.iter().map(|p| p.source_path.as_str()));
    // Already `/`-separated (see `fsx`), as git names them.
    let mut paths: Vec<String> = paths.into_iter().map(str::to_string).collect();
    paths.sort_unstable();
    paths.dedup();
    paths
}

/// The dates of the site at `root` whose ladder is `ladder`, with a warning when pages have
/// none because the history is cut short (a shallow clone, or the walk's bound). Never
/// fails: a history that cannot be read gives no dates and a warning.
pub(crate) fn load(root: &Path, ladder: &Ladder) -> (GitDates, Diagnostics) {
    load_with_limit(root, ladder, WALK_LIMIT)
}

fn load_with_limit(root: &Path, ladder: &Ladder, limit: usize) -> (GitDates, Diagnostics) {
    let mut warnings = Diagnostics::new();
    let Ok(repo) = Repo::discover(root) else {
        return (GitDates::default(), warnings);
    };
    let Some(head) = repo.head() else {
        return (GitDates::default(), warnings);
    };
    let mut dates = GitDates {
        pages: HashMap::new(),
        head: Some(head.date.clone()),
    };
    if !ladder.site.last_updated {
        return (dates, warnings);
    }
    let paths = source_paths(ladder);
    let key = (repo.location(), head.id.clone());
    let cache = KNOWN.get_or_init(Default::default);
    let mut known: HashMap<String, LastChange> = cache
        .lock()
        .ok()
        .and_then(|c| c.get(&key).cloned())
        .unwrap_or_default();
    let missing: Vec<String> = paths
        .iter()
        .filter(|p| !known.contains_key(*p))
        .cloned()
        .collect();
    if !missing.is_empty() {
        match repo.last_changes(&missing, limit) {
            Ok(changes) => {
                known.extend(missing.into_iter().zip(changes));
                if let Ok(mut c) = cache.lock() {
                    remember(&mut c, key, known.clone(), KNOWN_LIMIT);
                }
            }
            Err(e) => {
                warnings.push(Diagnostic::warning(
                    Location::file_start(SITE_CONFIG_PATH),
                    format!("the pages' \"last updated\" dates cannot be read from git: {e}"),
                ));
                return (dates, warnings);
            }
        }
    }
    let (mut shallow, mut limited) = (0, 0);
    for path in paths {
        match known.get(&path) {
            Some(LastChange::Changed(date)) => {
                dates.pages.insert(path, date.clone());
            }
            Some(LastChange::Beyond(Cut::Shallow)) => shallow += 1,
            Some(LastChange::Beyond(Cut::Limit)) => limited += 1,
            Some(LastChange::NotCommitted) | None => {}
        }
    }
    if shallow > 0 {
        warnings.push(
            Diagnostic::warning(
                Location::file_start(SITE_CONFIG_PATH),
                format!(
                    "{} no \"last updated\" date: the repository is a shallow clone and {} not change in the history it holds",
                    pages_phrase(shallow),
                    if shallow == 1 { "its file did" } else { "their files did" },
                ),
            )
            .with_help(
                "fetch the whole history (`fetch-depth: 0` with actions/checkout, `git fetch --unshallow` locally), or set `last_updated: false`",
            ),
        );
    }
    if limited > 0 {
        warnings.push(
            Diagnostic::warning(
                Location::file_start(SITE_CONFIG_PATH),
                format!(
                    "{} no \"last updated\" date: {} not change in the newest {limit} commits, as far as rungs reads",
                    pages_phrase(limited),
                    if limited == 1 { "its file did" } else { "their files did" },
                ),
            )
            .with_help("set `last_updated: false` to show no dates"),
        );
    }
    (dates, warnings)
}

/// Keeps `value` for `key` in `cache`, emptying it first when it holds `limit` other keys.
fn remember<V>(
    cache: &mut HashMap<(String, String), V>,
    key: (String, String),
    value: V,
    limit: usize,
) {
    if cache.len() >= limit && !cache.contains_key(&key) {
        cache.clear();
    }
    cache.insert(key, value);
}

/// "1 page has", "3 pages have".
fn pages_phrase(n: usize) -> String {
    if n == 1 {
        "1 page has".to_string()
    } else {
        format!("{n} pages have")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::tests::{commit_all, git, write};

    fn level(title: &str, rank: u32) -> String {
        format!("---\ntitle: {title}\nrank: {rank}\ncompetencies:\n  craft:\n    - Builds\n---\n")
    }

    fn ladder(root: &Path) -> Ladder {
        crate::content::load_ladder_cached(root, |_| {}, false, None)
            .expect("the site loads")
            .ladder
    }

    /// Levels a and b on 2026-01-01, b changed on 2026-02-01.
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, None, &["init", "-q", "-b", "main"]);
        write(
            root,
            "content/site.yaml",
            "title: T\ncategories:\n  - id: craft\n    title: Craft\n",
        );
        write(root, "content/levels/a.md", &level("A", 1));
        write(root, "content/levels/b.md", &level("B", 2));
        commit_all(root, "2026-01-01");
        write(root, "content/levels/b.md", &level("Bee", 2));
        commit_all(root, "2026-02-01");
        dir
    }

    #[test]
    fn every_page_file_is_dated_and_head_too() {
        let dir = site();
        let root = dir.path();
        let (dates, warnings) = load(root, &ladder(root));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(dates.of("content/levels/a.md"), Some("2026-01-01"));
        assert_eq!(dates.of("content/levels/b.md"), Some("2026-02-01"));
        assert_eq!(dates.head.as_deref(), Some("2026-02-01"));
        // A new file, once the history is known: no date for it, the others kept.
        write(root, "content/levels/c.md", &level("C", 3));
        let (dates, warnings) = load(root, &ladder(root));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(dates.of("content/levels/c.md"), None);
        assert_eq!(dates.of("content/levels/a.md"), Some("2026-01-01"));
        // Turned off: no page dates, HEAD's date kept.
        let mut off = ladder(root);
        off.site.last_updated = false;
        let (dates, _) = load(root, &off);
        assert_eq!(dates.of("content/levels/a.md"), None);
        assert_eq!(dates.head.as_deref(), Some("2026-02-01"));
        // Outside git: nothing.
        let plain = tempfile::tempdir().unwrap();
        write(
            plain.path(),
            "content/site.yaml",
            "title: T\ncategories:\n  - id: craft\n    title: Craft\n",
        );
        write(plain.path(), "content/levels/a.md", &level("A", 1));
        let (dates, warnings) = load(plain.path(), &ladder(plain.path()));
        assert_eq!(dates, GitDates::default());
        assert!(warnings.is_empty());
    }

    #[test]
    fn the_cache_keeps_at_most_its_limit_of_heads() {
        let key = |n: &str| ("repo".to_string(), n.to_string());
        let mut cache = HashMap::new();
        remember(&mut cache, key("a"), 1, 2);
        remember(&mut cache, key("b"), 2, 2);
        // The same key again: replaced, nothing dropped.
        remember(&mut cache, key("b"), 3, 2);
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get(&key("b")), Some(&3));
        // A third key: emptied first.
        remember(&mut cache, key("c"), 4, 2);
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.get(&key("c")), Some(&4));
    }

    #[test]
    fn a_shallow_clone_warns_once_for_the_pages_it_cannot_date() {
        let origin = site();
        write(origin.path(), "content/levels/b.md", &level("Bees", 2));
        commit_all(origin.path(), "2026-03-01");
        let url = format!("file://{}", origin.path().display());
        for (depth, undated, warning) in [
            (
                "2",
                "content/levels/a.md",
                "1 page has no \"last updated\" date: the repository is a shallow clone and its file did not change in the history it holds",
            ),
            (
                "1",
                "content/levels/b.md",
                "2 pages have no \"last updated\" date: the repository is a shallow clone and their files did not change in the history it holds",
            ),
        ] {
            let clone = tempfile::tempdir().unwrap();
            git(
                clone.path(),
                None,
                &["clone", "-q", "--depth", depth, &url, "."],
            );
            let (dates, warnings) = load(clone.path(), &ladder(clone.path()));
            assert_eq!(dates.of(undated), None, "depth {depth}");
            let b = if depth == "2" {
                Some("2026-03-01")
            } else {
                None
            };
            assert_eq!(dates.of("content/levels/b.md"), b, "depth {depth}");
            let messages: Vec<String> = warnings.iter().map(|d| d.to_string()).collect();
            assert_eq!(messages.len(), 1, "{messages:?}");
            assert!(messages[0].contains(warning), "{messages:?}");
        }
    }

    #[test]
    fn pages_beyond_the_walks_bound_are_undated_with_a_warning() {
        let dir = site();
        let root = dir.path();
        let (dates, warnings) = load_with_limit(root, &ladder(root), 1);
        assert_eq!(dates.of("content/levels/b.md"), Some("2026-02-01"));
        assert_eq!(dates.of("content/levels/a.md"), None);
        let messages: Vec<String> = warnings.iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains(
                "1 page has no \"last updated\" date: its file did not change in the newest 1 commits"
            ),
            "{messages:?}"
        );
    }

    #[test]
    fn pages_are_counted_in_words() {
        assert_eq!(pages_phrase(1), "1 page has");
        assert_eq!(pages_phrase(3), "3 pages have");
    }
}
