//! Helpers for `rungs serve` tests: a server process on a free loopback port, a raw HTTP
//! client over TcpStream (byte-for-byte requests), and an event-stream reader. Every wait is
//! bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `rungs serve`, killed when dropped.
pub struct ServeProcess {
    child: Child,
    pub addr: String,
    stderr: std::sync::Mutex<mpsc::Receiver<String>>,
}

impl ServeProcess {
    /// Starts `rungs serve --root <root> --port 0` and waits (at most 20 s) for its address.
    pub fn start(root: &Path) -> ServeProcess {
        Self::start_with(root, &[])
    }

    /// [`ServeProcess::start`] with more arguments (`--poll 50`).
    pub fn start_with(root: &Path, extra: &[&str]) -> ServeProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rungs"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .env_remove("RUNGS_POLL")
            .env_remove("RUNGS_BIND")
            .env_remove("RUNGS_QUIET")
            .env_remove("RUNGS_DRAFTS")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start rungs serve");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let (etx, erx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = etx.send(line);
            }
        });
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("serve printed its address");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_string();
        assert!(
            addr.starts_with("127.0.0.1:"),
            "binds loopback by default: {addr}"
        );
        ServeProcess {
            child,
            addr,
            stderr: std::sync::Mutex::new(erx),
        }
    }

    /// GET `path`, parsed.
    pub fn get(&self, path: &str) -> HttpResponse {
        self.raw(
            format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.addr
            )
            .as_bytes(),
        )
    }

    /// Sends `request` byte for byte and reads the whole response.
    pub fn raw(&self, request: &[u8]) -> HttpResponse {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        stream.write_all(request).expect("send");
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        HttpResponse::parse(&bytes)
    }

    /// Opens an event stream.
    pub fn events(&self) -> EventStream {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .write_all(
                format!(
                    "GET /__rungs/events HTTP/1.1\r\nHost: {}\r\n\r\n",
                    self.addr
                )
                .as_bytes(),
            )
            .expect("send");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        let mut events = EventStream {
            reader: BufReader::new(stream),
            buffer: String::new(),
        };
        let head = events
            .read_until_blank(Duration::from_secs(10))
            .expect("response head");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/event-stream"),
            "{head}"
        );
        events
    }

    /// Lines printed on stderr so far.
    pub fn stderr_lines(&self) -> Vec<String> {
        self.stderr
            .lock()
            .map(|r| r.try_iter().collect())
            .unwrap_or_default()
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed HTTP response.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    fn parse(bytes: &[u8]) -> HttpResponse {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        HttpResponse {
            status,
            headers,
            body: body.to_string(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub name: String,
    pub data: String,
}

/// An open event stream.
pub struct EventStream {
    reader: BufReader<TcpStream>,
    buffer: String,
}

impl EventStream {
    fn read_until_blank(&mut self, limit: Duration) -> Option<String> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(i) = self
                .buffer
                .find("\n\n")
                .or_else(|| self.buffer.find("\r\n\r\n"))
            {
                let sep = if self.buffer[i..].starts_with("\r\n\r\n") {
                    4
                } else {
                    2
                };
                let block: String = self.buffer.drain(..i + sep).collect();
                return Some(block);
            }
            if Instant::now() > deadline {
                return None;
            }
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => self.buffer.push_str(&line),
                Err(_) => {}
            }
        }
    }

    /// The next named event within `limit`, skipping comments.
    pub fn next_event(&mut self, limit: Duration) -> Option<Event> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            let block =
                self.read_until_blank(deadline.saturating_duration_since(Instant::now()))?;
            let mut name = None;
            let mut data = Vec::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event: ") {
                    name = Some(v.to_string());
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data.push(v.to_string());
                }
            }
            if let Some(name) = name {
                return Some(Event {
                    name,
                    data: data.join("\n"),
                });
            }
        }
        None
    }
}
