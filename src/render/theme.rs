//! Themes: the default theme compiled into the binary, overlaid file by file from
//! `themes/<name>/` on disk, compiled once into a single Tera instance.
//!
//! Every default template is also registered as `default/<name>`, so an override can
//! `{% extends "default/level.html" %}` and replace a single block instead of copying the file.
//! Template errors become diagnostics naming the template file and line. Templates autoescape
//! every value they print with [`crate::diag::write_escaped_html`]; only `| safe` (used for
//! the HTML the Markdown renderer produced) opts out.

use crate::config::SITE_CONFIG_PATH;
use crate::diag::{Diagnostic, Diagnostics, Location};
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
    default_theme_file!(text "templates" / "404.html"),
];

/// The default theme's static assets, by output path.
pub(crate) const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    default_theme_file!(bytes "static" / "rungs.css"),
    default_theme_file!(bytes "static" / "rungs.js"),
];

/// A loaded theme: compiled templates and the static files to copy.
pub struct Theme {
    pub(crate) tera: Tera,
    /// Static files by output path (relative, `/`-separated).
    pub(crate) statics: Vec<(String, Vec<u8>)>,
    /// Template name → the path shown in messages.
    template_paths: HashMap<String, String>,
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
/// # Errors
/// A missing theme folder, unreadable files, or template syntax errors (all of them).
pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
    let dir = root.join("themes").join(name);
    let mut diags = Diagnostics::new();
    if name != "default" && !dir.is_dir() {
        return Err(Diagnostic::error(
            Location::file_start(SITE_CONFIG_PATH),
            format!("theme `{name}` not found"),
        )
        .with_help(format!(
            "expected a folder themes/{name}/ with templates/ and/or static/, or `theme: default`"
        ))
        .into());
    }
    let mut templates: Vec<(String, String)> = Vec::new();
    let mut template_paths = HashMap::new();
    // Disk templates identical to the embedded ones (this repository's own themes/default)
    // are not overrides: skipping them keeps the common case to one parse per template.
    let mut overrides: Vec<(String, String)> = Vec::new();
    for (rel, bytes) in read_tree(&dir.join("templates"), &mut diags) {
        if !rel.ends_with(".html") {
            continue;
        }
        let display = format!("themes/{name}/templates/{rel}");
        match crate::content::source::decode_utf8(&display, bytes) {
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
        if !overrides.is_empty() {
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
    if diags.has_errors() {
        return Err(diags);
    }
    let mut tera = Tera::new();
    // Every value a template prints is escaped (only `| safe` opts out), with the one HTML
    // escaper, which also keeps control characters out of the pages.
    tera.autoescape_on([".html"]);
    tera.set_escape_fn(crate::diag::write_escaped_html);
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        return Err(template_diagnostic(&e, &template_paths).into());
    }
    let mut statics: Vec<(String, Vec<u8>)> = DEFAULT_STATIC
        .iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
    for (rel, bytes) in read_tree(&dir.join("static"), &mut diags) {
        statics.retain(|(p, _)| p != &rel);
        statics.push((rel, bytes));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Theme {
        tera,
        statics,
        template_paths,
    })
}

/// Every file below `dir` (none if it does not exist), as (`/`-separated relative path, bytes).
fn read_tree(dir: &Path, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::general(format!(
                    "cannot read theme folder {}: {e}",
                    dir.display()
                )));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || crate::content::source::is_editor_litter(&name) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        match std::fs::read(entry.path()) {
            Ok(bytes) => out.push((rel, bytes)),
            Err(e) => diags.push(Diagnostic::general(format!(
                "cannot read {}: {e}",
                entry.path().display()
            ))),
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
}
