//! A strict RFC 8259 JSON reader that keeps the byte span of every value and key.
//!
//! Profiles need `file:line:column` for every problem, and common JSON readers accept more than
//! the RFC (single quotes, raw line breaks in strings, comments) or reject valid text (escaped
//! surrogate pairs), so this one is written by hand: it accepts exactly RFC 8259 and explains
//! each rejection in the author's terms. It is iterative, so nesting costs heap rather than stack,
//! and [`Limits`] caps both nesting and size.

use std::collections::HashSet;
use std::ops::Range;

use super::tree::{Key, Node, SyntaxError, Value};

/// Caps on a document's shape, so hostile input cannot exhaust memory or a later recursive walk.
pub use crate::limits::Tree as Limits;

/// Parse one JSON document into a spanned tree; empty (or blank) text is `null` at `0..0`.
///
/// A leading byte order mark is skipped, as RFC 8259 §8.1 allows. Duplicate keys do not stop
/// the parse: the first is the error and the rest follow in [`SyntaxError::more`], in source
/// order (they are also appended to `more` when a later syntax error ends the parse).
pub fn parse(text: &str, limits: &Limits) -> Result<Node, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        limits: *limits,
        nodes: 0,
        duplicates: Vec::new(),
    };
    let result = parser.document();
    let mut duplicates = parser.duplicates;
    match result {
        Err(mut err) => {
            err.more.append(&mut duplicates);
            Err(err)
        }
        Ok(_) if !duplicates.is_empty() => {
            let (span, message) = duplicates.remove(0);
            Err(SyntaxError {
                span,
                message,
                more: duplicates,
            })
        }
        Ok(node) => Ok(node),
    }
}

/// Objects with fewer entries are checked for duplicate keys by a scan; larger ones use a set.
const SCAN_LIMIT: usize = 16;

/// How many characters of a word or number a message quotes before cutting it short.
const SHOW_LIMIT: usize = 40;

/// An array or object whose closing bracket has not been read yet; kept on a heap stack.
enum Frame {
    Array {
        start: usize,
        items: Vec<Node>,
    },
    Object {
        start: usize,
        entries: Vec<(Key, Node)>,
        /// The key whose value is being read.
        key: Key,
        /// Key names, built once the object outgrows [`SCAN_LIMIT`] so duplicates stay linear.
        names: Option<HashSet<String>>,
    },
}

impl Frame {
    /// Where the opening bracket is, for "unclosed" errors.
    fn start(&self) -> usize {
        match self {
            Frame::Array { start, .. } | Frame::Object { start, .. } => *start,
        }
    }
}

/// Why a number failed the RFC grammar, so the message can say what to change.
#[derive(Debug, Clone, Copy)]
enum Flaw {
    /// No integer digit where one must be (`+1`, `.5`, `-`, `-Infinity`).
    Start,
    /// A `0` followed by more digits (`007`).
    LeadingZero,
    /// A `.` without digits after it (`1.`).
    Fraction,
    /// An `e` without digits after it (`1e`, `1e+`).
    Exponent,
    /// More number-like characters after a complete number (`0x1F`, `1.2.3`).
    Trailing,
}

/// Reading state: the text, the cursor, and what has been counted or noticed so far.
struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    limits: Limits,
    nodes: usize,
    duplicates: Vec<(Range<usize>, String)>,
}

impl Parser<'_> {
    /// The whole text: an optional byte order mark, whitespace, one value, whitespace.
    fn document(&mut self) -> Result<Node, SyntaxError> {
        if self.text.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        self.skip_whitespace();
        if self.pos == self.bytes.len() {
            return Ok(Node {
                value: Value::Null,
                span: 0..0,
            });
        }
        let root = self.value()?;
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            if let Some(err) = self.comment(self.pos) {
                return Err(err);
            }
            let (span, what) = self.describe(self.pos);
            return Err(error(
                span,
                format!("unexpected {what} after the end of the document"),
            ));
        }
        Ok(root)
    }

    /// One value, iteratively: open containers wait on `stack` instead of the call stack.
    fn value(&mut self) -> Result<Node, SyntaxError> {
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            self.skip_whitespace();
            let start = self.pos;
            let open = stack.last().map(Frame::start);
            let Some(&byte) = self.bytes.get(start) else {
                return Err(self.unexpected(open, "expected a value"));
            };
            self.count(start)?;
            let mut node = match byte {
                b'[' | b'{' => {
                    if stack.len() >= self.limits.max_depth {
                        return Err(error(
                            start..start + 1,
                            format!("nesting deeper than {} levels", self.limits.max_depth),
                        ));
                    }
                    self.pos += 1;
                    self.skip_whitespace();
                    let close = if byte == b'[' { b']' } else { b'}' };
                    if self.bytes.get(self.pos) == Some(&close) {
                        self.pos += 1;
                        let value = match byte {
                            b'[' => Value::Seq(Vec::new()),
                            _ => Value::Map(Vec::new()),
                        };
                        Node {
                            value,
                            span: start..self.pos,
                        }
                    } else if byte == b'[' {
                        stack.push(Frame::Array {
                            start,
                            items: Vec::new(),
                        });
                        continue 'value;
                    } else {
                        let key = self.key(start)?;
                        stack.push(Frame::Object {
                            start,
                            entries: Vec::new(),
                            key,
                            names: None,
                        });
                        continue 'value;
                    }
                }
                b'"' => {
                    let (text, span) = self.string()?;
                    Node {
                        value: Value::Str(text),
                        span,
                    }
                }
                b'-' | b'0'..=b'9' => self.number()?,
                b'+' | b'.' if self.bytes.get(start + 1).is_some_and(u8::is_ascii_digit) => {
                    self.number()?
                }
                _ => self.literal(open)?,
            };
            // Hand the finished value to its container, closing every container that ends here.
            loop {
                let Some(frame) = stack.pop() else {
                    return Ok(node);
                };
                match frame {
                    Frame::Array { start, mut items } => {
                        items.push(node);
                        self.skip_whitespace();
                        match self.bytes.get(self.pos) {
                            Some(b']') => {
                                self.pos += 1;
                                node = Node {
                                    value: Value::Seq(items),
                                    span: start..self.pos,
                                };
                            }
                            Some(b',') => {
                                self.comma(b']')?;
                                stack.push(Frame::Array { start, items });
                                continue 'value;
                            }
                            _ => return Err(self.unexpected(Some(start), "expected `,` or `]`")),
                        }
                    }
                    Frame::Object {
                        start,
                        mut entries,
                        key,
                        mut names,
                    } => {
                        entries.push((key, node));
                        self.skip_whitespace();
                        match self.bytes.get(self.pos) {
                            Some(b'}') => {
                                self.pos += 1;
                                node = Node {
                                    value: Value::Map(entries),
                                    span: start..self.pos,
                                };
                            }
                            Some(b',') => {
                                self.comma(b'}')?;
                                let key = self.key(start)?;
                                self.note_duplicate(&key, &entries, &mut names);
                                stack.push(Frame::Object {
                                    start,
                                    entries,
                                    key,
                                    names,
                                });
                                continue 'value;
                            }
                            _ => return Err(self.unexpected(Some(start), "expected `,` or `}`")),
                        }
                    }
                }
            }
        }
    }

    /// Steps over the `,` at the cursor, refusing one that is directly followed by `close`.
    fn comma(&mut self, close: u8) -> Result<(), SyntaxError> {
        let comma = self.pos;
        self.pos += 1;
        self.skip_whitespace();
        match self.bytes.get(self.pos) {
            Some(&b) if b == close => Err(error(comma..comma + 1, "trailing comma".into())),
            _ => Ok(()),
        }
    }

    /// Counts one more value starting at `start`, failing once the document holds too many.
    fn count(&mut self, start: usize) -> Result<(), SyntaxError> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(error(
                self.describe(start).0,
                format!("more than {} values in one document", self.limits.max_nodes),
            ));
        }
        Ok(())
    }

    /// A key and its colon, at the cursor (whitespace already skipped) inside the `{` at `open`.
    fn key(&mut self, open: usize) -> Result<Key, SyntaxError> {
        let start = self.pos;
        match self.bytes.get(start) {
            Some(b'"') => {}
            Some(b'\'') => return Err(self.single_quoted(start)),
            _ => {
                let end = self.word_end(start);
                if end > start {
                    let word = shorten(&self.text[start..end]);
                    return Err(error(
                        start..end,
                        format!("unquoted key `{word}`; write it in double quotes: `\"{word}\"`"),
                    ));
                }
                return Err(self.unexpected(Some(open), "expected a key in double quotes"));
            }
        }
        let (name, span) = self.string()?;
        self.skip_whitespace();
        if self.bytes.get(self.pos) != Some(&b':') {
            return Err(self.unexpected(Some(open), "expected `:` after the key"));
        }
        self.pos += 1;
        Ok(Key { name, span })
    }

    /// Records `key` if an earlier entry of the same object has its name.
    fn note_duplicate(
        &mut self,
        key: &Key,
        entries: &[(Key, Node)],
        names: &mut Option<HashSet<String>>,
    ) {
        let duplicate = match names {
            Some(set) => !set.insert(key.name.clone()),
            None if entries.len() < SCAN_LIMIT => entries.iter().any(|(k, _)| k.name == key.name),
            None => {
                let mut set: HashSet<String> =
                    entries.iter().map(|(k, _)| k.name.clone()).collect();
                let duplicate = !set.insert(key.name.clone());
                *names = Some(set);
                duplicate
            }
        };
        if duplicate {
            let message = format!("duplicate key `{}`", shorten(&key.name));
            self.duplicates.push((key.span.clone(), message));
        }
    }

    /// `true`, `false` or `null`, or an explanation of what stands where a value should.
    fn literal(&mut self, open: Option<usize>) -> Result<Node, SyntaxError> {
        let start = self.pos;
        let end = self.word_end(start);
        if end == start {
            return Err(match self.bytes.get(start) {
                Some(b'\'') => self.single_quoted(start),
                _ => self.unexpected(open, "expected a value"),
            });
        }
        let value = match &self.text[start..end] {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            word => return Err(error(start..end, word_message(word))),
        };
        self.pos = end;
        Ok(Node {
            value,
            span: start..end,
        })
    }

    /// A number exactly per RFC 8259 §6, kept as written.
    fn number(&mut self) -> Result<Node, SyntaxError> {
        let b = self.bytes;
        let start = self.pos;
        let digits = |mut i: usize| {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                return Err(self.bad_number(start, Flaw::LeadingZero));
            }
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = digits(i),
            _ => return Err(self.bad_number(start, Flaw::Start)),
        }
        if b.get(i) == Some(&b'.') {
            let end = digits(i + 1);
            if end == i + 1 {
                return Err(self.bad_number(start, Flaw::Fraction));
            }
            i = end;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let end = digits(i);
            if end == i {
                return Err(self.bad_number(start, Flaw::Exponent));
            }
            i = end;
        }
        if b.get(i).copied().is_some_and(is_token_byte) {
            return Err(self.bad_number(start, Flaw::Trailing));
        }
        self.pos = i;
        Ok(Node {
            value: Value::Number(self.text[start..i].to_string()),
            span: start..i,
        })
    }

    /// The error for a malformed number starting at `start`, spanning its whole token.
    fn bad_number(&self, start: usize, flaw: Flaw) -> SyntaxError {
        let length = self.bytes[start..]
            .iter()
            .take_while(|&&b| is_token_byte(b))
            .count();
        let end = start + length.max(1);
        // Token bytes are ASCII, so this slice cannot split a character.
        let token = self.text.get(start..end).unwrap_or("");
        let shown = shorten(token);
        let body = token.strip_prefix('-').unwrap_or(token);
        let message = match flaw {
            Flaw::Start if token.starts_with('+') => {
                format!("number `{shown}` must not start with `+`")
            }
            Flaw::Start if body.starts_with('.') => {
                format!("number `{shown}` needs a digit before the `.`")
            }
            Flaw::Start if body.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                word_message(token)
            }
            Flaw::Start => "expected a digit after `-`".to_string(),
            Flaw::LeadingZero => {
                format!(
                    "number `{shown}` has a leading zero; quote it (`\"{shown}\"`) if it is text"
                )
            }
            Flaw::Fraction => format!("number `{shown}` needs a digit after the `.`"),
            Flaw::Exponent => format!("number `{shown}` needs a digit in its exponent"),
            Flaw::Trailing if body.starts_with("0x") || body.starts_with("0X") => {
                format!("number `{shown}` is hexadecimal; JSON numbers are decimal")
            }
            Flaw::Trailing => format!("invalid number `{shown}`"),
        };
        error(start..end, message)
    }

    /// A double-quoted string at the cursor: its decoded text and its span, quotes included.
    fn string(&mut self) -> Result<(String, Range<usize>), SyntaxError> {
        let open = self.pos;
        let b = self.bytes;
        let mut out = String::new();
        let mut run = open + 1;
        let mut i = run;
        // `run` and `i` only ever stop at ASCII bytes, so every slice is on a char boundary.
        loop {
            match b.get(i) {
                None => return Err(error(open..open + 1, "unterminated string".into())),
                Some(b'"') => {
                    out.push_str(&self.text[run..i]);
                    self.pos = i + 1;
                    return Ok((out, open..i + 1));
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..i]);
                    i = self.escape(i, open, &mut out)?;
                    run = i;
                }
                Some(&c) if c < 0x20 => return Err(control_error(i, c)),
                Some(_) => i += 1,
            }
        }
    }

    /// Decodes the escape whose backslash is at `at`; returns where the string continues.
    fn escape(&self, at: usize, open: usize, out: &mut String) -> Result<usize, SyntaxError> {
        let c = match self.bytes.get(at + 1) {
            None => return Err(error(open..open + 1, "unterminated string".into())),
            Some(b'u') => return self.unicode_escape(at, out),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(_) => return Err(self.bad_escape(at)),
        };
        out.push(c);
        Ok(at + 2)
    }

    /// Decodes `\uXXXX` at `at`, joining a surrogate pair into one character.
    fn unicode_escape(&self, at: usize, out: &mut String) -> Result<usize, SyntaxError> {
        let Some(unit) = self.hex4(at + 2) else {
            let digits = self.bytes[at + 2..]
                .iter()
                .take(4)
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            let end = at + 2 + digits;
            let written = self.text.get(at..end).unwrap_or("\\u");
            return Err(error(
                at..end,
                format!("invalid escape `{written}`; `\\u` needs four hex digits"),
            ));
        };
        let (code, end) = match unit {
            0xD800..=0xDBFF => {
                let pair = self.bytes.get(at + 6..at + 8) == Some(b"\\u");
                match pair.then(|| self.hex4(at + 8)).flatten() {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), at + 12)
                    }
                    _ => return Err(self.lone_surrogate(at)),
                }
            }
            0xDC00..=0xDFFF => return Err(self.lone_surrogate(at)),
            _ => (unit, at + 6),
        };
        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
        Ok(end)
    }

    /// The value of the four hex digits at `at`, if there are four.
    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        digits
            .iter()
            .try_fold(0, |acc, &d| Some(acc * 16 + char::from(d).to_digit(16)?))
    }

    /// The error for a `\uXXXX` surrogate escape at `at` that is not half of a valid pair.
    fn lone_surrogate(&self, at: usize) -> SyntaxError {
        let written = self.text.get(at..at + 6).unwrap_or("\\u");
        error(
            at..at + 6,
            format!("lone surrogate `{written}` in a string"),
        )
    }

    /// The error for a backslash at `at` followed by a character that is no JSON escape.
    fn bad_escape(&self, at: usize) -> SyntaxError {
        let c = self.char_at(at + 1).unwrap_or('\\');
        let span = at..at + 1 + c.len_utf8();
        if c == '\'' {
            return error(
                span,
                "invalid escape `\\'` in a string; write a plain `'`".into(),
            );
        }
        let shown = match invisible(c) {
            true => format!("`\\` followed by character U+{:04X}", u32::from(c)),
            false => format!("`\\{c}`"),
        };
        error(
            span,
            format!(
                "invalid escape {shown} in a string; the escapes are `\\\"`, `\\\\`, `\\/`, \
                 `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`"
            ),
        )
    }

    /// The error for a single-quoted string at `start`, spanning it when it ends on its line.
    fn single_quoted(&self, start: usize) -> SyntaxError {
        let end = self.bytes[start + 1..]
            .iter()
            .position(|&b| matches!(b, b'\'' | b'\n' | b'\r'))
            .filter(|&i| self.bytes[start + 1 + i] == b'\'')
            .map_or(start + 1, |i| start + i + 2);
        error(
            start..end,
            "strings use double quotes (`\"`), not single quotes".into(),
        )
    }

    /// The error for something unwanted at the cursor, or for the text ending inside `open`.
    fn unexpected(&self, open: Option<usize>, expected: &str) -> SyntaxError {
        let pos = self.pos;
        if pos >= self.bytes.len() {
            return match open {
                Some(at) => self.unclosed(at),
                None => error(
                    self.end_span(),
                    format!("{expected} before the end of the document"),
                ),
            };
        }
        if let Some(err) = self.comment(pos).or_else(|| self.stray(pos)) {
            return err;
        }
        error(self.describe(pos).0, expected.to_string())
    }

    /// The error for a bracket at `at` that the document never closes.
    fn unclosed(&self, at: usize) -> SyntaxError {
        let (open, close) = match self.bytes.get(at) {
            Some(b'[') => ('[', ']'),
            _ => ('{', '}'),
        };
        error(
            at..at + 1,
            format!("unclosed `{open}`; the document ends before its `{close}`"),
        )
    }

    /// A comment starting at `pos`, if there is one: JSON has none, but people write them.
    fn comment(&self, pos: usize) -> Option<SyntaxError> {
        if self.bytes.get(pos) != Some(&b'/') {
            return None;
        }
        let rest = self.text.get(pos + 2..).unwrap_or("");
        let length = match self.bytes.get(pos + 1) {
            Some(b'/') => rest.find(['\n', '\r']).unwrap_or(rest.len()),
            Some(b'*') => rest.find("*/").map_or(rest.len(), |i| i + 2),
            _ => return None,
        };
        Some(error(pos..pos + 2 + length, "JSON has no comments".into()))
    }

    /// An invisible or control character at `pos`, which a message must name by code point.
    fn stray(&self, pos: usize) -> Option<SyntaxError> {
        let c = self.char_at(pos).filter(|&c| invisible(c))?;
        Some(error(
            pos..pos + c.len_utf8(),
            format!(
                "unexpected character U+{:04X}; only spaces, tabs and line breaks may separate \
                 JSON values",
                u32::from(c)
            ),
        ))
    }

    /// The span and a short description of what stands at `pos`, a whole word where there is one.
    fn describe(&self, pos: usize) -> (Range<usize>, String) {
        let Some(c) = self.char_at(pos) else {
            return (self.end_span(), "the end of the document".into());
        };
        let span = pos..pos + c.len_utf8();
        if is_word_char(c) {
            let end = self.word_end(pos);
            return (pos..end, format!("`{}`", shorten(&self.text[pos..end])));
        }
        let what = match c {
            '`' => "a backtick".to_string(),
            _ if invisible(c) => format!("character U+{:04X}", u32::from(c)),
            _ => format!("`{c}`"),
        };
        (span, what)
    }

    /// Where a word (letters, digits, `_`) starting at `start` ends; `start` if there is none.
    fn word_end(&self, start: usize) -> usize {
        let rest = self.text.get(start..).unwrap_or("");
        rest.char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The character starting at byte `pos`, if `pos` is a boundary inside the text.
    fn char_at(&self, pos: usize) -> Option<char> {
        self.text.get(pos..)?.chars().next()
    }

    /// The last character's span, for errors at the very end (empty only for empty text).
    fn end_span(&self) -> Range<usize> {
        let len = self.text.len();
        self.text
            .chars()
            .next_back()
            .map_or(len..len, |c| len - c.len_utf8()..len)
    }

    /// Skips the four whitespace bytes RFC 8259 allows between tokens.
    fn skip_whitespace(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }
}

/// A syntax error with no companions yet.
fn error(span: Range<usize>, message: String) -> SyntaxError {
    SyntaxError {
        span,
        message,
        more: Vec::new(),
    }
}

/// The error for a raw control byte `c` at `at` inside a string, naming the escape to use.
fn control_error(at: usize, c: u8) -> SyntaxError {
    let escape = match c {
        0x08 => "\\b".to_string(),
        b'\t' => "\\t".to_string(),
        b'\n' => "\\n".to_string(),
        0x0c => "\\f".to_string(),
        b'\r' => "\\r".to_string(),
        _ => format!("\\u{c:04x}"),
    };
    let mut message =
        format!("raw control character U+{c:04X} in a string; write it as `{escape}`");
    if matches!(c, b'\n' | b'\r') {
        message.push_str(" (or is the string's closing `\"` missing?)");
    }
    error(at..at + 1, message)
}

/// "unexpected `word`", saying what JSON spells instead where the intent is clear.
fn word_message(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let advice = match lower.as_str() {
        "true" | "false" | "null" => format!("JSON spells it `{lower}`"),
        "none" | "nil" | "undefined" | "nul" => "JSON spells it `null`".to_string(),
        "nan" | "infinity" | "-infinity" | "inf" | "-inf" => {
            "JSON has no NaN or infinity".to_string()
        }
        _ => "text must be in double quotes".to_string(),
    };
    format!("unexpected `{}`; {advice}", shorten(word))
}

/// Bytes that may continue a number-like token, so a bad number is reported whole.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_')
}

/// Characters that make up a bare word such as `true` or an unquoted key.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Characters that would be invisible or confusing if quoted in a message.
fn invisible(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
        )
}

/// `s` cut to [`SHOW_LIMIT`] characters, so a huge token cannot flood a message.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(SHOW_LIMIT) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        max_alias_nodes: 0,
        max_depth: 64,
        max_nodes: 200_000,
    };

    /// Parses `text` that must be valid.
    fn ok(text: &str) -> Node {
        match parse(text, &LIMITS) {
            Ok(node) => node,
            Err(err) => panic!("{text:?} failed: {err:?}"),
        }
    }

    /// Parses `text` that must be invalid, checking that every span is well formed.
    fn err(text: &str) -> SyntaxError {
        match parse(text, &LIMITS) {
            Ok(node) => panic!("{text:?} parsed: {node:?}"),
            Err(err) => {
                check_spans(text, &err);
                err
            }
        }
    }

    /// Asserts that an error's spans lie within `text`, on char boundaries, and are not empty.
    fn check_spans(text: &str, err: &SyntaxError) {
        let spans = std::iter::once(&err.span).chain(err.more.iter().map(|(s, _)| s));
        for span in spans {
            assert!(span.start <= span.end, "{text:?}: {err:?}");
            assert!(span.end <= text.len(), "{text:?}: {err:?}");
            assert!(text.is_char_boundary(span.start), "{text:?}: {err:?}");
            assert!(text.is_char_boundary(span.end), "{text:?}: {err:?}");
            assert!(
                text.is_empty() || span.start < span.end,
                "{text:?}: {err:?}"
            );
        }
        let message = &err.message;
        assert!(!message.is_empty() && !message.ends_with('.'), "{message}");
        assert!(!message.starts_with(char::is_uppercase) || message.starts_with("JSON"));
    }

    /// The text an error points at.
    fn at<'a>(text: &'a str, err: &SyntaxError) -> &'a str {
        &text[err.span.clone()]
    }

    /// The entries of a map node.
    fn entries(node: &Node) -> &[(Key, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            other => panic!("not a map: {other:?}"),
        }
    }

    /// The items of a seq node.
    fn items(node: &Node) -> &[Node] {
        match &node.value {
            Value::Seq(items) => items,
            other => panic!("not a seq: {other:?}"),
        }
    }

    fn string(text: &str) -> String {
        match ok(text).value {
            Value::Str(s) => s,
            other => panic!("not a string: {other:?}"),
        }
    }

    #[test]
    fn empty_and_blank_text_is_null() {
        for text in ["", "  ", "\n\t\r ", "\u{feff}", "\u{feff} \n"] {
            let node = ok(text);
            assert_eq!(node.value, Value::Null);
            assert_eq!(node.span, 0..0);
        }
    }

    #[test]
    fn value_and_key_spans() {
        let text = r#"{"a": "Ada"}"#;
        let root = ok(text);
        assert_eq!(root.span, 0..text.len());
        let (key, value) = &entries(&root)[0];
        assert_eq!(key.name, "a");
        assert_eq!(&text[key.span.clone()], "\"a\"");
        assert_eq!(value.value, Value::Str("Ada".into()));
        assert_eq!(value.span.len(), 5);
        assert_eq!(&text[value.span.clone()], "\"Ada\"");

        let text = " [ 1, -2.5e3 ,true,false , null, [ ], { }, {\"k\" :[0]} ]\n";
        let root = ok(text);
        assert_eq!(&text[root.span.clone()], &text[1..text.len() - 1]);
        let shown: Vec<&str> = items(&root).iter().map(|n| &text[n.span.clone()]).collect();
        assert_eq!(
            shown,
            [
                "1",
                "-2.5e3",
                "true",
                "false",
                "null",
                "[ ]",
                "{ }",
                "{\"k\" :[0]}"
            ]
        );
        let values: Vec<&Value> = items(&root).iter().map(|n| &n.value).collect();
        assert_eq!(values[0], &Value::Number("1".into()));
        assert_eq!(values[1], &Value::Number("-2.5e3".into()));
        assert_eq!(values[2], &Value::Bool(true));
        assert_eq!(values[3], &Value::Bool(false));
        assert_eq!(values[4], &Value::Null);
        assert_eq!(values[5], &Value::Seq(Vec::new()));
        assert_eq!(values[6], &Value::Map(Vec::new()));
        let (key, inner) = &entries(&items(&root)[7])[0];
        assert_eq!(&text[key.span.clone()], "\"k\"");
        assert_eq!(&text[inner.span.clone()], "[0]");
        assert_eq!(&text[items(inner)[0].span.clone()], "0");
    }

    #[test]
    fn spans_count_bytes_after_non_ascii_text() {
        let text = "{\"né\": \"日本\", \"🚀\": [1]}";
        let root = ok(text);
        let entries = entries(&root);
        assert_eq!(entries[0].0.name, "né");
        assert_eq!(&text[entries[0].0.span.clone()], "\"né\"");
        assert_eq!(&text[entries[0].1.span.clone()], "\"日本\"");
        assert_eq!(entries[1].0.name, "🚀");
        assert_eq!(&text[entries[1].1.span.clone()], "[1]");
    }

    #[test]
    fn top_level_scalars() {
        let node = ok("  \"x\"  ");
        assert_eq!(node.value, Value::Str("x".into()));
        assert_eq!(node.span, 2..5);
        assert_eq!(ok("42").value, Value::Number("42".into()));
        assert_eq!(ok("null").span, 0..4);
        assert_eq!(ok("\u{feff}{}").span, 3..5);
    }

    #[test]
    fn valid_numbers_are_kept_as_written() {
        for text in [
            "0",
            "-0",
            "1",
            "10",
            "-10",
            "1.5",
            "0.001",
            "-0.0",
            "1e10",
            "1E10",
            "1e+2",
            "1e-2",
            "0e0",
            "-0.0e-0",
            "3.10",
            "123456789012345678901234567890",
            "1.7976931348623157e309",
        ] {
            let node = ok(text);
            assert_eq!(node.value, Value::Number(text.into()), "{text}");
            assert_eq!(node.span, 0..text.len());
        }
    }

    #[test]
    fn invalid_numbers() {
        let cases = [
            ("01", "01", "leading zero"),
            ("-01", "-01", "leading zero"),
            ("007", "007", "quote it (`\"007\"`)"),
            ("+1", "+1", "must not start with `+`"),
            (".5", ".5", "digit before the `.`"),
            ("-.5", "-.5", "digit before the `.`"),
            ("1.", "1.", "digit after the `.`"),
            ("1.e5", "1.e5", "digit after the `.`"),
            ("1e", "1e", "exponent"),
            ("1e+", "1e+", "exponent"),
            ("-", "-", "expected a digit after `-`"),
            ("--1", "--1", "expected a digit after `-`"),
            ("0x1F", "0x1F", "hexadecimal"),
            ("1.5.3", "1.5.3", "invalid number `1.5.3`"),
            ("12abc", "12abc", "invalid number"),
            ("NaN", "NaN", "JSON has no NaN or infinity"),
            ("Infinity", "Infinity", "JSON has no NaN or infinity"),
            ("-Infinity", "-Infinity", "JSON has no NaN or infinity"),
        ];
        for (text, span, words) in cases {
            let e = err(text);
            assert_eq!(at(text, &e), span, "{text}: {e:?}");
            assert!(e.message.contains(words), "{text}: {}", e.message);
        }
        let e = err("[1, 0x1F]");
        assert_eq!(e.span, 4..8);
        let e = err("{\"phone\": 0123}");
        assert_eq!(
            e.message,
            "number `0123` has a leading zero; quote it (`\"0123\"`) if it is text"
        );
    }

    #[test]
    fn literals_and_words() {
        assert_eq!(ok("true").value, Value::Bool(true));
        assert_eq!(ok("false").value, Value::Bool(false));
        assert_eq!(ok("null").value, Value::Null);
        let cases = [
            ("True", "unexpected `True`; JSON spells it `true`"),
            ("FALSE", "unexpected `FALSE`; JSON spells it `false`"),
            ("None", "unexpected `None`; JSON spells it `null`"),
            ("undefined", "unexpected `undefined`; JSON spells it `null`"),
            ("nil", "unexpected `nil`; JSON spells it `null`"),
            ("hello", "unexpected `hello`; text must be in double quotes"),
            ("truex", "unexpected `truex`; text must be in double quotes"),
            ("nul", "unexpected `nul`; JSON spells it `null`"),
        ];
        for (text, message) in cases {
            let e = err(text);
            assert_eq!(e.message, message);
            assert_eq!(e.span, 0..text.len());
        }
        let text = "[1, é]";
        let e = err(text);
        assert_eq!(at(text, &e), "é");
        let e = err("[true-1]");
        assert_eq!(e.message, "expected `,` or `]`");
        assert_eq!(e.span, 5..6);
    }

    #[test]
    fn words_in_messages_are_shortened() {
        let text = format!("[{}]", "a".repeat(1000));
        let e = err(&text);
        assert_eq!(e.span, 1..1001);
        assert!(e.message.len() < 120, "{}", e.message);
        assert!(e.message.contains('…'));
    }

    #[test]
    fn string_escapes() {
        assert_eq!(
            string(r#""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC""#),
            "\" \\ / \u{8} \u{c} \n \r \t A é €"
        );
        assert_eq!(string(r#""\ud83d\ude80""#), "🚀");
        assert_eq!(string(r#""a\uD83D\uDE80b""#), "a🚀b");
        assert_eq!(string(r#""\u0000""#), "\0");
        assert_eq!(string("\"\u{7f} é 日本 🚀\""), "\u{7f} é 日本 🚀");
        assert_eq!(string(r#""""#), "");
    }

    #[test]
    fn lone_surrogates() {
        let cases = [
            (r#""\ud83d""#, r"\ud83d"),
            (r#""\ud83dx""#, r"\ud83d"),
            (r#""\ud83d\n""#, r"\ud83d"),
            (r#""\ud83d\u0041""#, r"\ud83d"),
            (r#""\ud83d\ud83d""#, r"\ud83d"),
            (r#""\ude80""#, r"\ude80"),
            (r#""\ude80\ud83d""#, r"\ude80"),
            (r#""x\uDC00""#, r"\uDC00"),
        ];
        for (text, escape) in cases {
            let e = err(text);
            assert_eq!(e.message, format!("lone surrogate `{escape}` in a string"));
            assert_eq!(at(text, &e), escape);
        }
    }

    #[test]
    fn invalid_escapes() {
        let text = r#""a\xb""#;
        let e = err(text);
        assert_eq!(at(text, &e), r"\x");
        assert!(e.message.starts_with("invalid escape `\\x` in a string"));
        let text = r#"["\'"]"#;
        let e = err(text);
        assert_eq!(at(text, &e), r"\'");
        let text = "\"\\é\"";
        let e = err(text);
        assert_eq!(at(text, &e), "\\é");
        let text = r#""\u12""#;
        let e = err(text);
        assert_eq!(at(text, &e), r"\u12");
        assert!(e.message.contains("four hex digits"));
        let text = r#""\uZZZZ""#;
        assert_eq!(at(text, &err(text)), r"\u");
        let text = "\"\\\u{1}\"";
        assert!(err(text).message.contains("U+0001"));
    }

    #[test]
    fn raw_control_characters() {
        let cases = [
            (
                '\n',
                "raw control character U+000A in a string; write it as `\\n`",
            ),
            (
                '\t',
                "raw control character U+0009 in a string; write it as `\\t`",
            ),
            (
                '\r',
                "raw control character U+000D in a string; write it as `\\r`",
            ),
            (
                '\u{8}',
                "raw control character U+0008 in a string; write it as `\\b`",
            ),
            (
                '\u{c}',
                "raw control character U+000C in a string; write it as `\\f`",
            ),
            (
                '\0',
                "raw control character U+0000 in a string; write it as `\\u0000`",
            ),
            (
                '\u{1f}',
                "raw control character U+001F in a string; write it as `\\u001f`",
            ),
        ];
        for (c, message) in cases {
            let text = format!("{{\"é\": \"a{c}b\"}}");
            let e = err(&text);
            assert!(e.message.starts_with(message), "{:?}", e.message);
            assert_eq!(e.span, 9..10);
        }
    }

    #[test]
    fn single_quotes() {
        let message = "strings use double quotes (`\"`), not single quotes";
        let text = "{'name': 'Ada'}";
        let e = err(text);
        assert_eq!(e.message, message);
        assert_eq!(at(text, &e), "'name'");
        let text = "{\"name\": 'Ada'}";
        let e = err(text);
        assert_eq!(e.message, message);
        assert_eq!(at(text, &e), "'Ada'");
        let text = "['unterminated\n]";
        assert_eq!(at(text, &err(text)), "'");
    }

    #[test]
    fn unterminated_strings() {
        for (text, quote) in [("\"abc", 0), ("{\"a\": \"é", 6), ("[\"ab\\", 1), ("\"", 0)] {
            let e = err(text);
            assert_eq!(e.message, "unterminated string");
            assert_eq!(e.span, quote..quote + 1);
        }
    }

    #[test]
    fn comments() {
        let cases = [
            ("// note\n{}", "// note"),
            ("{} // note", "// note"),
            ("{\"a\": 1 /* why */}", "/* why */"),
            ("{/* é */ \"a\": 1}", "/* é */"),
            ("[1, // x\r\n2]", "// x"),
            ("{\"a\" /* x */: 1}", "/* x */"),
            ("{\"a\": 1} /* never closed", "/* never closed"),
        ];
        for (text, comment) in cases {
            let e = err(text);
            assert_eq!(e.message, "JSON has no comments", "{text}");
            assert_eq!(at(text, &e), comment);
        }
    }

    #[test]
    fn trailing_commas() {
        for (text, comma) in [
            ("[1,]", 2),
            ("[1, 2 , ]", 6),
            ("{\"a\": 1,}", 7),
            ("{\"a\": [],\n}", 8),
        ] {
            let e = err(text);
            assert_eq!(e.message, "trailing comma", "{text}");
            assert_eq!(e.span, comma..comma + 1, "{text}");
        }
    }

    #[test]
    fn missing_punctuation() {
        let cases = [
            ("[1 2]", "expected `,` or `]`", "2"),
            ("{\"a\": 1 \"b\": 2}", "expected `,` or `}`", "\""),
            ("{\"a\" 1}", "expected `:` after the key", "1"),
            ("{\"a\"}", "expected `:` after the key", "}"),
            ("{\"a\": }", "expected a value", "}"),
            ("[,1]", "expected a value", ","),
            ("[1,,2]", "expected a value", ","),
            ("{,}", "expected a key in double quotes", ","),
            (
                "{\"a\": 1, 2: 3}",
                "unquoted key `2`; write it in double quotes: `\"2\"`",
                "2",
            ),
            (
                "{name: 1}",
                "unquoted key `name`; write it in double quotes: `\"name\"`",
                "name",
            ),
            ("[1}", "expected `,` or `]`", "}"),
            ("{\"a\": 1]", "expected `,` or `}`", "]"),
            ("[1 abc]", "expected `,` or `]`", "abc"),
            ("]", "expected a value", "]"),
            ("[+]", "expected a value", "+"),
        ];
        for (text, message, found) in cases {
            let e = err(text);
            assert_eq!(e.message, message, "{text}");
            assert_eq!(at(text, &e), found, "{text}");
        }
        assert_eq!(err("{\"a\": }").span.start, 6);
    }

    #[test]
    fn unclosed_containers_point_at_their_bracket() {
        let cases = [
            ("[", 0, "unclosed `[`; the document ends before its `]`"),
            ("[1, 2", 0, "unclosed `[`; the document ends before its `]`"),
            ("{\"a\": [1, 2}", 6, "expected `,` or `]`"),
            (
                "{\"a\": [1, 2",
                6,
                "unclosed `[`; the document ends before its `]`",
            ),
            (
                "{\"a\"",
                0,
                "unclosed `{`; the document ends before its `}`",
            ),
            (
                "{\"a\":",
                0,
                "unclosed `{`; the document ends before its `}`",
            ),
            ("{", 0, "unclosed `{`; the document ends before its `}`"),
            (
                "{\"é\": {",
                7,
                "unclosed `{`; the document ends before its `}`",
            ),
        ];
        for (text, bracket, message) in cases {
            let e = err(text);
            assert_eq!(e.message, message, "{text}");
            if message.starts_with("unclosed") {
                assert_eq!(e.span, bracket..bracket + 1, "{text}");
            }
        }
    }

    #[test]
    fn content_after_the_document() {
        let cases = [
            ("{} x", "unexpected `x` after the end of the document", "x"),
            ("1 2", "unexpected `2` after the end of the document", "2"),
            ("{}}", "unexpected `}` after the end of the document", "}"),
            ("[] é", "unexpected `é` after the end of the document", "é"),
            (
                "[] 🚀",
                "unexpected `🚀` after the end of the document",
                "🚀",
            ),
            (
                "[] abc",
                "unexpected `abc` after the end of the document",
                "abc",
            ),
            (
                "[]\u{a0}",
                "unexpected character U+00A0 after the end of the document",
                "\u{a0}",
            ),
        ];
        for (text, message, found) in cases {
            let e = err(text);
            assert_eq!(e.message, message, "{text}");
            assert_eq!(at(text, &e), found, "{text}");
        }
    }

    #[test]
    fn only_four_whitespace_characters() {
        ok(" \t\r\n[ \t\r\n1 \t\r\n] \t\r\n");
        for ws in [
            '\u{a0}', '\u{b}', '\u{c}', '\u{2028}', '\u{feff}', '\u{3000}',
        ] {
            let text = format!("[1,{ws}2]");
            let e = err(&text);
            assert!(
                e.message.starts_with("unexpected character U+"),
                "{}",
                e.message
            );
            assert_eq!(at(&text, &e), ws.to_string());
        }
    }

    #[test]
    fn duplicate_keys_are_collected() {
        let text = r#"{"a": 1, "b": {"x": 1, "x": 2}, "a": 3, "a": 4}"#;
        let e = err(text);
        assert_eq!(e.message, "duplicate key `x`");
        assert_eq!(e.span, 23..26);
        assert_eq!(at(text, &e), "\"x\"");
        let more: Vec<(&str, &str)> = e
            .more
            .iter()
            .map(|(s, m)| (&text[s.clone()], m.as_str()))
            .collect();
        assert_eq!(
            more,
            [
                ("\"a\"", "duplicate key `a`"),
                ("\"a\"", "duplicate key `a`")
            ]
        );
        assert!(e.more[0].0.start < e.more[1].0.start);
        // The same name in different objects is no duplicate.
        ok(r#"{"a": {"a": 1}, "b": {"a": 2}}"#);
        // Escapes are decoded before names are compared.
        let e = err(r#"{"é": 1, "\u00e9": 2}"#);
        assert_eq!(e.message, "duplicate key `é`");
    }

    #[test]
    fn duplicate_keys_in_large_objects() {
        let mut text = String::from("{");
        for i in 0..1000 {
            text.push_str(&format!("\"k{i}\": {i}, "));
        }
        text.push_str("\"k500\": 0, \"k999\": 1, \"k0\": 2}");
        let e = err(&text);
        assert_eq!(e.message, "duplicate key `k500`");
        let names: Vec<&str> = e.more.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(names, ["duplicate key `k999`", "duplicate key `k0`"]);
        // Exactly at the switch from scanning to the set.
        for n in [SCAN_LIMIT - 1, SCAN_LIMIT, SCAN_LIMIT + 1] {
            let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\": 0")).collect();
            let text = format!("{{{}, \"k0\": 1}}", keys.join(", "));
            assert_eq!(err(&text).message, "duplicate key `k0`");
            ok(&format!("{{{}}}", keys.join(", ")));
        }
    }

    #[test]
    fn duplicates_accompany_a_later_syntax_error() {
        let e = err(r#"{"a": 1, "a": 2, "b": tru}"#);
        assert!(e.message.starts_with("unexpected `tru`"));
        assert_eq!(e.more.len(), 1);
        assert_eq!(e.more[0].1, "duplicate key `a`");
    }

    #[test]
    fn depth_limit() {
        let limits = Limits {
            max_alias_nodes: 0,
            max_depth: 3,
            max_nodes: 100,
        };
        assert!(parse("[[[]]]", &limits).is_ok());
        assert!(parse(r#"{"a": [{"b": 1}]}"#, &limits).is_ok());
        let e = parse("[[[[]]]]", &limits).unwrap_err();
        assert_eq!(e.message, "nesting deeper than 3 levels");
        assert_eq!(e.span, 3..4);
        let e = parse(r#"{"a": [{"b": {}}]}"#, &limits).unwrap_err();
        assert_eq!(e.span, 13..14);
        let zero = Limits {
            max_alias_nodes: 0,
            max_depth: 0,
            max_nodes: 10,
        };
        assert!(parse("1", &zero).is_ok());
        assert!(parse("[]", &zero).is_err());
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        for open in ["[", "{\"a\":", "[{\"a\":"] {
            let text = open.repeat(1 << 20);
            let e = err(&text);
            assert_eq!(e.message, "nesting deeper than 64 levels");
            assert_eq!(e.span.len(), 1);
        }
        // With no practical depth limit, nesting costs heap, not stack.
        let limits = Limits {
            max_alias_nodes: 0,
            max_depth: usize::MAX,
            max_nodes: usize::MAX,
        };
        let text = "[".repeat(100_000);
        let e = parse(&text, &limits).unwrap_err();
        assert_eq!(e.span, text.len() - 1..text.len());
        let text = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&text, &limits).is_ok());
    }

    #[test]
    fn node_limit() {
        let limits = Limits {
            max_alias_nodes: 0,
            max_depth: 10,
            max_nodes: 3,
        };
        assert!(parse("[1, 2]", &limits).is_ok());
        assert!(parse(r#"{"a": 1, "b": 2}"#, &limits).is_ok());
        let text = "[1, 2, 3]";
        let e = parse(text, &limits).unwrap_err();
        assert_eq!(e.message, "more than 3 values in one document");
        assert_eq!(at(text, &e), "3");
        let e = parse("[[], [], []]", &limits).unwrap_err();
        assert_eq!(e.span, 9..10);
    }

    #[test]
    fn error_spans_stay_on_char_boundaries() {
        let cases = [
            "{\"名前\": \"日本\" 🚀}",
            "[\"é\", é]",
            "[\"é\" é]",
            "{\"é\": 'ü'}",
            "{\"é\": \"ü\u{1}\"}",
            "{é: 1}",
            "[\"🚀\", 01]",
            "[\"🚀\",\u{2028}1]",
            "🚀",
            "\"🚀",
            "[\"🚀\\🚀\"]",
            "[\"🚀\"",
            "{\"🚀\"",
            "é",
            "\u{feff}\u{feff}",
        ];
        for text in cases {
            err(text);
        }
    }

    #[test]
    fn every_prefix_parses_or_fails_cleanly() {
        let documents = [
            r#"{"basics": {"name": "Zoë", "label": "Ingénieure 🚀", "phone": "+33 1"}, "work": [{"start": "2021-03", "highlights": ["a\u00e9\ud83d\ude80\n", -1.5e-3, true, false, null]}], "x": {}}"#,
            "[1, [2, [3, {\"a\": [\"日本\", 0, 10.25E+2]}]], \"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]",
            " \"just a string with é\" ",
        ];
        for doc in documents {
            ok(doc);
            for end in (0..doc.len()).filter(|&i| doc.is_char_boundary(i)) {
                let prefix = &doc[..end];
                if let Err(e) = parse(prefix, &LIMITS) {
                    check_spans(prefix, &e);
                }
            }
            for start in (0..doc.len()).filter(|&i| doc.is_char_boundary(i)) {
                let suffix = &doc[start..];
                if let Err(e) = parse(suffix, &LIMITS) {
                    check_spans(suffix, &e);
                }
            }
        }
    }

    /// A tiny deterministic xorshift generator, so the fuzz test needs no crates.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn random_mutations_never_panic() {
        let sample = r#"{"basics": {"name": "Zoë Ø", "email": "a@b.c", "n": [0, -1.5e+3, 2E-2]}, "tags": ["🚀", "\ud83d\ude80", "\u00e9\n\t\"\\\/"], "ok": true, "no": false, "none": null, "deep": [[[{"k": {}}]]]}"#;
        let alphabet: &[u8] =
            b"{}[]\",:\\/'*0123456789eE.+-tfnulrasxXuU \t\n\r\x00\x0b\x7f\xc3\xa9\xf0\x9f\x9a\x80\xe2\x80\xa8";
        let limits = Limits {
            max_alias_nodes: 0,
            max_depth: 4,
            max_nodes: 40,
        };
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        let (mut oks, mut errs) = (0, 0);
        for _ in 0..20_000 {
            let mut bytes = sample.as_bytes().to_vec();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(bytes.len() + 1);
                let byte = match rng.below(4) {
                    0 => rng.next() as u8,
                    _ => alphabet[rng.below(alphabet.len())],
                };
                match rng.below(3) {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, byte),
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            for limits in [&LIMITS, &limits] {
                match parse(&text, limits) {
                    Ok(_) => oks += 1,
                    Err(e) => {
                        check_spans(&text, &e);
                        errs += 1;
                    }
                }
            }
        }
        assert!(oks > 0 && errs > 0, "{oks} ok, {errs} errors");
    }

    #[test]
    fn large_documents_parse_in_linear_time() {
        let item = r#"{"name": "Zoë \"Z\" Ø \u00e9\ud83d\ude80", "n": [1, -2.5e3, true, null], "k": {"a": "x"}},"#;
        let mut text = String::from("[");
        while text.len() < 5 << 20 {
            text.push_str(item);
        }
        text.push_str("{}]");
        let limits = Limits {
            max_alias_nodes: 0,
            max_depth: 8,
            max_nodes: usize::MAX,
        };
        let started = std::time::Instant::now();
        let root = parse(&text, &limits).unwrap();
        let elapsed = started.elapsed();
        assert!(items(&root).len() > 50_000);
        // Debug builds are several times slower; the release bound is the one that matters.
        let bound = if cfg!(debug_assertions) { 10.0 } else { 1.0 };
        assert!(elapsed.as_secs_f64() < bound, "{elapsed:?}");

        let big_string = format!("\"{}\"", "ab\\n\\u00e9".repeat(500_000));
        assert_eq!(string(&big_string).len(), 500_000 * 5);
        let keys: Vec<String> = (0..100_000).map(|i| format!("\"k{i}\": {i}")).collect();
        let big_object = format!("{{{}}}", keys.join(","));
        assert_eq!(entries(&ok(&big_object)).len(), 100_000);
    }
}
