//! A tiny SMTP sink for tests: listens on a free loopback port, speaks just
//! enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no
//! AUTH) for lettre to deliver to it, and keeps what it receives for the
//! test to read. It is bounded (at most [`MAX_MESSAGES`] messages of at most
//! [`MAX_MESSAGE_BYTES`], [`MAX_CONNECTIONS`] connections at once, an idle
//! timeout per connection) and stops when dropped.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinHandle;

/// Messages kept; later ones are refused with 452.
pub const MAX_MESSAGES: usize = 200;
/// Largest message accepted, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 1024 * 1024;
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 16;
const IDLE: Duration = Duration::from_secs(10);

/// One message as received.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    /// Headers and body, dot-unstuffed; a quoted-printable body has its
    /// soft breaks and `=XX` escapes decoded.
    pub data: String,
}

impl ReceivedMail {
    /// The `Subject:` header.
    pub fn subject(&self) -> Option<String> {
        self.data
            .lines()
            .take_while(|l| !l.is_empty())
            .find_map(|l| l.strip_prefix("Subject: "))
            .map(str::to_string)
    }

    /// The value of the first `token=` query parameter in the message.
    pub fn token(&self) -> Option<String> {
        let start = self.data.find("token=")? + "token=".len();
        let token: String = self.data[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .collect();
        (!token.is_empty()).then_some(token)
    }

    /// The first `http…` link in the message.
    pub fn link(&self) -> Option<String> {
        let start = self.data.find("http")?;
        Some(
            self.data[start..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect(),
        )
    }
}

#[derive(Default)]
struct Inbox {
    messages: Mutex<Vec<ReceivedMail>>,
    arrived: Notify,
}

/// A running sink; dropping it stops it.
pub struct SmtpSink {
    pub port: u16,
    inbox: Arc<Inbox>,
    task: JoinHandle<()>,
}

impl SmtpSink {
    /// Starts a sink on 127.0.0.1 and a free port.
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind SMTP sink");
        let port = listener.local_addr().expect("sink address").port();
        let inbox = Arc::new(Inbox::default());
        let limit = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let shared = inbox.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    break;
                };
                let Ok(permit) = limit.clone().acquire_owned().await else {
                    break;
                };
                let inbox = shared.clone();
                tokio::spawn(async move {
                    let _ =
                        tokio::time::timeout(Duration::from_secs(60), serve(stream, &inbox)).await;
                    drop(permit);
                });
            }
        });
        SmtpSink { port, inbox, task }
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        self.inbox
            .messages
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default()
    }

    /// Waits (at most `timeout`) for the first message to `to` beyond the
    /// first `skip` messages to that address.
    pub async fn wait_for(&self, to: &str, skip: usize, timeout: Duration) -> Option<ReceivedMail> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inbox.arrived.notified();
            let found = self
                .messages()
                .into_iter()
                .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
                .nth(skip);
            if found.is_some() {
                return found;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return None;
            }
        }
    }

    /// How many messages went to `to`.
    pub fn count_to(&self, to: &str) -> usize {
        self.messages()
            .iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
            .count()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn address(arg: &str) -> String {
    let a = arg.split_once(':').map_or(arg, |(_, r)| r).trim();
    let a = a.split_whitespace().next().unwrap_or("");
    a.trim_start_matches('<').trim_end_matches('>').to_string()
}

/// Decodes quoted-printable soft line breaks and `=XX` escapes.
fn decode_qp(s: &str) -> String {
    let joined = s.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn serve(stream: TcpStream, inbox: &Inbox) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 basalt-smtp-sink ready\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::<String>::new());
    let mut line = String::new();
    loop {
        line.clear();
        match tokio::time::timeout(IDLE, lines.read_line(&mut line)).await {
            Ok(Ok(0)) | Err(_) => return Ok(()),
            Ok(Err(e)) => return Err(e),
            Ok(Ok(_)) => {}
        }
        let cmd = line.trim_end().to_string();
        let upper = cmd.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250 basalt-smtp-sink\r\n"
        } else if upper.starts_with("MAIL FROM") {
            from = address(&cmd);
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO") {
            to.push(address(&cmd));
            b"250 OK\r\n"
        } else if upper == "DATA" {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut data = String::new();
            let mut too_big = false;
            loop {
                line.clear();
                match tokio::time::timeout(IDLE, lines.read_line(&mut line)).await {
                    Ok(Ok(0)) | Err(_) => return Ok(()),
                    Ok(Err(e)) => return Err(e),
                    Ok(Ok(_)) => {}
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let l = line.strip_prefix('.').unwrap_or(&line);
                if data.len() + l.len() > MAX_MESSAGE_BYTES {
                    too_big = true;
                } else {
                    data.push_str(l);
                }
            }
            let stored = !too_big
                && inbox
                    .messages
                    .lock()
                    .map(|mut m| {
                        if m.len() >= MAX_MESSAGES {
                            return false;
                        }
                        m.push(ReceivedMail {
                            from: from.clone(),
                            to: std::mem::take(&mut to),
                            data: if data
                                .to_ascii_lowercase()
                                .contains("content-transfer-encoding: quoted-printable")
                            {
                                decode_qp(&data)
                            } else {
                                data.clone()
                            },
                        });
                        true
                    })
                    .unwrap_or(false);
            if stored {
                inbox.arrived.notify_waiters();
                b"250 OK queued\r\n"
            } else {
                b"452 sink full or message too large\r\n"
            }
        } else if upper == "RSET" {
            from.clear();
            to.clear();
            b"250 OK\r\n"
        } else if upper == "NOOP" {
            b"250 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 command not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_quoted_printable() {
        assert_eq!(decode_qp("abc=\r\ndef=3D1"), "abcdef=1");
        assert_eq!(decode_qp("a=4"), "a=4");
        assert_eq!(address("TO:<a@b.c> SIZE=1"), "a@b.c");
    }
}
