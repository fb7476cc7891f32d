//! Pages: one pure function per page kind, from the validated ladder to output files.
//!
//! No disk I/O here: each rendered file goes to an [`OutputSink`] as soon as it is ready —
//! `build` writes it into its staging folder at once (so the whole site is never held in
//! memory), `serve` and tests keep it in memory. Pages render in parallel with one shared
//! Tera instance; site-wide data is serialized once into Tera's global context.

use crate::content::markdown::ROOT_MARK;
use crate::content::model::{Ladder, area_url, level_url};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::context::{self, Crumb};
use crate::render::exports;
use crate::render::theme::Theme;
use rayon::prelude::*;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use tera::Context;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory, `/`-separated (`levels/senior/index.html`).
    pub path: String,
    /// The bytes to write.
    pub contents: Vec<u8>,
}

/// Where rendered files go. Called from several threads at once.
pub trait OutputSink: Sync {
    /// Takes one finished file.
    ///
    /// # Errors
    /// The file cannot be stored (an I/O error, naming the path).
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
}

/// Keeps every file in memory, for `serve` and tests.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files received, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|p| p.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl OutputSink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        match self.files.lock() {
            Ok(mut files) => files.push(file),
            Err(poisoned) => poisoned.into_inner().push(file),
        }
        Ok(())
    }
}

/// What a render produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderStats {
    /// HTML pages written.
    pub pages: usize,
    /// All files written (pages, exports, static assets).
    pub files: usize,
}

/// One unit of parallel work.
#[derive(Debug, Clone, Copy)]
enum Job {
    Page(PageKind),
    LadderJson,
    LadderCsv,
    SearchIndex,
    SmallFiles,
}

/// The size of the last page rendered of each kind, so the next one's buffer is allocated
/// once at the right size instead of growing by doubling (pair pages run to megabytes).
#[derive(Debug, Default)]
struct SizeHints([AtomicUsize; 6]);

impl SizeHints {
    fn slot(kind: PageKind) -> usize {
        match kind {
            PageKind::Home => 0,
            PageKind::Level(_) => 1,
            PageKind::Area(_) => 2,
            PageKind::Compare => 3,
            PageKind::Pair(..) => 4,
            PageKind::NotFound => 5,
        }
    }

    fn get(&self, kind: PageKind) -> usize {
        self.0[Self::slot(kind)]
            .load(Ordering::Relaxed)
            .max(16 * 1024)
    }

    fn record(&self, kind: PageKind, size: usize) {
        self.0[Self::slot(kind)].fetch_max(size + size / 8, Ordering::Relaxed);
    }
}

/// URL of the comparison page, relative to the site root.
pub(crate) const COMPARE_URL: &str = "compare/";

/// What a page is, for choosing its template, view and path.
#[derive(Debug, Clone, Copy)]
enum PageKind {
    Home,
    Level(usize),
    Area(usize),
    Compare,
    Pair(usize, usize),
    NotFound,
}

/// Every page of the site.
fn page_kinds(ladder: &Ladder) -> Vec<PageKind> {
    let mut kinds = vec![PageKind::Home, PageKind::NotFound];
    kinds.extend((0..ladder.levels.len()).map(PageKind::Level));
    kinds.extend((0..ladder.areas.len()).map(PageKind::Area));
    let n = ladder.levels.len();
    if n > 1 {
        kinds.push(PageKind::Compare);
        kinds.extend((0..n).flat_map(|i| (i + 1..n).map(move |j| PageKind::Pair(i, j))));
    }
    kinds
}

/// The output path of a page.
fn page_path(ladder: &Ladder, kind: PageKind) -> String {
    match kind {
        PageKind::Home => "index.html".to_string(),
        PageKind::NotFound => "404.html".to_string(),
        PageKind::Level(i) => format!("{}index.html", level_url(&ladder.levels[i].id)),
        PageKind::Area(i) => format!("{}index.html", area_url(&ladder.areas[i].id)),
        PageKind::Compare => format!("{COMPARE_URL}index.html"),
        PageKind::Pair(i, j) => format!(
            "{}index.html",
            context::pair_url(&ladder.levels[i].id, &ladder.levels[j].id)
        ),
    }
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

/// Renders every page, the exports and the theme's static files into `sink`.
///
/// # Errors
/// Template errors (with the template's file and line) and the sink's errors, all of them.
pub fn render_site(
    ladder: &Ladder,
    theme: &mut Theme,
    sink: &dyn OutputSink,
) -> Result<RenderStats, Diagnostics> {
    let globals = theme.tera.global_context();
    globals.insert("site", &context::site_view(ladder));
    globals.insert("areas", &context::shared_areas(ladder));
    let theme: &Theme = theme;
    let kinds = page_kinds(ladder);
    let pages = kinds.len();
    let mut page_urls: Vec<String> = kinds
        .iter()
        .filter(|k| !matches!(k, PageKind::NotFound))
        .map(|&k| {
            page_path(ladder, k)
                .trim_end_matches("index.html")
                .to_string()
        })
        .collect();
    page_urls.sort();
    let hints = SizeHints::default();
    let written = AtomicUsize::new(0);
    let put = |file: OutputFile| {
        sink.put(file)?;
        written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    };
    let mut jobs: Vec<Job> = kinds.into_iter().map(Job::Page).collect();
    jobs.extend([
        Job::LadderJson,
        Job::LadderCsv,
        Job::SearchIndex,
        Job::SmallFiles,
    ]);
    // One parallel pass: the big exports run beside the pages instead of before them.
    let diags: Vec<Diagnostic> = jobs
        .into_par_iter()
        .flat_map_iter(|job| -> Vec<Diagnostic> {
            match job {
                Job::Page(kind) => render_page(ladder, theme, kind, &hints)
                    .and_then(put)
                    .err()
                    .into_iter()
                    .collect(),
                Job::LadderJson => put(exports::ladder_json(ladder))
                    .err()
                    .into_iter()
                    .collect(),
                Job::LadderCsv => put(exports::ladder_csv(ladder)).err().into_iter().collect(),
                Job::SearchIndex => put(exports::search_index(ladder))
                    .err()
                    .into_iter()
                    .collect(),
                Job::SmallFiles => exports::small_files(ladder, &page_urls)
                    .into_iter()
                    .chain(theme.statics.iter().map(|(p, b)| OutputFile {
                        path: p.clone(),
                        contents: b.clone(),
                    }))
                    .filter_map(|f| put(f).err())
                    .collect(),
            }
        })
        .collect();
    let diags: Diagnostics = diags.into_iter().collect();
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    let files = written.load(Ordering::Relaxed);
    Ok(RenderStats { pages, files })
}

fn crumbs<'a>(parent: Option<(&'a str, &str)>, current: &'a str) -> Vec<Crumb<'a>> {
    let mut out = vec![Crumb {
        title: "Home",
        url: Some(String::new()),
    }];
    if let Some((title, url)) = parent {
        out.push(Crumb {
            title,
            url: Some(url.to_string()),
        });
    }
    out.push(Crumb {
        title: current,
        url: None,
    });
    out
}

fn render_page(
    ladder: &Ladder,
    theme: &Theme,
    kind: PageKind,
    hints: &SizeHints,
) -> Result<OutputFile, Diagnostic> {
    let path = page_path(ladder, kind);
    let mut ctx = Context::new();
    let mut current_level: Option<&str> = None;
    let template = match kind {
        PageKind::Home => {
            ctx.insert("page_title", &Option::<&str>::None);
            ctx.insert("breadcrumbs", &Vec::<Crumb>::new());
            ctx.insert("intro", &context::intro_view(ladder));
            "index.html"
        }
        PageKind::Level(i) => {
            let level = &ladder.levels[i];
            current_level = Some(&level.id);
            ctx.insert("page_title", &level.title);
            ctx.insert(
                "breadcrumbs",
                &crumbs(Some(("Levels", "#levels")), &level.title),
            );
            ctx.insert("level", &context::level_view(ladder, i));
            "level.html"
        }
        PageKind::Area(i) => {
            let area = &ladder.areas[i];
            ctx.insert("page_title", &area.title);
            ctx.insert(
                "breadcrumbs",
                &crumbs(Some(("Growth areas", "#areas")), &area.title),
            );
            ctx.insert("area", &context::area_view(area));
            "area.html"
        }
        PageKind::Compare => {
            ctx.insert("page_title", "Compare levels");
            ctx.insert("breadcrumbs", &crumbs(None, "Compare levels"));
            ctx.insert("compare", &context::compare_view(ladder));
            "compare.html"
        }
        PageKind::NotFound => {
            ctx.insert("page_title", "Page not found");
            ctx.insert("breadcrumbs", &crumbs(None, "Page not found"));
            "404.html"
        }
        PageKind::Pair(i, j) => {
            let (lower, upper) = (&ladder.levels[i], &ladder.levels[j]);
            let title = format!("{} vs {}", lower.short, upper.short);
            ctx.insert("page_title", &title);
            ctx.insert(
                "breadcrumbs",
                &crumbs(Some(("Compare levels", COMPARE_URL)), &title),
            );
            ctx.insert("pair", &context::pair_view(ladder, i, j));
            "pair.html"
        }
    };
    ctx.insert("current_level", &current_level);
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
    let mut buffer = Vec::with_capacity(hints.get(kind));
    theme
        .tera
        .render_to(template, &ctx, &mut buffer)
        .map_err(|e| theme.diagnostic(&e))?;
    hints.record(kind, buffer.len());
    // Tera writes only UTF-8; a failure here would be a bug in it, reported, not a panic.
    let html = String::from_utf8(buffer)
        .map_err(|_| Diagnostic::general(format!("template {template} produced invalid UTF-8")))?;
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
