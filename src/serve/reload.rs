//! Live reload: the Server-Sent-Events clients, the snippet every served page gets, and the
//! error overlay. Only pages served by `rungs serve` carry them; `build` output never does.

use crate::diag::Diagnostics;
use crate::text::escape_html;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// URL path of the event stream.
pub(crate) const EVENTS_PATH: &str = "/__rungs/events";

/// At most this many open event streams; more get 503 and are closed (each open stream
/// holds a socket, and every event is written to each).
pub(crate) const MAX_CLIENTS: usize = 64;

/// How often an idle stream gets a comment, so proxies and browsers keep it open and dead
/// clients are found.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The open event streams.
#[derive(Default)]
pub(crate) struct Clients {
    writers: Mutex<Vec<Stream>>,
}

/// Why a stream was not taken.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// [`MAX_CLIENTS`] streams are open: nothing was written, the caller answers 503.
    Full,
    /// Writing the response head failed: the client is gone.
    Dead,
}

impl std::fmt::Debug for Clients {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clients")
            .field("open", &self.count())
            .finish()
    }
}

/// Tells whether the client of a stream went away (closed its end).
pub(crate) type ClosedProbe = Box<dyn Fn() -> bool + Send>;

/// One open event stream: where events go, and how to tell that its client left without
/// writing to it (a closed tab's stream would otherwise hold a place until a write fails).
struct Stream {
    writer: Box<dyn Write + Send>,
    closed: Option<ClosedProbe>,
}

impl Clients {
    /// How many streams are open.
    pub(crate) fn count(&self) -> usize {
        self.writers.lock().map(|w| w.len()).unwrap_or(0)
    }

    /// Takes over a connection that asked for the event stream: writes the response head and
    /// keeps the writer for later events.
    ///
    /// # Errors
    /// [`Refused::Full`] when [`MAX_CLIENTS`] streams are open (nothing is written: the
    /// caller answers 503 and closes), [`Refused::Dead`] when the head cannot be written.
    #[cfg(test)]
    pub(crate) fn add(&self, writer: Box<dyn Write + Send>) -> Result<(), Refused> {
        self.add_probed(writer, None)
    }

    /// [`Clients::add`] with a way to tell that the client left: when the streams are full,
    /// those whose client left are dropped first, so closed pages never keep new ones out.
    ///
    /// # Errors
    /// As [`Clients::add`].
    pub(crate) fn add_probed(
        &self,
        mut writer: Box<dyn Write + Send>,
        closed: Option<ClosedProbe>,
    ) -> Result<(), Refused> {
        let Ok(mut writers) = self.writers.lock() else {
            return Err(Refused::Dead);
        };
        if writers.len() >= MAX_CLIENTS {
            writers.retain(|s| !s.closed.as_ref().is_some_and(|closed| closed()));
        }
        if writers.len() >= MAX_CLIENTS {
            return Err(Refused::Full);
        }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                    Connection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\n: connected\n\nretry: 500\n\n";
        if writer
            .write_all(head.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return Err(Refused::Dead);
        }
        writers.push(Stream { writer, closed });
        Ok(())
    }

    /// Sends one event to every client, dropping those whose write fails. Every line of
    /// `data` (split at CR, LF or CRLF, as event streams are) gets its own `data:` field, so
    /// no text can start a field of its own.
    pub(crate) fn broadcast(&self, event: &str, data: &str) {
        let mut message = format!("event: {event}\n");
        for line in data.split(['\r', '\n']).filter(|l| !l.is_empty()) {
            message.push_str("data: ");
            message.push_str(line);
            message.push('\n');
        }
        message.push('\n');
        self.send_raw(message.as_bytes());
    }

    fn send_raw(&self, bytes: &[u8]) {
        if let Ok(mut writers) = self.writers.lock() {
            writers.retain_mut(|s| {
                let w = &mut s.writer;
                w.write_all(bytes).and_then(|()| w.flush()).is_ok()
            });
        }
    }
}

/// Sends a keep-alive comment to every stream every [`KEEPALIVE`], forever.
pub(crate) fn start_keepalive(clients: Arc<Clients>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(KEEPALIVE);
            clients.send_raw(b": keep-alive\n\n");
        }
    });
}

/// The errors as JSON for the `build-error` event: the page builds the overlay from it with
/// text nodes only, so nothing in a message can become markup.
pub(crate) fn errors_json(diags: &Diagnostics) -> String {
    let items: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    serde_json::to_string(&items).unwrap_or_else(|_| "[]".to_string())
}

/// The overlay, rendered on the server for pages loaded while the build is broken.
pub(crate) fn overlay_html(diags: &Diagnostics) -> String {
    let mut items = String::new();
    for d in diags.iter() {
        items.push_str("<li><pre>");
        items.push_str(&escape_html(&d.to_string()));
        items.push_str("</pre></li>");
    }
    format!(
        "<div id=\"rungs-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><h2 style=\"margin:0 0 .5rem;font-size:1.2rem\">\
         Build failed: showing the last good version</h2><ul style=\"margin:0;padding:0;list-style:none\">{items}</ul></div>"
    )
}

const OVERLAY_STYLE: &str = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;\
background:#2b0b0b;color:#ffe9e9;border-top:4px solid #ff5c5c;padding:1rem 1.25rem;\
font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";

/// The script every served HTML page gets: reload on `reload`, overlay on `build-error`.
fn live_script() -> String {
    format!(
        r#"<script>(function(){{
var es=new EventSource("{EVENTS_PATH}");
es.addEventListener("reload",function(){{location.reload();}});
es.addEventListener("build-error",function(e){{
var errors=JSON.parse(e.data),old=document.getElementById("rungs-overlay");if(old)old.remove();
var box=document.createElement("div");box.id="rungs-overlay";box.setAttribute("role","alert");box.setAttribute("style","{OVERLAY_STYLE}");
var h=document.createElement("h2");h.textContent="Build failed: showing the last good version";h.setAttribute("style","margin:0 0 .5rem;font-size:1.2rem");box.appendChild(h);
var ul=document.createElement("ul");ul.setAttribute("style","margin:0;padding:0;list-style:none");
errors.forEach(function(t){{var li=document.createElement("li"),pre=document.createElement("pre");pre.textContent=t;li.appendChild(pre);ul.appendChild(li);}});
box.appendChild(ul);document.body.appendChild(box);}});
}})();</script>"#
    )
}

/// Adds the live-reload script (and the overlay, while `errors` is set) before `</body>`.
pub(crate) fn inject(html: &[u8], errors: Option<&Diagnostics>) -> Vec<u8> {
    let mut snippet = String::new();
    if let Some(d) = errors {
        snippet.push_str(&overlay_html(d));
    }
    snippet.push_str(&live_script());
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + snippet.len());
    out.push_str(&text[..at]);
    out.push_str(&snippet);
    out.push_str(&text[at..]);
    out.into_bytes()
}

/// A page that stands in for one that cannot be shown (no good build yet, or a template
/// error in this page), with the errors and the reload script.
pub(crate) fn error_page(heading: &str, errors: Option<&Diagnostics>) -> Vec<u8> {
    let heading = escape_html(heading);
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>rungs: {heading}</title></head>\
         <body><h1>{heading}</h1><p>Fix the errors below; this page reloads by itself.</p></body></html>"
    );
    inject(page.as_bytes(), errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Location};

    fn errors() -> Diagnostics {
        Diagnostic::error(
            Location::file_start("content/levels/a.md"),
            "bad <b>thing</b>",
        )
        .into()
    }

    #[test]
    fn inject_puts_script_and_escaped_overlay_before_body_end() {
        let out = String::from_utf8(inject(
            b"<html><body><p>x</p></body></html>",
            Some(&errors()),
        ))
        .unwrap();
        let overlay = out.find("id=\"rungs-overlay\"").unwrap();
        assert!(overlay < out.find("</body>").unwrap());
        assert!(out.contains("content/levels/a.md:1:1: error: bad &lt;b&gt;thing&lt;/b&gt;"));
        assert!(out.contains("new EventSource(\"/__rungs/events\")"));
    }

    #[test]
    fn inject_without_errors_adds_only_the_script() {
        let out = String::from_utf8(inject(b"<body></body>", None)).unwrap();
        assert!(!out.contains("rungs-overlay\" role"));
        assert!(out.contains("EventSource"));
    }

    #[test]
    fn errors_json_is_a_list_of_strings() {
        let json = errors_json(&errors());
        let parsed: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed, ["content/levels/a.md:1:1: error: bad <b>thing</b>"]);
    }

    #[test]
    fn broadcast_drops_clients_whose_write_fails() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("gone"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let clients = Clients::default();
        assert_eq!(clients.add(Box::new(Vec::new())), Ok(()));
        assert_eq!(clients.add(Box::new(Broken)), Err(Refused::Dead));
        clients.writers.lock().unwrap().push(Stream {
            writer: Box::new(Broken),
            closed: None,
        });
        assert_eq!(clients.count(), 2);
        clients.broadcast("reload", "{}");
        assert_eq!(clients.count(), 1);
    }

    /// A writer whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn streams_over_the_limit_are_refused_before_anything_is_written() {
        let clients = Clients::default();
        for _ in 0..MAX_CLIENTS {
            assert_eq!(clients.add(Box::new(Vec::new())), Ok(()));
        }
        let extra = Shared::default();
        assert_eq!(clients.add(Box::new(extra.clone())), Err(Refused::Full));
        assert!(extra.0.lock().unwrap().is_empty());
        assert_eq!(clients.count(), MAX_CLIENTS);
    }

    #[test]
    fn broadcast_gives_every_line_its_own_data_field() {
        let clients = Clients::default();
        let out = Shared::default();
        clients.add(Box::new(out.clone())).unwrap();
        out.0.lock().unwrap().clear();
        clients.broadcast("build-error", "a\rid: 7\r\nb\nevent: x");
        assert_eq!(
            String::from_utf8(out.0.lock().unwrap().clone()).unwrap(),
            "event: build-error\ndata: a\ndata: id: 7\ndata: b\ndata: event: x\n\n"
        );
    }
}
