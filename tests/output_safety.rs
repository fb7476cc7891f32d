//! The output directory: a failed build leaves it byte for byte as it was, and rungs never
//! replaces a directory it did not create.

use crate::support::*;

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    let before = site.snapshot();
    assert!(before.len() > 8);
    site.write("content/levels/expert.yml", "title: Expert\nrank: [\n");
    let r = site.rungs(&["build"]);
    assert_eq!(r.code, 1);
    assert_eq!(site.snapshot(), before);
    // No staging directories are left behind either.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("rungs-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn rebuild_replaces_output_and_drops_stale_pages() {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    assert!(
        site.public()
            .join("areas/observability/index.html")
            .exists()
    );
    site.remove("content/areas/observability.yml");
    site.build_ok();
    assert!(
        !site
            .public()
            .join("areas/observability/index.html")
            .exists()
    );
    assert!(site.public().join(".rungs-output").exists());
}

#[test]
fn refuses_output_directories_it_did_not_create() {
    let site = Site::fixture("small-ladder");
    site.write("mine/notes.txt", "precious");
    let r = site.rungs(&[
        "build",
        "--output",
        site.root().join("mine").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("holds files but was not created by rungs"),
        "{}",
        r.stderr
    );
    assert_eq!(site.read("mine/notes.txt"), "precious");

    site.write("repo/.git/HEAD", "ref");
    let r = site.rungs(&[
        "build",
        "--output",
        site.root().join("repo").to_str().unwrap(),
    ]);
    assert!(r.stderr.contains("it contains .git"), "{}", r.stderr);

    let r = site.rungs(&["build", "--output", site.root().to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("it is the site root or contains it"),
        "{}",
        r.stderr
    );
    assert!(site.root().join("content/site.yaml").exists());
}

#[test]
fn writes_into_an_empty_or_new_directory() {
    let site = Site::fixture("small-ladder");
    std::fs::create_dir_all(site.root().join("empty")).unwrap();
    let r = site.rungs(&[
        "build",
        "--output",
        site.root().join("empty").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(site.root().join("empty/index.html").exists());
    let r = site.rungs(&[
        "build",
        "--output",
        site.root().join("new/deeper").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        site.root()
            .join("new/deeper/levels/expert/index.html")
            .exists()
    );
}

#[test]
fn the_in_memory_build_equals_what_build_writes() {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    let opts = rungs::build::BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
        preview: false,
    };
    let in_memory = rungs::build::build_site(&opts).expect("builds");
    let mut on_disk = site.snapshot();
    assert!(
        on_disk
            .remove(std::path::Path::new(".rungs-output"))
            .is_some()
    );
    let in_memory: std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> = in_memory
        .files
        .into_iter()
        .map(|f| (std::path::PathBuf::from(f.path), f.contents))
        .collect();
    assert_eq!(
        in_memory.keys().collect::<Vec<_>>(),
        on_disk.keys().collect::<Vec<_>>()
    );
    assert!(in_memory == on_disk, "same bytes for every file");
}

/// Runs `rungs <args…> --root .` from inside the site root, as an author types it: relative
/// `--output` paths are resolved against the root (never against this repository).
fn rungs_in_root(site: &Site, args: &[&str]) -> Run {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.current_dir(site.root())
        .args(args)
        .args(["--root", "."]);
    run(cmd)
}

fn canonical_root(site: &Site) -> std::path::PathBuf {
    std::fs::canonicalize(site.root()).unwrap()
}

/// The error line of a refused output directory.
fn refusal(given: &str, resolved: &std::path::Path, why: &str) -> String {
    format!(
        "error: refusing to replace output directory {given} (resolves to {}): {why}",
        resolved.display()
    )
}

#[test]
fn a_missing_folder_then_dot_dot_cannot_reach_the_sources() {
    // Issue 9, item 1: `--output public/../content` when public/ does not exist replaced
    // content/ with the site and exited 0.
    let site = Site::fixture("small-ladder");
    let sources = snapshot(&site.root().join("content"));
    let r = rungs_in_root(&site, &["build", "--output", "public/../content"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let expected = refusal(
        "public/../content",
        &canonical_root(&site).join("content"),
        "it is inside content/ or themes/",
    );
    assert!(r.stderr.lines().any(|l| l == expected), "{}", r.stderr);
    assert!(
        r.stderr
            .lines()
            .any(|l| l == "build failed; the output directory was left untouched")
    );
    assert_eq!(snapshot(&site.root().join("content")), sources);
    assert!(!site.public().exists(), "no folder created on the way");
}

#[test]
fn a_missing_folder_then_dot_dot_cannot_reach_an_existing_folder() {
    // Issue 9, item 1: `--output /x/nope/../victim` deleted victim/keep.txt.
    let site = Site::fixture("small-ladder");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir(elsewhere.path().join("victim")).unwrap();
    std::fs::write(elsewhere.path().join("victim/keep.txt"), "keep me").unwrap();
    let given = format!("{}/nope/../victim", elsewhere.path().display());
    let r = site.rungs(&["build", "--output", &given]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let victim = std::fs::canonicalize(elsewhere.path().join("victim")).unwrap();
    let expected = refusal(
        &given,
        &victim,
        "it holds files but was not created by rungs",
    );
    assert!(r.stderr.lines().any(|l| l == expected), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(victim.join("keep.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(std::fs::read_dir(&victim).unwrap().count(), 1);
    assert!(!elsewhere.path().join("nope").exists());
}

#[cfg(unix)]
#[test]
fn an_output_symlink_is_judged_by_the_folder_it_points_to() {
    let site = Site::fixture("small-ladder");
    let root = canonical_root(&site);
    let sources = snapshot(&root.join("content"));
    std::os::unix::fs::symlink(root.join("content"), root.join("public")).unwrap();
    let r = rungs_in_root(&site, &["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let expected = refusal(
        "./public",
        &root.join("content"),
        "it is inside content/ or themes/",
    );
    assert!(r.stderr.lines().any(|l| l == expected), "{}", r.stderr);
    assert_eq!(snapshot(&root.join("content")), sources);

    let elsewhere = tempfile::tempdir().unwrap();
    let precious = std::fs::canonicalize(elsewhere.path())
        .unwrap()
        .join("precious");
    std::fs::create_dir(&precious).unwrap();
    std::fs::write(precious.join("notes.txt"), "mine").unwrap();
    std::os::unix::fs::symlink(&precious, root.join("out")).unwrap();
    let r = rungs_in_root(&site, &["build", "--output", "out"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let expected = refusal(
        "out",
        &precious,
        "it holds files but was not created by rungs",
    );
    assert!(r.stderr.lines().any(|l| l == expected), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(precious.join("notes.txt")).unwrap(),
        "mine"
    );

    // A link to a folder rungs built is followed: the folder is replaced, the link kept.
    let built = std::fs::canonicalize(elsewhere.path())
        .unwrap()
        .join("site");
    let r = site.rungs(&["build", "--output", built.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::os::unix::fs::symlink(&built, root.join("linked")).unwrap();
    site.write(
        "content/levels/maitre.md",
        "---\ntitle: Grand maître\nrank: 40\n---\n",
    );
    let r = rungs_in_root(&site, &["build", "--output", "linked"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::symlink_metadata(root.join("linked"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let page = std::fs::read_to_string(built.join("levels/maitre/index.html")).unwrap();
    assert!(page.contains("Grand maître"));
}

#[test]
fn refuses_the_root_and_its_parent_however_spelled() {
    let site = Site::fixture("small-ladder");
    let root = canonical_root(&site);
    let sources = snapshot(&root.join("content"));
    for (given, resolved) in [
        (".", root.clone()),
        ("..", root.parent().unwrap().to_path_buf()),
        ("content/..", root.clone()),
        ("missing/../..", root.parent().unwrap().to_path_buf()),
    ] {
        let r = rungs_in_root(&site, &["build", "--output", given]);
        assert_eq!(r.code, 1, "{given}: {}", r.stderr);
        let expected = refusal(given, &resolved, "it is the site root or contains it");
        assert!(r.stderr.lines().any(|l| l == expected), "{}", r.stderr);
    }
    assert_eq!(snapshot(&root.join("content")), sources);
    assert!(!root.join("missing").exists());
}

/// Folders beside the output that a build created (staging and moved-aside outputs).
fn leftovers(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".rungs-"))
        .collect();
    names.sort();
    names
}

fn build_crashing_at(site: &Site, stage: &str) -> Run {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(["build", "--root"])
        .arg(site.root())
        .env("RUNGS_TEST_CRASH_AT", stage);
    run(cmd)
}

#[test]
fn a_build_killed_at_any_stage_loses_nothing_and_the_next_build_cleans_up() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the crash hook exists in debug builds only");
        return;
    }
    for stage in ["staged", "moved-aside", "swapped"] {
        let site = Site::fixture("small-ladder");
        site.build_ok();
        let first = site.snapshot();
        site.write(
            "content/levels/maitre.md",
            "---\ntitle: Grand maître\nrank: 40\n---\n",
        );
        site.build_ok();
        let second = site.snapshot();
        assert_ne!(first, second);
        // Back to the first content; the killed build would publish it.
        site.write(
            "content/levels/maitre.md",
            &std::fs::read_to_string(fixture_path("small-ladder/content/levels/maitre.md"))
                .unwrap(),
        );
        let crashed = build_crashing_at(&site, stage);
        assert_eq!(crashed.code, 86, "{stage}: {}", crashed.stderr);
        assert!(
            crashed
                .stderr
                .lines()
                .any(|l| l == format!("rungs: test crash at {stage}")),
            "{}",
            crashed.stderr
        );
        let left = leftovers(&site);
        let kinds: Vec<&str> = left
            .iter()
            .map(|n| &n[..".public.rungs-new".len()])
            .collect();
        // What the crash left: the previous output in place, or moved aside whole, or the
        // new one in place.
        match stage {
            "staged" => {
                assert_eq!(kinds, [".public.rungs-new"]);
                assert_eq!(site.snapshot(), second);
            }
            "moved-aside" => {
                assert_eq!(kinds, [".public.rungs-new", ".public.rungs-old"]);
                assert!(!site.public().exists());
                assert_eq!(snapshot(&site.root().join(&left[1])), second);
            }
            _ => {
                assert_eq!(kinds, [".public.rungs-old"]);
                assert_eq!(site.snapshot(), first);
            }
        }
        // The next build, even a failing one, restores or removes what was left.
        site.write("content/levels/expert.yml", "title: Expert\nrank: [\n");
        let failed = site.rungs(&["build"]);
        assert_eq!(failed.code, 1, "{}", failed.stderr);
        assert_eq!(leftovers(&site), Vec::<String>::new(), "{stage}");
        let expected = if stage == "swapped" { &first } else { &second };
        assert!(
            site.snapshot() == *expected,
            "{stage}: previous output complete"
        );
        let public = std::fs::canonicalize(site.public()).unwrap();
        let beside = |name: &str| public.parent().unwrap().join(name).display().to_string();
        let mut notes: Vec<String> = left
            .iter()
            .map(|name| {
                if stage == "moved-aside" && name.contains("-old-") {
                    format!(
                        "warning: restored the previous output {} from {}, left by an interrupted build",
                        public.display(),
                        beside(name)
                    )
                } else {
                    format!(
                        "warning: removed {}, left by an interrupted build",
                        beside(name)
                    )
                }
            })
            .collect();
        notes.sort();
        let mut printed: Vec<String> = failed
            .stderr
            .lines()
            .filter(|l| l.starts_with("warning: re"))
            .map(str::to_string)
            .collect();
        printed.sort();
        assert_eq!(printed, notes, "{stage}");
        assert!(
            failed
                .stderr
                .ends_with("build failed; the output directory was left untouched\n")
        );
        site.write(
            "content/levels/expert.yml",
            &std::fs::read_to_string(fixture_path("small-ladder/content/levels/expert.yml"))
                .unwrap(),
        );
        site.build_ok();
        assert_eq!(site.snapshot(), first, "{stage}");
        assert_eq!(leftovers(&site), Vec::<String>::new());
    }
}

#[test]
fn leftovers_without_a_rungs_marker_are_never_touched() {
    let site = Site::fixture("small-ladder");
    site.write(".public.rungs-old-1/notes.txt", "not ours");
    site.write(".public.rungs-new-999999999/notes.txt", "not ours either");
    site.build_ok();
    assert_eq!(
        leftovers(&site),
        [".public.rungs-new-999999999", ".public.rungs-old-1"]
    );
    assert_eq!(site.read(".public.rungs-old-1/notes.txt"), "not ours");
}

#[test]
fn a_template_render_error_leaves_the_previous_output_byte_for_byte() {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    let before = site.snapshot();
    // Compiles (so the theme loads), fails only when a level page is rendered.
    site.write(
        "themes/default/templates/level.html",
        "<p>{{ level.title }} {{ no_such_variable }}</p>\n",
    );
    let r = site.rungs(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.lines().any(|l| l.starts_with(
            "themes/default/templates/level.html:1:25: error: template error: Variable `no_such_variable` is not defined."
        )),
        "{}",
        r.stderr
    );
    assert!(site.snapshot() == before, "same files, same bytes");
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_linked_content_or_themes_folder_is_still_refused_as_output() {
    let site = Site::fixture("small-ladder");
    let root = canonical_root(&site);
    // content/ and themes/ are links to folders inside the site.
    std::fs::create_dir(root.join("data")).unwrap();
    std::fs::rename(root.join("content"), root.join("data/content")).unwrap();
    std::os::unix::fs::symlink("data/content", root.join("content")).unwrap();
    std::fs::create_dir_all(root.join("data/themes/x")).unwrap();
    std::os::unix::fs::symlink("data/themes", root.join("themes")).unwrap();
    for output in ["content/public", "themes/out", "data/content/public"] {
        let r = rungs_in_root(&site, &["build", "--output", output]);
        assert_eq!(r.code, 1, "{output}: {}", r.stderr);
        assert!(
            r.stderr.contains(": it is inside content/ or themes/"),
            "{output}: {}",
            r.stderr
        );
    }
    assert!(!root.join("data/content/public").exists());
    assert!(!root.join("data/themes/out").exists());
}
