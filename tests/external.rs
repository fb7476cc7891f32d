//! `--check-external` against a loopback HTTP server started here: never the network.

use crate::support::{Site, without_excerpts};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A loopback server: `/ok` answers 200, `/no-head` refuses HEAD (405) but answers GET,
/// `/moved` redirects to `/ok`, anything else is 404. Records every request.
struct Server {
    addr: String,
    hits: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
        let addr = server.server_addr().to_ip().expect("ip").to_string();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, flag) = (hits.clone(), stop.clone());
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(50)) else {
                    continue;
                };
                let method = request.method().to_string();
                let url = request.url().to_string();
                log.lock().unwrap().push(format!("{method} {url}"));
                let response = match (method.as_str(), url.as_str()) {
                    (_, "/ok") | ("GET", "/no-head") => tiny_http::Response::from_string("ok"),
                    (_, "/no-head") => tiny_http::Response::from_string("no").with_status_code(405),
                    (_, "/moved") => tiny_http::Response::from_string("")
                        .with_status_code(301)
                        .with_header(
                            tiny_http::Header::from_bytes(&b"Location"[..], &b"/ok"[..]).unwrap(),
                        ),
                    _ => tiny_http::Response::from_string("gone").with_status_code(404),
                };
                let _ = request.respond(response);
            }
        });
        Server { addr, hits, stop }
    }

    fn take_hits(&self) -> Vec<String> {
        let mut hits = std::mem::take(&mut *self.hits.lock().unwrap());
        hits.sort();
        hits
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn site_linking(server: &Server) -> Site {
    let site = Site::fixture("small-ladder");
    let a = &server.addr;
    let index = site.read("content/_index.md").replace(
        "## How to read it",
        &format!(
            "[a](http://{a}/ok#part) [b](http://{a}/no-head) [c](http://{a}/moved)\n\
             [d](http://{a}/gone) ![e](http://{a}/gone)\n\n## How to read it"
        ),
    );
    site.write("content/_index.md", &index);
    site
}

#[test]
fn broken_external_links_are_errors_at_each_place_and_good_ones_are_cached() {
    let server = Server::start();
    let site = site_linking(&server);
    let a = server.addr.clone();
    // Opt-in: without the flag nothing is asked.
    let r = site.rungs(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(server.take_hits().is_empty());

    let r = site.rungs(&["check", "--check-external"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let gone = format!("broken external link `http://{a}/gone`: HTTP 404");
    assert_eq!(
        without_excerpts(&r.stderr),
        [
            format!("content/_index.md:11:1: error: {gone}"),
            "  = expected a URL that answers HEAD or GET with a status below 400: fix or remove the link".to_string(),
            format!("content/_index.md:11:{}: error: {gone}", 19 + a.len()),
            "  = expected a URL that answers HEAD or GET with a status below 400: fix or remove the link".to_string(),
            "2 errors".to_string(),
            String::new(),
        ]
        .join("\n")
    );
    // HEAD first; GET only where HEAD failed; the fragment is never sent.
    assert_eq!(
        server.take_hits(),
        [
            "GET /gone",
            "GET /no-head",
            "HEAD /gone",
            "HEAD /moved",
            "HEAD /no-head",
            "HEAD /ok",
            "HEAD /ok",
        ]
    );
    let cache = site.read(".rungs-cache/links.json");
    for url in ["ok", "no-head", "moved"] {
        assert!(cache.contains(&format!("\"http://{a}/{url}\"")), "{cache}");
    }
    assert!(!cache.contains("/gone"), "{cache}");

    // A second run asks only for what is not known good.
    let r = site.rungs(&["check", "--check-external"]);
    assert_eq!(r.code, 1);
    assert_eq!(server.take_hits(), ["GET /gone", "HEAD /gone"]);

    // build fails the same way and writes nothing.
    let r = site.rungs(&["build", "--check-external"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(&gone), "{}", r.stderr);
    assert!(!site.public().exists());
}

#[test]
fn an_unreachable_host_is_a_broken_link() {
    // Port 1 on loopback: nothing listens there.
    let site = Site::fixture("small-ladder");
    let index = site.read("content/_index.md").replace(
        "## How to read it",
        "[x](http://127.0.0.1:1/x)\n\n## How to read it",
    );
    site.write("content/_index.md", &index);
    let r = site.rungs(&["check", "--check-external"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(
            "content/_index.md:10:1: error: broken external link `http://127.0.0.1:1/x`: "
        ),
        "{}",
        r.stderr
    );
    // A good site passes.
    let server = Server::start();
    let index = site.read("content/_index.md").replace(
        "http://127.0.0.1:1/x",
        &format!("http://{}/ok", server.addr),
    );
    site.write("content/_index.md", &index);
    let r = site.rungs(&["build", "--check-external"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
