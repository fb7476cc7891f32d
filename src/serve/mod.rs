//! `rungs serve`: the authors' preview. Builds the site in memory with the same
//! [`crate::build::build_site`] as `rungs build`, serves it over HTTP on loopback, watches the
//! sources, rebuilds on every change and tells open pages to reload (or to show the errors).
//!
//! Nothing here writes to disk: `public/` is never touched and Ctrl-C deletes nothing.
//! `watch` detects changes, `http` answers requests from the last good site, `reload` keeps
//! the Server-Sent-Events clients and the page snippet and error overlay.

pub(crate) mod http;
pub(crate) mod reload;
pub(crate) mod watch;

use crate::build::{self, BuildOptions};
use crate::diag::Diagnostics;
use anyhow::Context as _;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

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
}

/// The files of the last good build, by URL path (`levels/senior/index.html`).
pub(crate) type SiteFiles = HashMap<String, Vec<u8>>;

/// What the server shows: the last good site and, while the sources are broken, the errors.
#[derive(Debug, Default, Clone)]
pub(crate) struct Snapshot {
    /// The last successful build; `None` until one succeeds.
    pub(crate) files: Option<Arc<SiteFiles>>,
    /// Errors of the latest build, when it failed.
    pub(crate) errors: Option<Arc<Diagnostics>>,
}

/// Shared between the HTTP workers and the rebuild loop.
#[derive(Debug, Default)]
pub(crate) struct LiveSite {
    snapshot: RwLock<Snapshot>,
}

impl LiveSite {
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

/// Builds once and records the outcome; returns the errors when the build failed.
fn rebuild(opts: &BuildOptions, live: &LiveSite) -> Result<usize, Arc<Diagnostics>> {
    match build::build_site(opts) {
        Ok(site) => {
            if !site.warnings.is_empty() {
                eprint!("{}", site.warnings);
            }
            let pages = site.page_count();
            let files: SiteFiles = site
                .files
                .into_iter()
                .map(|f| (f.path, f.contents))
                .collect();
            live.update(|s| {
                s.files = Some(Arc::new(files));
                s.errors = None;
            });
            Ok(pages)
        }
        Err(diags) => {
            let diags = Arc::new(diags);
            live.update(|s| s.errors = Some(diags.clone()));
            Err(diags)
        }
    }
}

/// Runs the preview server until the process is stopped.
///
/// # Errors
/// The address cannot be bound or the sources cannot be watched.
pub fn serve(opts: ServeOptions) -> anyhow::Result<()> {
    let root = std::fs::canonicalize(&opts.root)
        .with_context(|| format!("cannot open site root {}", opts.root.display()))?;
    let live = Arc::new(LiveSite::default());
    let clients = Arc::new(reload::Clients::default());
    let server = http::Server::bind(
        SocketAddr::new(opts.bind, opts.port),
        live.clone(),
        clients.clone(),
    )
    .with_context(|| format!("cannot listen on {}:{}", opts.bind, opts.port))?;
    let url = format!("http://{}/", server.addr());
    let build_opts = BuildOptions {
        root: root.clone(),
        base_url: Some(url.clone()),
    };

    let sources = watch::SourceWatch::start(&root)?;
    let started = Instant::now();
    match rebuild(&build_opts, &live) {
        Ok(pages) => eprintln!(
            "built {pages} pages in {} ms",
            started.elapsed().as_millis()
        ),
        Err(diags) => {
            eprintln!("{diags}build failed: fix the errors above; the preview shows them too")
        }
    }
    // Printed on stdout, alone on its line, so scripts and tests can read the address.
    println!("serving {} at {url}", root.display());
    if opts.open {
        open_browser(&url);
    }
    server.start_workers();
    reload::start_keepalive(clients.clone());
    sources.run(|changed| {
        let started = Instant::now();
        let names: Vec<String> = changed.iter().map(|p| display_relative(&root, p)).collect();
        match rebuild(&build_opts, &live) {
            Ok(pages) => {
                eprintln!(
                    "rebuilt {pages} pages in {} ms ({})",
                    started.elapsed().as_millis(),
                    names.join(", ")
                );
                clients.broadcast("reload", "{}");
            }
            Err(diags) => {
                eprint!("{diags}");
                eprintln!(
                    "build failed in {} ms ({}); still serving the last good site",
                    started.elapsed().as_millis(),
                    names.join(", ")
                );
                clients.broadcast("build-error", &reload::errors_json(&diags));
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
    eprintln!("could not open a browser; visit {url}");
}
