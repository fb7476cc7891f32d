//! `content/site.yaml` → typed [`SiteConfig`]: the site's title, base URL, theme and the
//! competency categories every level is described by.
//!
//! Reads one file and validates it; knows nothing of levels or areas. The one thing it checks
//! on disk besides the file is the theme: a plain folder name (letters, digits, `-`, `_`, `.`) whose folder
//! `themes/<name>/` is inside the site folder.

use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::fsx::{self, Resolved, Root};
use crate::yaml::{self, RequiredText, Seg, Target, display_path};
use serde::Deserialize;
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
    categories: Vec<RawCategory>,
}

const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "theme",
    "language",
    "cname",
    "categories",
];

#[derive(Debug, Deserialize)]
struct RawCategory {
    id: String,
    #[serde(default)]
    title: RequiredText,
    #[serde(default)]
    description: Option<String>,
}

const CATEGORY_KEYS: &[&str] = &["id", "title", "description"];

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
    /// Competency categories, in display order.
    pub categories: Vec<Category>,
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
    let bytes = root
        .read_file(SITE_CONFIG_PATH, Some(fsx::MAX_SOURCE_BYTES))
        .map_err(|d| match d.help {
            Some(_) => Diagnostics::from(d),
            None => Diagnostics::from(
                d.with_help("expected content/site.yaml with at least `title:` and `categories:`"),
            ),
        })?;
    let text =
        crate::content::source::decode_utf8(SITE_CONFIG_PATH, bytes).map_err(Diagnostics::from)?;
    validate_site_config(&text, Some(&root))
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
                yaml::clip(theme)
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
        let known = if key.len() > 1 {
            CATEGORY_KEYS
        } else {
            SITE_KEYS
        };
        let last = match key.last() {
            Some(Seg::Key(k)) => k.as_str(),
            _ => "",
        };
        diags.push(
            Diagnostic::error(
                at(line, column),
                format!("unknown key `{}`", display_path(key)),
            )
            .with_help(
                did_you_mean(last, known.iter().copied())
                    .unwrap_or_else(|| format!("expected one of: {}", known.join(", "))),
            ),
        );
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
                format!("`cname` is not a host name: `{}`", yaml::clip(cname)),
            )
            .with_help(
                "expected a bare domain such as `ladder.example.com`, without scheme or path",
            ),
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
    let mut categories: Vec<Category> = Vec::with_capacity(raw.categories.len());
    for (i, c) in raw.categories.into_iter().enumerate() {
        let id_path = [Seg::key("categories"), Seg::Index(i), Seg::key("id")];
        if !crate::content::source::is_slug(&c.id) {
            let (line, column) = locator.locate(text, &id_path, Target::Value);
            diags.push(
                Diagnostic::error(
                    at(line, column),
                    format!("category id `{}` is not a valid id", yaml::clip(&c.id)),
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
        let title_path = [Seg::key("categories"), Seg::Index(i), Seg::key("title")];
        let title = c
            .title
            .require(
                "title",
                "the category's display title",
                || {
                    let (line, column) = locator.locate(text, &title_path[..2], Target::Value);
                    at(line, column)
                },
                || {
                    let (line, column) = locator.locate(text, &title_path, Target::Value);
                    at(line, column)
                },
            )
            .map(str::to_string)
            .unwrap_or_else(|d| {
                diags.push(d);
                String::new()
            });
        categories.push(Category {
            id: c.id,
            title,
            description: c.description,
        });
    }
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
        categories,
    };
    Ok((config, diags))
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
