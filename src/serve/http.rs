//! The preview's HTTP side: a small HTTP/1.1 server on `std::net` that answers from the
//! last good site in memory, injects the live-reload snippet (and the overlay) into HTML and
//! hands event-stream requests to [`super::reload::Clients`].
//!
//! Paths are decoded and checked before any lookup: `..`/`.` segments (raw or encoded, with
//! `/` or `\`), NUL and other control characters and bad escapes are rejected with 400. The
//! site is served from a map of its own output files, so no request can name a file on disk
//! at all. A request must name `localhost` or an IP address as its host (or a name the author
//! allowed): any other name is refused before anything is read, so DNS rebinding cannot turn
//! another web site into a reader of the preview ([`host_allowed`]).
//!
//! The server owns every socket, so it can keep the promises tiny_http could not: an event
//! stream over [`reload::MAX_CLIENTS`] gets `503` and is closed, and every header it writes is
//! made here from fixed text or, for a redirect's `Location`, from the resolved path,
//! percent-encoded, with exactly one leading `/` (`//levels/senior` must not redirect to
//! `//levels/senior/`, another host to a browser). One thread per connection, which closes
//! after [`READ_TIMEOUT`] without a request; an event stream gives its thread back once
//! [`reload::Clients`] holds it.

use super::reload::{self, Clients, EVENTS_PATH};
use super::{LiveSite, Snapshot};
use crate::content::routes;
use crate::diag::Diagnostics;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How long a connection may stay silent (before or within a request) before it is closed.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a whole request head may take to arrive, however slowly its bytes trickle in
/// (each read alone is bounded by [`READ_TIMEOUT`]).
const HEAD_DEADLINE: Duration = Duration::from_secs(10);

/// How long writing a response may block (a client that stopped reading).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest request head (request line and headers) read; longer ones get 431.
const MAX_HEAD: usize = 16 * 1024;

/// At most this many connections are served at once (a thread each); more get `503` and are
/// closed at once, so a flood of idle connections cannot exhaust threads or memory. Event
/// streams handed to [`reload::Clients`] no longer count.
pub(crate) const MAX_CONNECTIONS: usize = 128;

/// Counts a connection while its thread serves it.
struct ConnectionSlot(Arc<AtomicUsize>);

impl ConnectionSlot {
    /// A slot, or `None` when [`MAX_CONNECTIONS`] are being served.
    fn take(open: &Arc<AtomicUsize>) -> Option<ConnectionSlot> {
        open.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < MAX_CONNECTIONS).then_some(n + 1)
        })
        .ok()
        .map(|_| ConnectionSlot(open.clone()))
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A bound server, not yet answering.
pub(crate) struct Server {
    listener: TcpListener,
    live: Arc<LiveSite>,
    clients: Arc<Clients>,
    allowed_hosts: Arc<Vec<String>>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port).
    /// Besides `localhost` and IP addresses, requests may name the hosts in `allowed_hosts`
    /// (see [`host_allowed`]).
    ///
    /// # Errors
    /// The address cannot be bound.
    pub(crate) fn bind(
        addr: SocketAddr,
        live: Arc<LiveSite>,
        clients: Arc<Clients>,
        allowed_hosts: Vec<String>,
    ) -> anyhow::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        Ok(Server {
            listener,
            live,
            clients,
            allowed_hosts: Arc::new(
                allowed_hosts
                    .iter()
                    .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
                    .collect(),
            ),
        })
    }

    /// The address actually bound.
    pub(crate) fn addr(&self) -> String {
        match self.listener.local_addr() {
            Ok(a) => a.to_string(),
            Err(_) => "127.0.0.1".to_string(),
        }
    }

    /// Starts accepting connections, a thread each; returns at once.
    pub(crate) fn start_workers(self) {
        let Server {
            listener,
            live,
            clients,
            allowed_hosts,
        } = self;
        let open = Arc::new(AtomicUsize::new(0));
        let accept = move || {
            for stream in listener.incoming() {
                // A failed accept (a client that reset at once, no file descriptors left)
                // concerns that connection only; pausing keeps a lasting one from spinning.
                let Ok(stream) = stream else {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                };
                let Some(slot) = ConnectionSlot::take(&open) else {
                    refuse_busy(&stream);
                    continue;
                };
                let (live, clients, hosts) = (live.clone(), clients.clone(), allowed_hosts.clone());
                // No thread for it: the connection is dropped (closed), never a panic.
                let _ = std::thread::Builder::new()
                    .name("rungs-http".into())
                    .spawn(move || {
                        let _slot = slot;
                        serve_connection(stream, &live, &clients, &hosts)
                    });
            }
        };
        if let Err(e) = std::thread::Builder::new()
            .name("rungs-accept".into())
            .spawn(accept)
        {
            crate::term::errln!("cannot start the preview server: {e}");
        }
    }
}

/// The body of the answer to a request for a host name the preview does not answer to.
const HOST_REFUSED: &str = "rungs serve answers only requests for localhost or an IP address \
(a guard against DNS rebinding, which would let another web site read the preview); open the \
preview by its IP address, or start it with --allow-host NAME\n";

/// Whether a request for `host` (the `Host` header, lower case, perhaps with a port) may be
/// answered: an IP address, `localhost` or a name under `.localhost`, or one of `allowed`.
/// Any other name is refused, so that a web page whose own name has been made to resolve to
/// this machine (DNS rebinding) cannot read the preview. A request without `Host` (HTTP/1.0,
/// never a browser's) is answered.
pub(crate) fn host_allowed(host: Option<&str>, allowed: &[String]) -> bool {
    let Some(host) = host else {
        return true;
    };
    // `[::1]:1111`, `[::1]`, `127.0.0.1:1111`, `name:1111`, `name`.
    if let Some(rest) = host.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((ip, port)) => {
                ip.parse::<std::net::Ipv6Addr>().is_ok()
                    && (port.is_empty() || port.strip_prefix(':').is_some_and(is_port))
            }
            None => false,
        };
    }
    let name = match host.rsplit_once(':') {
        Some((name, port)) if is_port(port) => name,
        Some(_) => return false,
        None => host,
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty()
        && (name.parse::<std::net::Ipv4Addr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || allowed.iter().any(|a| a == name))
}

/// Whether `p` is a port number: one to five digits.
fn is_port(p: &str) -> bool {
    !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BadPath {
    /// Not starting with `/`, a bad `%` escape, not UTF-8 or a control character once
    /// decoded.
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
    // No site file has a control character in its name; a decoded CR or LF must never get
    // near a header.
    if decoded.chars().any(char::is_control) {
        return Err(BadPath::Malformed);
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
        key.push_str(routes::INDEX_FILE);
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

/// A parsed request head: what routing needs.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RequestHead {
    /// `GET`, `HEAD`, … as sent.
    method: String,
    /// The request target as sent (`/levels/senior/?x`).
    target: String,
    /// Whether the connection may carry another request after this one's response.
    keep_alive: bool,
    /// The `Host` header's value, if the request has one.
    host: Option<String>,
}

/// Why no request could be read from a connection.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// The connection ended or stayed silent before a request began: close it quietly.
    Closed,
    /// A malformed, oversized or unsupported request: answer with this status, then close.
    Status(u16),
}

/// Reads one request head from `reader`: the request line and headers up to the blank line.
/// A request with a body (`Content-Length` other than 0, or `Transfer-Encoding`) is answered
/// and then the connection is closed, so its body never needs to be read.
///
/// # Errors
/// [`ReadError::Closed`] at the end of input or on a timeout before the request line;
/// [`ReadError::Status`] with 400 (malformed), 408 (timeout within the head), 431 (head
/// longer than [`MAX_HEAD`]) or 505 (an HTTP version other than 1.0 and 1.1).
pub(crate) fn read_request_head(reader: &mut impl BufRead) -> Result<RequestHead, ReadError> {
    let mut budget = MAX_HEAD;
    let mut line = Vec::new();
    // A blank line or two before a request is tolerated (RFC 9112, 2.2).
    let mut blank_lines = 0;
    let request_line = loop {
        match read_line(reader, &mut line, &mut budget) {
            Ok(0) => return Err(ReadError::Closed),
            Ok(_) if line.is_empty() && blank_lines < 2 => blank_lines += 1,
            Ok(_) => break std::mem::take(&mut line),
            // Silence or a reset before any byte of a request: nothing to answer.
            Err(LineError::Io(_)) if budget == MAX_HEAD && line.is_empty() => {
                return Err(ReadError::Closed);
            }
            Err(e) => return Err(e.status()),
        }
    };
    let request_line = String::from_utf8(request_line).map_err(|_| ReadError::Status(400))?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Status(400));
    };
    if method.is_empty() || target.is_empty() || !version.starts_with("HTTP/") {
        return Err(ReadError::Status(400));
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(ReadError::Status(505)),
    };
    let mut keep_alive = http11;
    let mut host = None;
    loop {
        match read_line(reader, &mut line, &mut budget) {
            Ok(0) => return Err(ReadError::Status(400)),
            Ok(_) if line.is_empty() => break,
            Ok(_) => {}
            Err(e) => return Err(e.status()),
        }
        let header = String::from_utf8_lossy(&line);
        let Some((name, value)) = header.split_once(':') else {
            return Err(ReadError::Status(400));
        };
        let value = value.trim().to_ascii_lowercase();
        match name.to_ascii_lowercase().as_str() {
            // Two `Host` headers are malformed (RFC 9112, 3.2).
            "host" if host.is_some() => return Err(ReadError::Status(400)),
            "host" => host = Some(value),
            "connection" if value.split(',').any(|t| t.trim() == "close") => keep_alive = false,
            "content-length" if value != "0" => keep_alive = false,
            "transfer-encoding" => keep_alive = false,
            _ => {}
        }
    }
    Ok(RequestHead {
        method: method.to_string(),
        target: target.to_string(),
        keep_alive,
        host,
    })
}

/// Why a line of a request head could not be read.
#[derive(Debug)]
enum LineError {
    /// The head is longer than [`MAX_HEAD`].
    TooLong,
    /// The input ended within a line.
    Truncated,
    /// A read failed or timed out.
    Io(std::io::Error),
}

impl LineError {
    fn status(&self) -> ReadError {
        use std::io::ErrorKind::{TimedOut, WouldBlock};
        match self {
            LineError::TooLong => ReadError::Status(431),
            LineError::Truncated => ReadError::Status(400),
            LineError::Io(e) if matches!(e.kind(), WouldBlock | TimedOut) => ReadError::Status(408),
            LineError::Io(_) => ReadError::Closed,
        }
    }
}

/// Reads one line into `line` without its line break, taking its length from `budget`.
/// Returns the bytes read (0 at the end of input).
fn read_line(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    budget: &mut usize,
) -> Result<usize, LineError> {
    line.clear();
    let limit = u64::try_from(*budget).unwrap_or(u64::MAX);
    let n = reader
        .by_ref()
        .take(limit)
        .read_until(b'\n', line)
        .map_err(LineError::Io)?;
    *budget = budget.saturating_sub(n);
    if n > 0 && line.last() != Some(&b'\n') {
        return Err(if *budget == 0 {
            LineError::TooLong
        } else {
            LineError::Truncated
        });
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Ok(n)
}

/// A response, every header of it fixed here except `Location`.
#[derive(Debug)]
struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    /// A redirect's target: an absolute path made by [`redirect_location`].
    location: Option<String>,
    /// Whether to send `Allow: GET, HEAD` (with 405).
    allow: bool,
}

impl Response {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Response {
            status,
            content_type,
            body,
            location: None,
            allow: false,
        }
    }

    fn text(status: u16, body: &str) -> Self {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            body.as_bytes().to_vec(),
        )
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// The bytes of `response`: status line, headers, blank line and (unless `head_only`) body.
fn serialize(response: &Response, head_only: bool, keep_alive: bool) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    // Made by `redirect_location` from visible ASCII only; checked again so that no header
    // line can ever be split.
    if let Some(location) = &response.location
        && location.bytes().all(|b| b.is_ascii_graphic())
    {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if response.allow {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    let mut out = head.into_bytes();
    if !head_only {
        out.extend_from_slice(&response.body);
    }
    out
}

/// Ends a connection so the client reads everything sent, then end of input: stop sending,
/// then read (and drop) what the client still sends for a moment, as closing with unread
/// input would reset the connection and could lose the response.
fn close(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    let mut reader = stream;
    while drained < 64 * 1024 {
        match reader.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// Answers the requests of one connection until it closes, times out or asks to close.
/// Answers a connection over [`MAX_CONNECTIONS`] with `503` and closes it, without reading
/// it or blocking the accepting thread for long.
fn refuse_busy(stream: &TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
    let response = Response::text(503, "too many connections\n");
    let mut writer = stream;
    let _ = writer.write_all(&serialize(&response, false, false));
    // Read what the client sent (briefly) so closing does not reset the connection before
    // the 503 is read.
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(20)));
    let mut sink = [0u8; 4096];
    let mut reader = stream;
    let _ = reader.read(&mut sink);
}

/// A socket whose reads stop at a deadline: a client sending a request head a byte every few
/// seconds cannot hold its connection (and a thread) open for long.
struct DeadlineReader {
    stream: TcpStream,
    deadline: Option<std::time::Instant>,
}

impl Read for DeadlineReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(deadline) = self.deadline {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Err(std::io::ErrorKind::TimedOut.into());
            }
            self.stream.set_read_timeout(Some(left.min(READ_TIMEOUT)))?;
        }
        self.stream.read(buf)
    }
}

fn serve_connection(stream: TcpStream, live: &LiveSite, clients: &Clients, hosts: &[String]) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(DeadlineReader {
        stream: read_half,
        deadline: None,
    });
    let mut writer = &stream;
    loop {
        reader.get_mut().deadline = Some(std::time::Instant::now() + HEAD_DEADLINE);
        let head = match read_request_head(&mut reader) {
            Ok(head) => head,
            Err(ReadError::Closed) => return,
            Err(ReadError::Status(status)) => {
                let response = Response::text(status, &format!("{}\n", reason(status)));
                let _ = writer.write_all(&serialize(&response, false, false));
                return close(&stream);
            }
        };
        if !host_allowed(head.host.as_deref(), hosts) {
            let response = Response::text(403, HOST_REFUSED);
            let _ = writer.write_all(&serialize(&response, false, false));
            return close(&stream);
        }
        let is_get = head.method == "GET";
        if is_get && head.target.split('?').next() == Some(EVENTS_PATH) {
            return hand_over_event_stream(stream, clients);
        }
        let response = respond(&head, live);
        let keep_alive = head.keep_alive && response.status != 405;
        let bytes = serialize(&response, head.method == "HEAD", keep_alive);
        if writer
            .write_all(&bytes)
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
        if !keep_alive {
            return close(&stream);
        }
    }
}

/// Gives an event-stream connection to the clients, or answers 503 and closes it when there
/// are [`reload::MAX_CLIENTS`] already.
fn hand_over_event_stream(stream: TcpStream, clients: &Clients) {
    let Ok(writer) = stream.try_clone() else {
        return close(&stream);
    };
    // The stream is only written from now on; a client that left is found by a failed write.
    let _ = writer.set_read_timeout(None);
    let probe = match stream.try_clone() {
        Ok(peer) => Some(Box::new(move || peer_closed(&peer)) as reload::ClosedProbe),
        Err(_) => None,
    };
    match clients.add_probed(Box::new(writer), probe) {
        Ok(()) => {}
        Err(reload::Refused::Full) => {
            let response = Response::text(503, "too many live-reload connections\n");
            let _ = (&stream).write_all(&serialize(&response, false, false));
            close(&stream);
        }
        Err(reload::Refused::Dead) => close(&stream),
    }
}

/// Whether the client closed its end of `stream` (it has sent its FIN), found without
/// blocking and without consuming anything.
#[cfg(unix)]
fn peer_closed(stream: &TcpStream) -> bool {
    use std::os::fd::AsRawFd as _;
    let mut byte = 0u8;
    // SAFETY: recv writes at most one byte into `byte`, on a socket this process owns.
    let n = unsafe {
        libc::recv(
            stream.as_raw_fd(),
            (&raw mut byte).cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    match n {
        0 => true,
        n if n > 0 => false,
        _ => !matches!(
            std::io::Error::last_os_error().kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted
        ),
    }
}

/// Elsewhere a closed stream is found by a failed write (the keep-alive).
#[cfg(not(unix))]
fn peer_closed(_stream: &TcpStream) -> bool {
    false
}

/// Where a redirect to the folder `key` (a resolved path, `levels/senior`) points: one
/// leading `/`, every byte outside letters, digits, `-._~` and `/` percent-encoded, and a
/// trailing `/`. Never `//…` (another host to a browser), never a line break.
pub(crate) fn redirect_location(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    out.push('/');
    for segment in key.split('/').filter(|s| !s.is_empty()) {
        for b in segment.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out.push('/');
    }
    out
}

/// The response to a GET or HEAD (or 405 for anything else), from the current snapshot.
fn respond(head: &RequestHead, live: &LiveSite) -> Response {
    if !matches!(head.method.as_str(), "GET" | "HEAD") {
        let mut response = Response::text(405, "method not allowed\n");
        response.allow = true;
        return response;
    }
    let Ok(key) = resolve_path(&head.target) else {
        return Response::text(400, "bad request path\n");
    };
    let Snapshot { site, errors } = live.snapshot();
    let errors = errors.as_deref();
    let Some(site) = site else {
        return Response::new(
            500,
            "text/html; charset=utf-8",
            reload::error_page("No successful build yet", errors, live.editor()),
        );
    };
    match site.get(&key) {
        Some(Ok(body)) => {
            let ct = content_type(&key);
            let body = if ct.starts_with("text/html") {
                reload::inject(&body, errors, live.editor())
            } else {
                body.to_vec()
            };
            return Response::new(200, ct, body);
        }
        Some(Err(d)) => {
            // A template error in this page: show it, as the build overlay would.
            let diags = Diagnostics::from(d);
            return Response::new(
                500,
                "text/html; charset=utf-8",
                reload::error_page(
                    "This page could not be rendered",
                    Some(&diags),
                    live.editor(),
                ),
            );
        }
        None => {}
    }
    if site.contains(&format!("{key}/{}", routes::INDEX_FILE)) {
        // `/levels/senior` → `/levels/senior/`, so the page's relative links resolve.
        let mut response = Response::text(301, "moved\n");
        response.location = Some(redirect_location(&key));
        return response;
    }
    let not_found = match site.get(routes::NOT_FOUND_PATH) {
        Some(Ok(page)) => page.to_vec(),
        _ => b"<!DOCTYPE html><title>Not found</title><body><h1>Not found</h1></body>".to_vec(),
    };
    Response::new(
        404,
        "text/html; charset=utf-8",
        reload::inject(&not_found, errors, live.editor()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_ip_addresses_and_allowed_hosts_are_answered() {
        let allowed = vec!["preview.example".to_string()];
        for ok in [
            None,
            Some("localhost"),
            Some("localhost:1111"),
            Some("localhost."),
            Some("docs.localhost:8080"),
            Some("127.0.0.1"),
            Some("127.0.0.1:1111"),
            Some("192.168.1.20:1111"),
            Some("[::1]"),
            Some("[::1]:1111"),
            Some("preview.example"),
            Some("preview.example:443"),
        ] {
            assert!(host_allowed(ok, &allowed), "{ok:?}");
        }
        for refused in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "evillocalhost",
            "127.0.0.1.evil.example",
            "[::1",
            "[::1]x",
            "[::1]:",
            "[evil]:1111",
            "localhost:",
            "localhost:11x",
            "localhost:123456",
            "",
            ":1111",
            "preview.example.evil",
        ] {
            assert!(!host_allowed(Some(refused), &allowed), "{refused:?}");
        }
        assert!(!host_allowed(Some("preview.example"), &[]));
    }

    #[test]
    fn reads_the_host_and_refuses_two() {
        assert_eq!(
            head(b"GET / HTTP/1.1\r\nHOST: LocalHost:1111\r\n\r\n").map(|h| h.host),
            Ok(Some("localhost:1111".to_string()))
        );
        assert_eq!(head(b"GET / HTTP/1.0\r\n\r\n").map(|h| h.host), Ok(None));
        assert_eq!(
            head(b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n")
                .map(|h| h.host),
            Err(ReadError::Status(400))
        );
    }

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
        assert_eq!(
            resolve_path("/levels/a%0d%0aSet-Cookie:%20x"),
            Err(BadPath::Malformed)
        );
        assert_eq!(resolve_path("/a%1b[31m"), Err(BadPath::Malformed));
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

    fn head(bytes: &[u8]) -> Result<RequestHead, ReadError> {
        read_request_head(&mut std::io::BufReader::new(bytes))
    }

    #[test]
    fn reads_request_heads_and_keep_alive() {
        assert_eq!(
            head(b"GET /a/?x HTTP/1.1\r\nHost: x\r\n\r\n"),
            Ok(RequestHead {
                method: "GET".into(),
                target: "/a/?x".into(),
                keep_alive: true,
                host: Some("x".into()),
            })
        );
        let no = |bytes: &[u8]| head(bytes).map(|h| h.keep_alive);
        assert_eq!(
            no(b"GET / HTTP/1.1\r\nConnection: Close\r\n\r\n"),
            Ok(false)
        );
        assert_eq!(no(b"GET / HTTP/1.0\r\n\r\n"), Ok(false));
        assert_eq!(
            no(b"GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"),
            Ok(false)
        );
        assert_eq!(no(b"\r\nGET / HTTP/1.1\n\n"), Ok(true));
        assert_eq!(
            head(b"\r\n\r\n\r\nGET / HTTP/1.1\n\n"),
            Err(ReadError::Status(400))
        );
    }

    #[test]
    fn keep_alive_ends_only_where_the_request_says_so() {
        let alive = |bytes: &[u8]| head(bytes).map(|h| h.keep_alive);
        assert_eq!(
            alive(b"GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n"),
            Ok(true)
        );
        assert_eq!(
            alive(b"GET / HTTP/1.1\r\nConnection: Upgrade, close\r\n\r\n"),
            Ok(false)
        );
        assert_eq!(
            alive(b"GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
            Ok(true)
        );
        // A body that is not read must not be taken for the next request.
        assert_eq!(
            alive(b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Ok(false)
        );
        // A large but allowed head (MAX_HEAD is 16 KiB).
        let mut big = b"GET / HTTP/1.1\r\nX-Big: ".to_vec();
        big.extend(std::iter::repeat_n(b'a', 12 * 1024));
        big.extend_from_slice(b"\r\n\r\n");
        assert_eq!(alive(&big), Ok(true));
    }

    #[test]
    fn request_lines_need_a_method_a_target_and_an_http_version() {
        for bad in [
            &b" / HTTP/1.1\r\n\r\n"[..],
            b"GET  HTTP/1.1\r\n\r\n",
            b"GET / FTP/1.1\r\n\r\n",
        ] {
            assert_eq!(head(bad), Err(ReadError::Status(400)), "{bad:?}");
        }
    }

    #[test]
    fn silence_before_a_request_closes_quietly_but_within_one_is_a_timeout() {
        struct Stalls(&'static [u8]);
        impl std::io::Read for Stalls {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0.is_empty() {
                    return Err(std::io::ErrorKind::TimedOut.into());
                }
                let n = self.0.len().min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let read = |bytes: &'static [u8]| {
            read_request_head(&mut std::io::BufReader::new(Stalls(bytes))).map(|h| h.method)
        };
        assert_eq!(read(b""), Err(ReadError::Closed));
        assert_eq!(read(b"GET / HT"), Err(ReadError::Status(408)));
        assert_eq!(
            read(b"GET / HTTP/1.1\r\nHost: x"),
            Err(ReadError::Status(408))
        );
    }

    #[test]
    fn bad_request_heads_get_a_status_or_a_quiet_close() {
        assert_eq!(head(b""), Err(ReadError::Closed));
        assert_eq!(head(b"GET /\r\n\r\n"), Err(ReadError::Status(400)));
        assert_eq!(
            head(b"GET / HTTP/1.1 x\r\n\r\n"),
            Err(ReadError::Status(400))
        );
        assert_eq!(head(b"GET / HTTP/2.0\r\n\r\n"), Err(ReadError::Status(505)));
        assert_eq!(
            head(b"GET / HTTP/1.1\r\nno colon\r\n\r\n"),
            Err(ReadError::Status(400))
        );
        assert_eq!(
            head(b"GET / HTTP/1.1\r\nHost: x"),
            Err(ReadError::Status(400))
        );
        assert_eq!(
            head(b"\xff / HTTP/1.1\r\n\r\n"),
            Err(ReadError::Status(400))
        );
        let mut long = b"GET / HTTP/1.1\r\n".to_vec();
        long.extend(std::iter::repeat_n(b'a', MAX_HEAD));
        assert_eq!(head(&long), Err(ReadError::Status(431)));
    }

    #[test]
    fn redirects_go_to_one_leading_slash_and_encoded_paths() {
        assert_eq!(redirect_location("levels/senior"), "/levels/senior/");
        assert_eq!(redirect_location("areas/café"), "/areas/caf%C3%A9/");
        assert_eq!(redirect_location("a b/\"x\""), "/a%20b/%22x%22/");
        let key = resolve_path("//levels/senior").unwrap();
        assert_eq!(redirect_location(&key), "/levels/senior/");
        let key = resolve_path("///evil.example/levels").unwrap();
        assert_eq!(redirect_location(&key), "/evil.example/levels/");
    }

    #[test]
    fn responses_carry_only_fixed_headers_and_a_safe_location() {
        let mut r = Response::text(301, "moved\n");
        r.location = Some("/x\r\nSet-Cookie: a/".into());
        let text = String::from_utf8(serialize(&r, false, true)).unwrap();
        assert_eq!(
            text,
            "HTTP/1.1 301 Moved Permanently\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Length: 6\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nmoved\n"
        );
        r.location = Some("/levels/a/".into());
        let head_only = String::from_utf8(serialize(&r, true, false)).unwrap();
        assert!(
            head_only.contains("\r\nLocation: /levels/a/\r\n"),
            "{head_only}"
        );
        assert!(
            head_only.ends_with("Connection: close\r\n\r\n"),
            "{head_only}"
        );
        let refused =
            String::from_utf8(serialize(&Response::text(403, HOST_REFUSED), false, false)).unwrap();
        assert!(
            refused.starts_with("HTTP/1.1 403 Forbidden\r\n"),
            "{refused}"
        );
    }
}
