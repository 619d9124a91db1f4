//! A small HTTP/1.1 keep-alive client for the @connections calls: one request, one response, on a
//! connection that the caller holds.
//!
//! Why not hyper's pooled client: its connection runs in a task of its own, so every call crosses
//! tasks three times (request to the connection task, response head back, body back) and checks a
//! shared pool in and out. A fan-out worker here owns its connection and does write, read, parse in
//! its own task: no hand-offs, one write and usually one read per call. The protocol part is small
//! because the requests are ours (fixed headers, a body with a length) and the responses are parsed
//! with `httparse` (Content-Length, chunked, or close-delimited bodies).

use std::io;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// An idle pooled connection older than this is closed rather than reused (servers drop idle
/// keep-alive connections; API Gateway after some seconds of silence).
const MAX_IDLE: Duration = Duration::from_secs(20);
/// Idle connections kept for reuse.
const MAX_POOLED: usize = 1024;

/// Where to connect, and how.
pub struct Http1Client {
    /// `host:port` for the TCP connect.
    authority: String,
    tls: Option<(
        tokio_rustls::TlsConnector,
        rustls::pki_types::ServerName<'static>,
    )>,
    connect_timeout: Duration,
    idle: Mutex<Vec<(Conn, Instant)>>,
}

/// One open connection; `reused` once it has answered a request.
pub struct Conn {
    io: Stream,
    buf: BytesMut,
    reused: bool,
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

/// A response, read whole.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// `x-amzn-ErrorType`, as sent.
    pub error_type: Option<String>,
    pub body: Bytes,
}

/// How a round trip failed.
#[derive(Debug)]
pub enum Failure {
    /// A reused connection was closed before any byte of the answer: the server dropped it while it
    /// was idle and never read the request, so it is safe to send again on a new connection.
    Stale,
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

impl Http1Client {
    /// A client for `url` (http or https; the path is the caller's business).
    pub fn new(url: &url::Url, tls: Option<rustls::ClientConfig>) -> Result<Self, String> {
        let host = url
            .host_str()
            .ok_or_else(|| format!("endpoint {url} has no host"))?;
        let port = url
            .port_or_known_default()
            .ok_or_else(|| format!("endpoint {url} has no port"))?;
        let tls = match url.scheme() {
            "http" => None,
            "https" => {
                let config = tls.ok_or("https needs a TLS configuration")?;
                // `url` keeps IPv6 literals in brackets; a TLS server name must not have them.
                let name = rustls::pki_types::ServerName::try_from(
                    host.trim_start_matches('[')
                        .trim_end_matches(']')
                        .to_string(),
                )
                .map_err(|e| format!("endpoint host {host} is not a valid TLS name: {e}"))?;
                Some((
                    tokio_rustls::TlsConnector::from(std::sync::Arc::new(config)),
                    name,
                ))
            }
            other => return Err(format!("endpoint scheme {other} is not http or https")),
        };
        Ok(Http1Client {
            authority: format!("{host}:{port}"),
            tls,
            connect_timeout: Duration::from_secs(3),
            idle: Mutex::new(Vec::new()),
        })
    }

    /// A pooled connection that has not idled too long, or a new one.
    pub async fn checkout(&self) -> io::Result<Conn> {
        loop {
            let pooled = self.idle.lock().ok().and_then(|mut idle| idle.pop());
            match pooled {
                Some((conn, since)) if since.elapsed() < MAX_IDLE => return Ok(conn),
                Some(_) => continue,
                None => return self.connect().await,
            }
        }
    }

    /// Return a connection that finished its exchange cleanly.
    pub fn checkin(&self, conn: Conn) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < MAX_POOLED {
                idle.push((conn, Instant::now()));
            }
        }
    }

    pub async fn connect(&self) -> io::Result<Conn> {
        let tcp = tokio::time::timeout(self.connect_timeout, TcpStream::connect(&self.authority))
            .await
            .map_err(|_| {
                io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("connect to {} timed out", self.authority),
                )
            })??;
        tcp.set_nodelay(true)?;
        let io = match &self.tls {
            None => Stream::Plain(tcp),
            Some((connector, name)) => {
                Stream::Tls(Box::new(connector.connect(name.clone(), tcp).await?))
            }
        };
        Ok(Conn {
            io,
            buf: BytesMut::with_capacity(4096),
            reused: false,
        })
    }
}

impl Conn {
    /// Send `request` (head and body, already framed) and read the whole answer. `Ok((_, true))`:
    /// the connection may carry another request.
    pub async fn roundtrip(&mut self, request: &[u8]) -> Result<(Response, bool), Failure> {
        let reused = self.reused;
        let stale = |e: io::Error| {
            use io::ErrorKind::*;
            if reused && matches!(e.kind(), BrokenPipe | ConnectionReset | ConnectionAborted) {
                Failure::Stale
            } else {
                Failure::Io(e)
            }
        };
        self.buf.clear();
        self.io.write_all(request).await.map_err(stale)?;
        let head = loop {
            if !self.buf.is_empty() {
                if let Some(head) = parse_head(&self.buf)? {
                    self.buf.advance(head.len);
                    if (100..200).contains(&head.status) {
                        continue; // an interim answer (100 Continue): the real one follows
                    }
                    break head;
                }
            }
            let received_nothing = self.buf.is_empty();
            match self.io.read_buf(&mut self.buf).await {
                Ok(0) if received_nothing && reused => return Err(Failure::Stale),
                Ok(0) => return Err(eof("the server closed the connection mid-answer")),
                Ok(_) => {}
                Err(e) if received_nothing => return Err(stale(e)),
                Err(e) => return Err(Failure::Io(e)),
            }
        };
        let (body, mut keep_alive) = match head.framing {
            Framing::Empty => (Bytes::new(), head.keep_alive),
            Framing::Length(n) => {
                while self.buf.len() < n {
                    self.fill().await?;
                }
                (self.buf.split_to(n).freeze(), head.keep_alive)
            }
            Framing::Chunked => (self.read_chunked().await?, head.keep_alive),
            Framing::UntilClose => {
                while self.io.read_buf(&mut self.buf).await? > 0 {}
                (self.buf.split().freeze(), false)
            }
        };
        // Bytes past the answer mean the exchange is out of step: do not reuse the connection.
        keep_alive &= self.buf.is_empty();
        self.reused = true;
        Ok((
            Response {
                status: head.status,
                error_type: head.error_type,
                body,
            },
            keep_alive,
        ))
    }

    async fn fill(&mut self) -> Result<(), Failure> {
        if self.io.read_buf(&mut self.buf).await? == 0 {
            return Err(eof("the server closed the connection mid-body"));
        }
        Ok(())
    }

    async fn read_chunked(&mut self) -> Result<Bytes, Failure> {
        let mut body = BytesMut::new();
        loop {
            let (consumed, size) = loop {
                match httparse::parse_chunk_size(&self.buf) {
                    Ok(httparse::Status::Complete(c)) => break c,
                    Ok(httparse::Status::Partial) => self.fill().await?,
                    Err(_) => return Err(invalid("malformed chunk size")),
                }
            };
            let size = usize::try_from(size).map_err(|_| invalid("chunk too large"))?;
            if size == 0 {
                self.buf.advance(consumed);
                // Trailers (rare) end with an empty line, as does the body without them.
                loop {
                    if self.buf.starts_with(b"\r\n") {
                        self.buf.advance(2);
                        return Ok(body.freeze());
                    }
                    if let Some(end) = find(&self.buf, b"\r\n\r\n") {
                        self.buf.advance(end + 4);
                        return Ok(body.freeze());
                    }
                    self.fill().await?;
                }
            }
            while self.buf.len() < consumed + size + 2 {
                self.fill().await?;
            }
            body.extend_from_slice(&self.buf[consumed..consumed + size]);
            self.buf.advance(consumed + size + 2);
        }
    }
}

enum Framing {
    Empty,
    Length(usize),
    Chunked,
    UntilClose,
}

struct Head {
    len: usize,
    status: u16,
    error_type: Option<String>,
    keep_alive: bool,
    framing: Framing,
}

fn parse_head(buf: &[u8]) -> Result<Option<Head>, Failure> {
    let mut headers = [httparse::EMPTY_HEADER; 48];
    let mut res = httparse::Response::new(&mut headers);
    let len = match res.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(invalid(&format!("malformed response: {e}"))),
    };
    let status = res.code.unwrap_or(0);
    let mut keep_alive = res.version == Some(1);
    let mut length = None;
    let mut chunked = false;
    let mut error_type = None;
    for h in res.headers.iter() {
        let value = std::str::from_utf8(h.value).unwrap_or("").trim();
        if h.name.eq_ignore_ascii_case("content-length") {
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| invalid("malformed Content-Length"))?,
            );
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value
                .rsplit(',')
                .next()
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("chunked"));
        } else if h.name.eq_ignore_ascii_case("connection") {
            if value
                .split(',')
                .any(|v| v.trim().eq_ignore_ascii_case("close"))
            {
                keep_alive = false;
            } else if value
                .split(',')
                .any(|v| v.trim().eq_ignore_ascii_case("keep-alive"))
            {
                keep_alive = true;
            }
        } else if h.name.eq_ignore_ascii_case("x-amzn-errortype") {
            error_type = Some(value.to_string());
        }
    }
    let framing = if status == 204 || status == 304 || (100..200).contains(&status) {
        Framing::Empty
    } else if chunked {
        Framing::Chunked
    } else if let Some(n) = length {
        Framing::Length(n)
    } else {
        Framing::UntilClose
    };
    Ok(Some(Head {
        len,
        status,
        error_type,
        keep_alive,
        framing,
    }))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn invalid(what: &str) -> Failure {
    Failure::Io(io::Error::new(io::ErrorKind::InvalidData, what.to_string()))
}

fn eof(what: &str) -> Failure {
    Failure::Io(io::Error::new(
        io::ErrorKind::UnexpectedEof,
        what.to_string(),
    ))
}

impl Stream {
    async fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        match self {
            Stream::Plain(s) => s.write_all(data).await,
            Stream::Tls(s) => {
                s.write_all(data).await?;
                s.flush().await
            }
        }
    }

    async fn read_buf(&mut self, buf: &mut BytesMut) -> io::Result<usize> {
        if buf.capacity() - buf.len() < 1024 {
            buf.reserve(4096);
        }
        match self {
            Stream::Plain(s) => s.read_buf(buf).await,
            Stream::Tls(s) => s.read_buf(buf).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    /// A server that answers each request with the next canned response, then (optionally) closes.
    async fn serve(
        answers: Vec<&'static [u8]>,
        close_after: bool,
    ) -> (url::Url, tokio::task::JoinHandle<Vec<Vec<u8>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url =
            url::Url::parse(&format!("http://{}/stage", listener.local_addr().unwrap())).unwrap();
        let task = tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut seen = Vec::new();
            for answer in answers {
                let mut buf = vec![0u8; 8192];
                let mut got = Vec::new();
                // Read one request: head up to the blank line plus its Content-Length.
                loop {
                    let n = sock.read(&mut buf).await.unwrap();
                    assert!(n > 0, "client closed early");
                    got.extend_from_slice(&buf[..n]);
                    if let Some(end) = find(&got, b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&got[..end]).to_lowercase();
                        let len = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length: "))
                            .map(|v| v.trim().parse::<usize>().unwrap())
                            .unwrap_or(0);
                        if got.len() >= end + 4 + len {
                            break;
                        }
                    }
                }
                seen.push(got);
                sock.write_all(answer).await.unwrap();
            }
            if close_after {
                drop(sock);
            }
            seen
        });
        (url, task)
    }

    const REQUEST: &[u8] =
        b"POST /stage/@connections/x HTTP/1.1\r\nhost: h\r\ncontent-length: 2\r\n\r\nhi";

    #[tokio::test]
    async fn reads_length_chunked_and_empty_bodies_on_one_connection() {
        let (url, server) = serve(
            vec![
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                b"HTTP/1.1 410 Gone\r\nx-amzn-ErrorType: GoneException:http://internal.amazon.com/\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"me\r\n3\r\nss\"\r\n0\r\n\r\n",
                b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
            ],
            false,
        )
        .await;
        let client = Http1Client::new(&url, None).unwrap();
        let mut conn = client.checkout().await.unwrap();
        let (r, keep) = conn.roundtrip(REQUEST).await.unwrap();
        assert_eq!((r.status, &r.body[..], keep), (200, &b"hello"[..], true));
        let (r, keep) = conn.roundtrip(REQUEST).await.unwrap();
        assert_eq!(r.status, 410);
        assert_eq!(
            r.error_type.as_deref(),
            Some("GoneException:http://internal.amazon.com/")
        );
        assert_eq!((&r.body[..], keep), (&b"{\"mess\""[..], true));
        let (r, keep) = conn.roundtrip(REQUEST).await.unwrap();
        assert_eq!((r.status, r.body.len(), keep), (204, 0, true));
        let seen = server.await.unwrap();
        assert_eq!(seen.len(), 3);
        assert!(seen.iter().all(|req| req == REQUEST));
    }

    #[tokio::test]
    async fn connection_close_and_close_delimited_bodies_end_reuse() {
        let (url, _server) = serve(
            vec![b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"],
            false,
        )
        .await;
        let client = Http1Client::new(&url, None).unwrap();
        let mut conn = client.checkout().await.unwrap();
        let (r, keep) = conn.roundtrip(REQUEST).await.unwrap();
        assert_eq!((r.status, &r.body[..], keep), (200, &b"ok"[..], false));

        let (url, _server) = serve(vec![b"HTTP/1.1 200 OK\r\n\r\nuntil close"], true).await;
        let client = Http1Client::new(&url, None).unwrap();
        let mut conn = client.checkout().await.unwrap();
        let (r, keep) = conn.roundtrip(REQUEST).await.unwrap();
        assert_eq!((&r.body[..], keep), (&b"until close"[..], false));
    }

    #[tokio::test]
    async fn a_reused_connection_closed_by_the_server_is_reported_stale() {
        let (url, server) =
            serve(vec![b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"], true).await;
        let client = Http1Client::new(&url, None).unwrap();
        let mut conn = client.checkout().await.unwrap();
        assert!(conn.roundtrip(REQUEST).await.is_ok());
        server.await.unwrap();
        // The server has closed: the next request on this connection never reached it.
        assert!(matches!(conn.roundtrip(REQUEST).await, Err(Failure::Stale)));
    }

    #[tokio::test]
    async fn a_fresh_connection_closed_mid_answer_is_an_error_not_stale() {
        let (url, _server) = serve(
            vec![b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"],
            true,
        )
        .await;
        let client = Http1Client::new(&url, None).unwrap();
        let mut conn = client.checkout().await.unwrap();
        assert!(matches!(conn.roundtrip(REQUEST).await, Err(Failure::Io(_))));
    }

    #[test]
    fn endpoints_are_checked() {
        let url = |s: &str| url::Url::parse(s).unwrap();
        assert!(Http1Client::new(&url("ftp://h/x"), None).is_err());
        assert!(Http1Client::new(&url("https://h/x"), None).is_err());
        let c = Http1Client::new(&url("http://[::1]:81/s"), None).unwrap();
        assert_eq!(c.authority, "[::1]:81");
        let c = Http1Client::new(&url("http://example.com/s"), None).unwrap();
        assert_eq!(c.authority, "example.com:80");
    }
}
