//! A YAML or JSON document as a tree whose every node remembers where it came from.
//!
//! serde's data model forgets positions, and a résumé author needs `file:line:column` for every
//! problem, so profiles are first read into this tree and validated by hand (`validate.rs`).

use std::collections::HashMap;
use std::ops::Range;

use yaml_rust2::parser::{Event, Parser};

use crate::limits::Tree as Limits;
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A parsed value with its byte range in the source text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Node {
    pub value: Value,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number, kept as written so that `3.10` or `007` survive as text where text is wanted.
    Number(String),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its own position, for "unknown key" diagnostics.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Key {
    pub name: String,
    pub span: Range<usize>,
}

impl Value {
    /// What a person would call this kind of value, for "expected …, found …" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// Every text in a tree with its field path (`work[2].highlights[0]`) and span, except under
/// the keys in `skip` (at any depth).
pub fn texts<'a>(node: &'a Node, skip: &[&str]) -> Vec<(String, &'a str, Range<usize>)> {
    fn walk<'a>(
        node: &'a Node,
        path: &str,
        skip: &[&str],
        out: &mut Vec<(String, &'a str, Range<usize>)>,
    ) {
        match &node.value {
            Value::Str(s) => out.push((path.to_string(), s.as_str(), node.span.clone())),
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), skip, out);
                }
            }
            Value::Map(entries) => {
                for (key, value) in entries {
                    if skip.contains(&key.name.as_str()) {
                        continue;
                    }
                    let path = match path.is_empty() {
                        true => key.name.clone(),
                        false => format!("{path}.{}", key.name),
                    };
                    walk(value, &path, skip, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(node, "", skip, &mut out);
    out
}

/// A syntax error: where and what.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
    /// Further syntax problems in the same document (duplicate keys are reported together).
    pub more: Vec<(Range<usize>, String)>,
}

/// JSON is recognised by content: its first non-blank character opens an object.
pub fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Parse a profile's (or plan's) text, choosing JSON or YAML by content.
pub fn parse(text: &str, limits: &Limits) -> Result<Node, SyntaxError> {
    if looks_like_json(text) {
        super::json::parse(text, limits)
    } else {
        parse_yaml(text, limits)
    }
}

// ---------------------------------------------------------------------------------------------
// YAML

/// Parse YAML into a tree. yaml-rust2's event stream is read by hand so that a second document,
/// an alias bomb or runaway nesting stops the read with a located error.
pub fn parse_yaml(text: &str, limits: &Limits) -> Result<Node, SyntaxError> {
    let lines = LineIndex::new(text);
    let mut builder = Builder {
        text,
        lines: &lines,
        limits,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        documents: 0,
        nodes: 0,
        alias_nodes: 0,
        duplicates: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token().map_err(|err| {
            let at = lines.byte(err.marker());
            let message = match err.info() {
                // The scanner's own bound on `[`/`{` nesting, met before ours in flow style.
                "recursion limit exceeded" => {
                    format!("nesting deeper than {} levels", limits.max_depth)
                }
                info => lower_first(info),
            };
            SyntaxError {
                span: at..next_boundary(text, at),
                message,
                more: Vec::new(),
            }
        })?;
        if event == Event::StreamEnd {
            break;
        }
        builder.on_event(event, mark)?;
    }
    if !builder.duplicates.is_empty() {
        return Err(duplicates_error(std::mem::take(&mut builder.duplicates)));
    }
    Ok(builder.root.take().unwrap_or(Node {
        value: Value::Null,
        span: 0..0,
    }))
}

fn duplicates_error(mut dups: Vec<(Range<usize>, String)>) -> SyntaxError {
    let (span, message) = dups.remove(0);
    SyntaxError {
        span,
        message,
        more: dups,
    }
}

/// Byte offsets of a text's lines, to turn yaml-rust2's (line, column) into a byte offset.
///
/// yaml-rust2's `Marker::index` counts characters, except after the content of a block scalar
/// (`|`, `>`), which it counts in bytes — so it drifts after any non-ASCII block. Its line and
/// column stay right (the column restarts on every line), so positions come from them.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last conversion: (line, column, byte). Events arrive in order, so the next one is
    /// usually on the same line a little further on; walking from here keeps long lines linear.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// The byte offset of a marker (1-based line, 0-based column in characters), clamped to
    /// the end of its line and always on a character boundary.
    fn byte(&self, mark: &Marker) -> usize {
        let line = mark.line().max(1);
        let col = mark.col();
        let Some(&start) = self.starts.get(line - 1) else {
            return self.text.len();
        };
        let end = self.starts.get(line).map_or(self.text.len(), |&s| s - 1);
        let (last_line, last_col, last_byte) = self.last.get();
        let (mut byte, mut walked) = match line == last_line && col >= last_col {
            true => (last_byte, last_col),
            false => (start, 0),
        };
        let mut chars = self.text[byte..end].chars();
        while walked < col {
            match chars.next() {
                Some(c) => byte += c.len_utf8(),
                None => break,
            }
            walked += 1;
        }
        self.last.set((line, walked, byte));
        byte
    }
}

/// Open collections while the event stream is read.
enum Frame {
    Seq {
        start: usize,
        items: Vec<Node>,
        anchor: usize,
        /// Values inside, this one included (for alias accounting).
        size: usize,
    },
    Map {
        start: usize,
        entries: Vec<(Key, Node)>,
        pending: Option<Key>,
        anchor: usize,
        size: usize,
    },
}

struct Builder<'a> {
    text: &'a str,
    lines: &'a LineIndex<'a>,
    limits: &'a Limits,
    stack: Vec<Frame>,
    /// Anchored nodes with their size in values.
    anchors: HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    documents: usize,
    /// Values read so far, counting the ones aliases repeat.
    nodes: usize,
    /// Values repeated by aliases.
    alias_nodes: usize,
    duplicates: Vec<(Range<usize>, String)>,
}

impl Builder<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            span,
            message: message.into(),
            more: Vec::new(),
        }
    }

    fn on_event(&mut self, event: Event, mark: Marker) -> Result<(), SyntaxError> {
        let at = self.lines.byte(&mark);
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return self.second_document(at);
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve_scalar(&text, style, tag.as_ref().map(|t| t.suffix.as_str()));
                let node = Node {
                    value,
                    span: at..scalar_end(self.text, at, style),
                };
                self.count(1, &node.span)?;
                if anchor > 0 {
                    self.anchors.insert(anchor, (node.clone(), 1));
                }
                self.push(node, 1)?;
            }
            Event::Alias(id) => {
                let span = at..scalar_end(self.text, at, TScalarStyle::Plain);
                // Check the budget before copying: the copy is what a bomb would blow up.
                let size = self.anchors.get(&id).map(|(_, s)| *s);
                if let Some(size) = size {
                    self.alias_nodes += size;
                    if self.alias_nodes > self.limits.max_alias_nodes {
                        return Err(self.error(
                            span,
                            format!(
                                "aliases repeat more than {} values",
                                self.limits.max_alias_nodes
                            ),
                        ));
                    }
                    self.count(size, &span)?;
                }
                let (node, size) = match self.anchors.get(&id) {
                    Some((node, size)) => (
                        Node {
                            value: node.value.clone(),
                            span,
                        },
                        *size,
                    ),
                    None => (
                        Node {
                            value: Value::Null,
                            span,
                        },
                        1,
                    ),
                };
                self.push(node, size)?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= self.limits.max_depth {
                    return Err(self.error(
                        at..next_boundary(self.text, at),
                        format!("nesting deeper than {} levels", self.limits.max_depth),
                    ));
                }
                self.count(1, &(at..at))?;
                self.stack.push(match event {
                    Event::SequenceStart(..) => Frame::Seq {
                        start: at,
                        items: Vec::new(),
                        anchor,
                        size: 1,
                    },
                    _ => Frame::Map {
                        start: at,
                        entries: Vec::new(),
                        pending: None,
                        anchor,
                        size: 1,
                    },
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor, size) = match self.stack.pop() {
                    Some(Frame::Seq {
                        start,
                        items,
                        anchor,
                        size,
                    }) => {
                        let end = items.last().map_or(start + 1, |n| n.span.end.max(start));
                        let span = start..end.min(self.text.len()).max(start);
                        (
                            Node {
                                value: Value::Seq(items),
                                span,
                            },
                            anchor,
                            size,
                        )
                    }
                    Some(Frame::Map {
                        start,
                        entries,
                        anchor,
                        size,
                        ..
                    }) => {
                        // yaml-rust2 marks a block mapping at its first value; it starts at its first key.
                        let start = entries
                            .first()
                            .map_or(start, |(k, _)| k.span.start.min(start));
                        let end = entries
                            .last()
                            .map_or(start + 1, |(_, n)| n.span.end.max(start));
                        let span = start..end.min(self.text.len()).max(start);
                        (
                            Node {
                                value: Value::Map(entries),
                                span,
                            },
                            anchor,
                            size,
                        )
                    }
                    None => return Ok(()),
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, (node.clone(), size));
                }
                self.push(node, size)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Count `n` more values against the document's limit.
    fn count(&mut self, n: usize, span: &Range<usize>) -> Result<(), SyntaxError> {
        self.nodes += n;
        match self.nodes > self.limits.max_nodes {
            true => Err(self.error(
                span.start..next_boundary(self.text, span.start),
                format!("more than {} values in one document", self.limits.max_nodes),
            )),
            false => Ok(()),
        }
    }

    /// A second document would be silently ignored: unless it is empty, say so.
    fn second_document(&mut self, at: usize) -> Result<(), SyntaxError> {
        let rest = &self.text[at..];
        let content = rest
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .any(|l| l != "---" && l != "...");
        if !content {
            return Ok(());
        }
        // Point at the `---` or `...` that ends the first document, when there is one.
        let is_marker = |text: &str| {
            let line = text.split('\n').next().unwrap_or("").trim_end();
            line == "..." || line == "---" || line.starts_with("--- ") || line.starts_with("... ")
        };
        let mut marker = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let here = marker;
        while !is_marker(&self.text[marker..]) && marker > 0 {
            let prev = self.text[..marker - 1].rfind('\n').map_or(0, |i| i + 1);
            let line = self.text[prev..marker - 1].trim();
            marker = prev;
            if !(line.is_empty() || line.starts_with('#') || is_marker(line)) {
                marker = here;
                break;
            }
        }
        if !is_marker(&self.text[marker..]) {
            marker = here;
        }
        Err(SyntaxError {
            span: marker..next_boundary(self.text, marker),
            message: "a second YAML document starts here; vitae reads one document per file".into(),
            more: Vec::new(),
        })
    }

    fn push(&mut self, node: Node, size: usize) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, size: s, .. }) => {
                *s += size;
                items.push(node);
            }
            Some(Frame::Map {
                entries,
                pending,
                size: s,
                ..
            }) => {
                *s += size;
                match pending.take() {
                    None => {
                        let name = match &node.value {
                            Value::Str(s) | Value::Number(s) => s.clone(),
                            Value::Bool(b) => b.to_string(),
                            Value::Null => String::new(),
                            _ => {
                                return Err(SyntaxError {
                                    span: node.span.clone(),
                                    message: "a mapping key must be plain text".into(),
                                    more: Vec::new(),
                                });
                            }
                        };
                        if entries.iter().any(|(k, _)| k.name == name) {
                            self.duplicates
                                .push((node.span.clone(), format!("duplicate key `{name}`")));
                        }
                        *pending = Some(Key {
                            name,
                            span: node.span,
                        });
                    }
                    Some(key) => entries.push((key, node)),
                }
            }
        }
        Ok(())
    }
}

/// YAML 1.2 core schema: plain scalars may be null, booleans or numbers; quoted ones are text.
fn resolve_scalar(text: &str, style: TScalarStyle, tag: Option<&str>) -> Value {
    if style != TScalarStyle::Plain || tag == Some("str") {
        return Value::Str(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_number(text) => Value::Number(text.to_string()),
        _ => Value::Str(text.to_string()),
    }
}

pub fn is_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    if t.is_empty() {
        return false;
    }
    if let Some(hex) = t.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if matches!(t, ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let mut digits = 0;
    let mut dot = false;
    let mut exp = false;
    let mut prev = ' ';
    for c in t.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' if !dot && !exp => dot = true,
            'e' | 'E' if digits > 0 && !exp => exp = true,
            '+' | '-' if matches!(prev, 'e' | 'E') => {}
            _ => return false,
        }
        prev = c;
    }
    digits > 0 && !matches!(prev, 'e' | 'E' | '+' | '-')
}

/// The end of a scalar that starts at `start`: enough for a diagnostic's underline (its first
/// line). Scans only as far as the scalar goes, so a long line of many scalars stays linear.
fn scalar_end(text: &str, start: usize, style: TScalarStyle) -> usize {
    let start = floor_boundary(text, start);
    let rest = &text[start..];
    let mut end = 0;
    match style {
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => {
            let mut chars = rest.char_indices();
            let quote = chars.next().map_or('"', |(_, c)| c);
            let mut escaped = false;
            for (i, c) in chars {
                end = i + c.len_utf8();
                match c {
                    '\n' => {
                        end = i;
                        break;
                    }
                    '\\' if quote == '"' && !escaped => escaped = true,
                    c if c == quote && !escaped => break,
                    _ => escaped = false,
                }
            }
        }
        TScalarStyle::Plain => {
            // Inside `[…]` or `{…}` on this line, `,` `]` `}` end a plain scalar too.
            let line = &text[text[..start].rfind('\n').map_or(0, |i| i + 1)..start];
            let depth = |open: char, close: char| {
                line.matches(open).count() as isize - line.matches(close).count() as isize
            };
            let flow = depth('[', ']') > 0 || depth('{', '}') > 0;
            let mut prev = ' ';
            for (i, c) in rest.char_indices() {
                let stop = match c {
                    '\n' => true,
                    ',' | ']' | '}' => flow,
                    '#' => prev == ' ',
                    ':' => rest[i + 1..].starts_with([' ', '\n']) || i + 1 == rest.len(),
                    _ => false,
                };
                if stop {
                    break;
                }
                if c != ' ' {
                    end = i + c.len_utf8();
                }
                prev = c;
            }
        }
        _ => {
            for (i, c) in rest.char_indices() {
                if c == '\n' {
                    break;
                }
                if c != ' ' && c != '\t' {
                    end = i + c.len_utf8();
                }
            }
        }
    }
    match end {
        0 => next_boundary(text, start),
        _ => start + end,
    }
}

/// The largest character boundary at or before `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The end of the character at `i` (for one-character spans), or `i` at the end of the text.
fn next_boundary(text: &str, i: usize) -> usize {
    let i = floor_boundary(text, i);
    text[i..].chars().next().map_or(i, |c| i + c.len_utf8())
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Node, SyntaxError> {
        super::parse(text, &Limits::default())
    }

    fn get<'a>(node: &'a Node, key: &str) -> &'a Node {
        match &node.value {
            Value::Map(entries) => &entries.iter().find(|(k, _)| k.name == key).unwrap().1,
            _ => panic!("not a map"),
        }
    }

    #[test]
    fn yaml_positions_point_at_values() {
        let text = "basics:\n  name: Ada\n  phone: 0123\n";
        let root = parse(text).unwrap();
        let name = get(get(&root, "basics"), "name");
        assert_eq!(name.value, Value::Str("Ada".into()));
        assert_eq!(&text[name.span.clone()], "Ada");
        let phone = get(get(&root, "basics"), "phone");
        assert_eq!(phone.value, Value::Number("0123".into()));
    }

    #[test]
    fn yaml_scalars_follow_the_core_schema() {
        let root = parse("a: ~\nb: true\nc: 2021-03\nd: '2021'\ne: 2021\nf: C#\n").unwrap();
        assert_eq!(get(&root, "a").value, Value::Null);
        assert_eq!(get(&root, "b").value, Value::Bool(true));
        assert_eq!(get(&root, "c").value, Value::Str("2021-03".into()));
        assert_eq!(get(&root, "d").value, Value::Str("2021".into()));
        assert_eq!(get(&root, "e").value, Value::Number("2021".into()));
        assert_eq!(get(&root, "f").value, Value::Str("C#".into()));
    }

    #[test]
    fn json_is_detected_by_content_and_keeps_positions() {
        let text = "  {\"basics\": {\"name\": \"Ada\"}}";
        let root = parse(text).unwrap();
        let name = get(get(&root, "basics"), "name");
        assert_eq!(&text[name.span.clone()], "\"Ada\"");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(!err.message.is_empty());
        let err = parse("{\"a\": }").unwrap_err();
        assert_eq!(err.span.start, 6);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert!(err.message.contains("duplicate key `a`"));
        let err = parse("{\"a\": 1, \"a\": 2}").unwrap_err();
        assert!(err.message.contains("duplicate"));
    }

    #[test]
    fn aliases_copy_their_anchor() {
        let root = parse("a: &x [1]\nb: *x\n").unwrap();
        assert!(matches!(get(&root, "b").value, Value::Seq(ref v) if v.len() == 1));
    }

    #[test]
    fn positions_after_a_non_ascii_block_scalar_stay_right() {
        let text = "basics:\n  name: Ada Lovelace\n  summary: |\n    I build reliable systems — and I measure them.\n  label: \"Jörg’s lead engineer\"\n  x: >\n    ☃ ☃ ☃\n  y: [1, é, 3]\n";
        let root = parse(text).unwrap();
        let basics = get(&root, "basics");
        let label = get(basics, "label");
        assert_eq!(&text[label.span.clone()], "\"Jörg’s lead engineer\"");
        let y = get(basics, "y");
        let Value::Seq(items) = &y.value else {
            panic!()
        };
        assert_eq!(&text[items[1].span.clone()], "é");
        let key = match &basics.value {
            Value::Map(e) => e.iter().find(|(k, _)| k.name == "y").unwrap().0.clone(),
            _ => unreachable!(),
        };
        assert_eq!(&text[key.span], "y");
    }

    #[test]
    fn every_span_is_on_character_boundaries() {
        let text = "a: |\n  ééé\nb: 'ü\nc: \"€\\\"x\"\nd: [ö, {e: ü}]\n";
        fn walk(n: &Node, text: &str) {
            assert!(text.is_char_boundary(n.span.start) && text.is_char_boundary(n.span.end));
            match &n.value {
                Value::Seq(items) => items.iter().for_each(|i| walk(i, text)),
                Value::Map(e) => e.iter().for_each(|(k, v)| {
                    assert!(
                        text.is_char_boundary(k.span.start) && text.is_char_boundary(k.span.end)
                    );
                    walk(v, text)
                }),
                _ => {}
            }
        }
        match parse(text) {
            Ok(root) => walk(&root, text),
            Err(e) => assert!(text.is_char_boundary(e.span.start)),
        }
    }

    #[test]
    fn an_alias_bomb_stops_early_with_a_located_error() {
        let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (i, name) in "bcdefghij".chars().enumerate() {
            let prev = if i == 0 {
                'a'
            } else {
                "bcdefghij".chars().nth(i - 1).unwrap()
            };
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let err = parse(&text).unwrap_err();
        assert!(
            err.message.contains("aliases repeat more than"),
            "{}",
            err.message
        );
        assert_eq!(&text[err.span.clone()][..1], "*");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("a: {}{}", "[".repeat(500), "]".repeat(500));
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("nesting deeper than"));
        let block: String = (0..200)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect();
        assert!(parse(&block).is_err());
    }

    #[test]
    fn a_second_document_is_an_error_unless_empty() {
        let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(err.message.contains("second YAML document"));
        assert_eq!(err.span.start, 5);
        let err = parse("a: 1\n...\nb: 2\n").unwrap_err();
        assert!(err.message.contains("second YAML document"));
        assert!(parse("---\na: 1\n...\n").is_ok());
        assert!(parse("a: 1\n---\n# nothing\n").is_ok());
    }
}
