//! Themes: the default theme compiled into the binary, overlaid file by file from
//! `themes/<name>/` on disk, compiled once into a single Tera instance.
//!
//! Every default template is also registered as `default/<name>`, so an override can
//! `{% extends "default/level.html" %}` and replace a single block instead of copying the file.
//! Template errors become diagnostics naming the template file and line. Templates autoescape
//! every value they print with [`crate::text::write_escaped_html`]; only `| safe` (used for
//! the HTML the Markdown renderer produced) opts out.
//!
//! The static files to publish are the default theme's, then the theme's `static/` folder,
//! then the site's own `content/static/` (each over the one before, file by file).
//!
//! Files are read through `crate::fsx`: only from inside the site folder, only regular
//! files, never hidden ones. A theme is named by a plain folder name, never a path.

use crate::config::{SITE_CONFIG_PATH, theme_problem};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fsx::{self, FoundKind, Resolved, Root};
use std::collections::HashMap;
use std::path::Path;
use tera::{ErrorKind, Tera};

/// `(name, contents)` of a file of the embedded default theme.
macro_rules! default_theme_file {
    (text $dir:literal / $name:literal) => {
        (
            $name,
            include_str!(concat!("../../themes/default/", $dir, "/", $name)),
        )
    };
    (bytes $dir:literal / $name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../themes/default/", $dir, "/", $name)),
        )
    };
}

/// The default theme's templates, by name. One table: adding a template is one line.
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    default_theme_file!(text "templates" / "base.html"),
    default_theme_file!(text "templates" / "index.html"),
    default_theme_file!(text "templates" / "level.html"),
    default_theme_file!(text "templates" / "area.html"),
    default_theme_file!(text "templates" / "compare.html"),
    default_theme_file!(text "templates" / "pair.html"),
    default_theme_file!(text "templates" / "track.html"),
    default_theme_file!(text "templates" / "grades.html"),
    default_theme_file!(text "templates" / "404.html"),
    default_theme_file!(text "templates" / "page.html"),
    default_theme_file!(text "templates" / "assess.html"),
    default_theme_file!(text "templates" / "print.html"),
    default_theme_file!(text "templates" / "changes.html"),
    default_theme_file!(text "templates" / "components.html"),
];

/// Default templates that only define components: never registered a second time as
/// `default/<name>`, since a component defined in two templates is an error. Overriding one
/// replaces its components.
const COMPONENT_TEMPLATES: &[&str] = &["components.html"];

/// The default theme's static assets, by output path.
pub(crate) const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    default_theme_file!(bytes "static" / "rungs.css"),
    default_theme_file!(bytes "static" / "rungs.js"),
    default_theme_file!(bytes "static" / "favicon.svg"),
];

/// A loaded theme: compiled templates and the static files to copy.
pub struct Theme {
    pub(crate) tera: Tera,
    /// Static files by output path (relative, `/`-separated).
    pub(crate) statics: Vec<(String, Vec<u8>)>,
    /// Template name → the path shown in messages.
    template_paths: HashMap<String, String>,
    /// Output path of a static file from disk → its path in the theme folder, for messages.
    static_paths: HashMap<String, String>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.template_paths.len())
            .finish()
    }
}

impl Theme {
    /// A diagnostic for a template error, pointing at the template file and line.
    pub(crate) fn diagnostic(&self, error: &tera::Error) -> Diagnostic {
        template_diagnostic(error, &self.template_paths)
    }

    /// Where the static file published at `path` comes from, for messages:
    /// `themes/mine/static/logo.svg`, or the built-in theme's file.
    pub(crate) fn static_source(&self, path: &str) -> String {
        self.static_paths
            .get(path)
            .cloned()
            .unwrap_or_else(|| format!("themes/default/static/{path} (built in)"))
    }
}

fn template_diagnostic(error: &tera::Error, paths: &HashMap<String, String>) -> Diagnostic {
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let name = report.filename();
            let path = paths.get(name).cloned().unwrap_or_else(|| name.to_string());
            let span = report.span();
            let location = Location {
                path,
                line: span.start_line.max(1),
                column: span.start_col + 1,
            };
            Diagnostic::error(location, format!("template error: {}", report.message()))
        }
        _ => Diagnostic::general(format!("template error: {error}")),
    }
}

/// Loads theme `name` for the site at `root`: embedded defaults, then
/// `root/themes/<name>/templates/**.html` and `root/themes/<name>/static/**` over them.
///
/// Only a plain folder name is a theme (letters, digits, `-`, `_`, `.`), and only files inside the
/// site folder are read: hidden files and folders are skipped, a symbolic link that leaves
/// the site folder is an error naming it, and so is a FIFO, socket or device.
///
/// # Errors
/// A bad or missing theme, refused or unreadable files, or template syntax errors (all of
/// them).
pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
    // Without a root folder on disk, only the built-in theme can be loaded.
    let root = Root::open(root).ok();
    let folder = |rel: &str| Some(root.as_ref().map_or(Resolved::Missing, |r| r.resolve(rel)));
    if let Some(problem) = theme_problem(name, folder) {
        return Err(problem.at(Location::file_start(SITE_CONFIG_PATH)).into());
    }
    let theme_dir = format!("themes/{name}");
    let mut diags = Diagnostics::new();
    let mut templates: Vec<(String, String)> = Vec::new();
    let mut template_paths = HashMap::new();
    // Disk templates identical to the embedded ones (this repository's own themes/default)
    // are not overrides: skipping them keeps the common case to one parse per template.
    let mut overrides: Vec<(String, String)> = Vec::new();
    let template_dir = format!("{theme_dir}/templates");
    for (rel, bytes) in read_tree(root.as_ref(), &template_dir, &mut diags) {
        if !rel.ends_with(".html") {
            continue;
        }
        let display = format!("{template_dir}/{rel}");
        match crate::fsx::decode_text(&display, bytes) {
            Ok(text) => {
                let same_as_default = DEFAULT_TEMPLATES
                    .iter()
                    .any(|(n, t)| *n == rel && *t == text);
                if !same_as_default {
                    template_paths.insert(rel.clone(), display);
                    overrides.push((rel, text));
                }
            }
            Err(d) => diags.push(d),
        }
    }
    for (tpl, text) in DEFAULT_TEMPLATES {
        template_paths
            .entry(tpl.to_string())
            .or_insert_with(|| format!("themes/default/templates/{tpl} (built in)"));
        if !overrides.iter().any(|(n, _)| n == tpl) {
            templates.push((tpl.to_string(), text.to_string()));
        }
        // `default/<name>` lets an override extend the template it replaces.
        if !overrides.is_empty() && !COMPONENT_TEMPLATES.contains(tpl) {
            templates.push((format!("default/{tpl}"), text.to_string()));
            template_paths.insert(
                format!("default/{tpl}"),
                format!("themes/default/templates/{tpl} (built in)"),
            );
        }
    }
    // Check each override alone first, so every syntax error is reported, not only the first.
    for (tpl, text) in &overrides {
        let mut alone = Tera::new();
        if let Err(e) = alone.add_raw_template(tpl, text)
            && matches!(e.kind(), ErrorKind::SyntaxError(_))
        {
            diags.push(template_diagnostic(&e, &template_paths));
        }
    }
    templates.extend(overrides);
    let static_dir = format!("{theme_dir}/static");
    let disk_statics = read_tree(root.as_ref(), &static_dir, &mut diags);
    // The site's own files (`content/static/`), over the theme's: published as they are.
    let content_dir = "content/static";
    let content_statics = read_tree(root.as_ref(), content_dir, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let mut tera = Tera::new();
    // Every value a template prints is escaped (only `| safe` opts out), with the one HTML
    // escaper, which also keeps control characters out of the pages.
    tera.autoescape_on([".html"]);
    tera.set_escape_fn(crate::text::write_escaped_html);
    // `{{ labels.compare_with | fill(level=…) }}`: the site's words with their placeholders.
    tera.register_filter("fill", crate::labels::fill_filter);
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        return Err(template_diagnostic(&e, &template_paths).into());
    }
    let mut statics: Vec<(String, Vec<u8>)> = DEFAULT_STATIC
        .iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
    let mut static_paths = HashMap::new();
    let disk = disk_statics
        .into_iter()
        .map(|(rel, bytes)| (rel, bytes, static_dir.as_str()))
        .chain(
            content_statics
                .into_iter()
                .map(|(rel, bytes)| (rel, bytes, content_dir)),
        );
    for (rel, bytes, dir) in disk {
        statics.retain(|(p, _)| p != &rel);
        static_paths.insert(rel.clone(), format!("{dir}/{rel}"));
        statics.push((rel, bytes));
    }
    Ok(Theme {
        tera,
        statics,
        template_paths,
        static_paths,
    })
}

/// Every regular file below `dir` (a folder below the root; none if it does not exist), as
/// (`/`-separated path relative to `dir`, bytes). Hidden files and folders are skipped;
/// links leaving the site folder, special files and unreadable ones are errors.
fn read_tree(root: Option<&Root>, dir: &str, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    let Some(root) = root else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for found in fsx::walk(root, dir) {
        let path = if found.rel.is_empty() {
            dir.to_string()
        } else {
            format!("{dir}/{}", found.rel)
        };
        match found.kind {
            FoundKind::File => match root.read_file(&path, None) {
                Ok(bytes) => out.push((found.rel, bytes)),
                Err(d) => diags.push(d),
            },
            kind @ (FoundKind::Outside(_) | FoundKind::Hidden(_)) => {
                diags.extend(fsx::refused_link(&path, &kind).into_iter().collect());
            }
            FoundKind::Special(what) => diags.push(fsx::not_regular(&path, what)),
            FoundKind::Broken => diags.push(fsx::broken_link(&path)),
            FoundKind::Unreadable(e) => diags.push(Diagnostic::error(
                Location::file_start(&path),
                format!("cannot read: {e}"),
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_compiles_without_disk_files() {
        let theme = load_theme(Path::new("/nonexistent-rungs-root"), "default").unwrap();
        for (name, _) in DEFAULT_TEMPLATES {
            assert!(theme.tera.get_template_names().any(|n| n == *name));
        }
        assert!(theme.statics.iter().any(|(p, _)| p == "rungs.css"));
    }

    #[test]
    fn every_file_of_the_default_theme_folder_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk = |sub: &str| -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(dir.join(sub))
                .map(|d| {
                    d.filter_map(Result::ok)
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        };
        let mut templates: Vec<String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        templates.sort();
        let mut statics: Vec<String> = DEFAULT_STATIC.iter().map(|(n, _)| n.to_string()).collect();
        statics.sort();
        assert_eq!(templates, on_disk("templates"));
        assert_eq!(statics, on_disk("static"));
    }

    #[test]
    fn templates_escape_values_with_the_html_escaper() {
        let mut theme = load_theme(Path::new("/nonexistent-rungs-root"), "default").unwrap();
        theme
            .tera
            .add_raw_template("probe.html", "<p title=\"{{ v }}\">{{ v }}</p>")
            .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("v", "\"><script>\u{1b}&'");
        let out = theme.tera.render("probe.html", &ctx).unwrap();
        let escaped = "&quot;&gt;&lt;script&gt;\u{FFFD}&amp;&#39;";
        assert_eq!(out, format!("<p title=\"{escaped}\">{escaped}</p>"));
    }

    #[test]
    fn missing_theme_is_an_error_naming_it() {
        let err = load_theme(Path::new("/nonexistent-rungs-root"), "mine").unwrap_err();
        assert_eq!(err.iter().next().unwrap().message, "theme `mine` not found");
    }

    #[test]
    fn a_theme_is_a_folder_name_never_a_path() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["../x", "/etc", "a/b", ".."] {
            let err = load_theme(dir.path(), name).unwrap_err();
            let d = err.iter().next().unwrap();
            assert_eq!(
                d.message,
                format!("`theme` must be the name of a folder in themes/, not `{name}`")
            );
        }
        let err = load_theme(dir.path(), "").unwrap_err();
        assert_eq!(err.iter().next().unwrap().message, "`theme` is empty");
    }

    #[cfg(unix)]
    #[test]
    fn templates_linked_from_outside_the_site_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("base.html"), "{{ secret }}").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("themes/mine/templates")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("base.html"),
            dir.path().join("themes/mine/templates/base.html"),
        )
        .unwrap();
        let err = load_theme(dir.path(), "mine").unwrap_err();
        let d = err.iter().next().unwrap();
        assert_eq!(
            d.location.as_ref().unwrap().path,
            "themes/mine/templates/base.html"
        );
        assert!(d.message.starts_with("symbolic link to "), "{d}");
    }
}
