//! OAuth2 objects: authorization information and token responses.
