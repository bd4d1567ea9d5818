//! Frames drawn ahead: the screens the presenter's likeliest next keys lead to (next and
//! previous), worked out while the loop is idle so that the key's frame can go out the moment
//! the key is read (`crate::present::terminal` shows them; `crate::run` prepares them).
//!
//! A frame drawn ahead must be the frame the loop would draw after the key, whenever the key
//! comes: the state after the key comes from the same [`update`] and the screen from the same
//! [`draw`](super::draw), so what is left is time. On the audience screen, time shows in two
//! places only: the session clock in the status line (whole seconds since the start: it changes
//! on the second, which the loop's clock wakes on) and a running prompt timer. So a frame is
//! drawn ahead only when no timer would be running after the key, and it holds until the next
//! whole second of the session clock ([`Ahead::until`]). The presenter console (pacing, time on
//! the slide) is not drawn ahead.
//!
//! Whatever the loop then draws is compared with what the screen shows, so even a frame that
//! turned out different would be put right by the loop's next frame, a moment later.

use crate::present::app::keymap::Key;
use crate::present::app::{Action, App, Millis, resolve, update};

/// One frame to draw ahead: the state a key leads to, the keys that lead there, and until when
/// its screen stays true.
#[derive(Debug, Clone)]
pub struct Ahead {
    pub keys: Vec<Key>,
    pub state: App,
    /// The screen of `state` is the screen of the key's state for a key read before this time.
    pub until: Millis,
}

/// The actions drawn ahead: a presenter's next key is one of these nearly always.
const LIKELY: [Action; 2] = [Action::Next, Action::Prev];

/// The frames worth drawing ahead from `app` at `now` (none while a timer runs after the key,
/// or when no key leads to next/previous from here).
pub fn frames_ahead(app: &App, now: Millis) -> Vec<Ahead> {
    if app.quit {
        return Vec::new();
    }
    let now = now.max(app.started);
    let until = app.next_second(now);
    let mut keys: Vec<Key> = Vec::new();
    for binding in &app.keys {
        for k in &binding.keys {
            if !keys.contains(k) {
                keys.push(*k);
            }
        }
    }
    LIKELY
        .iter()
        .filter_map(|action| {
            let leading: Vec<Key> = keys
                .iter()
                .copied()
                .filter(|k| resolve(app, *k).as_ref() == Some(action))
                .collect();
            if leading.is_empty() {
                return None;
            }
            let mut state = app.clone();
            update(&mut state, action, now);
            // A running timer counts its own seconds, on the slide and in the status line.
            if state.timers.values().any(|t| t.running()) {
                return None;
            }
            Some(Ahead {
                keys: leading,
                state,
                until,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::app::keymap::key_of;
    use crate::present::ui::{View, draw};
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Rect;

    const DECK: &str = include_str!("../../../tests/fixtures/small-deck.toml");

    fn screen(app: &App) -> Buffer {
        let area = Rect::new(0, 0, 100, 30);
        let mut buf = Buffer::empty(area);
        draw(app, &View::default(), area, &mut buf);
        buf
    }

    fn app_at(now: Millis) -> App {
        let deck = crate::deck::load_str(DECK).expect("deck loads").deck;
        let mut app = App::new(deck, now);
        update(
            &mut app,
            &Action::Resize {
                width: 100,
                height: 30,
            },
            now,
        );
        app
    }

    fn key(code: KeyCode) -> Key {
        key_of(&KeyEvent::new(code, KeyModifiers::NONE)).expect("a key")
    }

    /// Every frame drawn ahead is the frame of the key's real state, for a key read at any
    /// moment before `until` (the state's clock moved on meanwhile), on every slide and step.
    #[test]
    fn a_frame_drawn_ahead_is_the_frame_the_key_leads_to_whenever_it_comes() {
        let start = 1_000_000;
        let mut app = app_at(start);
        let mut checked = 0;
        for (i, now) in (0..12).map(|i| (i, start + 250 + i * 730)) {
            update(&mut app, &Action::Clock, now);
            let ahead = frames_ahead(&app, now);
            for a in &ahead {
                assert!(a.until > now && a.until <= now + 1000, "{} {now}", a.until);
                for k in &a.keys {
                    for at in [now, now + 1, (now + a.until) / 2, a.until - 1] {
                        let mut real = app.clone();
                        let action = resolve(&real, *k).expect("the key does something");
                        update(&mut real, &action, at);
                        assert_eq!(screen(&real), screen(&a.state), "key {k:?} at {at}");
                        checked += 1;
                    }
                }
            }
            // Walk the deck: forward, then back from the end.
            let action = if i < 6 { Action::Next } else { Action::Prev };
            update(&mut app, &action, now);
        }
        assert!(checked > 50, "{checked}");
    }

    /// The keys a frame is drawn ahead for are the ones that lead there now: → and Space go
    /// on, ← goes back; with the quit question open, none.
    #[test]
    fn frames_are_drawn_ahead_for_the_keys_that_lead_there_and_not_otherwise() {
        let mut app = app_at(0);
        let ahead = frames_ahead(&app, 10);
        let next = ahead
            .iter()
            .find(|a| a.keys.contains(&key(KeyCode::Right)))
            .expect("→ is drawn ahead");
        assert!(next.keys.contains(&key(KeyCode::Char(' '))));
        assert!(!next.keys.contains(&key(KeyCode::Left)));
        assert_eq!(next.state.slide, 1);
        update(&mut app, &Action::AskQuit, 20);
        assert!(
            frames_ahead(&app, 30).is_empty(),
            "`q` then → cancels the question"
        );
    }

    /// A running timer shows seconds that are not the session clock's: nothing is drawn ahead
    /// for a key after which it still runs on screen.
    #[test]
    fn nothing_is_drawn_ahead_that_a_running_timer_would_change() {
        let mut app = app_at(0);
        // Slide three, its first prompt shown, its timer started.
        update(&mut app, &Action::GoTo { slide: 2 }, 10);
        update(&mut app, &Action::Next, 10);
        update(&mut app, &Action::ToggleTimer, 20);
        assert!(app.running_timer().is_some_and(|t| t.running()));
        // → shows the follow-up and ← hides the prompt: the timer runs on in both.
        assert!(frames_ahead(&app, 1_500).is_empty());
        // Paused, the timer's seconds stand still: both are drawn ahead again.
        update(&mut app, &Action::ToggleTimer, 1_600);
        assert_eq!(frames_ahead(&app, 1_700).len(), 2);
    }
}
