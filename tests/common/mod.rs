//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The built `findings` binary, with no dataset chosen by the environment.
pub fn findings() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_findings"));
    cmd.env_remove("FINDINGS_DATA")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .timeout(std::time::Duration::from_secs(30));
    cmd
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `findings check PATH...` and returns (exit code, stdout, stderr).
pub fn check(paths: &[PathBuf]) -> (i32, String, String) {
    let out = findings()
        .arg("check")
        .args(paths)
        .output()
        .expect("run findings");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
