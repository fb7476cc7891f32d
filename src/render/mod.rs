//! Rendering: the validated ladder → HTML pages and static files, in memory.
//!
//! `theme` loads templates, `context` defines what templates see (`assess` the views of the
//! self-assessment pages), `pages` renders pages and
//! drives the whole site, `exports` writes the machine-readable and publishing files, and
//! `output` is what both produce ([`output::OutputFile`]) and where it goes. URLs and output
//! paths come from [`crate::content::routes`]. Imports run one way: `pages` uses `context`,
//! `assess`, `exports`, `output` and `theme`; `context`, `assess` (which also uses `context`)
//! and `exports` use only the model and `routes`;
//! only `build` and `serve` use `pages`.

pub mod assess;
pub mod context;
pub mod exports;
pub(crate) mod history;
pub mod output;
pub mod pages;
pub(crate) mod progress;
pub mod theme;
