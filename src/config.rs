//! `content/site.yaml` → typed [`SiteConfig`]: the site's title, base URL, theme, the
//! competency categories every level is described by (and the groups they are shown in), and
//! the site's own words (`labels`, checked by [`crate::labels`]).
//!
//! Reads one file and validates it; knows nothing of levels or areas. The one thing it checks
//! on disk besides the file is the theme: a plain folder name (letters, digits, `-`, `_`, `.`) whose folder
//! `themes/<name>/` is inside the site folder.

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fsx::{self, Resolved, Root};
use crate::labels::Labels;
use crate::text;
use crate::yaml::{self, RequiredText, Seg, Target};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Where the configuration lives, relative to the site root.
pub const SITE_CONFIG_PATH: &str = "content/site.yaml";

/// `content/site.yaml` as written.
#[derive(Debug, Deserialize)]
struct RawSite {
    #[serde(default)]
    title: RequiredText,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    cname: Option<String>,
    #[serde(default)]
    edit_url: Option<String>,
    #[serde(default)]
    unsafe_html: bool,
    #[serde(default)]
    last_updated: Option<bool>,
    #[serde(default)]
    groups: Vec<RawGroup>,
    categories: Vec<RawCategory>,
    #[serde(default)]
    labels: BTreeMap<String, Option<String>>,
    #[serde(default)]
    lint: RawSiteLint,
    #[serde(default)]
    versions: Option<RawVersions>,
}

/// `versions: {tags: "ladder-v*"}`: the git tags that are versions of the ladder.
#[derive(Debug, Deserialize)]
struct RawVersions {
    #[serde(default)]
    tags: Option<String>,
}

const VERSIONS_KEYS: &[&str] = &["tags"];

/// `lint: {allow: [L003]}`: lint codes silenced for the whole site.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSiteLint {
    #[serde(default)]
    allow: Vec<String>,
}

const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "theme",
    "language",
    "cname",
    "edit_url",
    "unsafe_html",
    "last_updated",
    "groups",
    "categories",
    "labels",
    "lint",
    "versions",
];

#[derive(Debug, Deserialize)]
struct RawCategory {
    id: String,
    #[serde(default)]
    title: RequiredText,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    group: Option<String>,
}

const CATEGORY_KEYS: &[&str] = &["id", "title", "description", "group"];

#[derive(Debug, Deserialize)]
struct RawGroup {
    id: String,
    #[serde(default)]
    title: RequiredText,
    #[serde(default)]
    description: Option<String>,
}

const GROUP_KEYS: &[&str] = &["id", "title", "description"];

/// The validated site configuration.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteConfig {
    /// The site's name, shown in every page's header and `<title>`.
    pub title: String,
    /// One-sentence description for the home page and `<meta name="description">`.
    pub description: Option<String>,
    /// Where the site is published, always ending in `/`: `/`, `/ladder/` or
    /// `https://org.github.io/ladder/`. Pages link relatively; this is for absolute URLs.
    pub base_url: String,
    /// Theme name: `themes/<theme>/` is layered over the embedded default theme. Always a
    /// plain folder name (letters, digits, `-`, `_`, `.`), never a path.
    pub theme: String,
    /// The `lang` attribute of every page.
    pub language: String,
    /// Custom domain for GitHub Pages: written to a `CNAME` file.
    pub cname: Option<String>,
    /// Where a page's source file is edited: an `http(s)` URL with `{path}` (the file's path
    /// from the site root), such as `https://github.com/org/ladder/edit/main/{path}`.
    pub edit_url: Option<String>,
    /// Whether raw HTML in Markdown blocks (bodies, transitions, home page texts) reaches the
    /// pages as HTML. `false` (the default) shows it as typed; inline fields always do.
    pub unsafe_html: bool,
    /// Whether pages made from one source file show when that file last changed, read from
    /// git (`last_updated`, default `true`).
    pub last_updated: bool,
    /// Groups of categories, in display order (none unless site.yaml sets `groups`).
    pub groups: Vec<Group>,
    /// Competency categories, in display order: the categories of no group first, then
    /// those of each group in group order; as written within each.
    pub categories: Vec<Category>,
    /// The words the theme shows: site.yaml's `labels` over the English defaults.
    pub labels: Labels,
    /// Lint codes silenced for the whole site (`lint: {allow: [L003]}`), all known codes.
    pub lint_allow: Vec<String>,
    /// `versions: {tags: …}`: which git tags are versions of the ladder (the changes page,
    /// the version on every page); `None` when not set.
    pub versions: Option<VersionsConfig>,
}

/// Which git tags are versions of the ladder.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VersionsConfig {
    /// The tag pattern (`ladder-v*`): `*` any run of characters, `?` one, anything else
    /// itself.
    pub tags: String,
}

/// A group of categories (a pillar such as "Results" or "Craft"): shown as a heading over
/// its categories.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Group {
    /// Slug, also the HTML id of its heading on level pages.
    pub id: String,
    /// Display title.
    pub title: String,
    /// Optional explanation shown under the heading.
    pub description: Option<String>,
}

impl SiteConfig {
    /// The categories in display order cut into runs shown together: the ungrouped ones
    /// first (with no group; left out when there are none), then one run per group that has
    /// categories, as (group, range of indexes into `categories`).
    pub fn category_sections(&self) -> Vec<(Option<&Group>, std::ops::Range<usize>)> {
        let ungrouped = self
            .categories
            .iter()
            .take_while(|c| c.group.is_none())
            .count();
        let mut sections = Vec::with_capacity(self.groups.len() + 1);
        if ungrouped > 0 || self.groups.is_empty() {
            sections.push((None, 0..ungrouped));
        }
        let mut start = ungrouped;
        for g in &self.groups {
            let len = self.categories[start..]
                .iter()
                .take_while(|c| c.group.as_deref() == Some(g.id.as_str()))
                .count();
            if len > 0 {
                sections.push((Some(g), start..start + len));
            }
            start += len;
        }
        sections
    }
}

/// A competency category: every level lists its expectations per category.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Category {
    /// Slug used as key in level files and as HTML id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// Optional explanation shown with the category.
    pub description: Option<String>,
    /// The id of its group, if any.
    pub group: Option<String>,
}

/// Whether `s` looks like a DNS host name (labels of letters, digits and `-`, dot-separated).
fn is_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// Whether `name` can name a theme: a single, plain folder name under `themes/` —
/// ASCII letters, digits, `-`, `_` and `.`, not starting with `.` (so never `..`, a hidden
/// folder, a path with `/` or `\`, an absolute path or empty), at most 64 characters.
pub(crate) fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Whether a base URL is absolute (has a scheme and host), as sitemaps need.
pub fn is_absolute_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Checks a base URL (from site.yaml or `--base-url`): an `http://` or `https://` URL with a
/// host, or a path starting with `/`. It starts every link of the 404 page and every URL of
/// the sitemap, so anything else (`javascript:`, `data:`, `//other.host`) would be active or
/// point elsewhere. Empty means `/`.
///
/// # Errors
/// Why the URL is refused, worded to follow "the base URL …".
pub(crate) fn check_base_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c))
    {
        return Err("contains a space, a quote, `<`, `>`, `\\` or a control character".into());
    }
    let host = |rest: &str| !rest.is_empty() && !rest.starts_with('/');
    match url {
        "" => Ok(()),
        _ if url.starts_with("//") => {
            Err("starts with `//`, which a browser reads as another host".into())
        }
        _ if url.starts_with('/') => Ok(()),
        _ => match url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
        {
            Some(rest) if host(rest) => Ok(()),
            Some(_) => Err("has no host after the scheme".into()),
            None => {
                Err("is neither an http:// or https:// URL nor a path starting with `/`".into())
            }
        },
    }
}

/// Checks `edit_url`: an absolute `http(s)` URL (as [`check_base_url`] checks them) with
/// `{path}` where the file's path goes.
///
/// # Errors
/// Why the URL is refused, worded to follow "the edit URL …".
pub(crate) fn check_edit_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err("is not an http:// or https:// URL".into());
    }
    check_base_url(url)?;
    if !url.contains("{path}") {
        return Err("has no `{path}`, where the page's source file goes".into());
    }
    Ok(())
}

/// Normalizes a base URL so it always ends with exactly one `/`.
pub fn normalize_base_url(url: &str) -> String {
    let trimmed = url.trim().trim_end_matches('/');
    format!("{trimmed}/")
}

/// Reads and validates `root/content/site.yaml`, and checks that the theme it names is a
/// folder inside the site.
///
/// # Errors
/// Every problem found in the file, or that it cannot be read: missing, not a regular file,
/// a link leaving the site folder, or larger than 1 MiB.
pub fn load_site_config(root: &Path) -> Result<(SiteConfig, Diagnostics), Diagnostics> {
    let root = Root::open(root).map_err(Diagnostics::from)?;
    let text = read_site_config(&root)?;
    validate_site_config(&text, Some(&root))
}

/// The text of `content/site.yaml`: a regular file inside the site, at most 1 MiB, UTF-8.
fn read_site_config(root: &Root) -> Result<String, Diagnostics> {
    let bytes = root
        .read_file(SITE_CONFIG_PATH, Some(fsx::MAX_SOURCE_BYTES))
        .map_err(|d| match d.help {
            Some(_) => Diagnostics::from(d),
            None => Diagnostics::from(
                d.with_help("expected content/site.yaml with at least `title:` and `categories:`"),
            ),
        })?;
    fsx::decode_text(SITE_CONFIG_PATH, bytes).map_err(Diagnostics::from)
}

/// What can be used of a `site.yaml` that has errors, so the other files are still checked
/// (after [`load_site_config`] failed, whose errors are the ones to report). The categories
/// are those whose ids could be read, as written (titled by their ids); when even that
/// fails, none: validation then cannot judge competency keys and does not report them.
/// Everything else takes its default.
pub(crate) fn salvage_site_config(root: &Path) -> SiteConfig {
    #[derive(Deserialize)]
    struct Salvaged {
        #[serde(default)]
        categories: Vec<SalvagedCategory>,
    }
    #[derive(Deserialize)]
    struct SalvagedCategory {
        id: String,
    }
    let ids: Vec<String> = Root::open(root)
        .ok()
        .and_then(|root| read_site_config(&root).ok())
        .and_then(|text| yaml::parse::<Salvaged>(&text).ok())
        .map(|parsed| parsed.value.categories.into_iter().map(|c| c.id).collect())
        .unwrap_or_default();
    let mut categories: Vec<Category> = Vec::with_capacity(ids.len());
    for id in ids {
        if !categories.iter().any(|c| c.id == id) {
            categories.push(Category {
                title: id.clone(),
                id,
                description: None,
                group: None,
            });
        }
    }
    SiteConfig {
        title: String::new(),
        description: None,
        base_url: "/".to_string(),
        theme: "default".to_string(),
        language: "en".to_string(),
        cname: None,
        edit_url: None,
        unsafe_html: false,
        last_updated: true,
        groups: Vec::new(),
        categories,
        labels: Labels::default(),
        lint_allow: Vec::new(),
        versions: None,
    }
}

/// What is wrong with a theme, before its location is known.
#[derive(Debug)]
pub(crate) struct Problem {
    message: String,
    help: String,
}

impl Problem {
    /// The error, at `location`.
    pub(crate) fn at(self, location: Location) -> Diagnostic {
        Diagnostic::error(location, self.message).with_help(self.help)
    }
}

/// Why `theme` cannot be used: not a plain name, or no such folder inside the site.
/// `folder` resolves `themes/<theme>` (called only for a plain name); `None` skips the
/// folder check. `default` needs no folder: it is built in. The one owner of these rules
/// and messages, for site.yaml and for `load_theme`.
pub(crate) fn theme_problem(
    theme: &str,
    folder: impl FnOnce(&str) -> Option<Resolved>,
) -> Option<Problem> {
    if !is_theme_name(theme) {
        let message = if theme.is_empty() {
            "`theme` is empty".to_string()
        } else {
            format!(
                "`theme` must be the name of a folder in themes/, not `{}`",
                text::clip(theme)
            )
        };
        return Some(Problem {
            message,
            help: "expected a plain name such as `mine` for the folder themes/mine/ (letters, digits, `-`, `_`, `.`; no `/`, `\\` or `..`), or `default`".into(),
        });
    }
    let rel = format!("themes/{theme}");
    match folder(&rel)? {
        Resolved::Inside(dir) if dir.is_dir() => None,
        Resolved::Outside(target) => Some(Problem {
            message: format!(
                "the folder {rel}/ is a symbolic link to {}, outside the site folder: not followed",
                target.display()
            ),
            help: "expected the theme's files inside the site folder: copy them into themes/"
                .into(),
        }),
        Resolved::Hidden(target) => Some(Problem {
            message: format!(
                "the folder {rel}/ is a symbolic link to {}, a hidden folder: not followed",
                target.display()
            ),
            help:
                "expected the theme's files in a folder that is not hidden: copy them into themes/"
                    .into(),
        }),
        _ if theme == "default" => None,
        _ => Some(Problem {
            message: format!("theme `{theme}` not found"),
            help: format!(
                "expected a folder themes/{theme}/ with templates/ and/or static/, or `theme: default`"
            ),
        }),
    }
}

/// Validates the text of `site.yaml`. Pure: tests need no disk.
///
/// # Errors
/// Every problem found: YAML errors, unknown keys, bad or duplicate category ids.
pub fn parse_site_config(text: &str) -> Result<(SiteConfig, Diagnostics), Diagnostics> {
    validate_site_config(text, None)
}

/// [`parse_site_config`], and with a `root`, checks that the theme folder exists inside it.
fn validate_site_config(
    text: &str,
    root: Option<&Root>,
) -> Result<(SiteConfig, Diagnostics), Diagnostics> {
    let at = |line, column| Location {
        path: SITE_CONFIG_PATH.to_string(),
        line,
        column,
    };
    let parsed = yaml::parse::<RawSite>(text)
        .map_err(|e| Diagnostics::from(Diagnostic::error(at(e.line, e.column), e.message)))?;
    let mut diags = Diagnostics::new();
    let locator = yaml::Locator::default();
    for key in &parsed.unknown_keys {
        let (line, column) = locator.locate(text, key, Target::Key);
        let known = match key.first() {
            Some(Seg::Key(k)) if key.len() > 1 && k == "groups" => GROUP_KEYS,
            Some(Seg::Key(k)) if key.len() > 1 && k == "versions" => VERSIONS_KEYS,
            _ if key.len() > 1 => CATEGORY_KEYS,
            _ => SITE_KEYS,
        };
        diags.push(yaml::unknown_key(key, known).error(at(line, column)));
    }
    let raw = parsed.value;
    let title = raw
        .title
        .require(
            "title",
            "the site's name",
            || at(1, 1),
            || {
                let (line, column) = yaml::locate(text, &[Seg::key("title")], Target::Value);
                at(line, column)
            },
        )
        .map(str::to_string)
        .unwrap_or_else(|d| {
            diags.push(d);
            String::new()
        });
    if let Some(cname) = &raw.cname
        && !is_host_name(cname)
    {
        let (line, column) = yaml::locate(text, &[Seg::key("cname")], Target::Value);
        diags.push(
            Diagnostic::error(
                at(line, column),
                format!("`cname` is not a host name: `{}`", text::clip(cname)),
            )
            .with_help(
                "expected a bare domain such as `ladder.example.com`, without scheme or path",
            ),
        );
    }
    if let Some(url) = &raw.edit_url
        && let Err(why) = check_edit_url(url)
    {
        let (line, column) = yaml::locate(text, &[Seg::key("edit_url")], Target::Value);
        diags.push(
            Diagnostic::error(
                at(line, column),
                format!("the edit URL `{}` {why}", url.escape_debug()),
            )
            .with_help("expected an http:// or https:// URL with `{path}`, such as `https://github.com/org/ladder/edit/main/{path}`"),
        );
    }
    if let Some(url) = &raw.base_url
        && let Err(why) = check_base_url(url)
    {
        let (line, column) = yaml::locate(text, &[Seg::key("base_url")], Target::Value);
        diags.push(
            Diagnostic::error(
                at(line, column),
                format!("the base URL `{}` {why}", url.escape_debug()),
            )
            .with_help("expected an http:// or https:// URL or a path starting with `/`, such as `https://org.github.io/ladder/` or `/ladder/`"),
        );
    }
    if let Some(theme) = &raw.theme
        && let Some(problem) = theme_problem(theme, |rel| root.map(|r| r.resolve(rel)))
    {
        let (line, column) = yaml::locate(text, &[Seg::key("theme")], Target::Value);
        diags.push(problem.at(at(line, column)));
    }
    if raw.categories.is_empty() {
        let (line, column) = yaml::locate(text, &[Seg::key("categories")], Target::Value);
        diags.push(
            Diagnostic::error(at(line, column), "no competency categories")
                .with_help("expected at least one `- id: …` entry with a `title:`"),
        );
    }
    let (groups, group_indexes) = validate_groups(text, &locator, raw.groups, &mut diags);
    let mut categories: Vec<Category> = Vec::with_capacity(raw.categories.len());
    for (i, c) in raw.categories.into_iter().enumerate() {
        let id_path = [Seg::key("categories"), Seg::Index(i), Seg::key("id")];
        if !text::is_slug(&c.id) {
            let (line, column) = locator.locate(text, &id_path, Target::Value);
            diags.push(
                Diagnostic::error(
                    at(line, column),
                    format!("category id `{}` is not a valid id", text::clip(&c.id)),
                )
                .with_help(
                    "expected lowercase letters, digits and `-`, such as `technical-skills`",
                ),
            );
        } else if categories.iter().any(|o| o.id == c.id) {
            let (line, column) = locator.locate(text, &id_path, Target::Value);
            diags.push(Diagnostic::error(
                at(line, column),
                format!("duplicate category id `{}`", c.id),
            ));
        }
        let title = list_title(
            &c.title,
            "categories",
            i,
            "the category's display title",
            &locator,
            text,
            &mut diags,
        );
        if let Some(group) = &c.group
            && !groups.iter().any(|g| &g.id == group)
        {
            let path = [Seg::key("categories"), Seg::Index(i), Seg::key("group")];
            let (line, column) = locator.locate(text, &path, Target::Value);
            let known: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
            let mut d = crate::diag::unknown_name("group", group, &known).error(at(line, column));
            if known.is_empty() {
                d = d.with_help(
                    "expected a group declared under `groups:` (`- id: …` with a `title:`); this site declares none",
                );
            }
            diags.push(d);
        }
        if let Some(g) = groups.iter().find(|g| g.id == c.id) {
            let (line, column) = locator.locate(text, &id_path, Target::Value);
            diags.push(
                Diagnostic::error(
                    at(line, column),
                    format!("category id `{}` is also a group id", c.id),
                )
                .with_help(format!(
                    "expected different ids: both name a heading on level pages (the group `{}` is titled “{}”)",
                    g.id, g.title
                )),
            );
        }
        categories.push(Category {
            id: c.id,
            title,
            description: c.description,
            group: c.group,
        });
    }
    for (g, &i) in groups.iter().zip(&group_indexes) {
        if text::is_slug(&g.id)
            && !categories
                .iter()
                .any(|c| c.group.as_deref() == Some(g.id.as_str()))
        {
            let path = [Seg::key("groups"), Seg::Index(i), Seg::key("id")];
            let (line, column) = locator.locate(text, &path, Target::Value);
            diags.push(
                Diagnostic::warning(
                    at(line, column),
                    format!("group `{}` has no categories: it is not shown", g.id),
                )
                .with_help(format!(
                    "expected `group: {}` on at least one category",
                    g.id
                )),
            );
        }
    }
    // Display order: ungrouped categories first, then each group's, in group order. Stable:
    // within a group, categories keep the order they are written in.
    categories.sort_by_key(|c| match &c.group {
        None => 0,
        Some(id) => {
            1 + groups
                .iter()
                .position(|g| &g.id == id)
                .unwrap_or(groups.len())
        }
    });
    let entries: Vec<(String, Option<String>)> = raw.labels.into_iter().collect();
    let labels = crate::labels::Labels::parse(&entries, |key, is_key| {
        let path = [Seg::key("labels"), Seg::key(key)];
        let target = if is_key { Target::Key } else { Target::Value };
        let (line, column) = locator.locate(text, &path, target);
        at(line, column)
    })
    .unwrap_or_else(|errors| {
        for e in errors {
            diags.push(e);
        }
        Labels::default()
    });
    let (lint_allow, lint_errors) = crate::lint::check_allow(&raw.lint.allow, |i| {
        let path = [Seg::key("lint"), Seg::key("allow"), Seg::Index(i)];
        let (line, column) = locator.locate(text, &path, Target::Value);
        at(line, column)
    });
    for e in lint_errors {
        diags.push(e);
    }
    let versions = match &raw.versions {
        None => None,
        Some(RawVersions { tags: Some(tags) }) if !tags.trim().is_empty() => Some(VersionsConfig {
            tags: tags.trim().to_string(),
        }),
        Some(_) => {
            let (line, column) = yaml::locate(text, &[Seg::key("versions")], Target::Key);
            diags.push(
                Diagnostic::error(at(line, column), "`versions` has no `tags` pattern")
                    .with_help("expected `versions: {tags: \"ladder-v*\"}`: the git tags that are versions of the ladder"),
            );
            None
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let config = SiteConfig {
        title,
        description: raw.description,
        base_url: normalize_base_url(raw.base_url.as_deref().unwrap_or("/")),
        theme: raw.theme.unwrap_or_else(|| "default".to_string()),
        language: raw.language.unwrap_or_else(|| "en".to_string()),
        cname: raw.cname,
        edit_url: raw.edit_url.map(|u| u.trim().to_string()),
        unsafe_html: raw.unsafe_html,
        last_updated: raw.last_updated.unwrap_or(true),
        groups,
        categories,
        labels,
        lint_allow,
        versions,
    };
    Ok((config, diags))
}

/// Checks `groups:`: each id a slug, unique, each with a title. Returns the groups as
/// written, bad ids included (so categories naming them are not also reported) but not a
/// second group of one id, and the index of each in the list as written.
fn validate_groups(
    text: &str,
    locator: &yaml::Locator,
    raw: Vec<RawGroup>,
    diags: &mut Diagnostics,
) -> (Vec<Group>, Vec<usize>) {
    let at = |line, column| Location {
        path: SITE_CONFIG_PATH.to_string(),
        line,
        column,
    };
    let mut groups: Vec<Group> = Vec::with_capacity(raw.len());
    let mut indexes = Vec::with_capacity(raw.len());
    for (i, g) in raw.into_iter().enumerate() {
        let id_path = [Seg::key("groups"), Seg::Index(i), Seg::key("id")];
        if !text::is_slug(&g.id) {
            let (line, column) = locator.locate(text, &id_path, Target::Value);
            diags.push(
                Diagnostic::error(
                    at(line, column),
                    format!("group id `{}` is not a valid id", text::clip(&g.id)),
                )
                .with_help("expected lowercase letters, digits and `-`, such as `craft`"),
            );
        } else if groups.iter().any(|o| o.id == g.id) {
            let (line, column) = locator.locate(text, &id_path, Target::Value);
            diags.push(Diagnostic::error(
                at(line, column),
                format!("duplicate group id `{}`", g.id),
            ));
            continue;
        }
        let title = list_title(
            &g.title,
            "groups",
            i,
            "the group's display title",
            locator,
            text,
            diags,
        );
        groups.push(Group {
            id: g.id,
            title,
            description: g.description,
        });
        indexes.push(i);
    }
    (groups, indexes)
}

/// The `title` of entry `i` of the list `list` (`categories`, `groups`) in site.yaml, or ""
/// after reporting it absent or null at its place (the entry when absent, the value when null).
fn list_title(
    title: &RequiredText,
    list: &str,
    i: usize,
    what: &str,
    locator: &yaml::Locator,
    text: &str,
    diags: &mut Diagnostics,
) -> String {
    let at = |path: &[Seg]| {
        let (line, column) = locator.locate(text, path, Target::Value);
        Location {
            path: SITE_CONFIG_PATH.to_string(),
            line,
            column,
        }
    };
    let path = [Seg::key(list), Seg::Index(i), Seg::key("title")];
    title
        .require("title", what, || at(&path[..2]), || at(&path))
        .map(str::to_string)
        .unwrap_or_else(|d| {
            diags.push(d);
            String::new()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_defaults() {
        let (c, w) =
            parse_site_config("title: Ladder\ncategories:\n  - id: tech\n    title: Tech\n")
                .unwrap();
        assert_eq!(c.base_url, "/");
        assert_eq!(c.theme, "default");
        assert_eq!(c.categories[0].id, "tech");
        assert!(w.is_empty());
    }

    #[test]
    fn rejects_unknown_key_with_suggestion_and_position() {
        let err =
            parse_site_config("title: L\nbase_ulr: /x/\ncategories:\n  - id: a\n    title: A\n")
                .unwrap_err();
        let d = err.iter().next().unwrap();
        let l = d.location.as_ref().unwrap();
        assert_eq!((l.line, l.column), (2, 1));
        assert_eq!(d.help.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn rejects_duplicate_category_ids() {
        let err = parse_site_config(
            "title: L\ncategories:\n  - id: a\n    title: A\n  - id: a\n    title: B\n",
        )
        .unwrap_err();
        let d = err.iter().next().unwrap();
        assert_eq!(d.message, "duplicate category id `a`");
        assert_eq!(d.location.as_ref().unwrap().line, 5);
    }

    #[test]
    fn rejects_cname_with_scheme() {
        let err = parse_site_config(
            "title: L\ncname: https://x.org/\ncategories:\n  - id: a\n    title: A\n",
        )
        .unwrap_err();
        assert_eq!(
            err.iter().next().unwrap().message,
            "`cname` is not a host name: `https://x.org/`"
        );
        let (ok, _) = parse_site_config(
            "title: L\ncname: ladder.example.com\ncategories:\n  - id: a\n    title: A\n",
        )
        .unwrap();
        assert_eq!(ok.cname.as_deref(), Some("ladder.example.com"));
    }

    #[test]
    fn base_url_is_an_http_url_or_a_path() {
        for ok in [
            "",
            "/",
            "/ladder/",
            "https://org.github.io/ladder/",
            "http://localhost:1111",
        ] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        let refused = |url: &str| check_base_url(url).unwrap_err();
        let neither = "is neither an http:// or https:// URL nor a path starting with `/`";
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "ladder/",
            "HTTPS://x.org/",
        ] {
            assert_eq!(refused(bad), neither, "{bad}");
        }
        assert_eq!(
            refused("//evil.example/"),
            "starts with `//`, which a browser reads as another host"
        );
        assert_eq!(refused("https:///x"), "has no host after the scheme");
        for bad in ["/a b/", "/\"onmouseover=x/", "/<x>/", "/a\u{1b}[2J/"] {
            assert_eq!(
                refused(bad),
                "contains a space, a quote, `<`, `>`, `\\` or a control character",
                "{bad}"
            );
        }
    }

    #[test]
    fn rejects_a_javascript_base_url_at_its_value() {
        let err = parse_site_config(
            "title: L\nbase_url: javascript:alert(1)\ncategories:\n  - id: a\n    title: A\n",
        )
        .unwrap_err();
        assert_eq!(
            err.iter().next().unwrap().to_string(),
            "content/site.yaml:2:11: error: the base URL `javascript:alert(1)` is neither an http:// or https:// URL nor a path starting with `/`\n  = expected an http:// or https:// URL or a path starting with `/`, such as `https://org.github.io/ladder/` or `/ladder/`"
        );
    }

    #[test]
    fn salvages_category_ids_from_a_broken_site_yaml() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        let write = |text: &str| std::fs::write(dir.path().join(SITE_CONFIG_PATH), text).unwrap();
        let ids = |c: SiteConfig| c.categories.into_iter().map(|c| c.id).collect::<Vec<_>>();
        write("titel: X\ncategories:\n  - id: craft\n  - id: Bad Id\n  - id: craft\n");
        assert_eq!(ids(salvage_site_config(dir.path())), ["craft", "Bad Id"]);
        write("title: [\n");
        assert!(ids(salvage_site_config(dir.path())).is_empty());
        write("categories:\n  - title: no id\n");
        assert!(ids(salvage_site_config(dir.path())).is_empty());
    }

    #[test]
    fn unsafe_html_is_off_unless_set() {
        let parse = |extra: &str| {
            parse_site_config(&format!(
                "title: L\n{extra}categories:\n  - id: a\n    title: A\n"
            ))
        };
        assert!(!parse("").unwrap().0.unsafe_html);
        assert!(parse("unsafe_html: true\n").unwrap().0.unsafe_html);
        let err = parse("unsafe_html: yes please\n").unwrap_err();
        let d = err.iter().next().unwrap();
        assert_eq!(d.location.as_ref().map(|l| l.line), Some(2), "{d}");
    }

    #[test]
    fn last_updated_is_on_unless_turned_off() {
        let parse = |extra: &str| {
            parse_site_config(&format!(
                "title: L\n{extra}categories:\n  - id: a\n    title: A\n"
            ))
        };
        assert!(parse("").unwrap().0.last_updated);
        assert!(parse("last_updated: true\n").unwrap().0.last_updated);
        assert!(!parse("last_updated: false\n").unwrap().0.last_updated);
        let err = parse("last_updated: sometimes\n").unwrap_err();
        let d = err.iter().next().unwrap();
        assert_eq!(d.location.as_ref().map(|l| l.line), Some(2), "{d}");
        assert_eq!(d.location.as_ref().map(|l| l.column), Some(15), "{d}");
    }

    #[test]
    fn orders_categories_ungrouped_first_then_by_group() {
        let (c, warnings) = parse_site_config(
            "title: L\ngroups:\n  - id: people\n    title: People\n  - id: craft\n    title: Craft\ncategories:\n  - id: code\n    title: Code\n    group: craft\n  - id: mentoring\n    title: Mentoring\n    group: people\n  - id: values\n    title: Values\n  - id: tools\n    title: Tools\n    group: craft\n",
        )
        .unwrap();
        assert!(warnings.is_empty());
        let ids: Vec<&str> = c.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["values", "mentoring", "code", "tools"]);
        let sections: Vec<(Option<&str>, std::ops::Range<usize>)> = c
            .category_sections()
            .into_iter()
            .map(|(g, r)| (g.map(|g| g.id.as_str()), r))
            .collect();
        assert_eq!(
            sections,
            [(None, 0..1), (Some("people"), 1..2), (Some("craft"), 2..4)]
        );
    }

    #[test]
    fn without_groups_all_categories_are_one_section() {
        let (c, _) = parse_site_config(
            "title: L\ncategories:\n  - id: a\n    title: A\n  - id: b\n    title: B\n",
        )
        .unwrap();
        assert_eq!(c.category_sections(), [(None, 0..2)]);
    }

    #[test]
    fn a_group_id_is_not_a_category_id_and_an_unused_group_is_a_warning() {
        assert_eq!(
            errors_of(
                "title: L\ngroups:\n  - id: a\n    title: A\ncategories:\n  - id: a\n    title: A\n    group: a\n"
            ),
            [
                "content/site.yaml:6:9: error: category id `a` is also a group id\n  = expected different ids: both name a heading on level pages (the group `a` is titled “A”)"
            ]
        );
        let (_, warnings) = parse_site_config(
            "title: L\ngroups:\n  - id: g\n    title: G\ncategories:\n  - id: a\n    title: A\n",
        )
        .unwrap();
        assert_eq!(
            warnings.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            [
                "content/site.yaml:3:9: warning: group `g` has no categories: it is not shown\n  = expected `group: g` on at least one category"
            ]
        );
    }

    #[test]
    fn an_unknown_group_without_groups_says_none_are_declared() {
        assert_eq!(
            errors_of("title: L\ncategories:\n  - id: a\n    title: A\n    group: x\n"),
            [
                "content/site.yaml:5:12: error: unknown group `x`\n  = expected a group declared under `groups:` (`- id: …` with a `title:`); this site declares none"
            ]
        );
    }

    #[test]
    fn labels_override_defaults_and_report_errors_at_their_keys() {
        let (c, _) = parse_site_config(
            "title: L\ncategories:\n  - id: a\n    title: A\nlabels:\n  home: Accueil\n",
        )
        .unwrap();
        assert_eq!(c.labels.get("home"), "Accueil");
        assert_eq!(c.labels.get("levels"), "Levels");
        assert_eq!(
            errors_of("title: L\ncategories:\n  - id: a\n    title: A\nlabels:\n  hom: Accueil\n"),
            ["content/site.yaml:6:3: error: unknown label `hom`\n  = did you mean `home`?"]
        );
    }

    #[test]
    fn edit_url_is_an_http_url_with_a_path_placeholder() {
        for good in [
            "https://github.com/org/ladder/edit/main/{path}",
            "http://git.internal/ladder/-/edit/main/{path}",
            "  https://x.org/{path}?plain=1  ",
        ] {
            assert_eq!(check_edit_url(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("/ladder/{path}", "is not an http:// or https:// URL"),
            (
                "javascript:alert(1)//{path}",
                "is not an http:// or https:// URL",
            ),
            ("ftp://x.org/{path}", "is not an http:// or https:// URL"),
            ("https:///{path}", "has no host after the scheme"),
            (
                "https://github.com/org/ladder/edit/main/",
                "has no `{path}`, where the page's source file goes",
            ),
        ] {
            assert_eq!(check_edit_url(bad), Err(why.to_string()), "{bad}");
        }
    }

    #[test]
    fn normalizes_base_url() {
        assert_eq!(
            normalize_base_url("https://o.github.io/repo"),
            "https://o.github.io/repo/"
        );
        assert_eq!(normalize_base_url("/sub//"), "/sub/");
        assert_eq!(normalize_base_url(""), "/");
    }

    fn errors_of(text: &str) -> Vec<String> {
        parse_site_config(text)
            .unwrap_err()
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn theme_must_be_a_plain_folder_name() {
        let help = "  = expected a plain name such as `mine` for the folder themes/mine/ (letters, digits, `-`, `_`, `.`; no `/`, `\\` or `..`), or `default`";
        for (theme, shown) in [
            ("../../elsewhere", "../../elsewhere"),
            ("/abs", "/abs"),
            ("a/b", "a/b"),
            ("'a\\b'", "a\\b"),
            ("..", ".."),
            (".hidden", ".hidden"),
        ] {
            let text = format!("title: L\ntheme: {theme}\ncategories:\n  - id: a\n    title: A\n");
            assert_eq!(
                errors_of(&text),
                [format!(
                    "content/site.yaml:2:8: error: `theme` must be the name of a folder in themes/, not `{shown}`\n{help}"
                )],
                "{theme}"
            );
        }
        let empty = "title: L\ntheme: ''\ncategories:\n  - id: a\n    title: A\n";
        assert_eq!(
            errors_of(empty),
            [format!(
                "content/site.yaml:2:8: error: `theme` is empty\n{help}"
            )]
        );
        assert!(is_theme_name("mine"));
        assert!(is_theme_name("Corporate_2.0"));
    }

    #[test]
    fn null_site_and_category_titles_are_missing() {
        let errors = errors_of("title: ~\ncategories:\n  - id: a\n    title: null\n");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].starts_with("content/site.yaml:1:8: error: missing title: `title` has no value\n  = expected the site's name;"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("content/site.yaml:4:12: error: missing title: `title` has no value\n  = expected the category's display title;"),
            "{errors:?}"
        );
        assert_eq!(
            errors_of("categories:\n  - id: a\n    title: A\n"),
            [
                "content/site.yaml:1:1: error: missing field `title`\n  = expected the site's name: `title: …`"
            ]
        );
    }
}
