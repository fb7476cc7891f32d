//! Reading the site safely: a theme is a folder name under themes/, no symbolic link is
//! followed out of the site folder, hidden folders are never published, a FIFO never makes
//! `check`, `build` or `serve` hang, and YAML that is too deep or too large fails fast with a
//! clear message. Every run of the binary here has a deadline: a hang fails the test.

use crate::support::serve::*;
use crate::support::*;
use std::io::Read as _;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);
const WAIT: Duration = Duration::from_secs(15);

/// Runs `rungs <args…> --root <root>`, killing it (and failing) if it is not done in time.
fn rungs_in_time(root: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(args)
        .arg("--root")
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start rungs");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code().unwrap_or(-1);
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`rungs {}` hung for {DEADLINE:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("no NUL");
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

fn set_theme(site: &Site, theme: &str) {
    let config = site
        .read("content/site.yaml")
        .replace("language: en", &format!("language: en\ntheme: {theme}"));
    site.write("content/site.yaml", &config);
}

/// A folder outside the site with a `static/shadow` file, as an attacker's target.
fn outside_with_shadow() -> tempfile::TempDir {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(outside.path().join("static")).unwrap();
    std::fs::write(
        outside.path().join("static/shadow"),
        "root:SECRET-HASH:19000::",
    )
    .unwrap();
    std::fs::write(outside.path().join("shadow"), "root:SECRET-HASH:19000::").unwrap();
    outside
}

fn real(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap().display().to_string()
}

#[test]
fn a_theme_must_be_a_folder_name_under_themes() {
    let outside = outside_with_shadow();
    let help = "  = expected a plain name such as `mine` for the folder themes/mine/ (letters, digits, `-`, `_`, `.`; no `/`, `\\` or `..`), or `default`";
    let absolute = outside.path().display().to_string();
    for theme in ["../../elsewhere", absolute.as_str(), "a/b"] {
        let site = Site::fixture("small-ladder");
        set_theme(&site, theme);
        for command in ["check", "build"] {
            let r = rungs_in_time(site.root(), &[command]);
            assert_eq!(r.code, 1, "{theme}: {}", r.stderr);
            let plain = without_excerpts(&r.stderr);
            let lines: Vec<&str> = plain.lines().collect();
            assert_eq!(
                lines[..2],
                [
                    format!(
                        "content/site.yaml:5:8: error: `theme` must be the name of a folder in themes/, not `{theme}`"
                    )
                    .as_str(),
                    help
                ],
                "{theme}"
            );
        }
        assert!(!site.public().exists(), "nothing published for {theme}");
    }
}

#[test]
fn a_theme_folder_linked_from_outside_the_site_is_refused() {
    let outside = outside_with_shadow();
    let site = Site::fixture("small-ladder");
    std::fs::create_dir_all(site.root().join("themes")).unwrap();
    symlink(outside.path(), site.root().join("themes/mine")).unwrap();
    set_theme(&site, "mine");
    let r = rungs_in_time(site.root(), &["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().next(),
        Some(
            format!(
                "content/site.yaml:5:8: error: the folder themes/mine/ is a symbolic link to {}, outside the site folder: not followed",
                real(outside.path())
            )
            .as_str()
        )
    );
    assert!(!site.public().exists());
}

#[test]
fn a_static_folder_linked_out_of_the_site_fails_the_build_naming_the_link() {
    let outside = outside_with_shadow();
    let site = Site::fixture("small-ladder");
    std::fs::create_dir_all(site.root().join("themes/mine")).unwrap();
    symlink(outside.path(), site.root().join("themes/mine/static")).unwrap();
    set_theme(&site, "mine");
    let r = rungs_in_time(site.root(), &["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().take(2).collect::<Vec<_>>(),
        [
            format!(
                "themes/mine/static:1:1: error: symbolic link to {}, outside the site folder: not followed",
                real(outside.path())
            )
            .as_str(),
            "  = expected files inside the site folder: copy the file in, or link to a place inside the site folder"
        ]
    );
    assert!(!r.stderr.contains("SECRET-HASH"));
    assert!(!site.public().exists(), "nothing is published");
}

#[test]
fn a_static_file_linked_out_of_the_site_is_an_error_and_links_inside_are_followed() {
    let outside = outside_with_shadow();
    let site = Site::fixture("small-ladder");
    site.write("themes/mine/static/logo.svg", "<svg/>");
    site.write("assets/shared.css", "p { margin: 0 }");
    symlink(
        outside.path().join("shadow"),
        site.root().join("themes/mine/static/shadow"),
    )
    .unwrap();
    symlink(
        "../../../assets/shared.css",
        site.root().join("themes/mine/static/shared.css"),
    )
    .unwrap();
    set_theme(&site, "mine");
    let r = rungs_in_time(site.root(), &["build"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.lines().next(),
        Some(
            format!(
                "themes/mine/static/shadow:1:1: error: symbolic link to {}, outside the site folder: not followed",
                real(&outside.path().join("shadow"))
            )
            .as_str()
        )
    );
    std::fs::remove_file(site.root().join("themes/mine/static/shadow")).unwrap();
    site.build_ok();
    assert_eq!(
        std::fs::read_to_string(site.public().join("shared.css")).unwrap(),
        "p { margin: 0 }"
    );
}

#[test]
fn serve_never_answers_with_a_file_from_outside_the_site() {
    let outside = outside_with_shadow();
    let site = Site::fixture("small-ladder");
    std::fs::create_dir_all(site.root().join("themes/mine")).unwrap();
    symlink(outside.path(), site.root().join("themes/mine/static")).unwrap();
    set_theme(&site, "mine");
    let server = ServeProcess::start(site.root());
    let r = server.get("/shadow");
    assert_ne!(r.status, 200, "{}", r.body);
    assert!(!r.body.contains("SECRET-HASH"));
    let home = server.get("/");
    assert!(
        home.body
            .contains("themes/mine/static:1:1: error: symbolic link to"),
        "the error page names the link: {}",
        home.body
    );
}

#[test]
fn files_in_hidden_folders_are_never_published() {
    let site = Site::fixture("small-ladder");
    site.write("themes/default/static/.ssh/id_rsa", "PRIVATE KEY");
    site.write("themes/default/static/img/.cache/x.png", "cache");
    site.write("themes/default/static/img/logo.svg", "<svg/>");
    site.write("themes/default/templates/.old/level.html", "{{ broken");
    site.write("content/.drafts/levels/x.md", "not content");
    let r = site.build_ok();
    assert!(
        !r.stderr.contains("warning"),
        "hidden files are skipped silently: {}",
        r.stderr
    );
    let published: Vec<String> = site
        .snapshot()
        .keys()
        .map(|p| p.display().to_string())
        .filter(|p| p.contains("ssh") || p.contains("cache") || p.contains("img"))
        .collect();
    assert_eq!(published, ["img/logo.svg"]);
}

#[test]
fn a_fifo_as_site_yaml_is_an_error_in_check_build_and_serve() {
    let site = Site::fixture("small-ladder");
    site.remove("content/site.yaml");
    mkfifo(&site.root().join("content/site.yaml"));
    for command in ["check", "build"] {
        let r = rungs_in_time(site.root(), &[command]);
        assert_eq!(r.code, 1, "{command}: {}", r.stderr);
        assert_eq!(
            r.stderr.lines().take(2).collect::<Vec<_>>(),
            [
                "content/site.yaml:1:1: error: not a regular file (a FIFO)",
                "  = expected a regular file: rungs does not read FIFOs, sockets or devices"
            ],
            "{command}"
        );
    }
    let server = ServeProcess::start(site.root());
    let r = server.get("/");
    assert!(
        r.body
            .contains("content/site.yaml:1:1: error: not a regular file (a FIFO)"),
        "{}",
        r.body
    );
}

#[test]
fn special_files_and_links_in_content_are_named() {
    let outside = outside_with_shadow();
    let site = Site::fixture("small-ladder");
    mkfifo(&site.root().join("content/levels/stuck.md"));
    mkfifo(&site.root().join("content/levels/notes"));
    symlink(
        outside.path().join("shadow"),
        site.root().join("content/areas/leak.md"),
    )
    .unwrap();
    symlink("nowhere.md", site.root().join("content/areas/gone.md")).unwrap();
    let r = rungs_in_time(site.root(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    let leak = format!(
        "content/areas/leak.md:1:1: error: symbolic link to {}, outside the site folder: not followed",
        real(&outside.path().join("shadow"))
    );
    for expected in [
        "content/areas/gone.md:1:1: error: broken symbolic link",
        leak.as_str(),
        "content/levels/notes:1:1: warning: ignored: not a regular file (a FIFO)",
        "content/levels/stuck.md:1:1: error: not a regular file (a FIFO)",
    ] {
        assert!(
            lines.contains(&expected),
            "missing {expected:?} in\n{}",
            r.stderr
        );
    }
    assert!(!r.stderr.contains("SECRET-HASH"));
}

#[test]
fn a_source_linked_inside_the_site_is_read() {
    let site = Site::fixture("small-ladder");
    let expert = site.read("content/levels/expert.yml");
    site.write("shared/expert.yml", &expert);
    site.remove("content/levels/expert.yml");
    symlink(
        "../../shared/expert.yml",
        site.root().join("content/levels/expert.yml"),
    )
    .unwrap();
    let r = site.build_ok();
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    assert_eq!(
        texts(&site.page("levels/expert/index.html"), "h1"),
        ["Expert <Senior> & Mentor"]
    );
}

#[test]
fn site_yaml_linked_to_a_file_outside_is_refused_without_printing_it() {
    let outside = tempfile::tempdir().unwrap();
    let passwd = outside.path().join("passwd");
    std::fs::write(
        &passwd,
        "root:x:0:0:root:/root:/bin/bash\nuser:x:1000:1000::/home/user:/bin/sh\n",
    )
    .unwrap();
    let site = Site::fixture("small-ladder");
    site.remove("content/site.yaml");
    symlink(&passwd, site.root().join("content/site.yaml")).unwrap();
    let r = rungs_in_time(site.root(), &["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.lines().next(),
        Some(
            format!(
                "content/site.yaml:1:1: error: symbolic link to {}, outside the site folder: not followed",
                real(&passwd)
            )
            .as_str()
        )
    );
    assert!(!r.stderr.contains("root:x"), "{}", r.stderr);
}

#[test]
fn serve_keeps_rebuilding_after_a_fifo_appears_in_content() {
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    let mut events = server.events();

    // A FIFO named like a source: the rebuild finishes and names it.
    mkfifo(&site.root().join("content/levels/stuck.md"));
    let event = events
        .next_event(WAIT)
        .expect("a rebuild after the FIFO appeared");
    assert_eq!(event.name, "build-error");
    assert!(
        event
            .data
            .contains(r#""location":"content/levels/stuck.md:1:1","text":": error: not a regular file (a FIFO)"#),
        "{}",
        event.data
    );

    // Live reload goes on: remove it, edit a level, see the edit.
    site.remove("content/levels/stuck.md");
    let edited = site
        .read("content/levels/expert.yml")
        .replace("Keeps complexity down", "Keeps complexity at bay");
    site.write("content/levels/expert.yml", &edited);
    let deadline = Instant::now() + WAIT;
    loop {
        let event = events
            .next_event(deadline.saturating_duration_since(Instant::now()))
            .expect("a reload after the edit");
        if event.name == "reload" {
            break;
        }
    }
    assert!(
        server
            .get("/levels/expert/")
            .body
            .contains("Keeps complexity at bay")
    );

    // A FIFO that is no source is only a warning: the next edit reloads.
    mkfifo(&site.root().join("content/levels/pipe"));
    let event = events.next_event(WAIT).expect("a rebuild after the FIFO");
    assert_eq!(event.name, "reload");
    site.write(
        "content/levels/expert.yml",
        &edited.replace("at bay", "in check"),
    );
    let event = events.next_event(WAIT).expect("a reload after the edit");
    assert_eq!(event.name, "reload");
    assert!(
        server
            .get("/levels/expert/")
            .body
            .contains("Keeps complexity in check")
    );
}

#[test]
fn deeply_nested_yaml_fails_fast_with_a_clear_message() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/levels/expert.yml",
        &format!(
            "title: Expert\nrank: 40\nsummary: {}\n",
            "[".repeat(200 * 1024)
        ),
    );
    let r = rungs_in_time(site.root(), &["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        without_excerpts(&r.stderr),
        "content/levels/expert.yml:3:73: error: the YAML is nested too deeply, expected at most 64 levels of lists and mappings\n1 error\n"
    );
}

#[test]
fn a_source_over_one_mib_is_refused() {
    let site = Site::fixture("small-ladder");
    let mut big = String::from("title: Big\n");
    while big.len() <= 1024 * 1024 {
        big.push_str("# padding padding padding padding padding padding padding\n");
    }
    site.write(
        "content/site.yaml",
        &(site.read("content/site.yaml") + &big[11..]),
    );
    site.write("content/areas/big.yaml", &big);
    let r = rungs_in_time(site.root(), &["check"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stderr.lines().collect();
    for file in ["content/areas/big.yaml", "content/site.yaml"] {
        let expected = format!("{file}:1:1: error: the file is too large (1 MiB)");
        assert!(lines.contains(&expected.as_str()), "{}", r.stderr);
    }
    assert!(
        lines.contains(&"  = expected at most 1 MiB per content file: split it into several files")
    );
}

#[test]
fn a_theme_static_file_cannot_overwrite_a_generated_file() {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    let before = site.snapshot();
    site.write("themes/default/static/ladder.json", "{\"forged\": true}");
    site.write(
        "themes/default/static/levels/expert/index.html",
        "<p>forged</p>",
    );
    site.write("themes/default/static/sitemap.xml/x", "x");
    let r = rungs_in_time(site.root(), &["build"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stderr.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(
        lines,
        [
            "themes/default/static/ladder.json:1:1: error: this static file would overwrite the generated file `ladder.json`",
            "themes/default/static/levels/expert/index.html:1:1: error: this static file would overwrite the generated file `levels/expert/index.html`",
            "themes/default/static/sitemap.xml/x:1:1: error: this static file would overwrite the generated file `sitemap.xml`",
            "3 errors",
        ]
    );
    assert_eq!(site.snapshot(), before, "the previous output is untouched");
}

#[test]
fn an_empty_levels_folder_is_one_clear_error() {
    let site = Site::shipped();
    for entry in std::fs::read_dir(site.root().join("content/levels")).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    let r = rungs_in_time(site.root(), &["check"]);
    assert_eq!(r.code, 1);
    assert!(
        !r.stderr.contains("expected one of: \n"),
        "no hint listing no ids:\n{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "content/levels:1:1: error: the ladder has no levels\n  = expected at least one file content/levels/<id>.md with `title:` and `rank:`\n"
        ),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("expectation for unknown level"),
        "{}",
        r.stderr
    );
}

#[test]
fn links_with_plain_names_into_hidden_files_publish_nothing() {
    let site = Site::fixture("small-ladder");
    let root = site.root().to_path_buf();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join(".git/config"), "[core] secret=GITSECRET").unwrap();
    std::fs::write(root.join(".env"), "API_KEY=ENVSECRET").unwrap();
    std::fs::create_dir_all(root.join("content/.drafts")).unwrap();
    std::fs::write(
        root.join("content/.drafts/secret.md"),
        "---\ntitle: DRAFTSECRET\nrank: 99\n---\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("themes/mine/static")).unwrap();
    std::os::unix::fs::symlink("../../../.git", root.join("themes/mine/static/git")).unwrap();
    std::os::unix::fs::symlink("../../../.env", root.join("themes/mine/static/env.txt")).unwrap();
    std::os::unix::fs::symlink("../.drafts/secret.md", root.join("content/levels/pub.md")).unwrap();
    std::os::unix::fs::symlink("../../.env", root.join("content/areas/env.yaml")).unwrap();
    set_theme(&site, "mine");
    let r = rungs_in_time(site.root(), &["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for link in [
        "content/areas/env.yaml",
        "content/levels/pub.md",
        "themes/mine/static/env.txt",
        "themes/mine/static/git",
    ] {
        assert!(
            r.stderr.lines().any(|l| l
                .starts_with(&format!("{link}:1:1: error: symbolic link to "))
                && l.ends_with(", a hidden file or folder: not followed")),
            "{link}: {}",
            r.stderr
        );
    }
    for secret in ["GITSECRET", "ENVSECRET", "DRAFTSECRET"] {
        assert!(!r.stderr.contains(secret), "{secret} printed: {}", r.stderr);
    }
    assert!(!site.public().exists());
}
