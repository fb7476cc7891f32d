//! Rendering: the validated ladder → HTML pages and static files, in memory.
//!
//! `theme` loads templates, `context` defines what templates see (`assess` the views of the
//! self-assessment pages), `rows` writes the rows of the three biggest tables in Rust (with
//! the markup of the default theme's components) and `chrome` the per-build parts of every
//! page's header and footer, `pages` renders pages and drives the whole
//! site, `exports` writes the machine-readable and publishing files, and `output` is what
//! both produce ([`output::OutputFile`]) and where it goes. URLs and output paths come from
//! [`crate::content::routes`]. Imports run one way: `pages` uses `context`, `assess`, `rows`,
//! `chrome`, `exports`, `output` and `theme`; `rows` uses `context` and `progress`, `chrome`
//! uses `context`; `context`, `assess`
//! (which also uses `context`) and `exports` use only the model and `routes`; only `build`
//! and `serve` use `pages`.

pub mod assess;
pub(crate) mod chrome;
pub mod context;
pub mod exports;
pub(crate) mod history;
pub mod output;
pub mod pages;
pub(crate) mod progress;
pub(crate) mod rows;
pub mod theme;
