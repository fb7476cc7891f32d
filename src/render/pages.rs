//! Pages: one pure function per page kind, from the validated ladder to output files.
//!
//! No disk I/O here: each rendered file goes to an [`OutputSink`] as soon as it is ready —
//! `build` writes it into its staging folder at once (so the whole site is never held in
//! memory); [`SiteRenderer::render`] gives `serve` one file on request. Pages render in
//! parallel; the data every page of a track shares is serialized once into a Tera
//! instance's global context: one instance per track (and one for the pages outside tracks
//! of a multi-track ladder), each a copy of the theme's compiled templates with its own
//! globals ([`Scope`]).
//!
//! Generated files win over the theme: a theme static file whose path is a page, an export or
//! one of their folders is an error naming the theme file, never a silent overwrite.

use crate::content::model::Ladder;
use crate::content::routes::{self, root_prefix};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::assess;
use crate::render::chrome::Chrome;
use crate::render::context::{self, PageContext, Scope};
use crate::render::exports;
use crate::render::history;
use crate::render::output::{OutputFile, OutputSink};
use crate::render::progress::{self, Progress};
use crate::render::rows::{self, RowWriter};
use crate::render::theme::Theme;
use crate::updated::GitDates;
use crate::versions::History;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tera::{Context, Tera};

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
    Static(usize),
}

/// The size of the last page rendered of each kind, so the next one's buffer is allocated
/// once at the right size instead of growing by doubling (pair pages run to megabytes).
#[derive(Debug, Default)]
struct SizeHints([AtomicUsize; 14]);

impl SizeHints {
    fn slot(kind: PageKind) -> usize {
        match kind {
            PageKind::Home => 0,
            PageKind::Level(..) => 1,
            PageKind::Area(..) => 2,
            PageKind::Compare(_) => 3,
            PageKind::Pair(..) => 4,
            PageKind::NotFound => 5,
            PageKind::TrackHome(_) => 6,
            PageKind::Grades => 7,
            PageKind::Peers(..) => 8,
            PageKind::FreePage(_) => 9,
            PageKind::AssessIndex => 10,
            PageKind::Assess(..) => 11,
            PageKind::Print(_) => 12,
            PageKind::Changes => 13,
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

/// What a page is, for choosing its template, view and path. Levels and areas are
/// `(track, index)` into `ladder.tracks`.
#[derive(Debug, Clone, Copy)]
enum PageKind {
    Home,
    /// A track's home page (multi-track only).
    TrackHome(usize),
    Level(usize, usize),
    Area(usize, usize),
    /// A track's comparison page.
    Compare(usize),
    /// Two levels of a track: `(track, lower, upper)`.
    Pair(usize, usize, usize),
    /// The grades view (multi-track only).
    Grades,
    /// Two peers, `(track, level)` each, the earlier track first (multi-track only).
    Peers((usize, usize), (usize, usize)),
    NotFound,
    /// A free page (`content/pages/<id>.md`), by index into `Ladder::pages`.
    FreePage(usize),
    /// The self-assessment chooser (`assess/`).
    AssessIndex,
    /// The self-assessment against a level: `(track, level)`.
    Assess(usize, usize),
    /// A track's whole ladder in one printable document.
    Print(usize),
    /// The changes page (the ladder's versions), when site.yaml sets `versions`.
    Changes,
}

impl PageKind {
    /// Whose globals the page sees: its track's, or (with tracks) the site's.
    fn scope(self, multi: bool) -> Scope {
        match self {
            PageKind::TrackHome(t)
            | PageKind::Level(t, _)
            | PageKind::Area(t, _)
            | PageKind::Compare(t)
            | PageKind::Print(t)
            | PageKind::Pair(t, ..)
            | PageKind::Assess(t, _) => Scope::Track(t),
            PageKind::Home
            | PageKind::AssessIndex
            | PageKind::Grades
            | PageKind::Peers(..)
            | PageKind::NotFound
            | PageKind::Changes
            | PageKind::FreePage(_) => {
                if multi {
                    Scope::Site
                } else {
                    Scope::Track(0)
                }
            }
        }
    }
}

/// Every page of the site.
fn page_kinds(ladder: &Ladder, history: Option<&History>) -> Vec<PageKind> {
    let multi = ladder.is_multi_track();
    let mut kinds = vec![PageKind::Home, PageKind::NotFound];
    if history.is_some_and(history::has_changes_page) {
        kinds.push(PageKind::Changes);
    }
    kinds.extend((0..ladder.pages.len()).map(PageKind::FreePage));
    if ladder.levels().next().is_some() {
        kinds.push(PageKind::AssessIndex);
    }
    for (t, track) in ladder.tracks.iter().enumerate() {
        if multi {
            kinds.push(PageKind::TrackHome(t));
        }
        kinds.extend((0..track.levels.len()).map(|i| PageKind::Level(t, i)));
        kinds.extend((0..track.areas.len()).map(|i| PageKind::Area(t, i)));
        kinds.extend((0..track.levels.len()).map(|i| PageKind::Assess(t, i)));
        kinds.push(PageKind::Print(t));
        let n = track.levels.len();
        if n > 1 {
            kinds.push(PageKind::Compare(t));
            kinds.extend((0..n).flat_map(|i| (i + 1..n).map(move |j| PageKind::Pair(t, i, j))));
        }
    }
    if multi {
        kinds.push(PageKind::Grades);
        kinds.extend(
            ladder
                .peer_pairs()
                .into_iter()
                .map(|(a, b)| PageKind::Peers(a, b)),
        );
    }
    kinds
}

/// The output path of a page.
fn page_path(ladder: &Ladder, kind: PageKind) -> String {
    let track = |t: usize| ladder.tracks[t].id.as_deref();
    let url = match kind {
        PageKind::Home => return routes::HOME_PATH.to_string(),
        PageKind::NotFound => return routes::NOT_FOUND_PATH.to_string(),
        PageKind::TrackHome(t) => routes::track_url(track(t).unwrap_or_default()),
        PageKind::Level(t, i) => routes::level_url(track(t), &ladder.tracks[t].levels[i].id),
        PageKind::Area(t, i) => routes::area_url(track(t), &ladder.tracks[t].areas[i].id),
        PageKind::Compare(t) => routes::compare_url(track(t)),
        PageKind::Print(t) => routes::print_url(track(t)),
        PageKind::Pair(t, i, j) => {
            let levels = &ladder.tracks[t].levels;
            routes::pair_url(track(t), &levels[i].id, &levels[j].id)
        }
        PageKind::Grades => routes::grades_url(),
        PageKind::Peers(a, b) => context::peer_pair_url(ladder, a, b),
        PageKind::FreePage(i) => routes::free_page_url(&ladder.pages[i].id),
        PageKind::AssessIndex => routes::assess_index_url(),
        PageKind::Assess(t, i) => routes::assess_url(track(t), &ladder.tracks[t].levels[i].id),
        PageKind::Changes => routes::changes_url(),
    };
    routes::page_file(&url)
}

/// The source file a page is made from, relative to the site root: the pages that get
/// "Edit this page" and "Last updated"; `None` for the others.
fn page_source(ladder: &Ladder, kind: PageKind) -> Option<&str> {
    match kind {
        PageKind::Home => ladder.intro.source_path.as_deref(),
        PageKind::TrackHome(t) => ladder.tracks[t].source_path.as_deref(),
        PageKind::Level(t, i) => Some(ladder.tracks[t].levels[i].source_path.as_str()),
        PageKind::Area(t, i) => Some(ladder.tracks[t].areas[i].source_path.as_str()),
        PageKind::FreePage(i) => Some(ladder.pages[i].source_path.as_str()),
        _ => None,
    }
}

/// The compiled templates for each [`Scope`], each with the globals of its pages, and the
/// scope's header and footer parts: one per track, then (with tracks) one for the pages
/// outside them.
fn scoped_teras(
    ladder: &Ladder,
    progress: &Progress,
    history: Option<&History>,
    base: Tera,
) -> Vec<(Tera, Chrome)> {
    let mut scopes: Vec<Scope> = (0..ladder.tracks.len()).map(Scope::Track).collect();
    if ladder.is_multi_track() {
        scopes.push(Scope::Site);
    }
    let mut teras = Vec::with_capacity(scopes.len());
    let mut base = Some(base);
    for (n, scope) in scopes.iter().enumerate() {
        // The last scope takes the theme's instance itself: a ladder without tracks copies
        // nothing.
        let mut tera = if n + 1 == scopes.len() {
            base.take().unwrap_or_default()
        } else {
            base.clone().unwrap_or_default()
        };
        let globals = tera.global_context();
        let mut site = context::site_view(ladder, *scope);
        if let Some(history) = history {
            site.version = history::version_text(history, &ladder.site.labels);
            site.changes_url = history::has_changes_page(history).then(routes::changes_url);
        }
        let chrome = Chrome::new(&site, &ladder.site.labels);
        site.chrome = chrome.view.clone();
        globals.insert("site", &site);
        globals.insert("labels", &ladder.site.labels);
        globals.insert("areas", &context::shared_areas(ladder, *scope, progress));
        let track = match scope {
            Scope::Track(t) => context::track_view(&ladder.tracks[*t]),
            Scope::Site => None,
        };
        globals.insert("track", &track);
        teras.push((tera, chrome));
    }
    teras
}

/// A validated ladder and its compiled theme, ready to render any file of the site: all of
/// them at once ([`SiteRenderer::render_all`], for `build`) or one on request
/// ([`SiteRenderer::render`], for `serve`, which then only renders the pages a browser asks
/// for after an edit).
pub struct SiteRenderer {
    ladder: Ladder,
    /// The ladder's versions (site.yaml `versions`, read from git); `None` without.
    history: Option<Arc<History>>,
    theme: Theme,
    /// The alignment of neighbouring levels, computed once.
    progress: Progress,
    /// The templates with the globals of each scope, and its header and footer parts:
    /// index `t` for track `t`, the last one for the pages outside tracks (multi-track only).
    teras: Vec<(Tera, Chrome)>,
    jobs: HashMap<String, Job>,
    page_urls: Vec<String>,
    pages: usize,
    hints: SizeHints,
    /// Theme static files that would replace a generated file, by output path: errors.
    conflicts: HashMap<String, Diagnostic>,
    /// The ladder's version for the self-assessment pages' saved state.
    version: String,
    /// Per track: its growth areas as the big tables' rows name them, escaped once.
    area_heads: Vec<Vec<rows::AreaHead>>,
    /// "Last updated" dates and HEAD's date, from git.
    dates: GitDates,
    /// The "last updated" date of each page that has one, by URL (the sitemap's `lastmod`).
    lastmod: HashMap<String, String>,
}

/// The theme's static files whose output path is a generated file (a page, `ladder.json`,
/// `sitemap.xml` …), a folder of generated files, or inside a generated file: an error each,
/// naming the theme file. Generated files are never silently replaced.
fn static_conflicts(
    theme: &Theme,
    generated: &HashMap<String, Job>,
) -> HashMap<String, Diagnostic> {
    let mut folders: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for path in generated.keys() {
        let mut rest = path.as_str();
        while let Some((folder, _)) = rest.rsplit_once('/') {
            if !folders.insert(folder) {
                break;
            }
            rest = folder;
        }
    }
    let mut conflicts = HashMap::new();
    for (path, _) in &theme.statics {
        let clash = if generated.contains_key(path) {
            Some(format!("the generated file `{path}`"))
        } else if folders.contains(path.as_str()) {
            Some(format!("the generated folder `{path}/`"))
        } else {
            let mut rest = path.as_str();
            let mut found = None;
            while let Some((folder, _)) = rest.rsplit_once('/') {
                if generated.contains_key(folder) {
                    found = Some(format!("the generated file `{folder}`"));
                    break;
                }
                rest = folder;
            }
            found
        };
        if let Some(clash) = clash {
            let source = theme.static_source(path);
            conflicts.insert(
                path.clone(),
                Diagnostic::error(
                    crate::diag::Location::file_start(&source),
                    format!("this static file would overwrite {clash}"),
                )
                .with_help(
                    "expected static files under paths the site does not generate: rename it or move it into a folder of its own (such as `assets/`)",
                ),
            );
        }
    }
    conflicts
}

impl std::fmt::Debug for SiteRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteRenderer")
            .field("files", &self.jobs.len())
            .finish()
    }
}

impl SiteRenderer {
    /// Prepares `ladder` for rendering with `theme`: sets the global template values and
    /// lists every output path. Renders nothing yet.
    pub(crate) fn new(
        ladder: Ladder,
        mut theme: Theme,
        history: Option<Arc<History>>,
        dates: GitDates,
    ) -> SiteRenderer {
        let progress = progress::progress(&ladder);
        let teras = scoped_teras(
            &ladder,
            &progress,
            history.as_deref(),
            std::mem::take(&mut theme.tera),
        );
        let version = assess::content_version(&ladder);
        let kinds = page_kinds(&ladder, history.as_deref());
        let pages = kinds.len();
        let mut jobs: HashMap<String, Job> = HashMap::with_capacity(pages + 16);
        let mut page_urls = Vec::with_capacity(pages);
        let mut lastmod = HashMap::new();
        for kind in kinds {
            let path = page_path(&ladder, kind);
            if !matches!(kind, PageKind::NotFound) {
                let url = routes::page_url_of(&path).to_string();
                if let Some(date) = page_source(&ladder, kind).and_then(|p| dates.of(p)) {
                    lastmod.insert(url.clone(), date.to_string());
                }
                page_urls.push(url);
            }
            jobs.insert(path, Job::Page(kind));
        }
        page_urls.sort();
        jobs.insert(routes::LADDER_JSON_PATH.into(), Job::LadderJson);
        jobs.insert(routes::LADDER_CSV_PATH.into(), Job::LadderCsv);
        jobs.insert(routes::SEARCH_INDEX_PATH.into(), Job::SearchIndex);
        for file in exports::small_files(&ladder, &page_urls, &lastmod) {
            jobs.insert(file.path, Job::SmallFiles);
        }
        let conflicts = static_conflicts(&theme, &jobs);
        let area_heads = ladder.tracks.iter().map(rows::area_heads).collect();
        for (i, (path, _)) in theme.statics.iter().enumerate() {
            if !conflicts.contains_key(path) {
                jobs.insert(path.clone(), Job::Static(i));
            }
        }
        SiteRenderer {
            ladder,
            history,
            theme,
            progress,
            teras,
            jobs,
            page_urls,
            pages,
            hints: SizeHints::default(),
            conflicts,
            version,
            area_heads,
            dates,
            lastmod,
        }
    }

    /// The ladder being rendered.
    pub fn ladder(&self) -> &Ladder {
        &self.ladder
    }

    /// The ladder, giving up the renderer.
    pub fn into_ladder(self) -> Ladder {
        self.ladder
    }

    /// Whether the site has a file at `path` (`levels/senior/index.html`).
    pub fn contains(&self, path: &str) -> bool {
        self.jobs.contains_key(path) || self.conflicts.contains_key(path)
    }

    /// Every output path (and those of theme files in conflict with one, which render as
    /// errors).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.jobs.keys().map(String::as_str).chain(
            self.conflicts
                .keys()
                .filter(|p| !self.jobs.contains_key(*p))
                .map(String::as_str),
        )
    }

    /// Renders the file at `path`; `None` if the site has no such file. A generated file
    /// a theme static file would overwrite is an error.
    pub fn render(&self, path: &str) -> Option<Result<OutputFile, Diagnostic>> {
        if let Some(conflict) = self.conflicts.get(path) {
            return Some(Err(conflict.clone()));
        }
        let job = *self.jobs.get(path)?;
        Some(match job {
            Job::SmallFiles => exports::small_files(&self.ladder, &self.page_urls, &self.lastmod)
                .into_iter()
                .find(|f| f.path == path)
                .ok_or_else(|| Diagnostic::general(format!("no file {path}"))),
            job => self.run(job).map(|mut files| files.remove(0)),
        })
    }

    fn run(&self, job: Job) -> Result<Vec<OutputFile>, Diagnostic> {
        let (ladder, theme) = (&self.ladder, &self.theme);
        Ok(match job {
            Job::Page(kind) => vec![render_page(ladder, self, kind, &self.hints)?],
            Job::LadderJson => vec![exports::ladder_json(ladder, &self.progress, &self.dates)],
            Job::LadderCsv => vec![exports::ladder_csv(ladder)],
            Job::SearchIndex => vec![exports::search_index(ladder)],
            Job::SmallFiles => exports::small_files(ladder, &self.page_urls, &self.lastmod),
            Job::Static(i) => {
                let (path, bytes) = &theme.statics[i];
                vec![OutputFile {
                    path: path.clone(),
                    contents: bytes.clone(),
                }]
            }
        })
    }

    /// Renders every page, the exports and the theme's static files into `sink`, in one
    /// parallel pass (the big exports run beside the pages).
    ///
    /// # Errors
    /// Theme static files that would overwrite a generated file, template errors (with the
    /// template's file and line) and the sink's errors, all of them.
    pub fn render_all(&self, sink: &dyn OutputSink) -> Result<RenderStats, Diagnostics> {
        if !self.conflicts.is_empty() {
            let conflicts: Diagnostics = self.conflicts.values().cloned().collect();
            return Err(conflicts.sorted());
        }
        let mut jobs: Vec<Job> = self
            .jobs
            .values()
            .copied()
            .filter(|j| !matches!(j, Job::SmallFiles))
            .collect();
        jobs.push(Job::SmallFiles);
        let written = AtomicUsize::new(0);
        let diags: Vec<Diagnostic> = jobs
            .into_par_iter()
            .flat_map_iter(|job| -> Vec<Diagnostic> {
                match self.run(job) {
                    Ok(files) => files
                        .into_iter()
                        .filter_map(|f| {
                            let result = sink.put(f);
                            if result.is_ok() {
                                written.fetch_add(1, Ordering::Relaxed);
                            }
                            result.err()
                        })
                        .collect(),
                    Err(d) => vec![d],
                }
            })
            .collect();
        let diags: Diagnostics = diags.into_iter().collect();
        if diags.has_errors() {
            return Err(diags.sorted());
        }
        Ok(RenderStats {
            pages: self.pages,
            files: written.load(Ordering::Relaxed),
        })
    }
}

/// The Tera instance with the globals of `scope`, and the scope's header and footer parts.
fn tera_of(renderer: &SiteRenderer, scope: Scope) -> &(Tera, Chrome) {
    let i = match scope {
        Scope::Track(t) => t,
        Scope::Site => renderer.teras.len() - 1,
    };
    &renderer.teras[i]
}

fn render_page(
    ladder: &Ladder,
    renderer: &SiteRenderer,
    kind: PageKind,
    hints: &SizeHints,
) -> Result<OutputFile, Diagnostic> {
    let theme = &renderer.theme;
    let multi = ladder.is_multi_track();
    let path = page_path(ladder, kind);
    // GitHub Pages serves 404.html for a missing path at any depth: only absolute links work.
    let root = if matches!(kind, PageKind::NotFound) {
        ladder.site.base_url.clone()
    } else {
        root_prefix(&path)
    };
    let labels = &ladder.site.labels;
    let rows = |root: &str, t: usize| RowWriter::new(root, labels, &renderer.area_heads[t]);
    let home = labels.get("home");
    // The breadcrumb of a track's page: the track (with tracks), or a list on the home page
    // (its label `list_label`).
    let in_track = |t: usize, list: fn(Option<&str>) -> String, list_label: &'static str| {
        let track = &ladder.tracks[t];
        match track.id.as_deref() {
            Some(id) => (Cow::Borrowed(track.title.as_str()), routes::track_url(id)),
            None => (Cow::Borrowed(labels.get(list_label)), list(None)),
        }
    };
    let track_crumb = |t: usize| -> Vec<(Cow<str>, String)> {
        let track = &ladder.tracks[t];
        track
            .id
            .as_deref()
            .map(|id| (Cow::Borrowed(track.title.as_str()), routes::track_url(id)))
            .into_iter()
            .collect()
    };
    let (template, page) = match kind {
        PageKind::Home => {
            let mut page = PageContext::new(root, home, None, Vec::new());
            page.intro = Some(context::intro_view(ladder));
            ("index.html", page)
        }
        PageKind::TrackHome(t) => {
            let track = &ladder.tracks[t];
            let mut page = PageContext::new(root, home, Some(track.title.clone()), Vec::new());
            page.current_track = track.id.as_deref();
            ("track.html", page)
        }
        PageKind::Level(t, i) => {
            let level = &ladder.tracks[t].levels[i];
            let parent = in_track(t, routes::levels_list_url, "levels");
            let mut page = PageContext::new(root, home, Some(level.title.clone()), vec![parent]);
            page.current_level = Some(&level.id);
            page.current_track = ladder.tracks[t].id.as_deref();
            let mut view = context::level_view(ladder, &renderer.progress, t, i);
            view.areas_html = rows(&page.root, t).level_areas(ladder, &renderer.progress, t, i);
            if let Some(history) = renderer.history.as_deref() {
                let categories = &ladder.tracks[t].categories;
                history::mark_level(&mut view, history, categories, t, i, labels);
            }
            page.level = Some(view);
            ("level.html", page)
        }
        PageKind::Area(t, i) => {
            let track = &ladder.tracks[t];
            let area = &track.areas[i];
            let parent = in_track(t, routes::areas_list_url, "growth_areas");
            let mut page = PageContext::new(root, home, Some(area.title.clone()), vec![parent]);
            page.current_track = track.id.as_deref();
            let mut view = context::area_view(track, area);
            if let Some(history) = renderer.history.as_deref() {
                history::mark_area(&mut view, history, t, i, labels);
            }
            page.area = Some(view);
            ("area.html", page)
        }
        PageKind::Compare(t) => {
            let track = &ladder.tracks[t];
            let compare_levels = labels.get("compare_levels");
            let title = match track.id {
                Some(_) => format!("{compare_levels} · {}", track.short),
                None => compare_levels.to_string(),
            };
            let mut page = PageContext::new(root, home, Some(title), track_crumb(t));
            page.current_compare = true;
            page.current_track = track.id.as_deref();
            let mut view = context::compare_view(ladder, &renderer.progress, t);
            view.areas_html = rows(&page.root, t).area_matrix(ladder, t);
            page.compare = Some(view);
            ("compare.html", page)
        }
        PageKind::Print(t) => {
            let track = &ladder.tracks[t];
            let mut page = PageContext::new(
                root,
                home,
                Some(labels.get("the_whole_ladder").to_string()),
                track_crumb(t),
            );
            page.current_track = track.id.as_deref();
            let version = renderer
                .history
                .as_deref()
                .and_then(|h| history::version_text(h, labels));
            page.print = Some(context::print_view(
                ladder,
                &renderer.progress,
                t,
                version.as_deref(),
                renderer.dates.head.as_deref(),
            ));
            ("print.html", page)
        }
        PageKind::NotFound => {
            let page = PageContext::new(
                root,
                home,
                Some(labels.get("page_not_found").into()),
                Vec::new(),
            );
            ("404.html", page)
        }
        PageKind::Changes => {
            let title = labels.get("changes").to_string();
            let mut page = PageContext::new(root, home, Some(title), Vec::new());
            if let Some(history) = renderer.history.as_deref() {
                page.changes = Some(history::changes_view(history, labels));
            }
            ("changes.html", page)
        }
        PageKind::FreePage(i) => {
            let free = &ladder.pages[i];
            let mut page = PageContext::new(root, home, Some(free.title.clone()), Vec::new());
            page.current_page = Some(&free.id);
            page.page = Some(context::free_page_view(free));
            ("page.html", page)
        }
        PageKind::Pair(t, i, j) => {
            let track = &ladder.tracks[t];
            let (lower, upper) = (&track.levels[i], &track.levels[j]);
            let title = labels.fill(
                "lower_vs_upper",
                &[("lower", &lower.short), ("upper", &upper.short)],
            );
            let mut parents = track_crumb(t);
            parents.push((
                Cow::Borrowed(labels.get("compare_levels")),
                routes::compare_url(track.id.as_deref()),
            ));
            let mut page = PageContext::new(root, home, Some(title), parents);
            page.current_compare = true;
            page.current_track = track.id.as_deref();
            let areas = rows(&page.root, t).pair_areas(ladder, &renderer.progress, t, i, j);
            page.pair = Some(context::pair_view(
                ladder,
                &renderer.progress,
                t,
                i,
                j,
                areas,
            ));
            ("pair.html", page)
        }
        PageKind::AssessIndex => {
            let title = labels.get("self_assessment").to_string();
            let mut page = PageContext::new(root, home, Some(title), Vec::new());
            page.assess = Some(assess::assess_index_view(ladder));
            ("assess.html", page)
        }
        PageKind::Assess(t, i) => {
            let track = &ladder.tracks[t];
            let name = assess::assess_name(ladder, t, i);
            let title = labels.fill("assess_title", &[("level", &name)]);
            let mut parents = track_crumb(t);
            parents.push((
                Cow::Borrowed(labels.get("self_assessment")),
                routes::assess_index_url(),
            ));
            let mut page = PageContext::new(root, home, Some(title), parents);
            page.current_track = track.id.as_deref();
            let mut view = assess::assess_view(ladder, &renderer.progress, t, i, &renderer.version);
            if let Some(target) = view.target.as_mut() {
                target.areas_html = rows(&page.root, t).assess_areas(
                    ladder,
                    &renderer.progress,
                    t,
                    i,
                    target.first_area_item,
                );
            }
            page.assess = Some(view);
            ("assess.html", page)
        }
        PageKind::Grades => {
            let title = labels.get("levels_by_grade").to_string();
            let mut page = PageContext::new(root, home, Some(title), Vec::new());
            page.current_compare = true;
            page.grades = Some(context::grades_view(ladder));
            ("grades.html", page)
        }
        PageKind::Peers(a, b) => {
            let (la, lb) = (context::peer_name(ladder, a), context::peer_name(ladder, b));
            let title = labels.fill("lower_vs_upper", &[("lower", &la), ("upper", &lb)]);
            let parents = vec![(
                Cow::Borrowed(labels.get("levels_by_grade")),
                routes::grades_url(),
            )];
            let mut page = PageContext::new(root, home, Some(title), parents);
            page.current_compare = true;
            page.pair = Some(context::peer_view(ladder, a, b));
            ("pair.html", page)
        }
    };
    let source = page_source(ladder, kind);
    let mut page = page;
    page.last_updated = source
        .and_then(|p| renderer.dates.of(p))
        .map(str::to_string);
    page.edit_url = ladder
        .site
        .edit_url
        .as_deref()
        .zip(source)
        .map(|(template, path)| routes::edit_link(template, path));
    let (tera, chrome) = tera_of(renderer, kind.scope(multi));
    page.nav_links = chrome.nav(&page.root, page.current_level, page.current_track);
    page.search_form = chrome.search(&page.root);
    // Plain strings, numbers and lists: converting them cannot fail but is reported if it does.
    let ctx = Context::from_serialize(&page)
        .map_err(|e| Diagnostic::general(format!("the context of {path}: {e}")))?;
    let mut buffer = Vec::with_capacity(hints.get(kind));
    tera.render_to(template, &ctx, &mut buffer)
        .map_err(|e| theme.diagnostic(&e))?;
    hints.record(kind, buffer.len());
    // Tera writes only UTF-8; a failure here would be a bug in it, reported, not a panic.
    let html = String::from_utf8(buffer)
        .map_err(|_| Diagnostic::general(format!("template {template} produced invalid UTF-8")))?;
    Ok(OutputFile {
        path,
        contents: routes::relativize(html, &page.root).into_bytes(),
    })
}
