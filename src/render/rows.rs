//! The rows of the three biggest tables, written in Rust: a level page's growth areas
//! (`level.areas_html`), a pair page's growth areas (`pair.areas_html`) and the growth-area
//! matrix of the comparison page (`compare.areas_html`).
//!
//! Why not in the templates: on a ladder of thousands of growth areas these are most of the
//! site's markup (a level page has a row per area, each of the 28 pair pages of 8 levels a
//! row per area), and Tera interprets each row's dozen lookups, tests and component calls
//! again for every row. Writing them here costs a few string pushes per row; the default
//! templates print the result with `| safe`. A theme that wants its own rows overrides the
//! block (`level_areas`, `pair_areas`, `compare_area_matrix`) and loops over the global
//! `areas` itself, as the default theme did before.
//!
//! One shape of markup: an item, its marks and an expectation are written exactly as the
//! `item`, `marks` and `expectation` components of the default `components.html` print them
//! (a unit test renders both and compares), so an item looks the same in these rows and on
//! every other page. Everything is escaped here, where it is written: titles, ids, labels
//! and URLs with [`push_escaped_html`]; only the HTML the Markdown renderer produced (item
//! texts, examples) and word differences (escaped when built) are written as they are.

use crate::content::align::{self, Status};
use crate::content::model::{Area, Expectation, Item, Ladder, Track};
use crate::content::routes;
use crate::labels::Labels;
use crate::render::assess;
use crate::render::context::{
    AreaRows, ExpectationView, ItemView, PairRow, Side, item_view, pair_rows, span_cells,
};
use crate::render::progress::{self, Progress};
use crate::text::{escape_html as escaped, push_escaped_html};

/// A growth area as every row names it, escaped once per build (a 5,000-area ladder writes
/// each area's name on every pair page).
#[derive(Debug)]
pub(crate) struct AreaHead {
    /// The HTML id of its one-text expectation on level and pair pages, escaped.
    id: String,
    /// Its URL relative to the site root, escaped.
    url: String,
    /// Its title, escaped.
    title: String,
}

/// The [`AreaHead`] of each growth area of `track`, in order.
pub(crate) fn area_heads(track: &Track) -> Vec<AreaHead> {
    track
        .areas
        .iter()
        .map(|a| AreaHead {
            id: escaped(&routes::area_item_id(&a.id, None)),
            url: escaped(&routes::area_url(track.id.as_deref(), &a.id)),
            title: escaped(&a.title),
        })
        .collect()
}

/// Writes the rows of one page: its relative root, the site's words (those of every row
/// escaped once) and the areas' [`AreaHead`]s.
pub(crate) struct RowWriter<'a> {
    labels: &'a Labels,
    heads: &'a [AreaHead],
    /// The page's path to the site root, escaped.
    root: String,
    /// ` <span class="marks">…new at this level…</span>`.
    new_mark: String,
    /// The permalinks' accessible name, escaped.
    item_link: String,
    /// Each status's badge text, escaped, in [`status_index`] order.
    statuses: [String; 4],
}

/// A status's place in [`RowWriter::statuses`].
fn status_index(status: Status) -> usize {
    match status {
        Status::New => 0,
        Status::Grown => 1,
        Status::Unchanged => 2,
        Status::Dropped => 3,
    }
}

/// The status as its CSS class suffix (and its name in the template API).
fn status_class(status: Status) -> &'static str {
    match status {
        Status::New => "new",
        Status::Grown => "grown",
        Status::Unchanged => "unchanged",
        Status::Dropped => "dropped",
    }
}

/// An item's examples, collapsed: nothing when it has none (the tail of the `item`
/// component).
pub(crate) fn write_examples(out: &mut String, examples: &[&str], labels: &Labels) {
    if examples.is_empty() {
        return;
    }
    out.push_str("<details class=\"examples\"><summary>");
    push_escaped_html(
        out,
        &labels.fill("examples", &[("count", &examples.len().to_string())]),
    );
    out.push_str("</summary><ul>");
    for x in examples {
        out.push_str("<li>");
        out.push_str(x);
        out.push_str("</li>");
    }
    out.push_str("</ul></details>");
}

/// An item: its HTML, its "changed in" mark, its examples (the `item` component).
pub(crate) fn write_item(out: &mut String, item: &ItemView, labels: &Labels) {
    out.push_str(item.html);
    if let Some(mark) = &item.changed {
        out.push_str(" <a class=\"changed-mark\" href=\"");
        push_escaped_html(out, &mark.href);
        out.push_str("\">");
        push_escaped_html(out, &mark.text);
        out.push_str("</a>");
    }
    write_examples(out, &item.examples, labels);
}

/// After an item with an id: "new at this level", the link to the item, what it grew from
/// (`below`: the short name of the level below) (the `marks` component).
pub(crate) fn write_marks(out: &mut String, item: &ItemView, below: &str, labels: &Labels) {
    if item.status == Some(Status::New) {
        out.push_str(" <span class=\"marks\"><span class=\"badge badge--new\">");
        push_escaped_html(out, labels.get("new_at_level"));
        out.push_str("</span></span>");
    }
    out.push_str(" <a class=\"permalink\" href=\"#");
    push_escaped_html(out, &item.id);
    out.push_str("\" aria-label=\"");
    push_escaped_html(out, labels.get("item_link"));
    out.push_str("\">#</a>");
    if let Some(was) = item.was.filter(|w| !w.is_empty()) {
        out.push_str("<details class=\"was marks\"><summary>");
        push_escaped_html(out, &labels.fill("was_at", &[("level", below)]));
        out.push_str("</summary><div>");
        out.push_str(was);
        out.push_str("</div></details>");
    }
}

/// An expectation with its items' ids and marks (the `expectation` component).
pub(crate) fn write_expectation(
    out: &mut String,
    e: &ExpectationView,
    below: &str,
    labels: &Labels,
) {
    let (open, close, item_open, item_close) = if e.list {
        (
            "<ul class=\"expectation-list\">",
            "</ul>",
            "<li class=\"item\" id=\"",
            "</li>",
        )
    } else {
        ("", "", "<div class=\"item\" id=\"", "</div>")
    };
    out.push_str(open);
    for i in &e.items {
        out.push_str(item_open);
        push_escaped_html(out, &i.id);
        out.push_str("\">");
        write_item(out, i, labels);
        write_marks(out, i, below, labels);
        out.push_str(item_close);
    }
    out.push_str(close);
}

impl<'a> RowWriter<'a> {
    /// The writer of a page whose path to the site root is `root`, for the areas `heads`
    /// (those of the page's track, from [`area_heads`]).
    pub(crate) fn new(root: &str, labels: &'a Labels, heads: &'a [AreaHead]) -> RowWriter<'a> {
        let status = |key: &str| escaped(labels.get(key));
        RowWriter {
            labels,
            heads,
            root: escaped(root),
            new_mark: format!(
                " <span class=\"marks\"><span class=\"badge badge--new\">{}</span></span>",
                escaped(labels.get("new_at_level"))
            ),
            item_link: escaped(labels.get("item_link")),
            statuses: [
                status("status_new"),
                status("status_grown"),
                status("status_unchanged"),
                status("status_dropped"),
            ],
        }
    }

    /// A link to growth area `k`'s page, its title as the text.
    fn area_link(&self, out: &mut String, k: usize) {
        let head = &self.heads[k];
        out.push_str("<a href=\"");
        out.push_str(&self.root);
        out.push_str(&head.url);
        out.push_str("\">");
        out.push_str(&head.title);
        out.push_str("</a>");
    }

    /// The start of a table row naming growth area `k`: `<tr><th scope="row">` and the link.
    fn area_row_start(&self, out: &mut String, k: usize) {
        out.push_str("\n        <tr><th scope=\"row\">");
        self.area_link(out, k);
        out.push_str("</th>");
    }

    /// The rows of level `index`'s growth-area table (track `t`): a row per area with an
    /// expectation at this level, its items with their ids, "new at this level" marks and
    /// permalinks.
    pub(crate) fn level_areas(
        &self,
        ladder: &Ladder,
        progress: &Progress,
        t: usize,
        index: usize,
    ) -> String {
        let track = &ladder.tracks[t];
        let tp = &progress.tracks[t];
        let mut out = String::with_capacity(track.areas.len() * 320);
        for (k, a) in track.areas.iter().enumerate() {
            let Some(e) = a.expectations[index].as_ref() else {
                continue;
            };
            let pairs = index
                .checked_sub(1)
                .map(|b| tp.steps[b].areas[k].as_slice());
            self.area_row_start(&mut out, k);
            match plain_text(e) {
                // Most rows: one text, no examples. Written without a view.
                Some(item) => {
                    let id = &self.heads[k].id;
                    out.push_str("<td class=\"item\" id=\"");
                    out.push_str(id);
                    out.push_str("\">");
                    out.push_str(&item.text.html);
                    let status = pairs.map(|pairs| {
                        pairs
                            .iter()
                            .find(|p| p.upper == Some(0))
                            .map_or(Status::New, |p| p.status)
                    });
                    if status == Some(Status::New) {
                        out.push_str(&self.new_mark);
                    }
                    self.permalink(&mut out, id);
                }
                // A list (an expectation written as one text has no examples).
                None => {
                    let statuses = pairs.map(|pairs| progress::by_upper(pairs, e.items.len()));
                    let view = level_expectation(a, e, statuses.as_deref());
                    out.push_str("<td>");
                    write_expectation(&mut out, &view, "", self.labels);
                }
            }
            out.push_str("</td></tr>");
        }
        out
    }

    /// ` <a class="permalink" …>#</a>`: the link to the item with the (escaped) id `id`.
    fn permalink(&self, out: &mut String, id: &str) {
        out.push_str(" <a class=\"permalink\" href=\"#");
        out.push_str(id);
        out.push_str("\" aria-label=\"");
        out.push_str(&self.item_link);
        out.push_str("\">#</a>");
    }

    /// The growth-area rows of the pair page of levels `lower` < `upper` of track `t`, with
    /// their counts. A one-text expectation continues the area's one text at the other level
    /// (the area is its thread): `unchanged` when both are the same, `grown` when they
    /// differ, `new` or `dropped` when one is missing; two texts similar enough to read as
    /// one edited text get a word-level difference. Lists (and items with examples) are
    /// aligned item by item like competencies.
    pub(crate) fn pair_areas<'l>(
        &self,
        ladder: &'l Ladder,
        progress: &Progress,
        t: usize,
        lower: usize,
        upper: usize,
    ) -> AreaRows {
        let track = &ladder.tracks[t];
        let tp = &progress.tracks[t];
        let adjacent = upper == lower + 1;
        let mut rows = AreaRows {
            html: String::with_capacity(track.areas.len() * 400),
            ..AreaRows::default()
        };
        let out = &mut rows.html;
        for (k, a) in track.areas.iter().enumerate() {
            let (lo_e, up_e) = (
                a.expectations[lower].as_ref(),
                a.expectations[upper].as_ref(),
            );
            let (lw, uw) = (tp.area_words(k, lower), tp.area_words(k, upper));
            // Lists and examples need aligning item by item: such rows are computed.
            let (lo_text, up_text) = (lo_e.and_then(plain_text), up_e.and_then(plain_text));
            let simple = match (lo_e, up_e) {
                (None, None) => continue,
                (Some(_), Some(_)) => match (lo_text, up_text) {
                    (Some(l), Some(u)) if l.text.html == u.text.html => Some(Status::Unchanged),
                    (Some(_), Some(_))
                        if align::similarity(&lw[0], &uw[0]) < align::DIFF_THRESHOLD =>
                    {
                        Some(Status::Grown)
                    }
                    _ => None,
                },
                (Some(_), None) => lo_text.map(|_| Status::Dropped),
                (None, Some(_)) => up_text.map(|_| Status::New),
            };
            rows.any = true;
            if let Some(status) = simple {
                rows.counts.add(status);
                self.pair_simple_row(out, k, (lo_text, up_text), status);
                continue;
            }
            let computed;
            let pairs = if adjacent {
                tp.steps[lower].areas[k].as_slice()
            } else {
                computed = tp.align_area(track, k, lower, upper);
                computed.as_slice()
            };
            let items = |e: Option<&'l Expectation>| -> &'l [Item] { e.map_or(&[], |e| &e.items) };
            let is_list = |e: Option<&Expectation>| e.is_some_and(|e| e.list);
            let (lo_list, up_list) = (is_list(lo_e), is_list(up_e));
            let (area_rows, counts) =
                pair_rows(items(lo_e), items(up_e), pairs, (lw, uw), |key, side| {
                    let list = match side {
                        Side::Lower => lo_list,
                        Side::Upper => up_list,
                    };
                    routes::area_item_id(&a.id, list.then_some(key))
                });
            rows.counts.extend(&counts);
            self.pair_rows(out, k, &area_rows);
        }
        rows
    }

    /// The start of a pair page's row: `<li class="pair-row pair-row--<status>" id="…">`
    /// (`id` escaped).
    fn pair_row_start(out: &mut String, status: Status, id: &str) {
        out.push_str("\n      <li class=\"pair-row pair-row--");
        out.push_str(status_class(status));
        out.push_str("\" id=\"");
        out.push_str(id);
        out.push_str("\">");
    }

    /// The pair page's row of area `k` built from two one-text expectations (either may be
    /// missing) with `status`.
    fn pair_simple_row(
        &self,
        out: &mut String,
        k: usize,
        (lower, upper): (Option<&Item>, Option<&Item>),
        status: Status,
    ) {
        let id = &self.heads[k].id;
        Self::pair_row_start(out, status, id);
        out.push_str("<p class=\"pt\">");
        self.area_link(out, k);
        out.push_str("</p>");
        for (class, side) in [("lo", lower), ("up", upper)] {
            out.push_str("<div class=\"");
            out.push_str(class);
            out.push_str("\">");
            match side {
                Some(i) => out.push_str(&i.text.html),
                None => out.push_str(EMPTY),
            }
            out.push_str("</div>");
        }
        self.badge(out, id, status);
        out.push_str("</li>");
    }

    /// The pair page's computed rows of area `k` (aligned items, word differences,
    /// examples); the first names the area.
    fn pair_rows(&self, out: &mut String, k: usize, rows: &[PairRow]) {
        for (n, r) in rows.iter().enumerate() {
            let id = escaped(&r.id);
            Self::pair_row_start(out, r.status, &id);
            if n == 0 {
                out.push_str("<p class=\"pt\">");
                self.area_link(out, k);
                out.push_str("</p>");
            }
            out.push_str("<div class=\"lo\">");
            match &r.lower {
                Some(i) => write_item(out, i, self.labels),
                None => out.push_str(EMPTY),
            }
            out.push_str("</div><div class=\"up\">");
            match (&r.diff, &r.upper) {
                (Some(diff), upper) => {
                    out.push_str("<span class=\"diff\">");
                    out.push_str(diff);
                    out.push_str("</span>");
                    if let Some(u) = upper {
                        write_examples(out, &u.examples, self.labels);
                    }
                }
                (None, Some(u)) => write_item(out, u, self.labels),
                (None, None) => out.push_str(EMPTY),
            }
            out.push_str("</div>");
            self.badge(out, &id, r.status);
            out.push_str("</li>");
        }
    }

    /// A row's status badge, linked to the row (`id` escaped).
    fn badge(&self, out: &mut String, id: &str, status: Status) {
        out.push_str("<a class=\"badge badge--");
        out.push_str(status_class(status));
        out.push_str("\" href=\"#");
        out.push_str(id);
        out.push_str("\">");
        out.push_str(&self.statuses[status_index(status)]);
        out.push_str("</a>");
    }

    /// The rows of track `t`'s growth-area matrix: an area per row, a cell per level, where
    /// neighbouring levels that expect the same thing share one cell.
    pub(crate) fn area_matrix(&self, ladder: &Ladder, t: usize) -> String {
        let track = &ladder.tracks[t];
        let mut none = String::from("<span class=\"empty\">—<span class=\"visually-hidden\"> ");
        push_escaped_html(&mut none, self.labels.get("no_expectation"));
        none.push_str("</span></span>");
        let mut out = String::with_capacity(track.areas.len() * track.levels.len() * 120);
        for (k, a) in track.areas.iter().enumerate() {
            self.area_row_start(&mut out, k);
            for cell in span_cells(track, a) {
                if cell.colspan > 1 {
                    out.push_str("<td colspan=\"");
                    out.push_str(&cell.colspan.to_string());
                    out.push_str("\" class=\"merged\">");
                } else {
                    out.push_str("<td>");
                }
                match &a.expectations[cell.index] {
                    Some(e) => {
                        match plain_text(e) {
                            Some(item) => out.push_str(&item.text.html),
                            None => {
                                let view = level_expectation(a, e, None);
                                if view.list {
                                    out.push_str("<ul class=\"expectation-list\">");
                                    for i in &view.items {
                                        out.push_str("<li>");
                                        write_item(&mut out, i, self.labels);
                                        out.push_str("</li>");
                                    }
                                    out.push_str("</ul>");
                                } else if let Some(i) = view.items.first() {
                                    write_item(&mut out, i, self.labels);
                                }
                            }
                        }
                        if cell.colspan > 1 {
                            out.push_str(" <span class=\"merged__levels\">(");
                            push_escaped_html(&mut out, &cell.levels.join(", "));
                            out.push_str(")</span>");
                        }
                    }
                    None => out.push_str(&none),
                }
                out.push_str("</td>");
            }
            out.push_str("</tr>");
        }
        out
    }
}

impl RowWriter<'_> {
    /// The growth areas of the self-assessment checklist of level `index` of track `t`: a
    /// section per area with an expectation at the level, its items to rate numbered from
    /// `first` on (after the categories' items).
    pub(crate) fn assess_areas(
        &self,
        ladder: &Ladder,
        progress: &Progress,
        t: usize,
        index: usize,
        first: usize,
    ) -> String {
        let track = &ladder.tracks[t];
        let step = index.checked_sub(1).map(|b| &progress.tracks[t].steps[b]);
        let mut out = String::with_capacity(track.areas.len() * 1200);
        let mut n = first;
        for (k, a) in track.areas.iter().enumerate() {
            let Some(e) = a.expectations[index].as_ref() else {
                continue;
            };
            let heading_escaped = escaped(&routes::assess_area_id(&a.id));
            out.push_str("\n      <section class=\"assess-group\" aria-labelledby=\"");
            out.push_str(&heading_escaped);
            out.push_str("\" data-group=\"");
            out.push_str(&self.heads[k].title);
            out.push_str("\">\n        <h3 id=\"");
            out.push_str(&heading_escaped);
            out.push_str("\">");
            self.area_link(&mut out, k);
            out.push_str("</h3>\n        ");
            let statuses = step.map(|s| assess::statuses(&s.areas[k], e.items.len()));
            for (i, item) in e.items.iter().enumerate() {
                let examples: Vec<&str> = item.examples.iter().map(|x| x.html.as_str()).collect();
                write_assess_item(
                    &mut out,
                    &AssessRow {
                        id: &routes::area_item_id(&a.id, e.list.then_some(item.key.as_str())),
                        n,
                        status: statuses.as_ref().and_then(|s| s.get(i).copied()),
                        html: &item.text.html,
                        examples: &examples,
                    },
                    self.labels,
                );
                n += 1;
            }
            out.push_str("\n      </section>");
        }
        out
    }
}

/// An expectation to rate on a self-assessment page, as [`write_assess_item`] needs it.
pub(crate) struct AssessRow<'a> {
    /// Its id (its permalink id on its level page).
    pub(crate) id: &'a str,
    /// Its number on the page (from 1), which names its parts.
    pub(crate) n: usize,
    /// Against the level below; `none` on the first level.
    pub(crate) status: Option<assess::Status>,
    /// The expectation, HTML.
    pub(crate) html: &'a str,
    /// Its examples, HTML each.
    pub(crate) examples: &'a [&'a str],
}

/// An expectation to rate: its text with its status badge, its examples, three radio
/// buttons and a note box (the `assess_item` component).
pub(crate) fn write_assess_item(out: &mut String, item: &AssessRow, labels: &Labels) {
    let [text_id, name, note_id] = routes::assess_part_ids(item.n);
    out.push_str("<div class=\"assess-item");
    let status = item.status.map(|s| match s {
        assess::Status::Unchanged => "unchanged",
        assess::Status::Grown => "grown",
        assess::Status::New => "new",
    });
    if let Some(status) = status {
        out.push_str(" assess-item--");
        out.push_str(status);
    }
    out.push_str("\" id=\"");
    push_escaped_html(out, &routes::assess_item_id(item.id));
    out.push_str("\" data-id=\"");
    push_escaped_html(out, item.id);
    out.push_str("\"><p class=\"assess-item__text\" id=\"");
    out.push_str(&text_id);
    out.push_str("\">");
    let badge = match item.status {
        Some(assess::Status::New) => Some(("new", "status_new")),
        Some(assess::Status::Grown) => Some(("grown", "status_grown")),
        _ => None,
    };
    if let Some((class, key)) = badge {
        out.push_str("<span class=\"badge badge--");
        out.push_str(class);
        out.push_str("\">");
        push_escaped_html(out, labels.get(key));
        out.push_str("</span> ");
    }
    out.push_str("<span class=\"assess-item__words\">");
    out.push_str(item.html);
    out.push_str("</span></p>");
    write_examples(out, item.examples, labels);
    out.push_str("<fieldset class=\"assess-item__rating\" aria-labelledby=\"");
    out.push_str(&text_id);
    out.push_str("\">");
    for (value, key) in [
        ("0", "rating_not_yet"),
        ("1", "rating_sometimes"),
        ("2", "rating_consistently"),
    ] {
        out.push_str("<label><input type=\"radio\" name=\"");
        out.push_str(&name);
        out.push_str("\" value=\"");
        out.push_str(value);
        out.push_str("\"> ");
        push_escaped_html(out, labels.get(key));
        out.push_str("</label>");
    }
    out.push_str("</fieldset><label class=\"assess-item__note-label\" for=\"");
    out.push_str(&note_id);
    out.push_str("\">");
    push_escaped_html(out, labels.get("evidence_note"));
    out.push_str("</label><textarea class=\"assess-item__note\" id=\"");
    out.push_str(&note_id);
    out.push_str("\" rows=\"2\" maxlength=\"500\"></textarea></div>");
}

/// "Nothing here": the lower or upper side of a pair row without an item.
const EMPTY: &str = "<span class=\"empty\">—</span>";

/// The one item of an expectation written as one text without examples (most growth-area
/// expectations): such rows are written from the item's HTML alone.
fn plain_text(e: &Expectation) -> Option<&Item> {
    match e.items.as_slice() {
        [item] if !e.list && item.examples.is_empty() => Some(item),
        _ => None,
    }
}

/// The view of area `a`'s expectation `e` at a level, its items' ids those of a level page,
/// with their statuses compared with the level below where given (`statuses`, by item, from
/// [`progress::by_upper`]) for the "new at this level" mark. Shows no "was": the area page
/// shows the progression.
fn level_expectation<'a>(
    a: &Area,
    e: &'a Expectation,
    statuses: Option<&[(Status, Option<usize>)]>,
) -> ExpectationView<'a> {
    ExpectationView {
        list: e.list,
        items: e
            .items
            .iter()
            .enumerate()
            .map(|(n, item)| {
                let mut view = item_view(
                    item,
                    routes::area_item_id(&a.id, e.list.then_some(&item.key)),
                );
                if let Some(statuses) = statuses {
                    view.status = Some(statuses[n].0);
                }
                view
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::render::context::MarkView;
    use crate::render::theme::load_theme;
    use std::path::Path;

    /// Labels with markup and quotes in them, so a missing escape shows.
    fn hostile_labels() -> Labels {
        let entries: Vec<(String, Option<String>)> = [
            ("examples", "<Examples> \"{count}\""),
            ("new_at_level", "New & <b>improved</b>"),
            ("item_link", "Link \"here\""),
            ("was_at", "Was at <{level}>"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect();
        Labels::parse(&entries, |_, _| Location {
            path: "content/site.yaml".into(),
            line: 1,
            column: 1,
        })
        .expect("valid labels")
    }

    fn item<'a>(html: &'a str, id: &str) -> ItemView<'a> {
        ItemView {
            html,
            examples: Vec::new(),
            thread: None,
            id: id.to_string(),
            status: None,
            was: None,
            changed: None,
        }
    }

    /// Every shape an item takes: plain, new, grown with what it was, with examples, with a
    /// "changed in" mark, with an id that needs escaping.
    fn items() -> Vec<ItemView<'static>> {
        vec![
            item("<em>Plain</em> text", "area.plain"),
            ItemView {
                status: Some(Status::New),
                ..item("New one", "area.x.new-one")
            },
            ItemView {
                status: Some(Status::Grown),
                was: Some("<strong>Old</strong> words"),
                ..item("Grown one", "area.x.grown")
            },
            ItemView {
                status: Some(Status::Unchanged),
                examples: vec!["An <code>example</code>", "Another"],
                ..item("With examples", "area.x.ex")
            },
            ItemView {
                changed: Some(MarkView {
                    text: "Changed in \"v2\" <now>".into(),
                    href: "../../changes/#v-2&x".into(),
                    unreleased: false,
                }),
                ..item("Changed", "area.\"odd\"<id>")
            },
        ]
    }

    /// Renders `template` with the default theme's components, `labels` and `vars`.
    fn render(template: &str, labels: &Labels, vars: &[(&str, tera::Value)]) -> String {
        let mut theme = load_theme(Path::new("/nonexistent-rungs-root"), "default").unwrap();
        theme.tera.add_raw_template("probe.html", template).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("labels", labels);
        for (k, v) in vars {
            ctx.insert(k.to_string(), v);
        }
        theme.tera.render("probe.html", &ctx).unwrap()
    }

    fn value<T: serde::Serialize>(v: &T) -> tera::Value {
        tera::Value::from_serializable(v)
    }

    #[test]
    fn items_and_marks_are_written_as_the_components_print_them() {
        let labels = hostile_labels();
        for i in items() {
            let mut ours = String::new();
            write_item(&mut ours, &i, &labels);
            let theirs = render("{{ <item item={i}/> }}", &labels, &[("i", value(&i))]);
            assert_eq!(ours, theirs, "item {}", i.id);
            let mut ours = String::new();
            write_marks(&mut ours, &i, "Mid <2>", &labels);
            let theirs = render(
                "{{ <marks item={i} below={below}/> }}",
                &labels,
                &[("i", value(&i)), ("below", value(&"Mid <2>"))],
            );
            assert_eq!(ours, theirs, "marks of {}", i.id);
        }
    }

    #[test]
    fn items_to_rate_are_written_as_the_component_prints_them() {
        let entries: Vec<(String, Option<String>)> = [
            ("status_new", "New <b>!</b>"),
            ("status_grown", "Grown & \"more\""),
            ("rating_not_yet", "Not <yet>"),
            ("rating_sometimes", "'Sometimes'"),
            ("rating_consistently", "Always & ever"),
            ("evidence_note", "Evidence <note>"),
            ("examples", "<Examples> {count}"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect();
        let labels = Labels::parse(&entries, |_, _| Location {
            path: "content/site.yaml".into(),
            line: 1,
            column: 1,
        })
        .expect("valid labels");
        let statuses = [
            None,
            Some(assess::Status::New),
            Some(assess::Status::Grown),
            Some(assess::Status::Unchanged),
        ];
        for (n, status) in statuses.into_iter().enumerate() {
            let examples: &[&str] = if n == 2 {
                &["<em>One</em>", "Two"]
            } else {
                &[]
            };
            let id = format!("area.a\"<{n}>.key");
            let ours = {
                let mut out = String::new();
                write_assess_item(
                    &mut out,
                    &AssessRow {
                        id: &id,
                        n: n + 7,
                        status,
                        html: "<strong>Text</strong> &amp; more",
                        examples,
                    },
                    &labels,
                );
                out
            };
            let [text_id, name, note_id] = routes::assess_part_ids(n + 7);
            let item = assess::AssessItem {
                html_id: routes::assess_item_id(&id),
                id: id.clone(),
                text_id,
                name,
                note_id,
                html: "<strong>Text</strong> &amp; more",
                plain: "Text & more",
                examples: examples.to_vec(),
                permalink: String::new(),
                status,
            };
            let theirs = render(
                "{{ <assess_item item={i}/> }}",
                &labels,
                &[("i", value(&item))],
            );
            assert_eq!(ours, theirs, "status {status:?}");
        }
    }

    #[test]
    fn expectations_are_written_as_the_component_prints_them() {
        let labels = hostile_labels();
        for list in [false, true] {
            let all = items();
            let e = ExpectationView {
                list,
                items: if list { all } else { all[2..3].to_vec() },
            };
            let mut ours = String::new();
            write_expectation(&mut ours, &e, "Mid", &labels);
            let theirs = render(
                "{{ <expectation e={e} below={below}/> }}",
                &labels,
                &[("e", value(&e)), ("below", value(&"Mid"))],
            );
            assert_eq!(ours, theirs, "list: {list}");
            assert_eq!(ours.contains("&lt;b&gt;improved"), list, "{ours}");
        }
    }
}
