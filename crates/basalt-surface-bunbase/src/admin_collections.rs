//! Admin collection routes: list, create, get, change, drop, schema, drop
//! column, field validation rules and indexes. Admin token required.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use basalt_core::admin::{collection_json, schema_json, NewCollection};
use basalt_surface_kit::{AdminCaller, ApiResult, AppState, JsonBody};
use serde_json::{json, Value};

pub(crate) async fn list(State(s): State<AppState>, _: AdminCaller) -> ApiResult<Json<Value>> {
    let snap = s.core.catalog.snapshot();
    let items: Vec<Value> = snap
        .collections
        .values()
        .map(|c| collection_json(c))
        .collect();
    let total = items.len();
    Ok(Json(json!({"items": items, "totalItems": total})))
}

pub(crate) async fn create(
    State(s): State<AppState>,
    _: AdminCaller,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    let c = s
        .core
        .create_collection(NewCollection::from_json(body)?)
        .await?;
    Ok((StatusCode::CREATED, Json(collection_json(&c))))
}

pub(crate) async fn get_one(
    State(s): State<AppState>,
    _: AdminCaller,
    Path(name): Path<String>,
) -> ApiResult<Json<Value>> {
    let c = s.core.collection(&name)?;
    Ok(Json(collection_json(&c)))
}

pub(crate) async fn update(
    State(s): State<AppState>,
    _: AdminCaller,
    Path(name): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let c = s.core.update_collection(&name, body).await?;
    Ok(Json(collection_json(&c)))
}

pub(crate) async fn drop(
    State(s): State<AppState>,
    _: AdminCaller,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    s.core.drop_collection(&name).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn schema(
    State(s): State<AppState>,
    _: AdminCaller,
    Path(name): Path<String>,
) -> ApiResult<Json<Value>> {
    let c = s.core.collection(&name)?;
    Ok(Json(schema_json(&c)))
}

pub(crate) async fn drop_column(
    State(s): State<AppState>,
    _: AdminCaller,
    Path((name, column)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    s.core.drop_column(&name, &column).await?;
    let c = s.core.collection(&name)?;
    Ok(Json(schema_json(&c)))
}

pub(crate) async fn field_rules(
    State(s): State<AppState>,
    _: AdminCaller,
    Path(name): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let c = s.core.set_field_rules(&name, body).await?;
    Ok(Json(collection_json(&c)))
}

pub(crate) async fn indexes(
    State(s): State<AppState>,
    _: AdminCaller,
    Path(name): Path<String>,
) -> ApiResult<Json<Value>> {
    let items: Vec<Value> = s
        .core
        .list_indexes(&name)?
        .into_iter()
        .map(|i| json!({"name": i.name, "columns": i.columns, "unique": i.unique}))
        .collect();
    Ok(Json(json!({"items": items})))
}

pub(crate) async fn create_index(
    State(s): State<AppState>,
    _: AdminCaller,
    Path(name): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    let i = s.core.create_index(&name, body).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"name": i.name, "columns": i.columns, "unique": i.unique})),
    ))
}

pub(crate) async fn drop_index(
    State(s): State<AppState>,
    _: AdminCaller,
    Path((name, column)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    s.core.drop_index(&name, &column).await?;
    Ok(StatusCode::NO_CONTENT)
}
