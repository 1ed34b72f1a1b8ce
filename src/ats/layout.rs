//! Reading a PDF page the way applicant-tracking systems do: glyphs from the content stream
//! (read by [`super::pdf`]), grouped into lines, lines into boxes, and boxes into a reading order
//! by the same rules as pdfminer.six's layout analysis (its default `LAParams`: `char_margin`
//! 2.0, `line_margin` 0.5, `word_margin` 0.1, `boxes_flow` 0.5), which most ATS parsers use or
//! imitate. A layout that reads well here reads well there.

/// A glyph on a page: its text, where its baseline starts (from the page's top-left, in
/// points), its advance, its size and how far the font reaches below the baseline (negative).
#[derive(Debug, Clone)]
pub struct Glyph {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub size: f64,
    pub descent: f64,
}

impl Glyph {
    /// The glyph's box as pdfminer draws it: from the font's descent, one font size high.
    fn rect(&self) -> Rect {
        let bottom = self.y - self.descent;
        Rect {
            x0: self.x,
            x1: self.x + self.width,
            top: bottom - self.size,
            bottom,
        }
    }
}

/// A page and its glyphs, in content-stream order.
#[derive(Debug, Default)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
}

/// A line of text and its box (top-left origin).
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Line {
    fn rect(&self) -> Rect {
        Rect {
            x0: self.x0,
            x1: self.x1,
            top: self.top,
            bottom: self.bottom,
        }
    }
}

/// A page's text in reading order: lines, box after box.
pub fn read_page(page: &Page) -> Vec<Line> {
    let lines = lines(&page.glyphs);
    let boxes = boxes(&lines);
    let mut out = Vec::new();
    for b in order(&lines, &boxes) {
        let mut members: Vec<&Line> = boxes[b].iter().map(|&i| &lines[i]).collect();
        // pdfminer orders a box's lines by their tops (a stable sort).
        members.sort_by(|a, b| a.top.total_cmp(&b.top));
        out.extend(members.into_iter().cloned());
    }
    out
}

/// A line being built: pdfminer's `LTTextLineHorizontal`, which puts a space before a glyph
/// that starts further than a tenth of its size past the end of the one before.
struct Building {
    line: Line,
    end: f64,
}

impl Building {
    fn new(g: &Glyph) -> Building {
        let r = g.rect();
        Building {
            line: Line {
                text: g.text.clone(),
                x0: r.x0,
                x1: r.x1,
                top: r.top,
                bottom: r.bottom,
            },
            end: r.x1,
        }
    }

    fn add(&mut self, g: &Glyph) {
        let r = g.rect();
        let margin = WORD_MARGIN * r.width().max(r.height());
        if self.end < r.x0 - margin {
            self.line.text.push(' ');
        }
        self.line.text.push_str(&g.text);
        self.end = r.x1;
        let l = &mut self.line;
        l.x0 = l.x0.min(r.x0);
        l.x1 = l.x1.max(r.x1);
        l.top = l.top.min(r.top);
        l.bottom = l.bottom.max(r.bottom);
    }
}

/// pdfminer's default `LAParams`.
const LINE_OVERLAP: f64 = 0.5;
const CHAR_MARGIN: f64 = 2.0;
const WORD_MARGIN: f64 = 0.1;
const LINE_MARGIN: f64 = 0.5;
const BOXES_FLOW: f64 = 0.5;

/// Glyphs joined into lines in stream order (pdfminer's `group_objects`): each glyph is
/// compared with the one before it, and continues the line when the two overlap vertically
/// by more than half the smaller height and stand less than twice the wider width apart.
/// Lines of nothing but spaces are dropped.
fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut line: Option<Building> = None;
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(p) = prev {
            let (a, b) = (p.rect(), g.rect());
            let aligned = a.voverlaps(&b)
                && a.height().min(b.height()) * LINE_OVERLAP < a.voverlap(&b)
                && a.hdistance(&b) < a.width().max(b.width()) * CHAR_MARGIN;
            match (aligned, line.as_mut()) {
                (true, Some(l)) => l.add(g),
                (false, Some(_)) => out.extend(line.take().map(|l| l.line)),
                (true, None) => {
                    let mut l = Building::new(p);
                    l.add(g);
                    line = Some(l);
                }
                (false, None) => out.push(Building::new(p).line),
            }
        }
        prev = Some(g);
    }
    match (line, prev) {
        (Some(l), _) => out.push(l.line),
        (None, Some(p)) => out.push(Building::new(p).line),
        (None, None) => {}
    }
    out.retain(|l| !l.text.trim().is_empty());
    for l in &mut out {
        l.text = l.text.trim().to_string();
    }
    out
}

/// Lines grouped into boxes (pdfminer's `group_textlines`): a line's neighbours lie within
/// half its height above or below it, overlap it horizontally, are about as high and share
/// its left edge, right edge or centre. Grouping is pdfminer's, including its quirk: a line
/// already in an earlier box that a later line claims without being claimed back stays in
/// both (and is read twice, as pdfminer reads it).
fn boxes(lines: &[Line]) -> Vec<Vec<usize>> {
    let n = lines.len();
    // Box contents, and which box each line is filed under.
    let mut contents: Vec<Vec<usize>> = Vec::new();
    let mut filed: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let a = lines[i].rect();
        let d = LINE_MARGIN * a.height();
        let reach = Rect {
            top: a.top - d,
            bottom: a.bottom + d,
            ..a
        };
        let mut members = vec![i];
        for (j, other) in lines.iter().enumerate() {
            let b = other.rect();
            let near = reach.overlaps(&b);
            let same_height = (b.height() - a.height()).abs() <= d;
            let aligned = (b.x0 - a.x0).abs() <= d
                || (b.x1 - a.x1).abs() <= d
                || ((b.x0 + b.x1) / 2.0 - (a.x0 + a.x1) / 2.0).abs() <= d;
            if near && same_height && aligned {
                members.push(j);
                if let Some(old) = filed[j].take() {
                    members.extend(contents[old].iter().copied());
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        members.retain(|m| seen.insert(*m));
        let id = contents.len();
        for &m in &members {
            filed[m] = Some(id);
        }
        contents.push(members);
    }
    // Each box once, in the order of its first line.
    let mut done = std::collections::HashSet::new();
    let mut out = Vec::new();
    for f in filed.iter().flatten() {
        if done.insert(*f) {
            out.push(contents[*f].clone());
        }
    }
    out
}

/// A rectangle (top-left origin).
#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    x1: f64,
    top: f64,
    bottom: f64,
}

impl Rect {
    fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    fn height(&self) -> f64 {
        self.bottom - self.top
    }
    fn voverlaps(&self, o: &Rect) -> bool {
        o.top <= self.bottom && self.top <= o.bottom
    }
    /// How far the two overlap vertically (pdfminer's `voverlap`).
    fn voverlap(&self, o: &Rect) -> f64 {
        match self.voverlaps(o) {
            true => (self.top - o.bottom).abs().min((self.bottom - o.top).abs()),
            false => 0.0,
        }
    }
    /// The horizontal gap between the two, 0 when they overlap (pdfminer's `hdistance`).
    fn hdistance(&self, o: &Rect) -> f64 {
        match o.x0 <= self.x1 && self.x0 <= o.x1 {
            true => 0.0,
            false => (self.x0 - o.x1).abs().min((self.x1 - o.x0).abs()),
        }
    }
    fn area(&self) -> f64 {
        (self.x1 - self.x0) * (self.bottom - self.top)
    }
    fn union(&self, o: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(o.x0),
            x1: self.x1.max(o.x1),
            top: self.top.min(o.top),
            bottom: self.bottom.max(o.bottom),
        }
    }
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.top < o.bottom && o.top < self.bottom
    }
}

/// A node of the grouping tree: a box (leaf) or a group of two nodes.
enum Node {
    Leaf(usize),
    Group(Box<Node>, Box<Node>),
}

/// A candidate merge: whether its union holds a third node (tried last), the area it wastes,
/// and the two nodes.
#[derive(PartialEq)]
struct Merge(bool, f64, usize, usize);

impl Eq for Merge {}

impl Ord for Merge {
    // Reversed: `BinaryHeap` pops the greatest, the search wants the least.
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        o.0.cmp(&self.0)
            .then_with(|| o.1.total_cmp(&self.1))
            .then_with(|| (o.2, o.3).cmp(&(self.2, self.3)))
    }
}

impl PartialOrd for Merge {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

/// The boxes in reading order: pdfminer's hierarchical grouping (repeatedly merge the two
/// nodes whose union wastes least area, preferring unions that hold no third node), then each
/// group's two children ordered by `(1 - flow)·x − (1 + flow)·(y0 + y1)` with flow 0.5.
fn order(lines: &[Line], boxes: &[Vec<usize>]) -> Vec<usize> {
    let rect = |b: &Vec<usize>| {
        b.iter()
            .map(|&i| lines[i].rect())
            .reduce(|a, c| a.union(&c))
            .expect("a box has a line")
    };
    let mut nodes: Vec<Option<(Node, Rect)>> = boxes
        .iter()
        .enumerate()
        .map(|(i, b)| Some((Node::Leaf(i), rect(b))))
        .collect();
    let waste = |a: &Rect, b: &Rect| a.union(b).area() - a.area() - b.area();
    let mut heap = std::collections::BinaryHeap::new();
    for a in 0..nodes.len() {
        for b in a + 1..nodes.len() {
            let (ra, rb) = (nodes[a].as_ref().unwrap().1, nodes[b].as_ref().unwrap().1);
            heap.push(Merge(false, waste(&ra, &rb), a, b));
        }
    }
    while let Some(Merge(tried, _, a, b)) = heap.pop() {
        let (Some((_, ra)), Some((_, rb))) = (&nodes[a], &nodes[b]) else {
            continue;
        };
        let (ra, rb) = (*ra, *rb);
        let u = ra.union(&rb);
        if !tried {
            let holds_other = nodes
                .iter()
                .enumerate()
                .any(|(c, n)| c != a && c != b && n.as_ref().is_some_and(|(_, r)| u.overlaps(r)));
            if holds_other {
                heap.push(Merge(true, waste(&ra, &rb), a, b));
                continue;
            }
        }
        let (na, _) = nodes[a].take().unwrap();
        let (nb, _) = nodes[b].take().unwrap();
        // pdfminer's coordinates grow upwards: its y0 + y1 is −(top + bottom) here.
        let key = |r: &Rect| (1.0 - BOXES_FLOW) * r.x0 + (1.0 + BOXES_FLOW) * (r.top + r.bottom);
        let (first, second) = match key(&ra) <= key(&rb) {
            true => (na, nb),
            false => (nb, na),
        };
        let id = nodes.len();
        for (c, n) in nodes.iter().enumerate() {
            if let Some((_, r)) = n {
                heap.push(Merge(false, waste(&u, r), id, c));
            }
        }
        nodes.push(Some((Node::Group(Box::new(first), Box::new(second)), u)));
    }
    let mut out = Vec::new();
    fn visit(n: &Node, out: &mut Vec<usize>) {
        match n {
            Node::Leaf(i) => out.push(*i),
            Node::Group(a, b) => {
                visit(a, out);
                visit(b, out);
            }
        }
    }
    if let Some((root, _)) = nodes.into_iter().flatten().next() {
        visit(&root, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x: x + 5.0 * i as f64,
                y,
                width: 5.0,
                size: 10.0,
                descent: -2.0,
            })
            .collect()
    }

    #[test]
    fn glyphs_make_lines_and_words() {
        let mut g = word("Hello", 10.0, 100.0);
        g.extend(word("world", 38.0, 100.0));
        g.extend(word("Next", 10.0, 112.0));
        let ls = lines(&g);
        let texts: Vec<&str> = ls.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Hello world", "Next"]);
    }

    #[test]
    fn a_column_of_dates_beside_entries_is_read_apart() {
        // Two entries with their dates in a narrow left column: pdfminer reads the date column
        // as its own block, away from the entries.
        let mut g = Vec::new();
        for (k, y) in [100.0, 200.0].into_iter().enumerate() {
            g.extend(word(&format!("20{k}0"), 10.0, y));
            g.extend(word(&format!("Employer{k}"), 120.0, y));
            g.extend(word("did things", 120.0, y + 12.0));
            g.extend(word("and more", 120.0, y + 24.0));
        }
        let page = Page {
            width: 400.0,
            height: 400.0,
            glyphs: g,
        };
        let text: Vec<String> = read_page(&page).into_iter().map(|l| l.text).collect();
        let at = |s: &str| text.iter().position(|l| l == s).unwrap();
        assert!(
            at("2000") < at("Employer0") || at("2000") > at("and more"),
            "{text:?}"
        );
    }
}
