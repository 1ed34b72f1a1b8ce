//! A profile made of several texts: the profile, overlay files (`--with`) merged over it, and
//! assignments (`--set path=value`, a variant's or a plan's `set`) applied last — all on the
//! spanned tree, before validation, so that whatever they add is validated like the file and
//! every problem points at the text that caused it.
//!
//! Tree nodes keep plain byte ranges. A composed tree mixes texts, so each text's spans are
//! moved into a range of their own ([`SPAN_FILE`] apart); [`Sources::locate`] turns a span back
//! into its file and range. Nothing outside this module and the validator needs to know.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::tree::{self, Key, Node, Value};
use crate::diag::{Diagnostic, SourceFile, did_you_mean};

/// Spans of the n-th text start at `n * SPAN_FILE` (texts are far shorter: see limits.rs).
pub const SPAN_FILE: usize = 1 << 24;
const _: () = assert!((crate::limits::MAX_TEXT_BYTES as usize) < SPAN_FILE);

/// The texts a composed profile's spans point into: the profile first.
#[derive(Debug, Clone, PartialEq)]
pub struct Sources {
    /// Each text, and whether unknown fields written in it are errors (assignments: a
    /// misspelt path must not pass as a warning).
    files: Vec<(Arc<SourceFile>, bool)>,
    /// The profile was written in another format (RenderCV): its field paths, for messages.
    pub dialect: Option<super::rendercv::Dialect>,
}

impl Sources {
    pub fn new(main: Arc<SourceFile>) -> Sources {
        Sources {
            files: vec![(main, false)],
            dialect: None,
        }
    }

    /// The profile's own file.
    pub fn main(&self) -> &Arc<SourceFile> {
        &self.files[0].0
    }

    /// Add a text (once; the same file again gets the offset it already has). Returns the
    /// offset its spans are moved by.
    pub fn add(&mut self, file: &Arc<SourceFile>, strict: bool) -> Result<usize, Diagnostic> {
        if let Some(i) = self.files.iter().position(|(f, _)| Arc::ptr_eq(f, file)) {
            return Ok(i * SPAN_FILE);
        }
        if self.files.len() >= crate::limits::MAX_LAYERS {
            return Err(Diagnostic::error(format!(
                "more than {} overlays and assignments",
                crate::limits::MAX_LAYERS - 1
            ))
            .hint("merge some overlay files; docs/limits.md"));
        }
        self.files.push((file.clone(), strict));
        Ok((self.files.len() - 1) * SPAN_FILE)
    }

    /// The file a composed span points into, and the span within it.
    pub fn locate(&self, span: Range<usize>) -> (&Arc<SourceFile>, Range<usize>) {
        let i = (span.start / SPAN_FILE).min(self.files.len() - 1);
        let base = i * SPAN_FILE;
        let local = span.start.saturating_sub(base)..span.end.saturating_sub(base);
        (&self.files[i].0, local)
    }

    /// `d` placed at a composed span.
    pub fn at(&self, d: Diagnostic, span: Range<usize>) -> Diagnostic {
        let (file, local) = self.locate(span);
        d.at(file, local)
    }

    /// Where `file` comes among the texts (for ordering diagnostics); past the end if absent.
    pub fn index_of(&self, file: &Arc<SourceFile>) -> usize {
        self.files
            .iter()
            .position(|(f, _)| Arc::ptr_eq(f, file))
            .unwrap_or(usize::MAX)
    }

    /// Whether unknown fields written at this span are errors.
    pub fn strict_at(&self, offset: usize) -> bool {
        self.files
            .get(offset / SPAN_FILE)
            .is_some_and(|(_, strict)| *strict)
    }
}

/// Move every span of a tree by `by`.
pub fn shift(node: &mut Node, by: usize) {
    if by == 0 {
        return;
    }
    node.span = node.span.start + by..node.span.end + by;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| shift(n, by)),
        Value::Map(entries) => {
            for (k, v) in entries {
                k.span = k.span.start + by..k.span.end + by;
                shift(v, by);
            }
        }
        _ => {}
    }
}

// -- overlays ---------------------------------------------------------------------------------

/// Merge `patch` over `base`, as JSON Merge Patch (RFC 7386) does — mappings merge key by key,
/// `null` removes a key, anything else replaces — with one addition: a list whose every item
/// is a mapping with an `id` merges into the base list entry by entry (same `id`: merged; new
/// `id`: appended), so an overlay can change one job without repeating the others.
pub fn merge(base: &mut Node, patch: Node) {
    match patch.value {
        Value::Map(entries) => {
            if !matches!(base.value, Value::Map(_)) {
                *base = Node {
                    value: Value::Map(Vec::new()),
                    span: patch.span.clone(),
                };
            }
            let Value::Map(target) = &mut base.value else {
                unreachable!("made a mapping above")
            };
            for (key, value) in entries {
                let found = target.iter().position(|(k, _)| k.name == key.name);
                match (found, value.value == Value::Null) {
                    (Some(i), true) => {
                        target.remove(i);
                    }
                    (None, true) => {}
                    (Some(i), false) => merge(&mut target[i].1, value),
                    (None, false) => {
                        let mut fresh = Node {
                            value: Value::Null,
                            span: value.span.clone(),
                        };
                        merge(&mut fresh, value);
                        target.push((key, fresh));
                    }
                }
            }
        }
        Value::Seq(items) if matches!(base.value, Value::Seq(_)) && by_id(&items) => {
            let Value::Seq(target) = &mut base.value else {
                unreachable!("matched a list above")
            };
            for item in items {
                let id = id_of(&item).map(str::to_string);
                match target.iter().position(|t| id_of(t) == id.as_deref()) {
                    Some(i) => merge(&mut target[i], item),
                    None => target.push(item),
                }
            }
        }
        value => {
            *base = Node {
                value,
                span: patch.span,
            }
        }
    }
}

/// Every item is a mapping with an `id`.
fn by_id(items: &[Node]) -> bool {
    !items.is_empty() && items.iter().all(|n| id_of(n).is_some())
}

/// An entry's `id`, if it is a mapping that has one.
fn id_of(node: &Node) -> Option<&str> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| k.name == "id")
        .and_then(|(_, v)| match &v.value {
            Value::Str(s) | Value::Number(s) => Some(s.trim()),
            _ => None,
        })
}

// -- assignments ------------------------------------------------------------------------------

/// `path = value`, from the command line (`--set`), a plan job or a variant's `set`. Spans are
/// the text's own (`file`), not yet composed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub file: Arc<SourceFile>,
    pub path: String,
    pub path_span: Range<usize>,
    pub value: Node,
}

impl Assignment {
    /// `basics.label=Staff Engineer` as typed after `--set`. The value is text as typed, unless
    /// it starts like YAML data (`[`, `{`, a quote) or is `true`, `false`, `null` or a number;
    /// empty removes the field.
    pub fn parse_arg(arg: &str) -> Result<Assignment, Diagnostic> {
        let file = SourceFile::new("--set", arg);
        let Some((path, value)) = arg.split_once('=') else {
            return Err(Diagnostic::error(format!("`{arg}` is not `path=value`"))
                .at(&file, 0..arg.len())
                .hint("e.g. --set basics.label=\"Staff Engineer\" or --set 'work[0].highlights[2]=Cut cost 30%'"));
        };
        let start = path.len() + 1;
        let text = value.trim();
        let lead = value.len() - value.trim_start().len();
        let span = start + lead..start + lead + text.len();
        let data = text.starts_with(['[', '{', '"', '\''])
            || matches!(text, "true" | "false" | "null" | "~" | "")
            || tree::is_number(text);
        let mut node = match data {
            true => tree::parse_yaml(text, &crate::limits::Tree::default()).map_err(|e| {
                Diagnostic::error(format!("invalid value: {}", e.message))
                    .at(&file, span.start + e.span.start..span.start + e.span.end)
                    .hint("quote text that starts with `[`, `{` or a quote, or leave it unquoted")
            })?,
            false => Node {
                value: Value::Str(text.to_string()),
                span: 0..text.len(),
            },
        };
        shift(&mut node, span.start);
        if node.value == Value::Null {
            node.span = span.clone();
        }
        Ok(Assignment {
            path: path.trim().to_string(),
            path_span: 0..path.len(),
            value: node,
            file,
        })
    }

    /// The same assignment as one `--set` argument (how a child process receives it).
    pub fn to_arg(&self) -> String {
        format!("{}={}", self.path, flow(&self.value))
    }
}

/// A node written back as YAML flow text (JSON, which YAML reads).
fn flow(node: &Node) -> String {
    match &node.value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.clone(),
        Value::Str(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::Seq(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|n| match n.value {
                    Value::Null => "null".to_string(),
                    _ => flow(n),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!(
                    "{}: {}",
                    serde_json::to_string(&k.name).unwrap_or_default(),
                    match v.value {
                        Value::Null => "null".to_string(),
                        _ => flow(v),
                    }
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// One step of a path: `key`, `[3]`, or `[acme]` (the entry whose `id` is `acme`).
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
    Id(String),
}

/// `work[0].highlights[2]` → steps, or what is wrong with it.
fn steps(path: &str) -> Result<Vec<Step>, String> {
    let mut out = Vec::new();
    if path.is_empty() {
        return Err("the path is empty".into());
    }
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() && (out.is_empty() || rest.is_empty()) {
            return Err(format!("`{path}` has an empty step"));
        }
        if !name.is_empty() {
            out.push(Step::Key(name.to_string()));
        }
        while !rest.is_empty() {
            let Some(close) = rest.find(']').filter(|_| rest.starts_with('[')) else {
                return Err(format!("`{part}`: a `[` without its `]`"));
            };
            let inner = rest[1..close].trim();
            out.push(match inner.parse::<usize>() {
                Ok(i) => Step::Index(i),
                Err(_) if !inner.is_empty() => Step::Id(inner.to_string()),
                Err(_) => return Err(format!("`{part}`: an empty `[]`")),
            });
            rest = &rest[close + 1..];
        }
    }
    Ok(out)
}

/// Apply an assignment: set the value at `path`, making the mappings on the way; `null`
/// removes the field or item. A problem is unplaced: the caller places it at the path.
pub fn assign(
    root: &mut Node,
    path: &str,
    path_span: Range<usize>,
    value: Node,
) -> Result<(), Diagnostic> {
    let fail = |message: String| Diagnostic::error(message).field(path);
    let steps = steps(path).map_err(|m| {
        fail(m)
            .hint("write a path such as basics.label, work[0].highlights[2] or work[acme].position")
    })?;
    let mut node = root;
    let mut walked = String::new();
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        let here = describe(&walked);
        match step {
            Step::Key(name) => {
                if node.value == Value::Null {
                    node.value = Value::Map(Vec::new());
                }
                let what = node.value.describe();
                let Value::Map(entries) = &mut node.value else {
                    return Err(fail(format!(
                        "{here} is {what}, not a mapping: `{name}` cannot be set inside it"
                    )));
                };
                let found = entries.iter().position(|(k, _)| &k.name == name);
                walked = match walked.is_empty() {
                    true => name.clone(),
                    false => format!("{walked}.{name}"),
                };
                match (found, last) {
                    (Some(i), true) if value.value == Value::Null => {
                        entries.remove(i);
                        return Ok(());
                    }
                    (None, true) if value.value == Value::Null => return Ok(()),
                    (Some(i), _) => node = &mut entries[i].1,
                    (None, _) => {
                        entries.push((
                            Key {
                                name: name.clone(),
                                span: path_span.clone(),
                            },
                            Node {
                                value: Value::Null,
                                span: path_span.clone(),
                            },
                        ));
                        node = &mut entries.last_mut().expect("just pushed").1;
                    }
                }
            }
            Step::Index(_) | Step::Id(_) => {
                let what = node.value.describe();
                let Value::Seq(items) = &mut node.value else {
                    return Err(fail(format!("{here} is {what}, not a list")));
                };
                let index = match step {
                    Step::Index(i) if *i < items.len() => *i,
                    Step::Index(i) => {
                        let d = fail(format!(
                            "{here} has {} entr{}: there is no [{i}]",
                            items.len(),
                            if items.len() == 1 { "y" } else { "ies" }
                        ));
                        let hint = match items.len() {
                            0 => "it is empty; set the whole list instead".to_string(),
                            n => format!("entries are counted from 0: [0] to [{}]", n - 1),
                        };
                        return Err(d.hint(hint));
                    }
                    Step::Id(id) => match items.iter().position(|n| id_of(n) == Some(id)) {
                        Some(i) => i,
                        None => {
                            let ids: Vec<&str> = items.iter().filter_map(id_of).collect();
                            let mut d = fail(format!("no entry of {here} has the id `{id}`"));
                            d = match (did_you_mean(id, ids.iter().copied()), ids.is_empty()) {
                                (Some(s), _) => d.hint(format!("did you mean `{s}`?")),
                                (None, true) => d.hint(
                                    "give the entry an `id: …` to address it by name, or use its number, e.g. [0]",
                                ),
                                (None, false) => d.hint(format!("ids here: {}", ids.join(", "))),
                            };
                            return Err(d);
                        }
                    },
                    Step::Key(_) => unreachable!("matched above"),
                };
                walked = format!("{walked}[{index}]");
                if last && value.value == Value::Null {
                    items.remove(index);
                    return Ok(());
                }
                node = &mut items[index];
            }
        }
    }
    *node = value;
    Ok(())
}

/// A path for messages: `work[0]`, or "the profile" for the root.
fn describe(walked: &str) -> String {
    match walked {
        "" => "the profile".to_string(),
        w => format!("`{w}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        tree::parse(text, &crate::limits::Tree::default()).unwrap()
    }

    fn json(node: &Node) -> String {
        flow(node)
    }

    #[test]
    fn overlays_merge_mappings_replace_lists_and_merge_entries_by_id() {
        let mut base = tree(
            "basics: {name: A, label: Dev, phone: '1'}\nwork:\n  - {id: acme, name: Acme, position: Dev}\n  - {id: init, name: Initech}\nskills: [{name: Go}]\n",
        );
        let patch = tree(
            "basics: {label: Staff, phone: null}\nwork:\n  - {id: acme, position: Lead}\n  - {id: new, name: New}\nskills: [{name: Rust}]\n",
        );
        merge(&mut base, patch);
        assert_eq!(
            json(&base),
            r#"{"basics": {"name": "A", "label": "Staff"}, "work": [{"id": "acme", "name": "Acme", "position": "Lead"}, {"id": "init", "name": "Initech"}, {"id": "new", "name": "New"}], "skills": [{"name": "Rust"}]}"#
        );
    }

    #[test]
    fn assignments_set_create_and_remove() {
        let mut root = tree("basics: {name: A}\nwork: [{id: acme, highlights: [a, b, c]}]\n");
        let set = |root: &mut Node, arg: &str| {
            let a = Assignment::parse_arg(arg).unwrap();
            assign(root, &a.path, a.path_span, a.value)
        };
        set(&mut root, "basics.label=Staff Engineer").unwrap();
        set(&mut root, "work[0].highlights[2]=Cut cost 30%").unwrap();
        set(&mut root, "work[acme].highlights[0]=").unwrap();
        set(&mut root, "meta.accent=#0a5").unwrap();
        set(&mut root, "meta.sections=[work, skills]").unwrap();
        assert_eq!(
            json(&root),
            r##"{"basics": {"name": "A", "label": "Staff Engineer"}, "work": [{"id": "acme", "highlights": ["b", "Cut cost 30%"]}], "meta": {"accent": "#0a5", "sections": ["work", "skills"]}}"##
        );
        let e = set(&mut root, "work[3].name=x").unwrap_err();
        assert_eq!(e.message, "`work` has 1 entry: there is no [3]");
        let e = set(&mut root, "work[acne].name=x").unwrap_err();
        assert_eq!(e.hints, ["did you mean `acme`?"]);
        let e = set(&mut root, "basics.name.first=x").unwrap_err();
        assert!(
            e.message.contains("is text, not a mapping"),
            "{}",
            e.message
        );
        assert!(Assignment::parse_arg("basics.label").is_err());
        assert!(set(&mut root, "work[.x=1").is_err());
    }

    #[test]
    fn an_assignment_travels_as_an_argument() {
        for arg in [
            "a.b=plain text",
            "a=[x, 'y z']",
            "a={k: v, n: 3}",
            "a=\"#quoted\"",
            "a=",
        ] {
            let a = Assignment::parse_arg(arg).unwrap();
            let b = Assignment::parse_arg(&a.to_arg()).unwrap();
            assert_eq!(flow(&a.value), flow(&b.value), "{arg}");
        }
    }

    #[test]
    fn sources_locate_composed_spans() {
        let mut s = Sources::new(SourceFile::new("me.yaml", "a: 1\n"));
        let other = SourceFile::new("o.yaml", "b: 2\n");
        let base = s.add(&other, false).unwrap();
        assert_eq!(s.add(&other, false).unwrap(), base);
        let (f, span) = s.locate(base + 3..base + 4);
        assert_eq!((f.name.as_str(), span), ("o.yaml", 3..4));
        assert_eq!(s.locate(3..4).0.name, "me.yaml");
    }
}
