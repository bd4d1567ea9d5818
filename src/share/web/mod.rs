//! The participants' web view: the same address that serves `convene follow` answers browsers.
//!
//! The share's accept loop peeks at the first byte of each connection: `{` is a follower's
//! hello, an upper-case letter an HTTP request, which is handed to [`serve`] on the same
//! connection thread. One request per connection (`Connection: close`): a phone makes five.
//!
//! ```text
//! GET /            the page (HTML)              GET /app.js, /app.css   its script and style
//! GET /events      Server-Sent Events: `state` (the web view, see wire::encode_web_state),
//!                  `bye` (the presenter stopped), `: keepalive` comments
//! anything else    404; methods other than GET/HEAD 405; a body 413; a head over 8 KiB 431;
//!                  a head not complete in 5 s 408; more than 500 browsers at once 503
//! ```
//!
//! Everything sent is either the page (compiled in, no deck text) or an event line built by
//! `wire::encode_web_state` from the public view. Deck text reaches the page only as JSON and is
//! shown with `textContent`; a strict Content-Security-Policy forbids anything but the page's own
//! script and style.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The page, its script and its style, compiled into the binary.
pub const INDEX: &str = include_str!("page/index.html");

/// The page as served: [`INDEX`] with the catalogue's web words for every language in its
/// `<script type="application/json" id="words">` block (data, not script: the CSP allows no
/// inline script). Built once.
pub fn page() -> &'static str {
    static PAGE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let words: serde_json::Map<String, serde_json::Value> = crate::words::strings::LANGUAGES
            .iter()
            .map(|s| {
                let w = serde_json::to_value(&s.web).unwrap_or(serde_json::Value::Null);
                (s.tag.to_owned(), w)
            })
            .collect();
        // `</` would end the script element early; JSON allows `<\/` for it.
        let json = serde_json::Value::Object(words)
            .to_string()
            .replace("</", "<\\/");
        INDEX.replacen(
            r#"<script type="application/json" id="words">{}</script>"#,
            &format!(r#"<script type="application/json" id="words">{json}</script>"#),
            1,
        )
    });
    &PAGE
}
pub const SCRIPT: &str = include_str!("page/app.js");
pub const STYLE: &str = include_str!("page/app.css");

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Limits of the web side (the defaults suit a hall of a few hundred phones).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Browser connections served at once (pages, assets and event streams).
    pub max_conns: usize,
    /// The longest request head (request line and headers).
    pub head_max: usize,
    /// How long a request head may take to arrive (slowloris).
    pub head_timeout: Duration,
    /// How long one write may take before the phone is dropped.
    pub write_timeout: Duration,
    /// With nothing new for this long, the newest state is sent again.
    pub keepalive: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_conns: 500,
            head_max: 8 << 10,
            head_timeout: Duration::from_secs(5),
            write_timeout: Duration::from_secs(2),
            keepalive: Duration::from_secs(5),
        }
    }
}

/// Whether a connection's first byte starts an HTTP request (a method in capitals).
pub fn looks_like_http(first: u8) -> bool {
    first.is_ascii_uppercase()
}

/// What the page's event stream gets from the share.
pub enum Next {
    /// A newer web state (or the same again, as keepalive).
    State(Arc<[u8]>),
    /// Nothing yet to send.
    Quiet,
    /// The share stopped.
    Stop,
}

/// The share's side of the event stream: wait for something newer than `seen`.
pub trait Feed {
    fn next(&self, seen: &mut u64, first: bool, timeout: Duration) -> Next;
}

/// Decrements a counter when dropped.
struct Slot<'a>(&'a AtomicUsize);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    BadRequest,
    Timeout,
    TooLarge,
    HasBody,
    Method,
}

/// Serve one browser connection (the first byte has been peeked, not read).
pub fn serve(stream: &TcpStream, feed: &impl Feed, limits: &Limits, conns: &AtomicUsize) {
    let taken = conns.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
        (n < limits.max_conns).then_some(n + 1)
    });
    let Ok(_) = taken else {
        let _ = respond(
            stream,
            limits,
            503,
            "text/plain; charset=utf-8",
            b"busy: too many phones; try again in a minute\n",
            false,
        );
        finish(stream);
        return;
    };
    let _slot = Slot(conns);
    let (method_head, path) = match read_head(stream, limits) {
        Ok(r) => r,
        Err(r) => {
            let (code, text): (u16, &[u8]) = match r {
                Refusal::BadRequest => (400, b"bad request\n"),
                Refusal::Timeout => (408, b"request timeout\n"),
                Refusal::TooLarge => (431, b"request header fields too large\n"),
                Refusal::HasBody => (413, b"no request body is accepted\n"),
                Refusal::Method => (405, b"only GET and HEAD\n"),
            };
            let _ = respond(
                stream,
                limits,
                code,
                "text/plain; charset=utf-8",
                text,
                false,
            );
            finish(stream);
            return;
        }
    };
    let head = method_head;
    let path = path.split(['?', '#']).next().unwrap_or("");
    let _ = match path {
        "/" | "/index.html" => respond(
            stream,
            limits,
            200,
            "text/html; charset=utf-8",
            page().as_bytes(),
            head,
        ),
        "/app.js" => respond(
            stream,
            limits,
            200,
            "text/javascript; charset=utf-8",
            SCRIPT.as_bytes(),
            head,
        ),
        "/app.css" => respond(
            stream,
            limits,
            200,
            "text/css; charset=utf-8",
            STYLE.as_bytes(),
            head,
        ),
        "/events" => events(stream, feed, limits, head),
        _ => respond(
            stream,
            limits,
            404,
            "text/plain; charset=utf-8",
            b"not found\n",
            head,
        ),
    };
    finish(stream);
}

/// Close politely: no more writes, read what the client still sends for a moment (so the
/// close is not a reset that could lose the response), then close.
fn finish(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let _ = io::copy(&mut stream.take(64 << 10), &mut io::sink());
}

/// Read and parse the request head within the limits: (is HEAD, path).
fn read_head(stream: &TcpStream, limits: &Limits) -> Result<(bool, String), Refusal> {
    let deadline = Instant::now() + limits.head_timeout;
    let mut buf = vec![0u8; limits.head_max];
    let mut len = 0;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Refusal::Timeout);
        }
        if stream.set_read_timeout(Some(left)).is_err() {
            return Err(Refusal::BadRequest);
        }
        let n = match (&*stream).read(&mut buf[len..]) {
            Ok(0) => return Err(Refusal::BadRequest),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(Refusal::Timeout);
            }
            Err(_) => return Err(Refusal::BadRequest),
        };
        len += n;
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf[..len]) {
            Ok(httparse::Status::Complete(_)) => {
                let head = match req.method {
                    Some("GET") => false,
                    Some("HEAD") => true,
                    _ => return Err(Refusal::Method),
                };
                let body = req.headers.iter().any(|h| {
                    h.name.eq_ignore_ascii_case("transfer-encoding")
                        || (h.name.eq_ignore_ascii_case("content-length")
                            && h.value.iter().any(|&b| b != b'0' && b != b' '))
                });
                if body {
                    return Err(Refusal::HasBody);
                }
                return Ok((head, req.path.unwrap_or("").to_owned()));
            }
            Ok(httparse::Status::Partial) if len >= buf.len() => return Err(Refusal::TooLarge),
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Err(Refusal::TooLarge),
            Err(_) => return Err(Refusal::BadRequest),
        }
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn headers(code: u16, kind: &str, length: Option<usize>) -> String {
    let mut h = format!(
        "HTTP/1.1 {code} {}\r\nContent-Type: {kind}\r\nContent-Security-Policy: {CSP}\r\n\
         X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n\
         Cross-Origin-Resource-Policy: same-origin\r\nX-Frame-Options: DENY\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n",
        reason(code)
    );
    if code == 405 {
        h.push_str("Allow: GET, HEAD\r\n");
    }
    if code == 503 {
        h.push_str("Retry-After: 30\r\n");
    }
    if let Some(n) = length {
        h.push_str(&format!("Content-Length: {n}\r\n"));
    }
    h.push_str("\r\n");
    h
}

fn respond(
    stream: &TcpStream,
    limits: &Limits,
    code: u16,
    kind: &str,
    body: &[u8],
    head: bool,
) -> io::Result<()> {
    let mut out = headers(code, kind, Some(body.len())).into_bytes();
    if !head {
        out.extend_from_slice(body);
    }
    write_within(stream, &out, limits.write_timeout * 5)
}

/// One Server-Sent Event carrying a wire line (JSON never holds a raw newline).
pub fn sse(event: &str, line: &[u8]) -> Vec<u8> {
    let data = line.strip_suffix(b"\n").unwrap_or(line);
    let mut out = Vec::with_capacity(data.len() + event.len() + 16);
    out.extend_from_slice(b"event: ");
    out.extend_from_slice(event.as_bytes());
    out.extend_from_slice(b"\ndata: ");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\n\n");
    out
}

fn events(stream: &TcpStream, feed: &impl Feed, limits: &Limits, head: bool) -> io::Result<()> {
    let mut out = headers(200, "text/event-stream; charset=utf-8", None).into_bytes();
    if head {
        return write_within(stream, &out, limits.write_timeout);
    }
    out.extend_from_slice(b"retry: 1000\n\n");
    write_within(stream, &out, limits.write_timeout)?;
    let mut seen = 0;
    let mut first = true;
    loop {
        let next = feed.next(&mut seen, first, limits.keepalive);
        first = false;
        match next {
            Next::State(line) => write_within(stream, &sse("state", &line), limits.write_timeout)?,
            Next::Quiet => write_within(stream, b": keepalive\n\n", limits.write_timeout)?,
            Next::Stop => {
                let _ = write_within(stream, &sse("bye", b"{}"), Duration::from_millis(200));
                return Ok(());
            }
        }
    }
}

/// Write all of `data` within `limit`, or fail.
pub fn write_within(stream: &TcpStream, data: &[u8], limit: Duration) -> io::Result<()> {
    let deadline = Instant::now() + limit;
    let mut sent = 0;
    while sent < data.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left.max(Duration::from_millis(1))))?;
        match (&*stream).write(&data[sent..]) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => sent += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_carries_the_catalogues_words_as_data() {
        let page = page();
        let start = page
            .find(r#"id="words">"#)
            .map(|i| i + r#"id="words">"#.len());
        let json = start
            .and_then(|i| page[i..].find("</script>").map(|j| &page[i..i + j]))
            .unwrap_or("");
        let words: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        for s in crate::words::strings::LANGUAGES {
            assert_eq!(words[s.tag]["live"], s.web.live, "{}", s.tag);
            assert_eq!(
                words[s.tag]["supportTitle"], s.web.support_title,
                "{}",
                s.tag
            );
        }
        assert_eq!(
            words["fr"]["flags"], "Circonstances",
            "the same word as the report"
        );
        assert!(
            !page.contains("<script>"),
            "no inline script: the CSP forbids it"
        );
    }

    #[test]
    fn first_byte_decides() {
        assert!(looks_like_http(b'G') && looks_like_http(b'H'));
        assert!(!looks_like_http(b'{') && !looks_like_http(0));
    }

    #[test]
    fn sse_frames_a_line() {
        assert_eq!(
            sse("state", b"{\"a\":1}\n"),
            b"event: state\ndata: {\"a\":1}\n\n"
        );
    }

    #[test]
    fn the_page_has_no_inline_script_or_style() {
        assert!(!INDEX.contains("<script>") && !INDEX.contains("style="));
        assert!(!SCRIPT.contains("innerHTML") && !SCRIPT.contains("eval("));
    }
}
