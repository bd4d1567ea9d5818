//! What phones ask of the presenter (issue 17): a participant's input, or an action from the
//! facilitator's phone (`--remote`). Nothing here decides anything: the share's connection
//! thread hands a [`Request`] to the run loop through the [`Inbox`] the loop installed
//! ([`super::server::Share::set_inbox`]) and waits, a bounded time, for the [`Answer`]. The run
//! loop applies it through the one `update`, exactly as a key (a remote action is journaled as
//! a key's would be; a participant's input is not: the journal keeps the room's totals and the
//! responses the facilitator kept).
//!
//! ```text
//! phone ──POST──▶ share (connection thread) ──Request──▶ Inbox ─▶ run loop: update(app, action)
//!        ◀─JSON──                          ◀──Answer── reply ◀── app.room.last / Taken
//! ```

use crate::present::app::Action;
use crate::present::app::room::{Input, Refused};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// What a phone asks.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// A participant's input: their page's random token, the join code as typed, the input.
    Room {
        participant: String,
        code: String,
        input: Input,
    },
    /// The facilitator's phone, its token already checked by the share: an action, as a key.
    Remote(Action),
    /// The facilitator's phone opens participation: the run loop draws the join code
    /// (`run::secret`, which the share cannot use) and applies `RoomOp::Open { code }`.
    OpenRoom,
}

/// What the run loop answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Applied.
    Taken,
    /// Refused (nothing changed), and why.
    Refused(Refused),
}

/// One ask and where its answer goes.
#[derive(Clone)]
pub struct Request {
    pub ask: Ask,
    /// The run loop answers once; the share waits at most [`ANSWER_WAIT`].
    pub reply: mpsc::SyncSender<Answer>,
}

/// Where the share hands asks: installed by the run loop (it forwards them into its own
/// channel). Returns `false` when the presenter is gone.
pub type Inbox = Arc<dyn Fn(Request) -> bool + Send + Sync>;

/// How long a connection thread waits for the run loop's answer before telling the phone to
/// try again (the loop answers within a frame; this covers a stalled terminal).
pub const ANSWER_WAIT: Duration = Duration::from_secs(2);

/// Hand `ask` to `inbox` and wait for the answer; `None` when the presenter is gone or slow.
pub fn ask(inbox: &Inbox, ask: Ask) -> Option<Answer> {
    let (reply, answer) = mpsc::sync_channel(1);
    if !inbox(Request { ask, reply }) {
        return None;
    }
    answer.recv_timeout(ANSWER_WAIT).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ask_is_answered_through_the_inbox_or_not_at_all() {
        let inbox: Inbox = Arc::new(|r: Request| r.reply.send(Answer::Taken).is_ok());
        assert_eq!(ask(&inbox, Ask::Remote(Action::Next)), Some(Answer::Taken));
        let gone: Inbox = Arc::new(|_r: Request| false);
        assert_eq!(ask(&gone, Ask::Remote(Action::Next)), None);
    }
}
