//! `rungs serve`: edits reach open pages, broken edits show an overlay and never kill the
//! server, paths cannot escape the site, and many readers are served while event streams
//! stay open. All traffic goes to loopback; every loop and wait is bounded.

use crate::support::serve::*;
use crate::support::*;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn an_edit_sends_reload_and_the_new_content_is_served() {
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    assert!(
        server
            .get("/levels/expert/")
            .body
            .contains("Keeps complexity down")
    );
    let mut events = server.events();
    let edited = site
        .read("content/levels/expert.yml")
        .replace("Keeps complexity down", "Keeps complexity very low");
    let started = Instant::now();
    site.write("content/levels/expert.yml", &edited);
    let event = events.next_event(WAIT).expect("an event after the edit");
    let latency = started.elapsed();
    assert_eq!(event.name, "reload");
    let page = server.get("/levels/expert/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Keeps complexity very low"));
    eprintln!("edit → reload event: {} ms", latency.as_millis());
    assert!(!site.public().exists(), "serve must not write public/");
}

#[test]
fn a_broken_edit_shows_an_overlay_and_the_last_good_site_until_fixed() {
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    let mut events = server.events();
    let good = site.read("content/levels/expert.yml");
    site.write("content/levels/expert.yml", "title: Expert\nrank: thirty\n");
    let event = events
        .next_event(WAIT)
        .expect("an event after the broken edit");
    assert_eq!(event.name, "build-error");
    let errors: Vec<String> = serde_json_like_list(&event.data);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/levels/expert.yml:2:7: error:")),
        "{errors:?}"
    );

    // A fresh load shows the last good page with the overlay naming the file.
    let page = server.get("/levels/expert/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Keeps complexity down"),
        "last good content is still served"
    );
    let doc = scraper::Html::parse_document(&page.body);
    let overlay = texts(&doc, "#rungs-overlay li");
    assert!(
        overlay
            .iter()
            .any(|t| t.starts_with("content/levels/expert.yml:2:7: error: rank")),
        "{overlay:?}"
    );

    site.write("content/levels/expert.yml", &good);
    let event = events.next_event(WAIT).expect("an event after the fix");
    assert_eq!(event.name, "reload");
    let page = server.get("/levels/expert/");
    let doc = scraper::Html::parse_document(&page.body);
    assert!(
        doc.select(&sel("#rungs-overlay")).next().is_none(),
        "overlay is gone after recovery"
    );
}

/// The `build-error` payload is a JSON list of `{location, text, href}`; the problems as
/// the terminal shows them (location and text joined).
fn serde_json_like_list(data: &str) -> Vec<String> {
    let value: Vec<serde_json::Value> = serde_json::from_str(data).expect("JSON list");
    value
        .iter()
        .map(|e| {
            format!(
                "{}{}",
                e["location"].as_str().unwrap_or(""),
                e["text"].as_str().expect("text")
            )
        })
        .collect()
}

#[test]
fn with_an_editor_url_the_overlay_links_each_location_to_the_editor() {
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start_with(
        site.root(),
        &["--editor-url", "vscode://file/{path}:{line}:{col}"],
    );
    let mut events = server.events();
    site.write("content/levels/expert.yml", "title: Expert\nrank: thirty\n");
    let event = events
        .next_event(WAIT)
        .expect("an event after the broken edit");
    assert_eq!(event.name, "build-error");
    let root = std::fs::canonicalize(site.root()).expect("root");
    let expected = format!(
        "vscode://file/{}/content/levels/expert.yml:2:7",
        root.display()
    );
    let payload: Vec<serde_json::Value> = serde_json::from_str(&event.data).expect("JSON");
    assert_eq!(payload[0]["href"].as_str(), Some(expected.as_str()));
    let page = server.get("/levels/expert/");
    let doc = scraper::Html::parse_document(&page.body);
    let links: Vec<(String, String)> = doc
        .select(&sel("#rungs-overlay a"))
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                a.text().collect(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [(expected, "content/levels/expert.yml:2:7".to_string())]
    );
}

#[test]
fn an_editor_url_that_runs_script_is_a_usage_error() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args([
            "serve",
            "--port",
            "0",
            "--editor-url",
            "javascript:alert({path})",
        ])
        .output()
        .expect("run rungs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`javascript:` scheme is not allowed"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_atomic_save_by_rename_rebuilds_and_editor_litter_does_not() {
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    let mut events = server.events();
    site.write("content/levels/.expert.yml.swp", "swap file noise");
    site.write("content/levels/expert.yml~", "backup noise");
    assert_eq!(
        events.next_event(Duration::from_millis(800)),
        None,
        "litter must not trigger a rebuild"
    );
    let edited = site
        .read("content/levels/expert.yml")
        .replace("Aligns teams on designs", "Aligns teams on plans");
    site.write("content/levels/.expert.yml.tmp-save", &edited);
    std::fs::rename(
        site.root().join("content/levels/.expert.yml.tmp-save"),
        site.root().join("content/levels/expert.yml"),
    )
    .unwrap();
    let event = events.next_event(WAIT).expect("an event after the rename");
    assert_eq!(event.name, "reload");
    assert!(
        server
            .get("/levels/expert/")
            .body
            .contains("Aligns teams on plans")
    );
}

#[test]
fn traversal_attempts_never_leave_the_site() {
    let site = Site::fixture("small-ladder");
    site.write("secret.txt", "TOP-SECRET");
    let server = ServeProcess::start(site.root());
    let attempts: &[&[u8]] = &[
        b"GET /../secret.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /../../../../etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /%2e%2e/secret.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /%2E%2E%2F%2E%2E%2Fetc%2Fpasswd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /levels/..%2f..%2fsecret.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /..\\..\\secret.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /..%5c..%5csecret.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /index.html%00.css HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /./levels/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    ];
    for request in attempts {
        let r = server.raw(request);
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(request));
        assert!(!r.body.contains("TOP-SECRET") && !r.body.contains("root:"));
    }
    // Files outside the output are simply not part of the site.
    assert_eq!(server.get("/secret.txt").status, 404);
    assert_eq!(server.get("/content/site.yaml").status, 404);
}

#[test]
fn serves_types_head_redirects_404_and_no_store() {
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    let css = server.get("/rungs.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.header("cache-control"), Some("no-store"));
    assert_eq!(
        server.get("/rungs.js").header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    let page = server.get("/");
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.body.contains("new EventSource(\"/__rungs/events\")"),
        "served pages get the reload script"
    );

    let head = server.raw(
        format!(
            "HEAD /rungs.css HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), css.header("content-length"));

    let redirect = server.get("/levels/expert");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/levels/expert/"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("EventSource"));

    let post = server.raw(
        format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    );
    assert_eq!(post.status, 405);
}

#[test]
fn parallel_readers_are_served_while_event_streams_stay_open() {
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    let _streams: Vec<EventStream> = (0..4).map(|_| server.events()).collect();
    let expected = server.get("/compare/").body;
    assert!(expected.len() > 1000);
    let paths = [
        "/",
        "/compare/",
        "/levels/expert/",
        "/areas/testing/",
        "/rungs.css",
    ];
    let results: Vec<(u16, bool)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let server = &server;
                let expected = &expected;
                scope.spawn(move || {
                    (0..16)
                        .map(|i| {
                            let path = paths[(t + i) % paths.len()];
                            let r = server.get(path);
                            (r.status, path != "/compare/" || &r.body == expected)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert_eq!(results.len(), 128);
    assert!(
        results.iter().all(|&(status, same)| status == 200 && same),
        "{results:?}"
    );
}

#[test]
fn a_site_that_never_built_shows_errors_then_recovers() {
    let site = Site::fixture("small-ladder");
    let good = site.read("content/site.yaml");
    site.write("content/site.yaml", "title: [\n");
    let server = ServeProcess::start(site.root());
    let page = server.get("/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("content/site.yaml:"), "{}", page.body);
    let doc = scraper::Html::parse_document(&page.body);
    assert_eq!(texts(&doc, "h1"), ["No successful build yet"]);
    let mut events = server.events();
    site.write("content/site.yaml", &good);
    assert_eq!(
        events.next_event(WAIT).map(|e| e.name).as_deref(),
        Some("reload")
    );
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_template_error_found_while_rendering_is_shown_not_hidden() {
    let site = Site::fixture("small-ladder");
    site.write(
        "themes/default/templates/area.html",
        "{% extends \"default/area.html\" %}{% block area_body %}{{ no_such_variable }}{% endblock area_body %}",
    );
    let server = ServeProcess::start(site.root());
    let page = server.get("/areas/testing/");
    assert_eq!(page.status, 500);
    let doc = scraper::Html::parse_document(&page.body);
    assert_eq!(texts(&doc, "h1"), ["This page could not be rendered"]);
    let overlay = texts(&doc, "#rungs-overlay li");
    assert!(
        overlay
            .iter()
            .any(|t| t.starts_with("themes/default/templates/area.html:1:")),
        "{overlay:?}"
    );
    // Pages that do not use the broken template are still served.
    assert_eq!(server.get("/levels/expert/").status, 200);
}

/// Opens a raw event-stream request and reads until the server closes the connection or
/// `limit` passes. Returns what was read and whether the connection was closed.
fn read_events_until_closed(addr: &str, limit: Duration) -> (String, bool) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(limit)).expect("timeout");
    stream
        .write_all(format!("GET /__rungs/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .expect("send");
    let mut bytes = Vec::new();
    let closed = stream.read_to_end(&mut bytes).is_ok();
    (String::from_utf8_lossy(&bytes).into_owned(), closed)
}

#[test]
fn event_streams_over_the_limit_get_503_and_are_closed() {
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    // MAX_CLIENTS in src/serve/reload.rs.
    let mut streams: Vec<EventStream> = (0..64).map(|_| server.events()).collect();
    for _ in 0..3 {
        let started = Instant::now();
        let (response, closed) = read_events_until_closed(&server.addr, Duration::from_secs(5));
        assert!(
            response.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "{response:?}"
        );
        assert!(closed, "the server must close the connection: {response:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
    // The 64 open streams still get events.
    let edited = site
        .read("content/levels/expert.yml")
        .replace("Keeps complexity down", "Keeps complexity low");
    site.write("content/levels/expert.yml", &edited);
    for stream in &mut streams {
        assert_eq!(
            stream.next_event(WAIT).map(|e| e.name).as_deref(),
            Some("reload")
        );
    }
    drop(streams);
}

#[test]
fn redirects_never_leave_the_server_and_headers_cannot_be_injected() {
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    for (target, location) in [
        ("//levels/expert", "/levels/expert/"),
        ("///levels//expert?x=1", "/levels/expert/"),
        ("/levels/expert", "/levels/expert/"),
    ] {
        let r = server.raw(
            format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(r.status, 301, "{target}");
        assert_eq!(r.header("location"), Some(location), "{target}");
    }
    // `//host/path` names no file of the site.
    let r = server
        .raw(b"GET //evil.example/levels HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("location"), None);
    // An encoded line break never reaches a header.
    let r = server.raw(
        b"GET /levels/expert%0d%0aSet-Cookie:%20a=b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.header("set-cookie"), None);
}

#[test]
fn one_connection_serves_several_requests_then_closes_when_asked() {
    use std::io::{Read, Write};
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    let mut stream = std::net::TcpStream::connect(&server.addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream
        .write_all(
            b"GET /rungs.css HTTP/1.1\r\nHost: localhost\r\n\r\nHEAD /levels/expert HTTP/1.1\r\nHost: localhost\r\n\r\n\
              GET /no/such/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .expect("send");
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .expect("the server closes after the last request");
    let text = String::from_utf8_lossy(&bytes);
    let statuses: Vec<&str> = text
        .match_indices("HTTP/1.1 ")
        .map(|(i, _)| &text[i + 9..i + 12])
        .collect();
    assert_eq!(statuses, ["200", "301", "404"], "{text}");
}

#[test]
fn connections_over_the_limit_get_503_and_the_server_recovers() {
    use std::io::{Read, Write};
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    // MAX_CONNECTIONS in src/serve/http.rs: idle connections each hold a thread.
    let idle: Vec<std::net::TcpStream> = (0..128)
        .map(|_| std::net::TcpStream::connect(&server.addr).expect("connect"))
        .collect();
    // Let the server accept them all before the one over the limit.
    std::thread::sleep(Duration::from_millis(300));
    let mut extra = std::net::TcpStream::connect(&server.addr).expect("connect");
    extra
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let _ = extra.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    let mut bytes = Vec::new();
    let _ = extra.read_to_end(&mut bytes);
    let response = String::from_utf8_lossy(&bytes);
    assert!(
        response.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "{response:?}"
    );
    drop(idle);
    // Once the idle connections are gone, pages are served again.
    let started = Instant::now();
    loop {
        let r = server.raw(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        if r.status == 200 {
            break;
        }
        assert!(
            started.elapsed() < WAIT,
            "still refused after the idle connections closed: {}",
            r.status
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_template_error_in_a_page_nobody_asked_for_is_still_shown() {
    let site = Site::fixture("small-ladder");
    site.write(
        "themes/broken/templates/pair.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value.x }}{% endblock content %}",
    );
    let config =
        site.read("content/site.yaml")
            .replacen("base_url: /", "base_url: /\ntheme: broken", 1);
    site.write("content/site.yaml", &config);
    let server = ServeProcess::start(site.root());
    let mut events = server.events();
    // Only the home page is asked for; the pair pages are rendered in the background.
    assert_eq!(server.get("/").status, 200);
    let event = events.next_event(WAIT).expect("a build-error event");
    assert_eq!(event.name, "build-error");
    assert!(
        event.data.contains("themes/broken/templates/pair.html"),
        "{}",
        event.data
    );
    // From then on every page carries the overlay.
    let home = server.get("/");
    assert!(home.body.contains("rungs-overlay"), "{}", home.body);
}

#[test]
fn polling_picks_up_an_edit() {
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start_with(site.root(), &["--poll", "50"]);
    let mut events = server.events();
    let edited = site
        .read("content/levels/expert.yml")
        .replace("Keeps complexity down", "Keeps complexity polled");
    site.write("content/levels/expert.yml", &edited);
    let event = events.next_event(WAIT).expect("an event after the edit");
    assert_eq!(event.name, "reload");
    assert!(
        server
            .get("/levels/expert/")
            .body
            .contains("Keeps complexity polled")
    );
    assert!(
        server
            .stderr_lines()
            .iter()
            .any(|l| l == "watching by scanning for changes every 50 ms"),
        "{:?}",
        server.stderr_lines()
    );
}

#[test]
fn streams_of_closed_pages_do_not_keep_new_ones_out() {
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    // MAX_CLIENTS in src/serve/reload.rs: 64 pages open, then all closed (a reload each).
    let streams: Vec<EventStream> = (0..64).map(|_| server.events()).collect();
    drop(streams);
    std::thread::sleep(Duration::from_millis(200));
    // Well before any keep-alive could find them dead, a new page gets its stream.
    let mut fresh = server.events();
    let edited = site
        .read("content/levels/expert.yml")
        .replace("Keeps complexity down", "Keeps complexity lean");
    site.write("content/levels/expert.yml", &edited);
    assert_eq!(
        fresh.next_event(WAIT).map(|e| e.name).as_deref(),
        Some("reload")
    );
}

#[test]
fn a_request_head_that_trickles_in_is_cut_off() {
    use std::io::{Read, Write};
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    let mut stream = std::net::TcpStream::connect(&server.addr).expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nX-Slow: ")
        .expect("send");
    stream
        .set_read_timeout(Some(Duration::from_millis(900)))
        .expect("timeout");
    // One byte a second never finishes the head (HEAD_DEADLINE in src/serve/http.rs is 10 s,
    // each single read may wait 10 s): the server gives up on the head, not on each byte.
    let started = Instant::now();
    let mut answer = Vec::new();
    let mut closed = false;
    for _ in 0..20 {
        if stream.write_all(b"x").is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 512];
        match stream.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    // Twenty bytes take about twenty seconds: without a deadline each byte would keep the
    // connection open for ten more.
    assert!(closed, "still open after {:?}", started.elapsed());
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}

#[test]
fn requests_for_other_host_names_are_refused_unless_allowed() {
    // DNS rebinding: a page at http://evil.example:PORT/ whose name now resolves to
    // 127.0.0.1 sends `Host: evil.example:PORT`; the preview must not answer it.
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start(site.root());
    let port = server
        .addr
        .rsplit_once(':')
        .map(|(_, p)| p)
        .unwrap_or_default();
    let ask = |server: &ServeProcess, path: &str, host: &str| {
        server.raw(
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
    };
    for path in ["/", "/ladder.json", "/__rungs/events", "/levels/expert/"] {
        let refused = ask(&server, path, &format!("evil.example:{port}"));
        assert_eq!(refused.status, 403, "{path}");
        assert!(refused.body.contains("DNS rebinding"), "{}", refused.body);
        assert!(
            !refused.body.contains("<html"),
            "{path}: no page in a refusal"
        );
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        server.addr.clone(),
    ] {
        assert_eq!(ask(&server, "/", &host).status, 200, "{host}");
    }
    drop(server);

    let server = ServeProcess::start_with(site.root(), &["--allow-host", "Preview.Example"]);
    let port = server
        .addr
        .rsplit_once(':')
        .map(|(_, p)| p)
        .unwrap_or_default();
    assert_eq!(
        ask(&server, "/", &format!("preview.example:{port}")).status,
        200
    );
    assert_eq!(
        ask(&server, "/", &format!("evil.example:{port}")).status,
        403
    );
}

/// The contrast ratio between an element's text colour and the first opaque background
/// behind it, computed in the page (WCAG relative luminance).
pub(crate) const CONTRAST_JS: &str = r#"(function (el) {
  function rgb(c) { var m = c.match(/[\d.]+/g).map(Number); return m; }
  function lum(c) {
    var v = rgb(c).slice(0, 3).map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  var bg = el, back = null;
  while (bg) {
    var c = getComputedStyle(bg).backgroundColor, a = rgb(c);
    if (a.length < 4 || a[3] > 0) { back = c; break; }
    bg = bg.parentElement;
  }
  if (!back) back = "rgb(255, 255, 255)";
  var l1 = lum(getComputedStyle(el).color), l2 = lum(back);
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
})"#;

#[test]
fn the_overlay_is_legible_in_light_and_dark_mode() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let site = Site::fixture("small-ladder");
    let server = ServeProcess::start_with(
        site.root(),
        &["--editor-url", "vscode://file/{path}:{line}:{col}"],
    );
    let mut events = server.events();
    site.write("content/levels/expert.yml", "title: Expert\nrank: thirty\n");
    assert_eq!(events.next_event(WAIT).expect("event").name, "build-error");
    let profile = tempfile::tempdir().expect("profile");
    let browser = launch_chromium(chromium, profile.path());
    let tab = browser.new_tab().expect("tab");
    for scheme in ["light", "dark"] {
        tab.call_method(
            headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
                media: None,
                features: Some(vec![
                    headless_chrome::protocol::cdp::Emulation::MediaFeature {
                        name: "prefers-color-scheme".into(),
                        value: scheme.into(),
                    },
                ]),
            },
        )
        .expect("emulate colour scheme");
        tab.navigate_to(&format!("http://{}/levels/expert/", server.addr))
            .expect("navigate");
        tab.wait_until_navigated().expect("loaded");
        for selector in [
            "#rungs-overlay h2",
            "#rungs-overlay pre",
            "#rungs-overlay a",
        ] {
            let el = tab.wait_for_element(selector).expect(selector);
            let ratio = el
                .call_js_fn(
                    &format!("function () {{ return {CONTRAST_JS}(this); }}"),
                    vec![],
                    false,
                )
                .expect("contrast")
                .value
                .and_then(|v| v.as_f64())
                .expect("a number");
            assert!(ratio >= 7.0, "{scheme} {selector}: {ratio:.2}:1");
        }
    }
}
