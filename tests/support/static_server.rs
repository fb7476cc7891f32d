//! A static file server for tests, standing in for GitHub Pages: serves an output folder
//! under a URL prefix (`/ladder/`), maps folders to `index.html`, and answers a missing path
//! with the site's `404.html` and status 404, as GitHub Pages does. Loopback only; stops when
//! dropped.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub struct StaticServer {
    pub addr: String,
    stop: Arc<AtomicBool>,
}

impl StaticServer {
    pub fn start(dir: &Path, prefix: &str) -> StaticServer {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
        let addr = server
            .server_addr()
            .to_ip()
            .expect("ip address")
            .to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let (dir, prefix, flag) = (dir.to_path_buf(), prefix.to_string(), stop.clone());
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                if let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(100)) {
                    let (status, body) = lookup(&dir, &prefix, request.url());
                    let _ = request
                        .respond(tiny_http::Response::from_data(body).with_status_code(status));
                }
            }
        });
        StaticServer { addr, stop }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn lookup(dir: &Path, prefix: &str, url: &str) -> (u16, Vec<u8>) {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let not_found = || (404, std::fs::read(dir.join("404.html")).unwrap_or_default());
    let Some(rel) = path.strip_prefix(prefix) else {
        return not_found();
    };
    if rel.split('/').any(|s| s == "..") {
        return (400, Vec::new());
    }
    let mut file: PathBuf = dir.join(rel);
    if rel.is_empty() || rel.ends_with('/') {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(bytes) if file.is_file() => (200, bytes),
        _ => not_found(),
    }
}

/// GET over loopback: (status, body).
pub fn get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .expect("send");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

/// Resolves `href` found on the page at URL path `page` into a URL path, without fragment.
/// `None` for links that leave the site (scheme, mailto) or are fragment-only.
pub fn resolve(page: &str, href: &str) -> Option<String> {
    if href.contains("://")
        || href.starts_with("mailto:")
        || href.starts_with('#')
        || href.starts_with("javascript:")
    {
        return None;
    }
    let href = href.split('#').next().unwrap_or("");
    let joined = if href.starts_with('/') {
        href.to_string()
    } else {
        let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{href}")
    };
    let mut out: Vec<&str> = Vec::new();
    let trailing = joined.ends_with('/') || joined.ends_with("/.") || joined.ends_with("/..");
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let mut path = format!("/{}", out.join("/"));
    if trailing && !path.ends_with('/') {
        path.push('/');
    }
    Some(path)
}
