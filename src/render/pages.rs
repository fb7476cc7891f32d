//! Pages: one pure function per page kind, from the validated ladder to output files.
//!
//! No disk I/O: the result is a list of [`OutputFile`]s that `build` writes (or `serve` keeps
//! in memory). Pages render in parallel with one shared Tera instance; site-wide data is
//! serialized once into Tera's global context, never per page.

use crate::content::markdown::ROOT_MARK;
use crate::content::model::{Ladder, area_url, level_url};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::context::{self, AreaLink, Crumb};
use crate::render::exports;
use crate::render::theme::Theme;
use rayon::prelude::*;
use tera::Context;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory, `/`-separated (`levels/senior/index.html`).
    pub path: String,
    /// The bytes to write.
    pub contents: Vec<u8>,
}

/// URL of the comparison page, relative to the site root.
pub(crate) const COMPARE_URL: &str = "compare/";

/// What a page is, for choosing its template and view.
#[derive(Debug, Clone, Copy)]
enum PageKind {
    Home,
    Level(usize),
    Area(usize),
    Compare,
    Pair(usize, usize),
    NotFound,
}

/// The relative path from a page at `output_path` to the site root: `./`, `../../`.
pub(crate) fn root_prefix(output_path: &str) -> String {
    let depth = output_path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// Replaces the root placeholder of Markdown links with the page's relative root.
pub(crate) fn relativize(html: String, root: &str) -> String {
    let mark = format!("\"{ROOT_MARK}");
    if html.contains(&mark) {
        html.replace(&mark, &format!("\"{root}"))
    } else {
        html
    }
}

/// Renders every page and collects the theme's static files.
///
/// # Errors
/// Template errors (rendering problems in a theme), with the template's file and line.
pub fn render_site(ladder: &Ladder, theme: &mut Theme) -> Result<Vec<OutputFile>, Diagnostics> {
    theme
        .tera
        .global_context()
        .insert("site", &context::site_view(ladder));
    let theme: &Theme = theme;
    let mut kinds = vec![PageKind::Home, PageKind::NotFound];
    kinds.extend((0..ladder.levels.len()).map(PageKind::Level));
    kinds.extend((0..ladder.areas.len()).map(PageKind::Area));
    let n = ladder.levels.len();
    if n > 1 {
        kinds.push(PageKind::Compare);
        kinds.extend((0..n).flat_map(|i| (i + 1..n).map(move |j| PageKind::Pair(i, j))));
    }
    let results: Vec<Result<OutputFile, Diagnostic>> = kinds
        .into_par_iter()
        .map(|kind| render_page(ladder, theme, kind))
        .collect();
    let mut files = Vec::with_capacity(results.len() + theme.statics.len());
    let mut diags = Diagnostics::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    let mut page_urls: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with("index.html"))
        .map(|f| f.path.trim_end_matches("index.html").to_string())
        .collect();
    page_urls.sort();
    files.extend(exports::publishing_files(ladder, &page_urls));
    files.extend(theme.statics.iter().map(|(p, b)| OutputFile {
        path: p.clone(),
        contents: b.clone(),
    }));
    Ok(files)
}

fn render_page(ladder: &Ladder, theme: &Theme, kind: PageKind) -> Result<OutputFile, Diagnostic> {
    let mut ctx = Context::new();
    let (template, path) = match kind {
        PageKind::Home => {
            ctx.insert("page_title", &Option::<&str>::None);
            ctx.insert("breadcrumbs", &Vec::<Crumb>::new());
            ctx.insert("intro", &context::intro_view(ladder));
            let areas: Vec<AreaLink> = ladder.areas.iter().map(context::area_link).collect();
            ctx.insert("areas", &areas);
            ("index.html", "index.html".to_string())
        }
        PageKind::Level(i) => {
            let level = &ladder.levels[i];
            ctx.insert("page_title", &level.title);
            ctx.insert("current_level", &level.id);
            ctx.insert(
                "breadcrumbs",
                &[
                    Crumb {
                        title: "Home",
                        url: Some(String::new()),
                    },
                    Crumb {
                        title: "Levels",
                        url: Some("#levels".into()),
                    },
                    Crumb {
                        title: &level.title,
                        url: None,
                    },
                ],
            );
            ctx.insert("level", &context::level_view(ladder, i));
            ("level.html", format!("{}index.html", level_url(&level.id)))
        }
        PageKind::Area(i) => {
            let area = &ladder.areas[i];
            ctx.insert("page_title", &area.title);
            ctx.insert(
                "breadcrumbs",
                &[
                    Crumb {
                        title: "Home",
                        url: Some(String::new()),
                    },
                    Crumb {
                        title: "Growth areas",
                        url: Some("#areas".into()),
                    },
                    Crumb {
                        title: &area.title,
                        url: None,
                    },
                ],
            );
            ctx.insert("area", &context::area_view(ladder, area));
            ("area.html", format!("{}index.html", area_url(&area.id)))
        }
        PageKind::Compare => {
            ctx.insert("page_title", "Compare levels");
            ctx.insert(
                "breadcrumbs",
                &[
                    Crumb {
                        title: "Home",
                        url: Some(String::new()),
                    },
                    Crumb {
                        title: "Compare levels",
                        url: None,
                    },
                ],
            );
            ctx.insert("compare", &context::compare_view(ladder));
            ("compare.html", format!("{COMPARE_URL}index.html"))
        }
        PageKind::NotFound => {
            ctx.insert("page_title", "Page not found");
            ctx.insert(
                "breadcrumbs",
                &[
                    Crumb {
                        title: "Home",
                        url: Some(String::new()),
                    },
                    Crumb {
                        title: "Page not found",
                        url: None,
                    },
                ],
            );
            ("404.html", "404.html".to_string())
        }
        PageKind::Pair(i, j) => {
            let (lower, upper) = (&ladder.levels[i], &ladder.levels[j]);
            let title = format!("{} vs {}", lower.short, upper.short);
            ctx.insert("page_title", &title);
            ctx.insert(
                "breadcrumbs",
                &[
                    Crumb {
                        title: "Home",
                        url: Some(String::new()),
                    },
                    Crumb {
                        title: "Compare levels",
                        url: Some(COMPARE_URL.to_string()),
                    },
                    Crumb {
                        title: &title,
                        url: None,
                    },
                ],
            );
            ctx.insert("pair", &context::pair_view(ladder, i, j));
            (
                "pair.html",
                format!("{}index.html", context::pair_url(&lower.id, &upper.id)),
            )
        }
    };
    if !ctx.contains_key("current_level") {
        ctx.insert("current_level", &Option::<&str>::None);
    }
    ctx.insert(
        "current_compare",
        &matches!(kind, PageKind::Compare | PageKind::Pair(..)),
    );
    // GitHub Pages serves 404.html for a missing path at any depth: only absolute links work.
    let root = if matches!(kind, PageKind::NotFound) {
        ladder.site.base_url.clone()
    } else {
        root_prefix(&path)
    };
    ctx.insert("root", &root);
    let html = theme
        .tera
        .render(template, &ctx)
        .map_err(|e| theme.diagnostic(&e))?;
    Ok(OutputFile {
        path,
        contents: relativize(html, &root).into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_climbs_one_level_per_folder() {
        assert_eq!(root_prefix("index.html"), "./");
        assert_eq!(root_prefix("levels/senior/index.html"), "../../");
    }

    #[test]
    fn relativize_only_touches_attribute_values() {
        let html = "<a href=\"rungs-root:/levels/a/\">rungs-root:/ text</a>".to_string();
        assert_eq!(
            relativize(html, "../../"),
            "<a href=\"../../levels/a/\">rungs-root:/ text</a>"
        );
    }
}
