//! All YAML parsing of rungs: typed deserialization with unknown-key detection, and
//! locating a key or value by its path when a problem must be reported.
//!
//! Locations are computed lazily, only when a diagnostic needs one, so a clean build parses
//! every YAML text exactly once. The locator reuses the same parser (`yaml_serde`): it walks
//! the document to the wanted node and fails there on purpose, and the parser stamps that
//! failure with the node's line and column.
//!
//! Limits, so that no input takes long: a document nested more than [`MAX_DEPTH`] levels
//! is refused by a linear pre-scan before the parser sees it (the parser's scanner is
//! quadratic in the nesting of `[` and `{`), and each file's locates re-parse at most
//! [`LOCATE_BUDGET_BYTES`] in all, after which problems are reported at the file's first
//! line. Messages quote at most [`MAX_QUOTE_CHARS`](crate::text::MAX_QUOTE_CHARS) characters of the file.
//! Aliases (`*name`) are counted by the same pre-scan: each one copies what its anchor names,
//! so a file may use at most [`max_aliases`] of them (an alias bomb expands a few hundred
//! kilobytes into gigabytes).

use crate::diag::{Diagnostic, Location, UnknownName, unknown_name};
use crate::text::clip;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Deepest nesting of lists and mappings (block or flow) a YAML text may have. Real ladder
/// files nest three or four levels.
pub(crate) const MAX_DEPTH: usize = 64;

/// What the aliases of one file may expand to, roughly (each alias counted at the file's size).
pub(crate) const MAX_ALIAS_EXPANSION_BYTES: usize = 4 * 1024 * 1024;

/// How many aliases (`*name`) a YAML text of `len` bytes may use: enough for any real ladder
/// file (hundreds in a small one), never enough to expand it past
/// [`MAX_ALIAS_EXPANSION_BYTES`] (at least 16).
pub(crate) fn max_aliases(len: usize) -> usize {
    (MAX_ALIAS_EXPANSION_BYTES / len.max(1)).max(16)
}

/// How many bytes of YAML the locates of one file may re-parse in total: thousands of
/// locates in a small file, a handful in a 1 MiB one, so many problems in a large file
/// cannot make reporting them quadratic.
pub(crate) const LOCATE_BUDGET_BYTES: usize = 8 * 1024 * 1024;

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    /// A key of a mapping.
    Key(String),
    /// A position in a sequence, 0-based.
    Index(usize),
}

impl Seg {
    /// A key step.
    pub(crate) fn key(k: &str) -> Seg {
        Seg::Key(k.to_string())
    }
}

/// Whether a diagnostic should point at a mapping key or at its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The key itself (`rank` in `rank: 3`).
    Key,
    /// The value (`3` in `rank: 3`).
    Value,
}

/// A YAML syntax or type error, positioned within the YAML text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// What the parser said, without its own position suffix, worded for authors.
    pub(crate) message: String,
    /// 1-based line within the YAML text.
    pub(crate) line: usize,
    /// 1-based column within the YAML text.
    pub(crate) column: usize,
}

/// A deserialized document and the paths of the keys the target type does not know.
#[derive(Debug)]
pub(crate) struct Parsed<T> {
    /// The typed value.
    pub(crate) value: T,
    /// Paths of keys that were present but ignored (probably typos).
    pub(crate) unknown_keys: Vec<Vec<Seg>>,
}

/// Deserializes `text` into `T`, collecting unknown keys instead of failing on them.
///
/// An empty or comment-only document is read as an empty mapping, so a missing required
/// field is reported as such rather than as a parse error.
///
/// # Errors
/// The first syntax or type error of the document, with its position.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<Parsed<T>, YamlError> {
    if let Some(over) = over_limits(text) {
        return Err(over);
    }
    let text = if is_blank_document(text) { "{}" } else { text };
    let mut unknown_keys = Vec::new();
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let value =
        serde_ignored::deserialize(deserializer, |path| unknown_keys.push(path_segments(&path)))
            .map_err(|e| to_yaml_error(&e))?;
    Ok(Parsed {
        value,
        unknown_keys,
    })
}

fn is_blank_document(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    })
}

fn path_segments(path: &serde_ignored::Path) -> Vec<Seg> {
    use serde_ignored::Path;
    match path {
        Path::Root => Vec::new(),
        Path::Seq { parent, index } => {
            let mut v = path_segments(parent);
            v.push(Seg::Index(*index));
            v
        }
        Path::Map { parent, key } => {
            let mut v = path_segments(parent);
            v.push(Seg::Key(key.clone()));
            v
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => path_segments(parent),
    }
}

fn to_yaml_error(e: &serde_yaml::Error) -> YamlError {
    let full = e.to_string();
    let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    YamlError {
        message: friendlier(&strip_positions(&full)),
        line,
        column,
    }
}

/// Removes the parser's own " at line N column M" notes: the diagnostic carries the position.
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let n = digits(after);
        match after[n..].strip_prefix(" column ") {
            Some(col) if n > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Rewords serde's Rust-flavoured type names into what an author writes in YAML, and
/// shortens any text it quotes from the file.
fn friendlier(message: &str) -> String {
    let mut message = clip_quoted(message);
    // "expected struct RawSite": the name of a Rust type means nothing to an author.
    if let Some(i) = message.find("expected struct ") {
        let name = &message[i + "expected struct ".len()..];
        let end = name
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(name.len());
        let end = i + "expected struct ".len() + end;
        message.replace_range(i..end, "expected a mapping (`key: value` lines)");
    }
    message
        .replace(
            "recursion limit exceeded",
            "the YAML is nested too deeply, expected at most 64 levels of lists and mappings",
        )
        .replace("expected i64", "expected an integer")
        .replace("expected u64", "expected a non-negative integer")
        .replace("expected a sequence", "expected a list (`- item` lines)")
        .replace(
            "expected a string",
            "expected text (quote it if it starts with a special character)",
        )
        .replace(
            "invalid type: map",
            "invalid type: a mapping (`key: value` lines)",
        )
        .replace("invalid type: sequence", "invalid type: a list")
}

/// Shortens every `string "…"` serde quotes in `message` (the value it could not use) to
/// [`MAX_QUOTE_CHARS`](crate::text::MAX_QUOTE_CHARS) characters.
fn clip_quoted(message: &str) -> String {
    const OPEN: &str = "string \"";
    let mut out = String::with_capacity(message.len().min(1024));
    let mut rest = message;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i + OPEN.len()]);
        let after = &rest[i + OPEN.len()..];
        // The quoted text ends at the first `"` not escaped by a backslash.
        let mut end = after.len();
        let mut escaped = false;
        for (j, c) in after.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = j;
                    break;
                }
                _ => escaped = false,
            }
        }
        out.push_str(&clip(&after[..end]));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// A required text field (`title`) as written: absent, null, or text. YAML reads `~`,
/// `null` and an empty value as null; serde would turn them into the texts "~", "null" and
/// "" for a `String`, so required fields use this and validation reports both absent and
/// null as missing. Quoted, `"null"` is text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum RequiredText {
    /// The key is not there.
    #[default]
    Missing,
    /// The key is there with no value.
    Null,
    /// The text.
    Text(String),
}

impl RequiredText {
    /// The text, or the error for a `key` that is absent (at `start`, the YAML's first
    /// line, as serde reports a missing field), null or blank (at `value`). `expected` says
    /// what belongs there: "a display title".
    ///
    /// # Errors
    /// The field is absent, null or blank.
    pub(crate) fn require(
        &self,
        key: &str,
        expected: &str,
        start: impl FnOnce() -> Location,
        value: impl FnOnce() -> Location,
    ) -> Result<&str, Diagnostic> {
        match self {
            RequiredText::Text(text) if !text.trim().is_empty() => Ok(text),
            RequiredText::Text(_) => Err(Diagnostic::error(value(), format!("`{key}` is empty"))
                .with_help(format!("expected {expected}"))),
            RequiredText::Null => Err(Diagnostic::error(
                value(),
                format!("missing {key}: `{key}` has no value"),
            )
            .with_help(format!(
                "expected {expected}; YAML reads `~`, `null` and nothing as no value (quote them to show them as text)"
            ))),
            RequiredText::Missing => Err(Diagnostic::error(
                start(),
                format!("missing field `{key}`"),
            )
            .with_help(format!("expected {expected}: `{key}: …`"))),
        }
    }
}

impl<'de> serde::Deserialize<'de> for RequiredText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(
            match <Option<String> as serde::Deserialize>::deserialize(d)? {
                Some(text) => RequiredText::Text(text),
                None => RequiredText::Null,
            },
        )
    }
}

/// Where a YAML text nests deeper than [`MAX_DEPTH`], as an error; `None` when it does not.
///
/// A linear scan that follows YAML's structure closely enough to count depth: flow
/// collections (`[`, `{` where a value may start, and always inside another flow
/// collection), block collections (by indentation and `- ` entries), skipping quoted
/// text, comments and block scalars (`|`, `>`).
/// Also where it uses more aliases than [`max_aliases`] allows.
fn over_limits(text: &str) -> Option<YamlError> {
    let (offset, limit) = scan_limits(text, MAX_DEPTH, max_aliases(text.len()))?;
    let (line, column) = crate::text::line_column(text, offset);
    let message = match limit {
        Limit::Depth => format!(
            "the YAML is nested too deeply, expected at most {MAX_DEPTH} levels of lists and mappings"
        ),
        Limit::Aliases(max) => format!(
            "too many YAML aliases (`*name`), expected at most {max} in a file of this size: each one copies what its anchor names"
        ),
    };
    Some(YamlError {
        message,
        line,
        column,
    })
}

/// Which limit a YAML text goes over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    /// Nested more than the depth allowed.
    Depth,
    /// More aliases than this.
    Aliases(usize),
}

/// The byte offset at which `text` first nests deeper than `max` or uses its
/// `max_aliases + 1`-th alias, and which limit that is.
fn scan_limits(text: &str, max: usize, max_aliases: usize) -> Option<(usize, Limit)> {
    let depth = |offset: usize| Some((offset, Limit::Depth));
    let mut aliases = 0usize;
    let bytes = text.as_bytes();
    let mut flow = 0usize;
    // Columns of the open block collections, innermost last.
    let mut blocks: Vec<usize> = Vec::new();
    // Inside a block scalar: lines indented more than this column (or blank) are its text.
    let mut block_scalar: Option<Option<usize>> = None;
    let mut quote: Option<u8> = None;
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(bytes.len(), |i| line_start + i);
        let line = &bytes[line_start..line_end];
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let blank = line[indent..]
            .iter()
            .all(|&b| b == b' ' || b == b'\t' || b == b'\r');
        if let Some(parent) = block_scalar {
            if blank || parent.is_none_or(|p| indent > p) {
                line_start = line_end + 1;
                continue;
            }
            block_scalar = None;
        }
        let mut i = indent;
        let mut token_start = true;
        if quote.is_none() && flow == 0 {
            if blank || line[indent] == b'#' {
                line_start = line_end + 1;
                continue;
            }
            while blocks.last().is_some_and(|&c| c > indent) {
                blocks.pop();
            }
            if blocks.last().is_none_or(|&c| c < indent) {
                blocks.push(indent);
            }
            // `- - x`: each entry marker opens one more level at the next token.
            while i + 1 < line.len() && line[i] == b'-' && line[i + 1] == b' ' {
                i += 1;
                while i < line.len() && line[i] == b' ' {
                    i += 1;
                }
                // A nested list (`- - x`) or mapping (`- key: x`) starts here; a scalar
                // (`- x`, `- |`) or a flow collection (`- [x]`) does not open a block.
                let rest = &line[i..];
                let nested_list = rest.starts_with(b"- ") || rest == b"-";
                let key = rest.windows(2).any(|w| w == b": ") || rest.ends_with(b":");
                if nested_list || (key && !matches!(rest[0], b'[' | b'{' | b'|' | b'>' | b'#')) {
                    blocks.push(i);
                }
            }
            if blocks.len() > max {
                return depth(line_start + i.min(line.len()));
            }
        }
        while i < line.len() {
            let b = line[i];
            if let Some(q) = quote {
                if b == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if b == q {
                    if q == b'\'' && line.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                    token_start = false;
                }
                i += 1;
                continue;
            }
            let prev_blank = i == 0 || matches!(line[i - 1], b' ' | b'\t');
            let next_blank = line
                .get(i + 1)
                .is_none_or(|n| matches!(n, b' ' | b'\t' | b'\r'));
            match b {
                b'#' if prev_blank => break,
                b'"' | b'\'' if token_start => quote = Some(b),
                b'[' | b'{' if token_start || flow > 0 => {
                    flow += 1;
                    if flow + blocks.len() > max {
                        return depth(line_start + i);
                    }
                    token_start = true;
                }
                b']' | b'}' if flow > 0 => {
                    flow -= 1;
                    token_start = false;
                }
                b',' if flow > 0 => token_start = true,
                b':' if next_blank || flow > 0 => token_start = true,
                b'?' | b'-' if token_start && next_blank => {}
                b'*' if token_start => {
                    aliases += 1;
                    if aliases > max_aliases {
                        return Some((line_start + i, Limit::Aliases(max_aliases)));
                    }
                    while i + 1 < line.len()
                        && !matches!(line[i + 1], b' ' | b'\t' | b',' | b']' | b'}')
                    {
                        i += 1;
                    }
                    token_start = false;
                }
                b'&' | b'!' if token_start => {
                    while i + 1 < line.len() && !matches!(line[i + 1], b' ' | b'\t') {
                        i += 1;
                    }
                }
                b'|' | b'>' if token_start && flow == 0 => {
                    // The rest of the line is the header; the text follows, indented more
                    // than the collection holding it.
                    block_scalar = Some(blocks.last().copied());
                    break;
                }
                b' ' | b'\t' | b'\r' => {}
                _ => token_start = false,
            }
            i += 1;
        }
        line_start = line_end + 1;
    }
    None
}

/// Locates nodes of one file within a budget of re-parsed bytes ([`LOCATE_BUDGET_BYTES`]):
/// once spent, problems are reported at the first line of the YAML.
#[derive(Debug)]
pub(crate) struct Locator {
    spent: AtomicUsize,
}

impl Default for Locator {
    fn default() -> Self {
        Locator {
            spent: AtomicUsize::new(0),
        }
    }
}

impl Clone for Locator {
    fn clone(&self) -> Self {
        Locator {
            spent: AtomicUsize::new(self.spent.load(Ordering::Relaxed)),
        }
    }
}

impl Locator {
    /// Like [`locate`], within this file's budget.
    pub(crate) fn locate(&self, text: &str, path: &[Seg], target: Target) -> (usize, usize) {
        locate_within(text, path, target, Some(self))
    }

    /// Takes the cost of one parse of `text` from the budget; false if it is spent.
    fn spend(&self, text: &str) -> bool {
        let before = self.spent.fetch_add(text.len(), Ordering::Relaxed);
        before.saturating_add(text.len()) <= LOCATE_BUDGET_BYTES.max(text.len())
    }
}

/// An unknown key at `path` (as [`parse`] collects them): its last key is compared with
/// `known`, its whole path is quoted ("unknown key `categories[2].descripton`").
pub(crate) fn unknown_key<'a>(path: &'a [Seg], known: &'a [&'a str]) -> UnknownName<'a> {
    let last = match path.last() {
        Some(Seg::Key(k)) => k.as_str(),
        _ => "",
    };
    unknown_name("key", last, known).shown_as(display_path(path))
}

/// Renders a path for messages: `competencies.technical-skills[2]`. Keys are clipped to
/// [`MAX_QUOTE_CHARS`](crate::text::MAX_QUOTE_CHARS) characters.
pub(crate) fn display_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&clip(k));
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Line and column (1-based, within `text`) of the node at `path`, or of its nearest
/// ancestor that exists; `(1, 1)` when the document cannot be walked at all. For a single
/// lookup; one per item of a list goes through a [`Locator`], which bounds the total cost.
pub(crate) fn locate(text: &str, path: &[Seg], target: Target) -> (usize, usize) {
    locate_within(text, path, target, None)
}

fn locate_within(
    text: &str,
    path: &[Seg],
    target: Target,
    budget: Option<&Locator>,
) -> (usize, usize) {
    // Each step costs about one pass over the text: the depth scan, then one parse per
    // ancestor tried.
    let affordable = || budget.is_none_or(|b| b.spend(text));
    if !affordable() || over_limits(text).is_some() {
        return (1, 1);
    }
    for len in (1..=path.len()).rev() {
        if !affordable() {
            return (1, 1);
        }
        let t = if len == path.len() {
            target
        } else {
            Target::Key
        };
        if let Some(found) = locate_exact(text, &path[..len], t) {
            return found;
        }
    }
    (1, 1)
}

const FOUND: &str = "\u{0}rungs-found";

fn locate_exact(text: &str, path: &[Seg], target: Target) -> Option<(usize, usize)> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match (Locate { path, target }).deserialize(deserializer) {
        Err(e) if e.to_string().contains(FOUND) => e.location().map(|l| (l.line(), l.column())),
        _ => None,
    }
}

/// Walks to `path`; fails with [`FOUND`] at the wanted node.
struct Locate<'p> {
    path: &'p [Seg],
    target: Target,
}

impl<'de> DeserializeSeed<'de> for Locate<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! found_or_leaf {
    ($($name:ident: $ty:ty),*) => {$(
        fn $name<E: de::Error>(self, _: $ty) -> Result<(), E> {
            if self.path.is_empty() { Err(E::custom(FOUND)) } else { Ok(()) }
        }
    )*};
}

impl<'de> Visitor<'de> for Locate<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }
    found_or_leaf!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str);
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(E::custom(FOUND))
        } else {
            Ok(())
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((Seg::Index(want), rest)) = self.path.split_first() else {
            return if self.path.is_empty() {
                Err(de::Error::custom(FOUND))
            } else {
                Ok(())
            };
        };
        let mut index = 0;
        while index < *want {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            index += 1;
        }
        seq.next_element_seed(Locate {
            path: rest,
            target: self.target,
        })?;
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((Seg::Key(want), rest)) = self.path.split_first() else {
            return if self.path.is_empty() {
                Err(de::Error::custom(FOUND))
            } else {
                Ok(())
            };
        };
        let fail_at_key = rest.is_empty() && self.target == Target::Key;
        while let Some(matched) = map.next_key_seed(KeyMatch { want, fail_at_key })? {
            if matched {
                return map.next_value_seed(Locate {
                    path: rest,
                    target: self.target,
                });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// Reads a mapping key and says whether it is the wanted one; fails on it when asked to,
/// so the error carries the key's own position.
struct KeyMatch<'w> {
    want: &'w str,
    fail_at_key: bool,
}

impl<'de> DeserializeSeed<'de> for KeyMatch<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyMatch<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        let matched = v == self.want;
        if matched && self.fail_at_key {
            Err(E::custom(FOUND))
        } else {
            Ok(matched)
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_few_aliases_are_fine_an_alias_bomb_is_refused_before_parsing() {
        #[derive(serde::Deserialize)]
        struct T {
            a: String,
            b: Vec<String>,
        }
        let fine = parse::<T>("a: &same \"shared text\"\nb: [*same, *same]\n").unwrap();
        assert_eq!(fine.value.a, "shared text");
        assert_eq!(fine.value.b, ["shared text", "shared text"]);
        let big = "x".repeat(400_000);
        let bomb = format!("a: &a \"{big}\"\nb: [{}]\n", vec!["*a"; 2000].join(","));
        let err = parse::<T>(&bomb).map(|_| ()).unwrap_err();
        let allowed = max_aliases(bomb.len());
        assert_eq!(allowed, 16);
        assert_eq!(
            err.message,
            "too many YAML aliases (`*name`), expected at most 16 in a file of this size: each one copies what its anchor names"
        );
        // At the 17th alias: `b: [` then 16 aliases of 3 characters each.
        assert_eq!((err.line, err.column), (2, 5 + 16 * 3));
        // An asterisk that starts no node (inside text, in quotes) is not an alias.
        assert!(parse::<T>("a: 2*3 and '*x'\nb: [\"*y\"]\n").is_ok());
    }
    use super::*;
    use crate::text::MAX_QUOTE_CHARS;
    use std::collections::BTreeMap;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        rank: Option<i64>,
        #[serde(default)]
        items: BTreeMap<String, Vec<String>>,
    }

    const DOC: &str = "title: Senior\nrank: 3\nitems:\n  a:\n    - one\n    - two\n  b: [x, y]\n";

    #[test]
    fn locates_keys_values_and_list_items() {
        assert_eq!(locate(DOC, &[Seg::key("rank")], Target::Key), (2, 1));
        assert_eq!(locate(DOC, &[Seg::key("rank")], Target::Value), (2, 7));
        let second = [Seg::key("items"), Seg::key("a"), Seg::Index(1)];
        assert_eq!(locate(DOC, &second, Target::Value), (6, 7));
        let flow = [Seg::key("items"), Seg::key("b"), Seg::Index(1)];
        assert_eq!(locate(DOC, &flow, Target::Value), (7, 10));
    }

    #[test]
    fn locate_falls_back_to_nearest_existing_ancestor() {
        let missing = [Seg::key("items"), Seg::key("zzz")];
        assert_eq!(locate(DOC, &missing, Target::Key), (3, 1));
    }

    #[test]
    fn wrong_type_is_reported_with_position_and_plain_words() {
        let err = parse::<Doc>("title: x\nrank: three\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 7));
        assert!(
            err.message.contains("expected an integer"),
            "{}",
            err.message
        );
    }

    #[test]
    fn parser_positions_are_removed_from_messages() {
        assert_eq!(
            strip_positions(
                "did not find expected key at line 6 column 4, while parsing a block mapping at line 3 column 3"
            ),
            "did not find expected key, while parsing a block mapping"
        );
        assert_eq!(strip_positions("look at line one"), "look at line one");
    }

    #[test]
    fn unknown_keys_are_collected_with_their_path() {
        let parsed = parse::<Doc>("title: x\nsumary: y\n").unwrap();
        assert_eq!(parsed.value.title, "x");
        assert_eq!(parsed.unknown_keys, vec![vec![Seg::key("sumary")]]);
    }

    #[test]
    fn blank_document_reports_missing_field() {
        let err = parse::<Doc>("# only a comment\n").unwrap_err();
        assert!(
            err.message.contains("missing field `title`"),
            "{}",
            err.message
        );
    }

    fn depth_error(text: &str) -> Option<(usize, usize, String)> {
        parse::<serde::de::IgnoredAny>(text)
            .err()
            .filter(|e| e.message.contains("nested too deeply"))
            .map(|e| (e.line, e.column, e.message))
    }

    #[test]
    fn refuses_deep_flow_nesting_fast_at_the_first_level_too_many() {
        let text = format!("title: x\nsummary: {}\n", "[".repeat(200_000));
        // The pre-scan refuses it before the (quadratic) parser runs: the message is ours.
        let (line, column, message) = depth_error(&text).expect("an error");
        // One level for the mapping, 64 for the lists: the 64th `[` is one too many.
        assert_eq!((line, column), (2, 10 + 63));
        assert_eq!(
            message,
            "the YAML is nested too deeply, expected at most 64 levels of lists and mappings"
        );
    }

    #[test]
    fn refuses_deep_block_nesting() {
        let text = "- ".repeat(70) + "x\n";
        assert!(depth_error(&text).is_some());
        let mut nested = String::new();
        for i in 0..70 {
            nested.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
        }
        assert_eq!(depth_error(&nested).map(|e| e.0), Some(65));
    }

    #[test]
    fn brackets_in_text_do_not_count_as_nesting() {
        let many = "[".repeat(100);
        for text in [
            format!("a: see {many}\n"),
            format!("a: \"{many}\"\n"),
            format!("a: '{many}'\n"),
            format!("a: x # {many}\n"),
            format!("a: |\n  {many}\n  more {many}\nb: 1\n"),
            format!("- >\n  {many}\n- x\n"),
            format!("a: \"multi\n  line {many}\"\n"),
        ] {
            assert_eq!(depth_error(&text), None, "{text}");
        }
        // At 64 levels exactly a document is still read.
        let ok = format!("{}{}", "[".repeat(63), "]".repeat(63));
        assert_eq!(depth_error(&format!("a: {ok}\n")), None);
        assert!(depth_error(&format!("a: [{ok}]\n")).is_some());
    }

    #[test]
    fn quoted_values_in_messages_are_clipped() {
        let long = "x".repeat(5000);
        let err = parse::<Doc>(&format!("title: [\"{long}\"]\n")).unwrap_err();
        assert!(err.message.len() < 200, "{}", err.message);
        let err = parse::<Doc>(&format!("{long}\n")).unwrap_err();
        assert_eq!(
            err.message,
            format!(
                "invalid type: string \"{}…\", expected a mapping (`key: value` lines)",
                "x".repeat(MAX_QUOTE_CHARS)
            )
        );
        assert_eq!(clip("short"), "short");
    }

    #[test]
    fn unknown_keys_are_clipped_in_paths() {
        let key = "k".repeat(500);
        let shown = display_path(&[Seg::key(&key), Seg::Index(2)]);
        assert_eq!(shown, format!("{}…[2]", "k".repeat(MAX_QUOTE_CHARS)));
    }

    #[test]
    fn locator_stops_re_parsing_once_its_budget_is_spent() {
        // Each locate of this ~1 MiB text costs two passes; the budget allows a few.
        let mut text = String::from("title: x\nitems:\n");
        while text.len() < 1024 * 1024 {
            text.push_str("  k: [a, b]\n");
        }
        let locator = Locator::default();
        let path = [Seg::key("items")];
        assert_eq!(locator.locate(&text, &path, Target::Key), (2, 1));
        // Past the budget every further problem is placed at the file's start without a
        // parse (how long that takes is measured by hand, never asserted in a test).
        for _ in 0..1000 {
            locator.locate(&text, &path, Target::Key);
        }
        assert_eq!(locator.locate(&text, &path, Target::Key), (1, 1));
    }

    #[test]
    fn required_text_tells_absent_null_and_text_apart() {
        #[derive(serde::Deserialize)]
        struct T {
            #[serde(default)]
            title: RequiredText,
        }
        let title = |text: &str| parse::<T>(text).unwrap().value.title;
        assert_eq!(title("other: 1\n"), RequiredText::Missing);
        for null in ["title: ~\n", "title: null\n", "title:\n", "title: Null\n"] {
            assert_eq!(title(null), RequiredText::Null, "{null}");
        }
        assert_eq!(
            title("title: \"null\"\n"),
            RequiredText::Text("null".into())
        );
        assert_eq!(title("title: '~'\n"), RequiredText::Text("~".into()));
        let here = || Location::file_start("f");
        let d = title("title: ~\n")
            .require("title", "a display title", here, here)
            .unwrap_err();
        assert_eq!(d.message, "missing title: `title` has no value");
    }
}
