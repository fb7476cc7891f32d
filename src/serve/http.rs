//! The preview's HTTP side: answers from the last good site in memory, injects the
//! live-reload snippet (and the overlay) into HTML, hands event-stream requests to
//! [`super::reload::Clients`].
//!
//! Paths are decoded and checked before any lookup: `..`/`.` segments (raw or encoded, with
//! `/` or `\`), NUL bytes and bad escapes are rejected with 400. The site is served from a
//! map of its own output files, so no request can name a file on disk at all.

use super::reload::{self, Clients, EVENTS_PATH};
use super::{LiveSite, Snapshot};
use crate::diag::Diagnostics;
use std::net::SocketAddr;
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response};

/// Worker threads answering requests; event streams do not hold one.
const WORKERS: usize = 8;

/// A bound server, not yet answering.
pub(crate) struct Server {
    inner: Arc<tiny_http::Server>,
    live: Arc<LiveSite>,
    clients: Arc<Clients>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port).
    ///
    /// # Errors
    /// The address cannot be bound.
    pub(crate) fn bind(
        addr: SocketAddr,
        live: Arc<LiveSite>,
        clients: Arc<Clients>,
    ) -> anyhow::Result<Server> {
        let inner = tiny_http::Server::http(addr).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(Server {
            inner: Arc::new(inner),
            live,
            clients,
        })
    }

    /// The address actually bound.
    pub(crate) fn addr(&self) -> String {
        match self.inner.server_addr().to_ip() {
            Some(a) => a.to_string(),
            None => "127.0.0.1".to_string(),
        }
    }

    /// Starts the worker threads; returns at once.
    pub(crate) fn start_workers(&self) {
        for _ in 0..WORKERS {
            let (inner, live, clients) =
                (self.inner.clone(), self.live.clone(), self.clients.clone());
            std::thread::spawn(move || {
                while let Ok(request) = inner.recv() {
                    handle(request, &live, &clients);
                }
            });
        }
    }
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BadPath {
    /// Not starting with `/`, a bad `%` escape, or not UTF-8 once decoded.
    Malformed,
    /// A `.`/`..` segment, a backslash or a NUL byte.
    Traversal,
}

/// The site file a URL path names: `/levels/senior/` → `levels/senior/index.html`.
///
/// # Errors
/// The path is malformed or tries to leave the site.
pub(crate) fn resolve_path(url: &str) -> Result<String, BadPath> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(path) = path.strip_prefix('/') else {
        return Err(BadPath::Malformed);
    };
    let decoded = percent_decode(path).ok_or(BadPath::Malformed)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return Err(BadPath::Traversal);
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return Err(BadPath::Traversal),
            s => segments.push(s),
        }
    }
    let mut key = segments.join("/");
    if decoded.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type for a file name.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A header, or `None` if the value cannot be sent (it is then left out, never panics).
fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(
    request: Request,
    status: u16,
    content_type: &str,
    body: Vec<u8>,
    extra: Option<Header>,
) {
    let mut response = Response::from_data(body).with_status_code(status);
    for h in [
        header("Content-Type", content_type),
        header("Cache-Control", "no-store"),
        extra,
    ]
    .into_iter()
    .flatten()
    {
        response = response.with_header(h);
    }
    // A client that went away is not an error worth reporting.
    let _ = request.respond(response);
}

fn handle(request: Request, live: &LiveSite, clients: &Clients) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let allow = header("Allow", "GET, HEAD");
        return respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
            allow,
        );
    }
    let url = request.url().to_string();
    if url.split('?').next() == Some(EVENTS_PATH) {
        clients.add(request.into_writer());
        return;
    }
    let key = match resolve_path(&url) {
        Ok(key) => key,
        Err(_) => {
            return respond(
                request,
                400,
                "text/plain; charset=utf-8",
                b"bad request path\n".to_vec(),
                None,
            );
        }
    };
    let Snapshot { site, errors } = live.snapshot();
    let errors = errors.as_deref();
    let Some(site) = site else {
        return respond(
            request,
            500,
            "text/html; charset=utf-8",
            reload::error_page("No successful build yet", errors),
            None,
        );
    };
    match site.get(&key) {
        Some(Ok(body)) => {
            let ct = content_type(&key);
            let body = if ct.starts_with("text/html") {
                reload::inject(&body, errors)
            } else {
                body.to_vec()
            };
            return respond(request, 200, ct, body, None);
        }
        Some(Err(d)) => {
            // A template error in this page: show it, as the build overlay would.
            let diags = Diagnostics::from(d);
            return respond(
                request,
                500,
                "text/html; charset=utf-8",
                reload::error_page("This page could not be rendered", Some(&diags)),
                None,
            );
        }
        None => {}
    }
    if site.contains(&format!("{key}/index.html")) {
        // `/levels/senior` → `/levels/senior/`, so the page's relative links resolve.
        let path = url.split('?').next().unwrap_or(&url);
        let location = header("Location", &format!("{path}/"));
        return respond(
            request,
            301,
            "text/plain; charset=utf-8",
            b"moved\n".to_vec(),
            location,
        );
    }
    let not_found = match site.get("404.html") {
        Some(Ok(page)) => page.to_vec(),
        _ => b"<!DOCTYPE html><title>Not found</title><body><h1>Not found</h1></body>".to_vec(),
    };
    respond(
        request,
        404,
        "text/html; charset=utf-8",
        reload::inject(&not_found, errors),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_pretty_urls_to_index_files() {
        assert_eq!(resolve_path("/"), Ok("index.html".into()));
        assert_eq!(
            resolve_path("/levels/senior/"),
            Ok("levels/senior/index.html".into())
        );
        assert_eq!(resolve_path("/rungs.css?v=2"), Ok("rungs.css".into()));
        assert_eq!(resolve_path("/levels/senior"), Ok("levels/senior".into()));
        assert_eq!(
            resolve_path("/areas/caf%C3%A9/"),
            Ok("areas/café/index.html".into())
        );
    }

    #[test]
    fn rejects_traversal_raw_encoded_backslash_and_nul() {
        for bad in [
            "/../etc/passwd",
            "/levels/../../secret",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2fetc",
            "/..%5c..%5cwindows",
            "/a\\..\\b",
            "/index.html%00.css",
            "/./index.html",
        ] {
            assert_eq!(resolve_path(bad), Err(BadPath::Traversal), "{bad}");
        }
        assert_eq!(resolve_path("/%zz"), Err(BadPath::Malformed));
        assert_eq!(resolve_path("/%ff"), Err(BadPath::Malformed));
        assert_eq!(resolve_path("levels/"), Err(BadPath::Malformed));
    }

    #[test]
    fn content_types_cover_site_assets() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("rungs.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("rungs.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("search.json"), "application/json");
        assert_eq!(content_type("logo.SVG"), "image/svg+xml");
        assert_eq!(content_type("font.woff2"), "font/woff2");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
    }
}
