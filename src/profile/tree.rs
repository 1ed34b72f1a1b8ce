//! A YAML or JSON document as a tree whose every node remembers where it came from.
//!
//! serde's data model forgets positions, and a résumé author needs `file:line:column` for every
//! problem, so profiles are first read into this tree and validated by hand (`validate.rs`).

use std::collections::HashMap;
use std::ops::Range;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A parsed value with its byte range in the source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
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

/// Parse a profile's text, choosing JSON or YAML by content.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if looks_like_json(text) {
        parse_json(text)
    } else {
        parse_yaml(text)
    }
}

// ---------------------------------------------------------------------------------------------
// JSON

pub fn parse_json(text: &str) -> Result<Node, SyntaxError> {
    use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
    };
    match parse_to_ast(text, &CollectOptions::default(), &options) {
        Ok(result) => match result.value {
            Some(value) => {
                let mut dups = Vec::new();
                let node = json_node(value, &mut dups);
                match dups.is_empty() {
                    true => Ok(node),
                    false => Err(duplicates_error(dups)),
                }
            }
            None => Ok(Node {
                value: Value::Null,
                span: 0..0,
            }),
        },
        Err(err) => {
            let range = err.range();
            Err(SyntaxError {
                span: range.start..range.end.max(range.start + 1).min(text.len().max(1)),
                message: lower_first(&err.kind().to_string()),
                more: Vec::new(),
            })
        }
    }
}

fn json_node(value: jsonc_parser::ast::Value, dups: &mut Vec<(Range<usize>, String)>) -> Node {
    use jsonc_parser::ast::{ObjectPropName, Value as J};
    let (value, range) = match value {
        J::StringLit(s) => (Value::Str(s.value.into_owned()), s.range),
        J::NumberLit(n) => (Value::Number(n.value.to_string()), n.range),
        J::BooleanLit(b) => (Value::Bool(b.value), b.range),
        J::NullKeyword(n) => (Value::Null, n.range),
        J::Array(a) => (
            Value::Seq(a.elements.into_iter().map(|v| json_node(v, dups)).collect()),
            a.range,
        ),
        J::Object(o) => {
            let mut entries: Vec<(Key, Node)> = Vec::with_capacity(o.properties.len());
            for prop in o.properties {
                let (name, span) = match prop.name {
                    ObjectPropName::String(s) => (s.value.into_owned(), s.range),
                    ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                };
                let key = Key {
                    name,
                    span: span.start..span.end,
                };
                if entries.iter().any(|(k, _)| k.name == key.name) {
                    dups.push((key.span.clone(), format!("duplicate key `{}`", key.name)));
                }
                entries.push((key, json_node(prop.value, dups)));
            }
            (Value::Map(entries), o.range)
        }
    };
    Node {
        value,
        span: range.start..range.end,
    }
}

// ---------------------------------------------------------------------------------------------
// YAML

pub fn parse_yaml(text: &str) -> Result<Node, SyntaxError> {
    let offsets = CharOffsets::new(text);
    let mut builder = Builder {
        text,
        offsets: Some(&offsets),
        ..Builder::default()
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(err) = parser.load(&mut builder, false) {
        let at = offsets.byte(err.marker().index());
        return Err(SyntaxError {
            span: at..(at + 1).min(text.len()).max(at),
            message: lower_first(err.info()),
            more: Vec::new(),
        });
    }
    if let Some(err) = builder.error.take() {
        return Err(err);
    }
    if !builder.duplicates.is_empty() {
        return Err(duplicates_error(std::mem::take(&mut builder.duplicates)));
    }
    Ok(builder.root.unwrap_or(Node {
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

/// Converts yaml-rust2's character indices into byte offsets.
struct CharOffsets(Vec<usize>);

impl CharOffsets {
    fn new(text: &str) -> Self {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        CharOffsets(v)
    }
    fn byte(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .copied()
            .unwrap_or(*self.0.last().unwrap_or(&0))
    }
}

/// Open collections while the event stream is read.
enum Frame {
    Seq {
        start: usize,
        items: Vec<Node>,
        anchor: usize,
    },
    Map {
        start: usize,
        entries: Vec<(Key, Node)>,
        pending: Option<Key>,
        anchor: usize,
    },
}

#[derive(Default)]
struct Builder<'a> {
    text: &'a str,
    offsets: Option<&'a CharOffsets>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    duplicates: Vec<(Range<usize>, String)>,
    error: Option<SyntaxError>,
}

impl<'a> Builder<'a> {
    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries, pending, ..
            }) => match pending.take() {
                None => {
                    let name = match &node.value {
                        Value::Str(s) | Value::Number(s) => s.clone(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                        _ => {
                            if self.error.is_none() {
                                self.error = Some(SyntaxError {
                                    span: node.span.clone(),
                                    message: "a mapping key must be plain text".into(),
                                    more: Vec::new(),
                                });
                            }
                            String::new()
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
            },
        }
    }
}

impl<'a> MarkedEventReceiver for Builder<'a> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = self.offsets.map_or(0, |o| o.byte(mark.index()));
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve_scalar(&text, style, tag.as_ref().map(|t| t.suffix.as_str()));
                let end = scalar_end(self.text, at, style);
                let node = Node {
                    value,
                    span: at..end,
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push(node);
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().map_or(
                    Node {
                        value: Value::Null,
                        span: at..at + 1,
                    },
                    |mut n| {
                        n.span = at..scalar_end(self.text, at, TScalarStyle::Plain);
                        n
                    },
                );
                self.push(node);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq {
                start: at,
                items: Vec::new(),
                anchor,
            }),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map {
                start: at,
                entries: Vec::new(),
                pending: None,
                anchor,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq {
                        start,
                        items,
                        anchor,
                    }) => {
                        let end = items.last().map_or(start + 1, |n| n.span.end.max(start));
                        (
                            Node {
                                value: Value::Seq(items),
                                span: start..end,
                            },
                            anchor,
                        )
                    }
                    Some(Frame::Map {
                        start,
                        entries,
                        anchor,
                        ..
                    }) => {
                        // yaml-rust2 marks a block mapping at its first value; it starts at its first key.
                        let start = entries
                            .first()
                            .map_or(start, |(k, _)| k.span.start.min(start));
                        let end = entries
                            .last()
                            .map_or(start + 1, |(_, n)| n.span.end.max(start));
                        (
                            Node {
                                value: Value::Map(entries),
                                span: start..end,
                            },
                            anchor,
                        )
                    }
                    None => return,
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push(node);
            }
            _ => {}
        }
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

fn is_number(s: &str) -> bool {
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

/// The end of a scalar that starts at `start`: enough for a diagnostic's underline.
fn scalar_end(text: &str, start: usize, style: TScalarStyle) -> usize {
    let rest = &text[start.min(text.len())..];
    let line = rest.split('\n').next().unwrap_or("");
    let len = match style {
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => {
            let quote = line.chars().next().unwrap_or('"');
            line[1.min(line.len())..]
                .find(quote)
                .map_or(line.len(), |i| i + 2)
        }
        TScalarStyle::Plain => {
            let cut = [": ", " #", ",", "]", "}"]
                .iter()
                .filter_map(|p| line.find(p))
                .min()
                .unwrap_or(line.len());
            let cut = if line.ends_with(':') && cut == line.len() {
                cut - 1
            } else {
                cut
            };
            line[..cut].trim_end().len()
        }
        _ => line.trim_end().len(),
    };
    start + len.max(1).min(rest.len().max(1))
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
}
