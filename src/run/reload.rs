//! Live reload: watch a deck file and call back when it changes.
//!
//! Editors often save by writing a new file and renaming it over the old one, which replaces
//! the watched inode; so the *parent directory* is watched and events are filtered by file
//! name. `poll` falls back to polling (network and virtual-machine file systems, where change
//! notifications do not arrive): every [`POLL_INTERVAL`] it looks at the deck's *metadata* only
//! (size, modification time, inode) — never its contents, and never any other file in the
//! folder; the run loop reads the deck once, when that changed.

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Keeps the watch alive; dropping it stops watching.
pub enum DeckWatcher {
    Native(RecommendedWatcher),
    Poll(Poller),
}

/// The polling thread; dropping it stops the thread.
pub struct Poller {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// What polling compares: the file's metadata, never its bytes. `None` while it is missing
/// (mid-save).
pub fn fingerprint(path: &Path) -> Option<(u64, Option<std::time::SystemTime>, u64)> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let ino = 0;
    Some((m.len(), m.modified().ok(), ino))
}

/// How often the polling fallback looks at the file.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// Watch `path`; `on_change` runs (on a watcher thread) for every event touching it.
pub fn watch(
    path: &Path,
    poll: bool,
    on_change: impl Fn() + Send + 'static,
) -> notify::Result<DeckWatcher> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let dir: PathBuf = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    if poll {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = std::sync::Arc::clone(&stop);
        // The baseline is taken here, before the first frame, not when the thread first runs:
        // on a busy machine that can be after the first save, which would then go unseen.
        let mut last = fingerprint(&path);
        std::thread::Builder::new()
            .name("convene-poll".into())
            .spawn(move || {
                while !stopped.load(std::sync::atomic::Ordering::SeqCst) {
                    std::thread::sleep(POLL_INTERVAL);
                    let now = fingerprint(&path);
                    if now != last {
                        last = now;
                        on_change();
                    }
                }
            })
            .map_err(notify::Error::io)?;
        return Ok(DeckWatcher::Poll(Poller { stop }));
    }
    let name = path.file_name().map(|n| n.to_os_string());
    let handler = move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        if event
            .paths
            .iter()
            .any(|p| p.file_name().map(|n| n.to_os_string()) == name)
        {
            on_change();
        }
    };
    {
        let mut w = notify::recommended_watcher(handler)?;
        w.watch(&dir, RecursiveMode::NonRecursive)?;
        Ok(DeckWatcher::Native(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("convene-watch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn sees_rename_style_save(poll: bool) {
        let dir = temp_dir(if poll { "poll" } else { "native" });
        let deck = dir.join("deck.toml");
        std::fs::write(&deck, "a").expect("write");
        let (tx, rx) = mpsc::channel();
        let _w = watch(&deck, poll, move || {
            let _ = tx.send(());
        })
        .expect("watch");
        std::thread::sleep(Duration::from_millis(300));
        // Unrelated files in the same directory are ignored.
        std::fs::write(dir.join("other.txt"), "x").expect("write");
        assert!(
            rx.recv_timeout(Duration::from_millis(800)).is_err(),
            "a change to another file is not a deck change"
        );
        // Save the way many editors do: write a temp file, rename it over the deck.
        let tmp = dir.join(".deck.toml.swp");
        std::fs::write(&tmp, "b changed").expect("write");
        std::fs::rename(&tmp, &deck).expect("rename");
        assert!(
            rx.recv_timeout(Duration::from_secs(10)).is_ok(),
            "change seen (poll = {poll})"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn native_watch_sees_rename_saves() {
        sees_rename_style_save(false);
    }

    #[test]
    fn polling_sees_rename_saves() {
        sees_rename_style_save(true);
    }

    #[cfg(unix)]
    #[test]
    fn polling_never_reads_the_folder() {
        // Issue 13, finding 8: the poller re-read every file in the deck's folder (a FIFO
        // neighbour blocked it for good, a 300 MB one cost 611 MB/s).
        let dir = temp_dir("poll-fifo");
        let deck = dir.join("deck.toml");
        std::fs::write(&deck, "a").expect("write");
        let fifo = dir.join("neighbour.fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let _w = watch(&deck, true, move || {
            let _ = tx.send(());
        })
        .expect("watch");
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(&deck, "b, longer").expect("write");
        assert!(
            rx.recv_timeout(Duration::from_secs(5)).is_ok(),
            "the save is seen although a FIFO sits next to the deck"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
