//! Where convene keeps its files, per platform (etcetera's base strategy): the configuration
//! file and the session journals. Windows: `%APPDATA%\convene\…` (`.ci/cross` runs this under
//! Wine); Linux and macOS: the XDG folders, `~/.config` and `~/.local/state` by default.
//!
//! Only what the environment of the test runner implies is asserted; nothing here changes it.

use convene::present::settings as config;
use convene::record::journal;
use std::path::PathBuf;

fn env_dir(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
}

#[cfg(windows)]
#[test]
fn windows_keeps_config_and_journals_in_appdata() {
    let appdata = env_dir("APPDATA").expect("Windows (and Wine) set %APPDATA%");
    assert_eq!(
        config::path().expect("a config path"),
        appdata.join("convene").join("config.toml")
    );
    assert_eq!(
        journal::default_dir(),
        appdata.join("convene").join("sessions")
    );
}

#[cfg(unix)]
#[test]
fn unix_and_macos_keep_config_and_journals_in_the_xdg_folders() {
    let home = etcetera::home_dir().expect("a home folder");
    let config_home = env_dir("XDG_CONFIG_HOME").unwrap_or_else(|| home.join(".config"));
    let state_home = env_dir("XDG_STATE_HOME").unwrap_or_else(|| home.join(".local/state"));
    assert_eq!(
        config::path().expect("a config path"),
        config_home.join("convene/config.toml")
    );
    assert_eq!(journal::default_dir(), state_home.join("convene/sessions"));
}
