//! Discord's JSON error body: a code, a message and the per-field errors of a rejected body.

use std::fmt;

use serde::Deserialize;
use serde_json::Value;

/// The JSON body of a 4xx response: `{"code", "message", "errors"?}`.
///
/// Discord nests the per-field errors of `errors` by the path of the field
/// (`{"embeds": {"0": {"description": {"_errors": [...]}}}}`); they are flattened here into
/// [`FieldError`]s whose [`path`](FieldError::path) reads `embeds.0.description`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The JSON error code (see Discord's list of JSON error codes; `0` is a general error).
    pub code: u64,
    /// The human-readable message.
    pub message: String,
    /// The errors of individual fields, in the order Discord sent them.
    pub errors: Vec<FieldError>,
}

/// One error of one field of a rejected request body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldError {
    /// The dotted path of the field (`embeds.0.description`); empty for the body as a whole.
    pub path: String,
    /// The error's code (`BASE_TYPE_REQUIRED`, `BASE_TYPE_MAX_LENGTH`, ...).
    pub code: String,
    /// The human-readable message.
    pub message: String,
}

impl ApiError {
    /// Parses an error body; `None` if it is not Discord's error shape.
    pub fn from_slice(body: &[u8]) -> Option<Self> {
        #[derive(Deserialize)]
        struct Raw {
            code: u64,
            message: String,
            #[serde(default)]
            errors: Option<Value>,
        }
        let raw: Raw = serde_json::from_slice(body).ok()?;
        let mut errors = Vec::new();
        if let Some(tree) = &raw.errors {
            flatten(tree, &mut String::new(), &mut errors);
        }
        Some(Self { code: raw.code, message: raw.message, errors })
    }
}

/// Walks the nested error map depth first, collecting the `_errors` leaves.
fn flatten(node: &Value, path: &mut String, out: &mut Vec<FieldError>) {
    let Value::Object(map) = node else { return };
    for (key, value) in map {
        if key == "_errors" {
            let Value::Array(leaves) = value else { continue };
            for leaf in leaves {
                let text = |name: &str| {
                    leaf.get(name).and_then(Value::as_str).unwrap_or_default().to_owned()
                };
                out.push(FieldError {
                    path: path.clone(),
                    code: text("code"),
                    message: text("message"),
                });
            }
        } else {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            flatten(value, path, out);
            path.truncate(len);
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error {}: {}", self.code, self.message)?;
        for error in &self.errors {
            let path = if error.path.is_empty() { "body" } else { &error.path };
            write!(f, "; {path}: {} ({})", error.message, error.code)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::ApiError;

    #[test]
    fn flattens_nested_errors_with_paths() {
        let body = br#"{"code":50035,"message":"Invalid Form Body","errors":{
            "activities":{"0":{"platform":{"_errors":[{"code":"BASE_TYPE_CHOICES","message":"a"}]},
            "type":{"_errors":[{"code":"BASE_TYPE_CHOICES","message":"b"}]}}}}}"#;
        let error = ApiError::from_slice(body).unwrap();
        assert_eq!(error.code, 50035);
        let paths: Vec<_> = error.errors.iter().map(|e| (&*e.path, &*e.message)).collect();
        assert_eq!(paths, [("activities.0.platform", "a"), ("activities.0.type", "b")]);
    }

    #[test]
    fn top_level_errors_have_an_empty_path() {
        let body = br#"{"code":50035,"message":"Invalid Form Body","errors":{"_errors":[
            {"code":"APPLICATION_COMMAND_TOO_LARGE","message":"too large"}]}}"#;
        let error = ApiError::from_slice(body).unwrap();
        assert_eq!(error.errors[0].path, "");
        assert_eq!(error.errors[0].code, "APPLICATION_COMMAND_TOO_LARGE");
        assert!(error.to_string().contains("body: too large"));
    }

    #[test]
    fn every_documented_error_example_parses() {
        let Some(dir) = accord_emulator::reference::discord_api("examples") else { return };
        let entries = std::fs::read_dir(&dir).unwrap();
        let mut seen = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("reference__error-messages") {
                let body = std::fs::read(entry.path()).unwrap();
                let error = ApiError::from_slice(&body).unwrap_or_else(|| panic!("{name}"));
                assert!(!error.errors.is_empty(), "{name}");
                seen += 1;
            }
        }
        assert!(seen > 0);
    }

    #[test]
    fn other_bodies_are_not_api_errors() {
        assert!(ApiError::from_slice(b"<html>bad gateway</html>").is_none());
        assert!(ApiError::from_slice(b"{}").is_none());
    }
}
