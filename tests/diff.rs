//! `rungs diff` and the site's versions: a git repository built in the test (with the git
//! command line) holding three tagged versions of a two-track ladder, compared in every
//! format; bad revisions, broken content at one revision, the changes page, the "changed
//! in" marks, and builds outside git and in a shallow clone.

use crate::support::{Site, normalize, sel, text};
use std::path::Path;
use std::process::Command;

/// Runs git in `dir` with a fixed identity and dates, failing the test on error.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs (the tests need the git command line)");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn commit(dir: &Path, message: &str, date: &str, tag: Option<&str>) {
    git(dir, &["add", "-A"]);
    let out = Command::new("git")
        .args(["commit", "-q", "-m", message])
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if let Some(tag) = tag {
        git(dir, &["tag", tag]);
    }
}

const SITE_V1: &str = "title: Fixture Ladder\nbase_url: /\nversions:\n  tags: \"ladder-v*\"\ncategories:\n  - id: craft\n    title: Craft\n  - id: people\n    title: People\n";

const IC: &str = "---\ntitle: Individual contributor\nshort: IC\nweight: 1\n---\n";

const ENGINEER_V1: &str = "---\ntitle: Engineer\nrank: 1\ncompetencies:\n  craft:\n    - Writes tested code\n    - Fixes bugs in their area\n  people:\n    - Helps teammates\n---\n";

const SENIOR_V1: &str = "---\ntitle: Senior Engineer\nshort: Senior\nrank: 2\ncompetencies:\n  craft:\n    - Designs components for the team\n    - Reviews code\n  people:\n    - Mentors engineers\n---\n";

const TESTING_V1: &str = "---\ntitle: Testing\nexpectations:\n  engineer: Writes unit tests\n  senior: Sets the testing strategy for the team\n---\n";

const ENGINEER_V2: &str = "---\ntitle: Engineer\nrank: 1\ncompetencies:\n  craft:\n    - Writes well tested code\n    - Ships small changes daily\n  people:\n    - Helps teammates\n---\n";

const SENIOR_V2: &str = "---\ntitle: Senior Engineer\nshort: Senior\nrank: 2\ncompetencies:\n  craft:\n    - Designs components for the team\n  people:\n    - Mentors engineers\n    - Reviews code\n---\n";

const TESTING_V2: &str = "---\ntitle: Testing\nexpectations:\n  engineer: Writes unit tests\n  senior: Sets the testing strategy for the whole team\n---\n";

const LEAD_V3: &str = "---\ntitle: Lead Engineer\nshort: Lead\nrank: 2\ncompetencies:\n  craft:\n    - Designs components for the team\n  people:\n    - Mentors engineers\n    - Reviews code\n---\n";

const TESTING_V3: &str = "---\ntitle: Testing\nexpectations:\n  engineer: Writes unit tests\n  lead: Sets the testing strategy for the whole team\n---\n";

const MGR: &str = "---\ntitle: Management\nshort: Mgmt\nweight: 2\n---\n";

const MANAGER: &str =
    "---\ntitle: Manager\nrank: 1\ncompetencies:\n  people:\n    - Runs one-to-ones\n---\n";

/// A site in a git repository with three tagged versions (`ladder-v1`, `ladder-v2`,
/// `ladder-v3`): v2 rewords, adds, removes and moves items; v3 renames the level `senior`
/// to `lead` and adds the track `mgr`. The working tree is clean at `ladder-v3`.
pub(crate) fn three_versions() -> Site {
    let site = Site::empty();
    let root = site.root();
    git(root, &["init", "-q", "-b", "main"]);
    site.write("content/site.yaml", SITE_V1)
        .write("content/tracks/ic/_index.md", IC)
        .write("content/tracks/ic/levels/engineer.md", ENGINEER_V1)
        .write("content/tracks/ic/levels/senior.md", SENIOR_V1)
        .write("content/tracks/ic/areas/testing.md", TESTING_V1);
    commit(root, "v1", "2026-01-05T10:00:00Z", Some("ladder-v1"));
    site.write("content/tracks/ic/levels/engineer.md", ENGINEER_V2)
        .write("content/tracks/ic/levels/senior.md", SENIOR_V2)
        .write("content/tracks/ic/areas/testing.md", TESTING_V2);
    commit(root, "v2", "2026-03-05T10:00:00Z", Some("ladder-v2"));
    site.remove("content/tracks/ic/levels/senior.md")
        .write("content/tracks/ic/levels/lead.md", LEAD_V3)
        .write("content/tracks/ic/areas/testing.md", TESTING_V3)
        .write("content/tracks/mgr/_index.md", MGR)
        .write("content/tracks/mgr/levels/manager.md", MANAGER);
    commit(root, "v3", "2026-06-05T10:00:00Z", Some("ladder-v3"));
    site
}

#[test]
fn zz_print() {
    let site = three_versions();
    for args in [
        vec!["diff", "ladder-v1", "ladder-v2"],
        vec!["diff", "ladder-v2", "ladder-v3"],
        vec!["diff", "ladder-v1", "ladder-v2", "--format", "markdown"],
        vec!["diff", "ladder-v2", "ladder-v3", "--format", "json"],
        vec!["diff", "ladder-v3"],
        vec!["diff", "nope"],
    ] {
        let run = site.rungs(&args);
        eprintln!(
            "=== {args:?} -> {}\n{}\n--stderr--\n{}",
            run.code, run.stdout, run.stderr
        );
    }
    panic!();
}
