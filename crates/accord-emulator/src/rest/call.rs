//! One matched request as handlers see it: path parameters, query, headers, the JSON body (or
//! `payload_json`) and uploaded files, with readers that fail the way Discord does.

use std::str::FromStr;

use accord_model::id::Id;
use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::{ApiError, FormErrors};
use super::multipart::Part;

/// A matched request.
#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) params: Vec<(&'static str, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    /// The JSON body, or the `payload_json` part of a multipart body.
    pub(crate) json: Option<Bytes>,
    /// Plain form fields of a multipart body without `payload_json`.
    pub(crate) form_fields: Vec<(String, String)>,
    /// Uploaded files, with the index `n` of their `files[n]` part.
    pub(crate) uploads: Vec<(u64, Part)>,
}

impl Call {
    /// A path parameter (already percent-decoded).
    pub(crate) fn param(&self, name: &str) -> &str {
        self.params.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v.as_str())
    }

    /// A path parameter as an id: 50035 when it is not a snowflake, as Discord answers.
    pub(crate) fn id<M>(&self, name: &str) -> Result<Id<M>, ApiError> {
        parse_id(self.param(name)).ok_or_else(|| not_snowflake(name, self.param(name)))
    }

    /// A query parameter, the first if repeated.
    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated query parameter.
    pub(crate) fn query_all(&self, name: &str) -> Vec<&str> {
        self.query.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// A numeric query parameter within `min..=max`.
    pub(crate) fn query_number<T>(&self, name: &str, min: T, max: T) -> Result<Option<T>, ApiError>
    where
        T: FromStr + PartialOrd + Copy + std::fmt::Display,
    {
        let Some(raw) = self.query(name) else { return Ok(None) };
        let value: T = raw.parse().map_err(|_| {
            ApiError::form(name, "NUMBER_TYPE_COERCE", format!("Value \"{raw}\" is not int."))
        })?;
        if value < min {
            return Err(ApiError::form(
                name,
                "NUMBER_TYPE_MIN",
                format!("int value should be greater than or equal to {min}."),
            ));
        }
        if value > max {
            return Err(ApiError::form(
                name,
                "NUMBER_TYPE_MAX",
                format!("int value should be less than or equal to {max}."),
            ));
        }
        Ok(Some(value))
    }

    /// A boolean query parameter: `true`/`True`/`1` or `false`/`False`/`0`.
    pub(crate) fn query_bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.query(name) {
            None => Ok(None),
            Some("true" | "True" | "1") => Ok(Some(true)),
            Some("false" | "False" | "0") => Ok(Some(false)),
            Some(_) => {
                Err(ApiError::form(name, "BASE_TYPE_BOOLEAN", "Must be either true or false."))
            }
        }
    }

    /// A query parameter as an id.
    pub(crate) fn query_id<M>(&self, name: &str) -> Result<Option<Id<M>>, ApiError> {
        match self.query(name) {
            None => Ok(None),
            Some(raw) => parse_id(raw).map(Some).ok_or_else(|| not_snowflake(name, raw)),
        }
    }

    /// The body as a JSON object: `{}` when there is none, 50109 when it is not JSON, 50035
    /// when it is JSON but not an object.
    pub(crate) fn object(&self) -> Result<Map<String, Value>, ApiError> {
        let mut map = match &self.json {
            None => Map::new(),
            Some(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Map::new(),
            Some(bytes) => match serde_json::from_slice::<Value>(bytes) {
                Ok(Value::Object(map)) => map,
                Ok(_) => {
                    return Err(ApiError::form(
                        "",
                        "MODEL_TYPE_CONVERT",
                        "Only dictionaries may be used in a ModelType",
                    ));
                }
                Err(_) => return Err(ApiError::code(50109)),
            },
        };
        for (key, value) in &self.form_fields {
            map.entry(key.clone()).or_insert_with(|| Value::String(value.clone()));
        }
        Ok(map)
    }

    /// The body as a JSON value of any kind (arrays for bulk routes).
    pub(crate) fn value(&self) -> Result<Value, ApiError> {
        match &self.json {
            None => Ok(Value::Null),
            Some(bytes) => serde_json::from_slice(bytes).map_err(|_| ApiError::code(50109)),
        }
    }

    /// The body's fields, for handlers that read them one by one.
    pub(crate) fn fields(&self) -> Result<Fields, ApiError> {
        self.object().map(Fields::new)
    }

    /// The audit log reason header, percent-decoded.
    pub(crate) fn reason(&self) -> Option<String> {
        self.headers
            .get("x-audit-log-reason")
            .and_then(|value| value.to_str().ok())
            .map(super::router::percent_decode)
    }
}

fn parse_id<M>(raw: &str) -> Option<Id<M>> {
    raw.parse::<u64>().ok().and_then(Id::new_checked)
}

fn not_snowflake(name: &str, raw: &str) -> ApiError {
    ApiError::form(name, "NUMBER_TYPE_COERCE", format!("Value \"{raw}\" is not snowflake."))
}

/// Reads the fields of a JSON object one by one, collecting every problem as Discord does, so
/// that one 50035 names them all.
#[derive(Debug)]
pub(crate) struct Fields {
    map: Map<String, Value>,
    prefix: String,
    errors: FormErrors,
}

impl Fields {
    pub(crate) fn new(map: Map<String, Value>) -> Self {
        Self { map, prefix: String::new(), errors: FormErrors::default() }
    }

    /// Fields of a nested object whose errors are reported under `prefix` (`message.`).
    pub(crate) fn nested(map: Map<String, Value>, prefix: &str) -> Self {
        Self { map, prefix: format!("{prefix}."), errors: FormErrors::default() }
    }

    fn path(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Whether the field is present, even as `null`.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The raw value of a field.
    pub(crate) fn raw(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Records an error at `key` (relative to this object).
    pub(crate) fn error(&mut self, key: &str, code: &str, message: impl Into<String>) {
        let path = self.path(key);
        self.errors.add(&path, code, message);
    }

    /// A field of any type: `None` when absent or null; a type error is recorded.
    pub(crate) fn get<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        let value = self.map.get(key).filter(|v| !v.is_null())?.clone();
        match serde_json::from_value(value) {
            Ok(value) => Some(value),
            Err(error) => {
                self.error(key, "MODEL_TYPE_CONVERT", error.to_string());
                None
            }
        }
    }

    /// A field that may be set to `null`: `None` when absent, `Some(None)` for null.
    #[allow(clippy::option_option, reason = "absent and null mean different things in PATCH")]
    pub(crate) fn nullable<T: DeserializeOwned>(&mut self, key: &str) -> Option<Option<T>> {
        match self.map.get(key)? {
            Value::Null => Some(None),
            _ => self.get(key).map(Some),
        }
    }

    /// A required field: records BASE_TYPE_REQUIRED when absent.
    pub(crate) fn required<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        if self.raw(key).is_none() {
            self.error(key, "BASE_TYPE_REQUIRED", "This field is required");
            return None;
        }
        self.get(key)
    }

    /// A string field of `min..=max` characters.
    pub(crate) fn string(&mut self, key: &str, min: usize, max: usize) -> Option<String> {
        let value = self.map.get(key).filter(|v| !v.is_null())?;
        let Some(text) = value.as_str() else {
            self.error(key, "BASE_TYPE_STRING", "Must be a valid string.");
            return None;
        };
        let text = text.to_owned();
        let length = text.chars().count();
        if length > max || length < min {
            let (code, message) = if min == 0 {
                ("BASE_TYPE_MAX_LENGTH", format!("Must be {max} or fewer in length."))
            } else {
                ("BASE_TYPE_BAD_LENGTH", format!("Must be between {min} and {max} in length."))
            };
            self.error(key, code, message);
            return None;
        }
        Some(text)
    }

    /// A required string field of `min..=max` characters.
    pub(crate) fn required_string(&mut self, key: &str, min: usize, max: usize) -> Option<String> {
        if self.raw(key).is_none() {
            self.error(key, "BASE_TYPE_REQUIRED", "This field is required");
            return None;
        }
        self.string(key, min, max)
    }

    /// An integer field within `min..=max`.
    pub(crate) fn integer(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
        let value = self.map.get(key).filter(|v| !v.is_null())?;
        let number = match value {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        };
        let Some(number) = number else {
            let shown = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            self.error(key, "NUMBER_TYPE_COERCE", format!("Value \"{shown}\" is not int."));
            return None;
        };
        if number < min {
            self.error(
                key,
                "NUMBER_TYPE_MIN",
                format!("int value should be greater than or equal to {min}."),
            );
            return None;
        }
        if number > max {
            self.error(
                key,
                "NUMBER_TYPE_MAX",
                format!("int value should be less than or equal to {max}."),
            );
            return None;
        }
        Some(number)
    }

    /// A boolean field.
    pub(crate) fn boolean(&mut self, key: &str) -> Option<bool> {
        let value = self.map.get(key).filter(|v| !v.is_null())?;
        if let Value::Bool(b) = value {
            return Some(*b);
        }
        self.error(key, "BASE_TYPE_BOOLEAN", "Must be either true or false.");
        None
    }

    /// An id field.
    pub(crate) fn id<M>(&mut self, key: &str) -> Option<Id<M>> {
        let value = self.map.get(key).filter(|v| !v.is_null())?;
        let parsed = match value {
            Value::String(s) => parse_id(s),
            Value::Number(n) => n.as_u64().and_then(Id::new_checked),
            _ => None,
        };
        if parsed.is_none() {
            let shown = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            self.error(key, "NUMBER_TYPE_COERCE", format!("Value \"{shown}\" is not snowflake."));
        }
        parsed
    }

    /// A list of ids.
    pub(crate) fn ids<M>(&mut self, key: &str, max: usize) -> Option<Vec<Id<M>>> {
        let value = self.map.get(key).filter(|v| !v.is_null())?.clone();
        let Value::Array(items) = value else {
            self.error(key, "BASE_TYPE_LIST", "Must be a list.");
            return None;
        };
        if items.len() > max {
            self.error(key, "BASE_TYPE_MAX_LENGTH", format!("Must be {max} or fewer in length."));
            return None;
        }
        let mut ids = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let parsed = match item {
                Value::String(s) => parse_id(s),
                Value::Number(n) => n.as_u64().and_then(Id::new_checked),
                _ => None,
            };
            match parsed {
                Some(id) => ids.push(id),
                None => self.error(
                    &format!("{key}.{index}"),
                    "NUMBER_TYPE_COERCE",
                    format!("Value \"{}\" is not snowflake.", item.as_str().unwrap_or("?")),
                ),
            }
        }
        Some(ids)
    }

    /// Errors recorded elsewhere (nested validation), merged into this object's.
    pub(crate) fn merge(&mut self, errors: &FormErrors) {
        self.errors.merge(errors);
    }

    /// Whether no error was recorded so far.
    pub(crate) fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Err(50035)` naming every problem, or `Ok`.
    pub(crate) fn finish(self) -> Result<(), ApiError> {
        self.errors.finish()
    }

    /// The errors recorded so far, leaving none.
    pub(crate) fn take_errors(&mut self) -> FormErrors {
        std::mem::take(&mut self.errors)
    }
}
