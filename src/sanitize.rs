//! Escape untrusted strings (connection records, user agents, payload previews) before they reach a
//! terminal, so an attribute cannot carry terminal escape sequences.

use std::borrow::Cow;

/// Replace control characters (C0, DEL, C1) with visible `\x..` / `\u{..}` escapes.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            if (c as u32) < 0x100 {
                out.push_str(&format!("\\x{:02x}", c as u32));
            } else {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_sequences() {
        assert_eq!(terminal_safe("plain"), "plain");
        assert_eq!(terminal_safe("a\x1b[31mred"), "a\\x1b[31mred");
        assert_eq!(terminal_safe("bell\x07"), "bell\\x07");
        assert_eq!(terminal_safe("\u{9b}2J"), "\\x9b2J");
        assert_eq!(terminal_safe("rtl\u{202e}"), "rtl\\u{202e}");
    }
}
