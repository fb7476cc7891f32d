//! `content/site.yaml` → typed [`SiteConfig`]: the site's title, base URL, theme and the
//! competency categories every level is described by.
//!
//! Reads one file and validates it; knows nothing of levels or areas.

use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::yaml::{self, Seg, Target, display_path};
use serde::Deserialize;
use std::path::Path;

/// Where the configuration lives, relative to the site root.
pub const SITE_CONFIG_PATH: &str = "content/site.yaml";

/// `content/site.yaml` as written.
#[derive(Debug, Deserialize)]
struct RawSite {
    title: String,
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
    unsafe_html: bool,
    categories: Vec<RawCategory>,
}

const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "theme",
    "language",
    "cname",
    "unsafe_html",
    "categories",
];

#[derive(Debug, Deserialize)]
struct RawCategory {
    id: String,
    title: String,
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
    /// Theme name: `themes/<theme>/` is layered over the embedded default theme.
    pub theme: String,
    /// The `lang` attribute of every page.
    pub language: String,
    /// Custom domain for GitHub Pages: written to a `CNAME` file.
    pub cname: Option<String>,
    /// Whether raw HTML in Markdown blocks (bodies, transitions, home page texts) reaches the
    /// pages as HTML. `false` (the default) shows it as typed; inline fields always do.
    pub unsafe_html: bool,
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

/// Normalizes a base URL so it always ends with exactly one `/`.
pub fn normalize_base_url(url: &str) -> String {
    let trimmed = url.trim().trim_end_matches('/');
    format!("{trimmed}/")
}

/// Reads and validates `root/content/site.yaml`.
///
/// # Errors
/// Every problem found in the file, or that it cannot be read.
pub fn load_site_config(root: &Path) -> Result<(SiteConfig, Diagnostics), Diagnostics> {
    parse_site_config(&read_site_config(root)?)
}

/// The text of `root/content/site.yaml`.
fn read_site_config(root: &Path) -> Result<String, Diagnostics> {
    let path = root.join(SITE_CONFIG_PATH);
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(
                Location::file_start(SITE_CONFIG_PATH),
                format!("cannot read the site configuration: {e}"),
            )
            .with_help("expected content/site.yaml with at least `title:` and `categories:`"),
        )
    })?;
    crate::content::source::decode_utf8(SITE_CONFIG_PATH, bytes).map_err(Diagnostics::from)
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
    let ids: Vec<String> = read_site_config(root)
        .ok()
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
        unsafe_html: false,
        categories,
    }
}

/// Validates the text of `site.yaml`. Pure: tests need no disk.
///
/// # Errors
/// Every problem found: YAML errors, unknown keys, bad or duplicate category ids.
pub fn parse_site_config(text: &str) -> Result<(SiteConfig, Diagnostics), Diagnostics> {
    let at = |line, column| Location {
        path: SITE_CONFIG_PATH.to_string(),
        line,
        column,
    };
    let parsed = yaml::parse::<RawSite>(text)
        .map_err(|e| Diagnostics::from(Diagnostic::error(at(e.line, e.column), e.message)))?;
    let mut diags = Diagnostics::new();
    for key in &parsed.unknown_keys {
        let (line, column) = yaml::locate(text, key, Target::Key);
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
    if raw.title.trim().is_empty() {
        let (line, column) = yaml::locate(text, &[Seg::key("title")], Target::Value);
        diags.push(
            Diagnostic::error(at(line, column), "`title` is empty")
                .with_help("expected the site's name"),
        );
    }
    if let Some(cname) = &raw.cname
        && !is_host_name(cname)
    {
        let (line, column) = yaml::locate(text, &[Seg::key("cname")], Target::Value);
        diags.push(
            Diagnostic::error(
                at(line, column),
                format!("`cname` is not a host name: `{cname}`"),
            )
            .with_help(
                "expected a bare domain such as `ladder.example.com`, without scheme or path",
            ),
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
            let (line, column) = yaml::locate(text, &id_path, Target::Value);
            diags.push(
                Diagnostic::error(
                    at(line, column),
                    format!("category id `{}` is not a valid id", c.id),
                )
                .with_help(
                    "expected lowercase letters, digits and `-`, such as `technical-skills`",
                ),
            );
        } else if categories.iter().any(|o| o.id == c.id) {
            let (line, column) = yaml::locate(text, &id_path, Target::Value);
            diags.push(Diagnostic::error(
                at(line, column),
                format!("duplicate category id `{}`", c.id),
            ));
        }
        categories.push(Category {
            id: c.id,
            title: c.title,
            description: c.description,
        });
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let config = SiteConfig {
        title: raw.title,
        description: raw.description,
        base_url: normalize_base_url(raw.base_url.as_deref().unwrap_or("/")),
        theme: raw.theme.unwrap_or_else(|| "default".to_string()),
        language: raw.language.unwrap_or_else(|| "en".to_string()),
        cname: raw.cname,
        unsafe_html: raw.unsafe_html,
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
    fn normalizes_base_url() {
        assert_eq!(
            normalize_base_url("https://o.github.io/repo"),
            "https://o.github.io/repo/"
        );
        assert_eq!(normalize_base_url("/sub//"), "/sub/");
        assert_eq!(normalize_base_url(""), "/");
    }
}
