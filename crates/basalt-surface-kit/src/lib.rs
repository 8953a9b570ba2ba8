//! What every surface shares: the application state handed to handlers, the
//! error envelope every error renders as, the extractors for the caller and
//! for JSON bodies, and lenient query-string parsing. No SQL, no rules.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod body;
mod caller;
mod error;
mod list_params;
mod params;

pub use body::JsonBody;
pub use caller::{admin_token_sent, AdminCaller, MaybeSignedIn, RequestCaller, SignedIn};
pub use error::{ApiError, ApiResult};
pub use list_params::{envelope, fields, list_query};
pub use params::Params;

use basalt_core::Basalt;
use std::sync::Arc;

/// State shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub core: Arc<Basalt>,
    /// The largest request body accepted, in bytes (413 above).
    pub max_body_bytes: usize,
}
