//! The participants' web view: the same address that serves `convene follow` answers browsers.
//!
//! The share's accept loop peeks at the first byte of each connection: `{` is a follower's
//! hello, an upper-case letter an HTTP request, which is handed to [`serve`] on the same
//! connection thread. One request per connection (`Connection: close`): a phone makes five,
//! and one more per thing it sends.
//!
//! ```text
//! GET /            the page (HTML)              GET /app.js, /app.css   its script and style
//! GET /events      Server-Sent Events: `state` (the web view, see wire::encode_web_state),
//!                  `bye` (the presenter stopped), `: keepalive` comments
//! POST /room       a participant's input (JSON ≤ 2 KiB) → the run loop → {"ok":true} or
//!                  {"ok":false,"refused":"wrong_code"} (403/409/422/429/400; 503 busy or gone)
//! GET /remote/<token>          the facilitator's phone    GET /remote.js  its script
//! GET /remote/<token>/events   Server-Sent Events: `remote` (presenter-only: share::remote)
//! POST /remote/<token>/action  {"do":"next"}… (share::remote::RemoteDo) → the run loop
//! /remote/… with a wrong token, or no remote: 403 for every path and method; nothing changes
//! anything else    404; POST elsewhere and other methods 405; a GET with a body 413; a POST
//!                  without Content-Length or chunked 411, over 2 KiB 413; a head over 8 KiB 431;
//!                  a head (and body) not complete in 5 s 408; more than 500 browsers at once 503
//! ```
//!
//! Everything sent on the public paths is either a page (compiled in, no deck text) or an event
//! line built by `wire::encode_web_state` from the public view; the presenter-only state goes
//! out only under `/remote/<token>`. Deck text reaches the page only as JSON and is
//! shown with `textContent`; a strict Content-Security-Policy forbids anything but the page's own
//! script and style.

use super::ask::{Answer, Ask};
use super::remote::RemoteDo;
use crate::present::app::room::{Input, Refused};
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
    static PAGE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| with_words(INDEX));
    &PAGE
}

/// The remote page as served (the same words block as [`page`]).
pub fn remote_page() -> &'static str {
    static PAGE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| with_words(REMOTE));
    &PAGE
}

/// The facilitator's phone's page, its script (the style is the participants').
pub const REMOTE: &str = include_str!("page/remote.html");
pub const REMOTE_SCRIPT: &str = include_str!("page/remote.js");

fn with_words(html: &str) -> String {
    {
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
        html.replacen(
            r#"<script type="application/json" id="words">{}</script>"#,
            &format!(r#"<script type="application/json" id="words">{json}</script>"#),
            1,
        )
    }
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
    /// The largest POST body (a participant's input, a remote's action).
    pub body_max: usize,
    /// POSTs waiting for the run loop at once; past it, 503 (a flood cannot starve the loop).
    pub max_asks: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_conns: 500,
            head_max: 8 << 10,
            head_timeout: Duration::from_secs(5),
            write_timeout: Duration::from_secs(2),
            keepalive: Duration::from_secs(5),
            body_max: 2 << 10,
            max_asks: 128,
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

/// Why an ask got no answer (the phone is told to try again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unanswered {
    /// Too many asks are waiting for the run loop already.
    Busy,
    /// No inbox, the presenter is gone, or it did not answer in time.
    Gone,
}

/// The share's side of the web view.
pub trait Feed {
    /// The public stream: wait for something newer than `seen`.
    fn next(&self, seen: &mut u64, first: bool, timeout: Duration) -> Next;
    /// The remote's stream (presenter-only state), the same way.
    fn remote_next(&self, seen: &mut u64, first: bool, timeout: Duration) -> Next;
    /// Whether `token` is the remote's (compared in constant time); never without a remote.
    fn remote_ok(&self, token: &str) -> bool;
    /// Hand an ask to the run loop and wait (bounded) for its answer.
    fn ask(&self, ask: Ask) -> Result<Answer, Unanswered>;
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
    LengthRequired,
    BodyTooLarge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Head,
    Post,
}

/// A request read within the limits: its method, its path, and (a POST's) body.
struct Request {
    method: Method,
    path: String,
    body: Vec<u8>,
}

/// Whether `path` takes a POST: a participant's input, or the remote's action.
fn takes_post(path: &str) -> bool {
    path == "/room" || (path.starts_with("/remote/") && path.ends_with("/action"))
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
    let req = match read_request(stream, limits) {
        Ok(r) => r,
        Err(r) => {
            let (code, text): (u16, &[u8]) = match r {
                Refusal::BadRequest => (400, b"bad request\n"),
                Refusal::Timeout => (408, b"request timeout\n"),
                Refusal::TooLarge => (431, b"request header fields too large\n"),
                Refusal::HasBody => (413, b"no request body is accepted\n"),
                Refusal::Method => (405, b"only GET and HEAD\n"),
                Refusal::LengthRequired => (411, b"a Content-Length is required\n"),
                Refusal::BodyTooLarge => (413, b"the body is too large\n"),
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
    let head = req.method == Method::Head;
    let path = req.path.split(['?', '#']).next().unwrap_or("");
    let text = "text/plain; charset=utf-8";
    let _ = match (req.method, path) {
        (Method::Post, "/room") => room_post(stream, feed, limits, &req.body),
        (_, "/room") => post_only(stream, limits, head),
        (_, p) if p.starts_with("/remote/") => remote(stream, feed, limits, &req, p),
        (_, "/" | "/index.html") => respond(
            stream,
            limits,
            200,
            "text/html; charset=utf-8",
            page().as_bytes(),
            head,
        ),
        (_, "/app.js") => respond(
            stream,
            limits,
            200,
            "text/javascript; charset=utf-8",
            SCRIPT.as_bytes(),
            head,
        ),
        (_, "/remote.js") => respond(
            stream,
            limits,
            200,
            "text/javascript; charset=utf-8",
            REMOTE_SCRIPT.as_bytes(),
            head,
        ),
        (_, "/app.css") => respond(
            stream,
            limits,
            200,
            "text/css; charset=utf-8",
            STYLE.as_bytes(),
            head,
        ),
        (_, "/events") => events(stream, limits, head, "state", |seen, first, t| {
            feed.next(seen, first, t)
        }),
        _ => respond(stream, limits, 404, text, b"not found\n", head),
    };
    finish(stream);
}

/// `/remote/<token>…`: the facilitator's phone. A wrong token (or no remote) is 403 for every
/// path and method, and nothing is read past the body's limit nor changed.
fn remote(
    stream: &TcpStream,
    feed: &impl Feed,
    limits: &Limits,
    req: &Request,
    path: &str,
) -> io::Result<()> {
    let rest = path.strip_prefix("/remote/").unwrap_or("");
    let (token, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let text = "text/plain; charset=utf-8";
    let head = req.method == Method::Head;
    if !feed.remote_ok(token) {
        return respond(stream, limits, 403, text, b"forbidden\n", head);
    }
    match (req.method, tail) {
        (Method::Post, "action") => remote_action(stream, feed, limits, &req.body),
        (_, "action") => post_only(stream, limits, head),
        (_, "") => respond(
            stream,
            limits,
            200,
            "text/html; charset=utf-8",
            remote_page().as_bytes(),
            head,
        ),
        (_, "events") => events(stream, limits, head, "remote", |seen, first, t| {
            feed.remote_next(seen, first, t)
        }),
        _ => respond(stream, limits, 404, text, b"not found\n", head),
    }
}

/// 405 for a `GET` (or `HEAD`) of a path that takes only `POST`.
fn post_only(stream: &TcpStream, limits: &Limits, head: bool) -> io::Result<()> {
    let text = "text/plain; charset=utf-8";
    respond_with(
        stream,
        limits,
        405,
        text,
        b"only POST\n",
        head,
        "Allow: POST\r\n",
    )
}

/// The JSON answer to a POST.
fn answer_json(
    stream: &TcpStream,
    limits: &Limits,
    code: u16,
    refused: Option<&str>,
) -> io::Result<()> {
    let body = match refused {
        None => r#"{"ok":true}"#.to_owned(),
        Some(r) => serde_json::json!({"ok": false, "refused": r}).to_string(),
    };
    respond(
        stream,
        limits,
        code,
        "application/json; charset=utf-8",
        body.as_bytes(),
        false,
    )
}

/// The status of a refused participant input.
fn refused_status(r: Refused) -> u16 {
    match r {
        Refused::WrongCode => 403,
        Refused::Closed | Refused::NotHere => 409,
        Refused::TooFast | Refused::TooMany => 429,
        Refused::TooLong | Refused::Empty => 422,
        Refused::BadToken => 400,
    }
}

fn refused_name(r: Refused) -> String {
    serde_json::to_value(r)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[derive(serde::Deserialize)]
struct RoomPost {
    participant: String,
    code: String,
    input: Input,
}

/// `POST /room`: a participant's input, handed to the run loop, answered with its verdict.
fn room_post(stream: &TcpStream, feed: &impl Feed, limits: &Limits, body: &[u8]) -> io::Result<()> {
    let Ok(post) = serde_json::from_slice::<RoomPost>(body) else {
        return answer_json(stream, limits, 400, Some("bad_request"));
    };
    let ask = Ask::Room {
        participant: post.participant,
        code: post.code,
        input: post.input,
    };
    match feed.ask(ask) {
        Ok(Answer::Taken) => answer_json(stream, limits, 200, None),
        Ok(Answer::Refused(r)) => {
            answer_json(stream, limits, refused_status(r), Some(&refused_name(r)))
        }
        Err(Unanswered::Busy) => answer_json(stream, limits, 503, Some("busy")),
        Err(Unanswered::Gone) => answer_json(stream, limits, 503, Some("unavailable")),
    }
}

/// `POST /remote/<token>/action`: one of [`RemoteDo`]'s commands, as keys would give it.
fn remote_action(
    stream: &TcpStream,
    feed: &impl Feed,
    limits: &Limits,
    body: &[u8],
) -> io::Result<()> {
    let Ok(cmd) = serde_json::from_slice::<RemoteDo>(body) else {
        return answer_json(stream, limits, 400, Some("bad_request"));
    };
    for ask in cmd.asks() {
        match feed.ask(ask) {
            Ok(Answer::Taken) => {}
            Ok(Answer::Refused(r)) => {
                return answer_json(stream, limits, 409, Some(&refused_name(r)));
            }
            Err(Unanswered::Busy) => return answer_json(stream, limits, 503, Some("busy")),
            Err(Unanswered::Gone) => {
                return answer_json(stream, limits, 503, Some("unavailable"));
            }
        }
    }
    answer_json(stream, limits, 200, None)
}

/// Close politely: no more writes, read what the client still sends for a moment (so the
/// close is not a reset that could lose the response), then close.
fn finish(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let _ = io::copy(&mut stream.take(64 << 10), &mut io::sink());
}

/// Read what has arrived into `buf` (at least a byte), before `deadline`.
fn read_some(stream: &TcpStream, deadline: Instant, buf: &mut [u8]) -> Result<usize, Refusal> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Refusal::Timeout);
        }
        if stream.set_read_timeout(Some(left)).is_err() {
            return Err(Refusal::BadRequest);
        }
        return match (&*stream).read(buf) {
            Ok(0) => Err(Refusal::BadRequest),
            Ok(n) => Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                Err(Refusal::Timeout)
            }
            Err(_) => Err(Refusal::BadRequest),
        };
    }
}

/// Read and parse the request within the limits: the head, and a POST's body (its
/// `Content-Length` required, at most `body_max`, all of it before the head's deadline).
fn read_request(stream: &TcpStream, limits: &Limits) -> Result<Request, Refusal> {
    let deadline = Instant::now() + limits.head_timeout;
    let mut buf = vec![0u8; limits.head_max];
    let mut len = 0;
    loop {
        len += read_some(stream, deadline, &mut buf[len..])?;
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf[..len]) {
            Ok(httparse::Status::Complete(head_len)) => {
                let path = req.path.unwrap_or("").to_owned();
                let method = match req.method {
                    Some("GET") => Method::Get,
                    Some("HEAD") => Method::Head,
                    Some("POST") if takes_post(path.split(['?', '#']).next().unwrap_or("")) => {
                        Method::Post
                    }
                    _ => return Err(Refusal::Method),
                };
                let chunked = req
                    .headers
                    .iter()
                    .any(|h| h.name.eq_ignore_ascii_case("transfer-encoding"));
                let lengths: Vec<&[u8]> = req
                    .headers
                    .iter()
                    .filter(|h| h.name.eq_ignore_ascii_case("content-length"))
                    .map(|h| h.value)
                    .collect();
                if method != Method::Post {
                    let body = chunked
                        || lengths
                            .iter()
                            .any(|v| v.iter().any(|&b| b != b'0' && b != b' '));
                    if body {
                        return Err(Refusal::HasBody);
                    }
                    return Ok(Request {
                        method,
                        path,
                        body: Vec::new(),
                    });
                }
                if chunked {
                    return Err(Refusal::LengthRequired);
                }
                let length = match lengths.as_slice() {
                    [] => return Err(Refusal::LengthRequired),
                    [one] => std::str::from_utf8(one)
                        .ok()
                        .map(str::trim)
                        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                        .and_then(|t| t.parse::<usize>().ok())
                        .ok_or(Refusal::BadRequest)?,
                    _ => return Err(Refusal::BadRequest),
                };
                if length > limits.body_max {
                    return Err(Refusal::BodyTooLarge);
                }
                let mut body = buf[head_len..len].to_vec();
                if body.len() > length {
                    // Bytes past the body (a second request): one request per connection.
                    body.truncate(length);
                }
                // A client that waits to be told to send its body (curl over 1 KiB).
                let expects = req.headers.iter().any(|h| {
                    h.name.eq_ignore_ascii_case("expect")
                        && h.value.eq_ignore_ascii_case(b"100-continue")
                });
                if expects && body.len() < length {
                    let left = deadline.saturating_duration_since(Instant::now());
                    write_within(stream, b"HTTP/1.1 100 Continue\r\n\r\n", left)
                        .map_err(|_| Refusal::Timeout)?;
                }
                let mut chunk = [0u8; 1024];
                while body.len() < length {
                    let n = read_some(stream, deadline, &mut chunk)?;
                    let want = (length - body.len()).min(n);
                    body.extend_from_slice(&chunk[..want]);
                }
                return Ok(Request { method, path, body });
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
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn headers(code: u16, kind: &str, length: Option<usize>, extra: &str) -> String {
    let mut h = format!(
        "HTTP/1.1 {code} {}\r\nContent-Type: {kind}\r\nContent-Security-Policy: {CSP}\r\n\
         X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n\
         Cross-Origin-Resource-Policy: same-origin\r\nX-Frame-Options: DENY\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n",
        reason(code)
    );
    h.push_str(extra);
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
    let extra = match code {
        405 => "Allow: GET, HEAD\r\n",
        503 => "Retry-After: 30\r\n",
        _ => "",
    };
    respond_with(stream, limits, code, kind, body, head, extra)
}

fn respond_with(
    stream: &TcpStream,
    limits: &Limits,
    code: u16,
    kind: &str,
    body: &[u8],
    head: bool,
    extra: &str,
) -> io::Result<()> {
    let mut out = headers(code, kind, Some(body.len()), extra).into_bytes();
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

fn events(
    stream: &TcpStream,
    limits: &Limits,
    head: bool,
    name: &str,
    next: impl Fn(&mut u64, bool, Duration) -> Next,
) -> io::Result<()> {
    let mut out = headers(200, "text/event-stream; charset=utf-8", None, "").into_bytes();
    if head {
        return write_within(stream, &out, limits.write_timeout);
    }
    out.extend_from_slice(b"retry: 1000\n\n");
    write_within(stream, &out, limits.write_timeout)?;
    let mut seen = 0;
    let mut first = true;
    loop {
        let n = next(&mut seen, first, limits.keepalive);
        first = false;
        match n {
            Next::State(line) => write_within(stream, &sse(name, &line), limits.write_timeout)?,
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
        for html in [INDEX, REMOTE] {
            assert!(!html.contains("<script>") && !html.contains("style="));
        }
        for js in [SCRIPT, REMOTE_SCRIPT] {
            assert!(!js.contains("innerHTML") && !js.contains("eval("));
            assert!(
                !js.contains("localStorage.setItem('convene.me"),
                "the token: session only"
            );
        }
        assert!(remote_page().contains(r#"<html lang="en">"#));
    }
}
