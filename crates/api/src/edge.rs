//! The connection edge: what the HTTP parser answers before any of our code
//! runs.
//!
//! actix-http answers a request it cannot parse — a URL over 65,534 bytes
//! (the `http` crate's limit), a request head over 128 KiB, malformed HTTP —
//! itself, with a bare `400`/`431` and no body, and closes the connection.
//! There is no hook for that answer (actix/actix-web#1885), so every
//! connection goes through [`ProblemIo`], which recognises that one answer
//! on its way out and writes a `application/problem+json` in its place:
//! every error the server gives is a problem document.
//!
//! The answer is recognised by its whole head: a 4xx status, `content-length:
//! 0`, `connection: close` and no `content-type`. Our own error responses
//! always carry a problem body with its content type, so none of them look
//! like this.

use fritid_domain::{FieldError, Problem};
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection whose parser-level error answers become problem documents.
#[derive(Debug)]
pub struct ProblemIo<S> {
    inner: S,
    /// A replacement answer still being written, and how much of it is out.
    pending: Option<(Vec<u8>, usize)>,
}

impl<S> ProblemIo<S> {
    pub fn new(inner: S) -> Self {
        Self {
            inner,
            pending: None,
        }
    }
}

impl<S: AsyncWrite + Unpin> ProblemIo<S> {
    /// Writes what is left of a replacement answer.
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = &mut self.pending {
            if *written == bytes.len() {
                self.pending = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for ProblemIo<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for ProblemIo<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(self.poll_drain(cx))?;
        if let Some(replacement) = problem_for_bare_error(buf) {
            // The caller's bytes count as written; ours go out instead, on
            // the next write, flush or shutdown (answering `Pending` here
            // would make the caller offer the same bytes again).
            self.pending = Some((replacement, 0));
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The replacement for a bare parser answer at the start of `buf`, or
/// `None` when `buf` is anything else.
pub fn problem_for_bare_error(buf: &[u8]) -> Option<Vec<u8>> {
    if !buf.starts_with(b"HTTP/1.1 4") && !buf.starts_with(b"HTTP/1.0 4") {
        return None;
    }
    let head_len = find(buf, b"\r\n\r\n")? + 4;
    let head = buf[..head_len].to_ascii_lowercase();
    let bare = find(&head, b"\r\ncontent-length: 0\r\n").is_some()
        && find(&head, b"\r\nconnection: close\r\n").is_some()
        && find(&head, b"\r\ncontent-type:").is_none()
        && head_len == buf.len();
    if !bare {
        return None;
    }
    let status: u16 = std::str::from_utf8(&buf[9..12]).ok()?.parse().ok()?;
    let (code, title, detail, field_error) = match status {
        431 => (
            "request_head_too_large",
            "Request header fields too large",
            "The request's URL and headers together are larger than 128 KiB.",
            FieldError::new("headers", "too_long", "are too large"),
        ),
        _ => (
            "malformed_request",
            "Bad request",
            "The request could not be read: a URL longer than 65,534 bytes, or malformed HTTP.",
            FieldError::new("url", "invalid", "is too long or malformed"),
        ),
    };
    let problem = Problem {
        type_: crate::error::problem_type(code),
        title: title.to_owned(),
        status,
        detail: Some(detail.to_owned()),
        code: code.to_owned(),
        request_id: None,
        errors: vec![field_error],
    };
    let body = serde_json::to_vec(&problem).ok()?;
    let status_line_end = find(buf, b"\r\n")?;
    let mut out = Vec::with_capacity(256 + body.len());
    out.extend_from_slice(&buf[..status_line_end]);
    out.extend_from_slice(b"\r\ncontent-type: application/problem+json\r\n");
    out.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
    out.extend_from_slice(
        b"connection: close\r\nx-content-type-options: nosniff\r\ncache-control: no-store\r\n\r\n",
    );
    out.extend_from_slice(&body);
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    const BARE_400: &[u8] = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\ndate: Sun, 29 Nov 2026 19:08:26 GMT\r\n\r\n";

    fn split(answer: &[u8]) -> (String, serde_json::Value) {
        let at = find(answer, b"\r\n\r\n").unwrap();
        let head = String::from_utf8(answer[..at].to_vec()).unwrap();
        (head, serde_json::from_slice(&answer[at + 4..]).unwrap())
    }

    #[test]
    fn a_bare_parser_answer_becomes_a_problem_with_the_same_status() {
        let (head, body) = split(&problem_for_bare_error(BARE_400).unwrap());
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
        assert!(head.contains("content-type: application/problem+json"));
        assert!(head.contains("connection: close"));
        assert_eq!(body["status"], 400);
        assert_eq!(body["code"], "malformed_request");
        assert_eq!(body["errors"][0]["field"], "url");

        let bare_431 = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\nconnection: close\r\ndate: x\r\n\r\n";
        let (head, body) = split(&problem_for_bare_error(bare_431).unwrap());
        assert!(head.starts_with("HTTP/1.1 431 "));
        assert_eq!(body["code"], "request_head_too_large");
    }

    #[test]
    fn everything_else_passes_untouched() {
        for other in [
            // Our own problems carry a type and a body.
            &b"HTTP/1.1 400 Bad Request\r\ncontent-length: 120\r\nconnection: close\r\ncontent-type: application/problem+json\r\n\r\n"[..],
            // A kept-alive answer, a success, a body chunk, half a head.
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            b"{\"items\": []}",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n",
        ] {
            assert!(problem_for_bare_error(other).is_none(), "{other:?}");
        }
        // A head followed by bytes is not the parser's bodiless answer.
        let mut with_body = BARE_400.to_vec();
        with_body.extend_from_slice(b"x");
        assert!(problem_for_bare_error(&with_body).is_none());
    }

    #[tokio::test]
    async fn the_stream_writes_the_replacement_and_passes_the_rest() {
        let (client, mut server) = tokio::io::duplex(64);
        let mut io = ProblemIo::new(client);
        let writer = tokio::spawn(async move {
            io.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                .await
                .unwrap();
            io.write_all(BARE_400).await.unwrap();
            io.shutdown().await.unwrap();
        });
        let mut out = Vec::new();
        tokio::io::AsyncReadExt::read_to_end(&mut server, &mut out)
            .await
            .unwrap();
        writer.await.unwrap();
        let text = String::from_utf8(out).unwrap();
        let (ok, problem) = text.split_at(text.find("HTTP/1.1 400").unwrap());
        assert_eq!(ok, "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
        let (_, body) = split(problem.as_bytes());
        assert_eq!(body["code"], "malformed_request");
    }
}
