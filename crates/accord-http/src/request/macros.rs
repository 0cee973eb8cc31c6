//! `requests!`: declares the simple requests of a module, their client methods and the
//! module's route list, from one line of route and a few lines of fields each.
//!
//! ```text
//! requests! {
//!     /// Doc of the client method.
//!     operation_id => TypeName: PATCH "/path/{a}/{b}" -> ResponseModel {
//!         #[reason]                               // optional flags: reason, no_auth
//!         path: a: Id<AMarker>, b: &'a str;       // path parameters, in template order
//!         args: name: &'a str [chars(1, 100)];    // required body fields, in the method call
//!         query_args: query: &'a str;             // required query parameters
//!         query: limit: u16 [range(1, 1000)];     // optional query parameters (setters)
//!         query: kind as "type": u8;              // `as` names the field when Rust cannot
//!         fields: topic: &'a str;                 // optional body fields (setters)
//!         nullable: nick: &'a str [chars(0, 32)]; // optional body fields, `None` sends null
//!         json: roles: &'a [RolePosition];        // the whole body, in the method call
//!     }
//! }
//! ```
//!
//! Each section is optional but they come in this order. A check in brackets is an expression
//! returning `impl Fn(&T) -> Check` (see [`validate`](crate::validate)).

/// The [`Method`](crate::routing::Method) for an upper-case method name.
macro_rules! method {
    (GET) => {
        $crate::routing::Method::Get
    };
    (POST) => {
        $crate::routing::Method::Post
    };
    (PUT) => {
        $crate::routing::Method::Put
    };
    (PATCH) => {
        $crate::routing::Method::Patch
    };
    (DELETE) => {
        $crate::routing::Method::Delete
    };
}

/// The JSON or query name of a field: its Rust name, or the name after `as`.
macro_rules! field_key {
    ($name:ident) => {
        stringify!($name)
    };
    ($name:ident as $key:literal) => {
        $key
    };
}

/// `Debug` (route only: parameters may be tokens) and `IntoFuture` for a hand-written request.
macro_rules! request_future {
    ($name:ident -> $response:ty) => {
        impl std::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("route", &Self::ROUTE)
                    .finish_non_exhaustive()
            }
        }

        impl std::future::IntoFuture for $name<'_> {
            type Output = Result<$crate::Response<$response>, $crate::Error>;
            type IntoFuture = $crate::ResponseFuture<$response>;

            fn into_future(self) -> Self::IntoFuture {
                let client = self.client;
                client.send(self)
            }
        }
    };
}

/// What a flag of a request adds.
macro_rules! request_flag {
    (@setter reason) => {
        /// Sets the reason recorded in the guild's audit log (at most 512 characters).
        pub fn reason(mut self, reason: &'a str) -> Self {
            self.reason = Some(reason);
            self
        }
    };
    (@setter $other:ident) => {};
    (@authorize) => {
        true
    };
    (@authorize no_auth $($rest:ident)*) => {
        false
    };
    (@authorize $other:ident $($rest:ident)*) => {
        request_flag!(@authorize $($rest)*)
    };
}

macro_rules! requests {
    ($(
        $(#[doc = $doc:literal])*
        $op:ident => $name:ident: $method:ident $template:literal -> $response:ty {
            $(#[$flag:ident])*
            $(path: $($path:ident: $path_ty:ty),+;)?
            $(args: $($(#[doc = $arg_doc:literal])* $arg:ident $(as $arg_key:literal)?: $arg_ty:ty $([$arg_check:expr])?),+;)?
            $(query_args: $($qarg:ident: $qarg_ty:ty),+;)?
            $(query: $($(#[doc = $q_doc:literal])* $q:ident $(as $q_key:literal)?: $q_ty:ty $([$q_check:expr])?),+;)?
            $(fields: $($(#[doc = $f_doc:literal])* $f:ident $(as $f_key:literal)?: $f_ty:ty $([$f_check:expr])?),+;)?
            $(nullable: $($(#[doc = $n_doc:literal])* $n:ident $(as $n_key:literal)?: $n_ty:ty $([$n_check:expr])?),+;)?
            $(json: $json:ident: $json_ty:ty $([$json_check:expr])?;)?
        }
    )*) => {
        /// The routes of the requests declared by `requests!` in this module.
        pub(crate) const ROUTES: &[&$crate::routing::Route] = &[$(&$name::ROUTE),*];

        $(
            $(#[doc = $doc])*
            ///
            #[doc = concat!("`", stringify!($method), " ", $template, "`: the request of [`Client::",
                stringify!($op), "`](crate::Client::", stringify!($op), ").")]
            #[must_use = "a request does nothing until awaited"]
            pub struct $name<'a> {
                client: &'a $crate::Client,
                $($($path: $path_ty,)+)?
                $($($arg: $arg_ty,)+)?
                $($($qarg: $qarg_ty,)+)?
                $($($q: Option<$q_ty>,)+)?
                $($($f: Option<$f_ty>,)+)?
                $($($n: $crate::request::Field<$n_ty>,)+)?
                $($json: $json_ty,)?
                reason: Option<&'a str>,
                global_exempt: bool,
                error: Option<$crate::validate::ValidationError>,
            }

            impl<'a> $name<'a> {
                /// The route of this request.
                pub const ROUTE: $crate::routing::Route =
                    $crate::routing::Route::new(method!($method), $template, stringify!($op));

                $($(
                    #[doc = concat!("Sets the `", stringify!($q), "` query parameter.")]
                    $(#[doc = $q_doc])*
                    pub fn $q(mut self, $q: $q_ty) -> Self {
                        #[allow(unused_variables, reason = "only checked fields use it")]
                        let key = field_key!($q $(as $q_key)?);
                        $($crate::validate::record(&mut self.error, key, ($q_check)(&$q));)?
                        self.$q = Some($q);
                        self
                    }
                )+)?

                $($(
                    #[doc = concat!("Sets `", stringify!($f), "`.")]
                    $(#[doc = $f_doc])*
                    pub fn $f(mut self, $f: $f_ty) -> Self {
                        #[allow(unused_variables, reason = "only checked fields use it")]
                        let key = field_key!($f $(as $f_key)?);
                        $($crate::validate::record(&mut self.error, key, ($f_check)(&$f));)?
                        self.$f = Some($f);
                        self
                    }
                )+)?

                $($(
                    #[doc = concat!("Sets `", stringify!($n), "`; `None` clears it.")]
                    $(#[doc = $n_doc])*
                    pub fn $n(mut self, $n: Option<$n_ty>) -> Self {
                        #[allow(unused_variables, reason = "only checked fields use it")]
                        let key = field_key!($n $(as $n_key)?);
                        $(if let Some(value) = &$n {
                            $crate::validate::record(&mut self.error, key, ($n_check)(value));
                        })?
                        self.$n = $crate::request::Field::nullable($n);
                        self
                    }
                )+)?

                $(request_flag!(@setter $flag);)*

                /// Marks the request as an interaction followup, outside the global limit.
                #[allow(dead_code, reason = "only the webhook routes of interactions use it")]
                pub(crate) fn global_exempt(mut self) -> Self {
                    self.global_exempt = true;
                    self
                }
            }

            impl $crate::Client {
                $(#[doc = $doc])*
                ///
                #[doc = concat!("`", stringify!($method), " ", $template, "`")]
                #[allow(clippy::too_many_arguments, reason = "one argument per required field")]
                #[allow(clippy::elidable_lifetime_names, reason = "argument types may name `'a`")]
                pub fn $op<'a>(
                    &'a self,
                    $($($path: $path_ty,)+)?
                    $($($arg: $arg_ty,)+)?
                    $($($qarg: $qarg_ty,)+)?
                    $($json: $json_ty,)?
                ) -> $name<'a> {
                    #[allow(unused_mut, reason = "only requests with checked arguments change it")]
                    let mut error = None;
                    $($({
                        #[allow(unused_variables, reason = "only checked fields use it")]
                        let key = field_key!($arg $(as $arg_key)?);
                        $($crate::validate::record(&mut error, key, ($arg_check)(&$arg));)?
                    })+)?
                    $($(
                        $crate::validate::record(&mut error, stringify!($json), ($json_check)(&$json));
                    )?)?
                    $name {
                        client: self,
                        $($($path,)+)?
                        $($($arg,)+)?
                        $($($qarg,)+)?
                        $($($q: None,)+)?
                        $($($f: None,)+)?
                        $($($n: $crate::request::Field::Absent,)+)?
                        $($json,)?
                        reason: None,
                        global_exempt: false,
                        error,
                    }
                }
            }

            impl $crate::request::TryIntoRequest for $name<'_> {
                fn try_into_request(self) -> Result<$crate::request::Request, $crate::Error> {
                    let path = Self::ROUTE.path(&[$($(&self.$path as &dyn $crate::routing::PathParam),+)?]);
                    #[allow(unused_mut, reason = "only requests with a query change it")]
                    let mut query = $crate::request::Query::new();
                    $($(query.append(stringify!($qarg), &self.$qarg);)+)?
                    $($(query.append(field_key!($q $(as $q_key)?), &self.$q);)+)?
                    let builder = $crate::request::Request::builder(&Self::ROUTE, path)
                        .query(query)
                        .reason(self.reason)
                        .authorize(request_flag!(@authorize $($flag)*))
                        .global_exempt(self.global_exempt || Self::ROUTE.is_global_exempt())
                        .validation(self.error);
                    let fields: &[&str] = &[
                        $($(stringify!($arg),)+)? $($(stringify!($f),)+)? $($(stringify!($n),)+)?
                    ];
                    #[allow(unused_mut, reason = "only requests with a body change it")]
                    let mut body = serde_json::Map::new();
                    $($(body.insert(field_key!($arg $(as $arg_key)?).to_owned(), $crate::request::to_json(&self.$arg)?);)+)?
                    $($(if let Some(value) = &self.$f {
                        body.insert(field_key!($f $(as $f_key)?).to_owned(), $crate::request::to_json(value)?);
                    })+)?
                    $($(if !self.$n.is_absent() {
                        body.insert(field_key!($n $(as $n_key)?).to_owned(), $crate::request::to_json(&self.$n)?);
                    })+)?
                    let builder = if fields.is_empty() { builder } else { builder.json(&body) };
                    $(let builder = builder.json(&self.$json);)?
                    builder.build()
                }
            }

            // Parameters may be tokens: only the route and the validation state are shown.
            impl std::fmt::Debug for $name<'_> {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(stringify!($name))
                        .field("route", &Self::ROUTE)
                        .field("error", &self.error)
                        .finish_non_exhaustive()
                }
            }

            impl std::future::IntoFuture for $name<'_> {
                type Output = Result<$crate::Response<$response>, $crate::Error>;
                type IntoFuture = $crate::ResponseFuture<$response>;

                fn into_future(self) -> Self::IntoFuture {
                    let client = self.client;
                    client.send(self)
                }
            }
        )*
    };
}
