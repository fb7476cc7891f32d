//! A real browser (Debian's headless Chromium) proves that an open page reloads itself after
//! an edit. The page embeds an image from a probe listener in this test; each version of the
//! page asks for a different probe URL, so the probe sees the reload happen. Loopback only.
//! Without a browser the test is skipped locally, but fails when `CI` is set.

use crate::support::serve::ServeProcess;
use crate::support::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Browser(Child);

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Accepts at most 200 connections, reporting each request line.
fn start_probe() -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind probe");
    let port = listener.local_addr().expect("addr").port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            if BufReader::new(&stream).read_line(&mut line).is_ok() {
                let _ = stream.write_all(
                    b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                if tx.send(line.trim().to_string()).is_err() {
                    return;
                }
            }
        }
    });
    (port, rx)
}

fn wait_for(rx: &mpsc::Receiver<String>, wanted: &str, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) if line.contains(wanted) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

fn page_with_probe(port: u16, version: u32) -> String {
    format!(
        "---\ntitle: Apprentice\nshort: App\nrank: 10\n---\n\nVersion {version}.\n\n![](http://127.0.0.1:{port}/ping?v={version})\n"
    )
}

#[test]
fn an_open_page_reloads_itself_after_an_edit() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let (port, probe) = start_probe();
    let site = Site::fixture("small-ladder");
    site.write("content/levels/apprentice.md", &page_with_probe(port, 1));
    let server = ServeProcess::start(site.root());
    let profile = tempfile::tempdir().expect("profile dir");
    let _browser = Browser(
        Command::new(chromium)
            .args(CHROMIUM_FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("http://{}/levels/apprentice/", server.addr))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium"),
    );
    assert!(
        wait_for(&probe, "GET /ping?v=1", Duration::from_secs(60)),
        "the browser loaded the first version"
    );
    // Give the page a moment to open its event stream before editing.
    std::thread::sleep(Duration::from_millis(500));
    let edited = Instant::now();
    site.write("content/levels/apprentice.md", &page_with_probe(port, 2));
    assert!(
        wait_for(&probe, "GET /ping?v=2", Duration::from_secs(30)),
        "the page reloaded itself with the new version"
    );
    eprintln!(
        "edit → browser reloaded the page: {} ms",
        edited.elapsed().as_millis()
    );
}
