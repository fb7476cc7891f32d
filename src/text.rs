//! Small text rules shared by every stage: what a slug is, which file names are editor
//! litter, decoding UTF-8 with the position of the first bad byte, line and column of an
//! offset, quoting a value briefly, control characters, and the one HTML escaper.
//!
//! A leaf: pure functions on strings and bytes, no file system (reading files is
//! [`crate::fsx`]'s), no diagnostics (the callers word the problem). Templates, the preview
//! overlay, error pages and Markdown output all escape with [`escape_html`] /
//! [`write_escaped_html`], so no control character and no unescaped `<`, `&` or quote reaches
//! a page through any of them.

/// Longest quotation of a file's text in a message, in characters.
pub(crate) const MAX_QUOTE_CHARS: usize = 60;

/// Whether `id` is a valid slug: lowercase ASCII letters, digits and `-`, not empty. Level,
/// area and category ids are slugs, as they become URLs and HTML ids.
pub(crate) fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether a file or folder name is hidden (`.git`, `.ssh`) or left by an editor or the OS
/// beside the real files (`x.md~`, `.x.md.swp`, `#x.md#`): never content, never published,
/// never reported, and no reason for `serve` to rebuild.
pub(crate) fn is_hidden_or_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

/// Where the first byte that is not UTF-8 is, 1-based (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotUtf8 {
    /// Line of the bad byte.
    pub(crate) line: usize,
    /// Column of the bad byte: just after the last valid character.
    pub(crate) column: usize,
}

/// The bytes as text.
///
/// # Errors
/// Where the first byte that is not UTF-8 is.
pub(crate) fn decode_utf8(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // The valid prefix is UTF-8 by definition; position the error just after it.
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let (line, column) = line_column(&prefix, valid);
        NotUtf8 { line, column }
    })
}

/// `s` as a quoted CSS string (`"Backend \2014  ladder"`): every character but ASCII letters,
/// digits and spaces is a hex escape, so no quote, backslash, `;` or `<` of author text can
/// end the string, the declaration or the element it is written in.
pub(crate) fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else if is_unsafe_control(c) {
            out.push_str("\\FFFD ");
        } else {
            out.push_str(&format!("\\{:X} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// 1-based line and column of a byte offset (clamped to the text and to a char boundary).
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// `text`, or its first [`MAX_QUOTE_CHARS`] characters and `…`: for quoting a value or key
/// from the file in a message without copying a whole file into it.
pub(crate) fn clip(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTE_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// Whether `c` must never reach an output file raw: a control character (Unicode category
/// Cc: C0, DEL, C1) other than tab, line feed and carriage return. NUL, ESC or BEL in a page
/// is invisible at best and a terminal escape sequence at worst.
pub(crate) fn is_unsafe_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// `s` with every [unsafe control character](is_unsafe_control) replaced by U+FFFD; returns
/// `s` itself (no copy) when it has none.
pub(crate) fn replace_controls(s: String) -> String {
    if !has_unsafe_control(&s) {
        return s;
    }
    s.chars()
        .map(|c| if is_unsafe_control(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// Whether `s` holds an [unsafe control character](is_unsafe_control), by its UTF-8 bytes
/// (every page and export passes through here: no char decoding on the common, clean path).
/// C0 and DEL are single bytes; C1 (U+0080–U+009F) is `C2 80`–`C2 9F`.
pub(crate) fn has_unsafe_control(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0..=0x1f | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        _ => false,
    })
}

/// JSON text with every [unsafe control character](is_unsafe_control) written as a `\uXXXX`
/// escape. serde_json escapes C0 characters itself but writes DEL and C1 (U+007F–U+009F) raw;
/// in serialized JSON they can only stand inside strings, where the escape means the same.
pub(crate) fn escape_json_controls(json: Vec<u8>) -> Vec<u8> {
    // serde_json escapes C0 itself: only DEL (0x7F) and C1 (lead byte 0xC2) can be left, and
    // a vectorised search for those two bytes keeps clean JSON (all of it, nearly) cheap.
    if memchr::memchr2(0x7f, 0xc2, &json).is_none() {
        return json;
    }
    let Ok(text) = std::str::from_utf8(&json) else {
        return json;
    };
    if !has_unsafe_control(text) {
        return json;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe_control(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into_bytes()
}

/// Calls `emit` with the pieces of `s` escaped for HTML: runs of plain text, and the entity
/// or U+FFFD standing for each special or control character. The one HTML escaper: every
/// other form below wraps it.
fn escape_html_pieces(
    s: &str,
    mut emit: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // Byte by byte, as every character concerned is ASCII except the C1 controls, which
    // are U+0080..=U+009F, encoded 0xC2 0x80..=0x9F. Slicing at those bytes stays on
    // character boundaries.
    let bytes = s.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let (replacement, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            0x00..=0x08 | 0x0b | 0x0c | 0x0e..=0x1f | 0x7f => ("\u{FFFD}", 1),
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => ("\u{FFFD}", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        emit(&s[start..i])?;
        emit(replacement)?;
        i += len;
        start = i;
    }
    emit(&s[start..])
}

/// Escapes text for HTML element content and quoted attribute values: `& < > " '` become
/// entities and control characters other than tab and newlines become U+FFFD.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Pushing to a String cannot fail.
    let _ = escape_html_pieces(s, |piece| {
        out.push_str(piece);
        Ok(())
    });
    out
}

/// [`escape_html`] appended to `out`, without an intermediate string.
pub(crate) fn push_escaped_html(out: &mut String, s: &str) {
    // Pushing to a String cannot fail.
    let _ = escape_html_pieces(s, |piece| {
        out.push_str(piece);
        Ok(())
    });
}

/// [`escape_html`] into a writer: the escape function templates use for every value they
/// print (see `render::theme`), so pages and the preview overlay escape the same way.
///
/// # Errors
/// The writer's.
pub(crate) fn write_escaped_html(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escape_html_pieces(s, |piece| out.write_all(piece.as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn css_string_escapes_all_but_letters_digits_and_spaces() {
        assert_eq!(css_string("Ladder 2"), "\"Ladder 2\"");
        assert_eq!(
            css_string("a\"; }</style>\u{1b}é"),
            "\"a\\22 \\3B  \\7D \\3C \\2F style\\3E \\FFFD \\E9 \""
        );
    }

    #[test]
    fn the_byte_scan_finds_exactly_the_unsafe_controls() {
        for c in (0u32..0x250).filter_map(char::from_u32) {
            let s = format!("ab{c}cd");
            assert_eq!(
                has_unsafe_control(&s),
                is_unsafe_control(c),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(!has_unsafe_control("é © « » ¢ \u{a0}"));
    }

    #[test]
    fn json_gets_del_and_c1_escaped_and_stays_the_same_json() {
        let value = serde_json::json!({"t": "a\u{7f}b\u{9b}c\u{85}d\u{1b}e"});
        let raw = serde_json::to_vec(&value).unwrap();
        let escaped = escape_json_controls(raw);
        let text = String::from_utf8(escaped.clone()).unwrap();
        assert_eq!(text, "{\"t\":\"a\\u007fb\\u009bc\\u0085d\\u001be\"}");
        let back: serde_json::Value = serde_json::from_slice(&escaped).unwrap();
        assert_eq!(back, value);
    }
    use super::*;

    #[test]
    fn slugs_and_litter() {
        assert!(is_slug("staff-2"));
        assert!(!is_slug("Staff"));
        assert!(!is_slug(""));
        assert!(is_hidden_or_litter(".ssh"));
        assert!(is_hidden_or_litter(".senior.md.swp"));
        assert!(is_hidden_or_litter("senior.md~"));
        assert!(is_hidden_or_litter("#senior.md#"));
        assert!(!is_hidden_or_litter("senior.md"));
    }

    #[test]
    fn reports_position_of_first_invalid_utf8_byte() {
        let e = decode_utf8(b"---\ntitle: caf\xe9\n".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 11));
        assert_eq!(decode_utf8(b"caf\xc3\xa9".to_vec()).unwrap(), "café");
    }

    #[test]
    fn clip_keeps_short_text_and_cuts_long_text() {
        assert_eq!(clip("short"), "short");
        let long = "x".repeat(MAX_QUOTE_CHARS + 5);
        assert_eq!(clip(&long), format!("{}…", "x".repeat(MAX_QUOTE_CHARS)));
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "a: 1\nbé: x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 5), (2, 1));
        // byte 9 is after "bé: " (b=1, é=2, :=1, space=1 bytes)
        assert_eq!(line_column(text, 10), (2, 5));
    }

    #[test]
    fn escape_html_escapes_specials_and_replaces_control_characters() {
        assert_eq!(
            escape_html("a<b>&\"c\" 'd'\tok\n"),
            "a&lt;b&gt;&amp;&quot;c&quot; &#39;d&#39;\tok\n"
        );
        assert_eq!(
            escape_html("x\u{0}\u{1b}[31m\u{7}\u{7f}\u{85}y"),
            "x\u{FFFD}\u{FFFD}[31m\u{FFFD}\u{FFFD}\u{FFFD}y"
        );
        // Every control character, and nothing else, is replaced.
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let escaped = escape_html(&c.to_string());
            if is_unsafe_control(c) {
                assert_eq!(escaped, "\u{FFFD}", "{c:?}");
            } else if !"&<>\"'".contains(c) {
                assert_eq!(escaped, c.to_string(), "{c:?}");
            }
        }
        let mut written = Vec::new();
        write_escaped_html("é<\u{1b}", &mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), "é&lt;\u{FFFD}");
    }

    #[test]
    fn replace_controls_keeps_tabs_and_newlines() {
        assert_eq!(replace_controls("a\tb\r\n".into()), "a\tb\r\n");
        assert_eq!(
            replace_controls("a\u{0}b\u{c}".into()),
            "a\u{FFFD}b\u{FFFD}"
        );
    }
}
