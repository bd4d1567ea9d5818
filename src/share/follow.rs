//! `convene follow [ADDR] [--plain]`: the audience view of a shared session.
//!
//! ```text
//!  network thread ── connect, hello, read lines (bounded) ──┐
//!    (reconnects with backoff 0.25 s → 5 s, forever)        │ Msg::Net
//!  input thread ── terminal events ─────────────────────────┤ Msg::Term      main loop:
//!  signal thread ── SIGTERM / SIGHUP / SIGINT ──────────────┘ Msg::Signal    Follower → draw
//! ```
//!
//! The follower keeps a local [`App`] built from the public deck the presenter sends, and
//! shows each snapshot with [`wire::apply`]: it draws with the same `ui::render` as the
//! presenter. Left/Right look back through the same `update` (never past the presenter);
//! `l` or End return to live. It never exits on its own: when the presenter goes away it says
//! so and keeps reconnecting. `--plain` prints each slide as plain text instead, for screen
//! readers, braille displays and logs.

use crate::deck::Deck;
use crate::deck::checklist;
use crate::present::app::{self, Action, App, Millis, Overlay, TimerPhase, clock};
use crate::present::terminal::{Guard, now_ms, view_from_env};
use crate::present::ui::{self, View};
use crate::share::wire::{self, Incoming, LineRead, Screen, ViewState};
use crate::words::strings::{self, Strings};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use std::io::{self, BufReader, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

/// The address `convene follow` connects to when none is given.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7878";
/// First and longest wait between connection attempts.
const BACKOFF_MIN: Duration = Duration::from_millis(250);
const BACKOFF_MAX: Duration = Duration::from_secs(5);
/// With nothing from the presenter for this long (it sends at least every 5 s), reconnect.
const READ_TIMEOUT: Duration = Duration::from_secs(15);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// The follower's language before a deck arrives: the locale's.
fn locale_text() -> &'static Strings {
    match crate::deck::bundled::language(None) {
        crate::words::Lang::Fr => &strings::FR,
        crate::words::Lang::En => &strings::EN,
    }
}

/// `HOST` alone gets the default port; `HOST:PORT` and `[V6]:PORT` are kept.
pub fn normalise_addr(addr: &str) -> Result<String, String> {
    let a = addr.trim();
    if a.is_empty() {
        return Ok(DEFAULT_ADDR.to_owned());
    }
    if a.parse::<SocketAddr>().is_ok() {
        return Ok(a.to_owned());
    }
    if let Ok(ip) = a.trim_matches(['[', ']']).parse::<std::net::IpAddr>() {
        return Ok(SocketAddr::new(ip, wire::DEFAULT_PORT).to_string());
    }
    match a.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && !host.contains(':') => port
            .parse::<u16>()
            .map(|_| a.to_owned())
            .map_err(|_| format!("`{port}` is not a port number (1-65535)")),
        Some(_) => Err(format!("`{a}` is not an address: use HOST:PORT")),
        None if a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c)) =>
        {
            Ok(format!("{a}:{}", wire::DEFAULT_PORT))
        }
        None => Err(format!("`{a}` is not an address: use HOST:PORT")),
    }
}

/// What the network thread reports.
#[derive(Debug)]
pub enum Net {
    Connecting,
    Connected,
    Deck(Box<Deck>),
    State(Box<ViewState>),
    /// The connection ended; the thread waits and tries again.
    Lost(Link),
}

/// The state of the link to the presenter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Connected,
    /// Not connected: waiting to try again.
    Waiting,
    Busy,
    /// The presenter said goodbye.
    Ended,
    Incompatible(String),
    /// What the presenter sends cannot be followed (the follower says why, and tries again).
    Refused(Refusal),
}

/// Why a presenter cannot be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A deck without slides.
    Empty,
    /// A deck over the wire's limit.
    TooLarge,
    /// Not the follow protocol.
    Garbage,
}

/// Connect to `addr` and report everything the presenter sends, forever (until `stop`).
pub fn network(addr: String, tx: impl Fn(Net) -> bool, stop: &AtomicBool) {
    let mut backoff = BACKOFF_MIN;
    while !stop.load(Ordering::SeqCst) {
        if !tx(Net::Connecting) {
            return;
        }
        let (link, got_deck) = session(&addr, &tx, stop);
        if got_deck {
            backoff = BACKOFF_MIN;
        }
        let wait = if matches!(link, Link::Busy | Link::Refused(_)) {
            BACKOFF_MAX
        } else {
            backoff
        };
        if !tx(Net::Lost(link)) {
            return;
        }
        let until = std::time::Instant::now() + wait;
        while std::time::Instant::now() < until && !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50));
        }
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

/// One connection: returns how it ended and whether a deck arrived.
fn session(addr: &str, tx: &impl Fn(Net) -> bool, stop: &AtomicBool) -> (Link, bool) {
    let Some(stream) = connect(addr) else {
        return (Link::Waiting, false);
    };
    let hello = stream
        .set_write_timeout(Some(CONNECT_TIMEOUT))
        .and_then(|()| (&stream).write_all(&wire::hello_line()))
        .and_then(|()| stream.set_read_timeout(Some(READ_TIMEOUT)));
    if hello.is_err() {
        return (Link::Waiting, false);
    }
    let mut reader = BufReader::with_capacity(64 * 1024, &stream);
    let mut line = Vec::new();
    let mut got_deck = false;
    while !stop.load(Ordering::SeqCst) {
        match wire::read_line(&mut reader, wire::DECK_LINE_MAX + 2, &mut line) {
            Ok(LineRead::Line) => {}
            Ok(LineRead::TooLong) => return (Link::Refused(Refusal::TooLarge), got_deck),
            Ok(LineRead::Eof) | Err(_) => return (Link::Waiting, got_deck),
        }
        let msg = match wire::decode(&line) {
            Ok(Incoming::Deck(d)) => {
                if !got_deck && !tx(Net::Connected) {
                    return (Link::Waiting, got_deck);
                }
                got_deck = true;
                Net::Deck(d)
            }
            // A state before any deck is meaningless.
            Ok(Incoming::State(s)) if got_deck => Net::State(s),
            Ok(Incoming::State(_) | Incoming::Other | Incoming::Ping) => continue,
            Ok(Incoming::Busy(m)) if m.starts_with(wire::DECK_TOO_LARGE) => {
                return (Link::Refused(Refusal::TooLarge), got_deck);
            }
            Ok(Incoming::Busy(_)) => return (Link::Busy, got_deck),
            Ok(Incoming::Bye) => return (Link::Ended, got_deck),
            Err(wire::WireError::Version(v)) => {
                return (Link::Incompatible(format!("v{v}")), got_deck);
            }
            // The follower says why it cannot follow, then tries again.
            Err(wire::WireError::EmptyDeck) => return (Link::Refused(Refusal::Empty), got_deck),
            Err(wire::WireError::TooLong) => {
                return (Link::Refused(Refusal::TooLarge), got_deck);
            }
            Err(_) => return (Link::Refused(Refusal::Garbage), got_deck),
        };
        if !tx(msg) {
            return (Link::Waiting, got_deck);
        }
    }
    (Link::Waiting, got_deck)
}

fn connect(addr: &str) -> Option<TcpStream> {
    let addrs = addr.to_socket_addrs().ok()?;
    addrs
        .into_iter()
        .find_map(|a| TcpStream::connect_timeout(&a, CONNECT_TIMEOUT).ok())
}

/// The follower's state: the local app on the public deck, the presenter's newest snapshot,
/// and whether the view follows it.
pub struct Follower {
    pub addr: String,
    pub app: Option<App>,
    /// The presenter's newest snapshot.
    pub latest: Option<ViewState>,
    /// Whether the view follows the presenter (else the participant is looking back).
    pub following: bool,
    pub link: Link,
    size: (u16, u16),
    /// The deck as last received (the app's copy also holds revealed answer keys).
    received: Option<Deck>,
    /// Full screen (not `--plain`): prompts show no planned minutes, whose "t: start timer"
    /// hint is the presenter's, not the audience's; a started timer shows as usual.
    screen: bool,
    /// A screen this follower opened for itself (support, its help): never the presenter's.
    pub private: Option<Private>,
}

/// A screen a participant opens on their own follower, over whatever the presenter shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Private {
    /// `s`: the support resources.
    Support,
    /// `?`: the follower's own keys.
    Help,
}

/// What a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyResult {
    Nothing,
    Changed,
    Quit,
}

impl Follower {
    pub fn new(addr: String) -> Self {
        Follower {
            addr,
            app: None,
            latest: None,
            following: true,
            link: Link::Connecting,
            size: (80, 24),
            received: None,
            screen: true,
            private: None,
        }
    }

    /// Handle one network report.
    pub fn on_net(&mut self, net: Net, now: Millis) {
        match net {
            Net::Connecting => {
                if !matches!(
                    self.link,
                    Link::Waiting | Link::Ended | Link::Busy | Link::Refused(_)
                ) {
                    self.link = Link::Connecting;
                }
            }
            Net::Connected => self.link = Link::Connected,
            Net::Lost(link) => self.link = link,
            Net::Deck(d) => self.on_deck(*d, now),
            Net::State(s) => self.on_state(*s, now),
        }
    }

    fn on_deck(&mut self, deck: Deck, now: Millis) {
        self.link = Link::Connected;
        if self.received.as_ref() == Some(&deck) && self.app.is_some() {
            return;
        }
        self.received = Some(deck.clone());
        let mut deck = deck;
        if self.screen {
            let extras = deck.slides.iter_mut().filter_map(|s| s.extras.as_mut());
            for p in extras.flat_map(|x| x.prompts.iter_mut()) {
                p.minutes = None;
            }
        }
        let mut a = App::new(deck, now);
        // No presenter keys: nothing on screen may name a key this follower does not take
        // (the status line's "c: elements").
        a.keys = Vec::new();
        app::update(
            &mut a,
            &Action::Resize {
                width: self.size.0,
                height: self.size.1,
            },
            now,
        );
        self.app = Some(a);
        self.following = true;
    }

    fn on_state(&mut self, state: ViewState, now: Millis) {
        self.latest = Some(state);
        if self.following {
            self.show_live(now);
        }
    }

    fn show_live(&mut self, now: Millis) {
        if let (Some(a), Some(s)) = (&mut self.app, &self.latest) {
            app::update(a, &Action::Clock, now);
            wire::apply(s, a);
        }
    }

    /// How far the view is behind the presenter: `None` when live, else slides behind.
    pub fn behind(&self) -> Option<usize> {
        if self.following {
            return None;
        }
        let live = self.latest.as_ref().map_or(0, |s| s.slide);
        Some(live.saturating_sub(self.app.as_ref().map_or(0, |a| a.slide)))
    }

    fn live_position(&self) -> Option<(usize, usize)> {
        let s = self.latest.as_ref()?;
        let a = self.app.as_ref()?;
        // Where `apply` would put the view (the slide found by id, the step clamped).
        let mut probe = a.clone();
        wire::apply(s, &mut probe);
        Some((probe.slide, probe.step))
    }

    /// Handle a key press.
    pub fn on_key(&mut self, key: KeyEvent, now: Millis) -> KeyResult {
        if key.kind == event::KeyEventKind::Release {
            return KeyResult::Nothing;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            return KeyResult::Quit;
        }
        // A private screen: Esc, q, Enter or its own key close it.
        if self.private.is_some() {
            return match key.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q' | 's' | '?') => {
                    self.private = None;
                    KeyResult::Changed
                }
                _ => KeyResult::Nothing,
            };
        }
        match key.code {
            KeyCode::Char('q' | 'Q') => return KeyResult::Quit,
            KeyCode::Char('s') if self.app.is_some() => {
                self.private = Some(Private::Support);
                return KeyResult::Changed;
            }
            KeyCode::Char('?') | KeyCode::F(1) => {
                self.private = Some(Private::Help);
                return KeyResult::Changed;
            }
            _ => {}
        }
        let live = self.live_position();
        let Some(a) = &mut self.app else {
            return KeyResult::Nothing;
        };
        let back = |f: &mut Follower, action: Action| {
            f.following = false;
            if let Some(a) = &mut f.app {
                if a.overlay != Overlay::None {
                    a.overlay = Overlay::None;
                }
                a.focus = app::Focus::Slide;
                app::update(a, &action, now);
            }
            KeyResult::Changed
        };
        match key.code {
            KeyCode::Left | KeyCode::PageUp | KeyCode::Backspace | KeyCode::Up => {
                back(self, Action::Prev)
            }
            KeyCode::Char('h' | 'k') => back(self, Action::Prev),
            KeyCode::Home | KeyCode::Char('g') => back(self, Action::First),
            KeyCode::End | KeyCode::Char('l' | 'G') => {
                self.following = true;
                self.show_live(now);
                KeyResult::Changed
            }
            KeyCode::Right
            | KeyCode::PageDown
            | KeyCode::Down
            | KeyCode::Enter
            | KeyCode::Char(' ' | 'j') => {
                if self.following {
                    return KeyResult::Nothing;
                }
                app::update(a, &Action::Next, now);
                // Never ahead of the presenter: reaching the live position is being live.
                if live.is_none_or(|l| (a.slide, a.step) >= l) {
                    self.following = true;
                    self.show_live(now);
                }
                KeyResult::Changed
            }
            _ => KeyResult::Nothing,
        }
    }

    /// The terminal changed size.
    pub fn resize(&mut self, width: u16, height: u16, now: Millis) {
        self.size = (width, height);
        if let Some(a) = &mut self.app {
            app::update(a, &Action::Resize { width, height }, now);
        }
    }

    /// Time passed.
    pub fn tick(&mut self, now: Millis) {
        if let Some(a) = &mut self.app {
            app::update(a, &Action::Clock, now);
        }
    }

    fn text(&self) -> &'static Strings {
        self.app
            .as_ref()
            .map_or_else(locale_text, |a| strings::for_lang(&a.deck.meta.language))
    }

    /// The indicator over the status line: live, behind, or the link's trouble.
    pub fn indicator(&self) -> Option<(String, bool)> {
        let t = self.text();
        let trouble = match &self.link {
            Link::Connected => None,
            Link::Connecting => Some(format!("{} {}…", t.follow.connecting, self.addr)),
            Link::Waiting => Some(format!("{} {}…", t.follow.waiting, self.addr)),
            Link::Busy => Some(format!("{} ({})…", t.follow.busy, self.addr)),
            Link::Ended => Some(format!("{} {}…", t.follow.ended, self.addr)),
            Link::Incompatible(v) => Some(format!("{} ({v})", t.follow.incompatible)),
            Link::Refused(r) => Some(format!(
                "{} ({})…",
                match r {
                    Refusal::Empty => t.follow.refused_empty,
                    Refusal::TooLarge => t.follow.refused_large,
                    Refusal::Garbage => t.follow.refused_garbage,
                },
                self.addr
            )),
        };
        if let Some(msg) = trouble {
            return Some((msg, true));
        }
        match self.behind() {
            None => Some((t.follow.live.to_owned(), false)),
            Some(0) => Some((
                format!("◀ {} · {}", t.follow.behind_step, t.follow.back_to_live),
                false,
            )),
            Some(n) => Some((
                format!(
                    "◀ {} · {}",
                    t.count(n as u64, &t.follow.behind),
                    t.follow.back_to_live
                ),
                false,
            )),
        }
    }

    /// Draw the whole screen.
    pub fn draw(&self, view: &View, area: Rect, buf: &mut Buffer) {
        self.draw_screen(view, area, buf);
        view.glyphs.finish(area, buf);
    }

    fn draw_screen(&self, view: &View, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        if self.private == Some(Private::Help) {
            self.draw_help(view, area, buf);
            return;
        }
        let Some(a) = &self.app else {
            self.draw_waiting(view, area, buf);
            return;
        };
        if self.private == Some(Private::Support) {
            let mut own = a.clone();
            own.overlay = Overlay::Support;
            ui::draw(&own, view, area, buf);
        } else {
            ui::draw(a, view, area, buf);
        }
        let Some((msg, trouble)) = self.indicator() else {
            return;
        };
        // A blanked projector stays black while all is well.
        if a.overlay == Overlay::Blank && !trouble && self.following {
            return;
        }
        // In the status line, at its left (over the deck's title): never over a panel, a box or
        // its border, and clear of the position on the right.
        let th = &view.theme;
        // Quiet when live (it is on the projector too), plain to see when behind or cut off.
        let style = if trouble {
            th.status.patch(th.warn).add_modifier(Modifier::REVERSED)
        } else if self.following {
            th.dim
        } else {
            th.status.add_modifier(Modifier::BOLD)
        };
        let strings = crate::words::strings::for_lang(&a.deck.meta.language);
        let room = area
            .width
            .saturating_sub(ui::status::right_width(a, view, strings, area.width) + 1)
            .max(area.width / 2);
        let text = ui::status::fit(&format!(" {msg} "), usize::from(room));
        let w = u16::try_from(text.width()).unwrap_or(room).min(room);
        let y = area.y + area.height - 1;
        // Clear the deck's title there first (no half-covered words beside the badge).
        Line::styled(" ".repeat(usize::from(room)), th.status)
            .render(Rect::new(area.x, y, room, 1), buf);
        Line::styled(text, style).render(Rect::new(area.x, y, w, 1), buf);
    }

    /// `?` on a follower: the keys it takes, and only those.
    fn draw_help(&self, view: &View, area: Rect, buf: &mut Buffer) {
        let lang = self
            .app
            .as_ref()
            .map_or("en", |a| a.deck.meta.language.as_str());
        let strings = crate::words::strings::for_lang(lang);
        let th = &view.theme;
        let mut lines: Vec<Line> = vec![
            Line::styled(strings.help_title, th.title).centered(),
            Line::default(),
        ];
        let keys: Vec<(String, &str)> = strings
            .follower_keys()
            .iter()
            .map(|(k, what)| (view.glyphs.key_names(k), *what))
            .collect();
        let key_w = keys.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
        for (keys, what) in keys {
            let pad = " ".repeat(key_w.saturating_sub(keys.width()));
            lines.push(Line::from(vec![
                ratatui::text::Span::styled(format!("{keys}{pad}  "), th.accent),
                ratatui::text::Span::styled(what, th.base),
            ]));
        }
        let h = u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .min(area.height);
        let w = lines
            .iter()
            .map(|l| l.width())
            .max()
            .map_or(area.width, |w| u16::try_from(w).unwrap_or(area.width))
            .min(area.width);
        let x = area.x + (area.width - w) / 2;
        let y = area.y + (area.height - h) / 2;
        Paragraph::new(lines).render(Rect::new(x, y, w, h), buf);
    }

    fn draw_waiting(&self, view: &View, area: Rect, buf: &mut Buffer) {
        let t = self.text();
        let th = &view.theme;
        let msg = self.indicator().map_or_else(
            || format!("{} {}…", t.follow.waiting, self.addr),
            |(m, _)| m,
        );
        let width = usize::from(area.width.saturating_sub(2).max(1));
        let mut lines: Vec<Line> = vec![Line::styled("convene follow", th.title).centered()];
        lines.push(Line::default());
        for l in ui::slide::wrap(&msg, width, "", "") {
            lines.push(Line::styled(l, th.base).centered());
        }
        lines.push(Line::default());
        lines.push(Line::styled(t.follow.quit_hint, th.dim).centered());
        let h = u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .min(area.height);
        let y = area.y + (area.height - h) / 2;
        Paragraph::new(lines).render(Rect::new(area.x, y, area.width, h), buf);
    }
}

enum Msg {
    Term(Event),
    Signal(i32),
    InputClosed,
    Net(Net),
}

/// `convene follow`: returns the exit code. Only q, Ctrl-C or a signal end it.
pub fn run(addr: String, plain: bool) -> i32 {
    run_with_view(addr, plain, view_from_env(None, false))
}

/// [`run`] with an explicit look (`--theme`).
pub fn run_with_view(addr: String, plain: bool, view: View) -> i32 {
    let addr = match normalise_addr(&addr) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("convene follow: {e}");
            return 2;
        }
    };
    let result = if plain {
        run_plain(addr, &mut io::stdout().lock())
    } else {
        run_screen(addr, view)
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("convene follow: {e}");
            1
        }
    }
}

fn spawn_network(addr: String, tx: Sender<Msg>, stop: Arc<AtomicBool>) {
    std::thread::spawn(move || network(addr, |n| tx.send(Msg::Net(n)).is_ok(), &stop));
}

fn run_screen(addr: String, view: View) -> io::Result<i32> {
    let (tx, rx) = mpsc::channel::<Msg>();
    crate::present::terminal::forward_signals(tx.clone(), Msg::Signal)?;
    // The presenter's terminal: a fixed viewport of the clamped size, so an absurd claimed
    // size (65535×65535) allocates nothing.
    let mut terminal = crate::present::terminal::init()?;
    let _guard = Guard;

    crate::present::terminal::forward_input(tx.clone(), Msg::Term, Msg::InputClosed);
    let stop = Arc::new(AtomicBool::new(false));
    spawn_network(addr.clone(), tx, Arc::clone(&stop));

    let mut f = Follower::new(addr);
    let size = terminal.size()?;
    f.resize(size.width, size.height, now_ms());
    let mut exit_code = 0;
    loop {
        crate::present::terminal::resize(&mut terminal, f.size.0, f.size.1)?;
        terminal.draw(|frame| {
            let area = frame.area();
            f.draw(&view, area, frame.buffer_mut());
        })?;
        let wait = Duration::from_millis(1000 - now_ms() % 1000);
        match rx.recv_timeout(wait) {
            Ok(Msg::Term(Event::Key(k))) => {
                if f.on_key(k, now_ms()) == KeyResult::Quit {
                    break;
                }
            }
            Ok(Msg::Term(Event::Resize(w, h))) => {
                let (w, h) = crate::present::terminal::clamp_size(w, h);
                f.resize(w, h, now_ms());
            }
            Ok(Msg::Term(_)) => {}
            Ok(Msg::Net(n)) => f.on_net(n, now_ms()),
            Ok(Msg::Signal(sig)) => {
                exit_code = 128 + sig;
                break;
            }
            Ok(Msg::InputClosed) | Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => f.tick(now_ms()),
        }
    }
    stop.store(true, Ordering::SeqCst);
    drop(terminal);
    Ok(exit_code)
}

fn run_plain(addr: String, out: &mut impl Write) -> io::Result<i32> {
    let (tx, rx) = mpsc::channel::<Msg>();
    crate::present::terminal::forward_signals(tx.clone(), Msg::Signal)?;
    let stop = Arc::new(AtomicBool::new(false));
    spawn_network(addr.clone(), tx, Arc::clone(&stop));
    let mut p = Plain::new(addr);
    let mut code = 0;
    loop {
        let text = match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(Msg::Net(n)) => p.on_net(n, now_ms()),
            Ok(Msg::Signal(sig)) => {
                code = 128 + sig;
                break;
            }
            Ok(_) => String::new(),
            Err(RecvTimeoutError::Timeout) => p.tick(now_ms()),
            Err(RecvTimeoutError::Disconnected) => break,
        };
        if !text.is_empty() {
            // A closed output (a pager quit) ends the follower: nobody reads it any more.
            if out
                .write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                break;
            }
        }
    }
    stop.store(true, Ordering::SeqCst);
    Ok(code)
}

/// The plain-text follower: turns what the presenter shows into text to print, once per
/// change. Pure (the clock is passed in), so it is tested without a network.
pub struct Plain {
    f: Follower,
    /// What was printed last: slide, visible lines, screen.
    printed: Option<Printed>,
    /// Last timer report: (phase word, running, when, remaining minute).
    timer: Option<TimerReport>,
    said_link: Option<Link>,
}

#[derive(Debug, Clone, PartialEq)]
struct Printed {
    slide: usize,
    lines: Vec<String>,
    screen: Screen,
    checklist: Option<String>,
    answer: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct TimerReport {
    slide: usize,
    prompt: usize,
    running: bool,
    over: bool,
    at: Millis,
}

impl Plain {
    pub fn new(addr: String) -> Self {
        let mut f = Follower::new(addr);
        f.screen = false;
        Plain {
            f,
            printed: None,
            timer: None,
            said_link: None,
        }
    }

    /// Handle one network report; returns the text to print (maybe empty).
    pub fn on_net(&mut self, net: Net, now: Millis) -> String {
        self.f.on_net(net, now);
        let mut out = self.link_text();
        out.push_str(&self.changes(now));
        out
    }

    /// Time passed: timer reports.
    pub fn tick(&mut self, now: Millis) -> String {
        self.f.tick(now);
        self.timer_text(now)
    }

    fn link_text(&mut self) -> String {
        let link = self.f.link.clone();
        // "Connecting" is not worth a line: the outcome is.
        if link == Link::Connecting || self.said_link.as_ref() == Some(&link) {
            return String::new();
        }
        // After "the presenter stopped sharing; waiting…", a failed retry says nothing new.
        if link == Link::Waiting && self.said_link == Some(Link::Ended) {
            return String::new();
        }
        self.said_link = Some(link.clone());
        let t = self.f.text();
        let msg = match link {
            Link::Connected => format!("{} {}.", t.follow.connected, self.f.addr),
            _ => self.f.indicator().map(|(m, _)| m).unwrap_or_default(),
        };
        format!("{msg}\n")
    }

    fn changes(&mut self, now: Millis) -> String {
        let Some(a) = &self.f.app else {
            return String::new();
        };
        if self.f.latest.is_none() {
            return String::new();
        }
        let t = strings::for_lang(&a.deck.meta.language);
        let s = strings::for_lang(&a.deck.meta.language);
        let now_printed = Printed {
            slide: a.slide,
            lines: slide_text(a),
            screen: screen_of(a),
            checklist: checklist_text(a),
            answer: answer_text(a),
        };
        let mut out = String::new();
        let prev = self.printed.take();
        match &prev {
            Some(p) if p == &now_printed => {}
            _ => {
                let same_slide = prev.as_ref().is_some_and(|p| p.slide == now_printed.slide);
                let prev_screen = prev.as_ref().map_or(Screen::None, |p| p.screen);
                if now_printed.screen != prev_screen || !same_slide {
                    match now_printed.screen {
                        Screen::Blank => out.push_str(&format!("{}\n", t.follow.blank)),
                        Screen::Support => {
                            out.push_str(&format!("\n[{}]\n", s.support_title));
                            for l in &a.deck.meta.support {
                                out.push_str(&format!("{l}\n"));
                            }
                        }
                        Screen::ContentNote => {
                            out.push_str(&format!("\n[{}]\n", s.content_note_title));
                            if let Some(n) = &a.deck.meta.content_note {
                                out.push_str(&format!("{n}\n"));
                            }
                        }
                        Screen::None | Screen::Countdown | Screen::Join => {}
                    }
                }
                if now_printed.screen == Screen::None {
                    let prev_lines = prev
                        .as_ref()
                        .filter(|p| same_slide && p.screen == Screen::None)
                        .map(|p| p.lines.as_slice());
                    match prev_lines {
                        Some(old) if now_printed.lines.starts_with(old) => {
                            for l in &now_printed.lines[old.len()..] {
                                out.push_str(&format!("{l}\n"));
                            }
                        }
                        _ => {
                            if same_slide && prev_screen != Screen::None {
                                out.push_str(&format!("{}\n", t.follow.back));
                            }
                            out.push('\n');
                            out.push_str(&format!(
                                "--- {} {} {} {} ---\n",
                                t.follow.slide,
                                a.slide + 1,
                                t.follow.of,
                                a.deck.slides.len()
                            ));
                            for l in &now_printed.lines {
                                out.push_str(&format!("{l}\n"));
                            }
                        }
                    }
                    let prev_cl = prev
                        .as_ref()
                        .filter(|_| same_slide)
                        .and_then(|p| p.checklist.clone());
                    if now_printed.checklist.is_some() && now_printed.checklist != prev_cl {
                        out.push_str(&format!(
                            "{}\n",
                            now_printed.checklist.clone().unwrap_or_default()
                        ));
                    }
                    let prev_ans = prev
                        .as_ref()
                        .filter(|_| same_slide)
                        .and_then(|p| p.answer.clone());
                    if now_printed.answer.is_some() && now_printed.answer != prev_ans {
                        out.push_str(&format!(
                            "{}\n",
                            now_printed.answer.clone().unwrap_or_default()
                        ));
                    }
                }
            }
        }
        self.printed = Some(now_printed);
        out.push_str(&self.timer_text(now));
        out
    }

    /// Timer news: on start, pause and zero, and at most once a minute while it runs.
    fn timer_text(&mut self, now: Millis) -> String {
        let Some(a) = &self.f.app else {
            return String::new();
        };
        if !self.f.following {
            return String::new();
        }
        let (Some(p), Some(timer)) = (a.current_prompt(), a.current_timer()) else {
            self.timer = None;
            return String::new();
        };
        let s = strings::for_lang(&a.deck.meta.language);
        let t = strings::for_lang(&a.deck.meta.language);
        let over = timer.phase(now) == TimerPhase::Over;
        let report = TimerReport {
            slide: a.slide,
            prompt: p,
            running: timer.running(),
            over,
            at: now,
        };
        let say = match self.timer {
            Some(r) if r.slide == report.slide && r.prompt == report.prompt => {
                if r.running != report.running {
                    Some(if report.running {
                        t.follow.timer_started
                    } else {
                        t.follow.timer_paused
                    })
                } else if !r.over && report.over {
                    Some(s.times_up)
                } else if report.running && now.saturating_sub(r.at) >= 60_000 {
                    Some("")
                } else {
                    None
                }
            }
            _ => Some(if report.running {
                t.follow.timer_started
            } else {
                t.follow.timer_paused
            }),
        };
        let Some(word) = say else {
            return String::new();
        };
        self.timer = Some(report);
        let left = timer.remaining(now);
        let time = if left > 0 {
            format!("{} {}", clock(left.unsigned_abs() + 999), s.left)
        } else {
            format!("{} +{}", s.times_up, clock(left.unsigned_abs()))
        };
        let kind = a
            .current()
            .prompts()
            .get(p)
            .map(|p| p.kind)
            .unwrap_or_default();
        let label = ui::slide::prompt_label(kind, s);
        if word.is_empty() || word == s.times_up {
            format!("{label}: {time}\n")
        } else {
            format!("{label}: {word}, {time}\n")
        }
    }
}

fn screen_of(a: &App) -> Screen {
    match a.overlay {
        Overlay::Blank => Screen::Blank,
        Overlay::Countdown => Screen::Countdown,
        Overlay::Support => Screen::Support,
        Overlay::ContentNote => Screen::ContentNote,
        Overlay::Join => Screen::Join,
        _ => Screen::None,
    }
}

/// The visible content of the current slide as plain lines (no wrapping: the reader wraps).
pub fn slide_text(a: &App) -> Vec<String> {
    let s = a.current();
    let st = strings::for_lang(&a.deck.meta.language);
    let v = s.visible(a.step);
    let mut out = Vec::new();
    if let Some(sec) = &s.section
        && (s.kind != crate::deck::SlideKind::Section || *sec != s.title)
    {
        out.push(format!("({sec})"));
    }
    out.push(s.title.to_string());
    if let Some(sub) = s.subtitle() {
        out.push(sub.to_owned());
    }
    for p in &s.body {
        out.extend(p.lines().map(str::to_owned));
    }
    let bullets = |out: &mut Vec<String>, list: &[crate::deck::Bullet]| {
        for b in list {
            out.push(format!("- {}", b.text));
            for c in &b.children {
                out.push(format!("  - {c}"));
            }
        }
    };
    bullets(&mut out, &s.bullets[..v.bullets.min(s.bullets.len())]);
    for c in s.columns() {
        out.push(format!("{}:", c.heading));
        bullets(&mut out, &c.bullets);
    }
    if let Some(c) = s.callout()
        && v.bullets >= s.bullets.len()
    {
        let label = c.label.as_deref().unwrap_or(st.did_you_know);
        out.push(format!("{label} {}", c.text));
    }
    for (i, p) in s.prompts().iter().take(v.prompts).enumerate() {
        let minutes = p
            .minutes
            .map(|m| format!(" ({})", clock((m * 60_000.0) as u64)))
            .unwrap_or_default();
        let label = ui::slide::prompt_label(p.kind, st);
        out.push(format!("{label}: {}{minutes}", p.text));
        let ups = if i + 1 == v.prompts {
            v.follow_ups
        } else {
            p.follow_ups.len()
        };
        for f in p.follow_ups.iter().take(ups) {
            out.push(format!("  {}: {f}", st.follow_up));
        }
    }
    if v.debrief
        && let Some(d) = s.debrief()
    {
        out.push(format!("{}: {d}", st.debrief));
    }
    out
}

/// The checklist line of a case slide: what is ticked and the verdict.
fn checklist_text(a: &App) -> Option<String> {
    let cl = a.deck.checklist.as_ref()?;
    if !a.current().checklist {
        return None;
    }
    let t = strings::for_lang(&a.deck.meta.language);
    let empty = checklist::CaseState::default();
    let st = a.case().unwrap_or(&empty);
    if st.items.is_empty() && st.flags.is_empty() && a.panel_shown().is_none() {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    for (gi, g) in cl.groups.iter().enumerate() {
        let ticked: Vec<&str> = g
            .items
            .iter()
            .enumerate()
            .filter(|(ii, _)| st.items.contains(&(gi, *ii)))
            .map(|(_, i)| i.label.as_str())
            .collect();
        if !ticked.is_empty() {
            parts.push(format!("{}: {}", g.label, ticked.join(", ")));
        }
    }
    for (fi, f) in cl.flags.iter().enumerate() {
        if st.flags.contains(&fi) {
            parts.push(format!("{}: {}", f.label, t.follow.flag_set));
        }
    }
    let ticked = if parts.is_empty() {
        t.follow.nothing_ticked.to_owned()
    } else {
        parts.join("; ")
    };
    let verdict = checklist::evaluate(cl, a.framework, st);
    let fw = cl
        .frameworks
        .get(a.framework)
        .map(|f| format!(" ({})", f.label))
        .unwrap_or_default();
    Some(format!(
        "{}{fw}: {ticked}. {}",
        t.follow.checklist, verdict.say
    ))
}

/// The revealed answer key of the current slide, as text: the key of the framework the
/// presenter shows (a case can have its own key per framework), only the rows that framework
/// uses, and the rows the key calls defensible ("also fair").
fn answer_text(a: &App) -> Option<String> {
    let cl = a.deck.checklist.as_ref()?;
    a.case().filter(|c| c.revealed)?;
    let fw = a.framework;
    let key = a.current().answer()?.for_framework(fw);
    let t = strings::for_lang(&a.deck.meta.language);
    let rows = |items: &[(usize, usize)], flags: &[usize]| -> Vec<String> {
        let mut names: Vec<String> = items
            .iter()
            .filter(|&&(g, i)| checklist::uses_item(cl, fw, g, i))
            .filter_map(|&(g, i)| {
                let group = cl.groups.get(g)?;
                let item = group.items.get(i)?;
                Some(format!("{}: {}", group.label, item.label))
            })
            .collect();
        names.extend(
            flags
                .iter()
                .filter(|&&f| checklist::uses_flag(cl, fw, f))
                .filter_map(|&f| cl.flags.get(f).map(|f| f.label.clone())),
        );
        names
    };
    let label = cl
        .frameworks
        .get(fw)
        .map(|f| format!(" ({})", f.label))
        .unwrap_or_default();
    let mut text = format!(
        "{}{label}: {}.",
        t.follow.answer_key,
        rows(&key.items, &key.flags).join("; ")
    );
    let fair = rows(&key.defensible, &key.defensible_flags);
    if !fair.is_empty() {
        text.push_str(&format!(" {}: {}.", t.checklist.fair, fair.join("; ")));
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::wire::{ViewState, public_deck};
    use ratatui::crossterm::event::KeyEventKind;

    const DECK: &str = include_str!("../../tests/fixtures/small-deck.toml");

    /// The shared test deck, its first prompt cut to two minutes so timers run out soon.
    fn deck() -> Deck {
        let text = DECK.replacen(
            "text = \"Discuss?\"\nminutes = 5",
            "text = \"Discuss?\"\nminutes = 2",
            1,
        );
        match crate::deck::load_str(&text) {
            Ok(l) => l.deck,
            Err(e) => panic!("{}", e.render("follow", false)),
        }
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Press,
            state: event::KeyEventState::NONE,
        }
    }

    /// A one-shot presenter that answers the hello with `reply`; what the follower made of it.
    fn link_after(reply: &'static [u8]) -> Link {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr").to_string();
        let server = std::thread::spawn(move || {
            if let Ok((mut s, _)) = listener.accept() {
                let mut hello = [0u8; 64];
                let _ = std::io::Read::read(&mut s, &mut hello);
                let _ = s.write_all(reply);
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let stop = AtomicBool::new(false);
        let (link, _) = session(&addr, &|_| true, &stop);
        let _ = server.join();
        link
    }

    #[test]
    fn the_follower_says_why_it_cannot_follow() {
        // Issue 13, findings 9 and 16: a zero-slide deck, garbage and an over-long deck all
        // said "waiting for the presenter".
        let empty = br#"{"v":1,"kind":"deck","deck":{"meta":{"title":"T"},"slides":[]}}"#;
        let mut empty_line = empty.to_vec();
        empty_line.push(b'\n');
        let empty_line: &'static [u8] = Box::leak(empty_line.into_boxed_slice());
        let got = link_after(empty_line);
        assert!(
            matches!(got, Link::Refused(Refusal::Empty | Refusal::Garbage)),
            "{got:?}"
        );
        assert_eq!(
            link_after(b"this is not json\n"),
            Link::Refused(Refusal::Garbage)
        );
        let too_large: &'static [u8] = Box::leak(
            wire::encode_busy(&format!("{}: 5 MiB", wire::DECK_TOO_LARGE)).into_boxed_slice(),
        );
        assert_eq!(link_after(too_large), Link::Refused(Refusal::TooLarge));
        let mut f = Follower::new("127.0.0.1:7878".into());
        f.on_net(Net::Lost(Link::Refused(Refusal::TooLarge)), 0);
        let (text, trouble) = f.indicator().expect("an indicator");
        assert!(trouble && text.contains("too large"), "{text}");
    }

    fn presenter() -> App {
        App::new(deck(), 1_000_000)
    }

    fn send(f: &mut Follower, p: &App, now: Millis) {
        f.on_net(Net::State(Box::new(ViewState::from_app(p))), now);
    }

    #[test]
    fn addresses() {
        assert_eq!(normalise_addr("").as_deref(), Ok(DEFAULT_ADDR));
        assert_eq!(normalise_addr("10.0.0.2").as_deref(), Ok("10.0.0.2:7878"));
        assert_eq!(normalise_addr("10.0.0.2:9").as_deref(), Ok("10.0.0.2:9"));
        assert_eq!(normalise_addr("::1").as_deref(), Ok("[::1]:7878"));
        assert_eq!(normalise_addr("[::1]:80").as_deref(), Ok("[::1]:80"));
        assert_eq!(
            normalise_addr("laptop.local").as_deref(),
            Ok("laptop.local:7878")
        );
        assert_eq!(normalise_addr("laptop:7000").as_deref(), Ok("laptop:7000"));
        assert!(normalise_addr("laptop:http").is_err());
        assert!(normalise_addr("a b").is_err());
    }

    #[test]
    fn follows_looks_back_and_returns_to_live() {
        let mut p = presenter();
        let mut f = Follower::new("127.0.0.1:7878".into());
        f.on_net(Net::Connecting, 0);
        f.on_net(Net::Connected, 0);
        f.on_net(Net::Deck(Box::new(public_deck(&deck()))), 500);
        for _ in 0..5 {
            app::update(&mut p, &Action::Next, 1_001_000);
        }
        send(&mut f, &p, 2_000);
        let pos = |f: &Follower| f.app.as_ref().map(|a| (a.slide, a.step));
        assert_eq!(pos(&f), Some((p.slide, p.step)));
        assert_eq!(f.indicator().map(|i| i.0), Some("● LIVE".to_owned()));

        // Right while live does nothing: never ahead of the presenter.
        assert_eq!(f.on_key(key(KeyCode::Right), 2_000), KeyResult::Nothing);
        assert_eq!(f.on_key(key(KeyCode::Home), 2_000), KeyResult::Changed);
        assert_eq!(pos(&f), Some((0, 0)));
        assert_eq!(f.behind(), Some(p.slide));
        let ind = f.indicator().map(|i| i.0).unwrap_or_default();
        assert!(ind.contains("slides behind"), "{ind}");

        // The presenter moves on; the participant stays where they are.
        app::update(&mut p, &Action::Next, 1_002_000);
        send(&mut f, &p, 3_000);
        assert_eq!(pos(&f), Some((0, 0)));

        // Right steps forward and becomes live on reaching the presenter.
        for _ in 0..20 {
            f.on_key(key(KeyCode::Right), 3_000);
        }
        assert!(f.following);
        assert_eq!(pos(&f), Some((p.slide, p.step)));

        f.on_key(key(KeyCode::Left), 3_000);
        assert!(!f.following);
        f.on_key(key(KeyCode::Char('l')), 3_000);
        assert!(f.following);
        assert_eq!(pos(&f), Some((p.slide, p.step)));
        assert_eq!(f.on_key(key(KeyCode::Char('q')), 0), KeyResult::Quit);
        let ctrl_c = KeyEvent {
            modifiers: KeyModifiers::CONTROL,
            ..key(KeyCode::Char('c'))
        };
        assert_eq!(f.on_key(ctrl_c, 0), KeyResult::Quit);
    }

    #[test]
    fn waiting_and_reconnecting_keep_the_view() {
        let mut f = Follower::new("10.0.0.9:7878".into());
        let mut buf = Buffer::empty(Rect::new(0, 0, 60, 12));
        f.on_net(Net::Lost(Link::Waiting), 0);
        f.draw(&View::default(), buf.area, &mut buf);
        let text: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert!(
            text.contains("waiting for the presenter at 10.0.0.9:7878"),
            "{text}"
        );

        let p = presenter();
        f.on_net(Net::Deck(Box::new(public_deck(&deck()))), 0);
        send(&mut f, &p, 0);
        f.on_net(Net::Lost(Link::Ended), 0);
        assert!(f.app.is_some());
        let mut buf = Buffer::empty(Rect::new(0, 0, 100, 20));
        f.draw(&View::default(), buf.area, &mut buf);
        let text: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert!(text.contains("the presenter stopped sharing"), "{text}");
        // The same deck again keeps the app (and a look-back position).
        f.on_key(key(KeyCode::Left), 0);
        f.on_net(Net::Deck(Box::new(public_deck(&deck()))), 0);
        assert!(!f.following);
    }

    #[test]
    fn draws_at_every_size_without_panicking() {
        let mut f = Follower::new("127.0.0.1:7878".into());
        let mut p = presenter();
        for w in 0..50 {
            for h in 0..14 {
                let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                f.draw(&View::default(), buf.area, &mut buf);
            }
        }
        f.on_net(Net::Deck(Box::new(public_deck(&deck()))), 0);
        app::update(&mut p, &Action::Last, 1_000_000);
        app::update(
            &mut p,
            &Action::Open {
                overlay: app::OverlayKind::Blank,
            },
            1_000_000,
        );
        send(&mut f, &p, 0);
        for w in (0..130).step_by(7) {
            for h in 0..30 {
                let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                f.draw(&View::default(), buf.area, &mut buf);
            }
        }
        // Blank and live: nothing at all on screen.
        let mut buf = Buffer::empty(Rect::new(0, 0, 80, 24));
        f.on_net(Net::Connected, 0);
        f.draw(&View::default(), buf.area, &mut buf);
        assert!(buf.content.iter().all(|c| c.symbol() == " "));
    }

    #[test]
    fn plain_names_a_break_as_a_break() {
        let text = DECK.replacen(
            "text = \"Discuss?\"\nminutes = 5",
            "kind = \"break\"\ntext = \"Back soon\"\nminutes = 2",
            1,
        );
        let deck = crate::deck::load_str(&text).expect("loads").deck;
        let mut p = App::new(deck.clone(), 1_000_000);
        let mut plain = Plain::new("127.0.0.1:7878".into());
        plain.on_net(Net::Connected, 0);
        plain.on_net(Net::Deck(Box::new(public_deck(&deck))), 0);
        app::update(&mut p, &Action::GoTo { slide: 2 }, 1_000_000);
        app::update(&mut p, &Action::Next, 1_000_000);
        app::update(&mut p, &Action::ToggleTimer, 1_000_000);
        let t = plain.on_net(Net::State(Box::new(ViewState::from_app(&p))), 5_000);
        assert!(t.contains("◷ Break: Back soon (2:00)"), "{t}");
        assert!(t.ends_with("◷ Break: timer started, 2:00 left\n"), "{t}");
        assert!(!t.contains("Discuss"), "{t}");
    }

    #[test]
    fn plain_prints_slides_reveals_and_timer_news() {
        let mut p = presenter();
        let mut plain = Plain::new("127.0.0.1:7878".into());
        let mut out = String::new();
        out += &plain.on_net(Net::Connecting, 0);
        out += &plain.on_net(Net::Connected, 0);
        out += &plain.on_net(Net::Deck(Box::new(public_deck(&deck()))), 0);
        out += &plain.on_net(Net::State(Box::new(ViewState::from_app(&p))), 0);
        assert_eq!(
            out,
            "Connected to 127.0.0.1:7878.\n\n--- Slide 1 of 4 ---\n(Start)\nOne\n"
        );

        app::update(&mut p, &Action::Next, 1_000_000);
        let t = plain.on_net(Net::State(Box::new(ViewState::from_app(&p))), 0);
        assert_eq!(t, "\n--- Slide 2 of 4 ---\nTwo\n- a\n");
        app::update(&mut p, &Action::Next, 1_000_000);
        let t = plain.on_net(Net::State(Box::new(ViewState::from_app(&p))), 0);
        assert_eq!(t, "- b\n", "a reveal prints only what is new");
        // The same state again prints nothing.
        let t = plain.on_net(Net::State(Box::new(ViewState::from_app(&p))), 0);
        assert_eq!(t, "");

        app::update(&mut p, &Action::GoTo { slide: 2 }, 1_000_000);
        app::update(&mut p, &Action::ToggleTimer, 1_000_000);
        let t = plain.on_net(Net::State(Box::new(ViewState::from_app(&p))), 5_000);
        assert!(t.contains("Discuss: Discuss? (2:00)"), "{t}");
        assert!(t.ends_with("Discuss: timer started, 2:00 left\n"), "{t}");
        assert_eq!(plain.tick(30_000), "", "not more than once a minute");
        assert_eq!(plain.tick(65_000), "Discuss: 1:00 left\n");
        assert_eq!(plain.tick(126_000), "Discuss: time's up +0:01\n");
        assert_eq!(plain.tick(127_000), "");

        app::update(
            &mut p,
            &Action::Open {
                overlay: app::OverlayKind::Blank,
            },
            1_000_000,
        );
        let t = plain.on_net(Net::State(Box::new(ViewState::from_app(&p))), 128_000);
        assert_eq!(t, "[The screen is blank.]\n");

        app::update(&mut p, &Action::Close, 1_000_000);
        app::update(&mut p, &Action::Last, 1_000_000);
        app::update(&mut p, &Action::Tick { row: 0 }, 1_000_000);
        let t = plain.on_net(Net::State(Box::new(ViewState::from_app(&p))), 128_000);
        assert!(
            t.contains("Checklist (Protocol): ACT: Recruitment. not yet"),
            "{t}"
        );
        assert!(!t.contains("Answer key"));
        app::update(&mut p, &Action::ToggleAnswer, 1_000_000);
        let t = plain.on_net(Net::State(Box::new(ViewState::from_app(&p))), 128_000);
        assert_eq!(
            t,
            "Answer key (Protocol): ACT: Recruitment; PURPOSE: Exploitation.\n"
        );

        let t = plain.on_net(Net::Lost(Link::Waiting), 0);
        assert_eq!(t, "waiting for the presenter at 127.0.0.1:7878…\n");
        assert_eq!(plain.on_net(Net::Connecting, 0), "");
        assert_eq!(plain.on_net(Net::Lost(Link::Waiting), 0), "");
        assert!(!out.contains("private"));
    }

    /// A key per framework: the follower prints the key of the framework shown, only the rows
    /// that framework uses, and the defensible rows as "also fair".
    #[test]
    fn plain_text_prints_the_key_of_the_framework_shown() {
        let text = r#"format = 1
[deck]
title = "Keys"
[checklist]
title = "Elements"
[[checklist.groups]]
id = "act"
label = "ACT"
items = [
  { id = "recruitment", label = "Recruitment" },
  { id = "movements", label = "Influence over movements", frameworks = ["canada"] },
]
[[checklist.groups]]
id = "means"
label = "MEANS"
items = [{ id = "deception", label = "Deception" }]
[[checklist.groups]]
id = "purpose"
label = "PURPOSE"
items = [{ id = "sexual", label = "Sexual exploitation" }]
[[checklist.groups]]
id = "safety"
label = "SAFETY TEST"
frameworks = ["canada"]
items = [{ id = "fear", label = "Fear for safety" }]
[[checklist.flags]]
id = "minor"
label = "Under 18"
[[checklist.frameworks]]
id = "protocol"
label = "Protocol"
rules = [{ say = "p" }]
[[checklist.frameworks]]
id = "canada"
label = "Code"
rules = [{ say = "c" }]
[[slides]]
id = "case"
kind = "case"
title = "Case"
body = "A story."
answer = ["act.recruitment", "act.movements", "purpose.sexual"]
answer_flags = ["minor"]
defensible = ["means.deception"]
[[slides.answers]]
framework = "canada"
answer = ["act.recruitment", "act.movements", "purpose.sexual"]
answer_flags = ["minor"]
defensible = ["safety.fear", "means.deception"]
"#;
        let deck = match crate::deck::load_str(text) {
            Ok(l) => l.deck,
            Err(e) => panic!("{}", e.render("keys", false)),
        };
        let mut p = App::new(deck.clone(), 1_000_000);
        let mut plain = Plain::new("127.0.0.1:7878".into());
        plain.on_net(Net::Connected, 0);
        plain.on_net(Net::Deck(Box::new(public_deck(&deck))), 0);
        app::update(&mut p, &Action::ToggleAnswer, 1_000_000);
        let t = plain.on_net(Net::State(Box::new(ViewState::from_app(&p))), 0);
        // The Protocol does not use the Code's act: its key leaves it out.
        assert!(
            t.contains(
                "Answer key (Protocol): ACT: Recruitment; PURPOSE: Sexual exploitation; \
                 Under 18. also fair: MEANS: Deception.\n"
            ),
            "{t}"
        );
        app::update(&mut p, &Action::CycleFramework, 1_000_000);
        let t = plain.on_net(Net::State(Box::new(ViewState::from_app(&p))), 0);
        assert!(
            t.contains(
                "Answer key (Code): ACT: Recruitment; ACT: Influence over movements; \
                 PURPOSE: Sexual exploitation; Under 18. \
                 also fair: SAFETY TEST: Fear for safety; MEANS: Deception.\n"
            ),
            "{t}"
        );
    }
}
