//! `rungs serve`: the authors' preview. Validates and prepares the site with the same
//! pipeline as `rungs build` ([`crate::build::prepare_site`]), serves it over HTTP on
//! loopback rendering pages as they are requested, watches the sources, rebuilds on every
//! change and tells open pages to reload (or to show the errors).
//!
//! Nothing here writes to disk: `public/` is never touched and Ctrl-C deletes nothing.
//! `watch` detects changes, `http` answers requests from the last good site, `reload` keeps
//! the Server-Sent-Events clients and the page snippet and error overlay.

pub(crate) mod http;
pub(crate) mod reload;
pub(crate) mod watch;

use crate::build::{self, BuildOptions};
use crate::content::area_cache::AreaCache;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::pages::SiteRenderer;
use crate::term::{err, errln, info, outln, verbose};
use anyhow::Context as _;
use rayon::prelude::*;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root (holding `content/`).
    pub root: PathBuf,
    /// Address to bind; loopback unless the author asks otherwise.
    pub bind: std::net::IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser once serving.
    pub open: bool,
    /// Scan for changes at this interval instead of waiting for native file-system events.
    pub poll: Option<Duration>,
    /// Host names requests may name besides `localhost` and IP addresses (DNS rebinding
    /// guard; see [`http::host_allowed`]).
    pub allowed_hosts: Vec<String>,
    /// URL template that makes each `file:line:col` of the error overlay a link opening the
    /// editor (`vscode://file/{path}:{line}:{col}`), checked by [`parse_editor_url`].
    pub editor_url: Option<String>,
}

/// Checks an editor URL template (`--editor-url`, `RUNGS_EDITOR_URL`): it needs a scheme
/// that runs no script and a `{path}`.
///
/// # Errors
/// What is wrong with the template, in one line.
pub fn parse_editor_url(template: &str) -> Result<String, String> {
    reload::EditorLinks::parse_template(template)
}

/// The last good build: the prepared site and the files rendered from it so far. Pages are
/// rendered when first requested (so a rebuild after an edit renders only what the browser
/// asks for), then kept; a background pass renders the rest.
#[derive(Debug)]
pub(crate) struct LiveBuild {
    renderer: SiteRenderer,
    rendered: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl LiveBuild {
    fn new(renderer: SiteRenderer) -> Self {
        LiveBuild {
            renderer,
            rendered: Mutex::new(HashMap::new()),
        }
    }

    /// Whether the site has a file at `path`.
    pub(crate) fn contains(&self, path: &str) -> bool {
        self.renderer.contains(path)
    }

    /// The file at `path`, rendered now or earlier; `None` if the site has no such file.
    pub(crate) fn get(&self, path: &str) -> Option<Result<Arc<Vec<u8>>, Diagnostic>> {
        if let Some(bytes) = self.rendered.lock().ok().and_then(|r| r.get(path).cloned()) {
            return Some(Ok(bytes));
        }
        let file = match self.renderer.render(path)? {
            Ok(file) => file,
            Err(d) => return Some(Err(d)),
        };
        let bytes = Arc::new(file.contents);
        if let Ok(mut rendered) = self.rendered.lock() {
            rendered.insert(file.path, bytes.clone());
        }
        Some(Ok(bytes))
    }

    /// Renders every file not rendered yet, as long as `still_current` says so (a newer
    /// build makes this one's pages pointless); returns the template errors found.
    fn render_rest(&self, still_current: impl Fn() -> bool + Sync) -> Diagnostics {
        let paths: Vec<String> = self.renderer.paths().map(str::to_string).collect();
        paths
            .par_iter()
            .filter_map(|p| {
                if still_current() {
                    self.get(p).and_then(Result::err)
                } else {
                    None
                }
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect()
    }
}

/// What the server shows: the last good site and, while the sources are broken, the errors.
#[derive(Debug, Default, Clone)]
pub(crate) struct Snapshot {
    /// The last successful build; `None` until one succeeds.
    pub(crate) site: Option<Arc<LiveBuild>>,
    /// Errors of the latest build, when it failed.
    pub(crate) errors: Option<Arc<Diagnostics>>,
}

/// Shared between the HTTP workers and the rebuild loop.
#[derive(Debug, Default)]
pub(crate) struct LiveSite {
    snapshot: RwLock<Snapshot>,
    editor: Option<reload::EditorLinks>,
}

impl LiveSite {
    /// A site with nothing built yet whose overlay links to `editor`.
    pub(crate) fn with_editor(editor: Option<reload::EditorLinks>) -> Self {
        LiveSite {
            snapshot: RwLock::default(),
            editor,
        }
    }

    /// Where the overlay's locations link to, if anywhere.
    pub(crate) fn editor(&self) -> Option<&reload::EditorLinks> {
        self.editor.as_ref()
    }

    /// The current snapshot (cheap: two `Arc` clones).
    pub(crate) fn snapshot(&self) -> Snapshot {
        match self.snapshot.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn update(&self, f: impl FnOnce(&mut Snapshot)) {
        match self.snapshot.write() {
            Ok(mut s) => f(&mut s),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }
}

/// Validates and prepares the site; records the outcome. Renders nothing.
fn rebuild(
    opts: &BuildOptions,
    live: &LiveSite,
    cache: &mut AreaCache,
) -> Result<Arc<LiveBuild>, Arc<Diagnostics>> {
    match build::prepare_site(opts, cache) {
        Ok((renderer, warnings, t)) => {
            if !warnings.is_empty() && crate::term::shows(crate::term::Verbosity::Normal) {
                err!("{warnings}");
            }
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            verbose!(
                "  load {:.1} ms, theme {:.1} ms, prepare {:.1} ms",
                ms(t.load),
                ms(t.theme),
                ms(t.prepare)
            );
            let build = Arc::new(LiveBuild::new(renderer));
            let mut previous = None;
            live.update(|s| {
                previous = s.site.replace(build.clone());
                s.errors = None;
            });
            // Freeing the previous build (its ladder and rendered pages) takes milliseconds
            // that belong to no one waiting: do it off the reload path.
            std::thread::spawn(move || drop(previous));
            Ok(build)
        }
        Err(diags) => {
            let diags = Arc::new(diags);
            live.update(|s| s.errors = Some(diags.clone()));
            Err(diags)
        }
    }
}

/// Renders the rest of a fresh build in the background, after the pages the browser asks for
/// first; a template error found there is shown like any build error.
fn warm(build: Arc<LiveBuild>, live: Arc<LiveSite>, clients: Arc<reload::Clients>) {
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        let current = || {
            live.snapshot()
                .site
                .is_some_and(|s| Arc::ptr_eq(&s, &build))
        };
        if !current() {
            return;
        }
        let errors = build.render_rest(current).sorted();
        if errors.has_errors() && current() {
            err!("{errors}");
            let errors = Arc::new(errors);
            clients.broadcast("build-error", &reload::errors_json(&errors, live.editor()));
            live.update(|s| s.errors = Some(errors));
        }
    });
}

/// Runs the preview server until the process is stopped.
///
/// # Errors
/// The address cannot be bound or the sources cannot be watched.
pub fn serve(opts: ServeOptions) -> anyhow::Result<()> {
    let root = std::fs::canonicalize(&opts.root)
        .with_context(|| format!("cannot open site root {}", opts.root.display()))?;
    let editor = opts
        .editor_url
        .clone()
        .map(|t| reload::EditorLinks::new(t, root.clone()));
    let live = Arc::new(LiveSite::with_editor(editor));
    let clients = Arc::new(reload::Clients::default());
    let server = http::Server::bind(
        SocketAddr::new(opts.bind, opts.port),
        live.clone(),
        clients.clone(),
        opts.allowed_hosts.clone(),
    )
    .with_context(|| format!("cannot listen on {}:{}", opts.bind, opts.port))?;
    let url = format!("http://{}/", server.addr());
    let build_opts = BuildOptions {
        root: root.clone(),
        base_url: Some(url.clone()),
        // The preview shows drafts, marked as such.
        drafts: true,
        // The changes page also shows what changed since HEAD.
        preview: true,
    };

    let sources = watch::SourceWatch::start(&root, opts.poll)?;
    match (opts.poll, watch::eventless_file_system(&root)) {
        (Some(interval), _) => info!(
            "watching by scanning for changes every {} ms",
            interval.as_millis()
        ),
        (None, Some(kind)) => info!(
            "note: {} is on a {kind} file system, where edits may not be noticed: if saving does not rebuild, run `rungs serve --poll`",
            root.display()
        ),
        (None, None) => {}
    }
    let mut cache = AreaCache::default();
    let started = Instant::now();
    match rebuild(&build_opts, &live, &mut cache) {
        Ok(build) => {
            let ladder = build.renderer.ladder();
            info!(
                "loaded {} levels and {} growth areas in {} ms",
                ladder.levels().count(),
                ladder.areas().count(),
                started.elapsed().as_millis()
            );
            warm(build, live.clone(), clients.clone());
        }
        Err(diags) => {
            errln!("{diags}build failed: fix the errors above; the preview shows them too")
        }
    }
    // Printed on stdout, alone on its line, so scripts and tests can read the address.
    outln!("serving {} at {url}", root.display());
    if opts.open {
        open_browser(&url);
    }
    server.start_workers();
    reload::start_keepalive(clients.clone());
    sources.run(|changed| {
        let started = Instant::now();
        let names: Vec<String> = changed.iter().map(|p| display_relative(&root, p)).collect();
        match rebuild(&build_opts, &live, &mut cache) {
            Ok(build) => {
                info!(
                    "rebuilt in {} ms ({}); pages render as they are requested",
                    started.elapsed().as_millis(),
                    names.join(", ")
                );
                clients.broadcast("reload", "{}");
                warm(build, live.clone(), clients.clone());
            }
            Err(diags) => {
                err!("{diags}");
                errln!(
                    "build failed in {} ms ({}); still serving the last good site",
                    started.elapsed().as_millis(),
                    names.join(", ")
                );
                clients.broadcast("build-error", &reload::errors_json(&diags, live.editor()));
            }
        }
    })
}

fn display_relative(root: &std::path::Path, path: &std::path::Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn open_browser(url: &str) {
    let candidates: &[&[&str]] = if cfg!(target_os = "macos") {
        &[&["open"]]
    } else if cfg!(windows) {
        &[&["cmd", "/C", "start", ""]]
    } else {
        &[&["xdg-open"], &["sensible-browser"]]
    };
    for cmd in candidates {
        let spawned = std::process::Command::new(cmd[0])
            .args(&cmd[1..])
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return;
        }
    }
    errln!("could not open a browser; visit {url}");
}
