//! Discord's JSON error bodies: `{"code", "message", "errors"?}` with the status each code
//! comes with, and the nested `errors` map of 50035 Invalid Form Body.

use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::world::WorldError;

/// The JSON error codes the emulator answers with, their HTTP status and their message as the
/// documentation's table of JSON error codes words it (a test checks them against it).
pub(crate) const CODES: &[(u32, u16, &str)] = &[
    (10002, 404, "Unknown application"),
    (10003, 404, "Unknown channel"),
    (10004, 404, "Unknown guild"),
    (10006, 404, "Unknown invite"),
    (10007, 404, "Unknown member"),
    (10008, 404, "Unknown message"),
    (10009, 404, "Unknown permission overwrite"),
    (10011, 404, "Unknown role"),
    (10013, 404, "Unknown user"),
    (10014, 404, "Unknown emoji"),
    (10015, 404, "Unknown webhook"),
    (10026, 404, "Unknown ban"),
    (10060, 404, "Unknown sticker"),
    (10062, 404, "Unknown interaction"),
    (10063, 404, "Unknown application command"),
    (10066, 404, "Unknown application command permissions"),
    (10067, 404, "Unknown Stage Instance"),
    (10070, 404, "Unknown Guild Scheduled Event"),
    (30003, 400, "Maximum number of pins reached for the channel (250)"),
    (30005, 400, "Maximum number of guild roles reached (250)"),
    (30007, 400, "Maximum number of webhooks reached (15)"),
    (30010, 400, "Maximum number of reactions reached (20)"),
    (30013, 400, "Maximum number of guild channels reached (500)"),
    (30032, 400, "Maximum number of application commands reached"),
    (40005, 413, "Request entity too large. Try sending something smaller in size"),
    (40033, 400, "This message has already been crossposted"),
    (40060, 400, "Interaction has already been acknowledged"),
    (50001, 403, "Missing access"),
    (50003, 403, "Cannot execute action on a DM channel"),
    (50005, 403, "Cannot edit a message authored by another user"),
    (50006, 400, "Cannot send an empty message"),
    (50007, 403, "Cannot send messages to this user"),
    (50008, 400, "Cannot send messages in a non-text channel"),
    (50013, 403, "You lack permissions to perform that action"),
    (
        50016,
        400,
        "Provided too few or too many messages to delete. Must provide at least 2 and fewer than 100 messages to delete",
    ),
    (50021, 400, "Cannot execute action on a system message"),
    (50024, 400, "Cannot execute action on this channel type"),
    (50027, 401, "Invalid webhook token provided"),
    (50034, 400, "A message provided was too old to bulk delete"),
    (50035, 400, "Invalid Form Body"),
    (
        50083,
        400,
        "Tried to perform an operation on an archived thread, such as editing a message or adding a user to the thread",
    ),
    (50109, 400, "The request body contains invalid JSON."),
    (160_004, 400, "A thread has already been created for this message"),
    (220_001, 400, "Webhooks posted to forum channels must have a thread_name or thread_id"),
    (500_000, 400, "Failed to ban users"),
];

/// An error response.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: u32,
    pub(crate) message: String,
    pub(crate) errors: Option<Value>,
}

impl ApiError {
    /// The error for a JSON error code of [`CODES`].
    pub(crate) fn code(code: u32) -> Self {
        let (status, message) = CODES
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or((500, "Internal Server Error"), |(_, status, message)| (*status, *message));
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code,
            message: message.to_owned(),
            errors: None,
        }
    }

    /// A `code: 0` error whose message is the status line, such as `404: Not Found`.
    pub(crate) fn status(status: StatusCode) -> Self {
        let reason = status.canonical_reason().unwrap_or("Error");
        Self { status, code: 0, message: format!("{}: {reason}", status.as_u16()), errors: None }
    }

    /// 50035 with one field error; `path` is dotted (`embeds.0.title`).
    pub(crate) fn form(path: &str, code: &str, message: impl Into<String>) -> Self {
        let mut errors = FormErrors::default();
        errors.add(path, code, message);
        errors.into_error()
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> Value {
        let mut body = json!({ "message": self.message, "code": self.code });
        if let (Some(errors), Some(object)) = (&self.errors, body.as_object_mut()) {
            object.insert("errors".to_owned(), errors.clone());
        }
        body
    }
}

impl From<WorldError> for ApiError {
    fn from(error: WorldError) -> Self {
        match error {
            WorldError::UnknownChannel => Self::code(10003),
            WorldError::UnknownGuild => Self::code(10004),
            WorldError::UnknownMember => Self::code(10007),
            WorldError::UnknownMessage => Self::code(10008),
            WorldError::UnknownRole => Self::code(10011),
            WorldError::UnknownUser => Self::code(10013),
            WorldError::MissingAccess => Self::code(50001),
            WorldError::MissingPermissions => Self::code(50013),
            WorldError::EmptyMessage => Self::code(50006),
            WorldError::InvalidForm { field, code, message } => Self::form(field, code, message),
            WorldError::Code(code) => Self::code(code),
        }
    }
}

/// The `errors` map of a 50035: paths to lists of `{code, message}`.
#[derive(Debug, Default, Clone)]
pub(crate) struct FormErrors {
    root: Map<String, Value>,
}

impl FormErrors {
    /// Adds an error at a dotted path; an empty path is the body itself.
    pub(crate) fn add(&mut self, path: &str, code: &str, message: impl Into<String>) {
        let mut node = &mut self.root;
        for segment in path.split('.').filter(|s| !s.is_empty()) {
            let entry = node.entry(segment.to_owned()).or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            let Value::Object(next) = entry else { return };
            node = next;
        }
        let list = node.entry("_errors").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            list.push(json!({ "code": code, "message": message.into() }));
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.root.is_empty()
    }

    /// Adds every error of `other`.
    pub(crate) fn merge(&mut self, other: &Self) {
        fn walk(errors: &mut FormErrors, path: &str, node: &Map<String, Value>) {
            for (key, value) in node {
                if key == "_errors" {
                    for error in value.as_array().into_iter().flatten() {
                        errors.add(
                            path,
                            error["code"].as_str().unwrap_or_default(),
                            error["message"].as_str().unwrap_or_default(),
                        );
                    }
                } else if let Value::Object(child) = value {
                    let child_path =
                        if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                    walk(errors, &child_path, child);
                }
            }
        }
        walk(self, "", &other.root);
    }

    /// The 50035 error carrying these errors.
    pub(crate) fn into_error(self) -> ApiError {
        let mut error = ApiError::code(50035);
        error.errors = Some(Value::Object(self.root));
        error
    }

    /// `Err` with the errors, or `Ok` when there are none.
    pub(crate) fn finish(self) -> Result<(), ApiError> {
        if self.is_empty() { Ok(()) } else { Err(self.into_error()) }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{ApiError, FormErrors};

    #[test]
    fn form_errors_nest_by_path() {
        let mut errors = FormErrors::default();
        errors.add("embeds.0.title", "BASE_TYPE_MAX_LENGTH", "Must be 256 or fewer in length.");
        errors.add("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
        errors.add("embeds.0.title", "OTHER", "again");
        let body = errors.into_error().body();
        assert_eq!(body["code"], 50035);
        assert_eq!(body["message"], "Invalid Form Body");
        assert_eq!(body["errors"]["embeds"]["0"]["title"]["_errors"][1]["code"], "OTHER");
        assert_eq!(
            body["errors"]["content"]["_errors"][0],
            json!({"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."})
        );
    }

    /// A file of the reference data beside the repository; `None` when a fresh clone lacks it.
    fn reference(file: &str) -> Option<String> {
        let path = crate::reference::discord_api(file)?;
        Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path:?}: {e}")))
    }

    #[test]
    fn messages_are_the_documented_ones() {
        let (Some(table), Some(example)) = (
            reference("json-error-codes.tsv"),
            reference("examples/reference__error-messages__object-error.json"),
        ) else {
            return;
        };
        let documented: std::collections::HashMap<u32, &str> = table
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once('\t'))
            .filter_map(|(code, meaning)| Some((code.trim().parse().ok()?, meaning.trim())))
            .collect();
        // The table describes 50035 in prose; the documented error bodies carry this message.
        let example: serde_json::Value = serde_json::from_str(&example).unwrap();
        for (code, status, message) in super::CODES {
            let expected = if *code == 50035 {
                example["message"].as_str().unwrap()
            } else {
                documented.get(code).unwrap_or_else(|| panic!("{code} is not a documented code"))
            };
            assert_eq!(message, &expected, "message of {code}");
            assert!((400..500).contains(status), "{code} is a client error");
        }
    }

    #[test]
    fn status_errors_use_the_status_line() {
        let error = ApiError::status(http::StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(error.body(), json!({"message": "405: Method Not Allowed", "code": 0}));
        assert_eq!(ApiError::code(10003).status, http::StatusCode::NOT_FOUND);
    }
}
