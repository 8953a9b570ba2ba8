//! AYB's error format: the shared envelope plus `doc_url`, a link to the
//! documentation of the error format, added to every JSON error answer of
//! this surface (extractor rejections included).

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

/// Where AYB documents its error format.
pub(crate) const DOC_URL: &str = "https://allyourbase.io/guide/api-reference#error-format";

/// The largest error body rewritten (envelopes are small).
const MAX_ERROR_BODY: usize = 1 << 20;

pub(crate) async fn add_doc_url(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let is_json = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(res.status().is_client_error() || res.status().is_server_error()) || !is_json {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        parts.headers.remove(CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    };
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(mut obj)) => {
            obj.insert("doc_url".into(), Value::from(DOC_URL));
            parts.headers.remove(CONTENT_LENGTH);
            let text = Value::Object(obj).to_string();
            Response::from_parts(parts, Body::from(text))
        }
        _ => Response::from_parts(parts, Body::from(bytes)),
    }
}
