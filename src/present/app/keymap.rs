//! Keys → commands, through one table. The help overlay is generated from the same table the
//! dispatcher reads ([`BINDINGS`]), so the two cannot drift.

use crossterm_keys::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a binding does. Commands are turned into [`super::Action`]s by [`super::Action::from`]
/// once the context is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Next,
    Prev,
    First,
    Last,
    Overview,
    Search,
    Blank,
    Support,
    Checklist,
    Focus,
    Framework,
    Answer,
    Timer,
    /// Capture a note (one-line input).
    Note,
    Help,
    Close,
    Quit,
    /// Inside a list or the checklist: move.
    Up,
    Down,
    /// Inside the checklist: tick; in a list: pick.
    Select,
    /// In the help overlay: show the content note again.
    ContentNote,
    /// The running prompt timer full screen, in large digits.
    Countdown,
    /// The presenter console: scroll the speaker notes down / up.
    NotesDown,
    NotesUp,
    /// The phones' address and a large QR code on the audience screen (same key hides it).
    Join,
    /// The room's participation: open (a join code is drawn) / close.
    Room,
    /// The room's totals on the audience screen, or not.
    RoomTotals,
    /// The response queue: select the previous / next response.
    ResponsesUp,
    ResponsesDown,
    /// The selected response on the audience screen, or not.
    ResponseShow,
    /// Keep the selected response (journal, report), or not.
    ResponseKeep,
    /// Forget the room's input (only while participation is closed).
    RoomClear,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Presenting a slide (focus on the slide).
    Slide,
    /// The checklist panel has focus: these override slide bindings.
    Panel,
    /// A list overlay (overview, search results).
    List,
    /// The help overlay.
    Help,
}

/// One key as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

/// Key constructors, kept short so the table reads like the documentation.
mod crossterm_keys {
    use super::Key;
    use ratatui::crossterm::event::KeyCode;

    pub const fn k(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }
    pub const fn c(ch: char) -> Key {
        Key {
            code: KeyCode::Char(ch),
            ctrl: false,
        }
    }
    pub const fn ctrl(ch: char) -> Key {
        Key {
            code: KeyCode::Char(ch),
            ctrl: true,
        }
    }
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub command: Command,
}

const fn b(context: Context, keys: &'static [Key], command: Command) -> Binding {
    Binding {
        context,
        keys,
        command,
    }
}

use Command as C;
use Context as X;

/// The key table (see `../shared/design/keys.md`). Order matters only for the help overlay;
/// panel and list rows are consulted before slide rows in their context.
pub const BINDINGS: &[Binding] = &[
    b(
        X::Slide,
        &[
            k(KeyCode::Right),
            c(' '),
            k(KeyCode::PageDown),
            k(KeyCode::Enter),
            c('l'),
            c('j'),
            k(KeyCode::Down),
        ],
        C::Next,
    ),
    b(
        X::Slide,
        &[
            k(KeyCode::Left),
            k(KeyCode::PageUp),
            k(KeyCode::Backspace),
            c('h'),
            c('k'),
            k(KeyCode::Up),
        ],
        C::Prev,
    ),
    b(X::Slide, &[k(KeyCode::Home), c('g')], C::First),
    b(X::Slide, &[k(KeyCode::End), c('G')], C::Last),
    b(X::Slide, &[c('o')], C::Overview),
    b(X::Slide, &[c('/')], C::Search),
    b(X::Slide, &[c('b'), c('.')], C::Blank),
    b(X::Slide, &[c('s')], C::Support),
    b(X::Slide, &[c('i')], C::Join),
    b(X::Slide, &[c('c')], C::Checklist),
    b(X::Slide, &[k(KeyCode::Tab), k(KeyCode::BackTab)], C::Focus),
    b(X::Slide, &[c('f')], C::Framework),
    b(X::Slide, &[c('a')], C::Answer),
    b(X::Slide, &[c('t')], C::Timer),
    b(X::Slide, &[c('T')], C::Countdown),
    b(X::Slide, &[c('>')], C::NotesDown),
    b(X::Slide, &[c('<')], C::NotesUp),
    b(X::Slide, &[c('n')], C::Note),
    b(X::Slide, &[c('p')], C::Room),
    b(X::Slide, &[c('v')], C::RoomTotals),
    b(X::Slide, &[c('{')], C::ResponsesUp),
    b(X::Slide, &[c('}')], C::ResponsesDown),
    b(X::Slide, &[c('r')], C::ResponseShow),
    b(X::Slide, &[c('m')], C::ResponseKeep),
    b(X::Slide, &[c('X')], C::RoomClear),
    b(X::Slide, &[c('?'), k(KeyCode::F(1))], C::Help),
    b(X::Slide, &[k(KeyCode::Esc)], C::Close),
    b(X::Slide, &[c('q'), ctrl('c')], C::Quit),
    // The checklist has focus: Up/Down move in it, Space/Enter tick.
    b(X::Panel, &[k(KeyCode::Up), c('k')], C::Up),
    b(X::Panel, &[k(KeyCode::Down), c('j')], C::Down),
    b(X::Panel, &[c(' '), k(KeyCode::Enter)], C::Select),
    // Lists (overview, search results).
    b(X::List, &[k(KeyCode::Up), c('k'), k(KeyCode::Left)], C::Up),
    b(
        X::List,
        &[k(KeyCode::Down), c('j'), k(KeyCode::Right)],
        C::Down,
    ),
    b(X::List, &[k(KeyCode::Enter)], C::Select),
    b(X::List, &[k(KeyCode::Esc)], C::Close),
    b(X::List, &[ctrl('c')], C::Quit),
    // Help overlay.
    b(X::Help, &[k(KeyCode::Up), c('k')], C::Up),
    b(X::Help, &[k(KeyCode::Down), c('j')], C::Down),
    b(X::Help, &[c('c')], C::ContentNote),
    b(X::Help, &[k(KeyCode::Esc), c('?'), c('q')], C::Close),
    b(X::Help, &[ctrl('c')], C::Quit),
];

/// Whether a command moderates the room's participation (the help lists these apart).
pub fn is_room(command: Command) -> bool {
    matches!(
        command,
        Command::Room
            | Command::RoomTotals
            | Command::ResponsesUp
            | Command::ResponsesDown
            | Command::ResponseShow
            | Command::ResponseKeep
            | Command::RoomClear
    )
}

/// Normalise a key event: only presses count; Shift is folded into the character.
pub fn key_of(ev: &KeyEvent) -> Option<Key> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let code = match ev.code {
        KeyCode::Char(ch) if ctrl => KeyCode::Char(ch.to_ascii_lowercase()),
        other => other,
    };
    Some(Key { code, ctrl })
}

/// Look a key up in one context.
pub fn lookup(key: Key, context: Context) -> Option<Command> {
    BINDINGS
        .iter()
        .filter(|b| b.context == context)
        .find(|b| b.keys.contains(&key))
        .map(|b| b.command)
}

/// Display form of a key for the help overlay.
pub fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Right => "→".to_owned(),
        KeyCode::Left => "←".to_owned(),
        KeyCode::Up => "↑".to_owned(),
        KeyCode::Down => "↓".to_owned(),
        KeyCode::PageDown => "PgDn".to_owned(),
        KeyCode::PageUp => "PgUp".to_owned(),
        KeyCode::Enter => "Enter".to_owned(),
        KeyCode::Backspace => "Backspace".to_owned(),
        KeyCode::Home => "Home".to_owned(),
        KeyCode::End => "End".to_owned(),
        KeyCode::Tab => "Tab".to_owned(),
        KeyCode::BackTab => "Shift-Tab".to_owned(),
        KeyCode::Esc => "Esc".to_owned(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(ch) => ch.to_string(),
        _ => "?".to_owned(),
    };
    if key.ctrl {
        format!("Ctrl-{}", base.to_uppercase())
    } else {
        base
    }
}

/// All keys of a binding, joined for display.
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(key_label)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The name a command is described by in the help and the README: `select` is "tick" in the
/// checklist and "choose" in overview and search; every other command its [`command_name`].
pub fn help_name(c: Command, context: Context) -> &'static str {
    match (c, context) {
        (Command::Select, Context::Panel) => "tick",
        (Command::Select, _) => "choose",
        _ => command_name(c),
    }
}

/// The key table as Markdown (for README.md, kept in sync by a test). `describe` gets a
/// [`help_name`].
pub fn markdown(describe: impl Fn(&str) -> &'static str) -> String {
    let mut out = String::from("| keys | action |\n|---|---|\n");
    for (ctx, heading) in [
        (Context::Slide, None),
        (Context::Panel, Some("in the checklist (after Tab)")),
        (Context::List, Some("in overview and search")),
        (Context::Help, Some("in the help overlay")),
    ] {
        if ctx == Context::Slide {
            out.push_str("| digits, then Enter | jump to slide N |\n");
        }
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            let keys = b
                .keys
                .iter()
                .map(|k| format!("`{}`", key_label(k).replace('|', "\\|")))
                .collect::<Vec<_>>()
                .join(" ");
            match heading {
                Some(h) => out.push_str(&format!(
                    "| {keys} | {}: {} |\n",
                    h,
                    describe(help_name(b.command, ctx))
                )),
                None => out.push_str(&format!(
                    "| {keys} | {} |\n",
                    describe(help_name(b.command, ctx))
                )),
            }
        }
    }
    out
}

/// A command's name in the file (kebab-case).
pub fn command_name(c: Command) -> &'static str {
    match c {
        Command::Next => "next",
        Command::Prev => "prev",
        Command::First => "first",
        Command::Last => "last",
        Command::Overview => "overview",
        Command::Search => "search",
        Command::Blank => "blank",
        Command::Support => "support",
        Command::Checklist => "checklist",
        Command::Focus => "focus",
        Command::Framework => "framework",
        Command::Answer => "answer",
        Command::Timer => "timer",
        Command::Note => "note",
        Command::Help => "help",
        Command::Close => "close",
        Command::Quit => "quit",
        Command::Up => "up",
        Command::Down => "down",
        Command::Select => "select",
        Command::ContentNote => "content-note",
        Command::Countdown => "countdown",
        Command::NotesDown => "notes-down",
        Command::NotesUp => "notes-up",
        Command::Join => "join",
        Command::Room => "room",
        Command::RoomTotals => "room-totals",
        Command::ResponsesUp => "responses-up",
        Command::ResponsesDown => "responses-down",
        Command::ResponseShow => "response-show",
        Command::ResponseKeep => "response-keep",
        Command::RoomClear => "room-clear",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn readme_key_table_matches_the_code() {
        let table = markdown(|name| crate::words::strings::EN.describe(name));
        let readme = include_str!("../../../README.md");
        let start =
            readme.find("<!-- keys:start -->").expect("marker") + "<!-- keys:start -->".len();
        let end = readme.find("<!-- keys:end -->").expect("marker");
        assert_eq!(
            readme[start..end].trim(),
            table.trim(),
            "README's key table is generated from the keymap: paste this between the markers:\n{table}"
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for ctx in [X::Slide, X::Panel, X::List, X::Help] {
            let mut seen = HashSet::new();
            for b in BINDINGS.iter().filter(|b| b.context == ctx) {
                for key in b.keys {
                    assert!(seen.insert(format!("{key:?}")), "{key:?} twice in {ctx:?}");
                }
            }
        }
    }

    #[test]
    fn clicker_keys_navigate() {
        assert_eq!(lookup(k(KeyCode::PageDown), X::Slide), Some(C::Next));
        assert_eq!(lookup(k(KeyCode::PageUp), X::Slide), Some(C::Prev));
        assert_eq!(lookup(c('.'), X::Slide), Some(C::Blank));
        assert_eq!(lookup(ctrl('c'), X::Slide), Some(C::Quit));
    }

    #[test]
    fn releases_are_ignored_and_ctrl_is_normalised() {
        let mut ev = KeyEvent::new(KeyCode::Char('C'), KeyModifiers::CONTROL);
        assert_eq!(key_of(&ev), Some(ctrl('c')));
        ev.kind = KeyEventKind::Release;
        assert_eq!(key_of(&ev), None);
    }

    #[test]
    fn every_command_is_described_in_every_language() {
        for b in BINDINGS {
            let name = command_name(b.command);
            for s in [&crate::words::strings::EN, &crate::words::strings::FR] {
                assert!(!s.describe(name).is_empty(), "`{name}` has no description");
            }
        }
    }
}
