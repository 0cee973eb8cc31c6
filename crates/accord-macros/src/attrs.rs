//! Reading attribute values: strings, numbers, lists of strings, paths.

use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, LitStr, Meta, Token};

/// The string of `name = "…"`.
pub(crate) fn string(meta: &Meta) -> syn::Result<LitStr> {
    match value(meta)? {
        Expr::Lit(ExprLit { lit: Lit::Str(text), .. }) => Ok(text.clone()),
        other => Err(syn::Error::new_spanned(
            other,
            format!("`{}` takes a string, such as `{} = \"…\"`", name(meta), name(meta)),
        )),
    }
}

/// The value of `name = value`.
pub(crate) fn value(meta: &Meta) -> syn::Result<&Expr> {
    match meta {
        Meta::NameValue(pair) => Ok(&pair.value),
        other => Err(syn::Error::new_spanned(
            other,
            format!("`{}` takes a value: `{} = …`", name(other), name(other)),
        )),
    }
}

/// The strings of `name("a", "b")`.
pub(crate) fn strings(meta: &Meta) -> syn::Result<Vec<LitStr>> {
    let list = meta.require_list()?;
    let items = list.parse_args_with(Punctuated::<LitStr, Token![,]>::parse_terminated)?;
    Ok(items.into_iter().collect())
}

/// The paths of `name(a, b::c)`.
pub(crate) fn paths(meta: &Meta) -> syn::Result<Vec<syn::Path>> {
    let list = meta.require_list()?;
    let items = list.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)?;
    Ok(items.into_iter().collect())
}

/// The path of `name = path`.
pub(crate) fn path(meta: &Meta) -> syn::Result<syn::Path> {
    match value(meta)? {
        Expr::Path(path) => Ok(path.path.clone()),
        other => Err(syn::Error::new_spanned(
            other,
            format!(
                "`{}` takes a function path, such as `{} = my_function`",
                name(meta),
                name(meta)
            ),
        )),
    }
}

/// A locale and a text: `name("de", "…")`.
pub(crate) fn localized(meta: &Meta) -> syn::Result<(LitStr, LitStr)> {
    let items = strings(meta)?;
    match <[LitStr; 2]>::try_from(items) {
        Ok([locale, text]) => Ok((locale, text)),
        Err(_) => Err(syn::Error::new_spanned(
            meta,
            format!("`{}` takes a locale and a text: `{}(\"de\", \"…\")`", name(meta), name(meta)),
        )),
    }
}

/// Checks that a bare flag (`guild_only`) has no value.
pub(crate) fn flag(meta: &Meta) -> syn::Result<()> {
    match meta {
        Meta::Path(_) => Ok(()),
        other => Err(syn::Error::new_spanned(other, format!("`{}` takes no value", name(other)))),
    }
}

/// The attribute's name.
pub(crate) fn name(meta: &Meta) -> String {
    meta.path().get_ident().map_or_else(|| "attribute".to_owned(), ToString::to_string)
}

/// A number literal, negative or not: its text and whether it is an integer.
pub(crate) fn number(meta: &Meta) -> syn::Result<(proc_macro2::TokenStream, bool)> {
    let expr = value(meta)?;
    let (lit, negative) = match expr {
        Expr::Lit(ExprLit { lit, .. }) => (lit, false),
        Expr::Unary(syn::ExprUnary { op: syn::UnOp::Neg(_), expr, .. }) => match &**expr {
            Expr::Lit(ExprLit { lit, .. }) => (lit, true),
            other => return Err(not_a_number(meta, other)),
        },
        other => return Err(not_a_number(meta, other)),
    };
    let sign = if negative { quote::quote!(-) } else { quote::quote!() };
    match lit {
        Lit::Int(int) => {
            let digits = int.base10_parse::<i64>()?;
            Ok((quote::quote!(#sign #digits), true))
        }
        Lit::Float(float) => {
            let number = float.base10_parse::<f64>()?;
            Ok((quote::quote!(#sign #number), false))
        }
        other => Err(not_a_number(meta, other)),
    }
}

fn not_a_number(meta: &Meta, tokens: &dyn quote::ToTokens) -> syn::Error {
    syn::Error::new_spanned(
        tokens,
        format!("`{}` takes a number, such as `#[{} = 10]`", name(meta), name(meta)),
    )
}

/// A non-negative integer that fits in `u16` (string lengths).
pub(crate) fn length(meta: &Meta) -> syn::Result<u16> {
    match value(meta)? {
        Expr::Lit(ExprLit { lit: Lit::Int(int), .. }) => int.base10_parse::<u16>(),
        other => Err(syn::Error::new_spanned(
            other,
            format!(
                "`{}` takes a length from 0 to 6000, such as `#[{} = 100]`",
                name(meta),
                name(meta)
            ),
        )),
    }
}

/// Seconds, as an integer or a float literal.
pub(crate) fn seconds(meta: &Meta) -> syn::Result<proc_macro2::TokenStream> {
    match value(meta)? {
        Expr::Lit(ExprLit { lit: Lit::Int(int), .. }) => {
            let secs = int.base10_parse::<u64>()?;
            Ok(quote::quote!(::accord_framework::__private::Duration::from_secs(#secs)))
        }
        Expr::Lit(ExprLit { lit: Lit::Float(float), .. }) => {
            let secs = float.base10_parse::<f64>()?;
            Ok(quote::quote!(::accord_framework::__private::Duration::from_secs_f64(#secs)))
        }
        other => Err(syn::Error::new_spanned(
            other,
            format!("`{}` takes seconds, such as `{} = 5`", name(meta), name(meta)),
        )),
    }
}

/// The doc comment lines of `attrs`, trimmed and joined; `None` when there are none.
pub(crate) fn doc(attrs: &[syn::Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(pair) => match &pair.value {
                Expr::Lit(ExprLit { lit: Lit::Str(text), .. }) => {
                    Some(text.value().trim().to_owned())
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}
