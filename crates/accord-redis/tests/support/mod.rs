//! Shared by the integration tests: a `redis-server` of the test's own on a free port.
//!
//! Each test starts its own server with persistence off (`--save "" --appendonly no`), so tests
//! run in parallel and can stop, kill and restart it; the guard kills it on drop, also when the
//! test fails. Without Debian's `redis-server` the tests skip with a note, unless `CI=true`,
//! where they fail (`cargo xtask ci` installs it).

#![allow(dead_code, reason = "each test binary uses its own part of the support module")]
#![allow(clippy::print_stderr, reason = "a skipped test says why")]

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `redis-server` child process on 127.0.0.1, killed on drop.
#[derive(Debug)]
pub(crate) struct RedisServer {
    port: u16,
    child: Option<Child>,
    dir: PathBuf,
}

/// The binary the tests run.
const BINARY: &str = "redis-server";

impl RedisServer {
    /// Starts a server on a free port; `None` (after a printed note) when the binary is
    /// missing outside CI.
    ///
    /// # Panics
    /// When the binary is missing and `CI=true`, or the server does not come up.
    pub(crate) fn start() -> Option<Self> {
        if Command::new(BINARY).arg("--version").stdout(Stdio::null()).status().is_err() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "`{BINARY}` is missing; `cargo xtask ci` installs it (apt-get install redis-server)"
            );
            eprintln!("note: `{BINARY}` is missing; skipping (apt-get install redis-server)");
            return None;
        }
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("accord-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a directory for the server");
        let mut server = Self { port, child: None, dir };
        server.restart();
        Some(server)
    }

    /// `redis://127.0.0.1:<port>/`.
    pub(crate) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// The port it listens on.
    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// Starts the server again on the same port (after [`RedisServer::stop`] or
    /// [`RedisServer::kill`]), and waits until it answers.
    ///
    /// # Panics
    /// When it does not answer within ten seconds.
    pub(crate) fn restart(&mut self) {
        assert!(self.child.is_none(), "the server runs already");
        let child = Command::new(BINARY)
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.command(&["PING"]).as_deref() != Some("+PONG") {
            assert!(Instant::now() < deadline, "redis-server did not answer on port {}", self.port);
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Stops the server with SIGTERM and waits for it to exit.
    pub(crate) fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }

    /// Kills the server with SIGKILL and waits for it to exit.
    pub(crate) fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Runs one command over a plain socket and returns the first line of the answer (with its
    /// RESP type byte), or the whole bulk reply for a `$` answer; `None` if the server is down.
    pub(crate) fn command(&self, args: &[&str]) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        let mut request = format!("*{}\r\n", args.len());
        for arg in args {
            let _ = write!(request, "${}\r\n{arg}\r\n", arg.len());
        }
        stream.write_all(request.as_bytes()).ok()?;
        let mut answer = Vec::new();
        let mut buffer = [0_u8; 4096];
        loop {
            let read = stream.read(&mut buffer).ok()?;
            if read == 0 {
                break;
            }
            answer.extend_from_slice(&buffer[..read]);
            if complete_reply(&answer) {
                break;
            }
        }
        let text = String::from_utf8_lossy(&answer).into_owned();
        if text.starts_with('$') {
            return Some(text.split_once("\r\n").map_or(text.clone(), |(_, body)| body.to_owned()));
        }
        Some(text.lines().next().unwrap_or_default().to_owned())
    }

    /// The keys matching `pattern` (`KEYS`, for tests only).
    pub(crate) fn keys(&self, pattern: &str) -> Vec<String> {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return Vec::new();
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let request = format!("*2\r\n$4\r\nKEYS\r\n${}\r\n{pattern}\r\n", pattern.len());
        if stream.write_all(request.as_bytes()).is_err() {
            return Vec::new();
        }
        let mut answer = String::new();
        let mut buffer = vec![0_u8; 65536];
        while let Ok(read) = stream.read(&mut buffer) {
            if read == 0 {
                break;
            }
            answer.push_str(&String::from_utf8_lossy(&buffer[..read]));
            let mut lines = answer.split("\r\n");
            let count: usize = lines
                .next()
                .and_then(|head| head.strip_prefix('*'))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let values: Vec<String> = lines.skip(1).step_by(2).map(str::to_owned).collect();
            if values.iter().filter(|value| !value.is_empty()).count() >= count {
                return values.into_iter().take(count).collect();
            }
        }
        Vec::new()
    }

    /// `calls` of a command in `INFO commandstats` (`evalsha`, `script|load`).
    pub(crate) fn command_calls(&self, command: &str) -> u64 {
        let info = self.command(&["INFO", "commandstats"]).unwrap_or_default();
        let prefix = format!("cmdstat_{command}:calls=");
        info.lines()
            .find_map(|line| line.strip_prefix(&prefix))
            .and_then(|rest| rest.split(',').next())
            .and_then(|calls| calls.parse().ok())
            .unwrap_or(0)
    }
}

/// Whether a buffer holds one whole simple or bulk reply.
fn complete_reply(answer: &[u8]) -> bool {
    let Some(end) = answer.windows(2).position(|pair| pair == b"\r\n") else { return false };
    if answer.first() != Some(&b'$') {
        return true;
    }
    let length: i64 = String::from_utf8_lossy(&answer[1..end]).parse().unwrap_or(-1);
    length < 0 || answer.len() >= end + 2 + usize::try_from(length).unwrap_or(0) + 2
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A port nothing listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}
