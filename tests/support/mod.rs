//! Test helpers: a site root copied into a temporary folder, the `rungs` binary run against
//! it, and HTML parsed with `scraper` for assertions.

#![allow(dead_code)]

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// The repository root (where the shipped ladder lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture's folder under tests/fixtures.
pub fn fixture_path(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// A site root in a temporary folder, editable by the test.
pub struct Site {
    dir: TempDir,
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable fixture");
        let rel = entry.path().strip_prefix(from).expect("inside fixture");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

impl Site {
    /// A copy of tests/fixtures/<name>.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixture_path(name), dir.path());
        Site { dir }
    }

    /// An empty site folder, for a ladder written by the test.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A copy of the shipped ladder's content/ (the theme comes from the binary).
    pub fn shipped() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&repo_root().join("content"), &dir.path().join("content"));
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file below the root, creating folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).expect("read")
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root().join(rel)).expect("remove");
        self
    }

    /// Runs `rungs <args…> --root <root>`.
    pub fn rungs(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rungs"));
        cmd.args(args).arg("--root").arg(self.root());
        // The output asserted on is the plain one, wherever the tests run (a GitHub runner
        // sets GITHUB_ACTIONS; a terminal may force colour).
        for var in [
            "GITHUB_ACTIONS",
            "CLICOLOR_FORCE",
            "RUNGS_MESSAGE_FORMAT",
            "RUNGS_QUIET",
            "RUNGS_VERBOSE",
            "RUNGS_OUTPUT",
            "RUNGS_BASE_URL",
            "RUNGS_BIND",
            "RUNGS_PORT",
            "RUNGS_POLL",
            "RUNGS_DRAFTS",
        ] {
            cmd.env_remove(var);
        }
        run(cmd)
    }

    /// `rungs build`, asserting success.
    pub fn build_ok(&self) -> Run {
        let r = self.rungs(&["build"]);
        assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
        r
    }

    /// Parses an output page (`levels/senior/index.html`).
    pub fn page(&self, rel: &str) -> Html {
        Html::parse_document(
            &std::fs::read_to_string(self.public().join(rel)).expect("page exists"),
        )
    }

    /// Every output file and its bytes.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(&self.public())
    }
}

pub fn run(mut cmd: Command) -> Run {
    let out = cmd.output().expect("run rungs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file below `dir` with its contents.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

/// Text of an element with whitespace collapsed, without heading anchors and item permalinks
/// (`#`) and without what an item says about the level below ("New at this level", "Was at
/// …": the `.marks` of `components.html`); select those to test them.
pub fn text(el: scraper::ElementRef) -> String {
    fn collect(el: scraper::ElementRef, out: &mut String) {
        for child in el.children() {
            if let Some(t) = child.value().as_text() {
                out.push_str(t);
            } else if let Some(e) = scraper::ElementRef::wrap(child) {
                let skip = e
                    .value()
                    .classes()
                    .any(|k| matches!(k, "heading-anchor" | "permalink" | "marks"));
                if !skip {
                    collect(e, out);
                }
            }
        }
    }
    let mut raw = String::new();
    collect(el, &mut raw);
    normalize(&raw)
}

pub fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// All texts of elements matching `selector` in `doc`.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector)).map(text).collect()
}

/// Every internal link and asset reference of every HTML page below `out` that does not
/// resolve to a file (or to an element id, for fragments). Empty when all resolve.
pub fn broken_links(out: &Path) -> Vec<String> {
    let files = snapshot(out);
    let mut broken = Vec::new();
    let mut ids_cache: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for (path, bytes) in &files {
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        let page_dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        for (selector, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("script[src]", "src"),
        ] {
            for el in doc.select(&sel(selector)) {
                let Some(target) = el.value().attr(attr) else {
                    continue;
                };
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (file_part, fragment) = target.split_once('#').unwrap_or((target, ""));
                let resolved = if file_part.is_empty() {
                    path.clone()
                } else {
                    let mut p = page_dir.clone();
                    for seg in file_part.split('/') {
                        match seg {
                            "" | "." => {}
                            ".." => {
                                if !p.pop() {
                                    broken.push(format!(
                                        "{}: {target} climbs above the site",
                                        path.display()
                                    ));
                                }
                            }
                            s => p.push(s),
                        }
                    }
                    if file_part.ends_with('/') || files.keys().all(|k| k != &p) {
                        p.join("index.html")
                    } else {
                        p
                    }
                };
                let Some(target_bytes) = files.get(&resolved) else {
                    broken.push(format!(
                        "{}: {target} -> {} does not exist",
                        path.display(),
                        resolved.display()
                    ));
                    continue;
                };
                if !fragment.is_empty() {
                    let ids = ids_cache.entry(resolved.clone()).or_insert_with(|| {
                        let d = Html::parse_document(&String::from_utf8_lossy(target_bytes));
                        d.select(&sel("[id]"))
                            .filter_map(|e| e.value().attr("id").map(str::to_string))
                            .collect()
                    });
                    if !ids.iter().any(|i| i == fragment) {
                        broken.push(format!(
                            "{}: {target} -> no id `{fragment}` in {}",
                            path.display(),
                            resolved.display()
                        ));
                    }
                }
            }
        }
    }
    broken
}

pub mod serve;
pub mod static_server;

/// Debian's Chromium (or `RUNGS_CHROMIUM`), if installed.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("RUNGS_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser", "google-chrome"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

/// For a test whose tool is missing: fails when `CI` is set (CI must install it), otherwise
/// says the test is skipped. Call it, then return.
pub fn skip_unless_ci(tool: &str, hint: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {tool} is missing: .ci/run must install it"
    );
    eprintln!("skipped: no {tool} ({hint})");
}

/// The browser for a test: skipped locally when missing, a failure when `CI` is set.
pub fn chromium_or_skip() -> Option<PathBuf> {
    let found = find_chromium();
    if found.is_none() {
        skip_unless_ci(
            "Chromium",
            "install Debian's chromium or set RUNGS_CHROMIUM",
        );
    }
    found
}

/// The text of each table row's header cell and first data cell.
pub fn row_pairs(root: scraper::ElementRef, rows: &str) -> Vec<(String, String)> {
    root.select(&sel(rows))
        .map(|r| {
            let th = r.select(&sel("th")).next().expect("row header");
            let td = r.select(&sel("td")).next().expect("data cell");
            (text(th), text(td))
        })
        .collect()
}

/// Flags for headless Chromium on this machine: no sandbox (root), and no background
/// networking, whose connections the closed network refuses.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Chromium driven over the DevTools protocol, with a fresh profile in `profile`.
pub fn launch_chromium(chromium: PathBuf, profile: &Path) -> headless_chrome::Browser {
    let args: Vec<&std::ffi::OsStr> = CHROMIUM_FLAGS[2..]
        .iter()
        .map(std::ffi::OsStr::new)
        .collect();
    let options = headless_chrome::LaunchOptions::default_builder()
        .path(Some(chromium))
        .sandbox(false)
        .headless(true)
        .user_data_dir(Some(profile.to_path_buf()))
        .args(args)
        .build()
        .expect("launch options");
    headless_chrome::Browser::new(options).expect("launch chromium")
}

/// Diagnostic output without the source excerpts (`  |`, `3 | …`, `  |   ^^^`), for tests
/// that assert on the messages themselves.
pub fn without_excerpts(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            let t = t
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start();
            !(t == "|" || t.starts_with("| "))
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The axe-core accessibility engine's script: `RUNGS_AXE` (a path to `axe.min.js`), or
/// `node_modules/axe-core/axe.min.js` from `npm install axe-core`. Skipped locally when
/// missing, a failure when `CI` is set.
pub fn axe_or_skip() -> Option<String> {
    let path = std::env::var_os("RUNGS_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("node_modules/axe-core/axe.min.js"));
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) => {
            skip_unless_ci(
                "axe-core",
                "npm install --no-save axe-core, or set RUNGS_AXE to axe.min.js",
            );
            None
        }
    }
}

/// Runs axe-core (its script in `axe`) on the page open in `tab`: one line per violation
/// (rule id and the elements), empty when there is none.
pub fn axe_violations(tab: &headless_chrome::Tab, axe: &str) -> Vec<String> {
    tab.evaluate(axe, false).expect("load axe-core");
    let result = tab
        .evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))))",
            true,
        )
        .expect("run axe-core");
    let json = result
        .value
        .and_then(|v| v.as_str().map(str::to_string))
        .expect("axe-core returns its violations");
    serde_json::from_str(&json).expect("a JSON list of strings")
}
