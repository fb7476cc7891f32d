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
