//! Durable writes for anything the facilitator produced (reports, exports): the file holds
//! either its old content or all of the new one, even after a crash or power loss.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` so that `path` holds either its old content or all of the new one,
/// even after a crash or power loss: a temporary file in the same folder, `fsync`, rename over
/// `path`, then `fsync` the folder (where the platform allows it). The temporary file is removed
/// on failure.
pub fn write_durably(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    if path.is_dir() {
        return Err(Error::new(
            ErrorKind::IsADirectory,
            "it is a folder; name a file inside it",
        ));
    }
    let file_name = path
        .file_name()
        .ok_or_else(|| Error::new(ErrorKind::InvalidInput, "not a file name"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A fresh temporary file: never one that already exists (a leftover, or another file of
    // that name), so that on failure only a file this call created is removed.
    let mut created = None;
    for n in 0..100u32 {
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(file_name);
        tmp_name.push(format!(".{}-{n}.tmp", std::process::id()));
        let tmp = dir.join(tmp_name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => {
                created = Some((f, tmp));
                break;
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    let (mut f, tmp) = created.ok_or_else(|| {
        Error::new(
            ErrorKind::AlreadyExists,
            "too many leftover temporary files next to it",
        )
    })?;
    let result = f
        .write_all(bytes)
        .and_then(|()| f.sync_all())
        .and_then(|()| {
            drop(f);
            std::fs::rename(&tmp, path)
        });
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // Make the rename itself durable. Opening a folder for syncing is not possible everywhere
    // (Windows), and the file's content is already on disk: a failure here is not an error.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Write an output file the user named (`-o`): the one durable write for reports and exports.
///
/// * a regular file, or a path that does not exist yet: [`write_durably`] (temporary file and
///   rename), so a crash leaves the old file or the whole new one;
/// * a symbolic link to a regular file (or to nothing yet): the same, on the file it points to
///   (the link stays a link);
/// * anything else — a device (`/dev/null`), a FIFO, a terminal, `/dev/stdout`, anything under
///   `/dev/` or `/proc/` — is opened and written directly, never replaced.
///
/// `-` is the caller's business (standard output).
pub fn write_output(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let special = path.starts_with("/dev") || path.starts_with("/proc");
    let target = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Target::Durable(path.to_owned()),
        Err(e) => return Err(e),
        Ok(m) if special => {
            let _ = m;
            Target::Direct
        }
        Ok(m) if m.file_type().is_symlink() => match std::fs::metadata(path) {
            Ok(t) if t.is_file() => Target::Durable(std::fs::canonicalize(path)?),
            Ok(t) if t.is_dir() => Target::Durable(path.to_owned()),
            Ok(_) => Target::Direct,
            // A link to nothing yet: create the file it names, through the link.
            Err(_) => Target::Create,
        },
        Ok(m) if m.is_file() || m.is_dir() => Target::Durable(path.to_owned()),
        Ok(_) => Target::Direct,
    };
    match target {
        Target::Durable(p) => write_durably(&p, bytes),
        Target::Direct | Target::Create => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create(matches!(target, Target::Create))
                .truncate(matches!(target, Target::Create))
                .open(path)?;
            f.write_all(bytes)?;
            f.flush()
        }
    }
}

enum Target {
    Durable(PathBuf),
    Direct,
    Create,
}

/// Whether two paths name the same existing file (after links): an output must never replace
/// its own input.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino() && x.is_file();
        }
        false
    }
    #[cfg(not(unix))]
    {
        match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}
