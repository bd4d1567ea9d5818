//! The presenter's side of follow mode: a TCP server that sends the public deck and the newest
//! view state to every follower, and never lets a follower slow the presenter down.
//!
//! ```text
//!  presenter loop ── publish(&ViewState) ──▶ Latest { version, state line }  (Mutex + Condvar)
//!                                                 │ notify_all
//!  accept thread ── one thread per follower ◀─────┘ waits for a newer version, writes the
//!                   (hello ≤ 1 KiB in 2 s, then      newest line only (no backlog), each line
//!                    never reads again)              within the write timeout or dropped
//! ```
//!
//! `publish` serialises the state once and swaps it in: it never touches a socket. A follower
//! that stops reading fills its socket buffer, misses the write deadline and is dropped; the
//! others never notice. Connections past the cap (default 256) get one `busy` line and are
//! closed. A follower that sends anything but a hello is closed; what it sends after the hello
//! is never read.

use super::ask::{Answer, Ask};
use super::web::write_within;
use crate::deck::Deck;
use crate::present::app::App;
use crate::present::app::room::Refused;
use crate::present::ui::console::ConsoleInfo;
use crate::share::web;
use crate::share::wire::{self, ViewState};
use std::io::{self, BufReader, Read};
use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Limits and timeouts of a share (the defaults suit a workshop room).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Connections served at once (followers and connections still saying hello).
    pub max_followers: usize,
    /// How long one state line may take to reach a follower before it is dropped.
    pub write_timeout: Duration,
    /// How long the deck line may take (it is larger).
    pub deck_timeout: Duration,
    /// How long a new connection has to send its whole hello (one deadline, not per read).
    pub hello_timeout: Duration,
    /// With no new state for this long, the newest one is sent again (it keeps followers'
    /// clocks in step and finds followers that went away).
    pub keepalive: Duration,
    /// Limits of the browsers' side (the web view on the same address).
    pub web: web::Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_followers: 256,
            write_timeout: Duration::from_secs(2),
            deck_timeout: Duration::from_secs(10),
            hello_timeout: Duration::from_secs(2),
            keepalive: Duration::from_secs(5),
            web: web::Limits::default(),
        }
    }
}

/// Refusals in progress at once; past this, an extra connection is closed without a word.
const MAX_REFUSING: usize = 16;
/// How often the accept loop looks for new connections and for the stop flag.
const ACCEPT_POLL: Duration = Duration::from_millis(20);

/// A running share. Dropping it stops sharing: the port is free when `drop` returns, and
/// followers get a `bye` line (best effort) and an end of stream.
pub struct Share {
    inner: Arc<Inner>,
    addr: SocketAddr,
    /// The notifier and the accept loop.
    threads: Vec<JoinHandle<()>>,
}

struct Inner {
    opts: Options,
    stop: AtomicBool,
    /// What the presenter handed over; only the notifier thread waits on it, so `publish`
    /// never contends with followers nor wakes more than one thread.
    mailbox: Mutex<Mail>,
    mail: Condvar,
    /// What followers send; they wait on `changed`.
    latest: Mutex<Latest>,
    changed: Condvar,
    /// Connections being served (the cap applies to this).
    conns: AtomicUsize,
    /// Connections past their hello.
    followers: AtomicUsize,
    refusing: AtomicUsize,
    /// Browser connections being served (their own cap, `opts.web.max_conns`).
    web_conns: AtomicUsize,
    /// The presenter's deck, then its translations: what the web view is built from.
    decks: Mutex<Vec<Deck>>,
    /// Where phones' asks go (installed by the run loop); none: every POST answers 503.
    inbox: Mutex<Option<super::ask::Inbox>>,
    /// The facilitator's phone's token (`--remote`); none: every remote endpoint answers 403.
    remote_token: Mutex<Option<String>>,
    /// The remote's state (presenter-only: notes, answer keys, the room's queue), for the
    /// token-protected stream only; its own lock and condvar, so it never wakes the phones.
    remote: Mutex<RemoteLatest>,
    remote_changed: Condvar,
    /// POSTs waiting for the run loop now (at most `opts.web.max_asks`).
    asks: AtomicUsize,
    /// This share's number, sent to pages (see `wire::encode_web_state_for`).
    number: u64,
    /// Whether the newest published state has participation open (set by `publish` itself, so
    /// a page answered after the run loop's sync never meets an older value).
    room_open: AtomicBool,
}

#[derive(Default)]
struct RemoteLatest {
    version: u64,
    line: Option<Arc<[u8]>>,
}

#[derive(Default)]
struct Mail {
    deck: Option<Arc<[u8]>>,
    state: Option<(Arc<[u8]>, ViewState)>,
    /// The state line with the join code, for followers on this machine (see `publish_with_code`).
    local: Option<Arc<[u8]>>,
    /// The deck list changed (a reload or new translations): rebuild the web view.
    decks: bool,
}

struct Latest {
    deck_version: u64,
    deck: Arc<[u8]>,
    /// Bumped when what followers see changes.
    version: u64,
    state: Option<Arc<[u8]>>,
    /// [`Latest::state`] with the room's join code: only for followers on the presenter's own
    /// machine (the `--presenter` projector window), which must show it to the room.
    local: Option<Arc<[u8]>>,
    key: Option<ViewState>,
    /// The web view of the newest state (see `wire::encode_web_state`).
    web: Option<Arc<[u8]>>,
    /// The newest full state, to rebuild the web view when the decks change.
    full: Option<ViewState>,
}

impl Inner {
    fn latest(&self) -> MutexGuard<'_, Latest> {
        self.latest.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn mailbox(&self) -> MutexGuard<'_, Mail> {
        self.mailbox.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn remote(&self) -> MutexGuard<'_, RemoteLatest> {
        self.remote.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn remote_token(&self) -> Option<String> {
        self.remote_token
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Moves what the presenter publishes to the followers and wakes them (the wake-up of a
/// few hundred threads costs milliseconds on a small machine: not the presenter's to pay).
fn notifier(inner: &Inner) {
    loop {
        let mail = {
            let mut m = inner.mailbox();
            while m.deck.is_none()
                && m.state.is_none()
                && !m.decks
                && !inner.stop.load(Ordering::SeqCst)
            {
                m = inner.mail.wait(m).unwrap_or_else(PoisonError::into_inner);
            }
            std::mem::take(&mut *m)
        };
        if inner.stop.load(Ordering::SeqCst) {
            inner.changed.notify_all();
            return;
        }
        let mut l = inner.latest();
        let mut changed = false;
        if let Some(deck) = mail.deck {
            l.deck = deck;
            l.deck_version += 1;
            changed = true;
        }
        if let Some((line, full)) = mail.state {
            l.state = Some(line);
            l.local = mail.local;
            let key = full.key();
            l.full = Some(full);
            if l.key.as_ref() != Some(&key) {
                l.key = Some(key);
                l.version += 1;
                changed = true;
            }
        }
        if let Some(full) = &l.full {
            let decks = inner.decks.lock().unwrap_or_else(PoisonError::into_inner);
            l.web = Some(wire::encode_web_state_for(full, &decks, inner.number).into());
        }
        if mail.decks {
            l.deck_version += 1;
            changed = true;
        }
        drop(l);
        if changed {
            inner.changed.notify_all();
        }
    }
}

/// Decrements a counter when dropped.
struct Count<'a>(&'a AtomicUsize);

impl Drop for Count<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Share {
    /// Start sharing `deck` (only its public part is ever sent) on `addr`, with default limits.
    pub fn start(addr: SocketAddr, deck: &Deck) -> io::Result<Share> {
        Self::start_with(addr, deck, Options::default())
    }

    /// Start sharing with explicit limits.
    pub fn start_with(addr: SocketAddr, deck: &Deck, opts: Options) -> io::Result<Share> {
        let listener = TcpListener::bind(addr)?;
        widen_backlog(&listener);
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let inner = Arc::new(Inner {
            opts,
            stop: AtomicBool::new(false),
            mailbox: Mutex::new(Mail::default()),
            mail: Condvar::new(),
            latest: Mutex::new(Latest {
                deck_version: 1,
                deck: deck_line(deck).0,
                version: 0,
                state: None,
                local: None,
                key: None,
                web: None,
                full: None,
            }),
            changed: Condvar::new(),
            conns: AtomicUsize::new(0),
            followers: AtomicUsize::new(0),
            refusing: AtomicUsize::new(0),
            web_conns: AtomicUsize::new(0),
            decks: Mutex::new(vec![deck.clone()]),
            inbox: Mutex::new(None),
            remote_token: Mutex::new(None),
            remote: Mutex::new(RemoteLatest::default()),
            remote_changed: Condvar::new(),
            asks: AtomicUsize::new(0),
            room_open: AtomicBool::new(false),
            number: share_number(),
        });
        let notify_inner = Arc::clone(&inner);
        let notifier = thread::Builder::new()
            .name("convene-notify".into())
            .spawn(move || notifier(&notify_inner))?;
        let accept_inner = Arc::clone(&inner);
        let accept = thread::Builder::new()
            .name("convene-share".into())
            .spawn(move || accept_loop(&listener, &accept_inner));
        let mut share = Share {
            inner,
            addr,
            threads: vec![notifier],
        };
        // On failure, dropping `share` stops the notifier.
        share.threads.push(accept?);
        Ok(share)
    }

    /// Make `state` the newest for every follower. Cheap (one serialisation, one
    /// uncontended lock, one thread woken) and never waits on the network. A state that looks
    /// the same as the last one (only the clock moved) refreshes what new followers get without
    /// waking the others.
    pub fn publish(&self, state: &ViewState) -> bool {
        self.publish_with_code(state, None)
    }

    /// [`Share::publish`], and for followers on this machine only (loopback: the projector
    /// window of `--presenter`), the same state with the open room's join code, which the
    /// projector shows the room. Phones and followers elsewhere never get the code: it is what
    /// keeps people outside the room, on a shared Wi-Fi, from taking part.
    pub fn publish_with_code(&self, state: &ViewState, code: Option<&str>) -> bool {
        let line: Arc<[u8]> = wire::encode_state(state).into();
        if line.len() > wire::STATE_LINE_MAX {
            return false;
        }
        let open = state.room.as_ref().is_some_and(|r| r.open);
        let local = code.filter(|_| open).map(|code| {
            let mut with = state.clone();
            if let Some(r) = &mut with.room {
                r.code = Some(code.to_owned());
            }
            Arc::<[u8]>::from(wire::encode_state(&with))
        });
        self.inner.room_open.store(open, Ordering::SeqCst);
        let mut m = self.inner.mailbox();
        m.state = Some((line, state.clone()));
        m.local = local;
        drop(m);
        self.inner.mail.notify_one();
        true
    }

    /// Send a new deck (after a live reload): followers get it, then the newest state. A deck
    /// too large for followers is not sent: they get a `busy` line saying why, and this
    /// returns that reason (the console shows it).
    pub fn set_deck(&self, deck: &Deck) -> Option<String> {
        let (line, error) = deck_line(deck);
        if let Some(first) = self.decks().first_mut() {
            *first = deck.clone();
        }
        self.inner.mailbox().deck = Some(line);
        self.inner.mail.notify_one();
        error
    }

    /// Offer the web view in these other languages too (decks sharing the slide ids; only
    /// their public part is sent, the current slide cut to its revealed steps).
    pub fn set_translations(&self, translations: &[Deck]) {
        {
            let mut decks = self.decks();
            decks.truncate(1);
            decks.extend(translations.iter().cloned());
        }
        self.inner.mailbox().decks = true;
        self.inner.mail.notify_one();
    }

    fn decks(&self) -> MutexGuard<'_, Vec<Deck>> {
        self.inner
            .decks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Hand phones' asks (participants' input, the remote's actions) to `inbox`.
    pub fn set_inbox(&self, inbox: super::ask::Inbox) {
        *self
            .inner
            .inbox
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(inbox);
    }

    /// Accept the facilitator's phone with this token (`--remote`), or none. Without one,
    /// the remote's state is forgotten and every `/remote/…` request answers 403.
    pub fn set_remote_token(&self, token: Option<String>) {
        let off = token.is_none();
        *self
            .inner
            .remote_token
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = token;
        if off {
            self.inner.remote().line = None;
        }
        self.inner.remote_changed.notify_all();
    }

    /// Whether a remote token is set (the run loop then builds the remote's state).
    pub fn has_remote(&self) -> bool {
        self.inner.remote_token().is_some()
    }

    /// Make `line` (see [`super::remote::encode_remote_state`]) the remote's newest state;
    /// the same bytes again wake nobody. Ignored without a remote token.
    pub fn publish_remote(&self, line: Vec<u8>) {
        if !self.has_remote() {
            return;
        }
        let mut r = self.inner.remote();
        if r.line.as_deref() == Some(&line[..]) {
            return;
        }
        r.line = Some(line.into());
        r.version += 1;
        drop(r);
        self.inner.remote_changed.notify_all();
    }

    /// The addresses the room can reach this share at: the one bound, or each of this
    /// machine's network addresses when bound to a wildcard address (looked up once a call).
    pub fn addresses(&self) -> Vec<SocketAddr> {
        addresses_for(self.addr, &local_addresses())
    }

    /// Browser connections open now (pages loading and event streams).
    pub fn web_count(&self) -> usize {
        self.inner.web_conns.load(Ordering::SeqCst)
    }

    /// The address actually bound (the port is chosen by the system for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Followers connected now (past their hello).
    pub fn follower_count(&self) -> usize {
        self.inner.followers.load(Ordering::SeqCst)
    }

    /// Whether only this machine can connect.
    pub fn is_loopback(&self) -> bool {
        self.addr.ip().is_loopback()
    }

    /// The exact commands to give participants: `convene follow HOST:PORT`. Bound to a
    /// wildcard address (`0.0.0.0`, `::`), one line per network address of this machine
    /// (see [`local_addresses`]); else the bound address itself.
    pub fn join_line(&self) -> Vec<String> {
        self.addresses().iter().map(|a| join_command(*a)).collect()
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        self.inner.stop.store(true, Ordering::SeqCst);
        // Taking the lock orders the flag before the notifier's check-then-wait.
        drop(self.inner.mailbox());
        self.inner.mail.notify_all();
        drop(self.inner.latest());
        self.inner.changed.notify_all();
        drop(self.inner.remote());
        self.inner.remote_changed.notify_all();
        for h in self.threads.drain(..) {
            let _ = h.join();
        }
    }
}

/// What the presenter's run loop keeps for `--presenter` and `--share`: the share (if it
/// started), the console's information, and the deck followers have. One call per frame,
/// [`Presenting::sync`], does all of follow mode's work.
pub struct Presenting {
    share: Option<Share>,
    /// The [`App::deck_generation`] of the deck last sent to followers (a live reload sends
    /// the new one): comparing it is O(1), where comparing decks cost a whole deck per key.
    deck_generation: u64,
    /// Why the current deck cannot be followed (too large), if so.
    deck_error: Option<String>,
    /// Why the share did not start, if so.
    start_error: Option<String>,
    /// What the console shows besides the app (join lines, followers, pacing).
    pub info: ConsoleInfo,
}

impl Presenting {
    /// Share `app`'s deck on `addr`. Never fails: when the share cannot start (the port is in
    /// use…), the console says why in `info.share_error` and the session goes on.
    pub fn start(addr: SocketAddr, app: &App) -> Presenting {
        Self::start_with(addr, app, Options::default())
    }

    /// [`Presenting::start`] with explicit limits (tests and benches).
    pub fn start_with(addr: SocketAddr, app: &App, opts: Options) -> Presenting {
        let mut info = ConsoleInfo::default();
        let share = match Share::start_with(addr, &app.deck, opts) {
            Ok(share) => {
                let addresses = share.addresses();
                info.join = addresses.iter().map(|a| join_command(*a)).collect();
                info.web = addresses.iter().map(|a| web_url(*a)).collect();
                info.qr = info
                    .web
                    .first()
                    .map(|u| crate::present::ui::qr::half_blocks(u))
                    .unwrap_or_default();
                info.loopback = share.is_loopback();
                share.set_translations(&translations_of(&app.deck));
                Some(share)
            }
            Err(e) => {
                info.share_error = Some(match e.kind() {
                    io::ErrorKind::AddrInUse => format!(
                        "{addr} is in use (another convene presenting?): choose another with --share"
                    ),
                    io::ErrorKind::AddrNotAvailable => {
                        format!("{addr} is not an address of this machine")
                    }
                    _ => format!("{addr}: {e}"),
                });
                None
            }
        };
        let deck_error = share.as_ref().and_then(|_| {
            let (_, error) = deck_line(&app.deck);
            error
        });
        let mut p = Presenting {
            share,
            deck_generation: app.deck_generation,
            deck_error,
            start_error: info.share_error.clone(),
            info,
        };
        p.observe(app);
        p.sync(app);
        p
    }

    /// A console without sharing.
    pub fn without_share(app: &App) -> Presenting {
        let mut p = Presenting {
            share: None,
            deck_generation: app.deck_generation,
            deck_error: None,
            start_error: None,
            info: ConsoleInfo::default(),
        };
        p.observe(app);
        p
    }

    /// Before every draw: the console's pacing notes the slide on screen and since when.
    pub fn observe(&mut self, app: &App) {
        self.info.pacing.observe(app);
    }

    /// After every draw: sends a reloaded deck, publishes the view state, refreshes the
    /// follower count. Cheap; never blocks. (After the frame, because it wakes a thread per
    /// follower and phone: 300 phones cost the presenter 8 ms per key when they woke before
    /// the frame was drawn; `benches/web.rs`.)
    pub fn sync(&mut self, app: &App) {
        if let Some(share) = &self.share {
            if app.deck_generation != self.deck_generation {
                self.deck_generation = app.deck_generation;
                self.deck_error = share.set_deck(&app.deck);
            }
            let code = app.room.code.as_deref().filter(|_| app.room.open);
            let sent = share.publish_with_code(&ViewState::from_app(app), code);
            self.info.share_error = match (&self.deck_error, sent) {
                (Some(e), _) => Some(e.clone()),
                (None, false) => Some(
                    crate::words::strings::for_lang(&app.deck.meta.language)
                        .notices
                        .view_too_large
                        .replace("{kib}", &(wire::STATE_LINE_MAX >> 10).to_string()),
                ),
                (None, true) => self.start_error.clone(),
            };
            self.info.followers = share.follower_count();
            if share.has_remote() {
                share.publish_remote(super::remote::encode_remote_state(app, &self.info.pacing));
            }
        }
    }

    /// Hand phones' asks to `inbox` (see [`super::ask`]); nothing without a share.
    pub fn set_inbox(&self, inbox: super::ask::Inbox) {
        if let Some(share) = &self.share {
            share.set_inbox(inbox);
        }
    }

    /// Accept the facilitator's phone with this token (`--remote`), or none. Call
    /// [`Presenting::sync`] after it: the remote's first state is built there.
    pub fn set_remote_token(&self, token: Option<String>) {
        if let Some(share) = &self.share {
            share.set_remote_token(token);
        }
    }

    pub fn share(&self) -> Option<&Share> {
        self.share.as_ref()
    }

    /// Offer phones these languages instead of the bundled pair's (the deck's own
    /// `[deck] translation`).
    pub fn set_translations(&self, translations: &[Deck]) {
        if let Some(share) = &self.share {
            share.set_translations(translations);
        }
    }

    /// One line for the audience view's status (when the console is not shown): where the
    /// session is shared and who can connect; `None` when not sharing.
    pub fn notice(&self, words: &crate::words::strings::NoticeWords) -> Option<String> {
        if let Some(e) = &self.info.share_error {
            return Some(words.not_sharing.replace("{error}", e));
        }
        let share = self.share.as_ref()?;
        let mut join = self.info.join.first().cloned().unwrap_or_default();
        if let Some(url) = self.info.web.first() {
            join = format!("{url} ({}) · {join}", words.phones);
        }
        Some(if share.is_loopback() {
            words.sharing_local.replace("{join}", &join)
        } else {
            words.sharing_network.replace("{join}", &join)
        })
    }
}

/// The bundled decks in other languages with exactly the same slide ids as `deck` (the bundled
/// pair translates each other), offered to phones as other languages.
pub fn translations_of(deck: &Deck) -> Vec<Deck> {
    let ids: Vec<&str> = deck.slides.iter().map(|s| s.id.as_str()).collect();
    [crate::words::Lang::En, crate::words::Lang::Fr]
        .into_iter()
        .filter_map(|l| crate::deck::bundled::deck(l).ok())
        .filter(|d| {
            d.meta.language != deck.meta.language
                && d.slides
                    .iter()
                    .map(|s| s.id.as_str())
                    .eq(ids.iter().copied())
        })
        .collect()
}

/// The join commands for a bound address, given this machine's addresses.
pub fn join_lines_for(addr: SocketAddr, local: &[IpAddr]) -> Vec<String> {
    addresses_for(addr, local)
        .into_iter()
        .map(join_command)
        .collect()
}

/// The addresses a share bound to `addr` is reached at: `addr` itself, or with a wildcard
/// address each of `local` (of the same family, IPv4 for `0.0.0.0`), else loopback.
pub fn addresses_for(addr: SocketAddr, local: &[IpAddr]) -> Vec<SocketAddr> {
    if !addr.ip().is_unspecified() {
        return vec![addr];
    }
    let port = addr.port();
    let found: Vec<SocketAddr> = local
        .iter()
        .filter(|ip| addr.is_ipv6() || ip.is_ipv4())
        .map(|ip| SocketAddr::new(*ip, port))
        .collect();
    if found.is_empty() {
        vec![SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)]
    } else {
        found
    }
}

/// What a participant types to follow in a terminal.
pub fn join_command(addr: SocketAddr) -> String {
    format!("convene follow {addr}")
}

/// The page's address for participants' phones.
pub fn web_url(addr: SocketAddr) -> String {
    format!("http://{addr}/")
}

/// This machine's IPv4 network addresses (loopback left out), best first.
///
/// On Linux, the local host routes in `/proc/net/fib_trie` (every address of every interface
/// that is up, no new dependency); elsewhere, or when that finds nothing, the address the
/// system would use for an outside route, found by `connect`ing a UDP socket (which sends
/// nothing) to a documentation address. Private LAN ranges come first, link-local last.
pub fn local_addresses() -> Vec<IpAddr> {
    let mut found = std::fs::read_to_string("/proc/net/fib_trie")
        .map(|t| parse_fib_trie(&t))
        .unwrap_or_default();
    if let Some(primary) = primary_address() {
        found.retain(|ip| *ip != primary);
        found.insert(0, primary);
    }
    found.sort_by_key(rank);
    found.into_iter().map(IpAddr::V4).collect()
}

fn rank(ip: &Ipv4Addr) -> u8 {
    if ip.is_link_local() {
        3
    } else if ip.is_private() {
        // 172.17.x is Docker's default bridge: never where participants are.
        if ip.octets()[0] == 172 && ip.octets()[1] == 17 {
            2
        } else {
            0
        }
    } else {
        1
    }
}

/// The source address of the default route (no packet is sent).
fn primary_address() -> Option<Ipv4Addr> {
    let s = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    s.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).ok()?;
    match s.local_addr().ok()?.ip() {
        IpAddr::V4(ip) if !ip.is_unspecified() && !ip.is_loopback() => Some(ip),
        _ => None,
    }
}

/// Addresses marked `/32 host LOCAL` in `/proc/net/fib_trie`, loopback left out, each once.
pub fn parse_fib_trie(text: &str) -> Vec<Ipv4Addr> {
    let mut out: Vec<Ipv4Addr> = Vec::new();
    let mut last: Option<Ipv4Addr> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("|--") {
            last = rest.trim().parse().ok();
        } else if t.starts_with("/32 host LOCAL")
            && let Some(ip) = last.take()
            && !ip.is_loopback()
            && !out.contains(&ip)
        {
            out.push(ip);
        }
    }
    out
}

/// A number for this share, different from the last one's (the clock's nanoseconds; never 0).
fn share_number() -> u64 {
    let ns = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos());
    u64::try_from(ns % u128::from(u64::MAX)).unwrap_or(1).max(1)
}

/// Connections the system queues for the accept loop: a whole room voting at once.
#[cfg(unix)]
const BACKLOG: i32 = 1024;

/// Listen again with a queue of [`BACKLOG`] (std listens with 128: 300 phones sending their
/// votes in the same moment overflow it, and each dropped connection waits a second for the
/// system to try again; `benches/participation.rs`). The system caps it (`somaxconn`); a
/// failure keeps std's queue.
fn widen_backlog(listener: &TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: `listen` on a socket this listener owns and keeps open; it only changes the
        // length of its queue of pending connections.
        let _ = unsafe { libc::listen(listener.as_raw_fd(), BACKLOG) };
    }
    #[cfg(not(unix))]
    let _ = listener;
}

fn accept_loop(listener: &TcpListener, inner: &Arc<Inner>) {
    while !inner.stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => admit(stream, inner),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => thread::sleep(ACCEPT_POLL),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            // Out of file descriptors, a connection reset before accept…: wait and go on.
            Err(_) => thread::sleep(ACCEPT_POLL * 5),
        }
    }
}

fn admit(stream: TcpStream, inner: &Arc<Inner>) {
    // Accepted sockets may inherit the listener's non-blocking mode (not on Linux; on BSDs).
    if stream.set_nonblocking(false).is_err() {
        return;
    }
    // Connections: the followers (past their hello, at most `max_followers`), at most
    // `MAX_HELLOS` more still saying hello (each for at most `hello_timeout` in all), and the
    // browsers of the web view.
    let cap = inner.opts.max_followers + MAX_HELLOS + inner.opts.web.max_conns;
    let taken = inner
        .conns
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
            (n < cap).then_some(n + 1)
        });
    if taken.is_err() {
        refuse(stream, inner);
        return;
    }
    let serve_inner = Arc::clone(inner);
    let spawned = thread::Builder::new()
        .name("convene-follower".into())
        .stack_size(256 * 1024)
        .spawn(move || {
            let _slot = Count(&serve_inner.conns);
            let _ = serve(&stream, &serve_inner);
        });
    if spawned.is_err() {
        inner.conns.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Tell a connection past the cap that the session is full, then close it.
fn refuse(stream: TcpStream, inner: &Arc<Inner>) {
    let taken = inner
        .refusing
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
            (n < MAX_REFUSING).then_some(n + 1)
        });
    if taken.is_err() {
        return;
    }
    let cap = inner.opts.max_followers;
    let refuse_inner = Arc::clone(inner);
    let spawned = thread::Builder::new()
        .name("convene-busy".into())
        .stack_size(64 * 1024)
        .spawn(move || {
            let _slot = Count(&refuse_inner.refusing);
            let msg = if refuse_inner.followers.load(Ordering::SeqCst) >= cap {
                format!(
                    "this session already has {cap} followers, the most it allows; try again later"
                )
            } else {
                "too many connections are starting at once; try again in a moment".to_owned()
            };
            if write_within(&stream, &wire::encode_busy(&msg), Duration::from_secs(1)).is_ok() {
                let _ = stream.shutdown(Shutdown::Write);
                // Read what the client sent (its hello) before closing, so the close is a clean
                // end of stream and not a reset that could lose the busy line.
                let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
                let _ = io::copy(&mut (&stream).take(4096), &mut io::sink());
            }
        });
    if spawned.is_err() {
        inner.refusing.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The deck's line for followers, or — when it is over [`wire::DECK_LINE_MAX`], which a
/// follower would refuse — a `busy` line saying so (the follower shows why it cannot follow),
/// with the reason for the console.
fn deck_line(deck: &Deck) -> (Arc<[u8]>, Option<String>) {
    let line = wire::encode_deck(deck);
    if line.len() <= wire::DECK_LINE_MAX {
        return (line.into(), None);
    }
    let (mib, max) = (
        line.len().div_ceil(1 << 20).to_string(),
        (wire::DECK_LINE_MAX >> 20).to_string(),
    );
    // The wire's reason stays in the protocol's words (the follower recognises it); the
    // console says it in the deck's language.
    let reason = format!(
        "{}: {mib} MiB; followers take at most {max} MiB",
        wire::DECK_TOO_LARGE
    );
    let console = crate::words::strings::for_lang(&deck.meta.language)
        .notices
        .deck_too_large
        .replace("{mib}", &mib)
        .replace("{max}", &max);
    (wire::encode_busy(&reason).into(), Some(console))
}

/// Connections still saying hello, beyond the followers.
const MAX_HELLOS: usize = 64;

/// Reads from a stream until a deadline: each read waits only for the time left.
struct Deadline<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// Serve one connection: hello, then the deck and the newest states until it fails or the
/// share stops.
/// Whether a follower connecting from `peer` is on the presenter's own machine (the
/// `--presenter` projector window): only such a follower gets the room's join code.
fn is_projector(peer: Option<SocketAddr>) -> bool {
    peer.is_some_and(|a| a.ip().is_loopback())
}

fn serve(stream: &TcpStream, inner: &Inner) -> io::Result<()> {
    let opts = inner.opts;
    stream.set_nodelay(true)?;
    // The first byte says which protocol: HTTP (a method's capital letter) goes to the web
    // view; anything else must be a follower's hello.
    stream.set_read_timeout(Some(opts.hello_timeout))?;
    let mut first = [0u8; 1];
    if stream.peek(&mut first)? == 0 {
        return Ok(());
    }
    if web::looks_like_http(first[0]) {
        web::serve(stream, inner, &opts.web, &inner.web_conns);
        return Ok(());
    }
    // One deadline for the whole hello: a client dripping a byte at a time cannot hold a
    // connection longer than `hello_timeout`.
    let deadline = Instant::now() + opts.hello_timeout;
    let mut reader = BufReader::with_capacity(wire::HELLO_MAX, Deadline { stream, deadline });
    let mut hello = Vec::new();
    let read = wire::read_line(&mut reader, wire::HELLO_MAX, &mut hello)?;
    if read != wire::LineRead::Line || wire::parse_hello(&hello).is_none() {
        return Err(io::ErrorKind::InvalidData.into());
    }
    // From here on nothing the follower sends is read.
    drop(reader);
    // A follower slot is taken only now, past the hello.
    let cap = opts.max_followers;
    if inner
        .followers
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
            (n < cap).then_some(n + 1)
        })
        .is_err()
    {
        let msg = format!(
            "this session already has {cap} followers, the most it allows; try again later"
        );
        write_within(stream, &wire::encode_busy(&msg), Duration::from_secs(1))?;
        let _ = stream.shutdown(Shutdown::Write);
        return Ok(());
    }
    let _follower = Count(&inner.followers);

    // A follower on this machine is the presenter's own projector window: it gets the join code.
    let here = is_projector(stream.peer_addr().ok());
    let mut sent_deck = 0;
    let mut sent_version = 0;
    let mut first = true;
    loop {
        let (deck, state) = {
            let mut l = inner.latest();
            let deadline = Instant::now() + opts.keepalive;
            loop {
                if inner.stop.load(Ordering::SeqCst) {
                    drop(l);
                    let _ = write_within(stream, &wire::encode_bye(), Duration::from_millis(200));
                    let _ = stream.shutdown(Shutdown::Both);
                    return Ok(());
                }
                if first || l.deck_version != sent_deck || l.version != sent_version {
                    break;
                }
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    // Keepalive: the newest state again.
                    break;
                }
                l = inner
                    .changed
                    .wait_timeout(l, left)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            first = false;
            let deck = (l.deck_version != sent_deck).then(|| Arc::clone(&l.deck));
            sent_deck = l.deck_version;
            sent_version = l.version;
            let state = match &l.local {
                Some(local) if here => Some(Arc::clone(local)),
                _ => l.state.clone(),
            };
            (deck, state)
        };
        let sent_deck_now = deck.is_some();
        if let Some(deck) = deck {
            write_within(stream, &deck, opts.deck_timeout)?;
        }
        match state {
            Some(state) => write_within(stream, &state, opts.write_timeout)?,
            // Keepalive before the first state: a follower that went away is found out.
            None if !sent_deck_now => {
                write_within(stream, &wire::encode_ping(), opts.write_timeout)?;
            }
            None => {}
        }
    }
}

impl web::Feed for Inner {
    fn next(&self, seen: &mut u64, first: bool, timeout: Duration) -> web::Next {
        let mut l = self.latest();
        let deadline = Instant::now() + timeout;
        loop {
            if self.stop.load(Ordering::SeqCst) {
                return web::Next::Stop;
            }
            let now = l.version.wrapping_add(l.deck_version << 32);
            if l.web.is_some() && (first || now != *seen) {
                *seen = now;
                return l.web.clone().map_or(web::Next::Quiet, web::Next::State);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                // Keepalive: the newest state again (its timers are fresh).
                return l.web.clone().map_or(web::Next::Quiet, web::Next::State);
            }
            l = self
                .changed
                .wait_timeout(l, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn remote_next(&self, seen: &mut u64, first: bool, timeout: Duration) -> web::Next {
        let mut r = self.remote();
        let deadline = Instant::now() + timeout;
        loop {
            // The token was withdrawn (or the share stops): the stream ends.
            if self.stop.load(Ordering::SeqCst) || self.remote_token().is_none() {
                return web::Next::Stop;
            }
            if r.line.is_some() && (first || r.version != *seen) {
                *seen = r.version;
                return r.line.clone().map_or(web::Next::Quiet, web::Next::State);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return r.line.clone().map_or(web::Next::Quiet, web::Next::State);
            }
            r = self
                .remote_changed
                .wait_timeout(r, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn remote_ok(&self, token: &str) -> bool {
        self.remote_token()
            .is_some_and(|t| !t.is_empty() && super::remote::same_token(token, &t))
    }

    fn ask(&self, ask: Ask) -> Result<Answer, web::Unanswered> {
        let Some(inbox) = self
            .inbox
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        else {
            return Err(web::Unanswered::Gone);
        };
        // Participation closed (as the room was last published): answered here, so a flood
        // at a closed room never reaches the run loop.
        if matches!(ask, Ask::Room { .. }) && !self.room_open.load(Ordering::SeqCst) {
            return Ok(Answer::Refused(Refused::Closed));
        }
        let max = self.opts.web.max_asks;
        if self
            .asks
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .is_err()
        {
            return Err(web::Unanswered::Busy);
        }
        let _waiting = Count(&self.asks);
        super::ask::ask(&inbox, ask).ok_or(web::Unanswered::Gone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_follower_on_this_machine_gets_the_join_code() {
        let at = |s: &str| s.parse::<SocketAddr>().ok();
        assert!(is_projector(at("127.0.0.1:50000")) && is_projector(at("[::1]:50000")));
        assert!(
            !is_projector(at("192.168.1.23:50000")),
            "a laptop in the room"
        );
        assert!(!is_projector(at("10.0.0.7:50000")) && !is_projector(None));
    }

    #[test]
    fn fib_trie_local_addresses() {
        let text = "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n        /0 universe UNICAST\n\
                    \x20    +-- 127.0.0.0/8 2 0 2\n           |-- 127.0.0.1\n              /32 host LOCAL\n\
                    \x20          |-- 192.168.1.0\n              /24 link UNICAST\n\
                    \x20          |-- 192.168.1.23\n              /32 host LOCAL\n\
                    \x20       |-- 192.168.1.255\n           /32 link BROADCAST\n\
                    Local:\n           |-- 192.168.1.23\n              /32 host LOCAL\n\
                    \x20          |-- 10.0.0.7\n              /32 host LOCAL\n";
        assert_eq!(
            parse_fib_trie(text),
            vec![Ipv4Addr::new(192, 168, 1, 23), Ipv4Addr::new(10, 0, 0, 7)]
        );
        assert!(parse_fib_trie("garbage\n/32 host LOCAL\n|--").is_empty());
    }

    #[test]
    fn join_lines() {
        let any: SocketAddr = "0.0.0.0:7878".parse().unwrap_or_else(|_| unreachable!());
        let lan = [IpAddr::V4(Ipv4Addr::new(192, 168, 1, 23))];
        assert_eq!(
            join_lines_for(any, &lan),
            vec!["convene follow 192.168.1.23:7878"]
        );
        assert_eq!(
            join_lines_for(any, &[]),
            vec!["convene follow 127.0.0.1:7878"]
        );
        let lo: SocketAddr = "127.0.0.1:9000".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!(
            join_lines_for(lo, &lan),
            vec!["convene follow 127.0.0.1:9000"]
        );
        let v6: SocketAddr = "[::1]:7878".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!(join_lines_for(v6, &lan), vec!["convene follow [::1]:7878"]);
        // The phones' page is at the same addresses as `convene follow`.
        let urls: Vec<String> = addresses_for(any, &lan).into_iter().map(web_url).collect();
        assert_eq!(urls, vec!["http://192.168.1.23:7878/"]);
        assert_eq!(web_url(v6), "http://[::1]:7878/");
    }

    #[test]
    fn presenting_reports_a_port_in_use_and_goes_on() {
        let deck = match crate::deck::bundled::deck(crate::words::Lang::En) {
            Ok(d) => d,
            Err(e) => panic!("{}", e.render("bundled", false)),
        };
        let app = App::new(deck, 0);
        let any: SocketAddr = "127.0.0.1:0".parse().unwrap_or_else(|_| unreachable!());
        let first = Presenting::start(any, &app);
        let Some(addr) = first.share().map(Share::local_addr) else {
            panic!("{:?}", first.info.share_error);
        };
        assert!(first.info.loopback);
        assert_eq!(first.info.join, vec![format!("convene follow {addr}")]);
        let second = Presenting::start(addr, &app);
        assert!(second.share().is_none());
        let err = second.info.share_error.clone().unwrap_or_default();
        assert!(err.contains("in use"), "{err}");
        assert!(
            second
                .notice(&crate::words::strings::for_lang("en").notices)
                .is_some_and(|n| n.starts_with("not sharing"))
        );
        assert!(
            first
                .notice(&crate::words::strings::for_lang("en").notices)
                .is_some_and(|n| n.contains("this machine only"))
        );
        // In a French deck, in French.
        let fr = &crate::words::strings::for_lang("fr").notices;
        assert!(
            second
                .notice(fr)
                .is_some_and(|n| n.starts_with("pas de partage"))
        );
        assert!(
            first
                .notice(fr)
                .is_some_and(|n| n.contains("cet ordinateur seulement"))
        );
    }

    #[test]
    fn ranking_puts_lan_first() {
        let mut v = [
            Ipv4Addr::new(169, 254, 3, 4),
            Ipv4Addr::new(172, 17, 0, 1),
            Ipv4Addr::new(8, 8, 8, 8),
            Ipv4Addr::new(192, 168, 0, 2),
        ];
        v.sort_by_key(rank);
        assert_eq!(v[0], Ipv4Addr::new(192, 168, 0, 2));
        assert_eq!(v[3], Ipv4Addr::new(169, 254, 3, 4));
    }
}
