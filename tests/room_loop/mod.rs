//! A mini run loop for the participation tests and bench: a `Presenting` share whose inbox
//! applies each ask to an `App` through the one `update`, on its own thread, as the real run
//! loop does (participant input as `Action::Room { op: RoomOp::Input }`, answered from
//! `app.room.last`; a remote action as a key; `Ask::OpenRoom` opens with [`CODE`]).

#![allow(dead_code)]

use convene::deck::Deck;
use convene::present::app::{Action, App, RoomOp, update};
use convene::share::ask::{self, Answer, Ask, Inbox, Request};
use convene::share::server::{Options, Presenting};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The join code the mini loop opens the room with.
pub const CODE: &str = "ZQ7XK9W3";
/// The remote token it sets (when asked to).
pub const TOKEN: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

enum Msg {
    Ask(Request),
    Stop,
}

pub struct Loop {
    pub addr: SocketAddr,
    pub app: Arc<Mutex<App>>,
    pub inbox: Inbox,
    /// Asks the loop has handled.
    pub handled: Arc<AtomicUsize>,
    tx: mpsc::Sender<Msg>,
    thread: Option<JoinHandle<()>>,
}

pub struct Setup {
    pub remote: bool,
    pub opts: Options,
    /// How long the loop takes per ask (a slow presenter).
    pub delay: Duration,
    /// Where the share listens (this machine only by default).
    pub bind: SocketAddr,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            remote: true,
            opts: Options::default(),
            delay: Duration::ZERO,
            bind: "127.0.0.1:0".parse().unwrap_or_else(|_| unreachable!()),
        }
    }
}

fn apply(app: &mut App, ask: Ask) -> Answer {
    let now = now();
    match ask {
        Ask::Room {
            participant,
            code,
            input,
        } => {
            let op = RoomOp::Input {
                participant,
                code,
                input,
            };
            update(app, &Action::Room { op }, now);
            match app.room.last {
                Some(Err(r)) => Answer::Refused(r),
                _ => Answer::Taken,
            }
        }
        Ask::Remote(action) => {
            update(app, &action, now);
            Answer::Taken
        }
        Ask::OpenRoom => {
            let op = RoomOp::Open { code: CODE.into() };
            update(app, &Action::Room { op }, now);
            Answer::Taken
        }
    }
}

impl Loop {
    pub fn start(deck: Deck, setup: Setup) -> Loop {
        let mut first = App::new(deck, now());
        // A wide console: case slides show their checklist beside the slide.
        update(
            &mut first,
            &Action::Resize {
                width: 120,
                height: 35,
            },
            now(),
        );
        let mut p = Presenting::start_with(setup.bind, &first, setup.opts);
        let mut addr = p
            .share()
            .map(|s| s.local_addr())
            .unwrap_or_else(|| panic!("{:?}", p.info.share_error));
        if addr.ip().is_unspecified() {
            // Bound to every address: this machine's own reaches it (Windows cannot dial 0.0.0.0).
            addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
        }
        // Shared, as the run loop tells the app (the room opens only while shared).
        let url = format!("http://{addr}/");
        update(&mut first, &Action::Sharing { url }, now());
        let (tx, rx) = mpsc::channel::<Msg>();
        let to_loop = Mutex::new(tx.clone());
        let inbox: Inbox = Arc::new(move |r: Request| {
            to_loop
                .lock()
                .map(|t| t.send(Msg::Ask(r)).is_ok())
                .unwrap_or(false)
        });
        p.set_inbox(Arc::clone(&inbox));
        if setup.remote {
            p.set_remote_token(Some(TOKEN.into()));
        }
        p.sync(&first);
        let app = Arc::new(Mutex::new(first));
        let handled = Arc::new(AtomicUsize::new(0));
        let (loop_app, loop_handled, delay) = (Arc::clone(&app), Arc::clone(&handled), setup.delay);
        let thread = std::thread::spawn(move || {
            while let Ok(Msg::Ask(r)) = rx.recv() {
                if !delay.is_zero() {
                    std::thread::sleep(delay);
                }
                let mut a = loop_app.lock().unwrap_or_else(|e| e.into_inner());
                let answer = apply(&mut a, r.ask);
                p.observe(&a);
                p.sync(&a);
                drop(a);
                loop_handled.fetch_add(1, Ordering::SeqCst);
                let _ = r.reply.send(answer);
            }
            drop(p);
        });
        Loop {
            addr,
            app,
            inbox,
            handled,
            tx,
            thread: Some(thread),
        }
    }

    /// What the facilitator's key gives, through the loop (the share publishes after it).
    pub fn key(&self, action: Action) {
        let got = ask::ask(&self.inbox, Ask::Remote(action));
        assert_eq!(got, Some(Answer::Taken));
    }

    pub fn room(&self, op: RoomOp) {
        self.key(Action::Room { op });
    }

    pub fn open_room(&self) {
        assert_eq!(ask::ask(&self.inbox, Ask::OpenRoom), Some(Answer::Taken));
    }

    /// Read the app (the loop waits meanwhile).
    pub fn with<T>(&self, f: impl FnOnce(&App) -> T) -> T {
        let a = self.app.lock().unwrap_or_else(|e| e.into_inner());
        f(&a)
    }
}

impl Drop for Loop {
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

// ---- HTTP, as a phone speaks it -------------------------------------------------------------

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

pub const WAIT: Duration = Duration::from_secs(5);

pub fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    let _ = s.set_read_timeout(Some(WAIT));
    s
}

/// Send `request`, read the whole response.
pub fn http(addr: SocketAddr, request: &[u8]) -> String {
    let mut s = connect(addr);
    s.write_all(request).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

pub fn get(addr: SocketAddr, path: &str) -> String {
    http(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
    )
}

/// POST a JSON body; the whole response.
pub fn post(addr: SocketAddr, path: &str, body: &str) -> String {
    http(
        addr,
        format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
}

pub fn status(resp: &str) -> u16 {
    resp.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// The JSON body of a response.
pub fn json_body(resp: &str) -> serde_json::Value {
    let body = resp.split("\r\n\r\n").nth(1).unwrap_or("");
    serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
}

/// A participant's input as the page sends it.
pub fn room_body(participant: &str, code: &str, input: serde_json::Value) -> String {
    serde_json::json!({"participant": participant, "code": code, "input": input}).to_string()
}

pub fn vote(slide_id: &str, vote: &str) -> serde_json::Value {
    serde_json::json!({"kind": "vote", "slide_id": slide_id, "vote": vote})
}

/// A participant's vote: the answer's status and `refused` (empty when taken).
pub fn send_vote(
    addr: SocketAddr,
    who: &str,
    code: &str,
    slide_id: &str,
    v: &str,
) -> (u16, String) {
    let r = post(addr, "/room", &room_body(who, code, vote(slide_id, v)));
    let refused = json_body(&r)["refused"].as_str().unwrap_or("").to_owned();
    (status(&r), refused)
}

/// An open event stream (`/events`, or a remote's), keeping every byte it read.
pub struct Events {
    r: BufReader<TcpStream>,
    pub bytes: Vec<u8>,
}

impl Events {
    pub fn open(addr: SocketAddr, path: &str) -> Events {
        let mut s = connect(addr);
        s.write_all(
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
                .as_bytes(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut r = BufReader::new(s);
        let mut line = String::new();
        let _ = r.read_line(&mut line);
        assert!(line.starts_with("HTTP/1.1 200"), "{path}: {line}");
        Events {
            r,
            bytes: line.into_bytes(),
        }
    }

    /// The next event (name, data), skipping comments.
    pub fn next(&mut self) -> Option<(String, String)> {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            if self.r.read_line(&mut line).ok()? == 0 {
                return None;
            }
            self.bytes.extend_from_slice(line.as_bytes());
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !name.is_empty() {
                    return Some((name, data));
                }
                continue;
            }
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_owned();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data = d.to_owned();
            }
        }
    }

    /// The next `state` event as JSON.
    pub fn state(&mut self) -> serde_json::Value {
        self.until("state", "a state", |_| true)
    }

    /// Read states until one satisfies `f` (within WAIT).
    #[track_caller]
    pub fn state_until(
        &mut self,
        what: &str,
        f: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        self.until("state", what, f)
    }

    /// Read events named `name` until one satisfies `f` (within WAIT).
    #[track_caller]
    pub fn until(
        &mut self,
        name: &str,
        what: &str,
        f: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let Some((n, data)) = self.next() else {
                panic!("the stream ended before {what}");
            };
            if n == name {
                let v: serde_json::Value =
                    serde_json::from_str(&data).unwrap_or_else(|e| panic!("{e}: {data}"));
                if f(&v) {
                    return v;
                }
            }
            assert!(start.elapsed() < WAIT, "no {name} with {what}");
        }
    }
}
