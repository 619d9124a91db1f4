//! `push --messages FILE|-`: NDJSON of messages, each to one connection or to every connection of a
//! user, each with its own payload — a service's batch of notifications in one run of the delivery
//! engine instead of one process per message.
//!
//! A line is `{"connectionId": "L0SM9cOFvHcCIhw=", "data": "text"}` or
//! `{"userId": "u42", "data": {"type": "notice"}}`: a string `data` is sent as it is, any other JSON
//! value as compact JSON. Blank lines and lines starting with `#` are skipped; other fields are
//! ignored, so the `--failures` file of such a run (which adds `reason` and `attempts`) replays as is.
//! A file is checked whole before anything is sent; stdin is checked line by line and the run stops
//! at the first bad line (what was sent before it is in the summary).

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tokio::sync::mpsc;

use super::check_connection_id;
use crate::aws::connections::{Payload, MAX_PAYLOAD};
use crate::error::{Error, Result};

/// Who one message is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    Connection(String),
    User(String),
}

#[derive(Debug, Clone)]
pub struct Message {
    pub to: Recipient,
    pub payload: Payload,
}

/// One line: None for a blank or comment line, else the message or why it is refused.
pub fn parse_line(line: &str, json: bool) -> std::result::Result<Option<Message>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let Some(obj) = v.as_object() else {
        return Err("not a JSON object".into());
    };
    let text = |k: &str| {
        obj.get(k)
            .map(|v| v.as_str().ok_or(format!("{k} must be a string")))
    };
    let to = match (text("connectionId"), text("userId")) {
        (Some(_), Some(_)) => return Err("give connectionId or userId, not both".into()),
        (Some(id), None) => {
            let id = id?;
            check_connection_id(id).map_err(|e| e.message)?;
            Recipient::Connection(id.to_string())
        }
        (None, Some(user)) => {
            let user = user?;
            if user.is_empty() {
                return Err("userId is empty".into());
            }
            Recipient::User(user.to_string())
        }
        (None, None) => return Err("needs a connectionId or a userId".into()),
    };
    let data = match obj.get("data") {
        None | Some(Value::Null) => return Err("needs data".into()),
        Some(Value::String(s)) => {
            if json {
                serde_json::from_str::<Value>(s)
                    .map_err(|e| format!("data is not valid JSON (--json): {e}"))?;
            }
            s.clone().into_bytes()
        }
        Some(other) => other.to_string().into_bytes(),
    };
    if data.is_empty() {
        return Err("empty data: nothing to send".into());
    }
    if data.len() > MAX_PAYLOAD {
        return Err(format!(
            "data is larger than the Management API's limit of {MAX_PAYLOAD} bytes"
        ));
    }
    Ok(Some(Message {
        to,
        payload: Payload::new(data),
    }))
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn source_name(path: &Path) -> String {
    if is_stdin(path) {
        "stdin".into()
    } else {
        path.display().to_string()
    }
}

fn open(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    if is_stdin(path) {
        return Ok(Box::new(std::io::BufReader::new(std::io::stdin())));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Error::usage(format!("cannot read messages file {}: {e}", path.display())))?;
    Ok(Box::new(std::io::BufReader::new(file)))
}

/// Check a whole file before anything is sent (a stream, not held in memory): the number of
/// messages, or the first bad line as `FILE:LINE: why`. Stdin cannot be read twice: it is checked
/// as it is read ([`read`]).
pub fn check_file(path: &Path, json: bool) -> Result<u64> {
    if is_stdin(path) {
        return Ok(0);
    }
    let mut n = 0;
    for (i, line) in open(path)?.lines().enumerate() {
        let line = line.map_err(|e| read_error(path, i, e))?;
        match parse_line(&line, json) {
            Ok(Some(_)) => n += 1,
            Ok(None) => {}
            Err(why) => return Err(line_error(path, i, &why)),
        }
    }
    if n == 0 {
        return Err(Error::usage(format!(
            "no messages in {}",
            source_name(path)
        )));
    }
    Ok(n)
}

fn line_error(path: &Path, index: usize, why: &str) -> Error {
    Error::usage(format!("{}:{}: {why}", source_name(path), index + 1)).with_hint(
        "a line is {\"connectionId\": ID, \"data\": ...} or {\"userId\": USER, \"data\": ...}",
    )
}

fn read_error(path: &Path, index: usize, e: std::io::Error) -> Error {
    Error::usage(format!(
        "cannot read {} at line {}: {e}",
        source_name(path),
        index + 1
    ))
}

/// Stream the messages of `path` (`-`: stdin) into a bounded channel from a reader thread; a bad
/// line ends the stream with its error.
pub fn read(path: PathBuf, json: bool) -> mpsc::Receiver<Result<Message>> {
    let (tx, rx) = mpsc::channel(1024);
    std::thread::spawn(move || {
        let lines = match open(&path) {
            Ok(r) => r.lines(),
            Err(e) => {
                let _ = tx.blocking_send(Err(e));
                return;
            }
        };
        for (i, line) in lines.enumerate() {
            let item = match line {
                Err(e) => Err(read_error(&path, i, e)),
                Ok(line) => match parse_line(&line, json) {
                    Ok(None) => continue,
                    Ok(Some(m)) => Ok(m),
                    Err(why) => Err(line_error(&path, i, &why)),
                },
            };
            let stop = item.is_err();
            if tx.blocking_send(item).is_err() || stop {
                return;
            }
        }
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> std::result::Result<Option<Message>, String> {
        parse_line(line, false)
    }

    #[test]
    fn lines_name_a_connection_or_a_user() {
        let m = parse(r#"{"connectionId":"abc=","data":"hi"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(m.to, Recipient::Connection("abc=".into()));
        assert_eq!(m.payload.text(), Some("hi"));
        let m = parse(r#"{"userId":"u42","data":{"type":"notice","n":1}}"#)
            .unwrap()
            .unwrap();
        assert_eq!(m.to, Recipient::User("u42".into()));
        assert_eq!(m.payload.text(), Some(r#"{"type":"notice","n":1}"#));
        assert!(parse("   ").unwrap().is_none());
        assert!(parse("# a comment").unwrap().is_none());
        // A --failures line of a messages run replays as is.
        let m = parse(r#"{"connectionId":"abc=","reason":"gave up","attempts":8,"data":"hi"}"#);
        assert_eq!(m.unwrap().unwrap().payload.text(), Some("hi"));
    }

    #[test]
    fn bad_lines_say_why() {
        let why = |l: &str| parse(l).unwrap_err();
        assert!(why("hello").contains("not a JSON object"));
        assert!(why(r#"{"data":"x"}"#).contains("connectionId or a userId"));
        assert!(why(r#"{"connectionId":"a=","userId":"u","data":"x"}"#).contains("not both"));
        assert!(why(r#"{"connectionId":"a b","data":"x"}"#).contains("malformed connection id"));
        assert!(why(r#"{"connectionId":7,"data":"x"}"#).contains("must be a string"));
        assert!(why(r#"{"userId":"u"}"#).contains("needs data"));
        assert!(why(r#"{"userId":"u","data":""}"#).contains("empty"));
        let big = format!(
            r#"{{"userId":"u","data":"{}"}}"#,
            "x".repeat(MAX_PAYLOAD + 1)
        );
        assert!(why(&big).contains("131072"));
        let not_json = parse_line(r#"{"userId":"u","data":"{oops"}"#, true).unwrap_err();
        assert!(not_json.contains("--json"), "{not_json}");
        assert!(parse_line(r#"{"userId":"u","data":"{\"ok\":1}"}"#, true).is_ok());
    }
}
