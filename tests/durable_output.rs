//! Issue 13, finding 3: `-o` targets. The durable write-and-rename is only for regular files and
//! new paths; links are followed, devices and FIFOs written directly.

use convene::record::durable::{same_file, write_output};
use std::fs;
use std::path::PathBuf;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("convene-out-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("mkdir");
    dir
}

#[test]
fn a_new_path_and_a_regular_file_are_written_whole() {
    let dir = temp_dir("regular");
    let p = dir.join("a.md");
    write_output(&p, b"one").expect("new");
    write_output(&p, b"two").expect("again");
    assert_eq!(fs::read(&p).expect("read"), b"two");
    assert_eq!(
        fs::read_dir(&dir).expect("ls").count(),
        1,
        "no temporary left"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_is_followed_not_replaced() {
    let dir = temp_dir("link");
    let real = dir.join("real.md");
    fs::write(&real, "old").expect("write");
    let link = dir.join("link.md");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    write_output(&link, b"new").expect("write");
    assert!(
        fs::symlink_metadata(&link)
            .expect("lstat")
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&real).expect("read"), b"new");
    // A dangling link: the file it names is created.
    let dangling = dir.join("dangling.md");
    std::os::unix::fs::symlink(dir.join("later.md"), &dangling).expect("symlink");
    write_output(&dangling, b"x").expect("write");
    assert!(
        fs::symlink_metadata(&dangling)
            .expect("lstat")
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(dir.join("later.md")).expect("read"), b"x");
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_written_directly() {
    // /dev/null stays a device (as root, the rename replaced it with a regular file).
    write_output(std::path::Path::new("/dev/null"), b"gone").expect("dev null");
    use std::os::unix::fs::FileTypeExt as _;
    assert!(
        fs::metadata("/dev/null")
            .expect("stat")
            .file_type()
            .is_char_device()
    );
    let dir = temp_dir("fifo");
    let fifo = dir.join("pipe");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        return; // no mkfifo here
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(&fifo).expect("read fifo"))
    };
    write_output(&fifo, b"through the pipe").expect("fifo");
    assert_eq!(reader.join().expect("join"), b"through the pipe");
    assert!(fs::metadata(&fifo).expect("stat").file_type().is_fifo());
}

#[test]
fn same_file_sees_through_links() {
    let dir = temp_dir("same");
    let a = dir.join("a");
    fs::write(&a, "x").expect("write");
    assert!(same_file(&a, &dir.join(".").join("a")));
    assert!(!same_file(&a, &dir.join("b")));
}
