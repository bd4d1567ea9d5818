//! The keypress fast path: frames drawn ahead, shown by the input thread the moment their key
//! is read — before the loop has woken, applied the key and drawn (issue 11).
//!
//! ```text
//!  loop thread (idle)                       input thread
//!  ─────────────────                        ────────────
//!  epoch()  ─ inbox empty? ─ prepare       read key ─┐
//!  offer(epoch, frame) ×2 ─────► SLOT ◄──── take frames, one for this key and in time?
//!                               │           └─ write its bytes, note it as shown
//!  draw_frame: adopt shown ◄────┘           send the key to the loop (as always)
//!  (writes only rows that differ: none, when the frame drawn ahead was right)
//! ```
//!
//! The loop still applies every key through `update`, journals it and draws its own frame,
//! compared with what the screen shows; a frame drawn ahead changes when a frame appears,
//! never what the screen ends up showing. What keeps a frame drawn ahead true
//! (`crate::present::ui::ahead` works out which states and until when):
//!
//! - **Every message to the loop drops the frames** ([`send`]): a phone's vote, a reload, a
//!   signal, any other key — each may change what the next key leads to. The message is sent
//!   under the slot's lock and bumps its epoch, and [`offer`] refuses frames prepared from an
//!   epoch before the newest, so no frame outlives a message, even one sent while it was drawn.
//! - **Frames are encoded against the screen as it is** (the loop's last frame, or the one the
//!   input thread wrote, which the loop adopts before it prepares or draws again).
//! - **Nothing is written once the terminal is being restored** ([`close`]: the guard and the
//!   panic hook call it first).

use super::{Term, encode_frame};
use crate::present::app::Millis;
use crate::present::app::keymap::{Key, key_of};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;
use std::sync::{Mutex, MutexGuard, PoisonError, mpsc};

/// A frame drawn ahead and ready to go out.
pub struct Prepared {
    /// The keys that lead to it.
    keys: Vec<Key>,
    /// It is shown only for a key read before this time.
    until: Millis,
    /// What the screen shows after it.
    frame: Buffer,
    /// Its bytes, against the frame on screen when it was prepared.
    bytes: Vec<u8>,
}

/// What the input thread wrote, for the loop's terminal to adopt.
enum Written {
    /// The screen now shows this frame.
    Frame(Buffer),
    /// The write failed part-way: the screen is unknown, and the next frame writes every row.
    Unknown,
}

struct Slot {
    frames: Vec<Prepared>,
    /// A frame the input thread wrote that the loop's terminal has not adopted yet.
    shown: Option<Written>,
    /// Messages sent to the loop so far.
    epoch: u64,
    /// The terminal is being restored: nothing more is written.
    closed: bool,
}

static SLOT: Mutex<Slot> = Mutex::new(Slot {
    frames: Vec::new(),
    shown: None,
    epoch: 0,
    closed: false,
});

/// The slot, even after a thread panicked holding it (its fields stay consistent: each is
/// set in one step).
fn slot() -> MutexGuard<'static, Slot> {
    SLOT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Send `msg` to the loop, dropping the frames drawn ahead (the message may change what a key
/// leads to). False once the loop is gone. Every thread that sends the loop messages sends
/// them through this.
pub fn send<M>(tx: &mpsc::Sender<M>, msg: M) -> bool {
    deliver(&mut slot(), tx, msg)
}

/// Send under the slot's lock (held by the caller): the frames dropped, the epoch bumped.
fn deliver<M>(s: &mut Slot, tx: &mpsc::Sender<M>, msg: M) -> bool {
    let sent = tx.send(msg).is_ok();
    s.frames.clear();
    s.epoch = s.epoch.wrapping_add(1);
    sent
}

/// How many messages have been sent to the loop: read it *before* looking whether the inbox
/// is empty, and give it to [`offer`].
pub fn epoch() -> u64 {
    slot().epoch
}

/// Offer a frame prepared while the inbox was empty at `epoch` (beside those offered before
/// it, the likeliest first): refused (false) when a message was sent since, or once closed.
pub fn offer(epoch: u64, frame: Prepared) -> bool {
    let mut s = slot();
    if s.epoch != epoch || s.closed {
        return false;
    }
    s.frames.push(frame);
    true
}

/// The input thread's half: an event was read. Take the frames; if one is for this key and
/// still true, write it to the screen now. Then send the event to the loop (as [`send`]).
pub fn on_event<M>(tx: &mpsc::Sender<M>, ev: Event, wrap: fn(Event) -> M) -> bool {
    let mut s = slot();
    let frames = std::mem::take(&mut s.frames);
    let key = match &ev {
        Event::Key(k) => key_of(k),
        _ => None,
    };
    if let Some(key) = key.filter(|_| !s.closed) {
        let now = super::now_ms();
        if let Some(p) = frames
            .into_iter()
            .find(|p| now < p.until && p.keys.contains(&key))
        {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // A failed write leaves the screen unknown: the loop then repaints every row.
            let written = out.write_all(&p.bytes).and_then(|()| out.flush()).is_ok();
            s.shown = Some(if written {
                Written::Frame(p.frame)
            } else {
                Written::Unknown
            });
        }
    }
    deliver(&mut s, tx, wrap(ev))
}

/// Nothing more is written from the slot: call before the terminal is restored. Waits a
/// moment for a frame being written (a panic while the lock is held still closes the slot,
/// after at most 50 ms, without deadlock).
pub fn close() {
    for _ in 0..50 {
        match SLOT.try_lock() {
            Ok(mut s) => return shut(&mut s),
            Err(std::sync::TryLockError::Poisoned(p)) => return shut(&mut p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
    }
}

fn shut(s: &mut Slot) {
    s.closed = true;
    s.frames.clear();
}

impl Term {
    /// Take what the input thread wrote as what the screen shows, and drop the frames drawn
    /// ahead (the loop is about to draw, or to prepare new ones).
    pub fn adopt(&mut self) {
        let mut s = slot();
        s.frames.clear();
        match s.shown.take() {
            Some(Written::Frame(frame)) => self.shown = Some(frame),
            Some(Written::Unknown) => self.shown = None,
            None => {}
        }
    }

    /// Draw one frame ahead for `keys`, true until `until`: `render` fills a buffer of the
    /// screen's size, encoded against what the screen shows. Give it to [`offer`].
    pub fn prepare(
        &mut self,
        keys: Vec<Key>,
        until: Millis,
        render: impl FnOnce(Rect, &mut Buffer),
    ) -> Prepared {
        let area = self.inner.get_frame().area();
        let mut frame = Buffer::empty(area);
        render(area, &mut frame);
        let mut bytes = Vec::new();
        encode_frame(self.shown.as_ref(), &frame, &mut bytes);
        Prepared {
            keys,
            until,
            frame,
            bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared() -> Prepared {
        Prepared {
            keys: Vec::new(),
            until: Millis::MAX,
            frame: Buffer::empty(Rect::ZERO),
            bytes: Vec::new(),
        }
    }

    /// The race the epoch closes: the loop looked at an empty inbox, a message came while it
    /// drew ahead, and its frames — drawn from the state before the message — must not be
    /// offered. (Other tests in this process may send too: that only refuses more.)
    #[test]
    fn a_frame_drawn_before_a_message_is_refused() {
        let (tx, rx) = mpsc::channel();
        let looked = epoch();
        assert!(send(&tx, "a vote"));
        assert!(!offer(looked, prepared()), "drawn before the vote");
        assert_eq!(
            rx.try_recv(),
            Ok("a vote"),
            "the message still goes through"
        );
        drop(rx);
        assert!(!send(&tx, "late"), "nobody listens");
        // Once closed (the terminal being restored), nothing more is offered. (Last: the slot
        // stays closed for this process, and no other test offers frames.)
        let now = epoch();
        close();
        assert!(!offer(now, prepared()), "offered after close");
    }
}
