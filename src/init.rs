//! `rungs init`: the starter ladder compiled into the binary, written into a folder; and
//! `rungs init --theme`: the default theme copied into `themes/custom/` for editing, with
//! `theme: custom` set in `content/site.yaml`.
//!
//! Owns the starter's files and the rules for writing into a user's folder: every file is
//! opened with `create_new`, so nothing is ever overwritten (not even with `--force`, which
//! only lets `init` into a non-empty folder); no file is written through a symbolic link or
//! outside the folder. It does not print: it returns what it did, and `cli` says it.

use crate::config::SITE_CONFIG_PATH;
use crate::render::theme::{DEFAULT_STATIC, DEFAULT_TEMPLATES};
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Stands for the release tag's version in the starter's Pages workflow.
const VERSION_PLACEHOLDER: &str = "@RUNGS_VERSION@";

/// `(path written below DIR, contents)` of a file of the embedded starter.
macro_rules! starter_file {
    ($out:literal, $src:literal) => {
        ($out, include_str!(concat!("init/starter/", $src)))
    };
}

/// The starter ladder, in the order it is written and listed. One table: adding a file is
/// one line. Dot files are stored without their dot, so they do not act in this repository.
pub(crate) const STARTER: &[(&str, &str)] = &[
    starter_file!("content/site.yaml", "site.yaml"),
    starter_file!("content/_index.md", "_index.md"),
    starter_file!("content/levels/engineer.md", "levels/engineer.md"),
    starter_file!("content/levels/senior.md", "levels/senior.md"),
    starter_file!("content/levels/staff.md", "levels/staff.md"),
    starter_file!("content/areas/code-review.md", "areas/code-review.md"),
    starter_file!("content/pages/promotion.md", "pages/promotion.md"),
    starter_file!(".gitignore", "gitignore"),
    starter_file!(".github/workflows/pages.yml", "pages.yml"),
];

/// The theme folder `init --theme` writes: `themes/custom/`.
pub const CUSTOM_THEME: &str = "custom";

/// The placeholder owner of the rungs action in the starter's workflow, which the user
/// replaces (rungs has no public home yet).
pub const ACTION_OWNER_PLACEHOLDER: &str = "OWNER";

/// The starter's files with their final contents: the workflow names the release tag of
/// this binary (`v0.1.0`), so a site keeps the rungs it was written for until upgraded.
pub fn starter_files() -> Vec<(&'static str, Vec<u8>)> {
    STARTER
        .iter()
        .map(|(path, text)| {
            let text = text.replace(VERSION_PLACEHOLDER, env!("CARGO_PKG_VERSION"));
            (*path, text.into_bytes())
        })
        .collect()
}

/// The default theme's files as `init --theme` writes them, below `themes/custom/`.
pub fn theme_files() -> Vec<(String, Vec<u8>)> {
    let templates = DEFAULT_TEMPLATES.iter().map(|(name, text)| {
        (
            format!("themes/{CUSTOM_THEME}/templates/{name}"),
            text.as_bytes().to_vec(),
        )
    });
    let statics = DEFAULT_STATIC.iter().map(|(name, bytes)| {
        (
            format!("themes/{CUSTOM_THEME}/static/{name}"),
            bytes.to_vec(),
        )
    });
    templates.chain(statics).collect()
}

/// What `init` was asked to do.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder to write into; created when missing.
    pub dir: PathBuf,
    /// Write into a non-empty folder (or over an existing `themes/custom/`), still never
    /// overwriting a file.
    pub force: bool,
}

/// What a run of `init` did, paths relative to the folder, `/`-separated.
#[derive(Debug, Default)]
pub struct InitReport {
    /// Files written.
    pub created: Vec<String>,
    /// Files left alone because something was already at their path.
    pub kept: Vec<String>,
    /// Files that could not be written, and why. Any makes the run fail.
    pub failed: Vec<(String, String)>,
    /// For `--theme`: the change to `content/site.yaml`.
    pub theme_setting: Option<ThemeSetting>,
}

/// How `init --theme` set `theme: custom` in `content/site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeSetting {
    /// The file already said `theme: custom`.
    AlreadySet,
    /// The `theme:` line was changed; the previous value's text.
    Replaced(String),
    /// There was no `theme:` line; one was added at the end.
    Added,
    /// Not changed, because a theme file could not be written.
    NotChanged,
}

/// Why `init` wrote nothing.
#[derive(Debug)]
pub enum InitError {
    /// The folder holds something besides `.git`, and `--force` was not given.
    NotEmpty(PathBuf),
    /// `themes/custom/` exists, and `--force` was not given.
    ThemeExists(PathBuf),
    /// `--theme` outside a site: no `content/site.yaml`.
    NoSiteConfig(PathBuf),
    /// `content/site.yaml` cannot take `theme: custom` safely (it does not parse, or the
    /// edited file would not mean the same plus the theme).
    SiteConfig(String),
    /// The folder cannot be created or read.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::NotEmpty(dir) => write!(
                f,
                "{} is not empty: `rungs init` writes a new ladder into an empty folder (or one \
                 holding only .git); --force adds the starter's missing files, never overwriting one",
                dir.display()
            ),
            InitError::ThemeExists(dir) => write!(
                f,
                "{} exists: `rungs init --theme` writes a fresh copy of the default theme there; \
                 --force adds its missing files, never overwriting one",
                dir.display()
            ),
            InitError::NoSiteConfig(path) => write!(
                f,
                "{} not found: `rungs init --theme` runs in a site folder (one made by `rungs init`)",
                path.display()
            ),
            InitError::SiteConfig(why) => f.write_str(why),
            InitError::Io(path, e) => write!(f, "{}: {e}", path.display()),
        }
    }
}

impl std::error::Error for InitError {}

/// Writes the starter ladder into `opts.dir`, creating the folder when missing.
///
/// # Errors
/// A folder that is not empty (anything besides `.git`) without `--force`, or one that cannot
/// be created or read. Files that cannot be written are listed in the report, not errors.
pub fn init_site(opts: &InitOptions) -> Result<InitReport, InitError> {
    let dir = &opts.dir;
    std::fs::create_dir_all(dir).map_err(|e| InitError::Io(dir.clone(), e))?;
    if !opts.force && !is_empty_folder(dir)? {
        return Err(InitError::NotEmpty(dir.clone()));
    }
    let mut report = InitReport::default();
    for (rel, bytes) in starter_files() {
        write_new(dir, rel, &bytes, &mut report);
    }
    Ok(report)
}

/// Copies the default theme into `opts.dir/themes/custom/` and sets `theme: custom` in
/// `content/site.yaml`, keeping every other byte of it.
///
/// # Errors
/// No `content/site.yaml`, one that cannot take the setting safely, or an existing
/// `themes/custom/` without `--force`; nothing is written then.
pub fn init_theme(opts: &InitOptions) -> Result<InitReport, InitError> {
    let dir = &opts.dir;
    let config_path = dir.join(SITE_CONFIG_PATH);
    // The edit rewrites the file in place: never through a symbolic link.
    if std::fs::symlink_metadata(&config_path).is_ok_and(|m| !m.is_file()) {
        return Err(InitError::SiteConfig(format!(
            "{SITE_CONFIG_PATH} is not a regular file (a symbolic link?): set `theme: \
             {CUSTOM_THEME}` in it yourself"
        )));
    }
    let config = match std::fs::read(&config_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(InitError::NoSiteConfig(config_path));
        }
        Err(e) => return Err(InitError::Io(config_path, e)),
    };
    let config = String::from_utf8(config)
        .map_err(|_| InitError::SiteConfig(format!("{SITE_CONFIG_PATH}: not UTF-8 text")))?;
    let edit = set_theme(&config, CUSTOM_THEME).map_err(InitError::SiteConfig)?;
    let theme_dir = dir.join("themes").join(CUSTOM_THEME);
    if !opts.force && std::fs::symlink_metadata(&theme_dir).is_ok() {
        return Err(InitError::ThemeExists(theme_dir));
    }
    let mut report = InitReport::default();
    for (rel, bytes) in theme_files() {
        write_new(dir, &rel, &bytes, &mut report);
    }
    report.theme_setting = Some(match edit {
        _ if !report.failed.is_empty() => ThemeSetting::NotChanged,
        None => ThemeSetting::AlreadySet,
        Some((text, setting)) => match std::fs::write(&config_path, text) {
            Ok(()) => setting,
            Err(e) => {
                report
                    .failed
                    .push((SITE_CONFIG_PATH.to_string(), e.to_string()));
                ThemeSetting::NotChanged
            }
        },
    });
    Ok(report)
}

/// What to tell the user after a run: the files created and kept, then what to do next.
/// `dir` is the folder as the user named it.
pub fn summary(report: &InitReport, dir: &Path) -> String {
    use fmt::Write as _;
    let mut out = String::new();
    let shown = dir.display();
    let list = |out: &mut String, paths: &[String]| {
        for path in paths {
            let _ = writeln!(out, "  {path}");
        }
    };
    let theme = report.theme_setting.is_some();
    if !report.created.is_empty() {
        let what = if theme {
            format!(
                "copied the default theme into {}",
                dir.join("themes").join(CUSTOM_THEME).display()
            )
        } else {
            format!("created a starter ladder in {shown}")
        };
        let _ = writeln!(out, "{what}:");
        list(&mut out, &report.created);
    }
    if !report.kept.is_empty() {
        let _ = writeln!(out, "kept (already there, not overwritten):");
        list(&mut out, &report.kept);
    }
    if !report.failed.is_empty() {
        let _ = writeln!(
            out,
            "not finished: {} file(s) could not be written (see the errors above)",
            report.failed.len()
        );
        return out;
    }
    let setting = format!("`theme: {CUSTOM_THEME}` in {SITE_CONFIG_PATH}");
    match &report.theme_setting {
        None => {
            let _ = writeln!(out, "next:");
            if dir != Path::new(".") {
                let _ = writeln!(out, "  cd {shown}");
            }
            let _ = writeln!(
                out,
                "  rungs serve    preview it at http://127.0.0.1:1111/, rebuilt on every save"
            );
            let _ = writeln!(out, "  rungs build    write the site into public/");
            if report
                .created
                .iter()
                .any(|p| p == ".github/workflows/pages.yml")
            {
                let _ = writeln!(
                    out,
                    "before publishing with GitHub Pages, replace {ACTION_OWNER_PLACEHOLDER} in \
                     .github/workflows/pages.yml with the GitHub owner of rungs (see the file's first lines)"
                );
            }
        }
        Some(ThemeSetting::AlreadySet) => {
            let _ = writeln!(out, "{setting} was already set");
        }
        Some(ThemeSetting::Replaced(previous)) => {
            let _ = writeln!(out, "set {setting} (it was `{previous}`)");
        }
        Some(ThemeSetting::Added) => {
            let _ = writeln!(out, "set {setting}");
        }
        Some(ThemeSetting::NotChanged) => {}
    }
    if theme {
        let _ = writeln!(
            out,
            "edit the files in themes/{CUSTOM_THEME}/; delete those you leave as they are, so they \
             keep following the default theme of newer rungs releases"
        );
    }
    out
}

/// Whether `dir` holds nothing but (possibly) `.git`.
fn is_empty_folder(dir: &Path) -> Result<bool, InitError> {
    let entries = std::fs::read_dir(dir).map_err(|e| InitError::Io(dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| InitError::Io(dir.to_path_buf(), e))?;
        if entry.file_name() != ".git" {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Writes `bytes` to `root/rel` unless something is there, creating its folders. Folders
/// are walked one by one from `root` without following symbolic links, so nothing is written
/// outside `root`; the file itself is created with `create_new`, which refuses any existing
/// entry (a dangling symbolic link included).
fn write_new(root: &Path, rel: &str, bytes: &[u8], report: &mut InitReport) {
    let mut folder = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    let (file_name, folders) = parts.split_last().unwrap_or((&rel, &[]));
    for (i, name) in folders.iter().enumerate() {
        folder.push(name);
        let shown = parts[..=i].join("/");
        let problem = match std::fs::symlink_metadata(&folder) {
            Ok(meta) if meta.is_dir() => None,
            Ok(meta) if meta.file_type().is_symlink() => Some(format!(
                "{shown} is a symbolic link; rungs init writes only into real folders"
            )),
            Ok(_) => Some(format!("{shown} is not a folder")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir(&folder)
                .err()
                .filter(|e| e.kind() != std::io::ErrorKind::AlreadyExists)
                .map(|e| format!("{shown}: {e}")),
            Err(e) => Some(format!("{shown}: {e}")),
        };
        if let Some(why) = problem {
            report.failed.push((rel.to_string(), why));
            return;
        }
    }
    let path = folder.join(file_name);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    match file {
        Ok(mut file) => match file.write_all(bytes).and_then(|()| file.sync_all()) {
            Ok(()) => report.created.push(rel.to_string()),
            Err(e) => report.failed.push((rel.to_string(), e.to_string())),
        },
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            report.kept.push(rel.to_string());
        }
        Err(e) => report.failed.push((rel.to_string(), e.to_string())),
    }
}

/// `site.yaml`'s text with `theme: <theme>`: the top-level `theme:` line replaced, or one
/// added at the end; every other byte kept. `None` when it already says so.
///
/// The edit is checked by parsing both texts: the new one must mean exactly the old one with
/// `theme` set, or the edit is refused (a `theme:` spread over several lines, a flow-style
/// mapping, a file that does not parse) and the user is asked to make it.
///
/// # Errors
/// The message to show when the file cannot take the setting safely.
pub(crate) fn set_theme(text: &str, theme: &str) -> Result<Option<(String, ThemeSetting)>, String> {
    let manual = format!("set `theme: {theme}` in {SITE_CONFIG_PATH} yourself");
    let old = crate::yaml::parse::<serde_yaml::Value>(text).map_err(|e| {
        format!(
            "{SITE_CONFIG_PATH}:{}:{}: {}: fix it first (`rungs check` lists every problem)",
            e.line, e.column, e.message
        )
    })?;
    let mut expected = old.value;
    let Some(map) = expected.as_mapping_mut() else {
        return Err(format!(
            "{SITE_CONFIG_PATH} is not a mapping of keys: {manual}"
        ));
    };
    let key = serde_yaml::Value::from("theme");
    if map.get(&key).and_then(serde_yaml::Value::as_str) == Some(theme) {
        return Ok(None);
    }
    map.insert(key, serde_yaml::Value::from(theme));
    let line_end = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let setting_line = format!("theme: {theme}");
    let theme_line = text
        .split_inclusive('\n')
        .scan(0, |start, line| {
            let at = *start;
            *start += line.len();
            Some((at, line))
        })
        .find(|(_, line)| {
            line.strip_prefix("theme")
                .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
        });
    let (new, setting) = match theme_line {
        Some((at, line)) => {
            let content = line.trim_end_matches(['\n', '\r']);
            let previous = content
                .split_once(':')
                .map_or("", |(_, value)| value)
                .split(" #")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            let mut new = String::with_capacity(text.len() + setting_line.len());
            new.push_str(&text[..at]);
            new.push_str(&setting_line);
            new.push_str(&text[at + content.len()..]);
            (new, ThemeSetting::Replaced(previous))
        }
        None => {
            let mut new = text.to_string();
            if !new.is_empty() && !new.ends_with('\n') {
                new.push_str(line_end);
            }
            new.push_str(&setting_line);
            new.push_str(line_end);
            (new, ThemeSetting::Added)
        }
    };
    match crate::yaml::parse::<serde_yaml::Value>(&new) {
        Ok(parsed) if parsed.value == expected => Ok(Some((new, setting))),
        _ => Err(format!(
            "{SITE_CONFIG_PATH}: could not set the theme without changing something else: {manual}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> Result<Option<(String, ThemeSetting)>, String> {
        set_theme(text, "custom")
    }

    #[test]
    fn adds_a_theme_line_at_the_end() {
        let (new, how) = set("title: T\ncategories:\n  - id: a\n    title: A\n")
            .expect("ok")
            .expect("changed");
        assert_eq!(
            new,
            "title: T\ncategories:\n  - id: a\n    title: A\ntheme: custom\n"
        );
        assert_eq!(how, ThemeSetting::Added);
    }

    #[test]
    fn adds_a_line_break_before_the_theme_when_missing() {
        let (new, _) = set("title: T # no newline").expect("ok").expect("changed");
        assert_eq!(new, "title: T # no newline\ntheme: custom\n");
    }

    #[test]
    fn keeps_crlf_line_ends() {
        let (new, _) = set("title: T\r\n").expect("ok").expect("changed");
        assert_eq!(new, "title: T\r\ntheme: custom\r\n");
    }

    #[test]
    fn replaces_the_theme_line_and_keeps_every_other_byte() {
        let text = "# comment\ntitle: T\ntheme:  corporate   # ours\r\nbase_url: /\n";
        let (new, how) = set(text).expect("ok").expect("changed");
        assert_eq!(new, "# comment\ntitle: T\ntheme: custom\r\nbase_url: /\n");
        assert_eq!(how, ThemeSetting::Replaced("corporate".into()));
    }

    #[test]
    fn leaves_a_file_that_already_says_custom() {
        assert!(set("title: T\ntheme: \"custom\"\n").expect("ok").is_none());
    }

    #[test]
    fn ignores_theme_keys_that_are_not_top_level() {
        let text = "title: T\nlabels:\n  theme: x\n";
        let (new, how) = set(text).expect("ok").expect("changed");
        assert_eq!(new, format!("{text}theme: custom\n"));
        assert_eq!(how, ThemeSetting::Added);
    }

    #[test]
    fn refuses_a_theme_spread_over_lines() {
        let err = set("title: T\ntheme:\n  corporate\n").expect_err("refused");
        assert!(
            err.contains("set `theme: custom` in content/site.yaml yourself"),
            "{err}"
        );
    }

    #[test]
    fn refuses_a_flow_mapping_and_a_broken_file() {
        assert!(set("{title: T}\n").is_err());
        let err = set("title: [\n").expect_err("refused");
        assert!(err.starts_with("content/site.yaml:"), "{err}");
    }

    #[test]
    fn starter_workflow_names_this_release() {
        let files = starter_files();
        let (_, workflow) = files
            .iter()
            .find(|(p, _)| *p == ".github/workflows/pages.yml")
            .expect("workflow");
        let text = String::from_utf8_lossy(workflow);
        assert!(text.contains(&format!(
            "uses: {ACTION_OWNER_PLACEHOLDER}/rungs@v{}\n",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(!text.contains(VERSION_PLACEHOLDER));
    }
}
