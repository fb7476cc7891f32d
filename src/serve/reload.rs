//! Live reload: the Server-Sent-Events clients, the snippet every served page gets, and the
//! error overlay. Only pages served by `rungs serve` carry them; `build` output never does.

use crate::diag::{Diagnostics, Location};
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

/// Where "open in the editor" links of the overlay go: a URL template with `{path}` (the
/// file's absolute path), `{line}` and `{col}`, such as `vscode://file/{path}:{line}:{col}`
/// (`RUNGS_EDITOR_URL`), and the site root the diagnostics' paths are relative to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EditorLinks {
    template: String,
    root: std::path::PathBuf,
}

/// Schemes an editor template may not use: they would run script in the preview page.
const FORBIDDEN_SCHEMES: [&str; 3] = ["javascript", "data", "vbscript"];

impl EditorLinks {
    /// Checks an editor URL template.
    ///
    /// # Errors
    /// The template has no `{path}`, no `scheme:` or a scheme that runs script.
    pub(crate) fn parse_template(template: &str) -> Result<String, String> {
        let scheme = template
            .split_once(':')
            .map(|(s, _)| s)
            .filter(|s| {
                s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            })
            .ok_or_else(|| {
                format!("`{template}` is not a URL: expected a scheme such as `vscode://file/{{path}}:{{line}}:{{col}}`")
            })?;
        if FORBIDDEN_SCHEMES
            .iter()
            .any(|f| f.eq_ignore_ascii_case(scheme))
        {
            return Err(format!(
                "the `{scheme}:` scheme is not allowed for editor links"
            ));
        }
        if !template.contains("{path}") {
            return Err(format!(
                "`{template}` has no `{{path}}`: expected e.g. `vscode://file/{{path}}:{{line}}:{{col}}`"
            ));
        }
        Ok(template.to_string())
    }

    /// Links for the files under `root`, from a template checked by
    /// [`EditorLinks::parse_template`].
    pub(crate) fn new(template: String, root: std::path::PathBuf) -> Self {
        EditorLinks { template, root }
    }

    /// The link that opens `location` in the editor.
    fn href(&self, location: &Location) -> String {
        let path = self.root.join(&location.path);
        let path = path.to_string_lossy().replace('\\', "/");
        self.template
            .replace("{line}", &location.line.to_string())
            .replace("{col}", &location.column.to_string())
            .replace("{path}", &encode_path(&path))
    }
}

/// A file path as a URL path: every byte but unreserved characters, `/` and `:` (a Windows
/// drive) percent-encoded.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b':') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One problem as the overlay shows it: `location` (`file:line:col`, linked to the editor
/// when `href` is set) followed by `text`.
#[derive(Debug, serde::Serialize, PartialEq, Eq)]
struct OverlayItem {
    location: Option<String>,
    text: String,
    href: Option<String>,
}

fn overlay_items(diags: &Diagnostics, editor: Option<&EditorLinks>) -> Vec<OverlayItem> {
    diags
        .iter()
        .map(|d| {
            let full = d.to_string();
            match &d.location {
                Some(l) => {
                    let location = format!("{}:{}:{}", l.path, l.line, l.column);
                    // The display form starts with the location (control characters shown
                    // as U+FFFD); split there so the text is never repeated or lost.
                    match full.strip_prefix(&location) {
                        Some(rest) => OverlayItem {
                            href: editor.map(|e| e.href(l)),
                            text: rest.to_string(),
                            location: Some(location),
                        },
                        None => OverlayItem {
                            location: None,
                            text: full,
                            href: None,
                        },
                    }
                }
                None => OverlayItem {
                    location: None,
                    text: full,
                    href: None,
                },
            }
        })
        .collect()
}

/// The errors as JSON for the `build-error` event, a list of `{location, text, href}`: the
/// page builds the overlay from it with text nodes only, so nothing in a message can become
/// markup.
pub(crate) fn errors_json(diags: &Diagnostics, editor: Option<&EditorLinks>) -> String {
    serde_json::to_string(&overlay_items(diags, editor)).unwrap_or_else(|_| "[]".to_string())
}

/// The overlay, rendered on the server for pages loaded while the build is broken.
pub(crate) fn overlay_html(diags: &Diagnostics, editor: Option<&EditorLinks>) -> String {
    let mut items = String::new();
    for item in overlay_items(diags, editor) {
        items.push_str("<li style=\"");
        items.push_str(ITEM_STYLE);
        items.push_str("\"><pre style=\"");
        items.push_str(PRE_STYLE);
        items.push_str("\">");
        match (&item.location, &item.href) {
            (Some(l), Some(href)) => {
                items.push_str("<a style=\"");
                items.push_str(LINK_STYLE);
                items.push_str("\" href=\"");
                items.push_str(&escape_html(href));
                items.push_str("\">");
                items.push_str(&escape_html(l));
                items.push_str("</a>");
            }
            (Some(l), None) => items.push_str(&escape_html(l)),
            _ => {}
        }
        items.push_str(&escape_html(&item.text));
        items.push_str("</pre></li>");
    }
    format!(
        "<div id=\"rungs-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><h2 style=\"{HEADING_STYLE}\">\
         Build failed: showing the last good version</h2><ul style=\"{LIST_STYLE}\">{items}</ul></div>"
    )
}

// The overlay sets every colour, background and font of its own elements, so no theme rule
// (a `pre` background, a link colour, a dark mode) can make it unreadable: #ffe9e9 on
// #2b0b0b is 15.6:1, the links' #ffd27a 12.6:1.
const OVERLAY_STYLE: &str = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;\
background:#2b0b0b;color:#ffe9e9;border-top:4px solid #ff5c5c;padding:1rem 1.25rem;margin:0;\
font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;text-align:left";
const HEADING_STYLE: &str = "margin:0 0 .5rem;padding:0;font:700 1.2rem/1.3 system-ui,sans-serif;color:#ffe9e9;background:none";
const LIST_STYLE: &str = "margin:0;padding:0;list-style:none;background:none;color:#ffe9e9";
const ITEM_STYLE: &str = "margin:0 0 .5rem;padding:0;background:none;color:#ffe9e9";
const PRE_STYLE: &str = "margin:0;padding:0;border:0;background:none;color:#ffe9e9;font:inherit;white-space:pre-wrap;overflow:visible";
const LINK_STYLE: &str = "color:#ffd27a;background:none;text-decoration:underline";

/// The script every served HTML page gets: reload on `reload`, overlay on `build-error`.
fn live_script() -> String {
    format!(
        r#"<script>(function(){{
var es=new EventSource("{EVENTS_PATH}");
es.addEventListener("reload",function(){{location.reload();}});
es.addEventListener("build-error",function(e){{
var errors=JSON.parse(e.data),old=document.getElementById("rungs-overlay");if(old)old.remove();
var box=document.createElement("div");box.id="rungs-overlay";box.setAttribute("role","alert");box.setAttribute("style","{OVERLAY_STYLE}");
var h=document.createElement("h2");h.textContent="Build failed: showing the last good version";h.setAttribute("style","{HEADING_STYLE}");box.appendChild(h);
var ul=document.createElement("ul");ul.setAttribute("style","{LIST_STYLE}");
errors.forEach(function(t){{var li=document.createElement("li"),pre=document.createElement("pre");li.setAttribute("style","{ITEM_STYLE}");pre.setAttribute("style","{PRE_STYLE}");
if(t.location){{var at=document.createElement(t.href?"a":"span");at.textContent=t.location;if(t.href){{at.href=t.href;at.setAttribute("style","{LINK_STYLE}");}}pre.appendChild(at);}}
pre.appendChild(document.createTextNode(t.text));li.appendChild(pre);ul.appendChild(li);}});
box.appendChild(ul);document.body.appendChild(box);}});
}})();</script>"#
    )
}

/// Adds the live-reload script (and the overlay, while `errors` is set) before `</body>`.
pub(crate) fn inject(
    html: &[u8],
    errors: Option<&Diagnostics>,
    editor: Option<&EditorLinks>,
) -> Vec<u8> {
    let mut snippet = String::new();
    if let Some(d) = errors {
        snippet.push_str(&overlay_html(d, editor));
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
pub(crate) fn error_page(
    heading: &str,
    errors: Option<&Diagnostics>,
    editor: Option<&EditorLinks>,
) -> Vec<u8> {
    let heading = escape_html(heading);
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>rungs: {heading}</title></head>\
         <body><h1>{heading}</h1><p>Fix the errors below; this page reloads by itself.</p></body></html>"
    );
    inject(page.as_bytes(), errors, editor)
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
            None,
        ))
        .unwrap();
        let overlay = out.find("id=\"rungs-overlay\"").unwrap();
        assert!(overlay < out.find("</body>").unwrap());
        assert!(out.contains("content/levels/a.md:1:1: error: bad &lt;b&gt;thing&lt;/b&gt;"));
        assert!(out.contains("new EventSource(\"/__rungs/events\")"));
    }

    #[test]
    fn inject_without_errors_adds_only_the_script() {
        let out = String::from_utf8(inject(b"<body></body>", None, None)).unwrap();
        assert!(!out.contains("rungs-overlay\" role"));
        assert!(out.contains("EventSource"));
    }

    #[test]
    fn errors_json_lists_location_text_and_link() {
        let json = errors_json(&errors(), None);
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!([{
                "location": "content/levels/a.md:1:1",
                "text": ": error: bad <b>thing</b>",
                "href": null
            }])
        );
    }

    fn editor() -> EditorLinks {
        EditorLinks::new(
            EditorLinks::parse_template("vscode://file/{path}:{line}:{col}").unwrap(),
            std::path::PathBuf::from("/site root"),
        )
    }

    #[test]
    fn locations_link_to_the_editor_with_the_absolute_encoded_path() {
        let d: Diagnostics = Diagnostic::error(
            Location {
                path: "content/levels/a&b.md".into(),
                line: 12,
                column: 7,
            },
            "bad",
        )
        .with_help("fix it")
        .into();
        let json: serde_json::Value =
            serde_json::from_str(&errors_json(&d, Some(&editor()))).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{
                "location": "content/levels/a&b.md:12:7",
                "text": ": error: bad\n  = fix it",
                "href": "vscode://file//site%20root/content/levels/a%26b.md:12:7"
            }])
        );
        let html = overlay_html(&d, Some(&editor()));
        let doc = html_links(&html);
        assert_eq!(
            doc,
            [(
                "vscode://file//site%20root/content/levels/a%26b.md:12:7".to_string(),
                "content/levels/a&amp;b.md:12:7".to_string()
            )]
        );
        assert!(
            html.contains("</a>: error: bad\n  = fix it</pre>"),
            "{html}"
        );
    }

    /// `(href, inner HTML)` of every `<a>` in `html` (the overlay writes them one way only).
    fn html_links(html: &str) -> Vec<(String, String)> {
        html.split("<a ")
            .skip(1)
            .map(|a| {
                let href = a
                    .split("href=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                let inner = a.split_once('>').unwrap().1.split("</a>").next().unwrap();
                (href.to_string(), inner.to_string())
            })
            .collect()
    }

    #[test]
    fn without_an_editor_or_a_location_nothing_is_linked() {
        let d: Diagnostics = Diagnostic::error(Location::file_start("x.md"), "bad").into();
        let html = overlay_html(&d, None);
        assert!(!html.contains("<a "), "{html}");
        assert!(html.contains(">x.md:1:1: error: bad</pre>"), "{html}");
        let general: Diagnostics = Diagnostic::general("no file").into();
        let json: serde_json::Value =
            serde_json::from_str(&errors_json(&general, Some(&editor()))).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{"location": null, "text": "error: no file", "href": null}])
        );
        assert!(!overlay_html(&general, Some(&editor())).contains("<a "));
    }

    #[test]
    fn a_path_with_control_characters_is_shown_whole_and_not_linked() {
        let d: Diagnostics = Diagnostic::error(Location::file_start("a\u{1b}b.md"), "bad").into();
        let json: serde_json::Value =
            serde_json::from_str(&errors_json(&d, Some(&editor()))).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{"location": null, "text": "a\u{FFFD}b.md:1:1: error: bad", "href": null}])
        );
    }

    #[test]
    fn editor_templates_need_a_safe_scheme_and_a_path() {
        for good in [
            "vscode://file/{path}:{line}:{col}",
            "idea://open?file={path}&line={line}",
            "subl+x://{path}",
        ] {
            assert_eq!(EditorLinks::parse_template(good), Ok(good.to_string()));
        }
        for bad in [
            "javascript:alert({path})",
            "JavaScript:alert({path})",
            "data:text/html,{path}",
            "vbscript:{path}",
            "/relative/{path}",
            "1x://{path}",
            "v s://{path}",
            "vscode://file/",
        ] {
            assert!(EditorLinks::parse_template(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_overlay_sets_its_own_colours_on_every_element() {
        let html = overlay_html(&errors(), Some(&editor()));
        for tag in ["<div ", "<h2 ", "<ul ", "<li ", "<pre ", "<a "] {
            let at = html.find(tag).unwrap_or_else(|| panic!("{tag} in {html}"));
            let style = html[at..].split("style=\"").nth(1).unwrap();
            let style = style.split('"').next().unwrap();
            assert!(style.contains("color:#"), "{tag}: {style}");
            if tag != "<div " {
                assert!(style.contains("background:none"), "{tag}: {style}");
            }
        }
        let script = live_script();
        for style in [PRE_STYLE, ITEM_STYLE, LINK_STYLE, HEADING_STYLE, LIST_STYLE] {
            assert!(script.contains(style), "{style}");
        }
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
