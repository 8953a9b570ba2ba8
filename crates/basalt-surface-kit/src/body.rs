//! The JSON body extractor: 415 for a body that is not JSON, 413 above the
//! configured size, 400 for malformed JSON — always in the envelope.

use crate::{ApiError, AppState};
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use basalt_core::{Error, ErrorKind};
use serde_json::Value as Json;

/// A parsed JSON request body.
#[derive(Debug)]
pub struct JsonBody(pub Json);

impl FromRequest<AppState> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.to_ascii_lowercase());
        let bytes = axum::body::to_bytes(req.into_body(), state.max_body_bytes)
            .await
            .map_err(|_| {
                ApiError(Error::new(
                    ErrorKind::PayloadTooLarge,
                    format!(
                        "request body too large: at most {} bytes",
                        state.max_body_bytes
                    ),
                ))
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError(Error::bad_request(
                "request body is empty: a JSON body is required",
            )));
        }
        if let Some(ct) = content_type {
            let essence = ct.split(';').next().unwrap_or("").trim().to_string();
            if !(essence == "application/json" || essence.ends_with("+json")) {
                return Err(ApiError(Error::new(
                    ErrorKind::UnsupportedMediaType,
                    format!("unsupported content type '{essence}': send application/json"),
                )));
            }
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError(Error::bad_request(format!("malformed JSON body: {e}"))))
    }
}
