//! `rungs diff` and the site's versions: a git repository built in the test (with the git
//! command line) holding three tagged versions of a two-track ladder, compared in every
//! format; bad revisions, broken content at one revision, the changes page, the "changed
//! in" marks, and builds outside git and in a shallow clone.

use crate::support::{Site, normalize, sel, text, texts};
use std::path::Path;
use std::process::Command;

/// A git command in `dir` with a fixed identity and no user or system configuration.
fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    command
}

/// Runs `command`, failing the test on error; its standard output.
fn run_git(mut command: Command, what: &str) -> String {
    let out = command
        .output()
        .expect("git runs (the tests need the git command line)");
    assert!(
        out.status.success(),
        "git {what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs git in `dir` with a fixed identity and dates, failing the test on error.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let mut command = git_command(dir);
    command.args(args);
    run_git(command, &format!("{args:?}"))
}

pub(crate) fn commit(dir: &Path, message: &str, date: &str, tag: Option<&str>) {
    git(dir, &["add", "-A"]);
    let mut command = git_command(dir);
    command
        .args(["commit", "-q", "-m", message])
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date);
    run_git(command, "commit");
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

const MGR: &str = "---\ntitle: Management\nshort: Mgmt\nweight: 2\ncategories: [people]\n---\n";

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
fn text_lists_reworded_added_removed_and_moved_items_exactly() {
    let site = three_versions();
    let run = site.rungs(&["diff", "ladder-v1", "ladder-v2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Changes from ladder-v1 to ladder-v2\n\
         Track Individual contributor (ic)\n\
         Engineer › Craft\n\
         \x20 ~ Writes{+ well+} tested code\n\
         \x20 - Fixes bugs in their area\n\
         \x20 + Ships small changes daily\n\
         Senior Engineer › People\n\
         \x20 > Reviews code (moved from Senior Engineer › Craft)\n\
         Testing › Senior Engineer\n\
         \x20 ~ Sets the testing strategy for the{+ whole+} team\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn text_names_a_renamed_level_and_a_new_track() {
    let site = three_versions();
    let run = site.rungs(&["diff", "ladder-v2", "ladder-v3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Changes from ladder-v2 to ladder-v3\n\
         Track Individual contributor (ic)\n\
         Levels\n\
         \x20 ~ Lead Engineer (lead): renamed, id senior → lead, title “Senior Engineer” → “Lead Engineer”\n\
         Track Management (mgr) (added)\n\
         Levels\n\
         \x20 + Manager (manager): added\n"
    );
}

#[test]
fn markdown_is_a_job_summary_with_struck_and_bold_words() {
    let site = three_versions();
    let run = site.rungs(&["diff", "ladder-v1", "ladder-v2", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "## Ladder changes from `ladder-v1` to `ladder-v2`\n\n\
         ### Track Individual contributor (`ic`)\n\n\
         #### Engineer › Craft\n\n\
         - **Changed:** Writes **well** tested code\n\
         - **Removed:** Fixes bugs in their area\n\
         - **Added:** Ships small changes daily\n\n\
         #### Senior Engineer › People\n\n\
         - **Moved:** Reviews code (from Senior Engineer › Craft)\n\n\
         #### Testing › Senior Engineer\n\n\
         - **Changed:** Sets the testing strategy for the **whole** team\n"
    );
    let run = site.rungs(&["diff", "ladder-v2", "ladder-v3", "--format", "markdown"]);
    assert_eq!(
        run.stdout,
        "## Ladder changes from `ladder-v2` to `ladder-v3`\n\n\
         ### Track Individual contributor (`ic`)\n\n\
         #### Levels\n\n\
         - **Renamed:** Lead Engineer (`lead`): id `senior` → `lead`, title “Senior Engineer” → “Lead Engineer”\n\n\
         ### Track Management (`mgr`) (added)\n\n\
         #### Levels\n\n\
         - **Added:** Manager (`manager`)\n"
    );
}

#[test]
fn json_is_one_documented_object() {
    let site = three_versions();
    let v1 = git(site.root(), &["rev-parse", "ladder-v1"]);
    let v2 = git(site.root(), &["rev-parse", "ladder-v2"]);
    let run = site.rungs(&["diff", "ladder-v1", "ladder-v2", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["format"], "rungs-diff");
    assert_eq!(json["version"], 1);
    assert_eq!(json["changed"], true);
    assert_eq!(
        json["from"],
        serde_json::json!({"rev": "ladder-v1", "commit": v1.trim()})
    );
    assert_eq!(
        json["to"],
        serde_json::json!({"rev": "ladder-v2", "commit": v2.trim()})
    );
    assert_eq!(json["categories"], serde_json::json!([]));
    assert_eq!(json["pages"], serde_json::json!([]));
    let track = &json["tracks"][0];
    assert_eq!(track["id"], "ic");
    assert_eq!(track["change"], serde_json::Value::Null);
    let items = track["items"].as_array().expect("items");
    assert_eq!(items.len(), 5);
    assert_eq!(
        items[0],
        serde_json::json!({
            "op": "changed",
            "at": {"level": "engineer", "level_title": "Engineer", "category": "craft",
                   "category_title": "Craft", "area": null, "area_title": null},
            "text": "Writes well tested code",
            "old_text": "Writes tested code",
            "words": [{"op": "same", "text": "Writes"}, {"op": "inserted", "text": " well"},
                      {"op": "same", "text": " tested code"}],
            "examples_changed": false,
            "from": null
        })
    );
    assert_eq!(items[1]["op"], "removed");
    assert_eq!(items[2]["op"], "added");
    assert_eq!(items[3]["op"], "moved");
    assert_eq!(items[3]["at"]["category"], "people");
    assert_eq!(items[3]["from"]["category"], "craft");
    assert_eq!(items[4]["at"]["area"], "testing");
    assert_eq!(items[4]["at"]["level"], "senior");

    let run = site.rungs(&["diff", "ladder-v2", "ladder-v3", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        json["tracks"],
        serde_json::json!([
            {"id": "ic", "title": "Individual contributor", "change": null,
             "levels": [{"id": "lead", "title": "Lead Engineer", "change": "renamed",
                         "old_id": "senior", "old_title": "Senior Engineer"}],
             "areas": [], "items": []},
            {"id": "mgr", "title": "Management", "change": "added",
             "levels": [{"id": "manager", "title": "Manager", "change": "added",
                         "old_id": null, "old_title": null}],
             "areas": [], "items": []}
        ])
    );
}

#[test]
fn to_defaults_to_the_working_tree_and_no_change_is_success() {
    let site = three_versions();
    let run = site.rungs(&["diff", "ladder-v3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Changes from ladder-v3 to working tree\nNo changes.\n"
    );
    let run = site.rungs(&["diff", "ladder-v3", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["changed"], false);
    assert_eq!(
        json["to"],
        serde_json::json!({"rev": "working tree", "commit": null})
    );
    // An unsaved edit is compared.
    site.write(
        "content/tracks/mgr/levels/manager.md",
        "---\ntitle: Manager\nrank: 1\ncompetencies:\n  people:\n    - Runs weekly one-to-ones\n---\n",
    );
    let run = site.rungs(&["diff", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Changes from HEAD to working tree\n\
         Track Management (mgr)\n\
         Manager › People\n\
         \x20 ~ Runs{+ weekly+} one-to-ones\n"
    );
}

#[test]
fn an_unknown_revision_or_no_repository_is_a_usage_error() {
    let site = three_versions();
    let run = site.rungs(&["diff", "ladder-v9"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: unknown revision `ladder-v9`"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    let run = site.rungs(&["diff", "ladder-v1", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown revision `no-such-branch`"),
        "{}",
        run.stderr
    );
    let run = site.rungs(&["diff", "--", "-x"]);
    assert_eq!(run.code, 2, "{}", run.stderr);

    let plain = Site::shipped();
    let run = plain.rungs(&["diff", "HEAD"]);
    // A temporary folder is in no repository (unless the system's is: then HEAD has no
    // content/ and the ladder does not load).
    assert_ne!(run.code, 0);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
}

#[test]
fn broken_content_at_a_revision_names_the_revision_and_the_place() {
    let site = three_versions();
    site.write(
        "content/tracks/ic/levels/lead.md",
        "---\ntitle: Lead Engineer\nrank: two\n---\n",
    );
    commit(
        site.root(),
        "broken",
        "2026-07-01T10:00:00Z",
        Some("broken"),
    );
    let short = git(site.root(), &["rev-parse", "--short", "broken"]);
    let run = site.rungs(&["diff", "ladder-v3", "broken"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    let first = run.stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "error: the ladder at `broken` ({}) does not load (1 error):",
            short.trim()
        )
    );
    assert!(
        run.stderr.contains("content/tracks/ic/levels/lead.md:3:7: error: rank: invalid type: string \"two\", expected an integer"),
        "{}",
        run.stderr
    );
    // The excerpt is the revision's line.
    assert!(run.stderr.contains("3 | rank: two"), "{}", run.stderr);
    // Either side.
    let run = site.rungs(&["diff", "broken", "ladder-v3"]);
    assert_eq!(run.code, 1);
    // The working tree: named so.
    let run = site.rungs(&["diff", "ladder-v3"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: the ladder at the working tree does not load"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_in_a_revision_are_refused_not_followed() {
    // A revision's tree may hold symbolic links (to a secret, to a folder above the site):
    // read through the same rules as a build, they are errors, never read.
    let site = three_versions();
    std::os::unix::fs::symlink(
        "../../../../../../../../etc",
        site.root().join("content/tracks/ic/areas/etc"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink(
        "/etc/passwd",
        site.root().join("content/tracks/ic/levels/evil.md"),
    )
    .expect("symlink");
    commit(site.root(), "links", "2026-07-01T10:00:00Z", Some("links"));
    let run = site.rungs(&["diff", "ladder-v3", "links"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(
            "content/tracks/ic/levels/evil.md:1:1: error: symbolic link to /etc/passwd, outside the site folder: not followed"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/tracks/ic/areas/etc:1:1: error: symbolic link to /etc, outside the site folder: not followed"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("root:"), "{}", run.stderr);
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let site = three_versions();
    let run = |env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rungs"));
        cmd.args(["diff", "ladder-v1", "ladder-v2", "--root"])
            .arg(site.root())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().expect("runs").stdout).expect("UTF-8")
    };
    assert!(!run(&[]).contains('\x1b'));
    let coloured = run(&[("CLICOLOR_FORCE", "1")]);
    assert!(coloured.contains("\x1b[32m{+ well+}"), "{coloured:?}");
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\x1b'));
}

#[test]
fn a_site_in_a_folder_of_the_repository_is_read_from_that_folder() {
    let site = Site::empty();
    let root = site.root();
    git(root, &["init", "-q", "-b", "main"]);
    site.write(
        "ladder/content/site.yaml",
        "title: L\ncategories:\n  - id: craft\n    title: Craft\n",
    )
    .write(
        "ladder/content/levels/one.md",
        "---\ntitle: One\nrank: 1\ncompetencies:\n  craft: [Writes code]\n---\n",
    );
    commit(root, "one", "2026-01-05T10:00:00Z", Some("v1"));
    site.write(
        "ladder/content/levels/two.md",
        "---\ntitle: Two\nrank: 2\ncompetencies:\n  craft: [Designs code]\n---\n",
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(["diff", "v1", "--root"])
        .arg(root.join("ladder"))
        .env_remove("CLICOLOR_FORCE");
    let out = cmd.output().expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Changes from v1 to working tree\nLevels\n  + Two (two): added\n"
    );
}

/// The texts of the "changed in" marks of a page, with their links.
fn marks(page: &scraper::Html) -> Vec<(String, String)> {
    page.select(&sel("a.changed-mark"))
        .map(|a| {
            (
                normalize(&text(a)),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_changes_page_lists_every_version_newest_first() {
    let site = three_versions();
    let run = site.rungs(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("built 19 pages"),
        "no warning, no note: {}",
        run.stderr
    );
    let page = site.page("changes/index.html");
    let headings: Vec<String> = page
        .select(&sel(".changes-version > h2"))
        .map(|h| normalize(&text(h)).trim_end_matches('#').trim().to_string())
        .collect();
    assert_eq!(headings, ["ladder-v3", "ladder-v2", "ladder-v1"]);
    let ids: Vec<&str> = page
        .select(&sel(".changes-version > h2"))
        .filter_map(|h| h.value().attr("id"))
        .collect();
    assert_eq!(ids, ["v-ladder-v3", "v-ladder-v2", "v-ladder-v1"]);
    let v2 = page
        .select(&sel("section[aria-labelledby=v-ladder-v2]"))
        .next()
        .expect("v2 section");
    let subheadings: Vec<String> = v2
        .select(&sel("h3, h4"))
        .map(|h| normalize(&text(h)))
        .collect();
    assert_eq!(
        subheadings,
        [
            "Individual contributor",
            "Engineer › Craft",
            "Senior Engineer › People",
            "Testing › Senior Engineer"
        ]
    );
    let lines: Vec<String> = v2.select(&sel("li")).map(|l| normalize(&text(l))).collect();
    assert_eq!(
        lines,
        [
            "Changed: Writes well tested code",
            "Removed: Fixes bugs in their area",
            "Added: Ships small changes daily",
            "Moved: Reviews code (from Senior Engineer › Craft)",
            "Changed: Sets the testing strategy for the whole team",
        ]
    );
    let inserted: Vec<String> = v2.select(&sel("ins")).map(|i| text(i)).collect();
    assert_eq!(inserted, ["well", "whole"]);
    let v3 = page
        .select(&sel("section[aria-labelledby=v-ladder-v3]"))
        .next()
        .expect("v3 section");
    let lines: Vec<String> = v3.select(&sel("li")).map(|l| normalize(&text(l))).collect();
    assert_eq!(
        lines,
        [
            "Renamed: Lead Engineer (lead) (senior → lead, “Senior Engineer” → “Lead Engineer”)",
            "Added: Manager (manager)",
        ]
    );
    let v1 = page
        .select(&sel("section[aria-labelledby=v-ladder-v1]"))
        .next()
        .expect("v1 section");
    assert_eq!(
        normalize(&text(
            v1.select(&sel("p:not(.changes-meta)")).next().expect("p")
        )),
        "The first version."
    );
    let short = git(site.root(), &["rev-parse", "--short", "ladder-v1"]);
    assert_eq!(
        normalize(&text(
            v1.select(&sel(".changes-meta")).next().expect("meta")
        )),
        format!("2026-01-05 · {}", short.trim())
    );
    // HEAD is ladder-v3: every page says so and links the changes page; nothing changed in
    // v3's items, so no marks.
    for rel in [
        "index.html",
        "ic/levels/lead/index.html",
        "mgr/levels/manager/index.html",
        "404.html",
    ] {
        let page = site.page(rel);
        let version = page.select(&sel("footer .site-version")).next().expect(rel);
        assert_eq!(
            normalize(&text(version)),
            "Version ladder-v3 · Changes",
            "{rel}"
        );
        assert!(marks(&page).is_empty(), "{rel}");
    }
    let link = site.page("ic/levels/lead/index.html");
    let href = link
        .select(&sel("footer .site-version a"))
        .next()
        .and_then(|a| a.value().attr("href"))
        .map(str::to_string);
    assert_eq!(href.as_deref(), Some("../../../changes/"));
}

#[test]
fn items_changed_in_the_latest_version_are_marked_with_a_link() {
    let site = three_versions();
    git(site.root(), &["checkout", "-q", "ladder-v2"]);
    let run = site.rungs(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let engineer = site.page("ic/levels/engineer/index.html");
    let link = "../../../changes/#v-ladder-v2".to_string();
    assert_eq!(
        marks(&engineer),
        [
            ("Changed in ladder-v2".to_string(), link.clone()),
            ("Changed in ladder-v2".to_string(), link.clone())
        ]
    );
    let marked: Vec<String> = engineer
        .select(&sel("li:has(> a.changed-mark)"))
        .map(|li| normalize(&text(li)))
        .collect();
    assert_eq!(
        marked,
        [
            "Writes well tested code Changed in ladder-v2",
            "Ships small changes daily Changed in ladder-v2"
        ]
    );
    let senior = site.page("ic/levels/senior/index.html");
    let marked: Vec<String> = senior
        .select(&sel("li:has(> a.changed-mark)"))
        .map(|li| normalize(&text(li)))
        .collect();
    assert_eq!(marked, ["Reviews code Changed in ladder-v2"]);
    let area = site.page("ic/areas/testing/index.html");
    let rows: Vec<String> = area
        .select(&sel("tr:has(a.changed-mark)"))
        .filter_map(|tr| tr.value().attr("id").map(str::to_string))
        .collect();
    assert_eq!(rows, ["at-senior"]);
    // Only versions up to HEAD.
    let page = site.page("changes/index.html");
    assert_eq!(page.select(&sel(".changes-version")).count(), 2);
    let version = page
        .select(&sel("footer .site-version"))
        .next()
        .expect("version");
    assert_eq!(normalize(&text(version)), "Version ladder-v2 · Changes");
}

#[test]
fn commits_after_the_newest_version_are_unreleased_changes() {
    let site = three_versions();
    site.write(
        "content/tracks/mgr/levels/manager.md",
        "---\ntitle: Manager\nrank: 1\ncompetencies:\n  people:\n    - Runs one-to-ones\n    - Hires engineers\n---\n",
    );
    commit(site.root(), "hiring", "2026-07-01T10:00:00Z", None);
    let short = git(site.root(), &["rev-parse", "--short", "HEAD"]);
    let run = site.rungs(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("mgr/levels/manager/index.html");
    let version = page
        .select(&sel("footer .site-version"))
        .next()
        .expect("version");
    assert_eq!(
        normalize(&text(version)),
        format!(
            "Version ladder-v3 + 1 change ({}, 2026-07-01) · Changes",
            short.trim()
        )
    );
    assert_eq!(
        marks(&page),
        [(
            "Changed since ladder-v3".to_string(),
            "../../../changes/#unreleased".to_string()
        )]
    );
    let changes = site.page("changes/index.html");
    let first = changes
        .select(&sel(".changes-version > h2"))
        .next()
        .expect("h2");
    assert_eq!(first.value().attr("id"), Some("unreleased"));
    assert_eq!(
        normalize(&text(first)).trim_end_matches('#').trim(),
        "Since ladder-v3 (not a version yet)"
    );
}

#[test]
fn outside_git_and_in_a_shallow_clone_there_are_no_versions_and_no_error() {
    // Outside git: a copy of the working tree without .git.
    let site = three_versions();
    std::fs::remove_dir_all(site.root().join(".git")).expect("remove .git");
    let run = site.rungs(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.public().join("changes").exists());
    assert!(
        site.page("index.html")
            .select(&sel(".site-version"))
            .next()
            .is_none()
    );
    assert!(
        run.stderr
            .contains("note: not a git repository: no version history"),
        "{}",
        run.stderr
    );
    let run = site.rungs(&["build", "--deny-warnings"]);
    assert_eq!(run.code, 0, "a note is no warning: {}", run.stderr);

    // A shallow clone (as actions/checkout makes by default).
    let origin = three_versions();
    let clone = Site::empty();
    let url = format!("file://{}", origin.root().display());
    git(clone.root(), &["clone", "-q", "--depth", "1", &url, "."]);
    let run = clone.rungs(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!clone.public().join("changes").exists());
    assert!(
        clone
            .page("index.html")
            .select(&sel(".site-version"))
            .next()
            .is_none()
    );
    assert!(
        run.stderr
            .contains("note: a shallow clone: no version history"),
        "{}",
        run.stderr
    );
    // `check` agrees.
    assert_eq!(clone.rungs(&["check"]).code, 0);
}

#[test]
fn a_version_that_does_not_load_is_left_out_with_a_warning() {
    let site = three_versions();
    site.write(
        "content/tracks/ic/levels/lead.md",
        "---\ntitle: Lead\nrank: two\n---\n",
    );
    commit(
        site.root(),
        "broken",
        "2026-07-01T10:00:00Z",
        Some("ladder-v4"),
    );
    site.write("content/tracks/ic/levels/lead.md", LEAD_V3);
    commit(
        site.root(),
        "fixed",
        "2026-07-02T10:00:00Z",
        Some("ladder-v5"),
    );
    let run = site.rungs(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/site.yaml:1:1: warning: version `ladder-v4` is left out of the changes page: its content has 1 error"),
        "{}",
        run.stderr
    );
    let page = site.page("changes/index.html");
    let ids: Vec<&str> = page
        .select(&sel(".changes-version > h2"))
        .filter_map(|h| h.value().attr("id"))
        .collect();
    assert_eq!(
        ids,
        ["v-ladder-v5", "v-ladder-v3", "v-ladder-v2", "v-ladder-v1"]
    );
}

#[test]
fn serve_shows_unsaved_changes_since_head() {
    use crate::support::serve::ServeProcess;
    let site = three_versions();
    site.write(
        "content/tracks/mgr/levels/manager.md",
        "---\ntitle: Manager\nrank: 1\ncompetencies:\n  people:\n    - Runs weekly one-to-ones\n---\n",
    );
    let server = ServeProcess::start(site.root());
    let response = server.get("/changes/");
    assert_eq!(response.status, 200);
    let page = scraper::Html::parse_document(&response.body);
    let first = page
        .select(&sel(".changes-version"))
        .next()
        .expect("a section");
    let h2 = first.select(&sel("h2")).next().expect("h2");
    assert_eq!(h2.value().attr("id"), Some("unsaved"));
    assert_eq!(
        normalize(&text(h2)).trim_end_matches('#').trim(),
        "Unsaved changes since HEAD"
    );
    let lines: Vec<String> = first
        .select(&sel("li"))
        .map(|l| normalize(&text(l)))
        .collect();
    assert_eq!(lines, ["Changed: Runs weekly one-to-ones"]);
    // A build shows no such section.
    let run = site.rungs(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.page("changes/index.html")
            .select(&sel("#unsaved"))
            .next()
            .is_none()
    );
}

#[test]
fn the_changes_page_and_marked_pages_are_valid_html() {
    let Some(jar) = crate::publish::vnu_jar() else {
        crate::support::skip_unless_ci(
            "the Nu validator",
            "npm install --no-save vnu-jar, or set RUNGS_VNU_JAR",
        );
        return;
    };
    // At ladder-v2: marks on items and area rows; and after v3, unreleased changes.
    let at_v2 = three_versions();
    git(at_v2.root(), &["checkout", "-q", "ladder-v2"]);
    assert_eq!(at_v2.rungs(&["build"]).code, 0);
    let unreleased = three_versions();
    unreleased.write(
        "content/tracks/ic/levels/engineer.md",
        "---\ntitle: Engineer\nrank: 1\ncompetencies:\n  craft:\n    - Writes tested code <b>always</b>\n  people:\n    - Helps teammates\n---\n",
    );
    commit(unreleased.root(), "more", "2026-07-01T10:00:00Z", None);
    assert_eq!(unreleased.rungs(&["build"]).code, 0);
    assert!(unreleased.public().join("changes/index.html").is_file());
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(at_v2.public())
        .arg(unreleased.public())
        .output()
        .expect("run java");
    let report =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the Nu validator found errors:\n{report}"
    );
}

#[test]
fn categories_pages_tracks_areas_and_examples_are_compared_too() {
    let site = Site::empty();
    let root = site.root();
    git(root, &["init", "-q", "-b", "main"]);
    site.write(
        "content/site.yaml",
        "title: L\ncategories:\n  - id: craft\n    title: Craft\n  - id: people\n    title: People\n  - id: old\n    title: Old\n",
    )
    .write("content/pages/faq.md", "---\ntitle: FAQ\n---\nAsk us.\n")
    .write("content/pages/gone.md", "---\ntitle: Gone\n---\nBye.\n")
    .write("content/pages/promo.md", "---\ntitle: Promotions\n---\nHow.\n")
    .write("content/tracks/ic/_index.md", "---\ntitle: IC\n---\n")
    .write(
        "content/tracks/ic/levels/one.md",
        "---\ntitle: One\nrank: 1\ncompetencies:\n  craft:\n    - text: Writes code\n      examples: [A parser]\n  people: [Helps]\n  old: [Old thing]\n---\n",
    )
    .write("content/tracks/ic/levels/two.md", "---\ntitle: Two\nrank: 2\ncompetencies:\n  craft: [Designs]\n---\n")
    .write("content/tracks/ic/areas/kept.md", "---\ntitle: Kept\nexpectations:\n  one: Keeps\n---\n")
    .write("content/tracks/ic/areas/dropped.md", "---\ntitle: Dropped\nexpectations:\n  one: Drops\n---\n")
    .write("content/tracks/ops/_index.md", "---\ntitle: Ops\n---\n")
    .write("content/tracks/ops/levels/o1.md", "---\ntitle: O1\nrank: 1\ncompetencies:\n  craft: [Runs]\n  people: [Pages]\n  old: [Olds]\n---\n");
    commit(root, "one", "2026-01-05T10:00:00Z", Some("v1"));
    site.write(
        "content/site.yaml",
        "title: L\ncategories:\n  - id: craft\n    title: Craftsmanship\n  - id: people\n    title: People\n  - id: impact\n    title: Impact\n",
    )
    .write("content/pages/faq.md", "---\ntitle: FAQ\n---\nAsk us anything.\n")
    .remove("content/pages/gone.md")
    .write("content/pages/promo.md", "---\ntitle: Promotion process\n---\nHow.\n")
    .write("content/tracks/ic/_index.md", "---\ntitle: Individual contributors\n---\n")
    .write(
        "content/tracks/ic/levels/one.md",
        "---\ntitle: One\nrank: 1\ncompetencies:\n  craft:\n    - text: Writes code\n      examples: [A compiler]\n  people: [Helps]\n  impact: [Ships]\n---\n",
    )
    // `two` moves up a rank and takes a new title; `three` takes its rank: a new level, not
    // `two` renamed.
    .write("content/tracks/ic/levels/two.md", "---\ntitle: Two II\nrank: 3\ncompetencies:\n  craft: [Designs]\n---\n")
    .write("content/tracks/ic/levels/three.md", "---\ntitle: Three\nrank: 2\ncompetencies:\n  craft: [Builds]\n---\n")
    .write("content/tracks/ic/areas/kept.md", "---\ntitle: Still kept\nexpectations:\n  one: Keeps\n---\n")
    .remove("content/tracks/ic/areas/dropped.md")
    .write("content/tracks/ic/areas/new.md", "---\ntitle: New\nexpectations:\n  one: News\n---\n")
    .remove("content/tracks/ops/_index.md")
    .remove("content/tracks/ops/levels/o1.md");
    let run = site.rungs(&["diff", "v1", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let named = |list: &serde_json::Value| -> Vec<(String, String, String)> {
        list.as_array()
            .expect("list")
            .iter()
            .map(|n| {
                (
                    n["id"].as_str().unwrap_or_default().to_string(),
                    n["change"].as_str().unwrap_or_default().to_string(),
                    n["old_title"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        named(&json["categories"]),
        [
            s("craft", "renamed", "Craft"),
            s("impact", "added", ""),
            s("old", "removed", "")
        ]
    );
    assert_eq!(
        named(&json["pages"]),
        [
            s("promo", "renamed", "Promotions"),
            s("gone", "removed", ""),
            s("faq", "changed", "")
        ]
    );
    let tracks = json["tracks"].as_array().expect("tracks");
    assert_eq!(tracks.len(), 2);
    assert_eq!(tracks[0]["id"], "ic");
    assert_eq!(tracks[0]["change"], "renamed");
    assert_eq!(
        named(&tracks[0]["levels"]),
        [s("three", "added", ""), s("two", "renamed", "Two")]
    );
    assert_eq!(tracks[0]["levels"][1]["old_id"], serde_json::Value::Null);
    assert_eq!(
        named(&tracks[0]["areas"]),
        [
            s("kept", "renamed", "Kept"),
            s("new", "added", ""),
            s("dropped", "removed", "")
        ]
    );
    let items = tracks[0]["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{items:?}");
    // An item of a new category is added.
    assert_eq!(items[1]["op"], "added");
    assert_eq!(items[1]["text"], "Ships");
    assert_eq!(items[1]["at"]["category"], "impact");
    assert_eq!(items[0]["op"], "changed");
    assert_eq!(items[0]["examples_changed"], true);
    assert_eq!(items[0]["old_text"], serde_json::Value::Null);
    assert_eq!(items[0]["words"], serde_json::json!([]));
    assert_eq!(tracks[1]["id"], "ops");
    assert_eq!(tracks[1]["change"], "removed");

    let run = site.rungs(&["diff", "v1"]);
    assert_eq!(
        run.stdout,
        "Changes from v1 to working tree\n\
         Categories\n\
         \x20 ~ Craftsmanship (craft): renamed, title “Craft” → “Craftsmanship”\n\
         \x20 + Impact (impact): added\n\
         \x20 - Old (old): removed\n\
         Pages\n\
         \x20 ~ Promotion process (promo): renamed, title “Promotions” → “Promotion process”\n\
         \x20 - Gone (gone): removed\n\
         \x20 ~ FAQ (faq): changed\n\
         Track Individual contributors (ic) (renamed)\n\
         Levels\n\
         \x20 + Three (three): added\n\
         \x20 ~ Two II (two): renamed, title “Two” → “Two II”\n\
         Growth areas\n\
         \x20 ~ Still kept (kept): renamed, title “Kept” → “Still kept”\n\
         \x20 + New (new): added\n\
         \x20 - Dropped (dropped): removed\n\
         One › Craftsmanship\n\
         \x20 ~ Writes code (examples changed)\n\
         One › Impact\n\
         \x20 + Ships\n\
         Track Ops (ops) (removed)\n"
    );
    let run = site.rungs(&["diff", "v1", "--format", "markdown"]);
    assert!(
        run.stdout.contains("### Track Ops (`ops`) (removed)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("### Track Individual contributors (`ic`) (renamed)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("- **Removed:** Old (`old`)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("- **Changed:** Writes code (examples changed)\n"),
        "{}",
        run.stdout
    );
}

/// The heading levels of `root`'s headings, in document order (`h2` → 2).
fn heading_levels(root: scraper::ElementRef) -> Vec<u8> {
    root.select(&sel("h1, h2, h3, h4, h5, h6"))
        .map(|h| h.value().name()[1..].parse().expect("hN"))
        .collect()
}

#[test]
fn without_tracks_the_changes_page_never_skips_a_heading_level() {
    // A ladder without tracks, at two versions and with one more commit: the sections of a
    // version (level › category) come right under its heading, as h3.
    let site = Site::empty();
    let root = site.root();
    git(root, &["init", "-q", "-b", "main"]);
    site.write(
        "content/site.yaml",
        "title: One track\nversions:\n  tags: \"v*\"\ncategories:\n  - id: craft\n    title: Craft\n",
    )
    .write("content/levels/engineer.md", ENGINEER_V1.replace("  people:\n    - Helps teammates\n", "").as_str());
    commit(root, "v1", "2026-01-05T10:00:00Z", Some("v1"));
    site.write(
        "content/levels/engineer.md",
        ENGINEER_V2
            .replace("  people:\n    - Helps teammates\n", "")
            .as_str(),
    );
    commit(root, "v2", "2026-03-05T10:00:00Z", Some("v2"));
    site.write(
        "content/levels/engineer.md",
        "---\ntitle: Engineer\nrank: 1\ncompetencies:\n  craft:\n    - Writes well tested code\n---\n",
    );
    commit(root, "more", "2026-04-05T10:00:00Z", None);
    site.build_ok();
    let page = site.page("changes/index.html");
    let article = page
        .select(&sel("article.changes"))
        .next()
        .expect("article");
    assert_eq!(heading_levels(article), [1, 2, 3, 2, 3, 2]);
    assert_eq!(
        texts(&page, ".changes-version h3"),
        ["Engineer › Craft", "Engineer › Craft"]
    );
    // With tracks, the track is the h3 and its sections h4 (as before).
    let tracks = three_versions();
    tracks.build_ok();
    let page = tracks.page("changes/index.html");
    let article = page
        .select(&sel("article.changes"))
        .next()
        .expect("article");
    let levels = heading_levels(article);
    assert!(
        levels.windows(2).all(|w| w[1] <= w[0] + 1),
        "no level skipped: {levels:?}"
    );
    assert!(levels.contains(&4), "{levels:?}");
}

#[test]
fn tags_whose_names_make_the_same_anchor_get_one_section_id_each() {
    // `v1-a` and `v1+a` both read `v-v1-a` as an anchor: the newer one gets `-2`, and the
    // marks of its changes link to its own section.
    let site = Site::empty();
    let root = site.root();
    git(root, &["init", "-q", "-b", "main"]);
    site.write(
        "content/site.yaml",
        "title: One track\nversions:\n  tags: \"v*\"\ncategories:\n  - id: craft\n    title: Craft\n",
    )
    .write(
        "content/levels/engineer.md",
        "---\ntitle: Engineer\nrank: 1\ncompetencies:\n  craft:\n    - Writes tested code\n---\n",
    );
    commit(root, "v1", "2026-01-05T10:00:00Z", Some("v1-a"));
    site.write(
        "content/levels/engineer.md",
        "---\ntitle: Engineer\nrank: 1\ncompetencies:\n  craft:\n    - Writes well tested code\n---\n",
    );
    commit(root, "v2", "2026-03-05T10:00:00Z", Some("v1+a"));
    site.build_ok();
    let page = site.page("changes/index.html");
    let ids: Vec<&str> = page
        .select(&sel(".changes-version > h2"))
        .filter_map(|h| h.value().attr("id"))
        .collect();
    assert_eq!(ids, ["v-v1-a-2", "v-v1-a"]);
    let labelled: Vec<&str> = page
        .select(&sel(".changes-version"))
        .filter_map(|s| s.value().attr("aria-labelledby"))
        .collect();
    assert_eq!(labelled, ids);
    let engineer = site.page("levels/engineer/index.html");
    let hrefs: Vec<String> = marks(&engineer).into_iter().map(|(_, h)| h).collect();
    assert_eq!(hrefs, ["../../changes/#v-v1-a-2"]);
}

#[test]
fn a_hostile_tag_name_in_the_suggested_command_is_one_quoted_word() {
    let site = three_versions();
    site.write(
        "content/tracks/ic/levels/lead.md",
        "---\ntitle: Lead\nrank: two\n---\n",
    );
    let tag = "ladder-v4$(touch${IFS}pwned)";
    commit(site.root(), "broken", "2026-07-01T10:00:00Z", Some(tag));
    site.write("content/tracks/ic/levels/lead.md", LEAD_V3);
    commit(site.root(), "fixed", "2026-07-02T10:00:00Z", None);
    let run = site.rungs(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let quoted = "'ladder-v4$(touch${IFS}pwned)'";
    assert!(
        run.stderr
            .contains(&format!("(`rungs diff {quoted} {quoted}` shows them)")),
        "{}",
        run.stderr
    );
    // The quoted command, run by a shell, names the tag and runs nothing else.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("printf '%s\\n' {quoted}"))
        .current_dir(site.root())
        .output()
        .expect("sh");
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{tag}\n"));
    assert!(!site.root().join("pwned").exists());
}
