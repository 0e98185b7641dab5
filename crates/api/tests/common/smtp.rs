//! A real SMTP server process for the tests: `tests/smtp/smtp_server.py`
//! (aiosmtpd) in the project's virtualenv, which `scripts/test` prepares.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

/// One received message, as a mail program would show it (decoded by
/// Python's `email` package in the server).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Received {
    pub rcpt_to: Vec<String>,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub text: Option<String>,
    pub html: Option<String>,
}

impl Received {
    /// The outbox id, from `Message-ID: <id@domain>`.
    pub fn outbox_id(&self) -> String {
        self.message_id
            .trim_start_matches('<')
            .split('@')
            .next()
            .unwrap_or_default()
            .to_owned()
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn python() -> PathBuf {
    std::env::var_os("FRITID_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv/bin/python"))
}

impl SmtpServer {
    /// Starts the server; `delay` holds each message that long before
    /// accepting it.
    pub fn start(delay: Duration) -> Self {
        let dir = std::env::temp_dir().join(format!("fritid-smtp-{}", uuid::Uuid::new_v4()));
        let mut child = Command::new(python())
            .arg(root().join("tests/smtp/smtp_server.py"))
            .arg(&dir)
            .arg("--delay")
            .arg(delay.as_secs_f64().to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start the test SMTP server with {} ({e}); scripts/test installs \
                     aiosmtpd into .venv (or set FRITID_TEST_PYTHON to a python with aiosmtpd)",
                    python().display()
                )
            });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| {
            panic!("the test SMTP server did not start (is aiosmtpd installed in .venv?): {line:?}")
        });
        Self { child, port, dir }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return vec![];
        };
        let mut names: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                let json = std::fs::read_to_string(p.with_extension("json")).unwrap();
                serde_json::from_str(&json).unwrap()
            })
            .collect()
    }

    /// Waits until at least `n` messages arrived (or panics after `within`).
    pub fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let start = Instant::now();
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(
                start.elapsed() < within,
                "only {} of {n} messages arrived in {within:?}",
                got.len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
